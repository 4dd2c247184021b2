"""The Python API: threads.read, Analysis, write, thread()."""

from __future__ import annotations

import polars as pl
import pytest

import threads
from tests.conftest import SEED_004, SEEDS


def test_public_api() -> None:
    assert set(threads.__all__) >= {"read", "report", "Analysis", "Thread", "ThreadsError"}


def test_read_list_and_folder_agree() -> None:
    by_folder = threads.read(SEEDS)
    by_list = threads.read(sorted(SEEDS.glob("*.txt")))
    assert by_folder.posts.equals(by_list.posts)
    assert [t.thread_id for t in by_folder.threads] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]


def test_thread_subset(seed004) -> None:
    corpus = threads.read(SEEDS)
    one = corpus.thread("004_c3b9a48d73eaee79")
    assert one.posts.equals(seed004.posts)
    with pytest.raises(threads.ThreadsError):
        corpus.thread("nope")


def test_write_and_read_back(seed004, tmp_path) -> None:
    seed004.write(tmp_path)
    assert pl.read_parquet(tmp_path / "replies.parquet").equals(seed004.replies)


def test_summary_counts(seed004) -> None:
    s = seed004.summary()
    assert s["posts"] == 26 and s["authors"] == 19 and s["threads"] == 1
    assert s["parent_links_by_evidence"] == {"explicit": 4, "quote": 2, "root": 19}
    assert s["inputs"][0]["format"] == "typepad-text" and s["inputs"][0]["encoding"] == "utf-8"


def test_format_argument_and_errors(tmp_path) -> None:
    a = threads.read(SEED_004, format="article")
    assert a.posts.height == 1
    with pytest.raises(threads.ThreadsError, match="unknown format"):
        threads.read(SEED_004, format="bogus")
    with pytest.raises(threads.ThreadsError, match="no input given"):
        threads.read([])
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(threads.ThreadsError, match="file is empty"):
        threads.read(tmp_path / "e.txt")


def test_same_stem_in_two_folders_gets_unique_ids(tmp_path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "t.txt").write_bytes(SEED_004.read_bytes())
    a = threads.read(tmp_path)
    assert [t.thread_id for t in a.threads] == ["t", "t-2"]
    assert a.posts["thread_id"].unique().sort().to_list() == ["t", "t-2"]
