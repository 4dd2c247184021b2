"""Helpers shared by the plain-text dialects: lines with numbers, blocks, headlines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from threads.model import RawPost

# The longest digit run read as a number: int() refuses longer ones (Python's
# sys.get_int_max_str_digits), so "Page 1 of 999..." with 5,000 nines raised ValueError
# (a fuzz find). A run that long is damage, not a count.
MAX_NUMBER_DIGITS = 4300


def numbers(*runs: str) -> list[int] | None:
    """The digit runs as numbers, or ``None`` when one is not a number int() reads:
    longer than :data:`MAX_NUMBER_DIGITS`, or digits str.isdigit() accepts but int()
    does not (superscripts: "²" is a digit, not a decimal one)."""
    if all(run.isdecimal() and len(run) <= MAX_NUMBER_DIGITS for run in runs):
        return [int(run) for run in runs]
    return None


@dataclass(frozen=True)
class Line:
    """A line of the dump and its 1-based number."""

    no: int
    text: str


def numbered(text: str) -> list[Line]:
    """The text's lines, numbered from 1 (newlines are already normalised to ``\\n``)."""
    return [Line(i, s) for i, s in enumerate(text.split("\n"), start=1)]


def strip_blank(lines: list[Line]) -> list[Line]:
    """Drop blank lines at both ends."""
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]


def block_post(lines: list[Line], **fields: object) -> RawPost:
    """A :class:`RawPost` whose body is ``lines`` (trimmed), with their line span."""
    kept = strip_blank(lines)
    body = "\n".join(line.text.rstrip() for line in kept)
    first = kept[0].no if kept else (lines[0].no if lines else 0)
    last = kept[-1].no if kept else first
    return RawPost(body=body, line_start=first, line_end=last, **fields)  # type: ignore[arg-type]


# A headline: short, no sentence-final stop, not a bullet or a photo credit.
_HEADLINE_MAX_WORDS = 16
_NOT_HEADLINE = re.compile(r"^\s*(?:[-•*–]|\d+[.)]\s|https?://)|[.:;,]\s*$|\)\s*$")


def headline(lines: list[Line], look: int = 3) -> str | None:
    """The document's headline: the first short title-like line among the first
    ``look`` non-blank lines, or ``None`` (seed 000 has none: it opens with prose)."""
    seen = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        if seen > look:
            break
        if len(text.split()) <= _HEADLINE_MAX_WORDS and not _NOT_HEADLINE.search(text):
            return text
    return None


RELATIVE_KEY = "relative date, time left empty"


def note_relative(
    posts: Iterable[RawPost], skipped: dict[str, int], warnings: list[str], example: str = "'Today, 14:17'"
) -> None:
    """Count the posts of a text copy whose date is relative to when the page was made
    and could not be resolved to the minute (their time is empty; the date stays in the
    dump, at the post's lines) in ``skipped`` under :data:`RELATIVE_KEY`, with a warning.
    Every undated post of a dialect that calls this is one: its posts are found by their
    dates, and only a relative one gives no time."""
    n = sum(p.timestamp is None and not p.placeholder for p in posts)
    if n:
        skipped[RELATIVE_KEY] = skipped.get(RELATIVE_KEY, 0) + n
        warnings.append(
            f"{n} post{'s' if n > 1 else ''} dated relative to when the page was made ({example}), "
            "which the copy does not give to the minute: time left empty"
        )
