"""Stack Exchange data dump XML (archive.org ``stackexchange``, or a site's own dump from
its settings): ``Posts.xml``, ``Comments.xml`` and ``Users.xml`` of one site.

::

    <posts>
      <row Id="42" PostTypeId="1" CreationDate="2010-08-04T12:34:56.789" Score="3"
           Body="&lt;p&gt;Why?&lt;/p&gt;" OwnerUserId="7" Title="Why?" AnswerCount="1" />
      <row Id="43" PostTypeId="2" ParentId="42" CreationDate="..." Body="..."
           OwnerDisplayName="user9" />
    </posts>
    <comments>
      <row Id="5" PostId="43" Text="@Ann really?" CreationDate="..." UserId="7" />
    </comments>
    <users><row Id="7" DisplayName="Ann" Reputation="101" ... /></users>

(schema: meta.stackexchange.com/q/2677, "Database schema documentation for the public
data dump and SEDE"). A text may hold one of these files, or several of them one after
the other (each opening with its ``<?xml ...?>`` declaration, as the dump writes them):
they are read together, so that names and comments join their posts.

One thread per question, as ``stackexchange-json`` reads the same question from the API
(same source ids, authors, texts and parents): post 0 is the question (its title, body,
asker), then its answers and the comments in **time order**, a parent before its
replies. An answer's parent is the question (``ParentId``); a comment's parent is the
post it is on (``PostId``): both ``nested``. Comments have their own id space
(``comment-ID``). Rows that are no question or answer (``PostTypeId`` 3-8: tag wikis and
their excerpts, moderator nominations, wiki placeholders, privilege wikis) are no
thread: counted in ``skipped["not a question or answer"]``. Deleted posts are not in the
dump at all. Answers whose question is not in the text, and comments on posts not in it
(``Comments.xml`` read alone), are kept under a **placeholder** root standing for the
missing post, said in a warning.

Names: ``Users.xml``'s ``DisplayName`` for ``OwnerUserId`` / ``UserId``; else the row's
own ``OwnerDisplayName`` / ``UserDisplayName`` (what the dump keeps for deleted
accounts: ``user39``); else ``user`` + the id, the name Stack Exchange itself gives an
account until its owner picks one, so it is stable across files and dumps and names no
one else (ids are unique); those are counted in a warning. A row with neither has no
author. Bodies are HTML: ``<blockquote>`` blocks become quotes; comment texts are plain
(their light markdown is kept as written). ``CreationDate`` is UTC without a zone: read
as aware UTC.

A folder or zip of the dump's files reaches this dialect as one text when
``threads/zipped.py`` knows the dump's layout (a *bundle*: ``{"threads-bundle":
"stackexchange-dump", "files": {...}}``): its Posts.xml, Comments.xml and Users.xml are
read together; its other files (votes, badges, edit history, links, tags) hold no post
and are named in a note, not read. Files given separately (``threads parse Posts.xml
Comments.xml``) merge as pages of one thread (:attr:`RawThread.origin` names the
question as ``stackexchange-json`` does), but a comment file alone cannot tell which
question an answer belongs to: comments on answers then stay under a placeholder for the
answer.

The dump's files are big (GBs for Stack Overflow): rows are read one at a time
(``iterparse``, each row cleared once read), never as a whole tree; only the fields a
post needs are kept. XML is read with entity expansion, DTD loading and network access
off; a document that declares entities is refused (``_dump.parse_xml``'s rule).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from threads.formats._dump import (
    _ENTITY,
    _PROLOG_END,
    SNIFF_CHARS,
    html_post_text,
    iso_utc,
    json_outline,
    load_json,
    parents_first,
    time_order,
)
from threads.formats.stackexchange_json import ORIGIN
from threads.model import RawPost, RawThread, ThreadsError
from threads.zipped import BUNDLE_KEY as BUNDLE_KEY  # re-exported: a bundle opens with it
from threads.zipped import is_bundle

NAME = "stackexchange-xml"
PRIORITY = 30
DESCRIPTION = (
    "Stack Exchange data dump XML (Posts.xml, with Comments.xml and Users.xml): <row> elements "
    "with PostTypeId, ParentId, PostId."
)

# sniff(): a dump file opens with its table's root element and rows carrying that table's
# own attributes (schema post above; checked on the history.meta 2018 and Stack Overflow
# 2021 dumps). Posts and comments are sure signs; users alone hold no post, but are still
# the dump's (parse() then says what is missing).
_TABLES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("posts", re.compile(r"<row\b[^>]*\bPostTypeId=\"\d+\""), 0.95),
    ("comments", re.compile(r"<row\b[^>]*\bPostId=\"-?\d+\"[^>]*\bText=\""), 0.95),
    ("users", re.compile(r"<row\b[^>]*\bDisplayName=\""), 0.9),
)
_ROOT = re.compile(r"<(posts|comments|users)>")
# Where one file of a concatenation ends and the next begins: its XML declaration.
_NEXT_DOC = re.compile(r"(?m)^(?=<\?xml\b)")
# A folder or zip of the dump's files, read as one text by threads/zipped.py (a bundle of
# this layout): the files read, by name; the dump's other files hold no post.
LAYOUT = "stackexchange-dump"
BUNDLE_FILES = ("posts.xml", "comments.xml", "users.xml")
QUESTION, ANSWER = "1", "2"
NOT_QA = "not a question or answer"
REPEATED = "repeated"


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Stack Exchange data dump file.

    >>> sniff('<?xml version="1.0" encoding="utf-8"?>\\n<posts>\\n  <row Id="1" PostTypeId="1" />')
    0.95
    """
    if text.lstrip().startswith("{"):
        outline = json_outline(text)
        return _TABLES[0][2] if is_bundle(outline, LAYOUT) else 0.0
    head = text[:SNIFF_CHARS]
    best = 0.0
    for found in _ROOT.finditer(head):
        table = found.group(1)
        rows = next(rows for name, rows, _ in _TABLES if name == table)
        if rows.search(head, found.end()):
            best = max(best, next(score for name, _, score in _TABLES if name == table))
    return best


@dataclass
class _Dump:
    """What the rows of one text hold: posts and comments (only the fields a post needs),
    names by user id, and what was left out."""

    posts: list[dict[str, str]] = field(default_factory=list)
    comments: list[dict[str, str]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    not_qa: int = 0
    tables: list[str] = field(default_factory=list)


# The attributes kept of each table's rows (the rest, scores, counts, licences, is
# dropped as the row is read).
_KEEP = {
    "posts": (
        "Id",
        "PostTypeId",
        "ParentId",
        "CreationDate",
        "Body",
        "Title",
        "OwnerUserId",
        "OwnerDisplayName",
    ),
    "comments": ("Id", "PostId", "Text", "CreationDate", "UserId", "UserDisplayName"),
}


def _rows(doc: str) -> Iterator[tuple[str, etree._Element]]:
    """(root element name, row) of one XML document, a row at a time, each cleared
    (with what came before it) once the caller is done with it."""
    start = _PROLOG_END.search(doc)
    if _ENTITY.search(doc[: start.start()] if start else doc):
        raise ThreadsError(
            "XML declares entities (<!ENTITY ...>): refused, as entity expansion can "
            "exhaust memory (billion laughs) or read local files (XXE)"
        )
    events = etree.iterparse(
        io.BytesIO(doc.encode("utf-8")),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,  # a long answer's Body is one attribute
    )
    table = ""
    try:
        for event, el in events:
            if event == "start":
                if not table and isinstance(el.tag, str):
                    # the root's name as written ("posts"); a prefix with no namespace
                    # declared ("wp:comment") is no dump's, and QName() refuses it
                    table = el.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
                continue
            if el.tag == "row":
                yield table, el
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as err:
        raise ThreadsError(f"not well-formed XML: {' '.join(str(err).split())}") from None


def _read(docs: Iterable[str]) -> _Dump:
    """The rows of the dump's XML documents ``docs`` (one per file)."""
    dump = _Dump()
    for doc in docs:
        if not doc.strip():
            continue
        seen = ""
        for table, row in _rows(doc):
            seen = table
            if table == "users":
                if (uid := row.get("Id")) is not None and (name := (row.get("DisplayName") or "").strip()):
                    dump.names[uid] = name
            elif table == "posts":
                if row.get("PostTypeId") in (QUESTION, ANSWER):
                    dump.posts.append({k: v for k in _KEEP["posts"] if (v := row.get(k)) is not None})
                else:
                    dump.not_qa += 1
            elif table == "comments":
                dump.comments.append({k: v for k in _KEEP["comments"] if (v := row.get(k)) is not None})
        if seen:
            dump.tables.append(seen)
    return dump


class _Names:
    """Author names: Users.xml's, else the row's own, else ``user`` + id (counted)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.by_id: set[str] = set()  # the source ids of the posts named by user id

    def __call__(self, uid: str | None, shown: str | None, post: str) -> str | None:
        if uid is not None and uid in self.names:
            return self.names[uid]
        if shown and shown.strip():
            return shown.strip()
        if uid is None:
            return None
        self.by_id.add(post)
        return f"user{uid}"


def _question(row: dict[str, str], name: _Names) -> RawPost:
    body, quotes = html_post_text(row.get("Body", ""))
    return RawPost(
        author=name(row.get("OwnerUserId"), row.get("OwnerDisplayName"), row["Id"]),
        body=body,
        timestamp=iso_utc(row.get("CreationDate")),
        title=(row.get("Title") or "").strip() or None if row.get("PostTypeId") == QUESTION else None,
        source_id=row["Id"],
        parent_source_id=row.get("ParentId") if row.get("PostTypeId") == ANSWER else None,
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )


def _comment(row: dict[str, str], name: _Names) -> RawPost:
    return RawPost(
        author=name(row.get("UserId"), row.get("UserDisplayName"), f"comment-{row['Id']}"),
        body=(row.get("Text") or "").strip(),
        timestamp=iso_utc(row.get("CreationDate")),
        source_id=f"comment-{row['Id']}",
        parent_source_id=row.get("PostId"),
    )


class _Thread:
    """One question's thread being gathered."""

    def __init__(self, qid: str) -> None:
        self.qid = qid
        self.question: RawPost | None = None
        self.posts: list[RawPost] = []
        self.seen: set[str | None] = set()
        self.repeated = 0

    def add(self, post: RawPost) -> None:
        if post.source_id in self.seen:  # the same row twice (a file given twice in one text)
            self.repeated += 1
            return
        self.seen.add(post.source_id)
        if post.source_id == self.qid:
            self.question = post
        else:
            self.posts.append(post)

    def thread(self, by_id: set[str]) -> RawThread:
        root = self.question or RawPost(author=None, body="", source_id=self.qid, placeholder=True)
        posts, _ = parents_first([root, *self.posts], key=time_order)
        known = {p.source_id for p in posts}
        warnings = []
        if dangling := sum(1 for p in posts[1:] if p.parent_source_id not in known):
            warnings.append(f"{dangling} comment(s) on posts not in the file")
        if named := sum(1 for p in posts if p.source_id in by_id):
            warnings.append(
                f"{named} post(s) named by user id ('user' + id, as the site names an account "
                "without a chosen name): no Users.xml row gives their names"
            )
        return RawThread(
            posts=posts,
            title=root.title,
            key=self.qid,
            skipped={REPEATED: self.repeated} if self.repeated else {},
            warnings=warnings,
            origin=ORIGIN.format(self.qid),
            # the question's part first when parts of one thread are given in several files
            starts_at=0 if self.question else None,
            alone_note=self._alone(),
        )

    def _alone(self) -> str | None:
        """What a thread without its question says while read alone: its answers' question
        was deleted or left out of an excerpt; comments alone need the dump's Posts.xml."""
        if self.question:
            return None
        if any(not (p.source_id or "").startswith("comment-") for p in self.posts):
            return (
                f"question {self.qid} is not in the file (deleted, or not in this excerpt): a "
                "placeholder root stands for it"
            )
        return (
            f"post {self.qid} is not in the file: a placeholder root stands for it (give the "
            "dump's Posts.xml with this file to read them as one thread)"
        )


def parse(text: str) -> list[RawThread]:
    """One thread per question; see the module doc."""
    left_out: list[str] = []
    if text.lstrip().startswith("{"):
        docs, left_out = _unbundled(text)
    else:
        docs = _NEXT_DOC.split(text)
    dump = _read(docs)
    if not dump.posts and not dump.comments:
        if dump.names or "users" in dump.tables:
            raise ThreadsError(
                "a Stack Exchange data dump's Users.xml: names only, no posts "
                "(give it with the dump's Posts.xml and Comments.xml)"
            )
        raise ThreadsError(
            "no Stack Exchange question, answer or comment rows "
            "(a data dump's Posts.xml or Comments.xml: <row PostTypeId=...> or <row PostId=...>)"
        )
    name = _Names(dump.names)
    # Which thread each post belongs to: a question's own id, an answer's ParentId; a
    # comment's post, or that post's question when the post is an answer in the text.
    thread_of = {
        p["Id"]: p["Id"] if p["PostTypeId"] == QUESTION else p.get("ParentId", p["Id"]) for p in dump.posts
    }
    threads: dict[str, _Thread] = {}
    for row in dump.posts:
        qid = thread_of[row["Id"]]
        threads.setdefault(qid, _Thread(qid)).add(_question(row, name))
    for row in dump.comments:
        pid = row.get("PostId", "")
        qid = thread_of.get(pid, pid)
        threads.setdefault(qid, _Thread(qid)).add(_comment(row, name))
    out = [entry.thread(name.by_id) for entry in threads.values()]
    first = out[0]
    if left_out:
        first.warnings.append(
            f"{len(left_out)} file(s) of the dump hold no post: not read ({', '.join(left_out)})"
        )
    if dump.not_qa:
        first.skipped[NOT_QA] = dump.not_qa
        first.warnings.append(
            f"{dump.not_qa} row(s) that are no question or answer (tag wikis, ...): left out"
        )
    return out


def _unbundled(text: str) -> tuple[list[str], list[str]]:
    """The texts of the dump files of a bundle (threads/zipped.py: a folder or zip of the
    dump), Posts.xml first, and the names of its files that are not read."""
    doc = load_json(text, "a Stack Exchange data dump bundle")
    if not (is_bundle(doc, LAYOUT) and isinstance(doc.get("files"), dict)):
        raise ThreadsError("JSON, not a Stack Exchange data dump's XML (Posts.xml, Comments.xml)")
    files: dict[str, str] = doc["files"]
    read = [p for p in files if p.rsplit("/", 1)[-1].lower() in BUNDLE_FILES]
    # Posts first: a text opens with the file that names the threads
    read.sort(key=lambda p: BUNDLE_FILES.index(p.rsplit("/", 1)[-1].lower()))
    return [str(files[p]) for p in read], [p for p in files if p not in read]
