"""Analysed threads to the four polars tables: posts, replies, authors, interactions.

``posts`` and ``replies`` are built column by column from the records, with the
schemas of ``model.py``;
``authors`` and ``interactions`` are aggregated from them with polars expressions, so
the same functions serve one thread or a corpus.

Interactions count every reply row between two different authors (a post quoting two
people engages both); a top-level comment engages the root post's author.

Who is an author is defined once, here (:func:`authored`), and the author views of
``graph.py`` read the same definition: a post with a known author that is not a
placeholder. A placeholder (a deleted or removed comment, a root the dump does not
contain) keeps its place in ``posts`` and ``replies`` (the structure), but it is nobody:
it has no row in ``authors``, and reply rows from it or to it, like replies to oneself,
are not interactions between people. Pooling deleted posts under one name would invent
a person who talks to everyone.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import polars as pl

from threads.model import (
    AUTHORS_SCHEMA,
    INTERACTIONS_SCHEMA,
    POSTS_SCHEMA,
    REPLIES_SCHEMA,
    Thread,
)


def to_utc(ts: datetime | None, tz: str | None) -> datetime | None:
    """A timestamp in UTC. Wall-clock times without a zone are taken as written (as
    UTC) unless ``tz`` names the zone they were written in."""
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=ZoneInfo(tz) if tz else timezone.utc)
    return ts.astimezone(timezone.utc)


def posts_frame(threads: list[Thread], tz: str | None = None) -> pl.DataFrame:
    """One row per post, in thread then document order.

    Built column by column (one list per column, handed to polars as a whole) rather
    than from one dict per row: no per-post dict, no ``asdict`` deep copy."""
    posts = [post for thread in threads for post in thread.posts]
    if not posts:
        return pl.DataFrame(schema=POSTS_SCHEMA)
    columns: dict[str, list[object]] = {}
    for name in POSTS_SCHEMA:
        if name == "timestamp":
            columns[name] = [to_utc(p.timestamp, tz) for p in posts]
        else:
            columns[name] = [getattr(p, name) for p in posts]
    return pl.DataFrame(columns, schema=POSTS_SCHEMA)


def replies_frame(threads: list[Thread]) -> pl.DataFrame:
    """One row per (post, target) reply edge; ``is_parent`` marks the parent link."""
    pairs = [(r, thread.posts[r.post_id]) for thread in threads for r in thread.replies]
    if not pairs:
        return pl.DataFrame(schema=REPLIES_SCHEMA)
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


def _engaged(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Reply rows between two different authors, both posts authored (see
    :func:`authored`), with the replying post's tone and time."""
    mine = authored(posts)
    source = posts.select("thread_id", "post_id", "compound", "timestamp", mine.alias("_src"))
    target = posts.select("thread_id", pl.col("post_id").alias("target_id"), mine.alias("_dst"))
    return (
        replies.join(source, on=["thread_id", "post_id"], how="left")
        .join(target, on=["thread_id", "target_id"], how="left")
        .filter(
            pl.col("source_author").is_not_null()
            & pl.col("target_author").is_not_null()
            & (pl.col("source_author") != pl.col("target_author"))
            # a reply row whose post is not in the frame keeps the authors' word for it
            & pl.col("_src").fill_null(True)
            & pl.col("_dst").fill_null(True)
        )
        .drop("_src", "_dst")
    )


def _mean_compound() -> pl.Expr:
    """The mean of ``compound``, the same whatever the order its values are summed in.

    VADER rounds compound to 4 decimals, so the sum is taken exactly, in integer
    ten-thousandths; a float sum would depend on how a streaming engine splits the rows
    (polars' does: a corpus's ``authors`` and ``interactions`` differed in the last bit
    between runs). Null (no score) where no post has a score.
    """
    scored = pl.col("compound").count()
    exact = (pl.col("compound") * 10_000).round().cast(pl.Int64).sum()
    return pl.when(scored > 0).then(exact / scored / 10_000).otherwise(None).alias("mean_compound")


def interactions_frame(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Who replies to whom, how often, in what tone (mean compound of the replies)."""
    out = (
        _engaged(posts, replies)
        .group_by("source_author", "target_author")
        .agg(
            pl.len().cast(pl.Int64).alias("n_replies"),
            _mean_compound(),
            pl.col("timestamp").min().alias("first"),
            pl.col("timestamp").max().alias("last"),
        )
        .sort(["n_replies", "source_author", "target_author"], descending=[True, False, False])
    )
    return out.select([pl.col(c).cast(t) for c, t in INTERACTIONS_SCHEMA.items()])


def authors_frame(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Per author: posts, threads, first/last seen, mean tone, replies sent and
    received (between different authors) and the number of distinct partners."""
    known = posts.filter(authored(posts))
    base = known.group_by("author").agg(
        pl.len().cast(pl.Int64).alias("n_posts"),
        pl.col("thread_id").n_unique().cast(pl.Int64).alias("n_threads"),
        pl.col("timestamp").min().alias("first_seen"),
        pl.col("timestamp").max().alias("last_seen"),
        _mean_compound(),
    )
    engaged = _engaged(posts, replies)
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
