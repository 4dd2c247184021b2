"""Movable Type blog pages saved as HTML (MT 4/5 default templates).

Comments are ``div.comment`` blocks, listed flat; a reply says "NAME replied to
<a href="#comment-2201">comment from OTHER</a>" in its byline, which gives the nesting.
Times come from ``abbr.published[title]`` (ISO 8601).
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.model import RawThread

NAME = "movabletype-html"
PRIORITY = 20
DESCRIPTION = "Movable Type blog page saved as HTML: the entry and its comments."

# MT's generator meta, its CGI and static paths, and template class names.
MARKERS = _html.markers(
    (r'<meta name="generator" content="Movable Type', 0.5),
    (r"mt-comments\.cgi|/mt-static/|mtReplyCommentOnClick", 0.3),
    (r'class="[^"]*\basset-(?:body|name|meta)\b', 0.2),
    (r'class="comments-content"|id="comments-content"', 0.1),
)
RULES = _html.Rules(
    post="div.comment[id^=comment-]",
    author=(".comment-header .vcard.author", ".comment-header .author", ".byline .vcard"),
    time=(".comment-header abbr.published", "abbr.published", ".comment-header time"),
    meta=(".comment-footer", ".comment-header"),
    meta_re=re.compile(r"Posted by:?\s*(?P<author>[^|]+?)\s*\|\s*(?P<date>[^|]+)"),
    body=(".comment-content", ".comment-body"),
    title=("h1.asset-name", ".entry-title", "h1", "h2.asset-name"),
    article=(".asset-content", ".entry-content", ".entry-body"),
    article_author=(".asset-meta .vcard.author", ".asset-meta .author", ".byline .vcard"),
    article_time=(".asset-meta abbr.published", "abbr.published"),
    # The "replied to" link carries no date; the permalink beside it wraps the <abbr>.
    reply_to='.comment-header .byline > a[href*="#comment-"]:not(:has(abbr))',
    noise="#comments-form, form, .asset-footer, #beta, .widget",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Movable Type page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the entry (post 0), then the comments in page order."""
    return _html.parse_variants(text, (RULES,), NAME)
