#!/usr/bin/env python3
"""Issue 15's experiment: does a tree ranker pick the parent better than the conditional logit?

    python scripts/try_ranker.py              # reads the cases cached in /tmp (or collects them)
    python scripts/try_ranker.py --recollect  # collect again (minutes) and refresh the cache

Needs the fitting extra (``pip install -e '.[fit]'``: LightGBM); ``threads`` itself never
imports it. The data are ``fit_similar.collect()``'s teacher-forced examples (each post
the markers leave on the root: its candidates, their :data:`threads.similar.FEATURES`,
the true tree as context) and the folds are ``fit_similar.held_out``'s (threads dealt
into ``FOLDS`` by group, both orders of a thread in one fold; the golden seeds train
only). Every fold is scored by models fitted without it, per mode (time / threaded):

- ``logit``: ``fit_similar.fit``, the conditional logit that ships;
- ``gbm-softmax``: gradient-boosted trees with the conditional logit's own loss (one
  softmax over a post's candidates, a custom LightGBM objective: ``scripts/gbm.py``,
  what ships);
- ``lambdarank``: LightGBM's lambdarank, a query being one post's candidates (scores
  turned into probabilities by a softmax, for the "sure" column only);
- ``binary``: a binary GBM over candidates, the post's argmax.

Hyper-parameters of each tree learner (a few small settings, :data:`GRID`) are chosen
per outer fold and mode on the training folds only (an inner split of them by fold).
Columns: posts scored; top-1 accuracy (the true parent is the best candidate; a post
whose true parent is not among its candidates counts as wrong); "sure": the share of
posts whose best candidate has probability >= :data:`SURE` and is right, and how often
those sure guesses are right. Rows: all threads, and the large Reddit and HN threads
(``fit_similar.LARGE`` comments or more) together, as in EVALUATION.md.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_similar
import gbm

from threads import similar

CACHE = Path("/tmp/threads_try_ranker_cases.pkl")  # collect() takes minutes
SURE = 0.8  # the calibration bar's confidence
INNER = 3  # inner splits of the training folds, to choose hyper-parameters
GRID = gbm.GRID  # small models only (the runtime evaluates them once per post)
GAP = similar.FEATURES.index("gap")
ROOT = similar.FEATURES.index("root")


def load_cases(recollect: bool) -> tuple[list, list]:
    """The flat cases and the golden ones, from the cache when there is one."""
    if CACHE.exists() and not recollect:
        cases, goldens, _ = pickle.loads(CACHE.read_bytes())
        return cases, goldens
    got = fit_similar.collect()
    CACHE.write_bytes(pickle.dumps(got))
    return got[0], got[1]


def folds_of(cases: list) -> dict[str, int]:
    """Each thread group's fold, dealt as ``fit_similar.held_out`` deals them."""
    groups = sorted({c.group for c in cases}, key=lambda g: zlib.crc32(g.encode()))
    return {g: k % fit_similar.FOLDS for k, g in enumerate(groups)}


def large(case: object) -> bool:
    """One of the issue's large Reddit / HN threads."""
    name = Path(case.name).name  # type: ignore[attr-defined]
    return len(case.truth) >= fit_similar.LARGE and name.startswith(fit_similar.ISSUE_SITES)  # type: ignore[attr-defined]


Scorer = Callable[[np.ndarray], np.ndarray]


def fit_logit(examples: list[dict], _: dict | None = None) -> Scorer:
    w = fit_similar.fit(examples)
    return lambda X: X @ w


def fit_gbm(kind: str) -> Callable[[list[dict], dict], Scorer]:
    """A fitter of the tree learner ``kind`` with one setting of :data:`GRID`."""

    def fitter(examples: list[dict], setting: dict) -> Scorer:
        import lightgbm as lgb  # the fitting extra only

        X, sizes, y = gbm.stack(examples)
        params = dict(setting, verbose=-1, num_threads=1, seed=1, deterministic=True)
        if kind == "lambdarank":
            params.update(objective="lambdarank", lambdarank_truncation_level=3, eval_at=[1])
            data = lgb.Dataset(X, y, group=sizes)
        elif kind == "binary":
            params.update(objective="binary")
            data = lgb.Dataset(X, y)
        else:
            params.update(objective=gbm.softmax_objective(sizes), min_sum_hessian_in_leaf=1e-3)
            data = lgb.Dataset(X, y, init_score=np.zeros(len(y)))
        booster = lgb.train(params, data)
        if kind == "binary":  # margins: a softmax of them ranks as the probabilities do
            return lambda Z: booster.predict(Z, raw_score=True)
        return lambda Z: booster.predict(Z)

    return fitter


def probabilities(kind: str, scores: np.ndarray) -> np.ndarray:
    """A post's candidates' probabilities: the binary GBM's own, else a softmax."""
    if kind == "binary":
        return 1 / (1 + np.exp(-scores))
    e = np.exp(scores - scores.max())
    return e / e.sum()


def pick(scores: np.ndarray, X: np.ndarray) -> int:
    """The best candidate; among equal scores (trees tie often) the later post, as
    ``similar.infer`` takes it (the least gap, the root last)."""
    later = -X[:, GAP] - 1e9 * X[:, ROOT]
    return int(np.lexsort((later, scores))[-1])


def score(kind: str, scorer: Scorer, examples: list[dict]) -> tuple[int, int, int, int]:
    """(posts, right, sure and right, sure) of ``scorer`` on ``examples``."""
    n = right = sure_right = sure = 0
    if not examples:
        return 0, 0, 0, 0
    allx = np.vstack([e["X"] for e in examples])
    s_all = scorer(allx)
    at = 0
    for e in examples:
        s = s_all[at : at + len(e["X"])]
        at += len(e["X"])
        best = pick(s, e["X"])
        ok = e["y"] is not None and best in e["y"][:1]
        p = probabilities(kind, s)[best]
        n, right = n + 1, right + ok
        if p >= SURE:
            sure, sure_right = sure + 1, sure_right + ok
    return n, right, sure_right, sure


def choose(kind: str, fitter: Callable, train: list, fold: dict[str, int], mode: str) -> dict:
    """The setting of :data:`GRID` with the best top-1 on an inner split of ``train``."""
    inner = {k: i % INNER for i, k in enumerate(sorted({fold.get(c.group, -1) for c in train}))}
    best, best_acc = GRID[0], -1.0
    for setting in GRID:
        right = total = 0
        for j in range(INNER):
            fit_on = [
                e for c in train if c.mode == mode and inner[fold.get(c.group, -1)] != j for e in c.examples
            ]
            test = [
                e
                for c in train
                if c.mode == mode and inner[fold.get(c.group, -1)] == j and c.group != "golden"
                for e in c.examples
            ]
            if not test:
                continue
            n, r, _, _ = score(kind, fitter(fit_on, setting), test)
            right, total = right + r, total + n
        acc = right / total if total else 0.0
        if acc > best_acc:
            best, best_acc = setting, acc
    return best


# The rows: every thread, and the large Reddit / HN threads in each order of flattening
# (a dump's mode is read from its text: a depth-first dump may read as time order).
SUBSETS: tuple[tuple[str, Callable], ...] = (
    ("all", lambda c: True),
    ("large, time order", lambda c: large(c) and c.order == "time"),
    ("large, depth order", lambda c: large(c) and c.order == "depth"),
)
LEARNERS: dict[str, Callable] = {
    "logit": fit_logit,
    "gbm-softmax": fit_gbm("softmax"),
    "lambdarank": fit_gbm("lambdarank"),
    "binary": fit_gbm("binary"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recollect", action="store_true", help="collect the cases again")
    parser.add_argument("--learners", default=",".join(LEARNERS), help="comma-separated")
    args = parser.parse_args(argv)
    cases, goldens = load_cases(args.recollect)
    fold = folds_of(cases)
    names = args.learners.split(",")
    # totals[(learner, mode, subset)] = [posts, right, sure and right, sure]
    totals: dict[tuple[str, str, str], list[int]] = {}
    chosen: dict[str, list[str]] = {n: [] for n in names}
    for k in range(fit_similar.FOLDS):
        train = [c for c in cases if fold[c.group] != k] + goldens
        test = [c for c in cases if fold[c.group] == k]
        for mode in similar.MODES:
            examples = [e for c in train if c.mode == mode for e in c.examples]
            for name in names:
                setting = None
                if name != "logit":
                    setting = choose(name, LEARNERS[name], train, fold, mode)
                    chosen[name].append(f"{mode}:{GRID.index(setting)}")
                scorer = LEARNERS[name](examples, setting)
                for subset, keep in SUBSETS:
                    got = score(
                        name, scorer, [e for c in test if c.mode == mode and keep(c) for e in c.examples]
                    )
                    acc = totals.setdefault((name, mode, subset), [0, 0, 0, 0])
                    for i, v in enumerate(got):
                        acc[i] += v
        print(f"fold {k} done", file=sys.stderr, flush=True)
    print("| learner | mode | threads | posts | top-1 | sure & right (share) | sure precision |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for mode in similar.MODES:
        for subset, _ in SUBSETS:
            for name in names:
                n, r, sr, s = totals[(name, mode, subset)]
                prec = f"{sr / s:.3f} of {s}" if s else "-"
                cells = f"{n} | {r / max(n, 1):.3f} | {sr / max(n, 1):.3f} | {prec}"
                print(f"| {name} | {mode} | {subset} | {cells} |")
    for name, picks in chosen.items():
        if picks:
            print(f"{name}: settings chosen (mode:GRID index) {' '.join(picks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
