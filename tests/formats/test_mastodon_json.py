"""threads.formats.mastodon_json: Mastodon API answers (statuses/:id/context, statuses),
which were refused ("not in the shape of any export threads reads"). The fixtures are
hand-written in the shape of real answers (hci.social's, saved in ryanatkn/fuz_mastodon)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import mastodon_json as mod

FIXTURES = pc.FIXTURES / "mastodon-json"


def _status(sid: str, reply: str | None = None, acct: str = "ann", **extra: object) -> dict[str, object]:
    return {
        "id": sid,
        "in_reply_to_id": reply,
        "created_at": f"2024-03-01T10:0{sid[-1]}:00.000Z",
        "content": f"<p>words {sid}</p>",
        "spoiler_text": "",
        "reblog": None,
        "account": {"acct": acct, "username": acct.split("@")[0]},
        **extra,
    }


def test_a_status_and_its_context_are_one_conversation_in_time_order() -> None:
    [thread] = mod.parse(pc.read(FIXTURES / "status_and_context.json"))
    assert [(p.author, p.source_id, p.parent_source_id) for p in thread.posts] == [
        ("marigold", "112000000000000100", None),
        ("otto@fen.example", "112000000000000140", "112000000000000100"),
        ("wren@sedge.example", "112000000000000150", "112000000000000100"),
        ("marigold", "112000000000000170", "112000000000000140"),
    ]
    wren = thread.posts[2]
    # HTML read as text: the mention as written, the content warning as the title, the
    # blockquote as a quote
    assert wren.body.startswith("@marigold") and "<" not in wren.body
    assert (wren.title, wren.quoted) == ("sad pond news", ["three dry springs"])
    assert (
        thread.posts[0].timestamp is not None and thread.posts[0].timestamp.utcoffset().total_seconds() == 0
    )


def test_the_asked_about_status_missing_from_a_context_keeps_one_thread() -> None:
    """A context answer lacks its own status: a placeholder stands for it under the last
    ancestor, so the ancestors and the descendants stay one conversation."""
    [thread] = mod.parse(pc.read(FIXTURES / "context_of_a_reply.json"))
    stub = thread.posts[2]
    assert (stub.source_id, stub.parent_source_id, stub.placeholder) == (
        "112100000000000030",
        "112100000000000020",
        True,
    )
    assert thread.posts[3].parent_source_id == stub.source_id
    assert any("the one the context answer is about" in w for w in thread.warnings)
    assert not any("moved" in w for w in thread.warnings)


def test_a_timeline_splits_by_conversation_and_counts_boosts() -> None:
    first, second = mod.parse(pc.read(FIXTURES / "account_statuses.json"))
    assert first.posts[0].placeholder and first.posts[0].source_id == "112200000000000250"
    assert any("not in the file" in w for w in first.warnings)
    assert first.skipped == {"reblog": 1}
    assert [p.source_id for p in second.posts] == ["112200000000000270", "112200000000000280"]


def test_a_status_given_twice_is_read_once() -> None:
    root, reply = _status("1"), _status("2", reply="1")
    text = json.dumps([root, {"ancestors": [root], "descendants": [reply]}, reply])
    [thread] = mod.parse(text)
    assert [p.source_id for p in thread.posts] == ["1", "2"]


def test_replies_to_one_missing_status_share_its_placeholder() -> None:
    text = json.dumps(
        {"ancestors": [], "descendants": [_status("2", "1"), _status("3", "1"), _status("4", "3")]}
    )
    [thread] = mod.parse(text)
    assert [(p.source_id, p.parent_source_id) for p in thread.posts] == [
        ("1", None),
        ("2", "1"),
        ("3", "1"),
        ("4", "3"),
    ]


def test_detected_from_the_content_not_the_name(tmp_path: Path) -> None:
    text = json.dumps({"statuses": [_status("1")], "accounts": [], "hashtags": []})  # /api/v2/search
    assert detect(text).name == "mastodon-json"
    assert [p.source_id for t in mod.parse(text) for p in t.posts] == ["1"]


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"ancestors": [',
        '"descendants": [',
        '{"id": "1", ',
        '"in_reply_to_id": "1", ',
        '"account": {"acct": "a"}',
        "}",
        "]",
    ],
)
