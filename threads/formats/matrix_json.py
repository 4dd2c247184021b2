"""Matrix room history as JSON: Element's "Export chat" (JSON) and the client-server API's
``GET /rooms/{roomId}/messages`` answers, both lists of Matrix client events.

::

    Element:  {"room_name": "Kite club", "room_creator": "Ann", "topic": "...",
               "export_date": "01/03/2024", "exported_by": "Ann",
               "messages": [EVENT, ...]}                    (oldest first)
    API:      {"chunk": [EVENT, ...], "start": "t1-2", "end": "t3-4",
               "state": [m.room.member EVENT, ...]}         (newest first with dir=b)
    EVENT:    {"type": "m.room.message", "event_id": "$a1", "sender": "@ann:example.org",
               "origin_server_ts": 1709280000000, "room_id": "!r:example.org",
               "content": {"msgtype": "m.text", "body": "> <@bo:example.org> hi\\n\\nhello",
                           "format": "org.matrix.custom.html",
                           "formatted_body": "<mx-reply>...</mx-reply>hello",
                           "m.relates_to": {"m.in_reply_to": {"event_id": "$a0"}}},
               "unsigned": {"redacted_because": {...}}}

(Element's writer: element-web ``src/utils/exportUtils/JSONExport.ts``, each message
``MatrixEvent.toJSON()``, an encrypted one as its decrypted event; the events are the
spec's "Client-Server API" room events.) A list of such documents (API pages saved one
after the other), or a bare list of events, is read too. **One thread per room**
(``room_id``; an export without room ids is one room), a chat
(:mod:`threads.formats._chat`: post 0 a placeholder titled with the room's name, from
``room_name`` or the latest ``m.room.name`` event, else the room id). The events are
sorted by ``origin_server_ts`` (API pages come newest first), an event id seen twice
(overlapping pages) is read once.

Replies: ``m.relates_to.m.in_reply_to`` names the message answered: an ``explicit``
link, as a Telegram reply id. A thread message (``rel_type: m.thread``) belongs to the
thread of its root event: its parent is the root, ``nested`` evidence (the platform's
own tree, as a Slack thread's), unless its ``m.in_reply_to`` is a real reply inside the
thread (``is_falling_back`` false): then that message, ``explicit``. With
``is_falling_back`` true the ``m.in_reply_to`` is only the thread's latest message, put
there for clients without threads: the author chose the thread, not that message.

Text: ``formatted_body`` (HTML, ``format: org.matrix.custom.html``) when there is one,
else ``body``. A reply's fallback (``<mx-reply>`` in the HTML; ``> <@id> words`` lines
then a blank line at the start of ``body``) repeats the answered message: a quote, not
the replier's words; other ``<blockquote>``\\s are quotes too. A user pill (``<a
href="https://matrix.to/#/@id">``) becomes ``@Name``, so that it reads as a mention. A
file, image, video, audio or location message keeps its caption (a ``body`` other than
its ``filename``), else no words. An edit (``rel_type: m.replace``) is no post: its
``m.new_content`` replaces the text of the message it edits (the latest edit by the
message's own sender wins; an edit bundled in ``unsigned.m.relations`` too). A redacted
message (``redacted_because``, or emptied content) is a placeholder where replies need
it, else counted; an ``m.room.redaction`` empties the message it names. State events
(joins, names, topics, ...), reactions and the other events are no posts: counted in
``skipped`` by type. A message the export could not decrypt (``m.room.encrypted``) is
kept with no words, counted.

Authors: the display name of the sender's latest ``m.room.member`` event (in the file or
an API answer's ``state``), else the user id (``@ann:example.org``); two users with one
display name are told apart by their ids. Times: ``origin_server_ts``, Unix
milliseconds, as aware UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    html_post_text,
    json_outline,
    load_json,
    scan_head,
)
from threads.model import RawThread, ThreadsError

NAME = "matrix-json"
PRIORITY = 30
DESCRIPTION = (
    "Matrix room history JSON: Element's 'Export chat' (room_name, messages) or the API's "
    "/messages pages (chunk): one thread per room."
)

# sniff(): a document (or list of them) holding Matrix events under "messages" (Element)
# or "chunk" (the API), or a bare list of events; an event has these keys (spec:
# "Room Event Format"). For text that does not parse (a head cut from a big export) the
# same keys in its head.
SURE, HEAD = 0.95, 0.9
EVENT_KEYS = ("type", "event_id", "sender", "origin_server_ts")
EVENT_LISTS = ("messages", "chunk")
_HEAD_SIGNS = (
    re.compile(r'"origin_server_ts"\s*:\s*\d'),
    re.compile(r'"event_id"\s*:\s*"\$'),
    re.compile(r'"sender"\s*:\s*"@'),
)

# Event types (spec, "Client-Server API: Events"): a message, a sticker (its body is
# the sticker's description: no words), an undecrypted message, a redaction.
MESSAGE, STICKER, ENCRYPTED, REDACTION, MEMBER, ROOM_NAME = (
    "m.room.message",
    "m.sticker",
    "m.room.encrypted",
    "m.room.redaction",
    "m.room.member",
    "m.room.name",
)
# msgtypes whose body is a file name unless it is a caption (spec v1.10 "Media captions":
# a body other than "filename" is a caption).
MEDIA = frozenset({"m.image", "m.file", "m.video", "m.audio", "m.location"})
HTML_FORMAT = "org.matrix.custom.html"
REDACTED = "(redacted)"
# Relations (spec "Forming relationships between events").
REPLACE, THREAD, IN_REPLY_TO = "m.replace", "m.thread", "m.in_reply_to"
# A reply's fallback in HTML (spec "Rich replies": clients strip it) and a user pill
# (spec "User and room mentions": a matrix.to link to the user id), the id percent-encoded
# by some clients.
_MX_REPLY = re.compile(r"<mx-reply>.*?</mx-reply>", re.DOTALL | re.IGNORECASE)
_PILL = re.compile(
    r"""<a\s[^>]*href=["']https://matrix\.to/#/(?P<id>(?:@|%40)[^"'?/]+)[^"']*["'][^>]*>.*?</a>""",
    re.DOTALL | re.IGNORECASE,
)
# A reply's fallback in the plain body: "> <@id> first line" then "> more" lines, then a
# blank line (an emote's: "> * <@id> ..."; spec "Fallback for m.text, m.notice ...").
_FALLBACK_HEAD = re.compile(r"^>\s?(?:\*\s)?<[^>\s]+>\s?")


def _is_event(item: object) -> bool:
    return isinstance(item, dict) and all(k in item for k in EVENT_KEYS)


def _documents(data: Any) -> list[list[Any]]:
    """The event lists of ``data``: Element exports, API pages, or a bare event list."""
    docs = data if isinstance(data, list) else [data]
    if isinstance(data, list) and any(_is_event(d) for d in data):
        return [data]
    out = []
    for doc in docs:
        if isinstance(doc, dict):
            out.extend(doc[k] for k in EVENT_LISTS if isinstance(doc.get(k), list))
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is Matrix room history (Element's export, API pages).

    >>> sniff('{"chunk": [{"type": "m.room.message", "event_id": "$1", "sender": "@a:x", '
    ...       '"origin_server_ts": 1700000000000, "content": {"body": "hi"}}], "start": "s"}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] not in ("{", "["):
            return 0.0
        return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0
    for events in _documents(outline):
        if any(_is_event(e) for e in events):
            return SURE
    return 0.0


# ---------------------------------------------------------------- one room


@dataclass
class _Room:
    """What one room's events say besides its messages."""

    key: str
    title: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # user id -> display name
    events: list[dict[str, Any]] = field(default_factory=list)

    def author(self, user: object) -> str | None:
        if not isinstance(user, str) or not user.strip():
            return None
        return self.names.get(user, user)

    def mention(self, user: str) -> str:
        """A pill's text: ``@Name``, or the user id (it starts with ``@``) without one."""
        return f"@{self.names[user]}" if user in self.names else user


def _content(event: dict[str, Any]) -> dict[str, Any]:
    content = event.get("content")
    return content if isinstance(content, dict) else {}


def _relation(content: dict[str, Any]) -> dict[str, Any]:
    rel = content.get("m.relates_to")
    return rel if isinstance(rel, dict) else {}


def _event_id(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _reply_of(rel: dict[str, Any]) -> str | None:
    inner = rel.get(IN_REPLY_TO)
    return _event_id(inner.get("event_id")) if isinstance(inner, dict) else None


def _names(room: _Room, state: list[Any]) -> None:
    """Display names from member events (the latest wins); a name two users share is
    told apart by the ids."""
    for event in [*state, *room.events]:
        if isinstance(event, dict) and event.get("type") == MEMBER:
            name = _content(event).get("displayname")
            user = event.get("state_key")
            if isinstance(user, str) and isinstance(name, str) and name.strip():
                room.names[user] = name.strip()
    users_of: dict[str, list[str]] = {}
    for user, name in room.names.items():
        users_of.setdefault(name, []).append(user)
    for name, users in users_of.items():
        if len(users) > 1:
            for user in users:
                room.names[user] = f"{name} ({user})"


def _fallback(body: str) -> tuple[str, str | None]:
    """``body`` without a reply's fallback, and the fallback's words (the quote)."""
    lines = body.split("\n")
    if not lines or not _FALLBACK_HEAD.match(lines[0]):
        return body, None
    quoted: list[str] = []
    k = 0
    while k < len(lines) and lines[k].startswith(">"):
        line = _FALLBACK_HEAD.sub("", lines[k]) if k == 0 else lines[k][1:]
        quoted.append(line[1:] if line.startswith(" ") else line)
        k += 1
    return "\n".join(lines[k:]).strip(), "\n".join(quoted).strip() or None


def _words(room: _Room, content: dict[str, Any], is_reply: bool) -> tuple[str, list[str]]:
    """A message's own words and the quotes in it (see the module doc)."""
    body = content.get("body") if isinstance(content.get("body"), str) else ""
    if content.get("msgtype") in MEDIA:
        caption = body if "filename" in content and content.get("filename") != body else ""
        return caption.strip(), []
    own, fallback = _fallback(body) if is_reply else (body, None)
    html = content.get("formatted_body")
    if content.get("format") == HTML_FORMAT and isinstance(html, str) and html.strip():
        html = _PILL.sub(lambda m: room.mention(unquote(m.group("id"))), _MX_REPLY.sub("", html))
        own, quotes = html_post_text(html)
        quoted = [q for _, q in quotes if q.strip()]
    else:
        quoted = []
    return own.strip(), ([fallback] if fallback else []) + quoted


@dataclass
class _Edit:
    """The latest edit of a message."""

    sender: object
    stamp: int
    content: dict[str, Any]


def _bundled_edit(event: dict[str, Any]) -> _Edit | None:
    """An edit the server bundled with its message (spec v1.7: the whole edit event)."""
    unsigned = event.get("unsigned")
    relations = unsigned.get("m.relations") if isinstance(unsigned, dict) else None
    edit = relations.get(REPLACE) if isinstance(relations, dict) else None
    new = _content(edit).get("m.new_content") if isinstance(edit, dict) else None
    if not isinstance(edit, dict) or not isinstance(new, dict):
        return None
    return _Edit(edit.get("sender"), _stamp(edit), new)


def _stamp(event: dict[str, Any]) -> int:
    ts = event.get("origin_server_ts")
    return ts if isinstance(ts, int) and not isinstance(ts, bool) else 0


def _redacted(event: dict[str, Any]) -> bool:
    unsigned = event.get("unsigned")
    if isinstance(unsigned, dict) and unsigned.get("redacted_because") is not None:
        return True
    return event.get("type") == MESSAGE and not _content(event)


def _thread(room: _Room) -> RawThread | None:
    counts = ChatCounts()
    events = sorted(room.events, key=_stamp)  # API pages come newest first
    seen: set[str] = set()
    posts: dict[str, dict[str, Any]] = {}  # event id -> message event, time order
    edits: dict[str, _Edit] = {}
    gone: set[str] = set()
    for event in events:
        eid = _event_id(event.get("event_id"))
        if eid is None or eid in seen:
            counts.skip("duplicate" if eid else "event without id")
            continue
        seen.add(eid)
        kind = event.get("type")
        content = _content(event)
        rel = _relation(content)
        if kind == REDACTION:
            counts.skip("redaction")
            target = _event_id(event.get("redacts")) or _event_id(content.get("redacts"))
            if target:
                gone.add(target)
        elif kind in (MESSAGE, STICKER) and rel.get("rel_type") == REPLACE:
            counts.skip("edit (applied to the message it edits)")
            target, new = _event_id(rel.get("event_id")), content.get("m.new_content")
            if target and isinstance(new, dict):
                edits[target] = _Edit(event.get("sender"), _stamp(event), new)
        elif kind in (MESSAGE, STICKER, ENCRYPTED):
            posts[eid] = event
        elif "state_key" in event:
            counts.skip(f"state: {kind}")
        else:
            counts.skip(f"event: {kind}")
    messages: list[ChatMessage] = []
    threaded: dict[str, str] = {}  # thread message -> its root (nested)
    edited = undecrypted = redacted = 0
    for eid, event in posts.items():
        content = _content(event)
        rel = _relation(content)
        reply = _reply_of(rel)
        in_thread = rel.get("rel_type") == THREAD and _event_id(rel.get("event_id"))
        if in_thread and (reply is None or rel.get("is_falling_back")):
            reply = threaded[eid] = rel["event_id"]
        edit = edits.get(eid) or _bundled_edit(event)
        if edit is not None and edit.sender == event.get("sender"):
            content, edited = edit.content, edited + 1
        if event.get("type") == ENCRYPTED:
            undecrypted += 1
            text, quoted = "", []
        elif event.get("type") == STICKER:
            text, quoted = "", []
        else:
            text, quoted = _words(room, content, _reply_of(rel) is not None)
        if eid in gone or _redacted(event):
            gone.add(eid)
            redacted += 1
            # words for now, so that assemble() does not count it as a photo or file:
            # _tree() makes it a placeholder
            text, quoted = REDACTED, []
        if reply is not None and reply not in posts and reply in seen:
            counts.not_replies += 1  # answers a state event, a reaction, ...: no reply
            reply = None
            threaded.pop(eid, None)
        messages.append(
            ChatMessage(
                source_id=eid,
                author=room.author(event.get("sender")),
                timestamp=epoch(_stamp(event) / 1000),
                text=text,
                reply_to=reply,
                quoted=quoted,
            )
        )
    if not messages:
        return None
    if edited:
        counts.notes.append(f"{edited} edited message(s): read as last edited by their author")
    if undecrypted:
        counts.notes.append(
            f"{undecrypted} encrypted message(s) the export could not decrypt: kept, with no words"
        )
    thread = assemble(room.key, room.title, messages, counts)
    return _tree(thread, threaded, gone & set(posts), redacted)


def _tree(thread: RawThread, threaded: dict[str, str], gone: set[str], redacted: int) -> RawThread:
    """Thread messages as ``nested`` links to their root (assemble() writes every reply
    as ``explicit``); redacted messages as placeholders, dropped where no reply needs one."""
    for post in thread.posts[1:]:
        if post.source_id in threaded:
            post.parent_evidence = "nested"
        if post.source_id in gone:
            post.placeholder, post.author, post.body, post.quoted, post.quote_sources = True, None, "", [], []
    thread.posts, bare = drop_bare_placeholders(thread.posts)
    if bare:
        thread.skipped["redacted, no reply kept"] = bare
    if kept := redacted - bare:
        thread.warnings.append(
            f"{kept} redacted message(s) that replies answer: a placeholder stands for each"
        )
    return thread


# ---------------------------------------------------------------- the file


def _rooms(data: Any) -> tuple[list[_Room], list[Any]]:
    """The rooms of a document, in first-seen order, and the API answers' state events."""
    docs = data if isinstance(data, list) and not any(_is_event(d) for d in data) else [data]
    rooms: dict[str, _Room] = {}
    state: list[Any] = []
    for doc in docs:
        if isinstance(doc, list):
            events, title = doc, None
        elif isinstance(doc, dict):
            events = next((doc[k] for k in EVENT_LISTS if isinstance(doc.get(k), list)), [])
            title = doc.get("room_name") if isinstance(doc.get("room_name"), str) else None
            state.extend(doc.get("state") or [] if isinstance(doc.get("state"), list) else [])
        else:
            continue
        for event in events:
            if isinstance(event, dict) and isinstance(event.get("decrypted"), dict):
                event = event["decrypted"]  # an encrypted event as older Element exports wrote it
            if not isinstance(event, dict):
                continue
            key = event.get("room_id") if isinstance(event.get("room_id"), str) else (title or "room")
            room = rooms.setdefault(key, _Room(key))
            room.title = room.title or (title.strip() or None if title else None)
            room.events.append(event)
    return list(rooms.values()), state


def _title(room: _Room) -> None:
    if room.title:
        return
    for event in sorted(room.events, key=_stamp):
        if event.get("type") == ROOM_NAME and isinstance(name := _content(event).get("name"), str):
            room.title = name.strip() or room.title
    room.title = room.title or room.key


def parse(text: str) -> list[RawThread]:
    """One thread per room with messages; see the module doc."""
    data = load_json(text, "Matrix room history")
    if not any(any(_is_event(e) for e in events) for events in _documents(data)):
        raise ThreadsError(
            "unexpected JSON shape: not Matrix room history (no 'messages' or 'chunk' list of events "
            "with type, event_id, sender, origin_server_ts)"
        )
    rooms, state = _rooms(data)
    out = []
    for room in rooms:
        _names(room, state)
        _title(room)
        if (thread := _thread(room)) is not None:
            out.append(thread)
    if not out:
        raise ThreadsError("Matrix room history with no message (state events only)")
    if empty := len(rooms) - len(out):
        out[0].warnings.append(f"{empty} room(s) with no message (state events only): left out")
    return out
