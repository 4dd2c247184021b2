"""Hacker News item pages saved as HTML.

The story (title, author, ``span.age[title]`` time, and the text of an Ask HN) is post
0. Comments are flat ``tr.athing.comtr`` rows; nesting is their indent
(``td.ind[indent]``, or the spacer image's width in steps of 40 px on older pages).
Quotes are lines starting with ">" in the comment, left to the quote splitter.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawPost, RawThread

NAME = "hackernews-html"
PRIORITY = 20
DESCRIPTION = "Hacker News item page saved as HTML (story and nested comments)."

# From news.ycombinator.com's item page markup.
MARKERS = _html.markers(
    (r'class="hnuser"', 0.4),
    (r"class=['\"]comment-tree['\"]|class=['\"]athing comtr['\"]", 0.2),
    (r'class="hnname"|<html[^>]*op="item"', 0.2),
    (r"news\.ycombinator\.com", 0.2),
)
INDENT_PX = 40  # width of one level of the old spacer-image indent
RULES = _html.Rules(
    post="tr.athing.comtr",
    author=("a.hnuser",),
    time=("span.age",),
    body=(".commtext", ".comment"),
    title=(".titleline > a", "a.storylink", ".title a"),
    noise=".reply, .navs, .votelinks, .togg",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Hacker News item page."""
    return _html.sniff_markers(text, MARKERS)


def _depth(row: _html.Node) -> int:
    ind = row.select_one("td.ind")
    if ind is None:
        return 0
    value = ind.get("indent")
    if isinstance(value, str) and value.isdigit():
        return int(value)
    img = ind.select_one("img")
    width = img.get("width") if img is not None else None
    return int(width) // INDENT_PX if isinstance(width, str) and width.isdigit() else 0


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the story (post 0), then the comments in page order, nested."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    story = page.select_one("table.fatitem")
    title = _html.page_title(page, RULES.title)
    root = None
    if story is not None:
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
    elements = page.select(RULES.post)
    parents = _html.parents_from_depths([_depth(row) for row in elements])
    thread = _html.extract(page, RULES, parents=parents, root=root)
    if root is not None:
        thread.posts[0].title = title
    thread.title = title
    thread.warnings.extend(_html.page_warnings(text))
    if not thread.posts:
        raise _html.ThreadsError(f"no story or comments found in this page (read as {NAME})")
    return [thread]
