"""read.py: encodings, BOMs, newlines, binary and empty input, folders."""

from __future__ import annotations

import os

import pytest

from threads.model import ThreadsError
from threads.options import Options
from threads.read import (
    MAX_INPUT_ENV,
    MAX_INPUT_MB,
    MAX_LINE_CHARS,
    check_lines,
    decode,
    expand,
    read_source,
)

TEXT = "Grüße, café — “quoted” naïve\r\nsecond line\rthird\n"
EXPECTED = "Grüße, café — “quoted” naïve\nsecond line\nthird\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_without_mojibake(data: bytes, encoding: str) -> None:
    src = decode(data, "x.txt")
    assert src.text == EXPECTED
    assert src.encoding == encoding


def test_latin1_without_cp1252_punctuation() -> None:
    text = "Zitat von Jürgen: Das Ergebnis ist überraschend, sagt er. Ça va très bien.\n" * 5
    src = decode(text.encode("latin-1"), "x.txt")
    assert src.text == text
    assert src.encoding in ("cp1252", "latin-1")  # identical for these bytes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\t\n", "file has only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "binary file"),
    ],
)
def test_bad_bytes_named(data: bytes, message: str) -> None:
    with pytest.raises(ThreadsError) as info:
        decode(data, "dump.txt")
    assert str(info.value).startswith("dump.txt: " + message)


def test_overlong_line_rejected() -> None:
    with pytest.raises(ThreadsError, match="a line of"):
        check_lines(decode(b"x" * (MAX_LINE_CHARS + 1), "big.txt"))


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b'<html><head><meta charset="iso-8859-1"></head>', "cp1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        (b'<?xml version="1.0" encoding="ISO-8859-15"?>', "iso8859-15"),
    ],
)
def test_declared_charset_honoured(head: bytes, encoding: str) -> None:
    body = "<p>Grüße aus Köln, très bien</p>"
    src = decode(head + body.encode("latin-1"), "page.html")
    assert src.encoding == encoding and body in src.text


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    data = b'<meta charset="utf-8"><p>' + "Grüße".encode("cp1252") + b"</p>"
    src = decode(data, "page.html")
    assert "Grüße" in src.text


def test_missing_and_folder_paths(tmp_path) -> None:
    with pytest.raises(ThreadsError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(ThreadsError, match="is a folder"):
        read_source(tmp_path)


def test_fifo_refused_not_read(tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ThreadsError, match="not a regular file"):
        read_source(fifo)  # would block forever if it were opened


def test_symlink_loop_in_folder_terminates(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "t.txt").write_text("x")
    (tmp_path / "a" / "up").symlink_to("..")
    assert [p.removeprefix(str(tmp_path)) for p in expand([tmp_path])] == ["/a/t.txt"]


def test_expand_folder_sorted_recursive_skips_hidden(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    assert [p.removeprefix(str(tmp_path)) for p in expand([tmp_path])] == ["/1.txt", "/b/2.txt"]


def test_expand_empty_folder(tmp_path) -> None:
    with pytest.raises(ThreadsError, match="folder has no files"):
        list(expand([tmp_path]))


def test_a_few_bad_bytes_in_utf8_stay_utf8_legacy_text_stays_legacy() -> None:
    text = "Grüße aus Köln, très bien, naïve café.\n" * 3
    damaged = text.encode("utf-8").replace(b"bien", b"bi\xffen", 1)
    src = decode(damaged, "x.txt")
    assert src.encoding == "utf-8 (1 invalid byte replaced)"
    assert src.text == text.replace("bien", "bi\ufffden", 1)
    # cp1252 text never forms valid UTF-8 sequences: still read as cp1252, not "repaired"
    assert decode(text.encode("cp1252"), "x.txt").encoding == "cp1252"
    # mostly bad bytes with one valid sequence: legacy, not UTF-8 full of U+FFFD
    assert decode("é".encode() + "àèìòù ".encode("cp1252") * 5, "x.txt").encoding != "utf-8"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04", "a zip archive"),
        (b"BZh91AY&SY", "bzip2-compressed data"),
        (b"\xfd7zXZ\x00\x00", "xz-compressed data"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an Office 97-2003 document"),
        (b"\x7fELF\x02\x01\x01", "no thread dump format reads it"),
    ],
)
def test_binary_kinds_are_named(head: bytes, kind: str) -> None:
    with pytest.raises(ThreadsError, match=kind):
        decode(head + bytes(range(32)) * 40, "blob")


def test_an_rtf_document_says_what_to_do() -> None:
    """Read as text, an RTF file's posts were its control words ("{\\rtf1\\ansi ...")."""
    rtf = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0\\fs24 Great article, thanks.\\par}"
    with pytest.raises(ThreadsError, match=r"comments.rtf: an RTF document: save it as plain text"):
        decode(rtf, "comments.rtf")


def test_input_size_cap(tmp_path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"hello world\n" * 100_000)  # 1.2 MB
    one_mb = Options.from_env({MAX_INPUT_ENV: "1"})
    with pytest.raises(ThreadsError, match=r"file too large \(1\.1 MB, over the limit of 1\.0 MB"):
        read_source(path, one_mb.max_input_bytes)
    assert read_source(path, Options.from_env({MAX_INPUT_ENV: "2"}).max_input_bytes).text.startswith("hello")
    for bad in ("0", "-1", "many"):
        with pytest.raises(ThreadsError, match=MAX_INPUT_ENV):
            Options.from_env({MAX_INPUT_ENV: bad})
    assert Options.from_env({}).max_input_bytes == MAX_INPUT_MB * 2**20
    # A flag given wins over the variable (the CLI passes both).
    assert Options.from_env({MAX_INPUT_ENV: "2"}, max_input_mb=5).max_input_mb == 5


def test_nothing_below_the_cli_reads_the_environment(monkeypatch) -> None:
    # The limits reach read_source as a parameter only: a variable set after the CLI
    # built its Options changes nothing.
    monkeypatch.setenv(MAX_INPUT_ENV, "0.000001")
    assert Options().max_input_bytes == MAX_INPUT_MB * 2**20


def test_reading_allocates_the_file_not_the_cap(tmp_path) -> None:
    """read(n) allocates n bytes up front: reading with the cap as n asked for 1 GB for
    every file (a MemoryError under an address-space limit). Allocations now follow
    the file (tracemalloc counts the reservation, resident or not)."""
    import io
    import tracemalloc

    from threads.read import _read_capped, read_source

    f = tmp_path / "small.txt"
    f.write_text("Alice\nHello there.\n" * 50, encoding="utf-8")
    tracemalloc.start()
    try:
        source = read_source(f, max_bytes=1 << 30)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "Hello there." in source.text
    assert peak < 64 << 20, peak
    stream = io.BytesIO(b"0123456789")
    assert len(_read_capped(stream, 3)) == 4  # one byte over the cap: the caller refuses it
    assert _read_capped(io.BytesIO(b"0123456789"), 10) == b"0123456789"
    assert _read_capped(io.BytesIO(b"0123456789"), 1 << 30) == b"0123456789"
