"""Any other saved discussion page: schema.org data first, then page structure.

In order, the first that finds comments wins:

1. JSON-LD (``<script type="application/ld+json">``) with a ``DiscussionForumPosting``,
   ``Article``/``BlogPosting`` or ``QAPage`` whose ``comment``/``suggestedAnswer``
   lists hold the posts; nested ``comment`` lists are replies (``nested``).
2. Microdata: elements with ``itemtype`` schema.org ``Comment``, ``Answer`` or
   ``DiscussionForumPosting``, with ``itemprop`` author/dateCreated/text.
3. Structure: the largest group of sibling blocks that share tag and class and each
   hold an author-like element, a date and some text.

A page where none of these finds anything is read as its article alone, with a
warning. The score is low (below every engine dialect's own pages), so an engine rule
always wins where there is one.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from threads.dates import parse_date
from threads.formats import _html
from threads.model import RawPost, RawThread, ThreadsError

NAME = "generic-html"
PRIORITY = 80
DESCRIPTION = "Any other saved HTML discussion (schema.org data, or repeated comment blocks)."

# Scores: schema.org comment data is good evidence of a discussion; any other HTML page
# is still better read here than as plain text. Both stay below the 0.6 that engine
# dialects reach on their own pages, so engines win ties by score, not by priority.
SCORE_SCHEMA = 0.5
SCORE_HTML = 0.3
_SCHEMA = re.compile(
    r'itemtype="https?://schema\.org/(?:Comment|DiscussionForumPosting|Answer)"|'
    r'"@type"\s*:\s*"(?:Comment|DiscussionForumPosting|Answer)"',
    re.I,
)
POSTING_TYPES = {
    "DiscussionForumPosting",
    "Article",
    "BlogPosting",
    "NewsArticle",
    "Question",
    "SocialMediaPosting",
}
CHILD_KEYS = ("comment", "suggestedAnswer", "acceptedAnswer")
MICRODATA = _html.Rules(
    post=(
        '[itemtype$="schema.org/Comment"], [itemtype$="schema.org/Answer"], '
        '[itemtype$="schema.org/DiscussionForumPosting"]'
    ),
    author=("[itemprop=author] [itemprop=name]", "[itemprop=author]", "[itemprop=creator] [itemprop=name]"),
    time=("[itemprop=dateCreated]", "[itemprop=datePublished]", "time"),
    body=("[itemprop=text]", "[itemprop=articleBody]", "[itemprop=description]"),
    title=("[itemprop=headline]", "h1"),
)
# Structural heuristic: class-name fragments of author and date elements (English,
# German, French, Spanish), and where the article usually is.
AUTHOR_HINT = (
    '[itemprop=author], [rel=author], .fn, cite, [class*="author"], [class*="user"], [class*="name"], '
    '[class*="poster"], [class*="nick"], [class*="benutzer"], [class*="autor"], [class*="auteur"]'
)
TIME_HINT = (
    'time, [datetime], [class*="date"], [class*="time"], [class*="datum"], [class*="zeit"], abbr[title]'
)
BODY_HINT = (
    '[class*="text"], [class*="content"], [class*="body"], [class*="message"], [class*="inhalt"], '
    '[class*="beitrag"], p'
)
ARTICLE_HINT = (
    "article",
    "main",
    '[class*="entry-content"]',
    '[class*="post-content"]',
    '[role="main"]',
    "body",
)
MIN_BLOCKS = 2  # a "discussion" of one block is an article with a byline
# Below this share of the page's post-like repeated blocks kept as posts, the reader says
# so: the page holds more posts than it read (an Askbot page: 3 answers kept of 10 blocks,
# the comments under each left out). The generic fixtures keep all of theirs.
KEPT_SHARE_WARN = 0.5


def sniff(text: str) -> float:
    """Confidence that ``text`` is an HTML page with a discussion (any engine)."""
    if not _html.looks_like_html(text):
        return 0.0
    return SCORE_SCHEMA if _SCHEMA.search(text[: _html.SNIFF_CHARS]) else SCORE_HTML


# ---------------------------------------------------------------- JSON-LD
def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return _html.clean_author(str(value)) if value else None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return _html.post_text(_html.parse_html(value)) if "<" in value else value.strip()


def _types(item: dict[str, Any]) -> set[str]:
    t = item.get("@type")
    return {str(x) for x in t} if isinstance(t, list) else {str(t)}


def _walk(item: dict[str, Any], parent: str | None, posts: list[RawPost], root: bool = True) -> None:
    sid = str(item.get("@id") or item.get("url") or f"#ld{len(posts)}")
    when = item.get("dateCreated") or item.get("datePublished")
    posts.append(
        RawPost(
            author=_name(item.get("author") or item.get("creator")),
            body=_text(item.get("text") or item.get("articleBody") or item.get("description")),
            timestamp=parse_date(when) if isinstance(when, str) else None,
            title=str(item["headline"]) if parent is None and item.get("headline") else None,
            source_id=sid,
            parent_source_id=parent,
        )
    )
    for key in CHILD_KEYS:
        kids = item.get(key)
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, dict):
                # Top-level comments answer the posting itself only on Q&A pages
                # (answers); on blogs and forums they are left to reply inference.
                _walk(kid, None if root and key == "comment" else sid, posts, root=False)


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [x for d in data for x in _items(d)]
    if not isinstance(data, dict):
        return []
    if "@graph" in data:
        return _items(data["@graph"])
    if "mainEntity" in data and isinstance(data["mainEntity"], dict | list):
        return [*_items(data["mainEntity"]), data]
    return [data]


def from_json_ld(page: _html.Node) -> RawThread | None:
    """The discussion in the page's JSON-LD, if it has one with comments."""
    for script in page.select('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.raw_text())
        except (json.JSONDecodeError, RecursionError):
            continue
        for item in _items(data):
            if not _types(item) & POSTING_TYPES or not any(item.get(k) for k in CHILD_KEYS):
                continue
            posts: list[RawPost] = []
            _walk(item, None, posts)
            return RawThread(posts=posts, title=posts[0].title)
    return None


# ---------------------------------------------------------------- structure
def _signature(el: _html.Node) -> tuple[str, tuple[str, ...]]:
    return el.tag, tuple(sorted(el.classes))


def _looks_like_post(el: _html.Node) -> bool:
    return (
        el.select_one(AUTHOR_HINT) is not None
        and any(_html.time_of(t) for t in el.select(TIME_HINT, limit=4))
        and len(_html.text_of(el)) >= 20
    )


def _blocks(page: _html.Node) -> tuple[list[_html.Node], int]:
    """The largest group of same-signature sibling blocks that look like posts, and how
    many blocks on the whole page look like posts and share a signature with some such
    group (the candidates)."""
    best: list[_html.Node] = []
    signatures: set[tuple[str, tuple[str, ...]]] = set()
    for parent in page.descendants():
        groups: dict[tuple[str, tuple[str, ...]], list[_html.Node]] = defaultdict(list)
        for child in parent.children():
            if child.classes:
                groups[_signature(child)].append(child)
        for sig, group in groups.items():
            if len(group) < MIN_BLOCKS:
                continue
            posts = [el for el in group if _looks_like_post(el)]
            if len(posts) >= MIN_BLOCKS:
                signatures.add(sig)
                if len(group) >= len(best) + 1:
                    best = posts
    if not best:
        return [], 0
    candidates = sum(1 for el in page.descendants() if _signature(el) in signatures and _looks_like_post(el))
    return best, max(candidates, len(best))


def _block_post(el: _html.Node) -> RawPost:
    author_el = el.select_one(AUTHOR_HINT)
    time_el = next((t for t in el.select(TIME_HINT, limit=4) if _html.time_of(t)), None)
    author = _html.clean_author(_html.text_of(author_el)) if author_el is not None else None
    ts = _html.time_of(time_el)
    used = {x.key for x in (author_el, time_el) if x is not None}
    body_el = next((b for b in el.select(BODY_HINT) if b.key not in used and _html.text_of(b)), None)
    if body_el is None:
        for x in (author_el, time_el):
            if x is not None:
                x.remove()
        body_el = el
    quotes = _html.take_quotes(body_el, "blockquote")
    return RawPost(
        author=author,
        body=_html.post_text(body_el),
        timestamp=ts,
        source_id=str(el.get("id")) if el.get("id") else None,
        quoted=[q for _, q in quotes if q],
        quote_sources=[a for a, q in quotes if q],
    )


def from_structure(page: _html.Node) -> RawThread | None:
    """Posts from repeated sibling blocks; ``None`` if the page has no such blocks."""
    blocks, candidates = _blocks(page)
    if not blocks:
        return None
    title = _html.page_title(page, ("h1", "h2"))
    posts = [_block_post(el) for el in blocks]
    posts[0].title = title
    warnings = []
    if len(blocks) < KEPT_SHARE_WARN * candidates:
        warnings.append(
            f"read by page structure: {len(blocks)} of {candidates} repeated blocks that look like posts "
            "were kept as posts; the others (replies or comments in other containers) are not read"
        )
    return RawThread(posts=posts, title=title, warnings=warnings)


def _article_only(page: _html.Node) -> RawThread:
    title = _html.page_title(page, ("h1",))
    body = _html.post_text(_html.first(page, ARTICLE_HINT))
    if not body and not title:
        raise ThreadsError(f"no text, posts or comments found in this page (read as {NAME})")
    return RawThread(
        posts=[RawPost(author=None, body=body, title=title)],
        title=title,
        warnings=["no comments or posts recognised in this page: read as one post (the article)"],
    )


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread from JSON-LD, microdata or repeated blocks, else the article alone."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    thread = from_json_ld(page)
    if thread is None:
        _html.remove_noise(page)
        if page.select_one(MICRODATA.post) is not None:
            thread = _html.extract(page, MICRODATA)
        else:
            thread = from_structure(page) or _article_only(page)
    return [_html.mark_pages(thread, page, text)]
