"""threads.formats.lemmy_json: Lemmy API answers (comment/list v3 and v4, post?id=) and
PieFed's Lemmy-shaped comment list, which were refused ('not in the shape of any
export'). The fixtures are hand-written in the shape of recorded answers (LemmyKit's
v3/v4 fixtures, a PieFed /api/alpha/comment/list answer, a Lemmy 0.18 post view)."""

from __future__ import annotations

import json
from datetime import timezone

import pytest

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import lemmy_json as mod
from threads.model import ThreadsError

TOGETHER = pc.FIXTURES / "lemmy-json" / "post_and_comments.json"
V4 = pc.FIXTURES / "lemmy-json" / "v4_items.json"


def _view(cid: int, path: str, post_id: int = 1, **comment: object) -> dict:
    return {
        "comment": {
            "id": cid,
            "post_id": post_id,
            "path": path,
            "content": f"text {cid}",
            "published": "2024-01-01T00:00:00Z",
            **comment,
        },
        "creator": {"name": f"u{cid}", "local": True, "actor_id": f"https://a.example/u/u{cid}"},
    }


def test_post_and_comment_list_saved_together_are_one_thread() -> None:
    text = pc.read(TOGETHER)
    assert detect(text).name == "lemmy-json"
    [thread] = mod.parse(text)
    root, *posts = thread.posts
    assert (root.author, root.title, root.placeholder) == (
        "levainlover",
        "Which sourdough hydration do you bake at?",
        False,
    )
    # Lemmy 0.18 writes no zone: UTC
    assert root.timestamp is not None and root.timestamp.tzinfo == timezone.utc
    assert [(p.source_id, p.parent_source_id) for p in posts] == [
        ("9101", "post-4410"),
        ("9102", "9101"),
        ("9103", "9102"),
        ("9104", "9103"),
    ]
    assert posts[1].author == "ryeguy@rye.example"  # another instance's account
    assert posts[2].placeholder  # deleted, but 9104 answers it
    assert thread.skipped == {"removed": 1, "duplicate": 1}
    assert any("2 comment(s) counted by the post" in w for w in thread.warnings)


def test_a_v4_list_of_two_posts_gives_two_threads_with_placeholder_roots() -> None:
    text = pc.read(V4)
    assert detect(text).name == "lemmy-json"
    got = mod.parse(text)
    assert [t.key for t in got] == ["77", "78"]
    assert [t.title for t in got] == ["Finishing a walnut side table", "Scraper or sandpaper?"]
    assert all(t.posts[0].placeholder and t.posts[0].author is None for t in got)
    assert got[1].posts[0].body == "Curious what people reach for first."
    assert got[0].posts[2].author == "eli@chisel.example"


def test_path_gives_the_parent_and_a_missing_ancestor_dangles() -> None:
    text = json.dumps({"comments": [_view(5, "0.5"), _view(7, "0.3.6.7")]})
    [thread] = mod.parse(text)
    assert [p.parent_source_id for p in thread.posts[1:]] == ["post-1", "6"]
    assert "1 post(s) reply to posts not in the file" in thread.warnings


def test_piefed_keys_and_bare_comments() -> None:
    piefed = {
        "comment": {
            "id": 9,
            "post_id": 2,
            "path": "0.9",
            "body": "hello",
            "published": "2026-07-14T18:24:19Z",
        },
        "creator": {"user_name": "ann", "local": False, "actor_id": "https://feddit.example/u/ann"},
        "post": {"id": 2, "title": "A PieFed post"},
    }
    [thread] = mod.parse(json.dumps({"comments": [piefed]}))
    assert (thread.title, thread.posts[1].author, thread.posts[1].body) == (
        "A PieFed post",
        "ann@feddit.example",
        "hello",
    )
    bare = [
        {"id": 3, "creator_id": 12, "post_id": 1, "path": "0.3", "content": "x", "ap_id": "https://a/c/3"}
    ]
    assert mod.sniff(json.dumps(bare)) == mod.BARE
    [thread] = mod.parse(json.dumps(bare))
    assert thread.posts[1].author == "user#12"
    assert any("creator_id" in w for w in thread.warnings)


@pytest.mark.parametrize(
    "text", ['{"comments": "none"}', '{"comments": [{"comment": {"id": 1}}]}', "[1, 2]", "nope"]
)
def test_what_is_not_a_lemmy_answer_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in str(err.value)


test_arbitrary_text = pc.arbitrary_text_property(
    mod,
    ['{"comments": [', '{"comment": {"id": 1, "post_id": 1, "path": "0.1", "content": "x"}}', "]", "}", ","],
)
