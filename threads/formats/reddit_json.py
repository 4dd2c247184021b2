"""Reddit comments-page JSON: what ``https://www.reddit.com/r/SUB/comments/ID.json`` returns.

The page is a list of two Listings, the submission and its comment tree::

    [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {SUBMISSION}}]}},
     {"kind": "Listing", "data": {"children": [
         {"kind": "t1", "data": {"id": "c1", "parent_id": "t3_abc", "author": "ann",
                                 "body": "...", "created_utc": 1700000000.0,
                                 "replies": {"kind": "Listing", ...} or ""}},
         {"kind": "more", "data": {"count": 12, "children": ["c9", ...]}}]}}]

One thread per file: post 0 the submission (title, ``selftext``), then the comments in
document order (depth first, as the page nests them). ``parent_id`` (``t3_``/``t1_``
fullnames) gives every comment a ``nested`` parent, top-level comments the submission.
``more`` stubs (comments the page did not load) are counted in ``skipped["more"]``,
with the number of comments they hide in a warning.

Deleted and removed comments: an author ``[deleted]``/``[removed]`` is no author
(``None``: never one pseudo-person who wrote them all). A comment whose words are gone
(body ``[deleted]``/``[removed]``) is a **placeholder** (``placeholder=True``, author
``None``, the marker kept as its body so a reader sees what stood there): it keeps its
place so its replies keep their parent. A placeholder with no reply in the file (its
replies, if any, hidden behind a ``more`` stub) carries nothing: it is left out and
counted in ``skipped["deleted"]``. A comment whose author is gone but whose words
remain is an ordinary post with no author. Bodies are Reddit markdown with ``&gt;``,
``&lt;`` and ``&amp;`` escaped, as the API sends them: they are unescaped, so ``>``
quote lines reach ``quotes.py``. Times are ``created_utc``, aware UTC.
"""

from __future__ import annotations

import html
import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    json_outline,
    load_json,
    need,
    scan_head,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "reddit-json"
PRIORITY = 30
DESCRIPTION = "Reddit comments-page JSON: [submission listing, comment listing] with nested replies."

# What Reddit writes in place of a deleted account or of words a user or moderator
# took away (the API's own markers, in author and body alike).
GONE = ("[deleted]", "[removed]")
SUBMISSION_KIND = "t3"
# A thread's origin: the submission's comments page (the same for a "continue this
# thread" subtree of it, /comments/ID/_/COMMENT.json, whose ids are the same fullnames).
COMMENTS_URL = "https://www.reddit.com/comments/{}"
# sniff() confidence: a list of Listings whose first holds a submission; a list of
# Listings without one, or a lone Listing of submissions (a subreddit page, not a
# comments page: parse() says so).
SURE, LISTINGS, LONE_LISTING = 0.95, 0.5, 0.45
# For text that does not parse (a head cut from a big file): the keys, anywhere in it.
_OPEN = re.compile(r'^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"')
_LISTING = re.compile(r'"kind"\s*:\s*"Listing"')
_T3 = re.compile(r'"kind"\s*:\s*"t3"')


def _is_listing(value: object) -> bool:
    return isinstance(value, dict) and value.get("kind") == "Listing"


def _holds_submission(listing: dict[str, Any]) -> bool:
    data = listing.get("data")
    kids = data.get("children") if isinstance(data, dict) else None
    return isinstance(kids, list) and any(
        isinstance(k, dict) and k.get("kind") == SUBMISSION_KIND for k in kids
    )


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Reddit comments page, from its structure.

    >>> sniff('[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {}}]}}]')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] != "[" or not _LISTING.search(head):
            return 0.0
        return round(LISTINGS * bool(_OPEN.search(head)) + (SURE - LISTINGS) * bool(_T3.search(head)), 2)
    if isinstance(outline, list) and outline and _is_listing(outline[0]):
        return SURE if _holds_submission(outline[0]) else LISTINGS
    if _is_listing(outline) and _holds_submission(outline):
        return LONE_LISTING
    return 0.0


def _children(listing: object, where: str) -> list[dict[str, Any]]:
    if listing in ("", None):  # Reddit writes "replies": "" for a leaf
        return []
    listing = need(listing, dict, where)
    data = need(listing.get("data"), dict, f"{where}.data")
    kids = need(data.get("children", []), list, f"{where}.data.children")
    return [need(k, dict, f"{where}.data.children[]") for k in kids]


def _text(value: object) -> str:
    return html.unescape(value) if isinstance(value, str) else ""


def _author(value: object) -> str | None:
    return value if isinstance(value, str) and value and value not in GONE else None


def _comment(data: dict[str, Any], cid: str, parent: str) -> RawPost:
    body = _text(data.get("body"))
    gone = body.strip() in GONE
    return RawPost(
        author=None if gone else _author(data.get("author")),
        body=body.strip() if gone else body,
        timestamp=epoch(data.get("created_utc")),
        source_id=cid,
        parent_source_id=parent,
        placeholder=gone,
    )


def parse(text: str) -> list[RawThread]:
    """One thread: the submission, then its comments depth first; see the module doc."""
    page = need(load_json(text, "a Reddit comments page"), list, "the top level (a Reddit comments page)")
    if len(page) != 2:
        raise ThreadsError(
            f"unexpected JSON shape: a Reddit comments page is a list of 2 listings "
            f"(submission, comments), got {len(page)} item(s)"
        )
    subs = [c for c in _children(page[0], "listing 0") if c.get("kind") == "t3"]
    if not subs:
        raise ThreadsError("unexpected JSON shape: listing 0 holds no submission (kind t3)")
    sub = need(subs[0].get("data"), dict, "the submission's data")
    sub_id = str(sub.get("name") or f"t3_{sub.get('id', '')}")
    title = sub.get("title") if isinstance(sub.get("title"), str) else None
    root = RawPost(
        author=_author(sub.get("author")),
        body=_text(sub.get("selftext")) or _text(sub.get("url")),
        timestamp=epoch(sub.get("created_utc")),
        title=title,
        source_id=sub_id,
    )
    posts = [root]
    more_stubs = hidden = 0
    # Depth-first, iteratively (a deep chain of replies must not exhaust the stack).
    stack = list(reversed(_children(page[1], "listing 1")))
    while stack:
        item = stack.pop()
        data = need(item.get("data", {}), dict, "a comment's data")
        if item.get("kind") == "more":
            more_stubs += 1
            # "count" is 0 on a "continue this thread" stub: its "children" ids still
            # name the comments it stands for.
            count, ids = data.get("count", 0), data.get("children")
            hidden += max(count if isinstance(count, int) else 0, len(ids) if isinstance(ids, list) else 0)
            continue
        if item.get("kind") != "t1":
            continue
        cid = data.get("name") or f"t1_{data.get('id', '')}"
        parent = data.get("parent_id")
        posts.append(_comment(data, str(cid), str(parent) if parent else sub_id))
        stack.extend(reversed(_children(data.get("replies"), f"the replies of {cid}")))
    posts, bare = drop_bare_placeholders(posts)
    warnings = []
    if more_stubs:
        warnings.append(
            f"{more_stubs} 'more' stub(s) hide {hidden} comment(s) the page did not load (not in the file)"
        )
    kept = sum(p.placeholder for p in posts)
    if kept:
        warnings.append(
            f"{kept} deleted or removed comment(s) kept, without author, so their replies stay in place"
        )
    skipped = {k: v for k, v in (("more", more_stubs), ("deleted", bare)) if v}
    key = str(sub.get("id") or sub_id.removeprefix("t3_"))
    origin = COMMENTS_URL.format(key) if key else None
    return [RawThread(posts=posts, title=title, key=key, skipped=skipped, warnings=warnings, origin=origin)]
