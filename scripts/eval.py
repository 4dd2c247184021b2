#!/usr/bin/env python3
"""Quality gate: score parsing and reply attribution against the hand-checked goldens.

    python scripts/eval.py            # table of scores, exit 1 below any floor
    python scripts/eval.py --json     # the same as JSON

Scores, over every golden file in ``tests/golden/`` (see its README):

- ``format``: share of inputs whose detected dialect is the golden one;
- ``segmentation``: share of inputs whose thread and post counts match exactly;
- ``author`` / ``timestamp``: share of golden posts whose author / timestamp match;
- ``parent``: share of posts with a golden parent that got it (a list: any of them);
- ``evidence``: share of posts with a golden evidence whose parent link carries it;
- ``targets``: share of golden reply targets found among the post's reply rows.

The floors are the scores of the day they were pinned, so a change that makes any of
them worse fails the suite; raise them when the parser gets better, never lower them
to let a change through.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import threads  # noqa: E402
from threads.model import ThreadsError  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
# Pinned 2026-11-22 on the seeds and the text-dialect fixtures (parent 0.917 that day). Parent accuracy is the
# share of hand-labelled parents found; the misses are links no marker shows (the
# reply-inference issue). Parent raised to 0.97 with the ``similar`` step (0.975 that day,
# 0.966 without it).
FLOORS: dict[str, float] = {
    "format": 1.0,
    "segmentation": 1.0,
    "author": 1.0,
    "timestamp": 1.0,
    "parent": 0.97,
    "evidence": 1.0,
    "targets": 1.0,
}


def corpus_dir() -> Path | None:
    """The shared corpus, if present: ``$THREADS_CORPUS`` or ``../shared/corpus``."""
    env = os.environ.get("THREADS_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def golden_files() -> list[Path]:
    return sorted(GOLDEN.rglob("*.json"))


def resolve_input(spec: str) -> Path | None:
    """The input a golden names; ``None`` for a corpus file when the corpus is absent."""
    if spec.startswith("corpus:"):
        base = corpus_dir()
        return base / spec.removeprefix("corpus:") if base else None
    return ROOT / spec


def _parent_ok(expected: int | list[int], got: int | None) -> bool:
    return got in expected if isinstance(expected, list) else got == expected


def score_file(path: Path) -> dict[str, list[bool]] | None:
    """Per-metric outcomes for one golden file; ``None`` when its input is absent."""
    golden = json.loads(path.read_text(encoding="utf-8"))
    source = resolve_input(golden["input"])
    if source is None:
        return None
    results: dict[str, list[bool]] = defaultdict(list)
    try:
        analysis = threads.read(source)
    except ThreadsError:
        for key in FLOORS:
            results[key].append(False)
        return results
    got_threads = analysis.threads
    results["format"].append(all(t.source_format == golden["format"] for t in got_threads))
    want_threads = golden["threads"]
    results["segmentation"].append(
        len(got_threads) == len(want_threads)
        and all(len(g.posts) == len(w["posts"]) for g, w in zip(got_threads, want_threads, strict=False))
    )
    for got, want in zip(got_threads, want_threads, strict=False):
        rows = defaultdict(dict)
        for r in got.replies:
            rows[r.post_id][r.target_id] = r.evidence
        for wp in want["posts"]:
            pid = wp["post_id"]
            gp = got.posts[pid] if pid < len(got.posts) else None
            results["author"].append(gp is not None and gp.author == wp["author"])
            ts = gp.timestamp.strftime("%Y-%m-%dT%H:%M:%S") if gp is not None and gp.timestamp else None
            results["timestamp"].append(gp is not None and ts == wp["timestamp"])
            if "parent_id" in wp:
                results["parent"].append(gp is not None and _parent_ok(wp["parent_id"], gp.parent_id))
            if "evidence" in wp:
                results["evidence"].append(gp is not None and gp.reply_evidence == wp["evidence"])
            for target in wp.get("targets", []):
                results["targets"].append(target in rows.get(pid, {}))
    return results


def evaluate() -> dict[str, object]:
    """Scores per file and overall, and which floors failed."""
    per_file: dict[str, dict[str, float]] = {}
    total: dict[str, list[bool]] = defaultdict(list)
    skipped: list[str] = []
    for path in golden_files():
        res = score_file(path)
        name = str(path.relative_to(GOLDEN))
        if res is None:
            skipped.append(name)
            continue
        per_file[name] = {k: sum(v) / len(v) for k, v in res.items() if v}
        for k, v in res.items():
            total[k].extend(v)
    overall = {k: round(sum(v) / len(v), 4) for k, v in total.items() if v}
    failed = {k: (overall[k], floor) for k, floor in FLOORS.items() if k in overall and overall[k] < floor}
    return {
        "overall": overall,
        "counts": {k: len(v) for k, v in total.items()},
        "per_file": per_file,
        "skipped": skipped,
        "failed": failed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = evaluate()
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{'file':60} " + " ".join(f"{k:>9}" for k in FLOORS))
        for name, scores in result["per_file"].items():  # type: ignore[union-attr]
            cells = " ".join(f"{scores[k]:9.2f}" if k in scores else f"{'-':>9}" for k in FLOORS)
            print(f"{name:60} {cells}")
        overall = result["overall"]
        counts = result["counts"]
        print(f"{'overall':60} " + " ".join(f"{overall.get(k, float('nan')):9.3f}" for k in FLOORS))  # type: ignore[union-attr]
        print(f"{'n':60} " + " ".join(f"{counts.get(k, 0):9d}" for k in FLOORS))  # type: ignore[union-attr]
        print(f"{'floor':60} " + " ".join(f"{FLOORS[k]:9.3f}" for k in FLOORS))
        for name in result["skipped"]:  # type: ignore[union-attr]
            print(f"skipped {name}: its corpus input is absent (set THREADS_CORPUS)")
    for metric, (got, floor) in result["failed"].items():  # type: ignore[union-attr]
        print(f"FAIL {metric}: {got:.3f} < floor {floor:.3f}", file=sys.stderr)
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
