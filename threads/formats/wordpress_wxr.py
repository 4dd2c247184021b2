"""WordPress eXtended RSS (WXR, Tools → Export): posts and pages with their comments.

::

    <rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" ...><channel>
      <item><title>Hello</title><dc:creator>admin</dc:creator>
        <content:encoded><![CDATA[<p>Post text</p>]]></content:encoded>
        <wp:post_id>12</wp:post_id><wp:post_date_gmt>2021-04-01 09:00:00</wp:post_date_gmt>
        <wp:post_type>post</wp:post_type>
        <wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
          <wp:comment_date_gmt>2021-04-01 10:00:00</wp:comment_date_gmt>
          <wp:comment_content>Nice</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
          <wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent>
        </wp:comment></item></channel></rss>

One thread per item that has comments, in file order, keyed by ``wp:post_id``: posts
and pages, and whatever else readers commented on (an attachment's image page, a
WooCommerce product's reviews). Comment-less items are left out; so is an item whose
comments are all left out, e.g. only pingbacks: its skipped items are counted on the
first thread, with a warning. Post 0 is the post
(``dc:creator``, shown as the ``<wp:author>`` display name of that login, and
``content:encoded`` as text), then the comments in **document order**, moved where
needed so that a parent precedes its replies. ``comment_parent`` gives a ``nested``
parent; a top-level comment is a ``nested`` reply to the post when the export uses
``comment_parent`` at all, else left to reply inference (blogs without threaded
comments put every comment at the top). Pingbacks, trackbacks and the other
:data:`LEFT_OUT_TYPES` are counted in ``skipped`` by type and left out; so are comments
not approved (``spam``, ``trash``, ``0`` pending), by status. Comment text and names are
unescaped (WordPress stores them with entities). Times are the ``_gmt`` fields (aware UTC), else the local
ones as written. Any WXR version (1.0-1.2) is read. XML is parsed safely.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from lxml import etree

from threads.dates import in_range
from threads.formats._dump import SNIFF_CHARS, html_post_text, parents_first, parse_xml
from threads.model import RawPost, RawThread, ThreadsError

NAME = "wordpress-wxr"
PRIORITY = 30
DESCRIPTION = "WordPress WXR export (RSS with wp: elements): posts and their comments."

# Comment types that are no one's words in the discussion: counted in ``skipped``, left
# out. Pingbacks and trackbacks (another site's excerpt); ``note``, the block editor's
# editorial notes on a draft (WordPress 6.9, held unapproved: the importer's
# wxr-with-note-comments.xml); WooCommerce's private ``order_note`` on orders and
# Action Scheduler's ``action_log`` lines, which it stores as comments too.
LEFT_OUT_TYPES = ("pingback", "trackback", "note", "order_note", "action_log")
_WXR_NS = re.compile(r"http://wordpress\.org/export/1\.\d/")
_SIGNS = (re.compile(r"<rss\b"), _WXR_NS, re.compile(r"<wp:(?:wxr_version|post_id|comment)>"))
_NO_DATE = "0000-00-00 00:00:00"


def sniff(text: str) -> float:
    """Confidence that ``text`` is a WXR export.

    >>> sniff('<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>')
    0.95
    """
    head = text[:SNIFF_CHARS]
    hits = sum(bool(p.search(head)) for p in _SIGNS)
    return {3: 0.95, 2: 0.6}.get(hits, 0.0)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _fields(el: etree._Element) -> dict[str, str]:
    """Child elements by local name (WXR's ``wp:`` namespace URI varies by version)."""
    out: dict[str, str] = {}
    for child in el:
        if isinstance(child.tag, str):
            out.setdefault(f"{etree.QName(child).namespace or ''}|{_local(child)}", child.text or "")
            out.setdefault(_local(child), child.text or "")
    return out


def _stamp(gmt: str, local: str) -> datetime | None:
    for value, aware in ((gmt, True), (local, False)):
        value = value.strip()
        if value and value != _NO_DATE:
            try:
                ts = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            # in_range: a year-9999 time read with --tz could not be put in UTC.
            return in_range(ts.replace(tzinfo=timezone.utc) if aware else ts)
    return None


def _comment_text(raw: str) -> tuple[str, list[tuple[str | None, str]]]:
    # Comment content is text with a little HTML; keep its line breaks as written. Its
    # entities are WordPress's own (kses writes a typed "&" as "&amp;", texturize "'" as
    # "&#8217;" in pingbacks and imports): unescaped, as a browser shows them.
    if "<" not in raw:
        return html.unescape(raw).strip(), []
    return html_post_text(raw.replace("\n", "<br>"))


def parse(text: str) -> list[RawThread]:
    """One thread per post or page with comments; see the module doc."""
    rss = parse_xml(text)
    channel = rss.find("channel")
    if _local(rss) != "rss" or channel is None:
        raise ThreadsError(f"not a WXR export: the root element is <{_local(rss)}>, not <rss><channel>")
    names = _display_names(channel)
    items = []
    for item in channel.findall("item"):
        f = _fields(item)
        comments = [c for c in item if isinstance(c.tag, str) and _local(c) == "comment"]
        if comments:
            items.append((item, f, comments))
    # WordPress threads comments only where the blog turned threading on; an export
    # where some comment has a comment_parent shows it on, so a comment without one was
    # written at the top (a comment on the post). With none anywhere the blog may be
    # flat ("@Ann ..." replies): top-level comments are left to reply inference.
    threaded = any(
        _fields(c).get("comment_parent", "0").strip() not in ("", "0") for _, _, cs in items for c in cs
    )
    threads = [_thread(item, f, comments, names, threaded) for item, f, comments in items]
    kept = [t for t in threads if len(t.posts) > 1]
    emptied = [t for t in threads if len(t.posts) == 1 and t.skipped]
    if not kept:  # nothing but pingbacks or held comments: say so rather than nothing
        return emptied
    if emptied:  # a post whose comments were all left out is no discussion; count them
        for t in emptied:
            for kind, n in t.skipped.items():
                kept[0].skipped[kind] = kept[0].skipped.get(kind, 0) + n
        titles = ", ".join(repr(t.title) for t in emptied[:3]) + (", ..." if len(emptied) > 3 else "")
        kept[0].warnings.append(
            f"{len(emptied)} post(s) whose comments were all left out (pingbacks, unapproved) "
            f"are not threads: {titles}; their skipped items are counted here"
        )
    return kept


def _display_names(channel: etree._Element) -> dict[str, str]:
    """Author login -> display name, from the export's ``<wp:author>`` records
    (``dc:creator`` names the login, readers see the display name)."""
    names: dict[str, str] = {}
    for el in channel:
        if isinstance(el.tag, str) and _local(el) == "author":
            a = _fields(el)
            login, shown = a.get("author_login", "").strip(), a.get("author_display_name", "").strip()
            if login and shown:
                names.setdefault(login, shown)
    return names


def _thread(
    item: etree._Element,
    f: dict[str, str],
    comments: list[etree._Element],
    names: dict[str, str],
    threaded: bool,
) -> RawThread:
    content = next(
        (
            c.text or ""
            for c in item
            if isinstance(c.tag, str)
            and etree.QName(c).localname == "encoded"
            and "content" in (etree.QName(c).namespace or "")
        ),
        "",
    )
    body, _ = html_post_text(content)
    title = (item.findtext("title") or "").strip() or None
    # Disqus's import format (WXR 1.0 items with dsq:thread_identifier, what tools moving
    # comments to Disqus write) has no post_id: the page's identifier keys the thread
    post_id = f.get("post_id", "").strip() or f.get("thread_identifier", "").strip()
    creator = f.get("creator", "").strip()
    author = names.get(creator, creator) or None
    body = body or f.get("attachment_url", "").strip()  # an image's page: the image
    root = RawPost(
        author=author,
        body=body,
        timestamp=_stamp(f.get("post_date_gmt", ""), f.get("post_date", "")),
        title=title,
        source_id=f"post-{post_id}",
        placeholder=author is None and not body,  # the article is not in the file
    )
    skipped: dict[str, int] = {}
    kept = []
    top = root.source_id if threaded else None
    for el in comments:
        c = _fields(el)
        kind = c.get("comment_type", "").strip() or "comment"
        status = c.get("comment_approved", "1").strip()
        if kind in LEFT_OUT_TYPES:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        if status != "1":
            name = {"0": "unapproved", "spam": "spam", "trash": "trash"}.get(status, f"status_{status}")
            skipped[name] = skipped.get(name, 0) + 1
            continue
        text, quotes = _comment_text(c.get("comment_content", ""))
        parent = c.get("comment_parent", "0").strip()
        kept.append(
            RawPost(
                # stored escaped ("O&#039;Brien"): sanitize_text_field, then esc_html
                author=html.unescape(c.get("comment_author", "")).strip() or None,
                body=text,
                timestamp=_stamp(c.get("comment_date_gmt", ""), c.get("comment_date", "")),
                source_id=c.get("comment_id", "").strip() or None,
                parent_source_id=parent if parent not in ("", "0") else top,
                quoted=[q for _, q in quotes],
                quote_sources=[a for a, _ in quotes],
            )
        )
    posts, moved = parents_first([root, *kept])
    warnings = []
    if moved:
        warnings.append(f"{moved} parent comment(s) moved ahead of a reply listed before them")
    known = {p.source_id for p in posts}
    dangling = sum(1 for p in posts[1:] if p.parent_source_id and p.parent_source_id not in known)
    if dangling:
        warnings.append(f"{dangling} comment(s) reply to comments left out or not in the file")
    return RawThread(posts=posts, title=title, key=post_id or None, skipped=skipped, warnings=warnings)
