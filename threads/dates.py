"""Timestamps as people and blog engines write them, in several languages.

Rules as data: ``MONTHS`` and ``NOISE`` translate the site language into something
python-dateutil reads; :func:`parse_date` returns a naive or aware ``datetime`` or
``None``. Naive results are wall-clock times "as written"; ``tables.py`` decides their
zone (``--tz``).

>>> parse_date("Thursday, 27 October 2005 at 10:12 PM")
datetime.datetime(2005, 10, 27, 22, 12)
>>> parse_date("23. Juni 2016 um 17:21 Uhr")
datetime.datetime(2016, 6, 23, 17, 21)
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as du_parser

from threads.dates_world import date_words, parse_relative, parse_world

# Month names of the site languages we have seen in dumps, to English. Sources: the
# WordPress/Typepad language packs (de, fr, es, it, nl, pt) as they print dates.
MONTHS: dict[str, str] = {
    # German
    "januar": "January",
    "jänner": "January",
    "februar": "February",
    "märz": "March",
    "maerz": "March",
    "mai": "May",
    "juni": "June",
    "juli": "July",
    "oktober": "October",
    "dezember": "December",
    # French
    "janvier": "January",
    "février": "February",
    "fevrier": "February",
    "mars": "March",
    "avril": "April",
    "juin": "June",
    "juillet": "July",
    "août": "August",
    "aout": "August",
    "septembre": "September",
    "octobre": "October",
    "novembre": "November",
    "décembre": "December",
    "decembre": "December",
    # Spanish
    "enero": "January",
    "febrero": "February",
    "marzo": "March",
    "abril": "April",
    "mayo": "May",
    "junio": "June",
    "julio": "July",
    "agosto": "August",
    "septiembre": "September",
    "setiembre": "September",
    "octubre": "October",
    "noviembre": "November",
    "diciembre": "December",
    # Italian
    "gennaio": "January",
    "febbraio": "February",
    "aprile": "April",
    "maggio": "May",
    "giugno": "June",
    "luglio": "July",
    "settembre": "September",
    "ottobre": "October",
    "dicembre": "December",
    # Dutch
    "januari": "January",
    "februari": "February",
    "maart": "March",
    "mei": "May",
    "augustus": "August",
    # Portuguese
    "janeiro": "January",
    "fevereiro": "February",
    "março": "March",
    "maio": "May",
    "junho": "June",
    "julho": "July",
    "setembro": "September",
    "outubro": "October",
    "dezembro": "December",
}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, the longest first (so "sept" wins over "sep")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Abbreviated month names dateutil does not read as English (de/fr/es/it/nl), as forum
# engines print them in their default date formats: phpBB 3's language packs ("Mo 1. Jan
# 2007, 13:57" de, "Lun 10 Jan 2007 13:37" fr), vBulletin, SMF. A trailing dot is part of
# the abbreviation ("févr.").
SHORT_MONTHS: dict[str, str] = {
    "mär": "Mar", "mrz": "Mar", "okt": "Oct", "dez": "Dec", "mai": "May",
    "janv": "Jan", "févr": "Feb", "fév": "Feb", "avr": "Apr", "juil": "Jul", "sept": "Sep", "déc": "Dec",
    "aoû": "Aug",
    "ene": "Jan", "abr": "Apr", "ago": "Aug", "dic": "Dec",
    "gen": "Jan", "mag": "May", "giu": "Jun", "lug": "Jul", "set": "Sep", "ott": "Oct",
    "mrt": "Mar", "mei": "May",
}  # fmt: skip
_SHORT_MONTH_TOKEN = re.compile(r"\b(" + _alternatives(SHORT_MONTHS) + r")\b\.?", re.I)
# Weekday abbreviations dateutil does not read, taken off the front: German ("Mo 24. Sep
# 2012, 16:53"), Dutch ("ma 24 sep 2012"), Italian ("lun 24 set"), French phpBB ("Lun 10
# Jan 2007"). "Mar" (French Tuesday) only before a day and a month word: "Mar 5 2011"
# and "Mar 5, 2011" are the English month.
SHORT_WEEKDAY = re.compile(
    r"^\s*(?:(?:mo|di|mi|do|fr|sa|so|ma|wo|vr|za|zo|lun|mer|jeu|gio|ven|sam|sab|dim|dom)\.?,?\s+(?=\d)|"
    r"mar\.?,?\s+(?=\d{1,2}\.?\s+[^\W\d_]{3}))",
    re.I,
)

# Connecting words between date and time ("at", "um", "à", ...) and clock suffixes.
NOISE = re.compile(
    r"\b(?:at|um|à|a las|alle|om|às|le|el|on|de|del|di|van|Uhr)\b\.?",
    re.IGNORECASE,
)
WEEKDAYS = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?|"
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo)\b,?",
    re.IGNORECASE,
)
# French/Spanish abbreviated weekdays as mail clients print them ("mar. 8 mars 2011").
# Lower-case with a dot only: "Mar 8, 2011" is the English month.
ABBREVIATED_WEEKDAY = re.compile(r"^(?:lun|mar|mer|jeu|ven|sam|dim|mié|jue|vie|sáb|dom)\.,?\s+(?=\d)")
# Trailers some blog themes print after a date: "| Permalink", "(Edit)", "14 h 17 min".
TRAILER = re.compile(
    r"\s*(?:\|\s*permalink|\((?:edit|bearbeiten|modifier|editar|modifica)\)|#)\s*$|(?<=\d)\s*min\.?\s*$",
    re.IGNORECASE,
)
# Zone abbreviations dateutil does not know by itself (it knows UTC, GMT, Z), as fixed
# offsets in hours. Only unambiguous ones: IST (India, Ireland, Israel) and the like stay
# out, and any other abbreviation leaves the time as written (wall clock), as if no zone
# had been given, instead of dateutil's UnknownTimezoneWarning.
_TZ_HOURS = {
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "AEST": 10,
    "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_TZINFOS = {name: int(hours * 3600) for name, hours in _TZ_HOURS.items()}
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)
_MONTH_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A date needs a digit and either a month word or digit groups; used to reject prose.
_LOOKS_DATED = re.compile(r"\d")


# The letters a case-blind pattern (re.IGNORECASE) matches as an ASCII letter that
# str.lower() does not turn into it: the long s, and Turkish dotless and dotted I
# ("Auguſt", "APRİL"). A word such a pattern found is looked up by match_key, never by
# .lower() alone (that raised KeyError on "7 Auguſt 2016").
_RE_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


def match_key(word: str) -> str:
    """The lower-case key of a word a case-blind pattern matched: what it matched as."""
    return word.translate(_RE_FOLD).lower()


def _translate(text: str) -> str:
    return _MONTH_WORD.sub(lambda m: MONTHS.get(m.group(0).lower(), m.group(0)), text)


# English month names and abbreviations as dateutil reads them, for the fast path.
_MONTH_NUMBER: dict[str, int] = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_EN_MONTH = _alternatives(_MONTH_NUMBER)
_EN_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun),? +"
_CLOCK = r"(?:,? +(?:at +)?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))? ?(?P<ap>[ap]m)?)?"
# The layouts blog engines print most ("07 June 2016 at 05:06 PM", "June 7, 2016 at
# 5:06 pm", with or without an English weekday), read without dateutil: ~30x faster,
# and tests/test_dates_fast.py checks it gives what the dateutil path gives on many
# generated strings. Anything else (or anything out of range) takes the dateutil path.
_FAST = re.compile(
    rf"^(?:{_EN_WEEKDAY})?(?:(?P<d1>\d{{1,2}}) +(?P<m1>{_EN_MONTH})|(?P<m2>{_EN_MONTH}) +(?P<d2>\d{{1,2}}),?)"
    rf" +(?P<y>[12]\d{{3}}){_CLOCK}$",
    re.IGNORECASE,
)
# Distinct date strings remembered: footers repeat (same minute, same day in a
# date-only layout), and a result is an immutable datetime.
_CACHE_SIZE = 16384


def _fast(raw: str) -> datetime | None:
    """The common English layouts, or ``None`` when ``raw`` is not one of them (or a
    field is out of range: dateutil then decides, as before)."""
    m = _FAST.match(raw)
    if not m:
        return None
    # One groups() call instead of one group() per field (a quarter of this function's
    # time at 100k footers); the order is the groups' order in _FAST.
    d1, m1, m2, d2, year, h, mi, s, ampm = m.groups()
    day = int(d1 or d2)
    month = _MONTH_NUMBER[match_key(m1 or m2)]
    hour = int(h) if h else 0
    minute = int(mi) if mi else 0
    second = int(s) if s else 0
    if ampm:
        if not 0 <= hour <= 12:
            return None
        ampm = ampm.lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime(int(year), month, day, hour, minute, second)
    except ValueError:
        return None


def parse_date(text: str, *, dayfirst: bool | None = None) -> datetime | None:
    """Parse a human- or machine-written timestamp, or return ``None``.

    ``dayfirst`` defaults to a guess: ``03.03.2011`` style (dots) is day-first, slash
    dates are month-first as US engines print them.
    """
    return _parse_cached(text, dayfirst)


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_cached(text: str, dayfirst: bool | None) -> datetime | None:
    return in_range(classic(text, dayfirst) or _world(text))


def classic(text: str, dayfirst: bool | None = None) -> datetime | None:
    """The fast path and the dateutil path, without the dateparser fallback: every date
    read before the fallback existed is read by these alone, to the same value
    (tests/test_dates_world.py holds them to it)."""
    return _fast(text.strip()) or _parse(text, dayfirst)


# A zone moves a wall-clock time by less than a day (UTC offsets are strictly inside
# +-24 h, Python's own bound), so a time at least this far from datetime.min/max can be
# put in UTC whatever zone it was written in or is read with (--tz).
_UTC_MARGIN = timedelta(days=1)
_EARLIEST = datetime.min + _UTC_MARGIN
_LATEST = datetime.max - _UTC_MARGIN


def in_range(ts: datetime | None) -> datetime | None:
    """``ts``, or ``None`` when it cannot be put in UTC: an offset of a day or more
    ("13:05:00-04:9999" gives dateutil's tzoffset of -170 h), or a time within a day of
    the first or last instant Python can hold ("9999-12-31T23:59:59-01:00", a naive
    year-9999 time read with --tz). Such a time is a damaged date, not one to report; it
    raised ValueError / OverflowError when the tables put it in UTC (a fuzz find)."""
    if ts is None:
        return None
    try:
        offset = ts.utcoffset()
    except ValueError:  # a tzinfo whose offset is out of Python's range
        return None
    if offset is not None and not -_UTC_MARGIN < offset < _UTC_MARGIN:
        return None
    wall = ts.replace(tzinfo=None)
    return ts if _EARLIEST <= wall <= _LATEST else None


def utc(ts: datetime | None) -> datetime | None:
    """An aware ``ts`` in UTC (a naive one as it is), or ``None`` when it cannot be put
    in UTC (see :func:`in_range`)."""
    ts = in_range(ts)
    if ts is None or ts.tzinfo is None:
        return ts
    return ts.astimezone(timezone.utc)


# Evidence that a numeric date is day-first: dots between its fields ("03.03.2011", German,
# Russian, Polish, ...), or a French/European clock written with an "h" ("05/03/2011
# 20h14": a French forum's 5 March; the US engines that print month-first dates never
# write the clock that way). A year written first ("2011-05-03 20h14") is year-month-day
# whatever the clock: dateutil would read it year-day-month when told day-first.
# A dotted date is day-first only when it does not open with its year: "2011.05.03" is
# year-month-day as Korean, Hungarian, Chinese and Japanese forums print it (the digits
# "11.05.03" inside it read 5 March 2011 before), and dateutil reads a year-first string
# year-month-day unless told day-first.
_DOTTED_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d)")
_H_CLOCK = re.compile(r"(?<![\d:])\d{1,2}\s?h\s?\d{2}(?!\d)")
_YEAR_FIRST = re.compile(r"(?<!\d)\d{4}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,2}(?!\d)")


_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
_LEAD_MARKS = "»•·|"
# "on" before a date in a byline, as comment templates write it: de "am 2. Juni 2015 um
# 10:03", nl "op 2 juni 2015 om 10:03", it "il 2 giugno 2015", pt "em 2 de junho de 2015",
# sv/da/nb "den 2 juni 2015" (fr "le", es "el", en "on" are NOISE words already).
_LEAD_ON = re.compile(r"^(?:am|op|il|em|den)\s+(?=\d)", re.IGNORECASE)


def _parse(text: str, dayfirst: bool | None) -> datetime | None:
    """The general path: clean up, translate, then python-dateutil."""
    # A byline's separator before the date ("» Sat 17 Aug 2013 11:00") is not part of it.
    raw = _LEAD_ON.sub("", text.strip().lstrip(_LEAD_MARKS).lstrip())
    raw = TRAILER.sub("", SHORT_WEEKDAY.sub("", ABBREVIATED_WEEKDAY.sub("", raw)))
    if not raw or len(raw) > 80 or not _LOOKS_DATED.search(raw):
        return None
    try:  # machine formats first: ISO 8601 is unambiguous
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        pass
    cleaned = re.sub(r"(\d{1,2})\s*h\s*(\d{2})\b", r"\1:\2", raw)  # French "14 h 17"
    # "2011-05-03(Tue) 14:22": a weekday in brackets, as Japanese boards and their English
    # skins print it, leaves "()" that dateutil refuses.
    cleaned = _EMPTY_BRACKETS.sub(" ", WEEKDAYS.sub(" ", cleaned))
    cleaned = _SHORT_MONTH_TOKEN.sub(lambda m: SHORT_MONTHS[match_key(m[1])], cleaned)
    cleaned = _translate(cleaned)
    cleaned = NOISE.sub(" ", cleaned)
    cleaned = re.sub(r"(\d)\.(?=\s)", r"\1", cleaned)  # "23. June" -> "23 June"
    cleaned = re.sub(r"[|,]", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if dayfirst is None:
        year_first = bool(_YEAR_FIRST.search(raw))
        dayfirst = not year_first and bool(_DOTTED_DATE.search(raw) or _H_CLOCK.search(raw))
    try:
        # Parse twice with different defaults: a field that changes was not written, and
        # a date without its year or day is not a timestamp we can honestly report.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", du_parser.UnknownTimezoneWarning)
            first = du_parser.parse(cleaned, dayfirst=dayfirst, default=_DEFAULT_A, tzinfos=_TZINFOS)
            second = du_parser.parse(cleaned, dayfirst=dayfirst, default=_DEFAULT_B, tzinfos=_TZINFOS)
    # ArithmeticError: dateutil reads seconds with decimal.Decimal, which raises
    # InvalidOperation on a huge field ("1:99999999999999999999999999999", a fuzz find).
    except (ValueError, ArithmeticError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    return first


# The words the fast path and the dateutil path know: a date of ASCII words among these
# that they could not read is damaged or no date, and dateparser is not asked (it would
# cost ~3 ms a string on the many lines that are tried as dates and are prose).
_CLASSIC_WORDS: frozenset[str] = frozenset(
    {*_MONTH_NUMBER, *MONTHS, *SHORT_MONTHS, *(zone.lower() for zone in _TZ_HOURS)}
    | {f"{day}day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")}
    | {
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "am", "pm", "a", "p", "m", "t", "z", "utc", "gmt", "st", "nd", "rd", "th",
        # the weekdays, joining words and trailers the patterns above take off
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "lunes", "martes", "jueves", "viernes", "domingo",
        "mo", "di", "mi", "do", "fr", "sa", "so", "ma", "wo", "vr", "za", "zo",
        "lun", "mer", "jeu", "gio", "ven", "sam", "sab", "dim", "dom", "mar",
        "at", "um", "alle", "om", "le", "el", "on", "de", "del", "van", "uhr", "las",
        "permalink", "edit", "min",
    }
)  # fmt: skip
# What a date the fallback reads looks like, checked before dateparser is asked (a miss
# costs it 25-50 ms: it tries each of its ~200 locales; lines of every kind are tried as
# dates by the dialects, and on the corpus ~900 such lines reached it, none a date):
# its day and year as digits (a 4-digit year, or a numeric day.month.year), a few words
# (Portuguese "terça-feira, 5 de março de 2013 às 18:42" has six; Finnish "tiistai 5.
# maaliskuuta 2013 klo 18.42" three ASCII words the other paths do not know), and no
# character of markup, code or a mail header ("<title>", "b[0] =", "Date: ...", "#1"),
# nor a byline's separator ("by P. » Sat 17 Aug": a first miss costs dateparser 2-3 s,
# loading every locale; other dialects' sniffers try such lines as dates).
_WORLD_YEAR = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
_MAX_WORLD_WORDS = 8
_MAX_UNKNOWN_ASCII_WORDS = 3
_MIN_DIGIT_RUNS = 2
_DIGIT_RUN = re.compile(r"\d+")
_NOT_A_DATE = re.compile(r"[<>{}\[\]=_@#\"|;\\*$%&~^»«•·]|[^\W\d_]:")


def _world(text: str) -> datetime | None:
    """The dateparser fallback (:mod:`threads.dates_world`), for a string shaped like a
    date with a word the other paths do not know (a letter outside ASCII, or an unknown
    ASCII word)."""
    s = text.strip()
    if len(s) > 80 or not _WORLD_YEAR.search(s) or _NOT_A_DATE.search(s):
        return None
    words = _MONTH_WORD.findall(s)
    unknown = [w for w in words if not (w.isascii() and w.lower() in _CLASSIC_WORDS)]
    if not unknown or len(words) > _MAX_WORLD_WORDS or len(_DIGIT_RUN.findall(s)) < _MIN_DIGIT_RUNS:
        return None
    if sum(w.isascii() for w in unknown) > _MAX_UNKNOWN_ASCII_WORDS:
        return None
    vocabulary = date_words()  # loads dateparser's locale data, once: after the cheap checks
    if not all(w.lower() in vocabulary for w in unknown):
        return None
    return parse_world(s)


# Day words forums print instead of a date for recent posts ("Heute, 14:17",
# "Yesterday, 09:41 PM"), as days before the day the page was made. From the vBulletin,
# phpBB, XenForo and MyBB language packs (en, de, fr, es, it, nl, pt; ru, uk, pl, cs, sk,
# sv/da/no, fi, tr, zh, ja). Read on every header line, so a table and one pattern, not
# dateparser; tests/test_dates_world.py checks each word against dateparser's own
# reading. Hungarian "ma" (today) stays out: it is the Dutch Monday ("ma 24 sep 2012").
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "yesterday": 1,
    "heute": 0, "gestern": 1, "vorgestern": 2,
    "aujourd'hui": 0, "hier": 1, "avant-hier": 2,
    "hoy": 0, "ayer": 1, "anteayer": 2,
    "oggi": 0, "ieri": 1,
    "vandaag": 0, "gisteren": 1, "eergisteren": 2,
    "hoje": 0, "ontem": 1, "anteontem": 2,
    "сегодня": 0, "вчера": 1, "позавчера": 2,
    "сьогодні": 0, "вчора": 1,
    "dzisiaj": 0, "dziś": 0, "wczoraj": 1, "przedwczoraj": 2,
    "dnes": 0, "včera": 1, "předevčírem": 2,
    "tegnap": 1, "tegnapelőtt": 2,
    "idag": 0, "i dag": 0, "igår": 1, "i går": 1,
    "tänään": 0, "eilen": 1,
    "bugün": 0, "dün": 1,
    "今天": 0, "昨天": 1, "前天": 2,
    "今日": 0, "昨日": 1, "一昨日": 2,
}  # fmt: skip
# The words between a day word and its clock ("Вчера в 14:17", "wczoraj o 14:17", "igår
# kl. 14:17", "eilen klo 14.17"); a clock with a dot is Finnish and Danish/Norwegian.
RELATIVE_CONNECTORS = ("at", "um", "à", "a las", "alle", "om", "às", "в", "o", "v", "kl.", "kl", "klo")


_RELATIVE = re.compile(
    rf"^\s*(?P<day>{_alternatives(RELATIVE_DAYS)})(?![^\W\d_])"
    rf"[\s,]*(?:(?:{_alternatives(RELATIVE_CONNECTORS)})\s*)?"
    r"(?P<clock>\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)


def relative_day(text: str) -> tuple[int, str | None] | None:
    """(days before the page was made, the clock time as written) for "Heute, 14:17",
    "Yesterday at 9:41 PM", ...; ``None`` for anything else.

    >>> relative_day("Gestern, 14:17")
    (1, '14:17')
    """
    m = _RELATIVE.match(text)
    if not m:
        return None
    return RELATIVE_DAYS[match_key(m.group("day"))], m.group("clock")


def resolve_relative(text: str, reference: datetime) -> datetime | None:
    """A relative date on the day ``reference`` (the moment the page was made): a day
    word with its clock ("Heute, 14:17", "Вчера в 14:17"), or a span back from it in any
    language dateparser knows ("3 hours ago", "3 часа назад", "vor 3 Stunden", "hace 2
    días", "il y a 5 minutes"); ``None`` for anything else, and for a day word with no
    clock ("Heute": the time is not known).

    >>> resolve_relative("Gestern, 14:17", datetime(2011, 3, 4, 9, 0))
    datetime.datetime(2011, 3, 3, 14, 17)
    >>> resolve_relative("vor 3 Stunden", datetime(2011, 3, 4, 9, 0))
    datetime.datetime(2011, 3, 4, 6, 0)
    """
    found = relative_day(text)
    if found is not None:
        days, clock = found
        if clock is None:
            return None
        day = reference.date().toordinal() - days
        if day < 1:  # before 1 January of year 1: no date Python can hold
            return None
        clock = _DOTTED_CLOCK.sub(r"\1:\2", clock)  # Finnish "klo 14.17"
        return parse_date(f"{datetime.fromordinal(day):%Y-%m-%d} {clock}")
    s = text.strip()
    if not s or len(s) > _MAX_RELATIVE_CHARS or not _MONTH_WORD.search(s):
        return None
    return in_range(parse_relative(s, reference))


_DOTTED_CLOCK = re.compile(r"^(\d{1,2})\.(\d{2})")
# "il y a 2 heures et 5 minutes" is the longest such span in the packs we read.
_MAX_RELATIVE_CHARS = 40


# Spans back from the moment a page was made, as forum and comment engines print them for
# recent posts: phpBB 3.1+ ("13 minutes ago", "Less than a minute ago"), XenForo, Discourse,
# Disqus, Reddit ("5 hr. ago"), HN, and their language packs. A whole field is one of
# these or not; the words are the packs' own (en, de, fr, es, it, nl, pt, ru, uk, pl, tr).
_N = r"(?:\d{1,4}|an?|one|eine[mnr]?|une?|una?|un[oa]?|uno)"
RELATIVE_SPANS: tuple[str, ...] = (
    rf"{_N}\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\.?\s+ago",
    r"(?:less than a minute|a (?:few )?(?:seconds?|moments?)|just now|a moment) ago|just now|now",
    rf"vor\s+{_N}\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)|gerade eben",
    rf"il y a\s+{_N}\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)|à l[’']instant",
    rf"hace\s+{_N}\s+(?:segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?)",
    rf"{_N}\s+(?:secondi|minut[oi]|or[ae]|giorn[oi]|settiman[ae]|mes[ei]|ann[oi])\s+fa",
    r"\d{1,4}\s+(?:seconden|minuten|minuut|uur|dagen|dag|weken|week|maanden|maand|jaar)\s+geleden",
    rf"há\s+{_N}\s+(?:segundos?|minutos?|horas?|dias?|semanas?|mes(?:es)?|anos?)",
    # ru: also the SMF/ElkArte pack's "Минуту назад", "Час назад", "только что"
    r"(?:\d{1,4}\s+)?(?:секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет)"
    r"\s+назад|только что",
    r"\d{1,4}\s+(?:секунд[уи]?|хвилин[уи]?|годин[уи]?|дн(?:і|ів)|день|тижн(?:і|ів)|місяц(?:і|ів)|рок(?:и|ів)?)\s+тому",
    r"\d{1,4}\s+(?:sekund[ęy]?|minut[ęy]?|godzin[ęy]?|dni|dzień|tygodni[e]?|miesi[ąę]c[ey]?|lat[a]?|rok)\s+temu",
    r"\d{1,4}\s+(?:saniye|dakika|saat|gün|hafta|ay|yıl)\s+önce",
    # hu, sv, fi, cs/sk, and the CJK forms (Korean boards, Japanese, Chinese Discuz!)
    r"\d{1,4}\s+(?:másodperce|perce|órája|napja|hete|hónapja|éve)",
    r"\d{1,4}\s+(?:sekunder|minuter|minut|timmar|timme|dagar|dag|veckor|vecka|månader|månad|år)\s+sedan",
    r"\d{1,4}\s+(?:sekuntia|minuuttia|minuutti|tuntia|tunti|päivää|päivä|viikkoa|kuukautta|vuotta)\s+sitten",
    r"p[řr]ed\s+\d{1,4}\s+(?:sekundami|minutami|minútami|hodinami|dny|dňami|týdny|týždňami|měsíci|mesiacmi|lety|rokmi)",
    r"\d{1,4}\s*(?:초|분|시간|일|주|개월|년)\s*전",
    r"\d{1,4}\s*(?:秒|分|分钟|分鐘|時間|小时|小時|日|天|週間|周|个月|個月|ヶ月|か月|年)\s*前|刚刚|剛剛|たった今|방금",
)
_RELATIVE_SPAN = re.compile(r"^\s*(?:" + "|".join(RELATIVE_SPANS) + r")\s*$", re.IGNORECASE)
_NOW = re.compile(
    r"^\s*(?:less than a minute ago|a (?:few )?(?:seconds?|moments?) ago|just now|a moment ago|now|"
    r"gerade eben|à l[’']instant|только что|刚刚|剛剛|たった今|방금)\s*$",
    re.IGNORECASE,
)
# A span resolved against the page's clock names a time to the minute only while its unit
# is seconds or minutes: "3 hours ago" is anywhere in an hour, "2 days ago" in a day, and
# such a time is left empty rather than made up.
MAX_EXACT_SPAN = timedelta(hours=1)


def relative_span(text: str) -> bool:
    """Is ``text`` (a whole field) a span back from when the page was made ("13 minutes
    ago", "vor 2 Stunden", "il y a 5 minutes", "5 hr. ago", "3 часа назад")?

    >>> relative_span("vor 2 Stunden"), relative_span("2 Stunden")
    (True, False)
    """
    return bool(_RELATIVE_SPAN.match(text))


def resolve_exact(text: str, reference: datetime) -> datetime | None:
    """A relative date resolved against ``reference`` (the page's own clock) only where
    that gives its time to the minute: a day word with its clock ("Yesterday at 10:15",
    "Сегодня, 14:17") or a span of seconds or minutes ("13 minutes ago"); ``None`` for
    coarser spans ("3 hours ago", "vor 2 Tagen") and anything else.

    >>> resolve_exact("13 minutes ago", datetime(2013, 3, 5, 18, 42))
    datetime.datetime(2013, 3, 5, 18, 29)
    >>> resolve_exact("3 hours ago", datetime(2013, 3, 5, 18, 42)) is None
    True
    """
    if relative_day(text) is not None:
        return resolve_relative(text, reference)
    if not relative_span(text):
        return None
    if _NOW.match(text):
        return reference.replace(second=0, microsecond=0)
    found = resolve_relative(text, reference)
    if found is None or not timedelta(0) <= reference - found < MAX_EXACT_SPAN:
        return None
    return found.replace(second=0, microsecond=0)
