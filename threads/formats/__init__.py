"""The format registry: one module per input dialect.

Each dialect module defines ``NAME`` (used by ``--format``), ``DESCRIPTION`` (one line,
shown by ``threads formats``), ``sniff(text) -> float`` (confidence in [0, 1] that the
text is in this dialect) and ``parse(text) -> list[RawThread]``. Adding a dialect means
adding its module to ``_MODULES`` below, and its fixtures and tests; nothing else.

>>> from threads.formats import detect
>>> detect("Nice post!\\nPosted by: Ann | 07 June 2016 at 05:06 PM\\n").name
'typepad-text'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from threads.model import RawThread, ThreadsError

# Order matters only for ties: the first module wins an equal sniff score.
_MODULES: tuple[str, ...] = (
    "typepad_text",
    "movabletype",
    "wordpress_text",
    "email_text",
    "article",  # fallback: always last, always a low score
)

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


def _load() -> dict[str, Format]:
    found: dict[str, Format] = {}
    for mod_name in _MODULES:
        try:
            mod = importlib.import_module(f"threads.formats.{mod_name}")
        except ModuleNotFoundError as err:
            if err.name == f"threads.formats.{mod_name}":
                continue  # dialect not written yet
            raise
        found[mod.NAME] = Format(mod.NAME, mod.DESCRIPTION, mod.sniff, mod.parse, mod)
    return found


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
        (item for item in scores.items() if item[0] != "article"),
        key=lambda item: -item[1],
    )
    if ranked and ranked[0][1] >= MIN_CONFIDENCE:
        return Detection(ranked[0][0], ranked[0][1], scores)
    return Detection("article", scores.get("article", 0.0), scores)
