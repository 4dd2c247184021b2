"""invision-html beyond the shared harness (goldens, detection: test_dialects.py;
noise, quotes: test_html.py): IP.Board 3 pages."""

from __future__ import annotations

from pathlib import Path

from threads.formats import REGISTRY, detect
from threads.read import decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "invision-html"


def _text(name: str) -> str:
    path = FIXTURES / name
    return decode(path.read_bytes(), str(path)).text


def test_ipb3_topic_is_detected_and_read() -> None:
    """IP.Board 3 (div.post_block) was not detected (generic-html) and, read as
    invision-html, refused: 'no posts found'."""
    text = _text("caliper_ipb34.html")
    assert detect(text).name == "invision-html"
    thread = REGISTRY["invision-html"].parse(text)[0]
    assert [p.source_id for p in thread.posts] == ["post_id_5501", "post_id_5507", "post_id_5512"]
    assert [p.author for p in thread.posts] == ["Joris_vd_B", "Ulla Brandt", "Joris_vd_B"]
    assert [p.timestamp.isoformat() for p in thread.posts if p.timestamp] == [
        "2013-03-14T21:41:25+00:00",
        "2013-03-15T07:02:10+00:00",
        "2013-03-16T18:30:00+00:00",
    ]
    reply = thread.posts[1]
    assert reply.quote_sources == ["Joris_vd_B"]
    assert reply.quoted == ["Is the caliper seized, or could it be the hose?"]
    assert reply.body == (
        "Old flexible hoses swell inside and hold the pressure, so check the hose first. "
        "It is the cheaper part anyway."
    )
    for post in thread.posts:  # citation line, signature, edit note, buttons, user card
        for chrome in ("said:", "Westfalia", "edited by", "MultiQuote", "posts"):
            assert chrome not in post.body


def test_ipb3_citation_names_the_quote() -> None:
    """IP.Board 3.0/3.1 quotes are a p.citation "NAME, on DATE, said:" line above a
    div.blockquote, with no data-author: the name is read from the line."""
    text = _text("caliper_ipb34.html").replace(
        '<p class="citation">Joris_vd_B, on 14 March 2013 - 09:41 PM, said:</p><blockquote  class="ipsBlockqu'
        'ote" '
        'data-author="Joris_vd_B" data-cid="5501" data-time="1363297285"><p>Is the caliper seized, or could i'
        "t be "
        "the hose?</p></blockquote>",
        '<p class="citation">Joris_vd_B, on 14 March 2013 - 09:41 PM, said:</p><div class="blockquote">'
        '<div class="quote">Is the caliper seized, or could it be the hose?</div></div>',
    )
    assert 'class="blockquote"' in text
    reply = REGISTRY["invision-html"].parse(text)[0].posts[1]
    assert reply.quote_sources == ["Joris_vd_B"]
    assert reply.quoted == ["Is the caliper seized, or could it be the hose?"]
    assert "said:" not in reply.body


def test_ipb3_address_keeps_its_path_query() -> None:
    """IP.Board's "index.php?/topic/N-title/" addresses stay as written in the thread's
    origin (they were rewritten as 'index.php?%2Ftopic%2F...%2F=')."""
    thread = REGISTRY["invision-html"].parse(_text("caliper_ipb34.html"))[0]
    assert (
        thread.origin == "http://kombi-garage.example/index.php?/topic/4412-seized-caliper-on-the-rear-left/"
    )
