"""similar.Trees: the committed boosted trees evaluated with numpy, level by level.

Parity: the numpy evaluator equals a plain walk down each tree (on the committed model
and on a hand-written ensemble), and LightGBM's own predict on a booster exported by
``scripts/gbm.py`` (skipped, with the reason, when the fitting extra is not installed).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import threads
from tests.conftest import ROOT, SEED_004
from threads import similar
from threads.model import ThreadsError

WIDTH = len(similar.FEATURES)
# Feature values as the features take them: flags, logs of counts and minutes, shares;
# and values on the thresholds themselves (ties go left) come from the trees.
_ROWS = st.lists(
    st.lists(st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 20)), min_size=WIDTH, max_size=WIDTH),
    min_size=1,
    max_size=12,
)

# Two trees by hand: tree 0 splits feature 2 at 0.5, then its right child on feature 0
# at 1.0; tree 1 is a single leaf. Nodes parents first, a right child after its left.
HAND = {
    "feature": [[2, -1, 0, -1, -1], [-1]],
    "threshold": [[0.5, 0.0, 1.0, 0.0, 0.0], [0.0]],
    "left": [[1, -1, 3, -1, -1], [-1]],
    "right": [[2, -1, 4, -1, -1], [-1]],
    "value": [[0.0, -1.0, 0.0, 2.0, 3.0], [0.25]],
}


def walk(spec: dict, row: list[float]) -> float:
    """The reference: each tree walked from its root, one node at a time."""
    total = 0.0
    for t in range(len(spec["feature"])):
        i = 0
        while spec["left"][t][i] >= 0:
            go_left = row[spec["feature"][t][i]] <= spec["threshold"][t][i]
            i = spec["left"][t][i] if go_left else spec["right"][t][i]
        total += spec["value"][t][i]
    return total


def _gbm():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("threads_gbm", ROOT / "scripts" / "gbm.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["threads_gbm"] = module
    spec.loader.exec_module(module)
    return module


def test_a_hand_written_ensemble_scores_as_drawn() -> None:
    trees = similar.Trees(HAND)
    assert trees.depth == 2
    rows = np.zeros((4, WIDTH))
    rows[1, 2] = 0.5  # on the threshold: left
    rows[2, 2], rows[2, 0] = 0.6, 1.0  # right, then left
    rows[3, 2], rows[3, 0] = 0.6, 1.5  # right, right
    assert trees.scores(rows).tolist() == [-0.75, -0.75, 2.25, 3.25]


def test_a_right_child_must_follow_its_left_one() -> None:
    bad = copy.deepcopy(HAND)
    bad["right"][0][0] = 1
    with pytest.raises(ValueError):
        similar.Trees(bad)


@settings(max_examples=150, deadline=None)
@given(_ROWS)
def test_the_committed_trees_equal_a_walk_down_each_tree(rows: list[list[float]]) -> None:
    model = similar.load()
    for mode in similar.MODES:
        spec = model.modes[mode]["trees"]
        got = model.ensembles[mode].scores(rows)
        assert got == pytest.approx([walk(spec, row) for row in rows], abs=1e-9)  # type: ignore[arg-type]
        probs = model.probabilities(rows, mode)
        assert sum(probs) == pytest.approx(1.0)
        assert max(range(len(rows)), key=probs.__getitem__) == int(np.argmax(got))


def test_the_committed_model_is_trees_for_every_mode() -> None:
    model = similar.load()
    for mode in similar.MODES:
        trees = model.ensembles[mode]
        assert 0 < trees.depth <= 4 and len(trees.roots) <= 100  # the small models shipped
        assert trees.feature.max() < WIDTH


def test_the_committed_trees_equal_a_walk_on_a_real_thread(corpus) -> None:  # type: ignore[no-untyped-def]
    """Feature rows of a real flat dump (not only hypothesis' values) score the same."""
    path = corpus / "typepad_acephalous_best-introduction-part-ii.html"
    if not path.exists():
        pytest.skip(f"{path.name} not in the corpus")
    posts: list = []
    real_infer = similar.infer

    def capture(p, edges, raws=None):  # type: ignore[no-untyped-def]
        posts.extend(p)
        return real_infer(p, edges, raws)

    similar.infer = capture  # type: ignore[assignment]
    try:
        threads.read(path)
    finally:
        similar.infer = real_infer  # type: ignore[assignment]
    mode, examples = similar.features(posts)
    model = similar.load()
    spec = model.modes[mode]["trees"]
    assert len(examples) > 10
    for _, _, rows in examples:
        assert model.ensembles[mode].scores(rows) == pytest.approx([walk(spec, r) for r in rows], abs=1e-9)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_the_numpy_trees_equal_lightgbm_predict(rows: list[list[float]]) -> None:
    booster = _fitted()
    spec = _gbm().export(booster)
    x = np.array(rows)
    assert similar.Trees(spec).scores(x) == pytest.approx(booster.predict(x), abs=1e-9)


_BOOSTER: list = []


def _fitted():  # type: ignore[no-untyped-def]
    """A booster fitted by scripts/gbm.py on a synthetic softmax task (once)."""
    pytest.importorskip("lightgbm", reason="the fitting extra (pip install -e '.[fit]') is not installed")
    if not _BOOSTER:
        rng = np.random.default_rng(7)
        examples = []
        for _ in range(400):
            n = int(rng.integers(2, 8))
            X = np.where(rng.random((n, WIDTH)) < 0.3, rng.random((n, WIDTH)) * 10, 0.0)
            X[:, 0] = np.arange(n) == 0
            examples.append({"X": X, "y": [int(np.argmax(X[:, 3] - X[:, 8]))]})
        setting = {"num_iterations": 20, "num_leaves": 7, "max_depth": 3, "learning_rate": 0.1}
        _BOOSTER.append(_gbm().fit(examples, dict(setting, min_data_in_leaf=20)))
    return _BOOSTER[0]


def test_inference_never_imports_the_learner() -> None:
    """LightGBM is a fitting-time dependency: reading a dump with inference loads none."""
    code = (
        "import sys, threads; threads.read(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('lightgbm', 'sklearn')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEED_004)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_broken_tree_in_the_model_file_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(similar.MODEL_FILE.read_text(encoding="utf-8"))
    trees = data["modes"]["time"]["trees"]
    trees["left"][0][0], trees["right"][0][0] = 10_000, 10_001  # children past the tree's end
    bad = tmp_path / "similar.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ThreadsError) as err:
        similar.load(bad)
    assert str(bad) in str(err.value)
