"""Discourse topic JSON: what ``https://FORUM/t/SLUG/ID.json`` and its ``posts.json``
pages return.

::

    {"id": 42, "title": "...", "post_stream": {
        "posts": [{"id": 101, "post_number": 1, "username": "ann", "name": "Ann",
                   "created_at": "2024-03-01T09:00:00.000Z", "cooked": "<p>...</p>",
                   "post_type": 1, "reply_to_post_number": null}, ...],
        "stream": [101, 102, ...]}}

A ``/t/ID/posts.json`` page (``?post_number=N``: a window of about 20 posts, listed
newest first) has the same ``post_stream.posts`` without the topic's other fields. The
forum-wide ``/posts.json`` (``{"latest_posts": [...]}``: the latest posts of every topic,
newest first, each with ``topic_id``, ``topic_title`` and ``topic_slug``) is one thread
per topic, in order of first appearance, each read as a page of that topic. Keys
may stand in any order (an export saved with sorted keys puts ``post_stream`` far in):
detection looks at the parsed structure, not at the opening bytes.

One thread per topic: the posts in **document order** (``post_number``), post 0 the
opening post, or on a later page the first post present. Post ids are the
``post_number`` that ``reply_to_post_number`` names, so pages of one topic given
together merge by id; every page of a topic has the same ``origin``
(``discourse:/t/SLUG/TOPIC_ID``) and a topic file that knows its place in the topic's
``stream`` says which ``page`` (chunk of ``chunk_size``) it is.

``reply_to_post_number`` gives a ``nested`` parent (on a page, it may name a post on
another page); a post without it was written with the topic's own Reply button and
answers the opening post (``post_number`` 1), even when it quotes another post: the
structure wins over quotes, which stay reply rows of their own. ``cooked`` HTML becomes
text; ``aside.quote`` blocks become quotes, with the quoted user (``data-username``, or
the "ann:" of the box's title bar) as their source. Small actions
(``post_type`` 3: "closed this topic" and the like) and whispers (4) are left out and
counted in ``skipped``; posts listed in ``stream`` but not loaded in ``posts``
(Discourse sends the first 20) are counted in ``skipped["not_loaded"]``. Deleted posts
are kept as Discourse shows them.
Authors are usernames; times are aware UTC.
"""

from __future__ import annotations

import html
import re
from typing import Any

from threads.formats._dump import NOT_JSON, html_post_text, iso_utc, json_outline, load_json, need, scan_head
from threads.model import RawPost, RawThread, ThreadsError

NAME = "discourse-json"
PRIORITY = 30
DESCRIPTION = "Discourse topic JSON (/t/ID.json, posts.json): post_stream or latest_posts, cooked HTML."

# Discourse post types (Post.types in discourse/app/models/post.rb).
POST_TYPES: dict[int, str] = {1: "regular", 2: "moderator_action", 3: "small_action", 4: "whisper"}
KEPT_TYPES = (1, 2)
OPENING_POST = 1  # post_number of a topic's first post
QUOTE_SELECTORS = ("aside.quote", "blockquote")  # attributed quotes first, then bare "> " ones
# Where the parsed structure decides: a post_stream holding posts with these keys.
POST_KEYS = ("post_number", "cooked")
# sniff() confidence: posts of the right shape; a post_stream with a posts list of any
# other shape (parse() then says what is wrong with it).
SURE, SHAPED = 0.95, 0.6
# For text that does not parse (a head cut from a big file): the keys, anywhere in it.
_SIGNS = (
    re.compile(r'"(?:post_stream|latest_posts)"\s*:'),
    re.compile(r'"cooked"\s*:'),
    re.compile(r'"post_number"\s*:'),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Discourse topic or posts.json page, from its
    structure wherever its keys stand.

    >>> sniff('{"post_stream": {"posts": [{"post_number": 1, "cooked": "<p>Hi</p>"}]}}')
    0.95
    >>> sniff('{"a": 1, "post_stream": {"stream": [], "posts": [{"cooked": "", "post_number": 1}]}}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        if scan_head(text).lstrip()[:1] != "{":
            return 0.0
        hits = sum(bool(p.search(scan_head(text))) for p in _SIGNS)
        return {3: SURE, 2: 0.5}.get(hits, 0.0)
    stream = outline.get("post_stream") if isinstance(outline, dict) else None
    posts = stream.get("posts") if isinstance(stream, dict) else None
    if isinstance(outline, dict) and "post_stream" not in outline:
        posts = outline.get("latest_posts")
    if not isinstance(posts, list):
        return 0.0
    if posts and all(isinstance(p, dict) and all(k in p for k in POST_KEYS) for p in posts):
        return SURE
    return SHAPED


def _quote_author(aside_author: str | None) -> str | None:
    return aside_author.strip().rstrip(":") if aside_author else None


def _parent(number: object, reply_to: object) -> str | None:
    """The post a post answers: ``reply_to_post_number``, else the topic's opening post
    (``post_number`` 1: the post was written with the topic's own Reply button, even if
    it quotes another post). ``None`` for the opening post itself."""
    if isinstance(reply_to, int) and not isinstance(reply_to, bool):
        return str(reply_to)
    return None if number == OPENING_POST else str(OPENING_POST)


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
        parent_source_id=_parent(data.get("post_number"), reply_to),
        quoted=[q for _, q in quotes],
        quote_sources=[_quote_author(a) for a, _ in quotes],
    )


# A quote box: <aside class="quote" data-username="ann" data-post="3"> and a title bar
# (avatar, "ann:") before the quoted <blockquote>. Older Discourse (2016, the Mozilla
# forum's export) writes no data-username: the title bar's "ann:" names the source. A
# title without the colon is a link to another topic, not a user.
_QUOTE_BOX = re.compile(
    r'<aside\b(?P<attrs>[^>]*\bclass="quote\b[^"]*"[^>]*)>\s*'
    r'(?:<div class="title">(?P<title>.*?)</div>\s*(?=<blockquote))?',
    re.IGNORECASE | re.DOTALL,
)
_USERNAME_ATTR = re.compile(r'\bdata-username="([^"]*)"', re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _quote_box(m: re.Match[str]) -> str:
    attrs = m.group("attrs")
    named = _USERNAME_ATTR.search(attrs)
    user = named.group(1) if named else None
    if not user and m.group("title"):
        title = html.unescape(_TAGS.sub("", m.group("title"))).strip()
        user = title[:-1].strip() if title.endswith(":") and " " not in title[:-1].strip() else None
    author = f' data-author="{html.escape(user, quote=True)}"' if user else ""
    return f"<aside{attrs}{author}>"


def _mark_quote_authors(cooked: str) -> str:
    """Name each quote box's source in ``data-author`` (what ``take_quotes`` reads), from
    ``data-username`` or the title bar, and drop the title bar ("ann:" with an avatar),
    which is not quoted text."""
    return _QUOTE_BOX.sub(_quote_box, cooked)


def parse(text: str) -> list[RawThread]:
    """One thread per topic: its loaded posts in ``post_number`` order."""
    topic = need(load_json(text, "a Discourse topic"), dict, "the top level (a Discourse topic)")
    if "post_stream" not in topic and "latest_posts" in topic:
        return _latest(need(topic["latest_posts"], list, "latest_posts"))
    stream = need(topic.get("post_stream"), dict, "post_stream")
    items = [
        need(p, dict, "post_stream.posts[]") for p in need(stream.get("posts"), list, "post_stream.posts")
    ]
    if not items:
        raise ThreadsError("a Discourse topic without posts (post_stream.posts is empty)")
    return [_topic(topic, stream, items)]


def _latest(listed: list[Any]) -> list[RawThread]:
    """``/posts.json``: one thread per topic, each a page of it (its title and slug from
    the posts' ``topic_title`` and ``topic_slug``)."""
    topics: dict[object, list[dict[str, Any]]] = {}
    for item in (need(p, dict, "latest_posts[]") for p in listed):
        topics.setdefault(item.get("topic_id"), []).append(item)
    if not topics:
        raise ThreadsError("a Discourse posts.json without posts (latest_posts is empty)")
    out = []
    for topic_id, items in topics.items():
        title = next((i["topic_title"] for i in items if isinstance(i.get("topic_title"), str)), None)
        out.append(_topic({"id": topic_id, "title": title}, {}, items))
    return out


def _topic(topic: dict[str, Any], stream: dict[str, Any], items: list[dict[str, Any]]) -> RawThread:
    """The thread of one topic's ``items`` (its loaded posts, any order)."""
    items.sort(key=lambda p: p.get("post_number") if isinstance(p.get("post_number"), int) else 0)
    skipped: dict[str, int] = {}
    posts = []
    for item in items:
        kind = item.get("post_type", 1)
        # A small action never opens a thread, unless the file holds nothing else (a
        # posts.json page may start with one: the first regular post is then post 0).
        if kind not in KEPT_TYPES and (posts or any(i.get("post_type", 1) in KEPT_TYPES for i in items)):
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
    topic_id = _first_int([p.get("topic_id") for p in items] + [topic.get("id")])
    key = str(topic_id) if topic_id is not None else None
    number = posts[0].source_id  # its post_number, as text
    first = int(number) if number and number.isdigit() else None
    alone = None
    if first is not None and first != OPENING_POST:  # a later window of the topic
        alone = (
            f"the topic's opening post is not in the file: post 0 is post #{first}, the first "
            "in it (give the topic's first page with this one to read them as one thread)"
        )
    return RawThread(
        posts=posts,
        title=title,
        key=key,
        skipped=skipped,
        warnings=warnings,
        origin=_origin(topic, items, topic_id),
        page=_page(topic, stream, items),
        alone_note=alone,
        starts_at=first,
    )


def _first_int(values: list[object]) -> int | None:
    return next((v for v in values if isinstance(v, int) and not isinstance(v, bool)), None)


def _origin(topic: dict[str, Any], items: list[dict[str, Any]], topic_id: int | None) -> str | None:
    """``discourse:/t/SLUG/ID``, the topic's path (no host: neither a topic file nor a
    posts.json page names its forum): the same on every page of the topic. The posts'
    ``topic_slug`` comes first (every page has it), then the topic's own ``slug``."""
    if topic_id is None:
        return None
    slugs = [p.get("topic_slug") for p in items] + [topic.get("slug")]
    slug = next((s for s in slugs if isinstance(s, str) and s), "")
    return f"discourse:/t/{slug}/{topic_id}" if slug else f"discourse:/t/{topic_id}"


def _page(
    topic: dict[str, Any], stream: dict[str, Any], items: list[dict[str, Any]]
) -> tuple[int, int] | None:
    """(k, n) for a topic file: where its first loaded post stands in the topic's
    ``stream`` (every post id, in order), in chunks of ``chunk_size``; the opening post
    (``post_number`` 1) is always the stream's first. ``None`` for a posts.json page,
    which carries neither."""
    ids, size = stream.get("stream"), topic.get("chunk_size")
    if not isinstance(ids, list) or not ids or not isinstance(size, int) or size < 1:
        return None
    first = items[0]
    if first.get("post_number") == 1:
        at = 0
    elif first.get("id") in ids:
        at = ids.index(first.get("id"))
    else:
        return None
    return at // size + 1, -(-len(ids) // size)
