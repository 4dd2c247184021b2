"""Who replies to whom: the evidence cascade nested > explicit > quote > mention > subject > root.

Every non-root post gets at least one :class:`~threads.model.Reply`; a post that
addresses or quotes several earlier posts gets one row per target, and its
``parent_id`` is the strongest (best evidence, then highest confidence, then the latest
target). Inferred links never point at the post's own author (nobody answers
themselves by quoting or naming themselves); nested links are taken as the source says.

Names are found through an index of author names by first word, so the cost is one
look-up per word of a post, not one scan per author.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from threads import markers
from threads.model import EVIDENCE_RANK, Post, Reply
from threads.quotes import QuoteHit

# Confidence per kind of evidence. Nested is the source's own structure. The others are
# prior estimates, to be calibrated on de-nested threads (see the reply-inference issue):
# explicit markers name the person addressed, but not always the post; a quote names the
# post but sometimes only echoes it; a mention is often talk *about* someone; a
# top-level comment on a blog is, by default, a comment on the article.
CONFIDENCE = {
    "nested": 1.0,
    "in_reply_to": 0.95,
    "at_name": 0.9,
    "at_names": 0.7,  # one of several "@name"s opening a post (below the 0.8 of sure links)
    "salutation": 0.85,
    "re_name": 0.85,
    "attribution": 0.85,
    "mention": 0.5,
    "similar": 0.5,  # the least a similar parent link has: similar.json's threshold
    "root": 0.5,
}
QUOTE_BASE, QUOTE_SPAN = 0.6, 0.35  # quote confidence = base + span * coverage
MIN_NAME_CHARS = 2  # shorter author names ("x") would match everywhere
# A fediverse account as an author name ("otto@fen.example", Mastodon's acct) and the
# handle a mention gives ("@otto", its local part, whole: not "@ott" nor "@otto_b").
_ACCOUNT = re.compile(r"^(?P<local>[\w.-]+)@[\w-]+(?:\.[\w-]+)+$")
_HANDLE = re.compile(r"[\w.-]*\w(?![\w.-]*\w)")
# A name followed by a capitalised word is a longer name ("Brian Massumi", a book's author,
# is not the commenter "Brian"; "Markus Kompa" is not the commenter "Markus"), unless that
# word is one that follows an address ("Brian I agree", "Markus Thanks").
_LONGER_NAME = re.compile(r"^[^\S\n]+(?P<word>[A-ZÀ-ÞĀ-Ž][\w'’-]*)")
_NOT_A_SURNAME = frozenset(
    "i i'm i've i'd i'll thanks thank yes no ok okay well sorry good great agreed exactly "  # noqa: SIM905
    "you your you're we the this that it and but so re ja nein danke oui non merci".split()
)
MIN_MENTION_CHARS = 3
# An author known only by a phone number (WhatsApp shows a contact not in the phone book
# as "+1 (646) 385‑5952") is mentioned by its digits: "@16463855952". Names of only a "+",
# digits, spaces and the punctuation phones are written with; at least MIN_PHONE_DIGITS.
_PHONE_NAME = re.compile(r"^\+?[\d\s().\-\u2010-\u2012\u00a0\u202f]+$")
_PHONE_HANDLE = re.compile(r"\d+(?!\w)")
MIN_PHONE_DIGITS = 7
_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)


def account_local(name: str) -> str | None:
    """The handle a mention gives a fediverse account: "otto" for "otto@fen.example"."""
    return m["local"] if (m := _ACCOUNT.match(name)) else None


def phone_digits(name: str) -> str | None:
    """The digits a mention gives a member known by phone number: "16465550143" for
    "+1 (646) 555-0143"; ``None`` for any other name."""
    if _PHONE_NAME.match(name) and len(digits := re.sub(r"\D", "", name)) >= MIN_PHONE_DIGITS:
        return digits
    return None


@dataclass
class _Candidate:
    target: int
    evidence: str
    confidence: float
    detail: str


class _Authors:
    """Earlier authors, their posts so far, and a first-word index of their names."""

    def __init__(self) -> None:
        self.earlier: dict[str, list[int]] = defaultdict(list)  # every post of each, in order
        self.by_fold: dict[str, str] = {}
        self.by_first: dict[str, set[str]] = defaultdict(set)
        # "otto" for the fediverse account "otto@fen.example": a mention there reads
        # "@otto" (or "@otto@fen.example", which AT_NAME cuts at its second "@")
        self.by_local: dict[str, set[str]] = defaultdict(set)
        self.by_phone: dict[str, set[str]] = defaultdict(set)  # "16463855952": "+1 (646) ..."

    def add(self, author: str | None, post_id: int) -> None:
        if not author or len(author.strip()) < MIN_NAME_CHARS:
            return
        self.earlier[author].append(post_id)
        fold = author.strip().casefold()
        self.by_fold.setdefault(fold, author)
        self.by_first[fold.split()[0]].add(fold)
        if local := account_local(fold):
            self.by_local[local].add(fold)
        elif digits := phone_digits(fold):
            self.by_phone[digits].add(fold)

    def answered(self, who: str, reply: Post, posts: list[Post]) -> int:
        """The post of ``who`` that ``reply`` answers when it names them: their latest
        post above it written no later than it. On a threaded page a later post of theirs
        may stand above the reply (in another branch); a reply never answers a post
        written after it. Without times (or none earlier), their latest post above."""
        when = reply.timestamp
        if when is not None:
            for pid in reversed(self.earlier[who]):
                then = posts[pid].timestamp
                try:
                    if then is None or then <= when:
                        return pid
                except TypeError:  # a naive and an aware time: not comparable
                    return pid
        return self.earlier[who][-1]

    def at_start(self, text: str, handle: bool = False) -> tuple[str, int] | None:
        """The longest known author name that ``text`` starts with (case-insensitive,
        ending on a word boundary), and its length in ``text``. After an ``@``
        (``handle``) the name ends where an author's name ends: "@marigold Wonderful
        news!" names marigold, where a bare "Brian Massumi" is no "Brian"."""
        fold = text.casefold()
        first = fold.split(None, 1)[0] if fold.strip() else ""
        candidates = set(self.by_first.get(first, ()))
        candidates |= self.by_first.get(first.rstrip(",:;!.?"), set())
        for name in sorted(candidates, key=len, reverse=True):
            if fold.startswith(name) and (len(fold) == len(name) or not fold[len(name)].isalnum()):
                if not handle and longer_name(text[len(name) :]):
                    continue
                return self.by_fold[name], len(name)
        if handle and (m := _HANDLE.match(fold)) and len(accounts := self.by_local.get(m[0], ())) == 1:
            return self.by_fold[next(iter(accounts))], len(m[0])  # "@otto" for otto@fen.example
        if handle and (m := _PHONE_HANDLE.match(fold)) and len(phones := self.by_phone.get(m[0], ())) == 1:
            return self.by_fold[next(iter(phones))], len(m[0])  # "@16463855952"
        return None

    def first_name_at_start(self, text: str) -> tuple[str, int] | None:
        """A unique author whose first name ``text`` starts with ("Jana," for "Jana
        Hoffmann"); ``None`` when no author, or several, have that first name."""
        word = text.split(None, 1)[0] if text.strip() else ""
        bare = word.rstrip(",:;!.?")
        names = self.by_first.get(bare.casefold(), set())
        if len(names) != 1 or len(bare) < MIN_MENTION_CHARS or not bare[:1].isupper():
            return None
        if bare == word and longer_name(text.lstrip()[len(bare) :]):
            return None
        return self.by_fold[next(iter(names))], len(bare)

    def lookup(self, name: str) -> str | None:
        """An author by name as written (case-insensitive), or by a unique first name."""
        fold = name.strip().strip(".,:;!?\"'").casefold()
        if fold in self.by_fold:
            return self.by_fold[fold]
        found = self.at_start(fold)
        if found:
            return found[0]
        first = self.by_first.get(fold, set())
        return self.by_fold[next(iter(first))] if len(first) == 1 else None


def _unquoted(raw: str, quoted: list[str]) -> str:
    """``raw`` without its quoted passages (``>`` lines, passages in quotation marks that
    repeat an earlier post): a name addressed inside a quote is the quoted author's
    address, not the replier's. Reply-marker lines ("In reply to X.") stay."""
    if not quoted and ">" not in raw:
        return raw
    text = "\n".join(ln for ln in raw.split("\n") if not markers.QUOTED_LINE.match(ln))
    for passage in quoted:
        if passage and passage in text:
            text = text.replace(passage, " ")
    return text


def longer_name(after: str) -> bool:
    """Whether the text right after a matched name continues that name: a capitalised
    word after a space ("Brian| Massumi"), not one that follows an address."""
    m = _LONGER_NAME.match(after)
    return bool(m) and m.group("word").casefold() not in _NOT_A_SURNAME


def person(name: str | None) -> str | None:
    """An author name as reply links compare it: case and outer spaces folded ("mike"
    and "Mike" in one Movable Type export are one person); None for no author."""
    return None if name is None else name.strip().casefold()


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two author names are one person as far as reply links go (:func:`person`
    equal; no author is nobody's)."""
    return a is not None and b is not None and person(a) == person(b)


def _explicit(raw: str, authors: _Authors, salutes: bool = True) -> list[tuple[str, str, str]]:
    """(author, marker kind, detail) for every explicit address in ``raw``; ``salutes``
    false skips the salutation scan (no author's first word is in ``raw``)."""
    found: list[tuple[str, str, str]] = []
    lowered = raw.lower()
    for m in markers.in_reply_to(raw, lowered):
        if who := authors.lookup(m.group("name")):
            found.append((who, "in_reply_to", m.group(0).strip()))
    if "@" in raw:
        for m in markers.AT_NAME.finditer(raw):
            if hit := authors.at_start(m.group("name"), handle=True):
                found.append((hit[0], "at_name", "@" + m.group("name")[: hit[1]]))
    if markers.RE_NAME_HINT in lowered:
        for m in markers.RE_NAME.finditer(raw):
            if who := authors.lookup(m.group("name")):
                found.append((who, "re_name", m.group(0).strip()))
    if salutes:
        found.extend(_salutations(raw, authors))
    return found


def _salutations(raw: str, authors: _Authors) -> Iterator[tuple[str, str, str]]:
    """(author, "salutation", detail) for every line of ``raw`` that opens with an
    earlier author's name (after a greeting), alone or followed by a comma or colon."""
    by_first = authors.by_first
    # One match per line with a word after its prefix (blank lines have none). Both
    # look-ups below start from that word: lines whose word starts no author's name
    # (most) are skipped here, without their sorting and folding.
    for m in markers.SALUTATION_WORD.finditer(raw):
        first = m.group("first").casefold()
        if first not in by_first and first.rstrip(",:;!.?") not in by_first:
            continue
        begin = m.start()
        stop = raw.find("\n", begin)
        line = raw[begin:] if stop < 0 else raw[begin:stop]
        rest = line[m.end("prefix") - begin :]
        hit = authors.at_start(rest) or authors.first_name_at_start(rest)
        if not hit:
            continue
        after = rest[hit[1] :]
        # The first line may be the bare name; later lines need a comma or colon after it.
        if markers.SALUTATION_END.match(after) and (
            not raw[:begin].strip() or after.strip()[:1] in ",:;" or not after.strip()
        ):
            yield hit[0], "salutation", _flat(line)[:80]


def _mentions(own: str, authors: _Authors) -> list[tuple[str, str]]:
    """(author, detail) for earlier authors named in the own text (case as written)."""
    found: list[tuple[str, str]] = []
    by_first = authors.by_first
    # Most posts name nobody: only the distinct words that start some author's name
    # are looked for, where they stand as whole tokens (a token is a maximal run of
    # _TOKEN's characters, so these are the tokens _TOKEN.finditer would give, in
    # its order once sorted), rather than every token of the post in turn.
    named = [t for t in set(_TOKEN.findall(own)) if t.strip(".-'’").casefold() in by_first]
    if not named:
        return found
    at: list[tuple[int, str]] = []
    for token in named:
        i = own.find(token)
        while i >= 0:
            j = i + len(token)
            # No token character just before or after (an empty range at either end).
            if not _TOKEN.match(own, i - 1, i) and not _TOKEN.match(own, j, j + 1):
                at.append((i, token))
            i = own.find(token, j)
    for pos, token in sorted(at):
        word = token.strip(".-'’")
        for name in by_first[word.casefold()]:
            real = authors.by_fold[name]
            if len(real) < MIN_MENTION_CHARS:
                continue
            start = pos + token.find(word)
            seg = own[start : start + len(real)]
            end_ok = start + len(real) >= len(own) or not own[start + len(real)].isalnum()
            if seg == real and end_ok and not longer_name(own[start + len(real) :]):
                found.append((real, _flat(own[max(0, start - 30) : start + len(real) + 30])))
    return found


def resolve(posts: list[Post], raws: list[str], hits: list[list[QuoteHit]]) -> list[Reply]:
    """Fill ``parent_id``, ``reply_evidence``, ``reply_confidence`` and ``depth`` on
    ``posts`` (one thread, post 0 the root) and return every reply edge.

    ``raws`` are the posts' texts with quotes (for explicit markers); ``hits`` their
    quotes as :func:`threads.quotes.split` matched them.
    """
    by_source = {p.source_id: p.post_id for p in posts if p.source_id is not None}
    salutes, mentions = _may_name(posts, raws)
    authors = _Authors()
    replies: list[Reply] = []
    for post, raw, post_hits in zip(posts, raws, hits, strict=True):
        pid = post.post_id
        if pid == 0:
            authors.add(post.author, pid)
            continue
        cands: list[_Candidate] = []
        if post.parent_source_id is not None:
            target = by_source.get(post.parent_source_id)
            if target is not None and target != pid:
                # the evidence kind prefixes every detail (_edges): not repeated here
                cands.append(
                    _Candidate(
                        target,
                        post.parent_evidence,
                        post.parent_confidence,
                        f"parent {post.parent_source_id}",
                    )
                )
        for also in post.also_answers:  # further posts the source says it answers
            target = by_source.get(also)
            if target is not None and target != pid:
                why = f"answers {also}"
                cands.append(_Candidate(target, post.parent_evidence, post.parent_confidence, why))
        quoted_by_author: dict[str, int] = {}
        for hit in post_hits:
            if hit.target is not None and not same_person(posts[hit.target].author, post.author):
                conf = round(QUOTE_BASE + QUOTE_SPAN * hit.coverage, 3)
                cands.append(_Candidate(hit.target, "quote", conf, _snippet(hit.text)))
                if posts[hit.target].author:
                    quoted_by_author.setdefault(posts[hit.target].author or "", hit.target)
            elif (
                hit.source_name
                and (who := authors.lookup(hit.source_name))
                and not same_person(who, post.author)
            ):
                cands.append(
                    _Candidate(
                        authors.answered(who, post, posts),
                        "explicit",
                        CONFIDENCE["attribution"],
                        f"{hit.source_name} wrote:",
                    )
                )
        named = [
            e
            for e in _explicit(_unquoted(raw, post.quoted), authors, salutes[pid])
            if not same_person(e[0], post.author)
        ]
        # "@wren @otto ...": Mastodon and Twitter open a reply with every participant's
        # handle, so several names at once say less about whom it answers than one does
        several = len({who for who, kind, _ in named if kind == "at_name"}) > 1
        for who, kind, detail in named:
            target = quoted_by_author.get(who)
            if target is None:
                target = authors.answered(who, post, posts)
            conf = CONFIDENCE["at_names"] if several and kind == "at_name" else CONFIDENCE[kind]
            cands.append(_Candidate(target, "explicit", conf, detail))
        for who, detail in _mentions(post.text, authors) if mentions[pid] else ():
            if not same_person(who, post.author):
                cands.append(
                    _Candidate(authors.answered(who, post, posts), "mention", CONFIDENCE["mention"], detail)
                )
        if not cands:
            cands.append(
                _Candidate(0, "root", CONFIDENCE["root"], "no reply marker: a comment on the root post")
            )
        replies.extend(_edges(post, cands, posts))
        authors.add(post.author, pid)
    _depths(posts)
    return replies


def _may_name(posts: list[Post], raws: list[str]) -> tuple[list[bool], list[bool]]:
    """Per post, whether a salutation or a mention can be found in it at all: whether
    its case-folded text holds the case-folded first word of some author of the thread
    (a salutation's line starts with one), and whether its own text holds some author's
    name as written (a mention is one). Both checks run over all posts at once (polars'
    Aho-Corasick ``contains_any``); most posts name nobody and skip the scans. Authors
    of the whole thread are a superset of the earlier authors the scans look for, so
    a false here is always right."""
    names = {p.author for p in posts if p.author and len(p.author.strip()) >= MIN_NAME_CHARS}
    firsts = {name.strip().casefold().split()[0] for name in names}
    spelled = [name for name in names if len(name) >= MIN_MENTION_CHARS]

    def holds(texts: list[str], needles: list[str]) -> list[bool]:
        if not needles:
            return [False] * len(texts)
        return pl.Series(texts, dtype=pl.String).str.contains_any(needles).to_list()

    return holds([raw.casefold() for raw in raws], sorted(firsts)), holds([p.text for p in posts], spelled)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _snippet(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return f'"{text[:n]}…"' if len(text) > n else f'"{text}"'


def _edges(post: Post, cands: list[_Candidate], posts: list[Post]) -> list[Reply]:
    """One reply row per target (its strongest evidence, other evidence in ``detail``);
    set the post's parent from the strongest row."""
    if len(cands) == 1:  # most posts (a comment on the root): its row, with no extras
        c = cands[0]
        post.parent_id, post.reply_evidence, post.reply_confidence = c.target, c.evidence, c.confidence
        why = f"{c.evidence}: {c.detail}"
        return [
            Reply(
                post.thread_id, post.post_id, c.target, posts[c.target].author, c.evidence, c.confidence, why
            )
        ]
    return _ranked_edges(post, cands, posts)


def _ranked_edges(post: Post, cands: list[_Candidate], posts: list[Post]) -> list[Reply]:
    """:func:`_edges` for any number of candidates (the reference of its one-candidate
    path in tests/test_parity_replies.py)."""
    best: dict[int, _Candidate] = {}
    extra: dict[int, list[str]] = defaultdict(list)
    for c in cands:
        cur = best.get(c.target)
        key = (EVIDENCE_RANK[c.evidence], -c.confidence)
        if cur is None or key < (EVIDENCE_RANK[cur.evidence], -cur.confidence):
            if cur is not None:
                extra[c.target].append(f"{cur.evidence}: {cur.detail}")
            best[c.target] = c
        else:
            extra[c.target].append(f"{c.evidence}: {c.detail}")
    parent = min(best.values(), key=lambda c: (EVIDENCE_RANK[c.evidence], -c.confidence, -c.target))
    post.parent_id, post.reply_evidence, post.reply_confidence = (
        parent.target,
        parent.evidence,
        parent.confidence,
    )
    rows = []
    for target, c in sorted(best.items()):
        detail = "; ".join([f"{c.evidence}: {c.detail}", *dict.fromkeys(extra[target])])
        rows.append(
            Reply(
                post.thread_id, post.post_id, target, posts[target].author, c.evidence, c.confidence, detail
            )
        )
    return rows


def _depths(posts: list[Post]) -> None:
    """Depth from the root along parent links; a link that would close a cycle (only a
    malformed nested source can make one) is cut and re-attached to the root."""
    depth: dict[int, int] = {0: 0}
    for post in posts:
        seen: list[int] = []
        cur: Post | None = post
        while cur is not None and cur.post_id not in depth:
            if cur.post_id in seen:
                cur.parent_id, cur.reply_evidence, cur.reply_confidence = 0, "root", CONFIDENCE["root"]
                break
            seen.append(cur.post_id)
            cur = posts[cur.parent_id] if cur.parent_id is not None else None
        for pid in reversed(seen):
            parent = posts[pid].parent_id
            depth[pid] = depth.get(parent, -1) + 1 if parent is not None else 0
        post.depth = depth[post.post_id]
