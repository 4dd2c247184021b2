"""IRC channel logs as IRC clients, bouncers and log bots write them: one channel, one chat.

::

    --- Log opened Tue Mar 05 09:00:00 2019             irssi
    09:01 <@ann> morning all
    09:02  * bo waves
    09:02 -!- cy [~cy@host] has joined #harbour
    --- Day changed Wed Mar 06 2019
    2019-03-05 09:01:02<TAB>@ann<TAB>morning all       WeeChat (--> joins, <-- parts)
    [09:01:02] <ann> morning all                        ZNC, mIRC, Ubuntu's irclogs, Limnoria
    [09:01:02] *** Joins: cy (~cy@host)                 ZNC / mIRC events; Ubuntu "=== "
    **** BEGIN LOGGING AT Tue Mar 05 09:00:00 2019      XChat / HexChat
    Mar 05 09:01:02 <ann> morning all
    09:01:02 <ann> #topic boats                         MeetBot / Limnoria meeting logs

A line opens with its clock (:data:`LINES`, tried in order); the rest is a message
``<nick> text`` (the nick without its channel mode ``@``/``+``/``%``/``&``/``~`` or
irssi's space), an action ``* nick text`` (a post of that nick, ``/me`` words as
written after the nick), or an event behind its client's marker (``-!-``, ``***``,
``===``, ``-->``, ``<--``, ``--``, ``*``). **Events are no posts**: joins, parts,
quits, kicks, nick changes, modes, topics and other server lines are counted in
``skipped`` by kind (:data:`EVENTS`); notices (``-nick- text``) too, as services and
bots send them. A line with no clock continues the message above (a terminal that
wrapped a long line, as logs copied from a screen are): joined with a space, since an
IRC message is one line. Text before the first line with a clock is counted, not read.

**Dates** come from the log's own lines (:data:`DATE_LINES`: irssi's ``Log opened`` /
``Day changed``, XChat's ``BEGIN LOGGING AT``, mIRC's ``Session Start:``), a line's own
date (WeeChat, XChat's month and day: the year from the last date line), with the clock
of each line; no zone (naive wall clock: ``--tz``). A log with no date anywhere (Ubuntu's
irclogs keep the day in the file name ``2019/03/05/#ubuntu.txt``, which a dialect is not
given) leaves every time empty, said in a warning; messages keep the log's order.

**Nick changes**: a renamed person's later lines keep the nick they were written under,
and the rename is said in a note (``old → new``). The others address them by the nick
they see (``CaptainObvious: ...``): the reply resolver links ``nick:`` openings to the
earlier author of that name, so merging the two nicks would lose those replies; and a
``nick_`` is not always the same person as ``nick``.

One thread per file (:mod:`threads.formats._chat`): post 0 a placeholder for the
channel, titled with the first ``#channel`` an event names; messages in log order. IRC
keeps no reply ids: who answers whom is left to reply inference (``nick: text`` and
``nick, text`` are the IRC way to answer, read as a name at the start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from threads.dates import parse_date
from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.model import RawThread, ThreadsError

NAME = "irc-text"
KIND = "platform export"
LINE_BASED = True
DESCRIPTION = (
    "IRC channel log (irssi, WeeChat, ZNC, mIRC, XChat/HexChat, Ubuntu irclogs, MeetBot): "
    "'09:01 <nick> text' lines; events counted."
)

# ---------------------------------------------------------------- lines (rules as data)
_CLOCK = r"(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# How a line opens, by client (ordered: the surest first). Sources: WeeChat's logger
# ("%Y-%m-%d %H:%M:%S" TAB prefix TAB message, misterhat/weechat-log's test lines);
# XChat / HexChat ("%b %d %H:%M:%S", plaso's xchatlog parser doc, a real 2010 log);
# "[HH:MM:SS]" ZNC's log module and mIRC (a real sunpy 2014 ZNC log; sopel's templates),
# "[HH:MM]" Ubuntu's irclogs.ubuntu.com; bare "HH:MM" irssi (real I2P 2002 meeting logs,
# a 2023 covenants meeting log) and MeetBot / Limnoria "HH:MM:SS" (Fedora logs).
LINES: tuple[tuple[str, str], ...] = (
    ("weechat", rf"^(?P<date>\d{{4}}-\d\d-\d\d) {_CLOCK}\t(?P<prefix>[^\t]*)\t(?P<rest>.*)$"),
    ("xchat", rf"^(?P<mon>[A-Za-z]{{3}}) (?P<day>[0-3]?\d) {_CLOCK} (?P<rest>.*)$"),
    ("bracket", rf"^\[(?:(?P<date>\d{{4}}-\d\d-\d\d)[ T])?{_CLOCK}\] ?(?P<rest>.*)$"),
    ("bare", rf"^(?:(?P<date>\d{{4}}-\d\d-\d\d)[ T])?{_CLOCK} (?P<rest>.*)$"),
)
_LINES = tuple((name, re.compile(p)) for name, p in LINES)
# "<@nick> text", "< nick> text" (irssi pads an unmoded nick), "<nick>" with no text.
_MESSAGE = re.compile(r"^<[ ~&@%+]?(?P<nick>[^\s<>]+)> ?(?P<text>.*)$")
# "* nick text" (/me): irssi " * nick", XChat "*\tnick"; an event line of XChat also opens
# with "*", so EVENTS are tried first.
_ACTION = re.compile(r"^\*\s+(?P<nick>[^\s*]+)(?: (?P<text>.*))?$")
# "-nick- text", "-nick(~u@host)- text": a notice (services, bots).
_NOTICE = re.compile(r"^-(?P<nick>[^\s!-][^\s]*?)(?:\([^)]*\))?- ")
# The markers clients put before an event (irssi, ZNC/mIRC, Ubuntu, WeeChat, XChat).
_EVENT_MARK = re.compile(r"^(?:-!-|\*\*\*|===|-->|<--|--|\*)\s+")
# Events by kind, on the line after its marker (irssi, ZNC, mIRC, XChat, WeeChat wording).
EVENTS: tuple[tuple[str, str], ...] = (
    ("nick change", r"(?P<old>\S+) is now known as (?P<new>\S+)"),
    ("join", r"Joins: .*|\S+ (?:\[[^\]]*\] |\([^)]*\) )?has joined .*|Now talking on .*"),
    ("part", r"Parts: .*|\S+ (?:\[[^\]]*\] |\([^)]*\) )?has (?:left|parted) .*"),
    ("quit", r"Quits: .*|\S+ (?:\[[^\]]*\] |\([^)]*\) )?has quit.*"),
    ("kick", r".* was kicked (?:from \S+ )?by .*|\S+ has kicked .*"),
    ("mode", r"mode/\S+ .*|.* sets mode:? .*|Mode #.*|.* (?:gives|removes) .*(?:status|voice).*"),
    ("topic", r"(?:Topic|topic) (?:for|set by|on) .*|.* (?:change[sd]?|has changed) (?:the )?topic .*"),
)
_EVENTS = tuple((kind, re.compile(rf"^(?:{p})$")) for kind, p in EVENTS)
# The log's own date lines: a session opens, the day turns (irssi, XChat/HexChat, mIRC).
DATE_LINES = re.compile(
    r"^(?:--- (?:Log opened|Log closed|Day changed)|\*\*\*\* (?:BEGIN|ENDING) LOGGING AT"
    r"|Session (?:Start|Close|Time)):? (?P<date>.+?)\s*$"
)
# strptime forms of those dates (C locale, as the clients write them), then parse_date.
DATE_FORMATS = ("%a %b %d %H:%M:%S %Y", "%a %b %d %Y", "%a %b %d %H:%M:%S %Y %z")
# Ubuntu's irclogs write events with no clock: "=== carol [~c@host] has joined #ubuntu".
UNTIMED_EVENT = "=== "
_CHANNEL = re.compile(r"(?<![\w#])(#[^\s,:\]\)\"']+)")
_MODES = "~&@%+ "

# sniff(): the share of the first SNIFF_LINES non-blank lines that open with a clock and
# read as a message, action or event, once at least MIN_MESSAGES are messages. Real logs
# run 0.8-1.0 (wrapped lines lower it); other dialects' fixtures and the corpus 0.
SNIFF_LINES = 200
MIN_MESSAGES = 3
SCORE_BY_SHARE: tuple[tuple[float, float], ...] = ((0.6, 0.9), (0.35, 0.7))


@dataclass
class _Line:
    no: int
    client: str
    date: str | None
    mon: str | None
    day: str | None
    clock: time
    rest: str


def _line(text: str, no: int) -> _Line | None:
    if not text or not (text[0].isdigit() or text[0] == "[" or text[0].isalpha()):
        return None
    for client, pattern in _LINES:
        m = pattern.match(text)
        if m is None:
            continue
        if client == "xchat" and m["mon"].lower() not in _MONTHS:
            continue
        rest = m["rest"]
        if client == "weechat":
            rest = _weechat_rest(m["prefix"], rest)
        clock = time(int(m["hh"]), int(m["mm"]), int(m["ss"] or 0))
        gd = m.groupdict()
        return _Line(no, client, gd.get("date"), gd.get("mon"), gd.get("day"), clock, rest.strip())
    return None


def _weechat_rest(prefix: str, message: str) -> str:
    """A WeeChat line in the shape of the others: its prefix column says what it is."""
    prefix = prefix.strip()
    if prefix in ("-->", "<--", "--", "=!="):
        return f"{'--' if prefix == '=!=' else prefix} {message}"
    if prefix == "*":
        return f"* {message}"
    return f"<{prefix}> {message}"


@dataclass
class _Read:
    kind: str  # "message", "action", "event", "notice"
    nick: str = ""
    text: str = ""
    event: str = ""
    renamed: tuple[str, str] | None = None


def _read(rest: str) -> _Read | None:
    if m := _MESSAGE.match(rest):
        return _Read("message", m["nick"], m["text"])
    if _NOTICE.match(rest):
        return _Read("notice")
    marked = _EVENT_MARK.match(rest)
    body = rest[marked.end() :] if marked else rest
    for kind, pattern in _EVENTS:
        if e := pattern.match(body):
            renamed = (e["old"].lstrip(_MODES), e["new"]) if kind == "nick change" else None
            return _Read("event", event=kind, text=body, renamed=renamed)
    if a := _ACTION.match(rest):
        return _Read("action", a["nick"].lstrip(_MODES), a["text"] or "")
    if marked:
        return _Read("event", event="other server line", text=body)
    return None


def sniff(text: str) -> float:
    """Confidence that ``text`` is an IRC channel log.

    >>> sniff("09:01 <ann> hi\\n09:02 <bo> ann: hello\\n09:03 -!- cy has quit\\n09:04 <cy> hm\\n")
    0.9
    """
    lines = [s for s in text[:200_000].split("\n") if s.strip()][:SNIFF_LINES]
    if not lines:
        return 0.0
    read = [r for i, s in enumerate(lines) if (h := _line(s.rstrip("\r"), i)) and (r := _read(h.rest))]
    if sum(r.kind == "message" for r in read) < MIN_MESSAGES:
        return 0.0
    share = len(read) / len(lines)
    return next((score for floor, score in SCORE_BY_SHARE if share >= floor), 0.0)


def _log_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    found = parse_date(value)
    return found.date() if found else None


@dataclass
class _Message:
    line: _Line
    read: _Read
    day: date | None
    more: list[str] = field(default_factory=list)
    last_no: int = 0


def _day_of(line: _Line, current: date | None) -> date | None:
    """The date of ``line``: its own, else the log's current one."""
    if line.date:
        try:
            return date.fromisoformat(line.date)
        except ValueError:  # "2019-13-05": no date, as a log without one
            return current
    if line.mon and line.day:
        year = current.year if current else None
        if year is None:
            return None
        try:
            return date(year, _MONTHS.index(line.mon.lower()) + 1, int(line.day))
        except ValueError:
            return None
    return current


def parse(text: str) -> list[RawThread]:
    """One thread: the channel's placeholder, then its messages in log order."""
    if not text.strip():
        return []
    counts = ChatCounts()
    messages: list[_Message] = []
    current: date | None = None
    unread = 0
    renames: list[tuple[str, str]] = []
    title: str | None = None
    last: _Message | None = None
    for no, raw in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        s = raw.rstrip("\r")
        if not s.strip():
            continue
        if dl := DATE_LINES.match(s.strip()):
            current = _log_date(dl["date"]) or current
            last = None
            continue
        h = _line(s, no)
        r = _read(h.rest) if h else None
        untimed = _read(s) if h is None and s.startswith(UNTIMED_EVENT) else None
        if untimed is not None and untimed.kind == "event":  # Ubuntu's irclogs: events carry no clock
            h, r = _Line(no, "untimed", None, None, None, time(), s), untimed
        if h is None and last is not None:  # a wrapped line of the message above
            last.more.append(s.strip())
            last.last_no = no
            continue
        if h is None or r is None:  # text before the first message; a timed line with no nick
            unread += 1
            last = None
            continue
        if r.kind in ("event", "notice"):
            counts.skip(r.event or "notice")
            if r.renamed:
                renames.append(r.renamed)
            if title is None and (ch := _CHANNEL.search(r.text)):
                title = ch.group(1)
            last = None
            continue
        last = _Message(h, r, _day_of(h, current), last_no=no)
        messages.append(last)
    if not messages:
        raise ThreadsError("not an IRC log: no line like '09:01 <nick> text' or '[09:01] <nick> text'")
    chat = []
    dateless = 0
    for m in messages:
        stamp = datetime.combine(m.day, m.line.clock) if m.day else None
        dateless += stamp is None
        words = " ".join([m.read.text.strip(), *m.more]).strip()
        chat.append(ChatMessage(f"line-{m.line.no}", m.read.nick, stamp, words))
    if dateless:
        counts.notes.append(
            f"{dateless} message(s) with a clock but no date (the log has no date line; a log "
            "named by its day keeps the date in its file name): time left empty"
        )
    if renames:
        shown = ", ".join(f"{a} → {b}" for a, b in renames[:5]) + (", ..." if len(renames) > 5 else "")
        counts.notes.append(
            f"{len(renames)} nick change(s) ({shown}): each message keeps the nick it was written "
            "under (others answer the new nick by that name)"
        )
    if unread:
        counts.notes.append(
            f"{unread} line(s) neither a message, an action nor an event (text before the first "
            "message, a timed line with no <nick>): not read"
        )
    counts.notes.append(
        "an IRC log keeps no reply links: post 0 stands for the channel, and who answers whom "
        "is left to 'nick:' openings, names and reply inference"
    )
    thread = assemble(title or "channel", title, chat, counts)
    spans = {f"line-{m.line.no}": (m.line.no, m.last_no) for m in messages}
    for post in thread.posts[1:]:
        post.line_start, post.line_end = spans.get(post.source_id or "", (0, 0))
    return [thread]
