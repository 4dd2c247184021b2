#!/usr/bin/env python3
"""Benchmark: HTML parsing, Lexbor (selectolax, the default) against BeautifulSoup on lxml.

    python scripts/bench_html.py                 # pages of 1, 8 and 30 MB, then every fixture
    python scripts/bench_html.py --sizes 30      # the 30 MB page only
    python scripts/bench_html.py --no-fixtures   # skip the per-dialect table

For each synthetic page: building the tree alone (Lexbor; bs4 + lxml; bs4 +
``html.parser`` up to ``--html-parser-max-mb``, as its time per MB grows with the page)
and the whole ``wordpress-html`` dialect (tree, noise removal, nesting, quotes, dates)
on each backend, with MB/s, and whether both backends extracted identical posts. Then
each HTML fixture with its own dialect on both backends (small pages: per-page costs
dominate). Times are wall clock, best of ``--repeat``; the CPU time of the dialect run
is printed too, as it moves less when other processes share the cores.

The page is synthetic: an article, then threads of nested comments (depth 1-3) with
quotes, avatars, reply links and unclosed ``<p>``/``<br>`` tags as real themes print.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from threads.formats import REGISTRY, _html_dom, wordpress_html  # noqa: E402
from threads.model import RawThread  # noqa: E402
from threads.read import decode  # noqa: E402

HEAD = (
    '<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Bench &#8211; Blog</title>\n'
    '<meta name="generator" content="WordPress 6.4" />'
    "<link rel='stylesheet' href='/wp-content/themes/x/style.css' />\n"
    '</head><body><article class="post"><h1 class="entry-title">Bench</h1>'
    '<div class="entry-content"><p>Article text.\n<p>More article text.</div><footer class="entry-footer">'
    '<time class="entry-date" datetime="2021-04-12T09:30:00">x</time>\n'
    '<span class="byline"><a rel="author" href="/a/">Author</a></span></footer></article>\n'
    '<div id="comments"><ol class="comment-list">\n'
)
TAIL = "</ol></div></body></html>\n"


def comment(n: int, depth: int) -> str:
    """One comment element (without its closing </li>), as Twenty Twenty-One prints it."""
    quote = f"<blockquote><p>words of comment {n - 1} quoted here</blockquote>" if n % 5 == 0 else ""
    return (
        f'<li id="comment-{n}" class="comment even depth-{depth}">'
        f'<article id="div-comment-{n}" class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><img alt="" src="/a/{n}.png" class="avatar">'
        f'<b class="fn">User {n % 97}</b> <span class="says">says:</span></div><div class="comment-metadata">'
        f'<a href="#comment-{n}"><time datetime="2021-04-12T10:{n % 60:02d}:00">April 12, 2021</time>'
        "</a></div>"
        f'</footer><div class="comment-content">{quote}<p>Comment number {n} with some words about the topic,'
        f" long enough to look like a real comment.<br>Second line of comment {n}.<p>A last paragraph."
        f'</div><div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article>'
    )


def page(megabytes: float) -> str:
    """A page of about ``megabytes`` MB: threads of 1 top comment, a reply, a reply to it."""
    parts, size, n = [HEAD], len(HEAD), 0
    while size < megabytes * 1_000_000:
        thread = (
            comment(n, 1)
            + '<ol class="children">'
            + comment(n + 1, 2)
            + '<ol class="children">'
            + comment(n + 2, 3)
            + "</li></ol></li></ol></li>\n"
        )
        n += 3
        parts.append(thread)
        size += len(thread)
    parts.append(TAIL)
    return "".join(parts)


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, float, object]:
    """Best wall time, its CPU time, and the result of the last run."""
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        result = fn()
        wall, spent = time.perf_counter() - wall0, time.process_time() - cpu0
        if wall < best:
            best, cpu = wall, spent
    return best, cpu, result


def dialect(parse: Callable[[str], list[RawThread]], text: str, backend: str) -> Callable[[], object]:
    def run() -> object:
        with _html_dom.use_backend(backend):
            return parse(text)

    return run


def rate(megabytes: float, seconds: float) -> str:
    return f"{megabytes / seconds:.1f}" if seconds > 0 else "–"


def big_pages(sizes: list[float], repeat: int, html_parser_max_mb: float) -> None:
    print(
        "| page | posts | Lexbor tree | bs4 + lxml tree | bs4 + html.parser tree "
        "| wordpress-html, Lexbor | wordpress-html, bs4 + lxml | speed-up | identical |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for mb in sizes:
        gc.collect()  # the previous size's bs4 trees (cycles) are not collected inside a timing
        text = page(mb)
        real = len(text.encode("utf-8")) / 1_000_000
        t_lex, _, _ = timed(lambda text=text: _html_dom.parse_html(text, "lexbor"), repeat)
        t_lxml, _, _ = timed(lambda text=text: BeautifulSoup(text, "lxml"), repeat)
        if mb <= html_parser_max_mb:
            t_hp, _, _ = timed(lambda text=text: BeautifulSoup(text, "html.parser"), 1)
            hp = f"{t_hp:.2f} s ({rate(real, t_hp)} MB/s)"
        else:
            hp = "skipped"
        fast, fast_cpu, got_fast = timed(dialect(wordpress_html.parse, text, "lexbor"), repeat)
        slow, slow_cpu, got_slow = timed(dialect(wordpress_html.parse, text, "soup"), 1)
        posts = len(got_fast[0].posts)  # type: ignore[index]
        print(
            f"| {real:.1f} MB | {posts:,} | {t_lex:.2f} s ({rate(real, t_lex)} MB/s) "
            f"| {t_lxml:.2f} s ({rate(real, t_lxml)} MB/s) | {hp} "
            f"| {fast:.2f} s = **{rate(real, fast)} MB/s** "
            f"(CPU {fast_cpu:.2f} s, {rate(real, fast_cpu)} MB/s) "
            f"| {slow:.2f} s = {rate(real, slow)} MB/s (CPU {slow_cpu:.2f} s) "
            f"| {slow / fast:.1f}x | {'yes' if got_fast == got_slow else 'NO'} |",
            flush=True,
        )


def fixtures(repeat_seconds: float) -> None:
    print("\n| fixture | dialect | KB | Lexbor MB/s | bs4 + lxml MB/s | speed-up | identical |")
    print("|---|---|---:|---:|---:|---:|:---:|")
    for path in sorted((ROOT / "tests" / "fixtures").glob("*-html/*.html")):
        text = decode(path.read_bytes(), str(path)).text
        golden = ROOT / "tests" / "golden" / path.parent.name / f"{path.stem}.json"
        name = json.loads(golden.read_text(encoding="utf-8"))["format"]
        parse = REGISTRY[name].parse
        mb = len(text.encode("utf-8")) / 1_000_000
        speeds, results = [], []
        for backend in _html_dom.BACKENDS:
            run = dialect(parse, text, backend)
            run()  # warm-up
            n, start = 0, time.perf_counter()
            while time.perf_counter() - start < repeat_seconds:
                result = run()
                n += 1
            speeds.append(mb * n / (time.perf_counter() - start))
            results.append(result)
        print(
            f"| {path.parent.name}/{path.stem} | {name} | {mb * 1000:.0f} "
            f"| {speeds[0]:.1f} | {speeds[1]:.1f} "
            f"| {speeds[0] / speeds[1]:.1f}x | {'yes' if results[0] == results[1] else 'NO'} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--sizes", default="1,8,30", help="page sizes in MB, comma-separated")
    ap.add_argument("--repeat", type=int, default=2, help="runs per Lexbor/lxml timing (best is kept)")
    ap.add_argument("--html-parser-max-mb", type=float, default=1.0)
    ap.add_argument("--no-fixtures", action="store_true", help="skip the per-fixture table")
    ap.add_argument("--fixture-seconds", type=float, default=0.3, help="time per fixture and backend")
    args = ap.parse_args(argv)
    big_pages([float(x) for x in args.sizes.split(",")], args.repeat, args.html_parser_max_mb)
    gc.collect()  # the big bs4 trees are cycles: free them now, not inside a fixture's timing
    if not args.no_fixtures:
        fixtures(args.fixture_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
