"""VADER sentiment on each post's own text, and the language it is written in.

Scores are exactly ``SentimentIntensityAnalyzer().polarity_scores(text)`` of
vaderSentiment, on the own text only (quotes and signatures excluded), computed by the
faster exact re-implementation in :mod:`threads.vader`. VADER's lexicon is English;
:func:`score` also detects the language with py3langid (an offline model shipped in the
package) and flags scores of non-English posts as not meaningful.

Large inputs are scored on all cores: chunks of posts go to a process pool (both VADER
and the language detector run in the workers), results come back in input order.

>>> s = score(["What a wonderful, thoughtful post!"])[0]
>>> s.compound > 0.5, s.lang, s.reliable
(True, 'en', True)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from threads.vader import polarity

# Below this many words the language detector guesses (a two-word post such as "Gladio
# anybody?" comes out as Italian); such posts get lang None and keep their score.
MIN_WORDS_FOR_LANG = 5
# py3langid's normalised probability needed to call a post non-English. Chosen on the
# seeds and fixtures: English posts with names and jargon score >= 0.9 for "en", German
# and French fixture posts >= 0.99 for their language.
MIN_LANG_PROB = 0.9

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


def _english_share(text: str) -> float:
    words = text.lower().split()
    return sum(1 for w in words if w.strip(".,;:!?\"'()") in ENGLISH_FUNCTION_WORDS) / len(words)


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
    """ISO 639-1 code of ``text``'s language, or ``None`` when too short or unsure."""
    return _detect(text, len(text.split()))


def _detect(text: str, n_words: int) -> str | None:
    if n_words < MIN_WORDS_FOR_LANG:
        return None
    if n_words >= MIN_WORDS_FOR_SHORTCUT and _english_share(text) >= ENGLISH_SHARE:
        return "en"
    lang, prob = _identifier().classify(text)
    if lang != "en" and prob < MIN_LANG_PROB:
        return None
    return str(lang)


# (neg, neu, pos, compound, lang, n_words): cheap to pickle back from a worker.
_Row = tuple[float, float, float, float, str | None, int]


def _score_rows(texts: Sequence[str]) -> list[_Row]:
    """Score a chunk of texts; runs in-process or in a pool worker."""
    rows: list[_Row] = []
    for text in texts:
        n_words = len(text.split())
        rows.append((*polarity(text), _detect(text, n_words), n_words))
    return rows


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
    rows = _batched(_score_rows, list(texts), workers, parallel_min)
    return [
        Score(
            compound=compound,
            positive=pos,
            neutral=neu,
            negative=neg,
            lang=lang,
            reliable=lang in (None, "en"),
            n_words=n_words,
        )
        for neg, neu, pos, compound, lang, n_words in rows
    ]


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


def _batched(
    fn: Callable[[Sequence[str]], list[_T]], texts: list[str], workers: int | None, parallel_min: int
) -> list[_T]:
    """``fn(texts)``, in-process for small inputs, else over chunks in a process pool."""
    n_workers = default_workers() if workers is None else workers
    if len(texts) < max(parallel_min, 1) or n_workers < 2:
        return fn(texts)
    # About four tasks per worker, so a worker that drew long posts does not leave the
    # others idle at the end.
    size = max(1, min(MAX_CHUNK_POSTS, -(-len(texts) // (n_workers * 4))))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    out: list[_T] = []
    for rows in _pool(n_workers).map(fn, chunks):  # map keeps the input order
        out.extend(rows)
    return out


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _warm() -> None:
    """Worker start-up: load the language model once per worker, not once per task."""
    _identifier()


def _pool(n_workers: int) -> ProcessPoolExecutor:
    """A process pool kept for the life of this process (a notebook scoring thread after
    thread starts its workers once). Not plain fork: a child forked after polars has
    started its thread pool can deadlock; a fork server starts clean and forks each
    worker from itself."""
    pool = _POOLS.get(n_workers)
    if pool is None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=context, initializer=_warm)
        _POOLS[n_workers] = pool
    return pool
