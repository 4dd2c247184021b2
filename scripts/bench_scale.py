"""Corpus throughput: files/s and posts/s with --workers 1, --workers 2 and a Dask local
cluster, over generated dumps (copies of the seeds and fixtures, each with a changed
last sentence so no two files are equal).

    python scripts/bench_scale.py [--files 200] [--dask-workers 2]

Prints a Markdown table for BENCHMARKS.md. The Dask row is left out when Dask is not
installed. Timings are wall-clock for ``threads.corpus.build`` (start-up of the pool or
cluster included), each in a fresh output folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_scale import sample_inputs  # noqa: E402
from threads.corpus import build  # noqa: E402


def generate(folder: Path, n: int) -> None:
    sources = sample_inputs()
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        if src.suffix == ".txt":
            text = text.rstrip("\n") + f" Edit {i}.\n"
        (folder / f"f{i:04d}{src.suffix}").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--dask-workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        generate(folder, args.files)
        runs: list[tuple[str, dict[str, object]]] = [
            ("--workers 1", {"workers": 1}),
            ("--workers 2", {"workers": 2}),
        ]
        try:
            import distributed  # noqa: F401

            runs.append(
                (
                    f"--scheduler local ({args.dask_workers} workers)",
                    {"scheduler": "local", "workers": args.dask_workers},
                )
            )
        except ImportError:
            print("dask not installed: no Dask row", file=sys.stderr)
        build(folder, Path(tmp) / "warm", workers=1)  # imports and caches loaded once
        print(f"{args.files} files, {os.cpu_count()} cores\n")
        print("| run | seconds | files/s | posts/s | speed-up |")
        print("| --- | ---: | ---: | ---: | ---: |")
        base = None
        for n, (label, options) in enumerate(runs):
            started = time.perf_counter()
            run = build(folder, Path(tmp) / f"out{n}", **options)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            base = base or seconds
            print(
                f"| {label} | {seconds:.2f} | {run.inputs / seconds:,.0f} | "
                f"{run.posts / seconds:,.0f} | {base / seconds:.2f}x |"
            )
        print(f"\n{run.posts:,} posts, {run.threads:,} threads per run")


if __name__ == "__main__":
    main()
