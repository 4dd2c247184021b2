"""The format registry: one module per input dialect.

Each dialect module defines ``NAME`` (used by ``--format``), ``DESCRIPTION`` (one line,
shown by ``threads formats``), ``sniff(text) -> float`` (confidence in [0, 1] that the
text is in this dialect) and ``parse(text) -> list[RawThread]``; optionally
``LINE_BASED = True`` for plain-text dialects (they refuse absurdly long lines) and
``PRIORITY`` (lower sorts first; ties in sniff scores go to the first). A dialect whose
dumps can be huge may also be read in pieces, in parallel (``threads/chunks.py``): it
then defines ``piece_start(buf) -> int`` (the first offset >= 1 of ``buf`` where a piece
may begin, or -1), ``scan(lines) -> partial`` (partials of consecutive pieces combine
with ``partial.merge(later, line_offset)``) and ``threads_of(partial) -> list[RawThread]``;
with ``STREAM_KEYED = True`` its partials also split by thread (``thread_keys()``,
``select(keys)``, ``summary(limit=None)``: keys and counts only, ``threads_of(part,
whole_summary)``; the summary's first key is the dump's first thread). Adding a dialect
means adding its module to this package, and its fixtures and tests; nothing else:
modules are discovered, and ``article`` is always the fallback.

>>> from threads.formats import detect
>>> detect("Nice post!\\nPosted by: Ann | 07 June 2016 at 05:06 PM\\n").name
'typepad-text'
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from threads.model import RawThread, ThreadsError

_FALLBACK = "article"

# A dialect must be at least this sure to beat the `article` fallback. Calibrated on the
# seeds and fixtures: real dumps of a dialect sniff at >= 0.6, near misses at <= 0.2.
MIN_CONFIDENCE = 0.3


@dataclass(frozen=True)
class Format:
    """A registered dialect."""

    name: str
    description: str
    sniff: Callable[[str], float]
    parse: Callable[[str], list[RawThread]]
    module: ModuleType
    line_based: bool = False
    stream: Stream | None = None
    kind: str = "platform export"


@dataclass(frozen=True)
class Stream:
    """How a dialect reads a dump in pieces (see the module doc and ``threads/chunks.py``)."""

    piece_start: Callable[[bytes], int]
    scan: Callable[[list[str]], Any]
    threads_of: Callable[..., list[RawThread]]
    keyed: bool = False


def _stream(m: ModuleType) -> Stream | None:
    if not all(hasattr(m, f) for f in ("piece_start", "scan", "threads_of")):
        return None
    return Stream(m.piece_start, m.scan, m.threads_of, bool(getattr(m, "STREAM_KEYED", False)))


# What a user has in hand, for `threads formats`: a module may say (``KIND``), else its
# name's ending does.
KINDS = ("text copied from a page", "saved HTML page", "Q&A page (HTML)", "platform export", "fallback")


def _kind(m: ModuleType) -> str:
    if kind := getattr(m, "KIND", None):
        return str(kind)
    if m.NAME == _FALLBACK:
        return "fallback"
    if m.NAME.endswith("-text"):
        return "text copied from a page"
    return "saved HTML page" if m.NAME.endswith("-html") else "platform export"


def _load() -> dict[str, Format]:
    """Every public module of this package that defines a dialect, ``article`` last."""
    mods = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    mods = [m for m in mods if hasattr(m, "NAME") and hasattr(m, "sniff") and hasattr(m, "parse")]
    mods.sort(key=lambda m: (m.NAME == _FALLBACK, getattr(m, "PRIORITY", 50), m.NAME))
    return {
        m.NAME: Format(
            m.NAME,
            m.DESCRIPTION,
            m.sniff,
            m.parse,
            m,
            bool(getattr(m, "LINE_BASED", False)),
            _stream(m),
            _kind(m),
        )
        for m in mods
    }


REGISTRY: dict[str, Format] = _load()


@dataclass(frozen=True)
class Detection:
    """Which dialect won, how sure it was, and the runner-up scores."""

    name: str
    confidence: float
    scores: dict[str, float]

    @property
    def format(self) -> Format:
        return REGISTRY[self.name]


def get(name: str) -> Format:
    """The dialect called ``name``; a :class:`ThreadsError` lists the known ones."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ThreadsError(f"unknown format {name!r} (known: {known})") from None


def detect(text: str) -> Detection:
    """Sniff ``text`` with every dialect and return the most confident one.

    Falls back to ``article`` when no dialect reaches :data:`MIN_CONFIDENCE`.
    """
    scores = {name: float(fmt.sniff(text)) for name, fmt in REGISTRY.items()}
    ranked = sorted(
        (item for item in scores.items() if item[0] != _FALLBACK),
        key=lambda item: -item[1],
    )
    if ranked and ranked[0][1] >= MIN_CONFIDENCE:
        return Detection(ranked[0][0], ranked[0][1], scores)
    return Detection(_FALLBACK, scores.get(_FALLBACK, 0.0), scores)
