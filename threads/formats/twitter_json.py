"""Twitter / X tweets as researchers collect them from the API: what twarc2 writes (one
API v2 response page a line, or ``twarc2 flatten``'s one tweet a line) and what twarc
(1) wrote (one API v1.1 status a line); one JSON document of the same (a page, a list of
tweets) reads the same.

::

    {"data": [{"id": "3", "text": "@ann True &amp; fair", "author_id": "12",
               "created_at": "2022-10-03T18:00:23.000Z", "conversation_id": "1",
               "referenced_tweets": [{"type": "replied_to", "id": "2"},
                                     {"type": "quoted", "id": "9"}], ...}],
     "includes": {"users": [{"id": "12", "username": "bo", "name": "Bo"}],
                  "tweets": [TWEET, ...]},          # the tweets referenced, expanded
     "meta": {...}, "__twarc": {"url": ..., "version": "2.12.0"}}
    {"id": "4", "text": ..., "author": {"username": "cy", ...}, ...}     # flattened
    {"id_str": "5", "full_text": ..., "created_at": "Wed Oct 10 20:19:24 +0000 2018",
     "user": {"screen_name": "di"}, "in_reply_to_status_id_str": "4", ...}   # v1.1

(twarc2's pages: DocNow/twarc-csv test-data; v1.1 statuses: the Tweet object's data
dictionary, developer.x.com/overview/api/tweets.)

Tweets scraped without the API read the same: snscrape's ``--jsonl`` and twscrape's
``Tweet.json()`` (one a line; twscrape keeps snscrape's field names and ``_type``)::

    {"_type": "snscrape.modules.twitter.Tweet", "id": 3, "id_str": "3",
     "date": "2022-10-03T18:00:23+00:00",          # twscrape: "2022-10-03 18:00:23+00:00"
     "rawContent": "@ann True &amp; fair",         # snscrape before 0.5: "content"
     "user": {"username": "bo", "displayname": "Bo", ...},
     "conversationId": 1, "inReplyToTweetId": 2,   # twscrape adds ...IdStr twins
     "quotedTweet": TWEET or null, "retweetedTweet": TWEET or null, ...}

(snscrape's ``snscrape/modules/twitter.py``, twscrape's ``twscrape/models.py``; real
lines in the repository notes.) A database's export of them (mongoexport) reads the
same, its ``_id`` ignored and a ``{"$date": ...}`` time taken. Ids are read as the file
writes them (``id_str`` first): an export that passed them through a double (JavaScript,
some databases) rounded every id the same way, so replies still find their parents.

**One thread per conversation**: API v2 tweets by ``conversation_id`` (the id of the
conversation's first tweet); v1.1 statuses, which have none, by chains of
``in_reply_to_status_id_str``. Post 0 is the conversation's first tweet, or a
**placeholder** standing for it when the file lacks it (a warning says so); the rest in
time order. A reply's parent is its ``replied_to`` tweet (v1.1:
``in_reply_to_status_id_str``), a ``nested`` link; a parent the file lacks keeps its
dangling id (said in a warning), and the reply's leading ``@name`` then names whom it
answers. A tweet of a page's ``includes`` that a kept tweet replies to, or that starts
its conversation, is a post too (the API expanded it; said in a warning).

A quote tweet's quoted text (``includes``, a flattened reference, or v1.1's
``quoted_status``) is the post's quote, its author the quote's source. Retweets share a
tweet and say nothing: left out, counted in ``skipped["retweet"]``. A tweet listed twice
is read once (``skipped["duplicate"]``); an earlier version of an edited tweet whose
latest version is in the file, in ``skipped["edited (earlier version)"]``; lines that are
not JSON (a collection cut short) in ``skipped["bad_line"]``. Tweets the API could not
return (its ``errors``: deleted, protected) are said in a warning.

Text: ``note_tweet.text`` (a long tweet) or ``text`` (v1.1: ``full_text``,
``extended_tweet.full_text``, ``text``), with the API's ``&amp;``/``&lt;``/``&gt;``
undone, so a line ``> words`` quotes. Authors are handles (``username``, v1.1
``user.screen_name``) without ``@``, as a reply's ``@name`` writes them; times are UTC.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import unescape
from typing import Any

from threads.dates import utc
from threads.formats._dump import NOT_JSON, iso_utc, json_lines, json_outline, scan_head, time_order
from threads.formats.disqus_xml import assemble
from threads.formats.mastodon_json import conversations as chains_of
from threads.formats.youtube_json import author_name
from threads.model import RawPost, RawThread, ThreadsError

NAME = "twitter-json"
PRIORITY = 30
DESCRIPTION = (
    "Twitter/X tweets: API v2 pages (twarc2) or flattened tweets, v1.1 statuses (twarc), "
    "snscrape/twscrape lines; a thread a conversation."
)

# What a tweet has: API v2 (developer.x.com, Tweet object fields twarc2 asks for) and
# v1.1 (the Tweet data dictionary).
V2_KEYS = ("id", "text")
# A tweet has one of V2_SIGNS (a yt-dlp comment, also id, text and author_id, has none).
V2_SIGNS = (
    "conversation_id",
    "edit_history_tweet_ids",
    "referenced_tweets",
    "in_reply_to_user_id",
    "public_metrics",
)
# A ConvoKit utterance has id, text and conversation_id too, and these, which no tweet has
# (convokit-jsonl reads it).
NOT_V2 = ("speaker", "reply-to", "reply_to")
V1_KEYS = ("id_str", "created_at", "user")
# snscrape's and twscrape's tweets: their type tag, else the words under snscrape's names
# (rawContent; "content" before snscrape 0.5) with an id, a date and a user's handle.
SNS_TYPE = "snscrape.modules.twitter.Tweet"
SNS_TEXT = ("rawContent", "content")
SNS_KEYS = ("id", "date", "user")
V1_TEXT = ("full_text", "text", "extended_tweet")
# v1.1's created_at, "Wed Oct 10 20:19:24 +0000 2018".
V1_TIME = "%a %b %d %H:%M:%S %z %Y"
# The referenced_tweets types of API v2.
REPLIED, QUOTED, RETWEETED = "replied_to", "quoted", "retweeted"
# A line too long to parse in the sniffer's head (a twarc2 page of 500 tweets is one line
# of megabytes) is recognised by these keys, all of which a twarc2 page holds.
PAGE_PATTERNS = ('"data"', '"conversation_id"', '"author_id"', '"created_at"')
# How many of the first lines sniff() parses; confidences: tweets of the right shape;
# the keys of a page in a head that does not parse.
SNIFF_LINES = 5
SURE, BY_KEYS = 0.95, 0.8


def _is_v2(obj: object) -> bool:
    if not isinstance(obj, dict) or not all(k in obj for k in V2_KEYS) or any(k in obj for k in NOT_V2):
        return False
    author = obj.get("author")  # flattened: the user object (other exports: a name)
    return any(k in obj for k in V2_SIGNS) or (isinstance(author, dict) and "username" in author)


def _is_v1(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and all(k in obj for k in V1_KEYS)
        and isinstance(obj.get("user"), dict)
        and any(k in obj for k in V1_TEXT)
    )


def _is_sns(obj: object) -> bool:
    if not isinstance(obj, dict) or not all(k in obj for k in SNS_KEYS):
        return False
    user = obj["user"]
    return (
        isinstance(user, dict)
        and "username" in user
        and (obj.get("_type") == SNS_TYPE or any(k in obj for k in SNS_TEXT))
    )


def _page_tweets(obj: object) -> list[Any] | None:
    """The tweets of an API v2 response page (``data``: a list, or one tweet)."""
    if not isinstance(obj, dict) or "data" not in obj:
        return None
    data = obj["data"]
    return data if isinstance(data, list) else [data]


def _is_record(obj: object) -> bool:
    """A page of tweets, a tweet (v2 or flattened), or a v1.1 status."""
    tweets = _page_tweets(obj)
    if tweets is not None:
        return any(_is_v2(t) for t in tweets)
    return _is_v2(obj) or _is_v1(obj) or _is_sns(obj)


def _records(text: str, limit: int | None = None) -> tuple[list[tuple[int, Any]], int]:
    """(line, record) of the file: one JSON document (a list's items), else one a line;
    and how many non-blank lines were not JSON."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        doc = NOT_JSON
    if doc is not NOT_JSON:
        return [(1, item) for item in (doc if isinstance(doc, list) else [doc])[:limit]], 0
    return json_lines(text, limit)


def sniff(text: str) -> float:
    """Confidence that ``text`` is tweets as twarc writes them.

    >>> sniff('{"data": [{"id": "2", "text": "hi", "author_id": "7", "conversation_id": "1"}]}')
    0.95
    """
    outline = json_outline(text)
    if outline is not NOT_JSON:
        items = outline if isinstance(outline, list) else [outline]
        return SURE if items and all(_is_record(i) for i in items) else 0.0
    head = scan_head(text).lstrip()
    if not head.startswith("{"):
        return 0.0
    found, bad = _records(head.rsplit("\n", 1)[0] if "\n" in head else head, SNIFF_LINES)
    if found:
        return round(SURE * sum(_is_record(r) for _, r in found) / (len(found) + bad), 2)
    return BY_KEYS if all(p in head for p in PAGE_PATTERNS) else 0.0


def _name(user: object) -> str | None:
    if not isinstance(user, dict):
        return None
    return author_name(user.get("username") or user.get("screen_name"))


def _clean(value: object) -> str:
    return unescape(value).strip() if isinstance(value, str) else ""


def _v2_text(tweet: dict[str, Any]) -> str:
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        return _clean(note["text"])
    return _clean(tweet.get("text"))


def v1_text(status: dict[str, Any]) -> str:
    """The words of a v1.1 status (or an archive's tweet): ``full_text``, a streamed long
    tweet's ``extended_tweet.full_text``, else ``text``; entities undone."""
    extended = status.get("extended_tweet")
    if isinstance(extended, dict) and isinstance(extended.get("full_text"), str):
        return _clean(extended["full_text"])
    return _clean(status.get("full_text") or status.get("text"))


def v1_time(value: object) -> datetime | None:
    """v1.1's ``created_at`` ("Wed Oct 10 20:19:24 +0000 2018") as aware UTC.

    >>> v1_time("Wed Oct 10 20:19:24 +0000 2018").isoformat()
    '2018-10-10T20:19:24+00:00'
    """
    if not isinstance(value, str):
        return None
    try:
        return utc(datetime.strptime(value.strip(), V1_TIME))
    except ValueError:
        return iso_utc(value)


def _sns_text(tweet: dict[str, Any]) -> str:
    return _clean(tweet.get("rawContent") or tweet.get("content"))


def _sns_time(value: object) -> datetime | None:
    """snscrape's ISO time, twscrape's ``str(datetime)`` (a space for the "T"), or a
    database export's ``{"$date": ...}`` of either."""
    if isinstance(value, dict):
        value = value.get("$date")
    return iso_utc(value)


def _ids(value: object) -> str | None:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) and value else None


class Reader:
    """Tweets gathered from the records, each read once, with what was left out."""

    def __init__(self) -> None:
        self.posts: dict[str, RawPost] = {}
        self.conversation: dict[str, str] = {}
        self.users: dict[str, str] = {}
        self.expanded: dict[str, dict[str, Any]] = {}
        self.superseded: set[str] = set()
        self.skipped: dict[str, int] = {}
        self.unavailable: list[str] = []

    def count(self, key: str) -> None:
        self.skipped[key] = self.skipped.get(key, 0) + 1

    def page(self, page: dict[str, Any], line: int) -> None:
        includes = page.get("includes") if isinstance(page.get("includes"), dict) else {}
        for user in includes.get("users") or []:
            if isinstance(user, dict) and (uid := _ids(user.get("id"))) and (name := _name(user)):
                self.users[uid] = name
        for tweet in includes.get("tweets") or []:
            if _is_v2(tweet):
                self.expanded.setdefault(str(tweet["id"]), tweet)
        for error in page.get("errors") or []:
            if isinstance(error, dict) and error.get("resource_type") == "tweet":
                self.unavailable.append(str(error.get("resource_id") or error.get("value")))
        for tweet in _page_tweets(page) or []:
            if _is_v2(tweet):
                self.v2(tweet, line)

    def v2(self, tweet: dict[str, Any], line: int) -> None:
        refs = {r.get("type"): r for r in tweet.get("referenced_tweets") or [] if isinstance(r, dict)}
        history = tweet.get("edit_history_tweet_ids")
        if isinstance(history, list):
            self.superseded.update(str(i) for i in history if str(i) != str(tweet["id"]))
        if RETWEETED in refs:
            self.count("retweet")
            return
        tid = str(tweet["id"])
        if tid in self.posts:
            self.count("duplicate")
            return
        quote = refs.get(QUOTED)
        quoted = self.expanded.get(str(quote.get("id"))) if quote else None
        quoted = quoted or (quote if quote and "text" in quote else None)  # flattened: inline
        author = _name(tweet.get("author")) or self.users.get(str(tweet.get("author_id")))
        self.posts[tid] = RawPost(
            author=author,
            body=_v2_text(tweet),
            timestamp=iso_utc(tweet.get("created_at")),
            source_id=tid,
            parent_source_id=_ids(refs[REPLIED].get("id")) if REPLIED in refs else None,
            quoted=[_v2_text(quoted)] if quoted else [],
            quote_sources=[self._author(quoted)] if quoted else [],
            line_start=line,
            line_end=line,
        )
        if cid := _ids(tweet.get("conversation_id")):
            self.conversation[tid] = cid

    def _author(self, tweet: dict[str, Any]) -> str | None:
        return _name(tweet.get("author")) or self.users.get(str(tweet.get("author_id")))

    def _admit(self, tweet: dict[str, Any], retweet_key: str, tid: str | None) -> str | None:
        """``tid`` when the tweet is to be read: not a retweet (its ``retweet_key`` holds the
        retweeted tweet), with an id, not read before; else counted and ``None``."""
        if isinstance(tweet.get(retweet_key), dict):
            self.count("retweet")
        elif tid is None:
            self.count("no_id")
        elif tid in self.posts:
            self.count("duplicate")
        else:
            return tid
        return None

    def v1(self, status: dict[str, Any], line: int, author: str | None = None) -> None:
        """A v1.1 status (twarc1) or an archive's tweet (``author``: the archive's owner)."""
        tid = self._admit(status, "retweeted_status", _ids(status.get("id_str") or status.get("id")))
        if tid is None:
            return
        quoted = status.get("quoted_status") if isinstance(status.get("quoted_status"), dict) else None
        self.posts[tid] = RawPost(
            author=_name(status.get("user")) or author,
            body=v1_text(status),
            timestamp=v1_time(status.get("created_at")),
            source_id=tid,
            parent_source_id=_ids(
                status.get("in_reply_to_status_id_str") or status.get("in_reply_to_status_id")
            ),
            quoted=[v1_text(quoted)] if quoted else [],
            quote_sources=[_name(quoted.get("user"))] if quoted else [],
            line_start=line,
            line_end=line,
        )

    def sns(self, tweet: dict[str, Any], line: int) -> None:
        """A tweet as snscrape or twscrape write it."""
        tid = self._admit(tweet, "retweetedTweet", _ids(tweet.get("id_str")) or _ids(tweet.get("id")))
        if tid is None:
            return
        quoted = tweet.get("quotedTweet") if isinstance(tweet.get("quotedTweet"), dict) else None
        self.posts[tid] = RawPost(
            author=_name(tweet.get("user")),
            body=_sns_text(tweet),
            timestamp=_sns_time(tweet.get("date")),
            source_id=tid,
            parent_source_id=_ids(tweet.get("inReplyToTweetIdStr")) or _ids(tweet.get("inReplyToTweetId")),
            quoted=[_sns_text(quoted)] if quoted else [],
            quote_sources=[_name(quoted.get("user"))] if quoted else [],
            line_start=line,
            line_end=line,
        )
        if cid := _ids(tweet.get("conversationIdStr")) or _ids(tweet.get("conversationId")):
            self.conversation[tid] = cid

    def expand(self) -> int:
        """Add the included tweets that a kept tweet replies to or whose conversation they
        start (the API expanded them; they are of the conversation). How many."""
        wanted = {p.parent_source_id for p in self.posts.values()} | set(self.conversation.values())
        added = 0
        for tid in sorted(wanted - set(self.posts) - {None}, key=lambda i: (len(i), i)):
            tweet = self.expanded.get(tid)
            refs = [r.get("type") for r in tweet.get("referenced_tweets") or []] if tweet else []
            if tweet is not None and RETWEETED not in refs:
                self.v2(tweet, 0)
                added += 1
        return added


def conversations(posts: dict[str, RawPost], conversation: dict[str, str]) -> list[RawThread]:
    """One thread per conversation (``conversation``: tweet id to conversation id), post 0
    its first tweet or a placeholder; tweets without one (v1.1) go by their chains of
    replies, as ``mastodon-json`` groups statuses."""
    groups: dict[str, list[RawPost]] = {}
    chains: dict[str, RawPost] = {}
    for tid, post in posts.items():
        if tid in conversation:
            groups.setdefault(conversation[tid], []).append(post)
        else:
            chains[tid] = post
    out = []
    for key, members in groups.items():
        root = posts.get(key) or RawPost(author=None, body="", source_id=key, placeholder=True)
        rest = sorted((p for p in members if p is not root), key=time_order)
        thread = assemble(key, root, [(p, None) for p in rest], threaded=False)
        if root.placeholder:
            thread.warnings.append(
                f"tweet {key}, the conversation's first, is not in the file: a placeholder stands for it"
            )
        out.append(thread)
    return out + (chains_of(chains) if chains else [])


def report(out: list[RawThread], skipped: dict[str, int], notes: list[str]) -> list[RawThread]:
    """Put what was left out, and the file's notes, on the first thread."""
    out[0].skipped.update(skipped)
    out[0].warnings.extend(notes)
    if skipped:
        what = ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        out[0].warnings.append(f"tweets that are no post of a conversation left out: {what}")
    return out


def parse(text: str) -> list[RawThread]:
    """One thread per conversation; see the module doc."""
    records, bad = _records(text)
    reader = Reader()
    for line, record in records:
        if _page_tweets(record) is not None:
            reader.page(record, line)
        elif _is_v2(record):
            reader.v2(record, line)
        elif _is_v1(record):
            reader.v1(record, line)
        elif _is_sns(record):
            reader.sns(record, line)
        else:
            bad += 1
    if bad:
        reader.skipped["bad_line"] = bad
    for tid in reader.superseded & set(reader.posts):
        del reader.posts[tid]
        reader.count("edited (earlier version)")
    added = reader.expand()
    if not reader.posts:
        if reader.skipped.get("retweet"):
            raise ThreadsError(
                f"tweets of {reader.skipped['retweet']} retweet(s) only: no tweet of a conversation"
            )
        raise ThreadsError(
            "unexpected JSON shape: no tweet (API v2 id, text, author_id; v1.1 id_str, user; "
            "or snscrape's id, date, rawContent, user)"
        )
    notes = []
    if added:
        notes.append(
            f"{added} tweet(s) read from the answers' includes (tweets replied to, conversation starts)"
        )
    if reader.unavailable:
        notes.append(
            f"{len(reader.unavailable)} referenced tweet(s) the API could not return (deleted or "
            f"protected): {', '.join(reader.unavailable[:5])}"
        )
    return report(conversations(reader.posts, reader.conversation), reader.skipped, notes)
