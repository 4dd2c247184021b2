"""Shared test fixtures: paths from this file (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import threads

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_004 = SEEDS / "004_c3b9a48d73eaee79.txt"
ARTICLE_SEEDS = sorted(p for p in SEEDS.glob("00[0-3]_*.txt"))


@pytest.fixture(scope="session")
def seed004() -> threads.Analysis:
    return threads.read(SEED_004)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real dumps; skipped (visibly) on a clone without it."""
    env = os.environ.get("THREADS_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path} (set THREADS_CORPUS to run corpus tests)")
    return path
