"""discord-text and discord-csv: DiscordChatExporter's PlainText and CSV exports.

Before these dialects both went to the ``article`` fallback: the whole channel one post
(a real 2019 export of 26 messages: 1 post, no author, no time).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from threads.formats import detect, discord_csv, discord_text
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RULE = "=" * 62


def _text(rel: str) -> str:
    return (FIXTURES / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        ("discord-text/lantern_workshop.txt", "discord-text"),
        ("discord-text/glassworks_2019.txt", "discord-text"),
        ("discord-csv/lantern_workshop.csv", "discord-csv"),
        ("discord-csv/glassworks_2019.csv", "discord-csv"),
    ],
)
def test_detected_not_left_to_the_article_fallback(rel: str, name: str) -> None:
    assert detect(_text(rel)).name == name


def test_blocks_are_not_words_and_names_lose_a_discriminator_only_when_unique() -> None:
    (thread,) = discord_text.parse(_text("discord-text/glassworks_2019.txt"))
    assert thread.title == "Glassworks Guild / #kiln-talk"
    assert [p.author for p in thread.posts[1:]] == ["marisol", "marisol", "theo.b#7754", "theo.b#1180", None]
    # no {Embed} block
    assert thread.posts[2].body == "Anyone know a slower cooling curve? https://example.org/annealing"
    assert thread.posts[4].body == "different theo here, same problem with the amber rods"  # no {Attachments}
    assert any("no message ids nor reply references" in w for w in thread.warnings)
    assert all(p.parent_source_id is None for p in thread.posts)


def _export(guild: str, channel: str, *messages: str, footer: int | None = None) -> str:
    out = f"{RULE}\nGuild: {guild}\nChannel: {channel}\n{RULE}\n\n" + "".join(f"{m}\n\n" for m in messages)
    return out + (f"{RULE}\nExported {footer} message(s)\n{RULE}\n" if footer is not None else "")


def test_parts_of_one_channel_join_other_channels_are_threads_and_counts_are_checked() -> None:
    one = _export("Kiln Club", "Rooms / glaze", "[27/03/2024 18:02] ida\nfirst", footer=1)
    two = _export("Kiln Club", "Rooms / glaze", "[28/03/2024 09:00] ida\nsecond", footer=2)
    other = _export("Kiln Club", "Rooms / clay", "[28/03/2024 10:00] bo\nelsewhere")
    glaze, clay = discord_text.parse(one + two + other)
    assert [p.body for p in glaze.posts[1:]] == ["first", "second"] and clay.title == "Kiln Club / #clay"
    assert glaze.origin != clay.origin and glaze.starts_at is not None
    said = " ".join(glaze.warnings)
    assert "2 parts of this channel's export" in said and "the export counts 3 message(s); 2 read" in said
    assert glaze.posts[1].timestamp == datetime(2024, 3, 27, 18, 2)  # 27: day first for the file


def test_a_header_without_messages_is_refused() -> None:
    assert discord_text.sniff(_export("G", "c")) == discord_text.HEAD_ONLY
    with pytest.raises(ThreadsError, match="no message"):
        discord_text.parse(_export("G", "c"))


def test_csv_separators_repeated_headers_bad_rows_and_iso_dates() -> None:
    (old,) = discord_csv.parse(_text("discord-csv/glassworks_2019.csv"))
    assert old.posts[3].body.endswith("for an hour; then drop slowly")  # ';' inside a quoted value
    rows = (
        "AuthorID,Author,Date,Content,Attachments,Reactions\n"
        '"1","ann","2024-03-27T18:02:00.1234567+02:00","one","",""\n'
        '"2","bo","2024-03-27T18:03:00+02:00","two\nlines","",""\n'
        "AuthorID,Author,Date,Content,Attachments,Reactions\n"
        '"3","cy","2024-03-27T18:04:00+02:00","three",""\n'
        '"1","ann","2024-03-27T18:05:00+02:00","four","",""\n'
    )
    (thread,) = discord_csv.parse(rows)
    assert [p.body for p in thread.posts[1:]] == ["one", "two\nlines", "four"]
    assert thread.skipped == {discord_csv.REPEATED_HEADER: 1, "bad_row": 1}
    assert thread.posts[3].timestamp == datetime(2024, 3, 27, 18, 5, tzinfo=timezone(timedelta(hours=2)))
    assert (thread.posts[2].line_start, thread.posts[2].line_end) == (3, 4)


def test_a_csv_without_the_header_is_not_this_dialect() -> None:
    assert discord_csv.sniff('"1","ann","1/2/2024 3:04 PM","hi","",""\n') == 0.0
    with pytest.raises(ThreadsError, match="no 'AuthorID"):
        discord_csv.parse("a,b\n1,2\n")
