"""zulip-json: Zulip's GET /api/v1/messages answers (HTML or markdown content).

Before this dialect they were refused ('a JSON document, but not in the shape of any
export threads reads'): the real answers of /tmp/vdumps/W8 (pages of the Recurse
Center's streams saved by pksebben/LinkLib) all were.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import threads
from threads.formats import detect, zulip_json
from threads.read import read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zulip-json"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _message(mid: int, ts: int, content: str, **extra: object) -> dict[str, object]:
    return {
        "id": mid,
        "sender_id": 1,
        "sender_full_name": "Odo Lind",
        "sender_email": "odo@vale.example",
        "timestamp": ts,
        "content": content,
        "display_recipient": "bells",
        "stream_id": 2,
        "subject": "ringing",
        "type": "stream",
        **extra,
    }


def test_answer_pages_are_detected_and_read_one_thread_per_topic() -> None:
    assert detect(_text("stream_pages.json")).name == "zulip-json"
    first, second = zulip_json.parse(_text("stream_pages.json"))
    assert (first.title, second.title) == ("#pottery > glaze crawling", "#pottery > studio hours")
    # found_oldest true on a page: each topic's first message is its opener, post 0
    assert [p.source_id for p in first.posts] == ["5101", "5102", "5104", "5106"]
    assert not first.posts[0].placeholder and first.posts[0].title == "#pottery > glaze crawling"
    assert [p.source_id for p in second.posts] == ["5103", "5105"]
    assert first.skipped == {"duplicate": 1}  # 5103 is on both pages
    assert any("1 edited message" in w for w in first.warnings)


def test_mentions_and_quote_and_reply_blocks() -> None:
    (topic, _studio) = zulip_json.parse(_text("stream_pages.json"))
    by_id = {p.source_id: p for p in topic.posts}
    assert by_id["5102"].body.startswith("@Marit Oyelaran crawling")
    assert by_id["5104"].body == "No, I never do. I will sponge the next batch and report back."
    assert by_id["5104"].quoted == ["Did you wipe the mugs first?"]
    assert by_id["5104"].quote_sources == ["Tobin Achterberg"]
    assert by_id["5106"].quote_sources == [None]


def test_markdown_answer_topic_placeholder_and_private_chat() -> None:
    topic, chat = zulip_json.parse(_text("markdown_private.json"))
    assert topic.posts[0].placeholder and topic.posts[0].title == "#harbour > ferry"
    assert any("found_oldest false" in w for w in topic.warnings)
    reply = topic.posts[2]
    assert reply.body == "@Ines Calloway that ruins my Tuesday commute. Is the 8:15 still running?"
    assert (reply.quoted, reply.quote_sources) == (["the 7:40 boat is gone."], ["Ines Calloway"])
    assert topic.skipped == {"not a message": 1}
    assert any("no words" in w for w in topic.warnings)
    assert chat.title == "Ines Calloway, Rufus Penhallow" and chat.posts[0].placeholder
    assert [p.author for p in chat.posts[1:]] == ["Rufus Penhallow", "Ines Calloway"]
    assert chat.posts[2].quoted == ["cover my dock shift"]


def test_mentions_and_quotes_become_reply_links() -> None:
    a = threads.read(FIXTURES / "stream_pages.json")
    rows = {r["source_id"]: r for r in a.posts.iter_rows(named=True)}
    assert rows["5102"]["parent_id"] == rows["5101"]["post_id"]  # @Marit Oyelaran
    assert rows["5104"]["parent_id"] == rows["5102"]["post_id"]  # quotes Tobin's words


def test_bare_list_times_order_and_repeats() -> None:
    items = [
        _message(12, 1600000600, "<p>second</p>", content_type="text/html"),
        _message(11, 1600000000, "first, **bold**"),
        _message(12, 1600000600, "<p>second</p>", content_type="text/html"),
    ]
    text = json.dumps(items)
    assert zulip_json.sniff(text) == zulip_json.SURE
    (thread,) = zulip_json.parse(text)
    assert [p.source_id for p in thread.posts] == ["11", "12"]  # no found_oldest: the opener
    assert thread.posts[0].timestamp == datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc)
    assert thread.skipped == {"duplicate": 1}


def test_answers_saved_one_after_the_other_merge() -> None:
    page = {"result": "success", "found_oldest": True, "messages": [_message(1, 1600000000, "hi")]}
    later = {"result": "success", "found_oldest": False, "messages": [_message(2, 1600000100, "yo")]}
    (thread,) = zulip_json.parse(json.dumps(page) + "\n" + json.dumps(later))
    assert [p.source_id for p in thread.posts] == ["1", "2"]


def test_other_json_is_not_taken() -> None:
    assert zulip_json.sniff('{"messages": [{"type": "message", "ts": "1614870000.000200"}]}') == 0.0
    assert zulip_json.sniff('{"result": "success", "messages": []}') == 0.0
    assert zulip_json.sniff("not json at all") == 0.0


def test_no_corpus_file_is_taken_for_zulip(corpus: Path) -> None:
    """The real dumps keep their dialects: none of them is a Zulip answer."""
    files = sorted(
        p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".json", ".txt", ".html", ".xml")
    )
    assert files
    for path in files:
        assert zulip_json.sniff(read_source(path).text) == 0.0, path


def test_the_real_answers_shape_is_read(tmp_path: Path) -> None:
    """A page as the real LinkLib answers are (found_oldest false, mention spans, an
    edited message): before, refused; now a topic with a placeholder opener."""
    answer = {
        "anchor": 40,
        "found_anchor": True,
        "found_newest": True,
        "found_oldest": False,
        "history_limited": False,
        "messages": [
            _message(
                39,
                1511474618,
                '<p><span class="user-mention" data-user-id="7">@Pell Vance</span> ok</p>',
                content_type="text/html",
                last_edit_timestamp=1511474700,
            ),
        ],
        "msg": "",
        "result": "success",
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    a = threads.read(path)
    assert a.posts["source_format"][0] == "zulip-json"
    assert a.posts["author"].to_list() == [None, "Odo Lind"]
