"""The quote stage's faster paths build exactly the index and find exactly the quotes
the plain versions below did (the references):

- QuoteIndex.add, which sets boilerplate shingles aside before touching the postings
  (reference: every key looked up in the postings): same postings, boilerplate set,
  look-ups and threads;
- QuoteIndex._key_set, whose word ids come from one C-level map over a ``_Vocab`` and
  whose keys are mixed by numpy for longer texts (reference: ``setdefault`` per word,
  ``_keys`` in Python): same keys, same vocabulary;
- QuoteIndex.best, whose candidates come from ``Counter.most_common`` (reference: a
  sort by minus the count, patched in through ``quotes.Counter``): same look-ups;
- needs_split, which runs IN_REPLY_TO only on a text whose lower-cased form holds one
  of its hints (reference: always): same answer.
"""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads import markers, pipeline, quotes
from threads.read import read_source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*") if p.is_file() and p.suffix != ".md")
_VOCAB = ["the", "bear", "eats", "you", "sometimes", "we", "eat", "it", "and", "then"]
_TEXT = st.lists(st.sampled_from(_VOCAB), max_size=16).map(" ".join)
# Longer texts too: _key_set mixes keys with numpy from _BULK_MIX_FROM words.
_LONG_TEXT = st.lists(st.sampled_from(_VOCAB), max_size=60).map(" ".join)


def reference_add(self: quotes.QuoteIndex, post_id: int, text: str, keys: set[int] | None = None) -> None:
    """QuoteIndex.add before the boilerplate set was consulted first."""
    self._texts[post_id] = text
    postings = self._postings
    if keys is None:
        keys = self._key_set(quotes.words(text))
    seen = keys & postings.keys()
    if seen:
        keys -= seen
        for key in seen - self._full:
            posting = postings[key]
            if type(posting) is int:
                postings[key] = [posting, post_id]
            else:
                posting.append(post_id)
                if len(posting) > quotes.MAX_POSTINGS:
                    self._full.add(key)
    postings.update(dict.fromkeys(keys, post_id))


def reference_key_set(self: quotes.QuoteIndex, tokens: list[str]) -> set[int]:
    """QuoteIndex._key_set before the _Vocab map and the numpy mixing."""
    vocab = self._vocab
    return quotes._keys([vocab.setdefault(t, len(vocab)) for t in tokens])


class ReferenceCounter(Counter[int]):
    """QuoteIndex.best before Counter.most_common: its candidates sorted by minus their
    count (patched in as ``quotes.Counter``; best is otherwise unchanged)."""

    def most_common(self, n: int | None = None) -> list[tuple[int, int]]:
        assert n is None
        return sorted(self.items(), key=lambda item: -item[1])


def reference_needs_split(body: str) -> bool:
    """needs_split before the IN_REPLY_TO hints."""
    return (
        ">" in body
        or '"' in body
        or "“" in body
        or "„" in body
        or "«" in body
        or "‘" in body
        or ("'" in body and (body.lstrip()[:1] == "'" or quotes._APOSTROPHE_LINE.search(body) is not None))
        or markers.IN_REPLY_TO.search(body) is not None
    )


def _fill(add, texts: list[str], by_text: set[int], quote: str) -> tuple:  # type: ignore[no-untyped-def]
    """An index filled as the pipeline fills it (bulk keys, or by text where a post's own
    text differs from its body), its state and a look-up after every add."""
    with patch.object(quotes.QuoteIndex, "add", add):
        idx = quotes.QuoteIndex()
        found = []
        for pid, keys in enumerate(idx.key_sets(texts)):
            idx.add(pid, texts[pid], None if pid in by_text else keys)
            found.append(idx.best(quote, pid + 1))
    postings = {k: (list(v) if isinstance(v, list) else v) for k, v in idx._postings.items()}
    return postings, set(idx._full), found


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_TEXT, min_size=1, max_size=30),
    st.sets(st.integers(0, 29)),
    _TEXT,
    st.integers(2, 4),
)
def test_add_equals_reference(texts: list[str], by_text: set[int], quote: str, cap: int) -> None:
    # A small cap, so that a few posts make a shingle boilerplate (at least 2: below
    # that the reference's first list of two posts is never checked against it).
    with patch.object(quotes, "MAX_POSTINGS", cap):
        assert _fill(quotes.QuoteIndex.add, texts, by_text, quote) == _fill(
            reference_add, texts, by_text, quote
        )


def test_add_equals_reference_past_the_real_cap() -> None:
    """A shingle in far more posts than MAX_POSTINGS, at the real cap."""
    texts = [f"the bear eats you sometimes {i} and {i % 7} then" for i in range(300)]
    by_text = set(range(0, 300, 11))
    fast = _fill(quotes.QuoteIndex.add, texts, by_text, "the bear eats you sometimes 3 and 3")
    assert fast == _fill(reference_add, texts, by_text, "the bear eats you sometimes 3 and 3")
    assert fast[1]  # some shingles did become boilerplate
    assert any(hit is not None for hit in fast[2])


def _threads(path: Path) -> list[tuple]:
    threads = pipeline.analyse_source(read_source(path))
    return [
        (
            [(p.author, p.text, p.quoted, p.signature) for p in t.posts],
            [(r.post_id, r.target_id, r.evidence, r.confidence, r.detail) for r in t.replies],
        )
        for t in threads
    ]


def _references() -> ExitStack:
    """Every reference above patched in at once."""
    stack = ExitStack()
    stack.enter_context(patch.object(quotes.QuoteIndex, "add", reference_add))
    stack.enter_context(patch.object(quotes.QuoteIndex, "_key_set", reference_key_set))
    stack.enter_context(patch.object(quotes, "Counter", ReferenceCounter))
    stack.enter_context(patch.object(quotes, "needs_split", reference_needs_split))
    return stack


def _same_both_ways(path: Path) -> int:
    """The threads of ``path`` with the fast paths and the references; the number of
    quotes they hold."""
    fast = _threads(path)
    with _references():
        ref = _threads(path)
    assert fast == ref, path.name
    return sum(1 for posts, _ in ref for p in posts if p[2])


def test_same_threads_on_the_seeds() -> None:
    quoted = sum(_same_both_ways(p) for p in sorted((ROOT / "seeds").glob("*.txt")))
    assert quoted > 0  # seed 004 quotes earlier comments


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_threads_on_the_fixtures(path: Path) -> None:
    _same_both_ways(path)


def test_same_threads_on_the_corpus(corpus: Path) -> None:
    """Every real dump of the shared corpus reads the same with the fast paths and the
    references."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md")
    assert files
    assert sum(_same_both_ways(p) for p in files) > 0


@settings(max_examples=300, deadline=None)
@given(st.lists(_LONG_TEXT, min_size=1, max_size=12))
def test_key_set_equals_reference(texts: list[str]) -> None:
    """The same keys, text after text, and the same vocabulary (ids given in the same
    order), on both sides of _BULK_MIX_FROM and after a bulk key_sets call."""
    fast, ref = quotes.QuoteIndex(), quotes.QuoteIndex()
    list(fast.key_sets(texts[:1]))
    list(ref.key_sets(texts[:1]))
    for text in texts:
        tokens = quotes.words(text)
        assert fast._key_set(tokens) == reference_key_set(ref, tokens)
    assert dict(fast._vocab) == dict(ref._vocab)
    assert list(fast._vocab.values()) == list(range(len(fast._vocab)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_LONG_TEXT, min_size=1, max_size=30),
    st.lists(_LONG_TEXT, min_size=1, max_size=5),
    st.integers(2, 4),
)
def test_best_equals_reference(texts: list[str], quoted: list[str], cap: int) -> None:
    """Every look-up, against every prefix of the index (``before`` from 0 to past the
    last post), with a small boilerplate cap."""
    with patch.object(quotes, "MAX_POSTINGS", cap):
        idx = quotes.QuoteIndex()
        for pid, keys in enumerate(idx.key_sets(texts)):
            idx.add(pid, texts[pid], keys)
        for quote in [*quoted, *texts[:3]]:
            for before in range(len(texts) + 2):
                fast = idx.best(quote, before)
                with patch.object(quotes, "Counter", ReferenceCounter):
                    assert fast == idx.best(quote, before)


_SPLIT_PIECES = [
    "the bear", " ", "\n", "\n  ", "\r\n", ">", '"', "“", "„", "«", "‘", "'", "’", ":", ".",
    "In reply to ", "in REPLY to ", "Replying to ", "reply to", "Antwort an ", "En réponse à ",
    "en respuesta a ", "ın reply to ", "Bob", "Jana Hoffmann", "re: ", "ſ", "İ", "REPLYING TO",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PIECES), max_size=20).map("".join))
def test_needs_split_equals_reference(body: str) -> None:
    assert quotes.needs_split(body) == reference_needs_split(body)
