"""The fallback dialect: a document with no comment structure is one post, the article.

Nothing inside is split: bullet lists, block quotes from other outlets, "– The Guardian",
"Source : Sky News", "Leave a Reply" and subscription boilerplate all stay article text.
"""

from __future__ import annotations

import json

from threads.formats._text import block_post, headline, numbered
from threads.model import RawThread, ThreadsError

NAME = "article"
LINE_BASED = True
PRIORITY = 99
DESCRIPTION = "Fallback: a document with no comment structure, read as one post (the article)."


def sniff(text: str) -> float:
    """Any text is an article; the score is low so every real dialect beats it."""
    # isspace(), not strip(): the same answer without a copy of the whole dump (0.11 s
    # of detection's CPU at 100k posts)
    return 0.1 if text and not text.isspace() else 0.0


def not_prose(text: str) -> str | None:
    """Why ``text`` is data rather than an article: an XML or JSON document that no
    export dialect recognised (wrong shape), or JSON cut short. Reading it as one post of
    brackets would hide the problem behind a one-post "thread"."""
    s = text.strip()
    if s[:5].lower() == "<?xml" and "<html" not in s[:4096].lower():
        return (
            "an XML document, but not in the shape of any export threads reads "
            "(threads formats lists them; --format NAME says what that one expects)"
        )
    if s[:1] not in ("{", "["):
        return None
    try:
        json.loads(s)
    except RecursionError:
        return "JSON nested too deeply to read (over ~1,000 levels)"
    except ValueError as err:
        opening = s[1:].lstrip()[:1]
        if (s[0] == "{" and opening in ('"', "}")) or (s[0] == "[" and opening in ("{", "[", "]")):
            return f"looks like JSON but is not valid (truncated?): {err}"
        return None  # prose that opens with a bracket, "[Update] ..."
    return (
        "a JSON document, but not in the shape of any export threads reads "
        "(threads formats lists them; --format NAME says what that one expects)"
    )


def parse(text: str) -> list[RawThread]:
    """One thread with one post: the whole document, its headline as title. Raises
    :class:`ThreadsError` for an XML or JSON document (no export dialect took it)."""
    problem = not_prose(text)
    if problem:
        raise ThreadsError(problem)
    lines = numbered(text)
    title = headline(lines)
    post = block_post(lines, author=None, title=title)
    return [RawThread(posts=[post], title=title)]
