"""Ctrl-C during a big thread's analysis ends the sentiment pool's workers at once.

A big thread's scoring is submitted to the pool before replies and inference run; a
Ctrl-C there left the workers scoring every chunk, and Python's exit waited for them
(50-85 s after a Ctrl-C mid-run on a 400,000-post thread). These tests interrupt the
analysis in-process at two points and look at the pool's worker processes right after.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import threads
from tests.test_reliability import _big_dump
from threads import pipeline, sentiment

# Above sentiment.PARALLEL_MIN_POSTS, so the thread's scoring goes to the pool, and big
# enough that the workers are still busy when the interrupt comes.
N_POSTS = 40_000


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _big_dump(tmp_path_factory.mktemp("interrupt") / "big.txt", N_POSTS)


@pytest.mark.parametrize("stage", ["resolve", "infer"])
def test_ctrl_c_mid_analysis_stops_the_scoring_workers(big_dump: Path, monkeypatch, stage: str) -> None:
    """The interrupt comes in the stage after the scoring was submitted (replies) or in
    the last one before it is collected (inference): the workers are gone when the
    KeyboardInterrupt reaches the caller, and the next analysis starts a new pool."""
    seen: list = []
    target = pipeline.replies if stage == "resolve" else pipeline.similar

    def interrupted(*args, **kwargs):
        pools = list(sentiment._POOLS.values())
        workers = [w for pool in pools for w in (pool._processes or {}).values()]
        seen.append(workers)
        raise KeyboardInterrupt

    monkeypatch.setattr(target, stage, interrupted)
    with pytest.raises(KeyboardInterrupt):
        threads.read(big_dump, options=threads.Options(workers=2))
    workers = seen[0]
    # The pool was working on the thread: two workers (not an analysis that had not
    # started one, which would make the check below empty).
    assert len(workers) == 2
    assert [w.is_alive() for w in workers] == [False, False]
    assert sentiment._POOLS == {}
    # The scores of a thread analysed afterwards come from a new pool, and are right.
    monkeypatch.undo()
    small = threads.read(Path(__file__).parent.parent / "seeds" / "004_c3b9a48d73eaee79.txt")
    assert small.posts.height == 26 and small.posts["compound"].null_count() == 0


def test_stop_pools_without_pools_is_a_no_op() -> None:
    sentiment.stop_pools()
    assert sentiment._POOLS == {}
