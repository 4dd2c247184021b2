"""quotes.py: own text vs quotes, tolerant indexed matching."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from threads import quotes
from threads.quotes import QuoteIndex, split


def _index(*texts: str) -> QuoteIndex:
    idx = QuoteIndex()
    for i, t in enumerate(texts):
        idx.add(i, t)
    return idx


def test_match_tolerates_case_punctuation_whitespace_and_small_edits() -> None:
    idx = _index(
        "Nothing here.", "The flight de-confliction regime works well. We haven't shot each other down yet."
    )
    assert idx.best("the flight  DE CONFLICTION regime works well", before=2) == (1, 1.0)
    hit = idx.best("The flight deconfliction regime works very well, we haven't shot each other", before=2)
    assert hit is not None and hit[0] == 1 and 0.5 <= hit[1] < 1.0


def test_only_earlier_posts_and_earliest_wins() -> None:
    idx = _index("alpha beta gamma delta epsilon", "alpha beta gamma delta epsilon")
    assert idx.best("alpha beta gamma delta", before=2) == (0, 1.0)
    assert idx.best("alpha beta gamma delta", before=0) is None


def test_short_and_unrelated_quotes_do_not_match() -> None:
    idx = _index("The bear eats you sometimes, and sometimes you eat the bear.")
    assert idx.best("Yawn!", before=1) is None
    assert idx.best("a completely different sentence about something", before=1) is None


def test_split_removes_matched_quotes_keeps_unmatched() -> None:
    idx = _index("Not clear to me what the complaint is. Isn't that what everybody does?")
    body = (
        '"Not clear to me what the complaint is" That is because you are pro jihadi.\n'
        '"Trump Brings Peace - Syrian Civil War Over."'
    )
    s = split(body, idx, 1)
    assert s.own == 'That is because you are pro jihadi.\n"Trump Brings Peace - Syrian Civil War Over."'
    assert s.quoted == ["Not clear to me what the complaint is"]
    assert [h.target for h in s.hits] == [0]


def test_whole_line_quote_with_nested_marks() -> None:
    idx = _index('The jihadis merely "pocketed" the truce as an opportunity to re-fit and re-supply.')
    s = split(
        '"The jihadis merely "pocketed" the truce as an opportunity to re-fit and re-supply."\nMy reply.',
        idx,
        1,
    )
    assert s.own == "My reply."
    assert s.hits[0].target == 0 and s.hits[0].coverage == 1.0


def test_angle_quotes_with_attribution_and_reply_marker_lines() -> None:
    idx = _index("I think the plan will fail because nobody funds it.")
    body = (
        "In reply to Ann.\nOn Mon, 3 Mar 2011, Ann wrote:\n"
        "> I think the plan will fail\n> because nobody funds it.\n\nIt is funded."
    )
    s = split(body, idx, 1)
    assert s.own == "It is funded."
    assert s.quoted == ["I think the plan will fail\nbecause nobody funds it."]
    assert s.hits[0].target == 0 and s.hits[0].source_name == "Ann"


def test_unmatched_angle_quote_still_quoted() -> None:
    s = split("> something from elsewhere entirely here\nmine", _index(), 0)
    assert (
        s.own == "mine"
        and s.quoted == ["something from elsewhere entirely here"]
        and s.hits[0].target is None
    )


def test_boilerplate_shingles_are_not_evidence() -> None:
    idx = QuoteIndex()
    for i in range(quotes.MAX_POSTINGS + 5):
        idx.add(i, f"thanks for the post number {i}")
    # "thanks for the" / "for the post" are everywhere: no single post is the source
    assert idx.best("thanks for the post", before=1000) is None


# ---------------------------------------------------------------- fast paths give the same answers
_PIECES = [*"ab cD\n>\"'“”„«»‘’.,:!-", "ß", "İ", "é", "Σ", "ς", "_", "1", "In reply to ", "\u2028"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_needs_split_false_means_split_keeps_everything(body: str) -> None:
    if quotes.needs_split(body):
        return
    idx = _index("ab cd ab cd ab", '"ab cd ab cd ab"', body)
    with patch.object(quotes, "needs_split", lambda _: True):
        full = split(body, idx, 3)
    assert full.own == body.strip() and full.quoted == [] and full.hits == []


def test_needs_split_catches_every_marker() -> None:
    for body in [
        "x\n> q",
        'say "hello there my friend" ok',
        "x\n  'quoted line'",
        "In reply to Ann.",
        "«a b»",
    ]:
        assert quotes.needs_split(body), body
    assert not quotes.needs_split("It's fine, don't worry.\nReally.")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60) | _TEXT, max_size=8))
def test_bulk_keys_equal_one_text_keys(texts: list[str]) -> None:
    idx = QuoteIndex()
    assert list(idx.key_sets(texts)) == [idx._key_set(quotes.words(t)) for t in texts]


def _brute_best(texts: list[str], quote: str, before: int) -> tuple[int, float] | None:
    """best() from its definition: every earlier post scored, no index."""

    def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
        if len(tokens) < quotes.SHINGLE:
            return {tuple(tokens)} if tokens else set()
        return set(zip(tokens, tokens[1:], tokens[2:], strict=False))

    tokens = quotes.words(quote)
    if len(tokens) < quotes.MIN_QUOTE_WORDS:
        return None
    unique, qwords = shingles(tokens), set(tokens)
    scored = []
    for pid, text in enumerate(texts[:before]):
        n = len(unique & shingles(quotes.words(text)))
        if n >= min(2, len(unique)):
            scored.append(
                (-(0.5 * n / len(unique) + 0.5 * len(qwords & set(quotes.words(text))) / len(qwords)), pid)
            )
    if not scored or -min(scored)[0] < quotes.MIN_COVERAGE:
        return None
    score, pid = min(scored)
    return pid, round(-score, 3)


_WORDS = st.lists(
    st.sampled_from(["the", "bear", "eats", "you", "sometimes", "we", "eat", "it"]), max_size=14
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12), _WORDS, st.integers(0, 12))
def test_best_equals_its_definition(posts: list[list[str]], quote: list[str], before: int) -> None:
    texts = [" ".join(p) for p in posts]
    idx = QuoteIndex()
    for (pid, text), keys in zip(enumerate(texts), idx.key_sets(texts), strict=True):
        idx.add(pid, text, keys)
    assert idx.best(" ".join(quote), before) == _brute_best(texts, " ".join(quote), before)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, max_size=12), st.integers(1, 4))
def test_bulk_keys_do_not_depend_on_the_chunk_size(texts: list[str], chunk: int) -> None:
    """key_sets tokenises a few thousand texts per polars call: the keys of every text
    are the same whatever the calls' boundaries."""
    whole = list(QuoteIndex().key_sets(texts))
    with patch.object(quotes, "_KEY_CHUNK", chunk):
        assert list(QuoteIndex().key_sets(texts)) == whole
