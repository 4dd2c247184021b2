"""Blogger (Blogspot) pages saved as HTML, with threaded comments.

Comments are ``li.comment`` under ``div.comment-thread``; replies sit in the parent's
``div.comment-replies``, which gives the nesting. Comment times are the visible text
of the permalink ("May 3, 2014 at 11:17 AM"); the post's time is
``abbr.published[title]``.

Blogger's classic templates (2004-2011, and blogs that kept them: "TicTac", "Minima",
...) list the comments flat as a definition list, ``dl#comments-block``: a
``dt.comment-author`` (the name and "said...") followed by ``dd.comment-body`` and a
``dd.comment-footer`` (or ``dd.comment-timestamp``) whose permalink text is the date
("October 23, 2007 at 4:01 PM"); they are read by :func:`classic_comments`.

A comment removed by its author or the blog's owner keeps its place with a
``span.deleted-comment`` ("This comment has been removed by the author."): a
placeholder where a reply answers it, else counted under ``deleted``.
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.formats._dump import drop_bare_placeholders
from threads.model import RawPost, RawThread, ThreadsError

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
# The classic templates' comment list: each comment a <dt> (its element id, "c" and the
# comment's number, is the comment's id) and the <dd>s after it.
CLASSIC = _html.Rules(
    post="dl#comments-block > dt",
    header_time=False,
    title=RULES.title,
    article=RULES.article,
    article_author=RULES.article_author,
    article_time=RULES.article_time,
    noise=RULES.noise,
)
CLASSIC_BODY = "comment-body"
CLASSIC_STAMP = ("span.comment-timestamp a", ".comment-timestamp a", "a[title]", "a")
# "NAME said..." in the language packs of Blogger's classic templates.
SAID = re.compile(
    r"\s+(?:said|hat gesagt|a dit|dijo|ha detto|disse|zei|sa|sagde|skrev)\s*(?:\.\.\.|…|:)?\s*$", re.I
)
DELETED = ".deleted-comment"


def classic_comments(block: _html.Node) -> dict[str, RawPost]:
    """The comments of a classic ``dl#comments-block``, by the id of their ``<dt>``."""
    found: dict[str, RawPost] = {}
    post: RawPost | None = None
    for k, child in enumerate(block.children()):
        if child.tag == "dt":
            name = SAID.sub("", _html.text_of(child))
            post = RawPost(author=_html.clean_author(name), body="", source_id=child.get("id") or f"#{k}")
            found[post.source_id or ""] = post
        elif child.tag == "dd" and post is not None:
            if CLASSIC_BODY in child.classes:
                if child.select_one(DELETED) is not None:
                    post.placeholder = True
                quotes = _html.take_quotes(child, "blockquote")
                post.body = _html.post_text(child)
                post.quoted = [q for _, q in quotes if q]
                post.quote_sources = [a for a, q in quotes if q]
            elif post.timestamp is None:
                post.timestamp = _html.find_time(child, CLASSIC_STAMP)
    return found


def _deleted(thread: RawThread, gone: set[str]) -> None:
    """Removed comments (``gone``: their source ids) become placeholders: no author, no
    words; those no reply answers are dropped and counted."""
    for post in thread.posts[1:]:
        if post.placeholder or (post.source_id or "") in gone:
            post.placeholder, post.author, post.body = True, None, ""
            post.quoted, post.quote_sources = [], []
    thread.posts, bare = drop_bare_placeholders(thread.posts)
    if bare:
        thread.skipped["deleted"] = thread.skipped.get("deleted", 0) + bare


def _classic(page: _html.Node, block: _html.Node) -> RawThread:
    """The entry (``extract``'s post 0) and its comments as ``classic_comments`` reads
    them, each ``<dt>`` once (matched to ``extract``'s reading by id, a ``<dt>`` without
    one was numbered differently on each side and its comment lost its author)."""
    thread = _html.extract(page, CLASSIC)
    thread.posts[1:] = list(classic_comments(block).values())
    return thread


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Blogger page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the post (post 0), then the comments in page order, nested."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    block = page.select_one(CLASSIC.post.partition(" > ")[0])
    if page.select_one(RULES.post) is None and block is not None and block.select_one("dt") is not None:
        thread = _classic(page, block)
        _deleted(thread, set())
    else:
        gone = {str(el.get("id")) for el in page.select(RULES.post) if _removed(el)}
        thread = _html.extract(page, RULES)
        _deleted(thread, gone)
    if not thread.posts:
        raise ThreadsError(f"no posts found in this page (read as {NAME})")
    return [_html.mark_pages(thread, page, text)]


def _removed(comment: _html.Node) -> bool:
    """A threaded comment whose own words are a removal notice (``span.deleted-comment``)."""
    own = comment.select_one(".comment-content, .comment-body")
    return own is not None and own.select_one(DELETED) is not None
