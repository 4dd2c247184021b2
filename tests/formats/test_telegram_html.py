"""telegram-html: Telegram Desktop's chat export as HTML (messages.html, messages2.html, ...).

Before this dialect, such a page was read by generic-html as repeated blocks: the
userpic initials ("WM") as authors, the joined messages (no sender line) lost, the
first message taken for an article everyone answers, no reply link followed, and each
page of a paged export a thread of its own.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

import threads
from threads.formats import REGISTRY, detect, telegram_html, telegram_json
from threads.model import RawThread, ThreadsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML = FIXTURES / "telegram-html"
PAGE1, PAGE2 = HTML / "rowing_crew_messages.html", HTML / "rowing_crew_messages2.html"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_a_page_is_detected_and_every_message_is_a_post_with_its_sender() -> None:
    text = _text(HTML / "allotment_neighbours.html")
    assert detect(text).name == "telegram-html"
    assert REGISTRY["generic-html"].sniff(text) < telegram_html.sniff(text)
    (thread,) = telegram_html.parse(text)
    assert thread.title == "Allotment neighbours"
    # 8 default messages, among them one joined (44: no sender line, Ingrid Tolley's)
    assert [p.source_id for p in thread.posts[1:]] == ["41", "42", "43", "44", "45", "47", "48"]
    assert [p.author for p in thread.posts[3:5]] == ["Ingrid Tolley", "Ingrid Tolley"]
    assert thread.skipped == {"date separator": 1, "service message": 2}


def test_html_and_json_exports_of_one_chat_give_the_same_posts_parents_and_counts() -> None:
    (html,) = telegram_html.parse(_text(HTML / "allotment_neighbours.html"))
    (json,) = telegram_json.parse(_text(FIXTURES / "telegram-json" / "group_replies.json"))

    def posts(thread: RawThread) -> list[tuple[object, ...]]:
        return [
            (p.source_id, p.author, p.timestamp, p.body, p.quoted, p.parent_source_id, p.parent_evidence)
            for p in thread.posts[1:]
        ]

    assert posts(html) == posts(json)
    assert html.warnings == json.warnings
    assert html.skipped["service message"] == sum(json.skipped.values())
    assert html.posts[0].placeholder and html.posts[0].title == json.posts[0].title


def test_joined_messages_forwards_bots_and_deleted_accounts() -> None:
    (first,) = telegram_html.parse(_text(PAGE1))
    by_id = {p.source_id: p for p in first.posts}
    assert by_id["203"].author == "Tamsin Achterberg"  # joined: the sender before
    # an old-style forward header, then a joined forward with no header: both quotes
    assert (by_id["207"].body, by_id["207"].quoted) == ("", ["Slipway closed Thursday for repairs."])
    assert (by_id["208"].author, by_id["208"].quoted) == ("Lorcan Whitby", ["Use the north ramp instead."])
    assert by_id["206"].parent_source_id is None  # it answers 205, a service message
    (second,) = telegram_html.parse(_text(PAGE2))
    by_id = {p.source_id: p for p in second.posts}
    assert by_id["211"].author == "Tamsin Achterberg"  # "... via @tide_bot"
    assert by_id["213"].author is None  # "Deleted Account"
    assert by_id["212"].parent_source_id is None  # "In reply to a message in another chat"
    assert by_id["210"].body == "Yes, the bow seat is free."
    said = " ".join(first.warnings + second.warnings)
    assert "page 1: 2 forwarded message(s)" in said
    assert "page 2: 1 message(s) marked as answering a service message" in said


def test_times_with_a_zone_are_utc_and_older_exports_stay_naive() -> None:
    (new,) = telegram_html.parse(_text(HTML / "allotment_neighbours.html"))
    stamp = new.posts[1].timestamp
    assert stamp is not None and stamp.isoformat() == "2023-04-02T07:02:10+00:00"
    (old,) = telegram_html.parse(_text(PAGE1))
    stamp = old.posts[1].timestamp
    assert stamp is not None and stamp.tzinfo is None and stamp.isoformat() == "2019-03-05T07:10:00"


def test_a_page_read_alone_says_which_page_it_is() -> None:
    (first,) = telegram_html.parse(_text(PAGE1))
    (last,) = telegram_html.parse(_text(PAGE2))
    assert (first.page, last.page) == ((1, None), (2, 2))
    assert first.origin == last.origin == "telegram chat: Harbour rowing crew"
    # 209 answers 204 on the page before: not "a message not in the file"
    assert last.alone_note == "1 repl(ies) answer a message on an earlier page of the export"
    assert not any("not in the file" in w for w in last.warnings)
    single = telegram_html.parse(_text(HTML / "allotment_neighbours.html"))[0]
    assert (single.page, single.origin) == (None, None)


def test_the_pages_of_an_export_are_one_thread_in_page_order_whatever_the_order_given() -> None:
    a = threads.read([PAGE2, PAGE1])
    assert len(a.threads) == 1
    rows = {r["source_id"]: r for r in a.posts.iter_rows(named=True)}
    assert list(rows)[1:] == [str(n) for n in (202, 203, 204, 206, 207, 208, *range(209, 215))]
    # 209 answers 204 across the pages
    assert (rows["209"]["parent_id"], rows["209"]["reply_evidence"]) == (3, "explicit")
    assert "2 pages of one thread read as one (pages 1-2 of 2)" in a.threads[0].warnings


def test_the_export_folder_is_read_as_one_chat(tmp_path: Path) -> None:
    folder = tmp_path / "ChatExport_2019-03-07"
    folder.mkdir()
    shutil.copy(PAGE1, folder / "messages.html")
    shutil.copy(PAGE2, folder / "messages2.html")
    (folder / "images").mkdir()
    (folder / "images" / "back.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    a = threads.read(folder)
    (thread,) = a.threads
    assert len(thread.posts) == 13 and {t.source_format for t in a.threads} == {"telegram-html"}


def _export_files() -> dict[str, bytes]:
    """A two-page export as Telegram Desktop writes it: pages, style sheet, script, media."""
    return {
        "messages.html": PAGE1.read_bytes(),
        "messages2.html": PAGE2.read_bytes(),
        "css/style.css": b".message { margin: 0 }\n",
        "js/script.js": b"function CheckLocation() {}\nfunction GoToMessage(id) {}\n",
        "images/back.png": b"\x89PNG\r\n\x1a\n",
        "files/minutes.txt": b"A document sent in the chat, no page of it\n",
    }


def test_the_whole_export_folder_is_one_chat_not_its_style_sheet_and_script(tmp_path: Path) -> None:
    """The folder as exported: its css/style.css and js/script.js were read as two more
    threads (one-post articles), and a sent document in files/ as a third."""
    folder = tmp_path / "ChatExport_2019-03-07"
    for rel, data in _export_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    a = threads.read(tmp_path)  # the folder inside the one given, as a user's downloads
    (thread,) = a.threads
    assert thread.source_format == "telegram-html" and len(thread.posts) == 13
    rows = {r["source_id"]: r for r in a.posts.iter_rows(named=True)}
    assert (rows["209"]["parent_id"], rows["209"]["reply_evidence"]) == (3, "explicit")  # across pages
    assert a.failures == []


def test_a_zip_of_a_paged_export_is_one_chat(tmp_path: Path) -> None:
    """A zip of the two-page export was refused ('2 files that may be dumps ... extract
    it first')."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for rel, data in reversed(_export_files().items()):  # pages in any order
            z.writestr(f"ChatExport_2019-03-07/{rel}", data)
    path = tmp_path / "ChatExport.zip"
    path.write_bytes(buf.getvalue())
    a = threads.read(path)
    (thread,) = a.threads
    assert len(thread.posts) == 13
    assert "2 pages of one thread read as one (pages 1-2 of 2)" in thread.warnings


def test_pages_called_messages_html_without_the_export_around_them_are_no_bundle(tmp_path: Path) -> None:
    from threads.zipped import layout_of

    assert layout_of(["messages.html", "messages2.html"]) is None  # no style sheet, no script
    assert layout_of(["messages.html", "css/style.css", "notes.txt"]) is None  # another file
    assert layout_of(list(_export_files())).name == telegram_html.LAYOUT


def test_a_zip_of_a_one_page_export_is_read(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ChatExport/messages.html", _text(HTML / "allotment_neighbours.html"))
        z.writestr("ChatExport/css/style.css", ".message { margin: 0 }\n")
        z.writestr("ChatExport/js/script.js", "function CheckLocation() {}\n")
        z.writestr("ChatExport/images/back.png", b"\x89PNG\r\n\x1a\n")
    path = tmp_path / "ChatExport.zip"
    path.write_bytes(buf.getvalue())
    (thread,) = threads.read(path).threads
    assert thread.source_format == "telegram-html" and len(thread.posts) == 8


def test_a_page_of_service_messages_only_is_refused_in_one_line() -> None:
    text = _text(PAGE1)
    start, end = text.index('<div class="message default clearfix" id="message202">'), text.index("<a class")
    with pytest.raises(ThreadsError, match="no message"):
        telegram_html.parse(text[:start] + text[end:])


def test_no_file_of_the_shared_corpus_is_taken_for_a_telegram_export(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.*")):
        if path.suffix in {".md"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert telegram_html.sniff(text) == 0.0, path.name


def test_broken_markup_gives_a_result_or_a_clear_message() -> None:
    text = _text(HTML / "allotment_neighbours.html")
    deep = "<div>" * 5000 + "deep" + "</div>" * 10
    for broken in (text[: len(text) // 2], text.replace("</div>", ""), deep):
        try:
            found = telegram_html.parse(broken)
        except ThreadsError as err:
            assert str(err).strip()
            continue
        assert found and found[0].posts[1].author == "Wendeline Marsh"
    assert telegram_html.parse("") == []
