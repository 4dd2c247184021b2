"""phpBB topics copied as text with other language packs: the Russian byline has no "by"
word ("Сообщение NAME » DATE"), the French 3.1+ profile block says "Inscription :", and
the quote box label and the footer ("Répondre", "Retourner vers « FORUM »", "Вернуться в
«FORUM»", "Перейти") are nobody's words.

A Russian board's copy was one post of unknown author (no byline matched); a French
copy kept the next post's profile block, "Citation" and the footer in the posts. The
fixtures are hand-written in those packs' shapes (goldens in tests/golden/phpbb-text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.textcopy import render_file
from threads.formats import detect
from threads.formats import phpbb_text as phpbb

RU = FIXTURES / "phpbb-text" / "pechka_phpbb32_ru.txt"
FR = FIXTURES / "phpbb-text" / "potager_phpbb32_fr.txt"
PHPBB2_PAGE = "phpbb2_oldclassiccar_classic-car-rescue-c5.html"


def _posts(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    assert detect(text).name == "phpbb-text"
    return phpbb.parse(text)[0].posts


def test_russian_byline_without_a_by_word() -> None:
    posts = _posts(RU)
    assert [p.author for p in posts] == ["Тихон Лужин", "Фрол", "Тихон Лужин", "Агафья"]
    stamps = [p.timestamp.strftime("%d %H:%M") for p in posts]
    assert stamps == ["05 18:42", "05 20:15", "06 07:05", "07 11:30"]
    assert posts[1].quote_sources == ["Тихон Лужин"]
    assert posts[1].quoted == ["Труба четыре метра, кирпичная, задвижка открыта."]
    assert posts[1].body == "Прогрейте трубу скомканной газетой перед растопкой, тяга появится сразу."
    assert posts[3].body == "У нас помог дефлектор на трубе, ветер больше не задувает."
    assert phpbb.parse(RU.read_text(encoding="utf-8"))[0].page == (1, 1)


def test_french_profile_quote_label_and_footer_are_not_post_text() -> None:
    posts = _posts(FR)
    assert [p.author for p in posts] == ["Clémence_R", "Anatole P.", "Clémence_R"]
    assert posts[0].body.endswith("tous les deux jours au pied.")  # not the next profile
    assert posts[1].body == (
        "C’est justement l’arrosage irrégulier : paillez épais et arrosez moins souvent mais plus longtemps."
    )
    assert posts[2].body == "Paillage posé ce matin, merci du conseil."


@pytest.mark.parametrize(
    "line",
    [
        "Сообщение Тихон Лужин » 05 мар 2013, 18:42",
        "Непрочитанное сообщение Тихон Лужин » 05 мар 2013, 18:42",
        "Повідомлення Тихон Лужин » 05 бер 2013, 18:42",
        "Hozzászólás Szerző: Tihon » 2013.03.05. 18:42",
        "Příspěvek od Tihon » 05 bře 2013 18:42",
        "Message par Tihon » Mar 5 Mar 2013 18:42",
        "Post by Tihon » Tue Mar 05, 2013 6:42 pm",
    ],
)
def test_bylines_of_the_language_packs(line: str) -> None:
    m = phpbb.P3_BYLINE.match(line)
    assert m is not None
    assert m["name"] in {"Тихон Лужин", "Tihon"}


# The corpus phpBB 2 page's labels as phpBB 2's Russian lang_main.php prints them.
RUSSIAN_PHPBB2 = [
    (r"^Posted:", "Добавлено:"),
    (r"Post subject:", "Заголовок сообщения:"),
    (r"^Joined:", "Зарегистрирован:"),
    (r"^Posts:", "Сообщения:"),
    (r"^Location:", "Откуда:"),
    (r"^Back to top$", "Вернуться к началу"),
    (r" wrote:$", " писал(а):"),
]


def test_corpus_phpbb2_page_with_the_russian_pack(corpus: Path) -> None:
    """The real phpBB 2 page copied as text, its labels in Russian: the same posts,
    authors, times and quote sources as the English copy (the Russian header was no
    post header: one post of unknown author)."""
    if not (corpus / PHPBB2_PAGE).is_file():
        pytest.skip(f"{PHPBB2_PAGE} not in the corpus")
    english = render_file(corpus / PHPBB2_PAGE)
    russian = english
    for pattern, label in RUSSIAN_PHPBB2:
        russian = re.sub(pattern, label, russian, flags=re.M)
    assert "Добавлено:" in russian and "Posted:" not in russian
    want = phpbb.parse(english)[0].posts
    got = phpbb.parse(russian)[0].posts
    assert len(got) == len(want) == 15
    assert [(p.author, p.timestamp, p.quote_sources) for p in got] == [
        (p.author, p.timestamp, p.quote_sources) for p in want
    ]
    assert not any("Вернуться к началу" in p.body or "Зарегистрирован" in p.body for p in got)
