"""threads.formats.discourse_json on synthetic Discourse topic JSON (see platform_common)."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import discourse_json as mod
from threads.model import ThreadsError

FOLDER = "discourse_json"
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
    assert thread.posts[2].parent_source_id == "2" and thread.posts[1].parent_source_id is None


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
