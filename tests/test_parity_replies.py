"""Reply resolution's fast paths find exactly what the code they replaced found.

The references below are ``replies._explicit`` and ``_mentions`` and ``markers.AT_NAME``
as they were before issue 17's CPU round (``_edges``' reference is its general path,
``_ranked_edges``, which it was whole before its one-candidate path): the explicit markers
scanned every post with every regex (AT_NAME opened with its look-behind, so the engine
tried it at every character), the salutation scan split, stripped, matched and folded
every line in Python, and the mention scan looked up every token of a post. Checked on
hypothesis inputs (names, greetings, "@", p.s., blank and whitespace lines, "\\r",
non-Latin scripts), the seeds, the fixtures and every corpus dump.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import Analysed
from threads import markers, pipeline, replies
from threads.model import Thread
from threads.read import read_source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*") if p.is_file() and p.suffix != ".md")

REFERENCE_AT_NAME = re.compile(r"(?<![\w.@])@(?P<name>[^\s@,:;!?()][^\n@]{0,60})")


def reference_explicit(
    raw: str, authors: replies._Authors, salutes: bool = True
) -> list[tuple[str, str, str]]:
    """replies._explicit before the hints, the "@" test and SALUTATION_WORD."""
    found: list[tuple[str, str, str]] = []
    for m in markers.IN_REPLY_TO.finditer(raw):
        if who := authors.lookup(m.group("name")):
            found.append((who, "in_reply_to", m.group(0).strip()))
    for m in REFERENCE_AT_NAME.finditer(raw):
        # handle=True: the rule (an "@" name ends where an author's name ends), not a fast path
        if hit := authors.at_start(m.group("name"), handle=True):
            found.append((hit[0], "at_name", "@" + m.group("name")[: hit[1]]))
    for m in markers.RE_NAME.finditer(raw):
        if who := authors.lookup(m.group("name")):
            found.append((who, "re_name", m.group(0).strip()))
    if not salutes:
        return found
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    by_first = authors.by_first
    for n, line in enumerate(lines):
        prefix = markers.SALUTATION_PREFIX.match(line)
        rest = line[prefix.end() :] if prefix else line
        first = rest.split(None, 1)[0].casefold() if rest.strip() else ""
        if first not in by_first and first.rstrip(",:;!.?") not in by_first:
            continue
        hit = authors.at_start(rest) or authors.first_name_at_start(rest)
        if not hit:
            continue
        after = rest[hit[1] :]
        if markers.SALUTATION_END.match(after) and (
            n == 0 or after.strip()[:1] in ",:;" or not after.strip()
        ):
            found.append((hit[0], "salutation", replies._flat(line)[:80]))
    return found


def reference_mentions(own: str, authors: replies._Authors) -> list[tuple[str, str]]:
    """replies._mentions before it looked only for the tokens that start a name."""
    found: list[tuple[str, str]] = []
    keys = {word.strip(".-'’") for word in set(replies._TOKEN.findall(own))}
    if authors.by_first.keys().isdisjoint(map(str.casefold, keys)):
        return found
    for m in replies._TOKEN.finditer(own):
        word = m.group(0).strip(".-'’")
        if not word:
            continue
        for name in authors.by_first.get(word.casefold(), ()):
            real = authors.by_fold[name]
            if len(real) < replies.MIN_MENTION_CHARS:
                continue
            start = m.start() + m.group(0).find(word)
            seg = own[start : start + len(real)]
            end_ok = start + len(real) >= len(own) or not own[start + len(real)].isalnum()
            if seg == real and end_ok and not replies.longer_name(own[start + len(real) :]):
                found.append((real, replies._flat(own[max(0, start - 30) : start + len(real) + 30])))
    return found


# Names: Latin with case and accents, a dotless i and a long s (their case partners
# differ), Cyrillic, Greek, Chinese, a one-letter one, ones with a space, hyphen or
# apostrophe, and one that starts with "@".
_NAMES = [
    "Bob", "bob", "Jana Hoffmann", "Jana", "Ann-Marie", "O'Neil", "Zoë", "ſam", "Işık",
    "Ольга", "Σοφία", "李雷", "x", "Brian", "Brian Massumi", "Markus", "@ann", "dear",
]  # fmt: skip
_PIECES = [
    *_NAMES, *(n.upper() for n in _NAMES), *(n.lower() for n in _NAMES),
    " ", "  ", "\t", "\n", "\n\n", "\r\n", " \n", "\n \n", "\u2028", "\u00a0", "\x0c",
    ",", ":", ";", "!", ".", "?", "-", "—", "'", "’", '"', "@", "@@", "a@", ".@", "_",
    "Hi ", "hi", "Dear ", "DEAR ", "thank you ", "Hallo ", "Liebe ", "Chère ",
    "p.s. ", "P.S:", "ps", "p.p.s.", "PPS -", "re: ", "Re:", "RE:", "In reply to ",
    "in reply to ", "Replying to ", "Antwort an ", "en réponse à ", "En respuesta a ",
    "I agree", "Thanks", "yes", "the bear", "wrote", "said", "Massumi", "Kompa", "é", "ı",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)
# Salutation-shaped lines (blank or whitespace lines, a greeting, an author's name as
# written, folded or cut to its first word, its ending), strung together with free
# text between: where the scans' line rules matter.
_BLANK = st.sampled_from(["", "\n", " \n", "\n\t\n", "\r\n", "\u2028\n", "  "])
_GREETING = st.sampled_from(
    [
        "",
        "Hi ",
        "dear ",
        "p.s. ",
        "P.S: Thanks ",
        "@ ",
        "@",
        "x@",
        "- ",
        "PPS, hello ",
        "In reply to ",
        "re: ",
    ]
)
_END = st.sampled_from(["", ",", ":", " -", "!", "—", " I agree", " Massumi", "'s", ".", " \r", "\n"])


def _saluted(names: list[str]) -> st.SearchStrategy[str]:
    spelled = st.sampled_from(names).flatmap(
        lambda n: st.sampled_from([n, n.lower(), n.upper(), n.split()[0], f"{n}, {n}"])
    )
    line = st.tuples(_BLANK, _GREETING, spelled, _END, _TEXT).map("".join)
    return st.lists(st.one_of(line, line, _TEXT), min_size=1, max_size=5).map("\n".join)


# Earlier authors and a text that may address them.
_CASE = st.lists(st.sampled_from(_NAMES), min_size=1, max_size=8).flatmap(
    lambda names: st.tuples(st.just(names), _TEXT | _saluted(names))
)
_SALUTED = _CASE.map(lambda case: case[1])


def _authors(names: list[str]) -> replies._Authors:
    authors = replies._Authors()
    for pid, name in enumerate(names):
        authors.add(name, pid)
    return authors


@settings(max_examples=600, deadline=None)
@given(_CASE, st.booleans())
# A first line after blank ones may be the bare name followed by "!" (later ones need a
# comma or colon); "\r" and a line separator are spaces within a line.
@example((["Bob", "Ann"], "\n \n\tBob!\nAnn - yes"), True)
@example((["Jana Hoffmann", "ſam"], "\u2028\nHi Jana —\r\np.s. ſam: thanks"), True)
@example((["Işık", "Ольга"], "dear\nP.S: Ольга,\n@Işık agreed"), True)
def test_explicit_equals_reference(case: tuple[list[str], str], salutes: bool) -> None:
    names, text = case
    authors = _authors(names)
    assert replies._explicit(text, authors, salutes) == reference_explicit(text, authors, salutes)


@settings(max_examples=600, deadline=None)
@given(_CASE)
def test_mentions_equal_reference(case: tuple[list[str], str]) -> None:
    names, text = case
    authors = _authors(names)
    assert replies._mentions(text, authors) == reference_mentions(text, authors)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="@.a_ é\n\t,:()-ı", max_size=30) | _TEXT)
def test_at_name_equals_reference(text: str) -> None:
    def spans(rx: re.Pattern[str]) -> list[tuple[tuple[int, int], str]]:
        return [(m.span(), m.group("name")) for m in rx.finditer(text)]

    assert spans(markers.AT_NAME) == spans(REFERENCE_AT_NAME)


@settings(max_examples=400, deadline=None)
@given(_TEXT | _SALUTED)
def test_salutation_word_is_the_reference_first_word(text: str) -> None:
    """One SALUTATION_WORD match per non-blank line with a word after its prefix: that
    word and prefix are what the reference's per-line match and split gave."""
    got = [
        (text.count("\n", 0, m.start()), m.group("prefix"), m.group("first"))
        for m in markers.SALUTATION_WORD.finditer(text)
    ]
    want = []
    for n, line in enumerate(text.split("\n")):
        prefix = markers.SALUTATION_PREFIX.match(line)
        assert prefix is not None
        rest = line[prefix.end() :]
        if rest.strip():
            want.append((n, prefix.group(0), rest.split(None, 1)[0]))
    assert got == want


def test_the_hints_cover_the_markers() -> None:
    """Every way IN_REPLY_TO and RE_NAME can match leaves a hint in the lower-cased
    text: each marker phrase holds a hint, and every character that matches a hint's
    letter under IGNORECASE lower-cases to that letter (all of Unicode checked)."""
    phrases = re.search(r"\(\?:([^)]*)\)", markers.IN_REPLY_TO.pattern)
    assert phrases
    for phrase in phrases.group(1).split("|"):
        assert any(hint in phrase for hint in markers.IN_REPLY_TO_HINTS), phrase
    assert markers.RE_NAME_HINT in markers.RE_NAME.pattern
    letters = set("".join(markers.IN_REPLY_TO_HINTS) + markers.RE_NAME_HINT)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in letters:
        partners = re.findall(re.escape(letter), every, re.IGNORECASE)
        assert partners and all(c.lower() == letter for c in partners), (letter, partners)
    # And the letters left out do need leaving out: "i" and "s" have partners that don't.
    assert "ı".lower() != "i" and re.fullmatch("i", "ı", re.IGNORECASE)
    assert "ſ".lower() != "s" and re.fullmatch("s", "ſ", re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_a_marker_match_leaves_a_hint(text: str) -> None:
    lowered = text.lower()
    if markers.IN_REPLY_TO.search(text):
        assert any(hint in lowered for hint in markers.IN_REPLY_TO_HINTS)
    if markers.RE_NAME.search(text):
        assert markers.RE_NAME_HINT in lowered


def _threads(threads: list[Thread]) -> list[tuple]:  # type: ignore[type-arg]
    return [
        (
            [(p.author, p.text, p.quoted, p.parent_id, p.reply_evidence, p.depth) for p in t.posts],
            [
                (r.post_id, r.target_id, r.target_author, r.evidence, r.confidence, r.detail)
                for r in t.replies
            ],
        )
        for t in threads
    ]


def _same_both_ways(path: Path, analysed: Analysed) -> int:
    """The threads of ``path`` with the fast and the reference scans; their reply count."""
    fast = _threads(analysed(path))  # (computed once for the session: tests/conftest.py)
    with (
        patch.object(replies, "_explicit", reference_explicit),
        patch.object(replies, "_mentions", reference_mentions),
        patch.object(replies, "_edges", replies._ranked_edges),
    ):
        ref = _threads(pipeline.analyse_source(read_source(path)))
    assert fast == ref, path.name
    return sum(len(edges) for _, edges in ref)


def test_same_threads_on_the_seeds(analysed: Analysed) -> None:
    assert sum(_same_both_ways(p, analysed) for p in sorted((ROOT / "seeds").glob("*.txt"))) > 0


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_threads_on_the_fixtures(path: Path, analysed: Analysed) -> None:
    _same_both_ways(path, analysed)


def test_same_threads_on_the_corpus(corpus: Path, analysed: Analysed) -> None:
    """Every real dump of the shared corpus resolves the same with the fast and the
    reference scans."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md")
    assert len(files) > 10
    assert sum(_same_both_ways(p, analysed) for p in files) > 0
