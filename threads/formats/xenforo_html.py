"""XenForo thread pages saved as HTML: XenForo 2 and XenForo 1.

XF2 posts are ``article.message--post`` (author in ``data-author`` and
``.message-name``), times ``time.u-dt[datetime]``, quotes
``blockquote.bbCodeBlock--quote[data-quote=NAME]``. XF1 posts are ``li.message``,
times ``.DateTime`` (a ``title`` or date/time strings, an epoch in ``data-time``),
quotes ``div.bbCodeQuote[data-author=NAME]``. Threads are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "xenforo-html"
PRIORITY = 20
DESCRIPTION = "XenForo 1/2 thread page saved as HTML (posts, quotes, signatures)."

# XenForo sets id="XenForo" (XF1) or id="XF" (XF2) on <html>; class names from its
# default style.
MARKERS = _html.markers(
    (r'<html[^>]*\bid="(?:XenForo|XF)"', 0.5),
    (r"xenforo", 0.3),
    (r'class="[^"]*\b(?:message-body|messageText|bbWrapper)\b', 0.2),
    (r"data-xf-init|bbCodeBlock|bbCodeQuote", 0.1),
)
XF2 = _html.Rules(
    post="article.message--post, article.js-post",
    author=(".message-name .username", ".message-name", ".message-userDetails .username"),
    time=(".message-attribution-main time", ".message-attribution time", "time.u-dt"),
    body=(".message-body .bbWrapper", ".message-body", ".message-content"),
    title=("h1.p-title-value", "h1"),
    quote="blockquote.bbCodeBlock--quote, .bbCodeBlock--quote",
    quote_body=".bbCodeBlock-expandContent",
    noise=(
        ".message-signature, .message-footer, .bbCodeBlock-expandLink, .js-selectToQuoteEnd, "
        ".message-userBanner, .bbCodeBlock--code > .bbCodeBlock-title"  # "Code:" / "PHP:" label
    ),
)
XF1 = _html.Rules(
    post="li.message",
    author=(".messageUserBlock .username", ".userText .username", ".messageMeta .username"),
    time=(".messageMeta .DateTime", ".DateTime"),
    body=("blockquote.messageText", ".messageContent"),
    title=(".titleBar h1", "h1"),
    quote="div.bbCodeQuote, .bbCodeBlock.bbCodeQuote",
    quote_body=".quote",
    # .bbCodeBlock > .type: the "Code:" / "PHP:" label of a code box (a quote's is inside its aside)
    noise=".publicControls, .quoteExpand, .messageTextEndMarker, .likesSummary, .bbCodeBlock > .type",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved XenForo thread page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (XF2, XF1), NAME)
