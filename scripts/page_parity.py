"""Check that the dashboard pages stay the same, byte for byte, while their code changes.

    python scripts/page_parity.py record DIR      # with the code before a change
    python scripts/page_parity.py check DIR       # with the code after it

``record`` reads each input once (the seeds, every corpus file with hand-checked truth,
and the synthetic threads of ``scripts/bench_report.py``), keeps the analysis in
``DIR/inputs/`` (pickled: a parser changed by someone else meanwhile does not move the
pages; an input already kept there is not read again), writes every page with
:func:`threads.report.report` and keeps a SHA-256 per page in ``DIR/pages.json`` and
the pages themselves (gzipped) for diffing. ``check``
builds the pages again from the kept analyses and compares: identical pages are
counted; for a page that differs it prints the first differing view (the path into the
figure spec where the JSON first differs) or the first differing line of the HTML.
Exit status 1 if any page differs. ``--cpu`` prints the CPU seconds each input's pages
took (the machine is shared: CPU time, not wall time, is what to compare).

Code before c2e69b4 laid out a people network whose authors mostly answer only the
article in string-hash order (a new picture on every run): to compare against it, run
``record`` and ``check`` with the same ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import threads  # noqa: E402
from threads.report import report  # noqa: E402

CORPUS = Path(os.environ.get("THREADS_CORPUS") or ROOT.parent / "shared" / "corpus")
TRUTH = CORPUS.parent / "truth"
SYNTHETIC_SIZES = (100, 3000, 10_000)  # posts; bench_report's generator, 1 author per 5 posts
_VIEW = re.compile(r'<script type="application/json" data-(view(?:-alt)?)="([^"]+)">(.*?)</script>', re.S)


def inputs(synthetic: tuple[int, ...] = SYNTHETIC_SIZES) -> dict[str, object]:
    """Name → a thunk giving the analysis (``threads``, ``posts``, ``replies``, ``failures``)."""
    from bench_report import synthetic as make

    out: dict[str, object] = {"seeds": lambda: threads.read(str(ROOT / "seeds"))}
    for truth in sorted(TRUTH.glob("*.json")):
        dump = CORPUS / truth.name.removesuffix(".json")
        if dump.is_file():
            out[dump.name] = lambda dump=dump: threads.read(str(dump))
    for n in synthetic:
        out[f"synthetic-{n}"] = lambda n=n: make(n, max(5, n // 5))
    return out


def _frozen(a: object) -> SimpleNamespace:
    return SimpleNamespace(
        threads=a.threads,
        posts=a.posts,
        replies=a.replies,
        failures=list(getattr(a, "failures", []) or []),
    )


def build(analysis: SimpleNamespace) -> tuple[dict[str, bytes], float]:
    """Every page of one analysis (file name → bytes) and the CPU seconds they took."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.process_time()
        report(analysis, tmp, shared_plotlyjs=True)
        cpu = time.process_time() - t0
        pages = {p.name: p.read_bytes() for p in sorted(Path(tmp).glob("*.html"))}
    return pages, cpu


def first_difference(old: object, new: object, path: str = "") -> str | None:
    """Where two JSON values first differ (a path like ``data[3].marker.color``), or None."""
    if type(old) is not type(new):
        return f"{path or '.'}: {str(old)[:80]!r} -> {str(new)[:80]!r}"
    if isinstance(old, dict):
        if list(old) != list(new):
            return f"{path or '.'}: keys {list(old)} -> {list(new)}"
        for k in old:
            if (d := first_difference(old[k], new[k], f"{path}.{k}")) is not None:
                return d
        return None
    if isinstance(old, list):
        if len(old) != len(new):
            return f"{path}: {len(old)} items -> {len(new)}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if (d := first_difference(a, b, f"{path}[{i}]")) is not None:
                return d
        return None
    return None if old == new else f"{path}: {str(old)[:80]!r} -> {str(new)[:80]!r}"


def explain(old: bytes, new: bytes) -> str:
    """The first difference between two pages: in a view's spec, else in the HTML."""
    a, b = old.decode("utf-8"), new.decode("utf-8")
    views_a = {(m.group(1), m.group(2)): m.group(3) for m in _VIEW.finditer(a)}
    views_b = {(m.group(1), m.group(2)): m.group(3) for m in _VIEW.finditer(b)}
    for (kind, div_id), text in views_a.items():
        if views_b.get((kind, div_id), text) != text:
            where = first_difference(json.loads(text), json.loads(views_b[(kind, div_id)]))
            return f"{kind} {div_id}: {where or 'same JSON value, different text'}"
    rest_a, rest_b = _VIEW.sub("", a).splitlines(), _VIEW.sub("", b).splitlines()
    for i, (x, y) in enumerate(zip(rest_a, rest_b, strict=False)):
        if x != y:
            return f"line {i + 1}: {x[:120]!r} -> {y[:120]!r}"
    return f"{len(rest_a)} lines -> {len(rest_b)} lines"


def main() -> int:
    """Record or check the pages; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("dir", type=Path)
    ap.add_argument("--only", nargs="*", help="inputs whose name contains one of these")
    ap.add_argument("--cpu", action="store_true", help="print the CPU seconds of each input's pages")
    args = ap.parse_args()
    kept = args.dir / "inputs"
    manifest_file = args.dir / "pages.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else {}
    names = list(inputs()) if args.mode == "record" else list(manifest)
    names = [n for n in names if not args.only or any(o in n for o in args.only)]
    differ = same = 0
    for name in names:
        if args.mode == "record" and not (kept / f"{name}.pkl").exists():
            kept.mkdir(parents=True, exist_ok=True)
            analysis = _frozen(inputs()[name]())
            (kept / f"{name}.pkl").write_bytes(pickle.dumps(analysis))
        else:
            analysis = pickle.loads((kept / f"{name}.pkl").read_bytes())
        pages, cpu = build(analysis)
        store = args.dir / "pages" / name
        if args.cpu:
            print(f"{name}: {len(pages)} pages, {cpu:.2f} s CPU", flush=True)
        if args.mode == "record":
            store.mkdir(parents=True, exist_ok=True)
            for page, data in pages.items():
                (store / f"{page}.gz").write_bytes(gzip.compress(data, mtime=0))
            manifest[name] = {p: hashlib.sha256(d).hexdigest() for p, d in pages.items()}
            manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True))
            continue
        want = manifest[name]
        if sorted(want) != sorted(pages):
            print(f"{name}: pages {sorted(set(want) ^ set(pages))[:5]} made or lost")
            differ += 1
        for page, data in pages.items():
            if page not in want:
                continue
            if hashlib.sha256(data).hexdigest() == want[page]:
                same += 1
                continue
            differ += 1
            old = gzip.decompress((store / f"{page}.gz").read_bytes())
            print(f"{name}/{page}: {explain(old, data)}")
    if args.mode == "check":
        print(f"{same:,} pages identical, {differ:,} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
