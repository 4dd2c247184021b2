"""Disqus API answers (``disqus.com/api/3.0``): ``threads/listPosts``, ``posts/list``,
``forums/listPosts`` and ``posts/details``, as JSON.

::

    {"cursor": {"hasNext": false, "next": "..."}, "code": 0, "response": [
        {"id": "9002", "parent": 9001, "thread": "7001", "forum": "myblog",
         "author": {"name": "Ann", "username": "ann", "isAnonymous": false},
         "createdAt": "2019-05-01T09:00:00", "message": "<p>Hi</p>", "raw_message": "Hi",
         "isDeleted": false, "isSpam": false, "isApproved": true, ...}, ...]}

``response`` is a list of posts (one post for ``posts/details``); a saved ``response``
alone (a bare list of posts) reads the same. ``thread`` is the thread's id, or with
``related=thread`` the thread itself (``id``, ``title``, ``link``, ``createdAt``).

One thread per thread id, in order of first appearance (a forum-wide ``posts/list`` holds
many). Post 0 is a **placeholder** root for the thread's page (the API names its author by
id only): titled and dated from the thread object when the answer has it, its text the
thread's ``message`` or its ``link``. Then the posts in **time order** (the API lists
newest first), moved where needed so that a parent precedes its replies. ``parent`` gives
a ``nested`` parent; a parent not in the answer keeps its dangling id (reply inference
then falls back), said in a warning; a post without one answers post 0 when the answer
uses replies at all (as in ``disqus-xml``). Deleted and spam posts (``include=deleted``,
``include=spam``) are treated as in ``disqus-xml``: left out and counted in
``skipped["deleted"]`` / ``skipped["spam"]``, or kept as placeholders where a reply needs
them. ``message`` is HTML: ``<blockquote>`` blocks become quotes (``raw_message``, plain
text, stands in when there is no ``message``). Authors are display names (``name``, else
``username``); ``createdAt`` is UTC without a zone: times are aware UTC.
"""

from __future__ import annotations

import html
from typing import Any

from threads.formats._dump import NOT_JSON, html_post_text, iso_utc, json_outline, load_json, need, time_order
from threads.formats.disqus_xml import assemble
from threads.model import RawPost, RawThread, ThreadsError

NAME = "disqus-json"
PRIORITY = 30
DESCRIPTION = "Disqus API JSON (threads/listPosts, posts/list): response posts with thread and parent."

# sniff(): what a Disqus API post has (Disqus API 3.0 docs, posts/details; checked on the
# 2011 firehose in Disqus's own "orbital" feeder). Each entry is one check: any of the keys.
POST_SIGNS: tuple[tuple[str, ...], ...] = (
    ("createdAt",),
    ("thread",),
    ("message", "raw_message"),
    ("isDeleted", "isSpam", "isApproved", "isJuliaFlagged"),
    ("forum",),
)
# sniff() confidence by the most checks one of the first posts passes (the
# author object, a dict with name/username, must be there too).
CONFIDENCE = {5: 0.95, 4: 0.9, 3: 0.2}


def _posts_of(outline: Any) -> list[Any]:
    if isinstance(outline, dict):
        outline = outline.get("response")
        if isinstance(outline, dict):
            return [outline]
    return outline if isinstance(outline, list) else []


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Disqus API answer (or its ``response`` list).

    >>> sniff('{"code": 0, "response": [{"id": "1", "thread": "7", "forum": "f", '
    ...       '"createdAt": "2019-05-01T09:00:00", "message": "Hi", "isDeleted": false, '
    ...       '"author": {"name": "Ann"}}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    best = 0
    for post in _posts_of(outline):
        author = post.get("author") if isinstance(post, dict) else None
        if isinstance(author, dict) and ("name" in author or "username" in author):
            best = max(best, sum(any(k in post for k in keys) for keys in POST_SIGNS))
    return CONFIDENCE.get(best, 0.0)


def _thread_id(post: dict[str, Any]) -> str | None:
    thread = post.get("thread")
    if isinstance(thread, dict):
        thread = thread.get("id")
    return None if thread is None or isinstance(thread, bool) else str(thread)


def _root(tid: str, thread: Any) -> RawPost:
    """Post 0: the thread's page, as far as the answer tells (a related thread object)."""
    thread = thread if isinstance(thread, dict) else {}
    title = thread.get("title")
    title = (html.unescape(title).strip() or None) if isinstance(title, str) else None
    text, _ = html_post_text(thread.get("message") if isinstance(thread.get("message"), str) else "")
    link = thread.get("link") if isinstance(thread.get("link"), str) else ""
    return RawPost(
        author=None,
        body=text or link,
        timestamp=iso_utc(thread.get("createdAt")),
        title=title,
        source_id=f"thread-{tid}",
        placeholder=True,
    )


def _post(data: dict[str, Any]) -> tuple[RawPost, str | None]:
    message = data.get("message")
    if not isinstance(message, str):
        raw = data.get("raw_message")
        message = html.escape(raw) if isinstance(raw, str) else ""
    body, quotes = html_post_text(message)
    author = data.get("author") if isinstance(data.get("author"), dict) else {}
    name = author.get("name") or author.get("username")
    parent = data.get("parent")
    flag = "spam" if data.get("isSpam") is True else "deleted" if data.get("isDeleted") is True else None
    post = RawPost(
        author=(name.strip() or None) if isinstance(name, str) else None,
        body=body,
        timestamp=iso_utc(data.get("createdAt")),
        source_id=str(data.get("id")),
        parent_source_id=None if parent is None or isinstance(parent, bool) else str(parent),
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )
    return post, flag


def parse(text: str) -> list[RawThread]:
    """One thread per thread id the posts name; see the module doc."""
    data = load_json(text, "a Disqus API answer")
    if isinstance(data, dict):
        if "response" not in data:
            raise ThreadsError("unexpected JSON shape: a Disqus API answer has a 'response'")
        listed = data["response"]
        listed = [listed] if isinstance(listed, dict) else need(listed, list, "response")
    else:
        listed = need(data, list, "the top level (a Disqus API answer)")
    items = [need(p, dict, "a post of response") for p in listed]
    if not items:
        raise ThreadsError("a Disqus API answer without posts (response is empty)")
    roots: dict[str, RawPost] = {}
    members: dict[str, list[tuple[RawPost, str | None]]] = {}
    no_thread = 0
    for item in items:
        tid = _thread_id(item)
        if tid is None:
            no_thread += 1
            continue
        if tid not in roots or (isinstance(item.get("thread"), dict) and roots[tid].title is None):
            roots[tid] = _root(tid, item.get("thread"))
        members.setdefault(tid, []).append(_post(item))
    if not roots:
        raise ThreadsError("a Disqus API answer whose posts name no thread")
    # Disqus threads replies itself: an answer where some post has a parent shows the
    # reply button in use (see disqus-xml, which reasons the same way on exports).
    threaded = any(item.get("parent") not in (None, False) for item in items)
    out = []
    for tid, root in roots.items():
        timed = sorted(members[tid], key=lambda m: time_order(m[0]))
        out.append(assemble(tid, root, timed, threaded))
    if no_thread:
        out[0].skipped["no_thread"] = no_thread
        out[0].warnings.append(f"{no_thread} post(s) name no thread: left out")
    return out
