"""A byline's separator is no part of a date, and no reason to ask dateparser.

Dialects' sniffers try lines of every kind as dates. A French phpBB copy's bylines
("par P. » Sam 17 Aoû 2013 11:00") reached the dateparser fallback through the Blogger
sniffer: a miss there costs 2-3 s the first time (dateparser loads every locale), and
reading the 5-post fixture took 4.8 s instead of under 2."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import threads
from threads import dates, dates_world

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The strings handed to dateparser (none is really parsed: the test only counts)."""
    calls: list[str] = []

    def whole(text: str) -> None:
        calls.append(text)
        return None

    monkeypatch.setattr(dates_world, "_whole", whole)
    dates._parse_cached.cache_clear()
    yield calls
    dates._parse_cached.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("» Sam 17 Aoû 2013 11:00", datetime(2013, 8, 17, 11, 0)),
        ("• 3 May 2011 14:22", datetime(2011, 5, 3, 14, 22)),
        ("| 07 June 2016 at 08:14 PM", datetime(2016, 6, 7, 20, 14)),
    ],
)
def test_a_separator_before_the_date_is_dropped(text: str, expected: datetime, asked: list[str]) -> None:
    assert dates.parse_date(text) == expected
    assert asked == []


@pytest.mark.parametrize("text", ["P. » Sam 17 Aoû 2013 11:00", "Ivo « Mo 17. Aug 2013, 11:00"])
def test_a_byline_is_no_date_and_not_asked_of_dateparser(text: str, asked: list[str]) -> None:
    assert dates.parse_date(text) is None
    assert asked == []


def test_a_french_phpbb_copy_asks_dateparser_nothing(asked: list[str]) -> None:
    analysis = threads.read(FIXTURES / "phpbb-text" / "potager_phpbb32_fr.txt")
    assert analysis.posts["timestamp"].null_count() == 0
    assert asked == []


@pytest.mark.parametrize(
    "text",
    [
        "op 2 juni 2015 om 10:03",  # nl: WordPress comment templates
        "am 2. Juni 2015 um 10:03",  # de
        "Am 02.06.2015 um 10:03",
        "il 2 giugno 2015 alle 10:03",  # it
        "em 2 de junho de 2015 às 10:03",  # pt
        "den 2 juni 2015 10:03",  # sv, da, nb
    ],
)
def test_on_before_a_date_is_dropped_in_each_language(text: str, asked: list[str]) -> None:
    """A Dutch blog's comment dates ("op 2 juni 2015 om 10:03") and German ones ("am ...
    um ...") were no date: the word for "on" opened them, and only fr/es/en's were known."""
    assert dates.parse_date(text) == datetime(2015, 6, 2, 10, 3)
    assert asked == []
