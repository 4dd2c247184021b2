"""DiscordChatExporter's HTML export (``HtmlDark``/``HtmlLight``, its default): one channel.

::

    <div class="preamble__entry">Harbour Rowing Club</div>
    <div class="preamble__entry">Text Channels / outings</div>
    ...
    <div class="chatlog__message-group">
      <div id="chatlog__message-container-1201" class="chatlog__message-container"
           data-message-id="1201">
        ... <div class="chatlog__reference"> ... <span class="chatlog__reference-link"
                 onclick="scrollToMessage(event, '1200')">the answered words</span> ...
        <span class="chatlog__author" title="ann" data-user-id="71">Ann</span>
        <span class="chatlog__timestamp"><a href="#...">1/27/2024 8:15 AM</a></span>
        <div class="chatlog__content chatlog__markdown">...</div> ...
      <div ... class="chatlog__message-container" data-message-id="1202">
        <div class="chatlog__short-timestamp" title="1/27/2024 8:16 AM">8:16 AM</div> ...

(``MessageGroupTemplate.cshtml`` and ``PreambleTemplate.cshtml`` of DCE 2.3x; DCE 2.x of
2019-2021 wrote ``div.chatlog__message[data-message-id]`` inside ``div.chatlog__messages``,
the author in ``span.chatlog__author-name`` and one time per group, the guild and channel
in ``div.info__guild-name`` / ``div.info__channel-name``: a real export of that shape is
the ``komodo`` fixture's model. :data:`LAYOUTS` holds both, newest first.)

One thread per channel, read as ``discord-json`` reads the JSON export of the same channel
(:mod:`threads.formats._chat`): post 0 a placeholder for the channel, titled ``guild /
#channel``; the messages in page order, each with its ``data-message-id`` as source id. A
message whose reference links to a message (``scrollToMessage(event, 'ID')``) answers it,
an ``explicit`` link as in the JSON; a reference to a message the exporter could not load
("Original message was deleted or could not be loaded", no id) is counted in a warning,
as is a reply to a message not in the file. System notifications (joins, pins, ...) are
no posts: ``skipped["system"]``; a message id seen twice is read once
(``skipped["duplicate"]``).

Text: the message's content only (not the quoted reference, embeds, attachments,
reactions, nor the ``(edited)`` mark), as the JSON's ``content`` reads: a markdown quote
block becomes ``> `` lines again, an emoji image its character (a custom one
``:name:``). Authors: the name shown (the server nickname, as the JSON's ``nickname``);
``Deleted User`` is none; bots keep their name, counted in a warning. Times: the
exporter's formatted date (to the minute, in the exporting machine's zone unless ``--utc``):
naive, as written, the day/month order settled for the whole page
(:func:`threads.formats.discord_text.chat_dates`); a message with no time of its own
takes its group's.

Parts of a partitioned export (``--partition``: ``channel [part 2].html``) carry the same
``origin`` and start at their first message's id: read together, they merge into one
thread (:mod:`threads.pages`), replies across parts included. Several parts written into
one file (``cat``) read as one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._html import guarded, markers, sniff_markers, soup, text_of
from threads.formats._html_dom import Node
from threads.formats.discord_json import DELETED_USER
from threads.formats.discord_text import channel_title, chat_dates
from threads.model import RawThread, ThreadsError

NAME = "discord-html"
KIND = "platform export"
PRIORITY = 30
DESCRIPTION = (
    "DiscordChatExporter HTML export (HtmlDark/HtmlLight): one channel's message groups, "
    "replies by message id."
)


@dataclass(frozen=True)
class Layout:
    """One generation of DCE's HTML template: CSS selectors, relative to a message group
    (``author``, ``group_time``, ``bot``) or to a message (the rest)."""

    message: str  # every message element, with data-message-id
    author: str
    time: tuple[str, ...]  # a message's own time: the element's title, else its text
    group_time: str
    content: str
    reference: str  # the block naming the message answered
    quote: str  # markdown quote blocks inside the content
    emoji: str
    bot: str
    noise: str  # inside the content, not the words
    system: str  # a system notification instead of a message


LAYOUTS = (
    # DCE 2.30+ (2022-): MessageGroupTemplate.cshtml, chatlog__message-container.
    Layout(
        message="div.chatlog__message-container",
        author=".chatlog__author",
        time=(".chatlog__timestamp", ".chatlog__short-timestamp"),
        group_time=".chatlog__timestamp",
        content=".chatlog__content",
        reference=".chatlog__reference, .chatlog__reply",
        quote=".chatlog__markdown-quote",
        emoji="img.chatlog__emoji, img.emoji",
        bot=".chatlog__bot-label, .chatlog__bot-tag",
        noise=".chatlog__edited-timestamp",
        system=".chatlog__system-notification-content, .chatlog__system-notification-icon",
    ),
    # DCE 2.x (2019-2021): chatlog__messages > chatlog__message, one time per group
    # (gcharang/discord-archive-komodo, exports of December 2019).
    Layout(
        message="div.chatlog__message[data-message-id]",
        author=".chatlog__author-name",
        time=(),
        group_time=".chatlog__timestamp",
        content=".chatlog__content",
        reference=".chatlog__reference",
        quote="div.quote",
        emoji="img.emoji",
        bot=".chatlog__bot-tag",
        noise=".chatlog__edited-timestamp",
        system=".chatlog__system-notification",
    ),
)
# The channel's names (PreambleTemplate.cshtml: guild, then "Category / channel"; 2.x:
# info__guild-name, info__channel-name), and the page title "Guild - Channel" last.
PREAMBLE = (("div.preamble__entry", 2), ("div.info__guild-name, div.info__channel-name", 2))
# The answered message's id in a reference link.
_SCROLL = re.compile(r"scrollToMessage\(\s*event\s*,\s*['\"]?(?P<id>\d+)")
# A custom emoji's alt is its name: written ":name:" as the text exports write it.
_EMOJI_NAME = re.compile(r"^\w+$")
# sniff(): class names only DCE's templates print, in the page's first 64 KB (the
# stylesheet of every version names them before any message).
_MARKERS = markers(
    (r"chatlog__message-group", 0.4),
    (r"chatlog__(?:message-container|messages)\b", 0.2),
    (r"(?:preamble__guild-icon|info__guild-icon)", 0.2),
    (r"scrollToMessage", 0.2),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a DiscordChatExporter HTML export.

    >>> sniff('<html><body><div class="preamble__guild-icon"></div><div class="chatlog__message-group">'
    ...       '<div class="chatlog__message-container" data-message-id="1"></div></div></body></html>')
    0.8
    """
    return sniff_markers(text, _MARKERS)


def _title(page: Node) -> str | None:
    for selector, n in PREAMBLE:
        entries = [text_of(e).strip() for e in page.select(selector, limit=n)]
        if len(entries) == n and all(entries):
            return channel_title(entries[0], entries[1])
    title = page.select_one("title")
    guild, _, channel = text_of(title).partition(" - ") if title is not None else ("", "", "")
    return channel_title(guild or None, channel or None)


def _words(content: Node | None, layout: Layout) -> str:
    """The content's text as the JSON's ``content`` holds it (see the module doc)."""
    if content is None:
        return ""
    content.remove_all(layout.noise)
    for img in content.select(layout.emoji):
        alt = (img.get("alt") or "").strip()
        img.replace_with_text(f":{alt}:" if _EMOJI_NAME.match(alt) else alt)
    for quote in content.select(layout.quote):
        lines = [line for line in text_of(quote).split("\n") if line.strip()]
        quote.replace_with_text("\n" + "\n".join(f"> {line}" for line in lines) + "\n")
    return text_of(content).strip()


def _time_text(el: Node | None) -> str:
    if el is None:
        return ""
    return (el.get("title") or "").strip() or text_of(el).strip()


def _reply(message: Node, layout: Layout) -> tuple[str | None, bool]:
    """(the answered message's id, whether the message is a reply at all)."""
    ref = message.select_one(layout.reference)
    if ref is None:
        return None, False
    for el in [ref, *ref.select("[onclick]")]:
        if m := _SCROLL.search(el.get("onclick") or ""):
            return m["id"], True
    return None, True


def _author(group: Node, layout: Layout) -> str | None:
    el = group.select_one(layout.author)
    name = text_of(el).strip() if el is not None else ""
    if not name and el is not None:
        name = (el.get("title") or "").strip()
    return None if not name or name == DELETED_USER else name


@guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the channel's messages; see the module doc. Empty text: none (as every
    HTML dialect)."""
    if not text.strip():
        return []
    page = soup(text)
    layout = next((lay for lay in LAYOUTS if page.select_one(lay.message) is not None), None)
    if layout is None:
        raise ThreadsError("not a DiscordChatExporter HTML export: no chatlog message found")
    counts = ChatCounts()
    raw: list[tuple[str, str | None, str, str, str | None]] = []  # id, author, time, words, reply
    seen: set[str] = set()
    bots = unknown = 0
    for group in page.select("div.chatlog__message-group"):
        author = _author(group, layout)
        group_time = _time_text(group.select_one(layout.group_time))
        is_bot = group.select_one(layout.bot) is not None
        for message in group.select(layout.message):
            if message.select_one(layout.system) is not None:
                counts.skip("system")
                continue
            sid = (message.get("data-message-id") or "").strip()
            if not sid or sid in seen:
                counts.skip("duplicate" if sid else "bad_entry")
                continue
            seen.add(sid)
            stamp = next((t for sel in layout.time if (t := _time_text(message.select_one(sel)))), group_time)
            reply_to, is_reply = _reply(message, layout)
            unknown += is_reply and reply_to is None
            bots += is_bot
            raw.append((sid, author, stamp, _words(message.select_one(layout.content), layout), reply_to))
    if not raw:
        raise ThreadsError("a DiscordChatExporter HTML export with no message")
    stamps = chat_dates([r[2] for r in raw], counts.notes)
    messages = [
        ChatMessage(source_id=sid, author=author, timestamp=ts, text=words, reply_to=reply_to)
        for (sid, author, _, words, reply_to), ts in zip(raw, stamps, strict=True)
    ]
    if unknown:
        counts.notes.append(
            f"{unknown} repl(ies) to a message the exporter could not load (deleted): no id to "
            "link, left to reply inference"
        )
    if bots:
        counts.notes.append(f"{bots} message(s) by bot accounts, kept under their name")
    title = _title(page)
    earlier = _earlier(messages)
    thread = assemble(title or "channel", title, messages, counts, earlier)
    thread.key = title
    thread.origin = f"discord:{title}" if title else None
    thread.starts_at = int(messages[0].source_id) if messages[0].source_id.isdigit() else None
    if earlier:
        # true only of this file read alone: given with the earlier parts, these resolve
        n = sum(m.reply_to in earlier for m in messages)
        thread.alone_note = (
            f"{n} repl(ies) answer a message written before this file's first (an earlier part of "
            "a partitioned export, or before the export's date range): left to reply inference"
        )
    return [thread]


def _earlier(messages: list[ChatMessage]) -> frozenset[str]:
    """The messages answered that were written before the file's first one: Discord's ids
    are snowflakes, in time order, so such a reply points at an earlier part of a
    partitioned export (or before the export's range), not at a deleted message."""
    ids = [int(m.source_id) for m in messages if m.source_id.isdigit()]
    if not ids:
        return frozenset()
    first = min(ids)
    return frozenset(
        m.reply_to for m in messages if m.reply_to and m.reply_to.isdigit() and int(m.reply_to) < first
    )
