"""Disqus XML export (Admin → Moderation → Export): every thread and post of a forum.

::

    <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <thread dsq:id="7001"><link>https://blog.example/a</link><title>A</title>
        <createdAt>2019-05-01T08:00:00Z</createdAt>...</thread>
      <post dsq:id="9001"><message><![CDATA[<p>Hi</p>]]></message>
        <createdAt>2019-05-01T09:00:00Z</createdAt><isDeleted>false</isDeleted>
        <isSpam>false</isSpam><author><name>Ann</name><username>ann</username></author>
        <thread dsq:id="7001"/><parent dsq:id="9000"/></post>
    </disqus>

One thread per ``<thread>`` that has posts, in file order, keyed by its ``dsq:id``
(threads without posts are left out; an article imported twice under two URLs is two
thread records, and stays two threads). Posts naming a thread the export has no record
of (it occurs: isso's Disqus importer tests hold one) are not dropped: one thread per
such id after the others, under a **placeholder** root, said. Post 0 is the thread
record: the page the thread belongs to, by the thread's ``<author>`` (its text is not in
the export: its ``<message>`` if any, else its link; a **placeholder** when the record
names no author); then the posts in **document order**, moved where needed so that a
parent precedes its replies. ``<parent>`` gives a ``nested`` parent; a post without one
is a ``nested`` reply to post 0 when the export uses replies at all (some post has a
``<parent>``), else left to reply inference (comments imported from a flat blog).
Deleted and spam posts are not silently dropped: those nobody replies to are left out
and counted in ``skipped["deleted"]`` / ``skipped["spam"]``; those with kept replies
stay as **placeholders** (``placeholder=True``, no author, body
``[deleted]``/``[spam]``: the export keeps their words, but they were taken down) so the
tree holds, as Reddit's and HN's deleted comments do. Messages are HTML:
``<blockquote>`` blocks become quotes. Authors are display names (``<name>``, else
``<username>``); times are aware UTC.
XML is parsed safely (see ``_dump.parse_xml``).
"""

from __future__ import annotations

import re

from lxml import etree

from threads.formats._dump import SNIFF_CHARS, html_post_text, iso_utc, parents_first, parse_xml, xml_text
from threads.model import RawPost, RawThread, ThreadsError

NAME = "disqus-xml"
PRIORITY = 30
DESCRIPTION = "Disqus XML export: <thread> and <post> elements with <parent> links."

NS = {"d": "http://disqus.com", "dsq": "http://disqus.com/disqus-internals"}
DSQ_ID = f"{{{NS['dsq']}}}id"
_ROOT = re.compile(r"<disqus\b[^>]*xmlns=\"http://disqus\.com\"")
_POST = re.compile(r"<(?:post|thread) dsq:id=")


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Disqus export.

    >>> sniff('<?xml version="1.0"?><disqus xmlns="http://disqus.com"></disqus>')
    0.6
    """
    head = text[:SNIFF_CHARS]
    if not _ROOT.search(head):
        return 0.0
    return 0.95 if _POST.search(head) else 0.6


def _flag(el: etree._Element, name: str) -> bool:
    return xml_text(el, f"d:{name}", NS).strip().lower() == "true"


def _ref(el: etree._Element, name: str) -> str | None:
    found = el.find(f"d:{name}", NS)
    return found.get(DSQ_ID) if found is not None else None


def parse(text: str) -> list[RawThread]:
    """One thread per ``<thread>`` with posts; see the module doc."""
    root = parse_xml(text)
    if etree.QName(root).localname != "disqus":
        raise ThreadsError(f"not a Disqus export: the root element is <{etree.QName(root).localname}>")
    threads: dict[str, etree._Element] = {}
    for el in root.findall("d:thread", NS):
        tid = el.get(DSQ_ID)
        if tid:
            threads.setdefault(tid, el)
    members: dict[str, list[tuple[RawPost, str | None]]] = {tid: [] for tid in threads}
    for el in root.findall("d:post", NS):
        tid = _ref(el, "thread") or ""
        members.setdefault(tid, [])  # a thread the export lacks (deleted, another forum's)
        flag = "spam" if _flag(el, "isSpam") else "deleted" if _flag(el, "isDeleted") else None
        body, quotes = html_post_text(xml_text(el, "d:message", NS))
        post = RawPost(
            author=_author(el.find("d:author", NS)),
            body=body,
            timestamp=iso_utc(xml_text(el, "d:createdAt", NS)),
            source_id=el.get(DSQ_ID),
            parent_source_id=_ref(el, "parent"),
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
        )
        members[tid].append((post, flag))
    # Disqus threads replies itself; an export where some post has a <parent> shows the
    # reply button in use, so a post without one was written at the top (a comment on
    # the page). An export with no <parent> at all may hold comments imported from a
    # flat blog ("@Ann ..." replies): its top-level posts are left to reply inference.
    threaded = root.find("d:post/d:parent", NS) is not None
    out = []
    for tid, items in members.items():
        if not items:
            continue
        if tid in threads:
            out.append(_thread(tid, threads[tid], items, threaded))
            continue
        # posts whose <thread> record is not in the export (isso's test export: "occurs"):
        # kept, under a placeholder for the page they were written on
        stand_in = RawPost(author=None, body="", source_id=f"thread-{tid}", placeholder=True)
        thread = assemble(tid or None, stand_in, items, threaded)
        thread.warnings.append(
            f"thread {tid or '(none named)'} is not in the export: a placeholder root stands for it"
        )
        out.append(thread)
    return out


def _author(el: etree._Element | None) -> str | None:
    return (xml_text(el, "d:name", NS) or xml_text(el, "d:username", NS)).strip() or None


def _thread(
    tid: str, el: etree._Element, items: list[tuple[RawPost, str | None]], threaded: bool
) -> RawThread:
    title = xml_text(el, "d:title", NS).strip() or None
    author = _author(el.find("d:author", NS))
    text, _ = html_post_text(xml_text(el, "d:message", NS))
    root = RawPost(
        author=author,
        body=text or xml_text(el, "d:link", NS).strip(),
        timestamp=iso_utc(xml_text(el, "d:createdAt", NS)),
        title=title,
        source_id=f"thread-{tid}",
        placeholder=author is None,
    )
    return assemble(tid, root, items, threaded)


def assemble(
    tid: str | None, root: RawPost, items: list[tuple[RawPost, str | None]], threaded: bool
) -> RawThread:
    """The thread ``tid``: ``root`` (post 0) and its posts, each with its flag (``"spam"``,
    ``"deleted"`` or None). Top-level posts answer ``root`` when ``threaded``; flagged
    posts are left out and counted, or kept as placeholders where a kept post replies to
    them (see the module doc). Shared with ``disqus-json`` and ``wordpress-json``."""
    if threaded:
        for post, _ in items:
            if post.parent_source_id is None:
                post.parent_source_id = root.source_id
    flagged = {post.source_id: flag for post, flag in items if flag}
    parents = {post.source_id: post.parent_source_id for post, _ in items}
    # Flagged posts with a kept descendant stay as stubs so their replies keep a parent.
    needed: set[str] = set()
    for post, flag in items:
        if flag:
            continue
        cur, seen = post.parent_source_id, set()
        while cur in parents and cur not in seen:
            seen.add(cur)
            if cur in flagged:
                needed.add(cur)
            cur = parents[cur]
    skipped: dict[str, int] = {}
    kept = []
    for post, flag in items:
        if flag and post.source_id not in needed:
            skipped[flag] = skipped.get(flag, 0) + 1
            continue
        if flag:  # a placeholder, like Reddit's and HN's deleted comments
            post = RawPost(
                author=None,
                body=f"[{flag}]",
                timestamp=post.timestamp,
                source_id=post.source_id,
                parent_source_id=post.parent_source_id,
                placeholder=True,
            )
        kept.append(post)
    posts, moved = parents_first([root, *kept])
    warnings = []
    if skipped:
        what = ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        warnings.append(f"left out flagged posts: {what}")
    if needed:
        warnings.append(f"{len(needed)} deleted/spam post(s) with replies kept as stubs without text")
    if moved:
        warnings.append(f"{moved} parent post(s) moved ahead of a reply listed before them")
    known = {p.source_id for p in posts}
    if dangling := sum(1 for p in posts[1:] if p.parent_source_id not in known):
        warnings.append(f"{dangling} post(s) reply to posts not in the file")
    return RawThread(posts=posts, title=root.title, key=tid, skipped=skipped, warnings=warnings)
