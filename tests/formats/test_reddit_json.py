"""threads.formats.reddit_json on synthetic comments pages (see platform_common)."""

from __future__ import annotations

import base64
import gzip
import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import reddit_json as mod
from threads.model import ThreadsError

FOLDER = "reddit-json"
FILES = pc.fixtures(FOLDER)
PAGE = pc.FIXTURES / FOLDER / "bicycling_chain_wear.json"


def test_more_stubs_counted_and_deleted_kept_as_placeholder() -> None:
    [thread] = mod.parse(pc.read(PAGE))
    assert thread.skipped == {"more": 2}
    assert "hide 4 comment(s)" in thread.warnings[0]
    deleted = thread.posts[3]
    assert (deleted.author, deleted.body, deleted.placeholder) == (None, "[deleted]", True)
    assert thread.posts[4].parent_source_id == deleted.source_id == "t1_k9a5f6g"
    assert thread.key == "17w2kq9" and thread.title == "Chain worn out after 1,800 km?"


def test_body_entities_unescaped_for_quotes() -> None:
    posts = mod.parse(pc.read(PAGE))[0].posts
    assert posts[1].body.endswith("every week & it will last longer.")
    assert posts[2].body.startswith("> Clean it every week\n")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{}", "should be a list"),
        ("[1, 2, 3]", "list of 2 listings"),
        ('[{"kind": "Listing", "data": {"children": []}}, {}]', "no submission"),
        ('[{"kind": "Listing", "data": []}, {}]', "listing 0.data should be an object"),
        ("[", "not valid JSON"),
    ],
)
def test_wrong_shape_is_named(text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)


def test_deep_reply_chain_is_walked_in_order() -> None:
    page = json.loads(pc.read(PAGE))
    top: dict = {
        "kind": "t1",
        "data": {"name": "t1_x0", "parent_id": "t3_17w2kq9", "body": "0", "replies": ""},
    }
    node = top
    for n in range(1, 150):
        child = {
            "kind": "t1",
            "data": {"name": f"t1_x{n}", "parent_id": f"t1_x{n - 1}", "body": str(n), "replies": ""},
        }
        node["data"]["replies"] = {"kind": "Listing", "data": {"children": [child]}}
        node = child
    page[1]["data"]["children"] = [top]
    posts = mod.parse(json.dumps(page))[0].posts
    assert [p.body for p in posts[1:]] == [str(n) for n in range(150)]
    assert posts[-1].parent_source_id == "t1_x148"


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '[{"kind": "Listing", "data": {"children": [',
        '{"kind": "t3", "data": {}}',
        "]}}",
        ", ",
        '""',
        "{",
        "}",
    ],
)


DELETED = pc.FIXTURES / FOLDER / "houseplants_deleted_removed.json"


def test_deleted_and_removed_comments_are_placeholders_not_a_person() -> None:
    [thread] = mod.parse(pc.read(DELETED))
    by_id = {p.source_id: p for p in thread.posts}
    # words gone, replies below: placeholders without author, the marker as their body
    for sid, marker in (("t1_l5a0002", "[deleted]"), ("t1_l5a0005", "[removed]")):
        post = by_id[sid]
        assert (post.author, post.body, post.placeholder) == (None, marker, True)
    assert by_id["t1_l5a0003"].parent_source_id == "t1_l5a0002"
    assert by_id["t1_l5a0006"].parent_source_id == "t1_l5a0005"
    # author gone, words kept: an ordinary post without author
    kept = by_id["t1_l5a0004"]
    assert (kept.author, kept.placeholder) == (None, False) and kept.body.startswith("Terracotta")
    # a deleted stub with only a 'more' stub below, and a removed leaf: left out, counted
    assert "t1_l5a0007" not in by_id and "t1_l5a0008" not in by_id
    assert thread.skipped == {"more": 2, "deleted": 2}
    assert "hide 7 comment(s)" in thread.warnings[0]
    assert not any(p.author in mod.GONE for p in thread.posts)
    assert thread.origin == "https://www.reddit.com/comments/1cxq7pl"


def test_a_deleted_chain_with_no_reply_left_is_dropped_whole() -> None:
    page = json.loads(pc.read(DELETED))
    top = page[1]["data"]["children"][0]["data"]  # moss_mo's comment
    gone = top["replies"]["data"]["children"][0]["data"]  # the [deleted] one above fern_fi
    fern = gone["replies"]["data"]["children"][0]["data"]
    fern["author"], fern["body"] = "[deleted]", "[deleted]"
    [thread] = mod.parse(json.dumps(page))
    ids = [p.source_id for p in thread.posts]
    assert "t1_l5a0002" not in ids and "t1_l5a0003" not in ids
    assert thread.skipped["deleted"] == 4


def test_structure_decides_wherever_the_keys_stand() -> None:
    page = json.loads(pc.read(DELETED))
    assert mod.sniff(json.dumps(page, sort_keys=True)) == mod.SURE
    assert mod.sniff(json.dumps(page[0])) == mod.LONE_LISTING  # a listing of submissions alone
    assert mod.sniff(json.dumps([{"kind": "Listing", "data": {"children": []}}])) == mod.LISTINGS
    assert mod.sniff(json.dumps([{"kind": "t3"}, {"kind": "Listing"}])) == 0.0


CASSETTE = pc.FIXTURES / FOLDER / "orchids_praw_cassette.json"


def _calls() -> list[dict]:
    return json.loads(pc.read(CASSETTE))["interactions"]


def test_a_recorded_cassette_is_one_thread_merged_by_comment_id() -> None:
    # PRAW's recordings (vcrpy): the page, morechildren and a 'continue this thread' page
    assert mod.sniff(pc.read(CASSETTE)) == mod.SURE
    [thread] = mod.parse(pc.read(CASSETTE))
    ids = [p.source_id for p in thread.posts]
    assert ids == ["t3_1orch1d", *(f"t1_c{n}dqz0{n - 1}" for n in (1, 2, 8, 3, 4, 5, 6))]
    # c8 came from the continue page, c5 and c6 from morechildren: each under its parent
    parents = {p.source_id: p.parent_source_id for p in thread.posts}
    assert parents["t1_c8dqz07"] == "t1_c2dqz01" and parents["t1_c6dqz05"] == "t1_c5dqz04"
    # the stub's c7 is in no answer; the continue stub was answered; c2 was recorded twice;
    # the listing's other submission has no comments
    assert thread.skipped == {"more": 1, "repeated": 1, "submission_only": 1}
    assert "hide 1 comment(s)" in thread.warnings[0]
    # raw_json=1 answers are not escaped: nothing is unescaped (a link's &param stays)
    assert "care?bud=1&param=2" in thread.posts[1].body
    assert thread.title == "Phalaenopsis dropping buds & leaves"


def test_a_betamax_cassette_with_gzipped_bodies_reads_the_same() -> None:
    calls = []
    for call in _calls():
        raw = gzip.compress(call["response"]["body"]["string"].encode())
        call["response"]["body"] = {"encoding": "UTF-8", "base64_string": base64.b64encode(raw).decode()}
        calls.append(call)
    betamax = json.dumps({"http_interactions": calls, "recorded_with": "betamax/0.8.1"})
    assert mod.sniff(betamax) == mod.SURE
    assert mod.parse(betamax) == mod.parse(pc.read(CASSETTE))


def test_calls_to_other_hosts_are_not_read() -> None:
    calls = _calls()
    for call in calls:
        call["request"]["uri"] = call["request"]["uri"].replace("reddit.com", "example.com")
    text = json.dumps({"interactions": calls})
    assert mod.sniff(text) == 0.0
    with pytest.raises(ThreadsError, match="no Reddit comments page"):
        mod.parse(text)


def test_answers_one_after_another_and_a_morechildren_answer_alone() -> None:
    page, more = (json.loads(c["response"]["body"]["string"]) for c in _calls()[2:4])
    [alone] = mod.parse(json.dumps(more))
    assert mod.sniff(json.dumps(more)) == mod.COMMENTS
    # the submission is in no answer: a placeholder root stands for it, said
    assert alone.posts[0].placeholder and alone.posts[0].source_id == "t3_1orch1d"
    assert [p.source_id for p in alone.posts[1:]] == ["t1_c5dqz04", "t1_c6dqz05"]
    assert "is not in the file" in (alone.alone_note or "")
    assert alone.origin == "https://www.reddit.com/comments/1orch1d"  # merged with the page
    [both] = mod.parse(json.dumps(page) + "\n" + json.dumps(more))
    assert [p.source_id for p in both.posts][-2:] == ["t1_c5dqz04", "t1_c6dqz05"]
    assert not both.posts[0].placeholder and both.skipped == {"more": 2}  # c7; c2's continue stub


def test_a_listing_of_comments_groups_them_by_submission() -> None:
    # /api/info or a user's comments: a Listing of t1, each naming its link_id
    c1 = {"kind": "t1", "data": {"name": "t1_a", "link_id": "t3_x", "parent_id": "t3_x", "body": "one"}}
    c2 = {"kind": "t1", "data": {"name": "t1_b", "link_id": "t3_y", "parent_id": "t1_z", "body": "two"}}
    c2["data"]["link_title"] = "Moss &amp; ferns"  # escaped, as the API sends it
    text = json.dumps({"kind": "Listing", "data": {"children": [c1, c2]}})
    assert mod.sniff(text) == mod.COMMENTS
    x, y = mod.parse(text)
    assert (x.key, y.key) == ("x", "y") and all(t.posts[0].placeholder for t in (x, y))
    assert y.posts[1].parent_source_id == "t1_z"  # a parent in no answer is kept
    assert (x.title, y.title) == (None, "Moss & ferns")  # the placeholder takes link_title


def test_a_listing_of_submissions_alone_is_no_thread() -> None:
    listing = json.loads(_calls()[1]["response"]["body"]["string"])
    with pytest.raises(ThreadsError, match="2 submission"):
        mod.parse(json.dumps(listing))


@pytest.mark.parametrize(
    "marker",
    [
        "[ Removed by Reddit ]",
        "[ Removed by Reddit on account of violating the content policy. ]",
        "[ Removed by moderator ]",
    ],
)
def test_reddit_s_own_removal_sentence_is_words_taken_away(marker: str) -> None:
    """Reddit's safety team's removals read "[ Removed by Reddit ]", not "[removed]": the
    sentence was a post's words, its account (often "[deleted]" too) no author."""
    page = json.loads(pc.read(DELETED))
    removed = next(
        c["data"] for c in _walk(page[1]["data"]["children"]) if c["data"].get("name") == "t1_l5a0005"
    )
    removed["body"] = marker
    [thread] = mod.parse(json.dumps(page))
    post = next(p for p in thread.posts if p.source_id == "t1_l5a0005")
    assert (post.author, post.placeholder) == (None, True)
    assert mod.gone_words(marker) and not mod.gone_words(f"I wrote {marker} here")


def _walk(children: list) -> list:
    out = []
    for child in children:
        out.append(child)
        replies = child.get("data", {}).get("replies")
        if isinstance(replies, dict):
            out += _walk(replies["data"]["children"])
    return out
