"""Issue 17: the author-level tables of lazy frames (a corpus's parts, its figures) stay
linear in the replies: no join of a thread's posts with each other.

polars' join-order optimiser turned reply_links' two inner joins into a join of the
posts with the posts on ``thread_id`` alone (every pair of a thread's posts: 2 GB for a
5,000-post thread). The plan is checked, not the memory; the results are checked equal
to the eager ones, which never had the problem.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import threads
from threads import tables

# A join on the thread alone, as polars prints it in a plan.
THREAD_ONLY_JOIN = 'ON: [col("thread_id")]'


def _lazy_equals_eager(analysis: threads.Analysis) -> None:
    posts, replies = analysis.posts, analysis.replies
    plan = tables.reply_links(posts.lazy(), replies.lazy()).explain()
    assert "JOIN" in plan and THREAD_ONLY_JOIN not in plan
    lazy_links = tables.reply_links(posts.lazy(), replies.lazy()).collect()  # type: ignore[attr-defined]
    assert lazy_links.equals(tables.reply_links(posts, replies))
    for build in (tables.authors_frame, tables.interactions_frame):
        lazy = build(posts.lazy(), replies.lazy()).collect(engine="streaming")  # type: ignore[arg-type]
        assert lazy.equals(build(posts, replies)), build.__name__


def test_lazy_reply_links_join_by_post(seed004) -> None:
    _lazy_equals_eager(seed004)


def test_reply_links_drop_unmatched_and_self_replies() -> None:
    """Left joins then the filter keep exactly the inner joins' rows: a reply to a post
    not in the table, from or to a placeholder or an unknown author, and a self-reply
    are left out."""
    posts = pl.DataFrame(
        {
            "thread_id": ["t"] * 5,
            "post_id": [0, 1, 2, 3, 4],
            "author": ["ann", "bob", None, "ann", "deleted"],
            "compound": [0.1, 0.2, 0.3, 0.4, 0.5],
            "placeholder": [False, False, False, False, True],
        }
    )
    replies = pl.DataFrame(
        {
            "thread_id": ["t"] * 6,
            "post_id": [1, 2, 3, 3, 1, 4],
            "target_id": [0, 0, 0, 1, 9, 1],
        }
    )
    for p, r in ((posts, replies), (posts.lazy(), replies.lazy())):
        links = tables.reply_links(p, r)  # type: ignore[arg-type]
        got = links.collect() if isinstance(links, pl.LazyFrame) else links
        assert got.select("post_id", "target_id").rows() == [(1, 0), (3, 1)]


def test_lazy_tables_corpus(corpus: Path) -> None:
    """The same on a real dump of several threads (a Movable Type export)."""
    dump = corpus / "plaintext_movabletype-typepad-export_koozie_multiple-posts.txt"
    _lazy_equals_eager(threads.read(dump))


def test_lazy_reply_links_big_thread() -> None:
    """A generated thread of 3,000 posts (where the reordered plan held millions of
    pairs): joins by post, and the same tables as eager."""
    from tests.bigthread import generated_thread

    big = generated_thread(3_000)
    _lazy_equals_eager(big)  # type: ignore[arg-type]


def test_table_pieces_are_built_with_the_collector_paused_and_restored() -> None:
    """The posts/replies pieces are built with Python's cyclic collector off (its passes
    over every live post cost ~0.2 s per 100k posts) and it is on again afterwards, also
    when a piece fails; a collector the caller turned off stays off."""
    import gc

    seen: list[bool] = []

    def build(piece: list[int]) -> pl.DataFrame:
        seen.append(gc.isenabled())
        return pl.DataFrame({"x": piece})

    assert gc.isenabled()
    frame = tables._in_pieces(range(5), build, {"x": pl.Int64})
    assert frame["x"].to_list() == [0, 1, 2, 3, 4] and seen == [False] and gc.isenabled()

    def fail(piece: list[int]) -> pl.DataFrame:
        raise ValueError("bad piece")

    with pytest.raises(ValueError):
        tables._in_pieces(range(3), fail, {"x": pl.Int64})
    assert gc.isenabled()
    gc.disable()
    try:
        tables._in_pieces(range(3), build, {"x": pl.Int64})
        assert not gc.isenabled()
    finally:
        gc.enable()
