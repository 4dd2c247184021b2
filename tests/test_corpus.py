"""Real dumps from the shared corpus (skipped, with the reason, where it is absent)."""

from __future__ import annotations

import pytest

import threads
from threads.formats import detect
from threads.read import read_source


def _by_format(corpus, name: str) -> list:
    found = []
    for path in sorted(
        p for p in corpus.rglob("*") if p.is_file() and p.suffix not in (".md", ".json", ".html")
    ):
        try:
            if detect(read_source(path).text).name == name:
                found.append(path)
        except threads.ThreadsError:
            continue
    return found


def test_movabletype_fixture_two_entries_six_comments(corpus) -> None:
    files = _by_format(corpus, "movabletype")
    if not files:
        pytest.skip(f"no Movable Type export found under {corpus}")
    a = threads.read(files[0])
    assert len(a.threads) == 2
    assert sum(len(t.posts) - 1 for t in a.threads) == 6
