"""Zulip messages as the REST API returns them: ``GET /api/v1/messages`` answers (what
researchers' scripts, archivers and bots save), one or several pages.

::

    {"result": "success", "anchor": 118881012, "found_oldest": false, "found_newest": true,
     "messages": [{"id": 118880175, "sender_id": 103055, "sender_full_name": "Ann Lee",
                   "sender_email": "ann@example.org", "timestamp": 1511474618,
                   "content": "<p>...</p>", "content_type": "text/html",
                   "display_recipient": "FPGAs", "stream_id": 102998,
                   "subject": "the future", "type": "stream", "reactions": [],
                   "last_edit_timestamp": 1511474700}, ...]}

(zulip.com/api/get-messages; the real answers this was built on are pages of the Recurse
Center's streams saved by pksebben/LinkLib.) ``content`` is HTML, or Zulip markdown when
the answer was asked with ``apply_markdown=false``; a private (direct) message has a
list of users (``id``, ``email``, ``full_name``) as its ``display_recipient``. Several
answers given together (a JSON list of them, or saved one after the other in one file),
or a bare list of messages, are read as one: a message id seen twice is read once, and
the messages are sorted by ``timestamp`` (then id).

**One thread per stream topic** (stream + ``subject``, also called ``topic``): Zulip's
topics are its threads. Post 0 is the topic's first message, its opener, as a forum's
opening post, titled ``#stream > topic``; when the answer says it does not reach the
narrow's oldest message (``found_oldest`` false on every page), a topic's first message
in the file may not be its opener: post 0 is then a placeholder for it, said. **A
private conversation** (its participants) is one thread, a chat (:mod:`._chat`:
post 0 a placeholder titled with the participants' names). The root words are a
forum's ("the opening post", :mod:`threads.rootwords`): a stream topic, most of what
is studied, is a forum thread with a title and an opener.

Zulip keeps no reply ids: every message is left to reply inference. ``@**Full Name**``
(markdown; the rendered ``<span class="user-mention">@Full Name</span>``) is written
``@Full Name`` so that the resolver reads it as an ``@name`` marker; a silent mention
(``@_**Name**``) is the bare name. A quote of another message (the "Quote and reply"
block: ``@_**Name|id** [said](link):`` then a ```` ```quote ```` fence; rendered, that
line then a ``<blockquote>``) is a quote of Name's words; other blockquotes, ``> `` lines
and ```` ```quote ```` fences are quotes without a named source. The API returns the
latest text of an edited message (``last_edit_timestamp``, ``edit_history``): counted
and said. Messages with no words are kept, said; entries that are no message are counted.
Authors: ``sender_full_name``. Times: ``timestamp``, Unix seconds, as aware UTC.
The organisation export (``zerver_message`` files) is not read: no real one was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import NOT_JSON, epoch, html_post_text, json_documents, json_outline, scan_head
from threads.model import RawThread, ThreadsError

NAME = "zulip-json"
PRIORITY = 30
DESCRIPTION = (
    "Zulip GET /messages answers (messages with sender_full_name, display_recipient, subject): "
    "one thread per stream topic, a chat per private conversation."
)

# A message of the API (zulip.com/api/get-messages, "messages" items): these keys, and a
# type of these. "direct" is not sent by the API today (it writes "private") but is the
# name Zulip now uses for such messages: accepted for later servers.
MESSAGE_KEYS = ("id", "sender_full_name", "timestamp", "display_recipient", "content")
STREAM, PRIVATE = "stream", ("private", "direct")
# The topic's key: "subject" in the API's messages, "topic" in some clients' copies.
TOPIC_KEYS = ("subject", "topic")
# sniff(): messages of that shape (an answer, a list of answers, a bare list); for text
# that does not parse (a head cut from a big file) these keys in its head.
SURE, HEAD = 0.95, 0.85
_HEAD_SIGNS = (
    re.compile(r'"sender_full_name"\s*:'),
    re.compile(r'"display_recipient"\s*:'),
    re.compile(r'"timestamp"\s*:\s*\d'),
)

# Zulip markdown (zulip.com/help/format-your-message-using-markdown), in the order
# applied: a "Quote and reply" block (header line then a quote fence), any quote fence,
# a mention with or without the user id, silent or not.
_QUOTE_REPLY = re.compile(
    r"^@_\*\*(?P<name>[^*|\n]+)(?:\|\d+)?\*\*[^\n]*:[ \t]*\n(?P<fence>`{3,}|~{3,})quote[ \t]*\n"
    r"(?P<body>.*?)\n(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_QUOTE_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})quote[ \t]*\n(?P<body>.*?)\n(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
_MENTION = re.compile(r"@(?P<silent>_?)\*\*(?P<name>[^*|\n]+)(?:\|\d+)?\*\*")
_QUOTE_LINE = re.compile(r"^> ?")
# The rendered "Quote and reply" header: a paragraph holding a (silent) user mention and
# a "said" link, then the blockquote; its mention names the quoted author.
_HTML_QUOTE_REPLY = re.compile(
    r"<p>\s*<span class=\"user-mention[^\"]*\"[^>]*>@?(?P<name>[^<]+)</span>\s*"
    r"<a [^>]*>[^<]*</a>:\s*</p>\s*<blockquote>",
    re.IGNORECASE,
)


def _is_message(item: object) -> bool:
    return isinstance(item, dict) and all(k in item for k in MESSAGE_KEYS)


def _answers(doc: Any) -> list[Any]:
    """The answers of a document: one answer, a list of answers, or a bare list of
    messages (read as one answer)."""
    if isinstance(doc, dict):
        return [doc]
    if isinstance(doc, list) and any(_is_message(m) for m in doc):
        return [{"messages": doc}]
    return [d for d in doc if isinstance(d, dict)] if isinstance(doc, list) else []


def _messages(answer: dict[str, Any]) -> list[Any]:
    items = answer.get("messages")
    return items if isinstance(items, list) else []


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Zulip ``/messages`` answer (or several, or a bare
    list of its messages).

    >>> sniff('{"messages": [{"id": 1, "sender_full_name": "A", "timestamp": 1, '
    ...       '"display_recipient": "s", "content": "hi"}], "result": "success"}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0
    found = any(_is_message(m) for a in _answers(outline) for m in _messages(a))
    return SURE if found else 0.0


# ---------------------------------------------------------------- words


def markdown_text(markdown: str) -> tuple[str, list[tuple[str | None, str]]]:
    """Zulip markdown as text and quotes (author, words); see the module doc.

    >>> markdown_text("@_**Ann Lee|7** [said](https://z.example/#narrow/near/1):\\n"
    ...               "```quote\\nit rains\\n```\\n@**Ann Lee** bring a coat")
    ('@Ann Lee bring a coat', [('Ann Lee', 'it rains')])
    """
    quotes: list[tuple[str | None, str]] = []

    def take(m: re.Match[str]) -> str:
        quotes.append((m.groupdict().get("name"), m.group("body").strip()))
        return ""

    text = _QUOTE_FENCE.sub(take, _QUOTE_REPLY.sub(take, markdown))
    text = _MENTION.sub(lambda m: m.group("name") if m.group("silent") else "@" + m.group("name"), text)
    own, quoted = [], []
    for line in text.split("\n"):
        if _QUOTE_LINE.match(line):
            quoted.append(_QUOTE_LINE.sub("", line, count=1))
        else:
            if quoted:
                quotes.append((None, "\n".join(quoted).strip()))
                quoted = []
            own.append(line)
    if quoted:
        quotes.append((None, "\n".join(quoted).strip()))
    quotes = [(who, words) for who, words in quotes if words]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(own)).strip(), quotes


def html_text(html: str) -> tuple[str, list[tuple[str | None, str]]]:
    """Rendered Zulip HTML as text and quotes: a mention span's text is already
    ``@Name``; a "Quote and reply" header names its blockquote's author."""
    html = _HTML_QUOTE_REPLY.sub(lambda m: f'<blockquote data-author="{m.group("name").strip()}">', html)
    return html_post_text(html)


def _words(message: dict[str, Any]) -> tuple[str, list[tuple[str | None, str]]]:
    content = message.get("content")
    if not isinstance(content, str):
        return "", []
    if message.get("content_type") == "text/x-markdown" or not content.lstrip().startswith("<"):
        return markdown_text(content)
    return html_text(content)


# ---------------------------------------------------------------- threads


@dataclass
class _Conversation:
    """One topic or private conversation's messages as read."""

    key: str
    title: str
    topic: bool
    items: list[dict[str, Any]] = field(default_factory=list)


def _where(message: dict[str, Any]) -> tuple[str, str, bool] | None:
    """(key, title, is a topic) of the conversation ``message`` belongs to."""
    to = message.get("display_recipient")
    if isinstance(to, list):  # a private conversation: its participants
        people = [p for p in to if isinstance(p, dict)]
        ids = sorted(str(p.get("id", p.get("email", ""))) for p in people)
        names = ", ".join(str(p.get("full_name") or p.get("email") or p.get("id")) for p in people)
        return "dm:" + ",".join(ids), names or "private conversation", False
    if message.get("type") in PRIVATE or not isinstance(to, str):
        return None
    topic = next((message[k] for k in TOPIC_KEYS if isinstance(message.get(k), str)), "")
    stream = message.get("stream_id", to)
    return f"stream:{stream}/topic:{topic}", f"#{to} > {topic}" if topic else f"#{to}", True


def _thread(conv: _Conversation, reaches_oldest: bool) -> RawThread:
    counts = ChatCounts()
    messages, sources = [], {}
    edited = 0
    for item in conv.items:
        text, quotes = _words(item)
        edited += bool(item.get("last_edit_timestamp") or item.get("edit_history"))
        sid = str(item["id"])
        sources[sid] = [who for who, _ in quotes]
        name = item.get("sender_full_name")
        messages.append(
            ChatMessage(
                source_id=sid,
                author=name.strip() or None if isinstance(name, str) else None,
                timestamp=epoch(item.get("timestamp")),
                text=text,
                quoted=[words for _, words in quotes],
            )
        )
    if edited:
        counts.notes.append(f"{edited} edited message(s): read as last edited (the API's latest text)")
    thread = assemble(conv.key, conv.title, messages, counts)
    for post in thread.posts[1:]:
        post.quote_sources = list(sources[post.source_id or ""])
    if conv.topic and reaches_oldest:  # the topic's first message is its opener: post 0
        opener = thread.posts[1]
        opener.title = conv.title
        thread.posts = thread.posts[1:]
    elif conv.topic:
        thread.posts[0].source_id = f"topic:{conv.key}"
        thread.warnings.append(
            "the answer does not reach the stream's oldest message (found_oldest false): the "
            "topic's first message here may not be its opener; a placeholder stands for the opener"
        )
    return thread


def _order(message: dict[str, Any]) -> tuple[float, str]:
    """Time order, then id order (ids grow with time on a server; digits compared as numbers)."""
    stamp = message["timestamp"]
    seconds = float(stamp) if isinstance(stamp, int | float) and not isinstance(stamp, bool) else 0.0
    return seconds, str(message["id"]).rjust(20, "0")


def parse(text: str) -> list[RawThread]:
    """One thread per stream topic, one per private conversation; see the module doc."""
    answers = [a for doc in json_documents(text, "Zulip messages") for a in _answers(doc)]
    items = [m for a in answers for m in _messages(a)]
    if not any(_is_message(m) for m in items):
        raise ThreadsError(
            "unexpected JSON shape: not a Zulip /messages answer (no 'messages' list of messages "
            "with id, sender_full_name, timestamp, display_recipient, content)"
        )
    # found_oldest false on every page: no page reaches the narrow's first message.
    oldest = [a.get("found_oldest") for a in answers if isinstance(a.get("found_oldest"), bool)]
    reaches_oldest = not oldest or any(oldest)
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    convs: dict[str, _Conversation] = {}
    ordered = sorted((m for m in items if _is_message(m)), key=_order)
    for item in ordered:
        if str(item["id"]) in seen:
            skipped["duplicate"] = skipped.get("duplicate", 0) + 1
            continue
        seen.add(str(item["id"]))
        where = _where(item)
        if where is None:
            skipped["no conversation"] = skipped.get("no conversation", 0) + 1
            continue
        key, title, topic = where
        convs.setdefault(key, _Conversation(key, title, topic)).items.append(item)
    if unread := sum(1 for m in items if not _is_message(m)):
        skipped["not a message"] = unread
    if not convs:
        raise ThreadsError("Zulip messages with no conversation (no stream or participants)")
    out = [_thread(conv, reaches_oldest) for conv in convs.values()]
    for kind, n in skipped.items():
        out[0].skipped[kind] = out[0].skipped.get(kind, 0) + n
    return out
