"""threads.formats.ytdlp_json: yt-dlp's --write-comments .info.json and its comments list,
which were refused ('not in the shape of any export'). The fixtures are hand-written in
the shape of real yt-dlp output (an archiver's .info.json excerpt of 2022 with time_text,
a scraper's saved comment list of 2024 with _time_text)."""

from __future__ import annotations

import json

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import ytdlp_json as mod
from threads.formats._text import RELATIVE_KEY
from threads.model import ThreadsError

INFO = pc.FIXTURES / "ytdlp-json" / "kiln_video.info.json"
LISTED = pc.FIXTURES / "ytdlp-json" / "comment_list.json"


def _comment(cid: str, parent: str = "root", **extra: object) -> dict:
    return {
        "id": cid,
        "parent": parent,
        "text": f"words of {cid}",
        "author": "@ann",
        "timestamp": 1700000000,
        **extra,
    }


def test_an_info_json_is_one_thread_under_the_video() -> None:
    text = pc.read(INFO)
    assert detect(text).name == "ytdlp-json"
    [thread] = mod.parse(text)
    root, *posts = thread.posts
    # post 0 is the video as its uploader posted it, signed as the uploader's comments are
    assert (root.author, root.title, root.placeholder) == (
        "kilnkeeper",
        "Loading a wood kiln for the first firing",
        False,
    )
    assert root.body.startswith("We stack the greenware")
    assert thread.origin == "https://www.youtube.com/watch?v=Kiln4Glaze7"
    assert [p.source_id for p in posts] == [
        "UgwFlue1Ash2Cone3AaABAg",
        "UgyWad5Clay6Pug7AaABAg",
        "UgwFlue1Ash2Cone3AaABAg.A1Damper2Draw",
        "UgwFlue1Ash2Cone3AaABAg.A1Stoke3Bricks",
    ]
    assert thread.skipped == {"empty": 1, "duplicate": 1}
    # the '@kilnkeeper' reply answers kilnkeeper's reply, not the top-level comment
    assert (posts[3].parent_source_id, posts[3].parent_evidence) == (posts[2].source_id, "explicit")
    assert any("1 comment(s) counted by comment_count" in w for w in thread.warnings)
    assert any("'2 weeks ago'" in w and "timestamp" in w for w in thread.warnings)


def test_a_bare_comment_list_old_time_text_and_a_missing_parent() -> None:
    text = pc.read(LISTED)
    assert detect(text).name == "ytdlp-json"
    [thread] = mod.parse(text)
    assert thread.posts[0].placeholder and thread.key is None
    assert [p.author for p in thread.posts] == [None, "picotedge", "Bobbin Lace", "Tatting Tess"]
    assert thread.skipped == {RELATIVE_KEY: 1}  # no timestamp: the relative text is never a date
    assert thread.posts[3].parent_source_id == "UgxShuttle4Ring5AaABAg"
    assert "1 post(s) reply to posts not in the file" in thread.warnings


def test_entries_without_an_id_are_counted_not_read() -> None:
    text = json.dumps({"id": "v1", "title": "t", "comments": [_comment("c1"), {"text": "no id"}, "junk"]})
    [thread] = mod.parse(text)
    assert len(thread.posts) == 2 and thread.skipped == {"bad_entry": 2}


def test_an_info_json_without_comments_is_the_video_alone() -> None:
    text = json.dumps({"id": "v1", "title": "A video", "uploader": "Ann", "comments": []})
    assert mod.sniff(text) == mod.NO_COMMENTS
    [thread] = mod.parse(text)
    assert [(p.author, p.title) for p in thread.posts] == [("Ann", "A video")]


def test_other_youtube_exports_are_not_taken_for_yt_dlp() -> None:
    downloader = [
        {"cid": "Ugw1", "text": "hi", "time": "1 day ago", "author": "@a", "votes": "0", "photo": ""}
    ]
    assert mod.sniff(json.dumps(downloader)) == 0.0
    assert detect(json.dumps(downloader)).name == "youtube-ndjson"
    # a video info without comments saved (no --write-comments) is not a thread
    assert mod.sniff(json.dumps({"id": "v1", "title": "t", "formats": []})) == 0.0


@pytest.mark.parametrize("text", ['{"id": "v1", "title": "t"}', "[]", '[{"parent": "root"}]', "not json"])
def test_what_is_not_yt_dlp_output_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in str(err.value)


test_arbitrary_text = pc.arbitrary_text_property(
    mod,
    [
        '{"id": "v"',
        '"comments": [',
        '{"id": "c", "parent": "root", "text": "x", "author": "a", "timestamp": 1}',
        "]",
        "}",
        ",",
    ],
)


# ---------------------------------------------------------------- yt-dlp -j: a video a line
STREAM = pc.FIXTURES / "ytdlp-json" / "quillworks_channel.jsonl"


def test_a_dump_json_stream_is_one_thread_per_video_a_rerun_read_once() -> None:
    """Before, the stream was refused (not one JSON document: 'Extra data')."""
    text = STREAM.read_text(encoding="utf-8")
    assert detect(text).name == "ytdlp-json"
    first, second = mod.parse(text)
    assert (first.key, second.key) == ("qW3rTy7uIo1", "aS9dF4gH2jK")
    assert second.title == "Marbling paper in a baking tray" and second.posts[0].author == "quillworks"
    assert second.posts[2].parent_source_id == "UgyCCC3"
    assert first.skipped == {"duplicate video": 1} and "1 video(s) printed twice" in " ".join(first.warnings)
    a = threads.read(STREAM)
    assert len(a.threads) == 2 and a.posts.height == 4 + 3


def test_a_line_cut_short_is_counted_and_lines_without_comments_are_refused() -> None:
    lines = STREAM.read_text(encoding="utf-8").splitlines()
    (only,) = mod.parse(lines[1] + "\n" + lines[0][:500] + "\n" + lines[1] + "\n" + lines[1])
    assert only.skipped == {"bad_line": 1, "duplicate video": 2}
    bare = json.loads(lines[1])
    del bare["comments"]
    with pytest.raises(ThreadsError, match="add --write-comments"):
        mod.parse(json.dumps(bare) + "\n" + json.dumps(bare | {"id": "x"}) + "\n")
    assert mod.sniff(json.dumps(bare) + "\n" + json.dumps(bare) + "\n") == 0.0
