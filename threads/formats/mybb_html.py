"""MyBB thread pages saved as HTML (MyBB 1.8 default theme, classic and horizontal postbits).

Posts are ``div.post`` with the author in ``.author_information .largetext``, the
date in ``span.post_date`` ("03-14-2021, 09:41 PM"; for recent posts "Yesterday,
08:05 AM" with the date in a ``title``), quotes ``blockquote.mycode_quote`` with a
``cite`` "NAME Wrote:". Threads are flat.
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "mybb-html"
PRIORITY = 20
DESCRIPTION = "MyBB thread page saved as HTML."

# MyBB's copyright line, script and theme paths, and postbit classes.
MARKERS = _html.markers(
    (r"\bMyBB\b", 0.3),
    (r"jscripts/general\.js|cache/themes/theme\d", 0.2),
    (r'class="post_body|class="author_information', 0.2),
    (r"showthread\.php\?tid=|mycode_quote", 0.2),
)
RULES = _html.Rules(
    post="div.post[id^=post_]",
    author=(".author_information .largetext", ".author_information strong", ".post_author strong"),
    time=(".post_date",),
    body=(".post_body",),
    title=("td.thead strong", ".thead strong", "h1"),
    quote="blockquote.mycode_quote, blockquote",
    # .codeblock > .title: the "Code:" / "PHP Code:" label of a code box
    noise=".post_edit, .post_controls, .postbit_buttons, .author_statistics, .post_meta, .codeblock > .title",
    title_as_text=".post_date span[title]",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved MyBB thread page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES,), NAME)
