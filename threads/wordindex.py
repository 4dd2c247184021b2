"""Words of a thread for reply inference: content words, stop words per language, and
the index :mod:`threads.similar` finds and scores candidate parents with.

Every post's content words (case-folded, function words of its language out, a plural
``s`` cut) are counted once per thread; an inverted index of them gives each post's
earlier posts that share its rarest words (:meth:`WordIndex.near`) and BM25 between
two posts (:meth:`WordIndex.shared`). Words in more than :data:`MAX_POSTINGS` posts are
too common to find candidates with (they still count in the score).

>>> from threads.wordindex import content_words
>>> content_words("You can shove your spheres of influence!")
['shove', 'sphere', 'influence']
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from functools import cache
from sys import intern

from threads.model import Post
from threads.quotes import word_runs
from threads.sentiment import detect_language

MAX_POSTINGS = 64  # a word in more posts than this finds no candidates (like quotes.MAX_POSTINGS)
BM25_K1, BM25_B = 1.2, 0.75  # the usual Okapi values, not tuned

_LONG_WORD = re.compile(r"\w{3,}", re.UNICODE)  # what content_words keeps, found in C
# Function words of the languages of the fixtures and seeds: they say nothing about
# which post is answered. Other words are weighted by their rarity in the thread.
_FUNCTION_WORDS = """a about above after again against all also am an and any are aren't as at be because
been before being below between both but by can can't cannot could did do does doing don't down
during each even ever every few for from further get got had has have having he her here hers
herself him himself his how however i if in into is isn't it it's its itself just let like
made make many may me might more most much must my myself no nor not now of off on once one
only or other others our ours ourselves out over own really same say said see she should so
some still such than that that's the their theirs them themselves then there these they
thing things think this those though through thus to too under until up upon us very was
wasn't way we well were what when where which while who whom why will with would yes yet you
your yours yourself yourselves der die das und ist nicht ein eine einen mit von den dem des
auch auf für sich sie wir ich sind war aber oder wie noch nur bei als wenn dass zum zur
wird werden wurde kann können muss müssen soll schon doch kaum sehr mehr nach über unter
aus man mein dein sein kein keine alles etwas immer hier dann denn weil gleich ganz
le la les des une est pas que qui dans pour sur avec mais par sont plus ont aux
cette ces son ses leur nous vous ils elle être avoir fait tout tous très aussi comme"""
# \w+ cuts "don't" into "don" and "t": the stems English negative contractions leave are
# function words too (they were counted as shared rare words, so two posts that both said
# "wouldn't" and "didn't" looked alike). "won" (won't) is also a verb and stays a word.
CONTRACTION_STEMS = frozenset(
    {"aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "mustn"}
    | {"needn", "shouldn", "wasn", "weren", "wouldn"}
)
_NAME_STOP = frozenset(_FUNCTION_WORDS.split())  # not part of a name ("The Twisted Genius")
STOPWORDS = _NAME_STOP | CONTRACTION_STEMS
# A thread in another language adds that language's list (the ``stop-words`` package, 34
# languages, offline): Turkish filler ("bir", "çok", "için") was counted as shared rare
# words and made every guess in a Turkish guestbook wrong. The thread's language is
# py3langid's answer on a sample of its posts.
LANG_SAMPLE_CHARS = 20_000


@cache
def _language_stopwords(lang: str) -> frozenset[str]:
    from stop_words import StopWordError, get_stop_words

    try:
        return frozenset(w.casefold() for w in get_stop_words(lang))
    except StopWordError:
        return frozenset()


def stopwords_for(texts: list[str]) -> frozenset[str]:
    """:data:`STOPWORDS`, with the list of the thread's language when it is not English."""
    sample, size = [], 0
    for text in texts:
        if size >= LANG_SAMPLE_CHARS:
            break
        sample.append(text)
        size += len(text)
    lang = detect_language(" ".join(sample)[:LANG_SAMPLE_CHARS])
    if lang is None or lang == "en":
        return STOPWORDS
    return STOPWORDS | _language_stopwords(lang)


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Anchored at a sentence start: unanchored, every position of a long sentence without
# "?" would rescan it to its end (quadratic; 1.3 s for a 25,000-character post).
_QUESTION = re.compile(r"(?:^|(?<=[.!?\n]))[^.!?\n]*\?")


def _questions(text: str) -> list[str]:
    """``_QUESTION.findall(text)``: each "?" with the text back to the sentence end
    before it, found by ``str.split`` and ``rfind`` (~4x faster than the regex, which tries
    its look-behind at every character)."""
    pieces = text.split("?")
    pieces.pop()  # the text after the last "?"
    return [p[max(p.rfind("."), p.rfind("!"), p.rfind("\n")) + 1 :] + "?" for p in pieces]


# The second person, as whole words of the case-folded post ("you're" holds "you").
_YOU = frozenset(
    {"you", "your", "yours", "youre", "yourself", "u", "du", "dich", "dir", "dein", "deine", "euch"}
    | {"tu", "toi", "ton", "ta", "tes", "vous"}
)


@cache
def _name_parts(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(p for p in re.split(r"[\W_]+", author.casefold()) if len(p) >= 3 and p not in _NAME_STOP)


def _stem(word: str, stop: frozenset[str]) -> str:
    """``word``'s content form: "" for a function word, else with a plural ``s`` cut."""
    if word in stop:
        return ""
    if len(word) > 4 and word[-1] == "s" and word[-2] != "s":
        return word[:-1]
    return word


def _unlinked(folded: str) -> str:
    return _URL.sub(" ", folded) if "://" in folded or "www." in folded else folded


def content_words(text: str, stop: frozenset[str] = STOPWORDS) -> list[str]:
    """Case-folded words of three letters or more that are not function words (``stop``),
    with a plural ``s`` cut (so "spheres" meets "sphere")."""
    out = []
    for word in _LONG_WORD.findall(_unlinked(text.casefold())):
        if stemmed := _stem(word, stop):
            out.append(stemmed)
    return out


class _Stems(dict[str, str]):
    """word -> its content form, "" for a function word or a word under three letters
    (``_LONG_WORD`` keeps only maximal runs of three word characters or more): each
    distinct word stemmed once, the stems shared strings."""

    def __init__(self, stop: frozenset[str]) -> None:
        super().__init__()
        self.stop = stop

    def __missing__(self, word: str) -> str:
        stemmed = self[word] = intern(_stem(word, self.stop)) if len(word) >= 3 else ""
        return stemmed


class _Terms:
    """Content-word counts of texts, each distinct word stemmed once (a thread repeats its
    words: at 20k posts the index took 2.6 s instead of 3.5 s under cProfile, the question
    scans skipped where there is no "?" included). The stems are shared strings, so
    every post's counts share one string per word (a 100k-post thread peaked 237 MB
    lower than with a string per occurrence). Same counts, in the same key order, as
    ``Counter(content_words(text, stop))``: counting the stems of all the words in C
    orders them by first occurrence, as counting the words then merging their stems did."""

    def __init__(self, stop: frozenset[str]) -> None:
        self.stop = stop
        self.stems = _Stems(stop)

    def count(self, folded: str) -> dict[str, int]:
        """The content-word counts of an already case-folded text."""
        return self.count_words(word_runs(_unlinked(folded)))

    def count_words(self, words: list[str]) -> dict[str, int]:
        """The content-word counts of a case-folded text's words
        (:func:`~threads.quotes.word_runs`, links cut)."""
        out = Counter(map(self.stems.__getitem__, words))
        out.pop("", None)  # function words and short words
        return out


_NO_NAMES: frozenset[str] = frozenset()


class WordIndex:
    """Content words of every post, their document frequencies and the postings of the
    words that find candidates; per post, whether it says "you" and which words of the
    thread's authors' names it holds (the same words :meth:`folded` finds, looked at once
    per post rather than per candidate)."""

    def __init__(self, posts: list[Post]) -> None:
        self.texts = [p.text or "" for p in posts]
        terms = _Terms(stopwords_for(self.texts))
        count, count_words = terms.count, terms.count_words
        self.name_parts = [_name_parts(p.author) for p in posts]
        name_words = frozenset(w for parts in self.name_parts for w in parts)
        self.terms: list[dict[str, int]] = []
        self.you: list[bool] = []
        self.names: list[frozenset[str]] = []  # the post's words that are parts of names
        for text in self.texts:
            folded = text.casefold()
            words = word_runs(folded)  # the links' words too: a name or "you" may be in one
            unlinked = _unlinked(folded)
            self.terms.append(count_words(words if unlinked is folded else word_runs(unlinked)))
            self.you.append(not _YOU.isdisjoint(words))
            self.names.append(name_words.intersection(words) or _NO_NAMES)
        # The words of each post's questions (sentences ending in "?").
        # (a tuple, not a set: 216 bytes a post even when empty; the words are distinct)
        self.asks = ["?" in t for t in self.texts]
        self.asked = [
            tuple(count(" ".join(_questions(t)).casefold())) if q else ()
            for t, q in zip(self.texts, self.asks, strict=True)
        ]
        self.lengths = [sum(t.values()) for t in self.terms]
        self.avg = (sum(self.lengths) / len(posts)) or 1.0
        # BM25's length normalisation of each post as a document
        self.norms = [BM25_K1 * (1 - BM25_B + BM25_B * size / self.avg) for size in self.lengths]
        # Each word's document frequency, counted in C; postings (the posts holding a
        # word, ascending) only for the words that find candidates (near): in at most
        # MAX_POSTINGS posts. A common word's posts are never listed, only counted: its
        # list held every post id (~350 bytes a post of a 50k-post thread, a fifth of
        # this index) and was only ever asked its length.
        self.df: Counter[str] = Counter()
        for post_terms in self.terms:
            self.df.update(post_terms.keys())
        self.finding = frozenset(w for w, c in self.df.items() if c <= MAX_POSTINGS)
        self.postings: dict[str, list[int]] = defaultdict(list)
        finding = self.finding
        for pid, post_terms in enumerate(self.terms):
            for word in finding.intersection(post_terms):
                self.postings[word].append(pid)
        n = len(posts)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in self.df.items()}
        self.top_idf = math.log(1 + (n - 1.5) / 1.5) if n > 1 else 1.0  # a word in one other post
        self.pairs = 0  # candidate pairs scored (the near-linear test counts them)

    def shared(self, query: int, docs: list[int]) -> list[tuple[float, int, float]]:
        """For each of ``docs``: BM25 of ``query``'s content words against it, how many of
        the words they share are in no other post, and the idf of the rarest shared word
        over the highest idf possible. One pass over the words each pair shares (two on
        average at 20k posts, against ~40 words a post), in the query's word order, the
        order BM25 has always summed them in."""
        mine = self.terms[query]
        keys = mine.keys()
        order: dict[str, int] | None = None  # the query's word positions, when first needed
        idf, df, top, norms = self.idf, self.df, self.top_idf, self.norms
        out = []
        for doc in docs:
            terms = self.terms[doc]
            common: set[str] | list[str] = keys & terms.keys()
            score, exclusive, rarest = 0.0, 0, 0.0
            if common:
                norm = norms[doc]
                if len(common) > 1:
                    if order is None:
                        order = {w: i for i, w in enumerate(mine)}
                    common = sorted(common, key=order.__getitem__)
                for w in common:
                    tf = terms[w]
                    weight = idf[w]
                    score += weight * tf * (BM25_K1 + 1) / (tf + norm)
                    if df[w] == 2:
                        exclusive += 1
                    if weight > rarest:
                        rarest = weight
            out.append((score, exclusive, rarest / top))
        return out

    def near(self, pid: int, k: int) -> list[int]:
        """The ``k`` earlier posts sharing the most informative words with ``pid``, best first."""
        terms = self.terms[pid]
        finding = self.finding.intersection(terms)  # in C: most words of a big thread find nothing
        if not finding:
            return []
        acc: dict[int, float] = defaultdict(float)
        idf, postings = self.idf, self.postings
        # the query's word order: each post's sum adds its words' idf in that order
        for word in terms if len(finding) == len(terms) else [w for w in terms if w in finding]:
            weight = idf[word]
            for other in postings[word]:
                if other >= pid:
                    break
                acc[other] += weight
        # (sum, post) pairs compared in C: the order key=(acc[o], o) gave
        return [other for _, other in heapq.nlargest(k, zip(acc.values(), acc.keys(), strict=True))]
