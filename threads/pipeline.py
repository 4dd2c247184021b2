"""The data flow for one input: text → format → posts → quotes → replies → sentiment.

:func:`analyse_source` runs every stage on one decoded input and returns its
:class:`~threads.model.Thread` objects; ``analysis.py`` gathers many inputs.
"""

from __future__ import annotations

import ctypes
import functools
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from threads import formats, pages, quotes, replies, sentiment, signatures, similar
from threads.gcpause import gc_paused
from threads.model import Post, RawThread, Thread, ThreadsError
from threads.options import HTML_BACKENDS, Options
from threads.read import MAX_LINE_CHARS, Source, check_lines, plain_name, too_many_posts
from threads.zipped import bundle_layout

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)

# Posts from which a run hands the memory its finished stages freed back to the system
# (release_memory). Measured on bench.make_typepad dumps (sentiment stubbed): the
# resident size fell 699 -> 631 MB after quotes and 851 -> 750 MB once the analysis
# ended at 200k posts, 585 -> ~426 MB after inference at 100k: freed memory that polars'
# own allocator (the tables, the Parquet write) could not reuse. Below a few thousand
# posts the heap is a few MB, not worth a call per thread of a corpus run.
RELEASE_MIN_POSTS = 5_000


def _has_long_line(text: str) -> bool:
    """Whether a line of ``text`` is longer than ``MAX_LINE_CHARS``: the same answer as
    ``read.check_lines`` without splitting the text into a list of lines (a copy of the
    whole dump). Window by window: a window of ``MAX_LINE_CHARS + 1`` characters with no
    newline is such a line; otherwise the next window starts after its last newline."""
    if len(text) <= MAX_LINE_CHARS:
        return False
    pos = 0
    while len(text) - pos > MAX_LINE_CHARS:
        last = text.rfind("\n", pos, pos + MAX_LINE_CHARS + 1)
        if last < 0:
            return True
        pos = last + 1
    return False


def thread_ids(source_path: str, raws: list[RawThread]) -> list[str]:
    """Stable ids: the file's stem, with the thread's key (or number) when a file holds
    several threads. Safe as file names. A compressed file's stem is that of the file
    it decompresses to (``2011-March.txt.gz`` gives ``2011-March``)."""
    stem = "stdin" if source_path == "<stdin>" else Path(plain_name(source_path)).stem
    stem = _UNSAFE.sub("_", stem).strip("._") or "thread"
    if len(raws) == 1:
        return [stem]
    ids = []
    for n, raw in enumerate(raws, start=1):
        key = _UNSAFE.sub("_", raw.key).strip("._") if raw.key else ""
        ids.append(f"{stem}-{key or n}")
    return ids


def rename_thread(thread: Thread, new_id: str) -> None:
    """Give ``thread`` and its posts and replies the id ``new_id`` (a second input with
    the same file stem gets ``<stem>-2``)."""
    thread.thread_id = new_id
    for post in thread.posts:
        post.thread_id = new_id
    for reply in thread.replies:
        reply.thread_id = new_id


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl,
    Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the C library the interpreter already runs on
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


def release_memory(n_posts: int) -> None:
    """Return the C heap's free pages to the system after a stage of a thread of
    ``n_posts`` posts freed its structures (from :data:`RELEASE_MIN_POSTS` posts).

    Freed memory otherwise stays in the process: Python's objects reuse it, but the
    polars tables and the Parquet writer allocate elsewhere (their own allocator), so a
    finished stage's peak was still resident, under the tables, at the end of the run.
    Changes no result; a no-op without glibc."""
    if n_posts >= RELEASE_MIN_POSTS and (trim := _malloc_trim()) is not None:
        trim(0)


def analyse_raw(
    raw: RawThread,
    thread_id: str,
    source: Source,
    fmt: str,
    confidence: float,
    options: Options | None = None,
) -> Thread:
    """Quotes, signatures, reply links and sentiment for one parsed thread.

    ``raw`` is used up: its posts list is emptied once the thread's posts are built."""
    if not raw.posts:
        raise ThreadsError("no posts found", source.path)
    with gc_paused(), sentiment.pools_stopped_on_interrupt():
        return _analyse(raw, thread_id, source, fmt, confidence, options or Options())


_V = TypeVar("_V", str, float)

# The quote hits of a post with none, one empty tuple for all of them: they wait through
# replies and inference beside the posts, and an empty list of its own is 56 bytes a post.
_NO_HITS: tuple[quotes.QuoteHit, ...] = ()


def _one_of(value: _V | None, seen: dict[_V, _V]) -> _V | None:
    """``value``, or the equal object already in ``seen``: the posts of a thread then
    share one object per author name and per score value instead of one per post (as
    parsed, or unpickled from the sentiment workers), ~130 bytes a post kept until the
    run ends (names repeat; VADER's scores have 4 decimals). Falsy values stay as they
    are: 0.0 and -0.0 are equal keys but not the same value."""
    if not value:
        return value
    return seen.setdefault(value, value)


def _analyse(
    raw: RawThread, thread_id: str, source: Source, fmt: str, confidence: float, options: Options
) -> Thread:
    # The sentiment workers (when this thread is big enough for them) start now and
    # load while quotes, replies and inference run here; score() below finds them ready.
    sentiment.prestart(len(raw.posts), workers=options.workers)
    learned = signatures.learn_thread(raw.posts, raw.signature_tally)
    raw.signature_tally = None  # its lists of posts and bodies are not needed any more
    signed = [signatures.split(rp.body, rp.author, learned) for rp in raw.posts]
    index = quotes.QuoteIndex()
    # Every body's shingle keys in bulk; a post whose own text is its body (most: no
    # quote taken out) is indexed with them instead of being tokenised again.
    body_keys = index.key_sets([body for body, _ in signed])
    posts: list[Post] = []
    raws: list[str] = []
    hits: list[Sequence[quotes.QuoteHit]] = []
    names: dict[str, str] = {}  # one string per author (see _one_of)
    for pid, (rp, (body, sig), keys) in enumerate(zip(raw.posts, signed, body_keys, strict=True)):
        split = quotes.split(body, index, pid)
        sources = rp.quote_sources + [None] * (len(rp.quoted) - len(rp.quote_sources))
        for extra, who in zip(rp.quoted, sources, strict=False):
            hit = index.best(extra, before=pid)
            split.quoted.append(extra)
            split.hits.append(quotes.QuoteHit(extra, hit[0] if hit else None, hit[1] if hit else 0.0, who))
        index.add(pid, split.own, keys if split.own == body.strip() else None)
        posts.append(
            Post(
                thread_id=thread_id,
                post_id=pid,
                author=_one_of(rp.author, names),
                timestamp=rp.timestamp,
                title=rp.title,
                text=split.own,
                quoted=split.quoted,
                source_id=rp.source_id,
                line_start=rp.line_start,
                line_end=rp.line_end,
                source_format=fmt,
                source_file=rp.source_file
                or (str(Path(source.path) / rp.member) if rp.member else source.path),
                signature=rp.signature or sig,
                placeholder=rp.placeholder,
                parent_source_id=rp.parent_source_id,
                parent_evidence=rp.parent_evidence,
                parent_confidence=rp.parent_confidence,
                also_answers=tuple(rp.also_answers),
            )
        )
        raws.append(body)
        hits.append(split.hits or _NO_HITS)  # most posts: no list of their own kept
    # The quote index (every post's shingles: ~1 KB a post, the largest structure of
    # this stage) and the signature split are done with: free them before replies and
    # inference build their own indexes, rather than when this function returns. So
    # are the parser's records (~330 bytes a post beside the posts; the caller keeps the
    # RawThread until every input is read): their memory serves the stages below.
    del index, signed
    raw.posts = []
    release_memory(len(posts))
    # Every own text is final here: a big thread's scoring starts now in the pool's
    # workers and runs beside replies and inference, which use one core (this process);
    # the scores are collected below, the same as sentiment.score's.
    scored = sentiment.score_later([p.text for p in posts], workers=options.workers)
    edges = replies.resolve(posts, raws, hits)
    # The bodies with their quotes and the quote hits serve the markers only: gone
    # before inference builds its index (the analysis's peak), not after it.
    del raws, hits
    if options.infer:
        edges = similar.infer(posts, edges)
    release_memory(len(posts))
    scores = scored()
    values: dict[float, float] = {}  # one float per score value (see _one_of)
    for post, s in zip(posts, scores, strict=True):
        post.compound, post.positive, post.neutral, post.negative = (
            _one_of(s.compound, values),
            _one_of(s.positive, values),
            _one_of(s.neutral, values),
            _one_of(s.negative, values),
        )
        post.lang, post.sentiment_reliable, post.n_words = s.lang, s.reliable, s.n_words
    warnings = list(raw.warnings)
    if len(posts) > 1 and all(p.timestamp is None for p in posts if not p.placeholder):
        warnings.append(
            f"no post has a time that threads could read ({len(posts)} posts): "
            "times, timelines and time gaps are empty for this thread"
        )
    thread = Thread(
        thread_id=thread_id,
        title=raw.title,
        source_file=source.path,
        source_format=fmt,
        encoding=source.encoding,
        posts=posts,
        replies=edges,
        format_confidence=confidence,
        skipped=dict(raw.skipped),
        warnings=warnings,
    )
    if options.pseudonym_key is not None:  # after every link and score: only names change
        from threads.pseudonyms import pseudonymise_thread

        pseudonymise_thread(posts, edges, options.pseudonym_key, thread)
    return thread


@dataclass
class Parsed:
    """One input detected and parsed, not yet analysed: its threads, their ids, and the
    format that read them (``source`` keeps the path and encoding, not the text)."""

    source: Source
    format: str
    confidence: float
    raws: list[RawThread]
    ids: list[str]


def _html_backend(name: str) -> AbstractContextManager[None]:
    """The HTML parser ``name`` for the block (nothing to set for the default one)."""
    if name == HTML_BACKENDS[0]:
        return nullcontext()
    from threads.formats import _html_dom  # bs4 and selectolax only when asked for

    return _html_dom.use_backend(name)


def choose_format(text: str, format: str | None) -> tuple[formats.Format, float]:
    """The dialect named by ``format`` (sure), else the one detection finds in ``text``
    and how sure it is (a whole input, or the head of one read in pieces)."""
    if format:
        return formats.get(format), 1.0
    found = formats.detect(text)
    return found.format, found.confidence


def parse_source(source: Source, format: str | None = None, options: Options | None = None) -> Parsed:
    """Detect (unless ``format`` is given) and parse one decoded input, within the
    limits of ``options``."""
    options = options or Options()
    fmt, confidence = choose_format(source.text, format)
    # A bundle (threads/zipped.py: an export of several files as one JSON text, a Maildir)
    # is one line however long: its files' lines are the dialect's to judge.
    bundled = bundle_layout(source.text) is not None
    if fmt.line_based and not bundled and _has_long_line(source.text):
        if fmt.name == "article":  # JSON or XML no export took: say that, not its line length
            from threads.formats.article import not_prose

            problem = not_prose(source.text)
            if problem:
                raise ThreadsError(problem, source.path)
        check_lines(source)  # raises, with the length in the message
    try:
        with _html_backend(options.html_backend):
            raws = fmt.parse(source.text)
    except ThreadsError as err:
        raise ThreadsError(err.message, err.path or source.path) from None
    # The posts hold their own copies of the text from here on: let the dump go (on a
    # big plain-text dump it is the largest single object, 1-4 bytes per character).
    source = replace(source, text="")
    raws = [r for r in raws if r.posts]
    count, limit = sum(len(r.posts) for r in raws), options.max_posts
    if count > limit:
        raise ThreadsError(too_many_posts(count, limit), source.path)
    if not raws:
        raise ThreadsError(f"no posts found (read as {fmt.name})", source.path)
    if fmt.name == "article" and not format:
        raws[0].warnings.append(
            "no comment structure recognised: read as one post, the article (--format chooses a dialect)"
        )
    return Parsed(source, fmt.name, confidence, raws, thread_ids(source.path, raws))


def analyse_parsed(parsed: Parsed, options: Options | None = None) -> list[Thread]:
    """Analyse every thread of a parsed input, each read alone (a page of a longer
    thread says so in its warnings)."""
    out = []
    for raw, tid in zip(parsed.raws, parsed.ids, strict=True):
        if (note := pages.page_note(raw)) and note not in raw.warnings:
            raw.warnings.append(note)
        out.append(analyse_raw(raw, tid, parsed.source, parsed.format, parsed.confidence, options))
    return out


def analyse_source(source: Source, format: str | None = None, options: Options | None = None) -> list[Thread]:
    """Detect (unless ``format`` is given), parse and analyse one decoded input."""
    return analyse_parsed(parse_source(source, format, options), options)
