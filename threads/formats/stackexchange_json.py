"""Stack Exchange API 2.x answers (Stack Overflow, Super User, ...): questions, answers
and comments as ``api.stackexchange.com`` returns them.

::

    {"items": [{"question_id": 42, "title": "Why?", "body": "<p>...</p>",
                "owner": {"display_name": "Ann", "user_type": "registered"},
                "creation_date": 1486897006, "link": "https://stackoverflow.com/q/42",
                "answers": [{"answer_id": 43, "question_id": 42, ...,
                             "comments": [{"comment_id": 7, "post_id": 43, ...}]}],
                "comments": [...]}],
     "has_more": false, "quota_max": 300, "quota_remaining": 299}

``/questions/{ids}?filter=withbody`` gives questions (a custom filter nests their
``answers[]`` and ``comments[]``, and the answers' ``comments[]``);
``/questions/{id}/answers`` gives answers (``question_id`` says which question);
``/questions/{id}/comments``, ``/answers/{ids}/comments`` and ``/posts/{ids}/comments``
give comments (``post_id`` says which post they are on). The ``items`` list may be
saved alone (StackAPI's ``fetch(...)["items"]``), one item alone, or several answers'
items in one list: they read the same.

One thread per question, in order of first appearance, following the conventions of
``stackexchange-html`` (the page): post 0 is the question (its title, body, asker), then
its answers and the comments in **time order**, a parent before its replies. An answer's
parent is the question; a comment's parent is the post it is on (``post_id``): both
``nested``. Questions and answers share one id space (they are posts), comments have
their own (``comment-ID``). Answers or comments whose question is not in the file get
a **placeholder** root standing for it, said in a warning: for comments, the post they
are on (a comment does not name its question); a comment on an answer of another
thread in the file joins that thread. Such a file names the thread as a file holding
only the question does (``origin``), so a question, its answers and its comments saved
in three files and given together read as one thread (the question's file is page 1,
the others follow in input order). The same post twice (overlapping pages of one query)
is kept once and counted in ``skipped["repeated"]``.

Bodies are HTML (``filter=withbody``): ``<blockquote>`` blocks become quotes; without a
body (the default filter) ``body_markdown`` stands in, else the post has no words
(counted in a warning). Names and titles come HTML-escaped (``&#39;``) and are
unescaped. A deleted account (``"user_type": "does_not_exist"``) keeps the name the site
shows for it (``user59``); a post without owner has no author. The API never returns
deleted posts. Items of no kind above (a user, a tag) are left out and counted in
``skipped["other"]``. Times are ``creation_date``, Unix seconds, aware UTC.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    epoch,
    html_post_text,
    json_outline,
    load_json,
    need,
    parents_first,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "stackexchange-json"
PRIORITY = 30
DESCRIPTION = (
    "Stack Exchange API JSON (/questions?filter=withbody, /answers, /comments): items with "
    "question_id, answer_id, post_id."
)

# sniff(): the keys each kind of item always has in the API's default filter
# (api.stackexchange.com/docs/types/question, /answer, /comment; checked on answers saved
# by a research project with StackAPI). One kind's keys on one of the first items is a
# sure sign; the answer wrapper's own keys alone (an empty items list) a weaker one.
KINDS: dict[str, tuple[str, ...]] = {
    "comment": ("comment_id", "post_id", "creation_date"),
    "answer": ("answer_id", "question_id", "creation_date"),
    "question": ("question_id", "creation_date", "title"),
}
WRAPPER_KEYS = ("quota_max", "quota_remaining")
SURE, WRAPPER_ONLY = 0.95, 0.5
# A thread's origin: the question, wherever its parts were saved (see the module doc).
ORIGIN = "stackexchange:/questions/{}"
# Counts on a question that say its answers or comments exist somewhere.
COUNTS = ("answer_count", "comment_count")


def _kind(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    return next((k for k, keys in KINDS.items() if all(key in item for key in keys)), None)


def _items_of(outline: Any) -> list[Any]:
    if isinstance(outline, dict):
        return outline["items"] if isinstance(outline.get("items"), list) else [outline]
    return outline if isinstance(outline, list) else []


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Stack Exchange API answer (or its ``items``).

    >>> sniff('{"items": [{"comment_id": 7, "post_id": 42, "creation_date": 1486897006, '
    ...       '"owner": {"display_name": "Ann"}, "body": "Nice"}], "quota_max": 300}')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        return 0.0
    if any(_kind(item) for item in _items_of(outline)):
        return SURE
    if isinstance(outline, dict) and isinstance(outline.get("items"), list):
        return WRAPPER_ONLY if all(k in outline for k in WRAPPER_KEYS) else 0.0
    return 0.0


def _flatten(items: list[Any]) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """Every item with its kind, the answers and comments nested in a question or an
    answer (a custom filter's ``answers[]`` / ``comments[]``) after it."""
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        kind = _kind(item)
        yield kind, item
        if kind in ("question", "answer"):
            nested = [x for key in ("answers", "comments") for x in (item.get(key) or [])]
            stack.extend(reversed([x for x in nested if isinstance(x, dict)]))


def _name(owner: object) -> str | None:
    name = owner.get("display_name") if isinstance(owner, dict) else None
    return (html.unescape(name).strip() or None) if isinstance(name, str) else None


def _body(item: dict[str, Any]) -> tuple[str, list[tuple[str | None, str]]]:
    if isinstance(item.get("body"), str):
        return html_post_text(item["body"])
    markdown = item.get("body_markdown")
    return (html.unescape(markdown).strip(), []) if isinstance(markdown, str) else ("", [])


def _post(kind: str, item: dict[str, Any], parent: str | None) -> RawPost:
    body, quotes = _body(item)
    title = item.get("title") if kind == "question" else None
    if kind == "question" and not body:
        body = str(item.get("link") or "")  # a question fetched without its body
    return RawPost(
        author=_name(item.get("owner")),
        body=body,
        timestamp=epoch(item.get("creation_date")),
        title=html.unescape(title).strip() or None if isinstance(title, str) else None,
        source_id=_source_id(kind, item),
        parent_source_id=parent,
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _source_id(kind: str, item: dict[str, Any]) -> str:
    if kind == "comment":
        return f"comment-{item['comment_id']}"
    return str(item["answer_id"] if kind == "answer" else item["question_id"])


class _Question:
    """One thread being gathered: its question (if in the file) and other posts."""

    def __init__(self, qid: str) -> None:
        self.qid = qid
        self.question: RawPost | None = None
        self.posts: list[RawPost] = []
        self.more = False  # the question says it has answers or comments
        self.repeated = 0
        self.seen: set[str | None] = set()

    def add(self, post: RawPost) -> None:
        if post.source_id in self.seen:
            self.repeated += 1
            return
        self.seen.add(post.source_id)
        if post.parent_source_id is None:
            self.question = post
        else:
            self.posts.append(post)

    def thread(self) -> RawThread:
        root = self.question or RawPost(author=None, body="", source_id=self.qid, placeholder=True)
        posts, _ = parents_first([root, *self.posts], key=time_order)
        warnings: list[str] = []
        # said while the part is read alone, not once merged with the question's file
        alone = (
            f"post {self.qid} is not in the file: a placeholder root stands for it "
            "(give the question's file with this one to read them as one thread)"
            if self.question is None
            else None
        )
        known = {p.source_id for p in posts}
        if dangling := sum(1 for p in posts[1:] if p.parent_source_id not in known):
            warnings.append(f"{dangling} comment(s) on posts not in the file")
        if silent := sum(1 for p in posts if not p.placeholder and not p.body.strip()):
            warnings.append(f"{silent} post(s) without a body (fetched without filter=withbody)")
        return RawThread(
            posts=posts,
            title=root.title,
            key=self.qid,
            skipped={"repeated": self.repeated} if self.repeated else {},
            warnings=warnings,
            origin=None if self.question and self.posts else ORIGIN.format(self.qid),
            page=self._page(),
            alone_note=alone,
        )

    def _page(self) -> tuple[int, int | None] | None:
        """Page 1 for a question's file alone (of an unknown number when the question
        says it has answers or comments), else no page: see the module doc."""
        if self.question is None or self.posts:
            return None
        return (1, None) if self.more else (1, 1)


def parse(text: str) -> list[RawThread]:
    """One thread per question; see the module doc."""
    data = load_json(text, "a Stack Exchange API answer")
    if isinstance(data, dict) and "items" in data:
        data = need(data["items"], list, "items")
    items = [data] if isinstance(data, dict) else need(data, list, "the top level (a Stack Exchange answer)")
    flat = list(_flatten(items))
    known = [(kind, item) for kind, item in flat if kind]
    if not known:
        raise ThreadsError(
            "a Stack Exchange API answer without questions, answers or comments "
            "(items with question_id, answer_id or comment_id)"
            if not items
            else "unexpected JSON shape: no Stack Exchange question, answer or comment in items"
        )
    # Which thread every post belongs to: a question's own id, an answer's question_id,
    # a comment's post (or that post's question, when the post is an answer in the file).
    thread_of = {str(i["question_id"]): str(i["question_id"]) for k, i in known if k == "question"}
    thread_of.update({str(i["answer_id"]): str(i["question_id"]) for k, i in known if k == "answer"})
    threads: dict[str, _Question] = {}
    for kind, item in known:
        if kind == "comment":
            post = str(item["post_id"])
            qid, parent = thread_of.get(post, post), post
        else:
            qid = str(item["question_id"])
            parent = None if kind == "question" else qid
        entry = threads.setdefault(qid, _Question(qid))
        if kind == "question":
            entry.more = entry.more or any(_positive(item.get(k)) for k in COUNTS)
        entry.add(_post(kind, item, parent))
    out = [entry.thread() for entry in threads.values()]
    if other := len(flat) - len(known):
        out[0].skipped["other"] = other
        out[0].warnings.append(f"{other} item(s) that are no question, answer or comment: left out")
    return out
