"""Typepad comment threads copied as text: each comment closed by a footer line.

    How would an implied Russian threat ... affect the situation?
    Posted by: BrotherJoe | 07 June 2016 at 05:06 PM

The text before the first comment is the article (post 0). A copy often runs the
article straight into the first comment, with nothing between them but the host's
signature ("... the bear eats you. pl"), so the boundary is found, in this order, from
Typepad's own article footer or comment heading, then from a signature mark the host
uses on their comments (see ``signatures.py``). Without either, the whole first block is
the first comment and post 0 is a placeholder for an article the dump does not hold.
"""

from __future__ import annotations

import re

from threads import signatures
from threads.dates import parse_date
from threads.formats._text import Line, block_post, headline, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "typepad-text"
LINE_BASED = True
PRIORITY = 10
DESCRIPTION = "Typepad comments copied as text, each closed by 'Posted by: NAME | DATE at TIME'."

# The comment footer. Typepad prints "Posted by: NAME | DATE at TIME"; older themes put
# the weekday in front ("Thursday, 27 October 2005 at 10:12 PM").
FOOTER = re.compile(r"^\s*Posted by:\s*(?P<author>[^|\n]+?)\s*\|\s*(?P<date>[^|\n]+?)\s*$")

# Lines that end an article in a Typepad copy (theme footers and comment headings), as
# (pattern, takes the article's author/date) rows. Seen in Typepad's default themes.
ARTICLE_END: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^\s*Posted(?: by (?P<author>[^|]+?))? (?:at|on) (?P<date>[^|]+?)"
        r"(?: in [^|]*)?\s*\|\s*Permalink\b.*$",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*Comments?\s*(?:\(\d+\))?\s*$", re.IGNORECASE),
    re.compile(r"^\s*\d+\s+Comments?\s*$", re.IGNORECASE),
)

# Confidence by number of footers: one footer line in prose is a coincidence now and
# then, two or more are a comment thread (the seeds' articles have none).
_SNIFF_BY_COUNT = {0: 0.0, 1: 0.5, 2: 0.75}
_SNIFF_MANY = 0.95
_FOOTER_ANYWHERE = re.compile(FOOTER.pattern, re.MULTILINE)


def sniff(text: str) -> float:
    """How sure we are that ``text`` is a Typepad comment copy (footer lines)."""
    n = len(_FOOTER_ANYWHERE.findall(text))
    return _SNIFF_BY_COUNT.get(n, _SNIFF_MANY)


def _split_article(
    block: list[Line], learned: dict[str, set[str]]
) -> tuple[RawPost | None, list[Line], str | None]:
    """Split the first block into (article post, first comment's lines, warning)."""
    for i in range(len(block) - 1, -1, -1):
        for pattern in ARTICLE_END:
            m = pattern.match(block[i].text)
            if m:
                groups = m.groupdict()
                article = block_post(
                    block[:i],
                    author=(groups.get("author") or None),
                    timestamp=parse_date(groups["date"]) if groups.get("date") else None,
                )
                return article, block[i + 1 :], None
    # The last line of the block is the first comment's own; the article ends earlier.
    for i in range(len(block) - 2, -1, -1):
        author = signatures.line_sign(block[i].text, learned)
        if author:
            return block_post(block[: i + 1], author=author), block[i + 1 :], None
    warning = (
        "could not tell where the article ends: the text before the first footer is "
        "read as the first comment and the article is a placeholder"
    )
    return None, block, warning


def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0) and each footer-closed comment, in order."""
    lines = numbered(text)
    warnings: list[str] = []
    comments: list[RawPost] = []
    first_block: list[Line] = []
    start = 0
    for i, line in enumerate(lines):
        m = FOOTER.match(line.text)
        if not m:
            continue
        block = strip_blank(lines[start:i])
        if not comments:
            first_block = block
        post = block_post(block, author=m.group("author").strip(), timestamp=parse_date(m.group("date")))
        post.line_start = block[0].no if block else line.no
        post.line_end = line.no  # a comment ends at its footer
        comments.append(post)
        start = i + 1
    if not comments:
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no comment footers found"])]

    learned = signatures.learn([(p.author, p.body) for p in comments[1:]])
    article, first_lines, warning = _split_article(first_block, learned)
    if warning:
        warnings.append(warning)
    if first_lines:
        first = block_post(first_lines, author=comments[0].author, timestamp=comments[0].timestamp)
        first.line_end = comments[0].line_end
        comments[0] = first
    if article is None:
        article = RawPost(author=None, body="", placeholder=True)
    else:
        article.title = headline(first_block)
    posts = [article, *comments]
    tail = strip_blank(lines[start:])
    if tail:
        warnings.append(
            f"lines {tail[0].no}-{tail[-1].no} follow the last footer without one of their "
            "own (truncated copy?): kept as a post with no author"
        )
        posts.append(block_post(tail, author=None))
    return [RawThread(posts=posts, title=article.title, warnings=warnings)]
