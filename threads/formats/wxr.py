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

One thread per post or page that has comments, in file order, keyed by ``wp:post_id``
(attachments, menu items and comment-less posts are left out). Post 0 is the post
(``dc:creator``, ``content:encoded`` as text), then the comments in **document order**,
moved where needed so that a parent precedes its replies. ``comment_parent`` gives a
``nested`` parent; top-level comments are left to reply inference (blogs without
threaded comments put every comment at the top). Pingbacks and trackbacks are counted
in ``skipped`` and left out; so are comments not approved (``spam``, ``trash``,
``0`` pending), by status. Times are the ``_gmt`` fields (aware UTC), else the local
ones as written. Any WXR version (1.0-1.2) is read. XML is parsed safely.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from lxml import etree

from threads.formats._dump import SNIFF_CHARS, html_post_text, parents_first, parse_xml
from threads.model import RawPost, RawThread, ThreadsError

NAME = "wordpress-wxr"
PRIORITY = 30
DESCRIPTION = "WordPress WXR export (RSS with wp: elements): posts and their comments."

THREAD_TYPES = ("post", "page")
LEFT_OUT_TYPES = ("pingback", "trackback")
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
            return ts.replace(tzinfo=timezone.utc) if aware else ts
    return None


def _comment_text(raw: str) -> tuple[str, list[tuple[str | None, str]]]:
    # Comment content is text with a little HTML; keep its line breaks as written.
    if "<" not in raw:
        return raw.strip(), []
    return html_post_text(raw.replace("\n", "<br>"))


def parse(text: str) -> list[RawThread]:
    """One thread per post or page with comments; see the module doc."""
    rss = parse_xml(text)
    channel = rss.find("channel")
    if _local(rss) != "rss" or channel is None:
        raise ThreadsError(f"not a WXR export: the root element is <{_local(rss)}>, not <rss><channel>")
    threads = []
    for item in channel.findall("item"):
        f = _fields(item)
        if f.get("post_type", "post") not in THREAD_TYPES:
            continue
        comments = [c for c in item if isinstance(c.tag, str) and _local(c) == "comment"]
        if not comments:
            continue
        threads.append(_thread(item, f, comments))
    return [t for t in threads if len(t.posts) > 1 or t.skipped]


def _thread(item: etree._Element, f: dict[str, str], comments: list[etree._Element]) -> RawThread:
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
    post_id = f.get("post_id", "").strip()
    root = RawPost(
        author=f.get("creator", "").strip() or None,
        body=body,
        timestamp=_stamp(f.get("post_date_gmt", ""), f.get("post_date", "")),
        title=title,
        source_id=f"post-{post_id}",
    )
    skipped: dict[str, int] = {}
    kept = []
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
                author=c.get("comment_author", "").strip() or None,
                body=text,
                timestamp=_stamp(c.get("comment_date_gmt", ""), c.get("comment_date", "")),
                source_id=c.get("comment_id", "").strip() or None,
                parent_source_id=parent if parent not in ("", "0") else None,
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
