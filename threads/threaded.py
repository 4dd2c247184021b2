"""The order of a flat dump is evidence: time order, or a threaded page's depth-first order.

A threaded page copied as text keeps its order but loses its indentation: each reply
comes right under its parent's subtree, so the parent of a post is the post above it or
one of that post's ancestors, and (as always) written before it. A flat comment system
shows comments by time instead. The tell is time going back: in depth-first order a new
top-level comment often comes after replies written later than it; in time order that
never happens (a few clock slips aside, hence the share below).

>>> from datetime import datetime, timedelta
>>> from types import SimpleNamespace as P
>>> t = datetime(2024, 1, 1)
>>> posts = [P(timestamp=t + timedelta(minutes=m)) for m in (0, 1, 5, 2, 6, 3, 7)]
>>> dump_order(posts)
'threaded'
>>> dump_order(sorted(posts, key=lambda p: p.timestamp))
'time'
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Protocol, TypeVar

BACKWARD_MIN = 2  # at least this many steps back in time ...
BACKWARD_SHARE = 0.02  # ... and this share of the steps between timed comments
PATH_MAX = 64  # ancestors of the post above looked at (a deeper chain is cut: near-linear)

Choice = TypeVar("Choice", bound=tuple)  # a decision: its first item says which parent
# (step, decision) pairs of one hypothesis not yet committed, oldest first
Pending = tuple[tuple[int, Choice], ...]
# beam's callbacks: a step's (log-probability, decision) options given the pending
# decisions of a hypothesis; a decision made final
Expand = Callable[[Pending, int], list[tuple[float, Choice]]]
Commit = Callable[[int, Choice], None]


class _Timed(Protocol):
    timestamp: datetime | None


def _before(a: datetime, b: datetime) -> bool | None:
    """``a < b``, or ``None`` when the two cannot be compared (one naive, one aware)."""
    try:
        return a < b
    except TypeError:
        return None


def _steps_back(posts: Sequence[_Timed]) -> tuple[int, int]:
    """(steps back in time, steps) between consecutive timed comments (after the first post)."""
    times = [p.timestamp for p in posts[1:] if p.timestamp is not None]
    back = sum(bool(_before(b, a)) for a, b in pairwise(times))
    return back, max(len(times) - 1, 0)


def back_share(posts: Sequence[_Timed]) -> float:
    """The share of steps between consecutive timed comments that go back in time."""
    back, steps = _steps_back(posts)
    return back / steps if steps else 0.0


def dump_order(posts: Sequence[_Timed]) -> str:
    """``"threaded"`` when the comments (posts after the first) go back in time often
    enough to be a depth-first page, ``"time"`` when they do not, ``"unknown"`` with
    fewer than three timed comments."""
    back, steps = _steps_back(posts)
    if steps < 2:
        return "unknown"
    return "threaded" if back >= BACKWARD_MIN and back >= BACKWARD_SHARE * steps else "time"


def written_before(cand: _Timed, post: _Timed) -> bool:
    """Whether ``cand`` may be the parent of ``post`` by time: not written after it
    (unknown or incomparable times do not rule it out; the same minute does not)."""
    if cand.timestamp is None or post.timestamp is None:
        return True
    later = _before(post.timestamp, cand.timestamp)
    return not later


def path(parent: Sequence[int | None], start: int) -> list[int]:
    """``start`` and its ancestors under ``parent`` (post index → parent index), nearest
    first, the root (0) excluded, at most :data:`PATH_MAX` posts."""
    out: list[int] = []
    cur: int | None = start
    while cur and len(out) < PATH_MAX and cur not in out:
        out.append(cur)
        cur = parent[cur]
    return out


def order_time_rule(posts: Sequence[_Timed]) -> list[int]:
    """The baseline of the issue: each comment answers the nearest post, walking up
    from the post above through the parents this rule gave, written before it (the
    root when none is). Returns the parent index of every post after the first."""
    parent: list[int | None] = [None] * len(posts)
    for i in range(1, len(posts)):
        parent[i] = next((c for c in path(parent, i - 1) if written_before(posts[c], posts[i])), 0)
    return [p or 0 for p in parent[1:]]


def beam(steps: Sequence[int], expand: Expand, commit: Commit, width: int, lag: int) -> None:
    """Decode a sequence of decisions (each post's parent) as a whole, not each alone:
    keep the ``width`` likeliest hypotheses (sums of log-probabilities); ``expand(pending,
    step)`` gives the (log-probability, decision) options of ``step`` in the context of a
    hypothesis's ``pending`` decisions. A decision older than ``lag`` steps in the best
    hypothesis is final: it is handed to ``commit`` and the hypotheses that decided
    otherwise are dropped, so the context a hypothesis carries is at most ``lag``
    decisions (linear time: ``width * lag`` per step at most). ``width`` 1 with ``lag`` 0
    is the greedy decoding, each decision committed at once.

    >>> done = []
    >>> options = {1: [(-0.1, ("a",)), (-2.4, ("b",))], 2: [(-0.7, ("c",)), (-0.7, ("d",))]}
    >>> beam([1, 2], lambda pending, step: options[step], lambda s, c: done.append((s, c)), 2, 8)
    >>> done
    [(1, ('a',)), (2, ('c',))]
    """
    if width == 1 and lag == 0:
        _greedy(steps, expand, commit)
    else:
        _hypotheses(steps, expand, commit, width, lag)


def _hypotheses(steps: Sequence[int], expand: Expand, commit: Commit, width: int, lag: int) -> None:
    """:func:`beam`'s lists of hypotheses, each with its pending decisions."""
    hyps: list[tuple[float, Pending]] = [(0.0, ())]
    for step in steps:
        grown = [
            (score + logp, (*pending, (step, choice)))
            for score, pending in hyps
            for logp, choice in expand(pending, step)
        ]
        if not grown:
            continue
        grown.sort(key=lambda h: -h[0])  # stable: among equals, the first option stays first
        hyps = grown[:width]
        if len(hyps[0][1]) > lag:
            first, choice = hyps[0][1][0]
            commit(first, choice)
            hyps = [(score, pending[1:]) for score, pending in hyps if _same(pending[0][1], choice)]
    for step, choice in hyps[0][1]:
        commit(step, choice)


def _greedy(steps: Sequence[int], expand: Expand, commit: Commit) -> None:
    """:func:`beam` with ``width`` 1 and ``lag`` 0, without :func:`_hypotheses`' lists:
    each step's option of the highest running sum (the first among equals, as their
    stable sort keeps it) is committed at once."""
    score = 0.0
    for step in steps:
        options = expand((), step)
        if options:
            logp, choice = max(options, key=lambda option: score + option[0])
            score += logp
            commit(step, choice)


def _same(a: tuple[Hashable, ...], b: tuple[Hashable, ...]) -> bool:
    """Two decisions name the same parent (their other items may differ by context)."""
    return a[0] == b[0]
