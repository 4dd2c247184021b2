"""Helpers shared by the HTML dialects: sniffing, quotes, pagination, rules as data.

An HTML dialect is a table of CSS selectors (one or more :class:`Rules` rows, one per
engine version) plus, where an engine needs it, a little code. :func:`extract` applies
one row to a page and returns a :class:`~threads.model.RawThread`: the article or
opening post as post 0, then every post in page order, with author, timestamp
(machine-readable attributes first, then the visible text), own text, quote blocks
(kept aside, with the quoted author when the page names one) and nesting
(``parent_source_id``) where the DOM shows it.

Pages are parsed by the backend layer in :mod:`threads.formats._html_dom` (Lexbor by
default, BeautifulSoup on lxml as the fallback): everything here works on its
:class:`Node`, never on a parser's own objects. Text, names and times of elements are
read by :mod:`threads.formats._html_text`.

>>> page = parse_html('<div class="c"><b class="who">Ann</b><div class="text">Hi '
...             '<blockquote><cite>Bob wrote:</cite>yo</blockquote></div></div>')
>>> thread = extract(page, Rules(post="div.c", author=("b.who",), body=("div.text",)))
>>> [(p.author, p.body, p.quote_sources) for p in thread.posts]
[('Ann', 'Hi', ['Bob'])]
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date
from threads.formats._html_dom import BackendError, Node, parse_html, use_backend
from threads.formats._html_pages import (  # noqa: F401 (dialects use _html.mark_pages, ...)
    PAGINATION,
    mark_pages,
    page_warnings,
    pagination,
)
from threads.formats._html_text import (  # dialects use _html.time_of, ...
    clean_author,
    find_time,
    first,
    first_text,
    header_lines,
    header_relative,
    header_time,
    post_text,
    text_of,
    time_of,
)
from threads.formats._text import RELATIVE_KEY
from threads.markers import attribution_name
from threads.model import RawPost, RawThread, ThreadsError

# How much of a page a sniffer reads. Engine markers sit in the <head> and the first
# posts; a megabyte covers a long article before its comments.
SNIFF_CHARS = 1_000_000

# Never post text, on any engine: code, UI widgets, screen-reader labels, signatures,
# reply links, share bars and ads. Each engine adds its own (``Rules.noise``). Gathered
# from the default themes of the engines in this package.
BASE_NOISE = (
    "script, style, noscript, template, iframe, object, embed, svg, button, select, textarea, input, "
    "nav, .screen-reader-text, .sr-only, .visually-hidden, .says, "
    ".signature, .signaturecontainer, .sig, .comment-reply-link, .reply-link, .share, .sharing, "
    ".sharedaddy, .ad, .ads, .advert, .advertisement, .adsbygoogle, [id^=div-gpt-ad]"
)
# Quote headers: the lines (or cite/title elements) that name whose words a quote
# block holds. Ordered: the first that matches gives the author. Seen on phpBB
# ("X wrote:"), XenForo ("X said: ↑"), vBulletin ("Originally Posted by X"), SMF
# ("Quote from: X on DATE"), MyBB ("X Wrote: (DATE)"), German boards ("Zitat von X",
# "X schrieb:") and Discourse ("alice:"). Mail-style quotes ("On DATE, X wrote:" in
# every language, a blockquote of a mail archive or a blog) are read first, by
# threads.markers.attribution_name.
QUOTE_HEADERS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^(?:quote from|quote|zitat von|zitat|citation de|cita de|citazione di)\s*:?\s*(?P<a>.{1,60}?)"
        r"(?:\s+(?:on|am|le|el|il)\s+\S.*?)?\s*$",
        re.I,
    ),
    re.compile(
        r"^(?:originally posted by|ursprünglich geschrieben von|posted by)\s*:?\s*(?P<a>.{1,60}?)\s*$", re.I
    ),
    re.compile(
        r"^(?P<a>[^:\n]{1,60}?)\s+(?:wrote|said|says|schrieb|hat (?:folgendes )?geschrieben|a écrit|"
        r"escribió|ha scritto|schreef)\b.*$",
        re.I,
    ),
)
_BARE_NAME_HEADER = re.compile(r"^(?P<a>[\w.\- ]{1,40}):$")
# IP.Board's quote citation, "NAME, on DATE, said:" (the date holds commas and colons).
_CITATION = re.compile(r"^(?P<a>[^,\n]{1,60}), on \S.{2,60}?,? said:?$", re.I)
# Labels some engines print above a quote, naming nobody (vBulletin 3, phpBB 2).
QUOTE_LABELS = frozenset(["quote:", "zitat:", "citation :", "citation:", "cita:", "citazione:"])
# MyBB puts the quoted post's date, in brackets, before the author: "(03-14-2021, 09:41 PM)X Wrote:".
_LEADING_DATE = re.compile(r"^\([^)]{4,40}\)\s*")
# Attributes that name a quote's author, by engine: XenForo 1 (data-author), XenForo 2
# (data-quote), Discourse (data-username), Invision (data-ipsquote-username).
QUOTE_AUTHOR_ATTRS = ("data-author", "data-quote", "data-username", "data-ipsquote-username")
# Elements inside (or just before) a quote block that hold its header.
QUOTE_HEADER_SELECTOR = (
    "cite, .bbCodeBlock-title, .attribution, .bbcode_postedby, .ipsQuote_citation, div.title, "
    ".quoteheader, .quote-header"
)

_TAG = re.compile(r"<[a-zA-Z!/]")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


# ----------------------------------------------------------------- parsing, sniffing
soup = parse_html  # the name the platform-export helpers (``_dump.py``) import
_HTML_TAGS = re.compile(r"<(?:div|p|span|table|td|li|a|body|br)\b", re.I)


def looks_like_html(text: str) -> bool:
    """Cheap test used by sniffers before anything else: an HTML document, or a
    fragment starting with markup, in the first 4 KB (an XML export such as WXR or
    Disqus is not a page unless it holds ``<html>``)."""
    head = text[:4096].lower()
    if "<html" in head or "<!doctype html" in head:
        return True
    head = head.lstrip()
    # A fragment (copied markup) must start with a tag: text exports with HTML bodies
    # (Movable Type, WXR) do not.
    if not head.startswith("<") or head.startswith("<?xml"):
        return False
    return len(_TAG.findall(head)) >= 8 and len(_HTML_TAGS.findall(head)) >= 4


def sniff_markers(text: str, markers: tuple[tuple[re.Pattern[str], float], ...]) -> float:
    """Sum of the weights of ``markers`` found in the head of an HTML ``text``, capped at 1.

    Each dialect lists markers only its engine prints (generator meta, class names,
    script URLs); the weights are set so that its own pages reach 0.6 and other
    engines' pages stay at or below 0.2 (see ``tests/formats/test_html.py``).
    """
    if not looks_like_html(text):
        return 0.0
    head = text[:SNIFF_CHARS]
    return round(min(1.0, sum(w for pattern, w in markers if pattern.search(head))), 2)


def markers(*rows: tuple[str, float]) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Compile (regex, weight) rows for :func:`sniff_markers`."""
    return tuple((re.compile(p, re.I), w) for p, w in rows)


def guarded(name: str) -> Callable[[Callable[[str], list[RawThread]]], Callable[[str], list[RawThread]]]:
    """Turn the failures broken markup can provoke deep inside a parser (runaway
    nesting, absurd attribute values) into one clear :class:`ThreadsError`. A page the
    fast backend refuses is read again with BeautifulSoup on lxml, the lenient one."""

    def wrap(parse: Callable[[str], list[RawThread]]) -> Callable[[str], list[RawThread]]:
        @functools.wraps(parse)
        def run(text: str) -> list[RawThread]:
            # The cyclic garbage collector is paused meanwhile: a big page makes
            # millions of objects and no cycles worth collecting, and the collector's
            # passes cost ~25% of the run (30 MB page, ``scripts/bench_html.py``).
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                try:
                    return parse(text)
                except BackendError:
                    with use_backend("soup"):
                        return parse(text)
            except ThreadsError:
                raise
            except RecursionError:
                raise ThreadsError(f"HTML nested too deeply to read as {name}") from None
            except (ValueError, TypeError, AttributeError, IndexError, KeyError) as err:
                raise ThreadsError(f"cannot read this HTML as {name}: {type(err).__name__}: {err}") from None
            finally:
                if was_enabled:
                    gc.enable()

        return run

    return wrap


# ---------------------------------------------------------------------- quotes
def quote_header(text: str, bare: bool = False) -> str | None:
    """The author a quote header line names ("X wrote:", "Quote from: X on ..."), if any;
    ``bare`` also accepts "X:" (only in an element that is a quote's title)."""
    text = _LEADING_DATE.sub("", _WS.sub(" ", text).strip())
    if not text or len(text) > 160 or text.casefold() in QUOTE_LABELS:
        return None
    if m := _CITATION.match(text):
        return clean_author(m.group("a"))
    if name := attribution_name(text if text.endswith((":", "：")) else text + ":"):
        return clean_author(name)
    for pattern in QUOTE_HEADERS:
        if m := pattern.match(text):
            return clean_author(m.group("a"))
    if bare and (m := _BARE_NAME_HEADER.match(text)):
        return m.group("a").strip()
    return None


def top_level(el: Node, selector: str) -> list[Node]:
    """Elements under ``el`` matching ``selector`` that are not inside another match."""
    found = el.select(selector)
    if len(found) < 2:
        return found
    ids = {q.key for q in found}
    top = el.key
    out = []
    for q in found:
        anc = q.parent
        while anc is not None and anc.key != top and anc.key not in ids:
            anc = anc.parent
        if anc is None or anc.key == top:
            out.append(q)
    return out


def take_quotes(el: Node, selector: str, body: str = "") -> list[tuple[str | None, str]]:
    """Remove quote blocks from ``el`` (in place) and return them as (author, text).

    The author comes from an attribute (:data:`QUOTE_AUTHOR_ATTRS`), a header element
    inside or just before the block (:data:`QUOTE_HEADER_SELECTOR`), or a header line
    ("X wrote:") at the start of the block. ``body`` selects the quoted words inside
    the block when the engine wraps them (e.g. XenForo's expandable content).
    """
    found: list[tuple[str | None, str]] = []
    for q in top_level(el, selector):
        author = next((str(q.get(a)).strip() for a in QUOTE_AUTHOR_ATTRS if q.get(a)), None)
        author = author.split(",")[0].strip() if author else None  # XF2: "Ann, post: 12, member: 3"
        header = q.select_one(QUOTE_HEADER_SELECTOR)
        prev = q.previous()
        if header is None and prev is not None and "quoteheader" in prev.classes:
            header = prev  # SMF 2.0 puts the header before the block
        if header is not None:
            author = author or quote_header(text_of(header), bare=True)
            header.remove()
        inner = q.select_one(body) if body else None
        text = text_of(inner if inner is not None else q)
        head, _, rest = text.partition("\n")
        if head.casefold() in QUOTE_LABELS:
            text = rest
            head, _, rest = text.partition("\n")
        if not author and (who := quote_header(head)) and rest:
            author, text = who, rest
        found.append((author, text.strip()))
        q.remove()
    return found


# ---------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rules:
    """One engine version's selectors. Tuples are alternatives tried in order (the
    first that finds something wins); all are relative to the post element, except
    ``post``, ``article*`` and ``title`` (relative to the page)."""

    post: str  # every post/comment element, in page order
    author: tuple[str, ...] = ()
    time: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # () = the post element itself
    # An element whose text holds author and/or date where no selector above finds them
    # ("Posted by: Ann | June 7, 2016 at 05:06 PM"), and the pattern that reads it.
    meta: tuple[str, ...] = ()
    meta_re: re.Pattern[str] | None = None
    title: tuple[str, ...] = ("h1",)
    article: tuple[str, ...] = ()  # blogs: the article body (post 0); () = forums
    article_author: tuple[str, ...] = ()
    article_time: tuple[str, ...] = ()
    article_meta: tuple[str, ...] = ()
    quote: str = "blockquote"  # quote blocks inside a body ("" = none)
    quote_body: str = ""
    id_attr: str = "id"
    nested: bool = True  # a post inside another post's element replies to it
    answers_root: bool = False  # Q&A: un-nested posts answer post 0
    # A link inside a post to the post it answers ("replied to <a href=#comment-12>"),
    # where the engine shows threading by links rather than nesting.
    reply_to: str = ""
    # Elements replaced by their ``title`` before reading (MyBB shows "Yesterday" and
    # keeps the date in the title).
    title_as_text: str = ""
    # Code run on the page before ``post`` is selected, for markup CSS cannot select
    # (phpBB 2 posts are table rows known only by a cell inside them).
    prepare: Callable[[Node], None] | None = None
    noise: str = ""
    # Elements inside a body that are not the post's words but hold its author or date
    # (Askbot prints "asked DATE" and the user card inside the post body): removed from
    # the body after author and time are read.
    body_noise: str = ""
    # Where ``time`` and ``meta`` find nothing (a customised template), read the date from
    # the post's own header: the lines before its body (:func:`_html_text.header_time`).
    header_time: bool = True
    skip: tuple[tuple[str, str], ...] = ()  # (selector, kind): counted, not posts


def _from_meta(el: Node, rules: Rules) -> tuple[str | None, datetime | None]:
    if not rules.meta or rules.meta_re is None:
        return None, None
    for sel in rules.meta:
        for found in el.select(sel, limit=4):
            if m := rules.meta_re.search(text_of(found).replace("\n", " ")):
                groups = m.groupdict()
                date = parse_date(groups["date"].strip()) if groups.get("date") else None
                return clean_author(groups.get("author")), date
    return None, None


# Counted in ``notes`` by :func:`post_from`: posts dated "today"/"yesterday" in a header.
RELATIVE_NOTE = "relative"


def post_from(el: Node, rules: Rules, notes: dict[str, int] | None = None) -> RawPost:
    """One post element (nested posts already detached) to a :class:`RawPost`.
    Quote blocks are removed from the element. ``notes`` counts what the caller should
    warn about (:data:`RELATIVE_NOTE`: a date the page gives relative to an unknown day)."""
    author = clean_author(first_text(el, rules.author)) if rules.author else None
    ts = find_time(el, rules.time) if rules.time else None
    if author is None or ts is None:
        meta_author, meta_ts = _from_meta(el, rules)
        author, ts = author or meta_author, ts or meta_ts
    body_el = first(el, rules.body) if rules.body else el
    if body_el is None:
        body_el = el
    if ts is None and rules.header_time:
        lines = header_lines(el, body_el)
        ts = header_time(lines)
        if ts is None and notes is not None and header_relative(lines):
            notes[RELATIVE_NOTE] = notes.get(RELATIVE_NOTE, 0) + 1
    if rules.body_noise:
        body_el.remove_all(rules.body_noise)
    quotes = take_quotes(body_el, rules.quote, rules.quote_body) if rules.quote else []
    return RawPost(
        author=author,
        body=post_text(body_el),
        timestamp=ts,
        quoted=[q for _, q in quotes if q],
        quote_sources=[a for a, q in quotes if q],
    )


# Containers of a blog article (header, body, footer), looked for upwards from its body:
# the article's own author and date are searched there before the page at large, where
# related-article teasers and widgets carry theirs. From WordPress core post classes
# (``hentry``, ``type-post``), classic themes (``post``, ``entry``) and Blogger.
ARTICLE_SCOPE_TAGS = frozenset({"article"})
ARTICLE_SCOPE_CLASSES = frozenset({"hentry", "type-post", "post", "entry", "blog-post", "post-outer"})
# Inside that container, any machine-readable time is the article's (schema.org, HTML5).
ARTICLE_SCOPE_TIME = ("[itemprop=datePublished]", "time[datetime]")
# The page's own machine-readable publication time (Open Graph article, schema.org,
# Dublin Core), read when the container has none.
ARTICLE_TIME_META = (
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="DC.date.issued"]',
    'meta[name="date"]',
)


def article_scope(art: Node) -> Node | None:
    """The nearest element around an article body that holds the whole article."""
    anc = art.parent
    while anc is not None and anc.tag not in ("body", "html", ""):
        if anc.tag in ARTICLE_SCOPE_TAGS or ARTICLE_SCOPE_CLASSES.intersection(anc.classes):
            return anc
        itemtype = anc.get("itemtype") or ""
        if itemtype.endswith(("/Article", "/BlogPosting", "/NewsArticle")):
            return anc
        anc = anc.parent
    return None


def _outside(el: Node, stop: Node, posts: set[int]) -> bool:
    """``el`` is not inside one of the ``posts`` elements (below ``stop``)."""
    anc: Node | None = el
    while anc is not None and anc.key != stop.key:
        if anc.key in posts:
            return False
        anc = anc.parent
    return True


def _scoped_time(scope: Node, selectors: tuple[str, ...], posts: set[int]) -> datetime | None:
    for sel in selectors:
        for found in scope.select(sel, limit=8):
            if _outside(found, scope, posts) and (ts := time_of(found)):
                return ts
    return None


def _scoped_text(scope: Node, selectors: tuple[str, ...], posts: set[int]) -> str | None:
    for sel in selectors:
        for found in scope.select(sel, limit=8):
            if _outside(found, scope, posts) and (t := text_of(found)):
                return t
    return None


def article_byline(
    page: Node, art: Node, rules: Rules, posts: set[int]
) -> tuple[str | None, datetime | None]:
    """The article's author and time: from its own container first (:func:`article_scope`),
    then the page's publication meta, then the page at large; never from inside a comment
    (``posts``: keys of the post elements)."""
    scope = article_scope(art)
    author = ts = None
    if scope is not None:
        author = _scoped_text(scope, rules.article_author, posts)
        ts = _scoped_time(scope, (*rules.article_time, *ARTICLE_SCOPE_TIME), posts)
    if ts is None:
        ts = _scoped_time(page, ARTICLE_TIME_META, posts)
    author = author or _scoped_text(page, rules.article_author, posts)
    ts = ts or _scoped_time(page, rules.article_time, posts)
    author = clean_author(author)
    if rules.article_meta and (author is None or ts is None):
        meta = Rules(post="", meta=rules.article_meta, meta_re=rules.meta_re)
        meta_author, meta_ts = _from_meta(page, meta)
        author, ts = author or meta_author, ts or meta_ts
    return author, ts


def page_title(page: Node, selectors: tuple[str, ...]) -> str | None:
    """The thread's title: the rule's selectors, then og:title, then ``<title>``."""
    if t := first_text(page, selectors):
        return t.split("\n")[0]
    og = page.select_one('meta[property="og:title"]')
    if og is not None and (content := og.get("content")) and content.strip():
        return content.strip()
    title = page.select_one("title")
    return (text_of(title) or None) if title is not None else None


def remove_noise(page: Node, extra: str = "") -> None:
    """Drop :data:`BASE_NOISE` and an engine's own noise from the page, in place."""
    page.remove_all(f"{BASE_NOISE}, {extra}" if extra else BASE_NOISE)


def nest(elements: list[Node]) -> list[int | None]:
    """For each element, the index of the nearest earlier element that contains it."""
    index = {el.key: k for k, el in enumerate(elements)}
    parents: list[int | None] = []
    for el in elements:
        found = None
        anc = el.parent
        while anc is not None:
            if anc.key in index:
                found = index[anc.key]
                break
            anc = anc.parent
        parents.append(found)
    return parents


def parents_from_depths(depths: list[int]) -> list[int | None]:
    """Parents from indentation depths (0 = top level), as Hacker News shows nesting."""
    stack: list[tuple[int, int]] = []
    parents: list[int | None] = []
    for k, d in enumerate(depths):
        while stack and stack[-1][0] >= d:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((d, k))
    return parents


def source_ids(elements: list[Node], attr: str) -> list[str]:
    """The page's own ids of the post elements, ``#k`` where missing or repeated."""
    ids: list[str] = []
    seen: set[str] = set()
    for k, el in enumerate(elements):
        # ``attr`` may name alternatives, space-separated: the first the element has
        sid = next((value for name in attr.split() if (value := el.get(name))), None)
        sid = str(sid) if sid else f"#{k}"
        if sid in seen:
            sid = f"#{k}"
        seen.add(sid)
        ids.append(sid)
    return ids


def extract(
    page: Node,
    rules: Rules,
    parents: list[int | None] | None = None,
    root: RawPost | None = None,
) -> RawThread:
    """Apply ``rules`` to a parsed page (modified in place): post 0 the article (blogs),
    ``root`` if given, or the first post (forums), then every post in page order.

    ``parents`` overrides DOM nesting (an index into the post elements per post).
    """
    title = page_title(page, rules.title)
    skipped = {kind: n for sel, kind in rules.skip if (n := len(page.select(sel)))}
    remove_noise(page, rules.noise)
    if rules.title_as_text:
        for el in page.select(rules.title_as_text):
            el.replace_with_text(el.get("title") or text_of(el))
    elements = page.select(rules.post)
    if parents is None:
        parents = nest(elements) if rules.nested else [None] * len(elements)
    for el, parent in zip(elements, parents, strict=True):
        if parent is not None:
            el.remove()  # its own content only, from here on
    ids = source_ids(elements, rules.id_attr)
    posts: list[RawPost] = [root] if root is not None else []
    warnings: list[str] = []
    if rules.article and root is None:
        art = first(page, rules.article)
        if art is None:
            posts.append(RawPost(author=None, body="", placeholder=True))
            warnings.append("the article is not on this page: post 0 is a placeholder")
        else:
            author, ts = article_byline(page, art, rules, {el.key for el in elements})
            # Comments inside the article's element (a theme or a cut-short save that
            # leaves its <div> open) are posts of their own, not the article's words.
            for el in elements:
                if not _outside(el, page, {art.key}):
                    el.remove()
            quotes = take_quotes(art, rules.quote, rules.quote_body) if rules.quote else []
            posts.append(
                RawPost(
                    author=author,
                    body=post_text(art),
                    timestamp=ts,
                    quoted=[q for _, q in quotes if q],
                    quote_sources=[a for a, q in quotes if q],
                )
            )
    offset = len(posts)
    notes: dict[str, int] = {}
    for k, (el, parent) in enumerate(zip(elements, parents, strict=True)):
        link = el.select_one(rules.reply_to) if rules.reply_to else None
        post = post_from(el, rules, notes)
        post.source_id = ids[k]
        if parent is not None:
            post.parent_source_id = ids[parent]
        elif link is not None and (target := str(link.get("href") or "").rpartition("#")[2]) in ids[:k]:
            post.parent_source_id = target
        elif rules.answers_root and k + offset > 0:
            post.parent_source_id = posts[0].source_id if posts else None
        posts.append(post)
    if posts:
        posts[0].title = title
    if len(posts) <= 1:
        warnings.append("no comments or replies found on this page")
    if n := notes.get(RELATIVE_NOTE):
        skipped[RELATIVE_KEY] = n  # counted as the text copies count them
        warnings.append(
            f"{n} post{'s' if n > 1 else ''} dated relative to the day the page was saved ('today', "
            "'yesterday', 'Heute', ...): the page does not say which day that was, so "
            f"{'their times are' if n > 1 else 'its time is'} left empty"
        )
    return RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)


def parse_variants(text: str, variants: tuple[Rules, ...], name: str) -> list[RawThread]:
    """Parse with the first variant (engine version) whose post selector matches, or
    the first variant if none does; add pagination warnings."""
    if not text.strip():
        return []
    page = parse_html(text)
    chosen = variants[0]
    for rules in variants:
        if rules.prepare is not None:
            rules.prepare(page)
        if page.select_one(rules.post) is not None:
            chosen = rules
            break
    thread = mark_pages(extract(page, chosen), page, text)
    if not thread.posts:
        raise ThreadsError(f"no posts found in this page (read as {name})")
    return [thread]
