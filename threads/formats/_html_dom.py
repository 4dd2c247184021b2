"""The HTML backends under the dialects: one small element API, two parsers.

Dialects keep their rules as CSS selectors and touch a page only through :class:`Node`
(``select``, ``select_one``, ``get``, ``classes``, ``text``, ``parent``, ``remove``,
...), so the parser underneath can change:

- ``lexbor`` (the default): selectolax on Lexbor, an HTML5 parser with CSS selectors
  in C: the tree ~35x faster than BeautifulSoup's, whole dialects ~10x
  (``scripts/bench_html.py``).
- ``soup``: BeautifulSoup on lxml (libxml2), the parser the dialects were written
  against. It is kept for the differential test (``tests/formats/test_html_backend.py``
  runs both over every fixture and wants identical posts) and as the fallback for a
  page Lexbor refuses or would be slow on (:func:`parse_html`). bs4's own
  ``html.parser`` is never used: it is quadratic on unclosed void tags.

Both give the same answers on the fixtures, with these known differences on broken
markup: Lexbor builds the tree a browser builds (HTML5 tree construction, ``<tbody>``
inserted, no nesting limit) where libxml2 has its own repair rules and a depth limit
of 256; and in quirks mode (no ``<!DOCTYPE>``) Lexbor matches classes and ids without
regard to case, as browsers do. Of the fixtures broken four ways (cut in half, every
``</p>`` dropped, every ``</div>`` and ``</li>`` dropped, tags upper-cased), 6 of 80
read differently, all with ``</div>``/``</li>`` gone: Lexbor keeps more of the posts
apart (Discourse, Invision, vBulletin, XenForo), libxml2 folds them into the first.

>>> page = parse_html('<div class="c"><p>Hi<br>there</p><script>x()</script></div>')
>>> [el.text() for el in page.select("div.c")]
['Hi\\nthere']
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import re
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

if TYPE_CHECKING:
    from bs4 import Tag

BACKENDS = ("lexbor", "soup")
# The backend in use, per thread and task (a ContextVar, not a module global swapped at
# run time: a threaded Dask worker runs several parses at once). The pipeline sets it
# from ``Options.html_backend``; :func:`use_backend` sets it for a block.
_backend: contextvars.ContextVar[str] = contextvars.ContextVar("threads_html_backend", default="lexbor")

# Elements that start and end a line of text.
BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dd", "dt", "pre", "blockquote", "hr", "table", "tr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "aside"),
        *("figure", "figcaption", "main"),
    }
)
# Elements whose strings are not text: code, and ruby annotations. BeautifulSoup keeps
# their strings as Script/Stylesheet/TemplateString/RubyTextString, which
# :meth:`SoupNode.text` skips; the Lexbor walk skips the elements.
HIDDEN_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
# Whitespace that needs rewriting to one space: runs, and any other blank than a space
# (a lone space, the common case, is left alone: far fewer replacements).
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]{2,}|[\t\r\f\v\u00a0\u200b]")

# A page Lexbor cannot take; :func:`threads.formats._html.guarded` retries it with bs4.
BackendError = SelectolaxError


def clean_lines(raw: str) -> str:
    """Whitespace runs to one space, lines stripped, empty lines dropped."""
    lines = [line.strip() for line in _WS.sub(" ", raw).split("\n")]
    return "\n".join([line for line in lines if line])


class Node:
    """One element of a parsed page (or the document itself), whatever the backend.

    ``select`` and ``select_one`` look below the element, never at it; ``text`` is
    the visible text, block elements on their own lines; ``remove`` takes the element
    out of the page, its own subtree still readable.
    """

    __slots__ = ()

    @property
    def tag(self) -> str:
        raise NotImplementedError

    @property
    def key(self) -> int:
        """Identity: equal for two views of one element."""
        raise NotImplementedError

    @property
    def parent(self) -> Node | None:
        raise NotImplementedError

    def get(self, name: str) -> str | None:
        """An attribute's value (a class list as written, space-separated)."""
        raise NotImplementedError

    @property
    def classes(self) -> list[str]:
        value = self.get("class")
        return value.split() if value else []

    def select(self, css: str, limit: int = 0) -> list[Node]:
        raise NotImplementedError

    def select_one(self, css: str) -> Node | None:
        raise NotImplementedError

    def children(self) -> list[Node]:
        """Child elements."""
        raise NotImplementedError

    def descendants(self) -> list[Node]:
        """Every element below this one, in page order."""
        raise NotImplementedError

    def previous(self) -> Node | None:
        """The previous sibling element."""
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def raw_text(self) -> str:
        """The strings below, as they are (the content of a ``<script>``)."""
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    def replace_with_text(self, text: str) -> None:
        raise NotImplementedError

    def add_class(self, name: str) -> None:
        raise NotImplementedError

    def remove_all(self, css: str) -> None:
        """Remove every element below matching ``css`` (a comma list)."""
        for el in self.select(css):
            el.remove()


# ---------------------------------------------------------------- Lexbor
class LexborElement(Node):
    """A selectolax ``LexborNode``. Its ``css`` also matches the node itself; that
    match is dropped here, as soupsieve never reports it."""

    __slots__ = ("n",)

    def __init__(self, node: LexborNode) -> None:
        self.n = node

    @property
    def tag(self) -> str:
        return self.n.tag or ""

    @property
    def key(self) -> int:
        return self.n.mem_id

    @property
    def parent(self) -> Node | None:
        p = self.n.parent
        return LexborElement(p) if p is not None else None

    def get(self, name: str) -> str | None:
        if not self.n.is_element_node:
            return None
        attrs = self.n.attrs
        value = attrs.get(name)
        if value is None and name in attrs:
            return ""  # a bare attribute, as bs4 gives it
        return value

    def select(self, css: str, limit: int = 0) -> list[Node]:
        found = self.n.css(css)
        if "," in css:
            # Lexbor reports an element once per selector of a list it matches.
            seen = {self.n.mem_id}
            found = [x for x in found if not (x.mem_id in seen or seen.add(x.mem_id))]  # type: ignore[func-returns-value]
        elif found and found[0].mem_id == self.n.mem_id:
            found = found[1:]
        if limit:
            found = found[:limit]
        return [LexborElement(x) for x in found]

    def select_one(self, css: str) -> Node | None:
        found = self.n.css_first(css)
        if found is not None and found.mem_id == self.n.mem_id:
            rest = self.select(css, limit=1)
            return rest[0] if rest else None
        return LexborElement(found) if found is not None else None

    def children(self) -> list[Node]:
        return [LexborElement(c) for c in self.n.iter() if c.is_element_node]

    def descendants(self) -> list[Node]:
        walk = self.n.traverse()
        next(walk, None)  # the node itself
        return [LexborElement(c) for c in walk if c.is_element_node]

    def previous(self) -> Node | None:
        node = self.n.prev
        while node is not None and not node.is_element_node:
            node = node.prev
        return LexborElement(node) if node is not None else None

    def text(self) -> str:
        return clean_lines(_lexbor_text(self.n))

    def raw_text(self) -> str:
        return self.n.text(deep=True)

    def remove(self) -> None:
        # Unlinks the node only: its subtree stays attached to it and readable
        # (``recursive=True`` would take the subtree apart).
        if self.n.parent is not None:
            self.n.decompose(recursive=False)

    def replace_with_text(self, text: str) -> None:
        self.n.replace_with(text)

    def add_class(self, name: str) -> None:
        self.n.attrs["class"] = " ".join([*self.classes, name])


_NEWLINE = None  # stack marker: a block element ends here


def _lexbor_text(el: LexborNode) -> str:
    """Text with a newline around each block and at each ``<br>``."""
    if el.tag in HIDDEN_TAGS:
        return ""
    parts: list[str] = []
    try:
        _lexbor_strings(el, parts.append)
    except RecursionError:  # a page nested deeper than the stack: the slower loop
        return _lexbor_text_iterative(el)
    return "".join(parts)


def _lexbor_strings(node: LexborNode, append: Callable[[str], None]) -> None:
    # Recursive: twice as fast as the loop below, which takes over on deep pages.
    for kid in node.iter(include_text=True):
        tag = kid.tag
        if tag == "-text":
            append(kid.text_content)
        elif tag == "br":
            append("\n")
        elif tag and tag[0] != "-" and tag not in HIDDEN_TAGS:
            if tag in BLOCK_TAGS:
                append("\n")
                _lexbor_strings(kid, append)
                append("\n")
            else:
                _lexbor_strings(kid, append)


def _lexbor_text_iterative(el: LexborNode) -> str:
    parts: list[str] = []
    stack: list[LexborNode | None] = [el]
    append, push, extend = parts.append, stack.append, stack.extend
    while stack:
        node = stack.pop()
        if node is _NEWLINE:
            append("\n")
            continue
        tag = node.tag
        if tag == "-text":
            append(node.text_content)
        elif tag == "br":
            append("\n")
        elif tag == "-document" or (tag and tag[0] != "-" and tag not in HIDDEN_TAGS):
            if tag in BLOCK_TAGS:
                append("\n")
                push(_NEWLINE)
            kids = list(node.iter(include_text=True))
            kids.reverse()
            extend(kids)
    return "".join(parts)


def _lexbor_page(text: str) -> Node:
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None:
        raise SelectolaxError("no document")
    doc = root.parent
    return LexborElement(doc if doc is not None else root)


# ---------------------------------------------------------------- BeautifulSoup
class SoupNode(Node):
    """A BeautifulSoup ``Tag`` (or the ``BeautifulSoup`` document) on lxml."""

    __slots__ = ("t",)

    def __init__(self, tag: Tag) -> None:
        self.t = tag

    @property
    def tag(self) -> str:
        return self.t.name

    @property
    def key(self) -> int:
        return id(self.t)

    @property
    def parent(self) -> Node | None:
        p = self.t.parent
        return SoupNode(p) if p is not None else None

    def get(self, name: str) -> str | None:
        value = self.t.get(name)
        if isinstance(value, list):  # bs4 splits class, rel, headers, ...
            return " ".join(value)
        return value

    @property
    def classes(self) -> list[str]:
        return list(self.t.get("class") or ())

    def select(self, css: str, limit: int = 0) -> list[Node]:
        return [SoupNode(x) for x in self.t.select(css, limit=limit)]

    def select_one(self, css: str) -> Node | None:
        found = self.t.select_one(css)
        return SoupNode(found) if found is not None else None

    def children(self) -> list[Node]:
        return [SoupNode(c) for c in self.t.find_all(True, recursive=False)]

    def descendants(self) -> list[Node]:
        return [SoupNode(c) for c in self.t.find_all(True)]

    def previous(self) -> Node | None:
        found = self.t.find_previous_sibling()
        return SoupNode(found) if found is not None else None

    def text(self) -> str:
        from bs4 import NavigableString, Tag  # loaded already: this node came from bs4

        parts: list[str] = []
        stack: list[object] = [self.t]
        while stack:
            node = stack.pop()
            if node is _NEWLINE:
                parts.append("\n")
            elif type(node) is NavigableString:  # not comments, CDATA, script strings, ...
                parts.append(str(node))
            elif isinstance(node, Tag):
                if node.name == "br":
                    parts.append("\n")
                    continue
                if node.name in BLOCK_TAGS:
                    parts.append("\n")
                    stack.append(_NEWLINE)
                stack.extend(reversed(node.contents))
        return clean_lines("".join(parts))

    def raw_text(self) -> str:
        return self.t.string or ""

    def remove(self) -> None:
        self.t.extract()

    def replace_with_text(self, text: str) -> None:
        self.t.replace_with(text)

    def add_class(self, name: str) -> None:
        self.t["class"] = [*(self.t.get("class") or []), name]

    def remove_all(self, css: str) -> None:
        matches, rest = _simple_matcher(css)
        found = [el for el in self.t.find_all(True) if matches(el)]
        if rest:
            found.extend(self.t.select(rest))
        for el in found:
            el.extract()


_SIMPLE = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?P<cls>(?:\.[\w-]+)*)(?:#(?P<id>[\w-]+))?"
    r"(?:\[(?P<attr>[\w-]+)(?P<op>\^?=)(?P<val>[\w-]+)\])?(?P<cls2>(?:\.[\w-]+)*)$"
)


@functools.lru_cache(maxsize=64)
def _simple_matcher(selectors: str) -> tuple[Callable[[Tag], bool], str]:
    """A fast test for the simple selectors in a comma list (tag, classes, id, one
    attribute), and the rest as a selector for soupsieve. Noise removal visits every
    element of the page; soupsieve's matching of a long list costs seconds per MB."""
    rows: list[tuple[str | None, frozenset[str], str | None, tuple[str, str, str] | None]] = []
    rest: list[str] = []
    for sel in (s.strip() for s in selectors.split(",")):
        m = _SIMPLE.match(sel) if sel else None
        if not m or not any(m.groups()):
            if sel:
                rest.append(sel)
            continue
        classes = frozenset(c for c in (m["cls"] + m["cls2"]).split(".") if c)
        attr = (m["attr"], m["op"], m["val"]) if m["attr"] else None
        rows.append((m["tag"], classes, m["id"], attr))

    def matches(el: Tag) -> bool:
        cls = el.get("class") or ()
        for tag, classes, ident, attr in rows:
            if tag and el.name != tag:
                continue
            if classes and not classes.issubset(cls):
                continue
            if ident and el.get("id") != ident:
                continue
            if attr:
                value = el.get(attr[0])
                if not isinstance(value, str) or not (
                    value == attr[2] if attr[1] == "=" else value.startswith(attr[2])
                ):
                    continue
            return True
        return False

    return matches, ", ".join(rest)


def _soup_page(text: str) -> Node:
    # bs4 is imported here, on the first page that needs it (the fallback and the soup
    # backend), not with every dialect: with soupsieve it is ~0.09 s of CPU, a third of
    # importing all dialects, paid by every run that detects a format, text dumps too.
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    # The cyclic garbage collector is paused meanwhile: a big page builds millions of
    # objects and no cycles worth collecting, and the collector's passes cost ~40% of
    # the parse (measured on an 8 MB page).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # An XHTML page opens on "<?xml ...?>" (Hypermail's archive pages): bs4 warns that
        # it looks like XML, a line on the user's terminal about a page read as meant.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            return SoupNode(BeautifulSoup(text, "lxml"))
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------- choice
_PARSERS: dict[str, Callable[[str], Node]] = {"lexbor": _lexbor_page, "soup": _soup_page}


# HTML5 tree construction looks down the whole stack of open elements at every block
# start tag, so thousands of unclosed <div>s make Lexbor quadratic (20,000 take 1.3 s,
# 200,000 minutes); libxml2 stops nesting at depth 256 and stays linear. Above this
# many unclosed <div>s (4,000 take 0.06 s) the page goes to BeautifulSoup on lxml. Real
# pages leave a handful unclosed.
MAX_UNCLOSED_DIVS = 4000


def parse_html(text: str, backend: str | None = None) -> Node:
    """Parse a page (or a fragment, as a page) with ``backend`` (default: the current
    one, ``lexbor`` unless :func:`use_backend` says otherwise). A page Lexbor refuses,
    or that would make it quadratic, is parsed with BeautifulSoup on lxml."""
    name = backend or _backend.get()
    if name != "lexbor":
        return _PARSERS[name](text)
    if text.count("<div") - text.count("</div") > MAX_UNCLOSED_DIVS:
        return _soup_page(text)
    try:
        return _PARSERS[name](text)
    except BackendError:
        return _soup_page(text)


def current_backend() -> str:
    """The backend :func:`parse_html` uses here and now."""
    return _backend.get()


@contextlib.contextmanager
def use_backend(name: str) -> Iterator[None]:
    """Parse with ``name`` inside the block (tests, benchmarks, the bs4 fallback).

    >>> with use_backend("soup"):
    ...     type(parse_html("<p>x</p>")).__name__
    'SoupNode'
    """
    if name not in _PARSERS:
        raise ValueError(f"unknown HTML backend {name!r} (known: {', '.join(BACKENDS)})")
    token = _backend.set(name)
    try:
        yield
    finally:
        _backend.reset(token)
