"""threads.formats.hn_json on synthetic Hacker News items: Firebase, Algolia, HNPWA.

See platform_common for how the fixtures were made."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import hn_json as mod
from threads.model import ThreadsError

FOLDER = "hn-json"
FILES = pc.fixtures(FOLDER)


def test_deleted_item_kept_for_its_replies_and_html_to_text() -> None:
    [thread] = mod.parse(pc.read(pc.FIXTURES / FOLDER / "firebase_rust_gc.json"))
    deleted = thread.posts[3]
    assert (deleted.author, deleted.body) == (None, "[deleted]")
    assert thread.posts[4].parent_source_id == deleted.source_id
    assert thread.posts[2].body == "> The remaining 10% is where it hurts.\nWhich part, cycles across arenas?"
    assert "<a" not in thread.posts[4].body and "this write-up" in thread.posts[4].body
    assert thread.posts[0].body.endswith("Has anyone shipped a tracing GC in Rust?")


def test_each_story_in_a_firebase_list_is_a_thread() -> None:
    items = (
        '[{"by": "a", "id": 1, "type": "story", "title": "One", "time": 1, "kids": [3]},'
        ' {"by": "b", "id": 2, "type": "story", "title": "Two", "time": 2},'
        ' {"by": "c", "id": 3, "parent": 1, "type": "comment", "text": "hi", "time": 3},'
        ' {"by": "d", "id": 4, "parent": 99, "type": "comment", "text": "lost", "time": 4}]'
    )
    first, second = mod.parse(items)
    assert [t.title for t in (first, second)] == ["One", "Two"]
    assert [p.body for p in first.posts] == ["", "hi"]
    assert first.skipped == {"orphan": 1}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "holds no story"),
        ('"x"', "should be an object"),
        ('{"a": 1}', "not a Hacker News item"),
        ("{", "not valid JSON"),
    ],
)
def test_wrong_shape_is_named(text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"by": "a", ',
        '"kids": [1], ',
        '"parent": 1, ',
        '"children": [',
        '"comments": [',
        '"type": "story"',
        "]",
        "}",
        "[",
        "{",
    ],
)


def test_deleted_stubs_kept_only_where_a_reply_hangs_from_them() -> None:
    [thread] = mod.parse(pc.read(pc.FIXTURES / FOLDER / "algolia_deleted_stubs.json"))
    ids = [p.source_id for p in thread.posts]
    assert ids == ["40900000", "40900101", "40900201", "40900103"]  # 40900102: no reply, left out
    stub = thread.posts[1]
    assert (stub.author, stub.body, stub.placeholder) == (None, "[deleted]", True)
    assert thread.posts[2].parent_source_id == "40900101"
    assert thread.skipped == {"deleted": 1}
    assert thread.origin == "https://news.ycombinator.com/item?id=40900000"


def test_dead_comment_with_its_words_is_kept_as_written() -> None:
    items = (
        '[{"by": "a", "id": 1, "type": "story", "title": "T", "time": 1, "kids": [2, 3]},'
        ' {"by": "b", "id": 2, "parent": 1, "type": "comment", "dead": true, "text": "spam", "time": 2},'
        ' {"by": "c", "id": 3, "parent": 1, "type": "comment", "dead": true, "time": 3, "kids": [4]},'
        ' {"by": "d", "id": 4, "parent": 3, "type": "comment", "text": "hm", "time": 4},'
        ' {"id": 5, "parent": 1, "type": "comment", "deleted": true, "time": 5}]'
    )
    [thread] = mod.parse(items)
    assert [(p.source_id, p.author, p.placeholder) for p in thread.posts[1:]] == [
        ("2", "b", False),
        ("3", None, True),
        ("4", "d", False),
    ]
    assert thread.skipped == {"deleted": 1}


def test_keys_anywhere_in_the_item() -> None:
    text = pc.read(pc.FIXTURES / FOLDER / "hnpwa_keyboard.json")
    assert mod.sniff(json.dumps(json.loads(text), sort_keys=True)) == 0.95
    assert mod.sniff(text[:300]) == 0.95  # a cut head: the keys, searched as text
    assert mod.sniff('{"user": "x", "title": "not HN"}') == 0.0


def test_algolia_search_answer_is_one_thread_per_story() -> None:
    """A search answer (``{"hits": [...]}``) was refused as no known shape: each story it
    names is a thread, comments in time order under their parent_id."""
    first, second = mod.parse(pc.read(pc.FIXTURES / FOLDER / "algolia_search_hits.json"))
    assert [t.key for t in (first, second)] == ["4001", "4100"]
    assert [(p.source_id, p.parent_source_id) for p in first.posts] == [
        ("4001", None),
        ("5001", "4001"),
        ("5002", "4001"),
        ("5003", "5001"),
    ]
    assert first.posts[0].body == "https://example.org/kiln-timer"
    assert first.posts[3].body.startswith("> it rings twice\nTwice is plenty.")
    assert first.skipped == {"other": 1}  # the poll option
    root = second.posts[0]
    assert (root.placeholder, root.author, second.title) == (True, None, "Ask HN: Favourite soldering irons?")
    assert second.posts[1].parent_source_id == "6001"  # not in the answer: kept, and said
    assert any("not in the file" in w for w in second.warnings)


def test_search_hits_of_comments_only_still_sniff_and_parse() -> None:
    hits = {
        "hits": [
            {
                "objectID": "9",
                "created_at_i": 5,
                "story_id": 1,
                "parent_id": 1,
                "author": "a",
                "comment_text": "hi",
                "_tags": ["comment"],
            }
        ]
    }
    text = json.dumps(hits)
    assert mod.sniff(text) == 0.95
    [thread] = mod.parse(text)
    assert [p.author for p in thread.posts] == [None, "a"]


def test_search_answer_without_story_or_comment_is_refused() -> None:
    with pytest.raises(ThreadsError, match="no story or comment"):
        mod.parse('{"hits": [{"objectID": "1", "_tags": ["pollopt"]}]}')
