"""discord-html: DiscordChatExporter's HTML export, read as its JSON export is.

Before this dialect such a page went to generic-html: a message group was one post with
the author and date in its text, every later message of the group merged into it, and no
reply link (a real 2019 export of 26 messages: 23 posts, no author).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import threads
from threads.formats import detect, discord_html
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML = FIXTURES / "discord-html"
LANTERN = "lantern_workshop"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _naive(stamp: datetime | None) -> datetime | None:
    return stamp.replace(tzinfo=None) if stamp is not None else None


@pytest.mark.parametrize("name", ["lantern_workshop.html", "glassworks_2019.html"])
def test_both_template_generations_are_detected_not_left_to_generic_html(name: str) -> None:
    assert detect(_text(HTML / name)).name == "discord-html"


def test_reply_links_system_messages_bots_and_deleted_references() -> None:
    (thread,) = discord_html.parse(_text(HTML / "lantern_workshop.html"))
    assert thread.title == "Lantern Makers / #workshop" and thread.posts[0].placeholder
    parents = {p.source_id[-3:]: p.parent_source_id for p in thread.posts[1:]}
    assert parents["204"] == "1300000000000000201" and parents["207"] == "1300000000000000204"
    assert parents["206"] is None  # its reference names no id: the message was deleted
    assert thread.skipped == {"system": 1}
    said = " ".join(thread.warnings)
    assert "1 repl(ies) to a message the exporter could not load" in said
    assert "1 message(s) by bot accounts" in said and "1 message(s) by deleted accounts" in said


def test_the_words_are_the_content_only_as_the_json_writes_them() -> None:
    (thread,) = discord_html.parse(_text(HTML / "lantern_workshop.html"))
    body = {p.source_id[-3:]: p.body for p in thread.posts[1:]}
    assert body["202"] == "I only have brass left 😅"  # an emoji image is its character
    assert body["204"].startswith("> Who brought the copper wire?\nMe, two spools.")
    assert body["207"] == "@tamsin thank you, I owe you a lantern :lanterncat:"  # no '(edited)', no reactions
    (old,) = discord_html.parse(_text(HTML / "glassworks_2019.html"))
    # the link's embed is no text
    assert old.posts[2].body == "Anyone know a slower cooling curve? https://example.org/annealing"
    assert old.posts[3].body.startswith("> Anyone know a slower cooling curve?\n@marisol hold it")


def test_a_message_of_a_2019_group_takes_the_group_time() -> None:
    (thread,) = discord_html.parse(_text(HTML / "glassworks_2019.html"))
    assert [p.author for p in thread.posts] == [None, "marisol", "marisol", "theo.b", None]
    assert thread.posts[1].timestamp == thread.posts[2].timestamp == datetime(2019, 11, 16, 21, 14)


def _rows(path: Path) -> list[tuple[object, ...]]:
    posts = threads.read(path).posts
    return [
        (r["author"], _naive(r["timestamp"]), r["text"], r["parent_id"], r["reply_evidence"])
        for r in posts.iter_rows(named=True)
    ]


def test_html_and_json_exports_of_one_channel_give_the_same_posts_and_parents() -> None:
    html = _rows(HTML / f"{LANTERN}.html")
    assert html == _rows(FIXTURES / "discord-json" / f"{LANTERN}.json")
    assert [(r[3], r[4]) for r in html][3] == (1, "explicit")


@pytest.mark.parametrize("shape", ["discord-text/lantern_workshop.txt", "discord-csv/lantern_workshop.csv"])
def test_text_and_csv_keep_authors_times_and_words_but_no_reply_ids(shape: str) -> None:
    """The same channel; the system message is not in the text exports, and they name no
    message answered: the replies the HTML marks are left to inference here."""
    html = [r[:3] for r in _rows(HTML / f"{LANTERN}.html")]
    other = _rows(FIXTURES / shape)
    assert [r[:3] for r in other] == html
    # tamsin's reply, marked in the HTML, is found here only by its '> ' quote
    marked = _rows(HTML / f"{LANTERN}.html")[3]
    assert (marked[3], marked[4]) == (1, "explicit") and (other[3][3], other[3][4]) == (1, "quote")


def _split(text: str, at: str) -> tuple[str, str]:
    """Two parts of a partitioned export: the page before the message group holding
    ``at``, and the preamble with the groups from there on."""
    start = text.index('<div class="chatlog__message-group">')
    cut = text.rindex('<div class="chatlog__message-group">', 0, text.index(at))
    end = text.index("<!--wmm:ignore-->\n</div>")
    return text[:cut] + text[end:], text[:start] + text[cut:]


def test_parts_of_a_partitioned_export_merge_with_replies_across_parts(tmp_path: Path) -> None:
    one, two = _split(_text(HTML / "lantern_workshop.html"), 'data-message-id="1300000000000000205"')
    (tmp_path / "workshop [part 1].html").write_text(one, encoding="utf-8")
    (tmp_path / "workshop [part 2].html").write_text(two, encoding="utf-8")
    alone = discord_html.parse(two)[0]
    assert len(alone.posts) == 5 and alone.posts[3].parent_source_id == "1300000000000000204"
    # read alone, part 2 says its reply answers an earlier message, not a missing one
    assert "answer a message written before this file's first" in (alone.alone_note or "")
    assert not any("not in the file" in w for w in alone.warnings)
    a = threads.read(tmp_path)
    assert len(a.threads) == 1 and a.posts.height == 8
    assert _rows(tmp_path)[1:] == _rows(HTML / f"{LANTERN}.html")[1:]  # reply 207 -> 204 across parts
    # merged, nothing says a reply is unresolved: it was resolved
    assert not any("not in the file" in w or "before this file" in w for w in a.threads[0].warnings)
    assert any(
        "before this file's first" in w
        for w in threads.read(tmp_path / "workshop [part 2].html").threads[0].warnings
    )
    # the parts written into one file read as one page
    (joined,) = discord_html.parse(one + two)
    (whole,) = discord_html.parse(_text(HTML / "lantern_workshop.html"))
    assert [p.source_id for p in joined.posts] == [p.source_id for p in whole.posts]


def test_a_page_with_no_message_is_refused_in_one_line() -> None:
    empty = _text(HTML / "glassworks_2019.html").split('<div class="chatlog">')[0] + "</body></html>"
    with pytest.raises(ThreadsError, match="no chatlog message"):
        discord_html.parse(empty)
