"""Which page of a thread a saved page is, and which thread it belongs to.

A long forum thread (or a blog's comments) is split over pages. A page says so in its
pager ("Page 34 of 40", "Seite 34 von 40", phpBB 2's "Goto page 1, 2, 3 ... 9" with the
current page in bold, Askbot's ``data-num-pages``) or only in its ``<link rel=next/prev>``.
:func:`page_of` reads (k, n) from the first of these that the page shows (n ``None``
where only rel links say there are other pages); :func:`origin_of` names the thread the
same way on every one of its pages: the canonical (or og:url) address, else the pager's
own links, with page and session parameters removed. Dialects put both on the
:class:`~threads.model.RawThread` (:func:`mark_pages`); ``threads.read`` merges pages
given together and says of a page read alone which page it is.

>>> from threads.formats._html_dom import parse_html
>>> page = parse_html('<link rel="canonical" href="https://f.example/t/42-title-3.html?s=ab12">'
...                   '<div class="pager">Seite 3 von 9</div>')
>>> page_of(page, "Seite 3 von 9"), origin_of(page, (3, 9))
((3, 9), 'https://f.example/t/42-title.html')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

from threads.formats._html_dom import Node
from threads.formats._text import numbers
from threads.model import RawThread

# How much of a page the pager is looked for in: pagers sit above and below the posts.
PAGER_CHARS = 4_000_000

# "Page 2 of 5" in the page's language, with tags between the words (phpBB bolds the
# numbers); XenForo 1 writes it as attributes.
PAGINATION: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:page|seite|página|pagina|strona)(?:\s|&nbsp;|<[^>]{0,80}>)*(?P<k>\d{1,5})"
        r"(?:\s|&nbsp;|<[^>]{0,80}>)*(?:of|von|sur|de|di|van|z|/)(?:\s|&nbsp;|<[^>]{0,80}>)*(?P<n>\d{1,5})\b",
        re.I,
    ),
    re.compile(r'data-page="(?P<k>\d{1,5})"\s+data-last="(?P<n>\d{1,5})"'),
    # MyBB: <span class="pages">Pages (2):</span><span class="pagination_current">1</span>
    re.compile(
        r'class="pages">[^<]*\((?P<n>\d{1,5})\)[^<]*</span>\s*<span class="pagination_current">(?P<k>\d{1,5})'
    ),
    # Askbot (macros.html ``paginator``): <div class="paginator" data-num-pages="4"> ...
    # <span class="curr page" data-page="1" (seen on ask.openstack.org pages).
    re.compile(
        r'data-num-pages="(?P<n>\d{1,5})"(?:(?!data-num-pages).){0,4000}?'
        r'class="curr page"\s+data-page="(?P<k>\d{1,5})"',
        re.S,
    ),
)
# phpBB 2 (subSilver) and phpBB 3 (subsilver2) write the pager as a list: the current page
# in <b> (or <strong>), the others as links: "Goto page <b>1</b>, <a ...>2</a> ... <a>9</a>".
# The label in the language packs we know.
GOTO_PAGE = re.compile(
    r"(?:goto page|go to page|gehe zu seite|gehe zu|aller à la page|ir a página|ir a la página|"
    r"vai alla pagina|ga naar pagina)\s*:?\s*(?P<list>(?:(?!</(?:span|td|div|p)>).){1,3000})",
    re.I | re.S,
)
_CURRENT = re.compile(r"<(?:b|strong)>\s*(\d{1,5})\s*</(?:b|strong)>", re.I)
_LINKED = re.compile(r'<a\b[^>]*href="(?P<href>[^"]*)"[^>]*>\s*(?P<n>\d{1,5})\s*</a>', re.I)

# The words that open the first PAGINATION pattern, as pages write them. They are found
# with str.find and the pattern tried there only: its case-insensitive scan of a 4 MB
# page costs ~0.6 s, more than Lexbor takes to parse it. Mixed case ("pAgE") is looked
# for on ASCII pages only.
_PAGE_WORDS = tuple(
    form
    for word in ("page", "seite", "página", "pagina", "strona")
    for form in (word, word.title(), word.upper())
)

# Query parameters that choose a page, a sort order or a session, never the thread: phpBB
# (start, sid, postdays, postorder, highlight), vBulletin (s, page, pp), SMF/MyBB (page),
# Askbot (page, sort), WordPress (cpage, replytocom), trackers (utm_*).
PAGE_PARAMS = frozenset(
    ("page", "pagenumber", "pp", "start", "s", "sid", "session", "postdays", "postorder"),
) | frozenset(("highlight", "sort", "cpage", "replytocom", "no_prefetch", "view"))
# Page parts of a path, for page k: vBSEO ("...-title-34.html"), XenForo ("/page-34"),
# WordPress and many CMSs ("/page/34/", "/comment-page-34/"), IPB ("/page-34/").
PAGE_PATHS: tuple[str, ...] = (
    r"-{k}(?=\.html?$)",
    r"/page-{k}/?$",
    r"/page/{k}/?$",
    r"/comment-page-{k}/?$",
)


def _matches_at_words(pattern: re.Pattern[str], head: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(head)`` for a pattern that starts with one of :data:`_PAGE_WORDS`."""
    # An ASCII page lower-cases in place (same length), which finds every case.
    words, hay = (_PAGE_WORDS[::3], head.lower()) if head.isascii() else (_PAGE_WORDS, head)
    starts: set[int] = set()
    for word in words:
        at = hay.find(word)
        while at != -1:
            starts.add(at)
            at = hay.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (m := pattern.match(head, at)):
            end = m.end()
            yield m


def pagination(text: str) -> tuple[int, int] | None:
    """(k, n) when the page's markup says it is page k of n (n > 1)."""
    head = text[:PAGER_CHARS]
    for pattern in PAGINATION:
        found = _matches_at_words(pattern, head) if pattern is PAGINATION[0] else pattern.finditer(head)
        for m in found:
            k, n = int(m.group("k")), int(m.group("n"))
            if 1 <= k <= n and n > 1:
                return k, n
    return goto_page(head)[0]


def goto_page(text: str) -> tuple[tuple[int, int] | None, list[str]]:
    """phpBB's "Goto page 1, 2, 3 ... 9": (k, n) and the pager's links, or (None, [])."""
    for m in GOTO_PAGE.finditer(text):
        items = m.group("list")
        current = _CURRENT.search(items)
        links = list(_LINKED.finditer(items))
        if current is None or not links:
            continue
        k = int(current.group(1))
        n = max(k, *(int(x.group("n")) for x in links))
        if n > 1:
            return (k, n), [x.group("href") for x in links]
    return None, []


def strip_page(url: str, k: int | None = None) -> str:
    """``url`` without its fragment, page and session parameters (:data:`PAGE_PARAMS`)
    and, for page ``k``, the page part of its path (:data:`PAGE_PATHS`)."""
    parts = urlsplit(url.strip().replace("&amp;", "&"))
    # The kept parameters as written: a query that is a path (IP.Board's
    # "index.php?/topic/12-title/") stays one, not "%2Ftopic%2F12-title%2F=".
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece
        and (key := unquote_plus(piece.partition("=")[0])).lower() not in PAGE_PARAMS
        and not key.startswith("utm_")
    ]
    path = parts.path
    if k is not None:
        for row in PAGE_PATHS:
            path, hits = re.subn(row.format(k=k), "", path)
            if hits:
                break
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))


def _page_number(url: str) -> int | None:
    """The page a pager link points at: a ``page``/``cpage`` parameter or a page path."""
    parts = urlsplit(url.replace("&amp;", "&"))
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("page", "cpage", "pagenumber") and (page := numbers(value)):
            return page[0]
    if m := re.search(r"(?:/page[-/]|/comment-page-|-)(\d{1,5})(?:\.html?|/)?$", parts.path):
        return int(m.group(1))
    return None


def _link(page: Node, rel: str) -> str | None:
    found = page.select_one(f'link[rel="{rel}"]')
    href = found.get("href") if found is not None else None
    return href.strip() if href else None


def _canonical(page: Node) -> str | None:
    if href := _link(page, "canonical"):
        return href
    og = page.select_one('meta[property="og:url"]')
    content = og.get("content") if og is not None else None
    return content.strip() if content else None


def _rel_pages(page: Node) -> tuple[int, None] | None:
    """Page k of an unknown number, from ``<link rel=prev|next>`` whose address is this
    thread's (the canonical address once page parts are removed) on another page. A blog
    entry's rel=next names the next entry: another address, so not a page."""
    canonical = _canonical(page)
    for rel, step in (("prev", 1), ("next", -1)):
        href = _link(page, rel)
        number = _page_number(href) if href else None
        if href is None or number is None:
            continue
        k = number + step
        if k < 1:
            continue
        if canonical is not None and strip_page(href, number) != strip_page(canonical, k):
            continue
        return k, None
    return None


def page_of(page: Node, text: str) -> tuple[int, int | None] | None:
    """(k, n) for page k of n, n ``None`` where only rel=next/prev say there are others."""
    return pagination(text) or _rel_pages(page)


def origin_of(page: Node, pages: tuple[int, int | None] | None, text: str = "") -> str | None:
    """The thread's address, the same on each of its pages (see the module doc)."""
    k = pages[0] if pages else None
    if canonical := _canonical(page):
        return strip_page(canonical, k)
    if pages is None:
        return None
    _, links = goto_page(text[:PAGER_CHARS])
    found = {strip_page(href) for href in links}
    return found.pop() if len(found) == 1 else None


def mark_pages(thread: RawThread, page: Node, text: str) -> RawThread:
    """Set ``thread.page`` and ``thread.origin`` from the page (in place; returned)."""
    thread.page = page_of(page, text)
    thread.origin = origin_of(page, thread.page, text)
    return thread


def page_warnings(text: str) -> list[str]:
    """A warning for a page that is one of several, for dialects that do not set
    :attr:`RawThread.page` (``threads.read`` writes it for those that do)."""
    if found := pagination(text):
        k, n = found
        return [f"page {k} of {n} of this thread: earlier and later pages are not in this file"]
    return []
