"""smf-html beyond the shared harness (goldens, detection: test_dialects.py; noise,
quotes, pages, Latin-1: test_html.py): SMF 1.x pages and code boxes."""

from __future__ import annotations

from pathlib import Path

from threads.formats import REGISTRY, detect
from threads.read import decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "smf-html"


def test_smf1_topic_is_read() -> None:
    """SMF 1.x (tables, no div.post_wrapper) was refused: 'no posts found'."""
    path = FIXTURES / "rain_barrel_smf11.html"
    text = decode(path.read_bytes(), str(path)).text
    assert detect(text).name == "smf-html"
    thread = REGISTRY["smf-html"].parse(text)[0]
    assert [(p.author, p.timestamp.isoformat() if p.timestamp else None) for p in thread.posts] == [
        ("Hedda Marsh", "2009-04-02T19:41:12"),
        ("old_Piet", "2009-04-03T08:15:40"),
        ("Hedda Marsh", "2009-04-04T17:02:33"),
    ]
    reply = thread.posts[1]
    assert reply.quote_sources == ["Hedda Marsh"]
    assert reply.quoted == [
        "Does anyone run an overflow pipe into a second barrel, and how high does it sit?"
    ]
    assert reply.body.split("\n") == [
        "Two barrels joined at the bottom with a short hose fill and empty together.",
        "I marked the level like this:",
        "top barrel: 10 cm below the rim",
        "hose: 5 cm above the tap",
    ]
    for post in thread.posts:  # signature, "Report to moderator", "Logged", Last Edit: not words
        for chrome in ("Plot 31", "Report to moderator", "Logged", "Last Edit", "Quote from"):
            assert chrome not in post.body


def test_smf2_code_box_label_is_not_post_text() -> None:
    page = (
        '<html><head><script>var smf_scripturl = "x";</script></head><body><div class="post_wrapper">'
        '<div class="poster"><h4><a href="index.php?action=profile;u=1">Ann</a></h4></div><div class="postare'
        'a">'
        '<div class="keyinfo"><div class="smalltext">&#171; <strong> on:</strong> December 03, 2011, 03:05:12'
        " PM "
        '&#187;</div></div><div class="post"><div class="inner" id="msg_1">Run:<div class="codeheader">Code: '
        '<a href="javascript:void(0);" onclick="return smfSelectText(this);" class="codeoperation">[Select]</'
        "a>"
        '</div><code class="bbc_code">make</code>then wait.</div></div></div></div></body></html>'
    )
    (post,) = REGISTRY["smf-html"].parse(page)[0].posts
    # (code.bbc_code is a block only by SMF's style sheet: its words run on in the text)
    assert "Code" not in post.body and "[Select]" not in post.body
    assert post.body.startswith("Run:") and "make" in post.body
