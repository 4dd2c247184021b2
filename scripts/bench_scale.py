#!/usr/bin/env python3
"""Scale-out benchmark: a corpus of many files, and one big NDJSON dump read in pieces.

    python scripts/bench_scale.py --quick    # small sizes, a few minutes: checks it all works
    python scripts/bench_scale.py            # 2,000 files / 1M posts; NDJSON 100k -> 1M posts

Prints Markdown tables for BENCHMARKS.md:

1. **Corpus**: ``--files`` Typepad-text dumps of ``--posts-per-file`` posts each (made
   by ``scripts/bench.py``'s generator from the seed comments, a different seed per
   file) through ``threads.corpus.build`` (what ``threads parse DIR --out OUT`` does)
   with ``--workers 1``, ``--workers 2`` and ``--scheduler local`` (a Dask local cluster
   of 2 worker processes); time and speed-up against ``--workers 1``.
2. **Doubling**: the same with ``--workers 2`` on a quarter, half and all of the files:
   peak memory should stay flat (each worker holds one input at a time).
3. **One big NDJSON dump** (many submissions, ~``--per-thread`` comments each,
   interleaved in time order as in Pushshift dumps) read in pieces of ``--chunk-mb``
   on 2 workers, at each ``--ndjson`` size; memory should stay flat, bounded by a piece
   and a group of threads. Sizes up to ``--whole-up-to`` are also read whole, in one
   process, for comparison.

Each run is a fresh subprocess (imports not timed). "CPU s" is the user + system time
of the run's process and its children (sampled: a worker that exits between samples
loses up to 50 ms), which says what a run costs even when other work shares the
machine and its wall-clock time is noisy. Memory: "tree" is the peak of the
summed RSS of the run's process and all its children (Dask nanny and workers included),
sampled every 50 ms with psutil (pages shared between forked processes are counted in
each: an upper bound); "main" is the run process's own ``ru_maxrss``; "worker" the
largest sampled RSS of any one child process (a pool or Dask worker, the fork server,
Dask's scheduler or nanny).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import _machine, make_posts, make_typepad  # noqa: E402

FULL = {"files": 2000, "per_file": 500, "ndjson": [100_000, 200_000, 500_000, 1_000_000], "whole": 200_000}
QUICK = {"files": 60, "per_file": 100, "ndjson": [10_000, 20_000, 40_000], "whole": 40_000}
SAMPLE_SECONDS = 0.05


# ---------------------------------------------------------------- inputs
def make_corpus(folder: Path, files: int, per_file: int) -> None:
    """``files`` Typepad-text dumps of ``per_file`` posts, each from its own seed."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        make_typepad(per_file, folder / f"t{i:05d}.txt", seed=i + 1)


def make_ndjson_threads(n: int, path: Path, per_thread: int, seed: int = 1) -> None:
    """A Reddit NDJSON dump of ``n`` comments over ``n / per_thread`` submissions, in time
    order: each comment goes to one of the 8 newest submissions (so threads interleave,
    as in a monthly dump), ~40% of them answering an earlier comment of their thread."""
    rng = random.Random(seed)
    t0 = 1_600_000_000
    subs: list[str] = []
    comments: dict[str, list[str]] = {}
    n_subs = max(1, n // per_thread)
    with path.open("w", encoding="utf-8") as f:
        for i, (author, body) in enumerate(make_posts(n, seed)):
            if len(subs) < n_subs and i * n_subs >= len(subs) * n:
                sid = f"s{len(subs)}"
                subs.append(sid)
                comments[sid] = []
                sub = {"id": sid, "title": f"Submission {sid}", "selftext": "Its text.", "author": "op"}
                f.write(json.dumps(sub | {"created_utc": t0 + 60 * i, "subreddit": "bench"}) + "\n")
            sid = rng.choice(subs[-8:])
            earlier = comments[sid]
            parent = f"t1_{rng.choice(earlier[-50:])}" if earlier and rng.random() < 0.4 else f"t3_{sid}"
            row = {"id": f"c{i}", "link_id": f"t3_{sid}", "parent_id": parent, "body": body, "author": author}
            f.write(json.dumps(row | {"created_utc": t0 + 60 * (i + 1), "subreddit": "bench"}) + "\n")
            earlier.append(f"c{i}")


# ---------------------------------------------------------------- one run (in a subprocess)
def _tree_sampler(peak: dict[str, float], cpu: dict[int, float], stop: threading.Event) -> None:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with distributed
        return
    me = psutil.Process()
    while not stop.is_set():
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
                times = proc.cpu_times()
            except psutil.Error:
                continue
            cpu[proc.pid] = times.user + times.system
            total += rss
            if proc.pid != me.pid:
                peak["worker"] = max(peak["worker"], rss / 2**20)
        peak["tree"] = max(peak["tree"], total / 2**20)
        stop.wait(SAMPLE_SECONDS)


def run_one(inputs: str, out: str, options: dict[str, object]) -> dict[str, float]:
    from threads.corpus import build

    peak = {"tree": 0.0, "worker": 0.0}
    cpu: dict[int, float] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=_tree_sampler, args=(peak, cpu, stop), daemon=True)
    sampler.start()
    started = time.perf_counter()
    run = build([inputs], out, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    mine = resource.getrusage(resource.RUSAGE_SELF)
    cpu[os.getpid()] = mine.ru_utime + mine.ru_stime
    return {
        "cpu_s": sum(cpu.values()),
        "seconds": seconds,
        "posts": run.posts,
        "threads": run.threads,
        "failures": len(run.failures),
        "tree_mb": peak["tree"],
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": peak["worker"],
    }


def _child(inputs: Path, out: Path, options: dict[str, object]) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, __file__, "--one", str(inputs), str(out), json.dumps(options)],
        capture_output=True,
        text=True,
    )
    if res.returncode:
        raise SystemExit(f"run {options} on {inputs} failed:\n{res.stderr[-3000:]}")
    result = json.loads(res.stdout.strip().splitlines()[-1])
    if result["failures"]:
        raise SystemExit(f"run {options} on {inputs}: {result['failures']} inputs failed")
    return result


# ---------------------------------------------------------------- driver
def _has_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _mem(r: dict[str, float]) -> str:
    return f"{r['cpu_s']:,.0f} | {r['tree_mb']:,.0f} | {r['main_mb']:,.0f} | {r['worker_mb']:,.0f}"


def bench_corpus(tmp: Path, files: int, per_file: int, dask: bool) -> None:
    folder = tmp / "corpus"
    started = time.perf_counter()
    make_corpus(folder, files, per_file)
    print(f"(generated {files:,} files in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    runs: list[tuple[str, dict[str, object]]] = [
        ("--workers 1", {"workers": 1}),
        ("--workers 2", {"workers": 2}),
    ]
    if dask:
        runs.append(("--scheduler local (2 workers)", {"scheduler": "local", "workers": 2}))
    else:
        print("dask not installed: no --scheduler local row", file=sys.stderr)
    print(f"### Corpus: {files:,} files of {per_file:,} comments each (Typepad text)\n")
    print("| run | seconds | files/s | posts/s | speed-up | CPU s | peak RSS tree MB | main MB | worker MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = None
    for n, (label, options) in enumerate(runs):
        r = _child(folder, tmp / f"out{n}", options)
        base = base or r["seconds"]
        rate = r["posts"] / r["seconds"]
        print(
            f"| {label} | {r['seconds']:.1f} | {files / r['seconds']:,.1f} | {rate:,.0f} "
            f"| {base / r['seconds']:.2f}× | {_mem(r)} |",
            flush=True,
        )
    print("\n### Memory as the corpus doubles (--workers 2)\n")
    print("| files | posts | seconds | posts/s | CPU s | peak RSS tree MB | main MB | worker MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    all_files = sorted(folder.iterdir())
    for share in (4, 2, 1):
        count = files // share
        part = tmp / f"part{count}"
        part.mkdir()
        for f in all_files[:count]:
            (part / f.name).symlink_to(f)
        r = _child(part, tmp / f"dbl{count}", {"workers": 2})
        rate = r["posts"] / r["seconds"]
        print(f"| {count:,} | {r['posts']:,} | {r['seconds']:.1f} | {rate:,.0f} | {_mem(r)} |", flush=True)


def bench_ndjson(tmp: Path, sizes: list[int], per_thread: int, chunk_mb: float, whole_up_to: int) -> None:
    chunk = int(chunk_mb * 2**20)
    print(
        f"\n### One Reddit NDJSON dump, ~{per_thread} comments per submission, read in pieces of "
        f"{chunk_mb:g} MB on 2 workers\n"
    )
    print(
        "| posts | MB | threads | seconds | posts/s | CPU s | peak RSS tree MB | main MB | worker MB "
        "| read whole: seconds | read whole: peak RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        dump = tmp / f"rs_{n}.ndjson"
        make_ndjson_threads(n, dump, per_thread)
        mb = dump.stat().st_size / 1e6
        r = _child(dump, tmp / f"nd{n}", {"workers": 2, "chunk_bytes": chunk})
        whole = "– | –"
        if n <= whole_up_to:
            w = _child(dump, tmp / f"ndw{n}", {"workers": 1, "chunk_bytes": 1 << 50})
            assert w["posts"] == r["posts"], (w, r)
            whole = f"{w['seconds']:.1f} | {w['tree_mb']:,.0f}"
        print(
            f"| {r['posts']:,} | {mb:,.0f} | {r['threads']:,} | {r['seconds']:.1f} | "
            f"{r['posts'] / r['seconds']:,.0f} | {_mem(r)} | {whole} |",
            flush=True,
        )
        dump.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    ap.add_argument("--files", type=int, help="files in the corpus (default 2,000; quick 60)")
    ap.add_argument("--posts-per-file", type=int, help="posts per file (default 500; quick 100)")
    ap.add_argument("--ndjson", type=int, nargs="*", help="posts per NDJSON dump (none: skip)")
    ap.add_argument("--per-thread", type=int, default=100, help="comments per submission in the NDJSON dump")
    ap.add_argument("--chunk-mb", type=float, help="piece size for the NDJSON dump (default 32; quick 2)")
    ap.add_argument("--whole-up-to", type=int, help="largest NDJSON dump also read whole")
    ap.add_argument("--no-dask", action="store_true", help="leave out the Dask local cluster")
    ap.add_argument("--no-corpus", action="store_true", help="only the NDJSON dump")
    args = ap.parse_args()
    preset = QUICK if args.quick else FULL
    files = args.files or int(preset["files"])  # type: ignore[call-overload]
    per_file = args.posts_per_file or int(preset["per_file"])  # type: ignore[call-overload]
    sizes = args.ndjson if args.ndjson is not None else list(preset["ndjson"])  # type: ignore[call-overload]
    chunk_mb = args.chunk_mb or (2.0 if args.quick else 32.0)
    whole_up_to = args.whole_up_to if args.whole_up_to is not None else int(preset["whole"])  # type: ignore[call-overload]
    print(f"machine: {_machine()}\n")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        tmp = Path(name)
        if not args.no_corpus:
            bench_corpus(tmp, files, per_file, _has_dask() and not args.no_dask)
        if sizes:
            bench_ndjson(tmp, sizes, args.per_thread, chunk_mb, whole_up_to)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))))
        sys.exit(0)
    main()
