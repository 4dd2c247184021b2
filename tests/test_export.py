"""export.py: the three formats round-trip; writes are atomic."""

from __future__ import annotations

import json
import os

import polars as pl
import pytest

from threads.export import atomic_write, read_table, schema, write_tables
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


# ---------------------------------------------------------------- reading back (issue 16)
TABLE_NAMES = ("posts", "replies", "authors", "interactions")


@pytest.mark.parametrize("to", ["parquet", "csv", "ndjson"])
def test_every_table_reads_back_as_written(seed004, tmp_path, to: str) -> None:
    """The README's recipe gives back the very frame written, for every table; in seed
    004 ``signature`` is null in the first rows, where polars' own guess goes wrong."""
    seed004.write(tmp_path, to=to)
    for name in TABLE_NAMES:
        written = getattr(seed004, name)
        back = read_table(tmp_path / f"{name}.{to}")
        assert back.schema == written.schema, name
        assert back.equals(written), name


def test_ndjson_with_a_late_signature_needs_the_schema(seed004, tmp_path) -> None:
    """The issue's case: ``signature`` null in the first 100 rows, set later. polars'
    own guess fails; the README's recipe (the schema from ``threads.export.schema``)
    reads it."""
    posts = seed004.posts
    late = pl.concat([posts.with_columns(signature=pl.lit(None, pl.String))] * 4 + [posts])
    assert late.head(100)["signature"].null_count() == 100 and late["signature"].null_count() < late.height
    write_tables({"posts": late}, tmp_path, "ndjson")
    path = tmp_path / "posts.ndjson"
    assert pl.read_ndjson(path, schema=schema("posts")).equals(late)
    assert read_table(path).equals(late)


QUOTES = ["one | two", 'a, b and "c"', "line one\nline two", "plain"]


def test_csv_lists_are_json_arrays_that_round_trip(tmp_path) -> None:
    frame = pl.DataFrame(
        {"post_id": [0, 1, 2], "quoted": [QUOTES, [], None]},
        schema={"post_id": pl.Int64, "quoted": pl.List(pl.String)},
    )
    write_tables({"posts_part": frame}, tmp_path, "csv")
    path = tmp_path / "posts_part.csv"
    raw = pl.read_csv(path)
    assert json.loads(raw["quoted"][0]) == QUOTES  # one cell, a JSON array
    assert raw["quoted"][1] == "[]"
    back = pl.read_csv(path).with_columns(pl.col("quoted").str.json_decode(pl.List(pl.String)))
    assert back["quoted"].to_list() == [QUOTES, [], None]


def test_unknown_table_names_the_choices(tmp_path) -> None:
    with pytest.raises(ThreadsError, match="unknown table 'nope'"):
        schema("nope")
    with pytest.raises(ThreadsError, match="unknown table file type"):
        read_table(tmp_path / "posts.xlsx")


def test_readme_recipes_read_back_the_posts(seed004, tmp_path) -> None:
    """The README's "Reading the tables back" lines, as written there."""
    for to in ("csv", "ndjson"):
        seed004.write(tmp_path, to=to)
    ndjson = pl.read_ndjson(tmp_path / "posts.ndjson", schema=schema("posts"))
    csv = pl.read_csv(tmp_path / "posts.csv", schema=schema("posts") | {"quoted": pl.String}).with_columns(
        pl.col("quoted").str.json_decode(pl.List(pl.String))
    )
    assert ndjson.equals(seed004.posts)
    assert csv.equals(seed004.posts)
    assert seed004.posts["quoted"].list.len().sum() > 0  # the list column is exercised
