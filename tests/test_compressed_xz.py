"""An .xz file read as ``xz -d`` reads it: null Stream Padding between or after streams
(tukaani.org xz-file-format, 2.2; ``xz -t`` accepts it) was refused ("Compressed file
ended before the end-of-stream marker was reached"); padding that is not a multiple of
four bytes, or bytes that open no stream, are still refused in one line, as ``xz`` does."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_chunking import TINY, make_reddit
from tests.test_compressed import _one_line_error, run
from threads import chunks
from threads.formats import reddit_ndjson
from threads.model import ThreadsError
from threads.read import compression, read_source

PIPERMAIL = FIXTURES / "mbox" / "tern-dev_2011-March.mbox"


def _two_streams(padding: bytes, tail: bytes) -> bytes:
    data = PIPERMAIL.read_bytes()
    cut = data.index(b"\nFrom dev at example.org") + 1
    return lzma.compress(data[:cut]) + padding + lzma.compress(data[cut:]) + tail


@pytest.mark.parametrize(
    ("padding", "tail"),
    [(b"", bytes(8)), (bytes(4), b""), (bytes(12), bytes(4096)), (b"", bytes(2_000_000))],
    ids=["padded-end", "padded-between", "both", "long-padding"],
)
def test_stream_padding_is_read_past(tmp_path: Path, padding: bytes, tail: bytes) -> None:
    path = tmp_path / "month.mbox.xz"
    path.write_bytes(_two_streams(padding, tail))
    assert read_source(path).text == read_source(PIPERMAIL).text


@pytest.mark.parametrize(
    ("padding", "tail", "problem"),
    [
        (b"", bytes(3), "stream padding is not a multiple of four bytes"),
        (bytes(2), b"", "bytes after the end of an xz stream that open no stream"),
        (b"", b"junk\n", "bytes after the end of an xz stream that open no stream"),
        (b"", lzma.compress(b"cut short")[:-8], "Compressed file ended before the end-of-stream marker"),
    ],
    ids=["odd-padding-end", "odd-padding-between", "junk", "cut-stream"],
)
def test_what_xz_refuses_is_refused_in_one_line(
    tmp_path: Path, padding: bytes, tail: bytes, problem: str
) -> None:
    path = tmp_path / "month.mbox.xz"
    path.write_bytes(_two_streams(padding, tail))
    with pytest.raises(ThreadsError, match=f"not a readable xz file: {problem}"):
        read_source(path)
    _one_line_error(run("parse", str(path), "--out", str(tmp_path / "out")), path, "not a readable xz file")


def test_a_padded_xz_ndjson_in_pieces(tmp_path: Path) -> None:
    """The streaming path (a big NDJSON dump in pieces) reads a padded .xz whole too."""
    plain = make_reddit(tmp_path / "rs.ndjson")
    packed = tmp_path / "rs.ndjson.xz"
    packed.write_bytes(lzma.compress(plain.read_bytes()) + bytes(512))
    codec = compression(packed.read_bytes())
    assert codec is not None
    pieces = list(chunks._stream_pieces(str(packed), codec, TINY, reddit_ndjson.piece_start))
    assert len(pieces) > 10 and b"".join(p.data or b"" for p in pieces) == plain.read_bytes()
