"""The fast path of ``dates.parse_date`` gives what the dateutil path gives."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

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


# What re.IGNORECASE matches as an ASCII letter beside its own cases (see dates.match_key).
_BLIND = {"s": "sSſ", "i": "iIıİ"}


@st.composite
def _case_blind(draw: st.DrawFn, word: str) -> str:
    """``word`` with each letter in any form a case-blind pattern matches as it."""
    return "".join(draw(st.sampled_from(_BLIND.get(c.lower(), c.lower() + c.upper()))) for c in word)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_case_blind_month_and_day_words_are_looked_up_as_matched(data: st.DataObject) -> None:
    """A month or relative-day word that the case-blind patterns match in an odd form
    ("Auguſt", "APRİL", "Yeſterday", "ſept") reads as its plain spelling: it raised
    KeyError (a traceback for the user) when looked up by str.lower()."""
    from threads.dates import SHORT_MONTHS as _SHORT_MONTHS
    from threads.formats._forum_text import forum_date

    month = data.draw(st.sampled_from(["August", "September", "April", "Sep", "Mar"]))
    odd = data.draw(_case_blind(month))
    assert dates.parse_date(f"7 {odd} 2016") == dates.parse_date(f"7 {month} 2016") is not None
    assert dates.parse_date(f"{odd} 7, 2016 at 5:06 pm") == dates.parse_date(f"{month} 7, 2016 at 5:06 pm")
    short = data.draw(st.sampled_from(sorted(k for k in _SHORT_MONTHS if k.isascii())))
    stamp = forum_date(f"24 {data.draw(_case_blind(short))} 2012, 16:53")
    assert stamp == forum_date(f"24 {short} 2012, 16:53") and stamp[1] is not None
    day = data.draw(st.sampled_from(sorted(k for k in dates.RELATIVE_DAYS if k.isascii() and k.isalpha())))
    said = data.draw(_case_blind(day))
    assert dates.relative_day(f"{said} at 10:00") == (dates.RELATIVE_DAYS[day], "10:00")


def test_a_dump_dated_with_a_long_s_reads(tmp_path) -> None:
    """The same through a whole run: a Typepad copy whose footer says "Auguſt" was a
    KeyError traceback instead of posts."""
    import threads

    dump = tmp_path / "longs.txt"
    dump.write_text(
        "An article.\n\nPosted by: Ann | 7 Auguſt 2016 at 05:06 PM\n\n"
        "A comment.\n\nPosted by: Bob | 8 August 2016 at 09:00 AM\n",
        encoding="utf-8",
    )
    posts = threads.read(dump).posts
    assert posts["author"].to_list()[-1] == "Bob"
    assert posts["timestamp"].dt.day().to_list()[-2:] == [7, 8]
