"""vader.py: bit-identical to vaderSentiment's polarity_scores, quirks included.

The oracle is the installed vaderSentiment on this same Python (its summation order is
CPython 3.11's plain float adds). Equality is on the bits (``float.hex``), all four
numbers, for every seed and fixture post and line, and for generated strings biased to
the rules' corners.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

import threads
from tests.conftest import FIXTURES, SEEDS
from threads import vader
from threads.read import read_source
from threads.vader import polarity

ORACLE = SentimentIntensityAnalyzer()


def expected(text: str) -> tuple[float, float, float, float]:
    d = ORACLE.polarity_scores(text)
    return d["neg"], d["neu"], d["pos"], d["compound"]


def bits(scores: tuple[float, ...]) -> tuple[str, ...]:
    return tuple(float(x).hex() for x in scores)


def assert_same(text: str) -> None:
    assert bits(polarity(text)) == bits(expected(text)), text


def corpus_texts(files: list[Path]) -> list[str]:
    """Every line, every parsed post's own text and raw body, and each whole file."""
    texts: list[str] = []
    for path in files:
        raw = read_source(path).text  # decoded as threads decodes it (some are not UTF-8)
        texts.append(raw)
        texts.extend(raw.splitlines())
        for thread in threads.read(path).threads:
            texts.extend(p.text for p in thread.posts)
            texts.extend(q for p in thread.posts for q in p.quoted)
    return texts


SEED_FILES = sorted(SEEDS.glob("*.txt"))
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())


def test_parity_on_every_seed_line_and_post() -> None:
    texts = corpus_texts(SEED_FILES)
    assert len(texts) > 350
    for text in texts:
        assert_same(text)


def test_parity_on_every_fixture_text() -> None:
    assert FIXTURE_FILES
    texts = corpus_texts(FIXTURE_FILES)
    assert len(texts) > 100
    for text in texts:
        assert_same(text)


# Each of these exercises one upstream rule or quirk, named in the comment.
QUIRKS = [
    "",
    "   \n\t ",
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",  # caps and boosters
    "GOOD",  # one word in caps: no caps differential
    "GOOD BAD",  # all caps: none
    "It is GOOD, VERY good",  # caps booster with positive valence
    "It is NOT VERY bad",  # caps booster, negative valence so far
    "The book was only kind of good.",  # "kind of" is a dampener, "kind" not a word
    "She is kind of kind",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good good but bad bad",  # _but_check: equal valences rescale the first one twice
    "great but great but great",  # only the first "but" counts
    "BUT it was good",  # "but" found case-insensitively, at index 0
    "good but",  # nothing after "but"
    "I am never so happy",  # never so/this: ×1.25
    "not very so happy",  # three back: "so" right before wins (precedence quirk)
    "never really this happy",
    "without a doubt, excellent",
    "without doubt excellent idea",
    "This isn't a horrible book",  # "n't" negates
    "nope uh-uh not good",
    "no good",  # "no" before a lexicon word
    "no problem or worries here",  # "no X or Y"
    "there is no",  # "no" alone at the end
    "At least it isn't a horrible book.",  # _least_check
    "the least happy",
    "least happy",
    "very least happy",
    "It was the bomb, the shit, to die for",  # SPECIAL_CASES
    "a kiss of death for the plan",
    "that was the kiss of death",
    "yeah right, bad ass beating heart at the bus stop",
    "it is sort of just enough good",  # multi-word boosters in the idiom check
    "Make sure you :) or :D today!",  # emoticons
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "good😁bad",  # emoji glued to words: space before, none after
    "😁😁 ☺️ ©®",  # one- and two-character emoji keys
    "???",
    "good?? bad??? fine???? ok!!!!!",  # punctuation emphasis caps
    "ΣΟΦΟΣ good İSTANBUL great",  # the two context/length-sensitive lower cases
    "GREAT!!! ... \u00a0 -- :-) ;) :( <3 </3",
]


@pytest.mark.parametrize("text", QUIRKS)
def test_parity_on_each_rule_and_quirk(text: str) -> None:
    assert_same(text)


def test_but_check_keeps_upstreams_index_semantics() -> None:
    """Upstream finds each value's position with ``list.index``: once the 2.0 before
    "but" is halved to 1.0, the later 1.0 finds it and halves it again, and is itself
    never scaled."""
    words = ["a", "b", "but", "c"]
    upstream = SentimentIntensityAnalyzer._but_check(words, [2.0, 1.0, 0, -1.5])
    assert upstream == [0.5, 1.0, 0, -2.25]
    ours: list[float] = [2.0, 1.0, 0, -1.5]
    vader._but_check(ours, 2)
    assert ours == upstream
    # "best" (3.2) is halved to 1.6, which "accept" (1.6) then finds: best ends at 0.8.
    assert_same("best accept but bad")


def test_rule_tables_come_from_the_installed_package() -> None:
    assert ORACLE.lexicon == vader.LEXICON and ORACLE.emojis == vader.EMOJIS
    assert vader.BOOSTER is BOOSTER_DICT and vader.SPECIAL_CASES is SPECIAL_CASES
    assert frozenset(NEGATE) == vader.NEGATE


def test_whole_text_lower_case_is_safe_but_for_two_characters() -> None:
    """The fast path lower-cases the whole text instead of each word; that is the same
    unless a character's lower case is longer, context-dependent (only "Σ"), or changes
    whether it is whitespace or ASCII punctuation. Checked over this Python's Unicode."""
    punct = set(string.punctuation)
    unsafe = set()
    for c in map(chr, range(sys.maxunicode + 1)):
        low = c.lower()
        if len(low) != 1 or c == "\u03a3" or (c in punct) != (low in punct) or c.isspace() != low.isspace():
            unsafe.add(c)
    assert unsafe == {vader._LOWER_UNSAFE_1, vader._LOWER_UNSAFE_2}


# Generated strings: words drawn mostly from the vocabulary the rules look at.
_LEXICON_SAMPLE = sorted(ORACLE.lexicon)[::25]
_RULE_WORDS = [
    *BOOSTER_DICT,
    *NEGATE,
    *(w for key in SPECIAL_CASES for w in key.split()),
    *("but", "no", "or", "nor", "never", "so", "this", "without", "doubt", "least", "at", "very"),
    *("kind", "of", "sort", "isn't", "don't", "ain't", "not", "good", "bad", "great", "love", "hate"),
]
_EMOJI = ["😁", "💘", "☺️", "👍", "😡", "©", "❤", "🇫🇷"]
_TOKEN = st.one_of(
    st.sampled_from(_RULE_WORDS),
    st.sampled_from(_LEXICON_SAMPLE),
    st.sampled_from(_EMOJI),
    st.sampled_from(["!", "!!!", "?", "??", "???", "?!?!", "...", ",", ":)", ":D", ":-(", "<3", "-"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
)
_CASE = st.sampled_from([str, str.upper, str.title, str.lower, str.swapcase])
_SEP = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", "", ", ", "! ", "? ", "\u00a0"])


@st.composite
def vader_texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        parts.append(draw(_CASE)(draw(_TOKEN)))
        parts.append(draw(_SEP))
    return "".join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vader_texts())
def test_parity_on_generated_rule_heavy_texts(text: str) -> None:
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parity_on_arbitrary_text(text: str) -> None:
    assert_same(text)
