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


def test_each_story_in_a_firebase_list_is_a_thread_and_no_comment_is_left_out() -> None:
    """A comment whose story is not in the list was left out (skipped["orphan"]): it is
    now a thread of its own, under a placeholder for the item it answers."""
    items = (
        '[{"by": "a", "id": 1, "type": "story", "title": "One", "time": 1, "kids": [3]},'
        ' {"by": "b", "id": 2, "type": "story", "title": "Two", "time": 2},'
        ' {"by": "c", "id": 3, "parent": 1, "type": "comment", "text": "hi", "time": 3},'
        ' {"by": "d", "id": 4, "parent": 99, "type": "comment", "text": "lost", "time": 4}]'
    )
    first, second, third = mod.parse(items)
    assert [t.title for t in (first, second, third)] == ["One", "Two", None]
    assert [p.body for p in first.posts] == ["", "hi"]
    assert first.skipped == {}
    root, lost = third.posts
    assert (root.source_id, root.placeholder, root.author) == ("99", True, None)
    assert (lost.body, lost.parent_source_id, third.key) == ("lost", "99", "99")
    assert "item 99" in (third.alone_note or "") and "not in the file" in (third.alone_note or "")


def test_a_comment_saved_alone_is_read_under_a_placeholder() -> None:
    """/v0/item/ID.json of a comment (the API README's own example) was refused: 'holds no story'."""
    comment = (
        '{"by":"norvig","id":2921983,"kids":[2922097,2922429],"parent":2921506,"text":'
        '"Aw shucks, guys ... you make me blush with your compliments.","time":1314211127,"type":"comment"}'
    )
    [thread] = mod.parse(comment)
    assert [(p.source_id, p.author, p.parent_source_id) for p in thread.posts] == [
        ("2921506", None, None),
        ("2921983", "norvig", "2921506"),
    ]
    assert thread.origin == "https://news.ycombinator.com/item?id=2921506"


def _lines_of(items: list[dict[str, object]]) -> str:
    return "\n".join(json.dumps(item, separators=(",", ":")) for item in items)


def test_items_one_a_line_in_any_order_read_as_the_list() -> None:
    """One Firebase item a line (a crawler's JSONL) was refused ('Extra data'): read as the
    same items in a list are, whatever the order of the lines, with blank lines, a BOM
    and a trailing newline; line numbers kept."""
    listed = mod.parse(pc.read(pc.FIXTURES / FOLDER / "firebase_rust_gc.json"))
    items = json.loads(pc.read(pc.FIXTURES / FOLDER / "firebase_rust_gc.json"))
    shuffled = [items[3], items[0], items[4], items[2], items[1]]
    text = "\ufeff" + _lines_of(shuffled[:2]) + "\n\n" + _lines_of(shuffled[2:]) + "\n"
    assert mod.sniff(text) == 0.95
    [thread] = mod.parse(text)
    want = [(p.source_id, p.parent_source_id, p.author, p.body, p.timestamp) for p in listed[0].posts]
    assert [(p.source_id, p.parent_source_id, p.author, p.body, p.timestamp) for p in thread.posts] == want
    assert [p.line_start for p in thread.posts] == [2, 6, 5, 1, 4]
    assert thread.skipped == listed[0].skipped


def test_bigquery_rows_string_ints_timestamp_and_nulls() -> None:
    """bigquery-public-data.hacker_news.full exported as JSON: INT64s as strings, a
    ``timestamp`` column (the only time when ``time`` was not chosen), NULLs written or
    left out; comments of a story not in the export under a placeholder."""
    rows = [
        {
            "text": None,
            "dead": None,
            "by": None,
            "timestamp": "2007-04-05 04:20:00 UTC",
            "type": "comment",
            "id": "8870",
            "parent": "8863",
            "deleted": True,
        },
        {
            "text": "\u0026gt; drag and drop\u003cp\u003eYes",
            "by": "pg",
            "timestamp": "2007-04-05 04:30:00.5 UTC",
            "type": "comment",
            "id": "8880",
            "parent": "8870",
            "ranking": None,
        },
        {"text": "Nice", "by": "jl", "time": "1175746680", "id": "8869", "parent": "8863"},
    ]
    [thread] = mod.parse(_lines_of(rows))
    posts = thread.posts
    assert [(p.source_id, p.author, p.parent_source_id, p.placeholder) for p in posts] == [
        ("8863", None, None, True),
        ("8869", "jl", "8863", False),  # no type column: a row with a parent is a comment
        ("8870", None, "8863", True),  # deleted, kept: 8880 answers it
        ("8880", "pg", "8870", False),
    ]
    assert [p.timestamp.isoformat() for p in posts[1:]] == [
        "2007-04-05T04:18:00+00:00",
        "2007-04-05T04:20:00+00:00",
        "2007-04-05T04:30:00.500000+00:00",
    ]
    assert posts[3].body == "> drag and drop\nYes"


def test_what_lines_are_not_items_is_counted_and_said() -> None:
    """The crawl fixture: a null answer and a line cut short (bad_line, the first named),
    a poll option (other), an item fetched twice (the later read, once)."""
    first, second = mod.parse(pc.read(pc.FIXTURES / FOLDER / "firebase_crawl_lines.jsonl"))
    assert first.skipped == {"other": 1, "duplicate": 1, "bad_line": 2}
    assert any("first line 2" in w for w in first.warnings)
    [edited] = [p for p in second.posts if p.source_id == "8600120"]
    assert edited.body.startswith("A grid notebook, and a phone photo of the page")
    assert [p.source_id for p in second.posts].count("8600120") == 1


def test_parents_that_loop_are_read_not_dropped() -> None:
    """Two comments naming each other as parent (no story to reach) were left out: both
    are kept, the loop broken at the item it closes on, and said."""
    items = (
        '[{"by": "a", "id": 5, "parent": 6, "type": "comment", "text": "one", "time": 1},'
        ' {"by": "b", "id": 6, "parent": 5, "type": "comment", "text": "two", "time": 2}]'
    )
    [thread] = mod.parse(items)
    assert thread.posts[0].placeholder and thread.posts[0].source_id is None
    assert sorted(p.body for p in thread.posts[1:]) == ["one", "two"]
    assert any("loop back" in w for w in thread.warnings)


def test_sniff_lines() -> None:
    bigquery = '{"id":"33223750","by":"criddell","time":"1665929544","text":"Hi","parent":"33220665"}'
    assert mod.sniff(bigquery + "\n" + bigquery.replace("50", "51") + "\n") == 0.95
    assert mod.sniff(bigquery) == 0.95  # one row alone: one JSON document
    reddit = (
        '{"id": "c1", "link_id": "t3_a", "subreddit": "x", "author": "b", "created_utc": 1, "body": "hi"}'
    )
    assert mod.sniff(reddit + "\n" + reddit + "\n") == 0.0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "hold no story or comment"),
        ('"x"', "should be an object"),
        ('{"a": 1}', "not a Hacker News item"),
        ("{", "not valid JSON"),
        ('{"a": 1}\n{"b": 2}\n', "hold no story or comment"),
        ("null\nnull\n", "no line is a Hacker News item"),
        (pc.read(pc.FIXTURES / FOLDER / "firebase_rust_gc.json")[:400], "not valid JSON"),  # cut short
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
