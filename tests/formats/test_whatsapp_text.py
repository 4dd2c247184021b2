"""Tests for threads.formats.whatsapp_text: WhatsApp "Export chat" text files.

Before this dialect every export was read as one ``article`` post (all messages merged).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

import threads
from threads.formats import detect
from threads.formats import whatsapp_text as wa
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = sorted((FIXTURES / wa.NAME).glob("*.txt"))
OTHERS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.parent.name != wa.NAME)
IDS = [p.stem for p in FILES]
# A message header, written out independently of the module (both shapes, any marks).
HEADER = re.compile(r"^\u200e?(?:\[[\d/.-]+, [\d:]+\u202f?(?:[AP]M)?\] |[\d/.-]+, [\d:]+ - )(?P<rest>.*)$")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _one(text: str) -> threads.model.RawThread:
    (thread,) = wa.parse(text)
    return thread


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_header_is_a_post_or_counted(path: Path) -> None:
    lines = _text(path).split("\n")
    thread = _one(_text(path))
    headers = [no for no, line in enumerate(lines, start=1) if HEADER.match(line)]
    posts = thread.posts[1:]
    assert thread.posts[0].placeholder and thread.posts[0].author is None
    assert len(posts) + sum(thread.skipped.values()) == len(headers)
    assert sorted(p.line_start for p in posts) == [n for n in headers if n in {p.line_start for p in posts}]
    for post in posts:  # the words of a post are the lines of its span, header taken off
        span = lines[post.line_start - 1 : post.line_end]
        for line in post.body.split("\n"):
            assert any(line.strip() in s for s in span), line
        # as WhatsApp writes a phone number ("555\u20110143", a non-breaking hyphen), read as "-"
        header = lines[post.line_start - 1].replace("\u202f", " ").replace("~ ", "").replace("\u2011", "-")
        assert post.author and post.author in header


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_detected_and_read_as_messages_not_one_article(path: Path) -> None:
    found = detect(_text(path))
    assert found.name == wa.NAME, found.scores
    analysis = threads.read(path)
    assert analysis.posts["source_format"].unique().to_list() == [wa.NAME]
    assert analysis.posts.height > 2


@pytest.mark.parametrize("path", OTHERS, ids=[f"{p.parent.name}/{p.name}" for p in OTHERS])
def test_other_fixtures_are_not_taken(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return
    assert wa.sniff(text) == 0.0


def test_posts_in_time_order_and_clock_slips_said() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "ios_lantern_monthfirst.txt"))
    times = [p.timestamp for p in thread.posts[1:]]
    assert times == sorted(times)  # type: ignore[type-var]
    # line 5 (9:07:55 PM) was listed after line 4 (9:08:02 PM)
    assert [p.line_start for p in thread.posts[1:4]] == [3, 5, 4]
    assert any("1 message(s) listed out of time order" in w for w in thread.warnings)


def test_month_first_settled_by_a_second_number_above_12() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "ios_lantern_monthfirst.txt"))
    assert thread.posts[1].timestamp == datetime(2023, 4, 2, 21, 6, 40)
    assert thread.posts[-1].timestamp == datetime(2023, 4, 14, 8, 3, 45)
    assert not any("order not settled" in w for w in thread.warnings)


def test_day_first_settled_by_a_first_number_above_12_anywhere() -> None:
    text = "03/04/2022, 09:16 - Ana: one\n03/04/2022, 09:17 - Bo: two\n14/04/2022, 07:05 - Ana: three\n"
    thread = _one(text)
    assert thread.posts[1].timestamp == datetime(2022, 4, 3, 9, 16)
    assert not any("order not settled" in w for w in thread.warnings)


def test_ambiguous_order_read_by_the_locale_and_said() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "android_de_chor_ambiguous.txt"))
    assert thread.posts[1].timestamp == datetime(2021, 3, 2, 19, 31)
    assert any("read day-first" in w for w in thread.warnings)
    us = _one("3/4/21, 2:22 PM - Ana: hi\n3/4/21, 2:25 PM - Bo: hey\n")  # "/" with a 12-hour clock
    assert us.posts[1].timestamp == datetime(2021, 3, 4, 14, 22)
    assert any("read month-first" in w for w in us.warnings)


def test_twelve_hour_clocks_in_their_spellings() -> None:
    text = (
        "1/20/2019, 12:05 a. m. - Ana: just after midnight\n"
        "1/20/2019, 12:10\u202fPM - Bo: just after noon\n"
        "[1/20/19, 9:30:15 pm] Ana: evening\n"
    )
    times = [p.timestamp for p in _one(text).posts[1:]]
    assert times == [
        datetime(2019, 1, 20, 0, 5),
        datetime(2019, 1, 20, 12, 10),
        datetime(2019, 1, 20, 21, 30, 15),
    ]


def test_system_lines_counted_by_kind_deleted_dropped_media_kept_empty() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "android_allotment_dayfirst.txt"))
    assert thread.skipped == {
        "encryption notice": 1,
        "group created": 1,
        "member added": 1,
        "deleted": 1,
        "member left": 1,
    }
    assert thread.title == "Allotment 7"
    media = [p for p in thread.posts[1:] if not p.body]
    assert [(p.author, p.line_start) for p in media] == [("Odo Marrow", 7)]
    assert not any("<Media omitted>" in p.body or "deleted" in p.body for p in thread.posts)


def test_ios_system_lines_carry_an_author_and_are_still_not_posts() -> None:
    text = (
        "[27.09.23, 09:18:41] Klasse 2B: Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n"
        "[27.09.23, 09:18:41] Lio: Lio hat die Gruppe erstellt.\n"
        "[27.09.23, 09:20:59] Klasse 2B: Lio hat dich hinzugefügt.\n"
        "[27.09.23, 09:23:30] Ari: Lio hat Ari hinzugefügt.\n"
        "[27.09.23, 13:09:05] Tom: I added salt to the soup\n"
        "[27.09.23, 13:10:00] Ari: Bild weggelassen\n"
    )
    thread = _one(text)
    assert [(p.author, p.body) for p in thread.posts[1:]] == [
        ("Tom", "I added salt to the soup"),
        ("Ari", ""),
    ]
    assert thread.skipped == {"encryption notice": 1, "group created": 1, "member added": 2}


def test_authors_are_one_person_on_every_line() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "ios_lantern_monthfirst.txt"))
    assert {p.author for p in thread.posts[1:]} == {"Mirela Stook", "Bastian Ferre", "Ilse Dunmore"}
    phones = _one("[6/17/19, 5:51:19 PM] +1 (555) 010\u20114477: hi\n[6/17/19, 5:52:00 PM] Noah  Fine : yo\n")
    assert [p.author for p in phones.posts[1:]] == ["+1 (555) 010-4477", "Noah Fine"]


def test_edited_tail_and_attachment_token_taken_off() -> None:
    thread = _one(_text(FIXTURES / wa.NAME / "ios_lantern_monthfirst.txt"))
    by_line = {p.line_start: p for p in thread.posts[1:]}
    assert by_line[7].body == "Candles are on me. Meet at the pond gate?\nBring gloves, it gets cold"
    assert (by_line[7].line_start, by_line[7].line_end) == (7, 8)
    assert by_line[9].body == ""


def test_at_name_links_to_that_author(tmp_path: Path) -> None:
    analysis = threads.read(FIXTURES / wa.NAME / "android_allotment_dayfirst.txt")
    rows = analysis.replies.filter(analysis.replies["post_id"] == 4).to_dicts()
    assert any(r["target_author"] == "Odo Marrow" and r["evidence"] == "explicit" for r in rows), rows


def test_a_member_named_by_number_is_mentioned_by_its_digits() -> None:
    """WhatsApp names a member not in the phone book by number ("+1 (646) 555‑0143") and a
    mention of them is "@16465550143": it names that member, as "@Odo Marrow" does; a
    number cut short names nobody."""
    analysis = threads.read(FIXTURES / wa.NAME / "android_phone_mentions.txt")
    parents = dict(analysis.posts.select("post_id", "parent_id").iter_rows())
    evidence = dict(analysis.posts.select("post_id", "reply_evidence").iter_rows())
    assert (parents[4], evidence[4]) == (2, "explicit")  # @16465550143
    assert (parents[7], evidence[7]) == (5, "explicit")  # @447700900318: their latest post
    assert (parents[5], evidence[5]) == (0, "root")  # @447700900: no member's number


def test_names_with_digits_are_not_phone_numbers(tmp_path: Path) -> None:
    """Only a name made of a number (digits, "+", spaces, brackets, dashes) is one: "@2024"
    does not name "Team 2024", nor "@1234567" "agent 1234567"."""
    path = tmp_path / "chat.txt"
    path.write_text(
        "11/05/2023, 19:04 - agent 1234567: The report is due in 2024\n"
        "11/05/2023, 19:05 - Team 2024: Noted\n"
        "11/05/2023, 19:06 - Ilse Varga: @1234567 and @2024 both late again\n",
        encoding="utf-8",
    )
    analysis = threads.read(path)
    assert analysis.posts.filter(analysis.posts["post_id"] == 3)["reply_evidence"].to_list() == ["root"]


def test_no_header_is_refused_in_one_line() -> None:
    with pytest.raises(ThreadsError, match="not a WhatsApp chat export"):
        wa.parse("just some notes\nnot a chat\n")
    assert wa.parse("  \n") == []


def test_corpus_files_are_not_taken(corpus: Path) -> None:
    files = [p for p in sorted(corpus.iterdir()) if p.is_file() and p.suffix != ".md"]
    assert files
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert wa.sniff(text) == 0.0, path.name
