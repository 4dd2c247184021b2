"""phpbb-html beyond the shared harness (goldens, detection: test_dialects.py; noise,
quotes, pages: test_html.py): shapes seen on real saved topics."""

from __future__ import annotations

from pathlib import Path

from threads.formats import REGISTRY
from threads.read import decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "phpbb-html"


def _posts(text: str) -> list:
    return REGISTRY["phpbb-html"].parse(text)[0].posts


def test_code_box_label_is_not_post_text() -> None:
    """A phpBB 3.1+ code box opens with a "Code: Select all" line (real dostips.com
    topic, Allan Style - SUBSILVER): the code stays, the label goes."""
    path = FIXTURES / "robocopy_log_phpbb32_subsilver.html"
    posts = _posts(decode(path.read_bytes(), str(path)).text)
    assert len(posts) == 3
    for post in posts:
        assert "Select all" not in post.body and "Code:" not in post.body
    assert posts[1].body.split("\n") == [
        "/LOG overwrites the file on every run. Use /LOG+ to append:",
        'for %%F in (photos music letters) do robocopy "D:\\%%F" "E:\\%%F" /E /LOG+:copy.txt',
        "Delete copy.txt before the loop if you want a fresh log each day.",
    ]


def test_code_box_label_phpbb30_and_phpbb2() -> None:
    """phpBB 3.0 prosilver writes the label as the code box's <dt>; phpBB 2 subSilver as
    the first row of the code table, above td.code."""
    phpbb30 = (
        '<html><body><div id="p7" class="post bg2"><div class="postbody">'
        '<p class="author">by <strong><a class="username">Ann</a></strong> &raquo; Mon Sep 24, 2012 4:53 pm</'
        "p>"
        '<div class="content">Try this:<dl class="codebox"><dt>Code: <a href="#" onclick="selectCode(this); '
        'return false;">Select all</a></dt><dd><code>make clean</code></dd></dl>then build.</div></div></div>'
        "</body></html>"
    )
    assert [p.body for p in _posts(phpbb30)] == ["Try this:\nmake clean\nthen build."]
    phpbb2 = (
        '<html><body><table class="forumline"><tr><td class="row1"><span class="name"><b>Ann</b></span></td>'
        '<td class="row1"><span class="postdetails">Posted: Mon Sep 24, 2012 4:53 pm &nbsp; Post subject:</sp'
        "an>"
        '<table width="100%"><tr><td><span class="postbody">Try this:</span><table width="90%" cellspacing="1'
        '" '
        'cellpadding="3" border="0" align="center"><tr> <td><span class="genmed"><b>Code:</b></span></td></tr'
        ">"
        '<tr><td class="code">make clean</td></tr></table><span class="postbody">then build.</span></td></tr>'
        "</table></td></tr></table></body></html>"
    )
    assert [p.body for p in _posts(phpbb2)] == ["Try this:\nmake clean\nthen build."]
