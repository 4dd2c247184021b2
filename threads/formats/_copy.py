"""What the browser text-copy dialects share: page chrome after the last comment, UI
lines, and forum quote boxes ("NAME said:" ... "Click to expand...").

A page copied with Select All + Copy carries the site's chrome around the comments. The
chrome *after* the last comment ("The comments to this entry are closed.", "Post a
Comment", "Newer Post Older Post Home", "Powered by ...") must neither become a post
with no author nor be glued to the last comment. :func:`chrome_start` finds where it
begins, by two rules:

- a *strong* line (:data:`TRAILING_CHROME`): a whole line only page chrome prints, such
  as "Leave a Reply" or "Powered by Blogger". The page ends there, whatever follows.
- a *weak* line (:data:`WEAK_CHROME`): a navigation word ("Home", "Next »", "Top") that a
  comment could also hold; it ends the page only when every later line is short (a
  link list, a footer), not when prose follows.

:func:`cut_chrome` applies them and says what it cut, so nothing goes silently: a cut
holding a prose line (a post-like block: the next post's teaser, a sidebar comment) is
counted in ``RawThread.skipped`` under :data:`SKIPPED_KEY` and named in a warning.

>>> from threads.formats._text import numbered
>>> lines = numbered("Great post!\\n\\nPost a Comment\\nNewer Post Older Post Home")
>>> chrome_start(lines, 0)
2
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from threads.formats._text import Line

# Whole lines that only page chrome prints after the comments, as (pattern, where seen).
# Ordered by engine; matched case-insensitively against the stripped line.
TRAILING_CHROME: tuple[tuple[str, str], ...] = (
    # Typepad default themes (corpus acephalous page, seed 004's site).
    (r"the comments to this entry are closed\.?", "Typepad: comments closed"),
    (r"post a comment|comment below or sign in with.*|verify your comment", "Typepad/Blogger: comment form"),
    (r"(?:next|previous) post", "Typepad: post navigation under the comments"),
    (r"«\s*previous(?: post)?\s*\|\s*main\s*\|\s*next(?: post)?\s*»", "Typepad classic: « Prev | Main"),
    (r"subscribe to this blog'?s feed", "Typepad sidebar"),
    # WordPress themes (corpus lemire.me page; Twenty Ten..Twenty Twenty-Four).
    (r"leave a (?:reply|comment)(?: cancel reply)?", "WordPress: comment form"),
    (r"post navigation|comment navigation", "WordPress: navigation headings"),
    (r"(?:previous|next) post\s*:.*", "WordPress: Previous post: TITLE"),
    (r"comments are closed\.?|kommentare sind geschlossen\.?", "WordPress: comments closed"),
    (r"you must be logged in to post a comment\.?", "WordPress: comment form for members"),
    # Blogger (layouts and classic templates).
    (r"add comment|load more\.{0,3}…?", "Blogger: threaded comments footer"),
    (r"newer post(?:\s+older post)?(?:\s+home)?|older post(?:\s+home)?", "Blogger: post pager"),
    (r"subscribe to:\s*post comments.*", "Blogger: feed link"),
    (r"einen kommentar veröffentlichen|publicar un comentario|publier un commentaire", "Blogger: de/es/fr"),
    # Forums: XenForo, phpBB, vBulletin, Discourse.
    (r"you must log in or register to (?:reply|post) here\.?", "XenForo: guest reply box"),
    (r"sie müssen sich anmelden oder registrieren, um hier zu antworten\.?", "XenForo de: guest reply box"),
    (r"(?:similar threads|share this page|share:)", "XenForo: under the thread"),
    (r"write your reply\.{0,3}…?|post reply|quick reply", "XenForo/vBulletin: reply box"),
    (r"display posts from previous:.*", "phpBB 2/3: topic footer"),
    (r"post new topic\s+reply to topic.*|reply to topic", "phpBB 2: topic buttons"),
    (r"return to (?:board index|[“\"«].{1,80})", "phpBB 3: Return to “FORUM”"),
    (r"jump to:?|who is online|users browsing this forum:.*", "phpBB: forum footer"),
    (r"you cannot (?:post new topics|reply to topics) in this forum", "phpBB: permissions"),
    (r"«\s*previous thread\s*\|\s*next thread\s*»|posting permissions", "vBulletin: thread footer"),
    (r"you may not post (?:new threads|replies).*", "vBulletin: permissions"),
    (r"suggested topics|related topics|want to read more\?.*", "Discourse: under the topic"),
    # Any engine's footer credit.
    (r"(?:proudly )?powered by \S.{0,60}", "footer credit (WordPress, Typepad, Blogger, phpBB, ...)"),
    (r"(?:forum software|community platform) by xenforo.*|forensoftware von xenforo.*", "XenForo credit"),
)
# ---- forum text copies (phpbb-text, vbulletin-text, smf-text, mybb-text, invision-text)
# Footer lines of the forum engines' default styles and their German/French/Spanish
# language packs, seen in the corpus pages and the engines' templates.
FORUM_TRAILING_CHROME: tuple[tuple[str, str], ...] = (
    (
        r".{0,120}\b(?:forum index|foren-übersicht|index du forum|índice del foro)\s*(?:->|»|›).{0,200}",
        "phpBB 2: breadcrumb",
    ),
    (
        r"(?:.*\t)?all times are (?:utc|gmt)\b.{0,60}|alle zeiten sind (?:utc|gmt|mez)\b.{0,60}",
        "phpBB: zone line",
    ),
    (
        r"alle zeitangaben in .{1,60}|the time now is \d.{1,40}|es ist jetzt \d{1,2}:\d\d.{0,10}",
        "vBulletin: zone line",
    ),
    (
        r"«\s*(?:vorheriges thema|previous thread|предыдущая тема)\s*\|\s*"
        r"(?:nächstes thema|next thread|следующая тема)\s*»",
        "vBulletin: thread nav",
    ),
    (
        r"ähnliche themen|themen-optionen|thread tools|sie haben keine berechtigung.*",
        "vBulletin: under the thread",
    ),
    (
        r"(?:page|seite|страница) \d+ (?:of|von|из) \d+\s+(?:first|erste|первая|[<‹«]|\d).{0,80}",
        "vBulletin: pager with links (en/de/ru)",
    ),
    (r"(?:gehe zu seite|go to page)\s*:?\.{0,3}", "vBulletin: page jump"),
    (r"smf \d[\d.]* \|.*|smf © \d{4}.*", "SMF: footer credit"),
    (
        r"(?:retourner vers|zurück zu|volver a|torna a|terug naar|вернуться в|повернутися до|powrót do|"
        r"vissza:?)\s*[«“\"„].{1,80}",
        "phpBB 3 fr/de/es/it/nl/ru/uk/pl/hu: Return to « FORUM »",
    ),
    (r"(?:aller à|gehe zu|ir a|vai a|ga naar|перейти|przejdź|ugrás)\s*:?", "phpBB 3: jump box (Jump to)"),
    (r"(?:pages|seiten|páginas|страницы|strony):\s*\[\d+\].*", "SMF: pager with the page in brackets"),
    (r"(?:pages|seiten) \(\d+\):.*", "MyBB: pager with the page count"),
    (r"«\s*next oldest\s*\|\s*next newest\s*»", "MyBB: thread navigation"),
    (
        r"« (?:previous|next) (?:topic|thread)(?: next (?:topic|thread) »)?|"
        r".*\bprevious topic\b.*\bnext topic\b.*",
        "SMF/MyBB: topic nav",
    ),
    (
        r"(?:view a printable version|send this thread to a friend|subscribe to this thread)",
        "MyBB: thread tools",
    ),
    (r"users browsing this thread:.*|benutzer, die gerade dieses thema lesen:.*", "MyBB/vBulletin: readers"),
    (
        r"(?:go to topic listing|reply to this topic|start new topic|"
        r"create an account or sign in to comment)",
        "Invision: under the topic",
    ),
    (r"(?:recently browsing|share this post|link to post)\b.{0,40}", "Invision: under the topic"),
)
# Navigation a comment could hold as a line of its own; page chrome only when the rest
# of the page is short lines (see the module doc).
WEAK_CHROME: tuple[tuple[str, str], ...] = (
    (
        r"home|top|back to top|scroll to top|menu|search|log ?in(?:\s*/\s*sign ?up)?|sign ?up|register",
        "navigation links",
    ),
    (r"(?:«|‹|←)\s*(?:previous|older|prev)\b.{0,80}|.{0,80}\b(?:next|newer)\s*(?:»|›|→)", "pagers"),
    (r"(?:page \d+ of \d+|goto page .*|seite \d+ von \d+)", "forum pagers"),
    (r"(?:terms(?: and rules| of (?:service|use))?|privacy(?: policy)?|contact us|help)", "footer links"),
    (r"(?:©|copyright\b).{0,100}", "copyright line"),
)
# A line this long (in words) is prose: weak chrome before it is a comment's own line.
CHROME_SHORT_WORDS = 8
# A cut line of at least this many words is prose: the cut held a post-like block.
PROSE_WORDS = 12
SKIPPED_KEY = "page chrome"


def _compile(rows: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{'|'.join(f'(?:{p})' for p, _ in rows)})\s*$", re.IGNORECASE)


_STRONG = _compile(TRAILING_CHROME + FORUM_TRAILING_CHROME)
_WEAK = _compile(WEAK_CHROME)


def is_chrome(text: str) -> bool:
    """Is ``text`` a line of page chrome (strong or weak)?"""
    return bool(_STRONG.match(text) or _WEAK.match(text))


def chrome_start(lines: Sequence[Line], start: int = 0) -> int | None:
    """Index (into ``lines``, at or after ``start``) where the page chrome after the last
    comment begins, or ``None``."""
    short_after = len(lines)  # every line from here on is short or chrome
    for k in range(len(lines) - 1, start - 1, -1):
        text = lines[k].text
        if text.strip() and len(text.split()) > CHROME_SHORT_WORDS and not is_chrome(text):
            break
        short_after = k
    for k in range(start, len(lines)):
        text = lines[k].text
        if not text.strip():
            continue
        if _STRONG.match(text) or (k >= short_after and _WEAK.match(text)):
            return k
    return None


@dataclass
class Cut:
    """What :func:`cut_chrome` took off the end: the lines, and what to report."""

    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0


def cut_chrome(lines: list[Line], start: int = 0) -> tuple[list[Line], Cut]:
    """``lines`` without the trailing page chrome (searched from ``start``), and the cut."""
    at = chrome_start(lines, start)
    if at is None:
        return lines, Cut()
    return cut_at(lines, at)


def cut_at(lines: list[Line], at: int) -> tuple[list[Line], Cut]:
    """``lines`` up to ``at``, and the rest as page chrome (prose in it counted), for a
    dialect that knows where its last comment ends (Blogger's classic date footer)."""
    return lines[:at], _counted(lines[at:], "after the last comment")


def cut_head(lines: list[Line], at: int) -> tuple[list[Line], Cut]:
    """``lines`` from ``at`` on, and the lines before it as page chrome (prose in them
    counted), for a dialect that knows where the article begins (its title's line)."""
    return lines[at:], _counted(lines[:at], "before the article")


def _counted(lines: list[Line], where: str) -> Cut:
    cut = Cut(lines=lines)
    prose = [line for line in lines if len(line.text.split()) >= PROSE_WORDS and not is_chrome(line.text)]
    if prose:
        cut.skipped = 1
        cut.warnings.append(
            f"lines {lines[0].no}-{lines[-1].no} {where} are page chrome "
            f"(from {lines[0].text.strip()[:40]!r}), with prose of {len(prose)} line(s): not read as posts"
        )
    return cut


def report(skipped: dict[str, int], warnings: list[str], cut: Cut) -> None:
    """Add ``cut``'s count and warnings to a thread's ``skipped`` and ``warnings``."""
    if cut.skipped:
        skipped[SKIPPED_KEY] = skipped.get(SKIPPED_KEY, 0) + cut.skipped
    warnings.extend(cut.warnings)


def compile_lines(patterns: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive whole-line pattern from a table of alternatives."""
    return re.compile(rf"^\s*(?:{'|'.join(f'(?:{p})' for p in patterns)})\s*$", re.IGNORECASE)


# ---------------------------------------------------------------- quote boxes
@dataclass(frozen=True)
class Quotes:
    """How one engine's quote boxes copy: an opening line naming the source (group
    ``name``) and a closing line; a box without its closing line ends at the first blank
    line (engines show the expander only on long quotes)."""

    start: re.Pattern[str]
    end: re.Pattern[str] | None = None
    # The quoted words end at a blank line even when a closing line comes later.
    blank_ends: bool = False


def take_quotes(lines: list[Line], rules: Quotes) -> tuple[list[Line], list[tuple[str | None, str]]]:
    """``lines`` without their quote boxes, and the boxes as (source name, text)."""
    kept: list[Line] = []
    quotes: list[tuple[str | None, str]] = []
    i = 0
    while i < len(lines):
        m = rules.start.match(lines[i].text)
        if not m:
            kept.append(lines[i])
            i += 1
            continue
        name = (m.groupdict().get("name") or "").strip() or None
        j = i + 1
        while j < len(lines) and not lines[j].text.strip():
            j += 1
        end = None
        if rules.end is not None:
            end = next((k for k in range(j, len(lines)) if rules.end.match(lines[k].text)), None)
        if end is None or rules.blank_ends:
            stop = next((k for k in range(j, len(lines)) if not lines[k].text.strip()), len(lines))
            end = stop if end is None else min(end, stop)
            after = end
        else:
            after = end + 1
        text = "\n".join(line.text.strip() for line in lines[j:end] if line.text.strip())
        if text:
            quotes.append((name, text))
        i = after
        if rules.end is not None and i < len(lines) and rules.end.match(lines[i].text):
            i += 1
    return kept, quotes
