"""Whole forums and archives: many inputs to a partitioned Parquet dataset, in parallel.

A corpus folder holds one part per input for the row tables and the corpus-level
aggregates, so no step needs all posts in memory::

    DIR/posts.parquet/part-<stem>-<hash>.parquet     one part per input file
    DIR/replies.parquet/part-<stem>-<hash>.parquet
    DIR/threads.parquet/part-<stem>-<hash>.parquet   one row per thread (title, format, ...)
    DIR/authors.parquet                              aggregated from the parts (polars, lazy)
    DIR/interactions.parquet
    DIR/corpus.json                                  the inputs, what became of each, counts

Each table has the name it has in a small run's folder (``DIR/posts.parquet``): there a
file, here a folder of parts, and ``pl.read_parquet("DIR/posts.parquet")`` reads both.

A big NDJSON or mbox input is read in pieces in parallel (``threads/chunks.py``) and has
a posts and a replies part per group of its threads, ``part-<stem>-<hash>~<group>``.

Each part is written atomically and the ``threads`` part last, so a part set is complete
when its ``threads`` part exists. Re-running over the same folder skips inputs whose
parts are complete and newer than the input (``force=True`` redoes them); parts of
inputs no longer named are removed, so the folder always describes the current inputs.

>>> c = read_many(["forum/"], out="corpus/", workers=4)          # doctest: +SKIP
>>> c.posts.group_by("author").len().sort("len").collect()        # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from threads import chunks, formats, tables
from threads.analysis import Analysis, check_zone, nothing_read, sort_failure
from threads.analysis import inputs as as_list
from threads.export import read_table, write_parquet
from threads.files import atomic_write, write_failed
from threads.model import TABLES, THREADS_SCHEMA, Post, Reply, Thread, ThreadsError, internal_error
from threads.options import Options, resolve
from threads.parallel import (
    PART_TABLES,
    PARTS_TMP,
    Runner,
    Task,
    TaskResult,
    bounded,
    executor,
    part_dir,
    part_files,
    part_owner,
    part_path,
    run_task,
    stem_id,
    thread_stubs,
)
from threads.read import expand

PathLike = str | os.PathLike[str]
MANIFEST = "corpus.json"
AGGREGATES = ("authors", "interactions")
MANIFEST_VERSION = 1
# `threads report DIR` on a corpus folder writes pages for at most this many threads
# (the biggest) unless told otherwise: a page is ~0.1-0.5 s and, without --shared-js,
# 4.8 MB of plotly.js, so thousands of pages are hours and gigabytes nobody opens.
REPORT_PAGES = 200


@dataclass
class CorpusRun:
    """What :func:`build` did: counts, the inputs that failed or were skipped."""

    out_dir: Path
    inputs: int = 0
    analysed: int = 0
    up_to_date: int = 0
    threads: int = 0
    posts: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    runner: str = ""
    dashboard: str | None = None


def part_key(path: str, task_format: str | None, options: Options, suffix: int | None) -> str:
    """A stable part name for an input: its stem (readable) and a hash of its absolute
    path and the settings that change its rows (so changed settings redo it)."""
    settings: list[object] = [os.path.abspath(path), task_format, options.tz, suffix]
    if not options.infer:  # added only when off: the keys of earlier runs stay the same
        settings.append("no-infer")
    if options.pseudonym_key is not None:  # another key, other names: not the key itself
        settings.append("pseudonyms " + hashlib.sha256(options.pseudonym_key).hexdigest()[:16])
    ident = json.dumps(settings)
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:12]
    return f"part-{stem_id(path)[:40]}-{digest}"


def plan(inputs: Iterable[PathLike], format: str | None = None, options: Options | None = None) -> list[Task]:
    """One task per input file, in :func:`~threads.read.expand` order. A later file with
    the same stem as an earlier one gets a suffix (2, 3, ...), as :func:`threads.read`
    renames its threads."""
    options = options or Options()
    seen: dict[str, int] = {}
    tasks = []
    for path in expand(inputs):
        if path == "-":
            raise ThreadsError("standard input cannot be part of a corpus run (give files or folders)")
        stem = stem_id(path)
        seen[stem] = seen.get(stem, 0) + 1
        suffix = seen[stem] if seen[stem] > 1 else None
        tasks.append(Task(path, part_key(path, format, options, suffix), format, suffix, options))
    return tasks


def is_current(out: Path, task: Task) -> bool:
    """Whether the input's parts are complete and newer than the input."""
    marker = part_path(out, "threads", task.key)
    try:
        done = marker.stat().st_mtime
        changed = os.stat(task.path).st_mtime
    except OSError:
        return False
    return done >= changed and all(part_files(out, t, task.key) for t in PART_TABLES)


def _remove_parts(out: Path, keys: Iterable[str]) -> None:
    for key in keys:
        for table in reversed(PART_TABLES):  # the completeness marker first
            for f in part_files(out, table, key):
                f.unlink(missing_ok=True)


def _tidy(out: Path, keep: set[str]) -> None:
    """Remove parts of inputs no longer named, and temporary files of a killed run."""
    for spill in out.glob(f"{chunks.SPILL_PREFIX}*"):
        shutil.rmtree(spill, ignore_errors=True)
    shutil.rmtree(out / PARTS_TMP, ignore_errors=True)
    for table in PART_TABLES:
        _remove_legacy_parts(out / table)
        folder = part_dir(out, table)
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            stale_tmp = f.name.startswith(".part-") and f.name.endswith(".tmp")
            foreign = f.name.startswith("part-") and f.suffix == ".parquet" and part_owner(f.stem) not in keep
            if stale_tmp or foreign:
                f.unlink(missing_ok=True)


def _remove_legacy_parts(folder: Path) -> None:
    """Earlier versions wrote a table's parts to ``DIR/posts/``; a re-run writes ``DIR/posts.parquet/``
    and removes the old folder, if it holds nothing but parts."""
    if not folder.is_dir():
        return
    files = list(folder.iterdir())
    if all(f.name.startswith(("part-", ".part-")) for f in files):
        shutil.rmtree(folder, ignore_errors=True)


def scan(out: PathLike, table: str) -> pl.LazyFrame:
    """A lazy frame over one table of an output folder of ``threads parse``: the parts
    or aggregate of a corpus folder, or one file per table (Parquet, NDJSON or CSV)."""
    base = Path(out)
    if table in PART_TABLES:
        # DIR/posts.parquet/ (a folder of parts), or DIR/posts/ as earlier versions wrote it
        for folder in (part_dir(base, table), base / table):
            if folder.is_dir():
                return pl.scan_parquet(folder / "*.parquet")
    for ext in TABLE_FILES:
        if (base / f"{table}.{ext}").is_file():
            # Parquet lazily; NDJSON and CSV with their schema (export.read_table)
            if ext == "parquet":
                return pl.scan_parquet(base / f"{table}.{ext}")
            return read_table(base / f"{table}.{ext}", table).lazy()
    raise ThreadsError(f"no {table} table in the folder", str(base))


# The extensions of one-file-per-table outputs (export.FORMATS), in the order looked for.
TABLE_FILES = ("parquet", "ndjson", "csv")


def is_output(path: PathLike) -> bool:
    """Whether ``path`` is an output folder of ``threads parse``: a corpus folder
    (``corpus.json`` and ``posts/``) or one file per table (``posts.parquet``,
    ``replies.parquet``, ``authors.parquet``, ``interactions.parquet``, or the same in
    NDJSON or CSV). Recognised by its files, so it is read back, not parsed as a dump."""
    base = Path(path)
    if not base.is_dir():
        return False
    if is_corpus(base):
        return True
    return any(all((base / f"{t}.{ext}").is_file() for t in TABLES) for ext in TABLE_FILES)


def aggregate(out: Path) -> list[Path]:
    """Write ``authors`` and ``interactions`` from the parts, lazily (streaming)."""
    posts, replies = scan(out, "posts"), scan(out, "replies")
    # tables.py's builders are polars expressions, so they accept lazy frames as well
    # and the same definitions serve one thread and a corpus.
    lazy = {
        "authors": tables.authors_frame(posts, replies),  # type: ignore[arg-type]
        "interactions": tables.interactions_frame(posts, replies),  # type: ignore[arg-type]
    }
    written = []
    for name in AGGREGATES:
        frame = lazy[name]
        assert isinstance(frame, pl.LazyFrame)
        # Collected (streaming: only the projected columns of the parts are read), then
        # written in one piece: sink_parquet's row groups follow the engine's morsels,
        # so its bytes changed from run to run. The result is one row per author/pair.
        table = frame.collect(engine="streaming")
        write = lambda tmp, t=table: write_parquet(t, tmp)  # noqa: E731
        written.append(atomic_write(out / f"{name}.parquet", write))
    return written


def _count(out: Path, key: str) -> tuple[int, int]:
    """(threads, posts) of an input's complete parts."""
    frame = pl.read_parquet(part_path(out, "threads", key), columns=["n_posts"])
    return frame.height, int(frame["n_posts"].sum())


def build(
    inputs: PathLike | Iterable[PathLike],
    out_dir: PathLike,
    *,
    format: str | None = None,
    tz: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    strict: bool = False,
    force: bool = False,
    chunk_bytes: int | None = None,
    options: Options | None = None,
    on_start: Callable[[int, int, Runner], None] | None = None,
    on_result: Callable[[TaskResult, str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> CorpusRun:
    """Analyse every input into the corpus folder ``out_dir`` (see the module doc).

    ``workers``: processes (default every core; 1 runs in this process); ``scheduler``:
    a Dask scheduler address or ``"local"``. An input bigger than ``chunk_bytes``
    (default ``chunks.CHUNK_BYTES``; a compressed one once decompressed), or
    ``.zst``-compressed, in a dialect that can be read in pieces (Reddit NDJSON, mbox)
    is read in pieces in parallel, with bounded
    memory (see ``threads/chunks.py``). Bad inputs are listed in
    ``CorpusRun.failures`` and the run goes on, unless ``strict``: then the first one
    raises :class:`ThreadsError`. Raises it too when no input could be read.
    ``on_start(todo, up_to_date, runner)`` and ``on_result(result, outcome)`` (``ok``,
    ``failed`` or ``skipped``) report progress. ``options`` hold the zone, limits and
    the rest (``tz`` and ``workers``, when given, override theirs).
    """
    started = time.perf_counter()
    options = resolve(options, tz=tz, workers=workers)
    tz, workers = options.tz, options.workers
    if tz:
        check_zone(tz)
    if format:
        formats.get(format)
    items = as_list(inputs)
    named = {os.fspath(p) for p in items}
    out = Path(out_dir)
    tasks = plan(items, format, options)
    run = CorpusRun(out, inputs=len(tasks))
    if out.exists() and not out.is_dir():
        raise ThreadsError("exists and is not a folder", str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ThreadsError(f"cannot create the folder: {err.strerror or err}", str(out)) from None
    todo = [t for t in tasks if force or not is_current(out, t)]
    # Parts of an input to redo go first: a changed piece size changes how many group
    # parts it has, and a part left from another layout would double its rows.
    _remove_parts(out, [t.key for t in todo])
    counts: dict[str, tuple[int, int]] = {}
    run.up_to_date = len(tasks) - len(todo)
    failed_keys: set[str] = set()
    try:
        with executor(workers, scheduler, on_note=on_note) as runner:
            run.runner, run.dashboard = runner.description, runner.dashboard
            if on_start:
                on_start(len(todo), run.up_to_date, runner)
            for result in _all_results(runner, todo, out, chunk_bytes or chunks.CHUNK_BYTES):
                if result.error is None:
                    run.analysed += 1
                    counts[result.task.key] = (result.n_threads, result.n_posts)
                    outcome = "ok"
                else:
                    outcome = sort_failure(
                        result.task.path,
                        result.error_path,
                        result.error,
                        named,
                        run.failures,
                        run.skipped_files,
                    )
                    failed_keys.add(result.task.key)
                if on_result:
                    on_result(result, outcome)
                if strict and run.failures:
                    path, reason = run.failures[0]
                    raise ThreadsError(reason, path)
    except BaseException as err:
        # Stopped (--strict, Ctrl-C, a failed write): the workers are gone (the executor
        # ends them); the parts of inputs finished stay (a re-run skips them), the
        # temporary files of the unfinished ones do not, and no manifest claims a whole run.
        shutil.rmtree(out / PARTS_TMP, ignore_errors=True)
        if isinstance(err, OSError):
            raise ThreadsError(write_failed(err), str(out)) from None
        raise
    done = [t for t in tasks if t.key not in failed_keys]
    if out.is_dir():
        _remove_parts(out, failed_keys)
        _tidy(out, {t.key for t in done})
    if not done:
        raise nothing_read(run.failures, named)
    for task in done:
        n_threads, n_posts = counts.get(task.key) or _count(out, task.key)
        run.threads += n_threads
        run.posts += n_posts
    try:
        aggregate(out)
    except OSError as err:
        raise ThreadsError(write_failed(err), str(out)) from None
    order = {t.path: n for n, t in enumerate(tasks)}
    run.failures.sort(key=lambda f: order.get(f[0], len(order)))
    run.seconds = time.perf_counter() - started
    _write_manifest(run, tasks, failed_keys, format, tz)
    return run


def _all_results(runner: Runner, tasks: list[Task], out: Path, chunk_bytes: int) -> Iterable[TaskResult]:
    """Big inputs first, one after the other, each read in pieces on every worker; then
    the others, one task each."""
    whole = []
    for task in tasks:
        try:
            plan = chunks.probe(task, out, chunk_bytes)
        except ThreadsError:
            plan = None  # run_task names the problem as reading the file whole does
        if plan is None:
            whole.append(task)
            continue
        try:
            yield chunks.run_input(plan, runner, out, chunk_bytes)
        except chunks.NotUtf8:
            whole.append(task)
    yield from _results(runner, whole, out)


def _results(runner: Runner, tasks: list[Task], out: Path) -> Iterable[TaskResult]:
    """Run ``tasks`` with at most a few per worker in flight; yield results as they come."""
    # An absolute path: a Dask worker's working folder is not ours.
    where = str(out.absolute())
    for task, result, error in bounded(runner, run_task, tasks, where, not runner.in_process):
        if result is not None:
            yield result
        elif isinstance(error, ThreadsError):
            yield TaskResult(task, error=error.message, error_path=error.path or task.path)
        else:
            # A parser bug or a worker that died (out of memory, killed) must not end an
            # overnight run: the input is named as failed, with the cause.
            yield TaskResult(task, error=_internal(error), error_path=task.path)


def _internal(error: BaseException | None) -> str:
    """What went wrong outside the input itself, in words a user can act on."""
    name = type(error).__name__
    if isinstance(error, (CancelledError, asyncio.CancelledError)):
        return "cancelled: the Dask scheduler or the worker running it was lost (run again to resume)"
    if name == "KilledWorker":  # distributed: a worker died under it each time it was tried
        return "every worker that ran this input died (out of memory?)"
    if name == "BrokenProcessPool":
        return "a worker process died (out of memory, or killed); run again to resume"
    return internal_error(error)


def _write_manifest(
    run: CorpusRun, tasks: list[Task], failed: set[str], format: str | None, tz: str | None
) -> None:
    reasons = dict(run.failures + run.skipped_files)
    manifest = {
        "version": MANIFEST_VERSION,
        "format": format,
        "tz": tz,
        "threads": run.threads,
        "posts": run.posts,
        "inputs": [
            {
                "path": t.path,
                "part": t.key,
                "status": "failed" if t.key in failed else "ok",
                **({"reason": reasons.get(t.path, "")} if t.key in failed else {}),
            }
            for t in tasks
        ],
        "failures": [{"file": f, "reason": r} for f, r in run.failures],
        "skipped_files": [{"file": f, "reason": r} for f, r in run.skipped_files],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    atomic_write(run.out_dir / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# ---------------------------------------------------------------- reading a corpus back
def is_corpus(path: PathLike) -> bool:
    """Whether ``path`` is a corpus folder written by :func:`build`: its manifest and its
    posts parts (a ConvoKit export has a ``corpus.json`` too, and no folder of parts)."""
    base = Path(path)
    return (base / MANIFEST).is_file() and (part_dir(base, "posts").is_dir() or (base / "posts").is_dir())


@dataclass
class Corpus:
    """A corpus folder, read lazily: each table is a ``pl.LazyFrame`` over its files.

    >>> c = Corpus.open("corpus/")                                  # doctest: +SKIP
    >>> c.posts.filter(pl.col("compound") < -0.5).collect()         # doctest: +SKIP
    """

    path: Path
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    run: CorpusRun | None = None

    @classmethod
    def open(cls, path: PathLike) -> Corpus:
        """Open a corpus folder written by :func:`build` or ``threads parse``."""
        base = Path(path)
        if not is_corpus(base) and is_output(base):
            return cls(base)  # one file per table: no manifest, nothing failed that we know of
        try:
            manifest = json.loads((base / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ThreadsError(f"not a corpus folder (no readable {MANIFEST}): {err}", str(base)) from None
        return cls(
            base,
            [(f["file"], f["reason"]) for f in manifest.get("failures", [])],
            [(f["file"], f["reason"]) for f in manifest.get("skipped_files", [])],
        )

    @property
    def posts(self) -> pl.LazyFrame:
        return scan(self.path, "posts")

    @property
    def replies(self) -> pl.LazyFrame:
        return scan(self.path, "replies")

    @property
    def threads(self) -> pl.LazyFrame:
        """One row per thread (see ``model.THREADS_SCHEMA``). A folder of one file per
        table has no threads table: its rows come from the posts (title, file and format
        of each thread's first post; encoding, confidence, skips and warnings unknown)."""
        if part_dir(self.path, "threads").is_dir() or (self.path / "threads").is_dir():
            return scan(self.path, "threads")
        first = pl.col("post_id") == pl.col("post_id").min()
        return (
            self.posts.group_by("thread_id", maintain_order=True)
            .agg(
                pl.col("title").filter(first).first(),
                pl.col("source_file").filter(first).first(),
                pl.col("source_format").filter(first).first(),
                pl.lit(float("nan")).alias("format_confidence"),
                pl.lit("unknown").alias("encoding"),
                pl.len().cast(pl.Int64).alias("n_posts"),
            )
            .with_columns(
                pl.lit([], THREADS_SCHEMA["skipped"]).alias("skipped"),
                pl.lit([], THREADS_SCHEMA["warnings"]).alias("warnings"),
            )
        )

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r}, {len(self.failures)} failures)"

    def analysis(self) -> Analysis:
        """The whole folder in memory as an :class:`~threads.analysis.Analysis`: the
        tables as written, and threads rebuilt from their rows (so ``tree``, ``show``,
        the reports and the exporters take it as they take a parse)."""
        threads = thread_stubs(self.threads.collect())
        posts, replies = self.posts.collect(), self.replies.collect()
        by_thread = {t.thread_id: t for t in threads}
        for row in posts.sort(["thread_id", "post_id"]).iter_rows(named=True):
            by_thread[row["thread_id"]].posts.append(Post(**row))
        for row in replies.iter_rows(named=True):
            by_thread[row["thread_id"]].replies.append(
                Reply(
                    row["thread_id"],
                    row["post_id"],
                    row["target_id"],
                    row["target_author"],
                    row["evidence"],
                    row["confidence"],
                    row["detail"],
                )
            )
        for thread in threads:
            if [p.post_id for p in thread.posts] != list(range(len(thread.posts))):
                raise ThreadsError(
                    f"thread {thread.thread_id!r}: post ids are not 0, 1, 2, ...", str(self.path)
                )
        return Analysis.from_tables(
            threads,
            posts=posts,
            replies=replies,
            authors=self.authors.collect(),
            interactions=self.interactions.collect(),
            failures=list(self.failures),
            skipped_files=list(self.skipped_files),
        )

    @property
    def authors(self) -> pl.LazyFrame:
        return scan(self.path, "authors")

    @property
    def interactions(self) -> pl.LazyFrame:
        return scan(self.path, "interactions")

    def collect(self, pages: int | None = None) -> CollectedCorpus:
        """The corpus in memory, in the shape :func:`threads.report` takes: every thread,
        or with ``pages`` only the ``pages`` biggest (most posts; ties by id), so a report
        on a corpus of thousands of threads stays bounded (pages, memory, time)."""
        order = ["thread_id", "post_id"]
        threads = self.threads.sort("thread_id").collect()
        total = threads.height
        posts, replies = self.posts, self.replies
        if pages is not None and pages < total:
            threads = threads.sort(["n_posts", "thread_id"], descending=[True, False]).head(pages)
            threads = threads.sort("thread_id")
            chosen = pl.col("thread_id").is_in(threads["thread_id"].to_list())
            posts, replies = posts.filter(chosen), replies.filter(chosen)
        return CollectedCorpus(
            threads=thread_stubs(threads),
            posts=posts.sort(order).collect(),
            replies=replies.sort([*order, "target_id"]).collect(),
            failures=list(self.failures),
            total_threads=total,
        )


@dataclass
class CollectedCorpus:
    """Threads (without post objects) and the posts and replies frames of a corpus:
    what :func:`threads.report` reads, so a corpus is reported without re-parsing."""

    threads: list[Thread]
    posts: pl.DataFrame
    replies: pl.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    total_threads: int = 0  # in the corpus (``threads`` may be the biggest only)


def read_many(
    paths: PathLike | Iterable[PathLike],
    out: PathLike | None = None,
    *,
    format: str | None = None,
    tz: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    strict: bool = False,
    force: bool = False,
    options: Options | None = None,
) -> Corpus:
    """Analyse many dumps in parallel into a corpus folder and return it as lazy frames.

    ``out`` is the folder (re-using it skips inputs already done; default: a new
    temporary folder, left for the caller to remove). ``workers`` processes (default:
    every core; 1 runs here), or ``scheduler``: a Dask address or ``"local"``.
    ``options`` as for :func:`threads.read` (``tz`` and ``workers`` override theirs).

    >>> c = read_many("forum/", workers=4)                           # doctest: +SKIP
    >>> c.authors.head(5).collect()                                  # doctest: +SKIP
    """
    folder = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="threads-corpus-"))
    run = build(
        paths,
        folder,
        format=format,
        tz=tz,
        workers=workers,
        scheduler=scheduler,
        strict=strict,
        force=force,
        options=options,
    )
    return Corpus(folder, list(run.failures), list(run.skipped_files), run)
