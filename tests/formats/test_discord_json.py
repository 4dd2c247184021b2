"""discord-json: DiscordChatExporter's JSON export of one channel.

Before this dialect, every such export was refused ('not in the shape of any export').
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from threads.formats import detect, discord_json
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "discord-json"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_channel_export_is_detected_and_system_messages_and_duplicates_counted() -> None:
    assert detect(_text("guild_channel.json")).name == "discord-json"
    (thread,) = discord_json.parse(_text("guild_channel.json"))
    assert thread.title == "Harbour Rowing Club / #outings"
    assert len(thread.posts) == 8 and thread.posts[0].placeholder  # the chat, then 7 messages
    assert thread.posts[0].title == thread.title and thread.posts[0].author is None
    assert thread.skipped == {"system: GuildMemberJoin": 1, "system: ChannelPinnedMessage": 1, "duplicate": 1}


def test_a_reference_in_the_channel_is_an_explicit_reply_others_are_not() -> None:
    (thread,) = discord_json.parse(_text("guild_channel.json"))
    parents = {p.source_id[-1]: p.parent_source_id for p in thread.posts}
    assert parents["3"] == "1201000000000000002" and parents["5"] == "1201000000000000003"
    assert parents["6"] == "1190000000000000077"  # not in the file: kept dangling, counted
    assert parents["7"] is None and parents["9"] is None  # a forward; a message of another channel
    said = " ".join(thread.warnings)
    assert "1 of 3 repl(ies) answer a message not in the file" in said
    assert "or another chat: no reply" in said and "1 message(s) by bot accounts" in said


def test_forwards_deleted_users_nicknames_and_times() -> None:
    (thread,) = discord_json.parse(_text("guild_channel.json"))
    by_id = {p.source_id[-1]: p for p in thread.posts}
    assert (
        by_id["2"].timestamp is not None
        and by_id["2"].timestamp.isoformat() == "2024-01-27T08:15:32.412000+00:00"
    )
    assert (by_id["7"].body, by_id["7"].quoted) == ("", ["The trailer has a new axle and passed its check."])
    assert by_id["5"].author is None  # Discord's 'Deleted User' stands for every deleted account
    assert (by_id["3"].author, by_id["6"].author) == ("Fenna", "ysolde")  # nickname, else name


def test_replies_mentions_and_quotes_in_a_group_dm() -> None:
    a = threads.read(FIXTURES / "group_dm.json")
    assert a.threads[0].title == "quiz night"
    got = [(r["parent_id"], r["reply_evidence"]) for r in a.posts.iter_rows(named=True)]
    # post 0 is the chat: Maren's first message answers no one in particular
    assert got == [(None, None), (0, "root"), (1, "explicit"), (2, "quote"), (1, "explicit")]
    assert ("Maren", "Maren") not in a.interactions.select("source_author", "target_author").rows()


def test_an_export_without_messages_or_channel_is_refused_in_one_line() -> None:
    only_system = {
        "guild": {"id": "0"},
        "channel": {"id": "1"},
        "messages": [
            {
                "id": "2",
                "type": "Call",
                "timestamp": "2023-01-01T00:00:00+00:00",
                "author": {"name": "a"},
                "content": "",
            }
        ],
    }
    with pytest.raises(ThreadsError, match="no message"):
        discord_json.parse(json.dumps(only_system))
    with pytest.raises(ThreadsError, match="not a DiscordChatExporter export"):
        discord_json.parse('{"messages": []}')


def test_a_head_cut_from_a_big_export_is_still_recognised() -> None:
    assert discord_json.sniff(_text("guild_channel.json")[:1500]) == discord_json.HEAD
