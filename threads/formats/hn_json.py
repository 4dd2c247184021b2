"""Hacker News item JSON, in the three shapes people save it in.

- **Firebase** (the official API, ``/v0/item/ID.json``): a list of items, each with
  ``id``, ``type`` (``story``, ``comment``, ...), ``by``, ``time`` (Unix seconds),
  ``text`` (HTML), ``parent`` and ``kids``; deleted items carry ``"deleted": true``.
  One thread per story in the list; comments in **document order** (list order),
  moved where needed so that a parent precedes its replies.
- **Algolia** (``hn.algolia.com/api/v1/items/ID``): one nested object with ``author``,
  ``created_at``/``created_at_i``, ``text``, ``parent_id`` and ``children``.
- **HNPWA** (``api.hnpwa.com/v0/item/ID.json``): one nested object with ``user``,
  ``time``, ``content`` (HTML) and ``comments``.
- **Algolia search** (``hn.algolia.com/api/v1/search?tags=comment,story_N`` and
  ``search_by_date``): ``{"hits": [...]}``, flat; each hit has ``objectID``, ``_tags``
  (``story``, ``comment``, ...), ``author``, ``created_at_i``, and a story's ``title``,
  ``url``, ``story_text`` or a comment's ``comment_text``, ``parent_id``, ``story_id``,
  ``story_title``. One thread per story the hits name, in order of first appearance;
  post 0 is the story's hit, or a placeholder root (titled ``story_title``) when only
  comments of it are in the answer; comments in **time order**, moved where needed so
  that a parent precedes its replies. A comment whose parent is not in the answer keeps
  the dangling id (reply inference then falls back), said in a warning; a hit that is
  neither story nor comment is counted in ``skipped["other"]``.

For the nested shapes post order is **document order**, depth first. Post 0 is the
story (title, text or URL); every comment has a ``nested`` parent (top-level ones the
story). Comment HTML becomes text with ``<p>`` paragraphs on their own lines, so HN's
``>`` quote lines reach ``quotes.py`` as quotes. Times are aware UTC.

Deleted comments, and dead ones whose words are not in the file, are **placeholders**
(``placeholder=True``, no author, body ``[deleted]`` or the marker the file shows) when
a reply in the file hangs from them: they keep their place so the reply keeps its
parent. A stub with no reply in the file carries nothing: it is left out and counted in
``skipped["deleted"]``. A dead comment whose words are in the file is kept as written.

Detection reads the parsed structure (the keys of the top object, or of the first items
of a top list), wherever the keys stand.
"""

from __future__ import annotations

import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    html_post_text,
    json_outline,
    load_json,
    need,
    parents_first,
    scan_head,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "hn-json"
PRIORITY = 30
DESCRIPTION = "Hacker News JSON: Firebase items with kids, Algolia items or search hits, or nested HNPWA."

ROOT_TYPES = ("story", "ask", "poll", "job", "link")
# A thread's origin: its story's page, as the item-page dialect names it too (the same
# item ids: an HN JSON file and a saved page of one story given together merge).
ITEM_URL = "https://news.ycombinator.com/item?id={}"
# What HN prints where a comment's words are gone (item pages, and HNPWA's "content").
GONE = ("[deleted]", "[dead]", "[flagged]")
# sniff(): key sets that only HN items have, one per shape, checked on one item (the top
# object, or one of the first items of a top list). A sign is (any of these keys, and if
# given, the values it may hold).
Sign = tuple[tuple[str, ...], tuple[str, ...] | None]
_FIREBASE: tuple[Sign, ...] = (
    (("by",), None),
    (("kids", "parent"), None),
    (("type",), (*ROOT_TYPES, "comment")),
)
_ALGOLIA: tuple[Sign, ...] = ((("created_at_i",), None), (("children",), None), (("story_id",), None))
_HNPWA: tuple[Sign, ...] = ((("time_ago",), None), (("comments",), None), (("user",), None))
# sniff() confidence by the most checks one shape passes.
CONFIDENCE = {3: 0.95, 2: 0.2}
# For text that does not parse (a head cut from a big file): the same keys, anywhere in it.
_FIREBASE_KEYS = (
    re.compile(r'"by"\s*:'),
    re.compile(r'"(?:kids|parent)"\s*:'),
    re.compile(r'"type"\s*:\s*"(?:story|comment)"'),
)
_ALGOLIA_KEYS = (
    re.compile(r'"created_at_i"\s*:'),
    re.compile(r'"children"\s*:'),
    re.compile(r'"story_id"\s*:'),
)
_HNPWA_KEYS = (re.compile(r'"time_ago"\s*:'), re.compile(r'"comments"\s*:'), re.compile(r'"user"\s*:'))
# An Algolia search answer: the keys of one of the first hits (checked like the items above).
_SEARCH_HIT: tuple[Sign, ...] = (
    (("objectID",), None),
    (("created_at_i",), None),
    (("comment_text", "story_text", "story_id"), None),
)
_SEARCH_KEYS = (
    re.compile(r'"hits"\s*:\s*\['),
    re.compile(r'"objectID"\s*:'),
    re.compile(r'"created_at_i"\s*:'),
)


def _passes(item: dict[str, Any], sign: Sign) -> bool:
    keys, values = sign
    return any(k in item and (values is None or item[k] in values) for k in keys)


def sniff(text: str) -> float:
    """Confidence that ``text`` is Hacker News item JSON (any of the three shapes).

    >>> sniff('[{"by": "pg", "id": 1, "kids": [2], "type": "story", "time": 1}]')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] not in ("{", "["):
            return 0.0
        shapes = (_FIREBASE_KEYS, _ALGOLIA_KEYS, _HNPWA_KEYS, _SEARCH_KEYS)
        best = max(sum(bool(p.search(head)) for p in shape) for shape in shapes)
        return CONFIDENCE.get(best, 0.0)
    items = outline if isinstance(outline, list) else [outline]
    shapes = [(item, shape) for item in items for shape in (_FIREBASE, _ALGOLIA, _HNPWA)]
    hits = outline.get("hits") if isinstance(outline, dict) else None
    if isinstance(hits, list):
        shapes += [(hit, _SEARCH_HIT) for hit in hits]
    best = max(
        (sum(_passes(item, sign) for sign in shape) for item, shape in shapes if isinstance(item, dict)),
        default=0,
    )
    return CONFIDENCE.get(best, 0.0)


def _body(html: object) -> tuple[str, list[tuple[str | None, str]]]:
    # No quote blocks on HN: quotes are ">" lines, left in the text for quotes.py.
    return html_post_text(html if isinstance(html, str) else "", quote_selectors=())


def _post(item: dict[str, Any], author_key: str, text_key: str, stamp: object, parent: object) -> RawPost:
    body, _ = _body(item.get(text_key))
    author = item.get(author_key)
    author = author if isinstance(author, str) and author else None
    # Words gone: a deleted item (Firebase, HNPWA), a dead one without its text, or an
    # Algolia item with neither author nor text, or a body that is only HN's marker.
    gone = body.strip() in GONE or (
        not body.strip() and (bool(item.get("deleted")) or bool(item.get("dead")) or author is None)
    )
    return RawPost(
        author=None if gone else author,
        body=(body.strip() or "[deleted]") if gone else body,
        timestamp=epoch(stamp),
        source_id=str(item.get("id")),
        parent_source_id=str(parent) if parent is not None else None,
        placeholder=gone,
    )


def _story(item: dict[str, Any], author_key: str, text_key: str, stamp: object) -> RawPost:
    body, _ = _body(item.get(text_key))
    title = item.get("title") if isinstance(item.get("title"), str) else None
    author = item.get(author_key)
    return RawPost(
        author=author if isinstance(author, str) and author else None,
        body=body or str(item.get("url") or ""),
        timestamp=epoch(stamp),
        title=title,
        source_id=str(item.get("id")),
    )


def _nested(top: dict[str, Any], shape: str) -> RawThread:
    author_key, text_key, kids_key = (
        ("author", "text", "children") if shape == "algolia" else ("user", "content", "comments")
    )
    stamp_key = "created_at_i" if shape == "algolia" else "time"
    root = _story(top, author_key, text_key, top.get(stamp_key))
    posts = [root]
    stack = [(k, root.source_id) for k in reversed(need(top.get(kids_key) or [], list, kids_key))]
    while stack:
        item, parent = stack.pop()
        item = need(item, dict, f"an item in {kids_key}")
        if shape == "algolia" and item.get("parent_id") is not None:
            parent = str(item["parent_id"])
        posts.append(_post(item, author_key, text_key, item.get(stamp_key), parent))
        kids = need(item.get(kids_key) or [], list, kids_key)
        stack.extend((k, str(item.get("id"))) for k in reversed(kids))
    return _thread(posts, str(top.get("id")))


def _thread(posts: list[RawPost], key: str, moved: int = 0) -> RawThread:
    posts, bare = drop_bare_placeholders(posts)
    kept = sum(p.placeholder for p in posts[1:])
    warnings = (
        [f"{kept} deleted comment(s) kept, without author, so their replies stay in place"] if kept else []
    )
    if moved:
        warnings.append(f"{moved} parent comment(s) moved ahead of a reply listed before them")
    known = {p.source_id for p in posts}
    if dangling := sum(1 for p in posts[1:] if p.parent_source_id not in known):
        warnings.append(f"{dangling} comment(s) reply to comments not in the file")
    skipped = {"deleted": bare} if bare else {}
    return RawThread(
        posts=posts,
        title=posts[0].title,
        key=key,
        warnings=warnings,
        skipped=skipped,
        origin=ITEM_URL.format(key) if key.isdigit() else None,
    )


def _firebase(items: list[Any]) -> list[RawThread]:
    items = [need(i, dict, "an item of the list") for i in items]
    by_id = {str(i.get("id")): i for i in items}
    stories = [i for i in items if i.get("type") in ROOT_TYPES or (i.get("parent") is None and "title" in i)]
    if not stories:
        raise ThreadsError("unexpected JSON shape: a list of Hacker News items holds no story")

    def story_of(item: dict[str, Any]) -> str | None:
        seen: set[str] = set()
        cur: dict[str, Any] | None = item
        while cur is not None and str(cur.get("id")) not in seen:
            seen.add(str(cur.get("id")))
            if cur.get("parent") is None:
                return str(cur.get("id"))
            cur = by_id.get(str(cur.get("parent")))
        return None

    members: dict[str, list[RawPost]] = {str(s.get("id")): [] for s in stories}
    orphans = 0
    for item in items:
        if item.get("parent") is None:
            continue
        sid = story_of(item)
        if sid in members:
            members[sid].append(_post(item, "by", "text", item.get("time"), item.get("parent")))
        else:
            orphans += 1
    threads = []
    for story in stories:
        root = _story(story, "by", "text", story.get("time"))
        posts, moved = parents_first([root, *members[str(story.get("id"))]])
        threads.append(_thread(posts, str(story.get("id")), moved))
    if orphans:
        threads[0].warnings.append(f"{orphans} comment(s) whose story is not in the file left out")
        threads[0].skipped["orphan"] = orphans
    return threads


def _is_story(hit: dict[str, Any]) -> bool:
    tags = hit.get("_tags") if isinstance(hit.get("_tags"), list) else []
    if "comment" in tags:
        return False
    return any(t in tags for t in ROOT_TYPES) or (hit.get("parent_id") is None and bool(hit.get("title")))


def _search(hits: list[Any]) -> list[RawThread]:
    """The threads of an Algolia search answer (see the module doc)."""
    roots: dict[str, RawPost] = {}
    members: dict[str, list[RawPost]] = {}
    other = 0
    for hit in (need(h, dict, "a hit of hits") for h in hits):
        item = {**hit, "id": hit.get("objectID")}  # a hit's id is its objectID
        stamp = hit.get("created_at_i")
        if _is_story(hit):
            key = str(hit.get("objectID"))
            roots[key] = _story(item, "author", "story_text", stamp)
        elif hit.get("story_id") is not None:
            key = str(hit["story_id"])
            parent = hit.get("parent_id")
            members.setdefault(key, []).append(_post(item, "author", "comment_text", stamp, parent))
            # until (unless) the story's own hit comes: it then takes this place
            title = hit.get("story_title") if isinstance(hit.get("story_title"), str) else None
            roots.setdefault(key, RawPost(author=None, body="", title=title, source_id=key, placeholder=True))
            continue
        else:
            other += 1
            continue
        members.setdefault(key, [])
    if not roots:
        raise ThreadsError("an Algolia search answer with no story or comment hit")
    threads = []
    for key, root in roots.items():
        timed = sorted(members.get(key, []), key=time_order)
        posts, moved = parents_first([root, *timed])
        thread = _thread(posts, key, moved)
        if root.placeholder:
            thread.warnings.append(f"story {key} is not in the file: a placeholder root stands for it")
        threads.append(thread)
    if other:
        threads[0].skipped["other"] = other
        threads[0].warnings.append(f"{other} hit(s) neither a story nor a comment left out")
    return threads


def parse(text: str) -> list[RawThread]:
    """Threads from any of the four shapes; see the module doc."""
    data = load_json(text, "Hacker News items")
    if isinstance(data, list):
        return _firebase(data)
    data = need(data, dict, "the top level (Hacker News item JSON)")
    if isinstance(data.get("hits"), list):
        return _search(data["hits"])
    if "children" in data and ("author" in data or "created_at_i" in data):
        return [_nested(data, "algolia")]
    if "comments" in data and ("user" in data or "time_ago" in data):
        return [_nested(data, "hnpwa")]
    if "by" in data or "kids" in data:
        return _firebase([data])
    raise ThreadsError(
        "unexpected JSON shape: not a Hacker News item (no Firebase 'by'/'kids', "
        "Algolia 'children' or 'hits', or HNPWA 'comments')"
    )
