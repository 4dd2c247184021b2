"""One task per input, run in-process, on a local process pool, or on a Dask cluster.

A task reads, detects, parses and analyses one input file and writes its rows as
Parquet parts (posts, replies, one row per thread) into the output folder, atomically,
returning only counts: the writing is spread over the workers and no process ever holds
more than one input's rows. Workers therefore need the inputs and the output folder at
the same paths (one machine, or a shared file system on a cluster). The three ways of
running tasks share one interface, ``concurrent.futures.Executor``:

- ``workers=1``: in the calling process (no pickling, easiest to debug);
- ``workers=N`` (default: every core this process may use): a process pool;
- ``scheduler="tcp://host:port"``: an existing Dask cluster through
  ``Client(address).get_executor()``; ``scheduler="local"`` starts a ``LocalCluster``.

Dask is optional (``pip install "threads[dask]"``) and imported only when asked for.
Workers of a cluster must be able to import ``threads`` and its dependencies (install the
same version there); when a worker cannot import it, :func:`executor` ships the package
with ``Client.upload_file`` as a zip and says so.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from threads import processes, sentiment, tables
from threads.files import atomic_write, write_failed
from threads.model import RawThread, Thread, ThreadsError
from threads.options import Options
from threads.pipeline import analyse_source, rename_thread, thread_ids
from threads.read import read_input

# The row tables written per input, in this order: a complete ``threads`` part marks the
# input done (resume checks it).
PART_TABLES = ("posts", "replies", "threads")
# Retries Dask may make when a worker dies under a task (the task is pure: it only reads).
DASK_RETRIES = 2
# Tasks in flight per worker slot: enough to keep every worker busy while results are
# counted, few enough that a cancelled run (--strict, Ctrl-C) stops soon.
IN_FLIGHT_PER_SLOT = 2
# The longest a run waits for a result at a time: a Ctrl-C is handled between waits (a
# wait with no timeout held the interrupt until an input finished: 25 s on a corpus run
# of 8,000-post inputs).
WAIT_SECONDS = 0.25
_R = TypeVar("_R")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Task:
    """One input to analyse: ``suffix`` (2, 3, ...) renames its threads ``<id>-<suffix>``
    when an earlier input had the same file stem, as :func:`threads.read` does;
    ``options`` travel with the task to whichever process runs it."""

    path: str
    key: str
    format: str | None = None
    suffix: int | None = None
    options: Options = field(default_factory=Options)

    @property
    def tz(self) -> str | None:
        """The zone of wall-clock times (``options.tz``)."""
        return self.options.tz


@dataclass
class TaskResult:
    """What a task sends back: how many threads and posts it wrote, or why the input
    could not be read."""

    task: Task
    n_threads: int = 0
    n_posts: int = 0
    error: str | None = None
    error_path: str | None = None
    seconds: float = 0.0


def part_dir(out: Path, table: str) -> Path:
    """The folder of ``table``'s parts: ``DIR/posts.parquet/``, named as the one file of a
    small run is, so ``pl.read_parquet("DIR/posts.parquet")`` reads either layout."""
    return out / f"{table}.parquet"


# Parts are written here and renamed into their table folder: polars refuses a table
# folder that holds a file of another extension (a killed run's temporary file).
PARTS_TMP = ".parts-tmp"


def write_part(target: Path, write: Callable[[Path], None]) -> Path:
    """Write one part atomically, its temporary file outside the table folders."""
    return atomic_write(target, write, tmp_dir=target.parent.parent / PARTS_TMP)


def part_path(out: Path, table: str, key: str) -> Path:
    """Where an input's part of ``table`` (posts, replies or threads) lives."""
    return part_dir(out, table) / f"{key}.parquet"


# An input read in pieces (threads/chunks.py) has several posts and replies parts,
# ``<key>~<group>.parquet``, one per group of its threads; its ``threads`` part is one.
GROUP_MARK = "~"


def group_part_path(out: Path, table: str, key: str, group: int) -> Path:
    """Where the part of ``table`` for one group of an input's threads lives."""
    return part_path(out, table, f"{key}{GROUP_MARK}{group:05d}")


def part_files(out: Path, table: str, key: str) -> list[Path]:
    """Every part of ``table`` that belongs to the input ``key`` (one, or one per group)."""
    single = part_path(out, table, key)
    found = [single] if single.exists() else []
    return found + sorted(part_dir(out, table).glob(f"{key}{GROUP_MARK}*.parquet"))


def part_owner(stem: str) -> str:
    """The input key a part file's stem belongs to."""
    return stem.split(GROUP_MARK, 1)[0]


def stem_id(path: str) -> str:
    """The thread id a one-thread file gets (its sanitised stem)."""
    return thread_ids(path, [RawThread(posts=[])])[0]


def thread_stubs(frame: pl.DataFrame) -> list[Thread]:
    """:class:`Thread` records (without posts) from a threads table, for report()."""
    return [
        Thread(
            thread_id=r["thread_id"],
            title=r["title"],
            source_file=r["source_file"],
            source_format=r["source_format"],
            encoding=r["encoding"],
            posts=[],
            replies=[],
            format_confidence=r["format_confidence"],
            skipped={s["item"]: s["count"] for s in r["skipped"] or []},
            warnings=list(r["warnings"] or []),
        )
        for r in frame.iter_rows(named=True)
    ]


def run_task(task: Task, out_dir: str, single_core: bool = True) -> TaskResult:
    """Analyse one input and write its parts under ``out_dir`` (in whichever process runs
    this: the parts are written where they are computed, so the caller never holds
    another input's rows). ``single_core`` keeps the sentiment stage from starting its own
    process pool inside a pool worker."""
    started = time.perf_counter()
    options = task.options.for_worker() if single_core else task.options
    try:
        found = analyse_source(read_input(task.path, options), task.format, options)
    except ThreadsError as err:
        return TaskResult(task, error=err.message, error_path=err.path or task.path)
    out = Path(out_dir)
    try:
        frames = write_parts(found, task, {table: part_path(out, table, task.key) for table in PART_TABLES})
    except OSError as err:
        return TaskResult(task, error=write_failed(err), error_path=str(out))
    return TaskResult(
        task,
        n_threads=len(found),
        n_posts=frames["posts"].height,
        seconds=time.perf_counter() - started,
    )


def write_parts(found: list[Thread], task: Task, targets: dict[str, Path]) -> dict[str, pl.DataFrame]:
    """The task body after analysis, shared by a whole input (:func:`run_task`) and a
    group of a big one (``chunks.analyse_group``), on a pool, on Dask or in-process:
    give the threads their suffixed ids, tabulate them, and write each table named in
    ``targets`` (in that order) atomically. Returns the three frames."""
    if task.suffix:
        for thread in found:
            rename_thread(thread, f"{thread.thread_id}-{task.suffix}")
    frames = {
        "posts": tables.posts_frame(found, task.tz),
        "replies": tables.replies_frame(found),
        "threads": tables.threads_frame(found),
    }
    for table, target in targets.items():  # the threads part last: it marks the set complete
        write_part(target, frames[table].write_parquet)
    return frames


def bounded(
    runner: Runner, fn: Callable[..., _R], items: Iterable[_T], *args: Any
) -> Iterator[tuple[_T, _R | None, BaseException | None]]:
    """Run ``fn(item, *args)`` for each item with at most a few per worker in flight, and
    yield ``(item, result, None)`` or ``(item, None, error)`` as they finish. Items are
    taken from ``items`` only as slots free up, so a generator of big items (pieces of a
    compressed dump) is never held in memory all at once."""
    limit = max(2, runner.slots * IN_FLIGHT_PER_SLOT)
    pending: dict[Future[_R], _T] = {}
    queue = iter(items)
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            item = next(queue, _DONE)
            if item is _DONE:
                exhausted = True
                break
            try:
                with processes.interrupt_deferred():
                    pending[runner.executor.submit(fn, item, *args)] = item  # type: ignore[arg-type]
            except RuntimeError as err:  # a broken pool refuses new work
                yield item, None, ThreadsError(f"worker pool failed: {err}")
        if not pending:
            return
        finished: set[Future[_R]] = set()
        while not finished:  # in short waits: see WAIT_SECONDS
            finished, _ = wait(pending, timeout=WAIT_SECONDS, return_when=FIRST_COMPLETED)
        for future in finished:
            item = pending.pop(future)
            try:
                yield item, future.result(), None
            except Exception as err:
                yield item, None, err


_DONE = object()


class InlineExecutor(Executor):
    """Runs each task when it is submitted, in the calling process."""

    def submit(self, fn: Callable[..., _R], /, *args: Any, **kwargs: Any) -> Future[_R]:
        future: Future[_R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(error)
        return future


@dataclass
class Runner:
    """An executor and how to describe it (``dashboard``: Dask's status page, if any)."""

    executor: Executor
    description: str
    slots: int
    in_process: bool = False
    dashboard: str | None = None


def default_workers() -> int:
    """Every core this process may run on."""
    return sentiment.default_workers()


@contextlib.contextmanager
def executor(
    workers: int | None = None, scheduler: str | None = None, *, on_note: Callable[[str], None] | None = None
) -> Iterator[Runner]:
    """The executor for ``workers`` / ``scheduler`` (see the module doc), shut down on exit."""
    if workers is not None and workers < 1:
        raise ThreadsError(f"--workers must be 1 or more (got {workers})")
    if scheduler:
        with _dask(scheduler, workers, on_note) as runner:
            yield runner
        return
    n = workers or default_workers()
    if n == 1:
        yield Runner(InlineExecutor(), "in-process", 1, in_process=True)
        return
    # A fork server that loads threads once (threads.processes says why).
    context = processes.context(["threads.parallel"])
    pool = ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=processes.ignore_interrupt)
    try:
        yield Runner(pool, f"{n} worker processes", n)
    except BaseException:
        processes.stop_workers(pool)  # now, not after the inputs in their hands
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _dask(address: str, workers: int | None, on_note: Callable[[str], None] | None) -> Iterator[Runner]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ThreadsError(
            '--scheduler needs Dask: pip install "threads[dask]" (or "dask[distributed]")'
        ) from None
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(address, timeout="10s"))
            except (OSError, TimeoutError) as err:
                raise ThreadsError(f"cannot reach the Dask scheduler: {err}", address) from None
        n = len(client.scheduler_info().get("workers", {}))
        if n == 0:
            client.wait_for_workers(1, timeout=30)
            n = len(client.scheduler_info().get("workers", {}))
        _ensure_package(client, on_note)
        runner = Runner(
            client.get_executor(pure=False, retries=DASK_RETRIES),
            f"Dask {'local cluster' if address == 'local' else address}, {n} workers",
            max(n, 1) * _threads_per_worker(client),
            dashboard=client.dashboard_link,
        )
        yield runner


def _threads_per_worker(client: Any) -> int:
    info = client.scheduler_info().get("workers", {})
    counts = [w.get("nthreads", 1) for w in info.values()]
    return max(1, round(sum(counts) / len(counts))) if counts else 1


def _has_threads() -> bool:
    return importlib.util.find_spec("threads") is not None


def _ensure_package(client: Any, on_note: Callable[[str], None] | None) -> None:
    """Upload this ``threads`` package to workers that cannot import it."""
    found = client.run(_has_threads)
    if all(found.values()):
        return
    package = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        archive = shutil.make_archive(
            os.path.join(tmp, "threads_pkg"), "zip", root_dir=package.parent, base_dir=package.name
        )
        client.upload_file(archive, load=True)
    if on_note:
        missing = sorted(k for k, ok in found.items() if not ok)
        on_note(f"uploaded the threads package to {len(missing)} worker(s) that could not import it")
