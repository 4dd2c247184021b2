"""Gradient-boosted trees with the conditional logit's loss, for ``scripts/fit_similar.py``.

One softmax over each post's candidates (the loss ``fit_similar.fit`` minimises for the
linear model), boosted by LightGBM through a custom objective, and the fitted trees
exported as the node arrays ``threads.similar.Trees`` evaluates with numpy. LightGBM is
a fitting-time dependency only (``pip install -e '.[fit]'``); ``threads`` never imports it.

Held out (``scripts/try_ranker.py``, teacher-forced top-1 on the large Reddit and HN
threads): time order 0.238 (the logit) -> 0.290, depth-first 0.562 -> 0.583.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np

# The small settings scripts/try_ranker.py compares; the shipped ones below were chosen
# by its inner splits of the training folds: threaded order took GRID[3] in 9 of 10 outer
# folds; time order GRID[0] in 4 (GRID[2] 3, GRID[3] 2, GRID[1] 1), and it is the cheapest.
# Depth is capped so the runtime steps down few levels per post (threads.similar.Trees).
GRID: tuple[dict, ...] = (
    {"num_iterations": 50, "num_leaves": 7, "max_depth": 3, "learning_rate": 0.1, "min_data_in_leaf": 50},
    {"num_iterations": 100, "num_leaves": 7, "max_depth": 3, "learning_rate": 0.05, "min_data_in_leaf": 50},
    {"num_iterations": 100, "num_leaves": 15, "max_depth": 4, "learning_rate": 0.05, "min_data_in_leaf": 100},
    {"num_iterations": 100, "num_leaves": 15, "max_depth": 4, "learning_rate": 0.1, "min_data_in_leaf": 20},
)
SETTINGS: dict[str, dict] = {"time": GRID[0], "threaded": GRID[3]}


def stack(examples: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of every example whose true parent is among its candidates (the only ones a
    ranking learns from), the candidates per example, and the 0/1 label per row."""
    usable = [e for e in examples if e["y"] is not None]
    if not usable:
        return np.zeros((0, 0)), np.zeros(0, int), np.zeros(0)
    X = np.vstack([e["X"] for e in usable])
    sizes = np.array([len(e["X"]) for e in usable])
    y = np.concatenate([np.isin(np.arange(len(e["X"])), e["y"][:1]).astype(float) for e in usable])
    return X, sizes, y


def softmax_objective(sizes: np.ndarray) -> Callable:
    """The conditional logit's loss for LightGBM: one softmax over each group of rows
    (gradient p - y, diagonal Hessian p (1 - p))."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(sizes)), sizes)

    def objective(preds: np.ndarray, data: object) -> tuple[np.ndarray, np.ndarray]:
        y = data.get_label()  # type: ignore[attr-defined]
        top = np.maximum.reduceat(preds, starts)
        e = np.exp(preds - top[owner])
        p = e / np.add.reduceat(e, starts)[owner]
        return p - y, np.maximum(p * (1 - p), 1e-6)

    return objective


SMALL = 20  # a leaf holds at least 1/SMALL of the rows when that is less than the setting's


def fit(examples: list[dict], setting: dict) -> object | None:
    """A LightGBM booster fitted with the softmax loss on ``examples`` (None without any
    example to learn from). On few examples (the fixtures alone) leaves may be smaller."""
    import lightgbm as lgb  # the fitting extra only: threads never needs it

    X, sizes, y = stack(examples)
    if not len(y):
        return None
    params = dict(setting, verbose=-1, num_threads=1, seed=1, deterministic=True, feature_pre_filter=False)
    params["min_data_in_leaf"] = min(setting["min_data_in_leaf"], max(1, len(y) // SMALL))
    params.update(objective=softmax_objective(sizes), min_sum_hessian_in_leaf=1e-3)
    return lgb.train(params, lgb.Dataset(X, y, init_score=np.zeros(len(y))))


def export(booster: object | None) -> dict[str, list[list[float]]]:
    """The booster's trees as node arrays per tree (``feature``, ``threshold``, ``left``,
    ``right``, ``value``; a leaf's children are -1), parents before their children, as
    ``threads.similar.Trees`` reads them."""
    out: dict[str, list[list[float]]] = {k: [] for k in ("feature", "threshold", "left", "right", "value")}
    for info in booster.dump_model()["tree_info"] if booster is not None else []:  # type: ignore[attr-defined]
        nodes: list[dict] = []
        cols: dict[str, list[float]] = {k: [] for k in out}
        todo = [info["tree_structure"]]
        while todo:  # breadth first: a node's index is fixed before its children's
            node = todo.pop(0)
            nodes.append(node)
            leaf = "leaf_value" in node
            if not leaf and (node["decision_type"] != "<=" or node["missing_type"] == "NaN"):
                raise ValueError(f"a split threads.similar.Trees cannot evaluate: {node['decision_type']}")
            kids = [] if leaf else [node["left_child"], node["right_child"]]
            first = len(nodes) + len(todo)
            cols["feature"].append(-1 if leaf else node["split_feature"])
            cols["threshold"].append(0.0 if leaf else node["threshold"])
            cols["left"].append(-1 if leaf else first)
            cols["right"].append(-1 if leaf else first + 1)
            cols["value"].append(node["leaf_value"] if leaf else 0.0)
            todo += kids
        for k, v in cols.items():
            out[k].append(v)
    return out


def dumps(model: dict) -> str:
    """``model`` as JSON, indented, with each tree's node array on one line (the file
    stays readable and its diffs short)."""
    arrays: dict[str, str] = {}

    def compact(value: object) -> object:
        if isinstance(value, dict):
            return {k: compact(v) for k, v in value.items()}
        if isinstance(value, list) and value and isinstance(value[0], list):
            return [compact(v) for v in value]
        if isinstance(value, list) and value and isinstance(value[0], (int, float)):
            key = f"@@{len(arrays)}@@"
            arrays[key] = json.dumps(value, separators=(",", ":"))
            return key
        return value

    text = json.dumps(compact(model), indent=1)
    for key, array in arrays.items():
        text = text.replace(f'"{key}"', array)
    return text + "\n"
