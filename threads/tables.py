"""Analysed threads to the four polars tables: posts, replies, authors, interactions.

``posts`` and ``replies`` are built column by column from the records, with the
schemas of ``model.py``;
``authors`` and ``interactions`` are aggregated from them with polars expressions, so
the same functions serve one thread or a corpus.

Interactions count every reply row between two different authors (a post quoting two
people engages both); a top-level comment engages the root post's author. Rows whose
target has no author (a placeholder root) and replies to oneself are left out.
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


def _engaged(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """Reply rows between two different, known authors, with the replying post's tone
    and time."""
    tone = posts.select("thread_id", "post_id", "compound", "timestamp")
    return replies.join(tone, on=["thread_id", "post_id"], how="left").filter(
        pl.col("source_author").is_not_null()
        & pl.col("target_author").is_not_null()
        & (pl.col("source_author") != pl.col("target_author"))
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
    known = posts.filter(pl.col("author").is_not_null())
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
