"""Movable Type / Typepad export files (the "MT import format").

An export is a list of entries, each closed by a line of eight dashes. An entry is a
block of ``KEY: value`` lines, then sections closed by a line of five dashes::

    AUTHOR: Jane Doe
    TITLE: Hello
    DATE: 03/08/2011 10:02:33 PM
    -----
    BODY:
    First post.
    -----
    COMMENT:
    AUTHOR: Bob
    DATE: 03/08/2011 11:00:00 PM
    Nice.
    -----
    --------

Each entry becomes one thread: post 0 is the entry (body and extended body), then its
comments in order. Trackback pings are counted in ``RawThread.skipped["ping"]``.
Bodies are HTML (or text with a few tags, MT's "convert breaks"): tags are stripped to
text, ``<blockquote>`` blocks become quotes (the shared ``_dump.html_post_text``).
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.dates import parse_date
from threads.formats._dump import html_post_text
from threads.formats._text import Line, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "movabletype"
LINE_BASED = True
PRIORITY = 20
DESCRIPTION = "Movable Type / Typepad export: AUTHOR/TITLE/DATE entries, BODY and COMMENT sections."

ENTRY_END = "--------"  # 8 dashes close an entry
SECTION_END = "-----"  # 5 dashes close a section
# Multi-line sections, as the MT import format documentation lists them.
SECTIONS: tuple[str, ...] = ("BODY", "EXTENDED BODY", "EXCERPT", "KEYWORDS", "COMMENT", "PING")
ROOT_SECTIONS: tuple[str, ...] = ("BODY", "EXTENDED BODY")  # the entry's own text, in order
# Keys that open a comment section; the text starts after them (DATE is the last one).
COMMENT_KEYS: tuple[str, ...] = ("AUTHOR", "EMAIL", "IP", "URL", "DATE")
# Entry keys used by sniff(); parse() reads any upper-case key.
ENTRY_KEYS: tuple[str, ...] = (
    "AUTHOR",
    "TITLE",
    "BASENAME",
    "STATUS",
    "ALLOW COMMENTS",
    "ALLOW PINGS",
    "CONVERT BREAKS",
    "PRIMARY CATEGORY",
    "CATEGORY",
    "DATE",
    "TAGS",
    "NO ENTRY",
)
# Block-level tags: a body holding one is HTML laid out by its tags, not by its line breaks.
_BLOCK_TAG = re.compile(r"<(?:p|br|div|blockquote|ul|ol|li|pre|h[1-6]|table)\b", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_KEY = re.compile(r"^(?P<key>[A-Z][A-Z ]*[A-Z]):[ \t]?(?P<value>.*)$")
_SECTION = re.compile(rf"^(?P<name>{'|'.join(SECTIONS)}):\s*$")

# sniff(): three independent signs, weighted so that no single one reaches the registry's
# MIN_CONFIDENCE (0.3): entry keys alone could be a form letter. Keys plus the MT date
# format (a truncated export) give 0.55, any full entry 0.95; the seeds have none.
_SNIFF_KEYS = re.compile(rf"^(?:{'|'.join(ENTRY_KEYS)}): ", re.M)
_SNIFF_DATE = re.compile(r"^DATE: \d{2}/\d{2}/\d{4} \d{1,2}:\d{2}:\d{2}(?: [AP]M)?[ \t]*$", re.M)
_SNIFF_SECTION = re.compile(rf"^{SECTION_END}\n(?:{'|'.join(SECTIONS)}):[ \t]*$", re.M)
WEIGHT_KEYS = 0.25  # at least two different entry keys
WEIGHT_DATE = 0.3
WEIGHT_SECTION = 0.4
SNIFF_CHARS = 200_000


def _stamp(value: str | None) -> datetime | None:
    return parse_date(value) if value else None


def _split(lines: list[Line], mark: str) -> list[list[Line]]:
    """``lines`` cut at lines that are exactly ``mark``; the last chunk may be unclosed."""
    chunks: list[list[Line]] = [[]]
    for line in lines:
        if line.text.rstrip() == mark:
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def _keys(lines: list[Line], allowed: tuple[str, ...]) -> tuple[dict[str, str], int]:
    """Leading ``KEY: value`` lines of a comment or ping: their values and count."""
    values: dict[str, str] = {}
    n = 0
    for line in lines:
        found = _KEY.match(line.text)
        if not found or found["key"] not in allowed or found["key"] in values:
            break
        values[found["key"]] = found["value"].strip()
        n += 1
        if found["key"] == "DATE":
            break
    return values, n


def _text(lines: list[Line]) -> str:
    return "\n".join(line.text.rstrip() for line in strip_blank(lines))


def _html(text: str) -> tuple[str, list[tuple[str | None, str]]]:
    """The words of an MT body (HTML, or text with a few tags) and its ``<blockquote>``
    quotes, tags stripped like the other exports' HTML. Text without block tags relies
    on MT's "convert breaks": its line breaks are kept."""
    if _ANY_TAG.search(text) and not _BLOCK_TAG.search(text):
        text = text.replace("\n", "<br>\n")
    return html_post_text(text)


def _last(lines: list[Line], default: int) -> int:
    kept = strip_blank(lines)
    return kept[-1].no if kept else default


def _entry(lines: list[Line], index: int, closed: bool) -> RawThread:
    chunks = _split(lines, SECTION_END)
    header: dict[str, str] = {}
    stray: list[Line] = []
    for line in chunks[0]:
        found = _KEY.match(line.text)
        if found:
            header.setdefault(found["key"], found["value"].strip())
        elif line.text.strip():
            stray.append(line)
    sections: list[tuple[str, Line, list[Line]]] = []
    for chunk in chunks[1:]:
        kept = strip_blank(chunk)
        opening = _SECTION.match(kept[0].text) if kept else None
        if opening:
            sections.append((opening["name"], kept[0], kept[1:]))
        elif kept and sections:  # a "-----" inside a text: keep it and what follows
            name, first, body = sections[-1]
            sections[-1] = (name, first, [*body, Line(chunk[0].no - 1, SECTION_END), *chunk])
        elif kept:
            stray.extend(kept)
    key = header.get("BASENAME") or str(index)
    warnings = [] if closed else [f"entry {key}: truncated (no closing {ENTRY_END} line)"]
    if stray:
        warnings.append(f"entry {key}: {len(stray)} line(s) outside any section kept in the body")
    texts = [stray] + [body for name, _, body in sections if name in ROOT_SECTIONS]
    parts = [_html(_text(text)) for text in texts]
    title = header.get("TITLE") or None
    first = strip_blank(lines)
    start = first[0].no if first else 0
    root = RawPost(
        author=header.get("AUTHOR") or None,
        body="\n\n".join(part for part, _ in parts if part),
        quoted=[q for _, quotes in parts for _, q in quotes],
        quote_sources=[a for _, quotes in parts for a, _ in quotes],
        timestamp=_stamp(header.get("DATE")),
        title=title,
        source_id=key,
        line_start=start,
        line_end=_last([line for text in texts for line in text], _last(chunks[0], start)),
        placeholder=header.get("NO ENTRY") == "1",
    )
    posts, pings = [root], 0
    for name, opening, body in sections:
        if name == "PING":
            pings += 1
        elif name == "COMMENT":
            kept = strip_blank(body)  # tolerate blank lines before AUTHOR:
            values, n = _keys(kept, COMMENT_KEYS)
            text, quotes = _html(_text(kept[n:]))
            comment = RawPost(
                author=values.get("AUTHOR") or None,
                body=text,
                quoted=[q for _, q in quotes],
                quote_sources=[a for a, _ in quotes],
                timestamp=_stamp(values.get("DATE")),
                line_start=opening.no,
                line_end=_last(kept, opening.no),
            )
            posts.append(comment)
    skipped = {"ping": pings} if pings else {}
    return RawThread(posts=posts, title=title, key=key, skipped=skipped, warnings=warnings)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Movable Type export.

    >>> sniff("AUTHOR: Ann\\nTITLE: Hi\\nDATE: 03/08/2011 10:02:33 PM\\n-----\\nBODY:\\nHello\\n")
    0.95
    """
    head = text[:SNIFF_CHARS]
    keys = {found.group(0) for found in _SNIFF_KEYS.finditer(head)}
    score = (
        WEIGHT_KEYS * (len(keys) >= 2)
        + WEIGHT_DATE * bool(_SNIFF_DATE.search(head))
        + WEIGHT_SECTION * bool(_SNIFF_SECTION.search(head))
    )
    return round(score, 2)


def parse(text: str) -> list[RawThread]:
    """One thread per entry, in file order; ``RawThread.key`` is BASENAME or the index.

    A final entry without its closing ``--------`` line still yields what it holds, with
    a warning. Blank text gives no threads.
    """
    entries = _split(numbered(text), ENTRY_END)
    threads: list[RawThread] = []
    for k, lines in enumerate(entries):
        if strip_blank(lines):
            threads.append(_entry(lines, len(threads), closed=k < len(entries) - 1))
    return threads
