"""Simple Machines Forum (SMF 2.0/2.1) topic pages saved as HTML.

Posts are ``div.post_wrapper``; the author is ``.poster h4``; SMF 2.0 writes the date
as "« Reply #1 on: December 03, 2011, 03:05:12 PM »" in ``.keyinfo .smalltext``, 2.1
in ``.postinfo``. Quotes are ``blockquote.bbc_standard_quote`` after a
``div.quoteheader`` ("Quote from: NAME on DATE"; 2.1 puts it in a ``cite``).
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.model import RawThread

NAME = "smf-html"
PRIORITY = 20
DESCRIPTION = "Simple Machines Forum topic page saved as HTML."

# SMF's inline JavaScript globals, its copyright line and post classes.
MARKERS = _html.markers(
    (r"smf_scripturl|smf_theme_url|var smf_", 0.5),
    (r"Simple Machines|simplemachines\.org", 0.2),
    (r'class="post_wrapper"', 0.2),
    (r"quoteheader|bbc_standard_quote", 0.1),
)
RULES = _html.Rules(
    post="div.post_wrapper",
    author=(".poster h4 a", ".poster h4"),
    time=(".postinfo a.smalltext", ".postinfo .smalltext"),
    meta=(".keyinfo .smalltext", ".keyinfo"),
    # "on:" in every SMF language pack we know: on, am, le, el, il, op.
    meta_re=re.compile(r"\b(?:on|am|le|el|il|op)\s*:\s*(?P<date>.+?)\s*»"),
    body=(".post .inner", "div.inner", ".post"),
    title=(),
    quote="blockquote.bbc_standard_quote, blockquote.bbc_alternate_quote",
    id_attr="",
    noise=".quickbuttons, .moderatorbar, .quotefooter, .botslice_quote, .reportlinks",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved SMF topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (RULES,), NAME)
