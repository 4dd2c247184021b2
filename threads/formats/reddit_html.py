"""Old Reddit (old.reddit.com) comment pages saved as HTML.

The submission (``div.thing.link``) is post 0; comments are ``div.thing.comment``
nested in their parent's ``div.child``. Author ``a.author``, time
``time[datetime]`` (UTC), text ``.usertext-body .md``. Collapsed branches ("load more
comments", "continue this thread") are counted in ``skipped`` and reported.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "reddit-html"
PRIORITY = 20
DESCRIPTION = "Old Reddit comment page saved as HTML (submission and nested comments)."

# From old.reddit.com's listing markup (r2 templates).
MARKERS = _html.markers(
    (r"redditstatic\.com", 0.4),
    (r'data-type="comment"', 0.3),
    (r'class="[^"]*\bthing\b', 0.2),
    (r"nestedlisting|old\.reddit\.com", 0.1),
)
RULES = _html.Rules(
    post="#siteTable div.thing.link, div.thing.comment",
    author=(".entry .tagline a.author", ".tagline .author"),
    time=(".entry .tagline time", ".tagline time"),
    body=(".entry .usertext-body .md", ".expando .md", ".usertext-body .md"),
    title=("p.title a.title", "a.title"),
    id_attr="data-fullname",
    noise=".side, .midcol, ul.flat-list, .reportform, #header, .footer-parent, .menuarea, .panestack-title",
    skip=(("div.thing.morechildren", "load more comments"), ("div.deepthread", "continue this thread")),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved old-Reddit comment page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the submission (post 0), then the comments in page order, nested."""
    threads = _html.parse_variants(text, (RULES,), NAME)
    for thread in threads:
        hidden = sum(thread.skipped.values())
        if hidden:
            thread.warnings.append(
                f"{hidden} collapsed branch(es) ('load more comments'): their replies are not in this page"
            )
    return threads
