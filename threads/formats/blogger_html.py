"""Blogger (Blogspot) pages saved as HTML, with threaded comments.

Comments are ``li.comment`` under ``div.comment-thread``; replies sit in the parent's
``div.comment-replies``, which gives the nesting. Comment times are the visible text
of the permalink ("May 3, 2014 at 11:17 AM"); the post's time is
``abbr.published[title]``.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "blogger-html"
PRIORITY = 20
DESCRIPTION = "Blogger/Blogspot page saved as HTML: the post and its threaded comments."

# Blogger's generator meta (attribute order varies), its static hosts, thread classes.
MARKERS = _html.markers(
    (
        r"<meta[^>]*content=['\"]blogger['\"][^>]*name=['\"]generator|name=['\"]generator['\"][^>]*content=['\"]blogger",
        0.5,
    ),
    (r"blogger\.com/(?:static|profile|comment|share-post)", 0.3),
    (r"\bcomment-thread\b", 0.2),
    (r"blogblog\.com", 0.1),
)
RULES = _html.Rules(
    post="li.comment",
    author=(".comment-header cite.user", "cite.user", ".comment-author"),
    time=(".comment-header .datetime a", ".datetime", ".comment-timestamp"),
    body=(".comment-content", ".comment-body"),
    title=("h3.post-title", ".post-title", "h1"),
    article=(".post-body", ".entry-content"),
    article_author=(".post-author .fn [itemprop=name]", ".post-author .fn", ".post-author"),
    article_time=(".post-timestamp abbr.published", "abbr.published", ".published"),
    noise=(
        ".comment-actions, .thread-toggle, .continue, .comment-replybox-single, .comment-replybox-thread, "
        ".loadmore, .post-share-buttons, .comment-form, .sidebar, .avatar-image-container"
    ),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Blogger page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the post (post 0), then the comments in page order, nested."""
    return _html.parse_variants(text, (RULES,), NAME)
