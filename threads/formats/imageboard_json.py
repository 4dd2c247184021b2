"""Imageboard thread JSON as 4chan's read-only API serves it (``a.4cdn.org/BOARD/thread/
NO.json``), and vichan / Tinyboard boards in the same shape (``BOARD/res/NO.json``).

::

    {"posts": [{"no": 570368, "resto": 0, "time": 1546293948, "now": "12/31/18(Mon)17:05:48",
                "name": "Anonymous", "trip": "!Ep8pui8Vw2", "id": "3kF9aQ2x", "capcode": "mod",
                "sub": "Subject", "com": "HTML", "filename": "...", "ext": ".png", "tim": ...},
               {"no": 570370, "resto": 570368, "com": "<a href=\\"#p570368\\" class=\\"quotelink\\">
                &gt;&gt;570368</a><br><span class=\\"quote\\">&gt;greentext</span>", ...}]}

Also read: a board's index page (``BOARD/N.json``: ``{"threads": [{"posts": [OP, last
replies]}]}``) and its catalog (``BOARD/catalog.json``: ``[{"page": 1, "threads": [{OP...,
"last_replies": [...]}]}]``), one thread per opening post, the replies they leave out
(``omitted_posts``) said in a warning; and a ``-tail.json`` answer, whose opening post is
a stub (a placeholder root). A thread list (``threads.json``) holds no post: refused.

Post 0 is the opening post (``resto`` 0; its ``sub`` is the title), then the replies in
the board's order (their numbers: time order). Times are ``time`` (Unix seconds), aware
UTC (``now`` is the board's New York clock, not used). ``com`` is HTML: ``<br>`` and
``<wbr>`` become line breaks and nothing, entities are unescaped. Authors, ``>>123``
links (``<a class="quotelink">``; vichan's link has no class, its text and ``href``
``/b/res/1.html#2`` say the same), greentext (``<span class="quote">``) and dead links
(``<span class="deadlink">``, a deleted post) are read as :mod:`threads.formats._chan`
says. The API leaves deleted posts out: only the dead links that name them are counted.
A post with a file and no words is kept with empty text; ``filedeleted`` is counted.

Detection reads the structure: post objects with ``no`` and ``resto``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from threads.formats._chan import ChanPost, assemble, poster
from threads.formats._dump import NOT_JSON, epoch, html_post_text, json_outline, load_json, need, scan_head
from threads.model import RawThread, ThreadsError

NAME = "imageboard-json"
PRIORITY = 30
DESCRIPTION = "4chan / vichan API JSON (thread/NO.json, index pages, catalog): posts with no, resto, >>links."

# sniff(): what an imageboard post object has (4chan API docs, pages/Threads.md): each
# entry one check, any of its keys; confidence by the checks one of the first posts passes.
POST_SIGNS: tuple[tuple[str, ...], ...] = (("no",), ("resto",), ("time", "now"), ("com", "name", "tim"))
CONFIDENCE = {4: 0.95, 3: 0.9, 2: 0.2}
# For text that does not parse (a head cut from a big file): the same keys, anywhere in it,
# and the confidence by how many are found.
HEAD_CONFIDENCE = {3: 0.9, 2: 0.2}
_KEYS = (re.compile(r'"no"\s*:\s*\d'), re.compile(r'"resto"\s*:\s*\d'), re.compile(r'"(?:time|now)"\s*:'))
# 4chan's capcodes and how its pages print them (4chan-API pages/Threads.md).
CAPCODES = {
    "mod": "Mod",
    "admin": "Admin",
    "admin_highlight": "Admin",
    "manager": "Manager",
    "developer": "Developer",
    "founder": "Founder",
    "verified": "Verified",
}
# A link to a post: 4chan "#p123", "THREAD#p123", "/g/thread/THREAD#p123"; vichan
# "/b/res/THREAD.html#123". The thread part, when there, says whether it is this thread.
_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r'href\s*=\s*"(?P<href>[^"]*)"', re.IGNORECASE)
_POST_HREF = re.compile(r"(?:(?P<thread>\d+)(?:\.html)?)?#p?(?P<post>\d+)$")
_LINK_TEXT = re.compile(r"^\s*(?:&gt;|>){2}(?P<post>\d+)\s*$")
_WBR = re.compile(r"<wbr\s*/?>", re.IGNORECASE)
_DEADLINK = re.compile(r'<span class="deadlink">\s*(?:&gt;|>){2}(?P<post>\d+)\s*</span>', re.IGNORECASE)


def _is_post(value: object) -> bool:
    return isinstance(value, dict) and "no" in value and "resto" in value


def _thread_lists(data: Any) -> list[list[Any]]:
    """The post lists of every shape (see the module doc), each OP first."""
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        return [data["posts"]]
    threads: list[Any] = []
    if isinstance(data, dict) and isinstance(data.get("threads"), list):
        threads = data["threads"]
    elif isinstance(data, list):
        threads = [t for page in data if isinstance(page, dict) for t in page.get("threads") or []]
    out = []
    for item in threads:
        if isinstance(item, dict) and isinstance(item.get("posts"), list):
            out.append(item["posts"])
        elif _is_post(item):  # a catalog entry: the OP with its last replies
            replies = item.get("last_replies") if isinstance(item.get("last_replies"), list) else []
            out.append([item, *replies])
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is imageboard API JSON, from its structure.

    >>> sniff('{"posts": [{"no": 1, "resto": 0, "time": 1, "com": "hi"}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:  # a head cut from a big file: its keys
        head = scan_head(text)
        found = sum(bool(p.search(head)) for p in _KEYS) if head.lstrip()[:1] in ("{", "[") else 0
        return HEAD_CONFIDENCE.get(found, 0.0)
    best = 0
    for posts in _thread_lists(outline):
        for post in posts:
            if isinstance(post, dict) and "no" in post:
                best = max(best, sum(any(k in post for k in keys) for keys in POST_SIGNS))
    return CONFIDENCE.get(best, 0.0)


def _links(com: str, thread: str) -> tuple[str, list[str], int]:
    """``com`` without its links to posts of this thread and its dead links; the posts
    they name, and how many dead links there were. Links to another thread or board
    stay as written."""
    targets: list[str] = []

    def anchor(m: re.Match[str]) -> str:
        text = _LINK_TEXT.match(_WBR.sub("", m.group("text")))
        if not text:
            return m.group(0)
        href = _HREF.search(m.group("attrs"))
        where = _POST_HREF.search(href.group("href")) if href else None
        if where and where.group("thread") and where.group("thread") != thread:
            return m.group(0)  # a post of another thread
        targets.append(text.group("post"))
        return ""

    def deadlink(m: re.Match[str]) -> str:
        targets.append(m.group("post"))
        return ""

    com, dead = _DEADLINK.subn(deadlink, _ANCHOR.sub(anchor, com))
    return com, targets, dead


def _post(item: dict[str, Any], thread: str) -> ChanPost:
    com = item.get("com") if isinstance(item.get("com"), str) else ""
    com, targets, dead = _links(com, thread)
    text, _ = html_post_text(com, quote_selectors=())
    name = item.get("name")
    capcode = item.get("capcode")
    sub = item.get("sub")
    return ChanPost(
        source_id=str(item.get("no")),
        author=poster(
            html.unescape(name) if isinstance(name, str) else None,
            item.get("trip"),
            item.get("id"),
            CAPCODES.get(capcode, str(capcode).title()) if isinstance(capcode, str) and capcode else None,
        ),
        timestamp=epoch(item.get("time")),
        text=text,
        targets=targets,
        title=(html.unescape(sub).strip() or None) if isinstance(sub, str) else None,
        dead_links=dead,
        file_only=not text.strip() and bool(item.get("ext") or item.get("filename")),
        file_deleted=bool(item.get("filedeleted")),
    )


def _thread(items: list[Any]) -> RawThread:
    items = [need(p, dict, "a post of posts") for p in items]
    ops = [p for p in items if p.get("resto") in (0, "0")]
    notes: list[str] = []
    if ops:
        op_item = ops[0]
        key = str(op_item.get("no"))
        op = _post(op_item, key)
        # a -tail.json answer's OP is a stub: counts and no post of its own
        op.placeholder = "time" not in op_item and "com" not in op_item and "name" not in op_item
        if op.placeholder:
            op.author = None
        omitted = op_item.get("omitted_posts")
        if isinstance(omitted, int) and omitted > 0:
            notes.append(
                f"an index page: {omitted} repl(ies) of this thread left out of it (not in the file)"
            )
    else:  # replies only: a placeholder stands for their thread
        key = str(items[0].get("resto"))
        op = ChanPost(source_id=key, author=None, timestamp=None, text="", placeholder=True)
    replies = [_post(p, key) for p in items if p is not (ops[0] if ops else None)]
    return assemble(key, [op, *replies], notes, {})


def parse(text: str) -> list[RawThread]:
    """One thread per opening post in the file; see the module doc."""
    data = load_json(text, "imageboard API JSON")
    lists = [posts for posts in _thread_lists(data) if posts]
    if not lists:
        if isinstance(data, list) and any(isinstance(p, dict) and "threads" in p for p in data):
            raise ThreadsError("a thread list (threads.json): thread numbers only, no posts to read")
        raise ThreadsError(
            "unexpected JSON shape: not imageboard API JSON (no 'posts' list of posts with 'no' and 'resto')"
        )
    if not any(_is_post(p) for posts in lists for p in posts):
        raise ThreadsError("unexpected JSON shape: the posts have no 'no' and 'resto'")
    return [_thread(posts) for posts in lists]
