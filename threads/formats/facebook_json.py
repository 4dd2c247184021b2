"""Facebook posts and their comments as facebook-scraper writes them
(kevinzg/facebook-scraper: ``get_posts(..., options={"comments": True})`` saved with
``json.dump(..., default=str)``, or ``write_posts_to_csv(format="json")``).

::

    [{"post_id": "2257188721032235", "text": "...", "time": "2019-04-30 05:00:01",
      "timestamp": 1556600401, "username": "Nintendo", "user_id": "119240841493711",
      "post_url": "https://facebook.com/story.php?story_fbid=...", "comments": 459,
      "comments_full": [{"comment_id": "2257", "commenter_id": "100", "commenter_name": "Ann Lee",
                         "commenter_url": "...", "comment_text": "...",
                         "comment_time": "2019-04-30 06:12:00",
                         "replies": [{... the same, without replies ...}]}, ...]}, ...]

The post and comment keys are facebook_scraper/extractors.py's (``parse_comment``,
``extract_comment_with_replies``) and the README's "Post example". A list of posts (a
page's or a group's), one post, or posts one after the other (JSON lines).

One thread per post: post 0 is the post itself (``text``, else ``post_text``; by
``username``), or a placeholder for it when the scraper kept none of its words. Its
comments follow in time order, each reply under its comment (``nested`` links: Facebook
nests one level). A comment seen twice is read once (``skipped["duplicate"]``); one with
neither name nor words is left out and counted (``skipped["empty"]``), kept as a stub
where a reply needs it; a post without ``comments_full`` (comments not asked for) is
read as its post alone and said. ``comments`` beyond what the file holds is said.

Times: facebook-scraper's ``time`` and ``comment_time`` are naive datetimes, the
scraping machine's local time (Facebook shows "2 hrs" and the scraper counts back), which
``default=str`` writes as ``2019-04-30 05:00:01``: they are read as written, **no zone**,
and a warning says so. The post's ``timestamp`` (Unix seconds) is UTC and preferred for
post 0 only when the comments carry a zone too, so that one thread's times compare.
Authors: ``commenter_name`` / ``username`` (Facebook shows names, not handles).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from threads.dates import in_range
from threads.formats._dump import NOT_JSON, epoch, json_documents, json_outline, need, scan_head
from threads.formats.instagram_json import Members, social_thread
from threads.model import RawPost, RawThread, ThreadsError

NAME = "facebook-json"
PRIORITY = 30
DESCRIPTION = (
    "facebook-scraper posts as JSON (get_posts with comments): post_id, text, comments_full "
    "with replies; a thread a post."
)

# sniff() confidence: posts with comments_full (the outline's first few); JSON lines by
# the keys in the head.
SURE, LINES = 0.9, 0.85
# A post of facebook-scraper (extractors.py PostExtractor) and its comments (parse_comment).
POST_KEYS = ("post_id", "comments_full")
COMMENT_ID, REPLIES = "comment_id", "replies"
POST_TEXT_KEYS = ("text", "post_text")
_HEAD = re.compile(r'"post_id"\s*:.*"comments_full"\s*:|"comments_full"\s*:.*"post_id"\s*:', re.DOTALL)
NAIVE_NOTE = "times have no zone (facebook-scraper writes the scraping machine's local time): read as written"


def _is_post(item: object) -> bool:
    return isinstance(item, dict) and all(k in item for k in POST_KEYS)


def sniff(text: str) -> float:
    """Confidence that ``text`` holds facebook-scraper posts with their comments.

    >>> sniff('[{"post_id": "1", "text": "hi", "comments_full": []}]')
    0.9
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        return LINES if head.lstrip()[:1] == "{" and _HEAD.search(head) else 0.0
    docs = outline if isinstance(outline, list) else [outline]
    return SURE if docs and all(_is_post(d) for d in docs) else 0.0


def when(value: object) -> datetime | None:
    """A facebook-scraper time: ``default=str``'s ``2019-04-30 05:00:01`` (naive, kept
    naive), ISO 8601 with a zone (aware), or Unix seconds (UTC).

    >>> when("2019-04-30 05:00:01"), when(None)
    (datetime.datetime(2019, 4, 30, 5, 0, 1), None)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return epoch(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return in_range(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def _name(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class _Reader:
    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.duplicate = 0
        self.naive = False
        self.counter = 0

    def comment(self, entry: dict[str, Any], members: Members, parent: str | None) -> None:
        self.counter += 1
        cid = str(entry.get(COMMENT_ID) or f"{members.key}#{self.counter}")
        text = entry.get("comment_text")
        stamp = when(entry.get("comment_time"))
        self.naive |= stamp is not None and stamp.tzinfo is None
        post = RawPost(
            author=_name(entry.get("commenter_name")),
            body=text.strip() if isinstance(text, str) else "",
            timestamp=stamp,
            source_id=cid,
            parent_source_id=parent,
        )
        if not members.add(post, self.seen):
            self.duplicate += 1
        for reply in need(entry.get(REPLIES) or [], list, "replies"):
            self.comment(need(reply, dict, "a reply"), members, cid)

    def post(self, entry: dict[str, Any]) -> RawThread:
        key = str(entry.get("post_id") or f"post{self.counter}")
        members = Members(key)
        naive_before, self.naive = self.naive, False
        comments = entry.get("comments_full")
        for comment in need(comments or [], list, "comments_full"):
            self.comment(need(comment, dict, "a comment of comments_full"), members, None)
        body = next(
            (entry[k] for k in POST_TEXT_KEYS if isinstance(entry.get(k), str) and entry[k].strip()), ""
        )
        stamp = when(entry.get("time"))
        if not self.naive and entry.get("timestamp") is not None:
            stamp = epoch(entry["timestamp"]) or stamp
        url = entry.get("post_url") or entry.get("w3_fb_url")
        root = RawPost(
            author=_name(entry.get("username")),
            body=body.strip(),
            timestamp=stamp,
            source_id=f"post-{key}",
            placeholder=not body.strip(),
        )
        if root.placeholder:
            root.author, root.body = None, url if isinstance(url, str) else ""
        total = entry.get("comments")
        members.total = total if isinstance(total, int) and not isinstance(total, bool) else None
        thread = social_thread(members, root, url if isinstance(url, str) else None, chains=False)
        if self.naive or (stamp is not None and stamp.tzinfo is None):
            thread.warnings.append(NAIVE_NOTE)
        if comments is None:
            thread.warnings.append("the post has no comments_full (comments not scraped): its post alone")
        if unloaded := members.unloaded():
            thread.warnings.append(f"{unloaded} comment(s) counted by Facebook are not in the file")
        self.naive |= naive_before
        return thread


def parse(text: str) -> list[RawThread]:
    """One thread per post of facebook-scraper's JSON; see the module doc."""
    docs = json_documents(text, "facebook-scraper posts")
    entries = [e for doc in docs for e in (doc if isinstance(doc, list) else [doc])]
    if not entries:
        raise ThreadsError("facebook-scraper posts: the file holds no post (an empty list)")
    reader = _Reader()
    out = []
    for entry in entries:
        if not _is_post(entry):
            raise ThreadsError(
                "unexpected JSON shape: facebook-scraper posts (post_id, text, comments_full with "
                "comment_id, commenter_name, comment_text, comment_time, replies)"
            )
        out.append(reader.post(entry))
    if reader.duplicate:
        out[0].skipped["duplicate"] = reader.duplicate
        out[0].warnings.append(f"{reader.duplicate} comment(s) listed twice: read once")
    return out
