"""An X / Twitter account archive's tweets (Settings > Your account > Download an archive
of your data): ``data/tweets.js`` (``tweet.js`` in archives before 2022; big archives
split it into ``tweets-part1.js``, ...), a JavaScript assignment of a JSON list.

::

    window.YTD.tweets.part0 = [ {"tweet": {
        "id_str": "2024773764576059625", "created_at": "Fri Feb 20 09:10:58 +0000 2026",
        "full_text": "@ann &gt; your words\\n\\nmine", "in_reply_to_status_id_str": "2024577727748088083",
        "in_reply_to_screen_name": "ann", "entities": {"user_mentions": [...]}, ...}}, ...]

(checked on a real archive of 2026, milahu/twitter-milahu104; older archives list the
statuses without the ``{"tweet": ...}`` wrapper.)

An archive is **one author's** tweets across many conversations: one thread per chain of
replies in the file, rooted at its top tweet; a reply to a tweet not in the file (someone
else's: most of an archive's replies) hangs under a **placeholder** root standing for that
tweet, said in a warning, so the replies are kept and counted as replies (as
``activitypub-json`` reads a Mastodon archive). Parents are ``in_reply_to_status_id_str``,
``nested`` links. Retweets (``RT @name: ...``: an archive keeps no ``retweeted_status``)
are left out and counted in ``skipped["retweet"]``.

The tweets do not name their author (the archive's ``account.js`` does). A reply to one of
the archive's own tweets names the owner in ``in_reply_to_screen_name``; the owner's
handle is taken from there, else the author is left empty and a warning says so. Words
and times are read as ``twitter-json`` reads v1.1 statuses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from threads.formats.mastodon_json import conversations
from threads.formats.twitter_json import Reader, report
from threads.model import RawThread, ThreadsError

NAME = "twitter-archive"
PRIORITY = 30
KIND = "platform export"
DESCRIPTION = (
    "X/Twitter account archive's data/tweets.js ('window.YTD.tweets.part0 = [...]'): threads by replies."
)

# The assignment opening every data file of an archive; the files whose list holds
# tweets (tweets.js, tweet.js before 2022, deleted-tweets.js, community-tweet.js).
YTD = re.compile(r"\s*window\.YTD\.(?P<kind>\w+)\.part\d+\s*=\s*")
TWEET_FILES = ("tweets", "tweet", "deleted_tweets", "community_tweet")
# An archive's retweet: its text as the timeline showed it (no retweeted_status kept).
RETWEET = re.compile(r"RT @\w+:")
# sniff(): a tweets file; another data file of an archive (parse() says what it is).
SURE, OTHER_FILE = 0.95, 0.6


def sniff(text: str) -> float:
    """Confidence that ``text`` is an archive's tweets file.

    >>> sniff('window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"}} ]')
    0.95
    """
    m = YTD.match(text[:256])
    if m is None:
        return 0.0
    return SURE if m.group("kind") in TWEET_FILES else OTHER_FILE


def _owner(statuses: list[dict[str, Any]]) -> str | None:
    """The archive owner's handle: whom a reply to one of the file's own tweets answers."""
    ids = {str(s.get("id_str")) for s in statuses}
    for status in statuses:
        name = status.get("in_reply_to_screen_name")
        if str(status.get("in_reply_to_status_id_str")) in ids and isinstance(name, str) and name.strip():
            return name.strip().removeprefix("@")
    return None


def parse(text: str) -> list[RawThread]:
    """One thread per chain of replies; see the module doc."""
    m = YTD.match(text[:256])
    if m is None:
        raise ThreadsError("not an X archive data file (it opens with 'window.YTD.tweets.part0 = [')")
    if m.group("kind") not in TWEET_FILES:
        raise ThreadsError(
            f"an X archive's {m.group('kind')} file holds no tweets: give data/tweets.js (or tweet.js)"
        )
    try:
        items = json.loads(text[m.end() :].rstrip().removesuffix(";"))
    except (ValueError, RecursionError) as err:
        raise ThreadsError(f"not valid JSON after 'window.YTD.{m.group('kind')}...=': {err}") from None
    if not isinstance(items, list):
        raise ThreadsError("unexpected shape: an archive's tweets file assigns a list")
    statuses = [i.get("tweet", i) if isinstance(i, dict) else None for i in items]
    reader = Reader()
    kept = [s for s in statuses if isinstance(s, dict)]
    reader.skipped.update({"bad_entry": len(statuses) - len(kept)} if len(kept) < len(statuses) else {})
    owner = _owner(kept)
    for status in kept:
        if RETWEET.match(str(status.get("full_text") or status.get("text") or "")):
            reader.count("retweet")
        else:
            reader.v1(status, 0, author=owner)
    if not reader.posts:
        raise ThreadsError("an X archive's tweets file without a tweet of its own (only retweets, or empty)")
    notes = []
    if owner is None:
        notes.append(
            "the archive's tweets do not name their author and none answers another of them: "
            "author left empty (account.js names the owner)"
        )
    return report(conversations(reader.posts), reader.skipped, notes)
