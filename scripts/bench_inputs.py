#!/usr/bin/env python3
"""Benchmark the ways of giving threads its input that are not one dump file: listing a big
folder, a mailbox of one file a mail, a comment table, items one a line, a Word document.

    python scripts/bench_inputs.py            # default sizes
    python scripts/bench_inputs.py --scale 2  # every size doubled

Each case runs in a fresh subprocess (its peak RSS is its own) and is timed from reading
to the analysis done (``threads.read``: detection, parsing, quotes, replies, inference,
sentiment, tables), except the listing, which is ``threads.read.expand`` alone. Inputs
are made from seed 004's comments (random authors, times a minute apart). Prints a
Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_c3b9a48d73eaee79.txt"


def _comments(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` (author, text) pairs drawn from seed 004's comments."""
    rng = random.Random(seed)
    text = SEED.read_text(encoding="utf-8")
    blocks = [b.strip() for b in re.split(r"^Posted by: .*$", text, flags=re.M)[1:] if b.strip()]
    authors = [f"user{i}" for i in range(max(50, n // 20))]
    return [(rng.choice(authors), rng.choice(blocks)) for _ in range(n)]


def make_listing(folder: Path, n: int) -> Path:
    """``n`` small text files in 20 folders (no export among them)."""
    for d in range(20):
        (folder / f"d{d:02d}").mkdir(parents=True)
    for i in range(n):
        (folder / f"d{i % 20:02d}" / f"f{i}.txt").write_text("A short note.\n", encoding="utf-8")
    return folder


def make_maildir(folder: Path, n: int) -> Path:
    """A Maildir of ``n`` mails in threads of 10 (each mail answers the one before it)."""
    for part in ("cur", "new", "tmp"):
        (folder / part).mkdir(parents=True)
    for i, (author, body) in enumerate(_comments(n)):
        head = [
            f"Return-Path: <{author}@example.org>",
            f"From: {author} <{author}@example.org>",
            "Subject: " + ("Re: " if i % 10 else "") + f"Topic {i // 10}",
            f"Date: Mon, 1 Feb 2021 {i // 60 % 24:02d}:{i % 60:02d}:00 +0000",
            f"Message-ID: <m{i}@example.org>",
        ]
        if i % 10:
            head.append(f"In-Reply-To: <m{i - 1}@example.org>")
        name = f"{1612137600 + i}.M{i}P1.bench,S=1000"
        (folder / "cur" / name).write_text("\n".join(head) + "\n\n" + body + "\n", encoding="utf-8")
    return folder


def make_table(path: Path, n: int) -> Path:
    """A Reddit-like comment CSV of ``n`` rows in 100 threads, a third of them replies."""
    rng = random.Random(2)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "author", "body", "created_utc", "parent_id", "link_id"])
        for i, (author, body) in enumerate(_comments(n)):
            thread = i % 100
            parent = f"t1_c{i - 100}" if i >= 100 and rng.random() < 0.33 else f"t3_s{thread}"
            out.writerow([f"c{i}", author, body, 1612137600 + 60 * i, parent, f"t3_s{thread}"])
    return path


def make_hn_lines(path: Path, n: int) -> Path:
    """``n`` Firebase items one a line: 100 stories and their comments, lines shuffled."""
    rng = random.Random(3)
    lines = [
        json.dumps({"by": "poster", "id": s, "title": f"Story {s}", "time": 1612137600, "type": "story"})
        for s in range(100)
    ]
    for i, (author, body) in enumerate(_comments(n - 100)):
        parent = rng.randrange(100) if i < 100 or rng.random() < 0.4 else 100 + rng.randrange(i)
        item = {"by": author, "id": 100 + i, "parent": parent, "text": body, "time": 1612137660 + 60 * i}
        lines.append(json.dumps({**item, "type": "comment"}))
    rng.shuffle(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_docx(path: Path, n: int) -> Path:
    """Seed 004 pasted ``n`` times into a Word document (a paragraph a line)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    lines = SEED.read_text(encoding="utf-8").split("\n") * n
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
    return path


def run_one(case: str, path: str) -> dict[str, float]:
    """Time one case in this process."""
    sys.path.insert(0, str(ROOT))
    import threads
    from threads.read import expand

    t = time.perf_counter()
    if case == "listing":
        n = sum(1 for _ in expand([path]))
        return {"seconds": time.perf_counter() - t, "items": n}
    analysis = threads.read(path)
    return {"seconds": time.perf_counter() - t, "items": analysis.posts.height}


CASES = {
    "listing": ("a folder of small files, listed", make_listing, 20_000),
    "maildir": ("a Maildir read as one mailbox", make_maildir, 2_000),
    "table": ("a comment CSV (table-csv)", make_table, 20_000),
    "hn-lines": ("HN items one a line (hn-json)", make_hn_lines, 20_000),
    "docx": ("seed 004 pasted into a .docx, 40 times", make_docx, 40),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    ap.add_argument("--one", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        got = run_one(*args.one)
        got["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(got))
        return 0
    print(f"Python {platform.python_version()}, {platform.machine()}, {platform.processor() or '?'}")
    print("\n| input | size | items read | seconds | peak RSS MB |\n|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for case, (what, make, size) in CASES.items():
            n = max(1, int(size * args.scale))
            suffix = {"table": ".csv", "hn-lines": ".jsonl", "docx": ".docx"}.get(case, "")
            path = make(Path(tmp) / f"{case}{suffix}", n)
            cmd = [sys.executable, __file__, "--one", case, str(path)]
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            got = json.loads(res.stdout.strip().splitlines()[-1])
            print(f"| {what} | {n:,} | {got['items']:,} | {got['seconds']:.2f} | {got['rss_mb']:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
