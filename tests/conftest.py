"""Shared test fixtures: paths from this file (never the working directory)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import threads

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_004 = SEEDS / "004_c3b9a48d73eaee79.txt"
ARTICLE_SEEDS = sorted(p for p in SEEDS.glob("00[0-3]_*.txt"))
Analysed = Callable[[Path], list[threads.Thread]]  # the ``analysed`` fixture


@pytest.fixture(scope="session")
def seed004() -> threads.Analysis:
    return threads.read(SEED_004)


@pytest.fixture(scope="session")
def analysed() -> Analysed:
    """``pipeline.analyse_source(read_source(path))``, computed once per path for the
    whole session: the parity tests compare it, for every fixture and corpus dump, with
    the same analysis run on their references (tests/test_parity_*.py), and each module
    ran it again (the corpus alone took ~15 s a time). Call it outside any patch, and
    only read what it returns: the threads are shared."""
    from threads import pipeline
    from threads.read import read_source

    done: dict[Path, list[threads.Thread]] = {}

    def analyse(path: Path) -> list[threads.Thread]:
        if path not in done:
            done[path] = pipeline.analyse_source(read_source(path))
        return done[path]

    return analyse


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real dumps; skipped (visibly) on a clone without it."""
    env = os.environ.get("THREADS_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path} (set THREADS_CORPUS to run corpus tests)")
    return path
