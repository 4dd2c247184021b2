"""matrix-json: Element's "Export chat" JSON and the Matrix API's /messages pages.

Before this dialect, both were refused ('a JSON document, but not in the shape of any
export threads reads'): the real samples of /tmp/vdumps/W6 (an Element export from
timelinize's tests, /messages answers from matrix-rust-sdk and matrix-rx) all were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from threads.formats import detect, matrix_json
from threads.model import ThreadsError
from threads.read import read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "matrix-json"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _event(eid: str, room: str, ts: int, body: str, **extra: object) -> dict[str, object]:
    return {
        "type": "m.room.message",
        "event_id": eid,
        "room_id": room,
        "sender": "@ida:reed.example",
        "origin_server_ts": ts,
        "content": {"msgtype": "m.text", "body": body, **extra},
    }


def test_an_element_export_is_detected_and_read_as_one_room() -> None:
    assert detect(_text("element_export.json")).name == "matrix-json"
    (thread,) = matrix_json.parse(_text("element_export.json"))
    assert thread.title == "Seed library" and thread.key == "!seeds:fernhill.example"
    assert thread.posts[0].placeholder and thread.posts[0].source_id == "chat:!seeds:fernhill.example"
    assert len(thread.posts) == 13
    assert thread.skipped == {
        "state: m.room.create": 1,
        "state: m.room.member": 4,
        "state: m.room.topic": 1,
        "event: m.reaction": 1,
        "edit (applied to the message it edits)": 1,
        "redacted, no reply kept": 1,
    }


def test_replies_are_explicit_and_thread_messages_answer_their_root() -> None:
    a = threads.read(FIXTURES / "element_export.json")
    rows = {r["source_id"]: r for r in a.posts.iter_rows(named=True)}

    def link(sid: str) -> tuple[str | None, str]:
        parent = rows[sid]["parent_id"]
        target = next((s for s, r in rows.items() if r["post_id"] == parent), None)
        return target, rows[sid]["reply_evidence"]

    assert link("$m2:fernhill.example") == ("$m1:fernhill.example", "explicit")
    assert link("$m3:moss.example") == ("$m2:fernhill.example", "explicit")
    assert link("$m7:fernhill.example") == ("$m6:fernhill.example", "explicit")  # a redacted placeholder
    # is_falling_back: the in_reply_to is the thread's latest message, not a chosen one
    assert link("$m9:fernhill.example") == ("$m8:moss.example", "nested")
    assert link("$m10:fernhill.example") == ("$m8:moss.example", "nested")
    # a real reply inside the thread
    assert link("$m11:moss.example") == ("$m10:fernhill.example", "explicit")


def test_fallbacks_are_quotes_pills_mentions_and_edits_replace_the_text() -> None:
    (thread,) = matrix_json.parse(_text("element_export.json"))
    by_id = {p.source_id: p for p in thread.posts}
    m2 = by_id["$m2:fernhill.example"]
    assert m2.body == "I kept a jar of Scarlet Emperor, happy to share."
    assert m2.quoted == ["Who still has runner bean seeds from last autumn?"]
    assert "In reply to" not in m2.body and "<" not in m2.body
    m7 = by_id["$m7:fernhill.example"]  # a plain body's fallback
    assert (m7.body, m7.quoted) == (
        "Noted, I will bring a few spare ones too.",
        ["Bring your own envelopes please"],
    )
    m3 = by_id["$m3:moss.example"]  # a pill: @Name
    assert m3.body == "@Tobiah Marsh: could you post some to the allotment shed?"
    assert m3.quoted == ["I kept a jar of Scarlet Emperor, happy to share."]
    assert by_id["$m4:fernhill.example"].body == "Sure, Saturday morning."
    assert "$e1:fernhill.example" not in by_id  # the edit is no post
    assert by_id["$m12:fernhill.example"].body == ""  # an image without caption
    gone = by_id["$m6:fernhill.example"]
    assert gone.placeholder and gone.author is None and gone.body == ""
    assert "$m5:moss.example" not in by_id
    said = " ".join(thread.warnings)
    for words in (
        "1 edited message(s)",
        "1 of 7 repl(ies) answer a message not in the file",
        "1 redacted message(s) that replies answer",
        "1 message(s) with no words",
    ):
        assert words in said


def test_api_pages_are_sorted_merged_and_named_from_member_events() -> None:
    assert detect(_text("api_message_pages.json")).name == "matrix-json"
    (thread,) = matrix_json.parse(_text("api_message_pages.json"))
    assert thread.title == "Kiln room"  # from the m.room.name event
    assert [p.source_id for p in thread.posts[1:]] == [
        "$k1:clayworks.example",
        "$k2:clayworks.example",
        "$k3:glaze.example",
        "$k4:glaze.example",
        "$k8:glaze.example",
    ]
    assert [p.author for p in thread.posts[1:]] == [
        "Wren Halloway",
        "Jory (@jory:clayworks.example)",
        "Jory (@jory2:glaze.example)",
        "@ansel:glaze.example",
        "Jory (@jory2:glaze.example)",
    ]
    by_id = {p.source_id: p for p in thread.posts}
    assert by_id["$k4:glaze.example"].body.endswith("Two would do.")  # the bundled edit
    assert by_id["$k3:glaze.example"].body == ""  # not decrypted
    assert by_id["$k8:glaze.example"].body.startswith("@ansel:glaze.example: I have four")
    stamp = by_id["$k1:clayworks.example"].timestamp
    assert stamp is not None and stamp.isoformat() == "2024-04-02T10:00:00+00:00"
    assert thread.skipped == {
        "duplicate": 1,
        "redaction": 1,
        "state: m.room.name": 1,
        "redacted, no reply kept": 1,
    }
    assert any("1 encrypted message(s)" in w for w in thread.warnings)


def test_several_rooms_in_one_file_are_several_threads() -> None:
    events = [
        _event("$a1", "!one:reed.example", 1700000000000, "first room"),
        _event("$b1", "!two:reed.example", 1700000060000, "second room"),
        _event(
            "$a2",
            "!one:reed.example",
            1700000120000,
            "again",
            **{"m.relates_to": {"m.in_reply_to": {"event_id": "$a1"}}},
        ),
    ]
    got = matrix_json.parse(json.dumps(events))
    assert [(t.key, len(t.posts)) for t in got] == [("!one:reed.example", 3), ("!two:reed.example", 2)]
    assert got[0].posts[2].parent_source_id == "$a1"


def test_state_only_and_other_shapes_are_refused_in_one_line() -> None:
    state = {
        "type": "m.room.member",
        "event_id": "$s",
        "sender": "@a:x",
        "origin_server_ts": 1,
        "state_key": "@a:x",
    }
    with pytest.raises(ThreadsError, match="no message"):
        matrix_json.parse(json.dumps({"chunk": [state], "start": "s"}))
    with pytest.raises(ThreadsError, match="not Matrix room history"):
        matrix_json.parse('{"messages": [{"id": 1, "type": "message", "date": "2023-01-01T10:00:00"}]}')
    # a Telegram export is no Matrix history
    assert (
        matrix_json.sniff('{"name": "x", "messages": [{"id": 1, "type": "message", "date": "2023"}]}') == 0.0
    )


def test_a_head_cut_from_a_big_export_is_still_known() -> None:
    head = _text("element_export.json")[:3000]
    assert matrix_json.sniff(head) == matrix_json.HEAD


def test_no_corpus_file_is_taken_for_matrix(corpus: Path) -> None:
    """The real dumps keep their dialects: none of them is Matrix history."""
    files = sorted(
        p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".json", ".txt", ".html", ".xml")
    )
    assert files
    for path in files:
        assert matrix_json.sniff(read_source(path).text) == 0.0, path
