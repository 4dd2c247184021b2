"""A page's text as a browser's Select All + Copy gives it, for tests of the text dialects.

Chrome and Firefox copy a page much as ``element.innerText`` reads it: each block element
on its own lines, a blank line around paragraphs and headings, table cells separated by a
tab and rows by a line break, ``<br>`` a line break, and nothing of ``<head>``, scripts,
styles, images or elements marked hidden. Without the page's style sheets we cannot know what CSS
hides (collapsed menus, tooltips), so this copy holds somewhat *more* chrome than a real
one: a text dialect that reads it reads the real copy too.

>>> render('<p>Hi<br>there</p><div>Ann</div><table><tr><td>a</td><td>b</td></tr></table>')
'Hi\\nthere\\n\\nAnn\\na\\tb'
"""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from threads.read import read_source

# innerText's block-level elements (the HTML spec's default display: block/list-item/table).
_BLOCK_NAMES = """address article aside blockquote center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav
    ol p pre section summary table tbody thead tfoot ul caption"""
BLOCK = frozenset(_BLOCK_NAMES.split())
PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})  # blank line around
HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "title", "select", "option", "iframe"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_BREAK = "\x00"  # a required line break, collapsed with its neighbours at the end
_PARA = "\x01"  # a required blank line


def _hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style") or ""
    return bool(_DISPLAY_NONE.search(style)) or (node.tag == "input" and attrs.get("type") == "hidden")


def _walk(node: LexborNode, out: list[str]) -> None:
    for kid in node.iter(include_text=True):
        tag = kid.tag
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", kid.text_content or ""))
        elif tag == "br":
            out.append("\n")
        elif not tag or tag[0] == "-" or tag in HIDDEN or _hidden(kid):
            continue
        elif tag in ("td", "th"):
            out.append("\t")
            _walk(kid, out)
        elif tag == "tr":
            out.append(_BREAK)
            _walk(kid, out)
            out.append(_BREAK)
        elif tag in PARAGRAPH:
            out.append(_PARA)
            _walk(kid, out)
            out.append(_PARA)
        elif tag in BLOCK:
            out.append(_BREAK)
            _walk(kid, out)
            out.append(_BREAK)
        else:
            _walk(kid, out)


def render(html: str) -> str:
    """``html`` as a browser copies its text (see the module doc)."""
    tree = LexborHTMLParser(html)
    body = tree.body or tree.root
    out: list[str] = []
    if body is not None:
        _walk(body, out)
    raw = "".join(out)
    # A run of required breaks is one line break, or a blank line if a paragraph asked
    # for one; spaces around it go with it (innerText's "required line break count").
    raw = re.sub(r"[ \t]*(?:[\x00\x01][ \t]*)+", lambda m: "\n\n" if "\x01" in m[0] else "\n", raw)
    lines = [line.strip(" ").lstrip("\t").rstrip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip() + "\n"


def render_file(path: str | Path) -> str:
    """The text copy of the saved page at ``path`` (decoded as ``threads`` decodes it)."""
    return render(read_source(path).text)
