"""threads.formats.list_archive_html: a list archive's message pages (Pipermail,
Hypermail, MHonArc), alone or a folder of them read as one archive.

Before it, such a page was generic-html's "article" (no author, no time, the archive's
navigation as words: a real MHonArc page of MHonArc's own list, a gnu-emacs-sources
Pipermail page) or, when its text held "On ..., X wrote:", email-text's paste of raw
HTML lines (a real Hypermail page of the everything-list). The fixtures are hand-written
on those pages' markup; ``tests/mail_fixtures/archive-pages`` is a folder of three
Hypermail pages of one thread with the archive's thread index beside them;
``tests/mail_fixtures/pipermail-thread-index.html`` a Pipermail month's thread.html.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import list_archive_html as mod
from threads.model import ThreadsError

FOLDER = pc.FIXTURES / mod.NAME
PIPERMAIL = FOLDER / "pipermail_kelp-users_reply-with-quote.html"
HYPERMAIL = FOLDER / "hypermail_loom-talk_reply.html"
MHONARC = FOLDER / "mhonarc_debian-style_reply-in-thread.html"
PAGES = Path(__file__).resolve().parent.parent / "mail_fixtures" / "archive-pages"


@pytest.mark.parametrize("path", [PIPERMAIL, HYPERMAIL, MHONARC], ids=lambda p: p.stem)
def test_a_message_page_is_its_message_not_an_article(path: Path) -> None:
    text = pc.read(path)
    assert detect(text).name == mod.NAME
    analysed = threads.read(path)
    post = analysed.posts.row(0, named=True)
    assert post["author"] is not None and post["timestamp"] is not None
    assert "Messages sorted by" not in post["text"] and "Next message" not in post["text"]
    assert "<" not in post["text"].replace("<kelp", "")  # no markup left


def test_pipermail_page_fields() -> None:
    (thread,) = mod.parse(pc.read(PIPERMAIL))
    (post,) = thread.posts
    assert (post.author, str(post.timestamp)) == ("Maren Okafor", "2016-03-08 15:14:02+00:00")  # CST
    # <H1> drops "Re:"; the reply link's Subject is "Re: " + the message's own subject
    assert post.title == "Re: [kelp-users] Harvest dates for the north bed"
    assert post.source_id == "CAF2x9Ltw8=q1@mail.kelp.example"  # the link's In-Reply-To
    assert "scrubbed" not in post.body and post.body.endswith("Maren")
    assert "> Does anyone know" in post.body


def test_hypermail_page_fields_and_its_parent_said_missing() -> None:
    (thread,) = mod.parse(pc.read(HYPERMAIL))
    (post,) = thread.posts
    assert (post.author, post.source_id) == ("Pavel Nordin", "45D2B4C7.3050204@weave.example")
    assert post.body.startswith(
        "On Tue, Feb 13, 2007 at 10:00:03PM +0000, Ines Varga wrote:\n> The old frame"
    )
    assert "Received on" not in post.body and "Date:" not in post.body
    assert "Größe aus Uppsala," in post.body  # entities
    assert "20070213220003.GA4121@ines.example" in thread.warnings[0]


def test_mhonarc_page_takes_the_header_date_not_the_archive_date() -> None:
    (thread,) = mod.parse(pc.read(MHONARC))
    (post,) = thread.posts
    assert (post.author, str(post.timestamp)) == ("Clara Morris", "2003-05-17 22:37:00+00:00")
    assert post.source_id == "3EC6B8CC.5060908@example.net"
    assert "3EC5A0C1.2010303@example.net" in thread.warnings[0]  # its In-reply-to
    assert post.body.endswith("-- \nClara Morris · Göteborg")
    lines = pc.read(MHONARC).split("\n")
    assert lines[post.line_start - 1].startswith("<pre>Jonas Lindqvist wrote:")


def test_mhonarc_rot13_sender_when_the_page_shows_no_header_list() -> None:
    page = (
        "<!--X-Subject: Hi -->\n<!--X-From-R13: Pynen Zbeevf &#60;pynen@rknzcyr.arg&#62; -->\n"
        "<!--X-Date: Sat, 17 May 2003 15:37:00 &#45;0700 -->\n<!--X-Message-Id: a@x -->\n<!--X-Head-End-->\n"
        "<html><body><!--X-Body-of-Message--><pre>Hello.</pre><!--X-Body-of-Message-End--></body></html>"
    )
    (post,) = mod.parse(page)[0].posts
    assert (post.author, post.title, post.body) == ("Clara Morris", "Hi", "Hello.")


def test_a_folder_of_pages_is_one_archive_threaded_by_their_ids() -> None:
    analysed = threads.read(PAGES)
    assert len(analysed.threads) == 1
    rows = (
        analysed.posts.sort("post_id").select("author", "parent_id", "reply_evidence", "source_file").rows()
    )
    assert [r[:3] for r in rows] == [
        ("Ines Varga", None, None),
        ("Pavel Nordin", 0, "nested"),
        ("Ines Varga", 1, "nested"),
    ]
    assert [Path(r[3]).name for r in rows] == ["0056.html", "0057.html", "0058.html"]  # not index.html


def test_a_zip_of_the_folder_reads_as_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "loom-talk-2007-02.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for page in sorted(PAGES.iterdir()):
            z.write(page, f"loom-talk/{page.name}")
        z.writestr("loom-talk/0057_files/hypermail.css", "body {}")
    analysed = threads.read(archive)
    assert analysed.posts.sort("post_id")["parent_id"].to_list() == [None, 0, 1]


def test_a_folder_with_another_page_is_read_page_by_page(tmp_path: Path) -> None:
    shutil.copytree(PAGES, tmp_path / "pages")
    (tmp_path / "pages" / "notes.html").write_text("<html><body><p>My notes on the thread.</p></body></html>")
    analysed = threads.read(tmp_path / "pages")
    assert len(analysed.threads) > 1  # no archive: each file on its own


def test_an_index_page_without_replies_in_it_is_refused_in_one_line() -> None:
    with pytest.raises(ThreadsError, match="index page of a list archive") as err:
        mod.parse((PAGES / "index.html").read_text(encoding="utf-8"))  # Hypermail's
    assert "\n" not in str(err.value)
    pipermail_by_date = (
        "<html><head><title>The kelp-users March 2016 Archive by date</title></head><body>"
        '<ul><li><a href="004411.html">[kelp-users] Harvest dates</a><i>Tobias Wren</i></ul></body></html>'
    )
    assert mod.sniff(pipermail_by_date) == 1.0
    with pytest.raises(ThreadsError, match="index page"):
        mod.parse(pipermail_by_date)


THREAD_INDEX = Path(__file__).resolve().parent.parent / "mail_fixtures" / "pipermail-thread-index.html"


def test_pipermail_thread_index_is_who_answered_whom_and_when() -> None:
    """A month's thread.html (a real seishub.ru one: 12 messages, 3 replies) was an
    anonymous 'article' of its subjects and names. Its entries' thread keys give each
    message's parent and time; there are no words, and the warning says so. Hand-checked
    against the fixture (keys 01457390477.4411-01457450042.4413-...: 2016-03-08 15:14:02 UTC)."""
    harvest, agenda = mod.parse(THREAD_INDEX.read_text(encoding="utf-8"))
    assert [(p.author, p.timestamp.isoformat(), p.source_id, p.parent_source_id) for p in harvest.posts] == [
        ("Tobias Wren", "2016-03-07T22:41:17+00:00", "004411", None),
        ("Maren Okafor", "2016-03-08T15:14:02+00:00", "004413", "004411"),
        ("Tobias Wren", "2016-03-08T16:02:40+00:00", "004414", "004413"),
        ("Jonas Ek", "2016-03-09T13:00:01+00:00", "004416", "004411"),
    ]
    assert harvest.title == "[kelp-users] Harvest dates for the north bed"
    assert [(p.author, p.title) for p in agenda.posts] == [
        ("ines.varga@kelp.example", "[kelp-users] Spring meeting agenda")
    ]
    assert all(p.body == "" for t in (harvest, agenda) for p in t.posts)
    assert any("without the messages' words" in w for w in harvest.warnings)
    analysed = threads.read(THREAD_INDEX)
    assert analysed.replies.filter(pl.col("evidence") == "nested").height == 3


def test_other_pages_are_not_archive_pages() -> None:
    for other in (pc.FIXTURES / "wordpress-html").iterdir():
        assert mod.sniff(other.read_text(encoding="utf-8", errors="replace")) == 0.0


test_arbitrary_text = pc.arbitrary_text_property(
    mod,
    [
        "<!--beginarticle-->",
        "<!--endarticle-->",
        '<!-- body="start" -->',
        '<!-- id="a@b" -->',
        "<pre>",
        "<!--X-Body-of-Message-->",
        "<!--X-Message-Id: x -->",
        "<H1>",
        "<B>",
        "<I>",
        "&gt;",
        "\n",
    ],
)


def test_a_pipermail_sender_the_list_rewrote_is_the_person() -> None:
    """swift-evolution's pages name some senders "Douglas Gregor via swift-evolution", at
    the list's address: Mailman rewrote the From for DMARC."""
    page = pc.read(PIPERMAIL).replace("<B>Maren Okafor</B>", "<B>Maren Okafor via kelp-users</B>")
    page = page.replace(">maren.okafor at kelp.example", ">kelp-users at lists.kelp.example")
    assert mod.parse(page)[0].posts[0].author == "Maren Okafor"
