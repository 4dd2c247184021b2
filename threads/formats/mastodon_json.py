"""Mastodon API answers (also Pleroma, Akkoma, GoToSocial: the same client API), as JSON:
``GET /api/v1/statuses/:id/context``, the status itself (``/api/v1/statuses/:id``), or a
list of statuses (a timeline, ``/api/v1/accounts/:id/statuses``, a search's
``statuses``), alone or saved together in one list.

::

    {"ancestors": [STATUS, ...], "descendants": [STATUS, ...]}
    STATUS = {"id": "111491816409848117", "in_reply_to_id": "111491794208793604",
              "created_at": "2023-11-29T03:55:08.790Z", "spoiler_text": "",
              "account": {"acct": "ann@example.social", "username": "ann", ...},
              "content": "<p><span class=\\"h-card\\"><a class=\\"u-url mention\\" ...>@<span>bo</span>"
                         "</a></span> Hi</p>", "reblog": null, "url": "...", ...}

**One thread per conversation**: statuses linked by ``in_reply_to_id`` (the platform's
own parent, a ``nested`` link), rooted at their top status. A top status that answers a
status not in the file (the conversation's start was not saved, or is private or
deleted) hangs under a **placeholder** root standing for that status, so replies to one
missing status stay together; a warning says so. A context answer does not hold the
status it was asked about: its descendants answer a status the file lacks. When the
answer has ancestors, the missing status is the last ancestor's reply, so a placeholder
stands for it there (one conversation stays one thread); save ``/api/v1/statuses/:id``
beside the context to have its words. Statuses given twice (a status and its context
overlap) are read once.

Boosts (``reblog`` set: a status that only shares another one) are no post of the
conversation: left out and counted in ``skipped["reblog"]``. The API never returns a
deleted status: a reply to one is a reply to a status not in the file (above).
``content`` is HTML: mentions read as written (``@bo``), links as their full address,
``<blockquote>`` blocks become quotes. A content warning (``spoiler_text``) is the post's
title. Authors are ``account.acct`` (``bo`` on the status's own server, ``bo@other.site``
elsewhere: unique, unlike display names and bare usernames); times are aware UTC.
"""

from __future__ import annotations

from typing import Any

from threads.formats._dump import NOT_JSON, html_post_text, iso_utc, json_outline, load_json, need, time_order
from threads.formats.disqus_xml import assemble
from threads.model import RawPost, RawThread, ThreadsError

NAME = "mastodon-json"
PRIORITY = 30
DESCRIPTION = "Mastodon API JSON (statuses/:id/context, statuses): threads by in_reply_to_id, HTML content."

# sniff(): what every status of the client API has (docs.joinmastodon.org/entities/Status;
# checked on answers of hci.social and a Mastodon.py cassette). The account object must
# hold one of ACCOUNT_KEYS too.
STATUS_KEYS = ("id", "created_at", "in_reply_to_id", "content")
ACCOUNT_KEYS = ("acct", "username")
CONTEXT_KEYS = ("ancestors", "descendants")
# A search answer (/api/v2/search) holds its statuses under this key.
LIST_KEYS = ("statuses",)
# sniff() confidence: statuses of the right shape; a context answer whose lists are empty
# (parse() then says there is no status).
SURE, EMPTY_CONTEXT = 0.95, 0.6


def _is_status(item: object) -> bool:
    if not isinstance(item, dict) or not all(k in item for k in STATUS_KEYS):
        return False
    account = item.get("account")
    return isinstance(account, dict) and any(k in account for k in ACCOUNT_KEYS)


def _is_context(item: object) -> bool:
    return isinstance(item, dict) and all(isinstance(item.get(k), list) for k in CONTEXT_KEYS)


def _parts(data: Any) -> list[Any]:
    """The statuses and context answers the document holds, as a flat list."""
    if isinstance(data, dict):
        listed = next((data[k] for k in LIST_KEYS if isinstance(data.get(k), list)), None)
        return listed if listed is not None else [data]
    return data if isinstance(data, list) else []


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Mastodon API answer (a context, statuses).

    >>> sniff('{"ancestors": [], "descendants": [{"id": "2", "in_reply_to_id": "1", '
    ...       '"created_at": "2024-01-01T00:00:00Z", "content": "<p>Hi</p>", '
    ...       '"account": {"acct": "ann"}}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    best = 0.0
    for part in _parts(outline):
        if _is_status(part):
            return SURE
        if _is_context(part):
            statuses = [*part["ancestors"], *part["descendants"]]
            if any(_is_status(s) for s in statuses):
                return SURE
            if not statuses:
                best = EMPTY_CONTEXT
    return best


def _post(status: dict[str, Any]) -> RawPost:
    body, quotes = html_post_text(status.get("content") if isinstance(status.get("content"), str) else "")
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    name = account.get("acct") or account.get("username")
    warning = status.get("spoiler_text")
    parent = status.get("in_reply_to_id")
    return RawPost(
        author=(name.strip() or None) if isinstance(name, str) else None,
        body=body,
        timestamp=iso_utc(status.get("created_at")),
        title=(warning.strip() or None) if isinstance(warning, str) else None,
        source_id=str(status.get("id")),
        parent_source_id=None if parent is None or isinstance(parent, bool) else str(parent),
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )


def _collect(parts: list[Any]) -> tuple[dict[str, RawPost], dict[str, str], int]:
    """The posts by id (first reading wins), the missing asked-about status of each context
    answer with its parent (the last ancestor), and how many boosts were left out."""
    posts: dict[str, RawPost] = {}
    stubs: dict[str, str] = {}
    boosts = 0
    for part in parts:
        if _is_context(part):
            ancestors = [s for s in part["ancestors"] if _is_status(s)]
            descendants = [s for s in part["descendants"] if _is_status(s)]
            statuses = ancestors + descendants
            inside = {str(s.get("id")) for s in descendants}
            asked = {str(s.get("in_reply_to_id")) for s in descendants} - inside
            asked.discard("None")
            if ancestors and len(asked) == 1:
                stubs[asked.pop()] = str(ancestors[-1].get("id"))
        elif _is_status(part):
            statuses = [part]
        else:
            continue
        for status in statuses:
            if isinstance(status.get("reblog"), dict):
                boosts += 1
                continue
            post = _post(status)
            posts.setdefault(str(post.source_id), post)
    return posts, {sid: parent for sid, parent in stubs.items() if sid not in posts}, boosts


def _top(post: RawPost, posts: dict[str, RawPost]) -> str:
    """The id the conversation of ``post`` starts from: its top status in the file, or
    the missing status that top answers."""
    cur, seen = post, set()
    while cur.parent_source_id is not None and cur.source_id not in seen:
        seen.add(cur.source_id)
        parent = posts.get(cur.parent_source_id)
        if parent is None:
            return cur.parent_source_id
        cur = parent
    return str(cur.source_id)


def _when(post: RawPost, posts: dict[str, RawPost]) -> float:
    """Time-order key: a placeholder for the asked-about status has no time of its own; it
    was written after its parent, so it sorts with it (ahead of its replies)."""
    parent = posts.get(post.parent_source_id) if post.placeholder and post.parent_source_id else None
    return time_order(parent or post)


def conversations(posts: dict[str, RawPost]) -> list[RawThread]:
    """One thread per conversation of ``posts`` (by id; parents by ``parent_source_id``):
    each rooted at its top post, or at a placeholder for the missing post that top
    answers, the rest in time order. Shared with ``activitypub-json``."""
    groups: dict[str, list[RawPost]] = {}
    for post in posts.values():
        groups.setdefault(_top(post, posts), []).append(post)
    out = []
    for key, members in groups.items():
        root = posts.get(key)
        if root is None:  # the conversation's start is not in the file
            root = RawPost(author=None, body="", source_id=key, placeholder=True)
        rest = sorted((p for p in members if p is not root), key=lambda p: _when(p, posts))
        thread = assemble(key, root, [(p, None) for p in rest], threaded=False)
        if key not in posts:
            thread.warnings.append(f"post {key} is not in the file: a placeholder root stands for it")
        out.append(thread)
    return out


def parse(text: str) -> list[RawThread]:
    """One thread per conversation; see the module doc."""
    data = load_json(text, "a Mastodon API answer")
    parts = _parts(need(data, (dict, list), "the top level (a Mastodon API answer)"))
    posts, stubs, boosts = _collect(parts)
    for sid, parent in stubs.items():  # the asked-about status of a context answer
        posts[sid] = RawPost(author=None, body="", source_id=sid, parent_source_id=parent, placeholder=True)
    if not any(not p.placeholder for p in posts.values()):
        if boosts:
            raise ThreadsError(f"a Mastodon answer of {boosts} boost(s) only: no status of a conversation")
        raise ThreadsError("unexpected JSON shape: no Mastodon status (id, created_at, content, account)")
    out = conversations(posts)
    for thread in out:
        asked = [p.source_id for p in thread.posts if p.source_id in stubs]
        if asked:
            thread.warnings.append(
                f"status {asked[0]} (the one the context answer is about) is not in the file: a "
                "placeholder stands for it (save /api/v1/statuses/ID with the context)"
            )
    if boosts:
        out[0].skipped["reblog"] = boosts
        out[0].warnings.append(f"{boosts} boost(s) left out (a boost shares a status, it says nothing)")
    return out
