"""threads.formats.youtube_ndjson: youtube-comment-downloader output (one comment a line,
or its JSON list), which was refused (NDJSON: 'not valid JSON'; the list: no known
shape). The fixtures are hand-written in the shape of the downloader's records
(egbertbouman/youtube-comment-downloader, downloader.py)."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import youtube_ndjson as mod
from threads.formats._text import RELATIVE_KEY
from threads.model import ThreadsError

LINES = pc.FIXTURES / "youtube-ndjson" / "downloader_lines.ndjson"
LISTED = pc.FIXTURES / "youtube-ndjson" / "downloader_format_list.json"


def _record(cid: str, text: str, time: str, author: str = "@ann", **extra: object) -> dict:
    return {"cid": cid, "text": text, "time": time, "author": author, "votes": "0", "photo": "", **extra}


def test_downloader_lines_are_read_where_they_were_refused() -> None:
    text = pc.read(LINES)
    assert detect(text).name == "youtube-ndjson"
    [thread] = mod.parse(text)
    root, *posts = thread.posts
    assert root.placeholder and root.author is None and thread.key is None
    assert [(p.author, p.parent_source_id, p.line_start) for p in posts] == [
        ("bisqueware", "video", 4),
        ("wheelthrower", "video", 1),
        ("slipcaster", "UgzKiln1Glaze2Pot3AaABAg", 2),
        ("wheelthrower", "UgzKiln1Glaze2Pot3AaABAg", 3),
        ("slipcaster", "UgyGone7Shard8Kiln9AaABAg", 7),
    ]
    assert thread.skipped == {"duplicate": 1, "bad_line": 1}
    assert "1 post(s) reply to posts not in the file" in thread.warnings
    # time_parsed, aware UTC; the warning says how coarse it is, in the file's own words
    assert posts[1].timestamp is not None and posts[1].timestamp.timestamp() == pytest.approx(
        1690000000.512345
    )
    assert any("time_parsed" in w and "'1 year ago'" in w for w in thread.warnings)


def test_the_format_list_with_relative_times_only_leaves_them_empty_and_counted() -> None:
    text = pc.read(LISTED)
    assert detect(text).name == "youtube-ndjson"
    [thread] = mod.parse(text)
    assert [p.timestamp for p in thread.posts] == [None] * 4
    assert thread.skipped == {RELATIVE_KEY: 3}
    assert any("'3 weeks ago'" in w for w in thread.warnings)
    assert thread.posts[2].parent_source_id == "UgxLoom1Warp2Weft3AaABAg"


def test_relative_time_is_never_a_date_and_only_undated_records_are_counted() -> None:
    records = [
        _record("Ugw1", "dated", "2 days ago", time_parsed=1700000000.0),
        # even a 'time' that reads as a date is what YouTube printed, not a date
        _record("Ugw2", "undated", "2023-11-14", author="@bo"),
    ]
    [thread] = mod.parse("\n".join(json.dumps(r) for r in records))
    assert [p.source_id for p in thread.posts] == ["video", "Ugw2", "Ugw1"]  # undated first
    assert thread.posts[1].timestamp is None
    assert thread.skipped == {RELATIVE_KEY: 1}


def test_the_comments_wrapper_and_empty_records() -> None:
    records = [
        _record("Ugw1", "hello", "1 day ago", time_parsed=1700000000),
        _record("Ugw1.x", "", "1 day ago", author="", time_parsed=1700000100),
        _record("Ugw3", "", "1 day ago", author="", time_parsed=1700000200),
        _record("Ugw3.y", "still here", "1 day ago", author="@cy", time_parsed=1700000300),
    ]
    text = json.dumps({"comments": records}, indent=2)
    assert mod.sniff(text) == mod.DOCUMENT
    [thread] = mod.parse(text)
    # an empty record is left out and counted, or kept as a stub where a reply needs it
    assert thread.skipped == {"empty": 1}
    assert [(p.source_id, p.placeholder, p.author) for p in thread.posts] == [
        ("video", True, None),
        ("Ugw1", False, "ann"),
        ("Ugw3", True, None),
        ("Ugw3.y", False, "cy"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '{"comments": "none"}',
        '[{"text": "no id", "time": "1 day ago", "author": "a", "votes": "0"}]',
        "not json at all\n",
    ],
)
def test_what_is_not_downloader_output_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in str(err.value)


def test_reddit_lines_are_not_taken_for_youtube_ones() -> None:
    reddit = {"id": "c1", "link_id": "t3_a", "subreddit": "x", "author": "b", "body": "hi", "created_utc": 1}
    reddit_lines = "\n".join(json.dumps({**reddit, "id": f"c{n}"}) for n in range(3))
    youtube_lines = "\n".join(json.dumps(_record(f"Ugw{n}", "hi", "1 day ago")) for n in range(3))
    assert mod.sniff(reddit_lines) == 0.0
    assert detect(reddit_lines).name == "reddit-ndjson"
    assert detect(youtube_lines).name == "youtube-ndjson"


test_arbitrary_text = pc.arbitrary_text_property(
    mod, ['{"cid": "Ugw1"', '"text": "hi"', '"time": "1 day ago"', '"author": "a"', '"votes": "0"', "}", "\n"]
)


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_a_raw_line_separator_inside_a_comment_keeps_its_line_whole(sep: str) -> None:
    """JSON strings may hold U+2028, U+2029 or U+0085 raw (a writer with
    ensure_ascii=False, a comment pasted from a web page): str.splitlines() cut such a line
    in two, neither parsed, and the comment was lost with the replies' parent."""
    lines = pc.read(LINES).split("\n")
    first = json.loads(lines[0])
    lines[0] = json.dumps(
        {**first, "text": first["text"] + sep + "and a second paragraph"}, ensure_ascii=False
    )
    [thread] = mod.parse("\n".join(lines))
    [whole] = [p for p in thread.posts if p.source_id == first["cid"]]
    assert whole.body.endswith("and a second paragraph") and whole.line_start == 1
    [before] = mod.parse(pc.read(LINES))
    assert len(thread.posts) == len(before.posts) and thread.skipped == before.skipped
