"""slack-json: Slack workspace exports (zip or folder), their day files, API answers.

Before this dialect a Slack export was refused whole: its zip as "6 files that may be
dumps: extract it first", its folder as "none of 6 inputs could be read", each day file
as "a JSON document, but not in the shape of any export threads reads".
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import threads
from threads.formats import detect, slack_json
from threads.model import ThreadsError
from threads.read import expand, read_source

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "slack-json"
# A whole export (users.json, channels.json, dms.json, a folder per conversation): a
# folder, so it lives beside the one-file fixtures the dialect harness reads.
WORKSPACE = HERE.parent / "slack_fixtures" / "workspace"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _zip(path: Path, top: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in sorted(WORKSPACE.rglob("*")):
            if f.is_file():
                archive.write(f, top + f.relative_to(WORKSPACE).as_posix())
    return path


def _rows(a: threads.Analysis) -> list[tuple[object, ...]]:
    return a.posts.select("author", "timestamp", "text", "parent_id", "reply_evidence", "placeholder").rows()


def test_a_day_file_events_bots_threads_and_a_tombstone() -> None:
    assert detect(_text("day_file.json")).name == "slack-json"
    (thread,) = slack_json.parse(_text("day_file.json"))
    assert thread.posts[0].placeholder and thread.posts[0].author is None  # the channel
    assert thread.skipped == {"event: channel_join": 1, "bot message": 1, "event: channel_topic": 1}
    parents = {p.source_id: (p.parent_source_id, p.parent_evidence) for p in thread.posts[1:]}
    assert parents["1614848520.000300"] == ("1614848460.000200", "nested")  # a thread reply
    assert parents["1614848700.000600"] == ("1614848460.000200", "nested")  # "also sent to the channel"
    assert parents["1614848580.000400"][0] is None  # a top-level message: left to inference
    tomb = next(p for p in thread.posts if p.source_id == "1614848820.000800")
    assert tomb.placeholder and tomb.author is None and tomb.body == ""
    assert parents["1614848880.000900"][0] == tomb.source_id
    assert "1 thread(s) whose first message was deleted" in " ".join(thread.warnings)
    # the reply to a thread of the day before: kept, dangling, said while the file is alone
    assert parents["1614848760.000700"][0] == "1614762000.000900"
    assert thread.alone_note and "1 thread repl(ies) answer a message of another day" in thread.alone_note


def test_mrkdwn_becomes_text_names_links_and_quotes() -> None:
    (thread,) = slack_json.parse(_text("day_file.json"))
    by_id = {p.source_id: p for p in thread.posts}
    assert by_id["1614848460.000200"].body.endswith("stiff again & the hinge squeaks.")
    assert by_id["1614848520.000300"].body.startswith("@alder I left it")  # <@U01ALDER>
    n = slack_json._Names()
    n.add_profiles([json.loads(_text("day_file.json"))[2]])  # Bryony: no display_name
    assert slack_json.text_of("thanks <@U02BRYONY>!", n) == "thanks @Bryony Marsh!"
    oil = "> the hinge squeaks\nA drop of oil will sort that. See the oil guide."
    assert by_id["1614848580.000400"].body == oil
    n = slack_json._Names(users={"U1": "Ann"}, channels={"C1": "plots"})
    assert slack_json.text_of("<#C1> <!here> <mailto:a@b.org|a@b.org> <!subteam^S1|@crew> <@U9>", n) == (
        "#plots @here a@b.org @crew @U9"
    )
    assert slack_json.text_of("x\n&gt;&gt;&gt; one\ntwo", n) == "x\n> one\n> two"


def test_quotes_and_at_names_are_read_by_the_pipeline() -> None:
    a = threads.read(FIXTURES / "day_file.json")
    quoted = a.posts.filter(a.posts["text"].str.starts_with("A drop of oil"))
    assert quoted["quoted"].to_list() == [["the hinge squeaks"]]
    hist = threads.read(FIXTURES / "conversations_history.json")
    rows = _rows(hist)
    assert [r[0] for r in rows] == [None, "elm", "U04DERWEN", "elm"]  # time order; no profile: the id
    assert rows[3][3:5] == (2, "explicit")  # "Ask <@U04DERWEN>": an @name reply marker
    assert hist.posts["quoted"].to_list()[2] == ["from the log:\nMon 3 mm\nTue 11 mm"]


def _by_channel(a: threads.Analysis) -> dict[str, list[tuple[object, ...]]]:
    return {
        t.title or "": [(p.author, p.text, p.parent_id, p.reply_evidence) for p in t.posts] for t in a.threads
    }


def test_an_export_folder_is_one_input_a_thread_a_channel() -> None:
    assert list(expand([WORKSPACE])) == [str(WORKSPACE)]
    a = threads.read(WORKSPACE)
    got = _by_channel(a)
    assert sorted(got) == ["#general", "DM: alder, Bryony Marsh"]  # random: joins only
    general = got["#general"]
    assert [p[0] for p in general] == [None, None, "alder", "Bryony Marsh", "cobb", "Bryony Marsh", "alder"]
    # the 03-05 reply to the 03-04 question, from a later day's file
    assert general[4] == ("cobb", "I will take the evening, @alder.", 2, "nested")
    assert general[5][2:] == (1, "nested")  # its thread began before the export: a placeholder
    assert general[6][1].startswith("Does anyone know where @gorse left")  # a deleted account's name
    (gen,) = [t for t in a.threads if t.title == "#general"]
    assert gen.posts[1].placeholder
    assert dict(gen.skipped) == {"event: channel_join": 1, "bot message": 1}  # Tally: a bot account
    said = " ".join(w for t in a.threads for w in t.warnings)
    assert "1 thread(s) whose first message is not in the export" in said
    assert "1 channel(s) of the export with no message" in said


@pytest.mark.parametrize("top", ["", "allotment export Mar 4 2021/"])
def test_a_zip_of_the_export_reads_as_its_folder(tmp_path: Path, top: str) -> None:
    zipped = _zip(tmp_path / "allotment.zip", top)
    assert _by_channel(threads.read(zipped)) == _by_channel(threads.read(WORKSPACE))


def test_what_else_an_export_holds_is_left_out(tmp_path: Path) -> None:
    zipped = _zip(tmp_path / "allotment.zip")
    with zipfile.ZipFile(zipped, "a") as archive:
        archive.writestr("canvases/F0CANVAS.html", "<html>a canvas</html>")
        archive.writestr("general/attachments/F0X/notes.json", "{}")
        archive.writestr("huddles.txt", "a transcript")
    assert _by_channel(threads.read(zipped)) == _by_channel(threads.read(WORKSPACE))


def test_a_zip_of_several_dumps_that_make_no_export_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("members.json", "[]")  # no users.json / channels.json: no export
        archive.writestr("general/2021-03-04.json", "[]")
        archive.writestr("notes.txt", "a note")
    with pytest.raises(ThreadsError, match="3 files that may be dumps"):
        read_source(path)


def test_day_files_given_one_by_one_merge_in_time_order(tmp_path: Path) -> None:
    days = sorted((WORKSPACE / "general").glob("*.json"), reverse=True)  # the later day first
    a = threads.read(days)
    (thread,) = a.threads
    posts = [(p.author, p.text, p.parent_id) for p in thread.posts]
    # the same posts as the export's #general but the bot (no users.json says Tally is
    # one) and the placeholder of the thread begun before the export (absent: dangling)
    authors = [None, "alder", "Bryony Marsh", "U08TALLY", "cobb", "Bryony Marsh", "alder"]
    assert [p[0] for p in posts] == authors
    assert posts[4][2] == 1  # the reply on 03-05 to the question of 03-04
    assert "2 pages of one thread read as one" in " ".join(thread.warnings)


def test_an_export_inside_a_bigger_folder_is_one_input(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text(_text("conversations_history.json"), encoding="utf-8")
    inner = tmp_path / "slack"
    for f in WORKSPACE.rglob("*"):
        if f.is_file():
            (inner / f.relative_to(WORKSPACE)).parent.mkdir(parents=True, exist_ok=True)
            (inner / f.relative_to(WORKSPACE)).write_bytes(f.read_bytes())
    assert list(expand([tmp_path])) == [str(tmp_path / "other.json"), str(inner)]
    assert len(threads.read(tmp_path).threads) == 3


def test_not_slack_is_refused_in_one_line() -> None:
    with pytest.raises(ThreadsError, match="not a Slack export"):
        slack_json.parse('[{"type": "message", "ts": "12"}]')
    with pytest.raises(ThreadsError, match="no post"):
        slack_json.parse('[{"type": "message", "subtype": "channel_join", "ts": "1614848400.000100"}]')


def test_no_corpus_file_is_taken_for_slack_or_bundled(corpus: Path) -> None:
    """The real dumps keep their dialects, and no corpus folder is read as an export."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix == ".json")
    assert files
    for path in files:
        assert detect(read_source(path).text).name != "slack-json", path
    listed = [Path(p) for p in expand([corpus])]
    assert all(p.is_file() for p in listed)
