"""Relative dates in forum copies ("Today, 09:12 AM", "25 minutes ago", "Сегодня, 14:17",
"13 минут назад"): a post dated so is still a post; its time is resolved only against
the page's own clock ("Current time: ...", "It is currently ...") and only where that
gives it to the minute; otherwise it is left empty and counted in ``skipped``.

Before: a post dated by a span ("25 minutes ago" under MyBB's "#5", "13 минут назад" in
a phpBB byline) was no post at all (its text ran into the post above), and a post dated
by a day word was left empty silently.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import FIXTURES
from threads.dates import parse_date, relative_span, resolve_exact
from threads.formats import _forum_text as ft
from threads.formats import mybb_text, phpbb_text

KETTLE = FIXTURES / "mybb-text" / "kettle_today_mybb18.txt"
PECHKA = FIXTURES / "phpbb-text" / "pechka_phpbb32_ru.txt"
CLOCK = datetime(2013, 3, 5, 18, 42, 30)

RESOLVED = [
    ("Today, 14:17", datetime(2013, 3, 5, 14, 17)),
    ("Yesterday, 09:41 PM", datetime(2013, 3, 4, 21, 41)),
    ("Yesterday at 10:15", datetime(2013, 3, 4, 10, 15)),
    ("Heute, 14:17", datetime(2013, 3, 5, 14, 17)),
    ("Сегодня, 14:17", datetime(2013, 3, 5, 14, 17)),
    ("13 minutes ago", datetime(2013, 3, 5, 18, 29)),
    ("5 min. ago", datetime(2013, 3, 5, 18, 37)),
    ("a minute ago", datetime(2013, 3, 5, 18, 41)),
    ("Less than a minute ago", datetime(2013, 3, 5, 18, 42)),
    ("vor 13 Minuten", datetime(2013, 3, 5, 18, 29)),
    ("il y a 13 minutes", datetime(2013, 3, 5, 18, 29)),
    ("hace 5 minutos", datetime(2013, 3, 5, 18, 37)),
    ("5 minuti fa", datetime(2013, 3, 5, 18, 37)),
    ("5 minuten geleden", datetime(2013, 3, 5, 18, 37)),
    ("há 5 minutos", datetime(2013, 3, 5, 18, 37)),
    ("13 минут назад", datetime(2013, 3, 5, 18, 29)),
    ("5 хвилин тому", datetime(2013, 3, 5, 18, 37)),
    ("5 minut temu", datetime(2013, 3, 5, 18, 37)),
    ("5 dakika önce", datetime(2013, 3, 5, 18, 37)),
    ("5 perce", datetime(2013, 3, 5, 18, 37)),
    ("5 minuter sedan", datetime(2013, 3, 5, 18, 37)),
    ("5 minuuttia sitten", datetime(2013, 3, 5, 18, 37)),
    ("před 5 minutami", datetime(2013, 3, 5, 18, 37)),
    ("5분 전", datetime(2013, 3, 5, 18, 37)),
    ("5分前", datetime(2013, 3, 5, 18, 37)),
    ("5分钟前", datetime(2013, 3, 5, 18, 37)),
    ("刚刚", datetime(2013, 3, 5, 18, 42)),
]
# Spans of hours and more name no minute: never resolved, whatever the clock.
COARSE = [
    "3 hours ago",
    "5 hr. ago",
    "an hour ago",
    "vor 2 Tagen",
    "il y a 3 heures",
    "3 часа назад",
    "2 days ago",
    "3시간 전",
    "3時間前",
    "3小时前",
    "3 órája",
    "2 napja",
]


@pytest.mark.parametrize(("text", "when"), RESOLVED)
def test_resolved_to_the_minute_against_the_page_clock(text: str, when: datetime) -> None:
    assert resolve_exact(text, CLOCK) == when


@pytest.mark.parametrize("text", COARSE)
def test_coarse_spans_are_never_made_precise(text: str) -> None:
    assert relative_span(text)
    assert resolve_exact(text, CLOCK) is None


@pytest.mark.parametrize("text", [t for t, _ in RESOLVED] + COARSE)
def test_relative_dates_alone_have_no_time(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["2 Stunden", "13 minutes", "ago", "3 hours ago, said Ann", "Posted 3 hours"]
)
def test_not_spans(text: str) -> None:
    assert not relative_span(text)


def test_mybb_page_clock_resolves_day_words_and_minute_spans() -> None:
    thread = mybb_text.parse(KETTLE.read_text(encoding="utf-8"))[0]
    stamps = [p.timestamp for p in thread.posts]
    assert stamps == [
        datetime(2013, 3, 3, 20, 5),
        datetime(2013, 3, 4, 23, 40),
        datetime(2013, 3, 5, 9, 12),
        None,  # "2 hours ago"
        datetime(2013, 3, 5, 18, 17),
    ]
    assert thread.skipped == {ft.RELATIVE_KEY: 1}
    assert any("relative" in w for w in thread.warnings)


def test_mybb_without_a_page_clock_keeps_every_post_and_counts_the_gaps() -> None:
    text = KETTLE.read_text(encoding="utf-8").replace("Current time: 03-05-2013, 06:42 PM\n", "")
    thread = mybb_text.parse(text)[0]
    assert [p.author for p in thread.posts] == ["quill_ferris", "Odo Brannock"] * 2 + ["quill_ferris"]
    assert [p.timestamp is None for p in thread.posts] == [False, True, True, True, True]
    assert thread.skipped == {ft.RELATIVE_KEY: 4}
    assert thread.posts[4].body == "Rinsed and tested, it boils properly now."  # not glued to #4


def test_phpbb_byline_with_a_span_is_a_post() -> None:
    text = PECHKA.read_text(encoding="utf-8")
    text = text.replace("Сообщение Фрол » 05 мар 2013, 20:15", "Сообщение Фрол » Вчера, 20:15")
    text = text.replace("Сообщение Агафья » 07 мар 2013, 11:30", "Сообщение Агафья » 13 минут назад")
    thread = phpbb_text.parse(text)[0]
    assert [p.author for p in thread.posts] == ["Тихон Лужин", "Фрол", "Тихон Лужин", "Агафья"]
    assert thread.posts[3].timestamp is None
    assert thread.posts[3].body == "У нас помог дефлектор на трубе, ветер больше не задувает."
    assert thread.skipped == {ft.RELATIVE_KEY: 2}
    # With the page's clock (phpBB's index line), both are resolved to the minute.
    clocked = text.replace("Перейти\n", "Перейти\nТекущее время: 07 мар 2013, 11:43\n")
    stamps = [p.timestamp for p in phpbb_text.parse(clocked)[0].posts]
    assert stamps[1] == datetime(2013, 3, 6, 20, 15) and stamps[3] == datetime(2013, 3, 7, 11, 30)


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("It is currently Tue Mar 05, 2013 6:42 pm", datetime(2013, 3, 5, 18, 42)),
        ("Current time: 03-05-2013, 06:42 PM", datetime(2013, 3, 5, 18, 42)),
        ("Aktuelle Zeit: Di 5. Mär 2013, 18:42", datetime(2013, 3, 5, 18, 42)),
        ("Nous sommes le Mar 5 Mar 2013 18:42", datetime(2013, 3, 5, 18, 42)),
        ("Текущее время: 05 мар 2013, 18:42", datetime(2013, 3, 5, 18, 42)),
    ],
)
def test_page_clock_lines(line: str, when: datetime) -> None:
    from threads.formats._text import numbered

    assert ft.page_time(numbered(f"menu\n{line}\nfooter")) == when


def test_a_clock_without_a_day_is_no_anchor() -> None:
    from threads.formats._text import numbered

    assert ft.page_time(numbered("All times are GMT. The time now is 06:42 PM.")) is None


@pytest.mark.parametrize(
    ("dialect", "fixture"),
    [
        ("reddit-text", "reddit-text/dynamo_hub_old_reddit.txt"),
        ("hackernews-text", "hackernews-text/bike_repair_kit_2024.txt"),
    ],
)
def test_site_copies_count_their_relative_dates(dialect: str, fixture: str) -> None:
    """Old Reddit and HN copies print every time relative: each undated post is counted
    in ``skipped`` (they only had a warning)."""
    from threads.formats import REGISTRY

    thread = REGISTRY[dialect].parse((FIXTURES / fixture).read_text(encoding="utf-8"))[0]
    undated = [p for p in thread.posts if p.timestamp is None and not p.placeholder]
    assert undated
    assert thread.skipped[ft.RELATIVE_KEY] == len(undated)


def test_xenforo_day_words_are_counted() -> None:
    from threads.formats import xenforo_text

    text = "Ann\nMember\nYesterday at 1:06 PM\n#1\nHi.\nLike\nBob\nMember\nToday at 8:00 AM\n#2\nYo.\n"
    assert xenforo_text.parse(text)[0].skipped == {ft.RELATIVE_KEY: 2}


def test_smf_russian_pack_header_quote_and_relative_day() -> None:
    """SMF/ElkArte's Russian labels ('« Ответ #1 от: DATE »', 'Цитата: NAME от DATE',
    'Записан', 'Страницы: [1]'): before, no header matched and the page was one post."""
    from threads.formats import smf_text

    thread = smf_text.parse((FIXTURES / "smf-text" / "ulei_smf20_ru.txt").read_text(encoding="utf-8"))[0]
    assert [p.author for p in thread.posts] == ["Ефросинья", "Пахом Ильич", "Ефросинья"]
    assert thread.posts[1].quote_sources == ["Ефросинья"]
    assert thread.posts[0].signature == "Две семьи и один нуклеус."
    assert thread.posts[2].timestamp is None and thread.posts[2].body == "Сделала отводок, спасибо."
    assert thread.page == (1, 1)
    assert thread.skipped == {ft.RELATIVE_KEY: 1}


@pytest.mark.parametrize("text", ["Минуту назад", "только что", "5 минут назад"])
def test_elkarte_russian_spans(text: str) -> None:
    assert resolve_exact(text, CLOCK) is not None


def test_saved_html_pages_count_their_relative_days() -> None:
    """A saved vBulletin page's 'Heute, ...' post: time empty, and now counted in
    ``skipped`` as the text copies count it (a warning only before)."""
    from threads.formats import REGISTRY
    from threads.read import read_source

    text = read_source(FIXTURES / "vbulletin-html" / "akku_custom_vb4_de.html").text  # a legacy code page
    thread = REGISTRY["vbulletin-html"].parse(text)[0]
    assert [p.timestamp is None for p in thread.posts] == [False, False, True]
    assert thread.skipped.get(ft.RELATIVE_KEY) == 1
