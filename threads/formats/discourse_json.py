"""Discourse topic JSON: what ``https://FORUM/t/SLUG/ID.json`` returns.

::

    {"id": 42, "title": "...", "post_stream": {
        "posts": [{"id": 101, "post_number": 1, "username": "ann", "name": "Ann",
                   "created_at": "2024-03-01T09:00:00.000Z", "cooked": "<p>...</p>",
                   "post_type": 1, "reply_to_post_number": null}, ...],
        "stream": [101, 102, ...]}}

One thread per file: the posts in **document order** (``post_number``), post 0 the
opening post. ``reply_to_post_number`` gives a ``nested`` parent; posts without it are
left to reply inference (Discourse users often answer by quoting instead). ``cooked``
HTML becomes text; ``aside.quote`` blocks become quotes, with the quoted user
(``data-username``) as their source. Small actions (``post_type`` 3: "closed this
topic" and the like) and whispers (4) are left out and counted in ``skipped``; posts
listed in ``stream`` but not loaded in ``posts`` (Discourse sends the first 20) are
counted in ``skipped["not_loaded"]``. Deleted posts are kept as Discourse shows them.
Authors are usernames; times are aware UTC.
"""

from __future__ import annotations

import re
from typing import Any

from threads.formats._dump import SNIFF_CHARS, html_post_text, iso_utc, load_json, need
from threads.model import RawPost, RawThread, ThreadsError

NAME = "discourse-json"
PRIORITY = 30
DESCRIPTION = "Discourse topic JSON (/t/ID.json): post_stream posts, cooked HTML, reply_to_post_number."

# Discourse post types (Post.types in discourse/app/models/post.rb).
POST_TYPES: dict[int, str] = {1: "regular", 2: "moderator_action", 3: "small_action", 4: "whisper"}
KEPT_TYPES = (1, 2)
QUOTE_SELECTORS = ("aside.quote", "blockquote")  # attributed quotes first, then bare "> " ones
_SIGNS = (re.compile(r'"post_stream"\s*:'), re.compile(r'"cooked"\s*:'), re.compile(r'"post_number"\s*:'))


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Discourse topic.

    >>> sniff('{"post_stream": {"posts": [{"post_number": 1, "cooked": "<p>Hi</p>"}]}}')
    0.95
    """
    head = text[:SNIFF_CHARS]
    if not head.lstrip().startswith("{"):
        return 0.0
    hits = sum(bool(p.search(head)) for p in _SIGNS)
    return {3: 0.95, 2: 0.5}.get(hits, 0.0)


def _quote_author(aside_author: str | None) -> str | None:
    return aside_author.strip().rstrip(":") if aside_author else None


def _post(data: dict[str, Any]) -> RawPost:
    cooked = data.get("cooked") if isinstance(data.get("cooked"), str) else ""
    body, quotes = html_post_text(_mark_quote_authors(cooked), QUOTE_SELECTORS)
    reply_to = data.get("reply_to_post_number")
    author = data.get("username") or data.get("name")
    return RawPost(
        author=author if isinstance(author, str) and author else None,
        body=body,
        timestamp=iso_utc(data.get("created_at")),
        source_id=str(data.get("post_number")),
        parent_source_id=str(reply_to) if isinstance(reply_to, int) else None,
        quoted=[q for _, q in quotes],
        quote_sources=[_quote_author(a) for a, _ in quotes],
    )


_ASIDE = re.compile(r"<aside\b([^>]*)\bdata-username=\"([^\"]*)\"", re.IGNORECASE)
_TITLE_DIV = re.compile(r"<div class=\"title\">.*?</div>\s*(?=<blockquote)", re.IGNORECASE | re.DOTALL)


def _mark_quote_authors(cooked: str) -> str:
    """Copy ``data-username`` to ``data-author`` (what ``take_quotes`` reads) and drop
    the quote's title bar ("ann:" with an avatar), which is not quoted text."""
    cooked = _ASIDE.sub(
        lambda m: f'<aside{m.group(1)}data-username="{m.group(2)}" data-author="{m.group(2)}"', cooked
    )
    return _TITLE_DIV.sub("", cooked)


def parse(text: str) -> list[RawThread]:
    """One thread: the topic's loaded posts in ``post_number`` order."""
    topic = need(load_json(text, "a Discourse topic"), dict, "the top level (a Discourse topic)")
    stream = need(topic.get("post_stream"), dict, "post_stream")
    items = [
        need(p, dict, "post_stream.posts[]") for p in need(stream.get("posts"), list, "post_stream.posts")
    ]
    if not items:
        raise ThreadsError("a Discourse topic without posts (post_stream.posts is empty)")
    items.sort(key=lambda p: p.get("post_number") if isinstance(p.get("post_number"), int) else 0)
    skipped: dict[str, int] = {}
    posts = []
    for item in items:
        kind = item.get("post_type", 1)
        if kind not in KEPT_TYPES and posts:
            name = POST_TYPES.get(kind, f"post_type_{kind}") if isinstance(kind, int) else "unknown_type"
            skipped[name] = skipped.get(name, 0) + 1
            continue
        posts.append(_post(item))
    ids = stream.get("stream")
    if isinstance(ids, list) and len(ids) > len(items):
        skipped["not_loaded"] = len(ids) - len(items)
    title = topic.get("title") if isinstance(topic.get("title"), str) else None
    posts[0].title = title
    warnings = []
    if "not_loaded" in skipped:
        warnings.append(
            f"{skipped['not_loaded']} post(s) of the topic are not in the file "
            "(Discourse sends the first 20: fetch /t/ID/posts.json?post_ids[]=... for the rest)"
        )
    key = str(topic.get("id")) if topic.get("id") is not None else None
    return [RawThread(posts=posts, title=title, key=key, skipped=skipped, warnings=warnings)]
