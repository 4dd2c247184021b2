"""Typepad blog pages saved as HTML (the classic and "Sic Semper"-style templates).

Each comment is a ``div.comment`` closed by a footer ``Posted by: NAME | DATE at TIME``
(the author a link when they gave a URL). Typepad comments are not threaded. The
article's author is in its class list (``entry-author-NAME``); its date is the day's
``h2.date-header`` and the time in the entry footer ("Posted at 11:02 AM in ...").
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _html
from threads.model import RawThread

NAME = "typepad-html"
PRIORITY = 20
DESCRIPTION = "Typepad blog page saved as HTML: the article and its 'Posted by:' comments."

# Typepad's generator meta and asset hosts, and the comment classes of its templates.
MARKERS = _html.markers(
    (r'<meta name="generator" content="http://www\.typepad\.com/', 0.5),
    (r"\btypepad\.com\b", 0.3),
    (r'class="comment-footer', 0.2),
    (r'class="entry-footer|class="entry-body', 0.1),
)
FOOTER = re.compile(r"Posted by:\s*(?P<author>[^|]+?)\s*\|\s*(?P<date>.+?)\s*$")
ENTRY_TIME = re.compile(
    r"Posted (?:by (?P<author>.+?) )?(?:at|on) (?P<time>\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?)"
)
RULES = _html.Rules(
    post="div.comment[id^=comment-], div.comment",
    meta=("p.comment-footer", ".comment-footer"),
    meta_re=FOOTER,
    body=(".comment-content", ".comment-body"),
    title=("h3.entry-header", "h1.entry-header", ".entry-header", "h3"),
    article=(".entry-body", ".entry-content"),
    noise="#comment-form, form, .comments-info, .comments-open-moderated, #beta, .module",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Typepad page."""
    return _html.sniff_markers(text, MARKERS)


# Where a Typepad template prints the entry's own time, in order: the meta line under the
# entry, whose permalink text is the full date and time ("Apr 6, 2006 8:55:39 PM", the
# 2006+ "entry-meta" templates), then the footer ("Posted by NAME at 11:02 AM in ...",
# classic templates: the day is in the ``h2.date-header`` above the entry).
ENTRY_META = (".entry-meta-info", ".entry-meta", "p.entry-footer-info", ".entry-footer .post-footers")
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A name as Typepad writes it in a class (``entry-author-scott_eric_kaufman``)."""
    return _SLUG.sub("_", name.casefold()).strip("_")


def _entry_time(page: _html.Node, entry: _html.Node) -> tuple[str | None, datetime | None]:
    """The entry's footer author (if it names one) and its time."""
    for sel in ENTRY_META:
        for meta in entry.select(sel, limit=4):
            if meta.select_one(".comment, .comments") is not None:
                continue
            if ts := _html.header_time(_html.text_of(meta).split("\n")):
                return None, ts
    footer = entry.select_one(".entry-footer")
    m = ENTRY_TIME.search(_html.text_of(footer).split("\n")[0]) if footer is not None else None
    if not m:
        return None, None
    header = page.select_one("h2.date-header")
    ts = parse_date(f"{_html.text_of(header)} {m.group('time')}") if header is not None else None
    return m.group("author"), ts


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0), then the comments in page order.

    The article's author is the name its footer prints, else the name the page shows
    (as a commenter) whose slug is the entry's ``entry-author-`` class, else unknown: a
    class slug is not a display name."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    entry = page.select_one("div.entry, div.entry-asset, .entry")
    author = author_slug = ts = None
    if entry is not None:
        cls = next((c for c in entry.classes if c.startswith("entry-author-")), "")
        author_slug = cls.removeprefix("entry-author-") or None
        author, ts = _entry_time(page, entry)
    thread = _html.extract(page, RULES)
    if author is None and author_slug:
        shown = (p.author for p in thread.posts[1:] if p.author)
        author = next((name for name in shown if slug(name) == author_slug), None)
    if thread.posts and not thread.posts[0].placeholder:
        thread.posts[0].author = thread.posts[0].author or author
        thread.posts[0].timestamp = thread.posts[0].timestamp or ts
    return [_html.mark_pages(thread, page, text)]
