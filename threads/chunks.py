"""One huge input (a multi-GB Reddit NDJSON dump or mbox archive) read in pieces, in
parallel, with bounded memory, into the same rows as reading it whole.

A corpus run (``threads/corpus.py``) hands an input here when it is bigger than the
piece size (once decompressed, for a gzip, bzip2 or xz file) or ``.zst``-compressed, and
its dialect can be read in pieces (a ``Stream`` in the format registry). Three steps,
the first and last on the workers:

1. **scan**: the file is cut into byte ranges (~``chunk_bytes`` each) at places where
   the dialect says a record may start (a newline for NDJSON, a ``From`` line after a
   blank line for mbox); each piece is decoded and scanned into a partial result with
   its lines numbered from 1. A compressed dump is decompressed as a stream here and
   its pieces shipped to the workers.
2. **route**: partials of consecutive pieces merge into the partial of the whole, line
   numbers shifted by the lines of the pieces before. NDJSON threads are known by key
   as soon as a line is read, so each scan task writes its records to one spill file
   per *group* of keys (a hash), and nothing but the keys comes back: no process ever
   holds more than a piece and a group. mbox threading needs every message's ids
   (``In-Reply-To`` may point anywhere), so the messages come back and are threaded
   here, then sent out by groups.
3. **analyse**: each group's threads go through quotes, replies and sentiment, and its
   posts and replies are written as parts ``<key>~<group>.parquet``; the ``threads``
   part, written here last, marks the input complete.

Thread ids, order, line numbers, bad-line counts and warnings are those of the whole
read (``tests/test_chunking.py`` compares the tables). The input must be UTF-8 (what
NDJSON and nearly every mbox is); anything else is read whole, as before.
"""

from __future__ import annotations

import os
import pickle
import shutil
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from threads import formats
from threads.files import atomic_write, write_failed
from threads.model import RawThread, ThreadsError
from threads.parallel import (
    Runner,
    Task,
    TaskResult,
    bounded,
    group_part_path,
    part_path,
    write_part,
    write_parts,
)
from threads.pipeline import analyse_raw, choose_format, thread_ids
from threads.read import Codec, Source, check_lines, compressed, decode, open_decompressed

# Bytes per piece, and (roughly) per group of threads: what one worker holds at a time.
# 32 MB of NDJSON is ~45k comments, ~300 MB in a worker once analysed (BENCHMARKS.md).
CHUNK_BYTES = 32 * 2**20
# How much of the input detection sees (the sniffers look at the first 64 KB at most).
HEAD_BYTES = 2**20
# A piece boundary is looked for this far past the nominal cut, then twice as far, ...
SEEK_BYTES = 2**16
# Reads of a compressed stream (a piece is read in blocks of at most this many bytes).
READ_BYTES = 4 * 2**20
# A compressed dump whose header does not say its size is taken to be this many times
# bigger (Reddit NDJSON compresses 6-10x with zstd, 5-8x with gzip; mbox text 3-5x) when
# choosing the number of groups, and whether a gzip/bzip2/xz one is worth pieces.
COMPRESSION_RATIO = 8
# zstd dumps go in pieces whatever their size: they are the Pushshift / Arctic Shift
# dumps, GBs once decompressed, and their frames seldom say how big.
ALWAYS_PIECES = ("zstd",)
SPILL_PREFIX = ".chunks-"


# ---------------------------------------------------------------- pieces
@dataclass(frozen=True)
class Piece:
    """A byte range of the input (``data`` when the coordinator decompressed it)."""

    path: str
    index: int
    start: int
    end: int
    last: bool
    data: bytes | None = None


def _file_pieces(path: str, size: int, chunk: int, piece_start: Any) -> list[Piece]:
    cuts = [0]
    with open(path, "rb") as f:
        while cuts[-1] + chunk < size:
            nominal, window = cuts[-1] + chunk, SEEK_BYTES
            while True:
                f.seek(nominal)
                buf = f.read(window)
                at = piece_start(buf)
                if at >= 0 or nominal + len(buf) >= size:
                    break
                window *= 2
            if at < 0:
                break
            cuts.append(nominal + at)
    ends = [*cuts[1:], size]
    return [Piece(path, i, s, e, i == len(cuts) - 1) for i, (s, e) in enumerate(zip(cuts, ends, strict=True))]


def _stream_pieces(path: str, codec: Codec, chunk: int, piece_start: Any) -> Iterator[Piece]:
    """Pieces of a compressed dump, decompressed as a stream (one piece held at a time)."""
    with open_decompressed(path, codec) as reader:

        def more() -> bytes:
            return reader.read(min(chunk, READ_BYTES))

        buf, eof, index, offset = bytearray(), False, 0, 0
        while True:
            while not eof and len(buf) <= chunk:
                data = more()
                eof = not data
                buf += data
            cut = len(buf)
            while len(buf) > chunk:  # a boundary past the nominal size, reading on if need be
                at = piece_start(buf[chunk:])
                if at >= 0:
                    cut = chunk + at
                    break
                if eof:
                    break
                data = more()
                eof = not data
                buf += data
                cut = len(buf)
            piece = bytes(buf[:cut])
            del buf[:cut]
            last = eof and not buf
            yield Piece(path, index, offset, offset + cut, last, piece)
            if last:
                return
            index, offset = index + 1, offset + cut


def _decompressed_size(path: str, codec: Codec) -> int:
    """The decompressed size of ``path`` as its header or trailer says it (zstd's frame
    content size; gzip's ISIZE, the last member's size mod 2**32), else an estimate."""
    packed = os.path.getsize(path)
    size = -1
    try:
        with open(path, "rb") as f:
            if codec.name == "zstd":
                import zstandard

                size = zstandard.frame_content_size(f.read(18))
            elif codec.name == "gzip" and packed >= 18:
                f.seek(-4, os.SEEK_END)
                size = int.from_bytes(f.read(4), "little")
    except Exception:  # no zstandard, unreadable, or no size in the frame header
        size = -1
    # An ISIZE under the compressed size is wrapped (over 4 GB) or a last member's only.
    return size if size >= packed else packed * COMPRESSION_RATIO


def _piece_bytes(piece: Piece) -> bytes:
    if piece.data is not None:
        return piece.data
    with open(piece.path, "rb") as f:
        f.seek(piece.start)
        return f.read(piece.end - piece.start)


def piece_lines(piece: Piece) -> list[str]:
    """The piece's lines as the whole read would number them (newlines normalised; the
    empty string after a piece's final newline belongs to the next piece)."""
    data = _piece_bytes(piece)
    try:
        text = data.decode("utf-8-sig" if piece.index == 0 else "utf-8")
    except UnicodeDecodeError as err:
        raise NotUtf8(f"not UTF-8 at byte {piece.start + err.start:,}") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not piece.last and lines and lines[-1] == "":
        lines.pop()
    return lines


class NotUtf8(ThreadsError):
    """A piece is not UTF-8: the input is read whole (its encoding detected) instead."""


# ---------------------------------------------------------------- plan
@dataclass(frozen=True)
class Plan:
    """How an input is read in pieces: its dialect, as sure as detection was, its
    encoding, the number of thread groups and where the spill files go."""

    task: Task
    format: str
    confidence: float
    encoding: str
    groups: int
    spill: str


def probe(task: Task, out: Path, chunk_bytes: int) -> Plan | None:
    """A :class:`Plan` when ``task``'s input should be read in pieces, else ``None`` (read
    it whole: small, not UTF-8, or a dialect without pieces). Raises
    :class:`ThreadsError` for what reading it whole would refuse too (empty, binary)."""
    path = task.path
    codec = compressed(path)
    try:
        size = os.path.getsize(path)
    except OSError:
        return None  # run_task names the problem
    if codec is None and size <= chunk_bytes:
        return None
    if codec:
        total = _decompressed_size(path, codec)
        if codec.name not in ALWAYS_PIECES and total <= chunk_bytes:
            return None  # read whole, as the plain file would be
        with open_decompressed(path, codec) as reader:
            head = reader.read(HEAD_BYTES)
    else:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
        total = size
    if len(head) == HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head  # whole lines: no character cut in two
    source = decode(head, path)
    if source.encoding not in ("utf-8", "utf-8-sig"):
        return None
    fmt, confidence = choose_format(source.text, task.format)
    if fmt.stream is None:
        return None
    groups = max(1, -(-total // chunk_bytes)) if fmt.stream.keyed else 0
    spill = str((out / f"{SPILL_PREFIX}{task.key}").absolute())
    return Plan(task, fmt.name, confidence, source.encoding, groups, spill)


def worth_pieces(path: str, chunk_bytes: int | None = None) -> bool:
    """Whether a corpus run would read ``path`` in pieces (big, once decompressed, or
    ``.zst``, in a dialect that can be): ``threads parse`` then makes a corpus folder even for one input."""
    try:
        return probe(Task(path, "probe"), Path("."), chunk_bytes or CHUNK_BYTES) is not None
    except (ThreadsError, OSError):
        return False


# ---------------------------------------------------------------- step 1: scan (workers)
@dataclass
class Scanned:
    """What a scan task sends back: the piece's line count and longest line, and its
    partial (keyed dialects: only the summary; the records are in the spill files)."""

    index: int
    lines: int
    longest: int
    partial: Any


def _group_of(key: str, groups: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % groups


def _spill_file(spill: str, group: int, index: int) -> Path:
    return Path(spill) / f"g{group:05d}" / f"p{index:07d}.pickle"


def scan_piece(piece: Piece, plan: Plan) -> Scanned:
    """Step 1 for one piece (runs on a worker)."""
    stream = formats.get(plan.format).stream
    assert stream is not None
    lines = piece_lines(piece)
    longest = max(map(len, lines), default=0) if formats.get(plan.format).line_based else 0
    partial = stream.scan(lines)
    if not stream.keyed:
        return Scanned(piece.index, len(lines), longest, partial)
    by_group: dict[int, set[str]] = {}
    for key in partial.thread_keys():
        by_group.setdefault(_group_of(key, plan.groups), set()).add(key)
    for group, keys in by_group.items():
        target = _spill_file(plan.spill, group, piece.index)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(partial.select(keys), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(target, lambda tmp, d=data: tmp.write_bytes(d))
    return Scanned(piece.index, len(lines), longest, partial.summary())


# ---------------------------------------------------------------- step 3: analyse (workers)
@dataclass
class Group:
    """One group of an input's threads to analyse: from spill files (keyed dialects,
    ``offsets`` = the first line of each piece, less one) or as parsed threads."""

    plan: Plan
    index: int
    ids: dict[str, str] = field(default_factory=dict)  # thread key -> thread id (keyed)
    whole: Any = None
    offsets: list[int] = field(default_factory=list)
    raws: list[tuple[str, RawThread]] = field(default_factory=list)  # (thread id, thread)


def analyse_group(group: Group, out_dir: str, single_core: bool = True) -> tuple[pl.DataFrame, int]:
    """Step 3 for one group (runs on a worker): analyse its threads, write its posts
    and replies parts; return its rows of the ``threads`` table and its post count."""
    plan, task = group.plan, group.plan.task
    options = task.options.for_worker() if single_core else task.options
    fmt = formats.get(plan.format)
    raws = group.raws
    if fmt.stream is not None and fmt.stream.keyed:
        folder = Path(plan.spill) / f"g{group.index:05d}"
        merged = fmt.stream.scan([])
        for f in sorted(folder.glob("p*.pickle")):
            merged.merge(pickle.loads(f.read_bytes()), group.offsets[int(f.stem[1:])])
        raws = [(group.ids[r.key or ""], r) for r in fmt.stream.threads_of(merged, group.whole)]
    source = Source(task.path, "", plan.encoding)
    found = [analyse_raw(raw, tid, source, plan.format, plan.confidence, options) for tid, raw in raws]
    out = Path(out_dir)
    targets = {table: group_part_path(out, table, task.key, group.index) for table in ("posts", "replies")}
    frames = write_parts(found, task, targets)
    return frames["threads"], frames["posts"].height


# ---------------------------------------------------------------- the coordinator
def run_input(plan: Plan, runner: Runner, out: Path, chunk_bytes: int) -> TaskResult:
    """Read ``plan``'s input in pieces on ``runner`` and write its parts (see the module
    doc). Problems come back as a failed :class:`TaskResult`, as from ``run_task``;
    :class:`NotUtf8` is raised for the caller to read the input whole instead."""
    task = plan.task
    try:
        return _run(plan, runner, out, chunk_bytes)
    except NotUtf8:
        raise
    except ThreadsError as err:
        return TaskResult(task, error=err.message, error_path=err.path or task.path)
    except OSError as err:
        return TaskResult(task, error=write_failed(err), error_path=str(out))
    finally:
        shutil.rmtree(plan.spill, ignore_errors=True)


def _checked(results: Iterator[tuple[Any, Any, BaseException | None]]) -> Iterator[Any]:
    for _, result, error in results:
        if error is not None:
            if isinstance(error, ThreadsError | OSError):
                raise error
            raise ThreadsError(f"internal error: {type(error).__name__}: {error}")
        yield result


def _run(plan: Plan, runner: Runner, out: Path, chunk_bytes: int) -> TaskResult:
    task = plan.task
    fmt = formats.get(plan.format)
    stream = fmt.stream
    assert stream is not None
    codec = compressed(task.path)
    if codec:
        pieces: Any = _stream_pieces(task.path, codec, chunk_bytes, stream.piece_start)
    else:
        pieces = _file_pieces(task.path, os.path.getsize(task.path), chunk_bytes, stream.piece_start)
    scanned = sorted(_checked(bounded(runner, scan_piece, pieces, plan)), key=lambda s: s.index)
    longest = max((s.longest for s in scanned), default=0)
    if fmt.line_based and longest > 1_000_000:
        check_lines(Source(task.path, " " * longest, plan.encoding))  # the whole read's message
    offsets = [0]
    for s in scanned:
        offsets.append(offsets[-1] + s.lines)
    whole = stream.scan([])
    for s, offset in zip(scanned, offsets, strict=False):
        whole.merge(s.partial, offset)
    del scanned
    if stream.keyed:
        stream.threads_of(whole.select(set()), whole)  # the whole read's errors (no object at all)
        names = whole.thread_keys()
        ids = thread_ids(task.path, [RawThread(posts=[], key=k) for k in names])
        groups: Iterator[Group] = _keyed_groups(plan, whole, names, ids, offsets)
        raws: deque[tuple[str, RawThread]] = deque()
    else:
        parsed = stream.threads_of(whole)
        del whole
        ids = thread_ids(task.path, parsed) if parsed else []
        raws = deque(zip(ids, parsed, strict=True))
        del parsed
        groups = _batches(plan, raws, chunk_bytes)
    if not ids:
        raise ThreadsError(f"no posts found (read as {plan.format})", task.path)
    frames, n_posts = [], 0
    where = str(out.absolute())  # a Dask worker's working folder is not ours
    for frame, posts in _checked(bounded(runner, analyse_group, groups, where, not runner.in_process)):
        frames.append(frame)
        n_posts += posts
    final = [f"{tid}-{task.suffix}" if task.suffix else tid for tid in ids]
    order = {tid: n for n, tid in enumerate(final)}
    rows = pl.concat(frames).sort(pl.col("thread_id").replace_strict(order, default=len(order)))
    write_part(part_path(out, "threads", task.key), rows.write_parquet)
    return TaskResult(task, n_threads=rows.height, n_posts=n_posts)


def _keyed_groups(
    plan: Plan, whole: Any, names: list[str], ids: list[str], offsets: list[int]
) -> Iterator[Group]:
    """One group per spill folder, with the ids of its threads only."""
    by_group: dict[int, dict[str, str]] = {}
    for name, tid in zip(names, ids, strict=True):
        by_group.setdefault(_group_of(name, plan.groups), {})[name] = tid
    summary = whole.summary(limit=1)
    for index in sorted(by_group):
        yield Group(plan, index, by_group.pop(index), summary, offsets)


def _batches(plan: Plan, raws: deque[tuple[str, RawThread]], chunk_bytes: int) -> Iterator[Group]:
    """Parsed threads in order, in groups of about as many posts as a piece holds (let
    go as they are sent)."""
    per_group = max(1, chunk_bytes // 1000)  # ~1 KB a message
    batch: list[tuple[str, RawThread]] = []
    index = size = 0
    while raws:
        batch.append(raws.popleft())
        size += len(batch[-1][1].posts)
        if size >= per_group or not raws:
            yield Group(plan, index, raws=batch)
            batch, index, size = [], index + 1, 0
