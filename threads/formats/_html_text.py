"""Reading values out of page elements: visible text, post text, names and times.

Shared by the HTML dialects through :mod:`threads.formats._html` (which re-exports
every name here); they work on any backend's :class:`~threads.formats._html_dom.Node`.

>>> from threads.formats._html_dom import parse_html
>>> el = parse_html('<p class="by">Posted by: Ann <time datetime="2021-04-12T10:02">x</time></p>')
>>> clean_author(first_text(el, (".nobody", "p.by"))), find_time(el, ("time",))
('Ann x', datetime.datetime(2021, 4, 12, 10, 2))
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from threads.dates import in_range, parse_date, relative_day
from threads.formats._html_dom import Node

# Lines that are UI, not words of the post, when they stand alone (case-folded). From
# the engines' English, German, French, Spanish and Italian language packs.
UI_LINES = frozenset(
    """reply|quote|like|likes|report|share|permalink|link|flag|edit|delete|multiquote|
    reply with quote|quick reply|view post|click to expand...|click to expand…|show more|
    antworten|zitieren|melden|teilen|bearbeiten|löschen|klicken zum erweitern...|
    répondre|citer|signaler|partager|modifier|responder|citar|reportar|rispondi|cita|
    segnala|↑|top|back to top|nach oben""".replace("\n", "").split("|")
)
_UI_LINE_MAX = max(map(len, UI_LINES))
# A line of underscores opens a signature (phpBB 2 and many BBCode boards).
SIGNATURE_RULE = re.compile(r"^_{5,}\s*$")


# ---------------------------------------------------------------------- text
def text_of(el: Node | None) -> str:
    """Visible text of ``el``, block elements on their own lines, blank lines collapsed;
    comments, CDATA and script/style strings are not text (:meth:`Node.text`)."""
    return el.text() if el is not None else ""


def post_text(el: Node | None) -> str:
    """:func:`text_of` without UI lines ("Reply", "Quote", ...) and without a signature
    opened by a line of underscores."""
    lines: list[str] = []
    for line in text_of(el).split("\n"):
        if line[:5] == "_____" and SIGNATURE_RULE.match(line):
            break
        # casefold() never shortens a line: a longer one is no UI line.
        if len(line) > _UI_LINE_MAX or line.casefold() not in UI_LINES:
            lines.append(line)
    return "\n".join(lines)


def first(el: Node, selectors: tuple[str, ...]) -> Node | None:
    """The first element matching the first selector (in order) that matches anything."""
    for sel in selectors:
        found = el.select_one(sel)
        if found is not None:
            return found
    return None


def first_text(el: Node, selectors: tuple[str, ...]) -> str | None:
    """Text of the first selector (in order) whose element has text."""
    for sel in selectors:
        found = el.select_one(sel)
        if found is not None and (t := text_of(found)):
            return t
    return None


# Around a name: "Posted by", "says:", "sagt:", "said...", "by" and badges after a line break.
_AUTHOR_TRIM = re.compile(
    r"^(?:posted by:?|by|von|par|por|di)\s+|"
    r"\s+(?:says|sagt|dit|dice|ha detto|zegt|said)\s*(?::|\.\.\.|…)?\s*$",
    re.I,
)


def clean_author(name: str | None) -> str | None:
    """An author's display name: first line, no "says:" around it, at most 100 chars."""
    if not name:
        return None
    name = name.strip().split("\n", 1)[0]
    name = _AUTHOR_TRIM.sub("", name).strip(" :|»«\u00a0")
    return name[:100] or None


# ---------------------------------------------------------------------- times
def _epoch(value: str) -> datetime | None:
    if not value.isdecimal() or not 8 <= len(value) <= 13:  # isdigit() takes "²" too
        return None
    seconds = int(value) / (1000 if len(value) > 11 else 1)  # Discourse writes milliseconds
    return in_range(datetime.fromtimestamp(seconds, tz=timezone.utc))


def time_of(el: Node | None) -> datetime | None:
    """A timestamp from ``el``: an ISO ``datetime``/``content`` attribute first, then a
    ``title`` (or XenForo's date and time strings) as written, then the visible text,
    then an epoch attribute (UTC; the page's wall clock is lost)."""
    if el is None:
        return None
    for attr in ("datetime", "data-datetime", "content", "title", "data-date"):
        value = el.get(attr)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            # "2012-09-24 17:01:12Z, License: CC BY-SA 3.0" (Stack Exchange), ISO plus
            # epoch (Hacker News): the first part is the time.
            for candidate in (value, value.split(",")[0], value.split()[0]):
                if ts := parse_date(candidate):
                    return ts
    date_s, time_s = el.get("data-datestring") or el.get("data-date-string"), el.get("data-timestring")
    if isinstance(date_s, str) and isinstance(time_s, str) and (ts := parse_date(f"{date_s} {time_s}")):
        return ts
    if ts := parse_date(text_of(el)):
        return ts
    for attr in ("data-time", "data-timestamp", "data-unix"):
        value = el.get(attr)
        if isinstance(value, str) and (ts := _epoch(value.strip())):
            return ts
    return None


def find_time(el: Node, selectors: tuple[str, ...]) -> datetime | None:
    """The first timestamp any of ``selectors`` yields inside ``el``."""
    for sel in selectors:
        # The first match nearly always has the time: one cheaper query for it.
        found = el.select_one(sel)
        if found is None:
            continue
        if ts := time_of(found):
            return ts
        for found in el.select(sel, limit=3)[1:]:
            if ts := time_of(found):
                return ts
    return None


# ------------------------------------------------------------- a post's own header
# Where an engine's date selectors find nothing (a customised template), the post's
# date is read from its header: the lines of the post element before its body (name,
# title, date, post number). A header line counts as the post's date only if it shows a
# clock time: join dates ("Registriert seit: 15.12.2010") and birthdays do not.
HEADER_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# Dates inside a longer header line ("Beitrag vom 03.03.2011, 14:17", "#5 - Mar 3, 2011
# 2:17 PM"), tried when the whole line is not a date. Ordered: numeric day-month-year
# (dots, dashes or slashes, as vBulletin/phpBB board settings print it), ISO, then
# month names in any language :mod:`threads.dates` translates.
HEADER_DATES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s*(?:um\s+|at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
    ),
    re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?"),
    re.compile(
        r"\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4},?\s*(?:um\s+|at\s+|à\s+)?\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?"
    ),
    re.compile(
        r"[^\W\d_]{3,12}\.?\s+\d{1,2},?\s+\d{4},?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?"
    ),
)
HEADER_MAX_LINES = 40  # a header longer than this is not a header (the body was not found)


def header_lines(el: Node, body: Node | None) -> list[str]:
    """The text lines of post element ``el`` before its ``body`` (its own header), or
    ``[]`` when the body is ``el`` itself or its words cannot be placed."""
    if body is None or body.key == el.key:
        return []
    whole, own = text_of(el), text_of(body)
    if not own:
        return []
    at = whole.find(own[:200])
    if at <= 0:
        return []
    return whole[:at].split("\n")[-HEADER_MAX_LINES:]


def header_time(lines: list[str]) -> datetime | None:
    """The first date with a clock time in a post's header lines (see
    :data:`HEADER_DATES`).

    >>> header_time(["Predator", "Gehöre zum Inventar", "03.03.2011, 14:17", "#661"])
    datetime.datetime(2011, 3, 3, 14, 17)
    """
    for line in lines:
        if not HEADER_CLOCK.search(line):
            continue
        if ts := parse_date(line):
            return ts
        for pattern in HEADER_DATES:
            for m in pattern.finditer(line):
                if ts := parse_date(m.group(0)):
                    return ts
    return None


def header_relative(lines: list[str]) -> str | None:
    """The first header line dated relative to the day the page was made ("Heute,
    14:17"), which no date on the page resolves."""
    for line in lines:
        found = relative_day(line)
        if found is not None and found[1] is not None:
            return line
    return None
