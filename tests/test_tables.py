"""tables.py: schemas, authors and interactions aggregates, time zones."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import threads
from tests.conftest import FIXTURES, SEED_004, SEEDS
from threads.model import EVIDENCE, TABLES


def test_schemas_exact(seed004) -> None:
    for name, schema in TABLES.items():
        assert dict(getattr(seed004, name).schema) == schema, name


def test_seed004_authors(seed004) -> None:
    authors = seed004.authors
    assert authors.height == 19
    host = authors.filter(pl.col("author") == "turcopolier").row(0, named=True)
    assert host["n_posts"] == 3 and host["n_threads"] == 1
    # 21 comments by others reply to the host's article or comments: every root/quote link to post 0
    to_host = seed004.replies.filter(
        (pl.col("target_author") == "turcopolier") & (pl.col("source_author") != "turcopolier")
    )
    assert host["replies_received"] == to_host.height == 21
    assert host["replies_sent"] == 2
    babak = authors.filter(pl.col("author") == "Babak Makkinejad").row(0, named=True)
    assert babak["n_posts"] == 3
    assert (
        abs(
            babak["mean_compound"]
            - seed004.posts.filter(pl.col("author") == "Babak Makkinejad")["compound"].mean()
        )
        < 1e-12
    )
    assert authors["n_posts"].sum() == 26


def test_seed004_interactions(seed004) -> None:
    inter = seed004.interactions
    row = inter.filter(pl.col("source_author") == "Ishmael Zechariah").sort("target_author")
    assert row["target_author"].to_list() == ["Barish", "Ghost ship"]
    assert row["n_replies"].to_list() == [1, 1]
    assert inter.filter(pl.col("source_author") == pl.col("target_author")).height == 0
    assert (
        inter["n_replies"].sum()
        == seed004.replies.filter(pl.col("source_author") != pl.col("target_author")).height
    )


def test_seed004_interactions_by_evidence(seed004) -> None:
    """Each pair's replies split by the evidence they rest on (checked against the dump:
    Ishmael Zechariah's comment quotes Barish's words "One could also consider this..."
    and addresses "p.s: Ghost ship,"; Barish's first comment quotes the article, his
    second has no marker)."""
    inter = seed004.interactions
    evidence = [f"n_{e}" for e in EVIDENCE]
    rows = {
        (r["source_author"], r["target_author"]): {k: v for k, v in r.items() if k in evidence and v}
        for r in inter.iter_rows(named=True)
    }
    assert rows[("Ishmael Zechariah", "Barish")] == {"n_quote": 1}
    assert rows[("Ishmael Zechariah", "Ghost ship")] == {"n_explicit": 1}
    assert rows[("Barish", "turcopolier")] == {"n_quote": 1, "n_root": 1}
    total = pl.sum_horizontal(evidence)
    assert inter.filter(total != pl.col("n_replies")).is_empty()
    # the same counts as the dashboard's network and the graph files
    from threads import graph

    edges = graph.author_edges(seed004.posts, seed004.replies)
    key = ["source_author", "target_author"]
    columns = [*key, "n_replies", *evidence]
    assert inter.select(columns).sort(key).equals(edges.select(columns))


def test_interactions_without_evidence_leave_the_counts_unknown(seed004) -> None:
    from threads import tables

    inter = tables.interactions_frame(seed004.posts, seed004.replies.drop("evidence", "is_parent"))
    assert inter["n_replies"].sum() == seed004.interactions["n_replies"].sum()
    assert inter.select(pl.col("^n_(nested|root)$").is_null().all()).row(0) == (True, True)


def test_tz_option_converts_wall_clock() -> None:
    a = threads.read(SEED_004, tz="America/New_York")
    assert a.posts["timestamp"][1] == datetime(2016, 6, 7, 21, 6, tzinfo=timezone.utc)  # 17:06 EDT


def test_mean_tone_does_not_depend_on_row_order() -> None:
    """A corpus's authors/interactions are aggregated by a streaming engine that sums in
    whatever order its morsels come: the means must not change in the last bit."""
    import random

    from threads import tables

    rng = random.Random(5)
    n = 4000
    posts = pl.DataFrame(
        {
            "thread_id": [f"t{i % 7}" for i in range(n)],
            "post_id": list(range(n)),
            "author": [f"a{rng.randrange(3)}" for _ in range(n)],
            "timestamp": [datetime(2020, 1, 1, tzinfo=timezone.utc)] * n,
            "compound": [round(rng.uniform(-1, 1), 4) if i % 13 else None for i in range(n)],
        }
    )
    replies = pl.DataFrame(
        {
            "thread_id": posts["thread_id"],
            "post_id": posts["post_id"],
            "target_id": [max(0, i - 1) for i in range(n)],
            "source_author": posts["author"],
            "target_author": [f"a{rng.randrange(3)}" for _ in range(n)],
            "is_parent": [True] * n,
        }
    )
    results = set()
    for seed in range(6):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        p, r = posts[order], replies[order]
        a, i = tables.authors_frame(p, r), tables.interactions_frame(p, r)
        results.add((tuple(a["mean_compound"]), tuple(i["mean_compound"])))
    assert len(results) == 1
    means = dict(zip(a["author"], a["mean_compound"], strict=True))
    for name, expected in posts.group_by("author").agg(pl.col("compound").mean()).iter_rows():
        assert abs(means[name] - expected) < 1e-12


# ---------------------------------------------------------------- one tone, one graph
MIXED = FIXTURES / "wordpress-text" / "tone_mixed_languages.txt"
EVERY_DUMP = sorted(p for p in FIXTURES.rglob("*") if p.is_file()) + sorted(SEEDS.glob("*.txt"))


def _agree(analysis: threads.Analysis) -> None:
    """``authors``/``interactions`` and the dashboard's author stats and edges (graph.py)
    say the same about every author and pair: tone (exactly), posts, replies."""
    from threads import graph

    def rows(frame: pl.DataFrame, key: list[str], cols: list[str]) -> dict[tuple, tuple]:
        return {tuple(r[k] for k in key): tuple(r[c] for c in cols) for r in frame.iter_rows(named=True)}

    cols = ["n_posts", "mean_compound", "replies_sent", "replies_received"]
    stats = graph.author_stats(analysis.posts, analysis.replies)
    assert rows(analysis.authors, ["author"], cols) == rows(stats, ["author"], cols)
    pair, edge_cols = ["source_author", "target_author"], ["n_replies", "mean_compound"]
    edges = graph.author_edges(analysis.posts, analysis.replies)
    assert rows(analysis.interactions, pair, edge_cols) == rows(edges, pair, edge_cols)


@pytest.mark.parametrize("path", EVERY_DUMP, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_authors_and_the_dashboard_agree_on_every_author(path: Path) -> None:
    _agree(threads.read(path))


def test_unreliable_language_posts_give_no_tone() -> None:
    # Hand-checked against the dump: Jana Hoffmann writes German only (VADER cannot read
    # it: no tone, not the -0.68 of a German "gefährlich" it half recognises), Tom Baker
    # English only (the mean of his two posts, 0.9682 and 0.3612).
    a = threads.read(MIXED)
    by_author = {r["author"]: r for r in a.authors.iter_rows(named=True)}
    assert by_author["Jana Hoffmann"]["n_posts"] == 2 and by_author["Jana Hoffmann"]["mean_compound"] is None
    assert by_author["Tom Baker"]["mean_compound"] == (0.9682 + 0.3612) / 2
    pairs = {(r["source_author"], r["target_author"]): r for r in a.interactions.iter_rows(named=True)}
    assert pairs[("Jana Hoffmann", "Tom Baker")]["mean_compound"] is None
    assert pairs[("Tom Baker", "Jana Hoffmann")]["mean_compound"] == 0.3612
    _agree(a)


def test_one_author_graph_for_dashboard_and_files(tmp_path: Path) -> None:
    import networkx as nx

    from threads import export, graph

    a = threads.read(MIXED)
    written = nx.read_graphml(export.write_graphml(a, tmp_path / "a.graphml"))
    drawn = graph.author_graph(a.posts, a.replies)
    assert set(written.nodes) == set(drawn.nodes) and set(written.edges) == set(drawn.edges)
    for node, attrs in drawn.nodes(data=True):
        assert int(written.nodes[node]["n_posts"]) == attrs["n_posts"]
        # no tone is unknown, written as a missing attribute (it was 0.0, "neutral")
        assert written.nodes[node].get("mean_compound") == attrs["mean_compound"]


def test_real_dump_in_german_agrees(corpus: Path) -> None:
    a = threads.read(corpus / "vbulletin_pocketpc-ch_auslieferung_de.html")
    _agree(a)
    unreliable = set(a.posts.filter(~pl.col("sentiment_reliable"))["author"].drop_nulls())
    toneless = set(a.authors.filter(pl.col("mean_compound").is_null())["author"])
    assert toneless and toneless <= unreliable


# ---- tables built in pieces (issue 17: memory that follows the input)


def _frames_in_pieces_equal_whole(analysis, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    """posts/replies built in pieces of 3 rows equal the one-piece build; the pieces."""
    from threads import tables as tables_module

    found = analysis.threads
    monkeypatch.setattr(tables_module, "TABLE_CHUNK_ROWS", 10**9)
    whole = (tables_module.posts_frame(found, "Europe/Berlin"), tables_module.replies_frame(found))
    monkeypatch.setattr(tables_module, "TABLE_CHUNK_ROWS", 3)
    pieces = (tables_module.posts_frame(found, "Europe/Berlin"), tables_module.replies_frame(found))
    for a, b in zip(whole, pieces, strict=True):
        assert a.schema == b.schema and a.equals(b, null_equal=True)
    assert whole[0].n_chunks() == 1
    return pieces[0].n_chunks()


def test_tables_in_pieces_equal_the_whole_on_the_seeds(monkeypatch) -> None:
    analysis = threads.read(sorted(SEEDS.glob("*.txt")))
    assert analysis.posts.height > 20
    assert _frames_in_pieces_equal_whole(analysis, monkeypatch) > 1


def test_empty_tables_keep_their_schema() -> None:
    from threads import tables as tables_module
    from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA

    assert tables_module.posts_frame([]).schema == pl.Schema(POSTS_SCHEMA)
    assert tables_module.replies_frame([]).schema == pl.Schema(REPLIES_SCHEMA)


@pytest.mark.corpus
def test_tables_in_pieces_equal_the_whole_on_the_corpus(corpus, monkeypatch) -> None:
    analysis = threads.read(corpus / "hn_hnpwa-item_26312516_speed-is-the-killer-feature.json")
    assert _frames_in_pieces_equal_whole(analysis, monkeypatch) > 10


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=6), max_size=4), max_size=30))
def test_string_lists_equal_polars_own_list_column(values: list[list[str]]) -> None:
    """The posts table's ``quoted`` column, built from one flat column, is the column
    polars makes from the list of lists: same lists in the same rows, empty lists and
    empty strings kept, order inside a list kept."""
    from threads.tables import string_lists

    made = string_lists(values)
    expected = pl.Series(values, dtype=pl.List(pl.String))
    assert made.dtype == expected.dtype and made.to_list() == expected.to_list() == values
