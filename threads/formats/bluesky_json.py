"""Bluesky post threads: what ``app.bsky.feed.getPostThread`` returns (the AppView's
``/xrpc/app.bsky.feed.getPostThread?uri=at://...``), as JSON; the ``thread`` node alone,
or a list of answers, reads the same.

::

    {"thread": {"$type": "app.bsky.feed.defs#threadViewPost",
                "post": {"uri": "at://did:plc:ann/app.bsky.feed.post/3k2", "cid": "...",
                         "author": {"did": "did:plc:ann", "handle": "ann.bsky.social",
                                    "displayName": "Ann"},
                         "record": {"text": "Hi", "createdAt": "2024-03-01T09:00:00.000Z",
                                    "reply": {"root": {"uri": ...}, "parent": {"uri": ...}}},
                         "indexedAt": "...", "embed": {...}},
                "parent": {NODE},            # the asked-about post's ancestors, upwards
                "replies": [NODE, ...]}}     # its replies, nested arbitrarily deep

One thread per answer: the ancestors top down, the asked-about post, then its replies
depth first, as the thread nests them. Post ids are the posts' ``at://`` URIs; a reply's
``record.reply.parent`` names its parent by URI, a ``nested`` link (the nesting of the
answer says the same). Post 0 is the thread's top: the root post, or, when the answer
does not reach it (``parentHeight``), a **placeholder** for the post the top one answers.

``app.bsky.feed.defs#notFoundPost`` (deleted) and ``#blockedPost`` entries carry no
words: among the replies they are left out and counted in ``skipped["not_found"]`` /
``skipped["blocked"]``; as an ancestor (a reply to a deleted post) they stay as a
placeholder so the posts under them keep their parent, said in a warning. Other node
types (a future union member) are counted in ``skipped["other"]``.

``record.text`` is plain text, read as written (mentions ``@ann.bsky.social`` and links
are in it). A quote post (``embed`` ``app.bsky.embed.record#view``, or
``recordWithMedia#view``) carries the quoted post: its text is the post's quote, its
author the quote's source. Authors are handles (unique; display names are not; an account whose handle
fails verification, ``handle.invalid``, is named by its DID); times
are ``record.createdAt`` (``indexedAt`` when it is missing), aware UTC.
"""

from __future__ import annotations

from typing import Any

from threads.formats._dump import NOT_JSON, iso_utc, json_outline, load_json, need
from threads.model import RawPost, RawThread, ThreadsError

NAME = "bluesky-json"
PRIORITY = 30
DESCRIPTION = "Bluesky getPostThread JSON: a thread of nested threadViewPost nodes (post, parent, replies)."

# The node types of app.bsky.feed.defs (atproto lexicons/app/bsky/feed/defs.json), and
# the skipped[] key of each that carries no post.
THREAD_VIEW = "app.bsky.feed.defs#threadViewPost"
NO_POST: dict[str, str] = {
    "app.bsky.feed.defs#notFoundPost": "not_found",
    "app.bsky.feed.defs#blockedPost": "blocked",
}
# How a warning names a node without a post, by its skipped[] key.
LABELS: dict[str, str] = {
    "not_found": "deleted (not found)",
    "blocked": "blocked",
    "other": "of an unknown kind",
}
# A node without $type (a client library's dump) is told by its flags.
NO_POST_FLAGS: dict[str, str] = {"notFound": "not_found", "blocked": "blocked"}
# The embeds that quote another post (app.bsky.embed.record, recordWithMedia) and where
# their view keeps the quoted record.
QUOTE_EMBEDS: dict[str, tuple[str, ...]] = {
    "app.bsky.embed.record#view": ("record",),
    "app.bsky.embed.recordWithMedia#view": ("record", "record"),
}
AT_URI = "at://"
# What the AppView writes for a handle that fails verification (atproto's "handle.invalid"):
# not a name, and many accounts share it; the account's DID stands in.
INVALID_HANDLE = "handle.invalid"
# sniff() confidence: a node whose post has an at:// uri and a record; a "thread" whose
# node carries no post (the answer for a deleted post: parse() says so).
SURE, NO_POST_NODE = 0.95, 0.5


def _is_view(node: object) -> bool:
    if not isinstance(node, dict) or node.get("$type", THREAD_VIEW) != THREAD_VIEW:
        return False
    post = node.get("post")
    uri = post.get("uri") if isinstance(post, dict) else None
    return isinstance(uri, str) and uri.startswith(AT_URI) and isinstance(post.get("record"), dict)


def _nodes(data: Any) -> list[Any]:
    """The thread nodes of a document: one answer, a bare node, or a list of either."""
    items = data if isinstance(data, list) else [data]
    return [i.get("thread") if isinstance(i, dict) and "thread" in i else i for i in items]


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Bluesky getPostThread answer (or its node).

    >>> sniff('{"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "post": '
    ...       '{"uri": "at://did:plc:a/app.bsky.feed.post/1", "record": {"text": "Hi"}}}}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    nodes = _nodes(outline)
    if any(_is_view(n) for n in nodes):
        return SURE
    if any(isinstance(n, dict) and n.get("$type") in NO_POST for n in nodes):
        return NO_POST_NODE
    return 0.0


def _gone(node: dict[str, Any]) -> str | None:
    """The skipped[] key of a node that holds no post, None for a thread view."""
    kind = node.get("$type")
    if kind in NO_POST:
        return NO_POST[kind]
    if _is_view(node):
        return None
    return next((key for flag, key in NO_POST_FLAGS.items() if node.get(flag) is True), "other")


def _quote(post: dict[str, Any]) -> tuple[str, str | None] | None:
    """(text, author) of the post a quote post embeds."""
    embed = post.get("embed")
    path = QUOTE_EMBEDS.get(embed.get("$type")) if isinstance(embed, dict) else None
    quoted: Any = embed
    for key in path or ():
        quoted = quoted.get(key) if isinstance(quoted, dict) else None
    value = quoted.get("value") if isinstance(quoted, dict) else None
    text = value.get("text") if isinstance(value, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    author = quoted.get("author") if isinstance(quoted.get("author"), dict) else {}
    handle = author.get("handle")
    return text.strip(), handle if isinstance(handle, str) else None


def _post(node: dict[str, Any]) -> RawPost:
    post = node["post"]
    record = post["record"]
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    name = author.get("handle")
    if name == INVALID_HANDLE or not isinstance(name, str) or not name.strip():
        name = author.get("did") or author.get("displayName")
    reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
    parent = reply.get("parent") if isinstance(reply.get("parent"), dict) else {}
    quote = _quote(post)
    text = record.get("text")
    return RawPost(
        author=(name.strip() or None) if isinstance(name, str) else None,
        body=text if isinstance(text, str) else "",
        timestamp=iso_utc(record.get("createdAt")) or iso_utc(post.get("indexedAt")),
        source_id=post["uri"],
        parent_source_id=parent.get("uri") if isinstance(parent.get("uri"), str) else None,
        quoted=[quote[0]] if quote else [],
        quote_sources=[quote[1]] if quote else [],
    )


def _stub(node: dict[str, Any], child: RawPost) -> RawPost:
    """A placeholder for an ancestor the answer names but does not show."""
    uri = node.get("uri") if isinstance(node.get("uri"), str) else child.parent_source_id
    return RawPost(author=None, body="", source_id=uri, placeholder=True)


def _thread(node: dict[str, Any]) -> RawThread:
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    # The ancestors, from the asked-about post upwards (iteratively: a chain can be long).
    chain = [_post(node)]
    up = node.get("parent")
    while isinstance(up, dict):
        gone = _gone(up)
        if gone is None:
            chain.append(_post(up))
            up = up.get("parent")
            continue
        chain.append(_stub(up, chain[-1]))
        warnings.append(f"an ancestor post is {LABELS[gone]}: a placeholder stands for it")
        break
    top = chain[-1]
    if not top.placeholder and top.parent_source_id is not None:  # the answer stops short of the root
        chain.append(RawPost(author=None, body="", source_id=top.parent_source_id, placeholder=True))
        warnings.append(f"post {top.parent_source_id} is not in the file: a placeholder root stands for it")
    posts = list(reversed(chain))
    # The replies, depth first in the answer's order.
    stack = list(reversed(_replies(node)))
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            skipped["other"] = skipped.get("other", 0) + 1
            continue
        gone = _gone(item)
        if gone:
            skipped[gone] = skipped.get(gone, 0) + 1
            continue
        posts.append(_post(item))
        stack.extend(reversed(_replies(item)))
    known = {p.source_id for p in posts}
    if dangling := sum(1 for p in posts[1:] if p.parent_source_id not in known):
        warnings.append(f"{dangling} post(s) reply to posts not in the file")
    if skipped:
        what = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(skipped.items()))
        warnings.append(f"left out replies without a post: {what}")
    root = posts[0]
    return RawThread(posts=posts, key=root.source_id, skipped=skipped, warnings=warnings)


def _replies(node: dict[str, Any]) -> list[Any]:
    replies = node.get("replies")
    return replies if isinstance(replies, list) else []


def parse(text: str) -> list[RawThread]:
    """One thread per getPostThread answer; see the module doc."""
    data = load_json(text, "a Bluesky getPostThread answer")
    nodes = _nodes(need(data, (dict, list), "the top level (a Bluesky getPostThread answer)"))
    out, gone = [], []
    for node in nodes:
        if _is_view(node):
            out.append(_thread(node))
        elif isinstance(node, dict) and node.get("$type") in NO_POST:
            gone.append(NO_POST[node["$type"]])
    if not out:
        if gone:
            raise ThreadsError(
                f"a Bluesky answer for a post that is {gone[0].replace('_', ' ')}: no post to read"
            )
        raise ThreadsError(
            "unexpected JSON shape: no Bluesky thread (thread.post with an at:// uri and a record)"
        )
    if gone:
        out[0].skipped["not_a_thread"] = len(gone)
        out[0].warnings.append(f"{len(gone)} answer(s) for a post not found or blocked: left out")
    return out
