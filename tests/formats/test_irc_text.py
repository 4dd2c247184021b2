"""irc-text: IRC channel logs (irssi, WeeChat, ZNC / mIRC, XChat / HexChat, Ubuntu irclogs).

Before this dialect every IRC log went to the ``article`` fallback: the whole log one post
with no author and no time (a real irssi meeting log of 96 messages, a real ZNC day of 40
messages and 21 joins/quits: 1 post each).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import threads
from threads.formats import detect, irc_text
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "irc-text"


def _one(text: str):
    (thread,) = irc_text.parse(text)
    return thread


@pytest.mark.parametrize("name", ["harbour_irssi.log", "kilnclub_znc.log", "meadow_weechat.weechatlog"])
def test_detected_not_left_to_the_article_fallback(name: str) -> None:
    assert detect((FIXTURES / name).read_text(encoding="utf-8")).name == "irc-text"


def test_irssi_dates_from_its_date_lines_modes_off_events_counted_renames_said() -> None:
    thread = _one((FIXTURES / "harbour_irssi.log").read_text(encoding="utf-8"))
    posts = thread.posts[1:]
    assert thread.title == "#harbour-rowing" and thread.posts[0].placeholder
    assert [p.author for p in posts[:4]] == ["wren", "tamsin_", "wren", "[m]keel"]
    assert posts[0].timestamp == datetime(2019, 3, 5, 21, 59)
    assert posts[6].author == "tamsin" and posts[6].timestamp == datetime(2019, 3, 6, 0, 10)  # Day changed
    assert posts[4].body == "books the double"  # the action, a post of its nick
    assert thread.skipped == {"mode": 1, "join": 1, "nick change": 1, "quit": 1}
    assert any("tamsin_ → tamsin" in w for w in thread.warnings)


def test_znc_wrapped_line_joined_notice_counted_times_left_empty_without_a_date() -> None:
    thread = _one((FIXTURES / "kilnclub_znc.log").read_text(encoding="utf-8"))
    bodies = [p.body for p in thread.posts[1:]]
    assert "needs the slower cool and the shelf by the door" in bodies
    assert (thread.posts[4].line_start, thread.posts[4].line_end) == (5, 6)
    assert thread.skipped["notice"] == 1 and thread.skipped["join"] == 1
    assert all(p.timestamp is None for p in thread.posts)
    assert any("clock but no date" in w for w in thread.warnings)


def test_ubuntu_untimed_events_and_xchat_month_day_with_the_year_of_its_begin_line() -> None:
    ubuntu = _one(
        "=== gull [~g@host] has joined #ubuntu-dock\n[09:00] <tern> wifi drops after suspend\n"
        "[09:01] <gull> tern: which card?\n=== tern is now known as tern_\n[09:02] <tern_> gull: an old one\n"
    )
    assert [p.author for p in ubuntu.posts[1:]] == ["tern", "gull", "tern_"]
    assert ubuntu.skipped == {"join": 1, "nick change": 1} and ubuntu.title == "#ubuntu-dock"
    xchat = _one(
        "**** BEGIN LOGGING AT Fri Dec 31 23:58:01 2010\n\nDec 31 23:58:01 *\tNow talking on #lamps\n"
        "Dec 31 23:59:10 <moth>\tnearly midnight\nDec 31 23:59:40 *\tmoth lights a candle\n"
        "**** BEGIN LOGGING AT Sat Jan 01 00:00:30 2011\nJan 01 00:01:02 <wick>\tmoth: happy new year\n"
    )
    assert [(p.author, p.timestamp) for p in xchat.posts[1:]] == [
        ("moth", datetime(2010, 12, 31, 23, 59, 10)),
        ("moth", datetime(2010, 12, 31, 23, 59, 40)),
        ("wick", datetime(2011, 1, 1, 0, 1, 2)),
    ]
    assert xchat.skipped == {"join": 1}


def test_nick_colon_and_nick_comma_answer_that_nick() -> None:
    analysis = threads.read(FIXTURES / "harbour_irssi.log")
    rows = analysis.posts.select("post_id", "author", "parent_id", "reply_evidence").rows()
    author = {pid: a for pid, a, _, _ in rows}
    answered = {pid: (author.get(parent), ev) for pid, _, parent, ev in rows}
    assert answered[2][0] == "wren"  # "wren: is the double free?"
    assert answered[3][0] == "tamsin_"  # "tamsin_: yes" (a nick with a trailing underscore)
    assert answered[6][0] == "[m]keel"  # "[m]keel, charger is in the shed"
    assert answered[8][0] == "tamsin"  # the renamed nick answered by its new name


def test_not_an_irc_log() -> None:
    assert irc_text.sniff("12/03/2021, 14:22 - Ana: hi\n12/03/2021, 14:23 - Bo: hello\n") == 0.0
    assert irc_text.sniff("Meeting at 09:00 <b>sharp</b>\nsee you\n") == 0.0
    with pytest.raises(ThreadsError):
        irc_text.parse("09:01 -!- ann has joined #x\njust words\n")
    assert irc_text.parse("  \n") == []


def test_no_corpus_file_is_read_as_an_irc_log(corpus: Path) -> None:
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file() and p.suffix != ".md"]
    taken = [p.name for p in files if irc_text.sniff(p.read_text(encoding="utf-8", errors="replace")) > 0]
    assert files and taken == []


def test_an_impossible_date_on_a_line_is_no_date_not_a_crash() -> None:
    """Found by scripts/fuzz.py: a WeeChat line dated "2019-13-05" raised ValueError (an
    internal error) instead of being read without its date."""
    text = "\n".join(
        [
            "2019-03-05 09:01:02\tann\tmorning all",
            "2019-13-05 09:02:02\tbo\tann: morning",
            "2019-03-05 09:03:02\tcy\twho broke the build?",
        ]
    )
    (thread,) = irc_text.parse(text)
    assert [p.author for p in thread.posts[1:]] == ["ann", "bo", "cy"]
