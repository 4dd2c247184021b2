"""Bytes to text: encodings, byte-order marks, newlines; files, folders and stdin.

>>> decode("caf\\u00e9\\r\\n".encode("cp1252"), "x.txt").encoding
'cp1252'
"""

from __future__ import annotations

import bz2
import codecs
import io
import lzma
import os
import re
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from threads.model import ThreadsError
from threads.options import MAX_INPUT_ENV as MAX_INPUT_ENV  # re-exported: named in messages
from threads.options import MAX_INPUT_MB as MAX_INPUT_MB
from threads.options import MAX_POSTS as MAX_POSTS
from threads.options import MAX_POSTS_ENV, Options

# Longest line a text dump may have. Real comment dumps have lines of a few KB; a file
# with a longer line is a minified export or not a thread at all, and would make the
# line-based dialects and VADER crawl.
MAX_LINE_CHARS = 1_000_000
# Share of control characters (other than tab/newline) above which bytes are binary.
BINARY_CONTROL_SHARE = 0.05
# Magic numbers of the binary files most often found beside dumps, named in the message.
# Files compressed with one of CODECS (below) are decompressed by read_source; these
# names are for bytes handed to decode() as they are.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data: decompress it first (gunzip)"),
    (b"PK\x03\x04", "a zip archive: extract it first"),
    (b"BZh", "bzip2-compressed data: decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed data: decompress it first (unxz)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data: decompress it first (unzstd)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    # OLE2 compound files: Word 97-2003 .doc, Excel .xls, Outlook's saved .msg mails
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an Office 97-2003 document (.doc, .xls) or an Outlook .msg mail: save it as .docx, "
        ".xlsx or CSV (a mail as .eml)",
    ),
)
# What an RTF document (WordPad, TextEdit, Word's "Rich Text") opens with: text, but its
# words sit among control words that would be read as the post's own.
_RTF = b"{\\rtf"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Legacy single-byte encodings we accept from the detector. cp1252 is tried first when
# strict UTF-8 fails: it is what Western "Save as text" produces, and latin-1 differs
# from it only in the rarely used 0x80-0x9F range.
_LEGACY_PREFERRED = ("cp1252", "latin-1")
_STDIN = "-"
# What an archive of many files is told (a .tar.gz of a forum backup, a zip).
_ONE_DUMP = "extract it first (threads reads one dump per file, or a folder of them)"


@dataclass(frozen=True)
class Source:
    """A decoded input: its text (``\\n`` newlines), the encoding used, and its path."""

    path: str
    text: str
    encoding: str


def _is_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > BINARY_CONTROL_SHARE * max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "<bytes>") -> Source:
    """Decode a dump's bytes; raise :class:`ThreadsError` for empty or binary input."""
    # isspace(), not strip(): the same whitespace, without a copy of the whole input
    # (a transient second copy of a 100 MB dump set the run's peak RSS).
    if not data or data.isspace():
        raise ThreadsError("file is empty" if not data else "file has only whitespace", path)
    if data[:64].lstrip().startswith(_RTF):
        raise ThreadsError("an RTF document: save it as plain text (.txt) or .docx", path)
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
    if encoding is None:
        if _is_binary(data):
            kind = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
            kind = kind or (f"a tar archive: {_ONE_DUMP}" if _is_tar(data) else None)
            detail = f" ({kind})" if kind else " (no thread dump format reads it)"
            raise ThreadsError(f"binary file, not text{detail}", path)
        declared = _declared(data)
        try:
            if declared and declared != "utf-8":
                text, encoding = data.decode(declared), declared
            else:
                text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:  # a wrong declaration: detect instead
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = _damaged_utf8(data) or _legacy(data)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise ThreadsError(f"cannot decode as {encoding}: {err.reason}", path) from None
        text = text.lstrip("\ufeff")
    if "\r" in text:  # one scan of a text without carriage returns, not two replace() scans
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # no copy of the text, as above
        raise ThreadsError("file has only whitespace", path)
    return Source(path=path, text=text, encoding=encoding)


def check_lines(source: Source) -> None:
    """Refuse a text with a line over :data:`MAX_LINE_CHARS` (for line-based dialects)."""
    longest = max((len(line) for line in source.text.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        raise ThreadsError(
            f"a line of {longest:,} characters (limit {MAX_LINE_CHARS:,}): "
            "not a text thread dump (truncated or minified file?)",
            source.path,
        )


# A charset the document declares: <meta charset>, http-equiv Content-Type, or the XML
# declaration. Looked for in the first bytes only, as browsers do (HTML5 prescan).
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_PRESCAN = 4096


def _declared(data: bytes) -> str | None:
    """The encoding a page or XML file declares, if Python knows it."""
    m = _DECLARED.search(data[:_PRESCAN])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        return "cp1252"  # what browsers do (WHATWG encoding standard)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few invalid bytes (a bad copy, a cut multi-byte character):
    decoded as UTF-8 with U+FFFD for each bad byte, the count named in the encoding,
    rather than read as cp1252, which would garble every accented letter. Taken to be
    UTF-8 when valid multi-byte sequences outnumber the invalid bytes: cp1252 text
    almost never forms valid UTF-8 sequences ("Ã©" for "é")."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if bad <= 0 or good < 2 * bad:
        return None
    return text, f"utf-8 ({bad:,} invalid byte{'s' if bad > 1 else ''} replaced)"


def _legacy(data: bytes) -> tuple[str, str]:
    encoding = guess_legacy(data)
    return data.decode(encoding, errors="replace"), encoding


def guess_legacy(data: bytes) -> str:
    """The single-byte encoding of non-UTF-8 bytes. cp1252 for Latin-script text: the
    detector often prefers a neighbouring Latin code page (cp1250, iso-8859-15) for a few
    accented letters, which turns "très" into "trčs". Another code page only where its
    decoding gives a non-Latin script (Cyrillic, Greek, Arabic, Hebrew ...) and cp1252's
    does not."""
    best = from_bytes(data).best()
    guess = (best.encoding if best else "") or ""
    if guess and guess.lower().replace("_", "-") not in ("cp1252", "windows-1252", "ascii"):
        try:
            other = data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            return "cp1252"
        if _non_latin_share(other) > 0.5:
            return guess
    return "cp1252"


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "")) / len(letters)


READ_PIECE = 1 << 22  # bytes read at a time from a stream of unknown length (4 MB)


def _read_capped(stream: Any, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream`` (one more than the cap shows it was
    over), read in pieces of :data:`READ_PIECE`: never a buffer of the cap's size."""
    pieces: list[bytes] = []
    total = 0
    while total <= limit:
        piece = stream.read(min(READ_PIECE, limit + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


def read_source(path: str | os.PathLike[str], max_bytes: int | None = None) -> Source:
    """Read and decode one file (``-`` reads standard input), refusing one of more than
    ``max_bytes`` (default: ``Options().max_input_bytes``). A gzip, bzip2, xz or zstd
    file (known by its first bytes, whatever its name) is decompressed, in pieces, and
    refused once its decompressed bytes pass ``max_bytes``."""
    name = os.fspath(path)
    limit = Options().max_input_bytes if max_bytes is None else max_bytes
    if name == _STDIN:
        data = _read_capped(sys.stdin.buffer, limit)
        if len(data) > limit:
            raise ThreadsError(_too_big(limit), "<stdin>")
        if codec := compression(data[:_MAGIC_BYTES]):  # `zcat`-less: gzip -c x | threads -
            data = _decompressed(io.BytesIO(data), codec, limit, "<stdin>")
        return decode(_unzipped(data, "<stdin>", limit), "<stdin>")
    p = Path(name)
    if not p.exists():
        raise ThreadsError("no such file or folder", name)
    if p.is_dir():  # an export made of several files is read as one (threads/zipped.py)
        from threads.zipped import folder_bundle

        if (bundled := folder_bundle(p, limit)) is not None:
            return decode(bundled, name)
        raise ThreadsError("is a folder (expected a file)", name)
    if not p.is_file():  # a FIFO or device would block or never end
        raise ThreadsError("not a regular file (a pipe or device?); use - to read standard input", name)
    try:
        with p.open("rb") as fh:
            codec = compression(fh.read(_MAGIC_BYTES))
            fh.seek(0)
            if codec:  # decompressed in pieces, within the cap
                return decode(_decompressed(fh, codec, limit, name), name)
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise ThreadsError(_too_big(limit, size), name)
            # The file's size, not the cap: read(n) allocates n bytes up front (1 GB by
            # default, which failed under an address-space limit); a file still growing
            # is read on, in pieces, and stops at the cap too.
            data = fh.read(size + 1)
            if len(data) > size:
                data += _read_capped(fh, limit - len(data))
    except OSError as err:  # also a file removed or replaced since it was listed
        raise ThreadsError(f"cannot read: {err.strerror or err}", name) from None
    if len(data) > limit:
        raise ThreadsError(_too_big(limit), name)
    return decode(_unzipped(data, name, limit), name)


def _unzipped(data: bytes, name: str, limit: int) -> bytes:
    """``data`` itself, or the one dump of a zip archive (``threads/zipped.py``)."""
    if not data.startswith(b"PK\x03\x04"):
        return data
    from threads.zipped import one_dump

    inner = one_dump(data, name, limit)
    if len(inner) > limit:
        raise ThreadsError(_too_big(limit, decompressed=True), name)
    return inner


def too_many_posts(count: int, limit: int) -> str:
    return (
        f"too many posts ({count:,}, over the limit of {limit:,}; "
        f"threads --max-posts N or {MAX_POSTS_ENV}=N raises it)"
    )


def _too_big(limit: int, size: int | None = None, decompressed: bool = False) -> str:
    got = f"{size / 2**20:,.1f} MB, " if size is not None else ""
    what = "decompressed data" if decompressed else "file"
    return (
        f"{what} too large ({got}over the limit of {limit / 2**20:,.1f} MB; "
        f"threads --max-input-mb N or {MAX_INPUT_ENV}=N raises it)"
    )


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Every input file named by ``paths``: files as given, folders recursively in sorted
    order (hidden files and folders skipped), ``-`` for stdin."""
    for path in paths:
        name = os.fspath(path)
        p = Path(name)
        if name == _STDIN or not p.is_dir():
            yield name
            continue
        found = sorted(
            f
            for f in p.rglob("*")
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
        )
        if not found:
            raise ThreadsError("folder has no files", name)
        from threads.zipped import export_units

        yield from (str(f) for f in export_units(p, found))  # an export's files: its folder, once


# ---------------------------------------------------------------- compressed dumps
@dataclass(frozen=True)
class Codec:
    """A compression a dump may come in, read directly as a stream: ``magic`` matches
    the first bytes of a compressed file (whatever its name), ``suffix`` is the name's
    ending dropped from thread ids (``2011-March.txt.gz`` gives ``2011-March``)."""

    name: str
    suffix: str
    magic: re.Pattern[bytes]
    open: Callable[[BinaryIO, str], Any]  # (file, path) -> reader of the decompressed bytes


class _ZstdReader:
    """zstandard's stream reader with its errors as :class:`OSError` (the library is
    optional, so its exception class is not known at import time)."""

    def __init__(self, error: type[Exception], reader: Any) -> None:
        self._error, self._reader = error, reader

    def read(self, size: int = -1) -> bytes:
        try:
            return self._reader.read(size)
        except self._error as err:
            raise OSError(str(err)) from None

    def __enter__(self) -> _ZstdReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._reader.close()


def _open_zstd(fh: BinaryIO, path: str) -> _ZstdReader:
    try:
        import zstandard
    except ImportError:
        raise ThreadsError('a .zst dump needs zstandard: pip install "threads[zst]"', path) from None
    # Pushshift and Arctic Shift dumps are compressed with a 2 GB window (--long=31).
    reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(fh, closefd=False)
    return _ZstdReader(zstandard.ZstdError, reader)


class _GzipMembers:
    """The decompressed bytes of a gzip file, member after member (RFC 1952 allows
    several), as ``gzip -d`` reads them: bytes after the last complete member that open
    no new member (zeros padded by tape and FTP tools, a tail of junk) are ignored, where
    :class:`gzip.GzipFile` refused a file with a non-zero tail ("Not a gzipped file").
    A cut or corrupt member is still an error (``EOFError``, ``zlib.error``)."""

    _MAGIC = b"\x1f\x8b"

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._inflate = zlib.decompressobj(_GZIP_WBITS)
        self._pending = b""  # compressed bytes read but not yet given to zlib
        self._done = False

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while not self._done and (size < 0 or len(out) < size):
            if self._inflate.eof and not self._next_member():
                break
            data = self._pending or self._fh.read(READ_PIECE)
            if not data:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            want = READ_PIECE if size < 0 else size - len(out)
            out += self._inflate.decompress(data, want)
            self._pending = self._inflate.unconsumed_tail
        return bytes(out)

    def _next_member(self) -> bool:
        """After a member's end: start the next one, or end the stream (nothing more,
        or bytes that are no gzip member)."""
        rest = self._inflate.unused_data
        while len(rest) < len(self._MAGIC) and (more := self._fh.read(READ_PIECE)):
            rest += more
        if not rest.startswith(self._MAGIC):
            self._done = True
            return False
        self._inflate = zlib.decompressobj(_GZIP_WBITS)
        self._pending = rest
        return True

    def __enter__(self) -> _GzipMembers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = b""


class _XzStreams:
    """The decompressed bytes of an .xz file, stream after stream, as ``xz -d`` reads
    them: null bytes between or after streams are Stream Padding (tukaani.org
    xz-file-format, 2.2), which :class:`lzma.LZMAFile` refused ("Compressed file ended
    before the end-of-stream marker was reached") where ``xz -t`` accepts the file.
    Anything else after a stream is an error, as it is for ``xz``."""

    _MAGIC = b"\xfd7zXZ\x00"

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._lzma = lzma.LZMADecompressor(lzma.FORMAT_XZ)
        self._pending = b""  # compressed bytes read but not yet given to the decompressor
        self._done = False

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while not self._done and (size < 0 or len(out) < size):
            if self._lzma.eof and not self._next_stream():
                break
            if self._lzma.needs_input:
                data = self._pending or self._fh.read(READ_PIECE)
                if not data:
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            else:
                data = b""
            self._pending = b""
            want = READ_PIECE if size < 0 else size - len(out)
            out += self._lzma.decompress(data, want)
        return bytes(out)

    def _next_stream(self) -> bool:
        """After a stream's end: skip its padding, then start the next stream or end."""
        rest, padding = self._lzma.unused_data, 0
        while True:
            stripped = rest.lstrip(b"\0")
            padding += len(rest) - len(stripped)
            if stripped:
                break
            rest = self._fh.read(READ_PIECE)
            if not rest:
                if padding % 4:
                    raise lzma.LZMAError("stream padding is not a multiple of four bytes")
                self._done = True
                return False
        while len(stripped) < len(self._MAGIC) and (more := self._fh.read(READ_PIECE)):
            stripped += more
        if padding % 4 or not stripped.startswith(self._MAGIC):
            raise lzma.LZMAError("bytes after the end of an xz stream that open no stream")
        self._lzma = lzma.LZMADecompressor(lzma.FORMAT_XZ)
        self._pending = stripped
        return True

    def __enter__(self) -> _XzStreams:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending = b""


# zlib's window bits for a gzip wrapper: 16 + the 32 KB window (zlib's inflateInit2).
_GZIP_WBITS = 16 + zlib.MAX_WBITS


# The compressions read directly, by magic number (a .gz saved without its name, or a
# name kept by a browser that already decompressed the file, are both common). Each
# reader reads concatenated members/streams whole (gzip, bzip2 and xz all allow them;
# `cat a.gz b.gz` is a valid gzip file).
CODECS: tuple[Codec, ...] = (
    # RFC 1952: ID1 ID2 and CM=8 (deflate, the only method defined). Pipermail's monthly
    # archives (2011-March.txt.gz), forum backups, Reddit exports.
    # Read as gzip -d reads it: a tail that opens no member is ignored (_GzipMembers).
    Codec("gzip", ".gz", re.compile(rb"\x1f\x8b\x08"), lambda fh, _: _GzipMembers(fh)),
    # bzip2: "BZh", the block size digit, then a block's or the end's 48-bit magic (pi /
    # sqrt(pi)), so that a text dump opening with "BZh" is not taken for one.
    Codec("bzip2", ".bz2", re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"), lambda fh, _: bz2.BZ2File(fh)),
    # The .xz container's stream header magic (tukaani.org xz-file-format, 2.1.1.1).
    # Streams and their null padding read as xz -d reads them (_XzStreams).
    Codec("xz", ".xz", re.compile(rb"\xfd7zXZ\x00"), lambda fh, _: _XzStreams(fh)),
    # A zstd frame (RFC 8878, 3.1.1): Pushshift and Arctic Shift Reddit dumps.
    Codec("zstd", ".zst", re.compile(rb"\x28\xb5\x2f\xfd"), _open_zstd),
)
_MAGIC_BYTES = 10  # the longest magic above
# Errors a decompressor raises for a truncated or corrupt stream (gzip.BadGzipFile and
# bz2's "Invalid data stream" are OSErrors; a cut stream is an EOFError).
_DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)
# A tar archive: "ustar" at offset 257 of its first header (POSIX.1-1988 and GNU tar).
_TAR_MAGIC = (257, b"ustar")


def compression(head: bytes) -> Codec | None:
    """The :class:`Codec` whose magic number ``head`` (a file's first bytes) opens with."""
    return next((c for c in CODECS if c.magic.match(head)), None)


def compressed(path: str) -> Codec | None:
    """The :class:`Codec` of the file ``path`` (by its first bytes), or ``None`` (plain,
    unreadable, not a regular file, or standard input)."""
    if path == _STDIN or not os.path.isfile(path):  # a FIFO would block the open
        return None
    try:
        with open(path, "rb") as fh:
            return compression(fh.read(_MAGIC_BYTES))
    except OSError:
        return None


def plain_name(path: str) -> str:
    """``path`` without a compression suffix: the name of the file it decompresses to
    (``RC_2011-01.ndjson.zst`` -> ``RC_2011-01.ndjson``)."""
    lower = path.lower()
    suffix = next((c.suffix for c in CODECS if lower.endswith(c.suffix)), "")
    return path[: len(path) - len(suffix)] if suffix and len(path) > len(suffix) else path


def _is_tar(data: bytes) -> bool:
    offset, magic = _TAR_MAGIC
    return data[offset : offset + len(magic)] == magic


@contextmanager
def open_decompressed(path: str, codec: Codec) -> Iterator[Any]:
    """A reader (``read(n)``) of the decompressed bytes of ``path``, compressed with
    ``codec``; its errors are :class:`ThreadsError` (``not a readable gzip file: ...``)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        raise ThreadsError(f"cannot read: {err.strerror or err}", path) from None
    with fh, codec.open(fh, path) as reader:
        yield _Checked(reader, codec, path)


class _Checked:
    """A decompressing reader whose errors are one :class:`ThreadsError` line."""

    def __init__(self, reader: Any, codec: Codec, path: str) -> None:
        self._reader, self._codec, self._path = reader, codec, path

    def read(self, size: int) -> bytes:
        try:
            return self._reader.read(size)
        except _DECOMPRESS_ERRORS as err:
            raise ThreadsError(f"not a readable {self._codec.name} file: {err}", self._path) from None


def _decompressed(fh: BinaryIO, codec: Codec, limit: int, path: str) -> bytes:
    """The decompressed bytes of ``fh``, read in pieces of at most :data:`READ_PIECE`
    and refused once past ``limit``: a decompression bomb never holds more than the cap
    (and one piece). A tar archive is refused at its first piece."""
    out = io.BytesIO()
    with codec.open(fh, path) as raw:
        reader = _Checked(raw, codec, path)
        while out.tell() <= limit:
            piece = reader.read(min(READ_PIECE, limit + 1 - out.tell()))
            if not piece:
                break
            if not out.tell() and _is_tar(piece):
                raise ThreadsError(f"a tar archive ({codec.name}-compressed): {_ONE_DUMP}", path)
            out.write(piece)
            del piece
    if out.tell() > limit:
        raise ThreadsError(_too_big(limit, decompressed=True), path)
    return out.getvalue()  # no copy: BytesIO hands over its buffer


def read_input(path: str, options: Options | None = None) -> Source:
    """One input file decoded by :func:`read_source`, within ``options.max_input_mb``
    (a compressed one decompressed, and capped once decompressed)."""
    options = options or Options()
    return read_source(path, options.max_input_bytes)
