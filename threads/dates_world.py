"""Dates in the languages the hand tables of :mod:`threads.dates` do not cover, read by
`dateparser <https://dateparser.readthedocs.io>`_: Russian, Polish, Czech, Hungarian,
Swedish, Finnish, Turkish, Chinese, Japanese and the other ~200 locales it bundles
(its language data ships in the package; nothing is downloaded, no detection model is
asked for: its own word-based detection picks the locale).

It is the fallback of :func:`threads.dates.parse_date`, called only after the fast path
and dateutil have failed and only on strings with a word they do not know, so a date
read before it existed is read as before. ``dateparser`` is imported on first use: the
CLI's start-up and a dump of English dates never load it.

>>> parse_world("Пн 5 мар 2013, 18:42")
datetime.datetime(2013, 3, 5, 18, 42)
>>> parse_relative("3 часа назад", datetime(2013, 3, 5, 18, 42))
datetime.datetime(2013, 3, 5, 15, 42)
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

# Nothing read may depend on the machine's clock or zone: a date lacking its day, month or
# year is no date (as on the dateutil path, which parses twice with two defaults), and
# what dateparser fills in from "now" is pinned to a fixed day all the same.
_FIXED_BASE = datetime(2000, 1, 1)
# Absolute dates only: its "relative-time" parser reads "3 часа назад" against now and
# its "timestamp" parser a bare number as seconds since 1970 (neither a date as written).
ABSOLUTE_SETTINGS: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RELATIVE_BASE": _FIXED_BASE,
    # A zone written in the date gives an aware time (as dateutil does, put in UTC); one
    # without a zone stays naive, as written, never moved to the machine's zone.
    "TIMEZONE": "UTC",
}
# Relative dates ("3 часа назад", "hace 2 días", "昨天 12:30"), against the moment the
# caller gives (the day the page was made), never against now; a bare weekday ("в
# понедельник") is the one before it, not the next.
RELATIVE_SETTINGS: dict[str, Any] = {
    "PARSERS": ["relative-time"],
    "PREFER_DATES_FROM": "past",
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
# One clock "18:42" / "18:42:07" in a date: read once per day with a probe clock in its
# place (the day's posts then cost one look-up, not one dateparser call each: a 20k-post
# forum has a few hundred days). Clocks written otherwise ("klo 18.42") go whole.
_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")
# Two probe clocks tell what the words around the clock do to it: 11:00 and 12:00 read as
# such on a 24-hour clock; 23:00 and 12:00 after a PM word ("午後", "PM"); 11:00 and
# 00:00 after an AM word.
_PROBES = ("11:00", "12:00")
_HOURS_24 = (11, 12)
_HOURS_PM = (23, 12)
_HOURS_AM = (11, 0)
# Distinct strings (and probe days) remembered; each miss costs dateparser ~3-4 ms.
_CACHE_SIZE = 16384


# The keys of dateparser's locale data that hold the words of an absolute date: month
# and weekday names with their abbreviations, AM/PM, the words of the units ("г." for
# the year in Russian, 年 月 日) and the words it skips or reads as "of" ("klo", "de",
# "в"). Relative words ("ago", "назад") stay out: they are no absolute date.
_DATE_WORD_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "am", "pm", "year", "month", "day", "hour", "minute", "second", "skip", "pertain",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def date_words() -> frozenset[str]:
    """Every word (lower case) that can be part of an absolute date in one of the
    locales dateparser bundles, read from its locale data (~0.1 s, once): a string with
    any other word is no date it reads, and asking it would cost a try of each locale.

    >>> {"марта", "klo", "年"} <= date_words() and "heidelberg" not in date_words()
    True
    """
    from dateparser.data import language_order

    words: set[str] = set()
    for name in language_order:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{name}").info
        for table in (info, *info.get("locale_specific", {}).values()):
            for key in _DATE_WORD_KEYS:
                for phrase in table.get(key, ()):
                    words.update(word.lower() for word in _WORD.findall(phrase))
    return frozenset(words)


@lru_cache(maxsize=1)
def _absolute_parser() -> Any:
    """One dateparser parser, built on first use (its import is ~0.2 s, its locales load
    as they are first met)."""
    from dateparser.date import DateDataParser

    # try_previous_locales stays off: a string's reading must not depend on which dates
    # this process read before it (workers read different files in different orders).
    return DateDataParser(settings=ABSOLUTE_SETTINGS)


@lru_cache(maxsize=_CACHE_SIZE)
def _whole(text: str) -> datetime | None:
    """dateparser's reading of the whole string, or ``None``."""
    try:
        return _absolute_parser().get_date_data(text).date_obj
    # dateparser is not ours to trust on damaged input: an odd string is no date,
    # never a traceback (OverflowError on a year past 9999, ValueError on odd fields).
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None


def parse_world(text: str) -> datetime | None:
    """A date written in any language dateparser knows, with its day, month and year;
    ``None`` otherwise. Naive unless the string names a zone (then aware, in UTC)."""
    found = list(_CLOCK.finditer(text))
    if len(found) != 1:
        return _whole(text)
    m = found[0]
    around = (text[: m.start()], text[m.end() :])
    skeleton = "\0".join(_RUN.sub("#", side) for side in around)
    runs = [int(run) for side in around for run in _RUN.findall(side)]
    shape = _SHAPES.get(skeleton)
    # A shape's reading of runs that make no date in its order (a 13th month) is left to
    # dateparser, which may read them the other way round.
    if shape is not None and shape.confirmed and (known := shape.day(runs)) is not None:
        return _put_clock(known, shape.hours, m)
    probes = [_whole(f"{around[0]}{probe}{around[1]}") for probe in _PROBES]
    day = _day_of(probes)
    if day is None:
        return _whole(text)
    hours = (probes[0].hour, probes[1].hour)  # type: ignore[union-attr]
    if hours not in (_HOURS_24, _HOURS_PM, _HOURS_AM):
        return _whole(text)
    if not _both_orders_valid(runs, day.year):
        pass  # a day read the only way it could be says nothing of the shape's order
    elif skeleton not in _SHAPES:
        # learnt from a day that tells its fields apart ("01.01.2010" does not)
        learnt = _Shape.learn(runs, day, hours)
        if learnt is not None and len(_SHAPES) < _CACHE_SIZE:
            _SHAPES[skeleton] = learnt
    elif shape is not None and not shape.confirmed and tuple(runs) != shape.seen:
        # trusted when a second day agrees
        agrees = shape.day(runs) == day.date() and shape.hours == hours
        _SHAPES[skeleton] = replace(shape, confirmed=True) if agrees else None
    return _put_clock(day.date(), hours, m)


def _put_clock(day: date | None, hours: tuple[int, int], clock: re.Match[str]) -> datetime | None:
    """``day`` at the clock as written, read as the probe hours say (24-hour, AM, PM)."""
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    if hours in (_HOURS_PM, _HOURS_AM):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if hours == _HOURS_PM else 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    return datetime.combine(day, time(hour, minute, second))


# The shapes of dates met (digits as "#", the clock cut out: "Вт # мар #, \0"), with
# where their day and year stand: a forum prints one shape per weekday and month, so
# after two days of a shape read by dateparser and agreeing, the others are read from
# their digits alone (a 20k-post dump spread over 12,000 days took 106 s, 19 s with
# this, as long as with no date read). Only a shape whose day, month (a word, or a run)
# and year are told apart by their values (one run equal to each) is learnt, and a
# numeric month only from days that could be read either way round; 2-digit years are
# read per day.
_RUN = re.compile(r"\d+")


@dataclass(frozen=True)
class _Shape:
    day_at: int
    year_at: int
    month_at: int | None  # None: the month is a word of the shape
    month: int
    hours: tuple[int, int]
    seen: tuple[int, ...]  # the runs it was learnt from
    confirmed: bool = False

    @classmethod
    def learn(cls, runs: list[int], day: datetime, hours: tuple[int, int]) -> _Shape | None:
        """Where the day, month and year of ``day`` stand among the digit runs, when each
        is one run and the runs are no more than these; ``None`` when this day does not
        tell (two fields of one value, a 2-digit year, another number in the date)."""
        at = [[k for k, run in enumerate(runs) if run == value] for value in (day.day, day.month, day.year)]
        at_day, at_month, at_year = at
        numeric_month = len(runs) == 3
        if len(runs) not in (2, 3) or len(at_day) != 1 or len(at_year) != 1:
            return None
        if numeric_month and len(at_month) != 1:
            return None
        places = {*at_day, *at_year, *(at_month if numeric_month else ())}
        if len(places) != len(runs):
            return None
        month_at = at_month[0] if numeric_month else None
        return cls(at_day[0], at_year[0], month_at, day.month, hours, tuple(runs))

    def day(self, runs: list[int]) -> date | None:
        """The date these runs of this shape give, or ``None`` (no such day)."""
        try:
            month = self.month if self.month_at is None else runs[self.month_at]
            return date(runs[self.year_at], month, runs[self.day_at])
        except (ValueError, IndexError):
            return None


def _both_orders_valid(runs: list[int], year: int) -> bool:
    """Whether a numeric day and month could be read either way round (both 12 or less):
    dateparser then reads them in its locale's order, and a shape learnt or confirmed
    from them has that order. From "13.03.2013" it may have read the other order because
    the preferred one was no date, which says nothing of "05.03.2013"."""
    numbers = [run for run in runs if run != year]
    return len(runs) != 3 or all(run <= 12 for run in numbers)


_SHAPES: dict[str, _Shape | None] = {}


def _day_of(probes: list[datetime | None]) -> datetime | None:
    """The day both probe readings agree on, when they are naive whole hours (a zone
    written in the date may move the day with the clock: then the whole string is read)."""
    first, second = probes
    if first is None or second is None or first.tzinfo or second.tzinfo:
        return None
    if first.date() != second.date() or any((p.minute, p.second) != (0, 0) for p in (first, second)):
        return None
    return first


@lru_cache(maxsize=_CACHE_SIZE)
def parse_relative(text: str, reference: datetime) -> datetime | None:
    """A relative date in any language dateparser knows ("3 часа назад", "vor 3
    Stunden", "hace 2 días", "昨天 12:30"), counted back from ``reference``; ``None`` for
    anything else. The result has ``reference``'s zone (naive when it is)."""
    import dateparser

    settings = {**RELATIVE_SETTINGS, "RELATIVE_BASE": reference.replace(tzinfo=None)}
    try:
        found = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return found.replace(tzinfo=reference.tzinfo) if found is not None else None
