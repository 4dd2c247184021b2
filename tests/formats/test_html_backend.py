"""The two HTML backends (threads/formats/_html_dom.py) extract the same posts.

Lexbor (the default) and BeautifulSoup on lxml (the one the dialects and their goldens
were written against, kept as the fallback) run over every HTML fixture, and over a
few pages of tricky markup, with every HTML dialect; every field of every post must
be equal. The goldens check the default backend against the page by hand
(tests/formats/test_html.py); this test makes sure the fallback reads pages the same.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from pathlib import Path

import pytest

from threads.formats import REGISTRY, _dump, _html, _html_dom
from threads.model import RawThread, ThreadsError
from threads.read import decode

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
HTML_DIALECTS = sorted(name for name in REGISTRY if name.endswith("-html"))
PAGES = sorted(p for name in HTML_DIALECTS for p in (FIXTURES / name).glob("*.html"))
IDS = [f"{p.parent.name}/{p.stem}" for p in PAGES]


def _read(name: str, text: str, backend: str) -> list[dict[str, object]] | str:
    """Every field of every thread and post, or the error message."""
    with _html_dom.use_backend(backend):
        try:
            threads: list[RawThread] = REGISTRY[name].parse(text)
        except ThreadsError as err:
            return f"ThreadsError: {err}"
    return [
        {
            "title": t.title,
            "skipped": t.skipped,
            "warnings": t.warnings,
            "posts": [dataclasses.asdict(p) for p in t.posts],
        }
        for t in threads
    ]


def _same(name: str, text: str) -> None:
    fast, soup = _read(name, text, "lexbor"), _read(name, text, "soup")
    if fast != soup and isinstance(fast, list) and isinstance(soup, list):
        for a, b in zip(fast, soup, strict=False):
            for k, (pa, pb) in enumerate(zip(a["posts"], b["posts"], strict=False)):  # type: ignore[call-overload]
                assert pa == pb, (name, k)
    assert fast == soup, name


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_every_dialect_reads_every_fixture_alike(path: Path) -> None:
    text = decode(path.read_bytes(), str(path)).text
    for name in HTML_DIALECTS:
        _same(name, text)


def _own_dialect(path: Path) -> str:
    golden = HERE.parent / "golden" / path.parent.name / f"{path.stem}.json"
    return str(json.loads(golden.read_text(encoding="utf-8"))["format"])


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_broken_fixtures_read_alike_or_lexbor_keeps_more_posts(path: Path) -> None:
    """Cut in half, without ``</p>``, upper-case tags: the same posts. Without
    ``</div>`` and ``</li>`` the parsers repair the tree differently (HTML5 against
    libxml2's rules); Lexbor then keeps at least as many posts apart, or as many posts
    with none holding more text (libxml2 folds what follows an unclosed article body,
    a comment's header, into it)."""
    text, name = decode(path.read_bytes(), str(path)).text, _own_dialect(path)
    for variant in (
        text[: len(text) // 2],
        text.replace("</p>", ""),
        text.replace("<div", "<DIV").replace("</div", "</DIV"),
    ):
        _same(name, variant)
    unclosed = text.replace("</div>", "").replace("</li>", "")
    fast, soup = _read(name, unclosed, "lexbor"), _read(name, unclosed, "soup")
    if fast != soup:
        assert isinstance(fast, list), fast
        if isinstance(soup, str):
            return
        fast_posts, soup_posts = fast[0]["posts"], soup[0]["posts"]  # type: ignore[index]
        assert len(fast_posts) > len(soup_posts) or (
            len(fast_posts) == len(soup_posts)
            and all(len(a["body"]) <= len(b["body"]) for a, b in zip(fast_posts, soup_posts, strict=True))
        )


# Markup where parsers are known to differ: text extraction details (entities, nbsp,
# <br>, block and inline elements, comments, script and ruby strings, whitespace
# between inline elements and table cells), unclosed tags, quotes in quotes.
TRICKY = [
    "<div class='comment'><b>Ann</b> <i>says</i>:<p>a&nbsp;b &amp; c&lt;d&gt; &eacute;&#8211;&#x27;<br>e"
    "<br/>f</div>",
    "<ul><li class='comment'>one<li class='comment'>two <span>x</span><span>y</span></ul>",
    "<div class='comment'>x<!-- hidden --><script>var a = '<p>';</script><style>p{}</style>"
    "<ruby>漢<rt>kan</rt></ruby> y</div>",
    "<table><tr class='athing comtr'><td>a</td> <td>b</td></tr><tr><td>c</td></tr></table>",
    "<div class='comment'><blockquote><cite>Bob wrote:</cite><blockquote>inner</blockquote>outer"
    "</blockquote>own words</div><div class='comment'>second</div>",
    "<div class='comment'><p>open<p>paragraphs<div>block</div>tail</div>",
    "<div class='comment'>\n  spaced \t words\u00a0\u200b here \n\n\n next</div>",
    "<div class='comment' id='c1'><time datetime='2021-04-12T10:00:00'>x</time>Hi"
    "<div class='comment' id='c2'>nested reply</div></div>",
]


@pytest.mark.parametrize("page", TRICKY, ids=range(len(TRICKY)))
def test_tricky_markup_reads_alike(page: str) -> None:
    for name in HTML_DIALECTS:
        _same(name, page)


# Comment bodies as platform exports carry them (HN, Discourse, WXR, Disqus): read by
# threads/formats/_dump.py through the same backend.
FRAGMENTS = [
    'It&#x27;s <i>fine</i>.<p>Second <a href="https://x.org/a?b=1&amp;c=2">link</a>'
    "<p><pre><code>  code\n    indented</code></pre>",
    '<aside class="quote" data-username="mira"><blockquote><p>quoted words</p></blockquote></aside>'
    "<p>reply &amp; more</p>",
    "<blockquote><p>On Mon, 7 March 2011, Ann wrote:</p><p>old text</p></blockquote>new <b>text</b><br/>end",
]


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=range(len(FRAGMENTS)))
def test_export_bodies_read_alike(fragment: str) -> None:
    got = []
    for backend in _html_dom.BACKENDS:
        with _html_dom.use_backend(backend):
            got.append(_dump.html_post_text(fragment, ("aside.quote", "blockquote")))
    assert got[0] == got[1]
    assert got[0][0] and "<" not in got[0][0]


def test_text_details() -> None:
    """What the text of an element is, on both backends (written out by hand)."""
    page = (
        "<div id='x'>a&nbsp;b &amp; c<br>d<!-- no --><script>no()</script><p>e <b>f</b></p>g"
        "<ruby>h<rt>no</rt></ruby></div>"
    )
    for backend in _html_dom.BACKENDS:
        el = _html_dom.parse_html(page, backend).select_one("#x")
        assert el is not None
        assert el.text() == "a b & c\nd\ne f\ngh", backend


def test_select_never_matches_the_element_itself() -> None:
    page = "<div class='a' id='top'><div class='a' id='inner'><p class='a'>x</p></div></div>"
    for backend in _html_dom.BACKENDS:
        top = _html_dom.parse_html(page, backend).select_one("#top")
        assert top is not None
        assert [el.get("id") or el.tag for el in top.select(".a")] == ["inner", "p"], backend
        first = top.select_one(".a")
        assert first is not None and first.get("id") == "inner"
        # A selector list reports each element once, in page order.
        assert [el.tag for el in top.select("p, div.a, .a")] == ["div", "p"], backend
        found = top.select_one("div.a, .a")
        assert found is not None and found.get("id") == "inner", backend


def test_removed_elements_stay_readable() -> None:
    page = "<div id='a'>keep<div id='b'>moved <b>out</b></div></div>"
    for backend in _html_dom.BACKENDS:
        doc = _html_dom.parse_html(page, backend)
        b = doc.select_one("#b")
        assert b is not None
        b.remove()
        assert _html.text_of(doc.select_one("#a")) == "keep"
        assert b.text() == "moved out" and doc.select_one("#b") is None


def test_a_page_lexbor_refuses_is_read_with_bs4(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback: a backend error on the fast parser means a second try with bs4."""
    page = (FIXTURES / "wordpress-html" / "library_hours_en.html").read_text(encoding="utf-8")
    want = _read("wordpress-html", page, "soup")

    def refuse(text: str) -> _html_dom.Node:
        raise _html_dom.BackendError("refused")

    monkeypatch.setitem(_html_dom._PARSERS, "lexbor", refuse)
    assert _read("wordpress-html", page, "lexbor") == want


def test_thousands_of_unclosed_divs_go_to_bs4() -> None:
    """Lexbor is quadratic in the depth of unclosed blocks; such a page is parsed with
    bs4 on lxml (linear, nesting capped), and still read."""
    deep = "<div class='comment'>" * (2 * _html_dom.MAX_UNCLOSED_DIVS) + "deep <b>words</b>"
    assert isinstance(_html_dom.parse_html(deep), _html_dom.SoupNode)
    assert isinstance(_html_dom.parse_html("<div>" * 10 + "x"), _html_dom.LexborElement)
    posts = REGISTRY["generic-html"].parse(deep)[0].posts
    assert [p.body for p in posts] == ["deep words"]


def test_the_garbage_collector_is_on_again_after_a_parse() -> None:
    """Dialects pause the cyclic collector while they run, and always restart it."""
    page = (FIXTURES / "wordpress-html" / "library_hours_en.html").read_text(encoding="utf-8")
    assert REGISTRY["wordpress-html"].parse(page) and gc.isenabled()
    with pytest.raises(ThreadsError):
        REGISTRY["generic-html"].parse("<html><body><div></div></body></html>")
    assert gc.isenabled()


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown HTML backend"), _html_dom.use_backend("html.parser"):
        pass


def test_an_xhtml_page_read_by_bs4_prints_no_warning() -> None:
    """bs4 warned "It looks like you're parsing an XML document using an HTML parser" for
    an XHTML page (a Hypermail archive page opens on "<?xml ...?>"): a line on the user's
    terminal about a page read as it should be."""
    import warnings

    page = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        node = _html_dom._soup_page(page)
    assert "Hi" in node.text()
