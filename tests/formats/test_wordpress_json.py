"""threads.formats.wordpress_json: WordPress REST API answers (/wp-json/wp/v2/comments,
posts?_embed), which were refused as no known shape. The fixture is hand-written in the
shape of real answers."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import wordpress_json as mod
from threads.model import ThreadsError

FIXTURE = pc.FIXTURES / "wordpress-json" / "post_and_comments.json"


def test_post_and_its_comments_by_parent_in_utc() -> None:
    [thread] = mod.parse(pc.read(FIXTURE))
    assert thread.title == "Pickling & preserving"
    assert [(p.author, p.source_id, p.parent_source_id) for p in thread.posts] == [
        ("Hazel Brine", "post-41", None),
        ("June Caraway", "501", "post-41"),
        ("Ivo Dill", "503", "501"),
    ]
    # date_gmt, not the local date two hours ahead
    assert [p.timestamp.isoformat() for p in thread.posts if p.timestamp] == [
        "2023-09-10T07:00:00+00:00",
        "2023-09-10T09:00:00+00:00",
        "2023-09-10T10:15:00+00:00",
    ]
    assert thread.skipped == {"spam": 1}
    assert thread.posts[2].quoted == ["three percent salt"] and "<p>" not in thread.posts[2].body


def test_a_post_without_its_author_name_is_still_the_article() -> None:
    """/wp-json/wp/v2/posts/N without ?_embed names its author by id only: the post's
    text is in the dump all the same, so it is the article with no author, not a
    placeholder for a post the dump lacks (it was one, left out of the counts)."""
    data = json.loads(pc.read(FIXTURE))
    for item in data:
        item.pop("_embedded", None)
    [thread] = mod.parse(json.dumps(data))
    root = thread.posts[0]
    assert (root.author, root.placeholder, root.title) == (None, False, "Pickling & preserving")
    assert root.body.startswith("Brine ratios")


def _comment(cid: int, parent: int, post: int = 7, **extra: object) -> dict[str, object]:
    return {
        "id": cid,
        "post": post,
        "parent": parent,
        "author_name": f"n{cid}",
        "link": "https://b/#c",
        "date": f"2024-03-01T10:0{cid}:00",
        "content": {"rendered": f"<p>c{cid}</p>"},
        **extra,
    }


def test_embedded_replies_use_the_local_date_naive() -> None:
    post = {
        "id": 7,
        "title": {"rendered": "T"},
        "content": {"rendered": "<p>body</p>"},
        "date_gmt": "2024-03-01T08:00:00",
        "_embedded": {"replies": [[_comment(2, 1), _comment(1, 0)]]},
    }
    text = json.dumps(post)
    assert mod.sniff(text) == mod.EMBEDDED
    [thread] = mod.parse(text)
    assert [(p.author, p.parent_source_id) for p in thread.posts] == [
        (None, None),
        ("n1", "post-7"),
        ("n2", "1"),
    ]
    assert thread.posts[1].timestamp is not None and thread.posts[1].timestamp.tzinfo is None


def test_comments_of_two_posts_without_the_posts() -> None:
    text = json.dumps(
        [
            _comment(3, 0, post=8, date_gmt="2024-03-01T09:00:00"),
            _comment(1, 0, post=7, date_gmt="2024-03-01T08:00:00"),
        ]
    )
    eight, seven = mod.parse(text)
    assert [t.key for t in (eight, seven)] == ["8", "7"]
    assert (
        eight.posts[0].placeholder and eight.posts[1].parent_source_id is None
    )  # no reply anywhere: inference
    assert any("placeholder root" in w for w in eight.warnings)


@pytest.mark.parametrize(
    ("text", "problem"), [("[]", "no WordPress comment"), ('"x"', "should be"), ("{", "not valid JSON")]
)
def test_wrong_shape_is_named(text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod, ['[{"author_name": "a", ', '"content": {"rendered": "x"}', '"parent": 0, ', '"post": 1', "}", "]"]
)
