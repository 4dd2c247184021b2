"""WordPress blog pages saved from a browser, in any site language.

The article is post 0; comments are ``li.comment`` (or ``div.comment`` in themes that
list comments as divs, :data:`DIV_RULES`), nested in ``ol/ul.children`` under the comment they answer,
which gives ``nested`` reply links. Times come from ``time[datetime]`` where the theme
prints it (Twenty Nineteen and later), else from the visible text of the comment's
permalink ("23. Juni 2016 um 17:21 Uhr" in Twenty Ten, German).

Themes still built on the comment templates of WordPress 1.5-2.6 (before
``wp_list_comments``) print no comment classes at all: ``ol.commentlist`` (Kubrick, the
old default theme) or ``ol#commentlist`` (Classic) of bare ``li#comment-N``, the author
in a ``<cite>`` and the date in a ``<small>`` beside it (Kubrick: "NAME Says: DATE"), or
one byline under the words (Classic: "Comment by NAME — 17.07, 2011 @ 13:04"); pingbacks
and trackbacks are only told apart by that byline ("Pingback by ..."). They are read by
:data:`LEGACY` (:func:`parse`).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _html
from threads.model import RawThread, ThreadsError

NAME = "wordpress-html"
PRIORITY = 20
DESCRIPTION = "WordPress blog page saved as HTML: the article and its (threaded) comments."

# Markers from WordPress core output: the generator meta tag, asset paths, and the
# class names of wp_list_comments()/comment_form() (wp-includes/comment-template.php).
MARKERS = _html.markers(
    (r'<meta name="generator" content="WordPress', 0.5),
    (r"/wp-(?:content|includes)/", 0.4),
    (r'class="comment-author vcard"', 0.2),
    (r'class="[^"]*\bcomment-reply-link\b', 0.2),
    (r'class="[^"]*\bcomment\b[^"]*\bdepth-\d', 0.2),
    (r"\bcomment-(?:metadata|meta commentmetadata)\b", 0.1),
)

# Selectors from the default themes Twenty Ten to Twenty Twenty-One and the core
# comment walker (Walker_Comment: html5 and xhtml comment markup); ``.comment_author`` and
# ``.comment_meta`` from custom themes that spell the classes with underscores
# (spreeblick.com's sb07 theme: name, words in ``.comment-text``, date under them);
# ``.comment-header h4`` from Anders Norén's themes (Fukasawa and its kin: the name in an
# <h4>, the date link's title "June 2, 2015 at 10:03 am"); ``.ast-*`` from Astra, the most
# installed theme (its own comment callback: cite > b.fn in .ast-comment-cite-wrap, the
# words in section.ast-comment-content); ``.comment_postinfo`` and ``.comment_date`` from
# Elegant Themes' callback (Divi and its siblings: "on June 2, 2015 at 10:03 am");
# ``li.comment-container`` and ``.comment-entry .comment-content`` from OceanWP's callback
# (its li carries no "comment" class; the words sit in a .comment-content inside the
# .comment-content that also holds name and date).
PINGBACKS = "li.pingback, li.trackback, div.pingback, div.trackback"
RULES = _html.Rules(
    post="li.comment, li.comment-container",
    author=(
        ".comment-author .fn",
        ".comment-author cite",
        ".comment-author",
        ".comment_author",
        ".comment-header h4",
        ".ast-comment-cite-wrap .fn",
        ".comment_postinfo .fn",
    ),
    time=(
        ".comment-metadata time",
        ".comment-meta time",
        "time[datetime]",
        ".comment-metadata a",
        ".commentmetadata a",
        ".comment-meta a",
        ".comment_meta a",
        ".comment-date",
        ".comment_date",
    ),
    body=(
        ".comment-entry .comment-content",
        ".comment-content",
        "div.comment-body",
        ".comment-text",
        ".ast-comment-content",
    ),
    title=("h1.entry-title", ".entry-title", "h1.post-title", "h1"),
    article=(".entry-content", ".post-content", ".entry"),
    article_author=(
        ".entry-meta .author .fn",
        ".byline .author a",
        "a[rel=author]",
        ".author.vcard",
        ".byline a",
    ),
    article_time=("time.entry-date", ".posted-on time", ".entry-meta time", ".entry-date", ".published"),
    # pingbacks are counted (``skip``) before the noise goes: no post's words, nor the
    # article's where a theme leaves the article's element open around the comment list
    noise=(
        "#respond, .comment-respond, .comment-navigation, .navigation, .edit-link, .widget-area, "
        ".jp-relatedposts, .sd-sharing-enabled, .entry-utility, " + PINGBACKS
    ),
    skip=((PINGBACKS, "pingback"),),
)
# The core walker's 'div' style (themes that list comments as divs: div.comment#comment-N,
# replies in div.children). Only where no li.comment is: themes that list li.comment wrap
# each comment's own div#comment-N.comment in it (Fukasawa), which is that comment, not a
# reply to it.
DIV_RULES = dataclasses.replace(RULES, post="div.comment[id^=comment-]")
# wpDiscuz, the comments plugin that replaces the theme's list: div.wpd-comment#wpd-comm-N_P
# (replies inside their parent's), the name in .wpd-comment-author, the date's title
# "30 January, 2025 7:55 pm", the words in .wpd-comment-text (a real page of
# tv7.idlix.asia, Indonesian). It shows the first comments and loads the rest on demand.
WPDISCUZ = dataclasses.replace(
    RULES,
    post="div.wpd-comment",
    author=(".wpd-comment-author",),
    time=(".wpd-comment-date",),
    body=(".wpd-comment-text",),
    noise=f"{RULES.noise}, .wpd-form-wrap, .wpd-thread-head, .wpd-comment-info-bar, .wpd-comment-footer",
)
WPDISCUZ_COUNT = ".wpd-thread-info[data-comments-count]"

# ---------------------------------------------------------------- WordPress 1.5-2.6 themes
# The comment lists of the old comments.php templates (Kubrick: ol.commentlist, Classic:
# ol#commentlist); their items carry no class, so :func:`_mark_legacy` marks them.
LEGACY_ITEMS = (
    'ol.commentlist > li[id^="comment-"], ol#commentlist > li[id^="comment-"], '
    'ul.commentlist > li[id^="comment-"]'
)
LEGACY_POST = "threads-wp-legacy"
LEGACY_PING = "threads-wp-ping"
LEGACY_BYLINE = "threads-wp-byline"
# Classic's byline: comment_type() ("Comment", "Pingback", "Trackback", translated), "by",
# the author, an em dash, comment_date() "@" comment_time().
CLASSIC_BYLINE = re.compile(
    r"^(?P<kind>[^\W\d_]+)\s+(?:by|von|de|par|por|di|da|door|av|af)\s+(?P<author>.+?)\s+[—–]\s+(?P<date>.+)$",
    re.S,
)
PINGBACK = re.compile(r"^\s*(?:ping|track)back\b", re.I)
# Kubrick prints "NAME Says:" (translated) with the name alone in the <cite>: the word
# stays in the item's text, above the comment's words.
SAYS = re.compile(r"^(?:says|sagt|dit|dice|diz|zegt|schreibt|écrit|escribe|scrive)\s*:?$", re.I)
# A date written with a custom format "d.m, Y" ("17.07, 2011", internet-law.de): the
# comma between month and year hides the year from the date reader.
_COMMA_YEAR = re.compile(r"\b(\d{1,2}\.\d{1,2})\.?,\s+(\d{4})\b")
# The entry's byline in those themes: Kubrick's "<small>11.09.2011, 16:20 von NAME</small>"
# under the title, Classic's ".meta" "posted by NAME at 12:53" under the entry.
ARTICLE_BYLINE = re.compile(
    r"^(?:(?P<date>[^|]*?\d{1,2}:\d{2}(?:\s*[ap]m)?)[\s,]+)?"
    r"(?:posted by|written by|geschrieben von|verfasst von|by|von|par|por)\s+(?P<author>[^|@\d]+?)"
    r"(?:\s+(?:at|um|à|@)\s+\d{1,2}[:.]\d{2}.*)?\s*$",
    re.I,
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", re.I)
# The day of an entry whose byline prints only the time (Classic: the_date() in a heading
# above the entry, "17.7.11").
DATE_HEADERS = ("h2.date-header", ".date-header", "h2.date")

LEGACY = _html.Rules(
    post=f"li.{LEGACY_POST}",
    # the item itself: its words sit beside the byline, which is taken out of them
    body_noise=f".{LEGACY_BYLINE}",
    header_time=False,
    title=(".storytitle", ".entry-title", "div.post h2", "div.post h1", "h1"),
    article=(".storycontent", ".entry-content", "div.post .entry", ".entry", ".post-content"),
    article_author=RULES.article_author,
    article_time=RULES.article_time,
    article_meta=("div.post small", "div.post .meta"),
    meta_re=ARTICLE_BYLINE,
    # the entry's footer inside its body: tags, feed and trackback links (Kubrick's
    # "This entry was posted on ..." paragraph, jovelstefan.de's .entryfooter)
    noise=f"{RULES.noise}, .entryfooter, .postmetadata, li.{LEGACY_PING}",
    skip=((f"li.{LEGACY_PING}", "pingback"),),
)


def classic_date(text: str) -> datetime | None:
    """A Classic-template byline's date ("17.07, 2011 @ 13:04"), read alike from a saved
    page and from its copy as text (wordpress-text)."""
    return parse_date(_COMMA_YEAR.sub(r"\1.\2", text.replace("@", " ")))


def _legacy_byline(item: _html.Node) -> tuple[str | None, datetime | None, bool]:
    """(author, time, is a pingback) of an old-template comment; marks its byline."""
    kids = item.children()
    cite = next((kid for kid in kids if kid.tag == "cite"), None)
    if cite is not None:  # Kubrick: <cite>NAME</cite> Says: <small><a>DATE</a></small>
        name = _html.text_of(cite)
        small = next((kid for kid in kids if kid.tag == "small"), None)
        stamp = small.select_one("a") if small is not None else None
        when = _html.time_of(stamp if stamp is not None else small)
        for part in (cite, small):
            if part is not None:
                part.add_class(LEGACY_BYLINE)
        return _html.clean_author(name), when, bool(PINGBACK.match(name))
    last = kids[-1] if kids else None
    cite = last.select_one("cite") if last is not None and last.tag == "p" else None
    if last is not None and cite is not None and (m := CLASSIC_BYLINE.match(_html.text_of(cite))):
        last.add_class(LEGACY_BYLINE)
        author, when = _html.clean_author(m.group("author")), classic_date(m.group("date"))
        return author, when, bool(PINGBACK.match(m["kind"]))
    return None, None, False


def _mark_legacy(page: _html.Node) -> dict[str, tuple[str | None, datetime | None]]:
    """Mark the comments (and pingbacks) of an old-template comment list; their authors
    and times by element id."""
    found: dict[str, tuple[str | None, datetime | None]] = {}
    for item in page.select(LEGACY_ITEMS):
        author, when, ping = _legacy_byline(item)
        item.add_class(LEGACY_PING if ping else LEGACY_POST)
        if not ping:
            found[str(item.get("id"))] = (author, when)
    return found


def _entry_time(page: _html.Node) -> datetime | None:
    """Classic's entry time: the day heading above the entry and the byline's clock."""
    day = _html.first_text(page, DATE_HEADERS)
    meta = _html.first_text(page, ("div.post .meta",))
    clock = _CLOCK.search(meta) if meta else None
    return parse_date(f"{day} {clock.group(0)}") if day and clock else None


def _legacy(page: _html.Node, found: dict[str, tuple[str | None, datetime | None]]) -> RawThread:
    thread = _html.extract(page, LEGACY)
    root = thread.posts[0]
    if not root.placeholder and root.timestamp is None:
        root.timestamp = _entry_time(page)
    for post in thread.posts[1:]:
        post.author, post.timestamp = found.get(post.source_id or "", (None, None))
        lines = post.body.split("\n")
        if lines and SAYS.match(lines[0].strip()):
            post.body = "\n".join(lines[1:])
    return thread


def _wpdiscuz(page: _html.Node) -> RawThread:
    """A wpDiscuz comment list; says how many comments the page counts but did not load."""
    count = page.select_one(WPDISCUZ_COUNT)
    thread = _html.extract(page, WPDISCUZ)
    total = (count.get("data-comments-count") or "") if count is not None else ""
    shown = len(thread.posts) - 1
    if total.isdecimal() and int(total) > shown:
        thread.warnings.append(
            f"the page counts {total} comments and holds {shown}: wpDiscuz loads the others "
            "on demand (save the page after 'load more comments')"
        )
    return thread


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved WordPress page with comments."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0), then the comments in page order."""
    if not text.strip():
        return []
    page = _html.parse_html(text)
    if page.select_one(RULES.post) is not None:
        thread = _html.extract(page, RULES)
    elif page.select_one(WPDISCUZ.post) is not None:
        thread = _wpdiscuz(page)
    elif page.select_one(DIV_RULES.post) is None and page.select_one(LEGACY_ITEMS) is not None:
        thread = _legacy(page, _mark_legacy(page))
    else:
        thread = _html.extract(page, DIV_RULES)
    if not thread.posts:
        raise ThreadsError(f"no posts found in this page (read as {NAME})")
    return [_html.mark_pages(thread, page, text)]
