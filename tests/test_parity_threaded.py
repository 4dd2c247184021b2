"""``threaded.beam``'s greedy path (``width`` 1, ``lag`` 0: time order's decoding) commits
what its hypothesis lists (``threaded._hypotheses``, the path it skips) commit with the
same width and lag, on any options: equal log-probabilities, ties that only adding the
running sum makes, steps with no option."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from threads import threaded

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
    threaded._hypotheses(steps, expand, lambda s, c: want.append((s, c)), 1, 0)
    assert got == want
