"""Mailing-list archive pages saved as HTML: a message's page as Pipermail (Mailman 2),
Hypermail or MHonArc wrote it, or a folder (or zip) of such pages read as one archive.

These three programs made most of the web's list archives: Pipermail every Mailman 2
list (``/pipermail/LIST/2016-April/012345.html``), Hypermail the W3C's, Apache's and many
older lists' (``/Archives/Public/LIST/2004Jan/0001.html``), MHonArc lists.debian.org,
mail-archive.com and many more (``msg00123.html``). Each writes one page per message,
with the message's headers where the page can say them, and its body:

- Pipermail: the subject in ``<H1>``, the sender's name in ``<B>`` ("NAME via LIST" at
  the list's address is NAME: the list rewrote the From for DMARC), the address ("ann at
  example.org") in a mailto link whose ``In-Reply-To=`` parameter is the message's own
  Message-ID (Mailman 2.1), the date in ``<I>`` in the archive server's zone ("Thu Feb 11
  20:15:18 CST 2016"), the body between ``<!--beginarticle-->`` and ``<!--endarticle-->``,
  quotes as ``&gt;<i> ...</I>`` lines. No parent: a reply is attached by its subject (or
  later by its quotes), as mail without threading headers is.
- Hypermail: comments ``<!-- name="..." -->``, ``email``, ``subject``, ``sent`` (the Date
  header), ``isosent`` (it in UTC), ``id`` (Message-ID) and ``inreplyto``; the body between
  ``<!-- body="start" -->`` and ``<!-- body="end" -->``, after an ``<address>`` of headers,
  quotes as ``<em class="quotelev1">&gt; ...</em>``.
- MHonArc: comments ``<!--X-Subject: ... -->``, ``X-From`` (or ``X-From-R13``, rot13),
  ``X-Date`` (when the list received it), ``X-Message-Id`` and one ``X-Reference`` per
  References id; the header list (``<li><em>From</em>: ...``, ``Date``, ``In-reply-to``)
  and the body between ``<!--X-Body-of-Message-->`` and ``<!--X-Body-of-Message-End-->``.

A page is one message; its parent is its In-Reply-To (Hypermail, MHonArc), else its last
reference, threaded as :mod:`threads.formats.mbox` threads an archive (a parent not in
the input is said). Pages of one thread saved into a folder (or zipped) are read as one
archive, a bundle (``threads/zipped.py``: layout ``mail-archive-pages``, every page a
message page; the archive's index pages beside them left out), so replies find their
parents across pages.

Pipermail's thread index of a month (``thread.html``) is read too: it names no words, but
each entry's comment holds its depth and thread key, the chain of its ancestors' and its
own "DATE.NUMBER-" (Mailman's pipermail.py, ``write_threadindex_entry``): a post per
message with its sender, subject, time (the key's date, seconds since 1970) and parent,
without text, said in a warning. Another index page alone (``date.html``, Hypermail's and
MHonArc's indexes: subjects and names only) is refused in one line saying what to save.

Page markup from the programs' own templates and real pages: Mailman 2.1's
``templates/en/article.html`` and a gnu-emacs-sources page of 1999, a seishub.ru thread
index of 2023 (kept in a Go reader's tests); Hypermail 2.3.0 pages
of the everything-list archive (riceissa/everything-list-1998-2009); MHonArc pages of
MHonArc's own list (kept in NexTrieve's tests) and the field notes of scripts that read
lists.debian.org and mail.lojban.org pages.
"""

from __future__ import annotations

import codecs
import html
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from threads.dates import parse_date, utc
from threads.formats import _html, mbox
from threads.mailhead import PIPERMAIL_THREAD_KEY, page_kind
from threads.model import RawPost, RawThread, ThreadsError
from threads.zipped import bundle_layout

NAME = "list-archive-html"
PRIORITY = 15  # before generic-html and email-text: a page's text holds "On ..., X wrote:"
DESCRIPTION = (
    "Mailing-list archive pages saved as HTML (Pipermail, Hypermail, MHonArc): a message's "
    "page, or a folder of them read as one archive."
)

# The layout of threads/zipped.py that is a folder of these pages.
LAYOUT = "mail-archive-pages"
SNIFF_CHARS = 20_000  # every program writes its marks before the body


def sniff(text: str) -> float:
    """Confidence that ``text`` is a list archive's page, or a folder of message pages.

    >>> sniff('<html><h1>Hi</h1><!--beginarticle--><PRE>Hi</PRE><!--endarticle--></html>')
    1.0
    """
    if bundle_layout(text) == LAYOUT:
        return 1.0
    head = text[:SNIFF_CHARS]
    if "<" not in head[:4096]:
        return 0.0
    return 1.0 if page_kind(head) is not None else 0.0


# ---------------------------------------------------------------- reading a page
_COMMENT_FIELD = re.compile(r'<!--\s*(?P<key>[a-z]+)="(?P<value>[^"]*)"\s*-->', re.I)  # Hypermail
_X_FIELD = re.compile(r"<!--X-(?P<key>[A-Za-z0-9-]+):(?P<value>.*?)-->", re.S)  # MHonArc
_HEAD_ITEM = re.compile(
    r"<li>\s*<(?:em|b|strong)>\s*(?P<key>[A-Za-z-]+)\s*</(?:em|b|strong)>\s*:?(?P<value>.*?)</li>",
    re.I | re.S,
)
_TAG = re.compile(r"<[^>]*>")
_PRE = re.compile(r"(<pre\b[^>]*>.*?</pre>)", re.I | re.S)
_BREAK = re.compile(r"<br\b[^>]*>|</?(?:p|div|li|tr|h\d|ul|ol|dl|dt|dd|table|hr|address)\b[^>]*>", re.I)
_SPACE = re.compile(r"\s+")
_BLANKS = re.compile(r"\n{3,}")


def _value(fragment: str) -> str:
    """An HTML fragment's text on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def fragment_text(fragment: str) -> str:
    """The text of a page's body: ``<pre>`` parts as written, the rest as a browser lays
    it out (source line breaks are spaces, ``<br>`` and blocks break lines); blockquotes
    (an HTML mail) as ``> `` lines (:func:`threads.formats.mbox.html_mail_text`).

    >>> fragment_text("Hi,\\n<br />\\n<br />&gt; quoted\\n<br />\\nyes<PRE>a\\n  b</PRE>")
    'Hi,\\n\\n> quoted\\nyes\\na\\n  b'
    """
    if re.search(r"<blockquote\b", fragment, re.I):
        return mbox.html_mail_text(fragment)
    parts: list[str] = []
    for k, part in enumerate(_PRE.split(fragment)):
        if k % 2:  # a <pre> part: its whitespace is the text's
            text = html.unescape(_TAG.sub("", part)).strip("\n")
            # trailing blanks go, but for a signature's "-- " line
            lines = (line if line.strip() == "--" else line.rstrip(" \t\r") for line in text.split("\n"))
            parts.append("\n".join(lines))
        else:
            text = html.unescape(_TAG.sub("", _BREAK.sub("\n", _SPACE.sub(" ", part))))
            parts.append("\n".join(line.strip() for line in text.split("\n")))
    text = "\n".join(part for part in parts if part.strip()).replace("\xa0", " ")
    return _BLANKS.sub("\n\n", text).strip("\n")


def _between(text: str, start: str, ends: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the part of ``text`` between the comment ``start`` and the first of ``ends``
    is (case ignored), or ``None``."""
    low = text.lower()
    begin = low.find(start.lower())
    if begin < 0:
        return None
    begin += len(start)
    stops = [i for i in (low.find(e.lower(), begin) for e in ends) if i >= 0]
    return begin, min(stops) if stops else len(text)


def _date(value: str | None) -> datetime | None:
    """A header date (RFC 2822), else a date as the archive wrote it, in UTC."""
    if not value:
        return None
    try:
        return utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return utc(parse_date(value))


def _iso(value: str | None) -> datetime | None:
    """Hypermail's ``isosent``: 14 digits, UTC."""
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc) if value else None
    except ValueError:
        return None


_ID = re.compile(r"<([^<>\s]+)>|(\S+@\S+)")


def _id(value: str | None) -> list[str]:
    """The message ids in a field as an archive page writes them (with or without <>)."""
    return [a or b for a, b in _ID.findall(html.unescape(value or ""))]


def _bare(value: str | None) -> list[str]:
    """An id a page holds alone (Hypermail's comments), brackets or not."""
    value = (value or "").strip().strip("<>")
    return [value] if value and not re.search(r"\s", value) else []


class _Page:
    """One message page: its message's fields and where its body is."""

    def __init__(self, text: str, kind: str) -> None:
        self.text = text
        self.kind = kind
        self.author: str | None = None
        self.timestamp: datetime | None = None
        self.subject = ""
        self.own: list[str] = []
        self.in_reply_to: list[str] = []
        self.references: list[str] = []
        self.span: tuple[int, int] | None = None
        getattr(self, f"_{kind}")()

    def _pipermail(self) -> None:
        t = self.text
        self.span = _between(t, "<!--beginarticle-->", ("<!--endarticle-->",))
        head = t[: t.lower().find("<!--beginarticle-->")]
        h1 = re.search(r"<h1>(.*?)</h1>", head, re.I | re.S)
        title = re.search(r"<title>(.*?)</title>", head, re.I | re.S)
        self.subject = _value(h1.group(1) if h1 else title.group(1) if title else "")
        after = head[h1.end() :] if h1 else head
        name = re.search(r"<b>(.*?)</b>", after, re.I | re.S)
        mail = re.search(r'<a href="mailto:([^"]*)"[^>]*>(.*?)</a>', after, re.I | re.S)
        when = re.search(r"<i>(.*?)</i>", after[mail.end() :] if mail else after, re.I | re.S)
        address = _value(mail.group(2)) if mail else ""
        # "Douglas Gregor via swift-evolution" at the list's address: the list rewrote it
        self.author = mbox.unmunged(_value(name.group(1)), address.replace(" at ", "@")) if name else None
        self.author = self.author or mbox.sender_name(address)
        self.timestamp = _date(_value(when.group(1))) if when else None
        link = html.unescape(mail.group(1)) if mail else ""
        if own := re.search(r"In-Reply-To=([^&\"]+)", link):
            self.own = _id(unquote(own.group(1)))
        # <H1> shows the subject without its "Re:"; the reply link's is "Re: " + the subject
        if (subject := re.search(r"[?&]Subject=([^&\"]+)", link)) and (
            written := " ".join(unquote(subject.group(1)).split())
        ).startswith("Re: "):
            self.subject = written[4:] or self.subject

    def _hypermail(self) -> None:
        fields = {m["key"].lower(): html.unescape(m["value"]) for m in _COMMENT_FIELD.finditer(self.text)}
        self.span = _between(self.text, '<!-- body="start" -->', ('<!-- body="end" -->',))
        self.subject = fields.get("subject", "")
        name, email = fields.get("name", "").strip(), fields.get("email", "").strip()
        self.author = name or mbox.sender_name(email)
        self.timestamp = _date(fields.get("sent")) or _iso(fields.get("isosent"))
        # the comments hold the ids bare, as the headers had them
        self.own, self.in_reply_to = _bare(fields.get("id")), _bare(fields.get("inreplyto"))

    def _mhonarc(self) -> None:
        t = self.text
        fields: dict[str, list[str]] = {}
        body_at = t.find("<!--X-Body-of-Message-->")
        for m in _X_FIELD.finditer(t[: body_at if body_at >= 0 else None]):
            fields.setdefault(m["key"].lower(), []).append(html.unescape(m["value"]).strip())
        found = _between(t, "<!--X-Head-of-Message-->", ("<!--X-Head-of-Message-End-->",))
        block = t[found[0] : found[1]] if found else t[: max(body_at, 0)]
        head = {m["key"].lower(): _value(m["value"]) for m in _HEAD_ITEM.finditer(block)}
        self.span = _between(
            t, "<!--X-Body-of-Message-->", ("<!--X-Body-of-Message-End-->", "<!--X-MsgBody-End-->")
        )
        self.subject = head.get("subject") or next(iter(fields.get("subject", [])), "")
        sender = head.get("from") or next(iter(fields.get("from", [])), "")
        if not sender and fields.get("from-r13"):
            sender = codecs.encode(fields["from-r13"][0], "rot13")  # MHonArc's spam armour
        self.author = mbox.sender_name(sender)
        # X-Date is when the list saw the message: the header's Date comes first
        self.timestamp = _date(head.get("date")) or _date(next(iter(fields.get("date", [])), None))
        self.own = _id(next(iter(fields.get("message-id", [])), head.get("message-id")))
        self.in_reply_to = _id(head.get("in-reply-to"))
        self.references = [i for ref in fields.get("reference", []) for i in _id(ref)]

    def post(self) -> RawPost:
        """The page's message as a post, its lines those of its body in the page."""
        if self.span is None:
            raise ThreadsError(f"a {self.kind} page without its message's body")
        begin, end = self.span
        body = fragment_text(self.text[begin:end])
        if self.kind == "hypermail":  # the headers it repeats above the body, the date below
            body = _HYPERMAIL_CHROME.sub("", body).strip("\n")
        lines = mbox.archive_body(body.split("\n"))
        fragment = self.text[begin:end]
        begin += len(fragment) - len(fragment.lstrip())  # the lines holding the body's markup
        end -= len(fragment) - len(fragment.rstrip())
        first = self.text.count("\n", 0, begin) + 1
        return RawPost(
            author=self.author or None,
            body="\n".join(lines),
            timestamp=self.timestamp,
            title=self.subject or None,
            line_start=first,
            line_end=first + self.text.count("\n", begin, end),
        )


# Hypermail's header lines above a body ("From: Ann <...>", "Date: ...") and its
# "Received on DATE" line below it.
_HYPERMAIL_CHROME = re.compile(
    r"\A(?:\s*(?:From|Date|Subject|To|Cc|Message-ID|In-Reply-To|Reply-To)\s*:[^\n]*\n)+"
    r"|\n?Received on [^\n]*\s*\Z"
)


# An entry of Pipermail's thread index after its key comment: the message's page, its
# subject, its number and its sender (templates/en/archidxentry.html; the older pipermail
# wrote "<LI> <A HREF=...>SUBJECT</A> <A NAME=N></A><I>AUTHOR</I>").
_THREAD_ENTRY = re.compile(
    r'\s*<LI>\s*<A HREF="(?P<href>[^"]+)">(?P<subject>.*?)</A>\s*<A NAME="?\d+"?>(?:&nbsp;)?</A>\s*'
    r"<I>(?P<author>.*?)</I>",
    re.I | re.S,
)
THREAD_INDEX_NOTE = (
    "a thread index page: who answered whom and when, without the messages' words (save the "
    "messages' pages, a folder of them read as one archive, or the month's .txt archive for them)"
)


def thread_index(text: str) -> mbox.Messages:
    """The messages Pipermail's thread index lists: sender, subject, time (its key's
    date, UTC) and parent (the key's previous link), each without its words.

    >>> page = ('<!--0 01457390477.4411- --><LI><A HREF="004411.html">Tea</A><A NAME="4411">&nbsp;</A>'
    ...         '<I>Ann Lee</I><UL><!--1 01457390477.4411-01457450042.4413- --><LI><A HREF="004413.html">'
    ...         'Tea</A><A NAME="4413">&nbsp;</A><I>Bo Chen</I></UL>')
    >>> found = thread_index(page)
    >>> [(p.author, p.source_id, p.timestamp.isoformat()[:16]) for p in found.posts]
    [('Ann Lee', '004411', '2016-03-07T22:41'), ('Bo Chen', '004413', '2016-03-08T15:14')]
    >>> found.refs
    [[], ['004411']]
    """
    found = mbox.Messages()
    by_key: dict[str, str] = {}
    for m in PIPERMAIL_THREAD_KEY.finditer(text):
        entry = _THREAD_ENTRY.match(text, m.end())
        if entry is None:
            continue
        key = m["key"]
        segments = key.rstrip("-").split("-")
        href = re.sub(r"\.html?$", "", html.unescape(entry["href"]), flags=re.I)  # the page: 004411
        by_key[key] = href
        parent = by_key.get("".join(f"{s}-" for s in segments[:-1])) if len(segments) > 1 else None
        name = _value(entry["author"])
        first = text.count("\n", 0, entry.start()) + 1
        post = RawPost(
            author=mbox.sender_name(name) if " at " in name else name or None,
            body="",
            timestamp=_epoch(segments[-1]),
            title=_value(entry["subject"]) or None,
            line_start=first,
            line_end=first + text.count("\n", entry.start(), entry.end()),
        )
        found.add(post, [href], [parent] if parent else [], [])
        found.replyish[-1] = parent is not None  # the archive threaded it: a root stays one
    return found


def _epoch(segment: str) -> datetime | None:
    """The time of a thread key's "DATE.NUMBER" (seconds since 1970, UTC)."""
    try:
        return datetime.fromtimestamp(int(segment.split(".")[0]), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def messages_of(text: str) -> mbox.Messages:
    """The message of one archive page, not yet threaded; :class:`ThreadsError` for an
    index page or a page of no archive program."""
    kind = page_kind(text[:SNIFF_CHARS]) or page_kind(text)
    if kind == "thread index":
        return thread_index(text)
    if kind == "index":
        raise ThreadsError(
            "an index page of a list archive (thread, date, subject or author list): it names the "
            "messages but holds none of their words; save the pages of the messages (a folder of "
            "them is read as one archive), or the archive's monthly .txt or mbox file"
        )
    if kind is None:
        raise ThreadsError("no message of a Pipermail, Hypermail or MHonArc archive page found")
    page = _Page(text, kind)
    found = mbox.Messages()
    found.add(page.post(), page.own, page.in_reply_to, page.references)
    return found


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """The thread of a message page, or the threads of a folder of them (see the module doc)."""
    if not text.strip():
        return []
    if bundle_layout(text) != LAYOUT:
        threads = mbox.threads_of(messages_of(text), unit="page")
        if threads and page_kind(text[:SNIFF_CHARS]) == "thread index":
            threads[0].warnings.append(THREAD_INDEX_NOTE)
        return threads
    # in time order, as a mailbox's files: names need not be the archive's numbers
    found = mbox.bundled(text, LAYOUT, "a folder of list archive pages", messages_of)
    return mbox.threads_of(found, unit="folder")
