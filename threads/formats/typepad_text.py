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
from collections.abc import Iterator
from itertools import islice

from threads import signatures
from threads.dates import parse_date
from threads.formats import _copy
from threads.formats._text import Line, block_post, headline, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "typepad-text"
LINE_BASED = True
PRIORITY = 10
DESCRIPTION = "Typepad comments copied as text, each closed by 'Posted by: NAME | DATE at TIME'."

# The comment footer. Typepad prints "Posted by: NAME | DATE at TIME"; older themes put
# the weekday in front ("Thursday, 27 October 2005 at 10:12 PM"). Movable Type's own
# default templates (2.x/3.x, which Typepad's grew from) print "Posted by: NAME at DATE"
# (a real theyworkforyou.com MT 2 page): the first " at " ends the name where no "|" does.
# One footer line is _FOOTER_LINE (below).

# Lines that end an article in a Typepad copy (theme footers and comment headings), as
# (pattern, takes the article's author/date) rows. Seen in Typepad's default themes.
ARTICLE_END: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^\s*Posted(?: by (?P<author>[^|]+?))? (?:at|on) (?P<date>[^|]+?)"
        r"(?: in [^|]*)?\s*\|\s*(?:Permalink|TrackBack|Comments \(\d+\))\b.*$",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*Comments?\s*(?:\(\d+\))?\s*$", re.IGNORECASE),
    re.compile(r"^\s*\d+\s+Comments?\s*$", re.IGNORECASE),
)

# Confidence by number of footers: one footer line in prose is a coincidence now and
# then, two or more are a comment thread (the seeds' articles have none).
_SNIFF_BY_COUNT = {0: 0.0, 1: 0.5, 2: 0.75}
_SNIFF_MANY = 0.95


def sniff(text: str) -> float:
    """How sure we are that ``text`` is a Typepad comment copy (footer lines)."""
    # footers(), not a footer pattern with a leading ``\s*`` under MULTILINE: that crosses
    # line ends, so every line start rescans a run of blank lines (minutes on 50,000).
    # Only counts up to len(_SNIFF_BY_COUNT) change the score: stop there rather than
    # find every footer of a big dump (half of detection's time on one).
    n = sum(1 for _ in islice(footers(text), len(_SNIFF_BY_COUNT)))
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
                end = i  # the article's lines stop here; the first comment's start after i
                if not groups.get("date"):  # a "Comments" heading: the byline may be above it
                    end, groups = _byline_above(block, i, groups)
                article = block_post(
                    block[:end],
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


def _byline_above(
    block: list[Line], i: int, groups: dict[str, str | None]
) -> tuple[int, dict[str, str | None]]:
    """A comment heading at ``block[i]``: when the article's "Posted by NAME on DATE |
    Permalink" line stands above it (blank lines between), the article ends there and
    takes its author and date; else the heading alone ends it."""
    k = i - 1
    while k >= 0 and not block[k].text.strip():
        k -= 1
    if k >= 0 and (m := ARTICLE_END[0].match(block[k].text)):
        return k, m.groupdict()
    return i, groups


# The footer as one pattern over the whole text (``[^\S\n]`` is ``\s`` that cannot cross
# a line end), found by the regex engine in one pass instead of one Python call per line.
# The definition of a footer line; :func:`footers` finds the same matches faster.
_FOOTER_LINE = re.compile(
    r"^[^\S\n]*Posted by:[^\S\n]*(?P<author>[^|\n]+?)(?:[^\S\n]*\||[^\S\n]+at[^\S\n])"
    r"[^\S\n]*(?P<date>[^|\n]+?)[^\S\n]*$",
    re.MULTILINE,
)
# _FOOTER_LINE from its literal on: the regex engine then jumps from one "Posted by:" to
# the next instead of trying ``^`` at every character of the dump (the footers of 100k
# posts: 0.54 -> 0.22 s of CPU); :func:`footers` checks the line start.
_FOOTER_AT = re.compile(_FOOTER_LINE.pattern.removeprefix(r"^[^\S\n]*"), re.MULTILINE)


def footers(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_FOOTER_LINE.finditer(text)``, from ``_FOOTER_AT``'s: one counts
    when only blanks stand between its line's start and it, as the pattern's opening
    demands. A match cannot cross a line end, so one found mid-line hides no footer of
    a later line, and none can start inside a footer line's leading blanks."""
    for m in _FOOTER_AT.finditer(text):
        pos = m.start()
        if pos == 0 or text[pos - 1] == "\n":
            yield m
        else:
            line_start = text.rfind("\n", 0, pos) + 1
            if text[line_start:pos].isspace():
                # _FOOTER_LINE's own match: it spans the line from its start, blanks included
                yield _FOOTER_LINE.match(text, line_start)  # type: ignore[misc]


def _block(text: str, start: int, end: int, first_no: int) -> tuple[str, int, int] | None:
    """Body and line span of ``text[start:end]`` (whole lines, the first numbered
    ``first_no``), as :func:`block_post` makes them; ``None`` when it is all blank.

    The blank lines at both ends are found from the first and the last character that is
    not blank rather than line by line (tests/test_parity_parse.py checks it against the
    line-by-line version); only a body of several lines is split to trim each line."""
    if end <= start:
        return None
    seg = text[start:end]
    rest = seg.lstrip()
    if not rest:
        return None
    p = len(seg) - len(rest)  # the first character that is not blank
    lead = seg.rfind("\n", 0, p) + 1  # its line's start: that line's leading blanks stay
    first = first_no + seg.count("\n", 0, p)
    core = rest.rstrip()
    body = seg[lead:p] + core if lead < p else core
    n = core.count("\n")
    if n:
        body = "\n".join([line.rstrip() for line in body.split("\n")])
    return body, first, first + n


def _lines(text: str, start: int, end: int, first_no: int) -> list[Line]:
    """``text[start:end]`` as numbered lines, blank ends dropped."""
    if end <= start:
        return []
    return strip_blank([Line(first_no + i, s) for i, s in enumerate(text[start:end].split("\n"))])


def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0) and each footer-closed comment, in order."""
    warnings: list[str] = []
    comments: list[RawPost] = []
    first_block: list[Line] = []
    start, start_no = 0, 1  # where the current block begins: offset and line number
    for m in footers(text):
        line_start = m.start()
        no = start_no + text.count("\n", start, line_start)
        # The block is the lines before the footer line (without its newline).
        block_end = line_start - 1 if line_start > start else start
        # An empty name ("Posted by:  | DATE") is an unknown author, not a name "".
        author, ts = m.group("author").strip() or None, parse_date(m.group("date"))
        if not comments:
            first_block = _lines(text, start, block_end, start_no)
        found = _block(text, start, block_end, start_no)
        if found:
            body, first, _ = found
            post = RawPost(body=body, line_start=first, line_end=no, author=author, timestamp=ts)
        else:
            post = RawPost(body="", line_start=no, line_end=no, author=author, timestamp=ts)
        comments.append(post)
        start, start_no = m.end() + 1, no + 1
    if not comments:
        lines = numbered(text)
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no comment footers found"])]

    # comments[1:] will be posts 2... of the thread (after the article and the first
    # comment): the pipeline reuses this count rather than learning from them again.
    tally = signatures.Tally.of(comments[1:], start=2)
    learned = tally.marks()
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
    skipped: dict[str, int] = {}
    tail = _lines(text, start, len(text), start_no) if start <= len(text) else []
    # Page chrome after the last footer ("The comments to this entry are closed.",
    # "Post a comment", "Powered by Typepad") is not a post: cut, and reported if prose.
    tail, cut = _copy.cut_chrome(tail)
    _copy.report(skipped, warnings, cut)
    tail = strip_blank(tail)
    if tail:
        first, last = tail[0].no, tail[-1].no
        warnings.append(
            f"lines {first}-{last} follow the last footer without one of their "
            "own (truncated copy?): kept as a post with no author"
        )
        posts.append(block_post(tail, author=None))
    return [
        RawThread(posts=posts, title=article.title, warnings=warnings, skipped=skipped, signature_tally=tally)
    ]
