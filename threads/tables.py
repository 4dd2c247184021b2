"""Analysed threads to the four polars tables: posts, replies, authors, interactions.

``posts`` and ``replies`` are built column by column from the records, with the
schemas of ``model.py``;
``authors`` and ``interactions`` are aggregated from them with polars expressions, so
the same functions serve one thread or a corpus.

Interactions count reply links between two different authors (:func:`reply_links`: a
post quoting two people engages both; a post answering two posts of one person engages
that person once); a top-level comment engages the root post's author.

Every author measure is defined once, here, and ``graph.py`` (the dashboard, the graph
files) reads the same definitions: who is an author (:func:`authored`), a post's tone
(:func:`reliable_compound`: unreliable-language scores left out of every mean), the mean
(:func:`mean_tone`) and the reply links. An author is a post with a known author that is not a
placeholder. A placeholder (a deleted or removed comment, a root the dump does not
contain) keeps its place in ``posts`` and ``replies`` (the structure), but it is nobody:
it has no row in ``authors``, and reply rows from it or to it, like replies to oneself,
are not interactions between people. Pooling deleted posts under one name would invent
a person who talks to everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from itertools import islice
from typing import TypeVar
from zoneinfo import ZoneInfo

import polars as pl

from threads.gcpause import gc_paused
from threads.model import (
    AUTHORS_SCHEMA,
    EVIDENCE,
    INTERACTIONS_SCHEMA,
    POSTS_SCHEMA,
    REPLIES_SCHEMA,
    THREADS_SCHEMA,
    Post,
    Reply,
    Thread,
)

_R = TypeVar("_R")


def to_utc(ts: datetime | None, tz: str | None) -> datetime | None:
    """A timestamp in UTC. Wall-clock times without a zone are taken as written (as
    UTC) unless ``tz`` names the zone they were written in."""
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=ZoneInfo(tz) if tz else timezone.utc)
    return ts.astimezone(timezone.utc)


# Rows per piece of the posts and replies tables. Their columns are built as Python
# lists (a reference per row and column, a new datetime per post) and handed to polars
# one piece at a time, so those lists never hold more than this many rows: at 200k
# posts all at once they were ~50 MB beside the polars copy. Big enough that the
# per-piece overhead (a polars call per column) is negligible.
TABLE_CHUNK_ROWS = 20_000


def _in_pieces(rows: Iterable[_R], build: Callable[[list[_R]], pl.DataFrame], schema: dict) -> pl.DataFrame:
    """``build`` over consecutive pieces of ``rows`` (:data:`TABLE_CHUNK_ROWS` each),
    concatenated in order (polars keeps the pieces as chunks: no copy of the whole)."""
    parts = []
    it = iter(rows)
    with gc_paused():  # a row's worth of Python objects at a time, none in a cycle
        while piece := list(islice(it, TABLE_CHUNK_ROWS)):
            parts.append(build(piece))
    if not parts:
        return pl.DataFrame(schema=schema)
    return parts[0] if len(parts) == 1 else pl.concat(parts, how="vertical", rechunk=False)


def posts_frame(threads: list[Thread], tz: str | None = None) -> pl.DataFrame:
    """One row per post, in thread then document order.

    Built column by column (one list per column, handed to polars as a whole) rather
    than from one dict per row: no per-post dict, no ``asdict`` deep copy; in pieces of
    :data:`TABLE_CHUNK_ROWS` posts."""

    def build(posts: list[Post]) -> pl.DataFrame:
        columns: dict[str, list[object] | pl.Series] = {}
        for name in POSTS_SCHEMA:
            if name == "timestamp":
                columns[name] = [to_utc(p.timestamp, tz) for p in posts]
            elif name == "quoted":
                columns[name] = string_lists([p.quoted for p in posts])
            else:
                columns[name] = [getattr(p, name) for p in posts]
        return pl.DataFrame(columns, schema=POSTS_SCHEMA)

    return _in_pieces((post for thread in threads for post in thread.posts), build, POSTS_SCHEMA)


def string_lists(values: list[list[str]]) -> pl.Series:
    """``pl.Series(values, dtype=pl.List(pl.String))``, built from one flat column: polars
    makes a Series per inner list from a list of lists (a Python call and a dtype check
    each: half the posts table's time at 20k posts). Each list's strings are grouped by
    its row, in order; an empty list is one null, dropped (the strings are never None)."""
    flat = [v for inner in values for v in (inner or (None,))]
    rows = [k for k, inner in enumerate(values) for _ in range(len(inner) or 1)]
    grouped = (
        pl.DataFrame({"row": rows, "v": flat}, schema={"row": pl.Int64, "v": pl.String})
        .group_by("row", maintain_order=True)
        .agg(pl.col("v").drop_nulls())
    )
    return grouped["v"]


def replies_frame(threads: list[Thread]) -> pl.DataFrame:
    """One row per (post, target) reply edge; ``is_parent`` marks the parent link (in
    pieces of :data:`TABLE_CHUNK_ROWS` edges)."""
    pairs = ((r, thread.posts[r.post_id]) for thread in threads for r in thread.replies)
    return _in_pieces(pairs, _replies_piece, REPLIES_SCHEMA)


def _replies_piece(pairs: list[tuple[Reply, Post]]) -> pl.DataFrame:
    """The replies table's rows for ``pairs`` of (edge, the post it leaves from)."""
    columns: dict[str, list[object]] = {
        "thread_id": [r.thread_id for r, _ in pairs],
        "post_id": [r.post_id for r, _ in pairs],
        "target_id": [r.target_id for r, _ in pairs],
        "source_author": [post.author for _, post in pairs],
        "target_author": [r.target_author for r, _ in pairs],
        "evidence": [r.evidence for r, _ in pairs],
        "confidence": [r.confidence for r, _ in pairs],
        "is_parent": [post.parent_id == r.target_id for r, post in pairs],
        "detail": [r.detail for r, _ in pairs],
    }
    return pl.DataFrame(columns, schema=REPLIES_SCHEMA)


def authored(posts: pl.DataFrame) -> pl.Expr:
    """The posts that count as someone's: a known author and not a placeholder. Works
    on frames without a ``placeholder`` column (then only the author decides)."""
    known = pl.col("author").is_not_null()
    if "placeholder" in posts.collect_schema().names():
        return known & ~pl.col("placeholder").fill_null(False)
    return known


def _columns(frame: pl.DataFrame | pl.LazyFrame) -> list[str]:
    return frame.collect_schema().names()


def reliable_compound(posts: pl.DataFrame | pl.LazyFrame) -> pl.Expr:
    """A post's ``compound`` where its sentiment is reliable, else null: THE tone of a
    post wherever tone is averaged (authors, interactions, the dashboard, the graphs).

    Decided once (issue 16): a score VADER gave a text it cannot read (another language,
    too few words) says nothing about tone, and averaged in it pulls a mean towards 0 (a
    German author's "mean tone" was -0.42 in ``authors`` and None on the dashboard). Such
    posts still count everywhere else (posts, replies, partners). Frames without a
    ``sentiment_reliable`` column count every score.
    """
    if "sentiment_reliable" in _columns(posts):
        return pl.when(pl.col("sentiment_reliable").fill_null(True)).then(pl.col("compound"))
    return pl.col("compound")


def mean_tone(column: str = "compound") -> pl.Expr:
    """The mean of ``column`` (null scores left out), the same whatever the order its
    values are summed in.

    VADER rounds compound to 4 decimals, so the sum is taken exactly, in integer
    ten-thousandths; a float sum would depend on how a streaming engine splits the rows
    (polars' does: a corpus's ``authors`` and ``interactions`` differed in the last bit
    between runs). Null where no value is there to average.
    """
    scored = pl.col(column).count().cast(pl.Int64)
    exact = (pl.col(column) * 10_000).round().cast(pl.Int64).sum()
    # One division of two exact integers: the double nearest the true mean (dividing
    # twice rounded twice: a single post's -0.2481 came out as -0.24810000000000001).
    return pl.when(scored > 0).then(exact / (scored * 10_000)).otherwise(None).alias("mean_compound")


# The posts columns the author-level tables read. Frames are cut to them before any
# filter: an eager filter copies every column it keeps, the text too (at 100k posts the
# authors and interactions tables briefly held two more copies of the posts table).
_AUTHOR_LEVEL_COLUMNS = (
    "thread_id",
    "post_id",
    "author",
    "timestamp",
    "compound",
    "sentiment_reliable",
    "placeholder",
)


def _author_level(posts: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """``posts`` with only the columns of :data:`_AUTHOR_LEVEL_COLUMNS` it has (no copy)."""
    names = _columns(posts)
    return posts.select([c for c in _AUTHOR_LEVEL_COLUMNS if c in names])


def reply_links(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """One row per (thread, post, target author): THE author-level reading of replies,
    which ``authors``, ``interactions``, the dashboard and the graph files all count.

    Both posts must be authored (:func:`authored`); authors come from the posts, the
    replying post's tone (:func:`reliable_compound`) is the reply's. Self-replies are
    dropped. Where one post answers two posts of the same author, the pair counts once
    (the strongest evidence kept). Works on lazy frames (a corpus's parts).
    """
    posts = _author_level(posts)  # type: ignore[assignment]
    mine = authored(posts)
    src = posts.filter(mine).select(
        "thread_id",
        "post_id",
        pl.col("author").alias("source_author"),
        reliable_compound(posts).alias("tone"),
        *(["timestamp"] if "timestamp" in _columns(posts) else []),
    )
    dst = posts.filter(mine).select(
        "thread_id", pl.col("post_id").alias("target_id"), pl.col("author").alias("target_author")
    )
    has_evidence = "evidence" in _columns(replies)
    rank = {name: i for i, name in enumerate(EVIDENCE)}
    evidence = ["evidence", "is_parent"] if has_evidence else []
    # Left joins, then the filter (a null author on either side, no match, fails it):
    # the same rows as two inner joins. Inner joins of lazy frames (a corpus's parts, its
    # figures) were reordered by polars' join-order optimiser into src x dst on
    # thread_id alone, every pair of posts of a thread: 2 GB for a 5,000-post thread
    # (the posts and replies of bench.make_typepad), out of memory at 200k posts.
    links = (
        replies.select("thread_id", "post_id", "target_id", *evidence)
        .join(src, on=["thread_id", "post_id"], how="left")
        .join(dst, on=["thread_id", "target_id"], how="left")
        .filter(pl.col("source_author") != pl.col("target_author"))
    )
    if has_evidence:
        links = links.with_columns(
            pl.col("evidence").replace_strict(rank, default=len(rank), return_dtype=pl.Int64).alias("_rank")
        )
    else:
        links = links.with_columns(pl.lit(0, pl.Int64).alias("_rank"))
    return (
        links.sort("thread_id", "post_id", "_rank", "target_id")
        .unique(["thread_id", "post_id", "target_author"], keep="first", maintain_order=True)
        .drop("_rank")
    )


def by_evidence(known: bool = True) -> list[pl.Expr]:
    """Per group of :func:`reply_links` rows, how many rest on each evidence kind
    (``n_nested`` ... ``n_root``); null where the rows have no evidence (not ``known``)."""
    return [
        ((pl.col("evidence") == e).sum() if known else pl.lit(None)).cast(pl.Int64).alias(f"n_{e}")
        for e in EVIDENCE
    ]


def interactions_frame(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Who replies to whom, how often, in what tone (mean compound of the replies), and
    on what evidence (``n_nested`` ... ``n_root``: how many of the pair's replies rest on
    each kind; null where ``replies`` has no evidence column)."""
    links = reply_links(posts, replies)
    out = (
        links.group_by("source_author", "target_author")
        .agg(
            pl.len().cast(pl.Int64).alias("n_replies"),
            mean_tone("tone"),
            pl.col("timestamp").min().alias("first"),
            pl.col("timestamp").max().alias("last"),
            *by_evidence("evidence" in _columns(links)),
        )
        .sort(["n_replies", "source_author", "target_author"], descending=[True, False, False])
    )
    return out.select([pl.col(c).cast(t) for c, t in INTERACTIONS_SCHEMA.items()])


def authors_frame(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Per author: posts, threads, first/last seen, mean tone, replies sent and
    received (between different authors) and the number of distinct partners."""
    posts = _author_level(posts)  # type: ignore[assignment]
    known = posts.filter(authored(posts)).with_columns(reliable_compound(posts).alias("tone"))
    base = known.group_by("author").agg(
        pl.len().cast(pl.Int64).alias("n_posts"),
        pl.col("thread_id").n_unique().cast(pl.Int64).alias("n_threads"),
        pl.col("timestamp").min().alias("first_seen"),
        pl.col("timestamp").max().alias("last_seen"),
        mean_tone("tone"),
    )
    engaged = reply_links(posts, replies)
    sent = engaged.group_by(pl.col("source_author").alias("author")).agg(
        pl.len().cast(pl.Int64).alias("replies_sent")
    )
    received = engaged.group_by(pl.col("target_author").alias("author")).agg(
        pl.len().cast(pl.Int64).alias("replies_received")
    )
    pairs = pl.concat(
        [
            engaged.select(pl.col("source_author").alias("author"), pl.col("target_author").alias("other")),
            engaged.select(pl.col("target_author").alias("author"), pl.col("source_author").alias("other")),
        ]
    )
    partners = pairs.group_by("author").agg(pl.col("other").n_unique().cast(pl.Int64).alias("partners"))
    out = (
        base.join(sent, on="author", how="left")
        .join(received, on="author", how="left")
        .join(partners, on="author", how="left")
        .with_columns(pl.col("replies_sent", "replies_received", "partners").fill_null(0))
        .sort(["n_posts", "author"], descending=[True, False])
    )
    return out.select([pl.col(c).cast(t) for c, t in AUTHORS_SCHEMA.items()])


def threads_frame(found: list[Thread]) -> pl.DataFrame:
    """One row per thread (see :data:`~threads.model.THREADS_SCHEMA`)."""
    rows = [
        {
            "thread_id": t.thread_id,
            "title": t.title,
            "source_file": t.source_file,
            "source_format": t.source_format,
            "format_confidence": t.format_confidence,
            "encoding": t.encoding,
            "n_posts": len(t.posts),
            "skipped": [{"item": k, "count": v} for k, v in sorted(t.skipped.items())],
            "warnings": list(t.warnings),
        }
        for t in found
    ]
    return pl.DataFrame(rows, schema=THREADS_SCHEMA, orient="row")
