"""A mailbox kept as one file a mail (a Maildir, a folder or zip of ``.eml`` files, an MH
folder) is read as one mbox: its mails thread across files (threads/zipped.py's
``mailbox`` layout, threads/formats/mbox.py). Read file by file, each mail was a thread of
one post whose parent "is not in the file".

The fixtures in tests/mail_fixtures are hand-written: ``maildir`` (cur/, new/, an empty
tmp/ delivery, Dovecot's uid list) holds two threads of an allotment list, one reply in
ISO-8859-1 8bit, and one mail delivered twice; ``eml`` holds a choir's mails saved from
Thunderbird (two open on its "From - " line) and a reply whose parent is not there;
``maildirpp`` is a Maildir++ (Courier, Dovecot) of a beekeepers' list: the inbox, the
user's reply in the hidden ``.Sent`` folder, one mail delivered twice (the list's copy
with more blank lines), and the files servers keep beside the mails (quota, keywords,
uid lists); ``loop`` holds two mails that name each other as parent (notmuch's test
corpus keeps such a real pair); ``saved-then-appended.mbx`` is a mail saved on its own
with an archive appended to it (as a file in Mailpile's test Maildir).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

import threads
from threads.model import ThreadsError
from threads.read import expand, read_source
from threads.zipped import export_units, layout_of

HERE = Path(__file__).parent
MAILDIR = HERE / "mail_fixtures" / "maildir"
EML = HERE / "mail_fixtures" / "eml"
MBOX = HERE / "fixtures" / "mbox"
MAILDIRPP = HERE / "mail_fixtures" / "maildirpp"


def _rows(analysis: threads.Analysis) -> list[tuple[object, ...]]:
    posts = analysis.posts.sort("thread_id", "post_id")
    return posts.select("thread_id", "post_id", "author", "timestamp", "parent_id", "text").rows()


def test_a_maildir_is_one_mailbox_threaded_across_its_files() -> None:
    got = threads.read(MAILDIR)
    posts = got.posts.sort("thread_id", "post_id")
    # 6 mail files (one of them a copy) and an empty delivery under way: 5 mails, 2 threads
    assert posts.select("thread_id", "post_id", "author", "parent_id").rows() == [
        ("maildir-butts-1_kelp.example", 0, "Ines Marr", None),
        ("maildir-butts-1_kelp.example", 1, "Otto Brand", 0),
        ("maildir-butts-1_kelp.example", 2, "René Fauché", 1),
        ("maildir-shed-1_fen.example", 0, "Maud Pell", None),
        ("maildir-shed-1_fen.example", 1, "Ines Marr", 0),
    ]
    # the reply in ISO-8859-1 8bit is decoded as that file alone is, not as UTF-8
    assert "The café by the gate" in posts.filter(pl.col("author") == "René Fauché")["text"][0]
    # each post names its own mail's file, in cur/ or new/
    files = [Path(f).relative_to(MAILDIR).as_posix() for f in posts["source_file"]]
    assert files == [
        "cur/1612170000.M101P4101.fen,S=761",
        "cur/1612173600.M102P4101.fen,S=812",
        "cur/1612175400.M103P4101.fen,S=640",
        "new/1612260000.M105P4101.fen,S=700",
        "new/1612263600.M106P4101.fen,S=702",
    ]
    replies = got.replies.filter(pl.col("is_parent"))
    assert set(replies["evidence"]) == {"nested"} and replies.height == 3
    # the mail delivered twice (cur/ and new/) is one post, the copy counted
    assert got.summary()["skipped_items"] == {"duplicate message": 1}


def test_a_maildir_read_file_by_file_before_gave_a_thread_a_mail() -> None:
    """What the layout changes: each mail given alone is still a thread of its own."""
    alone = threads.read(sorted(str(p) for p in (MAILDIR / "cur").iterdir()))
    assert alone.posts.height == 3 and alone.posts["thread_id"].n_unique() == 3
    assert alone.replies.height == 0


def test_a_zip_of_the_maildir_reads_as_the_folder(tmp_path: Path) -> None:
    packed = tmp_path / "allotments.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for f in sorted(MAILDIR.rglob("*")):
            if f.is_file():
                archive.write(f, f"maildir/{f.relative_to(MAILDIR).as_posix()}")
    got, want = threads.read(packed), threads.read(MAILDIR)
    assert [r[1:] for r in _rows(got)] == [r[1:] for r in _rows(want)]
    # named after the archive, as a folder is after the folder
    assert sorted(set(got.posts["thread_id"])) == [
        "allotments-butts-1_kelp.example",
        "allotments-shed-1_fen.example",
    ]
    assert {Path(f).name for f in got.posts["source_file"]} == {
        Path(f).name for f in want.posts["source_file"]
    }
    # each names its member, the zip's top folder too (it read "allotments.zip/cur/...")
    assert {f[len(str(packed)) + 1 :] for f in got.posts["source_file"]} == {
        "maildir/" + Path(f).relative_to(MAILDIR).as_posix() for f in want.posts["source_file"]
    }


def test_saved_eml_files_thread_and_say_what_is_missing() -> None:
    got = threads.read(EML)
    posts = got.posts.sort("thread_id", "post_id")
    assert posts.select("thread_id", "post_id", "author", "parent_id").rows() == [
        ("eml-robes-9_moor.example", 0, "Aga Sten", None),
        ("eml-rota-1_tern.example", 0, "Pia Lund", None),
        ("eml-rota-1_tern.example", 1, "Aga Sten", 0),
        ("eml-rota-1_tern.example", 2, "Pia Lund", 1),
    ]
    # Thunderbird's "From - Wed Mar 03 ..." line is no post and no time: the Date header is
    assert posts["timestamp"][1].isoformat() == "2021-03-03T17:55:00+00:00"
    warnings = " ".join(w for t in got.threads for w in t.warnings)
    assert "<robes-1@tern.example>, which is not in the mailbox" in warnings


def test_an_mh_folder_of_numbered_mails_is_a_mailbox(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n, f in enumerate(sorted(EML.iterdir()), start=1):  # MH keeps no "From - " line
        lines = f.read_text().splitlines(keepends=True)
        (folder / str(n)).write_text("".join(lines[1:] if lines[0].startswith("From - ") else lines))
    (folder / ".mh_sequences").write_text("unseen: 3-4\n")
    got = threads.read(folder)
    assert got.posts["thread_id"].n_unique() == 2 and got.replies.filter(pl.col("is_parent")).height == 2
    assert [r[1:] for r in _rows(got)] == [r[1:] for r in _rows(threads.read(EML))]
    # a numbered file with a "From - " line is an archive, not one mail: file by file
    shutil.copy(EML / "Choir rota for March.eml", folder / "5")
    assert threads.read(folder).posts["thread_id"].n_unique() == 5


def test_a_folder_that_also_holds_another_dump_is_read_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(EML, folder)
    (folder / "notes.txt").write_text("Remember to book the church hall for the concert.\n")
    assert [Path(u).name for u in expand([folder])] == sorted(p.name for p in folder.iterdir())
    got = threads.read(folder)
    assert got.posts["thread_id"].n_unique() == 5  # 4 mails and the note, each alone


def test_a_folder_of_mbox_archives_is_read_archive_by_archive(tmp_path: Path) -> None:
    """Archives are no one-mail files: each is read alone (in pieces when big), as before."""
    folder = tmp_path / "archives"
    folder.mkdir()
    names = ["tern-dev_2011-March.mbox", "kiln_html-only-replies.mbox"]
    for name in names:
        shutil.copy(MBOX / name, folder / name)
    assert [Path(u).name for u in expand([folder])] == sorted(names)
    alone = sum(threads.read(MBOX / name).posts.height for name in names)
    assert threads.read(folder).posts.height == alone


def test_numbered_files_that_are_no_mails_make_no_mailbox(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "1").write_text("From the garden: the beans are up.\n")
    (folder / "2").write_text("Date: tomorrow, if it does not rain.\n")
    assert layout_of(["1", "2"], head=lambda name: (folder / name).read_bytes()) is None
    assert list(export_units(folder, sorted(folder.iterdir()))) == sorted(folder.iterdir())


def test_a_mailbox_over_the_size_cap_is_refused_in_one_line() -> None:
    with pytest.raises(ThreadsError) as err:
        read_source(MAILDIR, max_bytes=1_000)
    assert "over the limit" in err.value.message


def test_a_maildir_plus_folders_mails_are_in_the_mailbox(tmp_path: Path) -> None:
    """Courier and Dovecot keep every folder but the inbox as a hidden folder of the
    Maildir (.Sent/cur/...): the user's replies were left out, as hidden files are."""
    got = threads.read(MAILDIRPP)
    posts = got.posts.sort("post_id")
    assert posts.select("post_id", "author", "parent_id").rows() == [
        (0, "Ola Berg", None),
        (1, "Piet Vos", 0),
        (2, "Rhea Quist", 1),
    ]
    assert Path(posts["source_file"][2]).relative_to(MAILDIRPP).parts[:2] == (".Sent", "cur")
    assert got.replies.filter(pl.col("is_parent")).height == 2
    packed = tmp_path / "bees.zip"  # zipped, the same
    with zipfile.ZipFile(packed, "w") as archive:
        for f in sorted(MAILDIRPP.rglob("*")):
            if f.is_file():
                archive.write(f, f"maildirpp/{f.relative_to(MAILDIRPP).as_posix()}")
    assert [r[1:] for r in _rows(threads.read(packed))] == [r[1:] for r in _rows(got)]


def test_what_servers_keep_beside_the_mails_is_no_post() -> None:
    """A quota file (maildirsize), Courier's keywords folder or Dovecot's uid list made
    the whole Maildir no mailbox: each a one-post 'article', the mails file by file."""
    assert [Path(u) for u in expand([MAILDIRPP])] == [MAILDIRPP]
    got = threads.read(MAILDIRPP)
    assert got.posts.height == 3 and set(got.posts["source_format"]) == {"mbox"}
    assert not any(Path(f).name in {"maildirsize", "dovecot-uidlist"} for f in got.posts["source_file"])


def test_a_mail_delivered_twice_with_other_blank_lines_is_one_post() -> None:
    """The list's copy and the direct copy of one mail differ in blank lines (a bug
    tracker's and a list's copies in notmuch's corpus): it was two posts, one '#2'."""
    got = threads.read(MAILDIRPP)
    assert got.posts.filter(pl.col("author") == "Ola Berg").height == 1
    assert not any(s.endswith("#2") for s in got.posts["source_id"])
    assert got.summary()["skipped_items"] == {"duplicate message": 1}


def test_mails_that_name_each_other_as_parent_are_each_one_post() -> None:
    """A loop of In-Reply-To headers gave two threads holding both mails, each twice."""
    got = threads.read(HERE / "mail_fixtures" / "loop")
    assert got.posts.select("post_id", "author", "parent_id").sort("post_id").rows() == [
        (0, "Dora Lind", None),  # the earlier: the root
        (1, "Ivo Marsh", 0),
    ]
    [thread] = got.threads
    assert any("a loop" in w and "<rota-7@comb.example>, the earliest" in w for w in thread.warnings)


def test_a_saved_mail_with_an_archive_appended_keeps_its_first_mail() -> None:
    """The mail before the first 'From ' line was dropped, its reply's parent lost."""
    got = threads.read(HERE / "mail_fixtures" / "saved-then-appended.mbx")
    posts = got.posts.sort("post_id")
    assert posts["source_id"].to_list() == ["order-311@honeyjar.example", "order-312@honeyjar.example"]
    assert posts["parent_id"].to_list() == [None, 0]
    assert "forty wired foundation sheets" in posts["text"][0]


def test_a_mailbox_of_more_than_a_million_characters_is_read(tmp_path: Path) -> None:
    """A mailbox is one JSON text, one line (threads/zipped.py): mbox, a line-based dialect,
    refused a Maildir of 2,000 mails as 'a line of 2,097,149 characters ... truncated or
    minified file?'. A bundle's lines are its files'."""
    from threads.pipeline import parse_source
    from threads.read import MAX_LINE_CHARS, decode
    from threads.zipped import folder_bundle

    box = tmp_path / "big"
    (box / "cur").mkdir(parents=True)
    line = "The plots by the river flood every spring, so we raise the beds."
    for i in range(2):
        head = [
            "Return-Path: <ann@example.org>",
            "From: Ann Marr <ann@example.org>",
            "Subject: Flooding",
            f"Date: Mon, 1 Feb 2021 0{i}:00:00 +0000",
            f"Message-ID: <flood-{i}@example.org>",
            *(["In-Reply-To: <flood-0@example.org>"] if i else []),
        ]
        body = "\n".join([line] * (MAX_LINE_CHARS // len(line) // 2 + 10))
        (box / "cur" / f"16121376{i}0.M{i}P1.fen").write_text("\n".join(head) + "\n\n" + body + "\n")
    source = decode(folder_bundle(box, 10 * MAX_LINE_CHARS) or b"", str(box))
    assert len(source.text) > MAX_LINE_CHARS and "\n" not in source.text
    parsed = parse_source(source)
    [thread] = parsed.raws
    assert [p.source_id for p in thread.posts] == ["flood-0@example.org", "flood-1@example.org"]


def test_a_mailbox_with_a_zone_less_date_is_read(tmp_path: Path) -> None:
    """A mail dated "-0000" (RFC 5322: a time whose zone is not known) has a time without
    zone; sorting the mailbox's files by their first time compared it with an aware one
    and the whole Maildir failed ("can't compare offset-naive and offset-aware")."""
    box = tmp_path / "box"
    (box / "cur").mkdir(parents=True)
    for i, zone in enumerate(("-0000", "+0000")):
        head = [
            "Return-Path: <ann@example.org>",
            "From: Ann Marr <ann@example.org>",
            "Subject: Shed key",
            f"Date: Mon, 1 Feb 2021 0{i}:00:00 {zone}",
            f"Message-ID: <key-{i}@example.org>",
            *(["In-Reply-To: <key-0@example.org>"] if i else []),
        ]
        (box / "cur" / f"16121376{i}0.M{i}P1.fen").write_text("\n".join(head) + "\n\nUnder the pot.\n")
    got = threads.read(box)
    assert got.posts.sort("post_id")["parent_id"].to_list() == [None, 0]
