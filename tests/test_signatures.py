"""signatures.py: learned marks, name lines, -- delimiters."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from threads import formats, signatures
from threads.read import read_source
from threads.signatures import learn, line_sign, split


def test_learns_recurring_tail_only() -> None:
    learned = learn(
        [
            ("host", "Yes. pl"),
            ("host", "No.\nNever. pl"),
            ("ann", "Hi. xo"),
            ("bob", "Ok. b"),
            ("bob", "Fine"),
        ]
    )
    assert learned == {"host": {"pl"}}
    assert line_sign("the bear eats you. pl", learned) == "host"
    assert line_sign("the bear eats you.", learned) is None


def test_split_learned_mark_name_line_and_email_delimiter() -> None:
    learned = {"host": {"pl"}}
    assert split("You are wrong. pl", "host", learned) == ("You are wrong.", "pl")
    assert split("Quote here\nIshmael Zechariah\np.s: more", "Ishmael Zechariah", {}) == (
        "Quote here\np.s: more",
        "Ishmael Zechariah",
    )
    assert split("Body\n-- \nAnn Smith\nExample Corp", "Ann", {}) == ("Body", "Ann Smith\nExample Corp")
    assert split("No signature here. pl", "other", learned) == ("No signature here. pl", None)


def test_a_whole_post_is_never_learned_as_a_signature() -> None:
    """Reddit keeps a deleted or removed comment's place with the body ``[deleted]`` /
    ``[removed]``; two of them (or two posts that only say "Thanks!") under one name
    are not a signature habit."""
    learned = learn(
        [
            ("[deleted]", "[deleted]"),
            ("[deleted]", "[deleted]"),
            ("mod", "[removed]"),
            ("mod", "[removed]\n"),
            ("ann", "Thanks!"),
            ("ann", "  Thanks!  "),
            (None, "Gone. pl"),  # placeholders (no author) are not learned from
            (None, "Away. pl"),
        ]
    )
    assert learned == {}
    # a real habit is still learned beside such posts
    assert learn([("ann", "Thanks!"), ("ann", "Thanks!"), ("ann", "Sure. -A"), ("ann", "No. -A")]) == {
        "ann": {"-A"}
    }


def test_split_never_takes_the_whole_post() -> None:
    learned = {"host": {"pl"}}
    assert split("pl", "host", learned) == ("pl", None)
    assert split("\npl\n", "host", learned) == ("\npl\n", None)
    assert split("Ann", "Ann", {}) == ("Ann", None)
    assert split("\nAnn", "Ann", {}) == ("\nAnn", None)
    assert split("\n-- \nAnn Smith", "Bob", {}) == ("\n-- \nAnn Smith", None)
    assert split("Yes. pl", "host", learned) == ("Yes.", "pl")


@pytest.mark.corpus
def test_reddit_deleted_bodies_are_not_signatures(corpus) -> None:
    """The Reddit comments page of the corpus: five ``[deleted]`` bodies were learned as
    the signature of the pseudo-author ``[deleted]`` (own text emptied). The bodies stay
    the posts' text, whether the reader gives them as placeholders or not."""
    import threads

    posts = threads.read(corpus / "reddit_r-blog_1f5mo7_a-day-in-the-life.json").posts
    assert posts["signature"].null_count() == posts.height
    deleted = posts.filter(posts["text"].is_in(["[deleted]", "[removed]"]))
    assert deleted.height >= 4


def test_emoticons_and_smiley_codes_are_tone_not_signatures() -> None:
    """The Chinese Disqus export's host ends replies with ``:mrgreen:`` or ``:)``; those
    were taken out of the own text as signatures (and ``:)`` out of VADER's reach)."""
    learned = learn(
        [
            ("host", "嗯。研一刚入学. :mrgreen:"),
            ("host", "maybe, u have solved it. :mrgreen:"),
            ("host", "能理解我 就很好了. :)"),
            ("host", "也可以. :)"),
            ("host", "Sure. ^_^"),
            ("host", "Fine. ^_^"),
        ]
    )
    assert learned == {}
    assert split("Fine. :)", "host", {"host": {":)"}}) == ("Fine. :)", None)


# ---- parity: the one-match tail and the from-the-end last line equal the originals
def _reference_tail(line: str) -> str | None:
    """signatures._tail as first written: every sentence end found, the last one used."""
    line = line.strip()
    if not line:
        return None
    candidates = [line]
    ends = [m.end() for m in signatures._SENTENCE_END.finditer(line)]
    if ends:
        candidates.insert(0, line[ends[-1] :])
    for cand in candidates:
        cand = cand.strip()
        if 0 < len(cand) <= signatures.MAX_SIGN_CHARS and len(cand.split()) <= signatures.MAX_SIGN_WORDS:
            if any(p.match(cand) for p in signatures.NOT_A_MARK):
                return None
            return cand
    return None


def _reference_last_line(body: str) -> str:
    for line in reversed(body.split("\n")):
        if line.strip():
            return line
    return ""


# Sentence marks, spaces of several kinds and short words: the shapes _tail cuts on.
_SIG_TEXT = st.lists(
    st.sampled_from([*".!?…\"”')] \t\n\r\u2028\u00a0-:", "ab", "pl", "xyz", "Z", ":)"]), max_size=30
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_SIG_TEXT)
def test_tail_and_last_line_equal_the_reference(text: str) -> None:
    assert signatures._tail(text) == _reference_tail(text)
    assert signatures._tail(signatures._last_line(text)) == _reference_tail(_reference_last_line(text))


def test_learn_equals_the_reference_on_the_seeds() -> None:
    """learn() with the reference helpers gives the same marks on every seed's posts
    (Typepad copies; seed 004's host signs "pl")."""
    learned = 0
    for path in sorted(SEEDS.glob("*.txt")):
        source = read_source(path)
        for raw in formats.get("typepad-text").parse(source.text):
            pairs = [(p.author, p.body) for p in raw.posts]
            with (
                patch.object(signatures, "_tail", _reference_tail),
                patch.object(signatures, "_last_line", _reference_last_line),
            ):
                expected = signatures.learn(pairs)
            assert signatures.learn(pairs) == expected, path.name
            learned += len(expected)
    assert learned > 0
