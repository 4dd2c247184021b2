"""Fuzz the format sniffers and parsers (and now and then the whole pipeline).

A seeded, mutation-based fuzzer: inputs are the committed seeds and fixtures, mutated
(truncated, spliced, bytes flipped, chunks repeated, format tokens such as tags, JSON
brackets, entity declarations or footer lines inserted, newlines changed). Each input is
decoded with :func:`threads.read.decode`, sniffed by every dialect (the score must be a
float in [0, 1]), parsed by the dialect of the file it came from and two others at
random, and every ``--pipeline-every`` inputs analysed end to end (detection, quotes,
replies, sentiment). Anything but :class:`~threads.model.ThreadsError` is a crash; an
input that takes longer than ``--slow`` seconds in one call is recorded as slow (a
hang shows up as an alarm after ``--hang`` seconds).

Distinct crashes (by exception type and the innermost ``threads`` frame) are saved
as ``OUT/crash-<hash>.bin`` with the traceback beside them, so a crash is replayed with
``python scripts/fuzz.py --replay OUT/crash-<hash>.bin``.

    nice -n 19 python scripts/fuzz.py --minutes 15 --seed 1 --out /tmp/fuzz
    python scripts/fuzz.py --minutes 1          # a quick smoke run

The summary (inputs tried, calls, crashes, slow inputs) is printed as JSON at the end;
TESTING.md records the figures of the long runs.

``--hostile DIR`` instead writes a set of hostile inputs (a 100 MB line, a million
one-line posts, 10,000 levels of nesting, an entity bomb, a blank-line flood, ...) to DIR
and runs ``threads parse`` on each in a child process, printing its exit code, wall time
and peak memory against the input's size (the table in BENCHMARKS.md):

    python scripts/fuzz.py --hostile /tmp/hostile
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from threads import formats  # noqa: E402
from threads.model import ThreadsError  # noqa: E402
from threads.pipeline import analyse_source  # noqa: E402
from threads.read import decode  # noqa: E402

# Tokens that steer the parsers into their interesting branches; inserted at random.
TOKENS = [
    b"<div>",
    b"</div>",
    b'<li class="comment">',
    b"</li>",
    b"<blockquote>",
    b"</blockquote>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b'<!DOCTYPE r [<!ENTITY e "x">]>',
    b"&e;",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b'<?xml version="1.0"?>',
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b":",
    b",",
    b"null",
    b'"kind": "t1"',
    b'"children": [',
    b'"parent_id": "t1_x"',
    b'"created_utc": 1e308',
    b'"time": -1',
    b'"kids": [1, 1]',
    b'"post_number": 0',
    b'"reply_to_post_number": 1',
    b"\nPosted by: A | 07 June 2016 at 05:06 PM\n",
    b"\nPosted by: | \n",
    b" says:\n",
    b"\nOn Mon, 1 Jan 2020, Ann wrote:\n",
    b"\n> ",
    b"\nFrom a@b Mon Jan  1 00:00:00 2020\n",
    b"\nFrom: =?utf-8?B?!!?=\n",
    b"\nIn-Reply-To: <x@y>\n",
    b"\nMessage-ID: <x@y>\n",
    b"\nAUTHOR: ",
    b"\n-----\n",
    b"\n--------\n",
    b"DATE: 13/13/2020 99:99:99 PM",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\n" * 50,
    b"@",
    b"re: ",
    b"In reply to ",
]
MAX_INPUT = 200_000  # bytes: mutations that grow past this are cut back


def corpus() -> list[tuple[str, bytes]]:
    """(folder name, bytes) of every seed and fixture file."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file()
    )
    return [(p.parent.name, p.read_bytes()) for p in files]


def mutate(rng: random.Random, data: bytes, pool: list[tuple[str, bytes]]) -> bytes:
    """One to eight random edits of ``data``."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        n = len(buf)
        op = rng.randrange(9)
        at = rng.randint(0, n)
        if op == 0 and n:  # truncate
            del buf[rng.randint(0, n) :]
        elif op == 1 and n:  # flip bytes
            for _ in range(rng.randint(1, 16)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == 2:  # insert a token, maybe repeated
            buf[at:at] = rng.choice(TOKENS) * rng.choice((1, 1, 1, 2, 10, 1000))
        elif op == 3 and n:  # delete a range
            del buf[at : at + rng.randint(1, 2000)]
        elif op == 4 and n:  # repeat a chunk
            start = rng.randrange(n)
            chunk = bytes(buf[start : start + rng.randint(1, 400)])
            buf[at:at] = chunk * rng.randint(2, 50)
        elif op == 5:  # splice in part of another corpus file
            other = rng.choice(pool)[1]
            start = rng.randrange(max(len(other), 1))
            buf[at:at] = other[start : start + rng.randint(1, 5000)]
        elif op == 6:  # random bytes
            buf[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 7:  # newline style
            old, new = rng.choice([(b"\n", b"\r"), (b"\n", b"\r\n"), (b"\n", b" "), (b" ", b"\n")])
            buf = bytearray(bytes(buf).replace(old, new, rng.randint(1, 1000)))
        elif op == 8 and n:  # swap two halves
            cut = rng.randrange(n)
            buf = buf[cut:] + buf[:cut]
    return bytes(buf[:MAX_INPUT])


class Hang(Exception):
    """Raised by the alarm when one call takes longer than ``--hang`` seconds."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def crash_key(err: BaseException) -> str:
    """Exception type and the innermost frame inside the threads package."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/threads/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(err).__name__} at {where}"


class Fuzzer:
    """Runs inputs through the parsers and keeps the figures."""

    def __init__(self, out: Path, slow: float, hang: int) -> None:
        self.out, self.slow, self.hang = out, slow, hang
        self.stats: Counter[str] = Counter()
        self.crashes: dict[str, str] = {}
        self.slow_inputs: dict[str, float] = {}

    def call(self, what: str, data: bytes, fn, *args):  # type: ignore[no-untyped-def]
        """``fn(*args)``; a ThreadsError is fine, anything else is recorded as a crash."""
        self.stats["calls"] += 1
        started = time.perf_counter()
        signal.alarm(self.hang)
        try:
            return fn(*args)
        except ThreadsError:
            self.stats["threads_errors"] += 1
            return None
        except Exception as err:  # the point of a fuzzer: record every other exception
            self.record(what, data, err)
            return None
        finally:
            signal.alarm(0)
            took = time.perf_counter() - started
            if took > self.slow:
                key = f"{what} ({len(data):,} bytes)"
                self.slow_inputs[key] = max(self.slow_inputs.get(key, 0.0), round(took, 2))
                self.save(data, "slow", f"{what}: {took:.2f} s")

    def record(self, what: str, data: bytes, err: BaseException) -> None:
        key = f"{what}: {crash_key(err)}"
        self.stats["crashes"] += 1
        if key not in self.crashes:
            self.crashes[key] = self.save(data, "crash", "".join(traceback.format_exception(err)))
            print(f"CRASH {key} -> {self.crashes[key]}", file=sys.stderr, flush=True)

    def save(self, data: bytes, kind: str, note: str) -> str:
        self.out.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
        (self.out / f"{name}.bin").write_bytes(data)
        (self.out / f"{name}.txt").write_text(note, encoding="utf-8")
        return str(self.out / f"{name}.bin")

    def one(self, data: bytes, home: str | None, rng: random.Random, pipeline: bool) -> None:
        self.stats["inputs"] += 1
        source = self.call("decode", data, decode, data, "fuzz")
        if source is None:
            return
        text = source.text
        for name, fmt in formats.REGISTRY.items():
            score = self.call(f"{name}.sniff", data, fmt.sniff, text)
            if score is not None and not (isinstance(score, float | int) and 0.0 <= score <= 1.0):
                self.record(f"{name}.sniff", data, ValueError(f"score {score!r} outside [0, 1]"))
        names = list(formats.REGISTRY)
        chosen = {rng.choice(names), rng.choice(names)}
        chosen |= {n for n in names if home in _homes(n)}
        for name in sorted(chosen):
            self.stats[f"parse:{name}"] += 1
            self.call(f"{name}.parse", data, formats.REGISTRY[name].parse, text)
        if pipeline:
            self.stats["pipeline"] += 1
            self.call("pipeline", data, analyse_source, source)


def _homes(name: str) -> set[str]:
    """The folders a format's fixtures may live in: ``tests/fixtures/NAME`` (the seeds
    are typepad-text's)."""
    return {name, "seeds"} if name == "typepad-text" else {name}


def _typepad(n: int, body: str) -> str:
    parts = ["A thread", "Comments"]
    for i in range(n):
        parts.append(body.format(i=i))
        parts.append(f"Posted by: user{i % 97} | 07 June 2016 at {1 + i % 12:02d}:{i % 60:02d} PM")
    return "\n".join(parts) + "\n"


def hostile_inputs() -> dict[str, bytes]:
    """name -> bytes of each hostile case (made on the fly; ~250 MB in all)."""
    lol = "".join(f'<!ENTITY l{n} "{("&l%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10))
    return {
        "baseline_seed_004.txt": (ROOT / "seeds" / "004_c3b9a48d73eaee79.txt").read_bytes(),
        "ordinary_100k_comments.txt": _typepad(100_000, "Comment {i}: I agree with most of this.").encode(),
        "tiny_posts_1m.txt": _typepad(1_000_000, "ok {i}").encode(),
        "one_line_100mb.txt": b"word " * 20_971_520,
        "nested_html_10k.html": b"<html><body>"
        + b"<div>" * 10_000
        + b"x"
        + b"</div>" * 10_000
        + b"</body></html>",
        "nested_json_100k.json": b"[" * 100_000 + b"]" * 100_000,
        "billion_laughs.xml": (
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l "lol">{lol}]>'
            '<disqus xmlns="http://disqus.com"><post><message>&l9;</message></post></disqus>'
        ).encode(),
        "blank_line_flood_60k.txt": (
            "T\nComments\nfirst" + "\n" * 60_000 + "last\nPosted by: A | 07 June 2016 at 05:06 PM\n"
        ).encode(),
    }


def run_hostile(folder: Path, timeout: float) -> int:
    """``threads parse`` on each hostile input in a child; a table of time and memory."""
    import os
    import shutil
    import subprocess
    import tempfile
    import threading

    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print("| input | size MB | exit | seconds | peak RSS MB | (RSS - baseline) / size | message |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    baseline: float | None = None
    for name, data in hostile_inputs().items():
        path = folder / name
        path.write_bytes(data)
        out = Path(tempfile.mkdtemp(prefix="hostile-out-"))
        with tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            cmd = [sys.executable, "-m", "threads", "parse", str(path), "--out", str(out / "o")]
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
            took = time.perf_counter() - started
            err.seek(0)
            message = err.read().decode(errors="replace").strip().splitlines()
        code = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024  # KiB on Linux
        size = len(data) / 2**20
        note = f"killed after {timeout:.0f} s" if code == -9 else (message[-1][:120] if message else "")
        if baseline is None:  # the first case: a small ordinary dump, what any run costs
            baseline, ratio = rss, "-"
        else:
            ratio = f"{max(rss - baseline, 0) / size:,.0f}x"
        print(f"| {name} | {size:,.2f} | {code} | {took:,.1f} | {rss:,.0f} | {ratio} | {note} |")
        sys.stdout.flush()
        path.unlink()
        shutil.rmtree(out, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=1.0, help="how long to run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/threads-fuzz"), help="crash inputs go here")
    ap.add_argument("--slow", type=float, default=5.0, help="seconds: record a call slower than this")
    ap.add_argument("--hang", type=int, default=60, help="seconds: stop a call and record a hang")
    ap.add_argument("--pipeline-every", type=int, default=10, help="run the whole pipeline every N inputs")
    ap.add_argument("--replay", type=Path, help="run one saved input and show the traceback")
    ap.add_argument("--hostile", type=Path, help="write hostile inputs here and measure threads parse")
    ap.add_argument("--timeout", type=float, default=300, help="--hostile: seconds before a run is killed")
    args = ap.parse_args(argv)
    if args.hostile:
        return run_hostile(args.hostile, args.timeout)
    signal.signal(signal.SIGALRM, _alarm)
    if args.replay:
        data = args.replay.read_bytes()
        source = decode(data, str(args.replay))
        for name, fmt in formats.REGISTRY.items():
            fmt.sniff(source.text)
            try:
                fmt.parse(source.text)
            except ThreadsError as err:
                print(f"{name}: ThreadsError: {err}")
        analyse_source(source)
        print("no crash")
        return 0
    rng = random.Random(args.seed)
    pool = corpus()
    fuzzer = Fuzzer(args.out, args.slow, args.hang)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    last_note = started
    while time.monotonic() < deadline:
        home, data = rng.choice(pool)
        if rng.random() < 0.05:  # now and then pure noise, text or bytes
            data = rng.randbytes(rng.randint(0, 4000))
            home = None
        else:
            data = mutate(rng, data, pool)
        fuzzer.one(data, home, rng, pipeline=fuzzer.stats["inputs"] % args.pipeline_every == 0)
        if time.monotonic() - last_note > 60:
            last_note = time.monotonic()
            print(json.dumps({k: fuzzer.stats[k] for k in ("inputs", "calls", "crashes")}), flush=True)
    summary = {
        "seed": args.seed,
        "minutes": round((time.monotonic() - started) / 60, 1),
        "inputs": fuzzer.stats["inputs"],
        "calls": fuzzer.stats["calls"],
        "threads_errors": fuzzer.stats["threads_errors"],
        "pipeline_runs": fuzzer.stats["pipeline"],
        "parses_by_format": {k.split(":", 1)[1]: v for k, v in sorted(fuzzer.stats.items()) if ":" in k},
        "crashes": fuzzer.stats["crashes"],
        "distinct_crashes": fuzzer.crashes,
        "slow_inputs": fuzzer.slow_inputs,
    }
    print(json.dumps(summary, indent=1))
    return 1 if fuzzer.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
