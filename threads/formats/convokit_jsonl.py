"""ConvoKit corpora (Cornell's Conversational Analysis Toolkit): a corpus folder (or its
zip), or its ``utterances.jsonl`` given alone.

A corpus is the folder ``Corpus.dump`` writes (convokit.cornell.edu/documentation/
data_format.html; ``convokit/model/corpus_helpers.py``), read as one input through
:mod:`threads.zipped` (the ``convokit-corpus`` layout)::

    utterances.jsonl     one utterance a line:
        {"id": "czqfwzg", "conversation_id": "44hg7y", "text": "...",
         "speaker": "buffalocoinz", "meta": {"score": -3, ...},
         "reply-to": "czqe3vw", "timestamp": 1454799565, "vectors": []}
    speakers.json        {"buffalocoinz": {"meta": {...}, "vectors": []}, ...}
    conversations.json   {"44hg7y": {"meta": {"title": "...", ...}, "vectors": []}, ...}
    corpus.json, index.json   the corpus's own meta and the meta keys' types (not read)

Corpora written before ConvoKit 2.3 keep ``utterances.json`` (one JSON list),
``users.json``, and name the speaker ``user`` and the conversation ``root``; the loader
takes ``reply_to`` for ``reply-to`` (its Reddit corpora): all are read the same. (Real
files: the subreddit-Cornell corpus a project committed, mistryishan25/Streamlit-Convokit
data/; a line of movie-corpus; the corpora ``threads export --convokit`` writes.)

**One thread per conversation** (``conversation_id``), in order of first appearance. Post
0 is the conversation's first utterance: the one whose id is the conversation's (ConvoKit's
definition of a conversation id), else the first whose ``reply-to`` is null (a corpus whose
conversations are named otherwise: the Supreme Court corpus names them by transcript);
when the file holds neither, a **placeholder** stands for it (its id the conversation's,
so that the utterances answering it keep their parent), said. The other utterances follow
in the file's order (ConvoKit writes them as the corpus holds them), a parent moved ahead
of a reply listed before it. ``reply-to`` is a ``nested`` parent (the corpus's own tree); a
``reply-to`` naming no utterance of the file is kept (the resolver then finds no parent)
and counted, parents that loop are cut and said, an utterance whose ``reply-to`` is null
but is not its conversation's first is left to reply inference, said. An utterance without
a conversation id is placed by its ``reply-to`` chain, as ConvoKit's loader does.

Authors: the speaker's id, or the name its ``speakers.json`` meta gives (``name``,
``character_name``: corpora whose speaker ids are codes) when a corpus folder is read; two
speakers of one name keep their ids beside it (``BIANCA (u0)``), said. Reddit's
``[deleted]``/``[removed]``, the sentinel ``[unknown]`` threads writes and the Supreme Court
corpus's ``<INAUDIBLE>`` are no author.
An utterance whose words are gone (``[deleted]``/``[removed]``, Reddit corpora) is a
placeholder where a reply hangs from it, else left out and counted in
``skipped["deleted"]``; utterances with no words (a link post, a picture) are kept with
empty text, said. An id listed twice is read once (the later line, in the first's place),
lines that are not utterances are counted (the first named).

Times: ``timestamp`` in Unix seconds (milliseconds above :data:`MILLISECONDS`) or ISO 8601,
as aware UTC, null allowed. A corpus whose every timestamp is below :data:`NOT_A_DATE`
(seconds into a recording, a turn's number: the Supreme Court and Ubuntu chat corpora) has
no dates: times are left empty and the range is said. Titles: a conversation's meta
``title``/``page_title`` (conversations.json), else its first utterance's meta ``title``.

A corpus threads wrote (``threads export --convokit``; its utterances carry threads's meta)
reads back as the analysis it was written from: a placeholder stays one (meta
``placeholder``), quotes come back as quotes (meta ``quoted``), and each reply link keeps
the evidence and confidence it had (meta ``reply_evidence``, ``reply_confidence``), so an
inferred link does not come back as a marked one.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from threads.evidence import EVIDENCE
from threads.formats._dump import (
    NOT_JSON,
    drop_bare_placeholders,
    epoch,
    iso_utc,
    json_lines,
    json_outline,
    load_json,
    parents_first,
    scan_head,
    text_lines,
)
from threads.formats.reddit_json import GONE, gone_words
from threads.model import RawPost, RawThread, ThreadsError
from threads.zipped import is_bundle, unbundle

NAME = "convokit-jsonl"
PRIORITY = 30
DESCRIPTION = (
    "ConvoKit corpus (folder or zip: utterances.jsonl, speakers.json, conversations.json), or its "
    "utterances.jsonl alone: a thread a conversation, by reply-to."
)

# The bundle threads/zipped.py makes of a corpus folder.
LAYOUT = "convokit-corpus"
# The corpus's files, newest name first (corpus_helpers.py: utterances.json and users.json
# before ConvoKit 2.3).
UTTERANCE_FILES = ("utterances.jsonl", "utterances.json")
SPEAKER_FILES = ("speakers.json", "users.json")
CONVERSATION_FILE = "conversations.json"
BOM = "\ufeff"
# An utterance's keys (corpus_helpers.py KeyId, KeySpeaker, KeyConvoId, KeyReplyTo,
# KeyText), each with its older or other spelling: every one must be there.
UTTERANCE_KEYS: tuple[tuple[str, ...], ...] = (
    ("id",),
    ("text",),
    ("speaker", "user"),
    ("conversation_id", "root"),
    ("reply-to", "reply_to"),
)
# What Reddit writes for a deleted account or words taken away (reddit_json.GONE and
# gone_words: ConvoKit's Reddit corpora keep it, as speaker and as text), and the sentinel
# threads/export.py writes for a post whose author the dump did not give ("[deleted]" is
# its placeholders' speaker). The Supreme Court corpus's "<INAUDIBLE>" is a turn whose
# speaker the transcript does not name: no author either.
NO_AUTHOR = (*GONE, "[unknown]", "<INAUDIBLE>")
# A speaker's name in speakers.json meta, where the ids are codes: the Supreme Court
# corpus's "name" (ids j__john_g_roberts_jr), movie-corpus's "character_name" (ids u0).
NAME_KEYS = ("name", "character_name")
# A conversation's title in conversations.json meta: the Reddit corpora's and threads's
# "title", the Wikipedia corpora's (conversations-gone-awry) "page_title".
TITLE_KEYS = ("title", "page_title")
# An epoch above this is milliseconds (in seconds it would be after the year 5000).
MILLISECONDS = 1e11
# A corpus whose every numeric timestamp is below this (1973-03-03 in Unix seconds) has no
# dates: the Supreme Court corpus gives seconds into the argument's recording, Ubuntu's
# chat corpus a turn's index. Every real dated corpus is far above (Reddit from 2005).
NOT_A_DATE = 1e8
# sniff(): utterances (a bundle, a list, or the first lines); for a head that does not
# parse (a first line longer than the sniffer reads), these keys in it.
SURE, HEAD = 0.95, 0.8
SNIFF_LINES = 5
SNIFF_HEAD = 2**16
_HEAD_SIGNS = (
    re.compile(r'^\s*\{\s*"id"\s*:'),
    re.compile(r'"(?:conversation_id|root)"\s*:'),
    re.compile(r'"(?:speaker|user)"\s*:'),
)
# A timestamp written as a number.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# An HTML character reference: ConvoKit's Reddit corpora keep the bodies as Reddit's API
# sends them, "&gt;" for a quote line's ">", "&amp;" for "&" (titles too).
_ENTITY = re.compile(r"&(?:[A-Za-z]+\d*|#\d+|#[xX][0-9A-Fa-f]+);")
# The meta keys threads/export.py writes on every utterance: such a corpus is read back as
# the analysis it was written from (see the module doc).
OURS = ("post_id", "reply_evidence", "reply_confidence", "placeholder")


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((item[k] for k in keys if k in item), None)


def is_utterance(obj: object) -> bool:
    """Whether ``obj`` is a ConvoKit utterance: every key of :data:`UTTERANCE_KEYS`.

    >>> is_utterance({"id": "u2", "speaker": "bo", "conversation_id": "u1", "reply-to": "u1",
    ...               "timestamp": None, "text": "Yes.", "meta": {}})
    True
    >>> is_utterance({"id": "3", "text": "hi", "conversation_id": "1", "author_id": "7"})  # a tweet
    False
    """
    return isinstance(obj, dict) and all(any(k in obj for k in keys) for keys in UTTERANCE_KEYS)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a ConvoKit corpus (bundle), utterances.jsonl or the
    older utterances.json list.

    >>> sniff('{"id": "u1", "speaker": "al", "conversation_id": "u1", "reply-to": null, "text": "Hi"}')
    0.95
    """
    text = text.lstrip(BOM)
    outline = json_outline(text)
    if outline is not NOT_JSON:
        if is_bundle(outline, LAYOUT):
            return SURE
        items = outline if isinstance(outline, list) else [outline]
        return SURE if items and all(is_utterance(i) for i in items) else 0.0
    head = scan_head(text)
    if not head.startswith("{"):
        return 0.0
    found, bad = json_lines(head[:SNIFF_HEAD].rsplit("\n", 1)[0], SNIFF_LINES)
    if found:
        return round(SURE * sum(is_utterance(obj) for _, obj in found) / (len(found) + bad), 2)
    return HEAD if all(p.search(head) for p in _HEAD_SIGNS) else 0.0


# ---------------------------------------------------------------- the corpus's files


@dataclass
class _Corpus:
    """What the corpus's files say besides its utterances."""

    names: dict[str, str] = field(default_factory=dict)  # speaker id -> name
    titles: dict[str, str] = field(default_factory=dict)  # conversation id -> title
    notes: list[str] = field(default_factory=list)


def _meta_of(entry: object) -> dict[str, Any]:
    """An entry of speakers.json / conversations.json: ``{"meta": {...}, "vectors": []}``,
    or (ConvoKit before 2.3) the meta itself."""
    if not isinstance(entry, dict):
        return {}
    meta = entry.get("meta") if set(entry) <= {"meta", "vectors"} else entry
    return meta if isinstance(meta, dict) else {}


def _text_of(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` that ``meta`` gives as words."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _corpus(files: dict[str, str]) -> _Corpus:
    """Names and titles from a bundle's speakers.json and conversations.json."""
    out = _Corpus()
    path = next((p for p in SPEAKER_FILES if p in files), None)
    speakers = load_json(files[path], f"the ConvoKit corpus's {path}") if path else {}
    named = {
        str(sid): name
        for sid, entry in (speakers.items() if isinstance(speakers, dict) else ())
        if (name := _text_of(_meta_of(entry), NAME_KEYS))
    }
    counts = Counter(named.values())
    out.names = {sid: name if counts[name] == 1 else f"{name} ({sid})" for sid, name in named.items()}
    if shared := sum(1 for n in counts.values() if n > 1):
        out.notes.append(
            f"{shared} speaker name(s) shared by several speakers: their ids are kept beside them"
        )
    if CONVERSATION_FILE in files:
        convos = load_json(files[CONVERSATION_FILE], f"the ConvoKit corpus's {CONVERSATION_FILE}")
        for cid, entry in convos.items() if isinstance(convos, dict) else ():
            if title := _text_of(_meta_of(entry), TITLE_KEYS):
                out.titles[str(cid)] = title
    return out


def _utterances(text: str) -> tuple[list[tuple[int, Any]], int]:
    """(line, item) of an utterances file: one JSON list (utterances.json) or one
    utterance a line; and how many non-blank lines were not JSON."""
    try:  # parsed once (json_outline, then load_json, parsed a big utterances.json twice)
        doc = json.loads(text)
    except (ValueError, RecursionError):  # lines, or no JSON at all
        return json_lines(text)
    return ([(1, item) for item in doc], 0) if isinstance(doc, list) else json_lines(text)


# ---------------------------------------------------------------- utterances


@dataclass
class _Utt:
    """One utterance as read, before its conversation is assembled."""

    uid: str
    line: int
    seq: int  # place in the file (a list's items share line 1)
    cid: str | None
    reply_to: str | None
    speaker: str | None
    stamp: object
    text: str
    meta: dict[str, Any]
    ours: bool  # written by threads (see the module doc)


def _id(value: object) -> str | None:
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    return str(value)


def _unescaped(text: str) -> str:
    """``text`` with its character references undone (see :data:`_ENTITY`).

    >>> _unescaped("&gt;they said\\nArts &amp; Sciences, AT&T")
    '>they said\\nArts & Sciences, AT&T'
    """
    return html.unescape(text) if _ENTITY.search(text) else text


def _utt(line: int, seq: int, item: dict[str, Any]) -> _Utt:
    text = item.get("text")
    meta = item.get("meta")
    return _Utt(
        uid=str(item["id"]),
        line=line,
        seq=seq,
        cid=_id(_first(item, ("conversation_id", "root"))),
        reply_to=_id(_first(item, ("reply-to", "reply_to"))),
        speaker=_id(_first(item, ("speaker", "user"))),
        stamp=item.get("timestamp"),
        text=text if isinstance(text, str) else "",
        meta=meta if isinstance(meta, dict) else {},
        ours=isinstance(meta, dict) and all(k in meta for k in OURS),
    )


def _conversations(utts: dict[str, _Utt]) -> int:
    """Give each utterance without a conversation id one, by its ``reply-to`` chain: the
    top-most utterance's (or the missing one it answers); returns how many were placed."""
    placed = 0
    for u in utts.values():
        if u.cid is not None:
            continue
        seen = {u.uid}
        top = u
        while top.reply_to in utts and top.reply_to not in seen and utts[top.reply_to].cid is None:
            seen.add(top.reply_to)
            top = utts[top.reply_to]
        parent = utts.get(top.reply_to) if top.reply_to else None
        u.cid = parent.cid if parent and parent.cid else (top.reply_to or top.uid)
        placed += 1
    return placed


def _number(stamp: object) -> float | None:
    """A timestamp written as a number (or a string of digits), else None."""
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return float(stamp)
    return float(stamp) if isinstance(stamp, str) and _NUMBER.fullmatch(stamp.strip()) else None


def _times(utts: list[_Utt]) -> tuple[dict[str, datetime | None], list[str]]:
    """Each utterance's time (see the module doc) and what is said of them."""
    numbers = [n for u in utts if (n := _number(u.stamp)) is not None]
    if numbers and max(numbers) < NOT_A_DATE:
        low, high = min(numbers), max(numbers)
        return {u.uid: None for u in utts}, [
            f"timestamps are not dates ({low:g} to {high:g}: seconds into a recording, or turn "
            "numbers): times left empty, the file's order kept"
        ]
    out: dict[str, datetime | None] = {}
    unread = 0
    for u in utts:
        seconds = _number(u.stamp)
        if seconds is not None:
            when = epoch(seconds / 1000 if seconds > MILLISECONDS else seconds)
        else:
            when = iso_utc(u.stamp)  # None for anything but an ISO string
        unread += u.stamp is not None and when is None
        out[u.uid] = when
    return out, [f"{unread} timestamp(s) not read as a date: left empty"] if unread else []


def _post(u: _Utt, when: datetime | None, corpus: _Corpus) -> RawPost:
    """The post of one utterance (its parent set by the caller)."""
    gone = u.meta.get("placeholder") is True if u.ours else gone_words(u.text)
    author = (
        None
        if gone or u.speaker is None or u.speaker in NO_AUTHOR
        else corpus.names.get(u.speaker, u.speaker)
    )
    title = u.meta.get("title") if isinstance(u.meta.get("title"), str) else None
    text = u.text if u.ours else _unescaped(u.text)  # threads wrote its texts unescaped
    title = title if u.ours or title is None else _unescaped(title)
    post = RawPost(
        author=author,
        body=text.strip() if gone and not u.ours else text,
        timestamp=when,
        title=title,
        source_id=u.uid,
        placeholder=gone,
        line_start=u.line,
        line_end=u.line,
    )
    quoted = u.meta.get("quoted") if u.ours else None
    if isinstance(quoted, list):
        post.quoted = [q for q in quoted if isinstance(q, str)]
        post.quote_sources = [None] * len(post.quoted)
    evidence, confidence = u.meta.get("reply_evidence"), u.meta.get("reply_confidence")
    if u.ours and evidence in EVIDENCE and isinstance(confidence, (int, float)):
        post.parent_evidence, post.parent_confidence = evidence, float(confidence)
    return post


def _thread(
    cid: str, utts: list[_Utt], times: dict[str, datetime | None], corpus: _Corpus, every: set[str]
) -> RawThread:
    """The thread of one conversation (see the module doc); ``every``: the ids of the
    whole file."""
    ids = {u.uid for u in utts}
    # a first utterance answers nothing (an early Switchboard conversion made it answer itself)
    root = next((u for u in utts if u.uid == cid), None) or next(
        (u for u in utts if u.reply_to in (None, u.uid)), None
    )
    said: list[str] = []
    if root is None:
        head = RawPost(author=None, body="", source_id=cid, placeholder=True)
        said.append(
            f"the conversation's first utterance, {cid}, is not in the file: a placeholder stands for it"
        )
    else:
        head = _post(root, times[root.uid], corpus)
        head.parent_source_id = None
    known = ids | {cid}
    posts, dangling, across, unanswering = [head], 0, 0, 0
    for u in utts:
        if u is root:
            continue
        post = _post(u, times[u.uid], corpus)
        if u.reply_to is None or u.reply_to == u.uid:
            unanswering += 1
        else:
            post.parent_source_id = u.reply_to
            across += u.reply_to not in known and u.reply_to in every
            dangling += u.reply_to not in known and u.reply_to not in every
        posts.append(post)
    posts, moved = parents_first(posts)
    # parents that loop (a -> b -> a): parents_first breaks the loop where it finds it; the
    # post whose parent now comes after it answers no one
    at = {p.source_id: k for k, p in enumerate(posts)}
    loops = 0
    for k, p in enumerate(posts):
        if p.parent_source_id in at and at[p.parent_source_id] >= k:
            p.parent_source_id = None
            loops += 1
    posts, bare = drop_bare_placeholders(posts)
    kept = sum(1 for p in posts[1:] if p.placeholder)
    silent = sum(1 for p in posts if not p.placeholder and not p.body.strip() and p is not posts[0])
    for n, what in (
        (kept, "deleted or removed utterance(s) kept, without author, so their replies stay in place"),
        (silent, "utterance(s) with no words (a link, a picture, ...): kept, with empty text"),
        (moved, "parent utterance(s) moved ahead of a reply listed before them"),
        (dangling, "utterance(s) reply to utterances not in the file"),
        (across, "utterance(s) reply to an utterance of another conversation: left to reply inference"),
        (loops, "utterance(s) whose reply-to loops back: read as answering no one"),
        (unanswering, "utterance(s) with no reply-to, not the conversation's first: left to reply inference"),
    ):
        if n:
            said.append(f"{n} {what}")
    title = corpus.titles.get(cid)
    if title and not (root and root.ours):
        title = _unescaped(title)
    title = title or posts[0].title
    posts[0].title = posts[0].title or title
    return RawThread(
        posts=posts,
        title=title,
        key=cid,
        skipped={"deleted": bare} if bare else {},
        warnings=said,
    )


def _read(text: str, corpus: _Corpus) -> list[RawThread]:
    """The threads of an utterances file (see the module doc)."""
    found, bad = _utterances(text)
    utts: dict[str, _Utt] = {}
    duplicate = 0
    bad_lines: list[int] = []
    for seq, (line, item) in enumerate(found):
        if not isinstance(item, dict) or _id(item.get("id")) is None:
            bad_lines.append(line)
            continue
        u = _utt(line, seq, item)
        if u.uid in utts:
            duplicate += 1
            old = utts[u.uid]
            u.line, u.seq = old.line, old.seq  # the later version, in the first's place
        utts[u.uid] = u
    if not utts:
        raise ThreadsError(
            "no ConvoKit utterance in the file (an object with id, speaker, conversation_id, text)"
        )
    placed = _conversations(utts)
    ordered = sorted(utts.values(), key=lambda u: u.seq)
    times, notes = _times(ordered)
    convos: dict[str, list[_Utt]] = {}
    for u in ordered:
        convos.setdefault(u.cid or u.uid, []).append(u)
    every = set(utts)
    threads = [_thread(cid, members, times, corpus, every) for cid, members in convos.items()]
    first = threads[0]
    if bad:  # lines that are not JSON: the non-blank lines json_lines gave nothing for
        good = {line for line, _ in found}
        bad_lines.extend(
            no for no, line in enumerate(text_lines(text), start=1) if line.strip() and no not in good
        )
    for key, n, what in (
        ("duplicate", duplicate, "utterance(s) listed twice: the later read"),
        (
            "bad_line",
            len(bad_lines),
            f"line(s) not a ConvoKit utterance left out, the first line {min(bad_lines or [0])}",
        ),
    ):
        if n:
            first.skipped[key] = n
            notes.append(f"{n} {what}")
    if placed:
        notes.append(f"{placed} utterance(s) without conversation_id: placed by their reply-to chain")
    first.warnings[:0] = corpus.notes + notes
    return threads


def parse(text: str) -> list[RawThread]:
    """The threads of a ConvoKit corpus bundle or utterances file; see the module doc."""
    text = text.lstrip(BOM)
    if is_bundle(json_outline(text), LAYOUT):
        _, files = unbundle(text, LAYOUT, "a ConvoKit corpus")
        path = next((p for p in UTTERANCE_FILES if p in files), None)
        if path is None:
            raise ThreadsError("a ConvoKit corpus without its utterances.jsonl")
        return _read(files[path], _corpus(files))
    return _read(text, _Corpus())
