"""A vBulletin 4 thread copied as text from a Russian board (hand-written fixture, golden
in tests/golden/vbulletin-text): the member keys ('Регистрация', 'Адрес', 'Сообщений'),
the quote box 'Цитата Сообщение от NAME', 'Ответить с цитированием' and the footer were
post text, and the quote was not split."""

from __future__ import annotations

from tests.conftest import FIXTURES
from threads.formats import vbulletin_text

RU = FIXTURES / "vbulletin-text" / "ventilyaciya_vb4_ru.txt"


def test_russian_vbulletin_copy() -> None:
    thread = vbulletin_text.parse(RU.read_text(encoding="utf-8"))[0]
    posts = thread.posts
    assert [p.author for p in posts] == ["Прохор", "дед_Кузьма", "Прохор"]
    assert posts[0].body.endswith("вот и капает.")
    assert posts[1].quote_sources == ["Прохор"]
    assert posts[1].body == "А какой диаметр труб брать на погреб два на три метра?"
    assert posts[2].body == "Сто десять миллиметров хватит с запасом."
    assert thread.page == (2, 2)
