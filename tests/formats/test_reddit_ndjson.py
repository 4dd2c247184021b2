"""threads.formats.reddit_ndjson on synthetic Pushshift/Arctic Shift NDJSON dumps (see platform_common)."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import reddit_ndjson as mod
from threads.model import ThreadsError

FOLDER = "reddit-ndjson"
FILES = pc.fixtures(FOLDER)


DUMP = pc.FIXTURES / FOLDER / "askhistorians_rc_sample.ndjson"


def test_threads_rebuilt_from_link_id_in_time_order() -> None:
    first, second = mod.parse(pc.read(DUMP))
    assert [t.key for t in (first, second)] == ["18a1x2y", "18b7z9q"]
    assert [p.source_id for p in first.posts] == [
        "t3_18a1x2y",
        "t1_kb10001",
        "t1_kb10002",
        "t1_kb10003",
        "t1_kb10004",
    ]
    assert first.warnings == ["1 comment(s) reply to comments not in the file"]
    assert second.posts[0].placeholder and second.posts[0].author is None
    # a deleted account is no author (its words stay); a removed comment nobody answers is
    # skipped and counted, not a post of a pseudo-person "[deleted]"
    assert [(p.author, p.placeholder) for p in second.posts[1:]] == [(None, False)]
    assert second.posts[1].body.startswith("The short answer")
    assert second.skipped == {"deleted": 1}


def test_a_removed_comment_with_a_reply_keeps_its_place() -> None:
    lines = [
        '{"id": "s", "title": "T", "selftext": "", "author": "[deleted]",'
        ' "created_utc": 1, "subreddit": "x"}',
        '{"id": "c1", "link_id": "t3_s", "parent_id": "t3_s", "body": "[removed]", "author": "[deleted]",'
        ' "created_utc": "2"}',
        '{"id": "c2", "link_id": "t3_s", "parent_id": "t1_c1", "body": "why?", "author": "b",'
        ' "created_utc": 3}',
    ]
    [thread] = mod.parse("\n".join(lines))
    assert thread.posts[0].author is None and not thread.posts[0].placeholder
    gone = thread.posts[1]
    assert (gone.author, gone.placeholder, gone.body, gone.timestamp is not None) == (
        None,
        True,
        "[removed]",
        True,
    )
    assert thread.posts[2].parent_source_id == "t1_c1" and not thread.skipped


def test_a_child_listed_before_its_earlier_parent_follows_it() -> None:
    lines = [
        '{"id": "s", "title": "T", "selftext": "", "author": "a", "created_utc": 1, "subreddit": "x"}',
        '{"id": "c2", "link_id": "t3_s", "parent_id": "t1_c1", "body": "b", "author": "b", "created_utc": 2}',
        '{"id": "c1", "link_id": "t3_s", "parent_id": "t3_s", "body": "a", "author": "c", "created_utc": 3}',
    ]
    [thread] = mod.parse("\n".join(lines))
    assert [p.source_id for p in thread.posts] == ["t3_s", "t1_c1", "t1_c2"]
    assert "moved ahead" in thread.warnings[0]


def test_bad_lines_counted_and_all_bad_refused() -> None:
    text = pc.read(DUMP) + "\nnot json\n[1]\n"
    assert mod.parse(text)[0].skipped == {"bad_line": 2}
    with pytest.raises(ThreadsError, match="no line is a JSON object"):
        mod.parse("nope\n[]\n")


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"id": "c1", ',
        '"link_id": "t3_a", ',
        '"parent_id": "t1_b", ',
        '"subreddit": "x", "author": "b", "created_utc": 1}',
        "\\n",
        "{",
        "}",
    ],
)


API_ANSWER = pc.FIXTURES / "reddit-ndjson" / "breadit_pushshift-api-answer.json"


def test_a_pushshift_api_answer_and_numbered_parents() -> None:
    """{"data": [...]} newest first, parent_id written as numbers: the submission's own
    id is the submission (a top-level comment), any other a comment."""
    (thread,) = mod.parse(pc.read(API_ANSWER))
    root, first, reply, top, last = thread.posts
    assert root.placeholder and root.source_id == "t3_1b2c3d4"
    assert [p.source_id for p in thread.posts[1:]] == ["t1_kq1aaaa", "t1_kq1bbbb", "t1_kq1cccc", "t1_kq1dddd"]
    assert reply.parent_source_id == "t1_kq1aaaa"  # int("kq1aaaa", 36) in the file
    assert top.parent_source_id == "t3_1b2c3d4"  # int("1b2c3d4", 36): the submission
    assert last.parent_source_id == "t1_kq1bbbb"
    assert (first.line_start, last.line_start) == (0, 0)  # one document: no line to name


def test_a_json_list_of_records_and_what_is_not_one() -> None:
    records = json.loads(pc.read(API_ANSWER))["data"]
    assert mod.sniff(json.dumps(records)) == mod.DOCUMENT
    assert [len(t.posts) for t in mod.parse(json.dumps(records))] == [5]
    for other in ('{"data": [{"id": 1}]}', "[1, 2]", '{"data": []}', '{"kind": "Listing"}'):
        assert mod.sniff(other) == 0.0, other
        assert mod.document_objects(other) is None, other


@pytest.mark.parametrize(("number", "text"), [(0, "0"), (35, "z"), (36, "10"), (45568804275, "kxmhmer")])
def test_base36(number: int, text: str) -> None:
    assert mod._base36(number) == text
