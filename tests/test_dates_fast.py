"""The fast path of ``dates.parse_date`` gives what the dateutil path gives."""

from __future__ import annotations

import random

from threads import dates

MONTHS = ["January", "jun", "June", "SEPT", "Sep", "September", "May", "Mar", "march", "Dec", "Octo"]
WEEKDAYS = ["", "Thursday, ", "Thu ", "thurs, ", "Sunday ", "Tue, ", "Tues, ", "Mon, "]


def _generated(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        day = str(rng.choice([0, 1, 7, 12, 13, 28, 29, 30, 31, 32]))
        day = day.zfill(2) if rng.random() < 0.3 else day
        month = rng.choice(MONTHS)
        year = str(rng.choice([1999, 2005, 2016, 2024, 2100, 1000, 2999]))
        date = (
            f"{day} {month} {year}" if rng.random() < 0.5 else f"{month} {day}{rng.choice(['', ','])} {year}"
        )
        clock = ""
        if rng.random() < 0.85:
            hour = rng.choice([0, 1, 5, 9, 11, 12, 13, 23, 24])
            minute = rng.choice(["00", "06", "59", "60", "7"])
            second = rng.choice(["", "", ":00", ":59", ":61"])
            ampm = rng.choice(["", " PM", " AM", "pm", " am", " p.m."])
            sep = rng.choice([" at ", " ", ", ", ", at "])
            clock = f"{sep}{str(hour).zfill(rng.choice([1, 2]))}:{minute}{second}{ampm}"
        out.append(f"{rng.choice(WEEKDAYS)}{date}{clock}")
    return out


def test_fast_path_agrees_with_dateutil() -> None:
    texts = _generated(3000)
    taken = [(t, f) for t in texts if (f := dates._fast(t)) is not None]
    # None: the string goes the dateutil way, nothing to compare
    assert [(t, f) for t, f in taken if f != dates._parse(t, None)] == []
    assert len(taken) > 300  # the generator does reach the fast path


def test_fast_path_covers_the_typepad_footer() -> None:
    assert dates._fast("07 June 2016 at 05:06 PM") is not None
    assert dates._fast("Thursday, 27 October 2005 at 10:12 PM") is not None
    assert dates.parse_date("07 June 2016 at 12:06 AM") == dates._parse("07 June 2016 at 12:06 AM", None)


def test_zone_abbreviations_become_offsets_and_unknown_ones_stay_wall_clock() -> None:
    import warnings
    from datetime import timedelta

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no UnknownTimezoneWarning reaches the user
        pdt = dates.parse_date("June 7, 2016 at 5:06 PM PDT")
        cest = dates.parse_date("7 June 2016 17:06 CEST")
        odd = dates.parse_date("7 June 2016 17:06 XYZ")
    assert pdt is not None and pdt.utcoffset() == timedelta(hours=-7) and (pdt.hour, pdt.minute) == (17, 6)
    assert cest is not None and cest.utcoffset() == timedelta(hours=2)
    assert odd is not None and odd.tzinfo is None and odd.hour == 17
