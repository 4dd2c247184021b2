"""Hacker News item JSON, in the shapes people save it in.

- **Firebase** (the official API, ``/v0/item/ID.json``): a list of items, one item, or
  **one item a line** (JSONL: a crawler writing each answer on a line), each with
  ``id``, ``type`` (``story``, ``comment``, ``pollopt``, ...), ``by``, ``time`` (Unix
  seconds), ``text`` (HTML), ``parent`` and ``kids``; deleted items carry
  ``"deleted": true``, and an id with no item answers ``null``.
- **BigQuery** (``bigquery-public-data.hacker_news.full`` exported as newline-delimited
  JSON, or the columns of it a query chose): the same fields one row a line, INT64s
  written as strings (``"id": "8863"``, ``"time": "1175714200"``), a ``timestamp``
  (``"2007-04-05 04:16:40 UTC"``), ``dead``/``deleted``, no ``kids``, rows in no order.

  Both: one thread per story in the file; comments in **document order** for a list,
  in **time order** for lines (an export's rows come in any order), moved where needed so
  that a parent precedes its replies. Comments whose story is not in the file (a
  comment saved alone, a BigQuery query of comments) are not left out: one thread per
  top-most item found, under a **placeholder root** standing for the item it answers
  (its id, which may be the story or a comment the file lacks), said in a warning.
  Poll options and items of no known type are counted in ``skipped["other"]``, an id
  listed twice is read once (the later line: the later fetch) and counted in
  ``skipped["duplicate"]``, and lines that are not JSON objects (``null``, a line cut
  short) in ``skipped["bad_line"]``, the first of them named in a warning.
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
of a top list), wherever the keys stand; for lines, the first lines' items.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    html_post_text,
    iso_utc,
    json_lines,
    json_outline,
    load_json,
    need,
    parents_first,
    scan_head,
    text_lines,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "hn-json"
PRIORITY = 30
DESCRIPTION = (
    "Hacker News JSON: Firebase items (a list, or one a line), BigQuery rows one a line, "
    "Algolia items or search hits, or nested HNPWA."
)

ROOT_TYPES = ("story", "ask", "poll", "job", "link")
COMMENT = "comment"
BOM = "\ufeff"
# A thread's origin: its story's page, as the item-page dialect names it too (JSON files
# of one story given together merge, as its saved pages do; analysis.read_dumps keys
# pages by dialect, so a JSON file and a saved page of the story are read apart).
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


# One Firebase item or BigQuery row (a line of a JSONL file, or a one-item document):
# an id, an author or a deleted/dead mark, a place in a thread, and a time. "by" is the
# API's own name: no other export read here has it. A BigQuery query may choose only
# some columns (a real sample: id, by, time, text, parent), so the type is not needed.
_ITEM: tuple[Sign, ...] = (
    (("id",), None),
    (("by", "deleted", "dead"), None),
    (("parent", "kids", "title", "type"), None),
    (("time", "timestamp"), None),
)
# sniff(): how many of the first lines of a JSONL file to try, and the confidence when
# all of them are items (a line that is not, the share that are).
SNIFF_LINES = 5
LINES_SURE = 0.95


def _passes(item: dict[str, Any], sign: Sign) -> bool:
    keys, values = sign
    return any(k in item and (values is None or item[k] in values) for k in keys)


def _is_item(obj: object) -> bool:
    return isinstance(obj, dict) and all(_passes(obj, sign) for sign in _ITEM)


def sniff(text: str) -> float:
    """Confidence that ``text`` is Hacker News item JSON (any of the three shapes).

    >>> sniff('[{"by": "pg", "id": 1, "kids": [2], "type": "story", "time": 1}]')
    0.95
    """
    text = text.lstrip(BOM)
    outline = json_outline(text)
    if outline is NOT_JSON and text.startswith("{"):
        found, bad = json_lines(text[: 2**16].rsplit("\n", 1)[0], SNIFF_LINES)
        found = [(no, obj) for no, obj in found if obj is not None]  # null: an id without item
        if found and isinstance(found[0][1], dict):
            return round(LINES_SURE * sum(_is_item(obj) for _, obj in found) / (len(found) + bad), 2)
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
    if any(_is_item(item) for item in items):  # a BigQuery row (no type, no kids) saved alone
        best = max(best, 3)
    return CONFIDENCE.get(best, 0.0)


def _body(html: object) -> tuple[str, list[tuple[str | None, str]]]:
    # No quote blocks on HN: quotes are ">" lines, left in the text for quotes.py.
    return html_post_text(html if isinstance(html, str) else "", quote_selectors=())


def _post(
    item: dict[str, Any], author_key: str, text_key: str, when: datetime | None, parent: object
) -> RawPost:
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
        timestamp=when,
        source_id=str(item.get("id")),
        parent_source_id=str(parent) if parent is not None else None,
        placeholder=gone,
    )


def _story(item: dict[str, Any], author_key: str, text_key: str, when: datetime | None) -> RawPost:
    body, _ = _body(item.get(text_key))
    title = item.get("title") if isinstance(item.get("title"), str) else None
    author = item.get(author_key)
    return RawPost(
        author=author if isinstance(author, str) and author else None,
        body=body or str(item.get("url") or ""),
        timestamp=when,
        title=title,
        source_id=str(item.get("id")),
    )


def _nested(top: dict[str, Any], shape: str) -> RawThread:
    author_key, text_key, kids_key = (
        ("author", "text", "children") if shape == "algolia" else ("user", "content", "comments")
    )
    stamp_key = "created_at_i" if shape == "algolia" else "time"
    root = _story(top, author_key, text_key, epoch(top.get(stamp_key)))
    posts = [root]
    stack = [(k, root.source_id) for k in reversed(need(top.get(kids_key) or [], list, kids_key))]
    while stack:
        item, parent = stack.pop()
        item = need(item, dict, f"an item in {kids_key}")
        if shape == "algolia" and item.get("parent_id") is not None:
            parent = str(item["parent_id"])
        posts.append(_post(item, author_key, text_key, epoch(item.get(stamp_key)), parent))
        kids = need(item.get(kids_key) or [], list, kids_key)
        stack.extend((k, str(item.get("id"))) for k in reversed(kids))
    return _thread(posts, str(top.get("id")))


def _thread(posts: list[RawPost], key: str, moved: int = 0) -> RawThread:
    """The thread of ``posts`` (post 0 its root, parents first), stubs without replies
    dropped and counted, and what it needs saying."""
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


def _when(item: dict[str, Any]) -> datetime | None:
    """An item's time: ``time`` (Unix seconds; a BigQuery row's written as a string),
    else a BigQuery row's ``timestamp`` (``"2007-04-05 04:16:40 UTC"``)."""
    if item.get("time") is not None:
        return epoch(item["time"])
    stamp = item.get("timestamp")
    return iso_utc(stamp.removesuffix(" UTC")) if isinstance(stamp, str) else None


def _kind(item: dict[str, Any]) -> str | None:
    """``"story"`` (a thread's root), ``"comment"``, or None: a poll option, or an item
    of no known type or place (a comment without parent)."""
    kind, parent = item.get("type"), item.get("parent")
    if kind in ROOT_TYPES or (kind is None and parent is None and isinstance(item.get("title"), str)):
        return "story"
    if parent is not None and kind in (COMMENT, None):  # a BigQuery query may leave out the type
        return COMMENT
    return None


def _thread_keys(items: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each item's thread: its story's id, or, where the chain of parents leaves the
    file, the id of the item the top-most comment found answers."""
    keys: dict[str, str] = {}
    for start in items:
        chain: list[str] = []
        cur = start
        while cur not in keys:
            item = items.get(cur)
            if item is None or _kind(item) == "story" or cur in chain:  # missing, story, or a loop
                keys[cur] = cur
                break
            chain.append(cur)
            cur = str(item["parent"])
        for member in chain:
            keys[member] = keys[cur]
    return keys


def _firebase(entries: list[tuple[int, Any]], timed: bool = False) -> list[RawThread]:
    """One thread per story of ``entries`` ((line, item): the list's items, or a JSONL
    file's), and one per item missing from them that comments answer; see the module
    doc. ``timed``: the comments in time order (lines), else in the given order."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    other = duplicate = 0
    for no, raw in entries:
        item = need(raw, dict, "an item of the list")
        if _kind(item) is None:
            other += 1
            continue
        key = str(item.get("id"))
        duplicate += key in latest
        latest[key] = (latest.pop(key, (no, item))[0], item)  # the later version, first place
    keys = _thread_keys({key: item for key, (_, item) in latest.items()})
    roots: dict[str, RawPost] = {}
    members: dict[str, list[RawPost]] = {}  # by thread, in order of first appearance
    for key, (no, item) in sorted(latest.items(), key=lambda kv: kv[1][0]):
        thread = members.setdefault(keys[key], [])
        if _kind(item) == "story":
            post = roots[key] = _story(item, "by", "text", _when(item))
        else:
            post = _post(item, "by", "text", _when(item), item["parent"])
            thread.append(post)
        post.line_start = post.line_end = no if timed else 0
    if not members:
        raise ThreadsError("unexpected JSON shape: the Hacker News items hold no story or comment")
    threads = []
    for key, found in members.items():
        loop = key in latest and key not in roots  # parents that loop back: broken at ``key``
        for post in found if loop else ():
            if post.source_id == key:
                post.parent_source_id = None
        # a stand-in for the item the top-most comments answer
        root = roots.get(key) or RawPost(
            author=None, body="", source_id=None if loop else key, placeholder=True
        )
        posts, moved = parents_first([root, *(sorted(found, key=time_order) if timed else found)])
        thread = _thread(posts, key, moved)
        if loop:
            thread.warnings.append(f"the parents of item {key} loop back to it: read as answering no one")
        elif root.placeholder:
            thread.alone_note = (
                f"item {key}, which comments here answer, is not in the file: "
                "a placeholder root stands for it"
            )
        threads.append(thread)
    for what, n, said in (
        ("other", other, "poll option(s) or item(s) of no known type left out"),
        ("duplicate", duplicate, "item(s) listed twice: the later read"),
    ):
        if n:
            threads[0].skipped[what] = n
            threads[0].warnings.append(f"{n} {said}")
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
        stamp = epoch(hit.get("created_at_i"))
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


def _lines(text: str) -> list[RawThread] | None:
    """The threads of a JSONL file of items (Firebase answers or BigQuery rows, one a
    line), or None when ``text`` does not open with an item line (a JSON document cut
    short: the caller says so)."""
    first = text.lstrip().split("\n", 1)[0]
    opening, _ = json_lines(first, 1)
    if not opening or not isinstance(opening[0][1], (dict, type(None))):
        return None
    found, bad = json_lines(text)
    items = [(no, obj) for no, obj in found if isinstance(obj, dict)]
    if not items:
        raise ThreadsError("no line is a Hacker News item (a JSON object)")
    threads = _firebase(items, timed=True)
    if bad := bad + len(found) - len(items):
        good = {no for no, _ in items}
        at = next(no for no, line in enumerate(text_lines(text), start=1) if line.strip() and no not in good)
        threads[0].skipped["bad_line"] = bad
        threads[0].warnings.append(
            f"{bad} line(s) not a JSON object (cut short, or null: an id without item) "
            f"left out, the first line {at}"
        )
    return threads


def parse(text: str) -> list[RawThread]:
    """Threads from any of the shapes; see the module doc."""
    text = text.lstrip(BOM)
    if json_outline(text) is NOT_JSON and (threads := _lines(text)) is not None:
        return threads
    data = load_json(text, "Hacker News items")
    if isinstance(data, list):
        return _firebase(list(enumerate(data, start=1)))
    data = need(data, dict, "the top level (Hacker News item JSON)")
    if isinstance(data.get("hits"), list):
        return _search(data["hits"])
    if "children" in data and ("author" in data or "created_at_i" in data):
        return [_nested(data, "algolia")]
    if "comments" in data and ("user" in data or "time_ago" in data):
        return [_nested(data, "hnpwa")]
    if "by" in data or "kids" in data or _is_item(data):
        return _firebase([(1, data)])
    raise ThreadsError(
        "unexpected JSON shape: not a Hacker News item (no Firebase 'by'/'kids', "
        "Algolia 'children' or 'hits', or HNPWA 'comments')"
    )
