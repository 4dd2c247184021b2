"""Simple Machines Forum topic pages saved as HTML: SMF 2.0/2.1 and SMF 1.x.

SMF 2 posts are ``div.post_wrapper``; the author is ``.poster h4``; SMF 2.0 writes the
date as "« Reply #1 on: December 03, 2011, 03:05:12 PM »" in ``.keyinfo .smalltext``,
2.1 in ``.postinfo``. Quotes are ``blockquote.bbc_standard_quote`` after a
``div.quoteheader`` ("Quote from: NAME on DATE"; 2.1 puts it in a ``cite``).

SMF 1.x (default theme, Display.template.php) is tables: each post is a
``td.windowbg``/``windowbg2`` cell holding the author cell (``<b>`` profile link), the
same "« Reply #1 on: DATE »" line and the text in ``div.post`` (with an id only for
those who may edit it, so not on a guest's page); quotes are a ``div.quoteheader``
then a ``div.quote``, the signature a ``div.signature``.
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.model import RawThread

NAME = "smf-html"
PRIORITY = 20
DESCRIPTION = "Simple Machines Forum 1.x/2.x topic page saved as HTML."

# SMF's inline JavaScript globals, its copyright line and post classes.
MARKERS = _html.markers(
    (r"smf_scripturl|smf_theme_url|var smf_", 0.5),
    (r"Simple Machines|simplemachines\.org", 0.2),
    (r'class="post_wrapper"', 0.2),
    (r"quoteheader|bbc_standard_quote", 0.1),
)
# "on:" in every SMF language pack we know: on, am, le, el, il, op.
DATE_LINE = re.compile(r"\b(?:on|am|le|el|il|op)\s*:\s*(?P<date>.+?)\s*»")
# The "Code: [Select]" line above a code box (1.x, 2.0 and 2.1).
CODE_LABEL = ".codeheader"
RULES = _html.Rules(
    post="div.post_wrapper",
    author=(".poster h4 a", ".poster h4"),
    time=(".postinfo a.smalltext", ".postinfo .smalltext"),
    meta=(".keyinfo .smalltext", ".keyinfo"),
    meta_re=DATE_LINE,
    body=(".post .inner", "div.inner", ".post"),
    title=(),
    quote="blockquote.bbc_standard_quote, blockquote.bbc_alternate_quote",
    id_attr="",
    noise=f".quickbuttons, .moderatorbar, .quotefooter, .botslice_quote, .reportlinks, {CODE_LABEL}",
)
POST_CELL = "threads-smf1-post"
_WINDOWBG = ("windowbg", "windowbg2", "windowbg3")


def _mark_cells(page: _html.Node) -> None:
    """Mark the cell of each SMF 1.x post: the nearest ``td.windowbg``/``windowbg2``
    around a ``div.post``."""
    for body in page.select("div.post"):
        anc = body.parent
        while anc is not None and not (anc.tag == "td" and any(c in _WINDOWBG for c in anc.classes)):
            anc = anc.parent
        if anc is not None:
            anc.add_class(POST_CELL)


SMF1 = _html.Rules(
    post=f"td.{POST_CELL}",
    prepare=_mark_cells,
    author=("td[rowspan] > b > a", "td[rowspan] > b"),
    meta=(".smalltext",),
    meta_re=DATE_LINE,
    body=("div.post",),
    title=(),
    quote="div.quote, blockquote.bbc_standard_quote, blockquote.bbc_alternate_quote",
    id_attr="",
    noise=CODE_LABEL,
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved SMF topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES, SMF1), NAME)
