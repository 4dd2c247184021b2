"""The fallback dialect: a document with no comment structure is one post, the article.

Nothing inside is split: bullet lists, block quotes from other outlets, "– The Guardian",
"Source : Sky News", "Leave a Reply" and subscription boilerplate all stay article text.
"""

from __future__ import annotations

from threads.formats._text import block_post, headline, numbered
from threads.model import RawThread

NAME = "article"
LINE_BASED = True
PRIORITY = 99
DESCRIPTION = "Fallback: a document with no comment structure, read as one post (the article)."


def sniff(text: str) -> float:
    """Any text is an article; the score is low so every real dialect beats it."""
    return 0.1 if text.strip() else 0.0


def parse(text: str) -> list[RawThread]:
    """One thread with one post: the whole document, its headline as title."""
    lines = numbered(text)
    title = headline(lines)
    post = block_post(lines, author=None, title=title)
    return [RawThread(posts=[post], title=title)]
