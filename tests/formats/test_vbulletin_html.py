"""vbulletin-html beyond the shared harness (goldens, detection: test_dialects.py;
noise, quotes, pages, vB3: test_html.py): code boxes."""

from __future__ import annotations

from threads.formats import REGISTRY

VB4_POST = (
    '<li class="postbitlegacy postbitim postcontainer old" id="post_{n}"><div class="posthead">'
    '<span class="postdate old"><span class="date">03-14-2011,&nbsp;<span class="time">{time}</span></span>'
    '</span></div><div class="userinfo"><div class="username_container"><a class="username" href="member.php?'
    '1">'
    '<strong>{who}</strong></a></div></div><div class="postbody"><div class="content">'
    '<div id="post_message_{n}"><blockquote class="postcontent restore ">{body}</blockquote></div></div></div'
    "></li>"
)
VB4_CODE = (
    '<div class="bbcode_container"><div class="bbcode_description">Code:</div>'
    '<pre class="bbcode_code" style="height:36px;">sudo apt install gpsd</pre></div>'
)
VB4_QUOTE = (
    '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container">'
    '<div class="bbcode_quote_container"></div><div class="bbcode_postedby">Originally Posted by '
    '<strong>Ann</strong></div><div class="message">which package was it?</div></div></div></div>'
)


def _page(*posts: str) -> str:
    return (
        '<html><head><meta name="generator" content="vBulletin 4.2.5" /></head><body><ol id="posts">'
        + "".join(posts)
        + "</ol></body></html>"
    )


def test_vb4_code_box_is_own_text_not_a_quote() -> None:
    """vB4/5 wrap code boxes in div.bbcode_container, as they do quotes: the code was
    taken for an unattributed quote and lost from the post's words."""
    page = _page(
        VB4_POST.format(n=1, time="09:41 AM", who="Ann", body="Which package was it again?"),
        VB4_POST.format(
            n=2, time="10:02 AM", who="Bob", body=VB4_QUOTE + "This one:" + VB4_CODE + "then reboot."
        ),
    )
    posts = REGISTRY["vbulletin-html"].parse(page)[0].posts
    assert posts[1].quote_sources == ["Ann"] and posts[1].quoted == ["which package was it?"]
    assert posts[1].body == "This one:\nsudo apt install gpsd\nthen reboot."


def test_vb3_code_box_label_is_not_post_text() -> None:
    post = (
        '<table id="post{n}" class="tborder"><tr><td class="thead">03-14-2011, 02:17 PM</td></tr><tr>'
        '<td class="alt2"><a class="bigusername" href="member.php?u=1">Ann</a></td><td class="alt1">'
        '<div id="post_message_{n}">Use this:<div style="margin:20px; margin-top:5px"><div class="smallfont" '
        'style="margin-bottom:2px">Code:</div><pre class="alt2" dir="ltr" style="margin:0px">ls -la</pre></di'
        "v>"
        '<div style="margin:20px; margin-top:5px"><div class="smallfont" style="margin-bottom:2px">PHP Code:<'
        "/div>"
        '<div class="alt2" dir="ltr" style="margin:0px"><hr /><code style="white-space:nowrap">echo 1;</code>'
        "<hr /></div></div>done.</div></td></tr></table>"
    )
    page = '<html><head><meta name="generator" content="vBulletin 3.8.7" /></head><body>' + post.format(n=1)
    posts = REGISTRY["vbulletin-html"].parse(page + "</body></html>")[0].posts
    assert posts[0].body == "Use this:\nls -la\necho 1;\ndone."
