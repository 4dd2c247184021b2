"""xenforo-html beyond the shared harness (goldens, detection: test_dialects.py; noise,
quotes, pages: test_html.py): code boxes."""

from __future__ import annotations

from threads.formats import REGISTRY


def test_code_box_label_is_not_post_text() -> None:
    """XF2's "Code:" block title and XF1's "Code:" label are the box's, not the post's."""
    xf2 = (
        '<html id="XF"><body><article class="message message--post js-post" data-author="Ann" id="js-post-1">'
        '<h4 class="message-name"><a class="username">Ann</a></h4><div class="message-attribution-main">'
        '<time class="u-dt" datetime="2020-11-08T19:42:00+0000">Nov 8, 2020</time></div>'
        '<div class="message-body"><div class="bbWrapper">Run:<div class="bbCodeBlock bbCodeBlock--screenLimi'
        "ted "
        'bbCodeBlock--code"><div class="bbCodeBlock-title">Code:</div><div class="bbCodeBlock-content" dir="l'
        'tr">'
        '<pre class="bbCodeCode" dir="ltr" data-xf-init="code-block" data-lang=""><code>npm ci</code></pre></'
        "div>"
        "</div>then test.</div></div></article></body></html>"
    )
    xf1 = (
        '<html id="XenForo"><body><ol id="messageList"><li id="post-1" class="message" data-author="Ann">'
        '<div class="messageUserBlock"><a class="username">Ann</a></div><div class="messageContent">'
        '<blockquote class="messageText SelectQuoteContainer ugc baseHtml">Run:<div class="bbCodeBlock '
        'bbCodeCode"><div class="type">Code:</div><pre>npm ci</pre></div>then test.</blockquote></div>'
        '<div class="messageMeta"><span class="DateTime" title="Nov 8, 2020 at 7:42 PM">Nov 8, 2020</span></d'
        "iv>"
        "</li></ol></body></html>"
    )
    for page in (xf2, xf1):
        (post,) = REGISTRY["xenforo-html"].parse(page)[0].posts
        assert post.body == "Run:\nnpm ci\nthen test.", page[:20]
