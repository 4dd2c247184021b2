"""GitHub REST API issue threads: an issue (or pull request) and its comments, as
``api.github.com`` returns them.

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

import json
import re
from typing import Any

from threads.formats._dump import (
    NOT_JSON,
    html_post_text,
    iso_utc,
    json_outline,
    load_json,
    scan_head,
    time_order,
)
from threads.model import RawPost, RawThread, ThreadsError

NAME = "github-json"
PRIORITY = 30
DESCRIPTION = (
    "GitHub REST API issue JSON (/issues/N, /issues/N/comments, gh api --paginate): the "
    "issue and its comments."
)

# An issue's and a comment's own API url (docs.github.com/rest/issues: "url" of an
# issue, "issue_url" of a comment): .../repos/OWNER/REPO/issues/NUMBER.
_ISSUE_URL = re.compile(r"/repos/(?P<repo>[^/\s]+/[^/\s]+)/issues/(?P<number>\d+)$")
# Its page: https://github.com/OWNER/REPO/issues/NUMBER (a pull request: /pull/NUMBER).
_HTML_URL = re.compile(r"github\.com/(?P<repo>[^/\s]+/[^/\s]+)/(?:issues|pull)/(?P<number>\d+)")
PAGE_URL = "https://github.com/{}/issues/{}"
# sniff(): an item with a user login and created_at, and a comment's issue_url or an
# issue's number and issues url. For text that is not one JSON document (gh api
# --paginate's "[...][...]", a cut file) the same keys anywhere in its head.
SURE = 0.95
_SIGNS = (
    re.compile(r'"issue_url"\s*:\s*"https?://[^"]*/repos/[^"/]+/[^"/]+/issues/\d+"'),
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


def _is_comment(item: object) -> bool:
    return isinstance(item, dict) and _issue_key(item.get("issue_url")) is not None and "created_at" in item


def _is_issue(item: object) -> bool:
    if not isinstance(item, dict) or "issue_url" in item or not isinstance(item.get("number"), int):
        return False
    url = item.get("url") or item.get("html_url")
    return "created_at" in item and "title" in item and _issue_key(url) is not None


def _items(data: Any) -> list[Any]:
    """The issues and comments of a parsed document, in file order."""
    if isinstance(data, dict) and ("issue" in data or "comments" in data) and not _is_issue(data):
        issue = data.get("issue")
        comments = data.get("comments")
        return ([issue] if issue is not None else []) + (comments if isinstance(comments, list) else [])
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
    if any((_is_comment(x) or _is_issue(x)) and _login(x) for x in items):
        return SURE
    return 0.0


def _documents(text: str) -> Any:
    """The JSON of ``text``; several documents one after the other (``gh api
    --paginate``) as the list of them."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    decoder, docs, at = json.JSONDecoder(), [], 0
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            break
        try:
            doc, at = decoder.raw_decode(text, at)
        except ValueError:
            return load_json(text, "a GitHub API answer")  # raises, with the parser's message
        docs.append(doc)
    return docs


def _body(item: dict[str, Any]) -> str:
    body = item.get("body")
    if isinstance(body, str):
        return _HTML_COMMENT.sub("", body.replace("\r\n", "\n")).strip()
    if isinstance(item.get("body_text"), str):
        return item["body_text"].replace("\r\n", "\n").strip()
    return html_post_text(item["body_html"])[0] if isinstance(item.get("body_html"), str) else ""


def _is_bot(item: dict[str, Any]) -> bool:
    user = item.get("user")
    login = _login(item) or ""
    return (isinstance(user, dict) and user.get("type") == "Bot") or login.endswith(BOT_SUFFIX)


def _post(item: dict[str, Any], source_id: str, title: object = None) -> RawPost:
    return RawPost(
        author=_login(item),
        body=_body(item),
        timestamp=iso_utc(item.get("created_at")),
        title=title.strip() or None if isinstance(title, str) else None,
        source_id=source_id,
    )


class _Issue:
    """One thread being gathered: the issue (if in the file) and its comments."""

    def __init__(self, repo: str, number: str) -> None:
        self.repo, self.number = repo, number
        self.issue: dict[str, Any] | None = None
        self.comments: dict[str, dict[str, Any]] = {}
        self.repeated = 0

    def thread(self) -> RawThread:
        root_id = f"issue-{self.number}"
        if self.issue is not None:
            root = _post(self.issue, root_id, self.issue.get("title"))
        else:
            root = RawPost(author=None, body="", source_id=root_id, placeholder=True)
        comments = sorted((_post(c, cid) for cid, c in self.comments.items()), key=time_order)
        warnings = []
        if self.issue is None:
            warnings.append(f"issue #{self.number} is not in the file: a placeholder root stands for it")
        items = ([self.issue] if self.issue else []) + list(self.comments.values())
        if bots := sum(_is_bot(i) for i in items):
            warnings.append(f"{bots} post(s) by bot accounts, kept under their login")
        if silent := sum(1 for p in comments if not p.body):
            warnings.append(f"{silent} comment(s) without words")
        kind = "pull" if self.issue is not None and self.issue.get("pull_request") else "issues"
        page = PAGE_URL.format(self.repo, self.number).replace("/issues/", f"/{kind}/")
        return RawThread(
            posts=[root, *comments],
            title=root.title,
            key=f"{self.repo}#{self.number}",
            skipped={"repeated": self.repeated} if self.repeated else {},
            warnings=warnings,
            origin=None if self.issue and self.comments else page,
            page=self._page(),
        )

    def _page(self) -> tuple[int, int | None] | None:
        """Page 1 for an issue's file alone (of an unknown number when the issue counts
        comments), so that its comments' file, given with it, follows it."""
        if self.issue is None or self.comments:
            return None
        count = self.issue.get("comments")
        return (1, None) if isinstance(count, int) and not isinstance(count, bool) and count > 0 else (1, 1)


def parse(text: str) -> list[RawThread]:
    """One thread per issue; see the module doc."""
    items = _items(_documents(text))
    issues: dict[tuple[str, str], _Issue] = {}
    other = 0
    for item in items:
        if _is_issue(item):
            key = _issue_key(item.get("url") or item.get("html_url"))
        elif _is_comment(item):
            key = _issue_key(item.get("issue_url"))
        else:
            other += 1
            continue
        assert key is not None  # _is_issue / _is_comment checked it
        entry = issues.setdefault(key, _Issue(*key))
        if "issue_url" not in item:
            entry.repeated += entry.issue is not None
            entry.issue = entry.issue or item
        elif str(item.get("id")) in entry.comments:
            entry.repeated += 1  # overlapping pages of one listing: kept once
        else:
            entry.comments[str(item.get("id"))] = item
    if not issues:
        raise ThreadsError(
            "unexpected JSON shape: no GitHub issue (number, title, user, created_at) or comment "
            "(issue_url, user, created_at)"
        )
    out = [entry.thread() for entry in issues.values()]
    if other:
        out[0].skipped["other"] = other
        out[0].warnings.append(f"{other} item(s) that are neither issue nor comment: left out")
    return out
