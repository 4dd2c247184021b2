#!/usr/bin/env python3
"""Benchmark: parse a generated WordPress-style comment page with BeautifulSoup's parsers.

    python scripts/bench_html.py            # sizes 1, 2, 4, 8, 20 MB; Markdown table
    python scripts/bench_html.py --max-mb 5 # smaller run

For each size: building the soup with bs4 + lxml and bs4 + html.parser, and the whole
``wordpress-html`` dialect (soup, noise removal, nesting, quotes, dates) on lxml.
``html.parser`` is skipped above ``--html-parser-max-mb`` (default 8): its time per MB
grows with the page (see the "per MB" column), so a 20 MB page would take minutes.
The page is synthetic: an article, then threads of nested comments (depth 1-3) with
quotes, avatars, reply links and unclosed ``<p>``/``<br>`` tags as real themes print.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from threads.formats import html_wordpress

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


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,2,4,8,20", help="page sizes in MB, comma-separated")
    ap.add_argument("--html-parser-max-mb", type=float, default=8.0)
    args = ap.parse_args(argv)
    print(
        "| page | posts | bs4 + lxml | bs4 + html.parser | html.parser per MB | wordpress-html parse (lxml) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for mb in (float(x) for x in args.sizes.split(",")):
        text = page(mb)
        real_mb = len(text.encode("utf-8")) / 1_000_000
        t_lxml = timed(lambda text=text: BeautifulSoup(text, "lxml"))
        if mb <= args.html_parser_max_mb:
            t_hp = timed(lambda text=text: BeautifulSoup(text, "html.parser"))
            hp, per_mb = f"{t_hp:.1f} s", f"{t_hp / real_mb:.2f} s"
        else:
            hp, per_mb = "skipped", "–"
        found: list[int] = []
        t_full = timed(lambda text=text, found=found: found.append(len(html_wordpress.parse(text)[0].posts)))
        print(
            f"| {real_mb:.1f} MB | {found[0]:,} | {t_lxml:.1f} s | {hp} | {per_mb} | {t_full:.1f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
