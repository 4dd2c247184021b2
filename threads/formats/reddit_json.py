"""Reddit JSON: a comments page, and the other API answers that complete a thread.

The comments page (``https://www.reddit.com/r/SUB/comments/ID.json``) is a list of two
Listings, the submission and its comment tree::

    [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {SUBMISSION}}]}},
     {"kind": "Listing", "data": {"children": [
         {"kind": "t1", "data": {"id": "c1", "parent_id": "t3_abc", "author": "ann",
                                 "body": "...", "created_utc": 1700000000.0,
                                 "replies": {"kind": "Listing", ...} or ""}},
         {"kind": "more", "data": {"count": 12, "children": ["c9", ...]}}]}}]

What a page leaves out (the ``more`` stubs) is fetched with other calls, whose answers
are read too: ``/api/morechildren`` (``{"json": {"data": {"things": [...]}}}``, flat
comments with ``parent_id``), "continue this thread" pages (``/comments/ID/_/COMMENT``,
a page again) and Listings of comments (``/api/info``, a user's or a subreddit's
comments). A file may hold one answer, several written one after the other, or an HTTP
recording of the calls: a vcrpy or betamax cassette (PRAW's test recordings; answers
from reddit.com only, see ``_dump.cassette_answers``).

Every comment of every answer is merged by its fullname (``t1_...``; a copy recorded
twice is read once and counted in ``skipped["repeated"]``), and grouped by submission
(``link_id``): one thread per submission, post 0 the submission (title, ``selftext``),
or a **placeholder** (titled by the comments' ``link_title``) when no answer holds it
(said). Comments follow depth first, each parent's replies in the order the answers gave
them (a page's, then those the later calls added: where Reddit shows them); comments
whose parent is in no answer come last, their ``parent_id`` kept. ``parent_id`` gives
every comment a ``nested`` parent. Stubs whose comments no answer holds are counted in
``skipped["more"]``, with the number of comments they hide in a warning; a stub whose
comments are all in the file is no loss.
Submissions listed without their comments (a subreddit's listing recorded beside the
thread) are no thread: counted in ``skipped["submission_only"]``.

Deleted and removed comments: an author ``[deleted]``/``[removed]`` is no author
(``None``: never one pseudo-person who wrote them all). A comment whose words are gone
(body ``[deleted]``/``[removed]``) is a **placeholder** (``placeholder=True``, author
``None``, the marker kept as its body so a reader sees what stood there): it keeps its
place so its replies keep their parent. A placeholder with no reply in the file (its
replies, if any, hidden behind a ``more`` stub) carries nothing: it is left out and
counted in ``skipped["deleted"]``. A comment whose author is gone but whose words
remain is an ordinary post with no author. Bodies are Reddit markdown. The API escapes
``&``, ``<`` and ``>`` (``&amp;``, ``&lt;``, ``&gt;``) in every string unless asked for
``raw_json=1``: an answer whose ``body_html`` / ``selftext_html`` is escaped HTML has its
bodies and titles unescaped (so ``>`` quote lines reach ``quotes.py``), a raw one is kept
as written (unescaping it would turn a link's ``&param=`` into ``¶m=``). Times are
``created_utc``, aware UTC.
"""

from __future__ import annotations

import html
import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    cassette_answers,
    cassette_uris,
    drop_bare_placeholders,
    epoch,
    json_documents,
    json_outline,
    need,
    scan_head,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "reddit-json"
PRIORITY = 30
DESCRIPTION = (
    "Reddit API JSON: comments pages, morechildren and info answers, PRAW's recorded cassettes; "
    "merged by comment id."
)

# What Reddit writes in place of a deleted account or of words a user or moderator
# took away (the API's own markers, in author and body alike).
GONE = ("[deleted]", "[removed]")
# Reddit's own removals write a sentence in brackets instead: "[ Removed by Reddit ]",
# "[ Removed by Reddit on account of violating the content policy. ]", "[ Removed by
# moderator ]" (Reddit's safety team, since 2020; the new pages' moderator removals).
_REMOVED_BY = re.compile(r"\[\s*removed by (?:reddit|moderator)\b[^\]\n]{0,120}\]", re.IGNORECASE)


def gone_words(body: str) -> bool:
    """Whether ``body`` is what Reddit writes where a comment's words were taken away.

    >>> gone_words("[removed]"), gone_words("[ Removed by Reddit ]"), gone_words("[removed] by me")
    (True, True, False)
    """
    body = body.strip()
    return body in GONE or bool(_REMOVED_BY.fullmatch(body))


SUBMISSION_KIND, COMMENT_KIND, MORE_KIND = "t3", "t1", "more"
# A thread's origin: the submission's comments page (the same for a "continue this
# thread" subtree of it, /comments/ID/_/COMMENT.json, whose ids are the same fullnames).
COMMENTS_URL = "https://www.reddit.com/comments/{}"
# A cassette's calls are read when they went to Reddit (www, oauth, old, api hosts).
REDDIT_HOST = re.compile(r"^https?://(?:[\w-]+\.)*reddit\.com(?:[:/?]|$)", re.IGNORECASE)
# sniff() confidence: a list of Listings whose first holds a submission, a recording of
# Reddit calls, or comments in a Listing or a morechildren answer; a list of Listings
# without a submission, or a lone Listing of submissions (a subreddit page, not a
# comments page: parse() says so).
SURE, COMMENTS, LISTINGS, LONE_LISTING = 0.95, 0.9, 0.5, 0.45
# For text that does not parse (a head cut from a big file, answers one after another):
# the keys, anywhere in it.
_OPEN = re.compile(r'^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"')
_LISTING = re.compile(r'"kind"\s*:\s*"Listing"')
_T3 = re.compile(r'"kind"\s*:\s*"t3"')


def _is_listing(value: object) -> bool:
    return isinstance(value, dict) and value.get("kind") == "Listing"


def _kinds(listing: dict[str, Any]) -> set[object]:
    data = listing.get("data")
    kids = data.get("children") if isinstance(data, dict) else None
    return {k.get("kind") for k in kids if isinstance(k, dict)} if isinstance(kids, list) else set()


def _more_things(value: object) -> object:
    """The ``things`` of a morechildren answer, or None."""
    inner = value.get("json") if isinstance(value, dict) else None
    data = inner.get("data") if isinstance(inner, dict) else None
    return data.get("things") if isinstance(data, dict) else None


def sniff(text: str) -> float:
    """Confidence that ``text`` holds Reddit API answers, from their structure.

    >>> sniff('[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {}}]}}]')
    0.95
    >>> sniff('{"json": {"errors": [], "data": {"things": [{"kind": "t1", "data": {}}]}}}')
    0.9
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] != "[" or not _LISTING.search(head):
            return 0.0
        return round(LISTINGS * bool(_OPEN.search(head)) + (SURE - LISTINGS) * bool(_T3.search(head)), 2)
    if isinstance(outline, list) and outline and _is_listing(outline[0]):
        return SURE if SUBMISSION_KIND in _kinds(outline[0]) else LISTINGS
    if any(REDDIT_HOST.match(uri) for uri in cassette_uris(outline)):
        return SURE
    things = _more_things(outline)
    if isinstance(things, list) and any(
        isinstance(t, dict) and t.get("kind") == COMMENT_KIND for t in things
    ):
        return COMMENTS
    if _is_listing(outline):
        kinds = _kinds(outline)
        return COMMENTS if COMMENT_KIND in kinds else LONE_LISTING if SUBMISSION_KIND in kinds else 0.0
    return 0.0


def _children(listing: object, where: str) -> list[dict[str, Any]]:
    if listing in ("", None):  # Reddit writes "replies": "" for a leaf
        return []
    listing = need(listing, dict, where)
    data = need(listing.get("data"), dict, f"{where}.data")
    kids = need(data.get("children", []), list, f"{where}.data.children")
    return [need(k, dict, f"{where}.data.children[]") for k in kids]


def _author(value: object) -> str | None:
    return value if isinstance(value, str) and value and value not in GONE else None


class _Answers:
    """What every answer of a file holds, merged: submissions, comments, stubs."""

    def __init__(self) -> None:
        self.subs: dict[str, RawPost] = {}  # t3 fullname -> post 0
        self.paged: list[str] = []  # submissions whose comments page is in the file
        self.comments: dict[str, RawPost] = {}  # t1 fullname -> post, first copy
        self.link: dict[str, str] = {}  # t1 fullname -> its submission's fullname
        self.stubs: list[tuple[str, int, list[str], str | None]] = []  # link, count, ids, parent
        self.titles: dict[str, str] = {}  # t3 fullname -> its title, from its comments
        self.repeated = 0

    def read(self, answer: Any, where: str) -> bool:
        """Take in one API answer; False when it is none that holds a thread."""
        if isinstance(answer, list) and answer and all(_is_listing(x) for x in answer):
            return self._page(answer, where)
        things = _more_things(answer)
        if isinstance(things, list):
            self._walk([need(t, dict, f"{where}: json.data.things[]") for t in things], None, answer)
            return True
        if _is_listing(answer):
            kids = _children(answer, where)
            for kid in kids:
                if kid.get("kind") == SUBMISSION_KIND:
                    self._submission(need(kid.get("data"), dict, f"{where}: a submission's data"), answer)
            self._walk([k for k in kids if k.get("kind") != SUBMISSION_KIND], None, answer)
            return True
        return False

    def _page(self, page: list[Any], where: str) -> bool:
        if len(page) != 2:
            raise ThreadsError(
                f"unexpected JSON shape: {where}: a Reddit comments page is a list of 2 listings "
                f"(submission, comments), got {len(page)} item(s)"
            )
        subs = [c for c in _children(page[0], f"{where}: listing 0") if c.get("kind") == SUBMISSION_KIND]
        if not subs:
            raise ThreadsError(f"unexpected JSON shape: {where}: listing 0 holds no submission (kind t3)")
        sub = self._submission(need(subs[0].get("data"), dict, "the submission's data"), page)
        if sub not in self.paged:
            self.paged.append(sub)
        self._walk(_children(page[1], f"{where}: listing 1"), sub, page)
        return True

    def _submission(self, data: dict[str, Any], answer: Any) -> str:
        sub_id = str(data.get("name") or f"t3_{data.get('id', '')}")
        if sub_id not in self.subs:
            escaped = _escaped(answer)
            title = data.get("title") if isinstance(data.get("title"), str) else None
            self.subs[sub_id] = RawPost(
                author=_author(data.get("author")),
                body=_text(data.get("selftext"), escaped) or _text(data.get("url"), escaped),
                timestamp=epoch(data.get("created_utc")),
                title=html.unescape(title) if title and escaped else title,
                source_id=sub_id,
            )
        return sub_id

    def _walk(self, items: list[dict[str, Any]], sub: str | None, answer: Any) -> None:
        """Comments and stubs of ``items``, depth first, iteratively (a deep chain of
        replies must not exhaust the stack)."""
        escaped = _escaped(answer)
        stack = list(reversed(items))
        while stack:
            item = stack.pop()
            data = need(item.get("data", {}), dict, "a comment's data")
            link = data.get("link_id") if isinstance(data.get("link_id"), str) else sub
            if item.get("kind") == MORE_KIND:
                count, ids = data.get("count", 0), data.get("children")
                names = [f"t1_{i}" for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
                parent = data.get("parent_id") if isinstance(data.get("parent_id"), str) else None
                self.stubs.append((link or "", count if isinstance(count, int) else 0, names, parent))
                continue
            if item.get("kind") != COMMENT_KIND:
                continue
            cid = str(data.get("name") or f"t1_{data.get('id', '')}")
            if cid in self.comments:
                self.repeated += 1
            else:
                parent = data.get("parent_id")
                self.comments[cid] = _comment(data, cid, str(parent) if parent else link, escaped)
                self.link[cid] = link or ""
                title = data.get("link_title")  # a Listing of comments names their submission
                if link and isinstance(title, str) and title:
                    self.titles.setdefault(link, html.unescape(title) if escaped else title)
            stack.extend(reversed(_children(data.get("replies"), f"the replies of {cid}")))


def _escaped(answer: Any) -> bool:
    """Whether an answer's strings are HTML-escaped (the API's default; not with
    ``raw_json=1``): its first ``body_html``/``selftext_html`` tells (escaped HTML opens
    ``&lt;``); an answer without one is taken as escaped."""
    stack = [answer]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            for key in ("body_html", "selftext_html"):
                if isinstance(cur.get(key), str) and cur[key].strip():
                    return not cur[key].lstrip().startswith("<")
            stack.extend(v for v in cur.values() if isinstance(v, (dict, list)))
        elif isinstance(cur, list):
            stack.extend(cur)
    return True


def _text(value: object, escaped: bool) -> str:
    if not isinstance(value, str):
        return ""
    return html.unescape(value) if escaped else value


def _comment(data: dict[str, Any], cid: str, parent: str | None, escaped: bool) -> RawPost:
    body = _text(data.get("body"), escaped)
    gone = gone_words(body)
    return RawPost(
        author=None if gone else _author(data.get("author")),
        body=body.strip() if gone else body,
        timestamp=epoch(data.get("created_utc")),
        source_id=cid,
        parent_source_id=parent,
        placeholder=gone,
    )


def _answers(text: str) -> list[tuple[str, Any]]:
    """(where, answer) of every answer in ``text``: one JSON document, several one after
    the other, or a cassette's recorded Reddit calls."""
    docs = json_documents(text, "Reddit API answers")
    if not docs:
        raise ThreadsError("not valid JSON for Reddit API answers: the file holds no JSON")
    out: list[tuple[str, Any]] = []
    for n, doc in enumerate(docs, start=1):
        calls = cassette_answers(doc)
        if calls is None:
            out.append((f"answer {n}" if len(docs) > 1 else "the top level", doc))
        else:
            out.extend((f"the answer to {uri}", body) for uri, body in calls if REDDIT_HOST.match(uri))
    return out


def parse(text: str) -> list[RawThread]:
    """One thread per submission the answers hold comments of; see the module doc."""
    answers = _answers(text)
    seen = _Answers()
    known = sum(seen.read(answer, where) for where, answer in answers)
    if not known:
        if len(answers) == 1:  # say what is wrong with it as a comments page
            where, answer = answers[0]
            seen._page(need(answer, list, "the top level (a Reddit comments page)"), where)
        raise ThreadsError("unexpected JSON shape: no Reddit comments page, comment or morechildren answer")
    order = list(dict.fromkeys([*seen.paged, *seen.link.values()]))
    if not order:
        raise ThreadsError(
            f"a Reddit listing of {len(seen.subs)} submission(s) without comments: no thread "
            "(a post's comments are at /comments/ID.json)"
        )
    # each submission's comments and 'more' stubs, grouped once (not a scan of every
    # comment per submission: a listing of 16,000 comments of as many posts took 6 s)
    comments: dict[str, list[str]] = {}
    for cid, link in seen.link.items():
        comments.setdefault(link, []).append(cid)
    stubs: dict[str, list[tuple[int, list[str], str | None]]] = {}
    for link, count, names, parent in seen.stubs:
        # a morechildren answer's stub names no submission: its parent does
        if not link and parent:
            link = parent if parent.startswith("t3_") else seen.link.get(parent, "")
        stubs.setdefault(link, []).append((count, names, parent))
    threads = [_thread(seen, sub, comments.get(sub, []), stubs.get(sub, [])) for sub in order]
    alone = sum(s not in order for s in seen.subs)
    for what, n, said in (
        (
            "submission_only",
            alone,
            "submission(s) listed without their comments (a subreddit listing): no thread",
        ),
        ("repeated", seen.repeated, "comment(s) recorded more than once: read once"),
    ):
        if n:
            threads[0].skipped[what] = n
            threads[0].warnings.append(f"{n} {said}")
    return threads


def _thread(
    seen: _Answers, sub: str, mine: list[str], stubs: list[tuple[int, list[str], str | None]]
) -> RawThread:
    """The thread of submission ``sub`` (``mine``: its comments' ids, in the answers'
    order; ``stubs``: its 'more' stubs): its comments depth first (see the module doc)."""
    root = seen.subs.get(sub) or RawPost(
        author=None, body="", title=seen.titles.get(sub), source_id=sub, placeholder=True
    )
    replies: dict[str | None, list[str]] = {}
    for cid in mine:
        replies.setdefault(seen.comments[cid].parent_source_id, []).append(cid)
    posts, done = [root], set()
    tops = [sub, *(p for p in replies if p != sub and p not in seen.comments)]
    for top in tops:  # the submission's tree, then those whose parent is in no answer
        stack = list(reversed(replies.get(top, [])))
        while stack:
            cid = stack.pop()
            if cid in done:
                continue
            done.add(cid)
            posts.append(seen.comments[cid])
            stack.extend(reversed(replies.get(cid, [])))
    posts += [seen.comments[cid] for cid in mine if cid not in done]  # replies in a loop
    posts, bare = drop_bare_placeholders(posts)
    more_stubs, hidden = _lost_stubs(seen, stubs, set(mine))
    warnings = []
    if more_stubs:
        warnings.append(
            f"{more_stubs} 'more' stub(s) hide {hidden} comment(s) the page did not load (not in the file)"
        )
    kept = sum(p.placeholder for p in posts[1:])
    if kept:
        warnings.append(
            f"{kept} deleted or removed comment(s) kept, without author, so their replies stay in place"
        )
    skipped = {k: v for k, v in (("more", more_stubs), ("deleted", bare)) if v}
    key = sub.removeprefix("t3_")
    return RawThread(
        posts=posts,
        title=root.title,
        key=key,
        skipped=skipped,
        warnings=warnings,
        origin=COMMENTS_URL.format(key) if key else None,
        alone_note=(
            f"submission {sub}, which the comments here answer, is not in the file: "
            "a placeholder root stands for it"
        )
        if root.placeholder
        else None,
    )


def _lost_stubs(
    seen: _Answers, more: list[tuple[int, list[str], str | None]], mine: set[str]
) -> tuple[int, int]:
    """How many of a submission's ``more`` stubs stand for comments no answer holds,
    and how many comments they hide. A stub lists the ids it hides ("count", which also
    counts their replies, is 0 on a "continue this thread" stub, whose comments are its
    parent's replies). A stub a later call answered in part left the rest in a new stub
    (PRAW asks for 100 at a time): an id is counted once, whichever stubs list it."""
    parents = {seen.comments[c].parent_source_id for c in mine}
    lost: set[str] = set()
    stubs = hidden = 0
    for count, names, parent in more:
        # its ids no answer holds and no earlier stub counted
        missing = [n for n in names if n not in mine and n not in lost]
        known = len(missing) < len(names) or (not names and parent is not None and parent in parents)
        if known and not missing:
            continue  # answered by a later call (or counted already): nothing more lost
        lost.update(missing)
        stubs += 1
        hidden += len(missing) if known else max(count, len(names))
    return stubs, hidden
