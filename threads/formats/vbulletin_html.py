"""vBulletin thread pages saved as HTML: vBulletin 5, 4 and 3.

vB4 posts are ``li.postcontainer`` with the date in ``span.postdate`` ("03-14-2011,
02:17 PM", the board's format), vB5 posts ``li.b-post`` with ``time[datetime]``, vB3
posts ``table[id^=post]``. Quotes are ``div.bbcode_container`` with "Originally Posted
by NAME" (vB4/5) or a "Quote:" box (vB3). Threads are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "vbulletin-html"
PRIORITY = 20
DESCRIPTION = "vBulletin 3/4/5 thread page saved as HTML (posts, quotes, signatures)."

# From vBulletin's default styles: generator meta, script names, postbit classes.
MARKERS = _html.markers(
    (r'<meta name="generator" content="vBulletin', 0.5),
    (r"vbulletin", 0.2),
    (r'class="[^"]*\b(?:postcontainer|b-post|postbitlegacy)\b|id="post_message_', 0.2),
    (r"showthread\.php|/member/\d+-|bbcode_postedby", 0.1),
)
# vB4/5 wrap quotes and code boxes alike in div.bbcode_container: a quote holds a
# div.bbcode_quote, a code box a "Code:" label (div.bbcode_description) and the code.
QUOTE_BOX = "div.bbcode_container:has(> div.bbcode_quote)"
CODE_LABEL = ".bbcode_container > .bbcode_description"
VB5 = _html.Rules(
    post="li.b-post",
    author=(".b-userinfo .author", ".b-post__author", "[itemprop=author] [itemprop=name]"),
    time=(".b-post__timestamp time", "time[itemprop=dateCreated]", "time"),
    body=(".js-post__content-text", ".b-post__content"),
    title=("h1.main-title", "h1"),
    quote=QUOTE_BOX,
    quote_body=".message",
    id_attr="data-node-id",
    noise=f".b-post__footer, .b-post__count, .b-post__title, {CODE_LABEL}",
)
VB4 = _html.Rules(
    post="li.postcontainer, li.postbitlegacy, li.postbit",
    author=(".username_container .username", ".userinfo .username", "a.username"),
    time=(".posthead .postdate .date", ".postdate"),
    body=("div[id^=post_message_] blockquote.postcontent", "div[id^=post_message_]"),
    title=(".threadtitle", "#pagetitle h1", "h1"),
    quote=QUOTE_BOX,
    quote_body=".message",
    noise=f".postfoot, .after_content, .nodecontrols, {CODE_LABEL}",
)
VB3 = _html.Rules(
    post="table[id^=post]",
    author=("a.bigusername", ".bigusername"),
    time=("td.thead",),
    body=("div[id^=post_message_]",),
    title=("td.navbar strong", "h1", ".navbar strong"),
    quote="div:has(> div.smallfont):has(> table)",
    # The "Code:" / "PHP Code:" / "HTML Code:" label above a code box (pre.alt2, or
    # div.alt2 opening with a rule), where a quote box has a table.
    noise="div:has(> pre.alt2) > div.smallfont, div:has(> div.alt2 > hr) > div.smallfont",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved vBulletin thread page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (VB5, VB4, VB3), NAME)
