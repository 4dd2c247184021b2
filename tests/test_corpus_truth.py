"""Every real dump of the shared corpus against its hand-checked truth, scored by the
shared scorer (``../shared/eval/score.py``), with the floors of issue 14.

The scorer runs ``python -m threads parse DUMP --to ndjson`` as a user would and compares
post keys (author + minute), parent links and quote links with the truth. Skipped,
saying why, where the shared corpus, its truth or the scorer is absent (a user's clone).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEY_FLOOR = 0.99  # key recall and key precision: posts found, none invented
NESTED_LINK_FLOOR = 0.99  # parent links where the dump has its own reply structure
QUOTE_LINK_FLOOR = 0.9  # a quote box naming a poster of the thread links to that poster

pytestmark = pytest.mark.corpus


def _shared(corpus: Path) -> tuple[Path, Path]:
    truth, scorer = corpus.parent / "truth", corpus.parent / "eval" / "score.py"
    if not truth.is_dir() or not scorer.is_file():
        pytest.skip(f"no truth folder or scorer beside the corpus at {corpus.parent}")
    return truth, scorer


def _dumps() -> list[str]:
    """Names of the corpus dumps that have a truth file (collected without the corpus
    fixture, so that each dump is its own test; a missing corpus skips them at run time)."""
    env = os.environ.get("THREADS_CORPUS")
    corpus = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    truth = corpus.parent / "truth"
    if not truth.is_dir():
        return ["(no shared truth folder)"]
    return sorted(p.name.removesuffix(".json") for p in truth.glob("*.json") if (corpus / p.stem).is_file())


@pytest.mark.parametrize("dump", _dumps())
def test_real_dump_matches_its_truth(corpus: Path, dump: str) -> None:
    truth_dir, scorer = _shared(corpus)
    truth = truth_dir / f"{dump}.json"
    if not truth.is_file():
        pytest.skip(f"no truth file {truth}")
    done = subprocess.run(
        [sys.executable, str(scorer), sys.executable, str(corpus / dump), str(truth)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    score = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in score, score["error"]
    shown = json.dumps(score)
    assert score["key_recall"] >= KEY_FLOOR, shown
    assert score["key_precision"] >= KEY_FLOOR, shown
    if score["truth_deep_links"]:  # the dump has its own reply structure
        assert score["link_recall"] >= NESTED_LINK_FLOOR, shown
        assert score["deep_link_recall"] >= NESTED_LINK_FLOOR, shown
    if score["truth_quote_links"]:
        assert score["quote_link_recall"] >= QUOTE_LINK_FLOOR, shown
