"""VADER, exactly, several times faster: vaderSentiment 3.3.2's rules without its waste.

:func:`polarity` returns the same ``(neg, neu, pos, compound)`` floats, bit for bit, as
``SentimentIntensityAnalyzer().polarity_scores(text)`` of the installed vaderSentiment
on the same Python. The lexicon, the emoji lexicon and the rule tables (``BOOSTER_DICT``,
``NEGATE``, ``SPECIAL_CASES``, ``C_INCR``, ``N_SCALAR``) are read from that package at
import time, never copied here; only the rules' code is rewritten.

Where the time went upstream (cProfile on the seed comments, ~260 words each): 82% in
the list comprehensions that lower-case the *whole* word list again inside every
negation and idiom check (~45,000 ``str.lower`` calls per post; the issue measured 64% on
~95-word posts). Here each word is lower-cased once per post, and:

- the emoji pass (a Python loop over every character) runs only on non-ASCII text that
  holds an emoji of the lexicon's Basic Multilingual Plane part or any astral character;
- the idiom check is skipped when neither of the two words every idiom window must
  contain (the word itself, or the one two before it) is part of a multi-word idiom;
- ``_but_check`` is replayed on the non-zero sentiments only (see :func:`_but_check`).

Upstream quirks kept on purpose, because parity is the point (each has a test):

- ``_but_check`` finds each sentiment's position with ``list.index`` (value equality),
  so when a word's valence equals an earlier, already rescaled one ("best accept but":
  3.2 halved to 1.6, then "accept" 1.6), the earlier word is rescaled again and the
  later one not at all; only the first "but" counts.
- ``_negation_check`` three words back reads ``A and B or C``: a "so"/"this" right
  before the word multiplies by 1.25 whatever came before it.
- ``is_cap_diff`` counts ALL-CAPS words over every token (emoticons included), and the
  caps boost of a booster word depends on the sign of the valence *so far*.
- Idioms set the valence (dropping earlier boosts), "kind of" is skipped only when
  "kind" is followed by "of", "no" negates up to three words ahead ("no X or Y").
- Sums: ``sum()`` over the very same list (int 0 for words without valence, floats and
  the int idiom values in word order), so it rounds as upstream's on whatever Python
  runs both (3.11 adds left to right, 3.12 compensates: pin the oracle's Python); the
  positive and negative sums are the same ``+=`` chains. Punctuation emphasis counts "!"
  up to 4 and "?" from 2; scores are rounded with ``round()`` to 3 and 4 places.

>>> polarity("VADER is VERY SMART, handsome, and FUNNY!!!")
(0.0, 0.233, 0.767, 0.9342)
>>> polarity("")
(0.0, 0.0, 0.0, 0.0)
"""

from __future__ import annotations

import math
import re
import string

from vaderSentiment import vaderSentiment as _upstream

# The rule tables, from the installed package (whatever version it is; parity is tested
# against the same package, so a different version changes both sides together).
_ANALYZER = _upstream.SentimentIntensityAnalyzer()
LEXICON: dict[str, float] = _ANALYZER.lexicon
EMOJIS: dict[str, str] = _ANALYZER.emojis
BOOSTER: dict[str, float] = _upstream.BOOSTER_DICT
SPECIAL_CASES: dict[str, float] = _upstream.SPECIAL_CASES
NEGATE: frozenset[str] = frozenset(_upstream.NEGATE)
C_INCR: float = _upstream.C_INCR
N_SCALAR: float = _upstream.N_SCALAR
del _ANALYZER

# Upstream compares one character at a time with the emoji lexicon, so only its
# one-character keys (1,212 of 3,570 in 3.3.2) can ever match.
_EMOJI_CHARS = frozenset(k for k in EMOJIS if len(k) == 1)
# Every word that is part of a multi-word idiom or booster ("kiss of death", "kind of").
# Upstream's idiom windows are words joined by single spaces, so only these can match.
_IDIOM_WORDS = frozenset(part for key in (*SPECIAL_CASES, *BOOSTER) if " " in key for part in key.split(" "))
# A fast pre-check for the emoji pass: the lexicon's characters of the Basic Multilingual
# Plane, or any character beyond it. A class of the ~1,000 astral emoji themselves makes
# `re` test them one by one (5 ms on a 5k-character post); a false hit only costs the
# exact pass, which leaves a text without emoji as it was (then strips it).
_EMOJI_RE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(_EMOJI_CHARS) if ord(c) <= 0xFFFF) + "\U00010000-\U0010ffff]"
)
_PUNCT = string.punctuation
# The only characters for which text.lower().split() is not [t.lower() for t in
# text.split()] with the same punctuation and lengths (checked over all of Unicode):
# "İ" lower-cases to two characters, "Σ" to "ς" or "σ" depending on its neighbours.
_LOWER_UNSAFE_1, _LOWER_UNSAFE_2 = "\u0130", "\u03a3"

# Numbers written inline upstream (not module constants there), named as its comments do.
_DAMPEN_2, _DAMPEN_3 = 0.95, 0.9  # booster two and three words back
_NEVER_SO = 1.25  # "never so good", "never this good"
_BUT_BEFORE, _BUT_AFTER = 0.5, 1.5
_EP_MAX, _EP_INCR = 4, 0.292  # exclamation points
_QM_INCR, _QM_MAX = 0.18, 0.96  # question marks (2 or 3, then capped)
_ALPHA = 15  # normalisation of the compound score


def polarity(text: str) -> tuple[float, float, float, float]:
    """``(neg, neu, pos, compound)`` of ``text``, identical to vaderSentiment's
    ``polarity_scores(text)`` values."""
    if not text.isascii() and _EMOJI_RE.search(text):
        text = _replace_emoji(text)
    # Upstream strips the text here; split() and the "!"/"?" counts ignore the edges.
    tokens = text.split()
    n = len(tokens)
    if not n:
        return 0.0, 0.0, 0.0, 0.0
    # SentiText._strip_punc_if_word (strip edge punctuation unless <= 2 characters remain),
    # then lower(), once per word: upstream lower-cases the same words again in every check.
    # Lower-casing the whole text first gives the same words, faster, unless it holds one
    # of the two characters whose lower case depends on context or changes the length.
    if _LOWER_UNSAFE_1 in text or _LOWER_UNSAFE_2 in text:
        lw = [(s if len(s := t.strip(_PUNCT)) > 2 else t).lower() for t in tokens]
    else:
        lw = [s if len(s := t.strip(_PUNCT)) > 2 else t for t in text.lower().split()]
    # isupper() of a token equals that of its stripped word (ASCII punctuation is uncased),
    # so the original-case checks read the tokens.
    lex = LEXICON
    booster = BOOSTER
    sentiments: list[float] = [0] * n  # upstream appends int 0 for non-lexicon words
    cap_diff: bool | None = None  # allcap_differential, computed when first needed
    last = n - 1

    for i in [i for i, w in enumerate(lw) if w in lex]:
        w = lw[i]
        if w in booster:
            continue
        if w == "kind" and i < last and lw[i + 1] == "of":
            continue
        valence = lex[w]
        if w == "no" and i != last and lw[i + 1] in lex:
            valence = 0.0
        if (
            (i > 0 and lw[i - 1] == "no")
            or (i > 1 and lw[i - 2] == "no")
            or (i > 2 and lw[i - 3] == "no" and lw[i - 1] in ("or", "nor"))
        ):
            valence = lex[w] * N_SCALAR
        if tokens[i].isupper():
            if cap_diff is None:
                cap_diff = _cap_differential(tokens)
            if cap_diff:
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR

        # One, two and three words back: booster (scalar_inc_dec), then negation.
        if i > 0 and (p1 := lw[i - 1]) not in lex:
            s = 0.0
            if p1 in booster:
                if cap_diff is None and tokens[i - 1].isupper():
                    cap_diff = _cap_differential(tokens)
                s = _booster(booster[p1], tokens[i - 1], valence, cap_diff)
            valence = valence + s
            if p1 in NEGATE or "n't" in p1:
                valence = valence * N_SCALAR
        if i > 1 and (p2 := lw[i - 2]) not in lex:
            s = 0.0
            if p2 in booster:
                if cap_diff is None and tokens[i - 2].isupper():
                    cap_diff = _cap_differential(tokens)
                s = _booster(booster[p2], tokens[i - 2], valence, cap_diff)
            if s != 0:
                s = s * _DAMPEN_2
            valence = valence + s
            p1 = lw[i - 1]
            if p2 == "never" and (p1 == "so" or p1 == "this"):
                valence = valence * _NEVER_SO
            elif p2 == "without" and p1 == "doubt":
                pass
            elif p2 in NEGATE or "n't" in p2:
                valence = valence * N_SCALAR
        if i > 2 and (p3 := lw[i - 3]) not in lex:
            s = 0.0
            if p3 in booster:
                if cap_diff is None and tokens[i - 3].isupper():
                    cap_diff = _cap_differential(tokens)
                s = _booster(booster[p3], tokens[i - 3], valence, cap_diff)
            if s != 0:
                s = s * _DAMPEN_3
            valence = valence + s
            p1, p2 = lw[i - 1], lw[i - 2]
            # Upstream's precedence: (never and (so or this)) or (so or this).
            if (p3 == "never" and (p2 == "so" or p2 == "this")) or (p1 == "so" or p1 == "this"):
                valence = valence * _NEVER_SO
            elif p3 == "without" and (p2 == "doubt" or p1 == "doubt"):
                pass
            elif p3 in NEGATE or "n't" in p3:
                valence = valence * N_SCALAR
            if w in _IDIOM_WORDS or p2 in _IDIOM_WORDS:
                valence = _special_idioms(valence, lw, i)

        # _least_check: "least X" negates, "at least X" and "very least X" do not.
        if (
            i > 0
            and lw[i - 1] == "least"
            and "least" not in lex
            and (i == 1 or (lw[i - 2] != "at" and lw[i - 2] != "very"))
        ):
            valence = valence * N_SCALAR
        sentiments[i] = valence

    if "but" in lw:
        _but_check(sentiments, lw.index("but"))
    return _score_valence(sentiments, text)


def _replace_emoji(text: str) -> str:
    """Each emoji character becomes its description, with a space before it unless one
    precedes (but none after it), as upstream's character loop does."""
    parts: list[str] = []
    prev_space = True
    for ch in text:
        description = EMOJIS.get(ch)
        if description is not None:
            if not prev_space:
                parts.append(" ")
            parts.append(description)
            prev_space = False
        else:
            parts.append(ch)
            prev_space = ch == " "
    return "".join(parts).strip()


def _cap_differential(words: list[str]) -> bool:
    """allcap_differential: some but not all tokens are ALL CAPS."""
    allcap = sum(map(str.isupper, words))
    return 0 < len(words) - allcap < len(words)


def _booster(scalar: float, word: str, valence: float, cap_diff: bool | None) -> float:
    """scalar_inc_dec for a word known to be in BOOSTER_DICT."""
    if valence < 0:
        scalar *= -1
    if cap_diff and word.isupper():
        if valence > 0:
            scalar += C_INCR
        else:
            scalar -= C_INCR
    return scalar


def _special_idioms(valence: float, lw: list[str], i: int) -> float:
    """_special_idioms_check, on the words lower-cased once (``i`` > 2)."""
    w0, w1, w2, w3 = lw[i], lw[i - 1], lw[i - 2], lw[i - 3]
    twoone = f"{w2} {w1}"
    threetwoone = f"{w3} {w2} {w1}"
    threetwo = f"{w3} {w2}"
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    n = len(lw)
    if n - 1 > i:
        zeroone = f"{w0} {lw[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{w0} {lw[i + 1]} {lw[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER:
            valence = valence + BOOSTER[n_gram]
    return valence


def _but_check(sentiments: list[float], bi: int) -> None:
    """Replay upstream's _but_check in place, on the non-zero sentiments only.

    Upstream walks the list and, for each value, rescales the *first* element equal to
    it (``list.index``), ×0.5 before the first "but" and ×1.5 after it. A zero only ever
    finds a zero and leaves a zero (its sign and type change nothing downstream), and a
    non-zero value never equals a zero, so dropping the zeros changes no ``index`` answer.
    """
    at = [k for k, s in enumerate(sentiments) if s != 0]
    vals = [sentiments[k] for k in at]
    for k in range(len(vals)):
        v = vals[k]
        j = vals.index(v)
        if at[j] < bi:
            vals[j] = v * _BUT_BEFORE
        elif at[j] > bi:
            vals[j] = v * _BUT_AFTER
    for k, v in zip(at, vals, strict=True):
        sentiments[k] = v


def _score_valence(sentiments: list[float], text: str) -> tuple[float, float, float, float]:
    """score_valence with _punctuation_emphasis and _sift_sentiment_scores, same float
    operations in the same order; zeros are skipped where adding them changes nothing."""
    sum_s = float(sum(sentiments))  # left-to-right float adds on 3.11
    ep_count = text.count("!")
    if ep_count > _EP_MAX:
        ep_count = _EP_MAX
    ep_amplifier = ep_count * _EP_INCR
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * _QM_INCR if qm_count <= 3 else _QM_MAX
    punct = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += punct
    elif sum_s < 0:
        sum_s -= punct
    compound = sum_s / math.sqrt((sum_s * sum_s) + _ALPHA)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0

    # _sift_sentiment_scores: zeros only count as neutral, so the sums run over the rest.
    scored = [s for s in sentiments if s != 0]
    pos_sum = 0.0
    neg_sum = 0.0
    for s in scored:
        if s > 0:
            pos_sum += float(s) + 1
        else:
            neg_sum += float(s) - 1
    neu_count = len(sentiments) - len(scored)
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(math.fabs(neg_sum / total), 3),
        round(math.fabs(neu_count / total), 3),
        round(math.fabs(pos_sum / total), 3),
        round(compound, 4),
    )
