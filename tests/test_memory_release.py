"""Issue 17's memory work changes no result: the whitespace checks of ``read.decode``
(no copy of the input) and ``pipeline.release_memory`` (freed heap pages handed back to
the system between stages) against the code they replaced, on the seeds and a real dump.

No test here is timed or measures memory: ``scripts/bench.py`` does that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import threads
from tests.conftest import SEEDS
from threads import pipeline
from threads.model import ThreadsError
from threads.read import decode


def _decode_outcome(data: bytes) -> str:
    try:
        return decode(data, "x.txt").text
    except ThreadsError as err:
        return f"error: {err.message}"


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"", "error: file is empty"),
        (b" \n\r\n\t", "error: file has only whitespace"),
        ("\u3000\n\xa0\u2028".encode(), "error: file has only whitespace"),  # Unicode blanks
        (b" a \r\n", " a \n"),
        ("\u200b".encode(), "\u200b"),  # a zero-width space is not whitespace to Python
    ],
)
def test_blank_inputs(data: bytes, outcome: str) -> None:
    assert _decode_outcome(data) == outcome


# Characters str.strip() and bytes.strip() treat as whitespace, and neighbours that are
# not: decode's checks (isspace, no copy) must agree with strip() on every mix of them.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200b\u2028\u3000\ufeffa"


@given(st.text(alphabet=_SPACES, max_size=12))
def test_blank_checks_agree_with_strip(text: str) -> None:
    data = text.encode("utf-8")
    assert (not text or text.isspace()) == (not text.strip())
    assert (not data or data.isspace()) == (not data.strip())


@given(st.binary(max_size=12))
def test_blank_bytes_checks_agree_with_strip(data: bytes) -> None:
    assert (not data or data.isspace()) == (not data.strip())


def _written(paths: list[Path], out: Path) -> dict[str, bytes]:
    threads.read(paths).write(out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _counting_trim(calls: list[int]):  # type: ignore[no-untyped-def]
    def trim(pad: int) -> int:
        calls.append(pad)
        return 1

    return trim


def test_release_changes_no_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeds' four Parquet files are byte for byte the same when every stage
    releases memory (threshold 0) as when none does."""
    seeds = sorted(SEEDS.glob("*.txt"))
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 10**12)
    kept = _written(seeds, tmp_path / "kept")
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 0)
    released = _written(seeds, tmp_path / "released")
    assert kept.keys() == {"posts.parquet", "replies.parquet", "authors.parquet", "interactions.parquet"}
    assert released == kept


def test_release_after_each_freeing_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two releases per thread (after quotes, after inference) and one once every input
    is analysed; none below the threshold."""
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "_malloc_trim", lambda: _counting_trim(calls))
    seeds = sorted(SEEDS.glob("*.txt"))
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 0)
    analysis = threads.read(seeds)
    assert calls == [0] * (2 * len(analysis.threads) + 1)
    calls.clear()
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 10**12)
    threads.read(seeds)
    assert calls == []


def test_malloc_trim_found_on_glibc() -> None:
    """On glibc Linux the release is real (not silently a no-op)."""
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not a glibc system: release_memory is a no-op here")
    assert pipeline._malloc_trim() is not None
    pipeline.release_memory(pipeline.RELEASE_MIN_POSTS)  # callable, returns


def test_release_changes_no_table_corpus(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same parity on a real dump (a Movable Type export of several threads)."""
    dump = [corpus / "plaintext_movabletype-typepad-export_koozie_multiple-posts.txt"]
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 10**12)
    kept = _written(dump, tmp_path / "kept")
    monkeypatch.setattr(pipeline, "RELEASE_MIN_POSTS", 0)
    assert _written(dump, tmp_path / "released") == kept


def test_one_object_per_author_and_score() -> None:
    """Posts share one object per author name and per score value; the values are
    unchanged (the tables above are byte for byte the same)."""
    thread = max(threads.read(sorted(SEEDS.glob("*.txt"))).threads, key=lambda t: len(t.posts))
    by_name: dict[str, int] = {}
    for post in thread.posts:
        if post.author:
            assert id(post.author) == by_name.setdefault(post.author, id(post.author))
    scores = [v for p in thread.posts for v in (p.compound, p.positive, p.neutral, p.negative) if v]
    assert len({id(v) for v in scores}) == len(set(scores)) < len(scores)


def test_one_of_keeps_negative_zero_and_nan() -> None:
    seen: dict[float, float] = {}
    a, b = float("0.25"), float("0.2500")
    assert pipeline._one_of(a, seen) is pipeline._one_of(b, seen) is a
    assert str(pipeline._one_of(-0.0, seen)) == "-0.0" and str(pipeline._one_of(0.0, seen)) == "0.0"
    nan = float("nan")
    assert pipeline._one_of(nan, seen) is nan
    assert pipeline._one_of(None, {}) is None and pipeline._one_of("", {}) == ""


def test_parsed_records_let_go_after_analysis() -> None:
    """analyse_raw empties the RawThread's posts once the thread's posts are built (its
    records would live through replies and inference); the thread keeps every post."""
    from threads.read import read_source

    parsed = pipeline.parse_source(read_source(SEEDS / "004_c3b9a48d73eaee79.txt"))
    n = len(parsed.raws[0].posts)
    (thread,) = pipeline.analyse_parsed(parsed)
    assert n > 20 and len(thread.posts) == n
    assert parsed.raws[0].posts == []


def test_parquet_row_groups_keep_small_tables_byte_for_byte(seed004, tmp_path: Path) -> None:
    """Tables of at most PARQUET_ROW_GROUP_ROWS rows (every seed) are written exactly as
    polars' default writes them: one row group, the same bytes."""
    from threads import export

    frames = {name: getattr(seed004, name) for name in ("posts", "replies", "authors", "interactions")}
    export.write_tables(frames, tmp_path / "grouped")
    for name, frame in frames.items():
        assert frame.height <= export.PARQUET_ROW_GROUP_ROWS
        plain = tmp_path / f"{name}.parquet"
        frame.write_parquet(plain, compression="zstd")
        assert (tmp_path / "grouped" / f"{name}.parquet").read_bytes() == plain.read_bytes(), name


def test_parquet_row_groups_read_back_whole(seed004, tmp_path: Path) -> None:
    """A table bigger than a row group is written in groups and reads back equal (rows
    in order, same schema)."""
    import polars as pl

    from threads import export

    posts = seed004.posts
    big = pl.concat([posts] * (export.PARQUET_ROW_GROUP_ROWS // posts.height + 2))
    assert big.height > export.PARQUET_ROW_GROUP_ROWS
    (path,) = export.write_tables({"posts": big}, tmp_path)
    back = pl.read_parquet(path)
    assert back.schema == big.schema and back.equals(big)
    one_group = tmp_path / "one.parquet"
    big.write_parquet(one_group, compression="zstd")
    assert path.read_bytes() != one_group.read_bytes()  # groups, not the default single one
