"""threads.formats.disqus_json: Disqus API answers (posts/list, threads/listPosts), which
were refused as no known shape. The fixture is hand-written in the shape of real API posts."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import disqus_json as mod
from threads.model import ThreadsError

FIXTURE = pc.FIXTURES / "disqus-json" / "posts_list_related_thread.json"


def test_one_thread_per_thread_id_in_time_order() -> None:
    fog, lens = mod.parse(pc.read(FIXTURE))
    assert [t.key for t in (fog, lens)] == ["7002", "7001"]
    assert lens.title == "Restoring the old lighthouse lens"
    assert [(p.source_id, p.parent_source_id) for p in lens.posts] == [
        ("thread-7001", None),
        ("9101", "thread-7001"),
        ("9102", "9101"),
        ("9103", "9102"),
    ]
    deleted = lens.posts[2]
    assert (deleted.placeholder, deleted.author, deleted.body) == (True, None, "[deleted]")
    assert lens.skipped == {"spam": 1}
    assert lens.posts[3].quoted == ["Which polish did you use on the brass?"]
    assert lens.posts[0].placeholder and lens.posts[0].body == "https://example.net/lens"


def test_thread_as_an_id_and_a_response_list_alone() -> None:
    posts = [
        {
            "id": "2",
            "parent": 1,
            "thread": "70",
            "forum": "f",
            "createdAt": "2020-01-01T10:00:00",
            "message": "<p>yes</p>",
            "isDeleted": False,
            "author": {"username": "bo"},
        },
        {
            "id": "1",
            "parent": None,
            "thread": "70",
            "forum": "f",
            "createdAt": "2020-01-01T09:00:00",
            "message": "<p>is it on?</p>",
            "isDeleted": False,
            "author": {"name": "Ann"},
        },
    ]
    text = json.dumps(posts)
    assert detect(text).name == "disqus-json"
    [thread] = mod.parse(text)
    assert [(p.author, p.parent_source_id) for p in thread.posts] == [
        (None, None),
        ("Ann", "thread-70"),
        ("bo", "1"),
    ]
    assert (
        thread.posts[1].timestamp is not None and thread.posts[1].timestamp.utcoffset().total_seconds() == 0
    )


def test_a_parent_outside_the_answer_is_kept_and_said() -> None:
    post = {
        "id": "5",
        "parent": 4,
        "thread": "9",
        "forum": "f",
        "createdAt": "2020-01-01T09:00:00",
        "message": "x",
        "isSpam": False,
        "author": {"name": "Ann"},
    }
    [thread] = mod.parse(json.dumps({"code": 0, "response": post}))  # posts/details: one object
    assert thread.posts[1].parent_source_id == "4"
    assert any("not in the file" in w for w in thread.warnings)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"code": 0, "response": []}', "without posts"),
        ('{"code": 2}', "has a 'response'"),
        ("[1]", "should be"),
    ],
)
def test_wrong_shape_is_named(text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod, ['{"response": [', '{"thread": "1", ', '"parent": 2, ', '"author": {"name": "a"}', "}", "]"]
)
