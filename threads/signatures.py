"""Trailing signatures: "pl" at the end of every post of one account, a name line, ``-- ``.

A blog host often signs with initials (in seed 004 the account ``turcopolier`` ends
its posts with ``pl``). :func:`learn` finds such marks from the posts themselves: a
short tail after the last sentence that recurs at the end of at least
:data:`MIN_SIGNED_POSTS` posts of one author. :func:`split` then takes a post's
signature out of its own text, and the typepad dialect uses the learned marks to find
where an unsigned-by-footer article ends.

A signature is never a whole post: a post that is nothing but a short line (Reddit's
``[deleted]`` / ``[removed]`` bodies, a comment that only says "Thanks!" or "已发。") is
not learned from, and a mark is not taken out of a post it is all of. Placeholders (author
``None``) are not learned from at all.

>>> learned = learn([("ann", "Fine. -A"), ("ann", "No way. -A"), ("bob", "Hi")])
>>> split("Agreed. -A", "ann", learned)
('Agreed.', '-A')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from threads.model import RawPost

# A mark must end at least this many posts of one author to count as their signature:
# two is the least that separates a habit from a coincidence, and in seed 004 the host
# has exactly two comments besides the article.
MIN_SIGNED_POSTS = 2
MAX_SIGN_WORDS = 3
MAX_SIGN_CHARS = 24

# Tails that end posts out of habit but are tone, not a name: emoticons without letters
# (":)", "^_^") and smiley codes (":mrgreen:", ":lol:": WordPress smilies, phpBB,
# Discourse and Slack ":name:" codes; the Chinese Disqus export of the corpus ends a
# host's replies with them). Taking them out would take tone out of the own text.
NOT_A_MARK: tuple[re.Pattern[str], ...] = (
    re.compile(r"^[\W_]+$"),
    re.compile(r"^(?::[a-z_+-]+:\s*)+$"),
)

# The tail after the last sentence end ("... eats you. pl") on a post's last line.
_SENTENCE_END = re.compile(r"[.!?…\"”')\]]\s+")
# Where the last of those ends: one match that backtracks from the line's end, the same
# end as the last of finditer's matches (a sentence mark is never inside another match's
# spaces) without making a match object per sentence.
_LAST_SENTENCE_END = re.compile(r"(?s:.*)" + _SENTENCE_END.pattern)
_EMAIL_SIG = re.compile(r"^-- ?$")  # RFC 3676 signature delimiter


def _tail(line: str) -> str | None:
    """The candidate mark at the end of ``line``: a short tail after the last sentence
    end, or the whole line when it is itself that short."""
    line = line.strip()
    if not line:
        return None
    candidates = [line]
    last = _LAST_SENTENCE_END.match(line)
    if last:
        candidates.insert(0, line[last.end() :])
    for cand in candidates:
        cand = cand.strip()
        if 0 < len(cand) <= MAX_SIGN_CHARS and len(cand.split()) <= MAX_SIGN_WORDS:
            if any(p.match(cand) for p in NOT_A_MARK):
                return None
            return cand
    return None


def _last_line(body: str) -> str:
    """The last line of ``body`` that holds text, without its trailing spaces ("" if
    none): found from the end rather than by splitting the whole body into lines."""
    end = len(body.rstrip())
    return body[body.rfind("\n", 0, end) + 1 : end]


def learn(posts: list[tuple[str | None, str]]) -> dict[str, set[str]]:
    """Each author's signature marks, learned from ``(author, body)`` pairs."""
    return _marks(_count(posts))


def _count(
    posts: Iterable[tuple[str | None, str]], tails: dict[str, Counter[str]] | None = None
) -> dict[str, Counter[str]]:
    """Each author's candidate tails and how many posts end with each, added to
    ``tails`` when given."""
    tails = defaultdict(Counter, tails or {})
    for author, body in posts:
        if author is None:
            continue
        tail = _tail(_last_line(body))
        # A tail that is the whole body is the post, not a mark at its end: two
        # "[deleted]" bodies (or two "Thanks!") of one account are no signature.
        if tail and tail != body.strip():
            tails[author][tail] += 1
    return tails


def _marks(tails: dict[str, Counter[str]]) -> dict[str, set[str]]:
    """The tails that end enough posts of their author to be a signature."""
    return {
        author: {mark for mark, n in counts.items() if n >= MIN_SIGNED_POSTS}
        for author, counts in tails.items()
        if any(n >= MIN_SIGNED_POSTS for n in counts.values())
    }


@dataclass
class Tally:
    """Tails counted by a dialect (which learns marks to find where an article ends)
    from ``posts``, which are to stand at ``start`` in its thread's posts: the pipeline's
    :func:`learn_thread` then counts only the thread's other posts instead of learning
    from every post a second time. ``bodies`` are the bodies as counted."""

    start: int
    posts: list[RawPost]
    bodies: list[str]
    tails: dict[str, Counter[str]]

    @classmethod
    def of(cls, posts: list[RawPost], start: int) -> Tally:
        """The tally of ``posts``, to stand at ``start`` in their thread."""
        bodies = [p.body for p in posts]
        return cls(start, list(posts), bodies, _count(zip((p.author for p in posts), bodies, strict=True)))

    def marks(self) -> dict[str, set[str]]:
        """The marks these posts alone teach (what :func:`learn` gives on them)."""
        return _marks(self.tails)

    def holds(self, posts: list[RawPost]) -> bool:
        """Whether ``posts[start:]`` begins with the counted posts, each with the body
        it was counted with (a post changed or dropped since then voids the tally)."""
        end = self.start + len(self.posts)
        if end > len(posts):
            return False
        return all(
            p is q and p.body is body
            for p, q, body in zip(posts[self.start : end], self.posts, self.bodies, strict=True)
        )


def learn_thread(posts: list[RawPost], tally: Tally | None = None) -> dict[str, set[str]]:
    """``learn`` over every post of a thread, reusing ``tally`` (the dialect's count of
    some of them) when it still :meth:`~Tally.holds`: the same marks either way."""
    if tally is None or not tally.holds(posts):
        return learn([(p.author, p.body) for p in posts])
    end = tally.start + len(tally.posts)
    rest = posts[: tally.start] + posts[end:]
    # Copies of the dialect's counters: the tally is not changed by this count.
    counts = {author: Counter(c) for author, c in tally.tails.items()}
    return _marks(_count(((p.author, p.body) for p in rest), counts))


def line_sign(line: str, learned: dict[str, set[str]]) -> str | None:
    """The author whose learned mark ends ``line``, or ``None``."""
    tail = _tail(line)
    if not tail:
        return None
    for author, marks in sorted(learned.items()):
        if tail in marks:
            return author
    return None


def split(body: str, author: str | None, learned: dict[str, set[str]]) -> tuple[str, str | None]:
    """``body`` without its signature, and the signature (``None`` if there is none).

    Recognised: an ``-- `` delimiter and everything after it; a line that is the
    author's own name (kept out wherever it stands in the post's last lines, e.g. before a
    "p.s."); a learned mark ending the last line.
    """
    lines = body.split("\n")
    # Each check first asks the whole body whether it can succeed: a "--" line needs a
    # "--" in the body, a name line the name in the case-folded body (``casefold`` maps
    # each character alone, so a line's folding is part of the body's).
    for i, line in enumerate(lines if "--" in body else ()):
        if _EMAIL_SIG.match(line) and _has_text(lines[:i]):
            sig = "\n".join(lines[i + 1 :]).strip()
            return "\n".join(lines[:i]).rstrip(), sig or None
    if author and (name := author.strip().casefold()) in body.casefold():
        for i in range(len(lines) - 1, 0, -1):
            if lines[i].strip().strip(",.-–— ").casefold() == name:
                rest = lines[:i] + lines[i + 1 :]
                if _has_text(rest):
                    return "\n".join(rest).strip(), lines[i].strip()
    marks = learned.get(author or "", set())
    if marks:
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].strip():
                tail = _tail(lines[i])
                if tail in marks:
                    head = lines[i].rstrip()[: -len(tail)].rstrip()
                    kept = lines[:i] + ([head] if head else [])
                    if _has_text(kept):
                        return "\n".join(kept).rstrip(), tail
                break
    return body, None


def _has_text(lines: list[str]) -> bool:
    """Whether any of ``lines`` holds text: what is left once a signature is out must
    be a post (a signature is never the whole post)."""
    return any(line.strip() for line in lines)
