"""DiscordChatExporter's PlainText export (``--format PlainText``, ``.txt``): one channel.

::

    ==============================================================
    Guild: Harbour Rowing Club
    Channel: Text Channels / outings
    Topic: Weekend outings
    ==============================================================

    [1/27/2024 8:15 AM] ann
    Who is rowing on Saturday?

    [1/27/2024 8:17 AM] bo#4410 (pinned)
    > Who is rowing on Saturday?
    Me, if the wind drops.

    {Attachments}
    https://cdn.discordapp.com/attachments/1/2/map.png

    {Reactions}
    👍 (2)

    ==============================================================
    Exported 2 message(s)
    ==============================================================

(``PlainTextMessageWriter.cs``: a header framed by 62 ``=``, then per message
``[DATE] AUTHOR`` with `` (pinned)``, its content, and ``{Attachments}``, ``{Embed}``,
``{Stickers}``, ``{Reactions}`` blocks; a footer with the count. DCE 2.x, 2019-2021,
wrote ``Messages: N`` and ``Range: ...`` in the header and no footer: a real export of
that shape is this dialect's ``komodo`` fixture's model.)

One thread per channel, as ``discord-json``'s (:mod:`threads.formats._chat`: post 0 a
placeholder for the channel, titled ``guild / #channel``, ``Direct Messages`` naming no
guild). **What the text keeps, and what it loses**: the writer prints no message id and
no reply reference, so no message has a parent here; replies are left to reply inference
(``@name``, ``> `` quotes, then the ``similar`` model), and a warning says so. Only the
content is the message's words: the ``{...}`` blocks (attachment URLs, embeds, stickers,
reactions) are not. Authors are the account name (``Author.FullName``), not the server
nickname the HTML and JSON exports show: ``name#1234`` loses its discriminator where no
other account of the file shares the name (mentions are written ``@name``), and
``Deleted User`` is no author. Times are as the exporter formatted them (its ``--locale``,
the exporting machine's zone unless ``--utc``): naive, to the minute. Day and month order
is settled for the whole file by any date that shows it (:func:`chat_dates`).

Parts of a partitioned export (``--partition``) or several exports written one after the
other in one file: a header naming the same guild and channel continues the thread,
another starts a new one. Parts given as separate files carry the same
:attr:`~threads.model.RawThread.origin` and are merged when read together
(:mod:`threads.pages`). A header or footer count that differs from the messages read is
said in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from threads.dates import parse_date
from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats.discord_json import DELETED_USER
from threads.model import RawThread, ThreadsError

NAME = "discord-text"
KIND = "platform export"
LINE_BASED = True
PRIORITY = 30
DESCRIPTION = (
    "DiscordChatExporter PlainText export: '====' header (Guild:, Channel:), '[DATE] AUTHOR' "
    "messages; no reply ids."
)

# The frame of the header and footer: PlainTextMessageWriter writes 62 '=' (any run this
# long is taken: a hand-trimmed file).
_RULE = re.compile(r"^={20,}\s*$")
# Header lines (PlainTextMessageWriter.WritePreambleAsync, and DCE 2.x's Messages/Range).
_HEADER_LINE = re.compile(r"^(?P<key>Guild|Channel|Topic|After|Before|Range|Messages): ?(?P<value>.*)$")
# Footer: "Exported 1,234 message(s)".
_EXPORTED = re.compile(r"^Exported (?P<n>[\d,.\u00a0 ]+) message\(s\)\s*$")
# A message's first line: "[DATE] AUTHOR" or "[DATE] AUTHOR (pinned)". The date is checked
# by parse_date, so a content line in brackets is no header.
_MESSAGE = re.compile(r"^\[(?P<date>[^\[\]]{6,60})\] (?P<author>\S.*?)(?P<pinned> \(pinned\))?\s*$")
# The blocks after the content (WriteAttachmentsAsync, WriteEmbedsAsync, ...): not words.
BLOCKS = ("{Attachments}", "{Embed}", "{Stickers}", "{Reactions}")
# The "guild" DCE names for direct and group messages (JSON: guild id "0").
DM_GUILD = "Direct Messages"
# An account name with the discriminator DCE's FullName appends ("name#1234").
_DISCRIMINATOR = re.compile(r"^(?P<name>.+?)#(?P<disc>\d{4})$")
# A numeric date's first two numbers ("27/01/2024", "1.27.24"), for the day/month order.
_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-]\d{2,4}(?!\d)")
# sniff(): the header frame and its Guild/Channel lines, then a message header.
SURE, HEAD_ONLY = 0.95, 0.7
_SNIFF_LINES = 40

NO_REPLY_IDS = (
    "the text export prints no message ids nor reply references: no message has a parent "
    "here; replies are left to reply inference (@name, > quotes, ...)"
)


# ----------------------------------------------------------------- shared with -csv, -html
def author_of(full_name: str | None, names: dict[str, str]) -> str | None:
    """The author of a ``FullName`` as :func:`account_names` settled it; Discord's
    ``Deleted User`` (every deleted account) is none."""
    if not full_name or not full_name.strip():
        return None
    name = names.get(full_name.strip(), full_name.strip())
    return None if name == DELETED_USER else name


def account_names(full_names: Iterable[str]) -> dict[str, str]:
    """Each ``FullName`` of a file and the author it stands for: ``name#1234`` is ``name``
    where no other account of the file has that name (mentions are written ``@name``), else
    it keeps its discriminator.

    >>> account_names(["ann#0001", "bo#0002", "bo#0003", "cy"])
    {'ann#0001': 'ann', 'bo#0002': 'bo#0002', 'bo#0003': 'bo#0003', 'cy': 'cy'}
    """
    full = list(dict.fromkeys(n.strip() for n in full_names if n and n.strip()))
    base = {n: (m["name"] if (m := _DISCRIMINATOR.match(n)) else n) for n in full}
    owners: dict[str, set[str]] = {}
    for n, b in base.items():
        owners.setdefault(b, set()).add(n)
    return {n: (b if len(owners[b]) == 1 else n) for n, b in base.items()}


def chat_dates(raw: list[str], warnings: list[str]) -> list[datetime | None]:
    """The exporter's formatted dates of one file, read with one day/month order: day
    first if any numeric date has a first number above 12, month first if any has a second
    number above 12, else the reader's default (month first, the exporter's en-US default),
    said in a warning when numeric dates leave it open."""
    found = [(int(m["a"]), int(m["b"])) for r in raw if (m := _NUMERIC_DATE.search(r))]
    dayfirst: bool | None = None
    if any(a > 12 for a, _ in found):
        dayfirst = True
    elif any(b > 12 for _, b in found):
        dayfirst = False
    elif found:
        warnings.append(
            "day and month order not settled by any date (no number above 12 in either place): "
            "read month-first, the exporter's default (en-US)"
        )
    return [parse_date(r, dayfirst=dayfirst) if r else None for r in raw]


def ordering_key(stamp: datetime | None) -> int | None:
    """Where a part starts in its channel, for :mod:`threads.pages` (a naive time read as
    UTC: only the order matters)."""
    if stamp is None:
        return None
    return int((stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).timestamp())


def channel_title(guild: str | None, channel: str | None) -> str | None:
    """``guild / #channel`` as ``discord-json`` titles a channel; a direct message: its name."""
    channel = channel.rpartition(" / ")[2].strip() if channel else None  # "Category / name"
    guild = guild.strip() if guild else None
    if guild and channel and guild != DM_GUILD:
        return f"{guild} / #{channel}"
    return channel or guild


# ----------------------------------------------------------------- the text export
@dataclass
class _Message:
    line: int
    date: str
    full_name: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Part:
    header: dict[str, str]
    messages: list[_Message] = field(default_factory=list)
    counted: int | None = None  # "Messages: N" or "Exported N message(s)"


def _count(value: str) -> int | None:
    digits = re.sub(r"\D", "", value)
    return int(digits) if digits else None


def _is_message(line: str) -> re.Match[str] | None:
    m = _MESSAGE.match(line)
    return m if m and parse_date(m["date"]) is not None else None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a DiscordChatExporter PlainText export.

    >>> sniff("=" * 62 + "\\nGuild: G\\nChannel: c\\n" + "=" * 62 + "\\n\\n[1/2/2024 3:04 PM] ann\\nhi\\n")
    0.95
    """
    lines = text.lstrip("\ufeff").split("\n", _SNIFF_LINES)[:_SNIFF_LINES]
    if not lines or not _RULE.match(lines[0]):
        return 0.0
    keys = {m["key"] for line in lines[1:8] if (m := _HEADER_LINE.match(line.rstrip("\r")))}
    if not {"Guild", "Channel"} <= keys:
        return 0.0
    if any(_is_message(line.rstrip("\r")) for line in lines):
        return SURE
    return HEAD_ONLY


def _parts(text: str) -> list[_Part]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    parts: list[_Part] = []
    current: _Message | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if _RULE.match(line):
            # a framed block: a header (Guild:, Channel:, ...) or the footer (Exported N)
            j, block = i + 1, {}
            exported = None
            while j < len(lines) and not _RULE.match(lines[j]):
                if m := _HEADER_LINE.match(lines[j]):
                    block[m["key"]] = m["value"].strip()
                elif m := _EXPORTED.match(lines[j]):
                    exported = _count(m["n"])
                j += 1
            current = None
            if "Guild" in block or "Channel" in block:
                parts.append(_Part(block, counted=_count(block.get("Messages", ""))))
            elif exported is not None and parts:
                parts[-1].counted = exported
            i = j + 1
            continue
        if (m := _is_message(line)) and parts:
            current = _Message(i + 1, m["date"].strip(), m["author"].strip())
            parts[-1].messages.append(current)
        elif current is not None:
            current.lines.append(line)
        i += 1
    return parts


def _words(lines: list[str]) -> str:
    """The content: the lines before the first ``{...}`` block."""
    out: list[str] = []
    for line in lines:
        if line.strip() in BLOCKS:
            break
        out.append(line)
    return "\n".join(out).strip()


def parse(text: str) -> list[RawThread]:
    """One thread per channel of the file; see the module doc."""
    parts = _parts(text)
    if not parts:
        raise ThreadsError("not a DiscordChatExporter text export: no '====' header with Guild: and Channel:")
    channels: dict[tuple[str, str], list[_Part]] = {}
    for part in parts:
        channels.setdefault((part.header.get("Guild", ""), part.header.get("Channel", "")), []).append(part)
    out: list[RawThread] = []
    for (guild, channel), group in channels.items():
        messages = [m for p in group for m in p.messages]
        if not messages:
            continue
        warnings: list[str] = []
        stamps = chat_dates([m.date for m in messages], warnings)
        names = account_names(m.full_name for m in messages)
        chat = [
            ChatMessage(f"line-{m.line}", author_of(m.full_name, names), ts, _words(m.lines))
            for m, ts in zip(messages, stamps, strict=True)
        ]
        counts = ChatCounts(notes=[*warnings, NO_REPLY_IDS])
        if len(group) > 1:
            counts.notes.append(f"{len(group)} parts of this channel's export in the file: read as one")
        counted = [p.counted for p in group]
        if all(c is not None for c in counted) and sum(c or 0 for c in counted) != len(messages):
            counts.notes.append(
                f"the export counts {sum(c or 0 for c in counted)} message(s); {len(messages)} read"
            )
        title = channel_title(guild, channel)
        thread = assemble(title or "channel", title, chat, counts)
        thread.key = title
        thread.origin = f"discord:{title}" if title else None
        thread.starts_at = ordering_key(stamps[0])
        spans = {f"line-{m.line}": (m.line, m.line + len(m.lines)) for m in messages}
        for post in thread.posts[1:]:
            post.line_start, post.line_end = spans.get(post.source_id or "", (0, 0))
        out.append(thread)
    if not out:
        raise ThreadsError("a DiscordChatExporter text export with no message")
    return out
