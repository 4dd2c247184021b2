"""Reply and quote markers as data: the patterns people type to address or quote.

Each table is ordered strongest first, with where the pattern comes from. ``quotes.py``
uses them to take markers and quotes out of a post's own text; ``replies.py`` uses them
as ``explicit`` evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# "In reply to NAME." on a line of its own: Typepad's and many WordPress themes' marker
# (seed 004, post 16), "Replying to NAME" (Disqus), "@NAME" (Twitter-style, everywhere),
# "re: NAME" (forums, seed 004 post 12 uses "re:" before a quote instead).
IN_REPLY_TO = re.compile(
    r"^[^\S\n]*(?:in reply to|replying to|reply to|antwort an|en réponse à|en respuesta a)\s+"
    r"(?P<name>[^\n]{1,80}?)[^\S\n]*[.:,]?[^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "@" not after a word character, "." or "@" (an e-mail address, "@@"). The "@" comes
# first and the look-behind after it, so that the regex engine can jump from "@" to "@"
# (a pattern that opens with a look-behind is tried at every character: 15 of 70 µs a
# post of reply resolution at 20k posts); it matches what r"(?<![\w.@])@..." matched
# (tests/test_parity_replies.py).
AT_NAME = re.compile(r"@(?<![\w.@]@)(?P<name>[^\s@,:;!?()][^\n@]{0,60})")
RE_NAME = re.compile(r"^[^\S\n]*re:[^\S\n]*(?P<name>[^\"“'‘\n][^\n]{0,60})$", re.IGNORECASE | re.MULTILINE)
# A lower-cased text where IN_REPLY_TO or RE_NAME matches holds one of these: each
# marker's words, less the letters "i" and "s" (their IGNORECASE partners "ı" and "ſ" do
# not lower-case to them; every other letter here matches only itself and its capital,
# checked in tests/test_parity_replies.py). Most posts hold none, and skip the two
# line-anchored scans, which the regex engine tries at every character.
IN_REPLY_TO_HINTS = ("reply", "antwort", "répon", "pue")
RE_NAME_HINT = "re:"


def may_reply_to(text: str, lowered: str | None = None) -> bool:
    """Whether IN_REPLY_TO could match in ``text`` (or a line of it): its lower-cased
    form (``lowered``, if the caller has it) holds one of the hints."""
    if lowered is None:
        lowered = text.lower()
    return any(map(lowered.__contains__, IN_REPLY_TO_HINTS))


def in_reply_to(text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
    """IN_REPLY_TO's matches in ``text``, scanned only when :func:`may_reply_to`: none
    otherwise, which is what the scan would find."""
    if may_reply_to(text, lowered):
        yield from IN_REPLY_TO.finditer(text)


# A salutation: a line that opens with an earlier author's name, alone or followed by
# a comma or colon ("fredW", "mbrenner", "Ghost ship," after "p.s:" in seed 004), with
# an optional postscript prefix and greeting word.
SALUTATION_PREFIX = re.compile(
    r"^\s*(?:p\.?\s?p\.?\s?s\.?|p\.?\s?s\.?)?\s*[:.,-]?\s*"
    r"(?:(?:dear|hi|hey|hello|thanks|thank you|hallo|liebe|lieber|bonjour|salut|cher|chère|"
    r"hola|querido|querida|ciao|caro|cara|hej|@)\s+)?",
    re.IGNORECASE,
)
SALUTATION_END = re.compile(r"^\s*(?:[,:;!—–-]|$)")
# Every line of a text at once (multiline): the SALUTATION_PREFIX the line starts with
# (its spaces kept from crossing a newline) and the first word after it, which a
# salutation's line must start an author's name with. The prefix is taken whole, as
# SALUTATION_PREFIX.match takes it on the line alone (a look-ahead's match is not given
# back, the Python 3.10 spelling of an atomic group), so that the first word cannot
# borrow part of it ("dear" alone on a line is the word, not a greeting).
SALUTATION_WORD = re.compile(
    r"^(?=(?P<prefix>" + SALUTATION_PREFIX.pattern[1:].replace(r"\s", r"[^\S\n]") + r"))"
    r"(?P=prefix)[^\S\n]*(?P<first>\S+)",
    re.IGNORECASE | re.MULTILINE,
)

# Email quoting: "On DATE, NAME wrote:" before ">" lines (RFC 3676 style clients).
QUOTE_ATTRIBUTION = re.compile(
    r"^\s*(?:on\s.{3,80}?,?\s+(?P<name1>[^,\n]{1,60}?)\s+wrote|"
    r"am\s.{3,80}?\s+schrieb\s+(?P<name2>[^\n]{1,60}?)|"
    r"le\s.{3,80}?,\s*(?P<name3>[^\n]{1,60}?)\s+a\s+écrit|"
    r"(?P<name4>[^\n]{1,60}?)\s+(?:wrote|said|schrieb|a écrit)|"
    r"quote from\s+(?P<name5>[^\n]{1,60}?)|zitat von\s+(?P<name6>[^\n]{1,60}?))\s*:\s*$",
    re.IGNORECASE,
)
QUOTED_LINE = re.compile(r"^\s*>")

# Quotation marks that open and close a quoted passage (straight, curly, guillemets).
OPEN_QUOTES = "\"“„«'‘"
CLOSE_QUOTES = "\"”“»'’"
INLINE_QUOTE = re.compile(r"[\"“„«](?P<q>[^\"“”„«»\n]{12,}?)[\"”“»]")


def attribution_name(line: str) -> str | None:
    """The name in an "On DATE, NAME wrote:" style line, or ``None``."""
    m = QUOTE_ATTRIBUTION.match(line)
    if not m:
        return None
    name = next(g for g in m.groups() if g)
    name = re.sub(r"<[^>]*>|\([^)]*@[^)]*\)|\S+@\S+", "", name).strip(" \"'")
    return name or None
