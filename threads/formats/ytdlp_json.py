"""YouTube comments as yt-dlp writes them: the video's ``.info.json`` of
``--write-comments`` (or ``--dump-single-json --write-comments``), or its ``comments``
list saved alone.

::

    {"id": "dQw4", "title": "...", "uploader": "Ann", "uploader_id": "@ann",
     "timestamp": 1650000000, "webpage_url": "https://www.youtube.com/watch?v=dQw4",
     "description": "...", "formats": [...], ..., "comment_count": 12,
     "comments": [{"id": "UgwA", "parent": "root", "text": "Hi all", "author": "@bo",
                   "author_id": "UCx", "author_is_uploader": false, "timestamp": 1700000000,
                   "_time_text": "2 years ago", "like_count": 3, "is_pinned": false}, ...]}

(yt-dlp ``yt_dlp/extractor/common.py``, the ``comments`` field: ``id``, ``parent``
(``"root"`` or the parent comment's id), ``text``, ``author``, ``author_id``,
``timestamp``, ...; versions before 2023 wrote ``time_text`` where newer ones write
``_time_text``.)

``yt-dlp -j`` (``--dump-json``) with ``--write-comments`` / ``--get-comments`` prints the
same info dict for each video of a playlist, channel or URL list, **one JSON object a
line** (yt-dlp's ``-j``: "print JSON information for each video"; each line a valid JSON
document): one thread per line, read as a single ``.info.json`` is. A video printed twice
(an appended rerun) is read once (``skipped["duplicate video"]``); lines that do not parse
(a line cut short) or are not a video's info dict are counted in ``skipped["bad_line"]``
of the first thread. An info dict without ``comments`` (``-j`` without
``--write-comments``) is no thread of comments: such a file is refused, saying so.

One thread per file (one video). Post 0 is the **video**: its title, its description as
the text, the uploader as author (the ``@handle`` of ``uploader_id`` without its ``@``
when there is one, as the uploader's own comments are signed, else ``uploader`` or
``channel``), its upload time. A bare comment list names no video: post 0 is then a
**placeholder** for it. Then the comments in **time order** (file order among equal
times), moved where needed so that a parent precedes its replies. A comment's ``parent``
is the platform's own link, a ``nested`` one (``"root"``: the video). YouTube nests one
level only: a reply opening with ``@NAME`` of an earlier replier under the same top-level
comment answers that replier's latest earlier reply there, an ``explicit`` link
(``youtube_json.reply_chains``). A parent not in the file keeps its dangling id, said in a
warning. A comment listed twice is read once (``skipped["duplicate"]``); entries that are
not comment objects or have no ``id`` are counted in ``skipped["bad_entry"]``; comments
with neither author nor words in ``skipped["empty"]`` (kept as placeholders where a reply
needs them). ``comment_count`` beyond the comments in the file (``--extractor-args
youtube:max_comments=...`` or an interrupted download) is said in a warning.

Times: a comment's ``timestamp`` (Unix seconds) is yt-dlp's reading of YouTube's
relative time ("2 years ago") counted back from the download: aware UTC, no more precise
than that span (a warning says so, quoting the file's own ``_time_text``). A comment
without one keeps an empty time, counted under ``relative date, time left empty``. The
video's time is its ``timestamp`` (or ``release_timestamp``): exact. Text is plain (yt-dlp
joins YouTube's text runs).
"""

from __future__ import annotations

from typing import Any

from threads.formats._dump import NOT_JSON, epoch, json_lines, json_outline, load_json, need, time_order
from threads.formats._text import note_relative
from threads.formats.disqus_xml import assemble
from threads.formats.youtube_json import HANDLE_SIGIL, WATCH_URL, author_name, reply_chains
from threads.model import RawPost, RawThread, ThreadsError

NAME = "ytdlp-json"
PRIORITY = 30
DESCRIPTION = (
    "yt-dlp --write-comments .info.json, its comments list, or -j's video a line: each video "
    "and its comments, by parent."
)

# sniff(): what every comment of yt-dlp has (common.py's comment dict, checked on saved
# answers: an archiver's .info.json excerpt of 2022, a scraper's comment list of 2024): the
# id, the parent and the words, and at least SIGNS_NEEDED of its other keys.
_COMMENT_KEYS = ("id", "parent", "text")
SIGNS = ("author", "author_id", "timestamp", "like_count", "_time_text", "time_text", "author_is_uploader")
SIGNS_NEEDED = 2
# What marks the info dict as a video's (yt-dlp's own fields): at least one of these.
VIDEO_KEYS = ("title", "webpage_url", "extractor", "uploader", "upload_date")
# The parent yt-dlp gives a top-level comment.
ROOT_PARENT = "root"
# The relative-time keys, newest first (``time_text`` before yt-dlp 2023.01).
TIME_TEXT_KEYS = ("_time_text", "time_text")
# sniff() confidence: an info dict with comments; a bare list of comments (one wrapping
# less to go on); an info dict whose comment list is empty (parse() then reads the video).
SURE, LISTED, NO_COMMENTS = 0.95, 0.9, 0.6
# sniff() of a -j stream: its first lines, all info dicts with comments.
SNIFF_LINES = 3
_EXAMPLE = "2 years ago"


def _is_comment(item: object) -> bool:
    return (
        isinstance(item, dict)
        and all(k in item for k in _COMMENT_KEYS)
        and sum(k in item for k in SIGNS) >= SIGNS_NEEDED
    )


def _is_info(doc: object) -> bool:
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("comments"), list)
        and "id" in doc
        and any(k in doc for k in VIDEO_KEYS)
    )


def sniff(text: str) -> float:
    """Confidence that ``text`` is a yt-dlp info.json with comments, or its comment list.

    >>> sniff('[{"id": "Ugw1", "parent": "root", "text": "Hi", "author": "@a", "timestamp": 1}]')
    0.9
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        found, _ = json_lines(text, SNIFF_LINES)
        return SURE if found and all(_is_info(doc) for _, doc in found) else 0.0
    if _is_info(outline):
        comments = outline["comments"]
        if not comments:
            return NO_COMMENTS
        return SURE if all(_is_comment(c) for c in comments) else 0.0
    if isinstance(outline, list) and outline and all(_is_comment(c) for c in outline):
        return LISTED
    return 0.0


def _video_root(info: dict[str, Any]) -> RawPost:
    """Post 0: the video, as its uploader posted it."""
    handle = info.get("uploader_id")
    if isinstance(handle, str) and handle.startswith(HANDLE_SIGIL):
        author = author_name(handle)  # how the uploader's own comments are signed
    else:
        author = author_name(info.get("uploader")) or author_name(info.get("channel"))
    title = info.get("title")
    description = info.get("description")
    return RawPost(
        author=author,
        body=description.strip() if isinstance(description, str) else "",
        timestamp=epoch(info.get("timestamp")) or epoch(info.get("release_timestamp")),
        title=(title.strip() or None) if isinstance(title, str) else None,
        source_id=f"video-{info.get('id')}",
    )


def _time_text(comment: dict[str, Any]) -> str | None:
    for key in TIME_TEXT_KEYS:
        value = comment.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _lines(text: str) -> list[RawThread]:
    """One thread per video of a ``-j`` stream; see the module doc."""
    found, bad = json_lines(text)
    videos: dict[str, dict[str, Any]] = {}
    duplicate = 0
    for _, doc in found:
        if not _is_info(doc):
            bad += 1
        elif str(doc["id"]) in videos:
            duplicate += 1
        else:
            videos[str(doc["id"])] = doc
    if not videos:
        if any(isinstance(doc, dict) and "comments" not in doc and "id" in doc for _, doc in found):
            raise ThreadsError("yt-dlp -j lines without comments (add --write-comments): nothing to read")
        raise ThreadsError("not a yt-dlp info.json, nor one per line: no video with a comments list")
    out = [_video(info, info["comments"]) for info in videos.values()]
    if duplicate:
        out[0].skipped["duplicate video"] = duplicate
        out[0].warnings.append(f"{duplicate} video(s) printed twice: read once")
    if bad:
        out[0].skipped["bad_line"] = bad
        out[0].warnings.append(f"{bad} line(s) of the file are not a video's info dict (cut short?): skipped")
    return out


def parse(text: str) -> list[RawThread]:
    """One thread: the video (or a placeholder for it) and its comments; or one per line of
    a ``-j`` stream; see the module doc."""
    if json_outline(text) is NOT_JSON and text.lstrip().startswith("{"):
        return _lines(text)
    data = load_json(text, "a yt-dlp info.json")
    if isinstance(data, dict) and isinstance(data.get("comments"), list):
        return [_video(data, data["comments"])]
    if isinstance(data, list):
        return [_video(None, data)]
    need(data, list, "the top level (a yt-dlp info.json with comments, or its comment list)")
    raise ThreadsError("unexpected JSON shape: a yt-dlp info.json without a comments list")


def _video(info: dict[str, Any] | None, comments: list[Any]) -> RawThread:
    """The thread of one video's info dict (None: a bare comment list)."""
    root = (
        _video_root(info)
        if info is not None
        else RawPost(author=None, body="", source_id="video", placeholder=True)
    )
    members: list[tuple[RawPost, str | None]] = []
    seen: set[str] = set()
    duplicate = bad = 0
    example = None
    for comment in comments:
        cid = comment.get("id") if isinstance(comment, dict) else None
        if not isinstance(cid, str) or not cid:
            bad += 1
            continue
        if cid in seen:
            duplicate += 1
            continue
        seen.add(cid)
        parent = comment.get("parent")
        words = comment.get("text")
        post = RawPost(
            author=author_name(comment.get("author")),
            body=words.strip() if isinstance(words, str) else "",
            timestamp=epoch(comment.get("timestamp")),
            source_id=cid,
            parent_source_id=str(parent) if parent not in (None, "", ROOT_PARENT) else root.source_id,
        )
        members.append((post, None if post.author or post.body else "empty"))
        example = example or _time_text(comment)
    if not members and info is None:
        raise ThreadsError("no yt-dlp comment (id, parent, text) in the file")
    timed = sorted(members, key=lambda m: time_order(m[0]))
    key = str(info.get("id")) if info is not None else "video"
    thread = assemble(key, root, timed, threaded=True)
    reply_chains(thread)
    thread.title = root.title
    if info is None:
        thread.key = None
        thread.warnings.append("the comments name no video: a placeholder root stands for it")
    else:
        url = info.get("webpage_url")
        thread.origin = url if isinstance(url, str) and url else WATCH_URL.format(key)
        counted = info.get("comment_count")
        if isinstance(counted, int) and not isinstance(counted, bool) and counted > len(members):
            thread.warnings.append(
                f"{counted - len(members)} comment(s) counted by comment_count are not in the file "
                "(max_comments, or an interrupted download)"
            )
    dated = sum(p.timestamp is not None for p in thread.posts[1:])
    quoted = f"'{example or _EXAMPLE}'"
    if dated:
        thread.warnings.append(
            f"{dated} comment time(s) are yt-dlp's timestamp: YouTube's relative time ({quoted}) "
            "counted back from the download, no more precise than it"
        )
    note_relative(thread.posts[1:], thread.skipped, thread.warnings, quoted)
    for name, n in (("duplicate", duplicate), ("bad_entry", bad)):
        if n:
            thread.skipped[name] = n
    if duplicate:
        thread.warnings.append(f"{duplicate} comment(s) listed twice: read once")
    return thread
