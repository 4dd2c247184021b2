"""Reddit dumps as Pushshift and Arctic Shift publish them: NDJSON, one object a line;
and the same records as one JSON document: a Pushshift API answer (``{"data": [...]}``)
or a JSON list of them (comments saved with ``json.dump``).

Submissions and comments may be mixed in one file (or come in two files)::

    {"id": "abc", "title": "...", "selftext": "...", "author": "ann", "created_utc": 1700000000, ...}
    {"id": "c1", "link_id": "t3_abc", "parent_id": "t3_abc", "body": "...", "author": "bob", ...}

Threads are rebuilt from ``link_id`` (the submission) and ``parent_id`` (``t3_`` the
submission, ``t1_`` a comment): one thread per submission, in order of first
appearance in the file, keyed by the submission id. Post 0 is the submission (a
placeholder root when the dump holds only its comments), then the comments in **time
order** (``created_utc``, then line order), moved where needed so that a parent always
precedes its replies. Every comment gets a ``nested`` parent; one whose parent comment
is not in the file keeps the dangling id (reply inference then falls back) and is
reported in a warning. Deleted and removed comments are read as in ``reddit-json``: a
``[deleted]``/``[removed]`` author is no author; a comment whose words are gone is a
placeholder, kept where a reply needs it, else skipped and counted in
``skipped["deleted"]``; a submission by a deleted account has no author. Lines that are not
JSON objects are counted in ``skipped["bad_line"]``. ``created_utc`` may be a number or
a digit string (older Pushshift); times are aware UTC. An id written as a number (the
2023-24 Pushshift dumps write some ``parent_id`` so) is the base-10 value of the base-36
id: the submission when it is the submission's, else a comment. A ``.zst`` dump is read as it
is (``pip install "threads[zst]"``), and a big dump in pieces, in parallel, with bounded
memory (``threads/chunks.py``; the hooks are ``piece_start``, ``scan`` and ``threads_of``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from threads.formats._dump import NOT_JSON, drop_bare_placeholders, epoch, json_outline, parents_first
from threads.formats.reddit_json import GONE, gone_words
from threads.model import RawPost, RawThread, ThreadsError

NAME = "reddit-ndjson"
PRIORITY = 30
STREAM_KEYED = True  # big dumps are read in pieces, split by submission (threads/chunks.py)
DESCRIPTION = "Reddit NDJSON dump (Pushshift / Arctic Shift), one record a line, or a Pushshift API answer."

# sniff(): how many of the first lines to try, and what makes a line Reddit's.
SNIFF_LINES = 5
_REDDIT_KEYS = ("subreddit", "created_utc", "author")
_THREAD_KEYS = ("link_id", "title", "selftext")
# sniff() confidence for one JSON document listing Reddit objects (all of its first
# items are): below an NDJSON dump's 0.95, it is the same records in another wrapping.
DOCUMENT = 0.9


def _objects(lines: Iterable[str], limit: int | None = None) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """(line number, object) for each JSON-object line, and the count of bad lines."""
    found: list[tuple[int, dict[str, Any]]] = []
    bad = 0
    for no, line in enumerate(lines, start=1):
        if limit is not None and len(found) + bad >= limit:
            break
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            found.append((no, obj))
        else:
            bad += 1
    return found, bad


def _is_reddit(obj: dict[str, Any]) -> bool:
    return all(k in obj for k in _REDDIT_KEYS) and any(k in obj for k in _THREAD_KEYS)


def _listed(doc: Any) -> list[Any] | None:
    """The records of a JSON document that lists Reddit objects: a Pushshift API answer
    (``{"data": [...]}``) or a plain list (comments saved with ``json.dump``); None for
    any other document."""
    items = doc.get("data") if isinstance(doc, dict) else doc
    return items if isinstance(items, list) and items else None


def document_objects(text: str) -> list[dict[str, Any]] | None:
    """The Reddit objects of ``text`` when it is one JSON document listing them (see
    :func:`_listed`; an object that is not one is left out), else None (NDJSON, or
    anything else).

    >>> len(document_objects('{"data": [{"id": "c1", "link_id": "t3_a", "subreddit": "x", '
    ...                      '"author": "b", "created_utc": 1}]}'))
    1
    """
    if json_outline(text) is NOT_JSON:
        return None
    items = _listed(json.loads(text))
    found = [obj for obj in items or () if isinstance(obj, dict) and _is_reddit(obj)]
    return found or None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Reddit NDJSON dump: the share of its first lines
    that are Reddit objects (one pretty-printed object scores 0); for one JSON document
    listing such objects (a Pushshift API answer, a JSON list), the share of its first
    items that are.

    >>> sniff('{"id": "c1", "link_id": "t3_a", "subreddit": "x", "author": "b", "created_utc": 1}')
    0.95
    """
    outline = json_outline(text)
    if outline is not NOT_JSON:  # one document: a Pushshift API answer or a JSON list
        items = _listed(outline) or []
        share = sum(isinstance(obj, dict) and _is_reddit(obj) for obj in items) / max(len(items), 1)
        return round(DOCUMENT * share, 2)
    head = text.lstrip()[:65536]
    if not head.startswith("{"):
        return 0.0
    found, bad = _objects((head.rsplit("\n", 1)[0] if "\n" in head else head).split("\n"), SNIFF_LINES)
    if not found:
        return 0.0
    share = sum(_is_reddit(obj) for _, obj in found) / (len(found) + bad)
    return round(0.95 * share, 2)


def _fullname(value: object, prefix: str) -> str | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    # An id written as a number: the base-10 value of the base-36 id (parent_id in the
    # 2023-24 Pushshift dumps: 45568804275 for the comment kxmhmer, in a record quoted by
    # Paul-E/Pushshift-Importer's tests).
    value = _base36(value) if isinstance(value, int) else str(value)
    return value if value.startswith(("t1_", "t3_")) else f"{prefix}{value}"


def _base36(number: int) -> str:
    """``number`` written in base 36, as Reddit writes ids (``_base36(45568804275)`` is
    ``"kxmhmer"``)."""
    digits = ""
    number = abs(number)
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS36[digit] + digits
        if not number:
            return digits


_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _parent(value: object, link: str) -> str:
    """The fullname of a comment's parent: ``parent_id`` as written, or, written as a
    number (no ``t1_``/``t3_`` to say which), the submission when it is the submission's
    id and else a comment."""
    if isinstance(value, int) and not isinstance(value, bool) and f"t3_{_base36(value)}" == link:
        return link
    return _fullname(value, "t1_") or link


def _str(value: object) -> str:
    return html.unescape(value) if isinstance(value, str) else ""


def piece_start(buf: bytes) -> int:
    """Where a piece of a dump may begin in ``buf``: after its first newline (-1: none).

    >>> piece_start(b'ent"}\\n{"id": "c2"}\\n')
    6
    """
    end = buf.find(b"\n")
    return -1 if end < 0 else end + 1


def parse(text: str) -> list[RawThread]:
    """One thread per submission; see the module doc for order and parents."""
    listed = document_objects(text)
    if listed is not None:  # one JSON document: no line numbers to give its records
        return threads_of(_scan([(0, obj) for obj in listed], 0))
    return threads_of(scan(text.split("\n")))


@dataclass
class Scan:
    """What a run of lines holds, by submission: the first submission object per link and
    the comments in line order. Scans of consecutive pieces of a dump :meth:`merge` into
    the scan of the whole, so a big dump can be read in pieces, in parallel, and give
    the same threads (see ``threads/chunks.py``)."""

    roots: dict[str, RawPost] = field(default_factory=dict)
    # (created_utc or inf, line number, post) per link; the dict's order is the order of
    # first appearance in the dump, which is the order of the threads.
    comments: dict[str, list[tuple[float, int, RawPost]]] = field(default_factory=dict)
    bad: int = 0
    objects: int = 0

    def thread_keys(self) -> list[str]:
        """The keys of the threads (``RawThread.key``: submission ids), in order."""
        return [_key(link) for link in self.comments]

    def merge(self, later: Scan, line_offset: int = 0) -> None:
        """Add the scan of the piece that follows this one (its lines numbered from 1,
        ``line_offset`` lines after this piece's first)."""
        for link, items in later.comments.items():
            mine = self.comments.setdefault(link, [])
            for stamp, no, post in items:
                _shift(post, line_offset)
                mine.append((stamp, no + line_offset, post))
        for link, root in later.roots.items():
            if link not in self.roots:
                self.roots[link] = _shift(root, line_offset)
        self.bad += later.bad
        self.objects += later.objects

    def select(self, keys: set[str]) -> Scan:
        """The records of the threads ``keys`` (see :meth:`thread_keys`) only, no counts."""
        return Scan(
            {k: v for k, v in self.roots.items() if _key(k) in keys},
            {k: v for k, v in self.comments.items() if _key(k) in keys},
        )

    def summary(self, limit: int | None = None) -> Scan:
        """The counts and key order (the first ``limit`` keys) without the records."""
        keys = list(self.comments)[:limit] if limit is not None else self.comments
        return Scan({}, {k: [] for k in keys}, self.bad, self.objects)


def _key(link: str) -> str:
    return link.removeprefix("t3_")


def _shift(post: RawPost, lines: int) -> RawPost:
    if lines:
        post.line_start += lines
        post.line_end += lines
    return post


def scan(lines: Iterable[str]) -> Scan:
    """Read Reddit objects from ``lines`` (numbered from 1) into a :class:`Scan`."""
    return _scan(*_objects(lines))


def _scan(found: list[tuple[int, dict[str, Any]]], bad: int) -> Scan:
    out = Scan(bad=bad, objects=len(found))
    roots, comments = out.roots, out.comments
    for no, obj in found:
        is_comment = "link_id" in obj or "body" in obj
        link = _fullname(obj.get("link_id"), "t3_") if is_comment else _fullname(obj.get("id"), "t3_")
        if link is None:
            out.bad += 1
            continue
        if link not in comments:
            comments[link] = []
        stamp = epoch(obj.get("created_utc"))
        author = obj.get("author") if isinstance(obj.get("author"), str) and obj.get("author") else None
        author = None if author in GONE else author
        if is_comment:
            cid = _fullname(obj.get("name") or obj.get("id"), "t1_")
            body = _str(obj.get("body"))
            gone = gone_words(body)
            post = RawPost(
                author=None if gone else author,
                body=body.strip() if gone else body,
                placeholder=gone,
                timestamp=stamp,
                source_id=cid,
                parent_source_id=_parent(obj.get("parent_id"), link),
                line_start=no,
                line_end=no,
            )
            comments[link].append((stamp.timestamp() if stamp else float("inf"), no, post))
        elif link not in roots:
            title = obj.get("title") if isinstance(obj.get("title"), str) else None
            roots[link] = RawPost(
                author=author,
                body=_str(obj.get("selftext")) or _str(obj.get("url")),
                timestamp=stamp,
                title=title,
                source_id=link,
                line_start=no,
                line_end=no,
            )
    return out


def threads_of(part: Scan, whole: Scan | None = None) -> list[RawThread]:
    """The threads of ``part``, in order. ``whole`` (a :meth:`Scan.summary` of the whole
    dump, when ``part`` holds only some of its threads) says where the dump's bad-line
    count goes (to its first thread) and whether the dump had any object at all."""
    whole = whole or part
    if not whole.objects and whole.bad:
        raise ThreadsError("not a Reddit NDJSON dump: no line is a JSON object")
    first = next(iter(whole.comments), None)
    threads = []
    for link, items in part.comments.items():
        root = part.roots.get(link) or RawPost(author=None, body="", source_id=link, placeholder=True)
        timed = [post for _, _, post in sorted(items, key=lambda item: (item[0], item[1]))]
        posts, moved = parents_first([root, *timed])
        posts, bare = drop_bare_placeholders(posts)
        known = {p.source_id for p in posts}
        dangling = sum(1 for p in posts[1:] if p.parent_source_id not in known)
        warnings = []
        if link not in part.roots:
            warnings.append(f"submission {link} is not in the file: a placeholder root stands for it")
        if dangling:
            warnings.append(f"{dangling} comment(s) reply to comments not in the file")
        if moved:
            warnings.append(f"{moved} parent comment(s) moved ahead of a reply listed before them")
        threads.append(
            RawThread(
                posts=posts,
                title=root.title,
                key=_key(link),
                skipped={
                    k: v for k, v in (("bad_line", whole.bad if link == first else 0), ("deleted", bare)) if v
                },
                warnings=warnings,
            )
        )
    return threads
