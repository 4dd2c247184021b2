"""``threaded.beam``'s greedy path (``width`` 1, ``lag`` 0: time order's decoding) commits
what the hypothesis lists it skips would have committed, on any options: equal
log-probabilities, ties that only adding the running sum makes, steps with no option."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from threads import threaded


def _reference_beam(
    steps: Sequence[int],
    expand: Callable[[threaded.Pending, int], list[tuple[float, tuple[int, ...]]]],
    commit: Callable[[int, tuple[int, ...]], None],
    width: int,
    lag: int,
) -> None:
    """``threaded.beam`` as it was before its greedy path (round 4 of issue 17)."""
    hyps: list[tuple[float, threaded.Pending]] = [(0.0, ())]
    for step in steps:
        grown = [
            (score + logp, (*pending, (step, choice)))
            for score, pending in hyps
            for logp, choice in expand(pending, step)
        ]
        if not grown:
            continue
        grown.sort(key=lambda h: -h[0])
        hyps = grown[:width]
        if len(hyps[0][1]) > lag:
            first, choice = hyps[0][1][0]
            commit(first, choice)
            hyps = [(score, pending[1:]) for score, pending in hyps if pending[0][1][0] == choice[0]]
    for step, choice in hyps[0][1]:
        commit(step, choice)


# log-probabilities with ties, and a large one that makes the running sum absorb the
# small differences (-1e6 + -1e-12 == -1e6 + -2e-12)
_LOGP = st.sampled_from([0.0, -1e-12, -2e-12, -0.1, -0.7, -0.7, -2.4, -1e6, -30.0])
_OPTIONS = st.lists(st.tuples(_LOGP, st.integers(0, 5)), max_size=4)


@settings(max_examples=500, deadline=None)
@given(st.lists(_OPTIONS, max_size=12))
def test_greedy_path_commits_what_the_beam_commits(table: list[list[tuple[float, int]]]) -> None:
    def expand(pending: threaded.Pending, step: int) -> list[tuple[float, tuple[int, ...]]]:
        assert pending == ()  # greedy: no decision is ever pending
        return [(logp, (parent, n)) for n, (logp, parent) in enumerate(table[step])]

    got: list[tuple[int, tuple[int, ...]]] = []
    want: list[tuple[int, tuple[int, ...]]] = []
    steps = list(range(len(table)))
    threaded.beam(steps, expand, lambda s, c: got.append((s, c)), 1, 0)
    _reference_beam(steps, expand, lambda s, c: want.append((s, c)), 1, 0)
    assert got == want
