"""Damaged inputs found by mutation fuzzing: each read without a traceback.

Each kind of fault has a test over the family of inputs (hypothesis where it is one),
a small fixture of the shape in its format's fixture folder, and the same damage done
to a real dump of the shared corpus.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import threads
from threads.dates import in_range, parse_date, utc
from threads.formats._dump import epoch, iso_utc

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, **kw: object) -> threads.Analysis:
    """Read with THREADS_DEBUG set: a bug raises instead of being filed as a failure."""
    monkeypatch.setenv("THREADS_DEBUG", "1")
    a = threads.read(path, strict=True, **kw)
    for table in (a.posts, a.replies, a.authors, a.interactions):  # times go to UTC here
        assert table is not None
    return a


# ------------------------------------------------- times that cannot be put in UTC
# Pieces of damaged dates: fields out of range, offsets of days, huge digit runs.
_PIECES = st.sampled_from([
    "2016", "9999", "0001", "12", "31", "1", "Dec", "Jan", "December", "at", "PM", "am",
    ":", "-", "T", "Z", " ", "+", "23:59:59", "00:00", "-01:00", "+01:00", "-04:9999",
    "+9999", "-0100", "UTC", "GMT", "EST", "9" * 29, "1e9",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join))
def test_a_parsed_time_can_always_be_put_in_utc(text: str) -> None:
    """parse_date raised decimal.InvalidOperation on a huge field, and returned times
    the tables could not put in UTC (ValueError on a -170 h offset, OverflowError at
    the end of year 9999)."""
    for dayfirst in (None, True):
        ts = parse_date(text, dayfirst=dayfirst)
        if ts is not None:
            ts.astimezone(timezone.utc)
            ts.replace(tzinfo=None).replace(tzinfo=timezone.utc).astimezone(timezone.utc)


@pytest.mark.parametrize(
    "text",
    [
        "1:99999999999999999999999999999",  # decimal.InvalidOperation in dateutil
        "2021-04-12T13:05:00-04:9999",  # dateutil's tzoffset of -170 h
        "9999-12-31T23:59:59-01:00",  # one hour past the last instant Python holds
        "0001-01-01T00:00:00+01:00",  # one hour before the first
    ],
)
def test_damaged_dates_are_no_date(text: str) -> None:
    assert parse_date(text) is None
    assert iso_utc(text) is None


def test_in_range_keeps_every_usable_time() -> None:
    usable = (datetime(2016, 8, 7, 12, 0), datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(9999, 12, 30))
    for ts in usable:
        assert in_range(ts) == ts
    noon_utc = datetime(2016, 8, 7, 16, 0, tzinfo=timezone.utc)
    assert utc(datetime.fromisoformat("2016-08-07T12:00:00-04:00")) == noon_utc
    assert in_range(datetime(9999, 12, 31, 12, 0)) is None  # --tz could push it past year 9999
    assert epoch(253402300799) is None  # 9999-12-31 23:59:59 UTC
    assert epoch(1_470_571_200) == datetime(2016, 8, 7, 12, 0, tzinfo=timezone.utc)


def test_mail_dated_past_year_9999_takes_the_separator_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Date: Fri, 31 Dec 9999 23:59:59 -0100 raised OverflowError in mbox."""
    a = _read(FIXTURES / "mbox" / "garden_date_past_year_9999.mbox", monkeypatch)
    first = a.posts.row(0, named=True)
    assert first["author"] == "Kim Ode"
    assert first["timestamp"].replace(tzinfo=None) == datetime(2011, 3, 1, 9, 0)
    assert a.posts.height == 2


@pytest.mark.parametrize(
    "date",
    [
        "Fri, 31 Dec 9999 23:59:59 -0100",  # OverflowError when put in UTC
        "Tue, 1 Mar 99999999999999999999 09:00:00 +0000",  # OverflowError in email.utils
        "Tue, 1 Mar 2011 09:00:00 -99999999999999999999",  # the same, in the offset
        "Tue, 1 Mar 2011 09:00:00 +99999",  # an offset of 41 days
    ],
)
def test_mail_with_a_damaged_date_takes_the_separator_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str
) -> None:
    src = FIXTURES / "mbox" / "garden_date_past_year_9999.mbox"
    a = _read(_damaged_copy(src, tmp_path, r"(?m)^Date: .*$", f"Date: {date}"), monkeypatch)
    assert a.posts["timestamp"][0].replace(tzinfo=None) == datetime(2011, 3, 1, 9, 0)


def test_page_time_with_offset_of_days_takes_the_visible_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """<time datetime="2022-03-05T09:10:00-04:9999">: ValueError when put in UTC."""
    a = _read(FIXTURES / "wordpress-html" / "allotment_list_offset_of_days.html", monkeypatch)
    rows = a.posts.select("author", "timestamp").rows()
    assert [r[0] for r in rows] == ["Jo Hale", "Sam Ruiz", "Jo Hale"]
    assert rows[1][1].replace(tzinfo=None) == datetime(2022, 3, 5, 9, 10)  # "March 5, 2022 at 9:10 am"


def _damaged_copy(src: Path, tmp_path: Path, pattern: str, repl: str) -> Path:
    text = src.read_text(encoding="utf-8")
    damaged, n = re.subn(pattern, repl, text, count=1)
    assert n == 1, f"{src.name}: the shape to damage is gone"
    out = tmp_path / src.name
    out.write_text(damaged, encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("name", "pattern", "repl"),
    [
        (
            "mbox_pipermail_metrics-grimoire_2016-04.mbox",
            r"(?m)^Date: .*$",
            "Date: Fri, 31 Dec 9999 23:59:59 -0100",
        ),
        (
            "discourse_topic-1148_ublock-origin-support.json",
            r'"created_at": *"[^"]*"',
            '"created_at": "9999-12-31T23:59:59-01:00"',
        ),
        ("wordpress_lemire-me_json-parsing.html", r'datetime="([^"]*)\+00:00"', r'datetime="\1-04:9999"'),
        ("xenforo_villagersandheroes_patchnotes.html", r'datetime="([^"]*)-0700"', r'datetime="\1-9999"'),
    ],
)
def test_corpus_dump_with_a_time_out_of_range_reads(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, pattern: str, repl: str
) -> None:
    """A real dump with one time damaged reads as a whole, as many posts as before."""
    src = corpus / name
    monkeypatch.setenv("THREADS_DEBUG", "1")
    before = threads.read(src, strict=True).posts.height
    after = _read(_damaged_copy(src, tmp_path, pattern, repl), monkeypatch)
    assert after.posts.height == before


# ------------------------------------------------- digit runs int() refuses
# "9" * 5000 is past int()'s limit (ValueError); "²" is a digit to str.isdigit() that
# int() refuses. Both raised in pager and indent readers.
_BIG = "9" * 5000
_RUNS = st.sampled_from(["1", "2", "3", "12", "0", _BIG, "²", "١", "٣"])
_PAGER_LINES = st.sampled_from([
    "Page {k} of {n}", "Seite {k} von {n}", "Pages ({n}):", "Pages: [{k}] {n} Next",
    "Goto page {k}, {n}", "Page {k} of {n} < 1 {n} >",
])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_PAGER_LINES, _RUNS, _RUNS)
def test_a_pager_line_with_any_digits_reads(line: str, k: str, n: str) -> None:
    from threads.formats._forum_text import page_of
    from threads.formats._html_pages import pagination
    from threads.formats._text import Line
    from threads.formats.xenforo_text import _title_and_page

    text = line.format(k=k, n=n)
    found = page_of([Line(1, text)])
    assert found is None or all(isinstance(x, int) for x in found if x is not None)
    pagination(text)
    _title_and_page([Line(1, text)])


def test_numbers_reads_what_int_reads() -> None:
    from threads.formats._text import numbers

    assert numbers("12", "٣") == [12, 3]
    assert numbers(_BIG) is None
    assert numbers("²") is None
    assert numbers("") is None


def test_page_links_and_epochs_with_odd_digits() -> None:
    from threads.formats._html_pages import _page_number
    from threads.formats._html_text import _epoch
    from threads.report import natural_key

    assert _page_number(f"https://forum.example/t?page={_BIG}") is None
    assert _page_number("https://forum.example/t?page=²") is None
    assert _page_number("https://forum.example/t?page=3") == 3
    assert _epoch("²" * 10) is None
    assert sorted(["t10", "t²", "t2", f"t{_BIG}"], key=natural_key)[:2] == ["t2", "t10"]


def test_forum_copy_with_a_pager_count_past_int_limit_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = FIXTURES / "phpbb-text" / "drehscheibe_phpbb2_de.txt"
    before = _read(src, monkeypatch).posts.height
    after = _read(_damaged_copy(src, tmp_path, r"Seite 1 von 3", f"Seite 1 von {_BIG}"), monkeypatch)
    assert after.posts.height == before


def test_hacker_news_page_with_a_superscript_indent_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """indent='¹': int() raised and the whole page was refused."""
    src = FIXTURES / "hackernews-html" / "ask_hn_backups.html"
    before = _read(src, monkeypatch).posts.height
    after = _read(_damaged_copy(src, tmp_path, r"indent='1'", "indent='¹'"), monkeypatch)
    assert after.posts.height == before


# ------------------------------------------------- times spanning the whole calendar
# A dump dated from year 2 to year 9999 (each time usable on its own) broke the
# dashboard's timeline: a bin aligned on the epoch started before year 1 ("year -32 is
# out of range") and the last bin's centre lay past year 9999 (OverflowError).
_EARLY, _LATE = datetime(2, 1, 1, tzinfo=timezone.utc), datetime(9999, 12, 30, tzinfo=timezone.utc)


def test_activity_bins_over_the_whole_calendar() -> None:
    import polars as pl

    from threads.graph import activity_bins, bin_centre

    starts, counts, step = activity_bins(pl.Series("t", [_EARLY, _LATE, _LATE]))
    assert sum(counts) == 3
    assert starts[0] <= _EARLY and starts[-1] <= _LATE
    assert bin_centre(starts[-1], step) >= starts[-1]
    # ordinary times keep their epoch-aligned bins
    day = datetime(2016, 8, 7, 12, 0, tzinfo=timezone.utc)
    starts, counts, step = activity_bins(pl.Series("t", [day, day.replace(hour=13)]))
    assert starts == [day, day.replace(hour=13)] and step.total_seconds() == 300


def _span_calendar(src: Path, tmp_path: Path) -> Path:
    times = iter(["0002-01-01T00:00:00Z", "9999-12-30T00:00:00Z"] * 1000)
    text = re.sub(
        r'"created_at": *"[^"]*"', lambda m: f'"created_at": "{next(times)}"', src.read_text("utf-8")
    )
    out = tmp_path / src.name
    out.write_text(text, encoding="utf-8")
    return out


def test_dashboard_of_a_dump_dated_across_the_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _read(_span_calendar(FIXTURES / "discourse-json" / "sorted_keys_kettle.json", tmp_path), monkeypatch)
    assert {_EARLY.year, _LATE.year} <= set(a.posts["timestamp"].dt.year().to_list())
    index = threads.report(a, tmp_path / "dash")
    assert index.is_file() and len(list((tmp_path / "dash").glob("*.html"))) >= 2


def test_corpus_dashboard_of_a_dump_dated_across_the_calendar(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _read(
        _span_calendar(corpus / "discourse_topic-1148_ublock-origin-support.json", tmp_path), monkeypatch
    )
    index = threads.report(a, tmp_path / "dash")
    assert index.is_file()
