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

from threads.dates import parse_date
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
    if not value.isdigit() or not 8 <= len(value) <= 13:
        return None
    seconds = int(value) / (1000 if len(value) > 11 else 1)  # Discourse writes milliseconds
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


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
