"""convokit-jsonl: ConvoKit corpora (a corpus folder or its zip, utterances.jsonl alone).

Before this dialect an utterances.jsonl was taken for tweets (twitter-json, 0.95): no
author, no time, every reply link lost (each utterance a comment on the first); a corpus
folder was read file by file, its speakers.json, conversations.json, corpus.json and
index.json each refused. The fixtures are hand-written in the shape of real corpora
(ConvoKit's subreddit corpora, movie-corpus, the Supreme Court corpus's traits in the
pre-2.3 shape) and one corpus threads itself wrote.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

import threads
from threads import export
from threads.formats import MIN_CONFIDENCE, detect, twitter_json
from threads.formats import convokit_jsonl as mod
from threads.model import ThreadsError
from threads.read import expand, read_source

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "convokit-jsonl"
# A corpus folder as Corpus.dump writes it: a folder, so it lives beside the one-file
# fixtures the dialect harness reads. Its utterances.jsonl is subreddit_allotments.jsonl.
CORPUS = HERE.parent / "convokit_fixtures" / "allotments"
# The brief's two lines: what a researcher's own small corpus looks like.
TWO_LINES = (
    '{"id": "u1", "speaker": "alice", "conversation_id": "u1", "reply_to": null, "timestamp": 1500000000, '
    '"text": "Is the library open on Sundays?", "meta": {}}\n'
    '{"id": "u2", "speaker": "bob", "conversation_id": "u1", "reply_to": "u1", "timestamp": 1500000600, '
    '"text": "Yes, from noon to five.", "meta": {"score": 3}}\n'
)
# Fixtures of other dialects whose analyses hold every kind of link and a placeholder.
ROUND_TRIP = [
    HERE.parent / "fixtures" / "phpbb-text" / "green_bowl_phpbb33.txt",  # quotes
    HERE.parent / "fixtures" / "hn-json" / "algolia_deleted_stubs.json",  # a deleted comment kept
    HERE.parent / "fixtures" / "wordpress-text" / "elm_street_bike_lane_en.txt",  # explicit, root
    HERE.parent / "fixtures" / "reddit-json",  # nested, [deleted], more stubs
    HERE.parent / "fixtures" / "whatsapp-text",  # a chat: placeholder root, inferred links
]
COLUMNS = ["author", "timestamp", "text", "quoted", "parent_id", "placeholder", "title"]


def _line(**fields: object) -> str:
    base: dict[str, object] = {"id": "x", "conversation_id": "r", "text": "", "speaker": "s", "meta": {}}
    return json.dumps({**base, "reply-to": None, "timestamp": None, **fields})


def test_a_small_corpus_of_two_utterances_is_a_reply_not_two_tweets(tmp_path: Path) -> None:
    path = tmp_path / "utterances.jsonl"
    path.write_text(TWO_LINES, encoding="utf-8")
    assert twitter_json.sniff(TWO_LINES) == 0.0
    assert detect(TWO_LINES).name == "convokit-jsonl"
    a = threads.read(path)
    rows = a.posts.select("author", "parent_id", "reply_evidence", "text").rows()
    assert rows == [
        ("alice", None, None, "Is the library open on Sundays?"),
        ("bob", 0, "nested", "Yes, from noon to five."),
    ]
    assert [str(t) for t in a.posts["timestamp"]] == [
        "2017-07-14 02:40:00+00:00",
        "2017-07-14 02:50:00+00:00",
    ]


def test_every_fixture_line_is_an_utterance_and_no_tweet() -> None:
    for path in FIXTURES.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert mod.is_utterance(json.loads(line)) and twitter_json.sniff(line) == 0.0, (path.name, line)


def test_reddit_corpus_deleted_removed_quotes_and_escapes() -> None:
    first, second = mod.parse((FIXTURES / "subreddit_allotments.jsonl").read_text(encoding="utf-8"))
    kept = first.posts[2]
    assert (kept.source_id, kept.author, kept.body, kept.placeholder) == ("d4r1bb2", None, "[deleted]", True)
    assert first.posts[3].parent_source_id == "d4r1bb2"
    assert first.posts[3].body.startswith(
        ">raised beds are cheating\n\nThey are not cheating, they are drainage & sanity"
    )
    assert first.skipped == {"deleted": 1}  # d4r1ee5, [removed] with no reply
    assert "d4r1ee5" not in [p.source_id for p in first.posts]
    assert (first.posts[5].author, first.posts[5].body[:6]) == (None, "I used")  # a deleted account's words
    assert (second.posts[0].author, second.posts[0].body) == (None, "")  # a link post, its account deleted
    a = threads.read(FIXTURES / "subreddit_allotments.jsonl")  # "&gt;" undone: a quote line
    assert a.posts["quoted"][3].to_list() == ["raised beds are cheating"]


def test_movie_lines_the_first_utterance_first_and_a_missing_one_stood_for() -> None:
    lines, lost = mod.parse((FIXTURES / "movie_lines.jsonl").read_text(encoding="utf-8"))
    assert [p.source_id for p in lines.posts] == ["L2003", "L2004", "L2005"]
    assert [p.parent_source_id for p in lines.posts] == [None, "L2003", "L2004"]
    assert lost.posts[0].placeholder and lost.posts[0].source_id == "L1500"
    assert "L1500, is not in the file: a placeholder stands for it" in " ".join(lost.warnings)
    assert all(p.timestamp is None for p in lines.posts + lost.posts)


def test_the_pre_2_3_list_with_user_root_and_seconds_into_a_recording() -> None:
    (argument,) = mod.parse((FIXTURES / "oral_argument_v2.json").read_text(encoding="utf-8"))
    assert argument.key == "22134"  # a transcript's id: post 0 is the turn with no reply_to
    assert [p.author for p in argument.posts] == [
        "j__ada_lindqvist",
        "ruth_okafor",
        "j__ada_lindqvist",
        None,  # <INAUDIBLE>
        "ruth_okafor",
    ]
    assert all(p.timestamp is None for p in argument.posts)
    assert "timestamps are not dates (0 to 41.05" in argument.warnings[0]


def test_a_corpus_folder_is_one_input_with_its_titles() -> None:
    assert list(expand([CORPUS])) == [str(CORPUS)]
    a = threads.read(CORPUS)
    assert [t.title for t in a.threads] == [
        "Sweet potatoes on the east plots?",
        "Council publishes the waiting list & the new rules",
    ]
    assert [t.source_format for t in a.threads] == ["convokit-jsonl"] * 2
    bare = threads.read(FIXTURES / "subreddit_allotments.jsonl")
    assert a.posts.select(COLUMNS[:-1]).rows() == bare.posts.select(COLUMNS[:-1]).rows()


@pytest.mark.parametrize("top", ["", "allotments/"])
def test_a_zip_of_the_corpus_reads_as_its_folder(tmp_path: Path, top: str) -> None:
    path = tmp_path / "allotments.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for f in sorted(CORPUS.iterdir()):
            archive.write(f, top + f.name)
        archive.writestr(top + "info.parsed.jsonl", '{"id": "4q7ka2", "value": []}\n')  # a processed field
        archive.writestr(top + "parsed-bin.p", b"\x80\x04]\x94.")  # metadata kept as a pickle
    assert (
        threads.read(path).posts.select(COLUMNS).rows() == threads.read(CORPUS).posts.select(COLUMNS).rows()
    )


def test_a_folder_named_alike_that_is_no_corpus_is_read_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "speakers.json").write_text('[{"name": "Ada", "talk": "Soil"}]', encoding="utf-8")
    (folder / "utterances.jsonl").write_text(
        '{"id": "u01", "reference": "a transcript line"}\n', encoding="utf-8"
    )
    assert sorted(expand([folder])) == [str(folder / "speakers.json"), str(folder / "utterances.jsonl")]


def _names_corpus(folder: Path, speakers_file: str, speakers: dict[str, object]) -> Path:
    folder.mkdir()
    lines = [
        _line(id="L1", conversation_id="L1", speaker="u0", text="You came back."),
        _line(id="L2", conversation_id="L1", speaker="u1", text="I never left.", **{"reply-to": "L1"}),
        _line(id="L3", conversation_id="L1", speaker="u9", text="Nobody asked.", **{"reply-to": "L2"}),
        _line(id="L4", conversation_id="L1", speaker="u2", text="Both of you, stop.", **{"reply-to": "L3"}),
    ]
    (folder / "utterances.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / speakers_file).write_text(json.dumps(speakers), encoding="utf-8")
    return folder


def test_speaker_names_from_the_corpus_and_ids_beside_a_shared_name(tmp_path: Path) -> None:
    speakers = {
        "u0": {"meta": {"character_name": "BIANCA", "movie_idx": "m0"}, "vectors": []},
        "u1": {"meta": {"character_name": "CAMERON", "movie_idx": "m0"}, "vectors": []},
        "u2": {"meta": {"character_name": "BIANCA", "movie_idx": "m5"}, "vectors": []},  # another film's
    }
    a = threads.read(_names_corpus(tmp_path / "movie", "speakers.json", speakers))
    assert a.posts["author"].to_list() == ["BIANCA (u0)", "CAMERON", "u9", "BIANCA (u2)"]
    assert "1 speaker name(s) shared by several speakers" in " ".join(a.threads[0].warnings)
    # ConvoKit before 2.3: users.json, each speaker's meta given directly
    old = {"u0": {"name": "Ada Lindqvist"}, "u1": {"name": "Ruth Okafor"}, "u2": {"type": "J"}}
    b = threads.read(_names_corpus(tmp_path / "court", "users.json", old))
    assert b.posts["author"].to_list() == ["Ada Lindqvist", "Ruth Okafor", "u9", "u2"]


def test_what_a_corpus_file_may_hold_besides_clean_utterances() -> None:
    text = "\n".join(
        [
            _line(id="r", conversation_id="r", speaker="ann", timestamp=1_500_000_000_000),  # milliseconds
            _line(id="a", conversation_id="r", speaker="bo", text="first", timestamp="2017-07-14T03:00:00Z"),
            _line(
                id="a",
                conversation_id="r",
                speaker="bo",
                text="edited",
                timestamp="2017-07-14T03:00:00+02:00",
                **{"reply-to": "r"},
            ),  # again
            "{cut short",
            '{"no": "id"}',
            _line(id="b", conversation_id=None, speaker="cy", text="placed", **{"reply-to": "a"}),
            _line(id="c", conversation_id="r", speaker="di", text="lost", **{"reply-to": "gone"}),
            _line(id="d", conversation_id="r", speaker="ed", text="loop", **{"reply-to": "e"}),
            _line(id="e", conversation_id="r", speaker="fi", text="loop", **{"reply-to": "d"}),
            _line(id="f", conversation_id="r", speaker="gu", text="aside"),  # reply-to null, not the first
            _line(id="g", conversation_id="r", speaker="[removed]", text="", **{"reply-to": "r"}),
            _line(id="q", conversation_id="q", speaker="ho", text="another conversation"),
            _line(id="h", conversation_id="r", speaker="ida", text="across", **{"reply-to": "q"}),
        ]
    )
    thread, other = mod.parse(text)
    assert [p.source_id for p in other.posts] == ["q"]
    by_id = {p.source_id: p for p in thread.posts}
    assert str(by_id["r"].timestamp) == "2017-07-14 02:40:00+00:00"
    assert (by_id["a"].body, by_id["a"].parent_source_id) == ("edited", "r")
    assert str(by_id["a"].timestamp) == "2017-07-14 01:00:00+00:00"  # ISO 8601, to UTC
    assert by_id["b"].parent_source_id == "a"  # no conversation_id: its reply-to chain's
    assert by_id["c"].parent_source_id == "gone"
    assert [by_id["d"].parent_source_id, by_id["e"].parent_source_id].count(None) == 1  # the loop cut
    assert by_id["f"].parent_source_id is None and by_id["g"].author is None
    assert thread.skipped == {"duplicate": 1, "bad_line": 2}
    said = " ".join(thread.warnings)
    for words in (
        "2 line(s) not a ConvoKit utterance left out, the first line 4",
        "1 utterance(s) listed twice: the later read",
        "1 utterance(s) without conversation_id: placed by their reply-to chain",
        "1 utterance(s) reply to utterances not in the file",
        "1 utterance(s) whose reply-to loops back",
        "1 utterance(s) with no reply-to, not the conversation's first: left to reply inference",
        "1 utterance(s) with no words",
        "1 utterance(s) reply to an utterance of another conversation",
    ):
        assert words in said, words


def test_what_is_no_corpus_is_refused_in_one_line() -> None:
    with pytest.raises(ThreadsError, match="no ConvoKit utterance"):
        mod.parse('{"id": null, "text": "x"}\n[1, 2]\n')
    with pytest.raises(ThreadsError, match=r"without its utterances\.jsonl"):
        mod.parse(json.dumps({"threads-bundle": mod.LAYOUT, "name": "x", "files": {"corpus.json": "{}"}}))


# ---------------------------------------------------------------- written by threads, read back


def _round_trip(a: threads.Analysis, written: Path) -> threads.Analysis:
    export.write_convokit(a, written)
    return threads.read(written)


@pytest.mark.parametrize("bare", [False, True], ids=["folder", "utterances.jsonl alone"])
def test_a_corpus_threads_writes_reads_back_as_the_analysis_it_came_from(tmp_path: Path, bare: bool) -> None:
    a = threads.read(ROUND_TRIP)
    export.write_convokit(a, tmp_path / "ck")
    b = threads.read(tmp_path / "ck" / "utterances.jsonl" if bare else tmp_path / "ck")
    assert len(b.threads) == len(a.threads)
    assert b.posts.select(COLUMNS).rows() == a.posts.select(COLUMNS).rows()
    # every link keeps its evidence: an inferred or unmarked one is not read back as marked
    links = ["reply_evidence", "reply_confidence"]
    assert b.posts.select(links).rows() == a.posts.select(links).rows()
    assert set(a.posts["reply_evidence"].drop_nulls()) >= {"nested", "quote", "explicit", "root"}
    assert [t.title for t in b.threads] == [t.title for t in a.threads]


def test_the_export_s_sentinel_speakers_are_no_authors() -> None:
    assert {export.PLACEHOLDER_SPEAKER, export.UNKNOWN_SPEAKER} <= set(mod.NO_AUTHOR)


def test_no_corpus_file_is_taken_for_convokit(corpus: Path) -> None:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl", ".txt"))
    assert files
    for path in files:
        assert mod.sniff(read_source(path).text) < MIN_CONFIDENCE, path


def test_a_copy_of_the_corpus_inside_a_bigger_folder_is_one_input(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "allotments")
    shutil.copy(FIXTURES / "movie_lines.jsonl", tmp_path / "movie_lines.jsonl")
    assert list(expand([tmp_path])) == [str(tmp_path / "allotments"), str(tmp_path / "movie_lines.jsonl")]
    assert len(threads.read(tmp_path).threads) == 4
