"""One big input read in pieces (threads/chunks.py) gives the tables of reading it whole.

The dumps are generated here (small, so a tiny piece size cuts them into many pieces):
Reddit NDJSON with interleaved submissions, replies to comments in other pieces, a
missing submission, bad lines and CRLF; mbox archives with replies across pieces,
messages without a Message-ID, a reply found only by subject, and a body line starting
with "From". Both runs go through ``corpus.build``; only the piece size differs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import threads
from tests.test_scale import tables_of
from threads import chunks
from threads.corpus import Corpus, build
from threads.formats import mbox, reddit_ndjson
from threads.model import ThreadsError
from threads.read import compression

WHOLE = 1 << 40  # a piece size no test file reaches: read whole
TINY = 600  # bytes: a few records per piece


def make_reddit(path: Path, n: int = 120, seed: int = 3, crlf: bool = False) -> Path:
    """``n`` comments over five submissions (one never posted), in time order, so the
    threads interleave; ~40% answer an earlier comment of their thread; two bad lines."""
    rng = random.Random(seed)
    subs = ["s1", "s2", "s3", "s4", "gone"]
    lines: list[str] = []
    seen: dict[str, list[str]] = {s: [] for s in subs}
    for s in subs[:4]:
        lines.append(
            json.dumps(
                {"id": s, "title": f"Topic {s}", "selftext": f"What about {s}?", "author": f"op_{s}"}
                | {"created_utc": 1_600_000_000, "subreddit": "x"}
            )
        )
    words = ["good", "bad", "great", "terrible", "fine", "awful", "wonderful", "sad", "happy", "love"]
    words += ["hate", "the", "a", "is", "it"]
    for i in range(n):
        s = rng.choice(subs)
        parent = f"t1_{rng.choice(seen[s])}" if seen[s] and rng.random() < 0.4 else f"t3_{s}"
        body = " ".join(rng.choice(words) for _ in range(rng.randint(3, 14)))
        if seen[s] and rng.random() < 0.1:
            body = f"@user{rng.randrange(9)} {body}"
        stamp = 1_600_000_000 + 60 * i + rng.choice([0, 0, 0, -90])  # a few out of order
        lines.append(
            json.dumps(
                {"id": f"c{i}", "link_id": f"t3_{s}", "parent_id": parent, "body": body}
                | {"author": f"user{rng.randrange(9)}", "subreddit": "x"}
                | {"created_utc": str(stamp) if i % 7 == 0 else stamp}
            )
        )
        seen[s].append(f"c{i}")
        if i in (17, 80):
            lines.append("not json at all" if i == 17 else "[1, 2]")
    newline = "\r\n" if crlf else "\n"
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path


def make_mbox(path: Path, n: int = 40, seed: int = 5) -> Path:
    """``n`` messages in four threads, replies by In-Reply-To/References to messages
    anywhere earlier, one without a Message-ID, one joined by subject only."""
    rng = random.Random(seed)
    out: list[str] = []
    ids: list[tuple[str, str]] = []  # (message id, subject)
    for i in range(n):
        mid = f"m{i}@list.example.org"
        if i < 4 or rng.random() < 0.1:
            subject, headers = f"Topic {i}", []
        else:
            parent, subject = rng.choice(ids)
            subject = subject if subject.startswith("Re: ") else f"Re: {subject}"
            headers = [f"In-Reply-To: <{parent}>", f"References: <{parent}>"]
        if i == 21:
            headers = []  # a reply with no headers: attached by its subject
        day = 1 + i // 10
        head = [
            f"From user{i % 6}@example.org Mon Mar  {day} 10:{i % 60:02d}:00 2011",
            f"From: User {i % 6} <user{i % 6}@example.org>",
            f"Date: Mon, {day} Mar 2011 10:{i % 60:02d}:00 +0000",
            f"Subject: {subject}",
        ]
        if i != 9:  # message 9 has no Message-ID: it gets one made from its number
            head.append(f"Message-ID: <{mid}>")
        body = [f"Message {i} says this is fine.", ""]
        if i % 5 == 0:
            body = ["On Monday someone wrote:", "> quoted words here", "", *body]
        if i == 13:
            body += ["From the river to the sea, an escaped line:", ">From here on"]
        out += head + headers + ["", *body, ""]
        ids.append((mid, subject))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def assert_same_tables(a: Path, b: Path) -> None:
    one, two = tables_of(a), tables_of(b)
    for name in ("posts", "replies", "threads"):
        assert_frame_equal(one[name], two[name], check_exact=True)
    for name, keys in (("authors", ["author"]), ("interactions", ["source_author", "target_author"])):
        # means are summed in part order: equal to the last bits
        assert_frame_equal(one[name].sort(keys), two[name].sort(keys), rel_tol=1e-12)


def parts(out: Path) -> int:
    return len(list((out / "posts.parquet").glob("*.parquet")))


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_reddit_ndjson_in_pieces_equals_whole(tmp_path, crlf) -> None:
    dump = make_reddit(tmp_path / "rs.ndjson", crlf=crlf)
    pieces = chunks._file_pieces(str(dump), dump.stat().st_size, TINY, reddit_ndjson.piece_start)
    assert len(pieces) > 10
    whole = build([dump], tmp_path / "whole", workers=1, chunk_bytes=WHOLE)
    cut = build([dump], tmp_path / "cut", workers=1, chunk_bytes=TINY)
    assert parts(tmp_path / "whole") == 1 and parts(tmp_path / "cut") > 1
    assert (cut.threads, cut.posts) == (whole.threads, whole.posts) == (5, 125)
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")
    posts = Corpus.open(tmp_path / "cut").posts.collect()
    # line numbers are those of the whole file, not of a piece
    assert posts["line_start"].max() == len(dump.read_bytes().splitlines())
    first = Corpus.open(tmp_path / "cut").threads.collect().row(0, named=True)
    assert first["thread_id"] == "rs-s1" and {"item": "bad_line", "count": 2} in first["skipped"]
    assert not list(tmp_path.glob("cut/.chunks-*"))  # spill files removed


def test_pieces_cover_the_file_and_start_at_records(tmp_path) -> None:
    dump = make_mbox(tmp_path / "list.mbox")
    data = dump.read_bytes()
    pieces = chunks._file_pieces(str(dump), len(data), 300, mbox.piece_start)
    assert len(pieces) > 5 and [p.last for p in pieces].count(True) == 1 and pieces[-1].last
    assert b"".join(data[p.start : p.end] for p in pieces) == data
    for p in pieces[1:]:
        assert data[p.start : p.end].startswith(b"From user") and data[: p.start].endswith(b"\n\n")
    # "From the river" (in a body, after a text line) never starts a piece
    assert not any(data[p.start :].startswith(b"From the") for p in pieces)


def test_mbox_in_pieces_equals_whole_on_two_workers(tmp_path) -> None:
    dump = make_mbox(tmp_path / "list.mbox")
    build([dump], tmp_path / "whole", workers=1, chunk_bytes=WHOLE)
    cut = build([dump], tmp_path / "cut", workers=2, chunk_bytes=300)
    assert parts(tmp_path / "cut") > 1 and not cut.failures
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")
    posts = Corpus.open(tmp_path / "cut").posts.collect()
    assert "mbox-9@threads.invalid" in posts["source_id"].to_list()
    assert posts.filter(pl.col("reply_evidence") == "nested").height > 20


def test_reddit_ndjson_on_two_workers(tmp_path) -> None:
    dump = make_reddit(tmp_path / "rs.ndjson", n=300)
    build([dump], tmp_path / "whole", workers=1, chunk_bytes=WHOLE)
    build([dump], tmp_path / "cut", workers=2, chunk_bytes=2000)
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")


def test_zst_dump_read_whole_and_in_pieces(tmp_path) -> None:
    zstandard = pytest.importorskip("zstandard")
    plain = make_reddit(tmp_path / "rs.ndjson")
    packed = tmp_path / "zs.ndjson.zst"
    packed.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    zstd = compression(packed.read_bytes()[:10])
    assert zstd is not None
    pieces = list(chunks._stream_pieces(str(packed), zstd, TINY, reddit_ndjson.piece_start))
    assert len(pieces) > 10 and [p.last for p in pieces].count(True) == 1 and pieces[-1].last
    assert b"".join(p.data or b"" for p in pieces) == plain.read_bytes()
    assert all((p.data or b"").endswith(b"\n") for p in pieces[:-1])
    build([packed], tmp_path / "whole", workers=1, chunk_bytes=WHOLE)
    build([packed], tmp_path / "cut", workers=1, chunk_bytes=TINY)
    assert parts(tmp_path / "cut") > 1
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")
    # the same rows as the uncompressed dump, but for the file name in ids and sources
    got = Corpus.open(tmp_path / "cut").posts.collect().sort("thread_id", "post_id")
    ref = threads.read(plain).posts.sort("thread_id", "post_id")
    assert "zs-s1" in got["thread_id"].to_list()  # the stem of zs.ndjson, as uncompressed
    drop = ["thread_id", "source_file"]
    assert_frame_equal(got.drop(drop), ref.drop(drop))
    assert threads.read(packed).posts.height == ref.height  # the Python API reads .zst too


def test_not_utf8_past_the_head_is_read_whole(tmp_path) -> None:
    dump = make_reddit(tmp_path / "rs.ndjson")
    data = dump.read_bytes().replace(b"wonderful", "wönderful".encode("cp1252"))
    dump.write_bytes(data)
    build([dump], tmp_path / "whole", workers=1, chunk_bytes=WHOLE)
    run = build([dump], tmp_path / "cut", workers=1, chunk_bytes=TINY)
    assert not run.failures and parts(tmp_path / "cut") == 1  # fell back to one task
    assert_same_tables(tmp_path / "whole", tmp_path / "cut")


def test_errors_match_the_whole_read(tmp_path) -> None:
    junk = tmp_path / "junk.ndjson"
    junk.write_text("not json\n" * 500, encoding="utf-8")
    long = tmp_path / "long.mbox"
    make_mbox(long)
    long.write_text(long.read_text(encoding="utf-8") + "a" * 1_000_001 + "\n", encoding="utf-8")
    for path, fmt, expected in (
        (junk, "reddit-ndjson", "no line is a JSON object"),
        (long, None, "a line of 1,000,001 characters"),
    ):
        messages = []
        for size in (WHOLE, TINY):
            with pytest.raises(ThreadsError) as err:
                build([path], tmp_path / f"{size}-{path.name}", workers=1, chunk_bytes=size, format=fmt)
            messages.append(str(err.value))
        assert messages[0] == messages[1] and expected in messages[1] and str(path) in messages[1]


def test_resume_and_removal_of_an_input_read_in_pieces(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    dump = make_reddit(tmp_path / "in" / "rs.ndjson")
    out = tmp_path / "out"
    first = build([tmp_path / "in"], out, workers=1, chunk_bytes=TINY)
    assert first.analysed == 1 and parts(out) > 1
    again = build([tmp_path / "in"], out, workers=1, chunk_bytes=TINY)
    assert (again.analysed, again.up_to_date, again.posts) == (0, 1, first.posts)
    # redone whole (another piece size): no group part of the first layout is left
    whole = build([tmp_path / "in"], out, workers=1, chunk_bytes=WHOLE, force=True)
    assert parts(out) == 1 and whole.posts == first.posts
    assert Corpus.open(out).posts.select(pl.len()).collect().item() == first.posts
    build([tmp_path / "in"], out, workers=1, chunk_bytes=TINY, force=True)
    assert parts(out) > 1 and Corpus.open(out).posts.select(pl.len()).collect().item() == first.posts
    other = make_mbox(tmp_path / "in" / "list.mbox")
    dump.unlink()
    build([tmp_path / "in"], out, workers=1, chunk_bytes=TINY)
    assert {p.name.split("~")[0].split("-")[1] for p in (out / "posts.parquet").glob("*.parquet")} == {
        other.stem
    }


def test_parse_makes_a_corpus_folder_for_one_big_dump(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from threads.cli import app

    dump = make_reddit(tmp_path / "rs.ndjson")
    small = CliRunner().invoke(app, ["parse", str(dump), "--out", str(tmp_path / "one")])
    assert small.exit_code == 0 and (tmp_path / "one" / "posts.parquet").exists()
    monkeypatch.setattr(chunks, "CHUNK_BYTES", TINY)  # as if the dump were bigger than a piece
    res = CliRunner().invoke(app, ["parse", str(dump), "--out", str(tmp_path / "big"), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "5 threads, 125 posts" in res.output and parts(tmp_path / "big") > 1
    got = Corpus.open(tmp_path / "big").posts.collect().sort("thread_id", "post_id")
    assert_frame_equal(got, pl.read_parquet(tmp_path / "one" / "posts.parquet").sort("thread_id", "post_id"))
    res = CliRunner().invoke(app, ["parse", str(dump), "--out", str(tmp_path / "single"), "--single"])
    assert res.exit_code == 0 and (tmp_path / "single" / "posts.parquet").exists()
