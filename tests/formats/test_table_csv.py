"""threads.formats.table_csv: comment tables (CSV, ';', TAB) as research tools write them.

The fixtures (tests/fixtures/table-csv) are hand-written in the shape of YouTube Data
Tools' .tab file, a 4CAT Reddit export, a Pushshift/PRAW Reddit CSV and a YouTube API
script's ';' table with a BOM; the tables written inline below follow real files
(Netvizz, twint, a pandas-written TAB file, tables refused for lacking a column).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

import threads
from tests.formats import platform_common as pc
from threads.cli import app
from threads.formats import detect, discord_csv
from threads.formats import table_csv as mod
from threads.model import ThreadsError

FOLDER = "table-csv"
YTDT = pc.FIXTURES / FOLDER / "ytdt_videoinfo_comments.tab"
REDDIT = pc.FIXTURES / FOLDER / "reddit_pushshift_comments.csv"
FOURCAT = pc.FIXTURES / FOLDER / "fourcat_reddit_export.csv"
SEMICOLON = pc.FIXTURES / FOLDER / "youtube_api_comments_semicolon.csv"

# The example a user met: read as one article post before table-csv.
BRIEF = (
    "id,author,text,created_at,parent_id\n"
    '1,alice,"I love this",2021-03-04 10:00,\n'
    '2,bob,"Thanks alice",2021-03-04 11:00,1\n'
)


def test_a_plain_comment_csv_is_a_thread_of_its_rows() -> None:
    assert detect(BRIEF).name == mod.NAME
    [thread] = mod.parse(BRIEF)
    root, alice, bob = thread.posts
    assert root.placeholder and "placeholder root" in " ".join(thread.warnings)
    assert (alice.author, alice.body, alice.parent_source_id) == ("alice", "I love this", root.source_id)
    assert (bob.author, bob.parent_source_id, bob.parent_evidence) == ("bob", "1", "nested")
    assert bob.timestamp == datetime(2021, 3, 4, 11, 0)


def test_youtube_data_tools_tab_file() -> None:
    text = pc.read(YTDT)
    assert detect(text).name == mod.NAME
    [thread] = mod.parse(text)
    theo = thread.posts[1]
    # an unquoted TAB file: a comment opening with a quote mark keeps it
    assert theo.body == '"Slow cinema" they called it in the review. I call it patient.'
    marta = thread.posts[3]
    assert marta.body == "This bridge scene was shot near my grandmother's village!\nBrings back memories."
    assert thread.posts[2].body == "Patient is the word. 12:34 is my favourite shot."
    # isReplyTo nests a reply under its top-level comment; '@Ilse Brandt' answers Ilse's reply
    ilse, answer = thread.posts[4], thread.posts[5]
    assert ilse.parent_source_id == marta.source_id and ilse.parent_evidence == "nested"
    assert answer.parent_source_id == ilse.source_id and answer.parent_evidence == "explicit"
    assert "rows read in time order (the table lists them otherwise)" in thread.warnings


def test_reddit_csv_prefixes_deleted_and_missing_parents() -> None:
    first, second = mod.parse(pc.read(REDDIT))
    assert [t.key for t in (first, second)] == ["1b2c3d", "1b9x8y"]
    ids = [p.source_id for p in first.posts]
    assert ids == ["1b2c3d", "k1aa001", "k1aa003", "k1aa004", "k1aa005", "k1aa006"]
    assert first.posts[1].parent_source_id == "1b2c3d"  # t3_: the submission
    assert first.posts[2].parent_source_id == "k1aa001"  # t1_: a comment
    gone = first.posts[3]
    assert (gone.placeholder, gone.author, gone.body) == (True, None, "[deleted]")  # answered: kept
    assert first.skipped == {"deleted": 1}  # the [removed] comment nobody answers
    assert any("not in the table (e.g. k1zz999)" in w for w in first.warnings)
    assert first.posts[1].timestamp == datetime(2024, 3, 1, 10, 46, 40, tzinfo=timezone.utc)


def test_a_4cat_export_has_its_threads_own_rows_as_post_0() -> None:
    first, second = mod.parse(pc.read(FOURCAT))
    assert (first.key, first.title, first.posts[0].author) == (
        "7x1k2m",
        "Touring the Danube with a trailer: worth it?",
        "fenna_rides",
    )
    assert not first.posts[0].placeholder and first.posts[0].body.startswith("Planning Passau")
    assert [p.parent_source_id for p in first.posts[1:]] == ["7x1k2m", "e8aa1", "e8aa2"]
    assert (second.title, second.posts[2].author, second.posts[2].body) == (
        "Best map app offline?",
        None,
        "I use the paper ones, honestly.",
    )
    assert not any("placeholder" in w for t in (first, second) for w in t.warnings)


def test_semicolon_table_with_a_bom_one_thread_per_video() -> None:
    raw = SEMICOLON.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")  # the BOM kept, as a caller may hand it over
    assert detect(text).name == mod.NAME
    first, second = mod.parse(text)
    assert [t.key for t in (first, second)] == ["kP3xQ9wLz0E", "Rz81mTqV5aY"]
    assert [p.author for p in first.posts] == [None, "lenka_m", "hanne_fj"]  # handles without @
    assert first.posts[1].body == "Lovely tutorial; the glaze part especially."
    assert first.posts[2].body == '@lenka_m agreed, the "dip twice" trick is new to me'
    assert second.posts[1].body == "Which kiln temperature did you use?\nI keep cracking mine."
    assert "the table has no parent column: replies are left to reply inference" in first.warnings
    assert all(p.parent_source_id is None for t in (first, second) for p in t.posts[1:])


# ---------------------------------------------------------------- refused, and not taken


NO_AUTHOR = (  # the columns of a real hand-labelled YouTube comment table
    "Comments,video source,topic,bias of video,bias\n"
    "Thank you for saying it so plainly.,17,AL,2,2\n"
    '"A long one, with a comma\nand a line break",6,GC,0,1\n'
)


def test_a_table_without_an_author_column_is_refused_naming_its_columns() -> None:
    assert detect(NO_AUTHOR).name == mod.NAME
    with pytest.raises(ThreadsError) as err:
        mod.parse(NO_AUTHOR)
    message = str(err.value)
    assert message.startswith("a table whose columns name no author: Comments, video source, topic")
    assert "\n" not in message


def test_the_cli_says_it_in_one_line_naming_the_file(tmp_path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text(NO_AUTHOR, encoding="utf-8")
    res = CliRunner().invoke(app, ["parse", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code != 0
    lines = [line for line in res.output.splitlines() if "name no author" in line]
    assert len(lines) == 1 and "labelled.csv" in lines[0]
    assert "Traceback" not in res.output


def test_a_table_of_something_else_is_refused_not_read_as_an_article() -> None:
    prices = "id,price,qty\n1,9.50,3\n2,4.00,10\n3,12.25,1\n"
    assert detect(prices).name == mod.NAME
    with pytest.raises(
        ThreadsError, match=r"^a table whose columns name no author and no text: id, price, qty"
    ):
        mod.parse(prices)


@pytest.mark.parametrize(
    "prose",
    [
        "I went to Paris, it was lovely\nThe food was great, really\nWe stayed three nights, then left\n",
        "Dear all, welcome\nThe meeting is on Monday, at noon\nBring a friend, or two\n",
    ],
)
def test_short_lines_of_prose_with_a_comma_each_are_no_table(prose: str) -> None:
    """Each line cut at its one comma made a two-"column" table whose header was a
    sentence cut in two, and the text was refused as a table naming no author."""
    assert mod.sniff(prose) == 0.0
    assert detect(prose).name != mod.NAME


@pytest.mark.parametrize(
    "text",
    [
        "Nice post, really.\nThanks, I agree.\nWell, maybe not, but ok.\n",  # prose with commas
        "1,2,3\n4,5,6\n7,8,9\n",  # no header row
        '{"id": 1, "author": "ann", "text": "hi"}\n',
        "<html><body><p>a, b, c</p></body></html>\n",
        "author,text\n",  # a header and nothing under it
        "12/03/21, 14:22 - Ana: hello, all\n12/03/21, 14:23 - Bo: hi, Ana\n",  # a WhatsApp chat
    ],
)
def test_what_is_not_a_comment_table_is_not_taken(text: str) -> None:
    assert mod.sniff(text) == 0.0


def test_a_discordchatexporter_csv_stays_discord_csv() -> None:
    for path in pc.fixtures("discord-csv"):
        text = pc.read(path)
        assert discord_csv.sniff(text) > 0 and mod.sniff(text) == 0.0
        assert detect(text).name == "discord-csv"


# ---------------------------------------------------------------- shapes of real tools


def test_netvizz_post_columns_make_the_item_post_0() -> None:
    header = "\t".join(
        (
            *("post_id", "post_by", "post_text", "post_published", "comment_id", "comment_by", "is_reply"),
            *("comment_message", "comment_published", "comment_like_count"),
        )
    )
    item = "1_2\tpage01\tNew bike lanes open today_ come and ride.\t2013-11-21T11:24:46+0000"
    rows = [
        f"{item}\t2_1\tu9f\t0\tFinally! The bridge was scary.\t2013-11-21T13:16:38+0000\t4",
        f"{item}\t2_2\tu3c\t1\tAgreed, scary is the word.\t2013-11-21T12:01:07+0000\t0",
    ]
    [thread] = mod.parse("\n".join([header, *rows]) + "\n")
    root = thread.posts[0]
    assert (root.author, root.body, root.placeholder) == (
        "page01",
        "New bike lanes open today_ come and ride.",
        False,
    )
    assert root.timestamp == datetime(2013, 11, 21, 11, 24, 46, tzinfo=timezone.utc)
    # the comment columns, not the post's, in time order
    assert [(p.author, p.source_id) for p in thread.posts[1:]] == [("u3c", "2_2"), ("u9f", "2_1")]
    assert any("the item's author = 'post_by'" in w for w in thread.warnings)


def test_twint_tweets_conversation_root_milliseconds_and_reply_to_is_no_parent() -> None:
    text = (
        "id,conversation_id,created_at,date,time,timezone,user_id,username,name,tweet,reply_to\n"
        "101,101,1585267200000,2020-03-27,00:00:00,+0000,7,ana_p,Ana P,Bread day. Sourdough or rye?,[]\n"
        "102,101,1585267260000,2020-03-27,00:01:00,+0000,8,bo_k,Bo K,@ana_p rye every time,"
        "\"[{'screen_name': 'ana_p', 'name': 'Ana P', 'id': '7'}]\"\n"
    )
    [thread] = mod.parse(text)
    root, reply = thread.posts
    assert (root.source_id, root.author, root.placeholder) == ("101", "ana_p", False)
    assert root.timestamp == datetime(2020, 3, 27, tzinfo=timezone.utc)
    assert reply.parent_source_id is None  # reply_to names users: left to reply inference


def test_a_pandas_tab_file_with_quoted_cells() -> None:
    text = (
        "author\tbody\tcreated_utc\n"
        'ann\t"two\tcolumns\nand two lines"\t1600000000\n'
        'bo\tplain "quote\t1600000100\n'
    )
    [thread] = mod.parse(text)
    assert [p.body for p in thread.posts[1:]] == ["two\tcolumns\nand two lines", 'plain "quote']


def test_a_table_pandas_wrote_twice_with_float_ids() -> None:
    # read back and written again: the index column is "Unnamed: 0", and an id column with
    # an empty cell is written as floats ("12.0")
    text = (
        "Unnamed: 0,,id,author,text,in_reply_to_status_id\n"
        "0,0,11,ann,Where is the ferry stop?,\n"
        "1,1,12,bo,@ann behind the museum,11.0\n"
    )
    assert detect(text).name == mod.NAME
    [thread] = mod.parse(text)
    assert thread.posts[2].parent_source_id == "11" == thread.posts[1].source_id


def test_times_of_every_kind_and_what_is_no_date() -> None:
    notes: list[str] = []
    got = mod._times(
        [
            "1700439355.0",
            "1585267200000",
            "2013-11-21T11:24:46+0200",
            "2019-05-02T10:11:12Z",
            "2025-01-28 23:57:02",
            "",
        ],
        notes,
    )
    utc = timezone.utc
    assert got == [
        datetime(2023, 11, 20, 0, 15, 55, tzinfo=utc),
        datetime(2020, 3, 27, tzinfo=utc),
        datetime(2013, 11, 21, 9, 24, 46, tzinfo=utc),
        datetime(2019, 5, 2, 10, 11, 12, tzinfo=utc),
        datetime(2025, 1, 28, 23, 57, 2),  # no zone: as written
        None,
    ]
    assert mod._times(["03.04.2021 10:00", "27.01.2024 08:15"], notes)[0] == datetime(2021, 4, 3, 10, 0)
    assert mod._times(["2 years ago"], notes) == [None]
    assert notes[-1] == "1 time(s) not read as a date (e.g. '2 years ago'): left empty"


def test_nothing_lost_bad_rows_repeated_headers_and_repeats_counted() -> None:
    text = (
        "id,author,text\n"
        "1,ann,hello\n"
        "2,bo,hi ann,extra\n"  # too wide
        "id,author,text\n"  # a second table appended
        "3,cy,morning\n"
        "1,ann,hello\n"  # the same comment again
        "4,,\n"  # a deleted one: no author, no words
        ",,\n"  # separators only
    )
    [thread] = mod.parse(text)
    assert [p.author for p in thread.posts[1:]] == ["ann", "cy"]
    assert thread.skipped == {
        "duplicate": 1,
        "deleted": 1,
        "bad_row": 1,
        "repeated header": 1,
        "empty row": 1,
    }


def test_analysed_through_the_pipeline_with_every_row() -> None:
    analysed = threads.read(REDDIT)
    assert [t.source_format for t in analysed.threads] == [mod.NAME, mod.NAME]
    assert analysed.posts.height == 6 + 3  # two roots and 7 comments; the bare [removed] skipped


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod, ["id,author,text\n", "\t", ";", ",", '"', "\n", "t1_", "parent_id", "thread_id", "1700000000"]
)


def test_a_quote_block_in_a_text_cell_is_the_post_s_quote_not_lost() -> None:
    """A cell of HTML (YouTube's textDisplay, a scraper keeping the markup) with a
    <blockquote>: its quote was taken out of the words and dropped, in neither the body
    nor the quotes."""
    table = (
        "id,author,text,parent_id\n"
        "1,ann,The glaze cracked in the second firing.,\n"
        '2,bo,"<blockquote>The glaze cracked in the second firing.</blockquote>Mine too, at 1240 C.",1\n'
    )
    [thread] = mod.parse(table)
    reply = next(p for p in thread.posts if p.source_id == "2")
    assert reply.body == "Mine too, at 1240 C."
    assert reply.quoted == ["The glaze cracked in the second firing."]
