"""threads.formats.discourse_json on synthetic Discourse topic JSON (see platform_common)."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads import pages
from threads.formats import discourse_json as mod
from threads.formats._dump import SNIFF_CHARS
from threads.model import ThreadsError

FOLDER = "discourse-json"
FILES = pc.fixtures(FOLDER)


TOPIC = pc.FIXTURES / FOLDER / "meta_sourdough_hydration.json"


def test_quotes_actions_and_unloaded_posts() -> None:
    [thread] = mod.parse(pc.read(TOPIC))
    assert thread.skipped == {"small_action": 1, "not_loaded": 2}
    assert thread.key == "812"
    juno = thread.posts[3]
    assert juno.quoted == ["Wet dough needs strong surface tension."]
    assert juno.quote_sources == ["otto_b"]
    assert "otto_b:" not in juno.body and juno.body.startswith("Or use a banneton")
    assert thread.posts[2].parent_source_id == "2"
    # no reply_to_post_number: the topic's Reply button, the opening post is the parent,
    # quote or no quote (juno quotes otto_b)
    assert thread.posts[1].parent_source_id == juno.parent_source_id == "1"
    assert thread.posts[0].parent_source_id is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "should be an object"),
        ("{}", "post_stream should be an object"),
        ('{"post_stream": {"posts": []}}', "without posts"),
        ('{"post_stream": {"posts": [1]}}', "posts\\[\\] should be"),
    ],
)
def test_wrong_shape_is_named(text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"post_stream": {"posts": [',
        '{"post_number": 1, "cooked": "<p>x</p>"}',
        "<aside class='quote'>",
        "]}}",
        ", ",
        "{",
        "}",
    ],
)


SORTED = pc.FIXTURES / FOLDER / "sorted_keys_kettle.json"
PAGE = pc.FIXTURES / FOLDER / "posts_page_cast_iron.json"


def test_sorted_keys_topic_is_known_by_its_structure() -> None:
    text = pc.read(SORTED)
    assert text.index('"post_stream"') > SNIFF_CHARS  # past where a head-only sniffer looks
    assert mod.sniff(text) == mod.SURE
    [thread] = mod.parse(text)
    assert [p.source_id for p in thread.posts] == ["1", "2", "3", "4"]
    assert thread.skipped == {"small_action": 1}
    assert (thread.origin, thread.page, thread.key) == (
        "discourse:/t/kettle-descaling-with-citric-acid/5150",
        (1, 1),
        "5150",
    )
    # an older quote box: no data-username, the title bar names the source
    kim = thread.posts[2]
    assert (kim.parent_source_id, kim.quote_sources) == ("2", ["descale_dan"])
    assert kim.body == "Does it have to be food grade, or is the cleaning aisle kind fine?"
    assert thread.posts[3].quote_sources == [None]  # a bare blockquote names no one


def test_a_cut_head_is_still_recognised_by_its_keys() -> None:
    head = pc.read(SORTED)[:20_000]  # what detection sees of a big file: not valid JSON
    assert mod.sniff(head) == mod.SURE
    assert mod.sniff('{"post_stream": {"posts": [{"id": 1}]}}') == mod.SHAPED
    assert mod.sniff('{"posts": [{"post_number": 1, "cooked": ""}]}') == 0.0
    assert mod.sniff("The post_stream and cooked post_number words in prose") == 0.0


def test_posts_page_window_keeps_source_ids_and_the_topic_origin() -> None:
    [thread] = mod.parse(pc.read(PAGE))
    # listed newest first, read in post_number order; the small action on top is skipped
    assert [p.source_id for p in thread.posts] == ["21", "22", "23", "24"]
    # 23 answers the topic's opening post, on an earlier page
    assert [p.parent_source_id for p in thread.posts] == ["19", "21", "1", "22"]
    assert thread.skipped == {"small_action": 1}
    assert thread.origin == "discourse:/t/cast-iron-seasoning-flakes/612"
    assert thread.page is None and thread.key == "612" and thread.title is None


def test_pages_of_one_topic_merge_by_post_number() -> None:
    page = json.loads(pc.read(PAGE))
    later = {"post_stream": {"posts": page["post_stream"]["posts"][:2]}, "id": 612}  # posts 23-24 again
    later["post_stream"]["posts"].append(dict(page["post_stream"]["posts"][0], id=8825, post_number=25))
    a, b = mod.parse(pc.read(PAGE))[0], mod.parse(json.dumps(later))[0]
    assert a.origin == b.origin
    merged = pages.merge([a, b])
    assert [p.source_id for p in merged.posts] == ["21", "22", "23", "24", "25"]
    assert merged.skipped[pages.REPEATED] == 2


def test_forum_wide_latest_posts_is_one_thread_per_topic() -> None:
    """``/posts.json`` (``latest_posts`` of several topics, newest first) was refused as
    no known shape: each topic is a thread, read as a page of it."""
    text = (pc.FIXTURES / "discourse-json" / "latest_posts_two_topics.json").read_text(encoding="utf-8")
    assert mod.sniff(text) == mod.SURE
    sourdough, bagels = mod.parse(text)
    assert [t.key for t in (sourdough, bagels)] == ["77", "81"]
    assert (sourdough.title, bagels.title) == (
        "Sourdough starter smells of acetone",
        "Best flour for bagels?",
    )
    assert [(p.source_id, p.parent_source_id) for p in sourdough.posts] == [
        ("1", None),
        ("2", "1"),
        ("3", "2"),
    ]
    assert sourdough.posts[2].quote_sources == ["rye_owl"]
    assert sourdough.origin == "discourse:/t/sourdough-starter-smells-of-acetone/77"
    assert [p.author for p in bagels.posts] == ["malt_heron"]
    assert bagels.skipped == {"small_action": 1}


def test_empty_latest_posts_is_refused() -> None:
    with pytest.raises(ThreadsError, match="latest_posts is empty"):
        mod.parse('{"latest_posts": []}')
