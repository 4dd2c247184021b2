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

import multiprocessing
import multiprocessing.forkserver
import signal
import threading
from multiprocessing.context import BaseContext


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
