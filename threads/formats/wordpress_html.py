"""WordPress blog pages saved from a browser, in any site language.

The article is post 0; comments are ``li.comment`` (or ``div.comment`` in themes that
list comments as divs), nested in ``ol/ul.children`` under the comment they answer,
which gives ``nested`` reply links. Times come from ``time[datetime]`` where the theme
prints it (Twenty Nineteen and later), else from the visible text of the comment's
permalink ("23. Juni 2016 um 17:21 Uhr" in Twenty Ten, German).
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "wordpress-html"
PRIORITY = 20
DESCRIPTION = "WordPress blog page saved as HTML: the article and its (threaded) comments."

# Markers from WordPress core output: the generator meta tag, asset paths, and the
# class names of wp_list_comments()/comment_form() (wp-includes/comment-template.php).
MARKERS = _html.markers(
    (r'<meta name="generator" content="WordPress', 0.5),
    (r"/wp-(?:content|includes)/", 0.4),
    (r'class="comment-author vcard"', 0.2),
    (r'class="[^"]*\bcomment-reply-link\b', 0.2),
    (r'class="[^"]*\bcomment\b[^"]*\bdepth-\d', 0.2),
    (r"\bcomment-(?:metadata|meta commentmetadata)\b", 0.1),
)

# Selectors from the default themes Twenty Ten to Twenty Twenty-One and the core
# comment walker (Walker_Comment: html5 and xhtml comment markup).
RULES = _html.Rules(
    post="li.comment, div.comment[id^=comment-]",
    author=(".comment-author .fn", ".comment-author cite", ".comment-author"),
    time=(
        ".comment-metadata time",
        ".comment-meta time",
        "time[datetime]",
        ".comment-metadata a",
        ".commentmetadata a",
        ".comment-meta a",
        ".comment-date",
    ),
    body=(".comment-content", "div.comment-body", ".comment-text"),
    title=("h1.entry-title", ".entry-title", "h1.post-title", "h1"),
    article=(".entry-content", ".post-content", ".entry"),
    article_author=(
        ".entry-meta .author .fn",
        ".byline .author a",
        "a[rel=author]",
        ".author.vcard",
        ".byline a",
    ),
    article_time=("time.entry-date", ".posted-on time", ".entry-meta time", ".entry-date", ".published"),
    noise=(
        "#respond, .comment-respond, .comment-navigation, .navigation, .edit-link, .widget-area, "
        ".jp-relatedposts, .sd-sharing-enabled, .entry-utility"
    ),
    skip=(("li.pingback, li.trackback, div.pingback, div.trackback", "pingback"),),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved WordPress page with comments."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the article (post 0), then the comments in page order."""
    return _html.parse_variants(text, (RULES,), NAME)
