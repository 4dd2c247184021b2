"""Discourse topic pages saved as HTML: the browser's rendered view and the crawler view.

Rendered posts are ``article[id^=post_]`` with the author in ``.names .username``, the
time in ``.post-date span[title]`` (an epoch in ``data-time``) and the text in
``.cooked``; the crawler view (no JavaScript) has ``div.crawler-post`` with schema.org
microdata. Quotes are ``aside.quote[data-username]``. Topics are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "discourse-html"
PRIORITY = 20
DESCRIPTION = "Discourse topic page saved as HTML (rendered or crawler view)."

# Discourse's generator meta and the class names of its post stream.
MARKERS = _html.markers(
    (r'<meta name="generator" content="Discourse', 0.5),
    (r"discourse", 0.2),
    (r'class="cooked"|class="post" itemprop="text"', 0.2),
    (r'class="[^"]*\b(?:topic-post|crawler-post)\b', 0.2),
)
RULES = _html.Rules(
    post="article[id^=post_], div.crawler-post",
    author=(".names .first.username", ".names .username", ".creator [itemprop=name]", ".creator"),
    time=(".post-date [data-time]", ".post-date span[title]", "time[itemprop=datePublished]", "time"),
    body=(".cooked", "[itemprop=text]", ".post"),
    title=("#topic-title h1", "h1"),
    quote="aside.quote, blockquote",
    quote_body="blockquote",
    noise=(
        ".post-menu-area, .post-controls, .quote-controls, .topic-map, .post-links-container, .small-action"
    ),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Discourse topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES,), NAME)
