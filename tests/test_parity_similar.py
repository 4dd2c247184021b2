"""The inference index's fast paths give exactly what the plain code they replaced gave:
``similar._Terms.count`` (each distinct word stemmed once) equals
``Counter(content_words(text))``, keys in the same order (BM25 sums its terms in that
order, so the order is part of the result), and ``Model.probabilities`` (``map(mul)``)
equals the generator dot product it replaced, bit for bit."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from threads import similar

ROOT = Path(__file__).resolve().parent.parent
# plurals, their singulars, function words, a URL, non-Latin and one- and two-letter words
_VOCAB = [
    "spheres",
    "sphere",
    "Influence",
    "the",
    "and",
    "don't",
    "glass",
    "classes",
    "ıi",
    "İstanbul",
    "www.example.org/x",
    "https://a.b/c?d",
    "Straße",
    "STRASSE",
    "naïve",
    "ok",
    "a",
    "?",
    "\n",
    "—",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_VOCAB), st.text(max_size=6)), max_size=30).map(" ".join)


def _reference(text: str, stop: frozenset[str]) -> list[tuple[str, int]]:
    return list(Counter(similar.content_words(text, stop)).items())


def _fast(text: str, stop: frozenset[str]) -> list[tuple[str, int]]:
    return list(similar._Terms(stop).count(text.casefold()).items())


def test_terms_equal_the_plain_counts_on_every_seed_post() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paragraphs = [para for text in texts for para in text.split("\n\n") if para.strip()]
    assert len(paragraphs) > 50
    stop = similar.stopwords_for(paragraphs)
    terms = similar._Terms(stop)  # one cache across posts, as the index uses it
    for para in paragraphs:
        assert list(terms.count(para.casefold()).items()) == _reference(para, stop)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_terms_equal_the_plain_counts_on_any_text(text: str) -> None:
    assert _fast(text, similar.STOPWORDS) == _reference(text, similar.STOPWORDS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(-50, 50), min_size=26, max_size=26), min_size=1, max_size=8))
def test_probabilities_equal_the_generator_dot_product(rows: list[list[float]]) -> None:
    model = similar.load()
    weights = model.mode_weights("threaded")
    scores = [sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]
    exps = [math.exp(s - max(scores)) for s in scores]
    assert model.probabilities(rows, "threaded") == [e / sum(exps) for e in exps]


def test_the_index_is_freed_when_the_thread_is_done() -> None:
    """No reference cycle keeps a thread's index alive: the pipeline pauses the cyclic
    collector while threads are analysed, so a cycle would hold the index (~160 MB at
    100k posts) through sentiment and the tables."""
    import gc
    import weakref

    import threads

    posts = threads.read(ROOT / "seeds" / "004_c3b9a48d73eaee79.txt").threads[0].posts
    gc.disable()
    try:
        index = similar._Index(posts)
        assert index.shared(3, 2)[0] >= 0 and index.near(5)
        ref = weakref.ref(index)
        del index
        assert ref() is None
    finally:
        gc.enable()
