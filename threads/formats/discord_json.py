"""DiscordChatExporter's JSON export of one channel (Tyrrrz/DiscordChatExporter, ``-f Json``).

::

    {"guild": {"id": "5300", "name": "Kite club", "iconUrl": "..."},
     "channel": {"id": "5301", "type": "GuildTextChat", "categoryId": "5302",
                 "category": "Talk", "name": "general", "topic": "..."},
     "dateRange": {"after": null, "before": null}, "exportedAt": "...",
     "messages": [{"id": "9001", "type": "Default", "timestamp": "2023-01-17T19:33:19.087+00:00",
                   "timestampEdited": null, "isPinned": false, "content": "markdown",
                   "author": {"id": "71", "name": "ann", "discriminator": "0000",
                              "nickname": "Ann", "isBot": false, ...},
                   "attachments": [], "embeds": [], "stickers": [], "reactions": [],
                   "mentions": [],
                   "reference": {"type": "Default", "messageId": "9000",
                                 "channelId": "5301", "guildId": "5300"}}, ...],
     "messageCount": 2}

(The shape is JsonMessageWriter.cs's.) One thread per channel export, titled ``guild /
#channel`` (a DM: the channel's name); a list of such exports gives one thread each. The
messages in the export's order (time order). How a chat becomes a thread, replies
included, is :mod:`threads.formats._chat`'s: a message whose ``reference`` names a
message of this channel answers it (a reference of type ``Forward`` is a forward, its
``forwardedMessage`` a quote of another's words; a reference to another channel is no
reply, counted). System messages (joins, pins, calls, channel renames, thread openings:
every type but those of :data:`MESSAGE_TYPES`) are no posts: counted in ``skipped`` by
type. A message id seen twice is read once (``skipped["duplicate"]``).

Text: ``content``, Discord markdown as the exporter wrote it (mentions already as
``@name``); ``> `` lines are quotes, as in any markdown. Authors: ``nickname`` (the
name shown in the server, and what ``@mentions`` show), else ``name``; Discord's
``Deleted User`` account stands for every deleted account: no author. Bots keep their
name, counted in a warning. Times: ``timestamp``, ISO 8601 with an offset: aware UTC.
"""

from __future__ import annotations

import re
from typing import Any

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import NOT_JSON, iso_utc, json_outline, load_json, need, scan_head
from threads.model import RawThread, ThreadsError

NAME = "discord-json"
PRIORITY = 30
DESCRIPTION = (
    "DiscordChatExporter JSON: one channel's messages (guild, channel, messages with author, reference)."
)

# Message types that are posts (DiscordChatExporter's MessageKind names; Discord API
# "Message Types": 0 DEFAULT, 19 REPLY, 20 CHAT_INPUT_COMMAND, 23 CONTEXT_MENU_COMMAND).
# Every other type is a system notification (DCE writes its fallback text as content).
MESSAGE_TYPES = frozenset({"Default", "Reply", "ChatInputCommand", "ContextMenuCommand"})
# A reference of this type forwards a message (JsonMessageWriter: reference.type); the
# others (Default) answer it.
FORWARD = "Forward"
# The name Discord gives every deleted account (discriminator 0000).
DELETED_USER = "Deleted User"
# sniff(): an export names its guild and channel, and its messages have author and
# timestamp. For text that does not parse (a head cut from a big export) these keys.
SURE, HEAD = 0.95, 0.9
_HEAD_SIGNS = (
    re.compile(r'^\s*[\[{]\s*(?:\{\s*)?"guild"\s*:\s*\{'),
    re.compile(r'"channel"\s*:\s*\{'),
    re.compile(r'"timestampEdited"\s*:'),
)


def _exports(data: Any) -> list[dict[str, Any]]:
    docs = data if isinstance(data, list) else [data]
    return [
        d
        for d in docs
        if isinstance(d, dict) and isinstance(d.get("channel"), dict) and isinstance(d.get("messages"), list)
    ]


def _is_message(item: object) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("author"), dict)
        and "timestamp" in item
        and "id" in item
    )


def sniff(text: str) -> float:
    """Confidence that ``text`` is a DiscordChatExporter JSON export.

    >>> sniff('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": '
    ...       '[{"id": "3", "timestamp": "2023-01-01T00:00:00+00:00", "author": {"name": "a"}}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0
    for export in _exports(outline):
        if "guild" in export and any(_is_message(m) for m in export["messages"]):
            return SURE
    return 0.0


def _author(author: dict[str, Any]) -> str | None:
    for key in ("nickname", "name"):
        value = author.get(key)
        if isinstance(value, str) and value.strip():
            return None if value.strip() == DELETED_USER else value.strip()
    return None


def _title(export: dict[str, Any]) -> str | None:
    channel, guild = export["channel"], export.get("guild")
    name = channel.get("name") if isinstance(channel.get("name"), str) else None
    gname = guild.get("name") if isinstance(guild, dict) and isinstance(guild.get("name"), str) else None
    if gname and name and str(guild.get("id")) != "0":  # guild "0" is DCE's "Direct Messages"
        return f"{gname} / #{name}"
    return name or gname


def _channel(export: dict[str, Any]) -> RawThread | None:
    channel_id = str(export["channel"].get("id"))
    counts = ChatCounts()
    messages: list[ChatMessage] = []
    seen: set[str] = set()
    bots = forwards = 0
    for item in export["messages"]:
        item = need(item, dict, "a message of messages")
        sid = str(item.get("id"))
        kind = item.get("type", "Default")
        if kind not in MESSAGE_TYPES:
            counts.skip(f"system: {kind}")
            continue
        if sid in seen:
            counts.skip("duplicate")
            continue
        seen.add(sid)
        author = item.get("author") if isinstance(item.get("author"), dict) else {}
        bots += author.get("isBot") is True
        content = item.get("content") if isinstance(item.get("content"), str) else ""
        quoted: list[str] = []
        reply_to = None
        ref = item.get("reference") if isinstance(item.get("reference"), dict) else None
        if ref is not None and ref.get("type") == FORWARD:
            forwards += 1
            fwd = item.get("forwardedMessage")
            words = fwd.get("content") if isinstance(fwd, dict) else None
            quoted = [words.strip()] if isinstance(words, str) and words.strip() else []
        elif ref is not None and ref.get("messageId"):
            if ref.get("channelId") in (None, channel_id):
                reply_to = str(ref["messageId"])
            else:
                counts.not_replies += 1
        messages.append(
            ChatMessage(
                source_id=sid,
                author=_author(author),
                timestamp=iso_utc(item.get("timestamp")),
                text=content.replace("\r\n", "\n").strip(),
                reply_to=reply_to,
                quoted=quoted,
            )
        )
    if bots:
        counts.notes.append(f"{bots} message(s) by bot accounts, kept under their name")
    if forwards:
        counts.notes.append(f"{forwards} forwarded message(s): their words are a quote, not the sender's own")
    if not messages:
        return None
    return assemble(channel_id, _title(export), messages, counts)


def parse(text: str) -> list[RawThread]:
    """One thread per channel export; see the module doc."""
    exports = _exports(load_json(text, "a DiscordChatExporter export"))
    if not exports:
        raise ThreadsError(
            "unexpected JSON shape: not a DiscordChatExporter export (no 'channel' and 'messages')"
        )
    out = [t for t in map(_channel, exports) if t is not None]
    if not out:
        raise ThreadsError("a DiscordChatExporter export with no message (system messages only, or none)")
    return out
