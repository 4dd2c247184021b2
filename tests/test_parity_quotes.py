"""The quote stage's faster paths build exactly the index and find exactly the quotes
the plain versions below did (the references):

- QuoteIndex.add, which sets boilerplate shingles aside before touching the postings
  (reference: every key looked up in the postings): same postings, boilerplate set,
  look-ups and threads;
- QuoteIndex._key_set, whose word ids come from one C-level map over a ``_Vocab`` and
  whose keys are mixed by numpy for longer texts (reference: ``setdefault`` per word,
  ``_keys`` in Python): same keys, same vocabulary;
- QuoteIndex.best, whose candidates come from ``Counter.most_common`` (reference: a
  sort by minus the count; that reference is gone, the next round's is this): same
  look-ups;
- needs_split, which runs IN_REPLY_TO only on a text whose lower-cased form holds one
  of its hints (reference: always): same answer;
- words, which splits an ASCII text on its non-word characters (reference: ``\\w+``
  on the case-folded text): same tokens;
- QuoteIndex.best, which finds the quote's shingles by set operations and counts the
  posts by one Counter call (reference: a look-up and a Counter update per shingle):
  same answers;
- split, whose steps first ask the whole body whether they can find anything, and
  whose inline quotations are found by one scan of the body (reference: every step
  scans every line): same own texts, quotes and hits;
- QuoteIndex._quote, which keeps the keys and words of recent quotes (reference: none
  kept, computed at each look-up): the same answers;
- signatures.split, which looks for a "--" line or a name line only where the body
  holds a "--" or the name (reference: every line): same own texts and signatures.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Analysed
from threads import markers, pipeline, quotes, signatures
from threads.model import Thread
from threads.quotes import QuoteIndex, Split
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
        or quotes.may_quote_original(body)  # a new step (Outlook quotes), in both
    )


def reference_words(text: str) -> list[str]:
    """words before the ASCII path."""
    return quotes._WORD.findall(text.casefold())


def reference_best(self: QuoteIndex, quote: str, before: int) -> tuple[int, float] | None:
    """QuoteIndex.best before the set operations and the candidates' filter."""
    tokens = quotes.words(quote)
    if len(tokens) < quotes.MIN_QUOTE_WORDS:
        return None
    unique = self._key_set(tokens)
    hits: Counter[int] = Counter()
    postings, full = self._postings, self._full
    for key in unique:
        posting = postings.get(key)
        if posting is None or key in full:
            continue
        if type(posting) is int:
            if posting < before:
                hits[posting] += 1
        elif max(posting) < before:
            hits.update(posting)
        else:
            hits.update(pid for pid in posting if pid < before)
    need = min(2, len(unique))
    qwords = set(tokens)
    best: tuple[float, int] | None = None
    floor = quotes.MIN_COVERAGE
    for pid, n in hits.most_common():
        if n < need or 0.5 * n / len(unique) + 0.5 < floor:
            break
        score = 0.5 * n / len(unique) + 0.5 * len(qwords & self._words(pid)) / len(qwords)
        if best is None or (-score, pid) < (-best[0], best[1]):
            best = (score, pid)
            floor = max(floor, score)
    if best is None or best[0] < quotes.MIN_COVERAGE:
        return None
    return best[1], round(best[0], 3)


def reference_split(body: str, index: QuoteIndex, post_id: int) -> Split:
    """split before its steps asked the whole body first."""
    if not quotes.needs_split(body):
        return Split(own=body.strip())
    lines = body.split("\n")
    out = Split(own="")
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        if markers.QUOTED_LINE.match(lines[i]):
            j = i
            while j < len(lines) and (markers.QUOTED_LINE.match(lines[j]) or not lines[j].strip()):
                j += 1
            while j > i and not lines[j - 1].strip():
                j -= 1
            text = "\n".join(re.sub(r"^\s*(?:>\s?)+", "", ln) for ln in lines[i:j]).strip()
            source = None
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0 and (name := markers.attribution_name(lines[k])):
                source, drop[k] = name, True
            quotes._add(out, text, index, post_id, source)
            drop[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    quotes.quote_original(out, lines, drop, index, post_id)  # a new step (Outlook quotes), in both
    for n, line in enumerate(lines):
        if markers.IN_REPLY_TO.match(line):
            drop[n] = True
    for a, b in quotes._quoted_runs(lines):
        if any(drop[a:b]):
            continue
        text = "\n".join(lines[a:b]).strip()
        hit = index.best(text, before=post_id)
        if hit:
            quotes._record(out, quotes._unquote(text), hit, None)
            drop[a:b] = [True] * (b - a)
    kept: list[str] = []
    for n, line in enumerate(lines):
        if drop[n]:
            continue
        new = line
        for m in markers.INLINE_QUOTE.finditer(line):
            hit = index.best(m.group("q"), before=post_id)
            if hit:
                quotes._record(out, m.group("q").strip(), hit, None)
                new = new.replace(m.group(0), "", 1)
        if new != line and quotes._LEFTOVER.match(new):
            continue
        kept.append(re.sub(r"^\s+(?=\S)", "", new) if new != line else new)
    if len(kept) == len(lines) and not out.quoted:
        out.own = body.strip()
    else:
        out.own = "\n".join(kept).strip()
    return out


def reference_signature_split(
    body: str, author: str | None, learned: dict[str, set[str]]
) -> tuple[str, str | None]:
    """signatures.split before its checks asked the whole body first."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if signatures._EMAIL_SIG.match(line) and signatures._has_text(lines[:i]):
            sig = "\n".join(lines[i + 1 :]).strip()
            return "\n".join(lines[:i]).rstrip(), sig or None
    if author:
        name = author.strip().casefold()
        for i in range(len(lines) - 1, 0, -1):
            if lines[i].strip().strip(",.-–— ").casefold() == name:
                rest = lines[:i] + lines[i + 1 :]
                if signatures._has_text(rest):
                    return "\n".join(rest).strip(), lines[i].strip()
    marks = learned.get(author or "", set())
    if marks:
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].strip():
                tail = signatures._tail(lines[i])
                if tail in marks:
                    head = lines[i].rstrip()[: -len(tail)].rstrip()
                    kept = lines[:i] + ([head] if head else [])
                    if signatures._has_text(kept):
                        return "\n".join(kept).rstrip(), tail
                break
    return body, None


def reference_quote(self: QuoteIndex, quote: str) -> tuple[set[int], set[str]] | None:
    """QuoteIndex._quote before the recent quotes were kept."""
    tokens = quotes.words(quote)
    return (self._key_set(tokens), set(tokens)) if len(tokens) >= quotes.MIN_QUOTE_WORDS else None


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


def _threads(threads: list[Thread]) -> list[tuple]:
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
    stack.enter_context(patch.object(quotes, "needs_split", reference_needs_split))
    stack.enter_context(patch.object(quotes, "words", reference_words))
    stack.enter_context(patch.object(quotes.QuoteIndex, "best", reference_best))
    stack.enter_context(patch.object(quotes, "split", reference_split))
    stack.enter_context(patch.object(quotes.QuoteIndex, "_quote", reference_quote))
    stack.enter_context(patch.object(signatures, "split", reference_signature_split))
    return stack


def _same_both_ways(path: Path, analysed: Analysed) -> int:
    """The threads of ``path`` with the fast paths and the references; the number of
    quotes they hold."""
    fast = _threads(analysed(path))  # (computed once for the session: tests/conftest.py)
    with _references():
        ref = _threads(pipeline.analyse_source(read_source(path)))
    assert fast == ref, path.name
    return sum(1 for posts, _ in ref for p in posts if p[2])


def test_same_threads_on_the_seeds(analysed: Analysed) -> None:
    quoted = sum(_same_both_ways(p, analysed) for p in sorted((ROOT / "seeds").glob("*.txt")))
    assert quoted > 0  # seed 004 quotes earlier comments


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_threads_on_the_fixtures(path: Path, analysed: Analysed) -> None:
    _same_both_ways(path, analysed)


def test_same_threads_on_the_corpus(corpus: Path, analysed: Analysed) -> None:
    """Every real dump of the shared corpus reads the same with the fast paths and the
    references."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md")
    assert files
    assert sum(_same_both_ways(p, analysed) for p in files) > 0


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
                assert idx.best(quote, before) == reference_best(idx, quote, before)


_SPLIT_PIECES = [
    "the bear", " ", "\n", "\n  ", "\r\n", ">", '"', "“", "„", "«", "‘", "'", "’", ":", ".",
    "In reply to ", "in REPLY to ", "Replying to ", "reply to", "Antwort an ", "En réponse à ",
    "en respuesta a ", "ın reply to ", "Bob", "Jana Hoffmann", "re: ", "ſ", "İ", "REPLYING TO",
]  # fmt: skip
_SPLIT_TEXT = st.lists(st.sampled_from(_SPLIT_PIECES), max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PIECES), max_size=20).map("".join))
def test_needs_split_equals_reference(body: str) -> None:
    assert quotes.needs_split(body) == reference_needs_split(body)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80) | st.text(st.characters(max_codepoint=127), max_size=80) | _SPLIT_TEXT)
def test_words_equals_reference(text: str) -> None:
    assert quotes.words(text) == reference_words(text)


def test_words_equals_reference_on_every_ascii_character() -> None:
    text = "".join(map(chr, range(128)))
    assert quotes.words(text + " " + text[::-1]) == reference_words(text + " " + text[::-1])


_INDEXED = [
    "the bear eats you sometimes and sometimes you eat the bear",
    "we eat it and then the bear eats you",
    "Not clear to me what the complaint is. Isn't that what everybody does?",
]
_SPLIT_BODY_PIECES = [
    *_SPLIT_PIECES,
    "the bear eats you sometimes",
    "sometimes you eat the bear",
    "Not clear to me what the complaint is",
    "Bob wrote:",
    "On Monday, Ann wrote:",
    "\n> ",
    '"',
    "”",
    "»",
    "’",
]


def _hits(out: Split) -> tuple:
    return out.own, out.quoted, [(h.text, h.target, h.coverage, h.source_name) for h in out.hits]


# Whole lines too: quotations that open and close a line (or a run of lines) in each
# kind of mark, of an indexed text or not, ">" lines, markers, attributions.
_SPLIT_LINES = [
    *(
        f"{o}{t}{c}"
        for o, c in zip(markers.OPEN_QUOTES, markers.CLOSE_QUOTES, strict=False)
        for t in _INDEXED
    ),
    "“the bear eats you",
    "sometimes and sometimes you eat the bear.”",
    "'we eat it and then the bear eats you'!",
    '"Not clear to me what the complaint is" That is because.',
    "> the bear eats you sometimes",
    "Bob wrote:",
    "-----Original Message-----",
    "From: Bob [mailto:bob@example.org]",
    "In reply to Bob.",
    "  ",
    "",
    "re: Ann",
    "a line of its own",
    '"a headline that is no quote"',
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_SPLIT_BODY_PIECES), max_size=8).map("".join)
        | st.sampled_from(_SPLIT_LINES),
        max_size=8,
    ).map("\n".join)
)
def test_split_equals_reference(body: str) -> None:
    idx = QuoteIndex()
    for pid, text in enumerate(_INDEXED):
        idx.add(pid, text)
    assert _hits(quotes.split(body, idx, len(_INDEXED))) == _hits(reference_split(body, idx, len(_INDEXED)))


_NAMES = ["Ann", "ann", "ANN", "İlker", "ilker", "Straße", "STRASSE", "ſam", "Sam", "K", "k", " ", "-- "]
_SIG_PIECES = [
    *_NAMES,
    "--",
    "-- ",
    "\n--\n",
    "\n-- \n",
    "-",
    "\n",
    "\n\n",
    " ",
    ",",
    ".",
    "–",
    "Thanks for this.",
    "pl",
    "p.s.",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_SIG_PIECES), max_size=16).map("".join),
    st.sampled_from([None, "", *_NAMES]),
    st.sets(st.sampled_from(["pl", "Ann", "-A", "p.s."]), max_size=2),
)
def test_signature_split_equals_reference(body: str, author: str | None, marks: set[str]) -> None:
    learned = {author: marks} if author and marks else {}
    assert signatures.split(body, author, learned) == reference_signature_split(body, author, learned)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LONG_TEXT, min_size=1, max_size=20), st.lists(_LONG_TEXT, min_size=1, max_size=4))
def test_kept_quotes_equal_reference(texts: list[str], quoted: list[str]) -> None:
    """The same quotes looked up again and again while posts are added (and new words
    get ids), with the kept keys (two at most, so that they are also let go) and with
    keys computed at each look-up."""
    idx = QuoteIndex()
    with patch.object(quotes, "_RECENT_QUOTES", 2):
        for pid, text in enumerate(texts):
            idx.add(pid, text)
            for quote in quoted:
                fast = idx.best(quote, pid + 1)
                with patch.object(QuoteIndex, "_quote", reference_quote):
                    assert fast == idx.best(quote, pid + 1)
