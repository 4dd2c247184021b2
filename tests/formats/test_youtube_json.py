"""threads.formats.youtube_json: YouTube Data API v3 answers (commentThreads.list,
comments.list), which were refused as no known JSON shape. The fixtures are hand-written
in the shape of real answers (sns-sdks/python-youtube's testdata, a saved answer in
davidpoza/youtube-comments); what every dialect passes is in test_dialects.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import REGISTRY, detect
from threads.formats import youtube_json as mod
from threads.model import ThreadsError

THREADS_PAGE = pc.FIXTURES / "youtube-json" / "commentthreads_replies.json"
PAGES = pc.FIXTURES / "youtube-json" / "pages_in_a_list.json"
# What detection may give a YouTube dialect on a file of another kind (test_dialects' bar).
NEAR_MISS = 0.2


def _comment(cid: str, text: str | None, author: str | None, at: str, **extra: object) -> dict:
    snippet: dict[str, object] = {"publishedAt": at, **extra}
    if author is not None:
        snippet["authorDisplayName"] = author
    if text is not None:
        snippet["textOriginal"] = snippet["textDisplay"] = text
    return {"kind": "youtube#comment", "id": cid, "snippet": snippet}


def _thread(
    top: dict, video: str | None = "vid00000001", replies: tuple[dict, ...] = (), total: int = 0
) -> dict:
    snippet: dict[str, object] = {"topLevelComment": top, "totalReplyCount": total}
    if video:
        snippet["videoId"] = video
    item: dict[str, object] = {"kind": "youtube#commentThread", "id": top["id"], "snippet": snippet}
    if replies:
        item["replies"] = {"comments": list(replies)}
    return item


def _answer(*items: dict, kind: str = "youtube#commentThreadListResponse") -> dict:
    return {"kind": kind, "pageInfo": {"resultsPerPage": 20}, "items": list(items)}


def test_a_commentthreads_page_is_read_where_it_was_refused() -> None:
    text = pc.read(THREADS_PAGE)
    assert detect(text).name == "youtube-json"
    [thread] = mod.parse(text)
    assert thread.key == "Fen4Birds01"
    assert thread.origin == "https://www.youtube.com/watch?v=Fen4Birds01"
    root, *posts = thread.posts
    assert root.placeholder and root.author is None
    assert [(p.author, p.parent_source_id) for p in posts] == [
        ("marshharrier", "video-Fen4Birds01"),
        ("reedwarbler", "video-Fen4Birds01"),
        ("marshharrier", "UgxHeron1Kite2Marsh3AaABAg"),
        # "@marshharrier the one by ...": YouTube's Reply on marshharrier's reply (post 3)
        ("sedgehopper", "UgxHeron1Kite2Marsh3AaABAg.9oTgQbD2pLx9oTmWq7Lk0e"),
        ("tealwatcher", "video-Fen4Birds01"),
        ("FenlandBirds", "UgzSwan7Teal8Pond9AaABAg"),
    ]
    # textOriginal, not the HTML of textDisplay (its <a>, <br> and &#39;)
    assert posts[1].body == "Saw two bitterns at 1:35, don't miss it!\nBest reed bed footage yet."
    assert all(p.timestamp is not None and p.timestamp.utcoffset().total_seconds() == 0 for p in posts)
    # totalReplyCount 7 with one reply in the file: six not loaded, said
    assert any(w.startswith("6 repl(ies) counted by totalReplyCount") for w in thread.warnings)


def test_pages_in_a_list_one_thread_per_video_spam_and_duplicates_counted() -> None:
    night0, night1 = mod.parse(pc.read(PAGES))
    assert [t.key for t in (night0, night1)] == ["Moth2Night0", "Moth2Night1"]
    assert night0.skipped == {"spam": 1, "duplicate": 1}
    assert [p.author for p in night0.posts] == [None, "Ivo Lantern", "Dora Hawkmoth", "Ivo Lantern"]
    # comments.list replies carry no videoId: they join their parent's video
    assert night0.posts[3].parent_source_id == "UgwMoth1Lamp2Trap3AaABAg"
    # textDisplay alone is HTML: entities and <br> read as text
    assert night0.posts[3].body == "Dora Hawkmoth thanks, ordering one & a timer\nWill report back"
    assert not any("totalReplyCount" in w for w in night0.warnings)  # 3 counted, 3 in the file


def test_pages_written_one_after_the_other_read_as_a_list() -> None:
    pages = json.loads(pc.read(PAGES))
    text = "\n".join(json.dumps(page) for page in pages)
    assert mod.sniff(text) == mod.CONCATENATED
    assert detect(text).name == "youtube-json"
    assert [len(t.posts) for t in mod.parse(text)] == [len(t.posts) for t in mod.parse(pc.read(PAGES))]


def test_items_saved_alone_and_a_reply_listed_before_its_thread() -> None:
    top = _comment("UgwA1", "first!", "@ann", "2024-01-01T10:00:00Z")
    reply = _comment("UgwA1.9b", "@ann second", "@bo", "2024-01-01T11:00:00Z", parentId="UgwA1")
    text = json.dumps(
        [
            _comment("UgwA1.9b", "@ann second", "@bo", "2024-01-01T11:00:00Z", parentId="UgwA1"),
            _thread(top, replies=(reply,), total=1),
        ]
    )
    assert mod.sniff(text) == mod.ITEMS
    [thread] = mod.parse(text)
    assert thread.key == "vid00000001"  # the loose reply found its thread's video
    assert [(p.author, p.parent_source_id) for p in thread.posts[1:]] == [
        ("ann", "video-vid00000001"),
        ("bo", "UgwA1"),
    ]
    assert thread.skipped == {"duplicate": 1}


def test_replies_whose_thread_is_not_in_the_file_are_kept_and_said() -> None:
    a = _comment("UgP.1", "yes", "Cy", "2024-02-01T10:00:00Z", parentId="UgP")
    b = _comment("UgP.2", "no", "Di", "2024-02-01T09:00:00Z", parentId="UgP")
    [thread] = mod.parse(json.dumps(_answer(a, b, kind="youtube#commentListResponse")))
    assert [p.source_id for p in thread.posts] == ["video-comments", "UgP.2", "UgP.1"]
    assert all(p.parent_source_id == "UgP" for p in thread.posts[1:])
    assert "2 post(s) reply to posts not in the file" in thread.warnings
    assert thread.origin is None


def test_channel_discussion_and_empty_entries() -> None:
    top = _comment("UgC", "channel news?", "Eve", "2024-03-01T10:00:00Z", channelId="UCchan")
    empty = _comment("UgC.1", "", "", "2024-03-01T11:00:00Z", parentId="UgC")
    item = _thread(top, video=None, replies=(empty,))
    item["snippet"]["channelId"] = "UCchan"
    [thread] = mod.parse(json.dumps(_answer(item)))
    assert thread.origin == "https://www.youtube.com/channel/UCchan"
    assert thread.skipped == {"empty": 1}
    assert len(thread.posts) == 2


def test_handles_lose_their_sigil_so_an_at_address_links(tmp_path: Path) -> None:
    analysis = threads.read(THREADS_PAGE)
    rows = analysis.replies.filter(analysis.replies["evidence"] == "explicit")
    assert rows.select("post_id", "target_id", "target_author").rows() == [(4, 3, "marshharrier")]
    assert mod.author_name("@Fen.Birds-2") == "Fen.Birds-2"


@pytest.mark.parametrize(
    "text",
    [
        '{"kind": "youtube#videoListResponse", "items": []}',
        '[{"snippet": {"title": "a video"}}]',
        '{"kind": "youtube#commentThreadListResponse", "items": [{"id": 1}]}',
    ],
)
def test_other_shapes_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in str(err.value)


def test_an_answer_without_comments_is_refused() -> None:
    text = json.dumps(_answer())
    assert mod.sniff(text) == mod.SURE
    with pytest.raises(ThreadsError, match="without comments"):
        mod.parse(text)


test_arbitrary_text = pc.arbitrary_text_property(
    mod,
    [
        '{"kind": "youtube#commentThreadListResponse"',
        '"items": [',
        '"snippet": {',
        '"topLevelComment"',
        "}",
        "]",
    ],
)


def test_no_corpus_file_reads_as_youtube(corpus: Path) -> None:
    """The real dumps of other platforms (Disqus, Reddit, HN, Discourse JSON, ...) keep
    their dialect: neither YouTube dialect comes near them."""
    files = [p for p in sorted(corpus.iterdir()) if p.is_file() and p.suffix != ".md"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in ("youtube-json", "youtube-ndjson"):
            assert REGISTRY[name].sniff(text) <= NEAR_MISS, (name, path.name)


def test_a_reply_opening_with_a_repliers_name_answers_that_reply() -> None:
    """YouTube's Reply on a reply starts the answer with "@handle": such a reply answers
    the named replier's latest earlier reply under the same comment. The whole name is
    matched, spaces and a capitalised next word included (older display names, "@Carlos
    Azaustre También"); naming the top comment's author (no reply of theirs there yet),
    oneself, or someone of another comment's replies keeps the platform's parent."""
    from threads.model import RawPost, RawThread

    def post(sid: str, author: str, body: str, parent: str) -> RawPost:
        return RawPost(author=author, body=body, source_id=sid, parent_source_id=parent)

    thread = RawThread(
        key="v",
        title=None,
        posts=[
            RawPost(author=None, body="", source_id="video-v", placeholder=True),
            post("A", "Ana Ruiz", "Great video", "video-v"),
            post("A.1", "Carlos Azaustre", "Gracias!", "A"),
            post("B", "Lu", "Where is this?", "video-v"),
            post("B.1", "Mo", "Near the lake", "B"),
            post("A.3", "Pia", "@Ana Ruiz same here", "A"),  # the top comment's author
            post("A.2", "Ana Ruiz", "@Carlos Azaustre También me gustó", "A"),
            post("A.4", "Carlos Azaustre", "@Carlos Azaustre note to self", "A"),
            post("A.5", "Pia", "@Mo not your thread", "A"),  # Mo replied under B only
            post("A.6", "Mo", "@carlos azaustre and again", "A"),
        ],
    )
    assert mod.reply_chains(thread) == 2
    got = {p.source_id: (p.parent_source_id, p.parent_evidence) for p in thread.posts[1:]}
    assert got["A.2"] == ("A.1", "explicit") and got["A.6"] == ("A.4", "explicit")  # his latest
    for sid, parent in (("A.3", "A"), ("A.4", "A"), ("A.5", "A"), ("B.1", "B"), ("A", "video-v")):
        assert got[sid] == (parent, "nested"), sid
