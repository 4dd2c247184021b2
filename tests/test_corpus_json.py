"""The JSON platform exports (Discourse, Reddit, Hacker News) and the HN item page, on the
real dumps of the shared corpus (skipped, visibly, where it is absent).

The expected parents are worked out here from each file's own ids (``parent_id``,
``reply_to_post_number``, the nesting of ``replies``, the indent of each HN comment row),
independently of the parsers, and every post the parser keeps must agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import threads
from threads.formats import detect, discourse_json, hackernews_html, hn_json, reddit_json
from threads.formats._dump import SNIFF_CHARS
from threads.model import RawThread

DISCOURSE_TOPIC = "discourse_topic-1148_ublock-origin-support.json"
DISCOURSE_PAGES = "discourse_criticalfallibilism_t2108_posts-*.json"
REDDIT_PAGE = "reddit_r-blog_1f5mo7_a-day-in-the-life.json"
REDDIT_TRAIN = "reddit_r-redditdev_2ujhkr_reddift-comments.json"
HN_TRAIN = "hn-html_news-ycombinator_4992617_who-is-hiring-2013-01.html"
GONE = ("[deleted]", "[removed]")


def _one(raws: list[RawThread]) -> RawThread:
    assert len(raws) == 1
    return raws[0]


def _parents(thread: RawThread) -> dict[str | None, str | None]:
    return {p.source_id: p.parent_source_id for p in thread.posts[1:]}


# ------------------------------------------------------------------------- Discourse
def _discourse_expected(doc: dict[str, Any]) -> dict[str, str | None]:
    """post_number -> reply_to_post_number, for the regular posts (post_type 1 and 2);
    without it, a post answers the topic: post 1."""
    return {
        str(p["post_number"]): (
            str(p["reply_to_post_number"])
            if p.get("reply_to_post_number")
            else (None if p["post_number"] == 1 else "1")
        )
        for p in doc["post_stream"]["posts"]
        if p.get("post_type", 1) in (1, 2)
    }


def test_discourse_topic_with_sorted_keys_is_detected_and_read(corpus: Path) -> None:
    path = corpus / DISCOURSE_TOPIC
    text = path.read_text(encoding="utf-8")
    assert text.index('"post_stream"') > SNIFF_CHARS  # the shape of the fault: keys sorted
    assert detect(text).name == discourse_json.NAME
    doc = json.loads(text)
    thread = _one(discourse_json.parse(text))
    expected = _discourse_expected(doc)
    assert [p.source_id for p in thread.posts] == sorted(expected, key=int)
    assert _parents(thread) == {k: v for k, v in expected.items() if k != "1"}
    assert sum(v not in (None, "1") for v in expected.values()) == 9
    assert thread.origin == "discourse:/t/support-ublock-origin/1148"
    assert thread.page == (1, 2)  # 20 of the stream's 22 posts: the first chunk of 20
    assert thread.skipped == {"not_loaded": 2}
    # the quote boxes name their source: 6 named asides, 4 bare blockquotes
    sources = [s for p in thread.posts for s in p.quote_sources]
    assert sum(s is not None for s in sources) == 6 and sources.count(None) == 4


def test_discourse_topic_quotes_link_to_the_quoted_author(corpus: Path) -> None:
    a = threads.read(corpus / DISCOURSE_TOPIC)
    posts = a.posts.sort("post_id")
    assert posts.height == 20
    by_id = {r["post_id"]: r for r in posts.iter_rows(named=True)}
    doc = json.loads((corpus / DISCOURSE_TOPIC).read_text(encoding="utf-8"))
    authors = {p["username"] for p in doc["post_stream"]["posts"]}
    # each quote box's source: data-username, or the "name:" its title bar ends with
    named = re.compile(r'<aside class="quote"[^>]*>\s*<div class="title">.*?([\w.-]+):</div>', re.S)
    checked = 0
    for i, item in enumerate(sorted(doc["post_stream"]["posts"], key=lambda p: p["post_number"])):
        quoted = set(named.findall(item["cooked"])) & authors - {item["username"]}
        if quoted and i:
            parent = by_id[i]["parent_id"]
            assert parent is not None and by_id[parent]["author"] in quoted, (i, quoted)
            checked += 1
    assert checked >= 4


def test_discourse_posts_pages_keep_their_parents_and_share_an_origin(corpus: Path) -> None:
    paths = sorted((corpus / "train").glob(DISCOURSE_PAGES))
    assert len(paths) == 4
    origins = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert detect(text).name == discourse_json.NAME
        thread = _one(discourse_json.parse(text))
        expected = _discourse_expected(json.loads(text))
        first = min(expected, key=int)
        assert [p.source_id for p in thread.posts] == sorted(expected, key=int)
        assert _parents(thread) == {k: v for k, v in expected.items() if k != first}
        assert thread.posts[0].parent_source_id == expected[first]  # kept for the merge
        assert thread.key == "2108"
        assert thread.page is None  # a posts.json window says nothing of its page
        origins.add(thread.origin)
    assert origins == {"discourse:/t/comments-on-the-boyfriends-introduction-to-feminism/2108"}


def test_discourse_pages_given_together_read_as_one_topic(corpus: Path) -> None:
    paths = sorted((corpus / "train").glob(DISCOURSE_PAGES))
    expected: dict[str, str | None] = {}
    for path in paths:
        expected.update(_discourse_expected(json.loads(path.read_text(encoding="utf-8"))))
    a = threads.read(paths)
    posts = a.posts
    assert posts["thread_id"].n_unique() == 1
    assert sorted(posts["source_id"].to_list(), key=int) == sorted(expected, key=int)
    ids = dict(zip(posts["post_id"].to_list(), posts["source_id"].to_list(), strict=True))
    for row in posts.iter_rows(named=True):
        want = expected[row["source_id"]]
        if want is not None and want in expected:  # every parent given resolves in the merge
            assert ids[row["parent_id"]] == want, row["source_id"]
            assert row["reply_evidence"] == "nested"


# ------------------------------------------------------------------------- Reddit
def _reddit_expected(doc: list[Any]) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, bool]]:
    """Walk the page's nested ``replies``: comment -> enclosing item, each comment's
    data, and whether a comment (kind t1) hangs below it in the file."""
    sub = doc[0]["data"]["children"][0]["data"]["name"]
    parent: dict[str, str] = {}
    data: dict[str, dict[str, Any]] = {}
    answered: dict[str, bool] = {}
    stack = [(c, sub) for c in doc[1]["data"]["children"]]
    while stack:
        item, above = stack.pop()
        if item["kind"] != "t1":
            continue
        d = item["data"]
        parent[d["name"]], data[d["name"]] = above, d
        kids = d["replies"]["data"]["children"] if d.get("replies") else []
        answered[d["name"]] = any(k["kind"] == "t1" for k in kids)
        stack.extend((k, d["name"]) for k in kids)
    return parent, data, answered


def _check_reddit(path: Path) -> RawThread:
    text = path.read_text(encoding="utf-8")
    assert detect(text).name == reddit_json.NAME
    parent, data, answered = _reddit_expected(json.loads(text))
    # the parent ids the page states agree with its nesting (so both are the source's)
    assert all(data[c]["parent_id"] == p for c, p in parent.items())
    thread = _one(reddit_json.parse(text))
    got = _parents(thread)
    gone = {c for c, d in data.items() if d.get("body") in GONE}
    dropped = {c for c in gone if not answered[c]}
    assert set(got) == set(parent) - dropped
    assert got == {c: p for c, p in parent.items() if c in got}
    assert thread.skipped.get("deleted", 0) == len(dropped)
    for post in thread.posts[1:]:
        d = data[post.source_id or ""]
        assert post.placeholder == (post.source_id in gone)
        assert post.author == (None if post.placeholder or d["author"] in GONE else d["author"])
    assert "[deleted]" not in {p.author for p in thread.posts}
    return thread


def test_reddit_deleted_comments_are_placeholders_not_a_person(corpus: Path) -> None:
    thread = _check_reddit(corpus / REDDIT_PAGE)
    placeholders = [p for p in thread.posts if p.placeholder]
    assert len(placeholders) == 4 and all(p.body == "[deleted]" for p in placeholders)
    assert thread.skipped == {"more": 99, "deleted": 1}
    # the comment whose author is gone but whose words remain is an ordinary post
    assert [p.source_id for p in thread.posts if p.author is None and not p.placeholder] == ["t1_ca72aw7"]


def test_reddit_deleted_comments_read_as_the_truth_rules(corpus: Path) -> None:
    a = threads.read(corpus / REDDIT_PAGE)
    posts = a.posts
    assert posts.height == 199
    assert "[deleted]" not in posts["author"].drop_nulls().to_list()
    assert posts.filter(posts["placeholder"])["author"].null_count() == 4


def test_reddit_train_page_keeps_its_parents(corpus: Path) -> None:
    thread = _check_reddit(corpus / "train" / REDDIT_TRAIN)
    assert len(thread.posts) == 1 + 50  # 51 comments, one a deleted stub with no reply in the file
    assert thread.skipped == {"more": 21, "deleted": 1}


# ------------------------------------------------------------------------- Hacker News
_ROW = re.compile(
    r's\.gif" height=1 width=(\d+)></td><td valign=top>.*?<span class="comhead">.*?'
    r'<a href="item\?id=(\d+)">link</a>',
    re.S,
)


def test_hn_2013_item_page_keeps_its_parents(corpus: Path) -> None:
    text = (corpus / "train" / HN_TRAIN).read_text(encoding="utf-8")
    assert detect(text).name == hackernews_html.NAME
    rows = [(int(w) // 40, sid) for w, sid in _ROW.findall(text)]
    assert len(rows) == text.count('class="default"') == 204
    story = re.search(r"id=score_(\d+)", text)
    assert story is not None
    expected: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for depth, sid in rows:  # the nearest earlier comment one level up
        while stack and stack[-1][0] >= depth:
            stack.pop()
        expected[sid] = stack[-1][1] if stack else story.group(1)
        stack.append((depth, sid))
    assert sum(p != story.group(1) for p in expected.values()) == 44  # SOURCES.md: 44 replies
    thread = _one(hackernews_html.parse(text))
    assert thread.posts[0].source_id == story.group(1) and thread.posts[0].author == "whoishiring"
    assert thread.posts[0].body.startswith("Please lead with the location")
    assert [p.source_id for p in thread.posts[1:]] == [sid for _, sid in rows]
    assert _parents(thread) == expected
    assert all(p.author for p in thread.posts)
    assert thread.origin == f"https://news.ycombinator.com/item?id={story.group(1)}"


def test_hn_hnpwa_item_keeps_its_nesting(corpus: Path) -> None:
    text = (corpus / "hn_hnpwa-item_26312516_speed-is-the-killer-feature.json").read_text(encoding="utf-8")
    assert detect(text).name == hn_json.NAME
    top = json.loads(text)
    expected: dict[str, str] = {}
    stack = [(c, str(top["id"])) for c in top["comments"]]
    while stack:
        item, above = stack.pop()
        expected[str(item["id"])] = above
        stack.extend((c, str(item["id"])) for c in item["comments"])
    thread = _one(hn_json.parse(text))
    assert _parents(thread) == expected
    assert not thread.skipped and not any(p.placeholder for p in thread.posts)
