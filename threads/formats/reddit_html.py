"""Reddit comment pages saved as HTML: old Reddit, and today's www.reddit.com ("shreddit").

**Old Reddit** (old.reddit.com): the submission (``div.thing.link``) is post 0; comments
are ``div.thing.comment`` nested in their parent's ``div.child``. Author ``a.author``,
time ``time[datetime]`` (UTC), text ``.usertext-body .md``. Collapsed branches ("load
more comments", "continue this thread") are counted in ``skipped`` and reported.

**Today's Reddit** (www.reddit.com since 2023, its web components): the submission is
the ``<shreddit-post>`` whose id the comments name (``postid``), read from its
attributes (``author``, ``post-title``, ``created-timestamp``, ``content-href``) and its
``text-body`` slot; each ``<shreddit-comment>`` is a comment: ``thingid``, ``author``,
``created`` (else its first ``faceplate-timeago[ts]`` / ``time[datetime]``, UTC), its
words in its ``comment`` slot (``<div id="t1_...-comment-rtjson-content">``; blockquotes
are quotes). Its parent is ``parentid``; where a page lacks it, the comment element it is
nested in (replies sit in the parent's ``children`` slot), else ``depth`` (0: the
post); a page that keeps none of these (a page saved flat) leaves replies to inference,
said. Ids are Reddit's fullnames (``t3_``/``t1_``), as ``reddit-json`` gives them, and
the thread's origin is the one ``reddit-json`` gives the same post. "N more replies" and
"View more comments" stubs (``faceplate-partial`` loading ``/more-comments/``) are
counted in ``skipped["more"]`` with the number of comments they hide, as ``reddit-json``
counts its ``more`` stubs. Deleted or removed comments (author ``[deleted]``, words
gone) are placeholders where a reply hangs under them, else left out and counted in
``skipped["deleted"]``. Ads (``shreddit-comments-page-ad``), the right rail's related
posts and the action rows are not posts. Learnt from real pages saved from
www.reddit.com in 2026 (a signed-out comments page of 612 comments, 25 of them in the
page; saved pages reduced to the post and its comments).
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.dates import parse_date, utc
from threads.formats import _html
from threads.formats._dump import drop_bare_placeholders
from threads.formats.reddit_json import COMMENTS_URL, GONE, gone_words
from threads.model import RawPost, RawThread, ThreadsError

NAME = "reddit-html"
PRIORITY = 20
DESCRIPTION = (
    "Reddit comment page saved as HTML (old Reddit or www.reddit.com): submission and nested comments."
)

# From old.reddit.com's listing markup (r2 templates).
MARKERS = _html.markers(
    (r"redditstatic\.com", 0.4),
    (r'data-type="comment"', 0.3),
    (r'class="[^"]*\bthing\b', 0.2),
    (r"nestedlisting|old\.reddit\.com", 0.1),
)
# From www.reddit.com's comments page (2023-): its own elements. A page that only
# embeds a Reddit post (rtjson content, a timeago) stays below MIN_CONFIDENCE.
SHREDDIT_MARKERS = _html.markers(
    (r"<shreddit-comment[\s>]", 0.5),
    (r"<shreddit-post[\s>]", 0.5),
    (r'-(?:comment|post)-rtjson-content"', 0.1),
    (r"<faceplate-timeago\b", 0.1),
)
_SHREDDIT = re.compile(r"<shreddit-(?:post|comment)[\s>]", re.I)
RULES = _html.Rules(
    post="#siteTable div.thing.link, div.thing.comment",
    author=(".entry .tagline a.author", ".tagline .author"),
    time=(".entry .tagline time", ".tagline time"),
    body=(".entry .usertext-body .md", ".expando .md", ".usertext-body .md"),
    title=("p.title a.title", "a.title"),
    id_attr="data-fullname",
    noise=".side, .midcol, ul.flat-list, .reportform, #header, .footer-parent, .menuarea, .panestack-title",
    skip=(("div.thing.morechildren", "load more comments"), ("div.deepthread", "continue this thread")),
)

# ---- today's Reddit: where each value is, in order (rules as data)
COMMENT_ID = ("thingid", "thing-id")
COMMENT_TIME = ("faceplate-timeago[ts]", "time[datetime]")
COMMENT_BODY = ('[slot="comment"]', '[id$="-comment-rtjson-content"]', '[slot="comment-body"]')
COMMENT_AUTHOR = ('[slot="commentMeta"] a[href*="/user/"]',)
POST_BODY = ('[slot="text-body"]', "shreddit-post-text-body", '[id$="-post-rtjson-content"]')
POST_TITLE = ('h1[slot="title"]', "h1")
# A stub standing for replies the page did not load: the "N more replies" partial under
# a comment, and the thread's "View more comments" partial (``top-level=1``).
MORE_STUB = "faceplate-partial"
MORE_SRC = "/more-comments/"
# Every comment's "N more replies" is printed twice more inside its stub (the button and
# its loading twin), and once in a hidden ``.fold-more`` link: the stub's first number
# is the count.
MORE_COUNT = "faceplate-number[number]"
CONTINUE_TEXT = "continue this thread"
# What the page prints where a comment's words are gone, beside the API's markers and
# Reddit's removal sentences (reddit_json.gone_words).
GONE_LABELS = frozenset(
    {"comment deleted by user", "comment removed by moderator", "comment removed by reddit"}
)
# Not words of any post (ads are other elements, never read).
SHREDDIT_NOISE = (
    "template, faceplate-partial, shreddit-comment-action-row, [slot=actionRow], "
    "[slot=commentAvatar], .fold-more, faceplate-screen-reader-content"
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Reddit comment page (old or today's)."""
    return max(_html.sniff_markers(text, MARKERS), _html.sniff_markers(text, SHREDDIT_MARKERS))


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the submission (post 0), then the comments in page order, nested."""
    if _SHREDDIT.search(text):
        return [_shreddit(text)]
    threads = _html.parse_variants(text, (RULES,), NAME)
    for thread in threads:
        hidden = sum(thread.skipped.values())
        if hidden:
            thread.warnings.append(
                f"{hidden} collapsed branch(es) ('load more comments'): their replies are not in this page"
            )
    return threads


# ---------------------------------------------------------------- today's Reddit
def _attr(el: _html.Node, *names: str) -> str | None:
    return next((v.strip() for n in names if (v := el.get(n)) and v.strip()), None)


def _when(value: str | None) -> datetime | None:
    return utc(parse_date(value)) if value else None


def _time(el: _html.Node, attr: str) -> datetime | None:
    """``attr`` of ``el``, else its first timeago's ``ts``, else its first ``time[datetime]``
    (UTC: Reddit writes them all with a zone)."""
    stamp = el.select_one(COMMENT_TIME[0])
    for value in (el.get(attr), stamp.get("ts") if stamp is not None else None):
        if ts := _when(value):
            return ts
    return utc(_html.find_time(el, COMMENT_TIME[1:]))


def _author(name: str | None) -> str | None:
    return name if name and name not in GONE else None


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdecimal() else None


def _words(el: _html.Node | None) -> tuple[str, list[tuple[str | None, str]]]:
    """The own text of a body element and its quote blocks (taken out of it)."""
    if el is None:
        return "", []
    quotes = _html.take_quotes(el, "blockquote")
    return _html.post_text(el), [(a, q) for a, q in quotes if q]


def _submission(page: _html.Node, comments: list[_html.Node]) -> _html.Node | None:
    """The post the comments answer: the one they name, else the comments page's."""
    posts = page.select("shreddit-post")
    named = {c.get("postid") for c in comments} - {None, ""}
    for pick in (
        lambda p: p.get("id") in named,
        lambda p: p.get("view-context") == "CommentsPage",
        lambda p: len(posts) == 1,
    ):
        if found := next((p for p in posts if pick(p)), None):
            return found
    if len(posts) > 1 and not comments:
        raise ThreadsError(
            f"a Reddit listing of {len(posts)} posts (a subreddit, feed or profile page), not one post's "
            "comments: save the page of a post"
        )
    return None


def _root(post_el: _html.Node | None, comments: list[_html.Node]) -> tuple[RawPost, str | None]:
    """Post 0 and the thread's title."""
    if post_el is None:
        sid = next((pid for c in comments if (pid := _attr(c, "postid"))), None)
        return RawPost(author=None, body="", source_id=sid, placeholder=True), None
    title = _attr(post_el, "post-title") or _html.first_text(post_el, POST_TITLE)
    body, quotes = _words(_html.first(post_el, POST_BODY))
    root = RawPost(
        author=_author(_attr(post_el, "author")),
        # a link or media post: its link, as reddit-json gives a post without selftext
        body=body or _attr(post_el, "content-href") or "",
        timestamp=_time(post_el, "created-timestamp"),
        title=title,
        source_id=_attr(post_el, "id"),
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )
    return root, title


def _stubs(page: _html.Node) -> tuple[int, int, bool, int]:
    """'more replies' stubs, the comments they say they hide, whether some stub gives no
    count, and 'Continue this thread' links (each a page of its own)."""
    stubs = [p for p in page.select(MORE_STUB) if MORE_SRC in (p.get("src") or "")]
    counts = [_number(n.get("number")) if (n := p.select_one(MORE_COUNT)) else None for p in stubs]
    links = [
        a
        for a in page.select("shreddit-comment-tree a, shreddit-comment a")
        if _html.text_of(a).casefold() == CONTINUE_TEXT
    ]
    return len(stubs), sum(c or 0 for c in counts), None in counts, len(links)


def _comment(el: _html.Node, sid: str, parent: str | None) -> RawPost:
    name = el.get("author")
    if name is None:  # no attribute (a page saved without it): the name it shows
        name = _html.clean_author(_html.first_text(el, COMMENT_AUTHOR))
    text, quotes = _words(_html.first(el, COMMENT_BODY))
    if gone_words(text) or text.strip().casefold() in GONE_LABELS or (name in GONE and not text.strip()):
        # words gone: a placeholder, the page's marker kept as its body (as reddit-json)
        return RawPost(
            author=None,
            body=text.strip() or "[deleted]",
            timestamp=_time(el, "created"),
            source_id=sid,
            parent_source_id=parent,
            placeholder=True,
        )
    return RawPost(
        author=_author(name),
        body=text,
        timestamp=_time(el, "created"),
        source_id=sid,
        parent_source_id=parent,
        quoted=[q for _, q in quotes],
        quote_sources=[a for a, _ in quotes],
    )


def _shreddit(text: str) -> RawThread:
    """One thread from a www.reddit.com page; see the module doc."""
    page = _html.parse_html(text)
    elements = page.select("shreddit-comment")
    post_el = _submission(page, elements)
    root, title = _root(post_el, elements)
    title = title or _html.first_text(page, ("title",))
    stubs = _stubs(page)
    counted = _counted(page, post_el)
    _html.remove_noise(page, SHREDDIT_NOISE)
    nesting = _html.nest(elements)
    for el, outer in zip(elements, nesting, strict=True):
        if outer is not None:
            el.remove()  # its own content only, from here on
    posts = [root]
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    ids: list[str] = []
    depths: list[tuple[int, str]] = []  # open comments by depth: the parent of the next
    flat = 0
    for k, (el, outer) in enumerate(zip(elements, nesting, strict=True)):
        sid = _attr(el, *COMMENT_ID) or f"#{k}"
        ids.append(sid)
        if sid in seen:  # the same comment shown twice (a highlighted one): read once
            skipped["comment shown twice"] = skipped.get("comment shown twice", 0) + 1
            continue
        seen.add(sid)
        depth = _number(el.get("depth"))
        while depths and depth is not None and depths[-1][0] >= depth:
            depths.pop()
        parent = _attr(el, "parentid")
        if parent is None and outer is not None:
            parent = ids[outer]
        elif parent is None and depth is not None:
            parent = depths[-1][1] if depth and depths else root.source_id if depth == 0 else None
        if parent is None:
            flat += 1
        if depth is not None:
            depths.append((depth, sid))
        posts.append(_comment(el, sid, parent))
    posts, bare = drop_bare_placeholders(posts)
    if bare:
        skipped["deleted"] = bare
    more, _, _, continued = stubs
    if more:
        skipped["more"] = more
    if continued:
        skipped[CONTINUE_TEXT] = continued
    warnings = _notes(root, posts, stubs, flat, counted)
    key = (root.source_id or "").removeprefix("t3_") or None
    origin = COMMENTS_URL.format(key) if key else None
    posts[0].title = title
    return RawThread(posts=posts, title=title, key=key, skipped=skipped, warnings=warnings, origin=origin)


def _counted(page: _html.Node, post_el: _html.Node | None) -> int | None:
    """How many comments Reddit counts under the post (deleted ones too)."""
    tree = page.select_one("shreddit-comment-tree-stats[total-comments]")
    values = (
        post_el.get("comment-count") if post_el is not None else None,
        tree.get("total-comments") if tree is not None else None,
    )
    return next((n for v in values if (n := _number(v)) is not None), None)


def _notes(
    root: RawPost,
    posts: list[RawPost],
    stubs: tuple[int, int, bool, int],
    flat: int,
    counted: int | None,
) -> list[str]:
    more, hidden, uncounted, continued = stubs
    notes = []
    if root.placeholder:
        notes.append("the post is not on this page: post 0 is a placeholder")
    if more:
        least = "at least " if uncounted else ""
        notes.append(
            f"{more} 'more replies' stub(s) hide {least}{hidden} comment(s) the page did not load "
            "(not in the file)"
        )
    if continued:
        notes.append(f"{continued} 'Continue this thread' link(s): their replies are on other pages")
    if kept := sum(p.placeholder for p in posts[1:]):
        notes.append(
            f"{kept} deleted or removed comment(s) kept, without author, so their replies stay in place"
        )
    if flat:
        notes.append(
            f"{flat} comment(s) carry no parent, depth or nesting (a page saved flat): "
            "whom they answer is inferred"
        )
    ids = {p.source_id for p in posts}
    if away := sum(p.parent_source_id is not None and p.parent_source_id not in ids for p in posts):
        notes.append(
            f"{away} comment(s) answer a comment not on this page (a 'Continue this thread' page?): "
            "they are read as comments on the post"
        )
    if len(posts) <= 1:
        notes.append("no comments on this page")
    if counted is not None and counted > len(posts) - 1:
        notes.append(f"Reddit counts {counted} comments under this post; {len(posts) - 1} are in this page")
    return notes
