"""Bytes to text: encodings, byte-order marks, newlines; files, folders and stdin.

>>> decode("caf\\u00e9\\r\\n".encode("cp1252"), "x.txt").encoding
'cp1252'
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from threads.model import ThreadsError

# Longest line a text dump may have. Real comment dumps have lines of a few KB; a file
# with a longer line is a minified export or not a thread at all, and would make the
# line-based dialects and VADER crawl.
MAX_LINE_CHARS = 1_000_000
# Share of control characters (other than tab/newline) above which bytes are binary.
BINARY_CONTROL_SHARE = 0.05

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
    if not data.strip():
        raise ThreadsError("file is empty" if not data else "file has only whitespace", path)
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
    if encoding is None:
        if _is_binary(data):
            raise ThreadsError("binary file, not text (no thread dump format reads it)", path)
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
                encoding = _guess_legacy(data)
                text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise ThreadsError(f"cannot decode as {encoding}: {err.reason}", path) from None
        text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
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


def _guess_legacy(data: bytes) -> str:
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


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read and decode one file (``-`` reads standard input)."""
    name = os.fspath(path)
    if name == _STDIN:
        return decode(sys.stdin.buffer.read(), "<stdin>")
    p = Path(name)
    if not p.exists():
        raise ThreadsError("no such file or folder", name)
    if p.is_dir():
        raise ThreadsError("is a folder (expected a file)", name)
    if not p.is_file():  # a FIFO or device would block or never end
        raise ThreadsError("not a regular file (a pipe or device?); use - to read standard input", name)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ThreadsError(f"cannot read: {err.strerror or err}", name) from None
    return decode(data, name)


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
        yield from (str(f) for f in found)
