"""ActivityPub outboxes: the ``outbox.json`` of a Mastodon account archive (Settings >
Import and export > Request your archive), or an outbox page fetched from a server
(Mastodon, Pleroma, GoToSocial, ...), as JSON.

::

    {"type": "OrderedCollection", "totalItems": 1557, "orderedItems": [
        {"type": "Create", "actor": "https://example.social/users/ann",
         "object": {"id": "https://example.social/users/ann/statuses/1", "type": "Note",
                    "inReplyTo": "https://other.site/users/bo/statuses/9",
                    "published": "2022-11-08T16:33:11Z", "summary": null,
                    "attributedTo": "https://example.social/users/ann",
                    "content": "<p><span class=\\"h-card\\"><a ...>@<span>bo</span></a></span> Hi</p>"}},
        {"type": "Announce", "object": "https://other.site/users/bo/statuses/7"}, ...]}

An archive is **one author's** posts across many conversations: one thread per chain of
replies in the file (as ``mastodon-json`` groups statuses), rooted at its top post; a
reply to a post not in the file (someone else's, most of an archive's replies) hangs
under a **placeholder** root standing for that post, said in a warning, so the replies
are kept and counted as replies. Post ids are the objects' ``id`` URLs, parents their
``inReplyTo`` (a ``nested`` link). Boosts (``Announce``: another's post shared, no words
of the author) and any other activity are left out and counted in ``skipped`` by type.

``content`` is HTML (mentions as written, ``<blockquote>`` blocks as quotes); ``summary``
(a content warning) is the post's title. The author is ``NAME@HOST`` from the actor's
address (:data:`ACTOR_PATHS`), the form Mastodon shows; times are ``published``, UTC.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from threads.formats._dump import NOT_JSON, html_post_text, iso_utc, json_outline, load_json, need
from threads.formats.mastodon_json import conversations
from threads.model import RawPost, RawThread, ThreadsError

NAME = "activitypub-json"
PRIORITY = 30
DESCRIPTION = "ActivityPub outbox JSON (a Mastodon archive's outbox.json): Create activities, by inReplyTo."

# The collections an outbox is (ActivityStreams 2.0 vocabulary) and where they list items.
COLLECTIONS = ("OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage")
ITEM_KEYS = ("orderedItems", "items")
# The objects of a Create activity that are posts (AS2 object types servers write).
POST_TYPES = ("Note", "Article", "Question", "Page")
# Actor addresses and where their user name stands: Mastodon and GoToSocial
# (/users/NAME), Pleroma and Akkoma (/users/NAME too), profile links (/@NAME).
ACTOR_PATHS = (re.compile(r"^/users/(?P<name>[^/]+)/?$"), re.compile(r"^/@(?P<name>[^/]+)/?$"))
# sniff() confidence: a collection of Create activities with post objects.
SURE = 0.95


def _items(doc: object) -> list[Any] | None:
    if not isinstance(doc, dict) or doc.get("type") not in COLLECTIONS:
        return None
    return next((doc[k] for k in ITEM_KEYS if isinstance(doc.get(k), list)), None)


def _is_post_activity(item: object) -> bool:
    obj = item.get("object") if isinstance(item, dict) and item.get("type") == "Create" else None
    return isinstance(obj, dict) and obj.get("type") in POST_TYPES and "content" in obj


def sniff(text: str) -> float:
    """Confidence that ``text`` is an ActivityPub outbox with posts.

    >>> sniff('{"type": "OrderedCollection", "orderedItems": [{"type": "Create", '
    ...       '"object": {"type": "Note", "content": "<p>Hi</p>", "inReplyTo": null}}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    items = _items(outline)
    return SURE if items and any(_is_post_activity(i) for i in items) else 0.0


def actor_name(address: object) -> str | None:
    """``NAME@HOST`` of an actor address, else the address as written.

    >>> actor_name("https://indieweb.social/users/dealingwith")
    'dealingwith@indieweb.social'
    """
    if not isinstance(address, str) or not address.strip():
        return None
    parts = urlsplit(address.strip())
    for pattern in ACTOR_PATHS:
        if parts.hostname and (m := pattern.match(parts.path)):
            return f"{m.group('name')}@{parts.hostname}"
    return address.strip()


def _id(value: object) -> str | None:
    """An object reference: a URL, or an object with an ``id``."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _post(activity: dict[str, Any]) -> RawPost:
    obj = activity["object"]
    body, quotes = html_post_text(obj["content"] if isinstance(obj["content"], str) else "")
    summary = obj.get("summary")
    return RawPost(
        author=actor_name(_id(obj.get("attributedTo")) or _id(activity.get("actor"))),
        body=body,
        timestamp=iso_utc(obj.get("published")) or iso_utc(activity.get("published")),
        title=(summary.strip() or None) if isinstance(summary, str) else None,
        source_id=_id(obj),
        parent_source_id=_id(obj.get("inReplyTo")),
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )


def parse(text: str) -> list[RawThread]:
    """One thread per chain of replies; see the module doc."""
    doc = need(load_json(text, "an ActivityPub outbox"), dict, "the top level (an ActivityPub outbox)")
    items = _items(doc)
    if items is None:
        raise ThreadsError(
            f"unexpected JSON shape: an outbox is a collection ({', '.join(COLLECTIONS)}) with items"
        )
    posts: dict[str, RawPost] = {}
    skipped: dict[str, int] = {}
    for item in items:
        if _is_post_activity(item) and _id(item["object"]):
            post = _post(item)
            posts.setdefault(str(post.source_id), post)
            continue
        kind = item.get("type") if isinstance(item, dict) else None
        key = kind.lower() if isinstance(kind, str) else "other"
        skipped[key] = skipped.get(key, 0) + 1
    if not posts:
        raise ThreadsError("an ActivityPub outbox without a post (no Create activity of a Note)")
    out = conversations(posts)
    if skipped:
        out[0].skipped.update(skipped)
        what = ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        out[0].warnings.append(f"activities that are no post left out: {what}")
    return out
