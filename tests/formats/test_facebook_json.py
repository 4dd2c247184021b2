"""threads.formats.facebook_json: facebook-scraper's posts with their comments
(``comments_full``), which were refused as no known JSON shape. The fixtures are
hand-written in the shape of facebook_scraper/extractors.py's comment dicts and the
README's post example, times as ``json.dump(default=str)`` writes its naive datetimes;
what every dialect passes is in test_dialects.py; that no corpus dump is taken for it,
in test_instagram_json.py."""

from __future__ import annotations

import json

import pytest

import threads
from tests.formats import platform_common as pc
from threads import rootwords
from threads.formats import detect
from threads.formats import facebook_json as mod
from threads.model import ThreadsError

FOLDER = pc.FIXTURES / "facebook-json"
POSTS = FOLDER / "posts_with_comments.json"
LINES = FOLDER / "post_lines.json"


def test_a_page_of_posts_with_comments_is_read_where_it_was_refused() -> None:
    text = pc.read(POSTS)
    assert detect(text).name == "facebook-json"
    bridge, cat = mod.parse(text)
    assert [t.key for t in (bridge, cat)] == ["880001", "880002"]
    root, comment, reply = bridge.posts
    assert (root.author, root.body) == ("Ashgrove Parish News", "The bridge on Mill Lane reopens Monday.")
    assert bridge.origin == "https://facebook.com/story.php?story_fbid=880001&id=700700"
    assert comment.parent_source_id == root.source_id
    assert (reply.author, reply.parent_source_id, reply.parent_evidence) == ("Ivo Marsh", "880101", "nested")
    assert bridge.skipped == {"empty": 1}  # the entry with no name and no words
    assert any(w.startswith("2 comment(s) counted by Facebook") for w in bridge.warnings)  # 5 counted, 3 here


def test_naive_times_stay_naive_and_are_said() -> None:
    bridge, _ = mod.parse(pc.read(POSTS))
    assert all(p.timestamp is not None and p.timestamp.tzinfo is None for p in bridge.posts)
    assert bridge.posts[0].timestamp.isoformat() == "2022-09-02T08:00:00"  # 'time', not the UTC 'timestamp'
    assert mod.NAIVE_NOTE in bridge.warnings


def test_a_zoned_comment_time_lets_the_post_keep_its_utc_timestamp() -> None:
    post = {
        "post_id": "1",
        "text": "hello",
        "time": "2022-01-01 09:00:00",
        "timestamp": 1641027600,
        "comments_full": [
            {"comment_id": "2", "commenter_name": "Al", "comment_text": "hi", "comment_time": 1641031200}
        ],
    }
    [thread] = mod.parse(json.dumps([post]))
    assert [p.timestamp.isoformat() for p in thread.posts] == [
        "2022-01-01T09:00:00+00:00",
        "2022-01-01T10:00:00+00:00",
    ]
    assert mod.NAIVE_NOTE not in thread.warnings


def test_json_lines_a_post_without_words_or_without_comments() -> None:
    text = pc.read(LINES)
    assert detect(text).name == "facebook-json"
    allotment, water = mod.parse(text)
    assert allotment.posts[0].placeholder and allotment.posts[0].body == "https://facebook.com/990001"
    assert [p.author for p in allotment.posts[1:]] == ["Tam Okoro", "Lise Brandt"]
    assert len(water.posts) == 1 and any("no comments_full" in w for w in water.warnings)


def test_the_whole_pipeline_reads_it_and_names_its_root_the_post() -> None:
    posts = threads.read(POSTS).posts
    assert set(posts["source_format"]) == {"facebook-json"}
    assert posts.height == 5
    assert rootwords.for_format("facebook-json")[2] == "the post"


@pytest.mark.parametrize(
    "text", ["[]", '[{"post_id": "1", "text": "no comments key"}]', '{"comments_v2": []}']
)
def test_what_it_cannot_read_is_refused_in_one_line(text: str) -> None:
    assert mod.sniff(text) == 0.0
    with pytest.raises(ThreadsError):
        mod.parse(text)
