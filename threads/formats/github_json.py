"""GitHub REST API issue threads: an issue (or pull request) and its comments (and a pull
request's review comments), as ``api.github.com`` returns them.

::

    {"issue": {"number": 187, "title": "Document 2FA", "user": {"login": "ann", "type": "User"},
               "created_at": "2014-01-07T23:05:11Z", "body": "markdown ...",
               "url": "https://api.github.com/repos/O/R/issues/187",
               "html_url": "https://github.com/O/R/issues/187", "comments": 3},
     "comments": [{"id": 31799031, "user": {"login": "bo", "type": "User"},
                   "created_at": "2014-01-08T01:48:28Z", "body": "> quoted\\n\\nreply",
                   "issue_url": "https://api.github.com/repos/O/R/issues/187",
                   "author_association": "COLLABORATOR"}, ...]}

What people save: ``/repos/O/R/issues/N`` (one issue), ``/issues/N/comments`` (a list
of comments), both in one file as ``{"issue": ..., "comments": [...]}`` or as one list,
``/repos/O/R/issues`` (a list of issues), and ``gh api --paginate``'s pages written one
after the other (``[...][...]``): they all read the same.

One thread per issue, in order of first appearance: a comment names its issue by
``issue_url``, so comments of several issues in one list make several threads. Post 0 is
the issue (title, body, author); an issue whose comments are in the file but not itself
gets a **placeholder** root, said in a warning. Then the comments in **time order**.
GitHub comments are flat (there is no reply button): a comment has no parent of its own
and is left to reply inference, as the comments of an unthreaded blog are
(``wordpress-json``): its ``> `` quote lines are quotes of an earlier post, an ``On
DATE, NAME wrote:`` line above them names its author, an ``@login`` names a person;
a comment with none of these answers the issue.

**Pull requests** read the same way, with their **review comments** (``/repos/O/R/pulls/N/comments``:
``{"id", "pull_request_review_id", "in_reply_to_id"?, "user", "body", "created_at", "path",
"line", "diff_hunk", "pull_request_url"}``) and the pull request itself as
``/repos/O/R/pulls/N`` gives it (its ``url`` names ``/pulls/N``): all of one pull request,
in one file or several given together, make one thread (a pull request's number is its
issue number). Review comments are threaded: ``in_reply_to_id`` is a ``nested`` parent
(one not in the file keeps its id, said in a warning, and reply inference falls back); a
review comment that starts a conversation on a line of the diff answers the pull request
(``nested``, post 0). The diff position (``path``, ``line``, ``diff_hunk``) is where the
comment stands, not its words: left out of the text. Review comments and issue comments
are listed together in time order, a parent before its replies. Reviews
(``/pulls/N/reviews``: ``state``, ``submitted_at``) are not comments: counted in
``skipped["other"]``.

Bodies are GitHub markdown, kept as written (``\\r\\n`` as ``\\n``); HTML comments (an
issue template's ``<!-- ... -->`` hints) are not the author's words and are cut. A body
missing (``null``) falls back to ``body_text``, then to ``body_html`` (the ``full``
media type). Authors are logins; a bot (``"type": "Bot"``, or a login ending
``[bot]``) stays a post under its login (``dependabot[bot]``), counted in a warning;
an account deleted since is GitHub's ``ghost``; a comment without ``user`` has no
author. A comment with no words is kept and counted in a warning. Items that are
neither issue nor comment are left out and counted in ``skipped["other"]``. Times are
``created_at``, ISO 8601 UTC: aware UTC.
"""

from __future__ import annotations

import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    html_post_text,
    iso_utc,
    json_documents,
    json_outline,
    parents_first,
    scan_head,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "github-json"
PRIORITY = 30
DESCRIPTION = (
    "GitHub REST API issue or pull request JSON (/issues/N/comments, /pulls/N/comments, gh "
    "api --paginate): comments and review comments."
)

# An issue's and a comment's own API url (docs.github.com/rest/issues: "url" of an
# issue, "issue_url" of a comment): .../repos/OWNER/REPO/issues/NUMBER.
# A pull request's (docs.github.com/rest/pulls: "url" of a pull request,
# "pull_request_url" of a review comment): .../repos/OWNER/REPO/pulls/NUMBER.
_ISSUE_URL = re.compile(r"/repos/(?P<repo>[^/\s]+/[^/\s]+)/(?:issues|pulls)/(?P<number>\d+)$")
# Its page: https://github.com/OWNER/REPO/issues/NUMBER (a pull request: /pull/NUMBER).
_HTML_URL = re.compile(r"github\.com/(?P<repo>[^/\s]+/[^/\s]+)/(?:issues|pull)/(?P<number>\d+)")
PAGE_URL = "https://github.com/{}/issues/{}"
# sniff(): an item with a user login and created_at, and a comment's issue_url or an
# issue's number and issues url. For text that is not one JSON document (gh api
# --paginate's "[...][...]", a cut file) the same keys anywhere in its head.
SURE = 0.95
_SIGNS = (
    re.compile(
        r'"(?:issue_url"\s*:\s*"https?://[^"]*/repos/[^"/]+/[^"/]+/issues|pull_request_url"\s*:\s*'
        r'"https?://[^"]*/repos/[^"/]+/[^"/]+/pulls)/\d+"'
    ),
    re.compile(r'"login"\s*:'),
    re.compile(r'"created_at"\s*:'),
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
BOT_SUFFIX = "[bot]"


def _login(item: dict[str, Any]) -> str | None:
    user = item.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    return login if isinstance(login, str) and login else None


def _issue_key(url: object) -> tuple[str, str] | None:
    """(OWNER/REPO, NUMBER) of an issue's API url or page url."""
    if not isinstance(url, str):
        return None
    found = _ISSUE_URL.search(url) or _HTML_URL.search(url)
    return (found["repo"], found["number"]) if found else None


def _is_issue(item: object) -> bool:
    """An issue or a pull request (a pull request from /pulls/N also has an issue_url)."""
    if not isinstance(item, dict) or not isinstance(item.get("number"), int):
        return False
    url = item.get("url") or item.get("html_url")
    return "created_at" in item and "title" in item and _issue_key(url) is not None


def _answers(item: object, field: str) -> bool:
    """``item`` is a comment naming its issue or pull request's API url in ``field``."""
    return (
        isinstance(item, dict)
        and not _is_issue(item)
        and _issue_key(item.get(field)) is not None
        and "created_at" in item
    )


def _is_comment(item: object) -> bool:
    return _answers(item, "issue_url")


def _is_review_comment(item: object) -> bool:
    """A pull request review comment (a review itself has ``submitted_at``, no ``created_at``)."""
    return _answers(item, "pull_request_url")


# A file bundling several answers: {"issue": ..., "comments": [...]}, and for a pull
# request {"pull_request": ..., "comments": [...], "review_comments": [...]}.
_BUNDLE_ONE = ("issue", "pull_request")
_BUNDLE_MANY = ("comments", "review_comments")


def _items(data: Any) -> list[Any]:
    """The issues, comments and review comments of a parsed document, in file order."""
    if isinstance(data, dict) and any(k in data for k in _BUNDLE_ONE + _BUNDLE_MANY) and not _is_issue(data):
        ones = [data[k] for k in _BUNDLE_ONE if data.get(k) is not None]
        return ones + [x for k in _BUNDLE_MANY if isinstance(data.get(k), list) for x in data[k]]
    if isinstance(data, list):
        return [x for part in data for x in (_items(part) if isinstance(part, (dict, list)) else [part])]
    return [data]


def sniff(text: str) -> float:
    """Confidence that ``text`` is a GitHub issue, its comments, or both.

    >>> sniff('[{"id": 1, "user": {"login": "ann"}, "created_at": "2024-01-01T00:00:00Z", '
    ...       '"body": "hi", "issue_url": "https://api.github.com/repos/o/r/issues/7"}]')
    0.95
    """
    outline = json_outline(text)
    if outline is NOT_JSON:
        head = scan_head(text)
        if head.lstrip()[:1] not in ("[", "{"):
            return 0.0
        return SURE if all(p.search(head) for p in _SIGNS) else 0.0
    items = _items(outline)
    if any((_is_comment(x) or _is_issue(x) or _is_review_comment(x)) and _login(x) for x in items):
        return SURE
    return 0.0


def markdown_body(body: object, text: object = None, html: object = None) -> str:
    """A GitHub body: the markdown (``\\r\\n`` as ``\\n``, ``<!-- -->`` hints cut), else
    the plain text, else the HTML's text; "" when none is there. Shared with the
    GraphQL dialect (``body``/``bodyText``/``bodyHTML``)."""
    if isinstance(body, str):
        return _HTML_COMMENT.sub("", body.replace("\r\n", "\n")).strip()
    if isinstance(text, str):
        return text.replace("\r\n", "\n").strip()
    return html_post_text(html)[0] if isinstance(html, str) else ""


def _body(item: dict[str, Any]) -> str:
    return markdown_body(item.get("body"), item.get("body_text"), item.get("body_html"))


def _is_bot(item: dict[str, Any]) -> bool:
    user = item.get("user")
    login = _login(item) or ""
    return (isinstance(user, dict) and user.get("type") == "Bot") or login.endswith(BOT_SUFFIX)


def _post(item: dict[str, Any], source_id: str, title: object = None, parent: str | None = None) -> RawPost:
    return RawPost(
        author=_login(item),
        body=_body(item),
        timestamp=iso_utc(item.get("created_at")),
        title=title.strip() or None if isinstance(title, str) else None,
        source_id=source_id,
        parent_source_id=parent,
    )


REVIEW_ID = "review-{}"  # review comments have ids of their own: kept apart from issue comments'
# Before in_reply_to_id (added to the API in 2016; github3.py's 2014 cassette of
# sigmavirus24/github3.py pull 235 has none), a reply on a diff line was only a later
# comment on the same line: same path and same diff_hunk (the hunk ends at the line).
# Such a comment answers the line's latest earlier comment, on weaker evidence than a
# reply link: a new conversation can also start on a line that already has one.
SAME_LINE_EVIDENCE, SAME_LINE_CONFIDENCE = "subject", 0.7


def _review_posts(reviews: list[dict[str, Any]], root_id: str) -> list[RawPost]:
    """Review comments as posts: each answers the comment it replies to
    (``in_reply_to_id``), else the latest earlier comment on its diff line, else the
    pull request."""
    latest: dict[tuple[object, object], str] = {}  # diff line -> its latest comment
    posts = []
    # created_at is ISO 8601 UTC ("2014-05-02T20:29:46Z"): its text sorts in time order
    for item in sorted(reviews, key=lambda c: str(c.get("created_at") or "")):
        own = REVIEW_ID.format(item.get("id"))
        answers = item.get("in_reply_to_id")
        line = (item.get("path"), item.get("diff_hunk"))
        if answers is not None:
            post = _post(item, own, parent=REVIEW_ID.format(answers))
        elif line[1] and line in latest:
            post = _post(item, own, parent=latest[line])
            post.parent_evidence, post.parent_confidence = SAME_LINE_EVIDENCE, SAME_LINE_CONFIDENCE
        else:
            post = _post(item, own, parent=root_id)
        if line[1]:
            latest[line] = own
        posts.append(post)
    return posts


class _Issue:
    """One thread being gathered: the issue (if in the file) and its comments."""

    def __init__(self, repo: str, number: str) -> None:
        self.repo, self.number = repo, number
        self.issue: dict[str, Any] | None = None
        self.comments: dict[str, dict[str, Any]] = {}
        self.reviews: dict[str, dict[str, Any]] = {}  # review comments, by id
        self.repeated = 0

    def thread(self) -> RawThread:
        root_id = f"issue-{self.number}"
        if self.issue is not None:
            root = _post(self.issue, root_id, self.issue.get("title"))
        else:
            root = RawPost(author=None, body="", source_id=root_id, placeholder=True)
        comments = [_post(c, cid) for cid, c in self.comments.items()]
        reviews = _review_posts(list(self.reviews.values()), root_id)
        posts, _ = parents_first([root, *comments, *reviews], key=time_order)
        comments = posts[1:]
        warnings = []
        if self.issue is None:
            what = "pull request" if self.reviews else "issue"
            warnings.append(f"{what} #{self.number} is not in the file: a placeholder root stands for it")
        items = [*([self.issue] if self.issue else []), *self.comments.values(), *self.reviews.values()]
        if bots := sum(_is_bot(i) for i in items):
            warnings.append(f"{bots} post(s) by bot accounts, kept under their login")
        if silent := sum(1 for p in comments if not p.body):
            warnings.append(f"{silent} comment(s) without words")
        ids = {p.source_id for p in posts}
        if dangling := sum(1 for p in comments if p.parent_source_id and p.parent_source_id not in ids):
            warnings.append(f"{dangling} review comment(s) reply to comments not in the file")
        issue = self.issue or {}
        is_pull = self.reviews or issue.get("pull_request") or "/pulls/" in str(issue.get("url"))
        kind = "pull" if is_pull else "issues"
        page = PAGE_URL.format(self.repo, self.number).replace("/issues/", f"/{kind}/")
        return RawThread(
            posts=posts,
            title=root.title,
            key=f"{self.repo}#{self.number}",
            skipped={"repeated": self.repeated} if self.repeated else {},
            warnings=warnings,
            origin=None if self.issue and (self.comments or self.reviews) else page,
            page=self._page(),
        )

    def _page(self) -> tuple[int, int | None] | None:
        """Page 1 for an issue's file alone (of an unknown number when the issue counts
        comments), so that its comments' file, given with it, follows it."""
        if self.issue is None or self.comments or self.reviews:
            return None
        count = self.issue.get("comments")
        return (1, None) if isinstance(count, int) and not isinstance(count, bool) and count > 0 else (1, 1)


def parse(text: str) -> list[RawThread]:
    """One thread per issue; see the module doc."""
    items = _items(json_documents(text, "a GitHub API answer"))  # gh api --paginate: pages in a row
    issues: dict[tuple[str, str], _Issue] = {}
    other = 0
    for item in items:
        if _is_issue(item):
            key = _issue_key(item.get("url") or item.get("html_url"))
        elif _is_comment(item):
            key = _issue_key(item.get("issue_url"))
        elif _is_review_comment(item):
            key = _issue_key(item.get("pull_request_url"))
        else:
            other += 1
            continue
        assert key is not None  # _is_issue / _is_comment checked it
        entry = issues.setdefault(key, _Issue(*key))
        if _is_issue(item):
            entry.repeated += entry.issue is not None
            entry.issue = entry.issue or item
            continue
        listing = entry.comments if _is_comment(item) else entry.reviews
        if str(item.get("id")) in listing:
            entry.repeated += 1  # overlapping pages of one listing: kept once
        else:
            listing[str(item.get("id"))] = item
    if not issues:
        raise ThreadsError(
            "unexpected JSON shape: no GitHub issue or pull request (number, title, user, created_at), "
            "comment (issue_url, user, created_at) or review comment (pull_request_url, user, created_at)"
        )
    out = [entry.thread() for entry in issues.values()]
    if other:
        out[0].skipped["other"] = other
        out[0].warnings.append(f"{other} item(s) that are neither issue nor comment: left out")
    return out
