"""export.py: the three formats round-trip; writes are atomic."""

from __future__ import annotations

import json
import os

import polars as pl
import pytest

from threads.export import atomic_write, write_tables
from threads.model import ThreadsError


@pytest.mark.parametrize("to", ["parquet", "csv", "ndjson"])
def test_roundtrip(seed004, tmp_path, to: str) -> None:
    paths = seed004.write(tmp_path, to=to)
    assert sorted(p.name for p in paths) == sorted(
        f"{n}.{to}" for n in ("posts", "replies", "authors", "interactions")
    )
    reader = {"parquet": pl.read_parquet, "csv": pl.read_csv, "ndjson": pl.read_ndjson}[to]
    posts = reader(tmp_path / f"posts.{to}")
    assert posts.height == 26
    assert posts["author"].to_list() == seed004.posts["author"].to_list()
    if to == "parquet":
        assert posts.equals(seed004.posts)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_ndjson_lines_are_json(seed004, tmp_path) -> None:
    seed004.write(tmp_path, to="ndjson")
    lines = (tmp_path / "replies.ndjson").read_text().splitlines()
    assert len(lines) == seed004.replies.height
    assert json.loads(lines[0])["evidence"] in {"root", "quote", "explicit"}


def test_failed_write_leaves_old_file_and_no_temp(tmp_path) -> None:
    target = tmp_path / "posts.parquet"
    target.write_text("old")

    def boom(path) -> None:
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(target, boom)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["posts.parquet"]


def test_unknown_format_and_unwritable_dir(seed004, tmp_path) -> None:
    with pytest.raises(ThreadsError, match="unknown output format"):
        write_tables({"posts": seed004.posts}, tmp_path, "xlsx")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ThreadsError, match="cannot write"):
        write_tables({"posts": seed004.posts}, blocker / "sub", "parquet")
