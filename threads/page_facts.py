"""The facts a thread page's header and the index's rows state: when, how many posts and
authors, the parent links by evidence (marked apart from inferred), the mean tone and
what it covers, the format. Plain text; the page escapes it.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from threads import dashboard_measures as dm
from threads import graph
from threads.model import EVIDENCE, INFERRED_EVIDENCE, Thread
from threads.rootwords import root_words


def period(posts: pl.DataFrame) -> str:
    """When ``posts`` were written: first – last (UTC) and how long between."""
    ts = posts["timestamp"].drop_nulls() if not posts.is_empty() else pl.Series([], dtype=pl.Datetime)
    if ts.is_empty():
        return "unknown"
    lo, hi = ts.min(), ts.max()
    fmt = "%Y-%m-%d %H:%M"
    if lo == hi:
        return f"{lo:{fmt}} UTC"
    same_day = lo.date() == hi.date()
    return f"{lo:{fmt}} – {hi:{'%H:%M' if same_day else fmt}} UTC ({_duration(hi - lo)})"


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} days"


def marked_inferred(counts: dict[str, int]) -> tuple[int, int]:
    """(marked, inferred) parent links of :func:`evidence_counts`' counts."""
    inferred = sum(counts.get(e, 0) for e in INFERRED_EVIDENCE)
    return sum(n for e, n in counts.items() if e != "root") - inferred, inferred


def evidence_counts(posts: pl.DataFrame, replies: pl.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """(parent links by evidence, secondary ``replies`` rows by evidence): a post's second
    link is marked (a quote of, or a name for, another post than its parent) or a guess."""
    parents = posts.filter(pl.col("parent_id").is_not_null())["reply_evidence"].fill_null("unknown")
    counts = {e: 0 for e in EVIDENCE}
    for e in parents.to_list():
        counts[e] = counts.get(e, 0) + 1
    secondary: dict[str, int] = {}
    if not replies.is_empty():
        for e in replies.filter(~pl.col("is_parent"))["evidence"].fill_null("unknown").to_list():
            secondary[e] = secondary.get(e, 0) + 1
    return counts, secondary


def _placeholder_text(posts: pl.DataFrame, n: int) -> str:
    """What the ``n`` placeholders of a thread are: its root not in the dump, deleted or
    removed comments, or both."""
    roots = posts.filter(pl.col("placeholder") & pl.col("parent_id").is_null()).height
    parts = [root_words(posts)[3]] if roots else []
    if n - roots:
        parts.append(f"{n - roots:,} deleted or removed")
    return ", ".join(parts)


def thread_facts(thread: Thread, posts: pl.DataFrame, replies: pl.DataFrame) -> list[tuple[str, str]]:
    """The header of a thread page as (label, plain text) pairs, in display order."""
    real = graph.real_posts(posts)
    authors = real["author"].drop_nulls().n_unique() if not real.is_empty() else 0
    counts, secondary = evidence_counts(posts, replies)
    marked = [f"{e} {n}" for e, n in counts.items() if n and e not in INFERRED_EVIDENCE]
    inferred = [f"{e} {counts[e]}" for e in INFERRED_EVIDENCE if counts.get(e)]
    guesses = sum(n for e, n in secondary.items() if e in INFERRED_EVIDENCE)
    inferred += [f"secondary {guesses}"] if guesses else []
    second = [f"{e} {n}" for e, n in sorted(secondary.items()) if e not in INFERRED_EVIDENCE]
    links = " · ".join(marked) or "none"
    if second:  # a marker for another post than the parent: marked, not a guess
        links += " · second links: " + " · ".join(second)
    if inferred:
        links += " · inferred, no marker: " + " · ".join(inferred)
    tone = real.select(graph.tone_expr(real).mean()).item() if real.height else None
    n_placeholders = posts.height - real.height
    extra = _placeholder_text(posts, n_placeholders) if n_placeholders else ""
    return [
        ("period", period(real)),
        ("posts", f"{real.height:,}" + (f" (+ {extra})" if extra else "")),
        ("authors", f"{authors:,}"),
        ("parent links by evidence", links),
        ("mean tone", dm.tone_fact(real, tone)),
        ("format", f"{thread.source_format} (confidence {thread.format_confidence:.2f})"),
        ("encoding", thread.encoding),
    ]
