"""threads.formats.activitypub_json: ActivityPub outboxes (a Mastodon account archive's
outbox.json, an outbox page), which were refused ("not in the shape of any export threads
reads"). The fixtures are hand-written in the shape of a real archive (dealingwith/masto-archive)."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import activitypub_json as mod
from threads.formats import detect
from threads.model import ThreadsError

FIXTURES = pc.FIXTURES / "activitypub-json"


def test_an_archive_is_one_thread_per_chain_of_replies() -> None:
    own, answer, alone = mod.parse(pc.read(FIXTURES / "archive_outbox.json"))
    assert [p.source_id.rsplit("/", 1)[1] for p in own.posts] == ["112000000000000100", "112000000000000110"]
    # a reply to someone else's post is kept, under a placeholder for that post
    assert answer.posts[0].placeholder and answer.posts[0].source_id.startswith("https://fen.example/")
    assert [p.author for p in answer.posts[1:]] == ["marigold@moss.example"] * 2
    assert own.skipped == {"announce": 1}
    assert alone.title == "pond losses" and "<p>" not in alone.posts[0].body


def test_replies_to_one_missing_post_share_its_placeholder_in_time_order() -> None:
    [thread] = mod.parse(pc.read(FIXTURES / "outbox_page.json"))
    assert [p.timestamp.isoformat() if p.timestamp else None for p in thread.posts] == [
        None,
        "2024-06-05T07:00:00+00:00",
        "2024-06-05T07:05:00+00:00",
    ]
    assert thread.posts[1].quoted == ["first poppy of June"]
    assert thread.skipped == {"like": 1}


def test_the_actor_address_names_the_author() -> None:
    assert mod.actor_name("https://pl.example/users/ann") == "ann@pl.example"
    assert mod.actor_name("https://gts.example/@bo") == "bo@gts.example"
    assert mod.actor_name("https://odd.example/actors/7") == "https://odd.example/actors/7"


def test_a_bare_outbox_collection_is_refused_in_one_line() -> None:
    """An outbox fetched without ?page=true lists no item, only a link to its first page."""
    text = json.dumps({"type": "OrderedCollection", "totalItems": 3, "first": "https://x/outbox?page=true"})
    assert detect(text).name != mod.NAME
    with pytest.raises(ThreadsError, match="collection") as err:
        mod.parse(text)
    assert "\n" not in err.value.message


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"type": "OrderedCollection", ',
        '"orderedItems": [',
        '{"type": "Create", ',
        '"object": {"type": "Note"',
        "}",
        "]",
    ],
)
