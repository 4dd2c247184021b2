"""The dump's order as evidence (threads/threaded.py), the order-aware decoding of
``similar``, and the training data the model is fitted on (scripts/praw_cassette.py)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT
from threads import similar, threaded

sys.path.insert(0, str(ROOT / "scripts"))
spec = importlib.util.spec_from_file_location("threads_flatten", ROOT / "scripts" / "flatten.py")
assert spec and spec.loader
flatten = sys.modules.get("threads_flatten") or importlib.util.module_from_spec(spec)
if "threads_flatten" not in sys.modules:
    sys.modules["threads_flatten"] = flatten
    spec.loader.exec_module(flatten)
import praw_cassette  # noqa: E402  (scripts/, on the path above)

CASTIRON = ROOT / "tests" / "fixtures" / "reddit-json" / "castiron_rusty_skillet_threaded.json"
CASSETTE = ROOT / "tests" / "script_fixtures" / "praw-cassette" / "houseplants_dark_flat.json"
T0 = datetime(2024, 1, 1, 12, 0)


def _timed(minutes: list[int]) -> list[SimpleNamespace]:
    return [SimpleNamespace(timestamp=T0 + timedelta(minutes=m)) for m in [0, *minutes]]


def test_times_going_back_tell_a_threaded_page_from_time_order() -> None:
    assert threaded.dump_order(_timed([5, 50, 70, 200, 90, 20, 40, 65, 10])) == "threaded"
    assert threaded.dump_order(_timed([5, 10, 20, 40, 50, 65, 70, 90])) == "time"
    # one clock slip in a long time-ordered thread is no threaded page
    assert threaded.dump_order(_timed([*range(0, 200, 2), 100, *range(200, 300, 2)])) == "time"
    assert threaded.dump_order(_timed([5, 1])) == "unknown"


def test_order_time_rule_walks_up_to_the_nearest_earlier_post() -> None:
    # 1 (5) <- 2 (50) <- 3 (70); 4 (60) is before 3 but after 2: answers 2; 5 (20) answers 1;
    # 6 (3) is before everything: the root
    posts = _timed([5, 50, 70, 60, 20, 3])
    assert threaded.order_time_rule(posts) == [0, 1, 2, 2, 1, 0]


def test_path_is_cut_and_never_loops() -> None:
    parent = [None, 0, *range(1, 199)]  # one chain of 199 replies
    assert len(threaded.path(parent, 199)) == threaded.PATH_MAX
    assert threaded.path([None, 2, 1], 1) == [1, 2]  # a cycle in a malformed source stops


def test_a_threaded_page_copied_as_text_is_decoded_on_the_path(tmp_path: Path) -> None:
    ((name, raw),) = flatten.nested_threads(CASTIRON)
    flat = flatten.flatten(name, raw, "depth")
    path = tmp_path / "castiron.txt"
    path.write_text(flat.text, encoding="utf-8")
    import threads

    posts = threads.read(path, format="typepad-text").threads[0].posts
    assert threaded.dump_order(posts) == "threaded"
    got = [p.parent_id for p in posts[1:]]
    for pid, parent in enumerate(got, start=1):
        # the parent is the post above or one of its ancestors in the decoding's working
        # tree, written no later; that tree also holds guesses below the threshold (a post
        # left on the root in parent_id), so parent_id alone shows an earlier post
        if parent:
            assert parent < pid, (pid, parent)
            assert posts[parent].timestamp <= posts[pid].timestamp
    right = sum(g == t for g, t in zip(got, flat.truth, strict=True))
    previous = sum(t == i - 1 for i, t in enumerate(flat.truth, start=1))
    assert right > previous  # 8 of 11 as committed; "previous post" gets 7, the root 4
    # a guess kept below the threshold is a secondary row, never the parent
    rows = threads.read(path, format="typepad-text").threads[0].replies
    for r in rows:
        if r.evidence == "similar" and r.target_id != posts[r.post_id].parent_id:
            assert r.confidence < similar.load().mode_threshold("threaded")


def test_confidence_of_0_8_keeps_its_promise_on_held_out_threads() -> None:
    model = similar.load()
    for mode in similar.MODES:
        spec = model.modes[mode]
        assert 0 < spec["threshold"] <= 1
        # below the held-out cut no guess is given 0.8 or more
        assert model.confidence(spec["high_cut"] - 1e-6, mode) < 0.8
    cal = model.calibration["similar"]
    assert cal["links_high"] == 0 or cal["precision_high"] >= 0.9


def test_praw_cassette_responses_are_merged_by_id() -> None:
    assert praw_cassette.is_cassette(CASSETTE)
    (raw,) = praw_cassette.read(CASSETTE)
    got = {p.source_id: p.parent_source_id for p in raw.posts[1:]}
    # c1, c2 from the comments page; c3 and c4 from morechildren ("more" stubs dropped);
    # c5 answers a comment never recorded: left out, so every parent is known
    assert got == {"t1_c1": "t3_abc123", "t1_c2": "t1_c1", "t1_c3": "t1_c1", "t1_c4": "t3_abc123"}
    assert raw.posts[0].title == "Which houseplant survives a dark flat?"
    assert [p.author for p in raw.posts[1:]] == ["leafy", "dim_flat", "potbound", "zz_plant"]


def test_praw_cassettes_of_the_train_set_rebuild_their_threads(corpus: Path) -> None:
    train = corpus / "train"
    path = train / "reddit_r-announcements_n49rw_were-back_praw-cassette.json"
    if not path.exists():
        pytest.skip("train set not present")
    (raw,) = praw_cassette.read(path)
    assert len(raw.posts) - 1 == 1428  # SOURCES.md: 1,428 comments over 236 responses
    ids = {p.source_id for p in raw.posts}
    assert all(p.parent_source_id in ids for p in raw.posts[1:])
    assert sum(p.parent_source_id != "t3_n49rw" for p in raw.posts[1:]) == 893  # non-root parents


def test_report_counts_inferred_links_apart_from_marked_ones(tmp_path: Path) -> None:
    import re

    import threads

    ((name, raw),) = flatten.nested_threads(CASTIRON)
    dump = tmp_path / "castiron.txt"
    dump.write_text(flatten.flatten(name, raw, "depth").text, encoding="utf-8")
    analysis = threads.read(dump, format="typepad-text")
    evidence = analysis.posts["reply_evidence"].to_list()
    inferred = evidence.count("similar")
    assert inferred > 0
    threads.report(analysis, tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<th>marked links</th><th>inferred links</th>" in index
    cells = re.findall(r'<td class="num" data-sort="(\d+)">', index)
    # posts, authors, marked, inferred (the dump has no marker: nothing is marked)
    assert cells[2:4] == ["0", str(inferred)]
    page = next((tmp_path / "out").glob("castiron*.html")).read_text(encoding="utf-8")
    assert f"inferred, no marker: similar {inferred}" in page


def test_threaded_candidates_stay_few_per_post() -> None:
    """A threaded dump (times going back) of n posts costs O(n · depth): candidates per
    post are the path (cut at PATH_MAX), the rule's pick and the root, never all pairs."""
    from tests.test_similar import _thread

    for n in (500, 2000):
        posts = _thread(n)
        for post in posts[1:]:  # every tenth post goes back an hour: a threaded page
            if post.post_id % 10 == 0:
                post.timestamp -= timedelta(hours=1)
        mode, rows = similar.features(posts)
        assert mode == "threaded"
        assert len(rows) >= n // 2
        assert all(len(cands) <= threaded.PATH_MAX + 2 for _, cands, _ in rows)


# ---------------------------------------------------------------- decoding as a whole tree
def test_beam_lets_a_later_post_overturn_an_earlier_choice() -> None:
    """Step 1 alone prefers "a"; after "a" step 2 has only an unlikely option, after "b"
    a likely one: the beam keeps "b", the greedy decoding (width 1) cannot."""
    for width, lag, want in ((2, 8, ["b", "y"]), (1, 0, ["a", "x"])):
        done: dict[int, tuple[str]] = {}

        def expand(pending: tuple, step: int, done: dict = done) -> list[tuple[float, tuple[str]]]:
            if step == 1:
                return [(-0.1, ("a",)), (-0.5, ("b",))]
            first = dict(pending).get(1) or done[1]  # the hypothesis's own, or committed
            return [(-5.0, ("x",))] if first == ("a",) else [(-0.1, ("y",))]

        threaded.beam([1, 2], expand, done.__setitem__, width, lag)
        assert [done[1][0], done[2][0]] == want


def test_beam_commits_after_its_lag_so_each_hypothesis_carries_little() -> None:
    seen: list[int] = []
    done: list[int] = []

    def expand(pending: tuple, step: int) -> list[tuple[float, tuple[int]]]:
        seen.append(len(pending))
        return [(-0.2, (step,)), (-0.3, (-step,))]

    threaded.beam(list(range(1, 200)), expand, lambda s, c: done.append(s), 4, 16)
    assert max(seen) <= 16  # the context grows no further: linear time
    assert done == list(range(1, 200))  # every step decided once, in order


def test_pending_decisions_are_taken_back_exactly() -> None:
    """A beam hypothesis's decisions are put into the working tree and taken out again;
    the tree and the authors' history are then as before."""
    from tests.test_similar import _thread

    posts = _thread(60)
    for post in posts[1:]:
        if post.post_id % 7 == 0:
            post.timestamp -= timedelta(hours=1)
    ctx = similar._Context(posts)
    assert ctx.mode == "threaded"
    before = (list(ctx.parent), +ctx.talked, {k: set(v) for k, v in ctx.answered.items() if v})
    pending = tuple((pid, (pid - 1 - pid % 3, -1, 0.0)) for pid in range(10, 40))
    ctx.pending(pending)
    assert ctx.parent[39] == 38 and sum(ctx.talked.values()) > sum(before[1].values())
    ctx.pending(pending, undo=True)
    assert (list(ctx.parent), +ctx.talked, {k: set(v) for k, v in ctx.answered.items() if v}) == before


def test_depth_first_hn_thread_beats_the_order_time_rule(corpus: Path, tmp_path: Path) -> None:
    """The real HN thread of issue 15 flattened depth-first (indentation lost): the
    decoded tree names more true parents than the order+time rule, by the issue's 0.05
    (held out it is 0.662 against 0.598, EVALUATION.md; here the committed model)."""
    import threads

    ((name, raw),) = flatten.nested_threads(
        corpus / "hn_hnpwa-item_26312516_speed-is-the-killer-feature.json"
    )
    flat = flatten.flatten(name, raw, "depth")
    dump = tmp_path / "hn_depth.txt"
    dump.write_text(flat.text, encoding="utf-8")
    posts = threads.read(dump, format="typepad-text").threads[0].posts
    assert len(posts) == len(flat.truth) + 1
    got = sum((p.parent_id or 0) == t for p, t in zip(posts[1:], flat.truth, strict=True)) / len(flat.truth)
    rule = threaded.order_time_rule(posts)
    base = sum(r == t for r, t in zip(rule, flat.truth, strict=True)) / len(flat.truth)
    assert base > 0.55  # the rule is strong on a threaded page ...
    assert got >= base + 0.05  # ... and the whole-tree decoding beats it
