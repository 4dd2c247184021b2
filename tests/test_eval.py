"""The quality gate runs in the suite: every golden scores at or above its floor."""

from __future__ import annotations

import importlib.util
import json

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("threads_eval", ROOT / "scripts" / "eval.py")
assert spec and spec.loader
evaluation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(evaluation)


def test_goldens_exist_and_are_well_formed() -> None:
    files = evaluation.golden_files()
    assert len(files) >= 5
    for path in files:
        g = json.loads(path.read_text(encoding="utf-8"))
        assert {"input", "format", "threads"} <= set(g), path
        for t in g["threads"]:
            assert [p["post_id"] for p in t["posts"]] == list(range(len(t["posts"]))), path


def test_gate_passes_floors() -> None:
    result = evaluation.evaluate()
    assert not result["failed"], result["failed"]
    assert result["counts"]["parent"] >= 22
    assert result["overall"]["author"] == 1.0


def test_gate_fails_on_a_wrong_golden(tmp_path, monkeypatch) -> None:
    """The gate can fail: a golden with a wrong author drops the author score."""
    golden = json.loads((ROOT / "tests/golden/seeds/004_c3b9a48d73eaee79.json").read_text(encoding="utf-8"))
    golden["threads"][0]["posts"][1]["author"] = "Somebody Else"
    (tmp_path / "x.json").write_text(json.dumps(golden), encoding="utf-8")
    monkeypatch.setattr(evaluation, "GOLDEN", tmp_path)
    result = evaluation.evaluate()
    assert "author" in result["failed"]
    assert evaluation.main([]) == 1
