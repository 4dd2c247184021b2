"""gzip, bzip2, xz (and zstd) inputs are read directly, known by their first bytes: the
same posts as the plain file, its ids (``2011-March.txt.gz`` gives ``2011-March``), the
decompressed size held to ``--max-input-mb`` with bounded memory, and a damaged archive
or a ``.tar.gz`` refused in one line.

Compressed copies are made in ``tmp_path`` from the committed plain fixtures and seeds;
``tests/compressed_fixtures/`` holds a real ``gzip``-written file (see its README).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

import threads
from tests.conftest import FIXTURES, SEED_004
from tests.test_chunking import TINY, WHOLE, assert_same_tables, make_reddit, parts
from threads import chunks
from threads.cli import EXIT_FAILED, app
from threads.corpus import Corpus, build
from threads.formats import reddit_ndjson
from threads.model import ThreadsError
from threads.read import compression, plain_name, read_source

HERE = Path(__file__).resolve().parent
MARCH = HERE / "compressed_fixtures" / "2011-March.txt.gz"
MARCH_PADDED = HERE / "compressed_fixtures" / "2011-March-padded.txt.gz"
PIPERMAIL = FIXTURES / "mbox" / "tern-dev_2011-March.mbox"
COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
}
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _one_line_error(res, path: Path, message: str) -> None:
    assert res.exit_code == EXIT_FAILED, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"threads: error: {path}: {message}"), lines
    assert "Traceback" not in res.output


# ---------------------------------------------------------------- same posts as the plain file
@pytest.mark.parametrize("suffix", sorted(COMPRESS))
@pytest.mark.parametrize("plain", [SEED_004, PIPERMAIL], ids=["seed004", "pipermail"])
def test_compressed_reads_as_the_plain_file(tmp_path: Path, plain: Path, suffix: str) -> None:
    packed = tmp_path / f"{plain.name}{suffix}"
    packed.write_bytes(COMPRESS[suffix](plain.read_bytes()))
    want = threads.read(plain).posts
    got = threads.read(packed).posts
    assert got.height == want.height > 0
    assert_frame_equal(got.drop("source_file"), want.drop("source_file"))  # ids too
    assert set(got["source_file"]) == {str(packed)}


def test_magic_not_the_name(tmp_path: Path) -> None:
    """A gzip file saved without .gz is read; a .gz name on plain text (a browser that
    already decompressed it) is read as text."""
    want = threads.read(PIPERMAIL).posts
    hidden = tmp_path / "tern-dev_2011-March.mbox"
    hidden.write_bytes(gzip.compress(PIPERMAIL.read_bytes()))
    assert_frame_equal(threads.read(hidden).posts.drop("source_file"), want.drop("source_file"))
    named = tmp_path / "tern-dev_2011-March.mbox.gz"
    named.write_bytes(PIPERMAIL.read_bytes())
    assert_frame_equal(threads.read(named).posts.drop("source_file"), want.drop("source_file"))


def test_a_text_opening_with_a_magic_prefix_is_text() -> None:
    assert compression(b"BZh, said Bob\n") is None  # bzip2's magic needs its block magic
    assert compression(bz2.compress(b"x")[:10]) is not None
    assert compression(b"\x1f\x8b\x08\x00")  # gzip, deflate


def test_pipermail_month_gz_as_published() -> None:
    """The committed gzip (written by the gzip command: name in the header) of a hand-
    written monthly archive: its thread ids take the month, not ``2011-March.txt``."""
    posts = threads.read(MARCH).posts.sort("thread_id", "post_id")
    assert posts["author"].to_list() == ["Marta Olsen", "José Lago", "Marta Olsen", "ops@example.org"]
    assert {t.split("-4D6C")[0].split("-maint")[0] for t in posts["thread_id"]} == {"2011-March"}
    assert posts["parent_id"].to_list() == [None, 0, 1, None]
    stamps = [t.strftime("%m-%d %H:%M:%S") for t in posts["timestamp"]]
    assert stamps == ["03-01 08:15:02", "03-01 11:40:55", "03-02 07:05:30", "03-03 17:00:00"]
    assert set(posts["source_format"]) == {"mbox"}  # detection saw the decompressed text


def test_multi_member_gzip_reads_whole(tmp_path: Path) -> None:
    """`cat a.gz b.gz` is one gzip file of both: the second member is not dropped."""
    data = PIPERMAIL.read_bytes()
    cut = data.index(b"\nFrom dev at example.org") + 1
    both = tmp_path / "two-members.mbox.gz"
    both.write_bytes(gzip.compress(data[:cut]) + gzip.compress(data[cut:]))
    assert read_source(both).text == read_source(PIPERMAIL).text


def test_a_padded_gzip_reads_as_gzip_d_reads_it() -> None:
    """The committed month padded to a 512-byte block with zeros and a CR LF after it
    (``gzip -d``: "decompression OK, trailing garbage ignored"): the same text, where
    the tail after the zeros was refused ("Not a gzipped file")."""
    assert read_source(MARCH_PADDED).text == read_source(MARCH).text
    want = threads.read(MARCH).posts
    got = threads.read(MARCH_PADDED).posts
    assert got.height == want.height == 4
    assert_frame_equal(got.drop("source_file", "thread_id"), want.drop("source_file", "thread_id"))


# Tails a gzip file may carry after its last member: tape/FTP zero padding, a CR LF, junk.
GZIP_TAILS = [bytes(1000), b"\r\n", b"garbage\n", bytes(7) + b"\x1a", b"\x1f"]


@pytest.mark.parametrize("tail", GZIP_TAILS, ids=["zeros", "crlf", "words", "zeros-then-eof", "half-magic"])
def test_a_gzip_tail_that_opens_no_member_is_ignored(tmp_path: Path, tail: bytes) -> None:
    data = PIPERMAIL.read_bytes()
    cut = data.index(b"\nFrom dev at example.org") + 1
    padded = tmp_path / "tail.mbox.gz"
    padded.write_bytes(gzip.compress(data[:cut]) + gzip.compress(data[cut:]) + tail)
    assert read_source(padded).text == read_source(PIPERMAIL).text


@pytest.mark.parametrize(
    "tail",
    [gzip.compress(SEED_004.read_bytes())[:-300], b"\x1f\x8b\x08\x00 no deflate stream here"],
    ids=["cut-member", "broken-member"],
)
def test_a_broken_member_after_the_first_is_still_refused(tmp_path: Path, tail: bytes) -> None:
    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(gzip.compress(SEED_004.read_bytes()) + tail)
    with pytest.raises(ThreadsError, match="not a readable gzip file: "):
        read_source(bad)


def test_a_padded_gzip_ndjson_in_pieces(tmp_path: Path) -> None:
    """The streaming path (a big NDJSON dump in pieces) reads a padded gzip whole too."""
    plain = make_reddit(tmp_path / "rs.ndjson")
    packed = tmp_path / "rs.ndjson.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()) + bytes(512) + b"\n")
    codec = compression(packed.read_bytes())
    assert codec is not None
    pieces = list(chunks._stream_pieces(str(packed), codec, TINY, reddit_ndjson.piece_start))
    assert len(pieces) > 10 and b"".join(p.data or b"" for p in pieces) == plain.read_bytes()


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("2011-March.txt.gz", "2011-March.txt"),
        ("RC_2011-01.ndjson.zst", "RC_2011-01.ndjson"),
        ("a.mbox.XZ", "a.mbox"),
        ("x.bz2", "x"),
        ("notes.txt", "notes.txt"),
        (".gz", ".gz"),
    ],
)
def test_plain_name(name: str, stem: str) -> None:
    assert plain_name(name) == stem


# ---------------------------------------------------------------- refused in one line
def test_bomb_refused_with_bounded_memory(tmp_path: Path) -> None:
    """50 MB of zeros in 50 KB: refused at the cap, never holding the 50 MB."""
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as fh:
        block = bytes(1 << 20)
        for _ in range(50):
            fh.write(block)
    del block
    tracemalloc.start()
    try:
        with pytest.raises(ThreadsError, match=r"decompressed data too large \(over the limit of 1\.0 MB"):
            read_source(bomb, max_bytes=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
    _one_line_error(
        run("parse", str(bomb), "--max-input-mb", "1", "--out", str(tmp_path / "o")),
        bomb,
        "decompressed data too large (over the limit of 1.0 MB; threads --max-input-mb N",
    )
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_truncated_archive_refused(tmp_path: Path, suffix: str) -> None:
    name = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}[suffix]
    cut = tmp_path / f"cut.txt{suffix}"
    cut.write_bytes(COMPRESS[suffix](SEED_004.read_bytes() * 3)[:-300])
    with pytest.raises(ThreadsError, match=f"not a readable {name} file: "):
        read_source(cut)
    _one_line_error(
        run("parse", str(cut), "--out", str(tmp_path / "o")), cut, f"not a readable {name} file: "
    )


def test_tar_gz_refused_by_what_it_is(tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(SEED_004, arcname=SEED_004.name)
    _one_line_error(
        run("parse", str(archive), "--out", str(tmp_path / "o")), archive, "a tar archive (gzip-compressed)"
    )
    plain = tmp_path / "backup.tar"
    with tarfile.open(plain, "w") as tar:
        tar.add(SEED_004, arcname=SEED_004.name)
    _one_line_error(
        run("parse", str(plain), "--out", str(tmp_path / "o")), plain, "binary file, not text (a tar"
    )


# ---------------------------------------------------------------- the CLI and the corpus run
def test_cli_parses_a_gz_like_the_plain_file(tmp_path: Path) -> None:
    res = run("parse", str(MARCH), "--out", str(tmp_path / "o"))
    assert res.exit_code == 0, res.output
    posts = pl.read_parquet(tmp_path / "o" / "posts.parquet")
    assert posts.height == 4 and posts["thread_id"][0].startswith("2011-March-")


def test_stdin_gzip(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["show", "-"], input=gzip.compress(SEED_004.read_bytes()), catch_exceptions=False
    )
    assert res.exit_code == 0 and "<stdin>" in res.output and "26" in res.output


def test_big_gzip_ndjson_read_in_pieces(tmp_path: Path) -> None:
    """A gzip/bzip2/xz NDJSON dump bigger than the piece size once decompressed goes in
    pieces like a .zst one; a small one is read whole, as its plain file would be."""
    plain = make_reddit(tmp_path / "rs.ndjson")
    build([plain], tmp_path / "plain", workers=1, chunk_bytes=WHOLE)
    want = Corpus.open(tmp_path / "plain").posts.collect().sort("thread_id", "post_id")
    for suffix in (".gz", ".xz"):
        packed = tmp_path / f"packed{suffix}" / f"rs.ndjson{suffix}"
        packed.parent.mkdir()
        packed.write_bytes(COMPRESS[suffix](plain.read_bytes()))
        assert chunks.worth_pieces(str(packed), TINY) and not chunks.worth_pieces(str(packed))
        codec = compression(packed.read_bytes())
        assert codec is not None
        pieces = list(chunks._stream_pieces(str(packed), codec, TINY, reddit_ndjson.piece_start))
        assert len(pieces) > 10 and b"".join(p.data or b"" for p in pieces) == plain.read_bytes()
        whole, cut = tmp_path / f"whole{suffix}", tmp_path / f"cut{suffix}"
        build([packed], whole, workers=1, chunk_bytes=WHOLE)
        assert not build([packed], cut, workers=1, chunk_bytes=TINY).failures
        assert parts(whole) == 1 and parts(cut) > 1
        assert_same_tables(whole, cut)
        got = Corpus.open(cut).posts.collect().sort("thread_id", "post_id")
        assert_frame_equal(got.drop("source_file"), want.drop("source_file"))  # the plain file's ids


# ---------------------------------------------------------------- the real corpus
def test_corpus_mbox_gzipped_reads_as_plain(corpus: Path, tmp_path: Path) -> None:
    """Every mbox of the shared corpus, gzipped: the posts of the plain file (and the
    pipermail month .txt gets the plain file's ids)."""
    mboxes = sorted(corpus.glob("mbox_*"))
    assert mboxes
    for path in mboxes:
        want = threads.read(path).posts
        for suffix, pack in COMPRESS.items():
            packed = tmp_path / f"{path.name}{suffix}"
            packed.write_bytes(pack(path.read_bytes()))
            got = threads.read(packed).posts
            assert_frame_equal(got.drop("source_file"), want.drop("source_file"))
