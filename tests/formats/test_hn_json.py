"""threads.formats.hn_json on synthetic Hacker News items: Firebase, Algolia, HNPWA.

See platform_common for how the fixtures were made."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import hn_json as mod
from threads.model import ThreadsError

FOLDER = "hn_json"
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
