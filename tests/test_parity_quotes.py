"""QuoteIndex.add, which sets boilerplate shingles aside before touching the postings,
builds exactly the index the plain version below builds (the reference: every key looked
up in the postings): same postings, same boilerplate set, same look-ups and threads."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from threads import pipeline, quotes
from threads.read import read_source

ROOT = Path(__file__).resolve().parent.parent
_VOCAB = ["the", "bear", "eats", "you", "sometimes", "we", "eat", "it", "and", "then"]
_TEXT = st.lists(st.sampled_from(_VOCAB), max_size=16).map(" ".join)


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


def _same_both_ways(path: Path) -> int:
    """The threads of ``path`` with either add; the number of quotes they hold."""
    fast = _threads(path)
    with patch.object(quotes.QuoteIndex, "add", reference_add):
        ref = _threads(path)
    assert fast == ref, path.name
    return sum(1 for posts, _ in ref for p in posts if p[2])


def test_same_threads_on_the_seeds() -> None:
    quoted = sum(_same_both_ways(p) for p in sorted((ROOT / "seeds").glob("*.txt")))
    assert quoted > 0  # seed 004 quotes earlier comments


def test_same_threads_on_the_corpus(corpus: Path) -> None:
    """Every real dump of the shared corpus reads the same with either add."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md")
    assert files
    assert sum(_same_both_ways(p) for p in files) > 0
