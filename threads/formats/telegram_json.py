"""Telegram Desktop's chat export as JSON ("Export chat history", JSON: ``result.json``).

::

    {"name": "Kite club", "type": "private_supergroup", "id": 1402,
     "messages": [{"id": 7, "type": "service", "date": "2023-04-01T09:00:00",
                   "actor": "Ann", "action": "create_group", "text": ""},
                  {"id": 8, "type": "message", "date": "2023-04-01T09:02:10",
                   "date_unixtime": "1680339730", "from": "Ann", "from_id": "user11",
                   "text": ["see ", {"type": "link", "text": "https://..."}],
                   "text_entities": [...]},
                  {"id": 9, "type": "message", ..., "reply_to_message_id": 8,
                   "forwarded_from": "Weather bot", "photo": "...", "text": ""}]}

A full-account export ("Export Telegram data") holds many chats, ``{"chats": {"list":
[{name, type, id, messages}, ...]}, "left_chats": {"list": [...]}}``: one thread per
chat that has messages (chats without any are counted in a warning).

One thread per chat, titled by its ``name``; its messages in the export's order (by id:
time order). How a chat becomes a thread, replies (``reply_to_message_id``) included, is
:mod:`threads.formats._chat`'s. Service messages (``"type": "service"``: joins, pins,
calls, topic openings) are no posts: counted in ``skipped`` by kind. A message from a
deleted account (``"from": null``) has no author.

Text: a string, or a list of strings and entity objects ``{type, text}`` (links,
mentions, bold ...), joined as written; a ``blockquote`` entity is a quote of someone
else's words, taken out of the message's own text. A forwarded message
(``forwarded_from``) carries another's words: its text is a quote, not the forwarder's
own (counted). Photos, stickers and files without a caption are kept with empty text.
Authors: ``from``, the sender's display name, as ``@mentions`` and replies show it.
Times: ``date_unixtime`` (newer exports) as aware UTC; without it ``date``, the
exporting computer's wall clock with no zone, is kept naive (``--tz`` names the zone).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import NOT_JSON, epoch, iso_utc, json_outline, load_json, need, scan_head
from threads.model import RawThread, ThreadsError

NAME = "telegram-json"
PRIORITY = 30
DESCRIPTION = "Telegram Desktop chat export JSON (result.json): one chat, or a full export's chats list."

# The message types of an export (Telegram Desktop, export/output/export_output_json.cpp):
# "message" is a post, "service" an event (counted).
MESSAGE, SERVICE = "message", "service"
# sniff(): a chat is an object with a "messages" list whose items have an id, one of these
# types and a date; a full export holds such chats under chats.list. For text that does
# not parse (a head cut from a big export) the same keys in its head.
SURE, HEAD = 0.95, 0.9
_HEAD_SIGNS = (
    re.compile(r'"messages"\s*:\s*\['),
    re.compile(r'"type"\s*:\s*"(?:message|service)"'),
    re.compile(r'"date(?:_unixtime)?"\s*:\s*"'),
)
# Entity types whose text is someone else's words (Telegram Bot API MessageEntity
# "blockquote" / "expandable_blockquote", as the export names them).
QUOTE_ENTITIES = frozenset({"blockquote", "expandable_blockquote"})


def _is_message(item: object) -> bool:
    return (
        isinstance(item, dict)
        and "id" in item
        and item.get("type") in (MESSAGE, SERVICE)
        and ("date" in item or "date_unixtime" in item)
    )


def _chats(data: Any) -> list[dict[str, Any]]:
    """The chats of an export: the chat itself, or a full export's chats and left chats."""
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return [data]
    out: list[dict[str, Any]] = []
    if isinstance(data, dict):
        for part in ("chats", "left_chats"):
            holder = data.get(part)
            listed = holder.get("list") if isinstance(holder, dict) else None
            if isinstance(listed, list):
                out.extend(c for c in listed if isinstance(c, dict) and isinstance(c.get("messages"), list))
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Telegram Desktop JSON export, from its structure.

    >>> sniff('{"name": "x", "messages": [{"id": 1, "type": "message", "date": "2023-01-01T10:00:00"}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] != "{":
            return 0.0
        return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0
    for chat in _chats(outline):
        if any(_is_message(m) for m in chat["messages"]):
            return SURE
    return 0.0


def _text(value: object) -> tuple[str, list[str]]:
    """A message's own words and the quotes (blockquote entities) in it."""
    if isinstance(value, str):
        return value.strip(), []
    own: list[str] = []
    quotes: list[str] = []
    for part in value if isinstance(value, list) else []:
        if isinstance(part, str):
            own.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            (quotes if part.get("type") in QUOTE_ENTITIES else own).append(part["text"])
    return "".join(own).strip(), [q.strip() for q in quotes if q.strip()]


def _time(item: dict[str, Any]) -> datetime | None:
    if (stamp := epoch(item.get("date_unixtime"))) is not None:
        return stamp
    date = item.get("date")
    if not isinstance(date, str):
        return None
    if date.endswith("Z") or "+" in date[10:]:  # a zone written out: UTC
        return iso_utc(date)
    try:
        return datetime.fromisoformat(date)  # the exporting computer's wall clock
    except ValueError:
        return None


def _chat(chat: dict[str, Any]) -> RawThread | None:
    counts = ChatCounts()
    service: set[str] = set()
    messages: list[ChatMessage] = []
    seen: set[str] = set()
    forwarded = 0
    for item in chat["messages"]:
        item = need(item, dict, "a message of messages")
        sid = str(item.get("id"))
        if item.get("type") != MESSAGE:
            service.add(sid)
            counts.skip(f"service: {item.get('action') or item.get('type')}")
            continue
        if sid in seen:
            counts.skip("duplicate")
            continue
        seen.add(sid)
        own, quoted = _text(item.get("text"))
        if item.get("forwarded_from") is not None or item.get("forwarded_from_id") is not None:
            forwarded += 1
            own, quoted = "", [q for q in (own, *quoted) if q]  # another's words, forwarded
        author = item.get("from")
        reply = item.get("reply_to_message_id")
        reply_to = str(reply) if isinstance(reply, (int, str)) and not isinstance(reply, bool) else None
        peer = item.get("reply_to_peer_id")
        if reply_to is not None and (
            reply_to in service or (peer is not None and str(peer) != str(chat.get("id")))
        ):
            counts.not_replies += 1
            reply_to = None
        messages.append(
            ChatMessage(
                source_id=sid,
                author=author.strip() or None if isinstance(author, str) else None,
                timestamp=_time(item),
                text=own,
                reply_to=reply_to,
                quoted=quoted,
            )
        )
    if forwarded:
        counts.notes.append(
            f"{forwarded} forwarded message(s): their words are a quote, not the sender's own"
        )
    if not messages:
        return None
    name = chat.get("name")
    title = name.strip() or None if isinstance(name, str) else None
    return assemble(str(chat.get("id", title)), title, messages, counts)


def parse(text: str) -> list[RawThread]:
    """One thread per chat with messages; see the module doc."""
    chats = _chats(load_json(text, "a Telegram export"))
    if not chats:
        raise ThreadsError(
            "unexpected JSON shape: not a Telegram export (no 'messages' list, nor chats.list of chats)"
        )
    out = [t for t in map(_chat, chats) if t is not None]
    if not out:
        raise ThreadsError("a Telegram export with no message (only service messages, or none at all)")
    if empty := len(chats) - len(out):
        out[0].warnings.append(
            f"{empty} chat(s) of the export with no message (service messages only): left out"
        )
    return out
