"""threads.formats.disqus_xml on synthetic Disqus XML exports (see platform_common)."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import disqus_xml as mod
from threads.model import ThreadsError

FOLDER = "disqus-xml"
FILES = pc.fixtures(FOLDER)


EXPORT = pc.FIXTURES / FOLDER / "cycling_blog_export.xml"
ROOT_ELEMENT = (
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
    '<thread dsq:id="1"><title>T</title></thread><post dsq:id="2"><message>ENTITY_REF</message>'
    '<thread dsq:id="1"/></post></disqus>'
)


def test_flagged_posts_counted_or_kept_as_stubs() -> None:
    first, second = mod.parse(pc.read(EXPORT))
    assert [t.key for t in (first, second)] == ["7001", "7002"]  # 7003 has no posts
    assert first.skipped == {"spam": 1} and second.skipped == {"deleted": 1}
    stub = first.posts[2]
    assert (stub.author, stub.body, stub.source_id, stub.placeholder) == (None, "[deleted]", "9002", True)
    assert "delivery vans" not in "\n".join(p.body for p in first.posts)  # deleted text not shown
    assert any("spam" in w for w in first.warnings)
    assert first.posts[3].quoted == ["They will just park in the lane."]


def test_the_thread_record_is_post_0_by_the_thread_author() -> None:
    first, _ = mod.parse(pc.read(EXPORT))
    root = first.posts[0]
    assert (root.author, root.placeholder) == ("Pedal Press", False)
    assert root.title == "Bike lanes on Elm Street: the council decides"
    assert root.body == "https://pedalpress.example/2019/05/bike-lanes-on-elm-street/"  # no <message>


def test_top_level_posts_reply_to_the_page_when_the_export_uses_replies() -> None:
    first, second = mod.parse(pc.read(EXPORT))
    assert [p.parent_source_id for p in first.posts] == [None, "thread-7001", "9001", "9002", "thread-7001"]
    assert second.posts[1].parent_source_id == "thread-7002"


FLAT = pc.FIXTURES / FOLDER / "guestbook_flat_export.xml"


def test_a_flat_export_leaves_top_level_posts_to_inference() -> None:
    guestbook, again = mod.parse(pc.read(FLAT))
    assert all(p.parent_source_id is None for p in guestbook.posts + again.posts)
    assert guestbook.posts[0].author == "kilnkeeper"  # empty <name>: the <username>
    assert guestbook.skipped == {"deleted": 1}  # the deleted test post, nobody answers it
    assert [p.source_id for p in guestbook.posts] == ["thread-801", "30002", "30003"]
    # the page imported twice stays two threads, each with its copy of the comment
    assert (again.key, [p.author for p in again.posts]) == ("802", ["Kiln Keeper", "Odile Marchand"])


def test_a_thread_record_without_author_is_a_placeholder() -> None:
    text = (
        pc.read(EXPORT)
        .replace("<name>Pedal Press</name>", "<name />")
        .replace("<username>pedalpress</username>", "")
    )
    root = mod.parse(text)[0].posts[0]
    assert (root.author, root.placeholder) == (None, True)


def test_root_must_be_disqus() -> None:
    with pytest.raises(ThreadsError, match="root element is <rss>"):
        mod.parse("<rss><channel/></rss>")


@pytest.mark.parametrize("attack", pc.XML_ATTACKS, ids=["billion-laughs", "xxe"])
def test_entities_refused_with_a_clear_error(attack: str) -> None:
    pc.check_entities_refused(mod, attack, ROOT_ELEMENT)


def test_malformed_xml_is_a_threads_error() -> None:
    with pytest.raises(ThreadsError, match="not well-formed XML"):
        mod.parse(ROOT_ELEMENT[: len(ROOT_ELEMENT) // 2])


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">',
        '<thread dsq:id="1">',
        '<post dsq:id="2">',
        "<parent dsq:id='1'/>",
        "</post>",
        "</thread>",
        "</disqus>",
        "<!ENTITY a 'b'>",
        "&a;",
    ],
)


def test_posts_of_a_thread_missing_from_the_export_are_kept_under_a_placeholder() -> None:
    # isso's test export has such an orphan ("Yeah... occurs"): it was left out
    text = pc.read(EXPORT).replace("</disqus>", ORPHAN + "</disqus>")
    threads = mod.parse(text)
    orphan = threads[-1]
    assert orphan.key == "7999" and orphan.posts[0].placeholder
    assert orphan.posts[0].source_id == "thread-7999"
    assert [p.author for p in orphan.posts[1:]] == ["Wendell Pike"]
    assert orphan.posts[1].parent_source_id == "thread-7999"  # the export uses replies
    assert "not in the export" in orphan.warnings[-1]
    assert not any("no_thread" in t.skipped for t in threads)


ORPHAN = """<post dsq:id="9901"><id/><message><![CDATA[<p>Still works on the 2014 frame.</p>]]></message>
<createdAt>2019-06-02T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><name>Wendell Pike</name><isAnonymous>true</isAnonymous></author><thread dsq:id="7999"/></post>
"""
