"""threads.formats.mbox on synthetic mbox / Pipermail archives (see platform_common)."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import mbox as mod

FOLDER = "mailbox"
FILES = pc.fixtures(FOLDER)


ARCHIVE = pc.FIXTURES / FOLDER / "tern-dev_2011-March.mbox"


def test_threads_by_reply_headers_with_subject_fallback() -> None:
    freeze, build = mod.parse(pc.read(ARCHIVE))
    assert freeze.key == "4D753A1C.5000102@example.org"
    assert [p.author for p in freeze.posts] == ["Alice Baker", "Bob Stone", "Carla Diaz", "Alice Baker"]
    assert freeze.posts[2].parent_source_id == freeze.posts[0].source_id  # via References
    assert "from References" in freeze.warnings[0]
    assert build.posts[1].author == "Erik Sjöberg"  # RFC 2047 name, obfuscated address
    assert build.posts[1].parent_source_id == "build-notice-1@example.org"
    assert "by subject" in build.warnings[0]
    assert build.posts[0].author == "dev@example.org"  # "dev at example.org" undone


def test_bodies_kept_as_written_with_from_unescaped() -> None:
    freeze = mod.parse(pc.read(ARCHIVE))[0]
    assert freeze.posts[0].body.endswith("-- \nAlice Baker, tern release manager")
    assert freeze.posts[1].body.startswith("On Mon, Mar 7, 2011 at 9:15 PM, Alice Baker")
    assert "\nFrom the changelog" in freeze.posts[2].body
    lines = pc.read(ARCHIVE).split("\n")
    assert lines[freeze.posts[1].line_start - 1].startswith("From bob at stone.example.net")


@pytest.mark.parametrize(
    ("subject", "normal"),
    [
        ("Re: Re: Hi", "hi"),
        ("AW: [list] WG: Hi", "hi"),
        ("SV: Hi  there", "hi there"),
        ("Re[2]: Hi", "hi"),
        ("Hi", "hi"),
    ],
)
def test_normalise_subject(subject: str, normal: str) -> None:
    assert mod.normalise_subject(subject) == normal


def test_a_new_subject_without_reply_headers_is_a_new_thread() -> None:
    msg = (
        "From a@x.org Mon Mar  7 21:15:00 2011\nFrom: a@x.org\nSubject: {s}\nMessage-ID: <{i}@x>\n\nbody\n\n"
    )
    text = msg.format(s="Hi", i=1) + msg.format(s="Hi", i=2) + msg.format(s="Re: Hi", i=3)
    threads = mod.parse(text)
    assert [len(t.posts) for t in threads] == [2, 1]
    assert threads[0].posts[1].parent_source_id == "1@x"


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        "From a@x.org Mon Mar  7 21:15:00 2011\n",
        "From: a at x.org (A)\n",
        "Subject: Re: x\n",
        "In-Reply-To: <1@x>\n",
        "Message-ID: <1@x>\n",
        "\n",
        ">From here\n",
        "Date: nonsense\n",
    ],
)


def test_an_encoded_word_with_an_impossible_charset_is_kept_as_written() -> None:
    """ "=?utf-ß?q?...?=" made the email package raise CharsetError (a fuzz find): the
    header is kept as written and the message read."""
    text = (
        "From ann@example.org Mon Mar  7 10:00:00 2011\n"
        "From: =?utf-\u00df?q?Ann?= <ann@example.org>\n"
        "Subject: =?utf-\u00df?q?Hello?=\n"
        "Date: Mon, 7 Mar 2011 10:00:00 +0000\n"
        "Message-ID: <1@example.org>\n"
        "\n"
        "Hello there.\n"
    )
    [thread] = mod.parse(text)
    [post] = thread.posts
    assert post.author == "=?utf-\u00df?q?Ann?="
    assert "Hello there." in post.body


def test_a_sender_of_a_thousand_colons_does_not_recurse() -> None:
    """The email package's address parser recursed once per ":" (RecursionError on a
    "From " line found by the fuzzer): the sender is kept as written."""
    sender = "alice.baker at examp" + ":" * 1500
    text = f"From {sender} Mon Mar  7 10:00:00 2011\nSubject: Hi\n\nHello there.\n"
    [thread] = mod.parse(text)
    [post] = thread.posts
    assert post.author and post.author.startswith("alice.baker at examp:")
