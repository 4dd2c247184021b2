"""Comment tables: a CSV, semicolon- or TAB-separated file with a header row, one comment
a row, as the research tools of the field write them.

::

    id,post_id,author,body,score,created_utc,parent_id
    oajf2ct,1ru8951,Jovial1170,"Just remember, ...",472,1773561820.0,1ru8951
    oaji0vs,1ru8951,RollOverSoul,Yeah you are only meant to ...,50,1773563505.0,oajf2ct

**Columns are found by name** (:data:`COLUMNS`): a header cell is compared lower-cased
with everything but letters and digits dropped (``Publish Date`` is ``publishdate``),
then without a leading ``comment`` (Netvizz's ``comment_by``, ``comment_message``) or
``post`` (``post_title``, and Netvizz's ``post_by``, ``post_text``, ``post_published``:
the item the comments answer). An author and a text column are required: a table
without them is refused, naming its columns. The separator is the one of ``,``, ``;``
and TAB that makes the first rows as wide as the header; quoted fields may hold
separators and line breaks; a BOM is skipped; a row-index column (unnamed, or pandas'
``Unnamed: 0``) is no column of any role. A TAB file whose first rows quote no field is
read unquoted (YouTube Data Tools writes its ``.tab`` files so: a comment opening with
``"`` is words, not a quote).

**Threads**: one per value of the thread column (``videoId``, ``thread_id``,
``link_id``, ``post_id``, ``conversation_id``, ...), in order of first appearance; with
none, one thread for the whole table. Post 0 is the thread's own row where the table
has it (a 4CAT row whose ``id`` is its ``thread_id``, a tweet whose id is its
``conversation_id``), else the item built from the ``post_*`` columns (Netvizz), else a
**placeholder root**, said in a warning: the table holds the comments only. A title is
the root row's ``title``/``subject``, else the thread's first one.

**Replies**: where the table has a parent column (``parent_id``, ``parent``,
``isReplyTo``, ``isReplyToId``, ``in_reply_to``, ...), a row's parent is a ``nested``
link (Reddit's ``t1_``/``t3_`` prefixes dropped: ``t3_`` or the thread's own id, an
empty cell or ``0`` mean the root; ``12.0``, pandas' float for an integer id, is ``12``);
a parent not in the table keeps its id and is said in a warning. Without one, replies
are left to reply inference (``@name``, quotes, the ``similar`` model), said in a
warning. A YouTube table (``videoId``, or YouTube Data
Tools' ``isReplyTo``) is read as ``youtube-json`` reads the same comments: a handle
without its ``@``, a reply opening with ``@NAME`` of an earlier replier under the same
top-level comment an ``explicit`` reply to that replier
(:func:`threads.formats.youtube_json.reply_chains`).

Rows are read in **time order** where the table lists them otherwise (a parent kept
before its replies). Times: Unix seconds or milliseconds (``1773561820.0``,
``1585267200000``), ISO 8601 (an offset read to UTC; without one as written), or any
date :func:`threads.dates.parse_date` reads, the day/month order settled for the whole
column; a value read as no date is counted in a warning. Text that holds markup
(YouTube's ``textDisplay``) is read as HTML. An author ``[deleted]``, ``[removed]``,
``deleted`` or empty is no author; a row with neither words (``[deleted]``, empty) nor
author is a placeholder, kept where a reply hangs under it, else skipped and counted in
``skipped["deleted"]``. Rows of another width than the header's are counted in
``skipped["bad_row"]``, a header row met again (tables concatenated) in
``skipped["repeated header"]``, an id seen twice in a thread in ``skipped["duplicate"]``.
Other columns (likes, scores, flairs) are not read. A DiscordChatExporter CSV is
``discord-csv``'s.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from threads.dates import utc
from threads.formats import discord_csv
from threads.formats._dump import drop_bare_placeholders, epoch, html_post_text, parents_first, time_order
from threads.formats.discord_text import chat_dates
from threads.formats.youtube_json import reply_chains
from threads.model import RawPost, RawThread, ThreadsError

NAME = "table-csv"
KIND = "platform export"
DESCRIPTION = (
    "Comment tables, CSV/TSV with a header row (YouTube Data Tools, 4CAT, Netvizz, Reddit scripts): "
    "columns by name; a thread per thread column, parents by id."
)

# Column names by role, most preferred first, as normalised (see the module doc). Drawn
# from the real tables read: YouTube Data Tools (id, publishedAt, authorName, text,
# isReplyTo; v2 adds videoId, threadId, isReplyToId), the YouTube API as scripts write it
# (commentId, textOriginal, textDisplay, authorDisplayName, videoId, publishedAt), 4CAT
# (id, thread_id, timestamp, body, subject, author, parent), PRAW and Pushshift scripts
# (id, post_id, link_id, author, body, created_utc, parent_id), Netvizz (comment_id,
# comment_by, comment_message, comment_published, post_*), twint (id, conversation_id,
# created_at in milliseconds, username, tweet), snscrape via pandas (Datetime, Tweet Id,
# Text, Username), youtube-comment-downloader as CSV (cid, text, author, time_parsed) and
# DiscordChatExporter (Author, Date, Content). Not here on purpose: ``author_id`` and
# ``user_id`` (account ids; one real table holds the comment's id under ``author_id``),
# twint's ``reply_to`` (the users answered, not a tweet), ``time`` before ``time_parsed``
# (youtube-comment-downloader's "2 years ago").
COLUMNS: dict[str, tuple[str, ...]] = {
    "author": (
        *("author", "authorname", "authordisplayname", "username", "user", "screenname"),
        *("by", "commenter", "name", "authorhash", "from", "sender"),
    ),
    "text": (
        *("text", "body", "comment", "content", "message", "tweet", "textoriginal", "textdisplay"),
        *("comments", "commenttext", "fulltext"),
    ),
    "time": (
        *("createdutc", "timeparsed", "timestamp", "publishedat", "createdat", "datetime", "date"),
        *("unixtimestamp", "created", "published", "postedtime", "postedat", "publishdate", "time"),
    ),
    "id": ("id", "commentid", "cid", "tweetid", "messageid"),
    "parent": (
        *("parentid", "parent", "isreplytoid", "isreplyto", "inreplyto", "inreplytoid"),
        *("inreplytostatusid", "inreplytotweetid", "replytoid", "parentcommentid"),
    ),
    # the discussion a row belongs to; YouTube Data Tools v2's threadId is the top-level
    # comment, so videoId comes first
    "thread": ("videoid", "threadid", "linkid", "postid", "submissionid", "conversationid", "storyid"),
    "title": ("title", "subject", "videotitle", "linktitle", "threadtitle", "submissiontitle"),
}
# Roles a "post_" column fills for the thread's item (Netvizz) when a comment column has it.
ROOT_ROLES = ("author", "text", "time")
# Thread columns that make the table YouTube's (replies nest one level, @handles).
YOUTUBE_THREADS = ("videoid",)
YOUTUBE_PARENTS = ("isreplyto", "isreplytoid")

DELIMITERS = ("\t", ";", ",")
SNIFF_CHARS = 65536  # the head detection reads
SNIFF_ROWS = 50  # rows of it checked against the header's width
MIN_WIDTH_SHARE = 0.9  # of them at least this share as wide as the header
MAX_HEADER_CELL = 64  # a longer cell is data, not a column name
MAX_HEADER_WORDS = 4  # "bias of video" is a column name; a sentence is not
# sniff(): an author and a text column; one of them (a table refused for lacking the other
# rather than read as one article post); a table naming neither (refused the same way).
SURE, PARTLY, BARE = 0.9, 0.5, 0.35
# A header naming neither is a table's only with this many columns, names this short.
MIN_BARE_COLUMNS, MAX_BARE_HEADER_WORDS = 3, 2

GONE_AUTHORS = frozenset({"[deleted]", "[removed]", "deleted"})
GONE_TEXTS = frozenset({"[deleted]", "[removed]"})
NO_PARENT = frozenset({"", "0", "nan", "na", "none", "null"})
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_MILLISECONDS = 1e11  # an epoch above this is milliseconds (seconds would be after year 5000)
# What a column name is made of ("Publish Date", "user.screen_name", "Author (name)"): no
# sentence punctuation, so a chat line or prose with commas is no header.
_HEADER_CELL = re.compile(r"^[\w .#/()\-]+$")
_INDEX_COLUMN = re.compile(r"^Unnamed: \d+$")
_REDDIT_PREFIX = re.compile(r"^t[13]_")
_FLOAT_ID = re.compile(r"^(\d+)\.0$")  # pandas writes an integer id as a float where a cell is empty
MAX_COLUMNS_SAID = 12


@dataclass(frozen=True)
class Layout:
    """How a table is written and which column holds what."""

    delimiter: str
    quoting: int
    header: list[str]
    roles: dict[str, int]  # role -> column index, for the rows
    root: dict[str, int] = field(default_factory=dict)  # role -> column index, for post 0 (post_*)

    def named(self, role: str) -> str | None:
        """The normalised name of the column holding ``role``."""
        return _norm(self.header[self.roles[role]]) if role in self.roles else None

    @property
    def youtube(self) -> bool:
        return self.named("thread") in YOUTUBE_THREADS or self.named("parent") in YOUTUBE_PARENTS


def _norm(cell: str) -> str:
    return "".join(c for c in cell.casefold() if c.isalnum())


def _role_of(name: str) -> tuple[str, int, int] | None:
    """(role, rank, prefix order) of a normalised column name: its own name first, then
    without ``comment`` (order 0: the row's own) or ``post`` (order 2: the item's)."""
    tries = [(name, 1)]
    if name.startswith("comment") and len(name) > len("comment"):
        tries.append((name[len("comment") :], 0))
    if name.startswith("post") and len(name) > len("post"):
        tries.append((name[len("post") :], 2))
    for base, order in tries:
        for role, names in COLUMNS.items():
            if base in names:
                return role, names.index(base), order
    return None


def _roles(header: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """The columns of each role, for the rows and for the item (``post_*`` columns a
    comment column outranks)."""
    found: dict[str, list[tuple[bool, int, int, int]]] = {}
    for k, cell in enumerate(header):
        if (hit := _role_of(_norm(cell))) is not None:
            role, rank, order = hit
            found.setdefault(role, []).append((order == 2, rank, order, k))
    rows: dict[str, int] = {}
    root: dict[str, int] = {}
    for role, hits in found.items():
        hits.sort()
        rows[role] = hits[0][3]
        if role in ROOT_ROLES and not hits[0][0]:
            item = [h for h in hits if h[0]]
            if item:
                root[role] = item[0][3]
    return rows, root


def _header_like(header: list[str]) -> bool:
    # a row index column has no name (pandas, R) or pandas' "Unnamed: 0" once read back
    cells = ["" if _INDEX_COLUMN.match(c.strip()) else c.strip() for c in header]
    if len(cells) < 2 or sum(not c for c in cells) > 2:
        return False
    if any(len(c) > MAX_HEADER_CELL or "\n" in c or len(c.split()) > MAX_HEADER_WORDS for c in cells):
        return False
    named = [c for c in cells if c]
    if not all(_HEADER_CELL.match(c) and any(ch.isalpha() for ch in c) for c in named):
        return False
    return len({_norm(c) for c in named}) == len(named)


def _records(text: str, delimiter: str, quoting: int) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting, strict=False)


def _sample(head: str, delimiter: str, quoting: int, complete: bool) -> list[list[str]] | None:
    rows: list[list[str]] = []
    try:
        for row in _records(head, delimiter, quoting):
            rows.append(row)
            if len(rows) > SNIFF_ROWS + 1:
                break
    except csv.Error:
        return None
    if not complete and len(rows) <= SNIFF_ROWS + 1:
        rows = rows[:-1]  # the head may cut its last row short
    return rows


def _fits(row: list[str], width: int) -> bool:
    return len(row) == width or (len(row) == width + 1 and not row[-1].strip())


def _misfits(rows: list[list[str]]) -> int | None:
    """How many sampled rows are not as wide as their header, or None when too many are
    (more than a few, or one of a short sample) or fewer than two fit (unless there is
    only one row)."""
    data = [r for r in rows[1:] if any(c.strip() for c in r)]
    fit = sum(_fits(r, len(rows[0])) for r in data)
    allowed = max(1, int(len(data) * (1 - MIN_WIDTH_SHARE)))
    return len(data) - fit if fit >= min(2, len(data)) > 0 and len(data) - fit <= allowed else None


def _quotes_cells(head: str) -> bool:
    """Whether a TAB file quotes its cells: one of its first lines holds a cell that opens
    and closes with ``"``. (YouTube Data Tools quotes nothing: a comment may open with
    one.)"""
    for line in head.split("\n", SNIFF_ROWS)[:SNIFF_ROWS]:
        for cell in line.rstrip("\r").split("\t"):
            if len(cell) >= 2 and cell.startswith('"') and cell.endswith('"'):
                return True
    return False


def layout(text: str) -> Layout | None:
    """The layout of the table ``text`` opens with, or None when it does not open with a
    header row and rows of its width (read from its first :data:`SNIFF_CHARS`). A TAB
    file is read unquoted when that fits its rows and they quote no cell."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff")
    complete = len(text) <= SNIFF_CHARS
    first = head.split("\n", 1)[0]
    if first.lstrip()[:1] in ("{", "[", "<", ""):
        return None
    for delimiter in sorted(DELIMITERS, key=lambda d: -first.count(d)):
        if delimiter not in first:
            break
        quotings = (csv.QUOTE_NONE, csv.QUOTE_MINIMAL) if delimiter == "\t" else (csv.QUOTE_MINIMAL,)
        fitting: dict[int, tuple[int, list[str]]] = {}
        for quoting in quotings:
            rows = _sample(head, delimiter, quoting, complete)
            if rows and _header_like(rows[0]) and (misfits := _misfits(rows)) is not None:
                fitting[quoting] = (misfits, rows[0])
        if fitting:
            # the reading that fits more rows; on a tie unquoted, unless cells are quoted
            quoting = min(fitting, key=lambda q: (fitting[q][0], q != csv.QUOTE_NONE))
            if (
                len(fitting) > 1
                and fitting[csv.QUOTE_MINIMAL][0] == fitting[quoting][0]
                and _quotes_cells(head)
            ):
                quoting = csv.QUOTE_MINIMAL
            header = fitting[quoting][1]
            roles, root = _roles(header)
            return Layout(delimiter, quoting, header, roles, root)
    return None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a comment table: sure with an author and a text column,
    less with one of them or none (such a table is refused by :func:`parse`, in one line
    naming its columns, rather than read as one article post). A DiscordChatExporter CSV
    is ``discord-csv``'s.

    >>> sniff("id,author,text\\n1,ann,Hello there\\n2,bo,Hi ann\\n")
    0.9
    >>> sniff("Nice post, really.\\nThanks!\\n")
    0.0
    """
    if discord_csv.sniff(text[:SNIFF_CHARS]):
        return 0.0
    found = layout(text)
    if found is None:
        return 0.0
    roles = len({"author", "text"} & found.roles.keys())
    if not roles and not _table_like(found.header):
        return 0.0  # lines of prose cut at their commas ("I went to Paris, it was lovely")
    return (BARE, PARTLY, SURE)[roles]


def _table_like(header: list[str]) -> bool:
    """Whether a header that names neither an author nor a text column still reads as a
    table's (then refused, naming its columns, rather than read as one article post): at
    least :data:`MIN_BARE_COLUMNS` columns, each name of at most
    :data:`MAX_BARE_HEADER_WORDS` words. Short lines of prose with one comma each made
    two-"column" tables whose header was a sentence cut in two, and the text was refused.

    >>> _table_like(["Product", "Unit price", "Stock"]), _table_like(["I went to Paris", "it was lovely"])
    (True, False)
    """
    named = [c.strip() for c in header if c.strip()]
    return len(header) >= MIN_BARE_COLUMNS and all(len(c.split()) <= MAX_BARE_HEADER_WORDS for c in named)


def _columns_said(header: list[str]) -> str:
    names = [c.strip() or "(unnamed)" for c in header]
    more = len(names) - MAX_COLUMNS_SAID
    return ", ".join(names[:MAX_COLUMNS_SAID]) + (f", ... ({more} more)" if more > 0 else "")


def _require(found: Layout) -> None:
    lacking = [role for role in ("author", "text") if role not in found.roles]
    if lacking:
        examples = {
            "author": "author, user, username, by, authorName",
            "text": "text, body, comment, message",
        }
        said = " and no ".join(lacking)
        hint = "; ".join(f"{role}: {examples[role]}, ..." for role in lacking)
        raise ThreadsError(
            f"a table whose columns name no {said}: {_columns_said(found.header)} (read as {hint})"
        )


# ---------------------------------------------------------------- cells


def _words(cell: str) -> tuple[str, list[tuple[str | None, str]]]:
    """A text cell's words and its quote blocks (author, words): markup (YouTube's
    textDisplay) read as HTML, plain text as written, entities undone."""
    return html_post_text(cell.replace("\r\n", "\n").strip())


def _plain(cell: str) -> str:
    return _words(cell)[0]


def _author(cell: str, youtube: bool) -> str | None:
    name = cell.strip()
    if not name or name.casefold() in GONE_AUTHORS:
        return None
    return (name[1:] or name) if youtube and name.startswith("@") else name


def _bare_id(cell: str) -> str:
    """An id as the table's other columns name it: Reddit's ``t1_``/``t3_`` dropped, and
    ``.0`` after digits (a float pandas wrote for an integer id)."""
    bare = _REDDIT_PREFIX.sub("", cell.strip())
    return m[1] if (m := _FLOAT_ID.match(bare)) else bare


def _times(raw: list[str], notes: list[str]) -> list[datetime | None]:
    """The times of a column: Unix seconds or milliseconds, ISO 8601, else the date
    helpers with one day/month order for the column; values read as no date counted."""
    out: list[datetime | None] = [None] * len(raw)
    rest: list[int] = []
    for k, value in enumerate(raw):
        value = value.strip()
        if not value:
            continue
        if _EPOCH.match(value):
            seconds = float(value)
            out[k] = epoch(seconds / 1000 if seconds > _MILLISECONDS else seconds)
            continue
        try:
            stamp = datetime.fromisoformat(
                value.removesuffix("Z") + ("+00:00" if value.endswith("Z") else "")
            )
        except ValueError:
            rest.append(k)
            continue
        out[k] = utc(stamp)  # aware: to UTC; naive: as written (None: out of range)
    if rest:
        for k, stamp in zip(rest, chat_dates([raw[k].strip() for k in rest], notes), strict=True):
            out[k] = stamp
    unread = [raw[k].strip() for k in range(len(raw)) if raw[k].strip() and out[k] is None]
    if unread:
        notes.append(f"{len(unread)} time(s) not read as a date (e.g. {unread[0]!r}): left empty")
    return out


# ---------------------------------------------------------------- rows


@dataclass
class _Row:
    n: int  # data row number, from 1
    lines: tuple[int, int]
    cells: list[str]


@dataclass
class _Read:
    rows: list[_Row] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, kind: str) -> None:
        self.skipped[kind] = self.skipped.get(kind, 0) + 1


def _read_rows(text: str, found: Layout) -> _Read:
    out = _Read()
    width = len(found.header)
    header = [_norm(c) for c in found.header]
    reader = csv.reader(
        io.StringIO(text.lstrip("\ufeff")), delimiter=found.delimiter, quoting=found.quoting, strict=False
    )
    try:
        next(reader)
        start = reader.line_num + 1
        for row in reader:
            span, start = (start, reader.line_num), reader.line_num + 1
            if not any(c.strip() for c in row):
                if row:  # separators only (a blank line is no row at all)
                    out.skip("empty row")
                continue
            if not _fits(row, width):
                out.skip("bad_row")
                continue
            if _repeats(row, header):
                out.skip("repeated header")
                continue
            out.rows.append(_Row(len(out.rows) + 1, span, row[:width]))
    except csv.Error as err:
        raise ThreadsError(f"not a readable table at line {reader.line_num + 1}: {err}") from None
    return out


def _repeats(row: list[str], header: list[str]) -> bool:
    """Whether ``row`` is the header again (cheap for the rows that are not)."""
    first = row[0]
    if len(first) > MAX_HEADER_CELL or _norm(first) != header[0]:
        return False
    return [_norm(c) for c in row[: len(header)]] == header


# ---------------------------------------------------------------- threads


def parse(text: str) -> list[RawThread]:
    """The threads of a comment table; see the module doc."""
    found = layout(text)
    if found is None:
        raise ThreadsError(
            "not a comment table: no header row followed by rows as wide as it (separated by ',', ';' or TAB)"
        )
    _require(found)
    read = _read_rows(text, found)
    if not read.rows:
        raise ThreadsError(f"a table with no comment row (columns: {_columns_said(found.header)})")
    notes = [_columns_note(found)]
    stamps: list[datetime | None] = [None] * len(read.rows)
    if "time" in found.roles:
        stamps = _times([r.cells[found.roles["time"]] for r in read.rows], notes)
    groups: dict[str, list[int]] = {}
    col = found.roles.get("thread")
    for k, row in enumerate(read.rows):
        groups.setdefault(_bare_id(row.cells[col]) if col is not None else "", []).append(k)
    if "parent" not in found.roles:
        notes.append("the table has no parent column: replies are left to reply inference")
    if col is not None and "" in groups:
        notes.append(f"{len(groups[''])} row(s) with an empty thread column: read as one more thread")
    threads = [
        _thread(key, [read.rows[k] for k in ks], [stamps[k] for k in ks], found) for key, ks in groups.items()
    ]
    first = threads[0]
    first.warnings[:0] = notes
    for kind, n in read.skipped.items():
        first.skipped[kind] = first.skipped.get(kind, 0) + n
    return threads


def _columns_note(found: Layout) -> str:
    said = [f"{role} = {found.header[k].strip()!r}" for role, k in found.roles.items()]
    said += [f"the item's {role} = {found.header[k].strip()!r}" for role, k in found.root.items()]
    return "columns read: " + ", ".join(said)


def _cell(row: _Row, found: Layout, role: str, root: bool = False) -> str:
    k = (found.root if root else found.roles).get(role)
    return row.cells[k] if k is not None else ""


def _thread(key: str, rows: list[_Row], stamps: list[datetime | None], found: Layout) -> RawThread:
    youtube = found.youtube
    warnings: list[str] = []
    skipped: dict[str, int] = {}
    root_at = next((k for k, r in enumerate(rows) if key and _bare_id(_cell(r, found, "id")) == key), None)
    titles = [_plain(_cell(r, found, "title")) for r in rows]
    title = (titles[root_at] if root_at is not None else "") or next((t for t in titles if t), None)
    root_id = key or "(table)"
    if root_at is not None:
        root = _post(rows[root_at], stamps[root_at], found, youtube)
        root.source_id, root.title = root_id, title
    elif found.root and key:
        item = rows[0]
        root = RawPost(
            author=_author(_cell(item, found, "author", root=True), youtube),
            body=_plain(_cell(item, found, "text", root=True)),
            timestamp=_times([_cell(item, found, "time", root=True)], warnings)[0],
            title=title,
            source_id=root_id,
        )
    else:
        root = RawPost(author=None, body="", title=title, source_id=root_id, placeholder=True)
        # one wording for every thread of the table (the summary counts them, not lists them)
        what = (
            f"the item its {found.header[found.roles['thread']].strip()} names" if key else "what they answer"
        )
        warnings.append(f"the table holds the comments only: a placeholder root stands for {what}")
    posts: list[RawPost] = []
    seen: set[str] = {root_id}
    for k, row in enumerate(rows):
        if k == root_at:
            continue
        post = _post(row, stamps[k], found, youtube)
        sid = _bare_id(_cell(row, found, "id")) or f"row-{row.n}"
        if sid in seen:
            skipped["duplicate"] = skipped.get("duplicate", 0) + 1
            continue
        seen.add(sid)
        post.source_id = sid
        if "parent" in found.roles:
            parent = _bare_id(_cell(row, found, "parent"))
            post.parent_source_id = root_id if parent.casefold() in NO_PARENT or parent == key else parent
        posts.append(post)
    timed = any(p.timestamp for p in posts)
    if timed and [id(p) for p in sorted(posts, key=_when)] != [id(p) for p in posts]:
        warnings.append("rows read in time order (the table lists them otherwise)")
    ordered, moved = parents_first([root, *posts], key=_when if timed else None)
    if youtube and (chained := reply_chains(RawThread(posts=ordered))):
        warnings.append(f"{chained} repl(ies) opening with @NAME of an earlier replier: answer that reply")
    ordered, bare = drop_bare_placeholders(ordered)
    if bare:
        skipped["deleted"] = bare
    known = {p.source_id for p in ordered}
    if dangling := [
        p.parent_source_id for p in ordered[1:] if p.parent_source_id and p.parent_source_id not in known
    ]:
        warnings.append(
            f"{len(dangling)} comment(s) answer a comment not in the table (e.g. {dangling[0]}): "
            "left to reply inference"
        )
    if moved:
        warnings.append(f"{moved} parent comment(s) moved ahead of a reply listed before them")
    if nobody := sum(1 for p in ordered[1:] if p.author is None and not p.placeholder):
        warnings.append(f"{nobody} comment(s) with no author (deleted accounts, or left empty)")
    if silent := sum(1 for p in ordered[1:] if not p.body.strip() and not p.placeholder):
        warnings.append(f"{silent} comment(s) with no words: kept, with empty text")
    return RawThread(posts=ordered, title=title, key=key or None, skipped=skipped, warnings=warnings)


def _when(post: RawPost) -> tuple[bool, float]:
    return post.timestamp is None, time_order(post)


def _post(row: _Row, stamp: datetime | None, found: Layout, youtube: bool) -> RawPost:
    author = _author(_cell(row, found, "author"), youtube)
    body, quotes = _words(_cell(row, found, "text"))
    gone = body in GONE_TEXTS or (not body and author is None)
    return RawPost(
        author=None if gone else author,
        body=body,
        quoted=[q for _, q in quotes if q],
        quote_sources=[a for a, q in quotes if q],
        timestamp=stamp,
        placeholder=gone,
        line_start=row.lines[0],
        line_end=row.lines[1],
    )
