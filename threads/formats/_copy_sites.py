"""What the text copies of the big sites' pages (Hacker News, old Reddit, Discourse,
Stack Exchange, Askbot) share: cutting each site's own footer after the last post.

``_copy`` knows the chrome that blog and forum engines print after their comments; each
site dialect adds its own footer lines (a table in its module, from that site's pages)
and :func:`cut_site_chrome` cuts at whichever comes first, reporting a cut that holds
prose as ``_copy.cut_chrome`` does.

>>> import re
>>> from threads.formats._text import numbered
>>> lines = numbered("Last words.\\nreply\\nGuidelines | FAQ | Lists\\nSearch:")
>>> kept, cut = cut_site_chrome(lines, re.compile(r"^guidelines \\|.*$", re.I))
>>> [x.text for x in kept], cut.skipped
(['Last words.', 'reply'], 0)
"""

from __future__ import annotations

import re

from threads.formats import _copy
from threads.formats._text import Line


def cut_site_chrome(lines: list[Line], site: re.Pattern[str], start: int = 0) -> tuple[list[Line], _copy.Cut]:
    """``lines`` without the page chrome after the last post: from the first line (at
    or after ``start``) that matches ``site`` (a whole line of the site's own footer) or
    that ``_copy`` takes for chrome, whichever comes first; and the cut, to report."""
    at = next((k for k in range(start, len(lines)) if site.match(lines[k].text)), None)
    generic = _copy.chrome_start(lines[:at] if at is not None else lines, start)
    if generic is not None:
        at = generic
    if at is None:
        return lines, _copy.Cut()
    cut = _copy.Cut(lines=lines[at:])
    prose = [
        line
        for line in cut.lines
        if len(line.text.split()) >= _copy.PROSE_WORDS
        and not (_copy.is_chrome(line.text) or site.match(line.text))
    ]
    if prose:
        cut.skipped = 1
        cut.warnings.append(
            f"lines {cut.lines[0].no}-{cut.lines[-1].no} after the last post are page chrome "
            f"(from {lines[at].text.strip()[:40]!r}), with prose of {len(prose)} line(s): not read as posts"
        )
    return lines[:at], cut


def site_lines(rows: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One whole-line, case-insensitive pattern from a table of (pattern, where seen)."""
    return _copy.compile_lines([p for p, _ in rows])
