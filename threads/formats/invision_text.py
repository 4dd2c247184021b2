"""Invision Community (IPS 4, IP.Board 3) topics copied from the browser as text.

Each post copies as the member block (name, group, "412 posts"), "Posted March 3,
2022" ("Geschrieben", "Posté(e)", "Publicado"; "(edited)" after it when edited), the
text, the "Quote" button and the signature::

    Greta Lindqvist
    Moderators
    2,101 posts
    Posted March 3, 2022
    turbo_hugo said:
    there is a light knock at idle
    <blank>
    That is almost always the hydraulic lifters.
    Quote
    1991 900 Turbo

The name is the line above the group or post-count line (what is above it is the
previous post's signature), or a name the page shows elsewhere. IPS 4 prints the day
only: times are midnight of that day; relative dates ("3 hours ago") keep no time.
"NAME said:" and "On 5/30/2019 at 1:06 PM, NAME said:" open quote boxes, ended by
NAME's post on the page or a blank line. Post 0 is the first post on the page.
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.dates import resolve_exact
from threads.formats import _copy
from threads.formats import _forum_text as ft
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "invision-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "Invision Community topics copied from a browser: member block, 'Posted DATE', 'NAME said:' quotes."
)

# The date line (IPS 4 / IP.Board 3 language packs, en/de/fr/es).
POSTED = re.compile(
    r"^\s*(?:posted|geschrieben|posté\(?e?\)?|publicado|inviato)\s+(?:on\s+)?(?P<date>\S.*?)"
    r"\s*(?:\((?:edited|bearbeitet|modifié|editado)\))?\s*$",
    re.I,
)
_AGO = re.compile(
    r"^\s*(?:\d+ (?:seconds?|minutes?|hours?|days?) ago|just now|yesterday|today|vor .+|gestern|heute)", re.I
)
# The member block's group and count lines: IPS default groups, "412 posts", badges.
MEMBER = _copy.compile_lines(
    (
        r"(?:members?|advanced members?|moderators?|global moderators?|administrators?|guests?|"
        r"mitglieder|moderatoren|administratoren|membres|modérateurs|administrateurs|miembros|moderadores)",
        r"[\d.,]+\s*(?:posts?|beiträge|messages|mensajes)",
        r"(?:author|autor|auteur|\d+ reputation|community regular|rookie|apprentice|newbie|explorer|"
        r"contributor|enthusiast|collaborator|mentor|experienced)",
    )
)
_POST_END = re.compile(r"^\s*(?:quote|zitieren|citer|citar|share this post|link to post)\s*$", re.I)
UI_LINES = _copy.compile_lines(
    (
        r"quote|zitieren|citer|citar|multiquote|report|melden|share|like|thanks|reply|report post",
        r"share this post|link to post|(?:edited|bearbeitet) .* by .*|go to top",
    )
)
SAID = r"said|sagte|a dit|dijo|ha detto|zei"
QUOTES = ft.QuoteRules(
    start=re.compile(
        rf"^\s*(?:(?:on|am|le|el)\s+\S.{{4,40}}?,\s+)?(?P<name>\S.{{0,60}}?)\s+(?:{SAID})\s*:\s*(?P<rest>)$",
        re.I,
    )
)
QUOTES_PLAIN = ft.QuoteRules(start=re.compile(r"^\s*(?:quote|zitat)\s*:\s*(?P<rest>)$", re.I))

# sniff(): "Posted DATE" lines under a member block are Invision's; the credit and IPS
# lines corroborate.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5)
CORROBORATION = 0.35
_IPS_LINES = re.compile(
    r"^\s*(?:.*powered by invision.*|.*invision community.*|share this post|link to post|"
    r"go to topic listing|reply to this topic|recently browsing.*|[\d.,]+ posts)\s*$",
    re.I,
)
# Lines IPS prints between the topic's title and the first post (en, de).
_HEAD_LINES = _copy.compile_lines(
    (
        r"\d+ (?:posts?|replies|beiträge|antworten) in (?:this topic|diesem thema)",
        r"(?:started by|gestartet von|erstellt von) .*",
        r"sign in to follow this|followers?\s*\d*|folgen\s*\d*|anmelden, um diesem inhalt zu folgen",
    )
)
MAX_TITLE_WORDS = 16


def _anchors(lines: list[Line], anchor: datetime | None = None) -> list[tuple[int, object]]:
    """ "Posted DATE" lines with a member block above (a group or post-count line)."""
    found = []
    for i, line in enumerate(lines):
        m = POSTED.match(line.text)
        if not m:
            continue
        # The member block first, the date last: the date is the dear test (dateutil,
        # ~0.1 ms a line), and a Typepad copy's "Posted by: NAME | DATE" footers, none
        # under a member block, all took it when every dialect sniffed. The same anchors.
        run = ft.block_over(lines, i, 0, _POST_END, MEMBER)
        if not any(MEMBER.match(lines[j].text) for j in run):
            continue
        if _AGO.match(m["date"]):
            stamp = resolve_exact(m["date"], anchor) if anchor else None
        else:
            ok, stamp = ft.forum_date(m["date"], anchor=anchor)
            if not ok:
                continue
        found.append((i, stamp))
    return found


def sniff(text: str) -> float:
    """Confidence that ``text`` is an Invision Community topic copied as text.

    >>> sniff("Ann\\nMembers\\n12 posts\\nPosted March 3, 2022\\nHi\\nQuote\\n")
    0.65
    """
    return ft.sniff_posts(text, lambda lines: len(_anchors(lines)), _IPS_LINES, SCORE_BY_POSTS, CORROBORATION)


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name, what follows the "Quote"
    button to ``signature``; times are naive as printed. Text without a date line
    under a member block reads as one post.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    anchors = _anchors(lines, ft.page_time(lines))
    if not anchors:
        return [
            RawThread(posts=[block_post(lines, author=None)], warnings=["no Invision post headers found"])
        ]
    known = {m["name"].strip() for x in lines if (m := QUOTES.start.match(x.text))}
    starts: list[int] = []
    authors: list[str | None] = []
    lo = 0
    for at, _ in anchors:
        run = ft.block_over(lines, at, lo, _POST_END, MEMBER)
        name = ft.name_over(lines, run, known, MEMBER)
        authors.append(lines[name].text.strip() if name is not None else None)
        starts.append(name if name is not None else at)
        lo = at + 1
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    seen: list[tuple[str | None, list[Line]]] = []
    chrome = list(lines[: starts[0]])
    for k, (at, stamp) in enumerate(anchors):
        stop = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        seg = lines[at + 1 : stop]
        if k + 1 == len(anchors):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
            chrome += cut.lines
        end = next((e for e, x in enumerate(seg) if _POST_END.match(x.text)), None)
        signature = None
        if end is not None:
            sig = [x for x in seg[end + 1 :] if x.text.strip() and not UI_LINES.match(x.text)]
            signature = "\n".join(x.text.strip() for x in sig) or None
            seg = seg[:end]
        seg = [x for x in seg if not UI_LINES.match(x.text)]
        body, quotes = ft.take_quotes(seg, QUOTES, ft.earlier_lines(seen))
        body, plain = ft.take_quotes(body, QUOTES_PLAIN)
        quotes += plain
        raw = block_post(
            ft.squeeze(body),
            author=authors[k],
            timestamp=stamp,  # type: ignore[arg-type]
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
            signature=signature,
        )
        raw.line_start = lines[starts[k]].no
        kept = strip_blank(seg)
        raw.line_end = kept[-1].no if kept else lines[at].no
        seen.append((authors[k], seg))
        out.append(raw)
    head = [x.text.strip() for x in lines[: starts[0]] if x.text.strip() and not _HEAD_LINES.match(x.text)]
    # The topic's title is the header's last line (IPS prints it as the page heading).
    title = (
        head[-1]
        if head and len(head[-1].split()) <= MAX_TITLE_WORDS and not _copy.is_chrome(head[-1])
        else None
    )
    out[0].title = title
    ft.note_relative(out, skipped, warnings)
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=ft.page_of(chrome))]
