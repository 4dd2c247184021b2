"""Corpus runs (threads/corpus.py, threads/parallel.py): parallel equals in-process,
partitioned datasets, resume, batch failures, and report from a corpus folder."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

import threads
from tests.conftest import FIXTURES, SEED_004, SEEDS
from threads.cli import CORPUS_MIN_FILES, EXIT_FAILED, EXIT_PARTIAL, app
from threads.corpus import Corpus, build

runner = CliRunner()
ORDER = {"posts": ["thread_id", "post_id"], "replies": ["thread_id", "post_id", "target_id"]}


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def sample_inputs() -> list[Path]:
    """Real dumps of several formats: the seeds and one file per fixture folder."""
    picks = sorted(SEEDS.glob("*.txt"))
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.endswith("-html")):
        picks.append(sorted(f for f in folder.iterdir() if f.is_file())[0])
    return picks


def tables_of(folder: Path) -> dict[str, pl.DataFrame]:
    c = Corpus.open(folder)
    return {
        "posts": c.posts.collect().sort(ORDER["posts"]),
        "replies": c.replies.collect().sort(ORDER["replies"]),
        "threads": c.threads.collect().sort("thread_id"),
        "authors": c.authors.collect(),
        "interactions": c.interactions.collect(),
    }


@pytest.fixture(scope="module")
def inputs() -> list[Path]:
    return sample_inputs()


@pytest.fixture(scope="module")
def serial(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    build(inputs, out, workers=1)
    return out


def test_parallel_equals_in_process(inputs, serial, tmp_path) -> None:
    build(inputs, tmp_path, workers=2)
    one, two = tables_of(serial), tables_of(tmp_path)
    for name in one:
        assert_frame_equal(one[name], two[name], check_exact=True)


def test_corpus_equals_read(inputs, serial) -> None:
    """The corpus tables hold the same rows as threads.read() over the same inputs."""
    ref = threads.read(inputs)
    got = tables_of(serial)
    assert_frame_equal(got["posts"], ref.posts.sort(ORDER["posts"]))
    assert_frame_equal(got["replies"], ref.replies.sort(ORDER["replies"]))
    # Means are summed in part order rather than input order: equal to the last bits.
    assert_frame_equal(got["authors"].sort("author"), ref.authors.sort("author"), rel_tol=1e-12)
    keys = ["source_author", "target_author"]
    assert_frame_equal(got["interactions"].sort(keys), ref.interactions.sort(keys), rel_tol=1e-12)


def test_partitioned_dataset_is_readable_lazily(inputs, serial) -> None:
    parts = sorted((serial / "posts.parquet").glob("part-*.parquet"))
    assert len(parts) == len(inputs)
    for table in ("replies", "threads"):
        assert len(list((serial / f"{table}.parquet").glob("part-*.parquet"))) == len(inputs)
    lazy = pl.scan_parquet(serial / "posts.parquet" / "*.parquet")
    assert isinstance(lazy, pl.LazyFrame)
    per_thread = lazy.group_by("thread_id").len().collect()
    assert per_thread.filter(pl.col("thread_id") == "004_c3b9a48d73eaee79")["len"].item() == 26
    assert pl.scan_parquet(serial / "authors.parquet").collect().height > 10
    assert not list(serial.rglob("*.tmp"))


def test_read_many_returns_lazy_frames(inputs, tmp_path) -> None:
    c = threads.read_many(inputs[:3], out=tmp_path, workers=1)
    assert isinstance(c.posts, pl.LazyFrame) and isinstance(c.authors, pl.LazyFrame)
    assert c.posts.select(pl.len()).collect().item() == threads.read(inputs[:3]).posts.height
    assert c.run is not None and c.run.analysed == 3 and not c.failures


def test_resume_skips_up_to_date_inputs_and_force_redoes(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        shutil.copy(SEED_004, folder / f"t{n}.txt")
    out = tmp_path / "out"
    first = build(folder, out, workers=1)
    assert (first.analysed, first.up_to_date) == (3, 0)
    again = build(folder, out, workers=1)
    assert (again.analysed, again.up_to_date, again.posts) == (0, 3, 78)
    # An input changed after its parts were written is redone; the others are not.
    earlier = time.time() - 60
    os.utime(next((out / "threads.parquet").glob("part-t1-*.parquet")), (earlier, earlier))
    touched = build(folder, out, workers=1)
    assert (touched.analysed, touched.up_to_date) == (1, 2)
    forced = build(folder, out, workers=1, force=True)
    assert (forced.analysed, forced.up_to_date) == (3, 0)
    # An input no longer given leaves no part behind.
    (folder / "t2.txt").unlink()
    fewer = build(folder, out, workers=1)
    assert fewer.up_to_date == 2 and len(list((out / "posts.parquet").glob("*.parquet"))) == 2
    assert Corpus.open(out).posts.select(pl.len()).collect().item() == 52


def test_resume_redoes_an_incomplete_part_set(tmp_path) -> None:
    out = tmp_path / "out"
    build([SEED_004], out, workers=1)
    marker = next((out / "threads.parquet").glob("part-*.parquet"))
    marker.unlink()  # as if the run had been killed before the last part was written
    assert build([SEED_004], out, workers=1).analysed == 1


def _mixed_folder(root: Path) -> tuple[Path, list[Path]]:
    """50 good dumps (real files, small edits so no two are equal) and 10 broken ones."""
    folder = root / "forum"
    folder.mkdir()
    sources = sample_inputs()
    for n in range(50):
        src = sources[n % len(sources)]
        text = src.read_text(encoding="utf-8")
        if src.suffix == ".txt":  # a line-based dump: add a sentence to the last comment
            text = text.rstrip("\n") + f" Edit {n}.\n"
        (folder / f"good_{n:02d}{src.suffix}").write_text(text, encoding="utf-8")
    bad = []
    for n in range(5):  # a line far too long for a text dump
        bad.append(folder / f"bad_long_{n}.txt")
        bad[-1].write_text("word " * 220_001, encoding="utf-8")
    for n in range(5):  # UTF-16 with a BOM, cut in the middle of a character
        bad.append(folder / f"bad_utf16_{n}.txt")
        bad[-1].write_bytes(b"\xff\xfe" + "hello there".encode("utf-16-le") + b"\x00\xd8")
    return folder, bad


def test_fifty_good_ten_broken_exit_3(tmp_path) -> None:
    folder, bad = _mixed_folder(tmp_path)
    out = tmp_path / "out"
    res = run("parse", str(folder), "--out", str(out), "--workers", "2")
    assert res.exit_code == EXIT_PARTIAL, res.output
    for path in bad:
        assert f"threads: error: {path}: " in res.output
    assert "60 inputs: 50 analysed, 0 up to date, 10 failed" in res.output
    c = Corpus.open(out)
    per_file = c.threads.group_by("source_file").len().collect()
    assert per_file.height == 50 and len(c.failures) == 10
    assert {f for f, _ in c.failures} == {str(p) for p in bad}
    assert all(reason for _, reason in c.failures)
    # The broken ones are tried again on a re-run; the good ones are not.
    res = run("parse", str(folder), "--out", str(out), "--workers", "2")
    assert res.exit_code == EXIT_PARTIAL and "10 inputs to analyse (50 up to date)" in res.output


def test_strict_stops_at_first_failure(tmp_path) -> None:
    folder, _ = _mixed_folder(tmp_path)
    res = run("parse", str(folder), "--out", str(tmp_path / "o"), "--workers", "1", "--strict")
    assert res.exit_code == EXIT_FAILED
    assert "threads: error:" in res.output and "bad_" in res.output
    assert not (tmp_path / "o" / "corpus.json").exists()


def test_layout_choice(tmp_path) -> None:
    """Few inputs keep one file per table; many, or --partitioned, make a corpus folder."""
    res = run("parse", str(SEEDS), "--out", str(tmp_path / "few"))
    assert res.exit_code == 0 and (tmp_path / "few" / "posts.parquet").exists()
    res = run("parse", str(SEEDS), "--out", str(tmp_path / "part"), "--partitioned", "-j", "1")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "part" / "posts.parquet").is_dir() and "5 threads, 30 posts" in res.output
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(CORPUS_MIN_FILES):
        shutil.copy(SEED_004, folder / f"t{n}.txt")
    res = run("parse", str(folder), "--out", str(tmp_path / "auto"), "-j", "2")
    assert res.exit_code == 0 and (tmp_path / "auto" / "corpus.json").exists()
    res = run("parse", str(folder), "--out", str(tmp_path / "single"), "--single")
    assert res.exit_code == 0 and (tmp_path / "single" / "posts.parquet").exists()
    res = run("parse", str(SEEDS), "--out", str(tmp_path / "x"), "--partitioned", "--to", "csv")
    assert res.exit_code == EXIT_FAILED and "Parquet only" in res.output
    res = run("parse", str(SEEDS), "--out", str(tmp_path / "x"), "--workers", "0")
    assert res.exit_code == EXIT_FAILED and "--workers must be 1 or more" in res.output


def test_report_from_corpus_folder_without_reparsing(serial, tmp_path) -> None:
    res = run("report", str(serial), "--out", str(tmp_path / "pages"), "--shared-js")
    assert res.exit_code == 0, res.output
    n_threads = Corpus.open(serial).threads.collect().height
    assert f"wrote {n_threads} pages" in res.output
    pages = sorted(p.name for p in (tmp_path / "pages").glob("*.html"))
    assert "index.html" in pages and "004_c3b9a48d73eaee79.html" in pages
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    assert "004_c3b9a48d73eaee79" in index


def test_report_on_a_corpus_writes_pages_for_the_biggest_threads_only(inputs, serial, tmp_path) -> None:
    c = Corpus.open(serial)
    sizes = c.threads.select("thread_id", "n_posts").collect()
    biggest = sizes.sort(["n_posts", "thread_id"], descending=[True, False])["thread_id"][:2].to_list()
    some = c.collect(pages=2)
    assert sorted(t.thread_id for t in some.threads) == sorted(biggest) and some.total_threads == sizes.height
    assert set(some.posts["thread_id"]) == set(biggest) == set(some.replies["thread_id"])
    assert some.posts.height == sizes.filter(pl.col("thread_id").is_in(biggest))["n_posts"].sum()
    res = run("report", str(serial), "--out", str(tmp_path / "pages"), "--shared-js", "--pages", "2")
    assert res.exit_code == 0, res.output
    assert f"pages for the 2 biggest of {sizes.height} threads" in res.output
    written = sorted(p.stem for p in (tmp_path / "pages").glob("*.html") if p.stem != "index")
    assert len(written) == 2 and all(any(w.startswith(b[:20]) for b in biggest) for w in written)
    # --pages 0: every page. On a corpus of three inputs (two articles and a thread with
    # charts): a page for each of the serial corpus's threads is what
    # test_report_from_corpus_folder_without_reparsing writes (~20 s), and any corpus
    # under the default limit tells 0 read as "no limit" from 0 read as 0 pages.
    few = tmp_path / "few"
    build([*inputs[:2], SEED_004], few, workers=1)
    n_few = Corpus.open(few).threads.collect().height
    assert n_few > 2
    every = run("report", str(few), "--out", str(tmp_path / "all"), "--shared-js", "--pages", "0")
    assert every.exit_code == 0 and f"wrote {n_few} pages" in every.output
    assert "biggest" not in every.output
