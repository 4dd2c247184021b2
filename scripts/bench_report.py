"""Benchmark the dashboards: page size and render time for synthetic threads.

    python scripts/bench_report.py                 # 100, 10,000 and 100,000 posts
    python scripts/bench_report.py --sizes 100 1000 --authors-ratio 0.2

For each size a synthetic thread is generated (deterministic, seed 7: Zipf-like author
activity, replies mostly to recent posts, all five kinds of evidence, 5 % secondary
links), its page is written with :func:`threads.report.report`, and opened in headless
Chromium (Debian's ``/usr/bin/chromium`` via Playwright) from ``file://`` with the
network blocked. "render" is the time from navigation to the page's ``data-rendered``
mark (all five plots drawn), the best of ``--repeat`` runs. A Markdown table goes to
stdout, ready to paste into BENCHMARKS.md.

    python scripts/bench_report.py --screenshot docs/seed-004.png --sizes

remakes the README's screenshot of the seed 004 page instead (top of the page, 1280 px).

    python scripts/bench_report.py --sizes --dump /work/shared/corpus/disqus-export_tanglei-name-blog_zh.xml

times the whole report of a real dump instead (read first, not timed): its pages, the
CPU seconds of :func:`threads.report.report` and the CPU per page. "build CPU" is the
process's CPU time: on a machine shared with other work, wall time says little.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA, Thread  # noqa: E402
from threads.report import report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # WebGL without a GPU: Chromium's software rasteriser (the large views use WebGL).
    "--enable-unsafe-swiftshader",
]
WORDS = [
    "the",
    "we",
    "they",
    "this",
    "that",
    "war",
    "peace",
    "good",
    "bad",
    "never",
    "always",
    "think",
    "agree",
    "wrong",
    "right",
    "russia",
    "syria",
    "deal",
    "truce",
    "army",
    "city",
    "people",
    "know",
    "said",
    "point",
    "fact",
    "sure",
]
EVIDENCE_MIX = (("root", 0.3), ("explicit", 0.25), ("quote", 0.2), ("mention", 0.1), ("nested", 0.15))


def synthetic(n_posts: int, n_authors: int, seed: int = 7) -> SimpleNamespace:
    """An Analysis-like object (``threads``, ``posts``, ``replies``) for one thread."""
    rng = random.Random(seed)
    thread_id = f"synthetic-{n_posts}"
    cum, total = [], 0.0
    for i in range(n_authors):  # Zipf-like: a few authors write much of the thread
        total += 1 / (i + 1) ** 0.9
        cum.append(total)
    authors = [f"user{i:05d}" for i in range(n_authors)]
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    posts, replies = [], []
    when = start
    kinds = [k for k, _ in EVIDENCE_MIX]
    kind_w = [w for _, w in EVIDENCE_MIX]
    who_of: list[str] = []
    for pid in range(n_posts):
        who = authors[0] if pid == 0 else rng.choices(authors, cum_weights=cum)[0]
        who_of.append(who)
        when += timedelta(seconds=rng.expovariate(1 / 240))
        parent = evidence = conf = None
        if pid:
            evidence = rng.choices(kinds, kind_w)[0]
            parent = 0 if evidence == "root" else max(0, pid - 1 - int(rng.expovariate(1 / 20)))
            evidence = "root" if parent == 0 and evidence != "root" and rng.random() < 0.5 else evidence
            conf = {"root": 0.5, "nested": 1.0, "explicit": 0.85, "quote": 0.95, "mention": 0.6}[evidence]
            replies.append((thread_id, pid, parent, who, who_of[parent], evidence, conf, True, evidence))
            if pid > 2 and rng.random() < 0.05:
                other = rng.randrange(1, pid)
                if other != parent:
                    replies.append((thread_id, pid, other, who, who_of[other], "quote", 0.9, False, "quote"))
        text = " ".join(rng.choices(WORDS, k=rng.randint(5, 60)))
        compound = round(max(-1.0, min(1.0, rng.gauss(0, 0.5))), 4)
        posts.append(
            {
                "thread_id": thread_id,
                "post_id": pid,
                "source_id": None,
                "author": who,
                "timestamp": when,
                "title": None,
                "text": text,
                "quoted": [],
                "signature": None,
                "parent_id": parent,
                "reply_evidence": evidence,
                "reply_confidence": conf,
                "depth": 0,
                "compound": compound,
                "positive": 0.0,
                "neutral": 1.0,
                "negative": 0.0,
                "lang": "en",
                "sentiment_reliable": True,
                "n_words": len(text.split()),
                "placeholder": False,
                "source_format": "synthetic",
                "source_file": f"{thread_id}.txt",
                "line_start": pid,
                "line_end": pid,
            }
        )
    posts_df = pl.DataFrame(posts, schema=POSTS_SCHEMA)
    replies_df = pl.DataFrame(replies, schema=list(REPLIES_SCHEMA.items()), orient="row")
    thread = Thread(
        thread_id=thread_id,
        title=f"Synthetic thread of {n_posts:,} posts",
        source_file=f"{thread_id}.txt",
        source_format="synthetic",
        encoding="utf-8",
        posts=[],
        replies=[],
    )
    return SimpleNamespace(threads=[thread], posts=posts_df, replies=replies_df)


def render_seconds(page: Path, repeat: int) -> float:
    """Best time from navigation to the ``data-rendered`` mark, in seconds."""
    from playwright.sync_api import sync_playwright

    best = float("inf")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                tab = browser.new_page(viewport={"width": 1280, "height": 900})
                tab.route("http*://**", lambda route: route.abort())
                t0 = time.perf_counter()
                tab.goto(page.as_uri(), timeout=600_000)
                tab.wait_for_selector("body[data-rendered]", state="attached", timeout=600_000)
                best = min(best, time.perf_counter() - t0)
                error = tab.get_attribute("body", "data-render-error")
                if error:
                    raise RuntimeError(f"{page.name}: {error}")
                tab.close()
        finally:
            browser.close()
    return best


def screenshot(out: Path) -> None:
    """Render seeds/004 and save the top of its page (header, network, tree) as PNG."""
    from playwright.sync_api import sync_playwright

    import threads

    with tempfile.TemporaryDirectory() as tmp:
        # Read by its path relative to the project, as `threads report seeds/` shows it.
        os.chdir(ROOT)
        report(threads.read("seeds/004_c3b9a48d73eaee79.txt"), tmp)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 1560})
            tab.route("http*://**", lambda route: route.abort())
            tab.goto((Path(tmp) / "004_c3b9a48d73eaee79.html").as_uri())
            tab.wait_for_selector("body[data-rendered]", state="attached", timeout=60_000)
            tab.screenshot(path=str(out))
            browser.close()


def main() -> None:
    """Run the benchmark and print the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 10_000, 100_000])
    ap.add_argument(
        "--authors-ratio",
        type=float,
        default=0.2,
        help="authors per post (0.2: 10,000 posts by 2,000 authors)",
    )
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-browser", action="store_true", help="sizes and build times only")
    ap.add_argument("--screenshot", type=Path, help="write the seed 004 screenshot here")
    ap.add_argument("--dump", type=Path, nargs="*", default=[], help="time the report of these dumps")
    args = ap.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
    for dump in args.dump:
        dump_report(dump)
    if not args.sizes:
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            n_authors = max(5, int(n * args.authors_ratio))
            data = synthetic(n, n_authors)
            out = Path(tmp) / str(n)
            t0, c0 = time.perf_counter(), time.process_time()
            report(data, out)
            build, cpu = time.perf_counter() - t0, time.process_time() - c0
            page = out / f"synthetic-{n}.html"
            size = page.stat().st_size
            render = None if args.no_browser else render_seconds(page, args.repeat)
            rows.append((n, n_authors, size, build, cpu, render))
            print(f"# {n:,} posts done", file=sys.stderr)
    print(
        f"Dashboards on synthetic threads ({platform.machine()}, Python "
        f"{platform.python_version()}, headless Chromium, software WebGL; plotly.js embedded, "
        "4.8 MB of each page):\n"
    )
    print("| posts | authors | page size | build (Python) | build CPU | render (browser) |")
    print("|------:|--------:|----------:|---------------:|----------:|-----------------:|")
    for n, a, size, build, cpu, render in rows:
        shown = "n/a" if render is None else f"{render:.2f} s"
        print(f"| {n:,} | {a:,} | {size / 1e6:.1f} MB | {build:.2f} s | {cpu:.2f} s | {shown} |")


def dump_report(dump: Path) -> None:
    """Print the wall and CPU time of the report of a real dump (its pages, per page)."""
    import threads

    analysis = threads.read(str(dump))
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        report(analysis, tmp)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        pages = len(list(Path(tmp).glob("*.html")))
    print(
        f"{dump.name}: {len(analysis.threads):,} threads, {analysis.posts.height:,} posts, "
        f"{pages:,} pages; report {wall:.1f} s wall, {cpu:.1f} s CPU, "
        f"{cpu / pages * 1000:.0f} ms CPU a page"
    )


if __name__ == "__main__":
    main()
