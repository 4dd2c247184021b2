"""YouTube Data API v3 answers: ``commentThreads.list`` and ``comments.list``, as JSON.

::

    {"kind": "youtube#commentThreadListResponse", "nextPageToken": "...", "items": [
        {"kind": "youtube#commentThread", "id": "UgwA",
         "snippet": {"videoId": "dQw4", "totalReplyCount": 2, "topLevelComment": {
             "kind": "youtube#comment", "id": "UgwA",
             "snippet": {"authorDisplayName": "@ann", "textDisplay": "Hi <b>all</b>",
                         "textOriginal": "Hi *all*", "publishedAt": "2020-05-16T10:38:37Z",
                         "videoId": "dQw4", ...}}},
         "replies": {"comments": [{"kind": "youtube#comment", "id": "UgwA.9xyz",
             "snippet": {"parentId": "UgwA", ...}}]}}, ...]}

A ``comments.list`` answer (``youtube#commentListResponse``) lists comments the same way,
replies with ``snippet.parentId``. What a researcher saves is read alike: one answer,
several pages in a JSON list or written one after the other, or the ``items`` alone.

One thread per video (``videoId``; a channel's discussion comments, which have none, per
``channelId``), in order of first appearance. Post 0 is a **placeholder** root for the
video (the answers hold none of it). Then the comments in **time order** (the API lists
newest first), moved where needed so that a parent precedes its replies. A top-level
comment answers the video, a reply its ``parentId`` (else the id before the dot of its own
``PARENT.CHILD`` id, else the thread that holds it): ``nested`` links, as the platform
shows them. YouTube nests one level only, and its Reply button on a reply starts the
answer with ``@handle`` of that reply's author: a reply that opens with ``@NAME`` of an
earlier replier under the same top-level comment answers that replier's latest earlier
reply there (an ``explicit`` link, :func:`reply_chains`), not the top-level comment. A
parent not in the
file keeps its dangling id, said in a warning (``comments.list?parentId=`` alone). A
comment seen twice (overlapping pages) is read once and counted in ``skipped["duplicate"]``;
comments that ``moderationStatus`` marks ``likelySpam`` or ``rejected`` (a channel owner's
query) are left out and counted, or kept as placeholders where a reply needs them (as in
``disqus-xml``), and so are entries with neither author nor words (``skipped["empty"]``).
``totalReplyCount`` beyond the replies in the file (``commentThreads`` sends five at most)
is said in a warning: those replies are not in the file.

Text: ``textOriginal`` (the words as written) when the answer has it, else
``textDisplay`` (HTML: links, ``<br>``, ``<b>``) as text. Authors: ``authorDisplayName``,
a handle without its ``@`` (``@ann`` is ``ann``: so that ``@ann`` in a reply names her).
Times: ``publishedAt``, ISO 8601 in UTC: aware UTC.
"""

from __future__ import annotations

import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    html_post_text,
    iso_utc,
    json_documents,
    json_outline,
    need,
    scan_head,
    time_order,
)
from threads.formats.disqus_xml import assemble
from threads.model import RawPost, RawThread, ThreadsError

NAME = "youtube-json"
PRIORITY = 30
DESCRIPTION = "YouTube Data API v3 JSON (commentThreads.list, comments.list): pages, lists of pages or items."

# The ``kind`` of the answers and resources read (developers.google.com/youtube/v3/docs:
# commentThreads, comments); an answer is recognised by its kind, items by their shape.
ANSWER_KINDS = ("youtube#commentThreadListResponse", "youtube#commentListResponse")
THREAD_KIND, COMMENT_KIND = "youtube#commentThread", "youtube#comment"
# sniff() confidence: an answer (or a list of them) by its kind; items saved alone by
# their snippet's keys; pages written one after the other (not one JSON document) by the
# answer kind in the head.
SURE, ITEMS, CONCATENATED = 0.95, 0.9, 0.9
_ANSWER_KIND = re.compile(r'"kind"\s*:\s*"youtube#comment(?:Thread)?ListResponse"')
# A comment's snippet: its author and one of its texts.
_COMMENT_KEYS = ("authorDisplayName",)
_TEXT_KEYS = ("textOriginal", "textDisplay")
# moderationStatus values (comments.list / commentThreads.list with moderationStatus=,
# the channel owner's view) that mean the comment is not shown: the flag assemble() counts.
TAKEN_DOWN = {"likelySpam": "spam", "rejected": "rejected"}
# A thread's origin: the video's page (pages of one video given together merge).
WATCH_URL = "https://www.youtube.com/watch?v={}"
CHANNEL_URL = "https://www.youtube.com/channel/{}"
_NO_VIDEO = "comments"
# How YouTube writes a handle (since 2022 the display name of most accounts is one).
HANDLE_SIGIL = "@"


def _is_comment(item: object) -> bool:
    snippet = item.get("snippet") if isinstance(item, dict) else None
    return (
        isinstance(snippet, dict)
        and all(k in snippet for k in _COMMENT_KEYS)
        and any(k in snippet for k in _TEXT_KEYS)
    )


def _is_thread(item: object) -> bool:
    snippet = item.get("snippet") if isinstance(item, dict) else None
    return isinstance(snippet, dict) and _is_comment(snippet.get("topLevelComment"))


def _is_answer(doc: object) -> bool:
    return isinstance(doc, dict) and doc.get("kind") in ANSWER_KINDS


def sniff(text: str) -> float:
    """Confidence that ``text`` holds YouTube Data API comment answers (or their items).

    >>> sniff('{"kind": "youtube#commentThreadListResponse", "items": []}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        return CONCATENATED if head.lstrip()[:1] == "{" and _ANSWER_KIND.search(head) else 0.0
    docs = outline if isinstance(outline, list) else [outline]
    if docs and all(_is_answer(d) for d in docs):
        return SURE
    if docs and all(_is_thread(d) or _is_comment(d) for d in docs):
        return ITEMS
    return 0.0


def _items(text: str) -> list[dict[str, Any]]:
    """Every thread or comment resource of the answers in ``text``, in file order."""
    found: list[dict[str, Any]] = []
    stack = json_documents(text, "a YouTube API answer")
    if not stack:
        raise ThreadsError("not valid JSON for a YouTube API answer: the file is empty")
    for doc in stack:
        for entry in doc if isinstance(doc, list) else [doc]:
            if _is_answer(entry):
                items = need(entry.get("items", []), list, "items")
                found.extend(need(i, dict, "an item of items") for i in items)
            elif _is_thread(entry) or _is_comment(entry):
                found.append(entry)
            else:
                raise ThreadsError(
                    "unexpected JSON shape: a YouTube API answer (kind "
                    f"{' or '.join(ANSWER_KINDS)}), or its comment threads or comments"
                )
    return found


def author_name(value: object) -> str | None:
    """A YouTube author as threads names it: the display name, or a handle without its
    sigil (YouTube shows the handle ``ann`` as ``@ann``, and a reply addresses her as
    ``@ann``: reply inference finds the address only if the name is ``ann``).

    >>> author_name("@ann.k"), author_name("Carlos Azaustre"), author_name(" ")
    ('ann.k', 'Carlos Azaustre', None)
    """
    if not isinstance(value, str):
        return None
    name = value.strip()
    return name.removeprefix(HANDLE_SIGIL).strip() or None


def _text(snippet: dict[str, Any]) -> str:
    original = snippet.get("textOriginal")
    if isinstance(original, str):
        return original.strip()
    shown = snippet.get("textDisplay")
    body, _ = html_post_text(shown if isinstance(shown, str) else "")
    return body


class _Reader:
    """Comments gathered per video from the items, each read once."""

    def __init__(self) -> None:
        self.videos: dict[str, list[tuple[RawPost, str | None]]] = {}
        self.seen: set[str] = set()
        self.duplicate = 0
        self.counted: dict[str, int] = {}  # totalReplyCount per top-level comment
        self.video_of: dict[str, str] = {}  # comment id -> its thread key
        self.channels: set[str] = set()  # keys that are channel ids (no video)

    def place(self, items: list[dict[str, Any]]) -> None:
        """Learn each top-level comment's video first, so that replies listed before
        their thread (a comments.list page saved ahead of it) still find it."""
        for item in items:
            if _is_thread(item):
                snippet = item["snippet"]
                key = snippet.get("videoId") or snippet.get("channelId")
                if key:
                    self.video_of.setdefault(str(snippet["topLevelComment"].get("id")), str(key))

    def comment(self, item: dict[str, Any], key: str | None, parent: str | None) -> None:
        snippet = need(item.get("snippet"), dict, "a comment's snippet")
        cid = str(item.get("id") or "")
        if cid and cid in self.seen:
            self.duplicate += 1
            return
        self.seen.add(cid)
        parent = snippet.get("parentId") or parent or (cid.split(".", 1)[0] if "." in cid else None)
        key = snippet.get("videoId") or key or self.video_of.get(str(parent))
        if not key and snippet.get("channelId"):
            key = snippet["channelId"]
            self.channels.add(str(key))
        key = str(key) if key else _NO_VIDEO
        self.video_of[cid] = key
        post = RawPost(
            author=author_name(snippet.get("authorDisplayName")),
            body=_text(snippet),
            timestamp=iso_utc(snippet.get("publishedAt")),
            source_id=cid,
            parent_source_id=str(parent) if parent else None,
        )
        flag = TAKEN_DOWN.get(str(snippet.get("moderationStatus")))
        if flag is None and post.author is None and not post.body:
            flag = "empty"
        self.videos.setdefault(key, []).append((post, flag))

    def thread(self, item: dict[str, Any]) -> None:
        snippet = item["snippet"]
        key = snippet.get("videoId")
        if not key and snippet.get("channelId"):  # a comment on the channel, not on a video
            key = snippet["channelId"]
            self.channels.add(str(key))
        top = snippet["topLevelComment"]
        self.comment(top, key, None)
        top_id = str(top.get("id") or item.get("id") or "")
        total = snippet.get("totalReplyCount")
        if isinstance(total, int) and not isinstance(total, bool):
            self.counted[top_id] = max(total, self.counted.get(top_id, 0))
        replies = item.get("replies")
        comments = replies.get("comments", []) if isinstance(replies, dict) else []
        for reply in need(comments, list, "replies.comments"):
            self.comment(need(reply, dict, "a reply"), key, top_id)


# The confidence of a reply-to-reply link read from YouTube's ``@handle`` convention: the
# platform's own action put the name there, so it ranks above a name found in the text
# (replies.CONFIDENCE["at_name"], 0.9) and below a parent id.
CHAIN_CONFIDENCE = 0.95


def reply_chains(thread: RawThread) -> int:
    """Give each reply that opens with ``@NAME`` of an earlier replier under the same
    top-level comment that replier's latest earlier reply there as its parent (an
    ``explicit`` link); how many were relinked. ``thread.posts`` are in time order, post 0
    the video's root. A name matches as a whole (``@Carlos Azaustre También`` names Carlos
    Azaustre, a name with a space, as YouTube's older display names were); naming the
    top-level comment's author, with no reply of theirs there yet, keeps that comment as
    the parent."""
    tops = {p.source_id for p in thread.posts[1:] if p.parent_source_id == thread.posts[0].source_id}
    chains: dict[str, list[RawPost]] = {}
    relinked = 0
    for post in thread.posts[1:]:
        top = post.parent_source_id
        if top not in tops:
            continue
        chain = chains.setdefault(top, [])
        said = post.body.lstrip().casefold()
        if said.startswith("@") and chain:
            best: RawPost | None = None
            for earlier in reversed(chain):  # the latest reply of the longest name
                name = (earlier.author or "").casefold()
                rest = said[1 + len(name) :]
                if (
                    name
                    and earlier.author != post.author
                    and said[1:].startswith(name)
                    and not rest[:1].isalnum()
                    and (best is None or len(name) > len(best.author or ""))
                ):
                    best = earlier
            if best is not None:
                post.parent_source_id = best.source_id
                post.parent_evidence, post.parent_confidence = "explicit", CHAIN_CONFIDENCE
                relinked += 1
        chain.append(post)
    return relinked


def _unloaded(reader: _Reader, key: str) -> int:
    """Replies of thread ``key`` that ``totalReplyCount`` counts but the file does not hold."""
    have: dict[str | None, int] = {}
    for post, _ in reader.videos[key]:
        have[post.parent_source_id] = have.get(post.parent_source_id, 0) + 1
    return sum(
        max(n - have.get(cid, 0), 0) for cid, n in reader.counted.items() if reader.video_of.get(cid) == key
    )


def parse(text: str) -> list[RawThread]:
    """One thread per video the comments belong to; see the module doc."""
    reader = _Reader()
    items = _items(text)
    reader.place(items)
    for item in items:
        if _is_thread(item):
            reader.thread(item)
        else:
            reader.comment(item, None, None)
    if not reader.videos:
        raise ThreadsError("a YouTube API answer without comments (items is empty)")
    out = []
    for key, members in reader.videos.items():
        url = CHANNEL_URL if key in reader.channels else WATCH_URL
        root = RawPost(
            author=None,
            body="" if key == _NO_VIDEO else url.format(key),
            source_id=f"video-{key}",
            placeholder=True,
        )
        for post, _ in members:
            if post.parent_source_id is None:
                post.parent_source_id = root.source_id
        timed = sorted(members, key=lambda m: time_order(m[0]))
        thread = assemble(key, root, timed, threaded=True)
        hidden = _unloaded(reader, key)  # by the platform's parents, before reply_chains
        reply_chains(thread)
        thread.origin = None if key == _NO_VIDEO else root.body
        if key == _NO_VIDEO:
            thread.warnings.append("the comments name no video: read as one thread")
        if hidden:
            thread.warnings.append(
                f"{hidden} repl(ies) counted by totalReplyCount are not in the file "
                "(commentThreads sends five a thread at most; comments.list?parentId=ID has them all)"
            )
        out.append(thread)
    if reader.duplicate:
        out[0].skipped["duplicate"] = reader.duplicate
        out[0].warnings.append(f"{reader.duplicate} comment(s) listed twice (overlapping pages): read once")
    return out
