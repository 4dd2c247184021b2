"""Real forum pages copied as text: the corpus's saved phpBB and vBulletin pages rendered
as a browser's Select All + Copy gives them (tests/textcopy.py), read by the forum text
dialects, against the hand-checked truth. Skipped (visibly) without the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.textcopy import render_file
from threads.formats import REGISTRY, detect

# corpus page -> (text dialect its copy must be read as, page k of n the copy shows)
PAGES: dict[str, tuple[str, tuple[int, int]]] = {
    "phpbb2_oldclassiccar_classic-car-rescue-c5.html": ("phpbb-text", (1, 9)),
    "vbulletin_pocketpc-ch_auslieferung_de.html": ("vbulletin-text", (34, 40)),
}


def _truth(corpus: Path, name: str) -> dict:
    path = corpus.parent / "truth" / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"no truth for {name}")
    return json.loads(path.read_text(encoding="utf-8"))["threads"][0]


def _copy_of(corpus: Path, name: str) -> str:
    if not (corpus / name).is_file():
        pytest.skip(f"{name} not in the corpus")
    return render_file(corpus / name)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_copy_of_a_real_forum_page(corpus: Path, name: str) -> None:
    text = _copy_of(corpus, name)
    dialect, page = PAGES[name]
    assert detect(text).name == dialect
    thread = REGISTRY[dialect].parse(text)[0]
    truth = _truth(corpus, name)
    posts = truth["posts"]
    assert len(thread.posts) == len(posts)
    authors = {p["author"] for p in posts}
    for got, want in zip(thread.posts, posts, strict=True):
        assert got.author == want["author"], (got.author, want)
        stamp = got.timestamp.strftime("%Y-%m-%dT%H:%M") if got.timestamp else None
        assert stamp == want["timestamp"], (got.author, stamp, want)
        # The post's own words start where the truth says (quote boxes taken out). Known
        # limit: vBulletin prints nothing at a quote box's end, and a box quoting someone
        # with no post on the page ends at its first blank line, a guess.
        if any(q not in authors for q in want["quotes"]):
            continue
        own = " ".join(got.body.split())
        assert own.startswith(" ".join(want["text_start"].split())[:20]), (got.author, own[:40], want)
    assert thread.title == truth["title"]
    assert thread.page == page


@pytest.mark.parametrize("name", sorted(PAGES))
def test_real_forum_copy_keeps_named_quotes(corpus: Path, name: str) -> None:
    text = _copy_of(corpus, name)
    thread = REGISTRY[PAGES[name][0]].parse(text)[0]
    truth = _truth(corpus, name)["posts"]
    assert [p.quote_sources for p in thread.posts] == [t["quotes"] for t in truth]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_real_forum_copy_has_no_chrome_in_posts(corpus: Path, name: str) -> None:
    thread = REGISTRY[PAGES[name][0]].parse(_copy_of(corpus, name))[0]
    for post in thread.posts:
        lines = {line.strip() for line in post.body.split("\n")}
        assert not lines & {"Back to top", "0", "Profil", "Private Nachricht", "_________________"}
        for chrome in (
            "Display posts from previous",
            "Seite 34 von 40",
            "Ähnliche Themen",
            "You cannot post",
        ):
            assert chrome not in post.body
