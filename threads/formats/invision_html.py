"""Invision Community / IP.Board topic pages saved as HTML: IPS 4 and IP.Board 3.

IPS 4 posts are ``article.cPost`` with the author in ``.cAuthorPane_author``, the time in
``time[datetime]`` (UTC) and the text in ``[data-role=commentContent]``; quotes are
``blockquote.ipsQuote[data-ipsquote-username]``.

IP.Board 3 (3.0-3.4 default skin) posts are ``div.post_block`` (id ``post_id_N``) with
the author in ``.author.vcard``, the time in ``abbr.published[title]`` (ISO, UTC) and
the text in ``div.post.entry-content``; quotes are ``blockquote.ipsBlockquote``
(``data-author``, 3.2+) or a ``div.blockquote`` under a ``p.citation`` line ("NAME, on
DATE, said:", 3.0-3.1, and added by the skin's script in front of 3.2+ quotes). Saved
pages often have single-quoted attributes. Topics are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "invision-html"
PRIORITY = 20
DESCRIPTION = "Invision Community / IP.Board 3 and 4 topic page saved as HTML."

# Class names and data attributes of the IPS 4 front end; IP.Board 3's script globals
# (ipb.vars), its copyright line and post classes.
MARKERS = _html.markers(
    (r"\bipsApp\b", 0.3),
    (r'class="[^"]*\bcPost\b|ipsComment_content', 0.2),
    (r'data-role="commentContent"', 0.2),
    (r"invisioncommunity|Invision Community|ipsQuote", 0.2),
    (r"ipb\.vars\[|\bIP\.Board\b|Invision Power Board", 0.3),
    (r"""class=["'][^"']*\bpost_block\b|\bipsBlockquote\b""", 0.3),
)
RULES = _html.Rules(
    post="article.cPost, article[id^=elComment_]",
    author=(".cAuthorPane_author a", ".cAuthorPane_author", "[itemprop=author] [itemprop=name]"),
    time=(".ipsComment_meta time", "time"),
    body=("[data-role=commentContent]", ".cPost_contentWrap"),
    title=("h1.ipsType_pageTitle", "h1"),
    quote="blockquote.ipsQuote",
    quote_body=".ipsQuote_contents",
    noise=(
        "[data-role=memberSignature], .ipsItemControls, .cAuthorPane_mobile, .ipsComment_toolWrap, .ipsReact"
    ),
)
QUOTE_HEADER = "quoteheader"  # the class _html.take_quotes reads a quote's header from


def _mark_citations(page: _html.Node) -> None:
    """IP.Board 3 writes a quote's "NAME, on DATE, said:" line as a ``p.citation`` in
    front of (or inside) the quote box: mark it as the box's header."""
    for citation in page.select("p.citation"):
        citation.add_class(QUOTE_HEADER)


IPB3 = _html.Rules(
    post="div.post_block",
    prepare=_mark_citations,
    author=(".author.vcard [itemprop=name]", ".author.vcard a", ".author.vcard"),
    time=("abbr.published", "[itemprop=commentTime]", ".posted_info abbr"),
    body=("div.post.entry-content", ".entry-content", "div.post"),
    title=("h1.ipsType_pagetitle", ".maintitle span", "h1"),
    quote="blockquote.ipsBlockquote, div.blockquote, blockquote",
    noise=".post_controls, .author_info, .rep_bar, .post_id, .ipsLikeBar, p.edit",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Invision topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES, IPB3), NAME)
