"""4chan archive JSON from FoolFuuka (4plebs, desuarchive, archived.moe, ...): its API's
``/_/api/chan/thread/?board=B&num=N``, ``index`` and ``search`` answers.

::

    {"570368": {"op": {"num": "570368", "subnum": "0", "thread_num": "570368", "op": "1",
                       "timestamp": 1546275948, "name": "Anonymous", "trip": null,
                       "poster_hash": "3kF9aQ2x", "capcode": "N", "title": "Subject",
                       "comment": ">>570001\\n>greentext\\nwords", "deleted": "0", "media": {...}},
                "posts": {"570370": {...}, ...}}}

An index page holds several threads (``{"1": {"op": ..., "posts": [...]}, ...}``, the
replies it leaves out in ``omitted``), a search answer posts of any thread (``{"0":
{"posts": [...]}, "meta": ...}``): one thread per ``thread_num``, in order of first
appearance, post 0 its opening post (``op`` 1; ``title`` is the thread's), or a
placeholder when the answer lacks it. Replies in number order.

**Times.** FoolFuuka stores ``timestamp`` as the board's New York wall clock written as
if it were UTC (Asagi, the archiver behind it: ``DateUtils.adjustTimestampEpoch(time,
America/New_York)``; ``fourchan_date`` is printed from it): it is read as New York time
and turned to UTC, so that an archived post and the same post from 4chan's API
(``imageboard-json``) have the same time.

``comment`` is plain text (Asagi unescaped 4chan's HTML) with ``>>123`` links and Asagi's
markup (``[spoiler]``, ``[code]``, ...: taken out, their words kept). Authors (``name``,
``trip``, ``poster_hash`` the poster ID, ``capcode``), links and greentext are read as
:mod:`threads.formats._chan` says. Posts 4chan deleted are kept (``deleted`` 1: the
archive saved their words) and counted; ghost posts (``subnum`` > 0, written on the
archive after the thread closed, not on the board) are left out, counted in
``skipped["ghost"]``.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from threads.dates import in_range
from threads.formats._chan import ChanPost, assemble, poster
from threads.formats._dump import NOT_JSON, json_outline, load_json, need
from threads.model import RawThread, ThreadsError

NAME = "foolfuuka-json"
PRIORITY = 30
DESCRIPTION = "4chan archive JSON from FoolFuuka (4plebs, desuarchive): thread, index or search answers."

# The clock Asagi writes ``timestamp`` in (see the module doc).
ARCHIVE_CLOCK = ZoneInfo("America/New_York")
# sniff(): what a FoolFuuka post object has (FoolFuuka's REST API docs, "Post"); each
# entry one check, any of its keys; confidence by the checks one post passes.
POST_SIGNS: tuple[tuple[str, ...], ...] = (
    ("num",),
    ("thread_num",),
    ("timestamp",),
    ("subnum", "doc_id", "poster_hash", "fourchan_date"),
)
CONFIDENCE = {4: 0.95, 3: 0.9, 2: 0.2}
# FoolFuuka's capcode letters ("N": none), as 4chan prints them.
CAPCODES = {"M": "Mod", "A": "Admin", "D": "Developer", "F": "Founder", "V": "Verified"}
# Asagi's markup in ``comment`` (its cleaning of 4chan's HTML: spoilers, code, the red
# "USER WAS BANNED" line, ...): the tags go, the words stay.
_MARKUP = re.compile(
    r"\[/?(?:spoiler|code|banned|moot|sjis|shiftjis|info|math|eqn|b|i|u|s)\]|\[/?fortune[^\]]*\]",
    re.IGNORECASE,
)
# A link to a post of this board: ">>123" (">>123,1": a ghost post); ">>>/g/123" is
# another board's and stays as written.
_LINK = re.compile(r"(?<!>)>>(?P<post>\d+)(?:,(?P<sub>\d+))?")


def _entries(data: Any) -> list[dict[str, Any]]:
    """The thread/index/search entries of an answer: objects with ``op`` or ``posts``."""
    if not isinstance(data, dict):
        return []
    return [v for v in data.values() if isinstance(v, dict) and ("op" in v or "posts" in v)]


def _posts_of(entry: dict[str, Any]) -> list[Any]:
    posts = entry.get("posts")
    listed = list(posts.values()) if isinstance(posts, dict) else posts if isinstance(posts, list) else []
    return ([entry["op"]] if isinstance(entry.get("op"), dict) else []) + listed


def sniff(text: str) -> float:
    """Confidence that ``text`` is a FoolFuuka API answer, from its structure.

    >>> sniff('{"1": {"op": {"num": "1", "thread_num": "1", "timestamp": 1, "subnum": "0"}}}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    best = 0
    for entry in _entries(outline):
        for post in _posts_of(entry):
            if isinstance(post, dict):
                best = max(best, sum(any(k in post for k in keys) for keys in POST_SIGNS))
    return CONFIDENCE.get(best, 0.0)


def archive_time(value: object) -> datetime | None:
    """A FoolFuuka ``timestamp`` (New York wall clock as Unix seconds) as aware UTC.

    >>> archive_time(1546275948).isoformat()  # 12/31/18(Mon)17:05:48 in New York
    '2018-12-31T22:05:48+00:00'
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        wall = datetime.fromtimestamp(float(value), tz=timezone.utc).replace(tzinfo=ARCHIVE_CLOCK)  # type: ignore[arg-type]
        return in_range(wall.astimezone(timezone.utc))
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _flag(value: object) -> bool:
    return value not in (None, False, 0, "0", "")


def _post(item: dict[str, Any]) -> ChanPost:
    comment = item.get("comment") if isinstance(item.get("comment"), str) else ""
    targets: list[str] = []

    def link(m: re.Match[str]) -> str:
        targets.append(
            m.group("post") if m.group("sub") in (None, "0") else f"{m.group('post')},{m.group('sub')}"
        )
        return ""

    lines = [_LINK.sub(link, ln).strip() for ln in _MARKUP.sub("", comment).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    capcode = item.get("capcode")
    title = item.get("title")
    return ChanPost(
        source_id=str(item.get("num")),
        author=poster(
            item.get("name"), item.get("trip"), item.get("poster_hash"), CAPCODES.get(str(capcode))
        ),
        timestamp=archive_time(item.get("timestamp")),
        text=text,
        targets=targets,
        title=(title.strip() or None) if isinstance(title, str) else None,
        file_only=not text and isinstance(item.get("media"), dict),
        deleted=_flag(item.get("deleted")),
    )


def _number(item: dict[str, Any], key: str) -> int:
    value = item.get(key)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


def parse(text: str) -> list[RawThread]:
    """One thread per ``thread_num``; see the module doc."""
    data = load_json(text, "a FoolFuuka API answer")
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        raise ThreadsError(f"a FoolFuuka error answer: {data['error']}")
    entries = _entries(data)
    if not entries:
        raise ThreadsError("unexpected JSON shape: not a FoolFuuka answer (no entry with 'op' or 'posts')")
    members: dict[str, list[dict[str, Any]]] = {}
    omitted: dict[str, int] = {}
    ghosts = 0
    for entry in entries:
        for item in (need(p, dict, "a FoolFuuka post") for p in _posts_of(entry)):
            if _number(item, "subnum"):
                ghosts += 1
                continue
            tid = str(item.get("thread_num") or item.get("num"))
            members.setdefault(tid, []).append(item)
        if isinstance(entry.get("omitted"), int) and isinstance(entry.get("op"), dict):
            omitted[str(entry["op"].get("thread_num"))] = entry["omitted"]
    if not members:
        raise ThreadsError("a FoolFuuka answer without posts")
    out = []
    for tid, items in members.items():
        unique = {str(i.get("num")): i for i in items}  # an index repeats no post, a merge might
        ordered = sorted(unique.values(), key=lambda i: _number(i, "num"))
        ops = [i for i in ordered if _flag(i.get("op")) or str(i.get("num")) == tid]
        if ops:
            op = _post(ops[0])
            replies = [_post(i) for i in ordered if i is not ops[0]]
        else:
            op = ChanPost(source_id=tid, author=None, timestamp=None, text="", placeholder=True)
            replies = [_post(i) for i in ordered]
        notes = (
            [f"an index page: {omitted[tid]} repl(ies) left out (not in the file)"]
            if omitted.get(tid)
            else []
        )
        out.append(assemble(tid, [op, *replies], notes, {}))
    if ghosts:
        out[0].skipped["ghost"] = ghosts
        out[0].warnings.append(f"{ghosts} ghost post(s) (written on the archive, not on the board) left out")
    return out
