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


# ---- learned once per dump: the dialect's tally reused by the pipeline (issue 17)

FIXTURE = SEEDS.parent / "tests" / "fixtures" / "typepad-text" / "host_signs_pl.txt"


def _learn_calls(raw_posts: list, tally: signatures.Tally | None) -> tuple[dict[str, set[str]], int]:
    """learn_thread's marks and how many post tails it computed."""
    calls = 0
    real = signatures._tail

    def counted(line: str) -> str | None:
        nonlocal calls
        calls += 1
        return real(line)

    with patch.object(signatures, "_tail", counted):
        marks = signatures.learn_thread(raw_posts, tally)
    return marks, calls


def test_typepad_tally_is_reused_and_gives_the_same_marks() -> None:
    """A Typepad copy whose article runs into the first comment, the host signing
    "pl": the dialect counts comments 2.. to find the article's end; the pipeline counts
    only the article and the first comment on top, and learns what learn() of every post
    learns (checked by hand: the host's "pl" ends posts 0, 2 and 4)."""
    (raw,) = formats.get("typepad-text").parse(read_source(FIXTURE).text)
    assert raw.posts[0].author == "turcopolier"  # found by the mark the tally taught
    tally = raw.signature_tally
    assert tally is not None and tally.start == 2 and tally.holds(raw.posts)
    expected = learn([(p.author, p.body) for p in raw.posts])
    assert expected == {"turcopolier": {"pl"}}
    marks, calls = _learn_calls(raw.posts, tally)
    assert marks == expected
    assert calls == len(raw.posts) - len(tally.posts) == 2


def test_a_changed_or_moved_post_voids_the_tally() -> None:
    (raw,) = formats.get("typepad-text").parse(read_source(FIXTURE).text)
    tally = raw.signature_tally
    assert tally is not None
    raw.posts[3].body = raw.posts[3].body + " pl"  # changed after the count
    assert not tally.holds(raw.posts)
    marks, calls = _learn_calls(raw.posts, tally)
    assert marks == learn([(p.author, p.body) for p in raw.posts]) and calls == len(raw.posts)
    assert not tally.holds(raw.posts[1:])  # moved
    assert not tally.holds(raw.posts[:3])  # cut short


_POSTS = st.lists(st.tuples(st.sampled_from(["ann", "bob", None]), _SIG_TEXT), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_POSTS, st.integers(0, 12), st.integers(0, 12))
def test_learn_thread_equals_learn(pairs: list, a: int, b: int) -> None:
    from threads.model import RawPost

    posts = [RawPost(author=author, body=body) for author, body in pairs]
    start, end = min(a, b, len(posts)), min(max(a, b), len(posts))
    tally = signatures.Tally.of(posts[start:end], start)
    assert tally.holds(posts)
    assert signatures.learn_thread(posts, tally) == learn(pairs) == signatures.learn_thread(posts)
    assert tally.marks() == learn(pairs[start:end])


def test_pipeline_learns_from_the_seeds_as_before() -> None:
    """Every seed with comments (Typepad copies): the dialect's tally holds when the pipeline runs and
    gives the marks learn() of all posts gives; the tally is let go afterwards."""
    from threads import pipeline

    reused = 0
    for path in sorted(SEEDS.glob("*.txt")):
        parsed = pipeline.parse_source(read_source(path), "typepad-text")
        for raw in parsed.raws:
            tally = raw.signature_tally
            if tally is None:  # an article seed: no comment footers, nothing to learn from
                assert len(raw.posts) == 1, path.name
                continue
            assert tally.holds(raw.posts), path.name
            assert signatures.learn_thread(raw.posts, tally) == learn([(p.author, p.body) for p in raw.posts])
            reused += len(tally.posts)
        pipeline.analyse_parsed(parsed)
        assert all(raw.signature_tally is None for raw in parsed.raws)
    assert reused >= 20  # the seeds hold 24 comments after the first


@pytest.mark.corpus
def test_corpus_marks_are_learned_as_before(corpus) -> None:
    """Every real dump of the corpus, read by the dialect detection picks: learn_thread
    with whatever tally the dialect left gives learn()'s marks over every post."""
    from threads import pipeline

    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md")
    assert len(files) >= 10
    for path in files:
        parsed = pipeline.parse_source(read_source(path))
        for raw in parsed.raws:
            expected = learn([(p.author, p.body) for p in raw.posts])
            assert signatures.learn_thread(raw.posts, raw.signature_tally) == expected, path.name
