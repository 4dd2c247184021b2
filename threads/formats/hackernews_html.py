"""Hacker News item pages saved as HTML, in today's markup and in the table markup of
the 2010s.

The story (title, author, time, and the text of an Ask HN) is post 0. Comments are flat
rows; nesting is their indent. Today: ``tr.athing.comtr`` rows with ``td.ind[indent]``
(or a spacer image on some pages), ``span.age[title]`` times, ``a.hnuser`` authors. The
older markup (seen on pages saved in 2013): each comment a ``td.default`` cell beside a
spacer ``s.gif`` image whose width is 40 px per level, the author a ``user?id=`` link in
``span.comhead``, the words in ``span.comment``, the time only relative ("2 days ago",
so left empty). The parent of a comment is the nearest earlier one a level up. Comment
ids are HN's item ids (the row id, or the comment's ``item?id=`` link).

A comment whose words are gone (``[deleted]``, ``[dead]``, ``[flagged]`` with no
author) is a placeholder when a reply hangs from it, and is left out and counted in
``skipped["deleted"]`` when none does. Quotes are lines starting with ">" in the
comment, left to the quote splitter.
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.formats._dump import drop_bare_placeholders
from threads.formats._text import numbers
from threads.model import RawPost, RawThread

NAME = "hackernews-html"
PRIORITY = 20
DESCRIPTION = "Hacker News item page saved as HTML (story and nested comments)."

# From news.ycombinator.com's item page markup: today's (hnuser, athing comtr, hnname,
# op="item"), then the table markup of a page saved in 2013 (comhead spans, user?id=
# links, images under ycombinator.com/images/).
MARKERS = _html.markers(
    (r'class="hnuser"', 0.4),
    (r"class=['\"]comment-tree['\"]|class=['\"]athing comtr['\"]", 0.2),
    (r'class="hnname"|<html[^>]*op="item"', 0.2),
    (r"news\.ycombinator\.com", 0.2),
    (r'class="?comhead\b', 0.2),
    (r'href="user\?id=', 0.2),
    (r"ycombinator\.com/images/(?:s\.gif|grayarrow\.gif)", 0.2),
)
INDENT_PX = 40  # width of one level of the old spacer-image indent
# What HN prints where a comment's words are gone.
GONE = ("[deleted]", "[dead]", "[flagged]")
ITEM_URL = "https://news.ycombinator.com/item?id={}"
_ITEM_ID = re.compile(r"item\?id=(\d+)")
RULES = _html.Rules(
    post="tr.athing.comtr",
    author=("a.hnuser",),
    time=("span.age",),
    body=(".commtext", ".comment"),
    title=(".titleline > a", "a.storylink", ".title a"),
    noise=".reply, .navs, .votelinks, .togg",
)
# The 2013 table markup: no row classes; the comment cell is td.default.
OLD_RULES = _html.Rules(
    post="td.default",
    author=("span.comhead a[href^='user?id=']",),
    time=(),
    body=("span.comment",),
    title=("td.title a",),
    header_time=False,  # "2 days ago": relative to a day the page does not give
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Hacker News item page."""
    return _html.sniff_markers(text, MARKERS)


def _width_depth(scope: _html.Node) -> int:
    img = scope.select_one("img[src$='s.gif']")
    width = img.get("width") if img is not None else None
    px = numbers(width) if isinstance(width, str) else None
    return px[0] // INDENT_PX if px else 0


def _depth(row: _html.Node) -> int:
    ind = row.select_one("td.ind")
    if ind is None:
        return 0
    value = ind.get("indent")
    if isinstance(value, str) and (indent := numbers(value)):
        return indent[0]
    return _width_depth(ind)


def _old_depth(cell: _html.Node) -> int:
    """The indent of a 2013 comment cell: the spacer image in its own row."""
    row = cell.parent
    return _width_depth(row) if row is not None else 0


def _old_id(cell: _html.Node) -> str | None:
    link = cell.select_one("span.comhead a[href^='item?id=']")
    m = _ITEM_ID.search(str(link.get("href") or "")) if link is not None else None
    return m.group(1) if m else None


def _story(page: _html.Node, title: str | None) -> RawPost | None:
    """Post 0 from today's ``table.fatitem`` (removed from the page)."""
    story = page.select_one("table.fatitem")
    if story is None:
        return None
    athing = story.select_one("tr.athing")
    body = story.select_one(".toptext")
    root = RawPost(
        author=_html.first_text(story, (".subline a.hnuser", ".subtext a.hnuser", "a.hnuser")),
        body=_html.post_text(body) if body is not None else (title or ""),
        timestamp=_html.find_time(story, ("span.age",)),
        title=title,
        source_id=str(athing.get("id")) if athing is not None and athing.get("id") else None,
    )
    story.remove()
    return root


def _old_story(page: _html.Node, title: str | None) -> RawPost | None:
    """Post 0 from the 2013 markup: the table holding ``td.subtext`` (removed from the
    page); its text is the first row below the subtext that is not the reply form."""
    subtext = page.select_one("td.subtext")
    table = subtext.parent if subtext is not None else None
    while table is not None and table.tag != "table":
        table = table.parent
    if subtext is None or table is None:
        return None
    score = subtext.select_one("span[id^='score_']")
    sid = str(score.get("id") or "").removeprefix("score_") if score is not None else ""
    body = ""
    for row in table.select("tr"):
        if row.select_one("td.title, td.subtext, form, table") is None and (text := _html.post_text(row)):
            body = text
            break
    root = RawPost(
        author=_html.first_text(subtext, ("a[href^='user?id=']",)),
        body=body or (title or ""),
        timestamp=None,
        title=title,
        source_id=sid or None,
    )
    table.remove()
    return root


def _placeholders(thread: RawThread) -> None:
    """Comments whose words are gone become placeholders; bare ones are dropped."""
    for post in thread.posts[1:]:
        if post.author is None and post.body.strip() in GONE:
            post.placeholder = True
    thread.posts, bare = drop_bare_placeholders(thread.posts)
    if bare:
        thread.skipped["deleted"] = thread.skipped.get("deleted", 0) + bare


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the story (post 0), then the comments in page order, nested."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    old = page.select_one(RULES.post) is None and page.select_one(OLD_RULES.post) is not None
    rules = OLD_RULES if old else RULES
    title = _html.page_title(page, rules.title)
    root = _old_story(page, title) if old else _story(page, title)
    elements = page.select(rules.post)
    parents = _html.parents_from_depths([(_old_depth if old else _depth)(el) for el in elements])
    ids = [_old_id(el) for el in elements] if old else []
    thread = _html.extract(page, rules, parents=parents, root=root)
    if ids:  # extract numbers the cells "#k" (they carry no id): HN's item ids instead
        first = len(thread.posts) - len(elements)
        real = {f"#{k}": sid for k, sid in enumerate(ids) if sid}
        for post in thread.posts[first:]:
            post.source_id = real.get(post.source_id or "", post.source_id)
            post.parent_source_id = real.get(post.parent_source_id or "", post.parent_source_id)
    if root is not None:
        thread.posts[0].title = title
        if root.source_id:
            thread.origin = ITEM_URL.format(root.source_id)
            for post in thread.posts[1:]:  # a comment at indent 0 answers the story
                if post.parent_source_id is None:
                    post.parent_source_id = root.source_id
    if old and len(thread.posts) > 1:
        thread.warnings.append(
            "comment times are relative ('2 days ago') to a day the page does not give: left empty"
        )
    thread.title = title
    thread.warnings.extend(_html.page_warnings(text))
    if not thread.posts:
        raise _html.ThreadsError(f"no story or comments found in this page (read as {NAME})")
    _placeholders(thread)
    return [thread]
