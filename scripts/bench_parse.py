#!/usr/bin/env python3
"""Benchmark the core pipeline per stage on synthetic Typepad-text dumps.

    python scripts/bench_parse.py                 # 1k and 10k posts
    python scripts/bench_parse.py 1000 10000 100000

Each size runs in a fresh subprocess (so peak RSS is that size's own). Dumps are made
from seed 004's comments, shuffled, with random authors and ~10% "@name" markers, so
quote matching and reply inference see realistic text. Prints a Markdown table for
BENCHMARKS.md: time per stage, posts/s, MB/s and peak RSS.

``scripts/bench.py`` is the full benchmark (every stage, the naive baseline, Reddit
NDJSON, the reply scaling check); this script is the quick look at parsing and analysis
on the original seed-004 dumps, kept so that figures stay comparable with earlier runs.
"""

from __future__ import annotations

import json
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_c3b9a48d73eaee79.txt"


def make_dump(n: int, path: Path, seed: int = 1) -> None:
    """A Typepad-text dump of ``n`` comments built from seed 004's comments."""
    rng = random.Random(seed)
    blocks = [
        b.strip() for b in re.split(r"^Posted by: .*$", SEED.read_text(encoding="utf-8"), flags=re.M)[1:]
    ]
    blocks = [b for b in blocks if b]
    authors = [f"user{i}" for i in range(max(50, n // 20))]
    out = ["A synthetic article", "Its text, signed. pl", "Comments"]
    for i in range(n):
        body = rng.choice(blocks)
        if rng.random() < 0.1:
            body = f"@{rng.choice(authors)} {body}"
        out += [body, f"Posted by: {rng.choice(authors)} | 07 June 2016 at {1 + i % 12:02d}:{i % 60:02d} PM"]
    path.write_text("\n".join(out), encoding="utf-8")


def run_one(path: str) -> dict[str, float]:
    """Time each stage on one dump (in this process)."""
    sys.path.insert(0, str(ROOT))
    from threads import formats, quotes, replies, sentiment, signatures, tables
    from threads.model import Post
    from threads.pipeline import analyse_raw
    from threads.read import read_source

    times: dict[str, float] = {}
    t = time.perf_counter()
    source = read_source(path)
    times["read"] = time.perf_counter() - t
    t = time.perf_counter()
    found = formats.detect(source.text)
    raw = found.format.parse(source.text)[0]
    times["detect+parse"] = time.perf_counter() - t

    # quotes + replies without sentiment, then sentiment alone, then the full stage
    real_score, real_later = sentiment.score, sentiment.score_later
    sentiment.score = lambda texts: [sentiment.Score(0, 0, 1, 0, None, True, 0) for _ in texts]
    sentiment.score_later = lambda texts, **_: lambda: sentiment.score(texts)
    t = time.perf_counter()
    thread = analyse_raw(raw, "bench", source, found.name, found.confidence)
    times["quotes+replies"] = time.perf_counter() - t
    sentiment.score, sentiment.score_later = real_score, real_later
    t = time.perf_counter()
    sentiment.score([p.text for p in thread.posts])
    times["sentiment"] = time.perf_counter() - t
    t = time.perf_counter()
    posts = tables.posts_frame([thread])
    reps = tables.replies_frame([thread])
    tables.authors_frame(posts, reps)
    tables.interactions_frame(posts, reps)
    times["tables"] = time.perf_counter() - t
    times["posts"] = len(thread.posts)
    times["mb"] = Path(path).stat().st_size / 1e6
    times["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del quotes, replies, signatures, Post
    return times


def main(sizes: list[int]) -> None:
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    )
    stages = ["read", "detect+parse", "quotes+replies", "sentiment", "tables"]
    print(
        "| posts | MB | "
        + " | ".join(f"{s} s" for s in stages)
        + " | total s | posts/s | MB/s | peak RSS MB |"
    )
    print("|" + "---|" * (len(stages) + 6))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"dump_{n}.txt"
            make_dump(n, path)
            res = subprocess.run(
                [sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=True
            )
            r = json.loads(res.stdout)
            total = sum(r[s] for s in stages)
            cells = " | ".join(f"{r[s]:.2f}" for s in stages)
            print(
                f"| {int(r['posts']):,} | {r['mb']:.1f} | {cells} | {total:.1f} | {r['posts'] / total:,.0f} "
                f"| {r['mb'] / total:.2f} | {r['peak_rss_mb']:,.0f} |"
            )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10000])
