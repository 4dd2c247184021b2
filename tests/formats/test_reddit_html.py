"""threads.formats.reddit_html on today's www.reddit.com pages ("shreddit") beyond their
goldens: Reddit's ids and the origin reddit-json gives, stubs and deleted comments, the
page variants (nested, depth only, saved flat), times, and what is not a post."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import MIN_CONFIDENCE, detect, reddit_json
from threads.formats import reddit_html as mod
from threads.model import RawThread, ThreadsError

FOLDER = pc.FIXTURES / "reddit-html"
NESTED = FOLDER / "shreddit_nested_page.html"
FLAT = FOLDER / "shreddit_saved_flat.html"


def _read(text: str) -> RawThread:
    [thread] = mod.parse(text)
    return thread


def test_ids_parents_and_origin_are_reddits_own() -> None:
    thread = _read(pc.read(NESTED))
    assert [(p.source_id, p.parent_source_id) for p in thread.posts] == [
        ("t3_1xq2f7b", None),
        ("t1_q1a01", "t3_1xq2f7b"),  # depth 0, no parentid: the post
        ("t1_q1a07", "t1_q1a01"),
        ("t1_q1a0m", "t1_q1a07"),
        ("t1_q1a3c", "t3_1xq2f7b"),
        ("t1_q1a4x", "t1_q1a3c"),
        ("t1_q1a6r", "t3_1xq2f7b"),
    ]
    assert thread.key == "1xq2f7b"
    assert thread.origin == "https://www.reddit.com/comments/1xq2f7b"
    assert (
        thread.title
        == thread.posts[0].title
        == "Chain keeps skipping on the two smallest cogs after a new cassette"
    )


def test_the_same_thread_as_json_gives_the_same_ids_and_origin() -> None:
    """A page and the thread's .json name the post, the comments and the thread alike."""

    def comment(cid: str, parent: str, author: str, replies: list[dict[str, object]]) -> dict[str, object]:
        data = {"name": cid, "parent_id": parent, "author": author, "body": "x", "created_utc": 1773476000}
        data["replies"] = {"kind": "Listing", "data": {"children": replies}} if replies else ""
        return {"kind": "t1", "data": data}

    post = {"kind": "t3", "data": {"id": "1xq2f7b", "name": "t3_1xq2f7b", "author": "spokewhisperer"}}
    tree = [
        comment(
            "t1_q1a01",
            "t3_1xq2f7b",
            "grease_monkey_ulla",
            [comment("t1_q1a07", "t1_q1a01", "spokewhisperer", [])],
        )
    ]
    doc = [{"kind": "Listing", "data": {"children": [post]}}, {"kind": "Listing", "data": {"children": tree}}]
    [from_json] = reddit_json.parse(json.dumps(doc))
    page = _read(pc.read(NESTED))
    assert from_json.origin == page.origin
    links = {(p.source_id, p.parent_source_id) for p in page.posts}
    assert {(p.source_id, p.parent_source_id) for p in from_json.posts} <= links


def test_more_stubs_counted_once_and_deleted_comments() -> None:
    thread = _read(pc.read(NESTED))
    # 4 and 2 "more replies" (their hidden .fold-more twins not again) and "View more comments"
    assert thread.skipped == {"more": 3, "deleted": 1}
    assert any("3 'more replies' stub(s) hide at least 6 comment(s)" in w for w in thread.warnings)
    assert any("Reddit counts 23 comments" in w for w in thread.warnings)
    gone = thread.posts[4]
    assert (gone.author, gone.body, gone.placeholder) == (None, "Comment deleted by user", True)
    assert "t1_q1a5k" not in [p.source_id for p in thread.posts]  # deleted, nobody answers it


def test_no_ui_ad_or_related_post_is_read() -> None:
    thread = _read(pc.read(NESTED))
    assert len(thread.posts) == 7
    words = "\n".join(p.body for p in thread.posts)
    for noise in (
        "Reply",
        "Share",
        "more replies",
        "Lube",
        "Tubeless",
        "New chain on old cassette",
        "Edited",
    ):
        assert noise not in words, noise
    assert thread.posts[0].body.startswith("Fitted a new 11-32 cassette")
    assert thread.posts[6].body.endswith("A hanger alignment guide walks you through it.")


def test_blockquotes_are_quotes() -> None:
    reply = _read(pc.read(NESTED)).posts[2]
    assert reply.quoted == ["Did you replace the chain too?"]
    assert reply.body == "No, the chain is from last spring. I'll measure it tonight."


def test_times_from_created_else_timeago_else_time_element() -> None:
    text = re.sub(r' created="[^"]*"', "", pc.read(NESTED))
    thread = _read(text)
    # fixie_farid's first timeago is when it was written; the later one says 'Edited'
    assert [pc.iso(p.timestamp) for p in thread.posts[1:]] == [
        "2026-03-14T08:31:40",
        "2026-03-14T08:47:03",
        "2026-03-14T09:02:55",
        "2026-03-14T08:40:19",
        "2026-03-14T09:15:30",
        "2026-03-14T10:12:08",
    ]
    no_ts = _read(re.sub(r' ts="[^"]*"', "", text))
    assert pc.iso(no_ts.posts[1].timestamp) == "2026-03-14T08:31:40"
    assert all(p.timestamp and p.timestamp.utcoffset() is not None for p in no_ts.posts)
    assert no_ts.posts[1].timestamp.utcoffset().total_seconds() == 0


def test_siblings_with_depth_only_are_nested_by_depth() -> None:
    """Comments side by side, threading only in ``depth`` (the markup of 2026-08-12)."""

    def comment(cid: str, depth: int, who: str) -> str:
        return (
            f'<shreddit-comment thingid="t1_{cid}" author="{who}" depth="{depth}" postid="t3_p1" '
            f'created="2026-08-12T10:0{depth}:00.000000+0000"><div slot="comment"><p>{who} says {cid}</p>'
            "</div></shreddit-comment>"
        )

    page = (
        '<!DOCTYPE html><html><body><shreddit-post id="t3_p1" author="op" post-title="Q">'
        '<div slot="text-body"><p>question</p></div></shreddit-post><section>'
        + comment("a", 0, "ann")
        + comment("b", 1, "bob")
        + comment("c", 2, "cy")
        + comment("d", 1, "dee")
        + comment("e", 0, "eve")
        + "</section></body></html>"
    )
    thread = _read(page)
    assert [p.parent_source_id for p in thread.posts] == [None, "t3_p1", "t1_a", "t1_b", "t1_a", "t3_p1"]
    assert not any("inferred" in w for w in thread.warnings)


def test_a_page_saved_flat_leaves_replies_to_inference() -> None:
    thread = _read(pc.read(FLAT))
    assert [p.parent_source_id for p in thread.posts] == [None] * 5
    assert any("4 comment(s) carry no parent, depth or nesting" in w for w in thread.warnings)
    assert thread.origin == "https://www.reddit.com/comments/1tq8v2n"


def test_author_gone_words_kept_is_a_comment_without_author() -> None:
    text = pc.read(NESTED).replace('author="fixie_farid"', 'author="[deleted]"')
    farid = _read(text).posts[6]
    assert (farid.author, farid.placeholder) == (None, False)
    assert farid.body.startswith("Check the hanger alignment")


def test_two_pages_of_one_thread_read_together_are_one_thread(tmp_path: Path) -> None:
    first = pc.read(NESTED)
    # a later save of the same post: one more comment, the rest as before
    later = first.replace('thingid="t1_q1a6r" ', 'thingid="t1_q1b2z" ').replace("fixie_farid", "hub_hannah")
    (tmp_path / "a.html").write_text(first, encoding="utf-8")
    (tmp_path / "b.html").write_text(later, encoding="utf-8")
    analysis = threads.read([tmp_path / "a.html", tmp_path / "b.html"])
    [thread] = analysis.threads
    assert [p.author for p in thread.posts][-2:] == ["fixie_farid", "hub_hannah"]
    assert len(thread.posts) == 8


def test_a_listing_of_posts_is_refused_in_one_line() -> None:
    listing = "<!DOCTYPE html><html><body>" + "".join(
        f'<shreddit-post id="t3_{k}" author="a{k}" post-title="T{k}"></shreddit-post>' for k in range(3)
    )
    with pytest.raises(ThreadsError, match="a Reddit listing of 3 posts"):
        mod.parse(listing + "</body></html>")


def test_comments_without_their_post_hang_under_a_placeholder() -> None:
    text = re.sub(r"<shreddit-post .*?</shreddit-post>", "", pc.read(NESTED), flags=re.S)
    thread = _read(text)
    root = thread.posts[0]
    assert (root.author, root.placeholder, root.source_id) == (None, True, "t3_1xq2f7b")
    assert thread.posts[1].parent_source_id == "t3_1xq2f7b"
    assert any("post is not on this page" in w for w in thread.warnings)


def test_a_page_embedding_a_reddit_post_is_not_a_reddit_page() -> None:
    embed = (
        '<!DOCTYPE html><html><body><article><p>Our post on Reddit:</p><blockquote class="reddit-embed">'
        '<div id="t3_x1-post-rtjson-content"><p>hello</p></div>'
        '<faceplate-timeago ts="2026-03-25T06:35:09.698000+0000"></faceplate-timeago></blockquote>'
        "</article></body></html>"
    )
    assert mod.sniff(embed) < MIN_CONFIDENCE
    assert detect(pc.read(NESTED)).name == detect(pc.read(FLAT)).name == mod.NAME


def test_a_continue_this_thread_page_says_its_first_parent_is_elsewhere() -> None:
    """A page of one comment's branch: the comment it answers is on another page."""
    page = (
        '<!DOCTYPE html><html><body><shreddit-post id="t3_p1" author="op" post-title="Q"></shreddit-post>'
        '<shreddit-comment-tree><shreddit-comment thingid="t1_b" author="bob" depth="1" parentid="t1_a" '
        'postid="t3_p1"><div slot="comment"><p>deep reply</p></div><div id="comment-children">'
        '<shreddit-comment thingid="t1_c" author="cy" depth="2" parentid="t1_b" postid="t3_p1">'
        '<div slot="comment"><p>deeper</p></div></shreddit-comment></div></shreddit-comment>'
        "</shreddit-comment-tree></body></html>"
    )
    thread = _read(page)
    assert [p.parent_source_id for p in thread.posts] == [None, "t1_a", "t1_b"]
    assert [p.body for p in thread.posts[1:]] == ["deep reply", "deeper"]
    assert any("1 comment(s) answer a comment not on this page" in w for w in thread.warnings)


def test_reddit_s_removal_sentence_is_words_taken_away() -> None:
    """A page shows "[ Removed by Reddit ]" where Reddit's safety team removed a comment:
    the page kept it as the comment's words (reddit-json knew it: reddit_json.gone_words)."""
    words = "Did you replace the chain too? A stretched chain on a fresh cassette skips exactly like that."
    page = NESTED.read_text(encoding="utf-8").replace(words, "[ Removed by Reddit ]")
    [thread] = mod.parse(page)
    post = next(p for p in thread.posts if p.source_id == "t1_q1a01")
    assert (post.author, post.placeholder) == (None, True)
