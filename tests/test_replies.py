"""replies.py: the evidence cascade on seed 004 and on small threads."""

from __future__ import annotations

from unittest.mock import patch

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import threads
from threads import replies
from threads.model import EVIDENCE, Post, Reply


def _links(analysis) -> dict[int, tuple[int, str]]:
    return {r["post_id"]: (r["parent_id"], r["reply_evidence"]) for r in analysis.posts.iter_rows(named=True)}


def test_seed004_acceptance_links(seed004) -> None:
    links = _links(seed004)
    assert links[4] == (3, "explicit")  # turcopolier answers Fredw
    assert links[8] == (7, "explicit")  # turcopolier answers mbrenner
    assert links[2] == (0, "quote") and links[3] == (0, "quote")
    parent16 = seed004.posts.filter(pl.col("post_id") == links[16][0])["author"][0]
    assert parent16 == "Babak Makkinejad" and links[16][1] == "explicit"
    rows12 = seed004.replies.filter(pl.col("post_id") == 12).sort("target_id")
    assert rows12["target_id"].to_list() == [2, 5]
    assert rows12["evidence"].to_list() == ["quote", "explicit"]
    assert rows12["is_parent"].to_list() == [False, True]


def test_every_non_root_post_has_parent_and_evidence(seed004) -> None:
    posts = seed004.posts
    assert posts.filter(pl.col("post_id") > 0)["parent_id"].null_count() == 0
    assert set(posts["reply_evidence"].drop_nulls()) <= set(EVIDENCE)
    assert posts.filter(pl.col("parent_id") >= pl.col("post_id")).height == 0
    conf = posts["reply_confidence"].drop_nulls()
    assert conf.min() >= 0 and conf.max() <= 1
    # every parent link is also a reply row marked is_parent
    parents = seed004.replies.filter("is_parent").select("post_id", "target_id").sort("post_id")
    expected = posts.filter(pl.col("post_id") > 0).select("post_id", pl.col("parent_id").alias("target_id"))
    assert parents.equals(expected)


def _thread(tmp_path, body: str):
    path = tmp_path / "t.txt"
    path.write_text(body, encoding="utf-8")
    # these tests are about the markers; tests/test_similar.py the rest
    return threads.read(path, options=threads.Options(infer=False))


def _comment(text: str, who: str, minute: int) -> str:
    return f"{text}\nPosted by: {who} | 07 June 2016 at 05:{minute:02d} PM\n"


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("@Alice Smith you are right about that.", "explicit"),
        ("re: Alice Smith\nI do not agree at all.", "explicit"),
        ("Dear Alice Smith, thank you.", "explicit"),
        ("alice smith\nThat is nonsense.", "explicit"),
        ("In reply to Alice Smith.\nYes.", "explicit"),
        ("I think Alice Smith has a point there.", "mention"),
        ("Nobody is named in this comment.", "root"),
    ],
)
def test_markers(tmp_path, text: str, evidence: str) -> None:
    dump = (
        "Article.\nComments\n" + _comment("First comment here.", "Alice Smith", 1) + _comment(text, "Bob", 2)
    )
    a = _thread(tmp_path, dump)
    row = a.posts.row(2, named=True)
    assert row["reply_evidence"] == evidence
    assert row["parent_id"] == (0 if evidence == "root" else 1)


def test_no_inferred_self_reply(tmp_path) -> None:
    dump = (
        "Art.\nComments\n"
        + _comment("Alpha beta gamma delta epsilon zeta.", "Ann", 1)
        + _comment('"Alpha beta gamma delta epsilon zeta" as I said, @Ann', "Ann", 2)
    )
    a = _thread(tmp_path, dump)
    assert a.posts.row(2, named=True)["reply_evidence"] == "root"
    assert a.posts.row(2, named=True)["quoted"] == ["Alpha beta gamma delta epsilon zeta"]


def test_explicit_target_prefers_the_quoted_post(tmp_path) -> None:
    dump = (
        "Art.\nComments\n"
        + _comment("The harvest was poor this year in the north.", "Ann", 1)
        + _comment("Something else entirely from Ann today.", "Ann", 2)
        + _comment('Ann, "The harvest was poor this year" is not true.', "Bob", 3)
    )
    a = _thread(tmp_path, dump)
    assert _links(a)[3] == (1, "explicit")


def test_short_author_names_are_not_mentions(tmp_path) -> None:
    dump = "Art.\nComments\n" + _comment("first", "pl", 1) + _comment("I wrote pl here and there.", "Bob", 2)
    a = _thread(tmp_path, dump)
    assert a.posts.row(2, named=True)["reply_evidence"] == "root"


# ---------------------------------------------------------------- the name pre-check changes nothing
_NAMES = ["Ann Lee", "bob", "Jürgen Weiß", "JÜRGEN", "Al", "strasse", "Karl-Heinz"]
_PIECES = [
    *_NAMES,
    "ann",
    "ANN LEE",
    "STRASSE",
    "straße",
    "@",
    "Hi ",
    "Dear ",
    "In reply to ",
    "re: ",
    "p.s. ",
]
_PIECES += ["\n", ", ", ": ", " ", "well", "I agree.", "x"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_NAMES), st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)),
        min_size=2,
        max_size=8,
    )
)
def test_name_precheck_changes_no_link(thread: list[tuple[str, str]]) -> None:
    def run() -> tuple[list[Reply], list[tuple[int | None, str | None]]]:
        posts = [
            Post("t", pid, author, None, None, text, [], None, 0, 0, "test", "test")
            for pid, (author, text) in enumerate(thread)
        ]
        edges = replies.resolve(posts, [text for _, text in thread], [[] for _ in thread])
        return edges, [(p.parent_id, p.reply_evidence) for p in posts]

    fast = run()
    everyone = ([True] * len(thread), [True] * len(thread))
    with patch.object(replies, "_may_name", lambda posts, raws: everyone):
        assert run() == fast


# ---------------------------------------------------------------- names are people of this thread
def _article_and(*comments: tuple[str, str]) -> str:
    body = "The article, about books on affect theory and a long quote of nobody.\n\n"
    return body + "".join(_comment(text, who, n) for n, (text, who) in enumerate(comments, start=1))


def test_a_longer_name_is_not_the_commenter_with_that_first_name(tmp_path) -> None:
    dump = _article_and(
        ("I have read a lot about this over the years.", "Brian"),
        ("Brian Massumi wrote the book on affect, worth reading first.", "Markus"),
        ("I keep coming back to what Brian Massumi says about intensity.", "Carla"),
        ("Markus Kompa made the same point in his column last year.", "Dieter"),
    )
    links = _links(_thread(tmp_path, dump))
    assert links[2] == (0, "root")  # not a salutation to the commenter Brian
    assert links[3] == (0, "root")  # not a mention of the commenter Brian
    assert links[4] == (0, "root")  # "Markus Kompa" is not the commenter Markus


def test_a_first_name_then_a_word_that_follows_an_address_is_still_an_address(tmp_path) -> None:
    dump = _article_and(
        ("I have read a lot about this over the years.", "Brian"),
        ("A different view: the theory is older than that.", "Markus"),
        ("Brian I agree, the older books are better.", "Carla"),
        ("Markus, which older theory do you mean?", "Dieter"),
    )
    links = _links(_thread(tmp_path, dump))
    assert links[3] == (1, "mention")  # "I" does not make "Brian" a longer name
    assert links[4] == (2, "explicit")


def test_a_name_addressed_inside_a_quote_is_not_the_repliers_address(tmp_path) -> None:
    dump = _article_and(
        ("The library opens at nine on weekdays now.", "Ann"),
        ("Bob here, the new hours are fine for me.", "Bob"),
        ("@Ann the hours changed again last week, it opens at ten on Mondays.", "Cleo"),
        (
            "> @Ann the hours changed again last week, it opens at ten on Mondays.\n\n"
            "That is not what the notice board said yesterday.",
            "Dora",
        ),
    )
    links = _links(_thread(tmp_path, dump))
    assert links[3] == (1, "explicit")  # Cleo addresses Ann
    assert links[4] == (3, "quote")  # Dora answers Cleo, whom she quotes, not Ann


def test_one_person_in_two_spellings_is_not_answering_themself(tmp_path) -> None:
    dump = _article_and(
        ("It is too hot here to be outside in the garden this week.", "mike"),
        ("Mike, it is too hot here to be outside in the garden, agreed.", "Mike"),
    )
    thread = _thread(tmp_path, dump)
    assert _links(thread)[2] == (0, "root")
    assert thread.replies.filter(pl.col("target_id") == 1).height == 0


# A threaded page copied as text (depth-first, indentation lost): marigold's second post
# (09:40) answers otto and stands above wren's reply (09:20), which names marigold.
THREADED_COPY = """\
Our pond finally has frogspawn again after three dry springs.
Posted by marigold on 02 April 2024 at 08:15 AM | Permalink

@marigold Wonderful news! A few bamboo canes across the shallow end kept herons off ours.
Posted by: otto | 02 April 2024 at 09:02 AM

@otto Canes it is, thank you. Do they spoil the view much?
Posted by: marigold | 02 April 2024 at 09:40 AM

@marigold Same here. The newts vanished too and I miss them terribly.
Posted by: wren | 02 April 2024 at 09:20 AM
"""


def test_a_name_links_to_that_author_s_post_written_before_the_reply(tmp_path) -> None:
    """wren (09:20) names marigold: her latest post above is 09:40, written after wren's,
    so wren answers marigold's 08:15 post. A reply never answers a later post."""
    dump = tmp_path / "pond.txt"
    dump.write_text(THREADED_COPY, encoding="utf-8")
    posts = threads.read(dump, format="typepad-text", options=threads.Options(infer=False)).posts
    got = {r["author"]: (r["parent_id"], r["reply_evidence"]) for r in posts.iter_rows(named=True)}
    assert got["otto"] == (0, "explicit") and got["marigold"] == (1, "explicit")
    assert got["wren"] == (0, "explicit"), got  # not 2 (09:40)


def test_a_mention_of_a_fediverse_handle_names_its_account(tmp_path) -> None:
    """Mastodon writes "@otto" (or "@otto@fen.example") for the account otto@fen.example,
    which is the author's name: the handle names that account when one account of the
    thread has it, and nobody when two do (otto@fen.example and otto@moss.example)."""
    dump = tmp_path / "pond.txt"
    dump.write_text(
        THREADED_COPY.replace("Posted by: otto |", "Posted by: otto@fen.example |"), encoding="utf-8"
    )
    posts = threads.read(dump, format="typepad-text", options=threads.Options(infer=False)).posts
    got = {r["author"]: (r["parent_id"], r["reply_evidence"]) for r in posts.iter_rows(named=True)}
    assert got["otto@fen.example"] == (0, "explicit") and got["marigold"] == (1, "explicit")
    two = THREADED_COPY.replace("Posted by: otto |", "Posted by: otto@fen.example |").replace(
        "Posted by: wren |", "Posted by: otto@moss.example |"
    )
    two += "\n@otto Thank you both.\nPosted by: marigold | 02 April 2024 at 09:50 AM\n"
    dump.write_text(two, encoding="utf-8")
    posts = threads.read(dump, format="typepad-text", options=threads.Options(infer=False)).posts
    last = posts.filter(pl.col("post_id") == posts.height - 1).row(0, named=True)
    assert last["text"] == "@otto Thank you both." and last["reply_evidence"] == "root"  # two ottos: nobody


def test_several_handles_opening_a_post_are_weaker_than_one(tmp_path) -> None:
    """Mastodon and Twitter open a reply with every participant's handle ("@wren @otto"):
    such a post is linked to a named author at 0.7, below the 0.8 of sure links; one
    "@name" stays at 0.9. (A flattened Mastodon context put such a reply on wren at 0.9
    while it answered a third post.)"""
    text = THREADED_COPY.replace("@marigold Same here.", "@marigold @otto Same here.")
    dump = tmp_path / "pond.txt"
    dump.write_text(text, encoding="utf-8")
    posts = threads.read(dump, format="typepad-text", options=threads.Options(infer=False)).posts
    got = {r["author"]: (r["reply_evidence"], r["reply_confidence"]) for r in posts.iter_rows(named=True)}
    assert got["otto"] == ("explicit", 0.9) and got["wren"] == ("explicit", 0.7)
