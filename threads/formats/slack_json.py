"""Slack workspace exports (the admin's "Export data", free-workspace exports, slackdump's
"standard" format): a zip or folder of ``users.json``, ``channels.json`` (``groups.json``,
``dms.json``, ``mpims.json``) and one folder per channel of one JSON file per day.

::

    users.json       [{"id": "U01", "name": "ann", "deleted": false, "is_bot": false,
                       "profile": {"real_name": "Ann Lee", "display_name": "ann"}}, ...]
    channels.json    [{"id": "C01", "name": "general", "members": ["U01", ...]}, ...]
    general/2021-03-04.json
                     [{"type": "message", "user": "U01", "text": "hi <@U02> &gt; ...",
                       "ts": "1614870000.000200", "thread_ts": "1614870000.000200",
                       "reply_count": 2, "user_profile": {"real_name": "Ann Lee", ...}},
                      {"type": "message", "subtype": "channel_join", ...},
                      {"type": "message", "user": "U02", "text": "...",
                       "ts": "1614870100.000300", "thread_ts": "1614870000.000200",
                       "parent_user_id": "U01"}, ...]

A zip or folder of the export is read as one text, a bundle of its files
(``threads/zipped.py``); one day file alone is read too, and so is a
``conversations.history`` / ``conversations.replies`` answer (``{"ok": true,
"messages": [...]}``).

**A thread is a channel** (a private channel, a DM, a group DM): one discussion in time
order, as a chat is (:mod:`threads.formats._chat`: post 0 a placeholder for the channel,
titled ``#name``; a DM by its members' names). A researcher studying a workspace asks who
talks to whom in a channel; Slack's own threads are short side conversations inside it
(most have a handful of replies), and a thread per Slack thread would cut every channel
into hundreds of scraps whose top-level messages, most of the talk, answer nothing.
The channel's messages are sorted by ``ts`` whatever order the day files come in (a
thread's replies sit in the day files of the days they were written, after their
parent's). A reply (``thread_ts`` other than its own ``ts``) has the thread's first
message as its parent: ``nested`` evidence, the platform's own tree (a Slack thread is
one level deep: every reply answers its parent message in the UI). Top-level messages
answer nobody in particular: left to reply inference (``@name``, quotes, the model).

Day files given one by one (not as a folder or zip of the export) do not name their
channel: they are taken for one channel's and merge into one thread (pages: ``origin``,
``starts_at`` = the first ``ts``), in time order whatever order they are given in; a
reply whose parent is on a day not given is left dangling and said while the file is
read alone. Give the export (zip or folder) to keep channels apart and named.

Not posts, counted in ``skipped`` by subtype: joins, leaves, topic and purpose changes,
pins, deleted-message notices, and bots (``bot_message``, or a ``bot_id`` on a bot
account). A ``tombstone`` (a thread's first message, deleted) and a thread's first
message not in the export (before its date range) become a placeholder where replies
need one, counted. A message seen twice is read once. Channels with no message are
counted. Text: Slack mrkdwn (api.slack.com "Formatting text"): ``<@U02>`` becomes
``@Name`` (the user's name from users.json, else from a message's ``user_profile``,
else the id), so that ``threads`` reads it as an ``@name`` reply marker, ``<#C01|x>``
``#x``, ``<url|label>`` the label, ``<!here>`` ``@here``; ``&gt;`` lines are quotes
(``> ``, and ``&gt;&gt;&gt;`` quotes the rest of the message); ``&amp; &lt; &gt;`` are
unescaped. A shared message (an attachment with ``is_share`` / ``is_msg_unfurl``) is a
quote of its author's words. A name is the profile's ``display_name``, else its
``real_name``, else the account ``name``. Times: ``ts``, Unix seconds, as aware UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from threads.formats._chat import ChatCounts, ChatMessage, assemble
from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    json_outline,
    load_json,
    parents_first,
    scan_head,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError
from threads.zipped import is_bundle

NAME = "slack-json"
PRIORITY = 30
DESCRIPTION = (
    "Slack workspace export (zip or folder: users.json, channels.json, day files), one day file "
    "or conversations.history: a thread a channel."
)

# The bundle threads/zipped.py makes of an export's files.
LAYOUT = "slack-export"
# A message's id: Unix seconds with microseconds, a string ("1614870000.000200").
TS = re.compile(r"\d{9,10}\.\d{6}")
# Metadata files of an export: the conversations (their folder is their name, a DM's its
# id) and the members (org_users.json on Enterprise Grid). slack.com/help/articles/220556107.
CONVERSATION_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json")
USER_FILES = ("users.json", "org_users.json")
DAY_FILE = re.compile(r"(?:(?P<folder>.+)/)?\d{4}-\d{2}-\d{2}\.json")
# Subtypes that are posts (api.slack.com/events/message: a plain message has none).
# thread_broadcast ("also send to #channel") and its old name reply_broadcast are
# replies; me_message is /me; file_share (exports before 2019) a file with its comment.
POST_SUBTYPES = frozenset({None, "thread_broadcast", "reply_broadcast", "me_message", "file_share"})
# A thread's first message that was deleted while it had replies.
TOMBSTONE = "tombstone"
BOT_SUBTYPE = "bot_message"
# Every other subtype (channel_join, channel_leave, channel_topic, channel_purpose,
# channel_name, pinned_item, message_deleted, bot_add, huddle_thread, ...) is an event,
# counted by its name.
# sniff(): a bundle of a Slack export; a list (or "messages" list) of Slack messages.
# For text that does not parse (a head cut from a big day file) these keys.
SURE, DAY, HEAD = 0.95, 0.9, 0.85
_HEAD_SIGNS = (
    re.compile(r'^\s*(?:\[|\{[^\[]*"messages"\s*:\s*\[)\s*\{'),
    re.compile(r'"type"\s*:\s*"message"'),
    re.compile(r'"ts"\s*:\s*"\d{9,10}\.\d{6}"'),
)
# mrkdwn's control sequences <...> (api.slack.com "Formatting text"), by what opens them,
# in the order tried: user, channel, user group, date, special mention; else a link.
_TOKEN = re.compile(r"<([^<>\n]*)>")
_QUOTE_LINE = re.compile(r"^(?:&gt;|>)(?!&gt;&gt;|>>) ?")
_QUOTE_REST = re.compile(r"^(?:&gt;&gt;&gt;|>>>) ?")


def _is_message(item: object) -> bool:
    return (
        isinstance(item, dict)
        and item.get("type") == "message"
        and isinstance(item.get("ts"), str)
        and TS.fullmatch(item["ts"]) is not None
    )


def _messages_of(doc: Any) -> list[Any] | None:
    """The messages of a day file (a list) or of an API answer (``messages``)."""
    items = doc.get("messages") if isinstance(doc, dict) else doc
    if isinstance(items, list) and items and any(_is_message(m) for m in items):
        return items
    return None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Slack export (bundle), day file or API answer.

    >>> sniff('[{"type": "message", "user": "U1", "text": "hi", "ts": "1614870000.000200"}]')
    0.9
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0
    if is_bundle(outline, LAYOUT):
        return SURE
    return DAY if _messages_of(outline) is not None else 0.0


# ---------------------------------------------------------------- names and text


def _profile_name(profile: object) -> str | None:
    if not isinstance(profile, dict):
        return None
    for key in ("display_name", "real_name", "name"):
        value = profile.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass
class _Names:
    """Who is who: users.json first, then the profiles messages carry (see module doc)."""

    users: dict[str, str] = field(default_factory=dict)
    bots: set[str] = field(default_factory=set)
    channels: dict[str, str] = field(default_factory=dict)  # channel id -> name

    def add_users(self, items: list[Any]) -> None:
        for u in items:
            if isinstance(u, dict) and isinstance(u.get("id"), str):
                name = _profile_name(u.get("profile")) or _profile_name(u)
                if name:
                    self.users.setdefault(u["id"], name)
                if u.get("is_bot") is True:
                    self.bots.add(u["id"])

    def add_profiles(self, messages: list[Any]) -> None:
        for m in messages:
            name = _profile_name(m.get("user_profile")) if isinstance(m, dict) else None
            if name and isinstance(m.get("user"), str):
                self.users.setdefault(m["user"], name)

    def of(self, uid: str | None) -> str | None:
        return self.users.get(uid, uid) if uid else None


def text_of(mrkdwn: str, names: _Names) -> str:
    """Slack mrkdwn as plain text with ``> `` quote lines (see the module doc).

    >>> n = _Names(users={"U2": "Bo Tan"})
    >>> text_of("<@U2> see <https://x.org|the plan> &amp; &lt;this&gt;", n)
    '@Bo Tan see the plan & <this>'
    >>> text_of("&gt; you said\\nyes", n)
    '> you said\\nyes'
    """

    def token(m: re.Match[str]) -> str:
        target, _, label = m.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (names.users.get(target[1:]) or label.lstrip("@") or target[1:])
        if target.startswith("#"):
            return "#" + (label or names.channels.get(target[1:]) or target[1:])
        if target.startswith("!subteam^"):
            return label or "@" + target[len("!subteam^") :]
        if target.startswith("!date^"):
            return label
        if target.startswith("!"):
            return label or "@" + target[1:]
        return label or target.removeprefix("mailto:")

    lines: list[str] = []
    quoting_rest = False
    for line in _TOKEN.sub(token, mrkdwn).split("\n"):
        if quoting_rest:
            lines.append("> " + line)
        elif rest := _QUOTE_REST.match(line):
            quoting_rest = True
            lines.append("> " + line[rest.end() :])
        elif one := _QUOTE_LINE.match(line):
            lines.append("> " + line[one.end() :])
        else:
            lines.append(line)
    out = "\n".join(lines)
    return out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _shared(item: dict[str, Any], names: _Names) -> list[str]:
    """Words of other messages shared into this one (quotes, not the sender's own)."""
    out = []
    for att in item.get("attachments") or []:
        if isinstance(att, dict) and (att.get("is_share") or att.get("is_msg_unfurl")):
            words = att.get("text")
            if isinstance(words, str) and words.strip():
                out.append(text_of(words, names))
    return out


# ---------------------------------------------------------------- one channel


def _bot_account(item: dict[str, Any], names: _Names) -> bool:
    """A message with a ``bot_id`` is an app's unless a person sent it through the app:
    no user, a bot account in users.json, or the bot's own profile mark the app."""
    return not item.get("user") or item["user"] in names.bots or isinstance(item.get("bot_profile"), dict)


@dataclass
class _Channel:
    """One conversation's messages as read, before the thread is assembled."""

    key: str
    title: str | None
    items: list[Any] = field(default_factory=list)


def _thread(channel: _Channel, names: _Names, alone: bool) -> RawThread | None:
    """The thread of one channel (see the module doc); ``alone``: a day file or API
    answer read without the rest of the export (no placeholder for absent parents)."""
    counts = ChatCounts()
    seen: set[str] = set()
    kept: list[dict[str, Any]] = []
    tombstones: dict[str, dict[str, Any]] = {}
    for item in sorted((m for m in channel.items if _is_message(m)), key=lambda m: float(m["ts"])):
        sub = item.get("subtype")
        if item["ts"] in seen:
            counts.skip("duplicate")
            continue
        seen.add(item["ts"])
        if sub == TOMBSTONE:
            tombstones[item["ts"]] = item
        elif sub == BOT_SUBTYPE or (item.get("bot_id") and _bot_account(item, names)):
            counts.skip("bot message")
        elif sub not in POST_SUBTYPES:
            counts.skip(f"event: {sub}")
        else:
            kept.append(item)
    if unread := sum(1 for m in channel.items if not _is_message(m)):
        counts.skipped["not a message"] = unread
    ids = {m["ts"] for m in kept}
    messages, parent_of = [], {}
    for item in kept:
        thread_ts = item.get("thread_ts")
        answers = thread_ts if isinstance(thread_ts, str) and thread_ts != item["ts"] else None
        if answers:
            parent_of[item["ts"]] = answers
        text = item.get("text") if isinstance(item.get("text"), str) else ""
        messages.append(
            ChatMessage(
                source_id=item["ts"],
                author=names.of(item.get("user") if isinstance(item.get("user"), str) else None),
                timestamp=epoch(item["ts"]),
                text=text_of(text, names),
                reply_to=answers if answers in ids else None,  # the others: below
                quoted=_shared(item, names),
            )
        )
    if not messages:
        return None
    thread = assemble(channel.key, channel.title, messages, counts)
    return _nest(thread, parent_of, ids, tombstones, alone)


def _nest(
    thread: RawThread, parent_of: dict[str, str], ids: set[str], tombstones: dict[str, Any], alone: bool
) -> RawThread:
    """Thread replies as ``nested`` links (assemble() writes a chat's reply as
    ``explicit``: a Slack thread is the platform's own tree), with placeholders for the
    thread parents that are deleted (tombstones) or not in the export."""
    missing: dict[str, int] = {}
    for post in thread.posts[1:]:
        parent = parent_of.get(post.source_id or "")
        if parent is None:
            continue
        post.parent_source_id, post.parent_evidence, post.parent_confidence = parent, "nested", 1.0
        if parent not in ids:
            missing[parent] = missing.get(parent, 0) + 1
    # Alone, a tombstone whose replies are on other days stays for them (pages merge).
    gone = {t for t in tombstones if t in missing or (alone and tombstones[t].get("reply_count"))}
    stand_ins = [
        RawPost(author=None, body="", timestamp=epoch(ts), source_id=ts, placeholder=True)
        for ts in sorted(gone | (set() if alone else set(missing)))
    ]
    posts, _ = parents_first([*thread.posts, *stand_ins], key=time_order)
    posts, bare = drop_bare_placeholders(posts) if not alone else (posts, 0)
    bare += len(tombstones) - len(gone) if alone else 0
    deleted = sum(1 for ts in tombstones if ts in missing)
    absent = 0 if alone else sum(1 for ts in missing if ts not in tombstones)
    if bare:
        thread.skipped["deleted thread start, no reply kept"] = bare
    stray = sum(n for t, n in missing.items() if t not in tombstones)  # replies to absent parents
    if deleted:
        thread.warnings.append(
            f"{deleted} thread(s) whose first message was deleted: a placeholder stands for it"
        )
    if absent:
        thread.warnings.append(
            f"{absent} thread(s) whose first message is not in the export (before its date range): "
            f"a placeholder stands for it ({stray} repl(ies))"
        )
    if alone and (dangling := stray):
        thread.alone_note = (
            f"{dangling} thread repl(ies) answer a message of another day: give the channel's day "
            "files together, or the export"
        )
    thread.posts = posts
    return thread


# ---------------------------------------------------------------- the export


def _load(files: dict[str, str], path: str) -> Any:
    return load_json(files[path], f"the Slack export's {path}")


def _conversations(files: dict[str, str], names: _Names) -> dict[str, str]:
    """Folder name -> title, from the export's conversation lists."""
    titles: dict[str, str] = {}
    for path in CONVERSATION_FILES:
        items = _load(files, path) if path in files else []
        for c in items if isinstance(items, list) else []:
            if not isinstance(c, dict) or not isinstance(c.get("id"), str):
                continue
            name = c.get("name") if isinstance(c.get("name"), str) else None
            if name:
                names.channels[c["id"]] = name
            members = [names.of(u) or "?" for u in c.get("members") or [] if isinstance(u, str)]
            if path == "dms.json":
                titles[c["id"]] = "DM: " + ", ".join(members) if members else c["id"]
            elif path == "mpims.json" and members:
                titles[name or c["id"]] = "group DM: " + ", ".join(members)
            elif name:
                titles[name] = f"#{name}"
    return titles


def _export(doc: dict[str, Any]) -> list[RawThread]:
    files = doc.get("files")
    if not isinstance(files, dict):
        raise ThreadsError("unexpected shape: a Slack export bundle without its files")
    names = _Names()
    for path in USER_FILES:
        if path in files and isinstance(users := _load(files, path), list):
            names.add_users(users)
    titles = _conversations(files, names)
    channels: dict[str, _Channel] = {}
    for path in sorted(files):
        day = DAY_FILE.fullmatch(path)
        if not day or not day.group("folder"):
            continue
        folder = day.group("folder")
        items = _load(files, path)
        if not isinstance(items, list):
            raise ThreadsError(
                f"unexpected JSON shape: the Slack export's {path} should be a list of messages"
            )
        channel = channels.setdefault(folder, _Channel(folder, titles.get(folder, f"#{folder}")))
        channel.items.extend(items)
        names.add_profiles(items)
    out = [t for c in channels.values() if (t := _thread(c, names, alone=False)) is not None]
    if not out:
        raise ThreadsError("a Slack export with no message (events and bots only, or no day file)")
    if empty := len(channels) - len(out):
        out[0].warnings.append(
            f"{empty} channel(s) of the export with no message (joins, bots only): no thread"
        )
    return out


def parse(text: str) -> list[RawThread]:
    """The threads of a Slack export bundle (one per channel), day file or API answer
    (one, merging with the other day files given with it); see the module doc."""
    doc = load_json(text, "a Slack export")
    if is_bundle(doc, LAYOUT):
        return _export(doc)
    items = _messages_of(doc)
    if items is None:
        raise ThreadsError(
            "unexpected JSON shape: not a Slack export, day file or API answer (no message with type and ts)"
        )
    names = _Names()
    names.add_profiles(items)
    thread = _thread(_Channel("day", None, list(items)), names, alone=True)
    if thread is None:
        raise ThreadsError("Slack messages with no post (events and bots only)")
    thread.origin = "slack day files"  # a day file names no channel: see the module doc
    thread.starts_at = int(min(float(m["ts"]) for m in items if _is_message(m)))
    return [thread]
