"""threads.formats.wordpress_wxr on synthetic WordPress WXR exports (see platform_common)."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import wordpress_wxr as mod
from threads.model import ThreadsError

FOLDER = "wordpress-wxr"
FILES = pc.fixtures(FOLDER)


EXPORT = pc.FIXTURES / FOLDER / "allotment_diary_export.xml"
ROOT_ELEMENT = (
    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
    "<item><title>T</title><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>2</wp:comment_id>"
    "<wp:comment_content>ENTITY_REF</wp:comment_content></wp:comment></item></channel></rss>"
)


def test_pingbacks_trackbacks_and_spam_left_out_and_counted() -> None:
    first, second = mod.parse(pc.read(EXPORT))
    assert [t.key for t in (first, second)] == ["41", "44"]  # the attachment item is not a thread
    assert first.skipped == {"pingback": 1, "spam": 1} and second.skipped == {"trackback": 1}
    bodies = "\n".join(p.body for t in (first, second) for p in t.posts)
    assert "Veg Patch" not in bodies and "Buy seeds" not in bodies and "roundup" not in bodies
    assert first.posts[3].quoted == ["Is it sold as plants or only seed?"]
    assert first.posts[0].body.endswith("grow them in the greenhouse only?")


FLAT = pc.FIXTURES / FOLDER / "beekeeping_flat_export.xml"


def test_a_post_with_only_pingbacks_is_no_thread_but_is_counted() -> None:
    [swarm] = mod.parse(pc.read(FLAT))
    assert swarm.key == "7"
    assert swarm.skipped == {"pingback": 1}  # the other post's only comment
    assert any("'Oilseed rape honey'" in w for w in swarm.warnings)


def test_only_pingbacks_everywhere_still_says_so() -> None:
    text = pc.read(FLAT)
    only = text[: text.index("\t<item>")] + text[text.index("\t<item>", text.index("\t<item>") + 1) :]
    [honey] = mod.parse(only)
    assert (len(honey.posts), honey.skipped) == (1, {"pingback": 1})


def test_the_post_author_is_the_display_name_of_its_login() -> None:
    [swarm] = mod.parse(pc.read(FLAT))
    assert swarm.posts[0].author == "Morag Innes"  # dc:creator 'admin'
    first, second = mod.parse(pc.read(EXPORT))
    assert first.posts[0].author == second.posts[0].author == "Hazel"  # dc:creator 'hazel'


def test_top_level_comments_reply_to_the_post_only_in_a_threaded_export() -> None:
    first, second = mod.parse(pc.read(EXPORT))  # uses comment_parent: threaded
    assert [p.parent_source_id for p in second.posts] == [None, "post-44", "post-44"]
    assert first.posts[1].parent_source_id == "post-41"
    [swarm] = mod.parse(pc.read(FLAT))  # every comment_parent 0: maybe a flat blog
    assert [p.parent_source_id for p in swarm.posts] == [None, None, None]


def test_local_time_used_when_gmt_is_zero() -> None:
    text = ROOT_ELEMENT.replace("ENTITY_REF", "hi").replace(
        "</wp:comment_id>",
        "</wp:comment_id><wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>"
        "<wp:comment_date>2020-01-02 03:04:05</wp:comment_date>",
    )
    post = mod.parse(text)[0].posts[1]
    assert post.timestamp is not None and post.timestamp.tzinfo is None
    assert pc.iso(post.timestamp) == "2020-01-02T03:04:05"


@pytest.mark.parametrize("attack", pc.XML_ATTACKS, ids=["billion-laughs", "xxe"])
def test_entities_refused_with_a_clear_error(attack: str) -> None:
    pc.check_entities_refused(mod, attack, ROOT_ELEMENT)


def test_malformed_xml_is_a_threads_error() -> None:
    with pytest.raises(ThreadsError, match="not well-formed XML"):
        mod.parse(ROOT_ELEMENT[: len(ROOT_ELEMENT) // 2])


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>',
        "<item>",
        "<wp:comment>",
        "<wp:comment_parent>1</wp:comment_parent>",
        "</wp:comment>",
        "</item>",
        "</channel></rss>",
        "<!ENTITY a 'b'>",
    ],
)
