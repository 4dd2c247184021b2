"""Invision Community (IP.Board 4) topic pages saved as HTML.

Posts are ``article.cPost`` with the author in ``.cAuthorPane_author``, the time in
``time[datetime]`` (UTC) and the text in ``[data-role=commentContent]``; quotes are
``blockquote.ipsQuote[data-ipsquote-username]``. Topics are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "invision-html"
PRIORITY = 20
DESCRIPTION = "Invision Community / IP.Board topic page saved as HTML."

# Class names and data attributes of the IPS 4 front end.
MARKERS = _html.markers(
    (r"\bipsApp\b", 0.3),
    (r'class="[^"]*\bcPost\b|ipsComment_content', 0.2),
    (r'data-role="commentContent"', 0.2),
    (r"invisioncommunity|Invision Community|ipsQuote", 0.2),
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


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Invision topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES,), NAME)
