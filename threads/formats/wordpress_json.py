"""WordPress REST API answers: ``/wp-json/wp/v2/comments?post=N`` (a list of comments),
optionally with the post itself (``/wp-json/wp/v2/posts/N``), or a post fetched with
``?_embed`` (its comments in ``_embedded.replies``).

::

    [{"id": 12, "post": 7, "parent": 0, "author": 0, "author_name": "Ann",
      "date": "2024-03-01T10:00:00", "date_gmt": "2024-03-01T09:00:00",
      "content": {"rendered": "<p>Hi</p>"}, "link": "https://blog/x/#comment-12",
      "status": "approved", "type": "comment"}, ...]

A list may mix posts (``title.rendered``; the ``/posts`` answer) and comments (``post``,
``author_name``); a single post or comment object reads as a list of one. One thread per
post the comments belong to, in order of first appearance. Post 0 is the post when the
answer holds it (its title, ``content.rendered``, the author's name when ``_embedded``
gives it), else a **placeholder** root. Then the comments in **time order** (the API
lists newest first), moved where needed so that a parent precedes its replies.
``parent`` gives a ``nested`` parent; ``0`` (a top-level comment) answers post 0 when
some comment of the answer is a reply (threaded comments are on), else it is left to
reply inference (``@Ann`` replies of an unthreaded blog); a parent not in the answer
keeps its dangling id, said in a warning. Comments in ``spam`` or ``trash`` (an
authenticated ``status=`` query) are left out and counted in ``skipped["spam"]`` /
``skipped["deleted"]``, or kept as placeholders where a reply needs them (as in
``disqus-xml``). ``content.rendered`` is HTML: ``<blockquote>`` blocks become quotes.

Times: ``date_gmt`` is UTC and read as such; ``date`` is the blog's local time with no
zone (the only time of an embedded comment): it is read as written, naive, like the
times of text copies (``--tz`` says the zone).
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from threads.dates import in_range
from threads.formats._dump import NOT_JSON, html_post_text, iso_utc, json_outline, load_json, need, time_order
from threads.formats.disqus_xml import assemble
from threads.model import RawPost, RawThread, ThreadsError

NAME = "wordpress-json"
PRIORITY = 30
DESCRIPTION = "WordPress REST API JSON (/wp-json/wp/v2/comments, posts?_embed): comments with parent ids."

# sniff(): the keys of a REST comment (developer.wordpress.org/rest-api/reference/comments),
# one check per entry (any of the keys); a post object (title/content rendered) counts too.
COMMENT_SIGNS: tuple[tuple[str, ...], ...] = (
    ("author_name",),
    ("parent",),
    ("date_gmt", "date"),
    ("author_avatar_urls", "author_url", "link"),
)
SURE, EMBEDDED = 0.95, 0.9
# Comment statuses that were taken down: the flag disqus-xml's assemble() expects.
TAKEN_DOWN = {"spam": "spam", "trash": "deleted"}


def _rendered(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _is_comment(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("content"), dict) and "author_name" in item


def _is_post(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("title"), dict) and "author_name" not in item


def _replies(post: dict[str, Any]) -> list[Any]:
    embedded = post.get("_embedded")
    replies = embedded.get("replies") if isinstance(embedded, dict) else None
    return (
        [c for page in replies if isinstance(page, list) for c in page] if isinstance(replies, list) else []
    )


def sniff(text: str) -> float:
    """Confidence that ``text`` is a WordPress REST answer with comments.

    >>> sniff('[{"id": 2, "post": 1, "parent": 0, "author_name": "Ann", "date_gmt": '
    ...       '"2024-03-01T09:00:00", "link": "https://b/x/#comment-2", '
    ...       '"content": {"rendered": "<p>Hi</p>"}}]')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    items = outline if isinstance(outline, list) else [outline]
    for item in items:
        if _is_comment(item) and all(any(k in item for k in keys) for keys in COMMENT_SIGNS):
            return SURE
        if _is_post(item) and any(_is_comment(c) for c in _replies(item)):
            return EMBEDDED
    return 0.0


def _local(value: object) -> datetime | None:
    """``date``: the blog's local time, no zone: kept naive."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return in_range(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def _time(item: dict[str, Any]) -> datetime | None:
    return iso_utc(item.get("date_gmt")) or _local(item.get("date"))


def _root(pid: str, post: dict[str, Any] | None) -> RawPost:
    if post is None:
        return RawPost(author=None, body="", source_id=f"post-{pid}", placeholder=True)
    body, _ = html_post_text(_rendered(post.get("content")))
    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
    authors = embedded.get("author") if isinstance(embedded.get("author"), list) else []
    names = [a.get("name") for a in authors if isinstance(a, dict)]
    name = next((n for n in names if isinstance(n, str) and n.strip()), None)
    return RawPost(
        author=name or None,
        body=body or str(post.get("link") or ""),
        timestamp=_time(post),
        title=html.unescape(_rendered(post.get("title"))).strip() or None,
        source_id=f"post-{pid}",
    )  # in the dump even when its author is only an id (no ?_embed): not a placeholder


def _comment(item: dict[str, Any]) -> tuple[RawPost, str | None]:
    body, quotes = html_post_text(_rendered(item.get("content")))
    name = item.get("author_name")
    parent = item.get("parent")
    return (
        RawPost(
            author=(html.unescape(name).strip() or None) if isinstance(name, str) else None,
            body=body,
            timestamp=_time(item),
            source_id=str(item.get("id")),
            parent_source_id=str(parent) if _is_id(parent) else None,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
        ),
        TAKEN_DOWN.get(str(item.get("status"))),
    )


def parse(text: str) -> list[RawThread]:
    """One thread per post the comments belong to; see the module doc."""
    data = load_json(text, "a WordPress REST answer")
    listed = [data] if isinstance(data, dict) else need(data, list, "the top level (a WordPress REST answer)")
    posts: dict[str, dict[str, Any]] = {}
    comments: list[tuple[str, dict[str, Any]]] = []
    for item in listed:
        if _is_post(item):
            posts.setdefault(str(item.get("id")), item)
            comments.extend((str(item.get("id")), c) for c in _replies(item) if _is_comment(c))
        elif _is_comment(item):
            comments.append((str(item.get("post")), item))
    if not comments and not posts:
        raise ThreadsError(
            "unexpected JSON shape: no WordPress comment (author_name, content) or post (title)"
        )
    order = list(dict.fromkeys([pid for pid, _ in comments] + list(posts)))
    members: dict[str, list[tuple[RawPost, str | None]]] = {pid: [] for pid in order}
    for pid, item in comments:
        members[pid].append(_comment(item))
    threaded = any(post.parent_source_id is not None for items in members.values() for post, _ in items)
    out = []
    for pid in order:
        timed = sorted(members[pid], key=lambda m: time_order(m[0]))
        thread = assemble(pid, _root(pid, posts.get(pid)), timed, threaded)
        if pid not in posts:
            thread.warnings.append(f"post {pid} is not in the file: a placeholder root stands for it")
        out.append(thread)
    return out


def _is_id(value: object) -> bool:
    """A comment id (``parent`` 0 is no parent)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
