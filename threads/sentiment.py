"""VADER sentiment on each post's own text, and the language it is written in.

Scores are exactly ``SentimentIntensityAnalyzer().polarity_scores(text)`` of
vaderSentiment, on the own text only (quotes and signatures excluded), computed by the
faster exact re-implementation in :mod:`threads.vader`. VADER's lexicon is English;
:func:`score` also detects the language with py3langid (an offline model shipped in the
package) and flags scores of non-English posts as not meaningful, and of posts written
mostly in letters VADER has no word for (Chinese, Japanese, Cyrillic...) even when they
are too short for a language, and of posts it finds nothing in (a bare link). Words are
counted script-aware (:func:`count_words`): Chinese, Japanese and Thai are written
without spaces between words.

Large inputs are scored on all cores: chunks of posts go to a process pool (both VADER
and the language detector run in the workers), results come back in input order.

>>> s = score(["What a wonderful, thoughtful post!"])[0]
>>> s.compound > 0.5, s.lang, s.reliable
(True, 'en', True)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from threads import processes
from threads.vader import polarity

# Below this many words the language detector guesses (a two-word post such as "Gladio
# anybody?" comes out as Italian); such posts get lang None and keep their score.
MIN_WORDS_FOR_LANG = 5
# py3langid's normalised probability needed to call a post non-English. Chosen on the
# seeds and fixtures: English posts with names and jargon score >= 0.9 for "en", German
# and French fixture posts >= 0.99 for their language.
MIN_LANG_PROB = 0.9
# The same for a text whose letters are mostly not Latin (see readable_by_vader): there
# the threshold's worry, English with foreign names called another language, cannot
# arise, and py3langid's probability is spread over the few languages of one script (on
# the Chinese Disqus export of the corpus, short Chinese comments come out zh at 0.5-0.9,
# some as wuu or yue). Below even odds the language stays None; such a post is still
# flagged unreliable by its script.
MIN_LANG_PROB_OTHER_SCRIPT = 0.5

# A fast path before py3langid (which walks each text byte by byte in Python, ~0.3 ms a
# post, eight times VADER): a text of at least MIN_WORDS_FOR_SHORTCUT words of which at
# least ENGLISH_SHARE are English function words that no other common Latin-script
# language shares is English. Function words make up 35-50% of running English text and
# under 3% of the German, French and Spanish fixture posts; on every post of the seeds
# and fixtures the shortcut agrees with py3langid (tests/test_sentiment.py checks it).
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "that",
        "it",
        "for",
        "was",
        "with",
        "you",
        "this",
        "have",
        "are",
        "not",
        "but",
        "they",
        "be",
        "at",
        "from",
        "would",
        "what",
        "there",
        "their",
        "can",
        "will",
        "or",
        "which",
        "we",
        "has",
        "were",
        "been",
        "if",
        "do",
        "my",
        "your",
        "our",
        "about",
        "just",
        "than",
        "then",
        "them",
        "these",
        "those",
        "should",
        "could",
        "he",
        "she",
        "his",
        "her",
        "who",
        "when",
        "how",
        "why",
        "its",
        "it's",
        "i'm",
        "don't",
    ]
)
ENGLISH_SHARE = 0.2
MIN_WORDS_FOR_SHORTCUT = 12


def _english_share(text: str, n_words: int) -> float:
    """The share of ``n_words`` (the script-aware count) that are English function words:
    a Chinese post with a few English words in it is not English."""
    words = text.lower().split()
    return sum(1 for w in words if w.strip(".,;:!?\"'()") in ENGLISH_FUNCTION_WORDS) / n_words


# Scripts written without spaces between words (Unicode blocks; Korean Hangul is written
# with spaces and is counted by whitespace like Latin). Each letter of these counts as one
# word: a Chinese word is one to three characters, so this overcounts words by up to ~2x,
# which only matters against MIN_WORDS_FOR_LANG (a five-character Chinese post is long
# enough for py3langid). Only letters and digits count: combining marks (Thai vowel signs,
# kana voicing marks) and the scripts' punctuation are left out below.
SPACELESS_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9D),  # halfwidth katakana
    (0x20000, 0x3134F),  # CJK unified ideographs extensions B-G
)


def _letter_ranges(blocks: tuple[tuple[int, int], ...]) -> str:
    """The letters and digits of ``blocks`` (not marks, punctuation, unassigned code
    points) as the inside of a regex character class."""
    parts = []
    for lo, hi in blocks:
        start = None
        for cp in range(lo, hi + 2):
            ok = cp <= hi and unicodedata.category(chr(cp))[0] in "LN"
            if ok and start is None:
                start = cp
            elif not ok and start is not None:
                parts.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
                start = None
    return "".join(parts)


# The big ideograph blocks hold letters only: they are taken whole, the others walked.
_BIG_BLOCK = 0x1000
_SPACELESS = re.compile(
    "["
    + _letter_ranges(tuple(b for b in SPACELESS_BLOCKS if b[1] - b[0] < _BIG_BLOCK))
    + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in SPACELESS_BLOCKS if hi - lo >= _BIG_BLOCK)
    + "]"
)
_WORD_CHAR = re.compile(r"\w")


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, except that each letter of a
    script written without spaces (:data:`SPACELESS_BLOCKS`) counts as a word, and a run
    of other word characters between such letters (``Python`` in ``我用Python写``) as one
    more. Text without such letters counts exactly as ``len(text.split())``.

    >>> count_words("Fine, thanks."), count_words("我用Python写代码。"), count_words("これはペンです")
    (2, 6, 7)
    """
    if text.isascii() or not _SPACELESS.search(text):
        return len(text.split())
    n = 0
    for token in text.split():
        letters = len(_SPACELESS.findall(token))
        if not letters:
            n += 1
            continue
        # Punctuation between the letters ("，", "。") is not a word.
        n += letters + sum(1 for run in _SPACELESS.split(token) if _WORD_CHAR.search(run))
    return n


# Letters VADER's lexicon can match: Latin script (its words are English, its emoticons
# are ASCII). A post whose words are mostly in other scripts scores ~0 whatever it says,
# so its score is not reliable even when it is too short for py3langid.
_LATIN_LETTERS = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a"
_LATIN_LETTER = re.compile(f"[{_LATIN_LETTERS}]")
_OTHER_LETTER = re.compile(rf"[^\W\d_{_LATIN_LETTERS}]")
# A post is unreadable when more than this share of its words are in other scripts.
MAX_OTHER_SCRIPT_SHARE = 0.5


def _script_words(token: str) -> tuple[int, int]:
    """(Latin-script words, other-script words) in a whitespace token without letters of
    a spaceless script: one word, of the script most of its letters are in."""
    other = len(_OTHER_LETTER.findall(token))
    if not other:
        return (1, 0) if _LATIN_LETTER.search(token) else (0, 0)
    return (0, 1) if other > len(_LATIN_LETTER.findall(token)) else (1, 0)


# Web addresses and @names are no words here: they say nothing about tone, and a long
# address outweighs a short comment. ASCII only, so that Chinese written straight after
# an address or a name ("地址是http://x.cn还请更新", "@tanglei我开发") stays counted.
_ADDRESS_OR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*|(?<!\w)@[A-Za-z0-9_.-]+")


def readable_by_vader(text: str) -> bool:
    """Whether most of ``text``'s words are in Latin script, the only one VADER's
    lexicon has words in. Words are counted as in :func:`count_words`, leaving out web
    addresses, ``@names`` and tokens without letters (emoticons, numbers). True for a
    text without such words."""
    if text.isascii() or not _OTHER_LETTER.search(text):
        return True
    latin = other = 0
    for token in _ADDRESS_OR_NAME.sub(" ", text).split():
        spaceless = len(_SPACELESS.findall(token))
        other += spaceless
        for run in _SPACELESS.split(token) if spaceless else (token,):
            lat, oth = _script_words(run)
            latin, other = latin + lat, other + oth
    return other <= MAX_OTHER_SCRIPT_SHARE * (latin + other)


# Fewer posts than this are scored in-process. One post costs ~0.08 ms in-process now
# that English posts skip py3langid (VADER ~0.04 ms); the process pool is a fork server
# (safe after polars has started threads) whose first use costs ~2 s on this 2-core
# machine (server start, each worker loading the language model), later uses ~50 ms.
# So a first pool pays off only from ~20,000 posts; a notebook scoring many large
# threads keeps its warm pool. (With plain fork the break-even was ~500 posts, measured
# with scripts/bench_sentiment.py --threshold, but fork can deadlock after polars.)
PARALLEL_MIN_POSTS = 20_000
# The same for VADER alone (:func:`polarities`).
PARALLEL_MIN_POLARITIES = 40_000
# Posts per task sent to a worker: several tasks per worker even out long and short
# posts; each task's pickling overhead is negligible above a few hundred posts.
MAX_CHUNK_POSTS = 2000


@dataclass(frozen=True)
class Score:
    """VADER's four scores, the detected language and whether the score means much."""

    compound: float
    positive: float
    neutral: float
    negative: float
    lang: str | None
    reliable: bool
    n_words: int


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or ``None`` when too short or unsure
    (fewer than :data:`MIN_WORDS_FOR_LANG` words by :func:`count_words`)."""
    return _detect(text, count_words(text), readable_by_vader(text))


def _detect(text: str, n_words: int, readable: bool) -> str | None:
    """The language of ``text`` (``n_words`` by :func:`count_words`, ``readable`` by
    :func:`readable_by_vader`), or ``None``."""
    if n_words < MIN_WORDS_FOR_LANG:
        return None
    if n_words >= MIN_WORDS_FOR_SHORTCUT and _english_share(text, n_words) >= ENGLISH_SHARE:
        return "en"
    lang, prob = _identifier().classify(text)
    if lang != "en" and prob < (MIN_LANG_PROB if readable else MIN_LANG_PROB_OTHER_SCRIPT):
        return None
    return str(lang)


def is_reliable(lang: str | None, readable: bool) -> bool:
    """Whether a VADER score means something: the post is English, or no language was
    detected (too short, unsure) and its words are mostly Latin script (``readable``, see
    :func:`readable_by_vader`)."""
    return lang == "en" or (lang is None and readable)


_LETTER = re.compile(r"[^\W\d_]")


def nothing_to_read(text: str, compound: float) -> bool:
    """Whether VADER found nothing at all in ``text``: no word with a letter outside web
    addresses and ``@names`` (a bare link, an empty post, numbers) and a compound of 0. Such
    a 0 is no neutral tone, and counted as one it pulled means to 0: every thread root of a
    Disqus export is the page's address. An emoticon VADER scores (":)") is read.

    >>> nothing_to_read("http://example.com/post/", 0.0), nothing_to_read("ok then", 0.0)
    (True, False)
    """
    return compound == 0.0 and not _LETTER.search(_ADDRESS_OR_NAME.sub(" ", text))


# (neg, neu, pos, compound, lang, reliable, n_words): cheap to pickle back from a worker.
_Row = tuple[float, float, float, float, str | None, bool, int]


def _score_rows(texts: Sequence[str]) -> list[_Row]:
    """Score a chunk of texts; runs in-process or in a pool worker."""
    rows: list[_Row] = []
    for text in texts:
        n_words = count_words(text)
        readable = readable_by_vader(text)
        lang = _detect(text, n_words, readable)
        neg, neu, pos, compound = polarity(text)
        reliable = is_reliable(lang, readable) and not nothing_to_read(text, compound)
        rows.append((neg, neu, pos, compound, lang, reliable, n_words))
    return rows


class _Packed:
    """A chunk's rows (see :func:`_score_rows`) as columns: the four scores in one array
    of doubles (the same bits), the languages with one string per value, the flags as
    bytes and the word counts in an array. Waiting in this process for the analysis to
    collect them (scoring runs beside replies and inference), 100k posts' rows held
    ~20 MB as tuples of boxed floats (200 bytes a row) and ~5 MB packed
    (52 bytes a row, measured after unpickling). Iterating gives the rows back."""

    __slots__ = ("langs", "n_words", "reliable", "scores")

    def __init__(self, rows: list[_Row]) -> None:
        one: dict[str | None, str | None] = {}  # one string per language: pickled once
        self.scores = array("d", [x for row in rows for x in row[:4]])
        self.langs = [one.setdefault(row[4], row[4]) for row in rows]
        self.reliable = bytes(row[5] for row in rows)
        self.n_words = array("q", [row[6] for row in rows])

    def __iter__(self) -> Iterator[_Row]:
        s = self.scores
        for i, (lang, ok, n) in enumerate(zip(self.langs, self.reliable, self.n_words, strict=True)):
            yield s[4 * i], s[4 * i + 1], s[4 * i + 2], s[4 * i + 3], lang, bool(ok), n


def _score_packed(texts: Sequence[str]) -> list[_Packed]:
    """:func:`_score_rows` of a chunk, packed (one item: ``_batched_later`` concatenates
    its tasks' lists)."""
    return [_Packed(_score_rows(texts))]


def default_workers() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def score(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN_POSTS,
) -> list[Score]:
    """Score each text (a post's own text); one :class:`Score` per text, in order.

    With ``parallel_min`` texts or more and more than one worker (default: every core
    this process may use), chunks are scored in a process pool. The result is the same
    either way: each text's score depends on that text alone.
    """
    return score_later(texts, workers=workers, parallel_min=parallel_min)()


def score_later(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN_POSTS,
) -> Callable[[], list[Score]]:
    """:func:`score` of ``texts``, started now where it uses the pool and collected by
    calling the returned function: the pool's workers score while this process goes on
    (a thread's replies and inference run on one core; the pool takes the other). Below
    the pool's threshold nothing starts: the call scores in-process, as :func:`score`
    would. The same scores either way."""
    collect = _batched_later(_score_packed, list(texts), workers, parallel_min)

    def scores() -> list[Score]:
        return [
            Score(
                compound=compound,
                positive=pos,
                neutral=neu,
                negative=neg,
                lang=lang,
                reliable=reliable,
                n_words=n_words,
            )
            for chunk in collect()
            for neg, neu, pos, compound, lang, reliable, n_words in chunk
        ]

    return scores


def polarities(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    parallel_min: int = PARALLEL_MIN_POLARITIES,
) -> list[tuple[float, float, float, float]]:
    """VADER alone: ``(neg, neu, pos, compound)`` of each text, in order, batched over
    a process pool like :func:`score` (no language detection).

    >>> polarities(["Not bad at all", ""])
    [(0.0, 0.513, 0.487, 0.431), (0.0, 0.0, 0.0, 0.0)]
    """
    return _batched(_polarity_rows, list(texts), workers, parallel_min)


def _polarity_rows(texts: Sequence[str]) -> list[tuple[float, float, float, float]]:
    return [polarity(text) for text in texts]


_T = TypeVar("_T")


def _pool_workers(n_texts: int, workers: int | None, parallel_min: int) -> int:
    """How many pool workers scoring ``n_texts`` texts uses: 0 (in-process) for a
    small input or a single worker."""
    n_workers = default_workers() if workers is None else workers
    if n_texts < max(parallel_min, 1) or n_workers < 2:
        return 0
    return n_workers


def prestart(n_texts: int, *, workers: int | None = None, parallel_min: int = PARALLEL_MIN_POSTS) -> bool:
    """Start the pool that :func:`score` of ``n_texts`` texts (same ``workers`` and
    ``parallel_min``) will use, without waiting for it; True if it will use one.

    Called when a large thread's analysis begins: the workers start and load the
    language model (~2-5 s of wall time on 2 cores, most of the first ``score``'s time
    at 20k posts) while quotes, replies and inference run in this process. Scores do
    not change: the same pool scores the same chunks.
    """
    n_workers = _pool_workers(n_texts, workers, parallel_min)
    if not n_workers:
        return False
    pool = _pool(n_workers)
    # A pool starts a worker per task submitted while none is idle: one empty task per
    # worker starts them all now (each runs _warm first, as its initializer). A Ctrl-C
    # waits for the submits: one amid a worker's start left a worker the pool (and
    # stop_pools) did not know of.
    with processes.interrupt_deferred():
        for _ in range(n_workers):
            pool.submit(_noop)
    return True


def _noop() -> None:
    """The task that starts a pool worker (its initializer does the work)."""


def _batched(
    fn: Callable[[Sequence[str]], list[_T]], texts: list[str], workers: int | None, parallel_min: int
) -> list[_T]:
    """``fn(texts)``, in-process for small inputs, else over chunks in a process pool."""
    return _batched_later(fn, texts, workers, parallel_min)()


def _batched_later(
    fn: Callable[[Sequence[str]], list[_T]], texts: list[str], workers: int | None, parallel_min: int
) -> Callable[[], list[_T]]:
    """:func:`_batched`, its pool tasks submitted now; the returned function waits for
    them (in input order) or, for a small input, runs ``fn`` in-process."""
    n_workers = _pool_workers(len(texts), workers, parallel_min)
    if not n_workers:
        return lambda: fn(texts)
    # About four tasks per worker, so a worker that drew long posts does not leave the
    # others idle at the end.
    size = max(1, min(MAX_CHUNK_POSTS, -(-len(texts) // (n_workers * 4))))
    pool = _pool(n_workers)
    with processes.interrupt_deferred():  # as in prestart
        futures = [pool.submit(fn, texts[i : i + size]) for i in range(0, len(texts), size)]

    def collect() -> list[_T]:
        out: list[_T] = []
        try:
            for future in futures:  # in submission order: the input order
                out.extend(future.result())
        finally:
            for future in futures:  # an error or an interrupt: drop what has not started
                future.cancel()
        return out

    return collect


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _warm() -> None:
    """Worker start-up: Ctrl-C left to the process that started the pool, and the
    language model loaded once per worker, not once per task."""
    processes.ignore_interrupt()
    _identifier()


def _pool(n_workers: int) -> ProcessPoolExecutor:
    """A process pool kept for the life of this process (a notebook scoring thread after
    thread starts its workers once), started as threads.processes says."""
    pool = _POOLS.get(n_workers)
    if pool is None:
        pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=processes.context(), initializer=_warm)
        if not _POOLS:
            atexit.register(shutdown_pools)  # no worker outlives the program
        _POOLS[n_workers] = pool
    return pool


@contextlib.contextmanager
def pools_stopped_on_interrupt() -> Iterator[None]:
    """Around a thread's analysis: a Ctrl-C stops the scoring pools' workers (see
    :func:`stop_pools`) before it goes on up."""
    try:
        yield
    except KeyboardInterrupt:
        stop_pools()
        raise


def stop_pools() -> None:
    """End the scoring pools' workers now and forget the pools (the next :func:`score`
    starts new ones). A big thread's chunks are all submitted while its replies and
    inference run, and at exit Python waits for a pool's workers to finish every chunk
    they were given: a Ctrl-C mid-run on a 400,000-post thread took 50-85 s to end."""
    for pool in _POOLS.values():
        processes.stop_workers(pool)
    shutdown_pools()  # which no longer waits


def shutdown_pools() -> None:
    """Stop the scoring pools this process started (they are kept between calls so a
    notebook starts its workers once; the next :func:`score` starts a new one). Runs at
    exit; call it to free the workers earlier."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)
