"""The inference index's fast paths give exactly what the plain code they replaced gave:
``wordindex._Terms.count`` (each distinct word stemmed once) equals
``Counter(content_words(text))``, keys in the same order (BM25 sums its terms in that
order, so the order is part of the result), and ``Model.probabilities`` (``map(mul)``)
equals the generator dot product it replaced, bit for bit.

The scoring path (round 4 of issue 17: words found once per post, BM25 over the shared
words only, the features' per-post parts once per post) gives the links, evidence,
confidence, detail and depths, and the feature rows, of the code it replaced, kept
below as ``_ReferenceIndex`` and ``_ReferenceContext``: on every seed, the fixtures'
flat threads, hypothesis threads and the corpus's nested threads flattened to text."""

from __future__ import annotations

import copy
import heapq
import importlib.util
import math
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import threads
from threads import quotes, similar, threaded, wordindex
from threads.model import Post, Reply
from threads.replies import same_person

ROOT = Path(__file__).resolve().parent.parent
# plurals, their singulars, function words, a URL, non-Latin and one- and two-letter words
_VOCAB = [
    "spheres",
    "sphere",
    "Influence",
    "the",
    "and",
    "don't",
    "glass",
    "classes",
    "ıi",
    "İstanbul",
    "www.example.org/x",
    "https://a.b/c?d",
    "Straße",
    "STRASSE",
    "naïve",
    "ok",
    "a",
    "?",
    "\n",
    "—",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_VOCAB), st.text(max_size=6)), max_size=30).map(" ".join)


def _reference(text: str, stop: frozenset[str]) -> list[tuple[str, int]]:
    return list(Counter(similar.content_words(text, stop)).items())


def _fast(text: str, stop: frozenset[str]) -> list[tuple[str, int]]:
    return list(wordindex._Terms(stop).count(text.casefold()).items())


def test_terms_equal_the_plain_counts_on_every_seed_post() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paragraphs = [para for text in texts for para in text.split("\n\n") if para.strip()]
    assert len(paragraphs) > 50
    stop = similar.stopwords_for(paragraphs)
    terms = wordindex._Terms(stop)  # one cache across posts, as the index uses it
    for para in paragraphs:
        assert list(terms.count(para.casefold()).items()) == _reference(para, stop)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_terms_equal_the_plain_counts_on_any_text(text: str) -> None:
    assert _fast(text, similar.STOPWORDS) == _reference(text, similar.STOPWORDS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(-50, 50), min_size=26, max_size=26), min_size=1, max_size=8))
def test_probabilities_equal_the_generator_dot_product(rows: list[list[float]]) -> None:
    # a linear model (the committed one is trees: tests/test_similar_trees.py)
    model = similar.Model(weights=tuple(float(k % 7 - 3) / 2 for k in range(len(similar.FEATURES))))
    weights = model.mode_weights("threaded")
    scores = [sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]
    exps = [math.exp(s - max(scores)) for s in scores]
    assert model.probabilities(rows, "threaded") == [e / sum(exps) for e in exps]


def test_the_index_is_freed_when_the_thread_is_done() -> None:
    """No reference cycle keeps a thread's index alive: the pipeline pauses the cyclic
    collector while threads are analysed, so a cycle would hold the index (~160 MB at
    100k posts) through sentiment and the tables."""
    import gc
    import weakref

    import threads

    posts = threads.read(ROOT / "seeds" / "004_c3b9a48d73eaee79.txt").threads[0].posts
    gc.disable()
    try:
        index = wordindex.WordIndex(posts)
        assert index.shared(3, [2])[0][0] >= 0 and index.near(5, similar.TOP_K * 2)
        ref = weakref.ref(index)
        del index
        assert ref() is None
    finally:
        gc.enable()


# ---------------------------------------------------------------- the scoring path


class _ReferenceIndex:
    """``wordindex.WordIndex`` before round 4 of issue 17: content words by ``content_words``,
    BM25 one pair at a time over all the query's words, a post's words found again for
    the features of each of its candidates."""

    def __init__(self, posts: list[Post]) -> None:
        self.texts = [p.text or "" for p in posts]
        stop = similar.stopwords_for(self.texts)
        self.terms = [Counter(similar.content_words(t, stop)) for t in self.texts]
        self.asked = [
            tuple(Counter(similar.content_words(" ".join(wordindex._QUESTION.findall(t)), stop)))
            if "?" in t
            else ()
            for t in self.texts
        ]
        self.lengths = [sum(t.values()) for t in self.terms]
        self.avg = (sum(self.lengths) / len(posts)) or 1.0
        self.postings: dict[str, list[int]] = defaultdict(list)
        for pid, terms in enumerate(self.terms):
            for word in terms:
                self.postings[word].append(pid)
        n = len(posts)
        self.idf = {w: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self.postings.items()}
        self.top_idf = math.log(1 + (n - 1.5) / 1.5) if n > 1 else 1.0
        self.pairs = 0

    def shared(self, query: int, doc: int) -> tuple[float, int, float]:
        terms, size, idf, postings = self.terms[doc], self.lengths[doc], self.idf, self.postings
        norm = wordindex.BM25_K1 * (1 - wordindex.BM25_B + wordindex.BM25_B * size / self.avg)
        score, exclusive, rarest = 0.0, 0, 0.0
        for w in self.terms[query]:
            tf = terms.get(w)
            if tf is None:
                continue
            weight = idf[w]
            score += weight * tf * (wordindex.BM25_K1 + 1) / (tf + norm)
            if len(postings[w]) == 2:
                exclusive += 1
            if weight > rarest:
                rarest = weight
        return score, exclusive, rarest / self.top_idf

    def folded(self, pid: int) -> set[str]:
        return set(re.findall(r"\w+", self.texts[pid].casefold()))

    def near(self, pid: int, k: int = similar.TOP_K * 2) -> list[int]:
        acc: dict[int, float] = defaultdict(float)
        for word in self.terms[pid]:
            posting = self.postings[word]
            if len(posting) > similar.MAX_POSTINGS:
                continue
            idf = self.idf[word]
            for other in posting:
                if other >= pid:
                    break
                acc[other] += idf
        return heapq.nlargest(k, acc, key=lambda o: (acc[o], o))


class _ReferenceContext(similar._Context):
    """``similar._Context`` with the candidates and feature rows of before round 4."""

    def __init__(self, posts: list[Post], oracle: list[int] | None = None) -> None:
        super().__init__(posts, oracle)
        self.index = _ReferenceIndex(posts)  # type: ignore[assignment]

    def candidates(self, pid: int) -> list[int]:
        posts, me = self.posts, self.posts[pid].author
        if self.mode == "threaded":
            up = threaded.path(self.parent, pid - 1)
            if self.rule[pid] not in up:
                up.append(self.rule[pid])
            return [0] + [
                c
                for c in up
                if c
                and not same_person(posts[c].author, me)
                and threaded.written_before(posts[c], posts[pid])
            ]
        near = [c for c in self.index.near(pid, similar.TOP_K * 2) if not same_person(posts[c].author, me)]
        near = near[: similar.TOP_K]
        above = [
            c
            for c in range(pid - 1, max(0, pid - 1 - similar.PREVIOUS * 3), -1)
            if not same_person(posts[c].author, me)
        ][: similar.PREVIOUS]
        return sorted({0, *near, *above})

    def features(self, pid: int, cands: list[int]) -> list[list[float]]:
        posts, index = self.posts, self.index
        post = posts[pid]
        opener = bool(similar._OPENER.match(post.text or ""))
        folded = index.folded(pid)  # type: ignore[attr-defined]
        you = not folded.isdisjoint(wordindex._YOU)
        prev_parent = self.parent[pid - 1] if pid > 1 else None
        up = threaded.path(self.parent, pid - 1)
        steps = {c: k for k, c in enumerate(up)}
        earlier = [c for c in up if threaded.written_before(posts[c], post)]
        rank = {c: k for k, c in enumerate(earlier)}
        shared = [index.shared(pid, c) for c in cands]
        scores = [s[0] for s in shared]
        index.pairs += len(cands)
        best = max(range(len(cands)), key=lambda i: (scores[i], cands[i])) if any(scores) else -1
        words = [math.log1p(x) for x in scores]
        rows = []
        for i, c in enumerate(cands):
            cand = posts[c]
            is_root = c == 0
            minutes = None if is_root else similar._minutes(post, cand)
            step = steps.get(c)
            rows.append(
                [
                    float(is_root),
                    words[i] if is_root else 0.0,
                    float(c == pid - 1),
                    0.0 if is_root else words[i],
                    float(i == best and not is_root),
                    0.0 if is_root else math.log1p(shared[i][1]),
                    shared[i][2],
                    0.0 if is_root else math.log1p(len(index.terms[pid].keys() & index.asked[c])),
                    0.0 if is_root else math.log1p(pid - c - 1),
                    0.0 if minutes is None else math.log1p(minutes),
                    float(not is_root and minutes is None),
                    float("?" in (cand.text or "")),
                    float(opener and not is_root),
                    float(you and not is_root),
                    float(any(part in folded for part in wordindex._name_parts(cand.author))),
                    float(self.talked[(post.author or "", cand.author or "")] > 0),
                    float(not is_root and cand.author is not None and cand.author == posts[0].author),
                    float(not is_root and prev_parent == c),
                    float(step is not None),
                    0.0 if step is None else math.log1p(step),
                    float(not is_root and post.author is not None and post.author in self.answered[c]),
                    float(bool(earlier) and c == earlier[0]),
                    math.log1p(rank[c]) if c in rank else 0.0,
                    float(bool(self.rule) and self.rule[pid] == c),
                    self.back_share if is_root else 0.0,
                    float(is_root and pid > 1 and not threaded.written_before(posts[pid - 1], post)),
                ]
            )
        return rows


def _outcome(posts: list[Post], edges: list[Reply], context: type, monkeypatch: pytest.MonkeyPatch) -> object:
    """What ``infer`` and ``features`` give with ``context`` as the scoring path: every
    link row, every post's parent, evidence, confidence and depth, every feature row."""
    posts, edges = copy.deepcopy((posts, edges))
    with monkeypatch.context() as patch:
        patch.setattr(similar, "_Context", context)
        rows = similar.features(posts)
        out = similar.infer(posts, edges)
    links = [(r.post_id, r.target_id, r.target_author, r.evidence, r.confidence, r.detail) for r in out]
    return rows, links, [(p.parent_id, p.reply_evidence, p.reply_confidence, p.depth) for p in posts]


def _same_as_reference(thread: threads.Thread, monkeypatch: pytest.MonkeyPatch) -> bool:
    got = _outcome(thread.posts, thread.replies, similar._Context, monkeypatch)
    return got == _outcome(thread.posts, thread.replies, _ReferenceContext, monkeypatch)


def _unlinked(path: Path, **kw: object) -> list[threads.Thread]:
    """The threads of ``path`` as ``infer`` receives them (markers' links only)."""
    return threads.read(path, options=threads.Options(infer=False), **kw).threads  # type: ignore[arg-type]


def test_scoring_equals_the_reference_on_every_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    found = [t for path in seeds for t in _unlinked(path) if similar._flat(t.posts)]
    assert found  # seed 004 (the others are nested or a single article)
    assert all(_same_as_reference(t, monkeypatch) for t in found)


def test_scoring_equals_the_reference_on_the_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture file's flat threads (each engine's shapes: titles, quotes, links)."""
    checked = 0
    for path in sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file()):
        try:
            found = _unlinked(path)
        except threads.ThreadsError:
            continue
        for t in found:
            if similar._flat(t.posts):
                assert _same_as_reference(t, monkeypatch), path
                checked += 1
    assert checked >= 20


def _load_flatten() -> object:
    if "threads_flatten" not in sys.modules:  # tests/test_similar.py may have loaded it
        spec = importlib.util.spec_from_file_location("threads_flatten", ROOT / "scripts" / "flatten.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["threads_flatten"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules["threads_flatten"]


def test_scoring_equals_the_reference_on_the_corpus_flattened(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus's and train set's nested threads flattened to text, in depth-first
    order (the beam, the path candidates) or in time order (the index's candidates)."""
    flatten = _load_flatten()
    every = [f for f in flatten.flats(include_corpus=True) if str(corpus) in f.name]  # type: ignore[attr-defined]
    # each thread comes in both orders: one thread in time order, the next depth-first
    # (all of them took ~50 s, the reference being the slow side)
    flats = [f for i, f in enumerate(every) if i % 4 in (0, 3)]
    assert {f.order for f in flats} == {"depth", "time"} and len(flats) >= 20
    differ = []
    for n, flat in enumerate(flats):
        path = tmp_path / f"{n}.txt"
        path.write_text(flat.text, encoding="utf-8")
        for t in _unlinked(path, format="typepad-text"):
            if not _same_as_reference(t, monkeypatch):
                differ.append(flat.name)
    assert differ == []


_AUTHORS = ["Ann", "ann ", "Bob", "Cy Young", "The Twisted Genius", "Dee", None]
# openers, "you", names and their parts, plurals, a question, links, non-ASCII words
_THREAD_WORDS = [
    "Yes,",
    "No.",
    "I agree",
    "you",
    "U",
    "Ann",
    "bob",
    "young",
    "twisted",
    "spheres",
    "sphere",
    "influence",
    "glass",
    "classes",
    "why?",
    "?",
    "!",
    ".",
    "\n",
    "www.bob.org/you",
    "https://a.b/c?d=Ann",
    "Straße",
    "naïve",
    "don't",
    "kettle",
    "kettles",
]


@st.composite
def _threads(draw: st.DrawFn) -> tuple[list[Post], list[Reply]]:
    n = draw(st.integers(3, 24))
    minute, posts, edges = 0, [], []
    for pid in range(n):
        # mostly forward in time, sometimes back (a threaded page), sometimes no time
        minute += draw(st.sampled_from([1, 2, 5, 30, -20, -3]))
        when = None if draw(st.integers(0, 9)) == 0 else datetime(2020, 1, 1) + timedelta(minutes=minute)
        author = draw(st.sampled_from(_AUTHORS))
        text = " ".join(draw(st.lists(st.sampled_from(_THREAD_WORDS), max_size=14)))
        marked = pid > 1 and draw(st.integers(0, 4)) == 0  # a quote names its parent
        parent = draw(st.integers(1, pid - 1)) if marked else 0
        evidence = "quote" if marked else "root"
        # (thread, id, author, time, title, text, quoted, source id, lines, format, file)
        post = Post("t", pid, author, when, None, text, [], None, 0, 0, "typepad-text", "t.txt")
        if pid:
            post.parent_id, post.reply_evidence, post.reply_confidence = parent, evidence, 0.9
        posts.append(post)
        if pid:
            edges.append(Reply("t", pid, parent, posts[parent].author, evidence, 0.9, evidence))
    return posts, edges


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(thread=_threads())
def test_scoring_equals_the_reference_on_any_thread(
    thread: tuple[list[Post], list[Reply]], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts, edges = thread
    got = _outcome(posts, edges, similar._Context, monkeypatch)
    assert got == _outcome(posts, edges, _ReferenceContext, monkeypatch)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, st.text(alphabet="ab_1 ?!.,'-\n\t\x0b\x1c", max_size=40), st.text(max_size=30)))
def test_words_and_questions_equal_their_regexes(text: str) -> None:
    """The ASCII path of ``quotes.word_runs`` (translate + split), which the index
    tokenises with, and ``_questions`` (split + rfind)."""
    folded = text.casefold()
    assert quotes.word_runs(folded) == re.findall(r"\w+", folded)
    assert wordindex._questions(text) == wordindex._QUESTION.findall(text)
