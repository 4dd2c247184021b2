"""VADER sentiment on each post's own text, and the language it is written in.

Scores are exactly ``SentimentIntensityAnalyzer().polarity_scores(text)`` of
vaderSentiment, on the own text only (quotes and signatures excluded). VADER's lexicon
is English; :func:`score` also detects the language with py3langid (an offline model
shipped in the package) and flags scores of non-English posts as not meaningful.

>>> s = score(["What a wonderful, thoughtful post!"])[0]
>>> s.compound > 0.5, s.lang, s.reliable
(True, 'en', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Below this many words the language detector guesses (a two-word post such as "Gladio
# anybody?" comes out as Italian); such posts get lang None and keep their score.
MIN_WORDS_FOR_LANG = 5
# py3langid's normalised probability needed to call a post non-English. Chosen on the
# seeds and fixtures: English posts with names and jargon score >= 0.9 for "en", German
# and French fixture posts >= 0.99 for their language.
MIN_LANG_PROB = 0.9


@dataclass(frozen=True)
class Score:
    """VADER's four scores, the detected language and whether the score means much."""

    compound: float
    positive: float
    neutral: float
    negative: float
    lang: str | None
    reliable: bool
    n_words: int


@lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or ``None`` when too short or unsure."""
    if len(text.split()) < MIN_WORDS_FOR_LANG:
        return None
    lang, prob = _identifier().classify(text)
    if lang != "en" and prob < MIN_LANG_PROB:
        return None
    return str(lang)


def score(texts: list[str]) -> list[Score]:
    """Score each text (a post's own text)."""
    analyzer = _analyzer()
    out: list[Score] = []
    for text in texts:
        pol = analyzer.polarity_scores(text)
        lang = detect_language(text)
        out.append(
            Score(
                compound=pol["compound"],
                positive=pol["pos"],
                neutral=pol["neu"],
                negative=pol["neg"],
                lang=lang,
                reliable=lang in (None, "en"),
                n_words=len(text.split()),
            )
        )
    return out
