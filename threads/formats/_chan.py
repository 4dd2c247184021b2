"""What the imageboard dialects share (``imageboard-json``, ``foolfuuka-json``): who a
poster is, a post's ``>>123`` reply links, greentext, and a thread's assembly.

**Who is who.** Most imageboard posts are signed with the board's default name
(``Anonymous``): that name says nobody, and pooling every such post into one author
would make the who→whom tables lie. :func:`poster` builds the author from what tells
posters apart, in this order: a tripcode (``NAME !trip``, the same person in every
thread), a capcode (``NAME ## Mod``, the board's staff), the board's poster ID (``NAME
(ID: 3kF9aQ2x)``: one person within one thread; the same person has another ID in
another thread), a name other than the default (a chosen name, unverified, as other
dialects take display names). A post with none of these has no author (``None``), as
a comment without a name has in every dialect: it keeps its place, its text and its
reply links, and counts in no author table (:mod:`threads.graph`).

**Reply links.** A ``>>123`` quote link names the post answered: the post's parent is
``explicit`` (:data:`QUOTELINK_CONFIDENCE`). A post linking several posts answers each:
one is the parent, the others go to ``RawPost.also_answers`` (one reply row each; the
parent among them is the latest post linked, the resolver's rule for equal links). A
post without a link answers the thread (its opening post): a ``nested`` parent, as a
top-level comment of any nested dialect. Links are taken out of the text (like "In
reply to X" lines); a link to a post not in the file (deleted, or left out of an index
page) is counted in a warning, and the post then answers the root.

**Greentext** (``>line``) is the poster's own words, not a quote of another post,
unless it repeats words of an earlier post of the thread: then it stays a ``>`` line,
which quote matching (``quotes.py``) links to its source; otherwise it is kept as own
text without its ``>`` (``quotes.py`` takes every ``>`` line for a quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from threads.formats._dump import parents_first
from threads.model import RawPost, RawThread

# The names boards sign unnamed posts with (4chan, vichan/Tinyboard and LynxChan
# default to "Anonymous"; 2ch.hk's is "Аноним"): such a post has no author unless a
# tripcode, capcode or poster ID tells its poster apart. Compared case-folded.
DEFAULT_NAMES = frozenset({"anonymous", "аноним"})
# How sure a >>123 link is of the post answered: it names the post's own number, as an
# "In reply to NAME" marker names a person (replies.CONFIDENCE["in_reply_to"]).
QUOTELINK_CONFIDENCE = 0.95
# A greentext line counts as a quote only with this many words: the least quotes.py
# looks up (quotes.MIN_QUOTE_WORDS); shorter lines (">implying") repeat by chance.
GREENTEXT_MIN_WORDS = 4
_WORDS = re.compile(r"\w+", re.UNICODE)
# A greentext line: one ">" (">>" opens a link, ">>>" a link to another board).
_GREENTEXT = re.compile(r"^\s*>(?!>)\s?(?P<text>.*)$")


def poster(name: object, trip: object, poster_id: object, capcode: str | None) -> str | None:
    """The author of a post from its name, tripcode, poster ID and capcode (the module
    doc says in which order); ``None`` when nothing tells its poster apart.

    >>> poster("Anonymous", None, "3kF9aQ2x", None)
    'Anonymous (ID: 3kF9aQ2x)'
    >>> poster("Anonymous", "!Ep8pui8Vw2", None, None), poster("Anonymous", None, None, None)
    ('Anonymous !Ep8pui8Vw2', None)
    """
    who = name.strip() if isinstance(name, str) else ""
    trip = trip.strip() if isinstance(trip, str) else ""
    pid = poster_id.strip() if isinstance(poster_id, str) else ""
    if trip:
        who = f"{who} {trip}".strip()
    if capcode:
        who = f"{who} ## {capcode}".strip()
    if not trip and not capcode:
        if pid:
            return f"{who} (ID: {pid})".strip()
        if who.casefold() in DEFAULT_NAMES:
            return None
    return who or None


@dataclass
class ChanPost:
    """One post as a dialect read it, before the thread is assembled: ``text`` has its
    ``>>`` links taken out (``targets``, in the order written) and its greentext
    still marked with ``>``."""

    source_id: str
    author: str | None
    timestamp: datetime | None
    text: str
    targets: list[str] = field(default_factory=list)
    title: str | None = None
    dead_links: int = 0  # links to posts the board shows as deleted
    file_only: bool = False  # a file and no words
    file_deleted: bool = False
    deleted: bool = False  # deleted on the board, kept by an archive
    placeholder: bool = False  # the opening post is not in the file


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _greentext(posts: list[ChanPost]) -> tuple[list[str], list[bool]]:
    """Each post's body, and whether it quotes an earlier post: greentext that repeats
    an earlier post stays a ``>`` line, other greentext becomes plain own text (see the
    module doc)."""
    bodies: list[str] = []
    quoting: list[bool] = []
    seen = ""  # the normalised words of the posts so far, each between "\n"s
    for post in posts:
        lines = post.text.split("\n")
        quotes = False
        for k, line in enumerate(lines):
            m = _GREENTEXT.match(line)
            if not m:
                continue
            words = _norm(m.group("text"))
            repeats = len(words.split()) >= GREENTEXT_MIN_WORDS and f" {words} " in seen
            lines[k] = f"> {m.group('text').strip()}" if repeats else m.group("text").strip()
            quotes = quotes or repeats
        body = "\n".join(lines).strip()
        bodies.append(body)
        quoting.append(quotes)
        seen += f" {_norm(body)} \n"  # a match cannot run from one post into the next
    return bodies, quoting


def assemble(key: str, posts: list[ChanPost], notes: list[str], skipped: dict[str, int]) -> RawThread:
    """The thread of ``posts`` (``posts[0]`` the opening post, the rest in the board's
    order); ``notes`` and ``skipped`` are what the dialect already found to report."""
    position = {p.source_id: k for k, p in enumerate(posts)}
    bodies, quoting = _greentext(posts)
    op = posts[0].source_id
    raw: list[RawPost] = []
    missing = dead = 0
    for k, (post, body, quotes) in enumerate(zip(posts, bodies, quoting, strict=True)):
        linked = [t for t in dict.fromkeys(post.targets) if t != post.source_id]
        here = sorted((t for t in linked if position.get(t, k) < k), key=position.__getitem__)
        missing += len(linked) - len(here)
        dead += post.dead_links
        rp = RawPost(
            author=post.author,
            body=body,
            timestamp=post.timestamp,
            title=post.title,
            source_id=post.source_id,
            placeholder=post.placeholder,
        )
        if k and here:
            rp.parent_source_id, rp.also_answers = here[-1], here[:-1]
            rp.parent_evidence, rp.parent_confidence = "explicit", QUOTELINK_CONFIDENCE
        elif k and linked:  # answers only posts not in the file: kept dangling, said below
            rp.parent_source_id = linked[-1]
            rp.parent_evidence, rp.parent_confidence = "explicit", QUOTELINK_CONFIDENCE
        elif k and not quotes:  # a post to the thread; one that quotes is left to quotes.py
            rp.parent_source_id = op
        raw.append(rp)
    ordered, moved = parents_first(raw)
    warnings = list(notes)
    if missing:
        warnings.append(
            f"{missing} >> link(s) to posts not in the file (deleted, or left out of an index "
            f"page{f'; {dead} dead link(s): the board shows them deleted' if dead else ''}): a post "
            "answering only such posts answers the root"
        )
    counts = (
        (sum(p.file_only for p in posts), "post(s) with a file and no words: kept, with empty text"),
        (sum(p.file_deleted for p in posts), "post(s) whose file was deleted: their words are kept"),
        (sum(p.deleted for p in posts), "post(s) deleted on the board, kept as the archive saved them"),
    )
    warnings.extend(f"{n} {what}" for n, what in counts if n)
    if moved:
        warnings.append(f"{moved} post(s) moved ahead of a reply listed before them")
    nobody = sum(p.author is None and not p.placeholder for p in posts)
    if nobody:
        real = sum(not p.placeholder for p in posts)
        warnings.append(
            f"{nobody} of {real} post(s) signed only with the board's default name (no "
            "tripcode, capcode or poster ID): no author, as they cannot be told apart; they "
            "count in no author, who-to-whom or network table"
        )
    if posts[0].placeholder:
        warnings.append(f"the opening post of thread {key} is not in the file: a placeholder stands for it")
    return RawThread(posts=ordered, title=posts[0].title, key=key, warnings=warnings, skipped=dict(skipped))
