"""threads.formats.instagram_json: Instagram comments as instaloader (``--comments``) and
Apify's Instagram actors write them, which were refused as no known JSON shape. The
fixtures are hand-written in the shape of instaloader's update_comments() output and of
Apify's published samples (see the module doc); what every dialect passes is in
test_dialects.py. The corpus test is skipped, visibly, where the corpus is absent."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

import threads
from tests.formats import platform_common as pc
from threads import rootwords
from threads.formats import detect, facebook_json
from threads.formats import instagram_json as mod
from threads.model import ThreadsError

FOLDER = pc.FIXTURES / "instagram-json"
INSTALOADER = FOLDER / "instaloader_comments.json"
APIFY_COMMENTS = FOLDER / "apify_comments.json"
APIFY_POSTS = FOLDER / "apify_posts.json"
# What a near miss may score (tests/formats/test_dialects.py's NEAR_MISS).
NEAR_MISS = 0.2


def test_an_instaloader_comments_file_is_read_where_it_was_refused() -> None:
    text = pc.read(INSTALOADER)
    assert detect(text).name == "instagram-json"
    [thread] = mod.parse(text)
    root, *posts = thread.posts
    assert root.placeholder and root.author is None
    # 2 comments + 2 answers, in created_at order (answers are listed newest first)
    assert [p.author for p in posts] == ["gullwatcher", "mossy_roof", "tidepoolkid", "pier.nine"]
    assert all(p.timestamp is not None and p.timestamp.utcoffset().total_seconds() == 0 for p in posts)
    assert posts[0].timestamp.isoformat() == "2024-06-01T10:00:00+00:00"
    assert posts[2].parent_source_id == posts[0].source_id and posts[2].parent_evidence == "nested"
    # '@tidepoolkid' under the same comment: answers tidepoolkid's reply, not the comment
    assert posts[3].parent_source_id == posts[2].source_id and posts[3].parent_evidence == "explicit"
    assert any("name no post" in w for w in thread.warnings)


def test_apify_comments_make_a_thread_a_post_and_count_what_is_left_out() -> None:
    threads_ = mod.parse(pc.read(APIFY_COMMENTS))
    assert [t.key for t in threads_] == ["Cq7Lantern1", "Cr2Market22"]
    lantern, market = threads_
    assert lantern.origin == "https://www.instagram.com/p/Cq7Lantern1/"
    assert [p.author for p in lantern.posts[1:]] == ["brasskettle", "quietferry"]
    assert lantern.skipped == {"empty": 1, "duplicate": 1}
    # repliesCount 3 (given twice, by the duplicate too), one reply in the file: 2, not 5
    assert any(w.startswith("2 comment(s) or repl(ies)") for w in lantern.warnings)
    assert market.posts[2].parent_source_id == market.posts[1].source_id
    assert not market.warnings


def test_apify_post_items_give_their_caption_as_post_zero() -> None:
    quarry, picnic = mod.parse(pc.read(APIFY_POSTS))
    root = quarry.posts[0]
    assert not root.placeholder
    assert (root.author, root.body) == ("quarryswimclub", "First swim of the season at the old quarry")
    assert [p.parent_source_id for p in quarry.posts[1:]] == [root.source_id] * 2
    assert any(w.startswith("1 comment(s)") for w in quarry.warnings)  # commentsCount 3, 2 here
    assert len(picnic.posts) == 2 and not picnic.warnings


def test_comments_without_ids_are_kept_apart() -> None:
    """Apify's shortened samples carry no id: each comment is still its own post."""
    items = [
        {
            "text": t,
            "timestamp": f"2024-01-0{i}T10:00:00.000Z",
            "ownerUsername": u,
            "postUrl": "https://www.instagram.com/p/AbC/",
        }
        for i, (t, u) in enumerate([("one", "ann"), ("two", "bo"), ("three", "cy")], start=1)
    ]
    [thread] = mod.parse(json.dumps(items))
    assert [p.body for p in thread.posts[1:]] == ["one", "two", "three"]
    assert thread.skipped == {}


def test_json_lines_of_apify_items_are_read() -> None:
    items = json.loads(pc.read(APIFY_COMMENTS))
    text = "\n".join(json.dumps(i) for i in items)
    assert mod.sniff(text) >= 0.6
    assert [t.key for t in mod.parse(text)] == ["Cq7Lantern1", "Cr2Market22"]


def test_the_whole_pipeline_reads_it_and_names_its_root_the_post() -> None:
    posts = threads.read(APIFY_POSTS).posts
    assert set(posts["source_format"]) == {"instagram-json"}
    assert posts.height == 5  # 2 captions + 3 comments
    assert rootwords.for_format("instagram-json")[2] == "the post"


@pytest.mark.parametrize(
    "text",
    ["[]", '[{"created_at": 1, "text": "x"}]', '{"data": {"shortcode_media": {}}}'],
)
def test_what_it_cannot_read_is_refused_in_one_line(text: str) -> None:
    assert mod.sniff(text) == 0.0
    with pytest.raises(ThreadsError):
        mod.parse(text)


@pytest.mark.parametrize("dialect", [mod, facebook_json], ids=["instagram-json", "facebook-json"])
def test_no_real_dump_of_another_platform_is_taken(dialect: ModuleType, corpus: Path) -> None:
    """The shared corpus holds no Instagram or Facebook file: none may be read as one."""
    paths = sorted(p for p in [*corpus.iterdir(), *(corpus / "train").iterdir()] if p.is_file())
    dumps = [p for p in paths if p.suffix != ".md"]
    assert len(dumps) >= 10
    for path in dumps:
        assert dialect.sniff(path.read_text(encoding="utf-8", errors="replace")) <= NEAR_MISS, path.name
