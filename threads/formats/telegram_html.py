"""Telegram Desktop's chat export as HTML ("Export chat history", the default format).

The export is a folder: ``messages.html``, ``messages2.html``, ... (one chat, 1,000
messages a page), with ``css/``, ``js/``, ``images/`` and the media folders::

    <div class="page_header"><div class="content"><div class="text bold">Kite club</div>
    <div class="history">
     <a class="pagination block_link" href="messages.html">Previous messages</a>
     <div class="message service" id="message-3"><div class="body details">2 April 2023</div>
     <div class="message default clearfix" id="message8"><div class="body">
       <div class="pull_right date details" title="01.04.2023 09:02:10 UTC+03:00">09:02</div>
       <div class="from_name">Ann</div>
       <div class="reply_to details">In reply to <a href="#go_to_message7">this message</a></div>
       <div class="text">see <a href="https://...">https://...</a></div></div></div>
     <div class="message default clearfix joined" id="message9"> ... (no from_name)
     <a class="pagination block_link" href="messages3.html">Next messages</a>

How a chat becomes a thread is :mod:`threads.formats._chat`'s, as for ``telegram-json``:
the HTML and JSON exports of one chat give the same posts, parents and counts (ids are
the message numbers of ``id="messageN"``). Each page is read as a part of its chat: its
``origin`` is the chat's name, its page number comes from its pagination links (the page
before it is named in "Previous messages"; the last page has no "Next messages"), so the
pages given together (a folder) are one thread in page order, whatever order they come in.

Messages: a ``joined`` message (same sender, within 15 minutes) has no ``from_name``:
its sender is the previous message's. "Deleted Account" is Telegram's name for a deleted
user: no author, as ``"from": null`` in JSON. Service messages (joins, pins, date
separators: negative ids) are no posts, counted. A forwarded message's words (inside
``div.forwarded.body``, with the reply link and media) are a quote, not the sender's own
(counted). ``<blockquote>`` in a text is a quote. A reply link is ``#go_to_messageN`` on
the same page, ``messagesK.html#go_to_messageN`` to an earlier page (said for the page
read alone, resolved when the pages are given together); "In reply to a message in
another chat" and replies to service messages are no replies (counted). Times: the date
title, with its zone in newer exports (aware, UTC), without one in older ones (the
exporting computer's wall clock: naive, ``--tz`` names the zone).
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.formats import _html
from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import iso_utc, json_outline
from threads.formats._html_dom import Node
from threads.formats._html_text import text_of
from threads.model import RawThread, ThreadsError
from threads.pages import merge
from threads.zipped import is_bundle, unbundle

NAME = "telegram-html"
KIND = "platform export"
PRIORITY = 30  # before generic-html, which reads these pages as repeated blocks
DESCRIPTION = (
    "Telegram Desktop chat export as HTML (messages.html, messages2.html, ...): one chat, its "
    "pages read as one thread."
)

# What Telegram Desktop writes (Telegram/SourceFiles/export/output/export_output_html.cpp,
# pushMessage / pushServiceMessage / writeDialogOpening; seen in real exports of 2016-2024):
# its message classes and date titles count most; the page chrome and its scripts' hooks
# confirm. A page of a real export reaches >= 0.9, other engines' pages stay at 0.
MARKERS = _html.markers(
    (r'<div class="message default clearfix(?: joined)?" id="message\d+"', 0.4),
    (r'class="pull_right date details" title="\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d', 0.3),
    (r'<div class="message service" id="message-?\d+"', 0.1),
    (r'class="page_body chat_page"', 0.1),
    (r'onload="CheckLocation\(\);"|return GoToMessage\(\d+\)|href="#go_to_message\d+"', 0.1),
)
# The date title: "14.02.2023 18:31:07 UTC+03:00" (zone since 2021's exports), or
# "10.11.2016 15:31:25" (older: the exporting computer's wall clock, no zone).
DATE_TITLE = re.compile(
    r"(?P<d>\d\d)\.(?P<m>\d\d)\.(?P<y>\d{4}) (?P<t>\d\d:\d\d:\d\d)(?: UTC(?P<z>[+-]\d\d:\d\d))?"
)
# Where the exporter puts a message's parts (pushMessage): the date first, then the
# sender, the forwarded body (which then holds the reply link, media and text), the reply
# link, the text. Classes, read on the children of the message's body.
DATE_CLASSES = ("date", "details")
# The name Telegram gives a deleted user (PeersMap::wrapUserName, ComposeName): nobody.
DELETED_NAMES = frozenset({"Deleted Account"})
# A sender line may end with the inline bot used ("Ann via @gifbot"): not the name.
VIA_BOT = re.compile(r"\s+via @\w+$")
# Reply links: "#go_to_message8" (same page), "messages2.html#go_to_message8" (an earlier
# page), and the onclick of older exports ("return GoToMessage(8)").
REPLY_LINK = re.compile(r"(?:(?P<file>messages\d*\.html)?#go_to_message|GoToMessage\()(?P<id>\d+)")
# Pagination links of writeDialogOpening / switchToNextChatFile: messagesFile(i) is
# "messages.html" for the first page, "messagesK.html" for page K.
PAGE_FILE = re.compile(r"^messages(?P<k>\d*)\.html$")


# A folder or zip of the export (its pages with css/, js/ and the media folders) reaches
# this dialect as one text, a bundle (threads/zipped.py, layout "telegram-html-export").
LAYOUT = "telegram-html-export"
BUNDLE_SURE = 0.95


def sniff(text: str) -> float:
    """Confidence that ``text`` is a page of a Telegram Desktop HTML export, or the
    bundle of a whole export (a folder or zip of it).

    >>> sniff('<html><body><div class="history"><div class="message default clearfix" '
    ...       'id="message8"><div class="body"><div class="pull_right date details" '
    ...       'title="01.04.2023 09:02:10">09:02</div></div></div></div></body></html>')
    0.7
    """
    if text.lstrip().startswith("{"):
        outline = json_outline(text)
        return BUNDLE_SURE if is_bundle(outline, LAYOUT) else 0.0
    return _html.sniff_markers(text, MARKERS)


def _child(el: Node, *classes: str) -> Node | None:
    """The first child of ``el`` that has all ``classes``."""
    return next((c for c in el.children() if all(k in c.classes for k in classes)), None)


def _page_number(href: str | None) -> int | None:
    m = PAGE_FILE.match((href or "").rsplit("/", 1)[-1])
    return (int(m.group("k")) if m.group("k") else 1) if m else None


def _page(history: Node) -> tuple[int, int | None] | None:
    """(k, n) of this page from its pagination links, None for an export of one page: a
    link above the messages names the page before ("Previous messages"), one below the
    page after ("Next messages"); the last page has none below (n = k)."""
    before = after = None
    met = False  # a message seen: the links from here on are below the messages
    for el in history.children():
        if "message" in el.classes:
            met = True
        elif "pagination" in el.classes and (k := _page_number(el.get("href"))) is not None:
            before, after = (before, k) if met else (k, after)
    if before is None and after is None:
        return None
    k = before + 1 if before is not None else (after or 2) - 1
    return (k, None if after is not None else k)


def _time(el: Node | None) -> datetime | None:
    m = DATE_TITLE.search((el.get("title") or "") if el is not None else "")
    if m is None:
        return None
    iso = f"{m['y']}-{m['m']}-{m['d']}T{m['t']}"
    if m["z"]:
        return iso_utc(iso + m["z"])
    try:
        return datetime.fromisoformat(iso)  # the exporting computer's wall clock
    except ValueError:
        return None


def _name(el: Node | None) -> str | None:
    """A sender line's name (its inline date span and 'via @bot' left out)."""
    if el is None:
        return None
    for span in el.select("span"):
        span.remove()
    name = VIA_BOT.sub("", " ".join(text_of(el).split()))
    return name or None


def _words(el: Node | None) -> tuple[str, list[str]]:
    """A text div's own words and its blockquotes."""
    if el is None:
        return "", []
    quotes = [q for _, q in _html.take_quotes(el, "blockquote") if q]
    return text_of(el).strip(), quotes


class _Reader:
    """One page's messages, read in order (a joined message needs the one before)."""

    def __init__(self) -> None:
        self.counts = ChatCounts()
        self.messages: list[ChatMessage] = []
        self.service: set[str] = set()
        self.elsewhere: set[str] = set()
        self.seen: set[str] = set()
        self.forwarded = self.orphans = 0
        self.sender: str | None = None
        self.known = False  # whether ``sender`` was read (a joined message continues it)

    def service_message(self, sid: str) -> None:
        self.known = False
        if sid.startswith("-"):
            self.counts.skip("date separator")
        else:
            self.service.add(sid)
            self.counts.skip("service message")

    def message(self, el: Node, sid: str) -> None:
        body = _child(el, "body")
        if body is None:
            self.counts.skip("message without a body")
            return
        if sid in self.seen:
            self.counts.skip("duplicate")
            return
        self.seen.add(sid)
        who = _child(body, "from_name")
        if who is not None:
            name = _name(who)
            self.sender, self.known = (None if name in DELETED_NAMES else name), True
        elif not self.known:  # a joined message first on the page: its sender is unknown
            self.orphans += 1
        forward = _child(body, "forwarded", "body")
        holder = forward if forward is not None else body
        own, quoted = _words(_child(holder, "text"))
        if forward is not None:
            self.forwarded += 1
            own, quoted = "", [q for q in (own, *quoted) if q]  # another's words, forwarded
        self.messages.append(
            ChatMessage(
                source_id=sid,
                author=self.sender if self.known else None,
                timestamp=_time(next((c for c in body.children() if "date" in c.classes), None)),
                text=own,
                reply_to=self._reply(_child(holder, "reply_to")),
                quoted=quoted,
            )
        )

    def _reply(self, el: Node | None) -> str | None:
        if el is None:
            return None
        link = el.select_one("a")
        m = REPLY_LINK.search(f"{link.get('href') or ''} {link.get('onclick') or ''}") if link else None
        if m is None:  # "In reply to a message in another chat": no id to follow
            self.counts.not_replies += 1
            return None
        if m["id"] in self.service:
            self.counts.not_replies += 1
            return None
        if m["file"]:
            self.elsewhere.add(m["id"])
        return m["id"]


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """The chat of one export page, or of a whole export's pages (a bundle: a folder or
    zip of the export); see the module doc."""
    if not text.strip():
        return []
    if text.lstrip().startswith("{"):
        return _export(text)
    return _one_page(text)


def _export(text: str) -> list[RawThread]:
    """The chat of a bundle of the export's pages, merged as pages given together are
    (threads/pages.py), in page order: messages.html, messages2.html, ..."""
    name, files = unbundle(text, LAYOUT, "a Telegram HTML export")
    numbered = sorted((_page_number(path) or 0, path) for path in files)
    parts = [raw for _, path in numbered for raw in _one_page(files[path])]
    if not parts:
        raise ThreadsError(f"a Telegram HTML export ({name or 'folder'}) with no page of messages")
    groups: dict[str | None, list[RawThread]] = {}
    for raw in parts:
        groups.setdefault(raw.origin, []).append(raw)
    out = [merge(group) for origin, group in groups.items() if origin is not None]
    return out + groups.get(None, [])


def _one_page(text: str) -> list[RawThread]:
    page = _html.parse_html(text)
    history = page.select_one("div.history") or page
    reader = _Reader()
    for el in _html.top_level(history, "div.message"):
        sid = (el.get("id") or "").removeprefix("message")
        if "service" in el.classes:
            reader.service_message(sid)
        elif "default" in el.classes and re.fullmatch(r"\d+", sid):
            reader.message(el, sid)
        else:
            reader.counts.skip("unknown block")
    if not reader.messages:
        raise ThreadsError("a Telegram export page with no message (only service messages, or none at all)")
    counts = reader.counts
    if reader.forwarded:
        counts.notes.append(
            f"{reader.forwarded} forwarded message(s): their words are a quote, not the sender's own"
        )
    if reader.orphans:
        counts.notes.append(f"{reader.orphans} joined message(s) first on the page: sender unknown")
    header = page.select_one(".page_header .text.bold")
    title = " ".join(text_of(header).split()) or None if header is not None else None
    elsewhere = frozenset(reader.elsewhere - {m.source_id for m in reader.messages})
    thread = assemble(title or "chat", title, reader.messages, counts, elsewhere)
    if (pages := _page(history)) is not None:
        # Each page's counts stay its own line: the pages' warnings are merged as a set.
        thread.warnings = [f"page {pages[0]}: {w}" for w in thread.warnings]
        thread.origin = f"telegram chat: {title}"
        thread.page = pages
        thread.starts_at = int(reader.messages[0].source_id)
        if elsewhere:
            thread.alone_note = (
                f"{sum(m.reply_to in elsewhere for m in reader.messages)} repl(ies) answer a "
                "message on an earlier page of the export"
            )
    return [thread]
