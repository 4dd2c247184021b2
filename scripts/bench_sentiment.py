#!/usr/bin/env python3
"""Benchmark exact fast VADER against vaderSentiment, on one core and on all cores.

    python scripts/bench_sentiment.py              # 20,000 posts
    python scripts/bench_sentiment.py 100000
    python scripts/bench_sentiment.py --threshold  # in-process vs pool by input size

Posts are made from the seed comments (their own text, as ``threads.read`` gives it):
each is 1-15 consecutive sentences from one comment, drawn with a fixed random seed, so
the mix of lengths, quotes, "but", negations and capitals is that of real comments.
Every path's output is checked against vaderSentiment's on every post (exact equality
of neg/neu/pos/compound) before the table, a Markdown table for BENCHMARKS.md, is printed.
"""

from __future__ import annotations

import os
import platform
import random
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import threads  # noqa: E402
from threads import sentiment  # noqa: E402
from threads.vader import polarity  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# Up to this many sentences per post: ~95 words/post on average, the length measured
# for the baseline (vaderSentiment's cost grows faster than linearly with it).
MAX_SENTENCES = 15


def make_posts(n: int, seed: int = 1) -> list[str]:
    """``n`` posts of 1-15 consecutive sentences taken from the seed comments."""
    comments = [t for t in threads.read(ROOT / "seeds").posts["text"].to_list() if t.strip()]
    sentences = [[s for s in _SENTENCE_END.split(c) if s.strip()] for c in comments]
    rng = random.Random(seed)
    posts = []
    for _ in range(n):
        sents = rng.choice(sentences)
        k = rng.randint(1, min(MAX_SENTENCES, len(sents)))
        start = rng.randrange(len(sents) - k + 1)
        posts.append(" ".join(sents[start : start + k]))
    return posts


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds (this process and its finished children) and result.

    CPU time shows what the work costs when other processes compete for the cores (the
    wall-clock ratios then understate the speed-up)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, t = time.process_time(), time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent_by_children = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    cpu = time.process_time() - cpu + spent_by_children
    return wall, cpu, out


def main_table(n: int) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    posts = make_posts(n)
    mb = sum(len(p.encode("utf-8")) for p in posts) / 1e6
    words = sum(len(p.split()) for p in posts) / n
    cores = sentiment.default_workers()
    analyzer = SentimentIntensityAnalyzer()

    def upstream() -> list[tuple[float, float, float, float]]:
        out = []
        for p in posts:
            d = analyzer.polarity_scores(p)
            out.append((d["neg"], d["neu"], d["pos"], d["compound"]))
        return out

    sentiment._identifier()  # load the language model outside the timings
    load = os.getloadavg()[0]
    rows: list[tuple[str, float, float]] = []
    t_up, c_up, expected = timed(upstream)
    rows.append(("vaderSentiment 3.3.2, per post, 1 core", t_up, c_up))
    t, c, one = timed(lambda: [polarity(p) for p in posts])
    rows.append(("threads.vader, 1 core", t, c))
    t, c, pooled = timed(lambda: sentiment.polarities(posts, workers=cores, parallel_min=1))
    rows.append((f"threads.vader, pool of {cores}", t, c))
    t, c, scored_one = timed(lambda: sentiment.score(posts, workers=1))
    rows.append(("sentiment.score (VADER + language), 1 core", t, c))
    t, c, scored_pool = timed(lambda: sentiment.score(posts, workers=cores, parallel_min=1))
    rows.append((f"sentiment.score (VADER + language), pool of {cores}", t, c))

    assert one == expected, "threads.vader differs from vaderSentiment"
    assert pooled == expected, "pooled threads.vader differs from vaderSentiment"
    assert scored_pool == scored_one, "score() differs between the pool and one core"
    assert [(s.negative, s.neutral, s.positive, s.compound) for s in scored_one] == expected

    print(
        f"{n:,} posts ({mb:.1f} MB, {words:.0f} words/post) from the seed comments; "
        f"Python {platform.python_version()}, {cores} cores ({platform.processor() or platform.machine()}), "
        f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after; "
        f"parity with vaderSentiment: {n:,} of {n:,} posts identical (neg, neu, pos, compound)\n"
    )
    print("| path | wall s | posts/s | MB/s | × vaderSentiment | CPU s | × by CPU time |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, t, c in rows:
        speed = f"{n / t:,.0f} | {mb / t:.2f} | {t_up / t:.1f}×"
        print(f"| {name} | {t:.2f} | {speed} | {c:.2f} | {c_up / c:.1f}× |")


def threshold_sweep(sizes: tuple[int, ...] = (100, 200, 500, 1000, 2000, 5000), repeat: int = 3) -> None:
    """Best-of-``repeat`` time in-process vs in the pool, to place the thresholds."""
    posts = make_posts(max(sizes))
    sentiment._identifier()
    print("| posts | score in-process ms | score pool ms | polarities in-process ms | polarities pool ms |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        xs = posts[:n]
        cells = []
        for fn in (sentiment.score, sentiment.polarities):
            for workers in (1, sentiment.default_workers()):
                best = min(
                    timed(lambda fn=fn, xs=xs, workers=workers: fn(xs, workers=workers, parallel_min=1))[0]
                    for _ in range(repeat)
                )
                cells.append(f"{best * 1e3:.0f}")
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--threshold":
        threshold_sweep()
    else:
        main_table(int(args[0]) if args else 20_000)
