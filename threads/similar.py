"""Who answers whom when nobody says so: the ``similar`` evidence, after ``mention``.

A post the marker cascade of ``replies.py`` leaves on the root (no nesting, name, quote
or mention) is matched against earlier posts the way a reader would: the rare words
it shares with them (BM25 over content words), whether it answers a question or opens
like an answer ("Yes", "No,", "I agree"), whether it says "you" or a name, how long
after it came, whether the two authors have talked before, and where it stands (the
post just above is a strong prior in a threaded page copied as text). The features
are combined by a conditional logistic model (one softmax over the post's candidates,
the root among them) whose score is a small ensemble of boosted regression trees
(:class:`Trees`, evaluated here with numpy), fitted by ``scripts/fit_similar.py`` on
nested threads flattened to text (``scripts/flatten.py``) and committed in
``similar.json``; a model of linear weights per mode is read too.

The dump's order is evidence (:mod:`threads.threaded`): where the comments go back in
time, the dump is a threaded page in depth-first order, and a post's candidates are the
post above and its ancestors written no later (plus the order+time rule's pick); the
thread is decoded as a tree, each best guess the working parent later posts see. Each
order has its own weights (``modes`` in ``similar.json``).

The model's probability, calibrated on held-out threads, is the link's confidence. A
guess at the order's threshold (:meth:`Model.mode_threshold`) or above becomes the
parent (evidence ``similar``); a weaker one leaves the post on the root and is recorded
as a secondary reply row (``is_parent`` false) from :attr:`Model.min_guess` up.
Explicit, quoted, nested and mention links are never touched, links never point at
the post's own author, and a post only links to an earlier one.
Threads whose source has nesting are left alone: there a top-level post is, by the
source's own word, a comment on the root.

Candidates come through an inverted index of content words (:mod:`threads.wordindex`),
never all pairs: the :data:`TOP_K` earlier posts sharing the most informative words,
the :data:`PREVIOUS` posts above, and the root. Words in more than :data:`MAX_POSTINGS`
posts are too common to find candidates with (they still count in the score), so a
thread of n posts costs O(n · (words per post + TOP_K + PREVIOUS)); in threaded order
O(n · depth), the path cut at :data:`threads.threaded.PATH_MAX`.

>>> from threads.similar import content_words
>>> content_words("You can shove your spheres of influence!")
['shove', 'sphere', 'influence']
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from operator import mul
from pathlib import Path

import numpy as np

from threads import threaded
from threads.model import Post, Reply, ThreadsError
from threads.replies import _depths, person
from threads.wordindex import CONTRACTION_STEMS as CONTRACTION_STEMS  # (re-exported names)
from threads.wordindex import MAX_POSTINGS as MAX_POSTINGS
from threads.wordindex import STOPWORDS as STOPWORDS
from threads.wordindex import WordIndex
from threads.wordindex import content_words as content_words
from threads.wordindex import stopwords_for as stopwords_for

MODEL_FILE = Path(__file__).with_name("similar.json")
TOP_K = 5  # best-scoring earlier posts by shared words
PREVIOUS = 3  # posts just above, always candidates

# The features, in the order of the committed weights (FEATURES, the keys below), each
# with the note written into similar.json. "root"/"previous" are position priors.
FEATURE_NOTES: dict[str, str] = {
    "root": "the candidate is the root post (article, submission, first message)",
    "root_words": "log(1 + BM25) of the post's content words against the root (the root only)",
    "previous": "the candidate is the post just above",
    "words": "log(1 + BM25) of the post's content words against the candidate (not the root)",
    "best_words": "the candidate (not the root) has the highest BM25 among the candidates, > 0",
    "exclusive": "log(1 + content words the two posts share with no other post), not the root",
    "rarest": "idf of the rarest shared content word over the highest idf possible in the thread",
    "answers": "log(1 + content words of the post found in the candidate's questions), not the root",
    "gap": "log(1 + posts between them), 0 for the root",
    "minutes": "log(1 + minutes between them), 0 for the root or without times",
    "no_time": "either post has no timestamp (not the root)",
    "question": "the candidate asks a question (a '?' in its own text)",
    "opener": "the post opens like an answer ('Yes', 'No,', 'I agree', ...), candidate not the root",
    "you": "the post uses the second person, candidate not the root",
    "name": "the candidate's author's name (or a part of it) is in the post, any case",
    "partner": "the two authors replied to each other before in this thread",
    "op": "the candidate (not the root) is by the root's author",
    "parent_of_previous": "the candidate is the parent of the post just above (not the root)",
    "on_path": "the candidate is the post just above or one of its ancestors (not the root)",
    "path_steps": "log(1 + steps up from the post just above to the candidate), 0 off the path",
    "answers_me": "the candidate answered a post by this post's author (back and forth A-B-A)",
    "nearest_earlier": "the candidate is the first post on the path up from the post above written "
    "before this one (the order+time rule's pick)",
    "path_rank": "log(1 + path posts written before this one that are nearer than the candidate)",
    "rule_pick": "in threaded order, the candidate (the root too) is the order+time rule's parent, "
    "the rule run on its own tree (threads.threaded.order_time_rule)",
    "back_share": "the root only: the share of steps back in time between the thread's comments "
    "(a page sorted by score goes back often; a root-heavy comment list rarely)",
    "went_back": "the root only: this post was written before the post above it",
}
FEATURES: tuple[str, ...] = tuple(FEATURE_NOTES)
# The two kinds of dump (threads.threaded.dump_order): a threaded page copied in its
# depth-first order has its own weights and candidates (the post above and its
# ancestors written earlier); time order (or unknown) the index's candidates.
MODES = ("time", "threaded")

# Openers of an answer; the words that also open other sentences ("This Hillary
# scenario", "True believers") only when punctuation follows them.
_OPENER = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|no|nope|nah|agreed|i agree|i disagree|exactly|indeed|thanks|"
    r"thank you|fair point|good point|not really|ja|nein|genau|danke|oui|non|merci|exactement)\b"
    r"|(?:this|same|true|sure|correct|wrong|right)\s*[.,!:;])",
    re.IGNORECASE,
)
BELOW_CUT = 0.79  # the most a guess below its mode's high cut is given (see Model.confidence)
# Decoding (threads.threaded.beam): hypotheses kept, parents followed per post and the
# decisions after which one is final, per mode. Held out with 3 rounds of DAgger, a beam
# of 4 in threaded order: depth-first threads >= 150 comments 0.553 -> 0.558, HN 26312516
# 0.631 -> 0.662; time order is decided greedily (its links are few and marked).
BEAM: dict[str, tuple[int, int, int]] = {"threaded": (4, 3, 32), "time": (1, 1, 0)}


class Trees:
    """A committed ensemble of regression trees (``similar.json``: per tree, per node,
    ``feature``, ``threshold``, ``left``, ``right`` and the leaf ``value``; a leaf has
    children -1, a node's right child follows its left one), evaluated with numpy for
    all of a post's candidates at once.

    All trees step down one level together (gathers on the candidates' and trees'
    node array per level), so a post costs as many numpy steps as the trees are deep, not
    one per tree: decoding calls the model once per post (testing every split of every
    tree at once instead was slower: most nodes are off the candidates' paths). A node
    goes right when
    the feature is above the threshold (LightGBM's ``<=`` goes left; the features are
    never missing). A leaf is its own left child and never goes right, so trees of any
    depth end on their leaves after the deepest one's steps.
    """

    def __init__(self, spec: dict[str, list[list[float]]]) -> None:
        feature, threshold, left, value, roots = [], [], [], [], []
        depth = 0
        for t, tree_feature in enumerate(spec["feature"]):
            base = len(feature)
            roots.append(base)
            n = len(tree_feature)
            levels = [0] * n
            for i in range(n):
                kids = int(spec["left"][t][i]), int(spec["right"][t][i])
                leaf = kids[0] < 0
                if not leaf and kids[1] != kids[0] + 1:
                    raise ValueError("a right child does not follow its left one")
                feature.append(0 if leaf else int(tree_feature[i]))
                threshold.append(math.inf if leaf else float(spec["threshold"][t][i]))
                left.append(base + (i if leaf else kids[0]))
                value.append(float(spec["value"][t][i]))
                if not leaf:  # nodes are listed parents first
                    levels[kids[0]] = levels[kids[1]] = levels[i] + 1
            depth = max(depth, *levels)
        self.feature = np.array(feature, dtype=np.intp)
        self.threshold = np.array(threshold)
        self.left = np.array(left, dtype=np.intp)
        self.value = np.array(value)
        self.roots = np.array(roots, dtype=np.intp)
        self.depth = depth

    def scores(self, rows: list[list[float]] | np.ndarray) -> np.ndarray:
        """The ensemble's sum for every row (one candidate's features)."""
        x = np.asarray(rows, dtype=float)
        n, trees = len(x), len(self.roots)
        flat = x.ravel()
        # one flat (row, tree) node array: 1-d ``take`` is the cheapest gather numpy has
        # (about half the time of indexing a (rows, trees) array, at 9 rows x 100 trees)
        start = np.repeat(np.arange(n) * x.shape[1], trees)  # each entry's row in ``flat``
        node = np.tile(self.roots, n)
        for _ in range(self.depth):
            go_right = flat.take(start + self.feature.take(node)) > self.threshold.take(node)
            node = self.left.take(node) + go_right
        return self.value.take(node).reshape(n, trees).sum(axis=1)


@dataclass(frozen=True)
class Model:
    """The fitted scorer per mode: an ensemble of trees (``modes[mode]["trees"]``, see
    :class:`Trees`) or linear weights (one per :data:`FEATURES` entry; ``weights`` for a
    mode with neither); the calibration of the best guess's probability (Platt:
    ``sigmoid(a * logit(p) + b)``, fitted on held-out threads) and the decision
    thresholds on the calibrated confidence, per mode."""

    weights: tuple[float, ...] = ()
    threshold: float = 0.5
    min_guess: float = 0.25
    calibration: dict[str, object] = field(default_factory=dict)
    modes: dict[str, dict[str, object]] = field(default_factory=dict)
    ensembles: dict[str, Trees] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for mode, spec in self.modes.items():
            if spec.get("trees"):
                self.ensembles[mode] = Trees(spec["trees"])  # type: ignore[arg-type]

    def mode_weights(self, mode: str) -> tuple[float, ...]:
        """The weights for ``mode`` (the time-order ones when it has none)."""
        got = self.modes.get(mode, {}).get("weights")
        return tuple(got) if got else self.weights  # type: ignore[arg-type]

    def mode_threshold(self, mode: str) -> float:
        """The calibrated confidence from which a guess becomes the parent in ``mode``."""
        return float(self.modes.get(mode, {}).get("threshold", self.threshold))  # type: ignore[arg-type]

    def confidence(self, p: float, mode: str) -> float:
        """The calibrated confidence of a best guess of probability ``p`` in ``mode``:
        Platt scaling, and below the mode's ``high_cut`` (the least probability from
        which held-out guesses were right 90% of the time) at most :data:`BELOW_CUT`, so
        that a confidence of 0.8 or more keeps that promise."""
        spec = self.modes.get(mode, {})
        a, b = spec.get("platt", (1.0, 0.0))  # type: ignore[misc]
        q = min(max(p, 1e-9), 1 - 1e-9)
        z = float(a) * math.log(q / (1 - q)) + float(b)
        conf = 1 / (1 + math.exp(-z)) if z > -700 else 0.0
        if p < float(spec.get("high_cut", 0.0)):  # type: ignore[arg-type]
            conf = min(conf, BELOW_CUT)
        return conf

    def probabilities(self, rows: list[list[float]], mode: str = "time") -> list[float]:
        """Softmax of the scores of one post's candidates (the mode's trees, or its
        linear weights)."""
        trees = self.ensembles.get(mode)
        if trees is not None:
            if any(len(row) != len(FEATURES) for row in rows):
                raise ValueError(f"a candidate has not {len(FEATURES)} features")
            s = trees.scores(rows)
            e = np.exp(s - s.max())
            return (e / e.sum()).tolist()
        weights = self.mode_weights(mode)
        if any(len(row) != len(weights) for row in rows):
            raise ValueError(f"a candidate has not {len(weights)} features")
        # map(mul) sums the same products in the same order as a generator, 3x faster
        scores = [sum(map(mul, weights, row)) for row in rows]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@cache
def load(path: Path = MODEL_FILE) -> Model:
    """The committed model (``similar.json``); a missing or malformed file is a
    :class:`~threads.model.ThreadsError` naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names, weights = data["features"], data.get("weights", {})
        if list(names) != list(FEATURES) or (weights and len(weights) != len(FEATURES)):
            raise ValueError(f"features {names} do not match threads.similar.FEATURES")
        modes = {}
        for mode, spec in data.get("modes", {}).items():
            if "trees" not in spec:
                spec = dict(spec, weights=tuple(float(spec["weights"][n]) for n in FEATURES))
            modes[mode] = spec
        if not weights and set(modes) != set(MODES):
            raise ValueError(f"no weights, and not every mode of {MODES} has its own model")
        return Model(
            weights=tuple(float(weights[n]) for n in FEATURES) if weights else (),
            threshold=float(data["threshold"]),
            min_guess=float(data["min_guess"]),
            calibration=dict(data.get("calibration", {})),
            modes=modes,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        raise ThreadsError(f"cannot load the reply-inference model: {err}", str(path)) from None


def _minutes(a: Post, b: Post) -> float | None:
    if a.timestamp is None or b.timestamp is None:
        return None
    try:
        return abs((a.timestamp - b.timestamp).total_seconds()) / 60
    except TypeError:  # one aware, one naive
        return None


class _Context:
    """What the features need beyond the two posts: the index, the tree decoded so far
    (``parent``: the markers' links, then each guess; or the truth when fitting), the
    dump's order, and which pairs of authors have replied to each other."""

    def __init__(self, posts: list[Post], oracle: list[int] | None = None) -> None:
        self.posts = posts
        self.index = WordIndex(posts)
        self.mode = "threaded" if threaded.dump_order(posts) == "threaded" else "time"
        # the order+time rule's own tree: a second opinion our decoding's mistakes do not touch
        self.rule = [0, *threaded.order_time_rule(posts)] if self.mode == "threaded" else []
        self.back_share = threaded.back_share(posts)
        self.parent: list[int | None] = [p.parent_id for p in posts]
        if oracle is not None:
            self.parent = [None, *oracle]
        # pairs of authors -> links between them so far (counted: a beam hypothesis's
        # pending links are noted and taken back)
        self.talked: Counter[tuple[str, str]] = Counter()
        self.answered: dict[int, set[str]] = defaultdict(set)  # post -> authors it answered
        # each author's name as same_person compares it (None: no author)
        self.who = [person(p.author) for p in posts]
        for p in posts:  # the markers' links are known from the start; guesses as they come
            if not _eligible(p):
                self.note(p.post_id)

    def note(self, pid: int, undo: bool = False) -> None:
        """Record the link of ``pid`` (its ``parent`` entry) in the authors' history, or
        (``undo``) take it back."""
        target = self.parent[pid]
        me = self.posts[pid].author
        if not target or not me:
            return
        other = self.posts[target].author
        if other and other != me:
            step = -1 if undo else 1
            self.talked[(me, other)] += step
            self.talked[(other, me)] += step
            if undo:
                self.answered[pid].discard(other)
            else:
                self.answered[pid].add(other)

    def pending(self, decisions: threaded.Pending, undo: bool = False) -> None:
        """Put a beam hypothesis's pending (post, (parent, ...)) decisions in the working
        tree, or (``undo``) take them out again (the post back on the root)."""
        for pid, (parent, *_) in reversed(decisions) if undo else decisions:
            if undo:
                self.note(pid, undo=True)
                self.parent[pid] = 0
            else:
                self.parent[pid] = parent
                self.note(pid)

    def candidates(self, pid: int) -> list[int]:
        posts, who = self.posts, self.who
        mine = who[pid]  # same_person(a, b): both named, equal once folded
        if self.mode == "threaded":
            up = threaded.path(self.parent, pid - 1)
            if self.rule[pid] not in up:
                up.append(self.rule[pid])
            post = posts[pid]
            return [0] + [
                c
                for c in up
                if c and (mine is None or who[c] != mine) and threaded.written_before(posts[c], post)
            ]
        # twice TOP_K: the post's own author's posts are dropped from them first
        near: list[int] | range = self.index.near(pid, TOP_K * 2)
        above: list[int] | range = range(pid - 1, max(0, pid - 1 - PREVIOUS * 3), -1)
        if mine is not None:
            near = [c for c in near if who[c] != mine]
            above = [c for c in above if who[c] != mine]
        return sorted({0, *near[:TOP_K], *above[:PREVIOUS]})

    def features(self, pid: int, cands: list[int]) -> list[list[float]]:
        posts, index = self.posts, self.index
        post = posts[pid]
        me, prev = post.author, pid - 1
        # what does not depend on the candidate, once per post
        opener = float(bool(_OPENER.match(post.text or "")))
        you = float(index.you[pid])
        named = index.names[pid]
        prev_parent = self.parent[prev] if pid > 1 else None
        up = threaded.path(self.parent, prev)
        steps = {c: k for k, c in enumerate(up)}
        earlier = [c for c in up if threaded.written_before(posts[c], post)]
        rank = {c: k for k, c in enumerate(earlier)}
        nearest = earlier[0] if earlier else None
        rule_pick = self.rule[pid] if self.rule else None
        went_back = float(pid > 1 and not threaded.written_before(posts[prev], post))
        root_author, mine = posts[0].author, me or ""
        my_words = index.terms[pid].keys()
        asks, asked, name_parts = index.asks, index.asked, index.name_parts
        talked, answered = self.talked, self.answered
        shared = index.shared(pid, cands)
        index.pairs += len(cands)
        # the highest BM25, the later post among equals (none when no word is shared)
        best = max(zip([s[0] for s in shared], cands, strict=True))
        best_cand = best[1] if best[0] else None
        log1p, rows = math.log1p, []
        # (x if cond else y, not float(cond): the same 1.0 and 0.0 without a call)
        for c, (score, exclusive, rarest) in zip(cands, shared, strict=True):
            cand = posts[c]
            author = cand.author
            step = steps.get(c)
            on_path, path_steps = (0.0, 0.0) if step is None else (1.0, log1p(step))
            name = 0.0 if named.isdisjoint(name_parts[c]) else 1.0
            partner = 1.0 if talked.get((mine, author or ""), 0) > 0 else 0.0
            k = rank.get(c)
            path_rank = 0.0 if k is None else log1p(k)
            if c == 0:  # the order of FEATURES; what only a post may have is 0 here
                # fmt: off
                rows.append([
                    1.0, log1p(score), 1.0 if c == prev else 0.0, 0.0, 0.0, 0.0, rarest, 0.0,
                    0.0, 0.0, 0.0, 1.0 if asks[c] else 0.0, 0.0, 0.0, name, partner, 0.0, 0.0,
                    on_path, path_steps, 0.0, 1.0 if c == nearest else 0.0, path_rank,
                    1.0 if rule_pick == c else 0.0, self.back_share, went_back,
                ])
                # fmt: on
                continue
            minutes = _minutes(post, cand)
            # fmt: off
            rows.append([
                0.0, 0.0, 1.0 if c == prev else 0.0, log1p(score), 1.0 if c == best_cand else 0.0,
                log1p(exclusive), rarest, log1p(len(my_words & asked[c])), log1p(pid - c - 1),
                0.0 if minutes is None else log1p(minutes), 1.0 if minutes is None else 0.0,
                1.0 if asks[c] else 0.0, opener, you, name, partner,
                1.0 if author is not None and author == root_author else 0.0,
                1.0 if prev_parent == c else 0.0, on_path, path_steps,
                1.0 if me is not None and me in answered.get(c, ()) else 0.0,
                1.0 if c == nearest else 0.0, path_rank, 1.0 if rule_pick == c else 0.0, 0.0, 0.0,
            ])
            # fmt: on
        return rows


def _eligible(post: Post) -> bool:
    return post.post_id > 0 and post.reply_evidence == "root" and not post.placeholder


def _flat(posts: list[Post]) -> bool:
    """Whether the thread is flat: where the source has nesting, a post it puts at the
    top level is a comment on the root, not an unmarked reply."""
    return len(posts) >= 3 and not any(p.reply_evidence == "nested" for p in posts)


Example = tuple[int, list[int], list[list[float]]]


def features(
    posts: list[Post], oracle: list[int] | None = None, model: Model | None = None
) -> tuple[str, list[Example]]:
    """The dump's mode and (post id, candidate ids, feature rows) for every post left on
    the root, in order, as :func:`infer` sees them. With ``oracle`` (the true parent of
    every post after the first) the tree the features look at is the true one (the fit
    script's teacher forcing); with ``model`` too, the tree ``model`` decodes (as
    :func:`infer` would: the fit script's second round, so that the model learns from
    its own mistakes' context); without either, the markers' links only."""
    if not _flat(posts):
        return "time", []
    ctx = _Context(posts, oracle)
    out = []
    for post in posts:
        if _eligible(post):
            pid = post.post_id
            cands = ctx.candidates(pid)
            if len(cands) > 1:
                rows = ctx.features(pid, cands)
                out.append((pid, cands, rows))
                if model is not None:
                    probs = model.probabilities(rows, ctx.mode)
                    ctx.parent[pid] = cands[max(range(len(cands)), key=lambda i: (probs[i], -cands[i]))]
            elif model is not None:
                ctx.parent[pid] = 0
            ctx.note(pid)
    return ctx.mode, out


def infer(
    posts: list[Post], edges: list[Reply], raws: list[str] | None = None, model: Model | None = None
) -> list[Reply]:
    """Give posts left on the root their likeliest earlier post, with the calibrated
    probability as confidence; returns ``edges`` with their root rows replaced (a link
    at or above the mode's threshold) or joined by a secondary ``similar`` row (a weaker
    guess, from ``min_guess``). The thread is decoded as a tree, post by post: each
    decided parent (kept or not) is the working parent the later posts' paths and author
    history see; in threaded order a beam (:data:`BEAM`) keeps the likeliest trees so
    far, so a later post can overturn an earlier guess. Updates ``parent_id``,
    ``reply_evidence``, ``reply_confidence`` and ``depth`` on ``posts``. ``raws`` is
    accepted for symmetry with :func:`threads.replies.resolve` and not needed;
    ``model`` defaults to the committed one."""
    if not _flat(posts) or not any(_eligible(p) for p in posts):
        return edges
    model = model or load()
    ctx = _Context(posts)
    mode = ctx.mode
    threshold = model.mode_threshold(mode)
    by_post: dict[int, list[Reply]] = defaultdict(list)
    for e in edges:
        by_post[e.post_id].append(e)
    width, expand_k, lag = BEAM[mode]
    decided: dict[int, tuple[int, int, float]] = {}  # post -> (parent, best non-root, its p)

    def expand(pending: threaded.Pending, pid: int) -> list[tuple[float, tuple[int, int, float]]]:
        ctx.pending(pending)
        try:
            cands = ctx.candidates(pid)
            if len(cands) < 2:
                return [(0.0, (0, -1, 0.0))]  # nothing to choose: the post stays on the root
            probs = model.probabilities(ctx.features(pid, cands), mode)
        finally:
            ctx.pending(pending, undo=True)
        # the likeliest earlier post (the later among equals), compared as tuples in C
        p_guess, guess = max([(p, c) for p, c in zip(probs, cands, strict=True) if c])
        # the likeliest parents, root included (the first is the greedy working parent)
        best = sorted(zip([-p for p in probs], cands, strict=True))[:expand_k]
        return [(math.log(max(-q, 1e-300)), (c, guess, p_guess)) for q, c in best]

    def commit(pid: int, choice: tuple[int, int, float]) -> None:
        ctx.parent[pid] = choice[0]  # the working tree the later posts see
        ctx.note(pid)
        decided[pid] = choice

    threaded.beam([p.post_id for p in posts if _eligible(p)], expand, commit, width, lag)
    changed = False
    for pid, (_, target, prob) in sorted(decided.items()):
        post = posts[pid]
        conf = round(model.confidence(prob, mode), 3)
        if target < 0 or conf < min(threshold, model.min_guess):  # a weak guess is not worth a row
            continue
        detail = f"similar: {_why(ctx, pid, target)}"
        row = Reply(post.thread_id, pid, target, posts[target].author, "similar", conf, detail)
        if conf >= threshold:
            post.parent_id, post.reply_evidence, post.reply_confidence = target, "similar", conf
            by_post[pid] = [r for r in by_post[pid] if not (r.target_id == 0 and r.evidence == "root")]
        by_post[pid].append(row)
        changed = True
    if not changed:
        return edges
    _depths(posts)
    return [r for pid in sorted(by_post) for r in sorted(by_post[pid], key=lambda r: r.target_id)]


def _why(ctx: _Context, pid: int, target: int) -> str:
    """The shared rarest words, for the ``detail`` column."""
    a, b = ctx.index.terms[pid], ctx.index.terms[target]
    shared = sorted((w for w in a if w in b), key=lambda w: -ctx.index.idf[w])[:4]
    return "shared words " + ", ".join(shared) if shared else "position and time"


def note() -> str:
    """How ``similar`` links were inferred and how often the sure ones were right on the
    evaluation (``similar.json``'s calibration), for the dashboard."""
    model = load()
    cal = model.calibration.get("similar", {})
    n, precision = cal.get("links_high", 0), cal.get("precision_high")  # type: ignore[union-attr]
    measured = (
        f" On nested threads flattened to text, {precision:.0%} of {n} such links with confidence "
        f"≥ 0.8 named the true parent."
        if n and precision is not None
        else ""
    )
    return (
        "How links were inferred: 'similar' links (dash-dot) carry no marker; they come from "
        "shared rare words, answers to questions, names, the authors' earlier exchanges and "
        f"position, weighed by a fitted model whose probability is the confidence (a post stays "
        f"on the root below {model.threshold:.2f})." + measured
    )
