"""Column names and polars types of every table, in one place (see the README's tour).

``posts``, ``replies``, ``authors`` and ``interactions`` are the four tables a parse
writes; ``threads`` is a corpus folder's table of its threads. ``threads.model``
re-exports these names (loaded on first use, so that importing the package does not
import polars).
"""

from __future__ import annotations

import polars as pl

from threads.evidence import EVIDENCE

UTC_TIME = pl.Datetime("us", "UTC")

POSTS_SCHEMA: dict[str, pl.DataType] = {
    "thread_id": pl.String(),
    "post_id": pl.Int64(),
    "source_id": pl.String(),
    "author": pl.String(),
    "timestamp": UTC_TIME,
    "title": pl.String(),
    "text": pl.String(),
    "quoted": pl.List(pl.String()),
    "signature": pl.String(),
    "parent_id": pl.Int64(),
    "reply_evidence": pl.String(),
    "reply_confidence": pl.Float64(),
    "depth": pl.Int64(),
    "compound": pl.Float64(),
    "positive": pl.Float64(),
    "neutral": pl.Float64(),
    "negative": pl.Float64(),
    "lang": pl.String(),
    "sentiment_reliable": pl.Boolean(),
    "n_words": pl.Int64(),
    "placeholder": pl.Boolean(),
    "source_format": pl.String(),
    "source_file": pl.String(),
    "line_start": pl.Int64(),
    "line_end": pl.Int64(),
}

REPLIES_SCHEMA: dict[str, pl.DataType] = {
    "thread_id": pl.String(),
    "post_id": pl.Int64(),
    "target_id": pl.Int64(),
    "source_author": pl.String(),
    "target_author": pl.String(),
    "evidence": pl.String(),
    "confidence": pl.Float64(),
    "is_parent": pl.Boolean(),
    "detail": pl.String(),
}

AUTHORS_SCHEMA: dict[str, pl.DataType] = {
    "author": pl.String(),
    "n_posts": pl.Int64(),
    "n_threads": pl.Int64(),
    "first_seen": UTC_TIME,
    "last_seen": UTC_TIME,
    "mean_compound": pl.Float64(),
    "replies_sent": pl.Int64(),
    "replies_received": pl.Int64(),
    "partners": pl.Int64(),
}

INTERACTIONS_SCHEMA: dict[str, pl.DataType] = {
    "source_author": pl.String(),
    "target_author": pl.String(),
    "n_replies": pl.Int64(),
    "mean_compound": pl.Float64(),
    "first": UTC_TIME,
    "last": UTC_TIME,
    # n_replies by the evidence each reply rests on (nested, explicit, quote, mention:
    # marked; subject, similar: inferred; root: a comment on the article, no marker), as
    # the dashboard's network and the graph files count them; null without evidence.
    **{f"n_{name}": pl.Int64() for name in EVIDENCE},
}

# One row per thread of a corpus folder (``DIR/threads/``): what report() and resume
# need besides posts and replies.
THREADS_SCHEMA: dict[str, pl.DataType] = {
    "thread_id": pl.String(),
    "title": pl.String(),
    "source_file": pl.String(),
    "source_format": pl.String(),
    "format_confidence": pl.Float64(),
    "encoding": pl.String(),
    "n_posts": pl.Int64(),
    "skipped": pl.List(pl.Struct({"item": pl.String(), "count": pl.Int64()})),
    "warnings": pl.List(pl.String()),
}

TABLES: dict[str, dict[str, pl.DataType]] = {
    "posts": POSTS_SCHEMA,
    "replies": REPLIES_SCHEMA,
    "authors": AUTHORS_SCHEMA,
    "interactions": INTERACTIONS_SCHEMA,
}
