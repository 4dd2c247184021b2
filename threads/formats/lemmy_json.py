"""Lemmy API answers (and PieFed's Lemmy-shaped ones), as JSON: ``GET
/api/v3/comment/list?post_id=N`` (``{"comments": [COMMENT_VIEW, ...]}``), Lemmy 1.0's
``/api/v4`` list (``{"items": [...], "next_page": ...}``), ``GET /api/v3/post?id=N``
(``{"post_view": POST_VIEW, ...}``), a single ``{"comment_view": ...}``, saved apart,
together in one JSON list, or the comment views (or bare comment objects) listed alone.

::

    COMMENT_VIEW = {"comment": {"id": 45, "creator_id": 7, "post_id": 3, "content": "Hi",
                                "path": "0.12.45", "removed": false, "deleted": false,
                                "published": "2024-01-02T03:04:05.123456Z", "ap_id": "..."},
                    "creator": {"name": "ann", "display_name": "Ann", "local": true,
                                "actor_id": "https://lemmy.ml/u/ann"},
                    "post": {"id": 3, "name": "Title", ...}, "counts": {"child_count": 0, ...}}
    POST_VIEW = {"post": {"id": 3, "name": "Title", "body": "...", "url": "...",
                          "published": "..."}, "creator": {...}, "counts": {"comments": 9, ...}}

(join-lemmy.org API docs and lemmy-js-client types; checked on LemmyKit's recorded v3/v4
answers and a PieFed ``/api/alpha/comment/list`` answer: PieFed writes ``body``,
``user_name`` and the post's ``title`` where Lemmy writes ``content``, ``name`` and
``name``; Lemmy 1.0 writes ``published_at`` and ``ap_id``.)

**One thread per post** (``post_id``), in order of first appearance. Post 0 is the post:
its ``name`` as title, its ``body`` (markdown, read as written) and link as the text, its
creator as author, from a ``post_view`` when the file has one. A comment list alone holds
the post's title and text but not who wrote it: post 0 is then a **placeholder** that keeps
them. Then the comments in **time order**, moved where needed so that a parent precedes
its replies. A comment's ``path`` (``0.12.45``: its ancestors' ids, then its own) gives
its parent, the id before its own (``0.45``: the post): a ``nested`` link, as the platform
shows it. A parent not in the file (``max_depth``, a page of a longer list) keeps its
dangling id, said in a warning. ``deleted`` and ``removed`` comments (Lemmy blanks their
text for ordinary readers) are left out and counted, or kept as placeholders where a
reply needs them. A comment seen twice (pages that overlap, a post's comments saved
twice) is read once and counted in ``skipped["duplicate"]``. The post's ``counts.comments``
beyond the comments in the file is said in a warning.

Authors: ``name`` (``user_name`` on PieFed) on the creator's own instance, ``name@host``
for an account of another instance (as Lemmy writes a mention, ``@name@host``; names are
unique per instance only). Bare comment objects carry no creator: their author is
``user#CREATOR_ID``, said in a warning. Times: ISO 8601 in UTC; Lemmy before 0.19 wrote
them without a zone (``2023-09-23T10:41:41.254290``), read as UTC: aware UTC.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from threads.formats._dump import NOT_JSON, iso_utc, json_outline, load_json, need, time_order
from threads.formats.disqus_xml import assemble
from threads.model import RawPost, RawThread, ThreadsError

NAME = "lemmy-json"
PRIORITY = 30
DESCRIPTION = (
    "Lemmy / PieFed API JSON (comment/list, post?id=): comment views by path, post views; a thread a post."
)

# A comment as the API gives it (lemmy_db_schema Comment; PieFed's the same but its text
# key): these keys, and one of TEXT_KEYS.
COMMENT_KEYS = ("id", "post_id", "path")
TEXT_KEYS = ("content", "body")
# Where an answer holds its comment views: v3 and PieFed, v4 (a paged list).
LIST_KEYS = ("comments", "items")
# A post's own keys: its title is ``name`` on Lemmy, ``title`` on PieFed.
POST_TITLE_KEYS = ("name", "title")
# Creator names: Lemmy's, PieFed's.
CREATOR_NAME_KEYS = ("name", "user_name")
# The actor address of a creator: Lemmy <= 0.19 and PieFed, Lemmy 1.0.
ACTOR_KEYS = ("actor_id", "ap_id")
TIME_KEYS = ("published", "published_at")
# A comment's flags that mean its words are gone (their stub's flag for assemble()).
GONE_FLAGS = ("removed", "deleted")
# The path's first element: the post itself.
PATH_ROOT = "0"
# sniff() confidence: comment or post views; bare comment objects (no view around them).
SURE, BARE = 0.95, 0.9


def _is_comment(item: object) -> bool:
    return (
        isinstance(item, dict)
        and all(k in item for k in COMMENT_KEYS)
        and any(isinstance(item.get(k), str) for k in TEXT_KEYS)
    )


def _is_comment_view(item: object) -> bool:
    return isinstance(item, dict) and _is_comment(item.get("comment"))


def _is_post(item: object) -> bool:
    return isinstance(item, dict) and "id" in item and any(k in item for k in POST_TITLE_KEYS)


def _is_post_view(item: object) -> bool:
    return isinstance(item, dict) and _is_post(item.get("post")) and isinstance(item.get("creator"), dict)


def _parts(data: Any) -> list[Any]:
    """The comment views, bare comments and post answers of a document, as a flat list."""
    docs = data if isinstance(data, list) else [data]
    out: list[Any] = []
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        listed = next((doc[k] for k in LIST_KEYS if isinstance(doc.get(k), list)), None)
        if listed is not None:
            out.extend(listed)
        for key in ("post_view", "comment_view"):
            if isinstance(doc.get(key), dict):
                out.append(doc[key])
        if listed is None and not any(isinstance(doc.get(k), dict) for k in ("post_view", "comment_view")):
            out.append(doc)
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` holds Lemmy (or PieFed) API comment or post answers.

    >>> sniff('{"comments": [{"comment": {"id": 2, "post_id": 1, "path": "0.2", '
    ...       '"content": "Hi"}, "creator": {"name": "ann"}}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    parts = _parts(outline)
    if any(_is_comment_view(p) or _is_post_view(p) for p in parts):
        return SURE
    if parts and all(_is_comment(p) for p in parts):
        return BARE
    return 0.0


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def author_of(creator: object) -> str | None:
    """A creator as threads names it: ``name`` on its own instance, ``name@host`` when the
    account lives on another one (``local`` false), as Lemmy writes mentions.

    >>> author_of({"name": "bo", "local": False, "actor_id": "https://lemmy.ca/u/bo"})
    'bo@lemmy.ca'
    """
    if not isinstance(creator, dict):
        return None
    name = _first(creator, CREATOR_NAME_KEYS)
    if not isinstance(name, str) or not name.strip():
        return None
    actor = _first(creator, ACTOR_KEYS)
    host = urlsplit(actor).hostname if isinstance(actor, str) else None
    if creator.get("local") is False and host:
        return f"{name.strip()}@{host}"
    return name.strip()


def _parent(comment: dict[str, Any], root_id: str) -> str:
    """The parent of a comment by its path (``0.12.45``: 12), the post's root for ``0.45``."""
    ids = [p for p in str(comment.get("path") or "").split(".") if p]
    own = str(comment.get("id"))
    if ids and ids[-1] == own:
        ids = ids[:-1]
    ancestors = [p for p in ids if p != PATH_ROOT]
    return ancestors[-1] if ancestors else root_id


def _post_text(post: dict[str, Any]) -> str:
    body = post.get("body")
    url = post.get("url")
    parts = [x.strip() for x in (body, url) if isinstance(x, str) and x.strip()]
    return "\n\n".join(parts)


def _root(pid: str, post: dict[str, Any] | None, creator: object) -> RawPost:
    """Post 0 of post ``pid``: the post, a placeholder keeping its words when the file
    does not say who wrote it."""
    post = post or {}
    title = _first(post, POST_TITLE_KEYS)
    author = author_of(creator)
    return RawPost(
        author=author,
        body=_post_text(post),
        timestamp=iso_utc(_first(post, TIME_KEYS)),
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        source_id=f"post-{pid}",
        placeholder=author is None,
    )


class _Reader:
    """Posts and comments gathered per post id, each comment read once."""

    def __init__(self) -> None:
        self.posts: dict[str, tuple[dict[str, Any] | None, object]] = {}  # id -> (post, creator)
        self.comments: dict[str, list[tuple[dict[str, Any], object]]] = {}
        self.counted: dict[str, int] = {}
        self.seen: set[str] = set()
        self.duplicate = 0
        self.bare = 0

    def post(self, post: dict[str, Any], creator: object, counts: object) -> None:
        pid = str(post.get("id"))
        known, known_creator = self.posts.get(pid, (None, None))
        if known is None or (creator is not None and known_creator is None):
            self.posts[pid] = (post, creator if creator is not None else known_creator)
        self.comments.setdefault(pid, [])
        total = counts.get("comments") if isinstance(counts, dict) else post.get("comments")
        if isinstance(total, int) and not isinstance(total, bool):
            self.counted[pid] = max(total, self.counted.get(pid, 0))

    def comment(self, comment: dict[str, Any], creator: object, post: object) -> None:
        pid = str(comment.get("post_id"))
        if _is_post(post):
            self.post(post, None, None)  # a comment view's post: no creator of the post
        cid = str(comment.get("id"))
        if cid in self.seen:
            self.duplicate += 1
            return
        self.seen.add(cid)
        self.posts.setdefault(pid, (None, None))
        self.comments.setdefault(pid, []).append((comment, creator))

    def read(self, parts: list[Any]) -> None:
        for part in parts:
            if _is_comment_view(part):
                self.comment(part["comment"], part.get("creator"), part.get("post"))
            elif _is_post_view(part):
                self.post(part["post"], part["creator"], part.get("counts"))
            elif _is_comment(part):
                self.bare += 1
                self.comment(part, {"name": f"user#{part.get('creator_id')}"}, None)


def _comment_post(comment: dict[str, Any], creator: object, root_id: str) -> tuple[RawPost, str | None]:
    words = _first(comment, TEXT_KEYS)
    post = RawPost(
        author=author_of(creator),
        body=words.strip() if isinstance(words, str) else "",
        timestamp=iso_utc(_first(comment, TIME_KEYS)),
        source_id=str(comment.get("id")),
        parent_source_id=_parent(comment, root_id),
    )
    flag = next((f for f in GONE_FLAGS if comment.get(f) is True), None)
    if flag is None and post.author is None and not post.body:
        flag = "empty"
    return post, flag


def parse(text: str) -> list[RawThread]:
    """One thread per post; see the module doc."""
    data = load_json(text, "a Lemmy API answer")
    reader = _Reader()
    reader.read(_parts(need(data, (dict, list), "the top level (a Lemmy API answer)")))
    if not reader.posts:
        raise ThreadsError(
            "unexpected JSON shape: no Lemmy comment view (comment: id, post_id, path, content) or post_view"
        )
    out = []
    for pid, (post, creator) in reader.posts.items():
        root = _root(pid, post, creator)
        members = [_comment_post(c, who, str(root.source_id)) for c, who in reader.comments[pid]]
        timed = sorted(members, key=lambda m: time_order(m[0]))
        thread = assemble(pid, root, timed, threaded=True)
        thread.title = root.title
        actor = post.get("ap_id") if post else None
        thread.origin = actor if isinstance(actor, str) and actor else None
        if root.placeholder:
            thread.warnings.append(
                f"post {pid}: the file does not say who wrote it (save /api/v3/post?id={pid} with the "
                "comments): a placeholder root keeps its title and text"
            )
        counted = reader.counted.get(pid, 0)
        if counted > len(members):
            thread.warnings.append(
                f"{counted - len(members)} comment(s) counted by the post are not in the file "
                "(later pages, max_depth, or removed)"
            )
        out.append(thread)
    if reader.bare:
        out[0].warnings.append(
            f"{reader.bare} comment(s) without their creator view: authors named by creator_id (user#ID)"
        )
    if reader.duplicate:
        out[0].skipped["duplicate"] = reader.duplicate
        out[0].warnings.append(f"{reader.duplicate} comment(s) listed twice: read once")
    return out
