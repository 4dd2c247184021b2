#!/usr/bin/env python3
"""Nested threads flattened to plain text, to measure reply inference against their truth.

    python scripts/fit_similar.py --check        # the held-out evaluation (EVALUATION.md)
    python scripts/flatten.py --eval             # the committed model on every flat dump
    python scripts/flatten.py --eval --json      # the same as JSON (with the calibration table)
    python scripts/flatten.py --out DIR          # write the flat dumps (and truth.json) to DIR

Every input with real nesting (Reddit, Hacker News, Discourse, Disqus, WXR, mbox and the
nested HTML pages among ``tests/fixtures``, plus every file of the shared corpus,
``../shared/corpus`` or ``$THREADS_CORPUS``, when present, its ``train/`` set included;
PRAW cassettes through ``praw_cassette.py``) is read with its own parser;
each thread is written back as a Typepad text copy (``Posted by: NAME | DATE`` footers,
the dialect of the seeds), in two orders:

- ``time``: comments by time, as a flat comment system shows them;
- ``depth``: depth-first, children in the source's order, as a threaded page copied
  as text (its indentation lost).

Nothing of the structure goes into the text: no indentation, ids, parent names or
"in reply to" lines the source did not contain in the post's own words. Quotes the
source kept apart (HTML blockquotes) are written as a reader copying the page sees
them: ``NAME wrote:`` and ``>`` lines when the page names the quoted author, a line in
quotation marks otherwise. The true parent of every comment (its nested parent, or the
article for a top-level comment) is kept aside; the table compares threads' parent
links with two baselines: every comment answers the article (``root``), every comment
answers the post above it (``previous``), and threads without the ``similar`` step
(``markers``: the evidence cascade alone).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import praw_cassette  # noqa: E402

import threads  # noqa: E402
from threads import formats  # noqa: E402
from threads.model import RawPost, RawThread, ThreadsError  # noqa: E402

_read = importlib.import_module("threads.read")
FIXTURES = ROOT / "tests" / "fixtures"
ORDERS = ("time", "depth")
ANONYMOUS = "Anonymous"
CALIBRATION_AT = 0.8  # the confidence whose precision the issue asks for (≥ 90%)


def corpus_dir() -> Path | None:
    """The shared corpus, if present: ``$THREADS_CORPUS`` or ``../shared/corpus``."""
    env = os.environ.get("THREADS_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


@dataclass
class Flat:
    """One nested thread flattened in one order: the text, and per comment (in the
    text's order, 1-based like post ids) its true parent's position (0 = article)."""

    name: str
    order: str
    text: str
    truth: list[int]  # truth[i - 1] is the true parent of flat post i
    authors: list[str]  # the author written in each footer, article first


def inputs(include_corpus: bool = True) -> list[Path]:
    """Fixture files (and corpus files when present), sorted."""
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    base = corpus_dir() if include_corpus else None
    if base is not None:
        files += sorted(p for p in base.rglob("*") if p.is_file())
    return files


def nested_threads(path: Path) -> Iterator[tuple[str, RawThread]]:
    """The threads of ``path`` whose parser found real nesting (a parent id that names a
    post of the same thread), with a display name each."""
    try:
        if praw_cassette.is_cassette(path):
            raws = praw_cassette.read(path)
        else:
            source = _read.read_source(path)
            raws = formats.detect(source.text).format.parse(source.text)
    except (ThreadsError, UnicodeError, ValueError):
        return
    base = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    for n, raw in enumerate(r for r in raws if len(r.posts) > 2):
        # real nesting: a reply to another comment, by the source's structure (every
        # comment on the root, or a parent guessed by subject, is no nesting)
        ids = {p.source_id for p in raw.posts[1:] if p.source_id is not None}
        if any(p.parent_source_id in ids and p.parent_evidence == "nested" for p in raw.posts[1:]):
            yield (base if len(raws) == 1 else f"{base}#{raw.key or n + 1}"), raw


def true_parents(raw: RawThread) -> list[int]:
    """The parent index of every post after the first: its nested parent, else 0."""
    where = {p.source_id: i for i, p in enumerate(raw.posts) if p.source_id is not None}
    out = []
    for post in raw.posts[1:]:
        parent = where.get(post.parent_source_id, 0) if post.parent_source_id is not None else 0
        out.append(parent)
    return out


def _times(raw: RawThread) -> list[datetime]:
    """A sortable UTC time per post; a post without one takes the one before it."""
    out: list[datetime] = []
    last = datetime(1970, 1, 1, tzinfo=timezone.utc)
    for post in raw.posts:
        ts = post.timestamp
        if ts is not None:
            last = ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)
        out.append(last)
    return out


def order(raw: RawThread, parents: list[int], how: str) -> list[int]:
    """The comments' original indexes (1..n-1) in the flat order ``how``."""
    n = len(raw.posts)
    if how == "time":
        times = _times(raw)
        return sorted(range(1, n), key=lambda i: (times[i], i))
    children: dict[int, list[int]] = defaultdict(list)
    for i, parent in enumerate(parents, start=1):
        children[parent].append(i)
    out: list[int] = []
    stack = list(reversed(children[0]))
    seen = set()
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        out.append(i)
        stack.extend(reversed(children[i]))
    out += [i for i in range(1, n) if i not in seen]  # a cycle in a malformed source
    return out


def _when(ts: datetime | None) -> str:
    if ts is None:
        return ""
    if ts.tzinfo is not None:
        ts = ts.astimezone(timezone.utc)
    return f"{ts.day:02d} {ts:%B %Y} at {ts:%I:%M %p}"


def _body(post: RawPost) -> str:
    """The post as a reader copying the page sees it: quotes first, then its words."""
    lines: list[str] = []
    sources = post.quote_sources + [None] * (len(post.quoted) - len(post.quote_sources))
    for quote, who in zip(post.quoted, sources, strict=False):
        if who:
            lines.append(f"{who} wrote:")
            lines += [f"> {line}" for line in quote.split("\n")]
        else:
            lines.append("“" + " ".join(quote.split()) + "”")
    lines.append(post.body.strip() or "(no text)")
    # A footer-like line inside a post would split it: none of the fixtures has one. A
    # page shown in a browser collapses a line's leading blanks (an indented log in a
    # mail's text attachment): a reader copying it gets the lines without them.
    return "\n".join(
        line.lstrip() for line in "\n".join(lines).split("\n") if not line.lstrip().startswith("Posted by")
    )


def flatten(name: str, raw: RawThread, how: str) -> Flat:
    """``raw`` as a Typepad text copy in the order ``how``, with the truth aside."""
    parents = true_parents(raw)
    seq = order(raw, parents, how)
    pos = {orig: k for k, orig in enumerate(seq, start=1)}
    pos[0] = 0
    article = raw.posts[0]
    parts: list[str] = []
    authors = [article.author or ANONYMOUS]
    if not article.placeholder and (article.body.strip() or raw.title):
        head = [raw.title] if raw.title and raw.title not in article.body else []
        parts.append("\n".join([*head, _body(article)]))
        when = _when(article.timestamp) or "01 January 1970 at 12:00 AM"
        parts.append(f"Posted by {article.author or ANONYMOUS} on {when} | Permalink\n")
    for i in seq:
        post = raw.posts[i]
        authors.append(post.author or ANONYMOUS)
        parts.append(_body(post))
        parts.append(f"Posted by: {post.author or ANONYMOUS} | {_when(post.timestamp)}\n")
    truth = [pos[parents[i - 1]] for i in seq]
    return Flat(name, how, "\n".join(parts), truth, authors)


def flats(include_corpus: bool = True) -> list[Flat]:
    """Every nested thread of the inputs, in both orders."""
    out = []
    for path in inputs(include_corpus):
        for name, raw in nested_threads(path):
            out += [flatten(name, raw, how) for how in ORDERS]
    return out


def analyse(flat: Flat, workdir: Path, infer: bool = True) -> threads.Thread | None:
    """threads' reading of a flat dump (``infer``: with the ``similar`` step); ``None``
    when it does not split into the same posts (then the fixture is reported, not scored)."""
    path = workdir / (flat.name.replace("/", "_").replace("#", "_") + f".{flat.order}.txt")
    path.write_text(flat.text, encoding="utf-8")
    try:
        got = threads.read(path, format="typepad-text", options=threads.Options(infer=infer)).threads
    except ThreadsError:
        return None
    if len(got) != 1 or len(got[0].posts) != len(flat.truth) + 1:
        return None
    return got[0]


def score(flat: Flat, thread: threads.Thread) -> dict[str, object]:
    """Per-comment outcomes for one flat thread: baselines, markers only, threads."""
    posts = thread.posts[1:]
    n = len(posts)
    row: dict[str, object] = {"fixture": flat.name, "order": flat.order, "n": n}
    row["root"] = sum(t == 0 for t in flat.truth)
    row["previous"] = sum(t == i - 1 for i, t in enumerate(flat.truth, start=1))
    row["threads"] = sum(p.parent_id == t for p, t in zip(posts, flat.truth, strict=True))
    row["links"] = [
        (p.reply_evidence, p.reply_confidence or 0.0, p.parent_id == t)
        for p, t in zip(posts, flat.truth, strict=True)
    ]
    return row


def evaluate(include_corpus: bool = True) -> dict[str, object]:
    """Every flat thread scored with and without the ``similar`` step."""
    rows: list[dict[str, object]] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for flat in flats(include_corpus):
            with_similar = analyse(flat, Path(tmp))
            markers = analyse(flat, Path(tmp), infer=False)
            if with_similar is None or markers is None:
                failed.append(f"{flat.name} ({flat.order})")
                continue
            row = score(flat, with_similar)
            row["markers"] = score(flat, markers)["threads"]
            rows.append(row)
    return {"rows": rows, "failed": failed, "calibration": calibration(rows)}


def calibration(rows: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """Per evidence kind: parent links, their accuracy, and the precision of those with
    confidence ≥ :data:`CALIBRATION_AT`."""
    out: dict[str, dict[str, float]] = {}
    by_kind: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for row in rows:
        for kind, conf, ok in row["links"]:  # type: ignore[union-attr]
            by_kind[kind].append((conf, ok))
    for kind, links in sorted(by_kind.items()):
        high = [ok for conf, ok in links if conf >= CALIBRATION_AT]
        out[kind] = {
            "links": len(links),
            "accuracy": round(sum(ok for _, ok in links) / len(links), 3),
            "links_high": len(high),
            "precision_high": round(sum(high) / len(high), 3) if high else float("nan"),
        }
    return out


def _total(rows: list[dict[str, object]], order_: str | None) -> dict[str, int]:
    keep = [r for r in rows if order_ is None or r["order"] == order_]
    return {k: sum(int(r[k]) for r in keep) for k in ("n", "root", "previous", "markers", "threads")}  # type: ignore[call-overload]


def table(result: dict[str, object]) -> str:
    """The evaluation as a Markdown table, totals per order, and the calibration."""
    rows: list[dict[str, object]] = result["rows"]  # type: ignore[assignment]
    lines = [
        "| fixture | order | comments | root | previous | markers | threads |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def cells(d: dict[str, object]) -> str:
        n = int(d["n"])  # type: ignore[call-overload]
        acc = [f"{int(d[k]) / n:.2f}" if n else "-" for k in ("root", "previous", "markers", "threads")]  # type: ignore[call-overload]
        return f"{n} | " + " | ".join(acc)

    for row in rows:
        lines.append(f"| {row['fixture']} | {row['order']} | {cells(row)} |")
    for order_ in ORDERS:
        lines.append(f"| **all** | {order_} | {cells(_total(rows, order_))} |")  # type: ignore[arg-type]
    lines.append(f"| **all** | both | {cells(_total(rows, None))} |")  # type: ignore[arg-type]
    lines += [
        "",
        f"| evidence | parent links | accuracy | links with confidence ≥ {CALIBRATION_AT} "
        "| their precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, c in result["calibration"].items():  # type: ignore[union-attr]
        prec = "-" if c["links_high"] == 0 else f"{c['precision_high']:.2f}"
        lines.append(f"| {kind} | {c['links']} | {c['accuracy']:.2f} | {c['links_high']} | {prec} |")
    for name in result["failed"]:  # type: ignore[union-attr]
        lines.append(f"\nnot scored (the flat dump did not split into the same posts): {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", action="store_true", help="print the evaluation table")
    parser.add_argument("--json", action="store_true", help="with --eval: print JSON")
    parser.add_argument("--out", type=Path, help="write the flat dumps and truth.json here")
    parser.add_argument(
        "--no-corpus", action="store_true", help="fixtures only, even if the corpus is present"
    )
    args = parser.parse_args(argv)
    if not args.eval and not args.out:
        parser.error("give --eval, --out DIR or both")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        truth = {}
        for flat in flats(not args.no_corpus):
            name = flat.name.replace("/", "_").replace("#", "_") + f".{flat.order}.txt"
            (args.out / name).write_text(flat.text, encoding="utf-8")
            truth[name] = flat.truth
        (args.out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    if args.eval:
        result = evaluate(not args.no_corpus)
        if args.json:
            for row in result["rows"]:  # type: ignore[union-attr]
                row.pop("links")
            print(json.dumps(result, indent=1))
        else:
            print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
