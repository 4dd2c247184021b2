"""DiscordChatExporter's CSV export (``--format Csv``): one channel, a message a row.

::

    AuthorID,Author,Date,Content,Attachments,Reactions
    "710000000000000001","ann","1/27/2024 8:15 AM","Who is rowing on Saturday?","",""
    "710000000000000002","bo#4410","1/27/2024 8:17 AM","> Who is rowing on Saturday?
    Me, if the wind drops.","https://cdn.discordapp.com/attachments/1/2/map.png","👍 (2)"

(``CsvMessageWriter.cs``: the header, then per message the author's id and
``FullName``, the formatted date, the content as plain text, attachment URLs and
reactions, every value quoted. DCE 2.x (2019) separated the columns with ``;`` and ended
each line with one: a real export of that shape is this dialect's ``komodo`` fixture's
model. Some consumers quote the header too.)

One thread per file, as ``discord-json``'s (:mod:`threads.formats._chat`); post 0 is a
placeholder for the channel, **untitled**: the CSV names neither guild nor channel (the
exporter's file name does: ``Guild - Category - channel [ID].csv``; rename-proof reading
uses the content only). **What is kept, and what is lost**: no message id and no reply
reference are written, so no message has a parent here (replies are left to reply
inference: ``@name``, ``> `` quotes, ...), said in a warning; attachments and reactions
are not the message's words. Authors, times and the day/month order are read as in
``discord-text`` (:func:`threads.formats.discord_text.account_names`,
:func:`~threads.formats.discord_text.chat_dates`); a date written as ISO 8601 with an
offset (``--date-format o``) is aware. A header row met again (parts of a partitioned
export concatenated) continues the thread and is counted in ``skipped``; a row of the
wrong width is counted in ``skipped["bad_row"]``. Parts given as separate files are not
merged: nothing in a CSV says which channel it holds.
"""

from __future__ import annotations

import csv
import io
import re

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats.discord_text import NO_REPLY_IDS, account_names, author_of, chat_dates
from threads.model import RawThread, ThreadsError

NAME = "discord-csv"
KIND = "platform export"
PRIORITY = 30
DESCRIPTION = (
    "DiscordChatExporter CSV export: AuthorID, Author, Date, Content, Attachments, Reactions; no reply ids."
)

# The header CsvMessageWriter writes, in order; the separator is what follows "AuthorID"
# (',' today, ';' in DCE 2.x), the names optionally quoted.
COLUMNS = ("AuthorID", "Author", "Date", "Content", "Attachments", "Reactions")
_HEADER = re.compile(
    r'^\ufeff?"?AuthorID"?(?P<sep>[,;\t])"?Author"?(?P=sep)"?Date"?(?P=sep)"?Content"?'
    r'(?P=sep)"?Attachments"?(?P=sep)"?Reactions"?(?P=sep)?\s*$'
)
SURE = 0.95
REPEATED_HEADER = "header row repeated (parts concatenated)"


def sniff(text: str) -> float:
    """Confidence that ``text`` is a DiscordChatExporter CSV export.

    >>> sniff('AuthorID,Author,Date,Content,Attachments,Reactions\\n"1","ann","1/2/2024","hi","",""\\n')
    0.95
    """
    first = text[:512].split("\n", 1)[0].rstrip("\r")
    return SURE if _HEADER.match(first) else 0.0


def parse(text: str) -> list[RawThread]:
    """One thread: the channel's messages; see the module doc."""
    first = text.split("\n", 1)[0].rstrip("\r")
    head = _HEADER.match(first)
    if head is None:
        raise ThreadsError("not a DiscordChatExporter CSV export: no 'AuthorID,Author,Date,...' header")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=head["sep"])
    next(reader)
    counts = ChatCounts()
    rows: list[tuple[tuple[int, int], list[str]]] = []
    start = reader.line_num + 1
    for row in reader:
        span, start = (start, reader.line_num), reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if row and row[0].strip() == COLUMNS[0]:
            counts.skip(REPEATED_HEADER)
            continue
        if row and row[-1] == "" and len(row) == len(COLUMNS) + 1:
            row = row[:-1]  # DCE 2.x ends each line with the separator
        if len(row) != len(COLUMNS):
            counts.skip("bad_row")
            continue
        rows.append((span, row))
    if not rows:
        raise ThreadsError("a DiscordChatExporter CSV export with no message")
    stamps = chat_dates([row[2].strip() for _, row in rows], counts.notes)
    names = account_names(row[1] for _, row in rows)
    messages = [
        ChatMessage(
            source_id=f"row-{n}",
            author=author_of(row[1], names),
            timestamp=ts,
            text=row[3].replace("\r\n", "\n").strip(),
        )
        for n, ((_, row), ts) in enumerate(zip(rows, stamps, strict=True), start=1)
    ]
    counts.notes.append(NO_REPLY_IDS.replace("text export", "CSV export"))
    thread = assemble("channel", None, messages, counts)
    thread.key = None
    spans = {f"row-{n}": span for n, (span, _) in enumerate(rows, start=1)}
    for post in thread.posts[1:]:
        post.line_start, post.line_end = spans.get(post.source_id or "", (0, 0))
    return [thread]
