"""Real site pages copied as text: saved HTML pages of the corpus rendered as a browser's
Select All + Copy gives them (tests/textcopy.py), read by the site text dialects, against
the HTML reader's own parse of the same page. Skipped (visibly) without the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.textcopy import render_file
from threads.formats import REGISTRY, detect
from threads.read import read_source

# corpus page (under train/) -> (text dialect its copy must be read as, HTML dialect)
PAGES: dict[str, tuple[str, str]] = {
    "train/hn-html_news-ycombinator_4992617_who-is-hiring-2013-01.html": (
        "hackernews-text",
        "hackernews-html",
    ),
}


def _page(corpus: Path, name: str) -> Path:
    path = corpus / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus")
    return path


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_copy_reads_as_the_html_does(corpus: Path, name: str) -> None:
    path = _page(corpus, name)
    dialect, html = PAGES[name]
    text = render_file(path)
    found = detect(text)
    assert found.name == dialect and found.confidence >= 0.6
    got = REGISTRY[dialect].parse(text)[0]
    want = REGISTRY[html].parse(read_source(path).text)[0]
    assert len(got.posts) == len(want.posts)
    assert [p.author for p in got.posts] == [p.author for p in want.posts]
    assert got.title == want.title
    # The words are the same, up to the blank lines a copy puts between paragraphs.
    for a, b in zip(got.posts[1:], want.posts[1:], strict=True):
        assert a.body.split() == b.body.split(), a.author


def test_hn_2013_copy_says_its_times_are_unknown(corpus: Path) -> None:
    path = _page(corpus, "train/hn-html_news-ycombinator_4992617_who-is-hiring-2013-01.html")
    thread = REGISTRY["hackernews-text"].parse(render_file(path))[0]
    assert all(p.timestamp is None for p in thread.posts)
    assert any("relative" in w for w in thread.warnings)
    # 2013 headers ("NAME 1 day ago | link") prove no parent: none is made up.
    assert all(p.parent_source_id is None for p in thread.posts[1:])
    # The footer ("Lists | RSS | ... | Apply | Library", "Search:") is not in the last post.
    assert "Search:" not in thread.posts[-1].body and "Bookmarklet" not in thread.posts[-1].body
