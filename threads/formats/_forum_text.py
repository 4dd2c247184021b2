"""What the forum text-copy dialects share (``phpbb-text``, ``vbulletin-text``,
``smf-text``, ``mybb-text``, ``invision-text``): date lines, the member block beside a
post, quote boxes whose end the copy does not mark, signatures and "page k of n".

A forum page copied as text loses the boxes that held its parts together: a member
block (name, rank, "Posts: 1,204") runs into the text above it, and a quote box's last
line runs into the reply under it. The helpers here recover them by the signs a copy
keeps, strongest first, and each dialect gives its own tables (rules as data).

>>> forum_date("Heute, 09:12")
(True, None)
>>> forum_date("Mo 24. Sep 2012, 16:53")
(True, datetime.datetime(2012, 9, 24, 16, 53))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from threads.dates import parse_date, relative_day, relative_span, resolve_exact
from threads.formats._text import RELATIVE_KEY, Line, note_relative, numbered, numbers

__all__ = ["RELATIVE_KEY", "note_relative"]  # the forum dialects reach them here too

# ---------------------------------------------------------------- dates
# (Short weekdays and months of forum dates are read by threads.dates.parse_date.)
# A clock time: what tells a post header's date from a join date ("Joined: Apr 2005").
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
MAX_DATE_CHARS = 60


# Every forum copy dialect sniffs the same way: how many post headers of its engine the
# first SNIFF_CHARS hold (its own SCORE_BY_POSTS table), plus CORROBORATION for a line only
# that engine prints (its footer, pager, buttons), capped at SNIFF_CAP.
SNIFF_CHARS = 200_000
SNIFF_CAP = 0.95


def sniff_posts(
    text: str,
    count: Callable[[list[Line]], int],
    own_line: re.Pattern[str],
    by_posts: Sequence[float],
    corroboration: float,
) -> float:
    """A forum copy dialect's confidence: ``count`` post headers in the head of ``text``
    score ``by_posts[count]`` (the last entry for more), plus ``corroboration`` where a
    line matches ``own_line``; 0 without a header."""
    lines = numbered(text[:SNIFF_CHARS])
    n = count(lines)
    if not n:
        return 0.0
    score = by_posts[min(n, len(by_posts) - 1)]
    if any(own_line.match(line.text) for line in lines):
        score += corroboration
    return round(min(score, SNIFF_CAP), 2)


def forum_date(
    text: str, *, need_clock: bool = False, anchor: datetime | None = None, spans: bool | None = None
) -> tuple[bool, datetime | None]:
    """Is ``text`` (a whole field) a forum date, and its wall-clock time. A relative date
    (a day word with its clock, "Heute, 09:12"; or a span such as "13 minutes ago", which
    phpBB 3.1+ prints in a byline and MyBB under "#N", accepted where ``spans`` (by
    default where no clock is asked for: a span is never a join date) is a date whose time
    is known only against ``anchor``, the page's own clock (:func:`page_time`), and only
    to the minute (:func:`threads.dates.resolve_exact`); else it is ``None``."""
    s = text.strip().strip("\u200e\u200f")
    if not s or len(s) > MAX_DATE_CHARS:
        return False, None
    if (not need_clock if spans is None else spans) and relative_span(s):
        return True, resolve_exact(s, anchor) if anchor else None
    if not re.search(r"\d", s) or (need_clock and not CLOCK.search(s)):
        return False, None
    if (rel := relative_day(s)) is not None:
        rest = s[len(s.split(",")[0]) :] if "," in s else ""
        ok = rel[1] is not None or not rest.strip(" ,")
        return ok, resolve_exact(s, anchor) if ok and anchor else None
    if not re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}", s):
        return False, None
    stamp = parse_date(s)
    return stamp is not None, stamp


# The page's own clock, where a forum prints it: the moment the page was made, which a
# relative date ("Today, 14:17", "13 minutes ago") counts back from. phpBB 3's "It is
# currently DATE" (en, de, fr, es, it, nl, ru, pl packs: 'CURRENT_TIME'), MyBB's footer
# "Current time: DATE", SMF's "Current time"/"Aktuelle Zeit". A clock without a date
# (vBulletin's "The time now is 06:42 PM") is no anchor: it does not say which day.
PAGE_TIMES: tuple[str, ...] = (
    r"it is currently|current time\s*:|aktuelle zeit\s*:|nous sommes le|es actualmente|son le ore|"
    r"het is nu|текущее время\s*:|obecny czas\s*:|jelenlegi idő\s*:",
)
_PAGE_TIME = re.compile(rf"^\s*(?:{'|'.join(PAGE_TIMES)})\s*(?P<date>\S.{{4,60}}?)\s*\.?\s*$", re.I)


def page_time(lines: Iterable[Line]) -> datetime | None:
    """When the page was made, from its own clock line (:data:`PAGE_TIMES`), or ``None``."""
    for line in lines:
        if (m := _PAGE_TIME.match(line.text)) and (stamp := parse_date(m["date"])) is not None:
            return stamp
    return None


# ---------------------------------------------------------------- pages
# "Page 34 of 40" and its translations, anywhere on a short line ("4 posts • Page 1 of 1").
PAGE_OF: tuple[str, ...] = (
    r"\b(?:page|seite|pagina|página|pagina) (?P<k>\d+) (?:of|von|de|di|van) (?P<n>\d+)\b",
    r"\bpage (?P<k2>\d+) sur (?P<n2>\d+)\b",
    # phpBB 3 ru/uk/pl: "Страница 1 из 3", "Сторінка 1 з 3", "Strona 1 z 3"
    r"(?<!\w)(?:страница|сторінка|strona) (?P<k3>\d+) (?:из|з|z) (?P<n3>\d+)\b",
)
_PAGE_OF = re.compile("|".join(PAGE_OF), re.I)
# Pagers that show every page: SMF "Pages: [1] 2 3", MyBB "Pages (2): 1 2 Next »",
# phpBB 2 "Goto page 1, 2, 3 ... 9 Next" (the current page is only marked by style:
# with a "Next" link and no "Previous" one it is the first).
_PAGES_BRACKET = re.compile(
    r"^\s*(?:pages|seiten|páginas|страницы|strony)\s*:\s*(?P<list>.*\[\d+\].*)$",
    re.I,  # SMF ru/pl too
)
_PAGES_COUNT = re.compile(r"^\s*(?:pages|seiten|pages|páginas)\s*\((?P<n>\d+)\)\s*:", re.I)
_GOTO = re.compile(
    r"^\s*(?:goto page|gehe zu seite|aller à la page|ir a página)\s+(?P<list>[\d, .…]+)(?P<rest>.*)$", re.I
)
_PREVIOUS = re.compile(r"\b(?:previous|prev|zurück|vorherige|précédente|anterior)\b|«", re.I)
MAX_PAGER_WORDS = 16
# Any pager line, for telling chrome from a member block ("Page  of 1" when scripts fill
# in the number, "Seite 2 von 3 < 123", "Pages (2):12Next »").
PAGER = re.compile(
    r"^\s*(?:(?:page|seite|pagina|página)\b.{0,12}\b(?:of|von|de|di|sur)\b.*|"
    r"(?:pages?|seiten?|páginas)\s*[:(\[].*|(?:goto page|gehe zu seite|go to page|aller à la page)\b.*)$",
    re.I,
)


def page_of(lines: Iterable[Line]) -> tuple[int, int | None] | None:
    """Page k of n from the pager lines among ``lines`` (the chrome around the posts)."""
    fallback: tuple[int, int | None] | None = None
    seen: list[tuple[int, int]] = []
    for line in lines:
        text = line.text.strip()
        if not text or len(text.split()) > MAX_PAGER_WORDS:
            continue
        if m := _PAGE_OF.search(text):
            k, n = next((m[f"k{i}"], m[f"n{i}"]) for i in ("", "2", "3") if m[f"k{i}"])
            # numbers(): None for a run int() refuses; such a line is not a pager
            if pair := numbers(k, n):
                seen.append((pair[0], pair[1]))
            continue
        if m := _PAGES_BRACKET.match(text):
            current = re.search(r"\[(\d+)\]", m["list"])[1]  # type: ignore[index]
            if found := numbers(current, *re.findall(r"\d+", m["list"])):
                return found[0], max(found[1:])
            continue
        if fallback is None and (m := _PAGES_COUNT.match(text)):
            count = numbers(m["n"])
            fallback = (1, count[0]) if count and not _PREVIOUS.search(text) else None
        if fallback is None and (m := _GOTO.match(text)):
            found = numbers(*re.findall(r"\d+", m["list"]))
            if found and not _PREVIOUS.search(m["rest"]):
                fallback = (1, max(found))
    if seen:
        # A pager's links may run into its count ("Page 1 of 212" for "of 2" + "1 2"):
        # the smallest count shown is the one.
        return min(seen, key=lambda kn: kn[1])
    return fallback


# ---------------------------------------------------------------- member blocks
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?:;,)\]]\s*$")
# An initial or a short abbreviation at the end of a name ("Ada K.", "Sam Jr.").
_INITIAL_END = re.compile(r"(?:^|\s)[A-ZÀ-Þ][a-z]?\.\s*$")


def short(text: str) -> bool:
    """A line that could be a member block's line: short, no sentence punctuation."""
    s = text.strip()
    return (
        bool(s)
        and len(s) <= MAX_NAME_CHARS
        and len(s.split()) <= MAX_NAME_WORDS
        and (not _SENTENCE_END.search(s) or bool(_INITIAL_END.search(s)))
    )


@dataclass
class Block:
    """The member block's candidate lines (indexes, top first) and whether its top is
    certain (it starts right after a line that ends a post or the page header)."""

    run: list[int] = field(default_factory=list)
    bounded: bool = False


def pick(lines: Sequence[Line], block: Block, known: set[str], titles: re.Pattern[str]) -> int | None:
    """The name's line in a member block: a name the page shows elsewhere (a quote's
    source, a "by NAME" line, a name found where the block's top is certain), the top of
    a block whose top is certain, the line above a rank title, else the top line."""
    run = [j for j in block.run if not titles.match(lines[j].text)] or block.run
    if not run:
        return None
    for j in run:
        if lines[j].text.strip() in known:
            return j
    if block.bounded:
        return run[0]
    for k in range(1, len(block.run)):
        if titles.match(lines[block.run[k]].text) and not titles.match(lines[block.run[k - 1]].text):
            return block.run[k - 1]
    return run[0]


# ---------------------------------------------------------------- quote boxes
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


MIN_PART_CHARS = 12  # a quoted line this long may be part of a source line (partial quotes)


def _in_source(text: str, source: Sequence[str]) -> bool:
    t = _norm(text)
    return bool(t) and any(t == s or (len(t) >= MIN_PART_CHARS and t in s) for s in source)


@dataclass(frozen=True)
class QuoteRules:
    """One engine's quote boxes as they copy: a header line naming the source (group
    ``name``; group ``rest`` for quoted words on the header's own line), lines to skip
    right after it (a date, a "view post" arrow), and a closing line if the engine
    prints one. Without a closing line the box ends where the quoted words stop
    matching the source's post on the page, else at the first blank line."""

    start: re.Pattern[str]
    end: re.Pattern[str] | None = None
    skip: re.Pattern[str] | None = None
    # Lines just above the header that belong to the box ("Quote:" over vBulletin 3's
    # "Originally Posted by X").
    label: re.Pattern[str] | None = None


def take_quotes(
    lines: list[Line], rules: QuoteRules, earlier: dict[str, list[str]] | None = None
) -> tuple[list[Line], list[tuple[str | None, str]]]:
    """``lines`` without their quote boxes, and the boxes as (source name, text).

    ``earlier`` maps an author to the lines of their posts above this one: a box quoting
    a post on the page ends after the last line found in that post."""
    kept: list[Line] = []
    quotes: list[tuple[str | None, str]] = []
    i = 0
    while i < len(lines):
        m = rules.start.match(lines[i].text)
        if not m:
            kept.append(lines[i])
            i += 1
            continue
        if rules.label is not None and kept and rules.label.match(kept[-1].text):
            kept.pop()
        groups = m.groupdict()
        name = (groups.get("name") or "").strip() or None
        words = [groups["rest"].strip()] if (groups.get("rest") or "").strip() else []
        j = i + 1
        while j < len(lines) and (
            not lines[j].text.strip() or (rules.skip is not None and rules.skip.match(lines[j].text))
        ):
            if lines[j].text.strip() or not words:
                j += 1
                continue
            break
        source = (earlier or {}).get(name or "", [])
        if words and source and _in_source(words[0], source):
            # The header's line held the quoted words: more lines count only while they
            # are the source's too.
            stop = after = _source_run(lines, j, source, j)
        else:
            stop, after = _quote_end(lines, j, rules, source, bool(words))
        words += [x.text.strip() for x in lines[j:stop] if x.text.strip()]
        if words:
            quotes.append((name, "\n".join(words)))
        i = after
    return kept, quotes


def _source_run(lines: list[Line], j: int, source: list[str], none: int) -> int:
    """The end (exclusive) of the run of lines from ``j`` found in ``source`` (blank
    lines inside allowed); ``none`` when ``lines[j]`` is not in it."""
    last = None
    for k in range(j, len(lines)):
        if not lines[k].text.strip():
            continue
        if not _in_source(lines[k].text, source):
            break
        last = k
    return none if last is None else last + 1


def _quote_end(
    lines: list[Line], j: int, rules: QuoteRules, source: list[str], began: bool
) -> tuple[int, int]:
    """Where a box's words stop (exclusive) and where the post's own text resumes."""
    if rules.end is not None:
        end = next((k for k in range(j, len(lines)) if rules.end.match(lines[k].text)), None)
        if end is not None:
            return end, end + 1
    if source and j < len(lines) and _in_source(lines[j].text, source):
        end = _source_run(lines, j, source, j)
        return end, end
    if began and (j >= len(lines) or not lines[j].text.strip()):
        return j, j  # the header line held the whole quote ("NAME wrote:words")
    stop = next((k for k in range(j, len(lines)) if not lines[k].text.strip()), len(lines))
    # Paragraphs right under the box that the source's posts on the page also hold (a
    # signature the quote carried along) are still quoted.
    while source:
        k = next((k for k in range(stop, len(lines)) if lines[k].text.strip()), len(lines))
        end = next((e for e in range(k, len(lines)) if not lines[e].text.strip()), len(lines))
        if k == len(lines) or end == len(lines) or not all(_in_source(x.text, source) for x in lines[k:end]):
            break
        stop = end
    return stop, stop


# ---------------------------------------------------------------- signatures
# The rule phpBB 2 and vBulletin print over a signature (a run of underscores).
SIGNATURE_RULE = re.compile(r"^\s*_{8,}\s*$")


def split_signature(lines: list[Line]) -> tuple[list[Line], str | None]:
    """``lines`` above a signature rule, and the signature's text (``None`` if none)."""
    at = next((k for k, x in enumerate(lines) if SIGNATURE_RULE.match(x.text)), None)
    if at is None:
        return lines, None
    sig = "\n".join(x.text.strip() for x in lines[at + 1 :] if x.text.strip())
    return lines[:at], sig or None


def squeeze(lines: list[Line]) -> list[Line]:
    """``lines`` with runs of blank lines (left where quote boxes were taken out) cut to one."""
    out: list[Line] = []
    for x in lines:
        if x.text.strip() or not out or out[-1].text.strip():
            out.append(x)
    return out


def earlier_lines(posts: Sequence[tuple[str | None, list[Line]]]) -> dict[str, list[str]]:
    """Each author's non-blank lines (normalised) in ``posts`` (author, lines)."""
    out: dict[str, list[str]] = {}
    for author, body in posts:
        if author:
            out.setdefault(author, []).extend(_norm(x.text) for x in body if x.text.strip())
    return out


# ---------------------------------------------------------------- blocks over a rank
MAX_RANK_BLOCK = 10


def block_over(
    lines: Sequence[Line], at: int, lo: int, stop: re.Pattern[str], member: re.Pattern[str]
) -> list[int]:
    """The member block above line ``at`` for engines whose block is name, blank lines,
    rank and key lines (SMF, MyBB, Invision): short lines back to a ``stop`` line (a
    post's last button), prose or ``lo``, blank lines inside allowed; top first."""
    run: list[int] = []
    j = at - 1
    while j >= lo and len(run) < MAX_RANK_BLOCK:
        text = lines[j].text.strip()
        if text and (stop.match(text) or not (short(text) or member.match(text))):
            break
        if text:
            run.insert(0, j)
        j -= 1
    return run


def name_over(lines: Sequence[Line], run: list[int], known: set[str], member: re.Pattern[str]) -> int | None:
    """The name's line in such a block: a name the page shows elsewhere, else the line
    right above the first rank or key line (what is above it is the previous post's
    signature), else the block's last line."""
    for j in run:
        if lines[j].text.strip() in known:
            return j
    for k, j in enumerate(run):
        if member.match(lines[j].text):
            return run[k - 1] if k else None
    return run[-1] if run else None
