"""phpBB topic pages saved as HTML: phpBB 3 (prosilver, subsilver2) and phpBB 2 (subSilver).

phpBB 3 posts are ``div.post``, the author and date in ``p.author`` ("by NAME »
Mon Sep 24, 2012 4:53 pm", or a ``time[datetime]`` from 3.2 on), quotes
``blockquote`` with ``<cite>NAME wrote:</cite>``. phpBB 2 is tables: a post is the
``tr`` holding ``span.name``; its date is in ``span.postdetails`` ("Verfasst am:
03.03.2011, 14:17  Titel: ..."), quotes are tables with a ``td.quote`` under a
"NAME wrote:" row, and the signature follows a line of underscores. Topics are flat.
"""

from __future__ import annotations

import re

from threads.formats import _html
from threads.model import RawThread

NAME = "phpbb-html"
PRIORITY = 20
DESCRIPTION = "phpBB 2/3 topic page saved as HTML (posts, quotes, signatures)."

# From phpBB 2.0.x subSilver and 3.x prosilver templates (viewtopic_body.html).
MARKERS = _html.markers(
    (r"\bphpBB\b", 0.3),
    (r"viewtopic\.php", 0.3),
    (r'class="postprofile"|id="phpbb"|<span class="postbody">', 0.2),
    (r"memberlist\.php|profile\.php\?mode=viewprofile", 0.2),
)
PHPBB3 = _html.Rules(
    post="div.post[id^=p]",
    author=("p.author .username", "p.author .username-coloured", "p.author strong", ".postprofile dt a"),
    time=("p.author time",),
    meta=("p.author",),
    meta_re=re.compile(r"(?:»|&raquo;)\s*(?P<date>.+?)\s*$"),
    body=("div.content",),
    title=("h2.topic-title", "#page-body > h2", "h2"),
    # The code box's "Code: Select all" line: a <p> (3.1+) or <dt> (3.0) before the code.
    noise=".profile-icons, .post-buttons, .back2top, .notice, .codebox > p, dl.codebox > dt",
)
# subSilver: the date label is translated; these are the language packs we know.
PHPBB2_DATE = re.compile(
    r"(?:Verfasst am|Posted|Posté le|Publicado|Inviato|Geplaatst)\s*:\s*(?P<date>.+?)\s+"
    r"(?:Titel|Post subject|Sujet du message|Asunto|Oggetto|Onderwerp)\b"
)
POST_ROW = "threads-phpbb2-post"


def _mark_rows(page: _html.Node) -> None:
    """Mark the table row of each phpBB 2 post (the row whose cell holds ``span.name``),
    and drop the "Code:" row above each code box's ``td.code`` (a label, not words)."""
    for name in page.select("td > span.name"):
        cell = name.parent
        row = cell.parent if cell is not None else None
        if row is not None and row.tag == "tr":
            row.add_class(POST_ROW)
    for code in page.select("td.code"):
        row = code.parent
        label = row.previous() if row is not None else None
        if label is not None and label.tag == "tr" and label.select_one("td.code, td.quote") is None:
            label.remove()


PHPBB2 = _html.Rules(
    post=f"tr.{POST_ROW}",
    prepare=_mark_rows,
    author=("span.name b", "span.name"),
    meta=("span.postdetails",),
    meta_re=PHPBB2_DATE,
    body=("td:has(> span.postbody)",),
    title=("a.maintitle", "span.maintitle"),
    quote="table:has(td.quote)",
    id_attr="",
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved phpBB topic page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, the first post as post 0."""
    return _html.parse_variants(text, (PHPBB3, PHPBB2), NAME)
