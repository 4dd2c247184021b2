"""threads.graph: author statistics, the author graph, layouts (hand-built frames + seed 004)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import polars as pl
import pytest

from threads import graph
from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA

T0 = datetime(2016, 6, 7, 17, 0, tzinfo=timezone.utc)


def frames(
    posts: list[tuple[int, str | None, int | None, str | None, float]],
    secondary: list[tuple[int, int, str]] = (),
    thread_id: str = "t",
    placeholder_root: bool = False,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Posts as (post_id, author, parent_id, evidence, compound); replies derived from
    the parent links plus ``secondary`` (post_id, target_id, evidence) rows."""
    authors = {p[0]: p[1] for p in posts}
    prow, rrow = [], []
    for pid, author, parent, evidence, compound in posts:
        prow.append(
            {
                "thread_id": thread_id,
                "post_id": pid,
                "author": author,
                "timestamp": T0 + timedelta(minutes=7 * pid),
                "text": f"post {pid} by {author}",
                "quoted": [],
                "parent_id": parent,
                "reply_evidence": evidence,
                "reply_confidence": None if parent is None else 0.9,
                "depth": 0,
                "compound": compound,
                "sentiment_reliable": True,
                "placeholder": placeholder_root and pid == 0,
                "source_format": "test",
                "source_file": "test.txt",
                "line_start": 0,
                "line_end": 0,
            }
        )
        if parent is not None:
            rrow.append((thread_id, pid, parent, author, authors.get(parent), evidence, 0.9, True, ""))
    for pid, target, evidence in secondary:
        rrow.append((thread_id, pid, target, authors[pid], authors[target], evidence, 0.8, False, ""))
    p = pl.DataFrame(prow, schema=POSTS_SCHEMA)
    r = pl.DataFrame(rrow, schema=list(REPLIES_SCHEMA.items()), orient="row")
    return p, r


# host A writes the root; B answers A, C answers B (and also A, secondary), A answers C,
# A answers itself (dropped), a post without an author answers the root (no author node).
SMALL = [
    (0, "A", None, None, 0.5),
    (1, "B", 0, "root", -0.5),
    (2, "C", 1, "explicit", -1.0),
    (3, "A", 2, "quote", 0.2),
    (4, "A", 3, "explicit", 0.0),
    (5, None, 0, "mention", 0.9),
]


def test_author_stats_counts_posts_tone_and_replies() -> None:
    posts, replies = frames(SMALL, secondary=[(2, 0, "mention")])
    stats = {r["author"]: r for r in graph.author_stats(posts, replies).iter_rows(named=True)}
    assert set(stats) == {"A", "B", "C"}  # the unknown author is nobody's node
    assert stats["A"]["n_posts"] == 3 and stats["A"]["is_host"]
    assert stats["A"]["mean_compound"] == pytest.approx(0.7 / 3)
    # B→A, C→B, C→A (secondary), A→C; A→A dropped as a self-reply, unknown→A as unknown
    assert stats["A"]["replies_received"] == 2 and stats["A"]["replies_sent"] == 1
    assert stats["C"]["replies_sent"] == 2
    assert not stats["B"]["is_host"]


def test_author_stats_order_is_activity_then_name() -> None:
    posts, replies = frames(SMALL)
    order = graph.author_stats(posts, replies)["author"].to_list()
    # posts desc, then replies received desc, then name
    assert order == ["A", "B", "C"]


def test_placeholder_root_is_not_an_author() -> None:
    posts, replies = frames(
        [(0, None, None, None, 0.0), (1, "B", 0, "root", 0.1), (2, "C", 1, "explicit", 0.1)],
        placeholder_root=True,
    )
    stats = graph.author_stats(posts, replies)
    assert stats["author"].to_list() == ["B", "C"]
    assert graph.host_authors(posts) == []
    g = graph.author_graph(posts, replies)
    assert set(g.nodes) == {"B", "C"} and list(g.edges) == [("C", "B")]


def test_article_without_author_has_no_author_nodes() -> None:
    posts, replies = frames([(0, None, None, None, -0.4)])
    assert graph.author_stats(posts, replies).is_empty()
    assert graph.author_graph(posts, replies).number_of_nodes() == 0
    assert graph.tree_layout(posts).height == 1


def test_reply_to_same_author_twice_counts_once() -> None:
    posts, replies = frames(
        [(0, "A", None, None, 0.0), (1, "A", 0, "root", 0.0), (2, "B", 1, "explicit", 0.0)],
        secondary=[(2, 0, "quote")],
    )
    links = graph.reply_links(posts, replies)
    assert links.height == 1 and links["evidence"].to_list() == ["explicit"]


def test_author_graph_edges_and_attributes() -> None:
    posts, replies = frames(SMALL, secondary=[(2, 0, "mention")])
    g = graph.author_graph(posts, replies)
    assert g.number_of_nodes() == 3
    assert set(g.edges) == {("B", "A"), ("C", "B"), ("C", "A"), ("A", "C")}
    e = g.edges["C", "B"]
    assert e["n_replies"] == e["weight"] == 1 and e["n_explicit"] == 1
    assert e["mean_compound"] == pytest.approx(-1.0)
    assert g.nodes["A"]["is_host"]


def test_top_n_merges_the_rest_into_others_but_keeps_the_host() -> None:
    rows = [(0, "host", None, None, 0.0)]
    rows += [(i, f"u{i % 7}", 0 if i < 8 else i - 7, "explicit", 0.1) for i in range(1, 40)]
    posts, replies = frames(rows)
    g = graph.author_graph(posts, replies, top_n=3)
    assert "host" in g and graph.OTHERS in g
    assert g.number_of_nodes() == 5  # 3 most active + host + others
    assert g.nodes[graph.OTHERS]["n_authors"] == 4
    assert sum(d["n_posts"] for _, d in g.nodes(data=True)) == 40
    assert not g.has_edge(graph.OTHERS, graph.OTHERS)


def test_layout_is_deterministic_and_bounded() -> None:
    posts, replies = frames(SMALL, secondary=[(2, 0, "mention")])
    first = graph.layout(graph.author_graph(posts, replies))
    again = graph.layout(graph.author_graph(posts.reverse(), replies.reverse()))
    assert first == again
    assert all(-1.3 <= c <= 1.3 for xy in first.values() for c in xy)
    assert len(set(first.values())) == len(first)


def test_layout_puts_isolated_authors_on_a_ring() -> None:
    posts, replies = frames(
        [
            (0, "A", None, None, 0.0),
            (1, "A", 0, "root", 0.0),
            (2, "B", 0, "root", 0.0),
            (3, "C", 0, "root", 0.0),
            (4, "D", 3, "explicit", 0.0),
        ]
    )
    g = graph.author_graph(posts, replies.filter(pl.col("post_id") == 4))
    pos = graph.layout(g)
    assert set(pos) == {"A", "B", "C", "D"}
    assert pytest.approx((pos["A"][0] ** 2 + pos["A"][1] ** 2) ** 0.5) == 1.25


def test_metrics_columns() -> None:
    posts, replies = frames(SMALL)
    m = graph.metrics(graph.author_graph(posts, replies))
    assert m.columns == [
        "author",
        "in_degree",
        "out_degree",
        "replies_in",
        "replies_out",
        "pagerank",
        "betweenness",
    ]
    assert m.filter(pl.col("author") == "A")["in_degree"].item() == 1
    assert graph.metrics(graph.author_graph(posts.head(0), replies.head(0))).is_empty()


def test_tree_layout_is_tidy() -> None:
    posts, _ = frames(
        [
            (0, "A", None, None, 0.0),
            (1, "B", 0, "root", 0.0),
            (2, "C", 1, "explicit", 0.0),
            (3, "D", 1, "explicit", 0.0),
            (4, "E", 0, "root", 0.0),
        ]
    )
    pos = {r["post_id"]: (r["x"], r["y"]) for r in graph.tree_layout(posts).iter_rows(named=True)}
    assert [pos[i][0] for i in range(5)] == [0, 1, 2, 2, 1]
    assert pos[2][1] == 0 and pos[3][1] == 1 and pos[4][1] == 2  # leaves in order
    assert pos[1][1] == 0.5  # parent midway between its children
    assert pos[0][1] == (pos[1][1] + pos[4][1]) / 2


def test_tree_layout_survives_cycles_orphans_and_deep_chains() -> None:
    posts, _ = frames(
        [
            (0, "A", None, None, 0.0),
            (1, "B", 2, "explicit", 0.0),
            (2, "C", 1, "explicit", 0.0),
            (3, "D", 99, "explicit", 0.0),
        ]
    )
    lay = graph.tree_layout(posts)
    assert lay.height == 4 and lay["y"].null_count() == 0
    chain = [(0, "A", None, None, 0.0)] + [(i, "B", i - 1, "explicit", 0.0) for i in range(1, 5000)]
    deep, _ = frames(chain)
    assert graph.tree_layout(deep)["x"].max() == 4999


def test_seed004_author_graph(seed004) -> None:
    g = graph.author_graph(seed004.posts, seed004.replies)
    assert g.number_of_nodes() == 19
    assert g.nodes["turcopolier"]["is_host"]
    assert g.nodes["turcopolier"]["n_posts"] == 3
    # post 12 (Ishmael Zechariah) answers post 5 (explicit parent) and post 2 (quote)
    by_id = dict(zip(seed004.posts["post_id"], seed004.posts["author"], strict=True))
    assert g.has_edge(by_id[12], by_id[5]) and g.has_edge(by_id[12], by_id[2])
    assert g.has_edge(by_id[4], by_id[3]) and g.has_edge(by_id[8], by_id[7])
