"""Instagram comments as scrapers write them: instaloader's ``--comments`` file and
Apify's Instagram comment and post items.

instaloader (``instaloader --comments PROFILE`` writes ``<date>_UTC_comments.json``
beside each post; ``Instaloader.update_comments`` in instaloader.py is the reference)::

    [{"id": "1790...", "created_at": 1700000000, "text": "so good",
      "owner": {"id": "11", "username": "ann", "is_verified": false, ...},
      "likes_count": 3,
      "answers": [{"id": "1791...", "created_at": 1700000200, "text": "@ann yes",
                   "owner": {...}, "likes_count": 0}]}, ...]

Apify (``apify/instagram-comment-scraper``, ``apify/instagram-scraper`` with
``resultsType: comments``; a dataset exported as JSON, or JSON lines)::

    [{"id": "1794...", "postId": "CH-MgQOn-7E", "postUrl": "https://www.instagram.com/p/CH-MgQOn-7E/",
      "text": "...", "timestamp": "2021-11-19T13:54:13.000Z", "ownerUsername": "ann",
      "repliesCount": 1, "replies": [{... the same ...}]}, ...]

and Apify's post items (``resultsType: posts``: a profile's or a hashtag's posts), each
with its ``caption``, ``ownerUsername``, ``url`` and a few ``latestComments`` in the
comment shape above.

One thread per post: the post's ``caption`` is post 0 where the file has it (post items),
else a **placeholder** standing for the post (its URL where the comments give one; an
instaloader comments file names no post: its file name does). The comments follow in
time order, a reply (``answers`` / ``replies``) under its comment: ``nested`` links, as
the platform shows them. Instagram nests one level, and its Reply on a reply starts the
answer with ``@username`` of the one answered: such a reply answers that replier's latest
earlier reply under the same comment (an ``explicit`` link, YouTube's rule:
:func:`threads.formats.youtube_json.reply_chains`). Comments without id (Apify's shortened
samples) get one from their place in the file. A comment seen twice is read once
(``skipped["duplicate"]``); one with neither author nor words is left out and counted
(``skipped["empty"]``), kept as a stub where a reply needs it. ``repliesCount`` /
``commentsCount`` beyond what the file holds is said in a warning.

Authors: the username, without ``@``. Times: instaloader's ``created_at`` is Unix
seconds, Apify's ``timestamp`` ISO 8601 with ``Z``: both aware UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    epoch,
    iso_utc,
    json_documents,
    json_outline,
    need,
    scan_head,
    time_order,
)
from threads.formats.disqus_xml import assemble
from threads.formats.youtube_json import author_name, reply_chains
from threads.model import RawPost, RawThread, ThreadsError

NAME = "instagram-json"
PRIORITY = 30
DESCRIPTION = (
    "Instagram comments from scrapers: instaloader --comments (_UTC_comments.json), Apify comment "
    "or post items (latestComments); a thread a post."
)

# sniff() confidence: every item (the outline's first few) in one of the shapes below;
# JSON lines (an Apify dataset exported as jsonl) by the keys in the head.
SURE, LINES = 0.9, 0.85
# The shapes, as data: the key that says which it is, where its author, time and replies
# are. instaloader: instaloader.py update_comments(); Apify: the actors' README output
# samples (apify/instagram-scraper "Instagram comments", docs.apify.com Make integration).
INSTALOADER_KEYS = ("created_at", "text", "owner")  # and "answers" on a top-level comment
APIFY_COMMENT_KEYS = ("ownerUsername", "text")
APIFY_POST_KEYS = ("ownerUsername", "latestComments")
REPLY_KEYS = ("answers", "replies")
TIME_KEYS: tuple[tuple[str, Callable[[object], Any]], ...] = (
    ("created_at", epoch),  # instaloader: Unix seconds, UTC
    ("timestamp", iso_utc),  # Apify: ISO 8601, "Z"
)
_HEAD_KEYS = re.compile(r'"ownerUsername"\s*:')
_HEAD_TIME = re.compile(r'"(?:timestamp|latestComments)"\s*:')
# A post's page, from its shortcode (Apify's postId / shortCode).
POST_URL = "https://www.instagram.com/p/{}/"
_SHORTCODE = re.compile(r"instagram\.com/(?:[^/]+/)?(?:p|reel|tv)/([A-Za-z0-9_-]+)")
_NO_POST = "post"


def _is_instaloader(item: object) -> bool:
    return (
        isinstance(item, dict)
        and all(k in item for k in INSTALOADER_KEYS)
        and isinstance(item["owner"], dict)
        and "username" in item["owner"]
        and "answers" in item
    )


def _is_apify_post(item: object) -> bool:
    return isinstance(item, dict) and all(k in item for k in APIFY_POST_KEYS)


def _is_apify_comment(item: object) -> bool:
    return isinstance(item, dict) and all(k in item for k in APIFY_COMMENT_KEYS) and "caption" not in item


def _known(item: object) -> bool:
    return _is_instaloader(item) or _is_apify_post(item) or _is_apify_comment(item)


def sniff(text: str) -> float:
    """Confidence that ``text`` holds Instagram comments as instaloader or Apify write them.

    >>> sniff('[{"id": "1", "created_at": 1, "text": "x", "owner": {"username": "a"}, "answers": []}]')
    0.9
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        ok = head.lstrip()[:1] == "{" and _HEAD_KEYS.search(head) and _HEAD_TIME.search(head)
        return LINES if ok else 0.0
    docs = outline if isinstance(outline, list) else [outline]
    return SURE if docs and all(_known(d) for d in docs) else 0.0


def post_key(url: object, fallback: object = None) -> str | None:
    """The shortcode of an Instagram post's URL (``/p/CODE/``, ``/reel/CODE/``), else
    ``fallback`` as a string.

    >>> post_key("https://www.instagram.com/p/DBea8-8Jn2z/")
    'DBea8-8Jn2z'
    """
    found = _SHORTCODE.search(url) if isinstance(url, str) else None
    if found:
        return found.group(1)
    return str(fallback) if fallback not in (None, "") else None


def _when(entry: dict[str, Any]) -> Any:
    for key, read in TIME_KEYS:
        if entry.get(key) is not None:
            value = entry[key]
            return epoch(value) if isinstance(value, (int, float)) else read(value)
    return None


class Members:
    """The comments of one post, each read once, each with its flag (None, or "empty")."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.items: list[tuple[RawPost, str | None]] = []
        self.counted: dict[str, int] = {}  # comment id -> the replies the platform counts
        self.total: int | None = None  # the comments the platform counts on the post

    def count(self, cid: str, value: object) -> None:
        """Note a count the platform gives (``repliesCount``); a comment seen twice keeps
        its larger count."""
        if isinstance(value, int) and not isinstance(value, bool):
            self.counted[cid] = max(value, self.counted.get(cid, 0))

    def unloaded(self) -> int:
        """Comments and replies the platform counts that the file does not hold."""
        have: dict[str | None, int] = {}
        for post, _ in self.items:
            have[post.parent_source_id] = have.get(post.parent_source_id, 0) + 1
        replies = sum(max(n - have.get(cid, 0), 0) for cid, n in self.counted.items())
        return max(replies, (self.total or 0) - len(self.items))

    def add(self, post: RawPost, seen: set[str]) -> bool:
        """Keep ``post`` unless its id was read already; whether it was kept."""
        if post.source_id in seen:
            return False
        seen.add(str(post.source_id))
        flag = "empty" if post.author is None and not post.body.strip() else None
        self.items.append((post, flag))
        return True


class _Reader:
    def __init__(self) -> None:
        self.posts: dict[str, Members] = {}
        self.roots: dict[str, RawPost] = {}
        self.origins: dict[str, str] = {}
        self.seen: set[str] = set()
        self.duplicate = 0
        self.counter = 0

    def members(self, key: str) -> Members:
        return self.posts.setdefault(key, Members(key))

    def comment(self, entry: dict[str, Any], key: str, parent: str | None) -> None:
        owner = entry.get("owner")
        name = owner.get("username") if isinstance(owner, dict) else entry.get("ownerUsername")
        self.counter += 1
        cid = str(entry.get("id") or entry.get("pk") or f"{key}#{self.counter}")
        text = entry.get("text")
        post = RawPost(
            author=author_name(name),
            body=text.strip() if isinstance(text, str) else "",
            timestamp=_when(entry),
            source_id=cid,
            parent_source_id=parent,
        )
        here = self.members(key)
        if not here.add(post, self.seen):
            self.duplicate += 1
        replies: list[Any] = []
        for reply_key in REPLY_KEYS:
            if isinstance(entry.get(reply_key), list):
                replies = entry[reply_key]
                break
        for reply in replies:
            self.comment(need(reply, dict, "a reply"), key, cid)
        if parent is None:
            here.count(cid, entry.get("repliesCount"))

    def apify_comment(self, entry: dict[str, Any]) -> None:
        url = entry.get("postUrl")
        key = post_key(url, entry.get("postId")) or _NO_POST
        if key != _NO_POST:
            self.origins.setdefault(key, url if isinstance(url, str) else POST_URL.format(key))
        self.comment(entry, key, None)

    def apify_post(self, entry: dict[str, Any]) -> None:
        url = entry.get("url")
        key = post_key(url, entry.get("shortCode") or entry.get("id")) or _NO_POST
        self.origins.setdefault(key, url if isinstance(url, str) else POST_URL.format(key))
        caption = entry.get("caption")
        self.roots.setdefault(
            key,
            RawPost(
                author=author_name(entry.get("ownerUsername")),
                body=caption.strip() if isinstance(caption, str) else "",
                timestamp=_when(entry),
                source_id=f"post-{key}",
            ),
        )
        comments = need(entry.get("latestComments") or [], list, "latestComments")
        for comment in comments:
            self.comment(need(comment, dict, "a comment of latestComments"), key, None)
        total = entry.get("commentsCount")
        if isinstance(total, int) and not isinstance(total, bool):
            self.members(key).total = total


def social_thread(members: Members, root: RawPost, origin: str | None, chains: bool) -> RawThread:
    """The thread of one post's comments under ``root`` (post 0): in time order, parents
    first, flagged comments counted or kept as stubs (:func:`assemble`), Instagram's
    ``@username`` reply chains read when ``chains``. Shared with ``facebook-json``."""
    for post, _ in members.items:
        if post.parent_source_id is None:
            post.parent_source_id = root.source_id
    timed = sorted(members.items, key=lambda m: time_order(m[0]))
    thread = assemble(members.key, root, timed, threaded=True)
    if chains:
        reply_chains(thread)
    thread.origin = origin
    return thread


def parse(text: str) -> list[RawThread]:
    """One thread per Instagram post the comments belong to; see the module doc."""
    reader = _Reader()
    docs = json_documents(text, "Instagram comments")
    entries = [e for doc in docs for e in (doc if isinstance(doc, list) else [doc])]
    if not entries:
        raise ThreadsError("Instagram comments: the file holds no comment (an empty list)")
    for entry in entries:
        if _is_apify_post(entry):
            reader.apify_post(entry)
        elif _is_instaloader(entry) or (isinstance(entry, dict) and "owner" in entry and "text" in entry):
            reader.comment(entry, _NO_POST, None)
        elif _is_apify_comment(entry):
            reader.apify_comment(entry)
        else:
            raise ThreadsError(
                "unexpected JSON shape: instaloader comments (created_at, text, owner, answers) or "
                "Apify Instagram items (ownerUsername with text, or latestComments)"
            )
    out = []
    for key, members in reader.posts.items():
        origin = reader.origins.get(key)
        root = reader.roots.get(key) or RawPost(
            author=None, body=origin or "", source_id=f"post-{key}", placeholder=True
        )
        thread = social_thread(members, root, origin, chains=True)
        if key == _NO_POST and root.placeholder:
            thread.warnings.append(
                "the comments name no post (instaloader's file name does): read as one thread"
            )
        if unloaded := members.unloaded():
            thread.warnings.append(
                f"{unloaded} comment(s) or repl(ies) counted by Instagram are not in the file"
            )
        out.append(thread)
    if reader.duplicate:
        out[0].skipped["duplicate"] = reader.duplicate
        out[0].warnings.append(f"{reader.duplicate} comment(s) listed twice: read once")
    return out
