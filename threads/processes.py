"""Worker processes for the corpus runs (``parallel.py``) and the sentiment pool
(``sentiment.py``): how they are started, and Ctrl-C kept away from them.

Not plain fork: a child forked after polars has started its thread pool can deadlock
(polars documents this). A fork server starts clean and forks each worker from itself,
so workers still start in milliseconds; where there is none (Windows), spawn.

Ctrl-C in a terminal reaches the whole process group. The run's own process says
"threads: interrupted" and stops its workers; a worker that took the interrupt itself
printed its traceback (the sentiment pool's two, mid-run on a big thread), and so did the
fork server while it was still importing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any

# Seconds a stopped pool waits for each terminated worker to exit (they exit at once).
STOP_WAIT_SECONDS = 10


def context(preload: list[str] | None = None) -> BaseContext:
    """The start method's context, the fork server (loading ``preload`` modules once,
    if it is not running yet) started with Ctrl-C ignored."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    if preload:
        ctx.set_forkserver_preload(preload)
    _start_forkserver()
    return ctx


def _start_forkserver() -> None:
    """Start the fork server (if it is not running) with Ctrl-C ignored. It imports its
    preload modules (polars, ...) for about a second before it protects itself, and its
    workers inherit what it started with. An ignored signal stays ignored in the program a
    process executes, so the server and every worker it forks start protected; this
    process ignores Ctrl-C only while it launches the server (it does not wait for it)."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; the pool starts the server then
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, before)


def ignore_interrupt() -> None:
    """A worker's first step (spawned workers start with Python's handler): the process
    that started it handles Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def interrupt_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block ends, around a pool's submits. A submit may start a
    worker process: a Ctrl-C in the middle left a child the pool did not know of yet,
    which outlived the run and printed a traceback (its pool's semaphores were gone).
    Only the main thread handles signals; elsewhere, or where Ctrl-C is not handled by
    Python, the block runs as is."""
    handler = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(handler):
        yield
        return
    held: list[tuple[int, Any]] = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append((signum, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        if held:
            handler(*held[0])  # the run's own handler: raises KeyboardInterrupt


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now, rather than after the tasks in their hands, when its run
    stopped (Ctrl-C, --strict, an error). Shutting a pool down waits for every task the
    workers hold, and at exit Python does so even without a shutdown: 39 s after a Ctrl-C
    at the start of a corpus run of 24 inputs of 8,000 posts, 50-85 s after one mid-run on
    a 400,000-post thread (the sentiment pool scoring every chunk). The caller then shuts
    the pool down, which no longer waits."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=STOP_WAIT_SECONDS)
