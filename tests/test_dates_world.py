"""Dates in the languages real forums are written in: the dateparser fallback of
``dates.parse_date`` (threads/dates_world.py), relative dates against the page's
reference time, and parity with the fast path and dateutil for every date they read."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads import dates, dates_world
from threads.dates import classic, parse_date, resolve_relative

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# ---------------------------------------------------------------- languages
# Written here from each language's forum conventions: phpBB 3 / vBulletin / XenForo
# language packs' default formats ('D d M Y, H:i' and the like, with the pack's short
# weekdays and months), long dates as blogs and Discourse print them, CJK 年月日.
# Every value is 5 March 2013, 18:42 (a Tuesday) unless it says otherwise.
TUESDAY = datetime(2013, 3, 5, 18, 42)
LANGUAGE_DATES: list[tuple[str, str, datetime]] = [
    ("ru", "Вт 05 мар 2013, 18:42", TUESDAY),
    ("ru", "5 марта 2013, 18:42", TUESDAY),
    ("ru", "5 марта 2013 г. в 18:42", TUESDAY),
    ("ru", "05.03.2013 в 18:42", TUESDAY),
    ("ru", "Чт 01 май 2014, 12:05", datetime(2014, 5, 1, 12, 5)),
    ("uk", "Вт 05 бер 2013, 18:42", TUESDAY),
    ("uk", "5 березня 2013, 18:42", TUESDAY),
    ("bg", "5 март 2013, 18:42", TUESDAY),
    ("pl", "wt 05 mar 2013, 18:42", TUESDAY),
    ("pl", "5 marca 2013, 18:42", TUESDAY),
    ("pl", "5 marca 2013 o 18:42", TUESDAY),
    ("pl", "pią 08 lis 2013, 20:14", datetime(2013, 11, 8, 20, 14)),
    ("cs", "út 05. bře 2013 18:42", TUESDAY),
    ("cs", "5. března 2013, 18:42", TUESDAY),
    ("sk", "5. marca 2013 18:42", TUESDAY),
    ("hu", "2013. márc. 5. 18:42", TUESDAY),
    ("hu", "2013. március 5., 18:42", TUESDAY),
    ("hu", "2013. márc. 5., kedd 18:42", TUESDAY),
    ("sv", "5 mars 2013 kl. 18:42", TUESDAY),
    ("sv", "ons 9 okt 2013 07:15", datetime(2013, 10, 9, 7, 15)),
    ("da", "5. marts 2013, 18:42", TUESDAY),
    ("nb", "5. mars 2013 kl. 18:42", TUESDAY),
    ("fi", "5. maaliskuuta 2013 klo 18.42", TUESDAY),
    ("fi", "ti 05.03.2013 klo 18:42", TUESDAY),
    ("fi", "tiistai 5. maaliskuuta 2013, 18:42", TUESDAY),
    ("tr", "5 Mart 2013 Salı 18:42", TUESDAY),
    ("tr", "05 Mar 2013 Sal 18:42", TUESDAY),
    ("ro", "5 martie 2013, 18:42", TUESDAY),
    ("el", "5 Μαρ 2013, 18:42", TUESDAY),
    ("es", "mié 06 mar 2013, 07:15", datetime(2013, 3, 6, 7, 15)),
    ("pt", "ter 05 mar 2013, 18:42", TUESDAY),
    ("pt", "terça-feira, 5 de março de 2013 às 18:42", TUESDAY),
    ("pt", "qua, 06 mar 2013 07:15", datetime(2013, 3, 6, 7, 15)),
    ("nl", "woensdag 6 maart 2013 om 07:15", datetime(2013, 3, 6, 7, 15)),
    ("zh", "2013年3月5日 18:42", TUESDAY),
    ("zh", "2013年3月5日 星期二 18:42", TUESDAY),
    ("zh", "2013年3月5日 下午6:42", TUESDAY),
    ("ja", "2013年3月5日(火) 18:42", TUESDAY),
    ("ja", "2013年3月5日 午後6:42", TUESDAY),
    ("ko", "2013년 3월 5일 오후 6:42", TUESDAY),
    # a French clock "20h14" is day-first evidence (it was read as 3 May)
    ("fr", "05/03/2011 20h14", datetime(2011, 3, 5, 20, 14)),
    ("fr", "05/03/2011 20 h 14", datetime(2011, 3, 5, 20, 14)),
]


@pytest.mark.parametrize(
    ("lang", "text", "when"), LANGUAGE_DATES, ids=[f"{lang}-{text}" for lang, text, _ in LANGUAGE_DATES]
)
def test_forum_dates_of_many_languages(lang: str, text: str, when: datetime) -> None:
    assert parse_date(text) == when


def test_these_dates_were_not_read_before_the_fallback() -> None:
    # The table tests the fallback: the other paths read none of these (French aside).
    read = [text for lang, text, _ in LANGUAGE_DATES if lang != "fr" and classic(text) is not None]
    assert read == []


def test_the_clock_read_once_per_day_is_the_whole_string_reading() -> None:
    """parse_world reads a day once with probe clocks and puts each post's clock in: the
    same as dateparser's reading of the whole string (24-hour clocks, AM/PM words before
    or after the clock)."""
    texts = [text for lang, text, _ in LANGUAGE_DATES if lang != "fr"]
    texts += ["5 марта 2013, 00:05", "2013年3月5日 午後12:05", "2013年3月5日 午前12:05"]
    texts += ["2013년 3월 5일 오전 11:59"]
    for text in texts:
        assert dates_world.parse_world(text) == dates_world._whole(text), text


def test_a_zone_written_in_the_date_is_kept() -> None:
    # MSK is UTC+3: the instant is kept (aware), the day may move with it
    got = parse_date("5 марта 2013 г. в 01:30 MSK")
    assert got is not None and got.utcoffset() is not None
    assert got.replace(tzinfo=None) == datetime(2013, 3, 4, 22, 30)


@pytest.mark.parametrize(
    "text",
    [
        "5 марта",  # no year: no timestamp we can honestly report
        "марта 2013",  # no day
        "Купил 3 ведра краски за 2013 рублей",
        "Suite 3100 Heidelberg 2013",
        "Version 2.3 released 2012",
        "3 часа назад",  # relative: parse_date has no reference time
        "вчера, 14:17",
        "5 марта 2013 в 25:00",
        "<title>2010年11月软考</title>",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_prose_and_markup_never_reach_dateparser() -> None:
    """The gate: lines the dialects try as dates that are prose, code or mail headers
    cost dateparser nothing (it tries each of its locales on a miss)."""
    dates._parse_cached.cache_clear()
    dates_world._whole.cache_clear()
    for text in ["Date: Sat, 23 Apr 2016 18:18:56 +0200", "b[0] = 0.89999446", "Fax  : +49 6221 387242",
                 "I moved here in 2012 and 2013", "root  657706 Sep 24 01:00 libblas.a"]:  # fmt: skip
        parse_date(text)
    assert dates_world._whole.cache_info().currsize == 0


def test_a_day_of_posts_asks_dateparser_twice() -> None:
    """The speed of a dump whose dates all need the fallback: a day is read once (two
    probe clocks), each post's clock is put in without dateparser."""
    dates._parse_cached.cache_clear()
    dates_world._whole.cache_clear()
    dates_world._SHAPES.clear()
    stamps = [parse_date(f"Пн 04 мар 2013, {h:02d}:{m:02d}") for h in range(24) for m in range(0, 60, 7)]
    assert stamps[-1] == datetime(2013, 3, 4, 23, 56) and None not in stamps
    assert dates_world._whole.cache_info().currsize == 2


RU_WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
RU_MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
PL_MONTHS = ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru")
JA_WEEKDAYS = "月火水木金土日"
HU_MONTHS = ("január", "február", "március", "április", "május", "június", "július", "augusztus",
             "szeptember", "október", "november", "december")  # fmt: skip


def _written(when: datetime, form: int) -> str:
    """``when`` in one of five forum forms: Russian and Polish phpBB, Japanese 12-hour,
    Hungarian, Russian numeric."""
    clock = f"{when:%H:%M}"
    if form == 0:
        return (
            f"{RU_WEEKDAYS[when.weekday()]} {when.day:02d} {RU_MONTHS[when.month - 1]} {when.year}, {clock}"
        )
    if form == 1:
        return f"{when.day} {PL_MONTHS[when.month - 1]} {when.year}, {clock}"
    if form == 2:
        half = "午後" if when.hour >= 12 else "午前"
        weekday = JA_WEEKDAYS[when.weekday()]
        return f"{when.year}年{when.month}月{when.day}日({weekday}) {half}{when.hour % 12 or 12}:{when:%M}"
    if form == 3:
        return f"{when.year}. {HU_MONTHS[when.month - 1]} {when.day}. {clock}"
    return f"{when:%d.%m.%Y} в {clock}"  # Russian, numeric: day first


@settings(max_examples=300, deadline=None)
@given(st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31)), st.integers(0, 4))
def test_dates_read_from_their_shape_are_dateparser_readings(when: datetime, form: int) -> None:
    """A shape learnt from two days reads later days from their digits: the value is the
    date as written (and dateparser's own reading of the whole string)."""
    text = _written(when.replace(second=0, microsecond=0), form)
    assert parse_date(text) == when.replace(second=0, microsecond=0)


def test_a_shape_learnt_from_one_day_is_not_trusted_yet() -> None:
    dates_world._SHAPES.clear()
    dates._parse_cached.cache_clear()
    assert parse_date("Ср 06 мар 2013, 07:15") == datetime(2013, 3, 6, 7, 15)
    assert parse_date("Ср 06 мар 2013, 09:00") == datetime(2013, 3, 6, 9, 0)
    shape = next(iter(dates_world._SHAPES.values()))
    assert shape is not None and not shape.confirmed  # the same day twice proves nothing
    assert parse_date("Ср 13 мар 2013, 09:00") == datetime(2013, 3, 13, 9, 0)
    assert next(iter(dates_world._SHAPES.values())).confirmed  # type: ignore[union-attr]


def test_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser reads its bundled locale data: no download, no detection model."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateparser went to the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    dates._parse_cached.cache_clear()
    dates_world._whole.cache_clear()
    assert parse_date("5. března 2013, 18:42") == TUESDAY
    assert resolve_relative("před 3 hodinami", TUESDAY) == datetime(2013, 3, 5, 15, 42)


def _loaded(code: str, env: dict[str, str] | None = None) -> str:
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
    )
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


def test_start_up_and_english_dumps_do_not_import_dateparser() -> None:
    check = "\nimport sys; print('dateparser' in sys.modules)"
    help_ = (
        "import sys\nfrom threads.cli import app\nsys.argv = ['threads', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert _loaded(help_ + check) == "False"
    assert _loaded("import threads\nthreads.read('seeds/004_c3b9a48d73eaee79.txt')" + check) == "False"
    # the probe can fail: a Russian date does load it
    russian = "from threads.dates import parse_date\nparse_date('5 марта 2013, 18:42')"
    assert _loaded(russian + check) == "True"


def test_a_dump_over_many_days_asks_dateparser_for_a_few_shapes() -> None:
    """Posts on 1,000 different days: after two days of each shape (weekday and month
    words) the digits give the date; dateparser is asked a few hundred times, not
    thousands (a 20k-post page over 12,000 days took 106 s before, 24 s with this)."""
    dates._parse_cached.cache_clear()
    dates_world._whole.cache_clear()
    dates_world._SHAPES.clear()
    days = [datetime(2010, 1, 1, 18, 42) + timedelta(days=3 * k) for k in range(1000)]
    assert [parse_date(_written(day, 0)) for day in days] == days
    # learning a shape asks twice, confirming it twice: 7 weekdays x 12 months
    assert dates_world._whole.cache_info().currsize <= 4 * 7 * 12
    # a numeric month (Japanese 年月日, Russian dd.mm.yyyy): learnt from days that read
    # either way round, then read from the digits
    for form in (2, 4):
        dates_world._whole.cache_clear()
        assert [parse_date(_written(day, form)) for day in days] == days
        # per day: 2,000; learnt after two days of each shape that read either way round
        assert dates_world._whole.cache_info().currsize < 100


def test_wall_clock_times_do_not_follow_the_machine_zone() -> None:
    code = "from threads.dates import parse_date\nprint(parse_date('Вт 05 мар 2013, 18:42').isoformat())"
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        assert _loaded(code, env={"TZ": zone, "PATH": "/usr/bin:/bin"}) == "2013-03-05T18:42:00"


# ---------------------------------------------------------------- relative dates
REFERENCE = datetime(2013, 3, 5, 18, 42)  # the moment the page was made


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("3 hours ago", datetime(2013, 3, 5, 15, 42)),
        ("3 часа назад", datetime(2013, 3, 5, 15, 42)),
        ("vor 3 Stunden", datetime(2013, 3, 5, 15, 42)),
        ("hace 2 días", datetime(2013, 3, 3, 18, 42)),
        ("il y a 5 minutes", datetime(2013, 3, 5, 18, 37)),
        ("2 dni temu", datetime(2013, 3, 3, 18, 42)),
        ("před 3 hodinami", datetime(2013, 3, 5, 15, 42)),
        ("2 gün önce", datetime(2013, 3, 3, 18, 42)),
        ("3時間前", datetime(2013, 3, 5, 15, 42)),
        ("昨天 12:30", datetime(2013, 3, 4, 12, 30)),
        ("Вчера в 14:17", datetime(2013, 3, 4, 14, 17)),
        ("wczoraj o 14:17", datetime(2013, 3, 4, 14, 17)),
        ("eilen klo 14.17", datetime(2013, 3, 4, 14, 17)),
        ("igår kl. 14:17", datetime(2013, 3, 4, 14, 17)),
        ("Gestern, 14:17", datetime(2013, 3, 4, 14, 17)),
        ("Yesterday at 9:41 PM", datetime(2013, 3, 4, 21, 41)),
    ],
)
def test_relative_dates_count_back_from_the_reference(text: str, when: datetime) -> None:
    assert resolve_relative(text, REFERENCE) == when
    # ... and from no other moment: a day later, a day later
    later = REFERENCE.replace(day=REFERENCE.day + 1)
    assert resolve_relative(text, later) == when.replace(day=when.day + 1)


@pytest.mark.parametrize("text", ["Heute", "Сегодня", "5 марта 2013, 18:42", "hello world", ""])
def test_not_relative_dates(text: str) -> None:
    # a day word without its clock names no time; an absolute date is not relative
    assert resolve_relative(text, REFERENCE) is None


@pytest.mark.parametrize(("word", "days"), sorted(dates.RELATIVE_DAYS.items()))
def test_the_day_words_say_what_dateparser_says(word: str, days: int) -> None:
    """The hand table of day words (read on every header line, so not dateparser) agrees
    with dateparser's own language data on every word."""
    assert dates_world.parse_relative(f"{word} 12:30", REFERENCE) == datetime(2013, 3, 5 - days, 12, 30)
    assert dates.relative_day(f"{word} 12:30") == (days, "12:30")


def test_the_dutch_monday_is_no_hungarian_today() -> None:
    assert dates.relative_day("ma 24 sep 2012") is None
    assert parse_date("ma 24 sep 2012") == datetime(2012, 9, 24)


# ---------------------------------------------------------------- parity
# Every date string of the committed fixtures and seeds that parse_date read before the
# fallback existed, with what it read (recorded from the code of commit d428567).
PARITY = HERE / "dates_parity.json"


def test_every_fixture_date_reads_as_before() -> None:
    recorded: dict[str, str] = json.loads(PARITY.read_text(encoding="utf-8"))
    assert len(recorded) > 200
    changed = {s: (iso, parse_date(s)) for s, iso in recorded.items() if _iso(parse_date(s)) != iso}
    assert changed == {}


def _iso(ts: datetime | None) -> str | None:
    return ts.isoformat() if ts is not None else None


def _date_like_pieces(text: str) -> set[str]:
    """The pieces of a dump the dialects try as dates: lines, and text between tags."""
    pieces = {p.strip() for p in re.split(r"[\n<>\"|]", text)}
    return {p for p in pieces if 4 <= len(p) <= 80 and re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}|\d:\d\d", p)}


def test_corpus_dates_read_as_the_other_paths_read_them(corpus: Path) -> None:
    """On the real dumps: where the fast path or dateutil reads a string, parse_date
    gives their value (the fallback never overrides them), and no date of the corpus
    needs the fallback (it reads none of them: the corpus scores stay as they were)."""
    pieces: set[str] = set()
    for path in sorted(p for p in corpus.glob("*") if p.is_file() and p.suffix != ".md"):
        pieces |= _date_like_pieces(path.read_text(encoding="utf-8", errors="replace"))
    assert len(pieces) > 5000
    read = {s: classic(s) for s in pieces}
    assert [s for s, ts in read.items() if ts is not None and parse_date(s) != ts] == []
    assert [s for s, ts in read.items() if ts is None and parse_date(s) is not None] == []


_WORDS = st.sampled_from(
    ["Mar", "mar", "Вт", "мар", "марта", "г.", "в", "wt", "o", "klo", "kl.", "de", "at", "am", "PM",
     "Okt", "Mär", "Di", "mai", "Mai", "May", "janv.", "年", "月", "日", "午後", "hier", "Heute",
     "MSK", "CEST"]
)  # fmt: skip
_PIECES = st.one_of(
    _WORDS,
    st.integers(0, 2100).map(str),
    st.sampled_from(["18:42", "7:15", "12:00:59", "25:61", "20h14", "05.03.2013", "05/03/2013"]),
    st.sampled_from(["2013-03-05", "2013-03-05T18:42:00Z"]),
    st.sampled_from([",", ".", " ", "  "]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=2, max_size=7).map(" ".join))
def test_what_the_other_paths_read_is_read_the_same(text: str) -> None:
    """Hypothesis over strings mixing English, German, French, Russian, Polish, Finnish
    and CJK date words: parse_date is the fast path / dateutil value wherever they read
    one, never the fallback's."""
    before = classic(text)
    if before is not None:
        assert parse_date(text) == dates.in_range(before)
