"""Typepad blog pages saved as HTML (the classic and "Sic Semper"-style templates).

Each comment is a ``div.comment`` closed by a footer ``Posted by: NAME | DATE at TIME``
(the author a link when they gave a URL). Typepad comments are not threaded. The
article's author is in its class list (``entry-author-NAME``); its date is the day's
``h2.date-header`` and the time in the entry footer ("Posted at 11:02 AM in ...").
"""

from __future__ import annotations

import re

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


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0), then the comments in page order."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    entry = page.select_one("div.entry, div.entry-asset, .entry")
    author = ts = None
    if entry is not None:
        cls = next((c for c in entry.classes if c.startswith("entry-author-")), "")
        author = cls.removeprefix("entry-author-") or None
        footer = entry.select_one(".entry-footer")
        header = page.select_one("h2.date-header")
        m = ENTRY_TIME.search(_html.text_of(footer)) if footer is not None else None
        if m:
            author = m.group("author") or author
            if header is not None:
                ts = parse_date(f"{_html.text_of(header)} {m.group('time')}")
    thread = _html.extract(page, RULES)
    if thread.posts and not thread.posts[0].placeholder:
        thread.posts[0].author = thread.posts[0].author or author
        thread.posts[0].timestamp = thread.posts[0].timestamp or ts
    return [_html.mark_pages(thread, page, text)]
