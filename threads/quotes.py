"""Own text versus quoted text, and which earlier post a quote comes from.

A post's quotes are ``>`` lines (with their "On ..., X wrote:" attribution, in any of
the languages of :data:`markers.ATTRIBUTIONS`), an original message quoted below a
separator without ">" (Outlook: "-----Original Message-----", "From: X"), passages
in quotation marks that repeat an earlier post, and reply-marker lines ("In reply to
X."). Passages in quotation marks that repeat nothing in the thread (a headline, a
scare quote, a line from a news article) stay own text.

Matching is indexed: every post's own text is cut into word shingles of
:data:`SHINGLE` words, and a quote is looked up by its shingles, so a thread of 100k
posts costs one dictionary look-up per quoted word, never a scan of earlier posts.
Normalising case, punctuation and whitespace, and scoring by the share of shingles
found, make matching tolerate small edits.

>>> idx = QuoteIndex()
>>> idx.add(0, "The bear eats you, sometimes. Sometimes you eat the bear.")
>>> idx.best("sometimes you EAT the bear!", before=1)
(0, 1.0)
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from threads import markers

SHINGLE = 3
# A quote needs this many words to be looked up: shorter ones ("Yawn!") match by chance.
MIN_QUOTE_WORDS = 4
# A quote's score against a post is the mean of two shares: of its shingles found in the
# post (order), and of its words found there (edits: one changed word costs up to three
# shingles of a short quote but one word). Calibrated on seed 004 and tests/test_quotes:
# true quotes score 0.85-1.0, two edits in a 12-word quote 0.65, unrelated quoted
# phrases that share one stock shingle with a post below 0.35.
MIN_COVERAGE = 0.6
# A shingle in more posts than this is boilerplate ("one of the"), not evidence.
MAX_POSTINGS = 64

# Word sets of candidate posts kept between look-ups (see QuoteIndex._words).
_RECENT_WORD_SETS = 8192
# Quotes whose keys and words are kept between look-ups (see QuoteIndex._quote), a few
# KB each: at 20k posts of the bench dump, its 8,554 look-ups are of 2,116 different
# passages; keeping 1,024 computes 2,170 of them, 512 would compute 2,231.
_RECENT_QUOTES = 1024

_WORD = re.compile(r"\w+", re.UNICODE)
# Every ASCII character that ``\w`` does not match, to a space: on an ASCII text (most of
# an English thread) the tokens ``_WORD`` finds are the runs that ``split`` leaves once
# those characters are spaces, without a match object per word (about half the time of
# ``findall`` on the 20k-post bench dump's bodies).
_NON_WORD_ASCII = str.maketrans({chr(c): " " for c in range(128) if not _WORD.match(chr(c))})


def word_runs(folded: str) -> list[str]:
    """``_WORD.findall(folded)``: every maximal run of word characters of an already
    case-folded text (an ASCII one split on its other characters instead). The quote
    index and reply inference's word index (threads.wordindex) both tokenise with it."""
    if folded.isascii():
        return folded.translate(_NON_WORD_ASCII).split()
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """Case-folded word tokens, punctuation dropped."""
    return word_runs(text.casefold())


# A shingle's key: its three word ids mixed into 64 bits, computed the same way in Python
# (masked) and in numpy (uint64 arithmetic wraps), so keys built in bulk for a whole
# thread (QuoteIndex.key_sets) and one text at a time agree. A text shorter than SHINGLE
# words is one shingle padded with _GAP, an id no word gets. The index keeps one int per
# shingle, not a tuple that keeps its words alive. Two different shingles share a key
# with odds of ~1e-19 per pair; such a collision would only add one shingle's worth of
# coverage, never a match on its own (QuoteIndex.best needs two).
_MIX1, _MIX2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
_MASK = (1 << 64) - 1
_GAP = (1 << 32) - 1
# Texts tokenised per polars call in QuoteIndex.key_sets: bounds the flat token arrays
# (their tokens, ids and keys are the quote stage's peak memory: at 100k posts 20,000
# texts a call peaked at 602 MB, 5,000 at 542 MB, in the same time).
_KEY_CHUNK = 5_000
# A text of at least this many words has its shingle keys mixed by numpy rather than by
# one Python expression per shingle: at 20k posts the texts add re-tokenises (their own
# text lost a quote) took 24 instead of 38 µs each; any threshold from 4 to 64 words gave
# the same total on the quote look-ups (44 words on average).
_BULK_MIX_FROM = 16


def _keys(ids: list[int]) -> set[int]:
    """The distinct shingle keys of a text's word ids."""
    if len(ids) < SHINGLE:
        if not ids:
            return set()
        a, b, c = (*ids, _GAP, _GAP)[:SHINGLE]
        return {(a * _MIX1 + b * _MIX2 + c) & _MASK}
    return {(a * _MIX1 + b * _MIX2 + c) & _MASK for a, b, c in zip(ids, ids[1:], ids[2:], strict=False)}


def _mix(ids: np.ndarray) -> np.ndarray:
    """The keys of every three consecutive word ids (uint64): the keys :func:`_keys`
    gives, numpy's uint64 arithmetic wrapping as ``_MASK`` masks."""
    return ids[:-2] * np.uint64(_MIX1) + ids[1:-1] * np.uint64(_MIX2) + ids[2:]


class _Vocab(dict[str, int]):
    """Word → id, a new word getting the next id (``len`` before it is added, what
    ``setdefault(word, len(vocab))`` gives): a text's ids are then one C-level
    ``map(vocab.__getitem__, words)``, with a Python call only for a new word."""

    def __missing__(self, word: str) -> int:
        n = self[word] = len(self)
        return n


class QuoteIndex:
    """Shingle → posts index over own texts, filled in document order."""

    def __init__(self) -> None:
        # Shingle key → the post that has it (an int: most shingles occur once), or
        # the posts that have it, in order, up to MAX_POSTINGS + 1 of them.
        self._postings: dict[int, int | list[int]] = {}
        # Shingles with more than MAX_POSTINGS posts: boilerplate, skipped from now on.
        self._full: set[int] = set()
        # Own texts by post id: a candidate's words are recomputed when a quote is
        # scored against it rather than kept as a set per post (the largest structure
        # of a big thread, and mostly never read).
        self._texts: dict[int, str] = {}
        self._recent: dict[int, set[str]] = {}
        self._quotes: dict[str, tuple[set[int], set[str]] | None] = {}  # see _quote
        self._last = -1  # the highest post id indexed
        # Word → id, for shingle keys.
        self._vocab = _Vocab()

    def _key_set(self, tokens: list[str]) -> set[int]:
        ids = list(map(self._vocab.__getitem__, tokens))
        if len(ids) < _BULK_MIX_FROM:
            return _keys(ids)
        return set(_mix(np.array(ids, dtype=np.uint64)).tolist())

    def key_sets(self, texts: list[str]) -> Iterator[set[int]]:
        """The shingle keys of each of ``texts``, as :meth:`add` would compute them,
        tokenised and mixed in bulk (polars, numpy): pass them to :meth:`add` for a
        post whose own text has the same words."""
        for start in range(0, len(texts), _KEY_CHUNK):
            yield from self._chunk_key_sets(texts[start : start + _KEY_CHUNK])

    def _chunk_key_sets(self, texts: list[str]) -> Iterator[set[int]]:
        ids, counts = self._bulk_ids(texts)
        owner = np.repeat(np.arange(len(texts)), counts)
        same = owner[:-2] == owner[2:]
        keys = _mix(ids)[same]
        ends = np.cumsum(np.maximum(counts - (SHINGLE - 1), 0)).tolist()
        starts = (np.cumsum(counts) - counts).tolist()
        begin = 0
        for n, end, first in zip(counts.tolist(), ends, starts, strict=True):
            if n >= SHINGLE:
                yield set(keys[begin:end].tolist())
            else:  # short texts are rare: their one padded shingle in Python
                yield _keys(ids[first : first + n].tolist())
            begin = end

    def _bulk_ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every text's word ids (flat, uint64) and word counts: the ids ``words`` then
        ``_vocab`` give. Rust's ``\\w`` and lower-casing equal Python's ``\\w`` and
        ``casefold`` on ASCII, so only texts with other characters (a few percent of an
        English thread) are tokenised by ``words``."""
        series = pl.Series(texts, dtype=pl.String)
        ascii_ = series.str.len_bytes() == series.str.len_chars()
        tokens = series.str.to_lowercase().str.extract_all(_WORD.pattern)
        if not ascii_.all():
            other = [None if a else words(t) for t, a in zip(texts, ascii_.to_list(), strict=True)]
            tokens = tokens.zip_with(ascii_, pl.Series(other, dtype=pl.List(pl.String)))
        counts = tokens.list.len().fill_null(0).to_numpy().astype(np.int64)
        flat = tokens.explode().drop_nulls()
        distinct = flat.unique(maintain_order=True)
        codes = flat.cast(pl.Enum(distinct)).to_physical().to_numpy()
        vocab = self._vocab
        ids = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for t in distinct.to_list()), np.uint64, len(distinct)
        )
        return ids[codes], counts

    def add(self, post_id: int, text: str, keys: set[int] | None = None) -> None:
        """Index ``post_id``'s own text; ``keys``, if given, are its shingle keys from
        :meth:`key_sets` (they are modified)."""
        self._texts[post_id] = text
        self._last = max(self._last, post_id)
        postings = self._postings
        if keys is None:
            keys = self._key_set(words(text))
        # Boilerplate shingles first, against the small set of them: they are indexed
        # already and take no more posts, and most of a post's repeated shingles are
        # such (stock phrases, a repeated sentence). Only the rest is looked up in the
        # large postings dictionary, whose look-ups miss the CPU caches. (A new set:
        # ``-=`` would walk the whole boilerplate set instead of the post's keys.)
        keys = keys - self._full
        seen = keys & postings.keys()
        if seen:
            keys -= seen
            for key in seen:
                posting = postings[key]
                if type(posting) is int:
                    postings[key] = [posting, post_id]
                else:
                    posting.append(post_id)
                    if len(posting) > MAX_POSTINGS:
                        self._full.add(key)
        # New shingles in one C-level call rather than one look-up each.
        postings.update(dict.fromkeys(keys, post_id))

    def _words(self, post_id: int) -> set[str]:
        # Recent candidates come back (a quoted post is often quoted again, a stock
        # sentence matches the same posts): keep some thousands of word sets, not one
        # per post (measured: 1.2 s of 2.3 s per 10k posts recomputing with 512).
        found = self._recent.get(post_id)
        if found is None:
            if len(self._recent) >= _RECENT_WORD_SETS:
                self._recent.clear()
            found = self._recent[post_id] = set(words(self._texts[post_id]))
        return found

    def _quote(self, quote: str) -> tuple[set[int], set[str]] | None:
        """A quote's shingle keys and words, ``None`` if it is too short to look up.
        The same passage is often looked up again (a line quoted by several posts, a
        phrase in quotation marks that recurs): the recent ones are kept. A word's id
        never changes once given, so kept keys are the keys computed again."""
        found = self._quotes.get(quote, False)
        if found is False:
            if len(self._quotes) >= _RECENT_QUOTES:
                self._quotes.clear()
            tokens = words(quote)
            found = self._quotes[quote] = (
                (self._key_set(tokens), set(tokens)) if len(tokens) >= MIN_QUOTE_WORDS else None
            )
        return found

    def best(self, quote: str, before: int) -> tuple[int, float] | None:
        """The earlier post (id < ``before``) that ``quote`` repeats, with its coverage
        in [0, 1]; ``None`` if no post covers :data:`MIN_COVERAGE` of it. Ties go to
        the earliest post: the one first said it."""
        shingles = self._quote(quote)
        if shingles is None:
            return None
        unique, qwords = shingles
        postings = self._postings
        # The posts that share each of the quote's shingles, boilerplate left out: the
        # shingles some post has are found by set operations in C (most of a quote's
        # shingles are in no post, or boilerplate), and the posts counted by one
        # Counter call.
        found: list[int] = []
        for key in (unique & postings.keys()) - self._full:
            posting = postings[key]
            if type(posting) is int:
                found.append(posting)
            else:
                found.extend(posting)
        if self._last >= before:  # posts from ``before`` on are indexed: not candidates
            found = [pid for pid in found if pid < before]
        if not found:
            return None
        n_keys = len(unique)
        need = min(2, n_keys)  # one shared stock phrase is not a quote
        # Most shingles shared, first: a post's score is at most its shingle share plus
        # 0.5 (all words found), so once that bound is below the best score so far (or
        # below MIN_COVERAGE) no later post can win, and their words need not be read.
        best: tuple[float, int] | None = None
        floor = MIN_COVERAGE
        for pid, n in Counter(found).most_common():  # a stable sort, as sorted(key=-n) was
            share = 0.5 * n / n_keys
            if n < need or share + 0.5 < floor:
                break
            score = share + 0.5 * len(qwords & self._words(pid)) / len(qwords)
            if best is None or (-score, pid) < (-best[0], best[1]):
                best = (score, pid)
                floor = max(floor, score)
        if best is None or best[0] < MIN_COVERAGE:
            return None
        return best[1], round(best[0], 3)


@dataclass
class QuoteHit:
    """A quoted passage, the earlier post it repeats (if found) and the name it is
    attributed to (if the text says)."""

    text: str
    target: int | None
    coverage: float
    source_name: str | None = None


@dataclass
class Split:
    """A post's own text and what was taken out of it."""

    own: str
    quoted: list[str] = field(default_factory=list)
    hits: list[QuoteHit] = field(default_factory=list)


def _quoted_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Line runs [i, j) that are wholly in quotation marks: one line, or up to
    ``_MAX_RUN`` lines from an opening mark to a closing one."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s and s[0] in markers.OPEN_QUOTES:
            for j in range(i, min(i + _MAX_RUN, len(lines))):
                end = lines[j].strip().rstrip(".,;:!?…")
                if end and end[-1] in markers.CLOSE_QUOTES and (j > i or len(end) > 1):
                    runs.append((i, j + 1))
                    i = j
                    break
        i += 1
    return runs


_MAX_RUN = 30
_LEFTOVER = re.compile(r"^\s*(?:re:)?[\s\W]*$", re.IGNORECASE)


_APOSTROPHE_LINE = re.compile(r"\n\s*'")


def needs_split(body: str) -> bool:
    """Whether :func:`split` could take anything out of ``body``: a ">" line, a mark
    that can open a quotation, or a reply-marker line. Most posts have none (their own
    text is the body) and are spared the line-by-line scan. A superset test: it may say
    yes to a post that keeps all its text, never no to one that does not."""
    return (
        ">" in body
        or '"' in body
        or "“" in body
        or "„" in body
        or "«" in body
        or "‘" in body
        or ("'" in body and (body.lstrip()[:1] == "'" or _APOSTROPHE_LINE.search(body) is not None))
        or next(markers.in_reply_to(body), None) is not None
        or may_quote_original(body)
    )


def may_quote_original(body: str) -> bool:
    """Whether ``body`` may hold an original message quoted without ">" (its separator
    line of dashes or underscores, :data:`markers.ORIGINAL_MESSAGE_LINE`)."""
    return "--" in body or "__" in body


def quote_original(out: Split, lines: list[str], drop: list[bool], index: QuoteIndex, post_id: int) -> None:
    """Take an original message quoted without ">" (Outlook: a separator, the quoted
    mail's headers, its text to the end of the body) out of ``lines``: the lines not
    dropped yet, from the header block on, are one quote of the sender it names."""
    for i in range(len(lines)):
        if drop[i] or not (found := markers.original_message(lines, i)):
            continue
        start, source = found
        text = "\n".join(line for line, gone in zip(lines[start:], drop[start:], strict=True) if not gone)
        if text.strip():
            _add(out, text.strip(), index, post_id, source)
        drop[i:] = [True] * (len(lines) - i)
        return


def split(body: str, index: QuoteIndex, post_id: int) -> Split:
    """Separate ``body`` into own text and quotes, matching quotes against ``index``
    (which holds the own texts of posts before ``post_id``)."""
    if not needs_split(body):
        return Split(own=body.strip())
    lines = body.split("\n")
    out = Split(own="")
    drop = [False] * len(lines)

    # Each step below first asks the whole body whether it can find anything (a ">", a
    # marker's hint, a quotation mark, an inline quotation): a step that cannot skips
    # its line-by-line scan, with the same result.
    # 1. ">" blocks, with an attribution line just above them.
    i = 0 if ">" in body else len(lines)
    while i < len(lines):
        if markers.QUOTED_LINE.match(lines[i]):
            j = i
            while j < len(lines) and (markers.QUOTED_LINE.match(lines[j]) or not lines[j].strip()):
                j += 1
            while j > i and not lines[j - 1].strip():
                j -= 1
            text = "\n".join(re.sub(r"^\s*(?:>\s?)+", "", ln) for ln in lines[i:j]).strip()
            source = None
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0 and (name := markers.attribution_name(lines[k])):
                source, drop[k] = name, True
            _add(out, text, index, post_id, source)
            drop[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1

    # 1b. An original message quoted without ">" (Outlook), to the end of the body.
    if may_quote_original(body):
        quote_original(out, lines, drop, index, post_id)

    # 2. Reply-marker lines are not own text ("In reply to Babak Makkinejad.").
    if markers.may_reply_to(body):
        for n, line in enumerate(lines):
            if markers.IN_REPLY_TO.match(line):
                drop[n] = True

    # 3. Whole lines (or runs) in quotation marks that repeat an earlier post.
    for a, b in _quoted_runs(lines) if any(map(body.__contains__, markers.OPEN_QUOTES)) else ():
        if any(drop[a:b]):
            continue
        text = "\n".join(lines[a:b]).strip()
        hit = index.best(text, before=post_id)
        if hit:
            _record(out, _unquote(text), hit, None)
            drop[a:b] = [True] * (b - a)

    # 4. Inline passages in quotation marks that repeat an earlier post. A match holds
    # no line break, so the body's matches are each line's, found in one scan.
    inline = list(markers.INLINE_QUOTE.finditer(body))
    if inline:
        kept = _inline_quotes(lines, drop, inline, out, index, post_id)
    else:
        kept = [line for line, dropped in zip(lines, drop, strict=True) if not dropped]
    if len(kept) == len(lines) and not out.quoted:
        # Nothing taken out (most posts): the same text, and the very same string object
        # as the body rather than a copy of it (``strip`` returns it when it can).
        out.own = body.strip()
    else:
        out.own = "\n".join(kept).strip()
    return out


def _inline_quotes(
    lines: list[str],
    drop: list[bool],
    inline: list[re.Match[str]],
    out: Split,
    index: QuoteIndex,
    post_id: int,
) -> list[str]:
    """The lines not dropped, without the passages of ``inline`` (INLINE_QUOTE's matches
    in the body the lines make) that repeat an earlier post, recorded in ``out``; a line
    left with nothing but punctuation goes."""
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))
    by_line: dict[int, list[re.Match[str]]] = {}
    for m in inline:
        by_line.setdefault(bisect.bisect_right(ends, m.start()), []).append(m)
    kept: list[str] = []
    for n, line in enumerate(lines):
        if drop[n]:
            continue
        new = line
        for m in by_line.get(n, ()):
            hit = index.best(m.group("q"), before=post_id)
            if hit:
                _record(out, m.group("q").strip(), hit, None)
                new = new.replace(m.group(0), "", 1)
        if new != line and _LEFTOVER.match(new):
            continue
        kept.append(re.sub(r"^\s+(?=\S)", "", new) if new != line else new)
    return kept


def _unquote(text: str) -> str:
    text = text.strip()
    if text and text[0] in markers.OPEN_QUOTES:
        text = text[1:]
    stripped = text.rstrip(".,;:!?… ")
    if stripped and stripped[-1] in markers.CLOSE_QUOTES:
        text = stripped[:-1] + text[len(stripped) :]
    return text.strip()


def _record(out: Split, text: str, hit: tuple[int, float], source: str | None) -> None:
    out.quoted.append(text)
    out.hits.append(QuoteHit(text, hit[0], hit[1], source))


def _add(out: Split, text: str, index: QuoteIndex, post_id: int, source: str | None) -> None:
    """A quote known to be one (a ">" block): kept as quoted, matched if possible."""
    hit = index.best(text, before=post_id)
    out.quoted.append(text)
    out.hits.append(QuoteHit(text, hit[0] if hit else None, hit[1] if hit else 0.0, source))
