"""Reddit API recordings (PRAW's vcrpy cassettes) read into nested threads, for training.

A cassette holds one thread spread over several responses: the comments page
(``GET /comments/<id>/``: ``[t3 listing, t1 listing]``, replies nested), ``POST
/api/morechildren`` (flat ``json.data.things``, each with ``parent_id``), "continue this
thread" pages (``GET /comments/<id>/_/<comment>``, nested again) and ``/api/info``
listings. Every ``t1`` comment of every response is merged by id (the first full copy
wins); ``more`` stubs are dropped. A comment whose parent chain does not reach the
submission (its parent was never recorded: the file is a window of a larger thread) is
left out with its replies, so that every kept comment has a known parent.

This is a script-side reader (``scripts/flatten.py`` uses it), not a user-facing format.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from threads.model import RawPost, RawThread


def is_cassette(path: Path) -> bool:
    """Whether ``path`` looks like a vcrpy/betamax cassette of Reddit API calls."""
    if path.suffix != ".json":
        return False
    with path.open("rb") as fh:
        head = fh.read(2048)
    return b'"interactions"' in head and (b"reddit" in head or b"praw" in path.name.encode())


def _things(node: object) -> list[dict]:
    """Every ``{"kind": ..., "data": ...}`` object in a response, nested replies included."""
    out: list[dict] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        # pre-order, children in the response's order (the page's order)
        if isinstance(cur, list):
            stack.extend(reversed(cur))
        elif isinstance(cur, dict):
            if "kind" in cur and isinstance(cur.get("data"), dict):
                out.append(cur)
            stack.extend(reversed([v for v in cur.values() if isinstance(v, (dict, list))]))
    return out


def _when(data: dict) -> datetime | None:
    ts = data.get("created_utc")
    return datetime.fromtimestamp(float(ts), tz=timezone.utc) if ts is not None else None


def _reaches(cid: str, mine: dict[str, dict], root: str, kept: dict[str, bool]) -> bool:
    """Whether the parent chain of comment ``cid`` reaches ``root`` (memoised in ``kept``)."""
    seen: list[str] = []
    while cid not in kept:
        c = mine.get(cid)
        if c is None:
            break
        seen.append(cid)
        parent = str(c.get("parent_id", ""))
        if parent == root:
            kept.update(dict.fromkeys(seen, True))
            return True
        cid = parent.removeprefix("t1_")
        if cid in seen:  # a cycle in a malformed recording
            break
    ok = kept.get(cid, False)
    kept.update(dict.fromkeys(seen, ok))
    return ok


def read(path: Path) -> list[RawThread]:
    """The cassette's thread (one per submission with comments), comments in the order
    recorded (the comments page first, in its order, then what later calls added)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    subs: dict[str, dict] = {}
    comments: dict[str, dict] = {}
    for inter in data.get("interactions", []):
        body = inter.get("response", {}).get("body", {})
        text = body.get("string") if isinstance(body, dict) else body
        if not isinstance(text, str) or not text.lstrip().startswith(("{", "[")):
            continue
        try:
            payload = json.loads(text)
        except ValueError:
            continue
        for thing in _things(payload):
            d = thing["data"]
            if thing["kind"] == "t3" and d.get("id"):
                subs.setdefault(d["id"], d)
            elif thing["kind"] == "t1" and d.get("id") and "body" in d:
                comments.setdefault(d["id"], d)
    out = []
    for sid, sub in subs.items():
        mine = {cid: c for cid, c in comments.items() if c.get("link_id") == f"t3_{sid}"}
        if not mine:
            continue
        kept: dict[str, bool] = {}
        root = RawPost(
            author=sub.get("author"),
            body=sub.get("selftext") or sub.get("url") or "",
            timestamp=_when(sub),
            title=sub.get("title"),
            source_id=f"t3_{sid}",
        )
        posts = [root]
        for cid, c in mine.items():
            if not _reaches(cid, mine, f"t3_{sid}", kept):
                continue
            posts.append(
                RawPost(
                    author=c.get("author"),
                    body=c.get("body") or "",
                    timestamp=_when(c),
                    source_id=f"t1_{cid}",
                    parent_source_id=str(c.get("parent_id")),
                )
            )
        out.append(RawThread(posts=posts, title=sub.get("title"), key=sid))
    return out
