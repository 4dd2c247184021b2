"""Movable Type blog pages saved as HTML (MT 4/5 default templates, and MT 2.x/3.0).

Comments are ``div.comment`` blocks, listed flat; a reply says "NAME replied to
<a href="#comment-2201">comment from OTHER</a>" in its byline, which gives the nesting.
Times come from ``abbr.published[title]`` (ISO 8601).

The default templates of MT 2.x and 3.0 (2002-2005 blogs, and the static archives they
left) print each comment as a ``div.comments-body`` ending in ``<span
class="comments-post">Posted by: NAME at February  9, 2005 07:42 PM</span>``, the entry as
a ``div.blogbody`` (``h3.title``, the words, ``<span class="posted">Posted by NAME at
...</span>``) under its day heading; they are read by :data:`MT2`.
"""

from __future__ import annotations

import re

from threads.dates import parse_date
from threads.formats import _html
from threads.model import RawThread, ThreadsError

NAME = "movabletype-html"
PRIORITY = 20
DESCRIPTION = "Movable Type blog page saved as HTML: the entry and its comments."

# MT's generator meta, its CGI and static paths, and template class names (MT 4/5; MT 2.x
# and 3.0's comments-post, comments-body and blogbody).
MARKERS = _html.markers(
    (r'<meta name="generator" content="Movable Type', 0.5),
    (r"mt-comments\.cgi|/mt-static/|mtReplyCommentOnClick", 0.3),
    (r'class="[^"]*\basset-(?:body|name|meta)\b', 0.2),
    (r'class="comments-content"|id="comments-content"', 0.1),
    (r'class="comments-post"', 0.2),
    (r'class="blogbody"|mt-tb\.cgi', 0.1),
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
# MT 2.x/3.0: "Posted by: NAME at DATE" (comments) and "Posted by NAME at DATE" (the entry).
POSTED = re.compile(r"Posted by:?\s*(?P<author>.+?)\s+at\s+(?P<date>.+?)\s*(?:\||$)")
ENTRY_BYLINE = ".blogbody .posted"
MT2 = _html.Rules(
    # the comment form sits in a div.comments-body too, without a byline
    post="div.comments-body:has(> .comments-post)",
    meta=(".comments-post",),
    meta_re=POSTED,
    body_noise=".comments-post",
    header_time=False,
    title=(".blogbody h3.title", ".blogbody h3", "h1"),
    article=(".blogbody",),
    # the entry's title and byline are inside its body: read before they go
    noise=f".blogbody h3.title, {ENTRY_BYLINE}, form",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Movable Type page."""
    return _html.sniff_markers(text, MARKERS)


def _mt2(page: _html.Node) -> RawThread:
    byline = page.select_one(ENTRY_BYLINE)
    found = POSTED.search(_html.text_of(byline).replace("\n", " ")) if byline is not None else None
    thread = _html.extract(page, MT2)
    root = thread.posts[0]
    if found and not root.placeholder:  # read above, before the noise took the byline
        root.author = root.author or _html.clean_author(found.group("author"))
        root.timestamp = root.timestamp or parse_date(found.group("date"))
    return thread


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the entry (post 0), then the comments in page order."""
    if not text.strip():
        return []
    page = _html.parse_html(text)  # once: MT 4/5 pages were parsed again by parse_variants
    if page.select_one(RULES.post) is not None or page.select_one(MT2.post) is None:
        thread = _html.extract(page, RULES)
    else:
        thread = _mt2(page)
    if not thread.posts:
        raise ThreadsError(f"no posts found in this page (read as {NAME})")
    return [_html.mark_pages(thread, page, text)]
