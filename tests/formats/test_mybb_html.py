"""mybb-html beyond the shared harness (goldens, detection: test_dialects.py; noise,
quotes, pages: test_html.py): code boxes."""

from __future__ import annotations

from threads.formats import REGISTRY


def test_code_box_label_is_not_post_text() -> None:
    page = (
        '<html><body><div class="post classic " style="" id="post_12"><div class="post_author">'
        '<div class="author_information"><strong><span class="largetext"><a href="member.php?action=profile&a'
        'mp;uid=3">'
        'Ann</a></span></strong></div></div><div class="post_content"><div class="post_head">'
        '<span class="post_date">03-14-2021, 09:41 PM</span></div><div class="post_body scaleimages" id="pid_'
        '12">'
        'Run:<div class="codeblock"><div class="title">Code:<br />\n</div><div class="body" dir="ltr"><code>'
        'sudo raspi-config</code></div></div>then reboot.<div class="codeblock phpcodeblock"><div class="titl'
        'e">'
        'PHP Code:<br />\n</div><div class="body"><code>echo 1;</code></div></div></div></div></div></body></'
        "html>"
    )
    (post,) = REGISTRY["mybb-html"].parse(page)[0].posts
    assert post.body == "Run:\nsudo raspi-config\nthen reboot.\necho 1;"
