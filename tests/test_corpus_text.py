"""Real pages copied as text: the corpus's saved HTML pages rendered as a browser's
Select All + Copy gives them (tests/textcopy.py), read by the text dialects, against the
hand-checked truth. Skipped (visibly) without the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.textcopy import render_file
from threads.formats import REGISTRY, detect

# corpus page -> (text dialect its copy must be read as, how much of a time the page prints)
PAGES: dict[str, tuple[str, str]] = {
    "xenforo_villagersandheroes_patchnotes.html": ("xenforo-text", "day"),  # XenForo 2 prints dates only
    "typepad_acephalous_best-introduction-part-ii.html": ("typepad-text", "minute"),
    "wordpress_lemire-me_json-parsing.html": ("wordpress-text", "minute"),
}


def _truth(corpus: Path, name: str) -> list[dict]:
    path = corpus.parent / "truth" / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"no truth for {name}")
    return json.loads(path.read_text(encoding="utf-8"))["threads"][0]["posts"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_copy_of_a_real_page(corpus: Path, name: str) -> None:
    if not (corpus / name).is_file():
        pytest.skip(f"{name} not in the corpus")
    dialect, precision = PAGES[name]
    text = render_file(corpus / name)
    assert detect(text).name == dialect
    thread = REGISTRY[dialect].parse(text)[0]
    truth = _truth(corpus, name)
    assert len(thread.posts) == len(truth)
    width = {"day": 10, "minute": 16}[precision]
    for got, want in list(zip(thread.posts, truth, strict=True))[1:]:  # comments; post 0 below
        assert got.author == want["author"], (got.author, want)
        stamp = got.timestamp.strftime("%Y-%m-%dT%H:%M") if got.timestamp else None
        assert (stamp or "")[:width] == (want["timestamp"] or "")[:width], (got.author, stamp, want)
    if truth[0]["author"] and dialect == "xenforo-text":
        assert thread.posts[0].author == truth[0]["author"]  # forums: post 0 is a post
    # Nothing after the last comment became a post, and no chrome is in its text.
    assert thread.posts[-1].author == truth[-1]["author"]
    for chrome in ("Powered by", "Scroll To Top", "Leave a Reply", "comments to this entry are closed"):
        assert chrome not in thread.posts[-1].body


def test_xenforo_copy_keeps_named_quotes(corpus: Path) -> None:
    name = "xenforo_villagersandheroes_patchnotes.html"
    if not (corpus / name).is_file():
        pytest.skip(f"{name} not in the corpus")
    thread = REGISTRY["xenforo-text"].parse(render_file(corpus / name))[0]
    truth = _truth(corpus, name)
    assert [p.quote_sources for p in thread.posts] == [t["quotes"] for t in truth]
    assert all("Click to expand" not in p.body and "said:" not in p.body for p in thread.posts)
