"""Pseudonyms for authors, so that tables, dashboards and exports can be shared without
the names people wrote under (``--pseudonymise KEYFILE``, ``Options.pseudonym_key``).

**A name becomes** ``user-`` and 16 hex digits of HMAC-SHA256 of the name under a secret
key: the same name gets the same pseudonym in every thread, file and run that uses the
same key (so tables of several runs still join), a different key gives unrelated ones,
and without the key a pseudonym cannot be turned back into the name by trying names.
64 bits: two of a million authors share a pseudonym with odds of about 3 in 100
million. The key is the user's: :func:`load_key` makes one (32 random bytes, written as
hex to a file only its owner reads) when the file does not exist yet.

**What is replaced:** every author column (``posts.author``, the ``replies`` and
``interactions`` source and target, ``authors.author``, and so the dashboards, the
ConvoKit speakers and the network files), and in the texts (own words, quoted words,
signatures, titles, a reply's ``detail``) each of the thread's author names written
whole (not inside a longer word), ``@name``, an account's ``@handle`` (``@otto`` for
``otto@fen.example``) and a phone number's ``@digits``. A name that is one word of
letters ("Mark", "admin") is replaced in texts as written (in another case it is the
word "mark"), and in any case where it opens a line as an address ("fredW," or "fredW"
alone, for Fredw); other names ("fredW", "Ghost ship") and ``@`` handles in any case, as
threads finds them when it links replies ("fredW," answers FredW). Names of three
characters or fewer are replaced in the author columns only (in texts "Al" or "Ed"
would hit other words). An author's name used as an ordinary word ("admin",
"Anonymous") is replaced wherever it stands whole, as written.

**What is not:** first names alone ("Jana," for Jana Hoffmann), people who wrote no post
of the thread, and anything else in the texts that identifies someone (a real name in a
signature, a place, an id in ``source_id``), nor file names (``source_file``, and
``thread_id``, made from the file name: "WhatsApp Chat with Ana Lopez.txt").
Pseudonymised data is personal data still: review the texts before sharing them.

Sentiment, reply links and every count are computed before the names are replaced:
the tables are the same as without a key but for the names.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from threads.model import Post, Reply, Thread, ThreadsError
from threads.replies import account_local, phone_digits

PREFIX = "user-"
HEX_DIGITS = 16  # 64 bits (see the module doc)
KEY_BYTES = 32  # a new key's random bytes
# Names this short are replaced in the author columns only, not inside texts.
MIN_TEXT_NAME_CHARS = 4


def not_renamed(folder: str) -> str:
    """Why pseudonyms are not made for an output folder read back as written."""
    return (
        f"{folder}: an output folder of threads parse is read back as written: pseudonyms are made "
        "as dumps are read (parse the dumps with --pseudonymise)"
    )


def pseudonym(name: str, key: bytes) -> str:
    """The pseudonym of ``name`` under ``key``.

    >>> pseudonym("Odo Marrow", b"k")
    'user-044e86aa5ef88e2f'
    """
    digest = hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:HEX_DIGITS]


def load_key(path: str | os.PathLike[str]) -> tuple[bytes, bool]:
    """The key in the file at ``path`` (its text, stripped) and whether it was made now:
    a file that does not exist is created with a new random key, readable by its owner
    only. An empty file is refused."""
    file = Path(path)
    if not file.exists():
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as err:
            raise ThreadsError(f"{file}: cannot make a key file here ({err.strerror})") from None
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
        made = True
    else:
        made = False
    try:
        key = file.read_bytes().strip()
    except OSError as err:
        raise ThreadsError(f"{file}: cannot read the key file ({err.strerror})") from None
    if not key:
        raise ThreadsError(f"{file}: the key file is empty (delete it and a new key is made)")
    return key, made


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (longest first), their shared prefixes factored
    out, so that a scan tries a few branches per character, not every name."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer ones are tried first (greedy ?)
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    return emit(root)


# A name that is one word of letters ("Mark", "admin") is also an ordinary word: it is
# replaced in texts only as written. Any other name ("fredW", "Ghost ship", "tom_99") is
# replaced in any case, as replies.py finds it ("fredW," for the author FredW).
_PLAIN_WORD = re.compile(r"^[^\W\d_]+$")


class Renamer:
    """The pseudonyms of one thread's authors, and their names replaced in its texts."""

    def __init__(self, names: Iterable[str], key: bytes) -> None:
        self.key = key
        self.pseudonyms: dict[str, str] = {}
        for name in names:
            self.pseudonyms.setdefault(name, pseudonym(name, key))
        whole = sorted(n for n in self.pseudonyms if len(n.strip()) >= MIN_TEXT_NAME_CHARS)
        exact = [n for n in whole if _PLAIN_WORD.match(n)]
        # lower(), not casefold(): the regex's IGNORECASE folds case one character at a time
        self.folded: dict[str, str] = {}
        self.addressed: dict[str, str] = {}  # plain names, in any case where they address
        for name in whole:
            (self.addressed if _PLAIN_WORD.match(name) else self.folded).setdefault(name.lower(), name)
        # "@name" in any case, "@otto" for an account, "@16465550143" for a phone number:
        # each handle only where one author has it.
        handles: dict[str, set[str]] = {}
        for name in whole:
            handles.setdefault(name.lower(), set()).add(name)
            # as replies.py reads them: "@otto" for otto@fen.example, "@16465550143"
            if local := account_local(name):
                handles.setdefault(local.lower(), set()).add(name)
            elif digits := phone_digits(name):
                handles.setdefault(digits, set()).add(name)
        self.handles = {h: min(ns) for h, ns in handles.items() if len(ns) == 1 or h in ns}
        parts = []
        if exact:
            parts.append(r"(?<![\w@])(?P<name>" + _trie(exact) + r")(?!\w)")
        if self.folded:
            parts.append(r"(?<![\w@])(?P<fold>(?i:" + _trie(self.folded) + r"))(?!\w)")
        # "fredW," or "fredW" alone opening a line (or a reply's detail: "explicit: fredW"),
        # for the author Fredw
        if self.addressed:
            parts.append(
                r"(?:(?m:^)[^\S\n]*|(?<=explicit: )|(?<=mention: ))(?P<addr>(?i:"
                + _trie(self.addressed)
                + r"))(?=[,:;!]|[^\S\n]*(?:\n|\Z))"
            )
        if self.handles:
            parts.append(r"@(?P<handle>(?i:" + _trie(self.handles) + r"))(?![\w.-]*\w)")
        self.pattern = re.compile("|".join(parts)) if parts else None

    def name(self, author: str | None) -> str | None:
        """The pseudonym of ``author`` (``None`` stays ``None``: nobody's)."""
        if author is None:
            return None
        return self.pseudonyms.get(author) or self.pseudonyms.setdefault(author, pseudonym(author, self.key))

    def _one(self, m: re.Match[str]) -> str:
        found = m.groupdict()  # only the branches this thread's names needed are in the pattern
        if (said := found.get("name")) is not None:
            return self.pseudonyms[said]
        if (said := found.get("fold")) is not None:  # as written when so written, else by case
            return self.pseudonyms.get(said) or self.pseudonyms[self.folded[said.lower()]]
        if (said := found.get("addr")) is not None:  # the line's indent kept
            who = said if said in self.pseudonyms else self.addressed[said.lower()]
            return m[0][: m.start("addr") - m.start()] + self.pseudonyms[who]
        return "@" + self.pseudonyms[self.handles[m["handle"].lower()]]

    def text(self, text: str | None) -> str | None:
        """``text`` with the authors' names and handles replaced."""
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(self._one, text)


def pseudonymise_thread(
    posts: list[Post], replies: list[Reply], key: bytes, thread: Thread | None = None
) -> None:
    """Replace, in place, the authors of ``posts`` and ``replies`` by their pseudonyms
    under ``key``, and their names in the texts (see the module doc); ``thread``'s title
    and warnings too."""
    renamer = Renamer((p.author for p in posts if p.author), key)
    for post in posts:
        post.author = renamer.name(post.author)
        post.text = renamer.text(post.text) or ""
        post.quoted = [renamer.text(q) or "" for q in post.quoted]
        post.signature = renamer.text(post.signature)
        post.title = renamer.text(post.title)
    for reply in replies:
        reply.target_author = renamer.name(reply.target_author)
        reply.detail = renamer.text(reply.detail) or ""
    if thread is not None:
        thread.title = renamer.text(thread.title)
        thread.warnings = [renamer.text(w) or "" for w in thread.warnings]
