"""Every real dump of the shared corpus against its hand-checked truth, scored by the
shared scorer (``../shared/eval/score.py``), with the floors of issue 14.

The scorer runs ``python -m threads parse DUMP --to ndjson`` and compares post keys
(author + minute), parent links and quote links with the truth. Here the scorer is loaded
in this process and its command runs through the CLI's own entry point, in this process
too (the same arguments, exit code and output files): as two new interpreters a dump,
importing threads again for each, they took ~4 s a dump, most of it start-up (the CLI in
real processes is tests/test_cli.py's and tests/test_reliability.py's). Skipped, saying
why, where the shared corpus, its truth or the scorer is absent (a user's clone).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from typer.testing import CliRunner

from threads.cli import app

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


@cache
def _scorer(path: Path) -> ModuleType:
    """The shared scorer as a module (loaded from where it is, never copied)."""
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_here(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
    """The scorer's ``PYTHON -m threads parse ...`` run by the CLI app in this process."""
    assert cmd[1:4] == ["-m", "threads", "parse"], cmd
    res = CliRunner().invoke(app, cmd[3:])
    crash = "" if res.exception is None or isinstance(res.exception, SystemExit) else repr(res.exception)
    return subprocess.CompletedProcess(cmd, res.exit_code, res.output, crash)


@pytest.mark.parametrize("dump", _dumps())
def test_real_dump_matches_its_truth(
    corpus: Path,
    dump: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    truth_dir, scorer = _shared(corpus)
    truth = truth_dir / f"{dump}.json"
    if not truth.is_file():
        pytest.skip(f"no truth file {truth}")
    score_module = _scorer(scorer)
    monkeypatch.setattr(score_module, "subprocess", SimpleNamespace(run=_run_here))
    # The scorer leaves its parse's folder in the system's temp folder: make it in this
    # test's own (pytest removes it), else every suite run left ~18 folders in /tmp.
    monkeypatch.setattr(
        score_module, "tempfile", SimpleNamespace(mkdtemp=lambda **kw: tempfile.mkdtemp(dir=tmp_path, **kw))
    )
    monkeypatch.setattr(sys, "argv", [str(scorer), sys.executable, str(corpus / dump), str(truth)])
    capsys.readouterr()
    returncode = score_module.main()
    printed = capsys.readouterr().out
    assert returncode == 0, printed
    score = json.loads(printed.strip().splitlines()[-1])
    assert "error" not in score, score["error"]
    shown = json.dumps(score)
    assert score["key_recall"] >= KEY_FLOOR, shown
    assert score["key_precision"] >= KEY_FLOOR, shown
    if score["truth_deep_links"]:  # the dump has its own reply structure
        assert score["link_recall"] >= NESTED_LINK_FLOOR, shown
        assert score["deep_link_recall"] >= NESTED_LINK_FLOOR, shown
    if score["truth_quote_links"]:
        assert score["quote_link_recall"] >= QUOTE_LINK_FLOOR, shown
