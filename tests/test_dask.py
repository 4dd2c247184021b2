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
import time
from collections.abc import Iterator
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


def _dask_cmd(*args: str) -> list[str]:
    # `python -m distributed.cli.dask_*` is the `dask scheduler` / `dask worker` command
    # without relying on the script being on PATH.
    return [sys.executable, "-m", *args]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """``tcp://127.0.0.1:PORT`` of a scheduler with two single-threaded worker processes."""
    folder = tmp_path_factory.mktemp("dask")
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
        deadline = time.monotonic() + STARTUP_SECONDS
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:"), address
        for _ in range(2):
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
            client.wait_for_workers(2, timeout=STARTUP_SECONDS)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


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
