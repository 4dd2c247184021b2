"""A real Dask cluster: a scheduler and two worker processes on 127.0.0.1, started as
separate processes; a run through ``--scheduler tcp://...`` equals the local run.

Skipped (saying why) where Dask is not installed, except in CI (``CI`` set), where a
missing Dask is a failure: ``pip install -e '.[test]'`` installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.test_scale import sample_inputs, tables_of
from threads.cli import app
from threads.corpus import build

try:
    import distributed
except ImportError:  # pragma: no cover - depends on the environment
    distributed = None  # type: ignore[assignment]
    if os.environ.get("CI"):
        raise RuntimeError('CI needs Dask for tests/test_dask.py: pip install -e ".[test]"') from None
    pytest.skip('dask not installed (pip install "threads[dask]")', allow_module_level=True)

STARTUP_SECONDS = 60
# Posts in each dump of the worker-killed and scheduler-lost tests: enough that a task
# runs for a second or more (the tests poll every 20 ms for a busy worker, and the
# scheduler must be lost with inputs unfinished), no more: each post is analysed on a
# single-threaded worker, and the local reference run does them all again (3,000-post
# dumps made these two tests ~2 minutes of the suite).
BIG_POSTS = 1000


def _dask_cmd(*args: str) -> list[str]:
    # `python -m distributed.cli.dask_*` is the `dask scheduler` / `dask worker` command
    # without relying on the script being on PATH.
    return [sys.executable, "-m", *args]


Cluster = tuple[str, list[subprocess.Popen], subprocess.Popen]  # address, workers, scheduler


def _scheduler_address(info: Path, deadline: float) -> str:
    """The address in the scheduler file, once the scheduler has written it whole: the
    file exists (empty or half-written) for a moment before its JSON is complete."""
    while True:
        try:
            return str(json.loads(info.read_text())["address"])
        except (FileNotFoundError, ValueError, KeyError):
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


@contextmanager
def _cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """A scheduler and ``workers`` single-threaded worker processes (no nanny: each
    worker is the process started here) on 127.0.0.1; yields the address, the worker
    processes and the scheduler's."""
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [
        subprocess.Popen(
            _dask_cmd(
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ),
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        address = _scheduler_address(info, time.monotonic() + STARTUP_SECONDS)
        assert address.startswith("tcp://127.0.0.1:"), address
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    _dask_cmd(
                        "distributed.cli.dask_worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--local-directory",
                        str(folder),
                    ),
                    cwd=folder,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=STARTUP_SECONDS)
        yield address, procs[1:], procs[0]
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """``tcp://127.0.0.1:PORT`` of a scheduler with two single-threaded worker processes."""
    with _cluster(tmp_path_factory.mktemp("dask")) as (address, _, _):
        yield address


def test_dask_cluster_equals_local_run(cluster: str, tmp_path: Path) -> None:
    inputs = sample_inputs()
    local, remote = tmp_path / "local", tmp_path / "dask"
    build(inputs, local, workers=1)
    res = CliRunner().invoke(
        app,
        ["parse", *map(str, inputs), "--out", str(remote), "--scheduler", cluster],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    assert f"Dask {cluster}, 2 workers" in res.output
    one, two = tables_of(local), tables_of(remote)
    for name in one:
        assert_frame_equal(one[name], two[name], check_exact=True)


def test_dask_names_failed_inputs(cluster: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe" + "hi".encode("utf-16-le") + b"\x00\xd8")
    run = build([*sample_inputs()[:3], bad], tmp_path / "out", scheduler=cluster)
    assert run.analysed == 3 and run.failures == [(str(bad), run.failures[0][1])]
    assert "cannot decode as utf-16-le" in run.failures[0][1]


def test_dask_reads_big_dumps_in_pieces(cluster: str, tmp_path: Path) -> None:
    """Pieces scanned and thread groups analysed on the cluster's workers (spill files in
    the output folder) give the tables of reading each dump whole in one process."""
    from tests.test_chunking import assert_same_tables, make_mbox, make_reddit, parts

    dumps = [make_reddit(tmp_path / "rs.ndjson", n=300), make_mbox(tmp_path / "list.mbox")]
    build(dumps, tmp_path / "whole", workers=1, chunk_bytes=1 << 40)
    run = build(dumps, tmp_path / "dask", scheduler=cluster, chunk_bytes=1500)
    assert not run.failures and run.analysed == 2 and parts(tmp_path / "dask") > 4
    assert_same_tables(tmp_path / "whole", tmp_path / "dask")


def test_a_worker_killed_mid_run_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL one of two workers while it runs a task: Dask gives its tasks to the other
    worker, the run completes with every input, the tables equal a local run's, and the
    killed worker's half-written file is not left in the output folder."""
    from tests.test_reliability import _big_dump

    (tmp_path / "in").mkdir()
    inputs = [_big_dump(tmp_path / "in" / f"big{i}.txt", BIG_POSTS) for i in range(6)]
    inputs += sample_inputs()[:4]
    build(inputs, tmp_path / "local", workers=1)
    outcome: dict[str, object] = {}
    with _cluster(tmp_path) as (address, workers, _):
        runner = threading.Thread(
            target=lambda: outcome.update(run=build(inputs, tmp_path / "dask", scheduler=address))
        )
        runner.start()
        victim = None
        with distributed.Client(address, timeout="30s") as client:
            deadline = time.monotonic() + 120
            while victim is None and runner.is_alive() and time.monotonic() < deadline:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    victim = next(p for p in workers if p.pid == pid)
                    victim.kill()
                time.sleep(0.02)
        runner.join(timeout=300)
    assert victim is not None and victim.wait(timeout=15) == -9, "no worker was busy to kill"
    run = outcome["run"]
    assert not run.failures and run.analysed == len(inputs)  # type: ignore[attr-defined]
    one, two = tables_of(tmp_path / "local"), tables_of(tmp_path / "dask")
    for name in one:
        assert_frame_equal(one[name], two[name], check_exact=True)
    assert not list((tmp_path / "dask").rglob("*.tmp")), "a killed worker's temporary file was left"


def test_a_lost_scheduler_names_the_unfinished_inputs_and_a_rerun_resumes(tmp_path: Path) -> None:
    """SIGKILL the scheduler mid-run: the run ends (no hang), every input not finished is
    named with the reason; run again on a new cluster, it does only those."""
    from tests.test_reliability import _big_dump

    (tmp_path / "in").mkdir()
    inputs = [_big_dump(tmp_path / "in" / f"big{i}.txt", BIG_POSTS) for i in range(8)]
    outcome: dict[str, object] = {}

    def go(address: str) -> None:
        try:
            outcome["run"] = build(inputs, tmp_path / "out", scheduler=address)
        except Exception as err:  # nothing finished: build raises the first failure
            outcome["error"] = err

    (tmp_path / "c1").mkdir()
    with _cluster(tmp_path / "c1") as (address, _, scheduler):
        runner = threading.Thread(target=go, args=(address,), daemon=True)
        runner.start()
        with distributed.Client(address, timeout="30s") as client:
            deadline = time.monotonic() + 120
            while not any(client.processing().values()) and time.monotonic() < deadline:
                time.sleep(0.02)
        scheduler.kill()
        runner.join(timeout=120)
        assert not runner.is_alive(), "the run hung after losing its scheduler"
    run = outcome.get("run")
    failures = run.failures if run is not None else []  # type: ignore[attr-defined]
    if run is None:
        assert "could be read" in str(outcome["error"])
    finished = {p.name for p in (tmp_path / "out" / "threads.parquet").glob("part-*.parquet")}
    assert len(finished) < len(inputs)
    if failures:
        assert all("the Dask scheduler or the worker running it was lost" in why for _, why in failures)
    (tmp_path / "c2").mkdir()
    with _cluster(tmp_path / "c2") as (address, _, _):
        again = build(inputs, tmp_path / "out", scheduler=address)
    assert not again.failures and again.analysed + again.up_to_date == len(inputs)
    assert again.up_to_date == len(finished)
