"""Placeholders (deleted or removed comments, roots not in the dump) are nobody.

Reddit's ``[deleted]`` used to be one pseudo-author with posts and partners in
``authors``, ``interactions``, the GEXF network and ConvoKit's speakers. A placeholder
keeps its place in ``posts`` and ``replies`` (the tree), but it is no author, and a reply
to it or from it is no interaction between people. Built in code: two deleted comments
that reply and are replied to, in a thread read as a format would give it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import networkx as nx
import polars as pl
import pytest

import threads
from threads import export, graph
from threads.analysis import Analysis
from threads.model import RawPost, RawThread
from threads.pipeline import analyse_raw
from threads.read import Source

T0 = datetime(2013, 5, 27, 21, 0, tzinfo=timezone.utc)
PEOPLE = {"host", "alice", "bob", "carol"}

# (source_id, parent_source_id, author, body, placeholder); texts name nobody and quote
# nothing, so every link is the source's own nesting.
POSTS = [
    ("r", None, "host", "Our office tour this week: the new building, the team, the food.", False),
    ("a1", "r", "alice", "The rooftop garden looks lovely, what a great place to work.", False),
    ("d1", "a1", None, "[deleted]", True),  # replies to alice, answered by bob
    ("b1", "d1", "bob", "That is unfair, the garden was built by volunteers.", False),
    ("d2", "b1", None, "[removed]", True),  # replies to bob, answered by alice
    ("a2", "d2", "alice", "Please keep it civil, nobody here said anything rude.", False),
    ("c1", "a1", "carol", "Seconded, the photos of the garden are wonderful.", False),
    ("b2", "c1", "bob", "Agreed, lovely photos.", False),
]


def _thread(posts: list[tuple[str, str | None, str | None, str, bool]]) -> threads.Analysis:
    raw = RawThread(
        posts=[
            RawPost(
                author=author,
                body=body,
                timestamp=T0 + timedelta(minutes=5 * i),
                source_id=sid,
                parent_source_id=parent,
                placeholder=placeholder,
            )
            for i, (sid, parent, author, body, placeholder) in enumerate(posts)
        ],
        title="office tour",
    )
    source = Source(path="office_tour.json", text="", encoding="utf-8")
    return Analysis([analyse_raw(raw, "office_tour", source, "test", 1.0)])


@pytest.fixture(scope="module")
def analysis() -> threads.Analysis:
    return _thread(POSTS)


def test_placeholders_keep_their_place_in_posts_and_replies(analysis: threads.Analysis) -> None:
    posts = analysis.posts
    holders = posts.filter(pl.col("placeholder"))
    assert holders["post_id"].to_list() == [2, 4]
    assert holders["author"].null_count() == 2
    assert holders["parent_id"].to_list() == [1, 3]
    assert posts.filter(pl.col("post_id").is_in([3, 5]))["parent_id"].to_list() == [2, 4]
    edges = {
        (r["post_id"], r["target_id"], r["source_author"], r["target_author"])
        for r in analysis.replies.iter_rows(named=True)
    }
    # from and to both placeholders: the structure is all there
    assert {(2, 1, None, "alice"), (3, 2, "bob", None), (4, 3, None, "bob"), (5, 4, "alice", None)} <= edges


def test_authors_are_people_only(analysis: threads.Analysis) -> None:
    authors = {r["author"]: r for r in analysis.authors.iter_rows(named=True)}
    assert set(authors) == PEOPLE
    assert authors["alice"]["n_posts"] == 2 and authors["bob"]["n_posts"] == 2
    # bob's reply to d1 and alice's to d2 engage nobody; alice→host, carol→alice, bob→carol do
    assert (authors["bob"]["replies_sent"], authors["bob"]["replies_received"]) == (1, 0)
    assert (authors["alice"]["replies_sent"], authors["alice"]["replies_received"]) == (1, 1)
    assert {a: r["partners"] for a, r in authors.items()} == {"host": 1, "alice": 2, "bob": 1, "carol": 2}


def test_interactions_are_between_people_only(analysis: threads.Analysis) -> None:
    inter = analysis.interactions
    assert inter["source_author"].null_count() == 0 and inter["target_author"].null_count() == 0
    pairs = set(zip(inter["source_author"], inter["target_author"], strict=True))
    assert pairs == {("alice", "host"), ("carol", "alice"), ("bob", "carol")}


def test_author_graph_and_stats_leave_placeholders_out(analysis: threads.Analysis) -> None:
    stats = graph.author_stats(analysis.posts, analysis.replies)
    assert set(stats["author"]) == PEOPLE
    g = graph.author_graph(analysis.posts, analysis.replies)
    assert set(g.nodes) == PEOPLE
    assert set(g.edges) == {("alice", "host"), ("carol", "alice"), ("bob", "carol")}


@pytest.mark.parametrize("kind", ["gexf", "graphml"])
def test_network_exports_have_no_deleted_node(analysis: threads.Analysis, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"net.{kind}"
    (export.write_gexf if kind == "gexf" else export.write_graphml)(analysis, path)
    net = nx.read_gexf(path) if kind == "gexf" else nx.read_graphml(path)
    assert set(net.nodes) == PEOPLE
    assert set(net.edges) == {("alice", "host"), ("carol", "alice"), ("bob", "carol")}


def test_convokit_placeholders_keep_the_tree_under_a_sentinel_speaker(
    analysis: threads.Analysis, tmp_path: Path
) -> None:
    export.write_convokit(analysis, tmp_path)
    utts = {
        u["id"]: u
        for u in map(json.loads, (tmp_path / "utterances.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert len(utts) == 8
    d1, d2 = utts["office_tour__2"], utts["office_tour__4"]
    assert d1["speaker"] == d2["speaker"] == export.PLACEHOLDER_SPEAKER
    assert d1["meta"]["placeholder"] and d2["meta"]["placeholder"]
    assert (d1["reply-to"], d2["reply-to"]) == ("office_tour__1", "office_tour__3")
    assert utts["office_tour__3"]["reply-to"] == "office_tour__2"
    assert utts["office_tour__5"]["reply-to"] == "office_tour__4"
    speakers = json.loads((tmp_path / "speakers.json").read_text(encoding="utf-8"))
    assert set(speakers) == PEOPLE | {export.PLACEHOLDER_SPEAKER}
    assert speakers[export.PLACEHOLDER_SPEAKER]["meta"]["sentinel"] is True
    assert "n_posts" not in speakers[export.PLACEHOLDER_SPEAKER]["meta"]
    assert all("sentinel" not in speakers[p]["meta"] for p in PEOPLE)
    assert speakers["bob"]["meta"]["partners"] == 1


def test_a_placeholder_is_nobody_even_with_a_name_left_on_it() -> None:
    """The placeholder flag decides, not the name: a reader that leaves the account name
    on a removed comment still gives no author row or interaction for it."""
    posts = [p if p[0] != "d1" else ("d1", "a1", "[deleted]", "[deleted]", True) for p in POSTS]
    a = _thread(posts)
    assert "[deleted]" not in set(a.authors["author"])
    assert "[deleted]" not in set(a.interactions["source_author"]) | set(a.interactions["target_author"])
    assert "[deleted]" not in set(graph.author_graph(a.posts, a.replies).nodes)
    assert set(export.interaction_graph(a).nodes) == PEOPLE


def test_a_post_without_author_that_is_not_a_placeholder() -> None:
    """A real post whose author the dump does not give: its words count, it is nobody's;
    ConvoKit gives it the ``[unknown]`` sentinel, not the placeholder one."""
    posts = [p if p[0] != "c1" else ("c1", "a1", None, p[3], False) for p in POSTS]
    a = _thread(posts)
    assert set(a.authors["author"]) == PEOPLE - {"carol"}
    assert a.interactions["source_author"].null_count() == 0
    records = export.convokit_records(a)
    speakers = {u["id"]: u["speaker"] for u in records["utterances"]}  # type: ignore[union-attr]
    assert speakers["office_tour__6"] == export.UNKNOWN_SPEAKER
    assert speakers["office_tour__2"] == export.PLACEHOLDER_SPEAKER
    assert records["speakers"][export.UNKNOWN_SPEAKER]["meta"]["sentinel"] is True  # type: ignore[index]


@pytest.mark.corpus
def test_reddit_deleted_comments_are_nobody(corpus: Path) -> None:
    """The Reddit comments page of the corpus: ``[deleted]`` was an author with 6 posts
    and 9 partners; now deleted comments are placeholders and nobody in the author views."""
    a = threads.read(corpus / "reddit_r-blog_1f5mo7_a-day-in-the-life.json")
    names = set(a.authors["author"])
    assert "[deleted]" not in names and None not in names
    inter = a.interactions
    assert not ({"[deleted]", None} & (set(inter["source_author"]) | set(inter["target_author"])))
    assert not {"[deleted]", None} & set(export.interaction_graph(a).nodes)
    # the deleted comments are still in the tree, with their replies
    holders = a.posts.filter(pl.col("placeholder") & pl.col("parent_id").is_not_null())
    assert holders.height >= 4
    replied = a.replies.filter(pl.col("target_id").is_in(holders["post_id"].to_list()))
    assert replied.height >= holders.height


def test_dashboard_names_deleted_comments_as_such(analysis: threads.Analysis) -> None:
    """The page header said "(+ root not in the dump)" for any placeholder; the tree's
    hover called every placeholder "(article not in the dump)"."""
    from threads import figures
    from threads.report import thread_facts

    facts = dict(thread_facts(analysis.threads[0], analysis.posts, analysis.replies))
    assert facts["posts"] == "6 (+ 2 deleted or removed)"
    rows = {r["post_id"]: r for r in analysis.posts.iter_rows(named=True)}
    assert "(deleted or removed)" in figures._post_hover(rows[2], 0, None)
    assert "alice" in figures._post_hover(rows[1], 0, None)
