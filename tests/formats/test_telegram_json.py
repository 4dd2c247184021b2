"""telegram-json: Telegram Desktop's JSON chat export (one chat, or a full export's chats).

Before this dialect, every such export was refused ('not in the shape of any export').
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from threads.formats import detect, telegram_json
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "telegram-json"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_chat_export_is_detected_and_read_as_one_thread() -> None:
    assert detect(_text("group_replies.json")).name == "telegram-json"
    (thread,) = telegram_json.parse(_text("group_replies.json"))
    assert thread.title == "Allotment neighbours"
    assert [p.source_id for p in thread.posts] == [
        "chat:1748203311",
        "41",
        "42",
        "43",
        "44",
        "45",
        "47",
        "48",
    ]
    assert thread.posts[0].placeholder and thread.posts[0].title == "Allotment neighbours"
    assert thread.skipped == {"service: create_group": 1, "service: pin_message": 1}


def test_reply_to_message_id_is_an_explicit_link_and_the_rest_is_left_to_inference() -> None:
    a = threads.read(FIXTURES / "group_replies.json")
    rows = {r["source_id"]: r for r in a.posts.iter_rows(named=True)}
    assert (rows["42"]["parent_id"], rows["42"]["reply_evidence"]) == (1, "explicit")
    assert (rows["47"]["parent_id"], rows["47"]["reply_evidence"]) == (4, "explicit")
    # a reply to message 17, not in the file, and the unmarked messages answer no one in particular
    assert all(rows[s]["reply_evidence"] == "root" for s in ("43", "44", "48"))


def test_unix_time_wins_over_the_wall_clock_and_old_exports_stay_naive() -> None:
    (thread,) = telegram_json.parse(_text("group_replies.json"))
    assert (
        thread.posts[1].timestamp is not None
        and thread.posts[1].timestamp.isoformat() == "2023-04-02T07:02:10+00:00"
    )
    first, _ = telegram_json.parse(_text("full_export_topics.json"))
    assert first.posts[1].timestamp is not None and first.posts[1].timestamp.tzinfo is None


def test_entities_forwards_blockquotes_and_deleted_accounts() -> None:
    (thread,) = telegram_json.parse(_text("group_replies.json"))
    by_id = {p.source_id: p for p in thread.posts}
    assert (
        by_id["41"].body
        == "The water butts are full again, see https://example.org/rota for the watering rota."
    )
    assert by_id["44"].quoted == ["the shed key hangs behind the compost bins"]
    assert "shed key" not in by_id["44"].body
    assert (by_id["45"].body, by_id["45"].quoted) == ("", ["Frost expected tonight, cover the seedlings."])
    assert by_id["47"].author is None and by_id["43"].body == ""
    said = " ".join(thread.warnings)
    for words in (
        "1 forwarded",
        "1 of 3 repl(ies) answer a message not in the file",
        "1 message(s) with no words",
        "1 message(s) by deleted accounts",
    ):
        assert words in said


def test_a_full_export_gives_one_thread_per_chat_and_topic_openings_are_no_parents() -> None:
    direct, forum = telegram_json.parse(_text("full_export_topics.json"))
    assert (direct.title, forum.title) == ("Tamsin Fairweather", "Beekeepers of the valley")
    assert [p.parent_source_id for p in forum.posts] == [None, None, "2", None]  # the chat first
    assert forum.skipped == {"service: topic_created": 1}
    assert "2 message(s) marked as answering a service message" in " ".join(forum.warnings)
    assert "1 chat(s) of the export with no message" in " ".join(direct.warnings)


def test_only_service_messages_or_no_chat_is_refused_in_one_line() -> None:
    service = {
        "name": "x",
        "type": "private_group",
        "id": 1,
        "messages": [
            {"id": 1, "type": "service", "date": "2023-01-01T10:00:00", "action": "create_group", "text": ""}
        ],
    }
    with pytest.raises(ThreadsError, match="no message"):
        telegram_json.parse(json.dumps(service))
    with pytest.raises(ThreadsError, match="not a Telegram export"):
        telegram_json.parse('{"chats": {"list": []}}')


def test_a_head_cut_from_a_big_export_is_still_recognised() -> None:
    head = _text("group_replies.json")[:1500]
    assert telegram_json.sniff(head) == telegram_json.HEAD
