"""YouTube comments as youtube-comment-downloader writes them: NDJSON, one comment a line;
or the same records as one JSON document (its ``--format`` JSON list, or
``{"comments": [...]}``).

::

    {"cid": "UgwA", "text": "Hi all", "time": "2 years ago", "author": "@ann",
     "channel": "UCx", "votes": "3", "replies": "1", "photo": "https://...",
     "heart": false, "reply": false, "time_parsed": 1650000000.123}
    {"cid": "UgwA.9xyz", "text": "@ann hi", "time": "1 year ago", ..., "reply": true}

(egbertbouman/youtube-comment-downloader, ``downloader.py``: ``cid``, ``text``, ``time``,
``author``, ``channel``, ``votes``, ``photo``, ``heart``, ``time_parsed``; later versions
add ``replies``, ``reply`` and ``paid``, older ones lack ``channel``, ``heart`` and
``time_parsed``.)

One thread per file: the downloader fetches one video and the records do not name it, so
post 0 is a **placeholder** root for the video. Then the comments in **time order**
(file order among equal times), moved where needed so that a parent precedes its replies.
A reply's ``cid`` is ``PARENT.CHILD``: its parent is the comment before the dot, a
``nested`` link as the platform shows it; other comments answer the video. YouTube nests
one level only: a reply opening with ``@NAME`` of an earlier replier under the same
top-level comment answers that replier's latest earlier reply there, an ``explicit`` link
(``youtube_json.reply_chains``). A parent not in the file
keeps its dangling id, said in a warning. A comment listed twice (an appended rerun) is
read once and counted in ``skipped["duplicate"]``; lines that are not JSON objects, and
records without a ``cid``, in ``skipped["bad_line"]``; records with neither author nor
words in ``skipped["empty"]`` (kept as placeholders where a reply needs them).

Times: ``time`` is what YouTube printed ("2 years ago", "3 дня назад"), relative to the
download, and is never read as a date. ``time_parsed`` (Unix seconds) is that span
counted back from the moment of download: it is taken as the comment's time, aware UTC,
no more precise than the span it comes from (a warning says so). Without it the time is
left empty and counted under ``relative date, time left empty``, as the text copies'
relative dates are. Text is plain (the downloader joins YouTube's text runs). Authors are
read as in ``youtube-json``: a handle without its ``@``.
"""

from __future__ import annotations

from typing import Any

from threads.formats._dump import NOT_JSON, epoch, json_lines, json_outline, load_json, time_order
from threads.formats._text import note_relative
from threads.formats.disqus_xml import assemble
from threads.formats.youtube_json import author_name, reply_chains
from threads.model import RawPost, RawThread, ThreadsError

NAME = "youtube-ndjson"
PRIORITY = 30
DESCRIPTION = "youtube-comment-downloader output: a comment a line (cid, text, time, time_parsed), or a list."

# sniff(): what a downloader record has (downloader.py's result dict): the id and words,
# and at least SIGNS_NEEDED of its other keys (old versions have fewer).
_ID_KEYS = ("cid", "text")
SIGNS = ("time", "author", "votes", "photo", "channel", "heart", "time_parsed", "reply")
SIGNS_NEEDED = 3
# How many of the first lines sniff() tries, and the confidence by the share that are
# records: below reddit-ndjson's 0.95 only in the document form (another wrapping).
SNIFF_LINES = 5
SURE, DOCUMENT = 0.95, 0.9
# The warnings' example of a relative time when the file's first record has none.
_EXAMPLE = "2 years ago"


def _is_record(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and all(k in obj for k in _ID_KEYS)
        and sum(k in obj for k in SIGNS) >= SIGNS_NEEDED
    )


def _listed(doc: Any) -> list[Any] | None:
    """The records of one JSON document: its ``--format`` list, or ``{"comments": [...]}``."""
    items = doc.get("comments") if isinstance(doc, dict) else doc
    return items if isinstance(items, list) else None


def sniff(text: str) -> float:
    """Confidence that ``text`` is youtube-comment-downloader output: the share of its
    first lines (or, for one JSON document, of its first records) that are its records.

    >>> sniff('{"cid": "Ugw1", "text": "Hi", "time": "1 day ago", "author": "@a", "votes": "0"}')
    0.95
    """
    outline = json_outline(text)
    if outline is not NOT_JSON:
        items = _listed(outline) or []
        share = sum(_is_record(obj) for obj in items) / max(len(items), 1)
        return round(DOCUMENT * share, 2)
    head = text.lstrip()[:65536]
    if not head.startswith("{"):
        return 0.0
    found, bad = json_lines(head.rsplit("\n", 1)[0] if "\n" in head else head, SNIFF_LINES)
    if not found:
        return 0.0
    return round(SURE * sum(_is_record(obj) for _, obj in found) / (len(found) + bad), 2)


def _records(text: str) -> tuple[list[tuple[int, Any]], int]:
    """(line, record) of every entry, and how many lines were not JSON."""
    if json_outline(text) is not NOT_JSON:
        items = _listed(load_json(text, "youtube-comment-downloader output"))
        if items is None:
            raise ThreadsError(
                "unexpected JSON shape: youtube-comment-downloader output is one comment a line, "
                'a list of comments, or {"comments": [...]}'
            )
        return [(0, item) for item in items], 0
    return json_lines(text)


def _post(no: int, record: dict[str, Any]) -> tuple[RawPost, str | None]:
    cid = str(record["cid"])
    author = author_name(record.get("author"))
    body = record["text"].strip() if isinstance(record.get("text"), str) else ""
    post = RawPost(
        author=author,
        body=body,
        # time_parsed only: the relative "time" is never a date (see the module doc)
        timestamp=epoch(record.get("time_parsed")),
        source_id=cid,
        parent_source_id=cid.split(".", 1)[0] if "." in cid else None,
        line_start=no,
        line_end=no,
    )
    return post, None if author or body else "empty"


def parse(text: str) -> list[RawThread]:
    """One thread: the video's placeholder root, then its comments; see the module doc."""
    records, bad = _records(text)
    members: list[tuple[RawPost, str | None]] = []
    example = _EXAMPLE  # YouTube's relative time as the file prints it, for the warnings
    seen: set[str] = set()
    duplicate = 0
    for no, record in records:
        if not isinstance(record, dict) or record.get("cid") in (None, ""):
            bad += 1
            continue
        if str(record["cid"]) in seen:
            duplicate += 1
            continue
        seen.add(str(record["cid"]))
        members.append(_post(no, record))
        if len(members) == 1 and isinstance(record.get("time"), str) and record["time"].strip():
            example = record["time"].strip()
    if not members:
        raise ThreadsError("no youtube-comment-downloader comment (cid, text) in the file")
    root = RawPost(author=None, body="", source_id="video", placeholder=True)
    timed = sorted(members, key=lambda m: time_order(m[0]))
    thread = assemble("video", root, timed, threaded=True)
    reply_chains(thread)
    thread.key = None
    thread.warnings.append("the file does not name its video: a placeholder root stands for it")
    dated = sum(p.timestamp is not None for p in thread.posts)
    if dated:
        thread.warnings.append(
            f"{dated} time(s) are the downloader's time_parsed: YouTube's relative time "
            f"('{example}') counted back from the download, no more precise than it"
        )
    note_relative(thread.posts[1:], thread.skipped, thread.warnings, f"'{example}'")
    for key, n in (("duplicate", duplicate), ("bad_line", bad)):
        if n:
            thread.skipped[key] = n
    if duplicate:
        thread.warnings.append(f"{duplicate} comment(s) listed twice: read once")
    return [thread]
