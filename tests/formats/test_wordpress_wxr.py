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


DARKROOM = pc.FIXTURES / FOLDER / "darkroom_notes_attachment.xml"


def test_blank_lines_before_the_declaration_are_read() -> None:
    # a theme or plugin printing a newline ahead of the export: libxml2 refused the file
    text = pc.read(DARKROOM)
    assert text.startswith("\n<?xml")
    assert [t.key for t in mod.parse(text)] == ["12", "13"]


def test_comment_text_and_names_are_unescaped_as_wordpress_stores_them() -> None:
    post, reply = mod.parse(pc.read(DARKROOM))[0].posts[1:]
    assert post.author == "Siobhán O'Dea"  # stored 'Siobh&aacute;n O&#039;Dea'
    assert post.body == "I couldn’t get even skies that way. Agitation > patience, for me & my tank."
    assert reply.parent_source_id == "44"


def test_editorial_notes_are_counted_as_notes_not_as_held_comments() -> None:
    first, _ = mod.parse(pc.read(DARKROOM))
    assert first.skipped == {"note": 1}
    assert "Check the dilution" not in "\n".join(p.body for p in first.posts)


def test_comments_on_an_attachment_page_are_a_thread() -> None:
    _, image = mod.parse(pc.read(DARKROOM))
    assert image.title == "negative-strip-07"
    assert image.posts[0].body.endswith("/negative-strip-07.jpg")  # the image stands as post 0
    assert [p.author for p in image.posts] == ["Ines Varga", "Tobiah Marsh"]


DISQUS_IMPORT = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dsq="http://www.disqus.com/"
 xmlns:wp="http://wordpress.org/export/1.0/" version="2.0"><channel>
 <item><title>Kiln log</title><link>http://kiln.example/2017/01/kiln-log/</link>
  <content:encoded><![CDATA[]]></content:encoded>
  <dsq:thread_identifier>2017/01/kiln-log/</dsq:thread_identifier>
  <wp:post_date_gmt></wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
  <wp:comment><dsq:remote><dsq:id></dsq:id><dsq:avatar></dsq:avatar></dsq:remote>
   <wp:comment_id>6376992765565207297</wp:comment_id><wp:comment_author>wren</wp:comment_author>
   <wp:comment_date_gmt>2017-01-19 01:08:50</wp:comment_date_gmt>
   <wp:comment_content><![CDATA[Cone 6 or 10?]]></wp:comment_content>
   <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
 </item></channel></rss>"""


def test_disqus_import_format_is_keyed_by_its_thread_identifier() -> None:
    # Disqus's WXR-based import format (what Duoshuo-to-Disqus tools wrote): no post_id,
    # no author or text of the article: the identifier keys it, post 0 is a placeholder
    [kiln] = mod.parse(DISQUS_IMPORT)
    assert kiln.key == "2017/01/kiln-log/" and kiln.title == "Kiln log"
    root, comment = kiln.posts
    assert root.placeholder and root.source_id == "post-2017/01/kiln-log/"
    assert comment.author == "wren" and comment.body == "Cone 6 or 10?"
