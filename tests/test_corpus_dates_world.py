"""Forum dates in other languages on a real saved page: the corpus phpBB page with its
dates written as Russian, Polish, Czech, Hungarian and Japanese language packs write
them reads the times of the untouched page (skipped, with the reason, without the
corpus). Before the dateparser fallback no post of such a page had a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

import threads

PHPBB = "phpbb2_oldclassiccar_classic-car-rescue-c5.html"
ENGLISH = re.compile(r"(?<=Posted: )\w{3} Sep (\d{2}), 2012 (\d{1,2}):(\d{2}) ([ap]m)")

RU_WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
PL_WEEKDAYS = ("pn", "wt", "śr", "cz", "pt", "so", "nd")
# The packs' default forms (phpBB 'D d M Y, H:i' in ru/pl; cs 'd. M Y H:i'; hu 'Y. M j. H:i';
# ja 'Y年n月j日 H:i'), September of 2012.
FORMS: dict[str, Callable[[datetime], str]] = {
    "ru": lambda t: f"{RU_WEEKDAYS[t.weekday()]} {t:%d} сен 2012, {t:%H:%M}",
    "pl": lambda t: f"{PL_WEEKDAYS[t.weekday()]} {t:%d} wrz 2012, {t:%H:%M}",
    "cs": lambda t: f"{t.day}. září 2012 {t:%H:%M}",
    "hu": lambda t: f"2012. szept. {t.day}. {t:%H:%M}",
    "ja": lambda t: f"2012年9月{t.day}日 {t:%H:%M}",
}


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_forum_dates_in_other_languages_on_a_saved_page(corpus: Path, tmp_path: Path, lang: str) -> None:
    page = (corpus / PHPBB).read_text(encoding="cp1252")  # a Latin-1 page (£)

    def written(m: re.Match[str]) -> str:
        hour = int(m[2]) % 12 + (12 if m[4] == "pm" else 0)
        return FORMS[lang](datetime(2012, 9, int(m[1]), hour, int(m[3])))

    rewritten, n = ENGLISH.subn(written, page)
    assert n >= 15
    path = tmp_path / "page.html"
    path.write_text(rewritten.replace("charset=iso-8859-1", "charset=utf-8"), encoding="utf-8")
    want = threads.read(corpus / PHPBB).posts
    got = threads.read(path).posts
    assert got["timestamp"].null_count() == 0
    assert list(got["timestamp"]) == list(want["timestamp"])
    assert list(got["author"]) == list(want["author"])
