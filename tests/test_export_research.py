"""Research outputs: ConvoKit corpus directories, GEXF and GraphML author networks,
and the ``threads export`` command. Inputs are the synthetic platform fixtures of
tests/fixtures (the shared corpus is absent where these were written).

ConvoKit is not installed here (it pulls in large dependencies), so the corpus is
checked against ConvoKit's published on-disk format instead: the data-format page and
``convokit/model/corpus_helpers.py`` (keys ``id``, ``speaker``, ``conversation_id``,
``reply-to``, ``timestamp``, ``text``, ``meta``, ``vectors``; ``{"meta", "vectors"}``
per speaker and conversation; an index of ``"<class 'T'>"`` type lists).
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import threads
from threads import export
from threads.cli import app
from threads.model import ThreadsError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = [
    FIXTURES / "wordpress-wxr" / "allotment_diary_export.xml",
    FIXTURES / "mbox" / "tern-dev_2011-March.mbox",
]
UTTERANCE_KEYS = {"id", "speaker", "conversation_id", "reply-to", "timestamp", "text", "meta", "vectors"}


@pytest.fixture(scope="module")
def analysis() -> threads.Analysis:
    return threads.read(INPUTS)


@pytest.fixture(scope="module")
def corpus_dir(analysis: threads.Analysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("convokit") / "corpus"
    written = export.write_convokit(analysis, out)
    assert sorted(p.name for p in written) == sorted(
        ["utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"]
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)  # no temp files left
    return out


def _utterances(corpus_dir: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in (corpus_dir / "utterances.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_convokit_utterances_round_trip(analysis: threads.Analysis, corpus_dir: Path) -> None:
    utts = _utterances(corpus_dir)
    posts = analysis.posts
    assert len(utts) == posts.height
    by_id = {u["id"]: u for u in utts}
    assert len(by_id) == len(utts)
    for u, p in zip(utts, posts.iter_rows(named=True), strict=True):
        assert set(u) == UTTERANCE_KEYS
        assert u["id"] == f"{p['thread_id']}__{p['post_id']}"
        assert u["conversation_id"] == f"{p['thread_id']}__0"
        assert u["text"] == p["text"]
        assert u["speaker"] == export.speaker_id(p["author"], p["placeholder"])
        want_parent = None if p["parent_id"] is None else f"{p['thread_id']}__{p['parent_id']}"
        assert u["reply-to"] == want_parent
        if want_parent:
            assert by_id[want_parent]["conversation_id"] == u["conversation_id"]
        assert u["timestamp"] == (int(p["timestamp"].timestamp()) if p["timestamp"] else None)
        assert u["meta"]["compound"] == pytest.approx(p["compound"])
        assert u["meta"]["reply_evidence"] == p["reply_evidence"]
    # every conversation's root is an utterance that replies to nothing
    for cid in {u["conversation_id"] for u in utts}:
        assert by_id[cid]["reply-to"] is None


def test_convokit_reply_targets_carry_every_evidence(analysis: threads.Analysis, corpus_dir: Path) -> None:
    utts = {u["id"]: u for u in _utterances(corpus_dir)}
    replies = analysis.replies
    assert sum(len(u["meta"]["reply_targets"]) for u in utts.values()) == replies.height
    explicit = replies.filter(replies["evidence"] == "explicit").row(0, named=True)
    targets = utts[f"{explicit['thread_id']}__{explicit['post_id']}"]["meta"]["reply_targets"]
    assert {
        "target": f"{explicit['thread_id']}__{explicit['target_id']}",
        "evidence": "explicit",
    }.items() <= {k: v for t in targets for k, v in t.items() if k in ("target", "evidence")}.items()


def test_convokit_speakers_conversations_and_index(analysis: threads.Analysis, corpus_dir: Path) -> None:
    utts = _utterances(corpus_dir)
    speakers = json.loads((corpus_dir / "speakers.json").read_text(encoding="utf-8"))
    assert {u["speaker"] for u in utts} <= set(speakers)
    for entry in speakers.values():
        assert set(entry) == {"meta", "vectors"}
    alice = speakers["Alice Baker"]["meta"]
    assert alice["n_posts"] == 2
    convos = json.loads((corpus_dir / "conversations.json").read_text(encoding="utf-8"))
    assert set(convos) == {u["conversation_id"] for u in utts}
    assert {c["meta"]["thread_id"] for c in convos.values()} == {t.thread_id for t in analysis.threads}
    wxr = convos["allotment_diary_export-41__0"]["meta"]
    assert wxr["skipped"] == {"pingback": 1, "spam": 1}
    index = json.loads((corpus_dir / "index.json").read_text(encoding="utf-8"))
    assert set(index) >= {
        "utterances-index",
        "speakers-index",
        "conversations-index",
        "overall-index",
        "version",
    }
    assert set(index["utterances-index"]) == set(utts[0]["meta"])
    assert index["utterances-index"]["compound"] == ["<class 'float'>"]
    assert index["utterances-index"]["reply_targets"] == ["<class 'list'>"]
    assert index["speakers-index"]["n_posts"] == ["<class 'int'>"]
    assert json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))["n_threads"] == len(
        analysis.threads
    )


def _edges(analysis: threads.Analysis) -> dict[tuple[str, str], tuple[int, float]]:
    return {
        (r["source_author"], r["target_author"]): (r["n_replies"], r["mean_compound"])
        for r in analysis.interactions.iter_rows(named=True)
    }


@pytest.mark.parametrize("kind", ["gexf", "graphml"])
def test_network_round_trips(analysis: threads.Analysis, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"net.{kind}"
    writer = export.write_gexf if kind == "gexf" else export.write_graphml
    assert writer(analysis, path) == path
    graph = nx.read_gexf(path) if kind == "gexf" else nx.read_graphml(path)
    assert graph.is_directed()
    want = _edges(analysis)
    assert want  # the fixtures do have interactions
    got = {(u, v): d for u, v, d in graph.edges(data=True)}
    assert set(got) == set(want)
    for pair, (n, tone) in want.items():
        assert int(got[pair]["n_replies"]) == n
        assert float(got[pair]["weight"]) == n
        assert math.isclose(float(got[pair]["mean_compound"]), tone, abs_tol=1e-9)
    authors = {r["author"]: r for r in analysis.authors.iter_rows(named=True)}
    for node, data in graph.nodes(data=True):
        if node in authors:
            assert int(data["n_posts"]) == authors[node]["n_posts"]
    assert int(graph.nodes["Gareth"]["n_posts"]) == 2


def test_unwritable_target_is_a_threads_error(analysis: threads.Analysis, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ThreadsError, match="cannot write"):
        export.write_gexf(analysis, blocker / "net.gexf")
    with pytest.raises(ThreadsError, match="cannot write"):
        export.write_convokit(analysis, blocker / "corpus")


# ---------------------------------------------------------------- CLI
runner = CliRunner()


def test_cli_export_writes_all_three(tmp_path: Path) -> None:
    args = [
        "export",
        *map(str, INPUTS),
        "--convokit",
        str(tmp_path / "ck"),
        "--gexf",
        str(tmp_path / "n.gexf"),
    ]
    result = runner.invoke(app, [*args, "--graphml", str(tmp_path / "n.graphml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ck" / "utterances.jsonl").is_file()
    assert (
        nx.read_gexf(tmp_path / "n.gexf").number_of_edges()
        == nx.read_graphml(tmp_path / "n.graphml").number_of_edges()
        > 0
    )
    assert "wrote" in result.output


def test_cli_export_needs_a_target(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(INPUTS[0])])
    assert result.exit_code == 1
    assert "nothing to export" in result.output
    assert not list(tmp_path.iterdir())


def test_cli_export_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        '<thread dsq:id="1">&x;</thread></disqus>\n'
    )
    result = runner.invoke(app, ["export", str(bad), "--gexf", str(tmp_path / "n.gexf")])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("threads: error:") and "declares entities" in lines[0]
    assert not (tmp_path / "n.gexf").exists()


def test_cli_export_with_format_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "export",
            str(INPUTS[1]),
            "--format",
            "mbox",
            "--tz",
            "Europe/Berlin",
            "--gexf",
            str(tmp_path / "n.gexf"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "n.gexf").has_edge("Bob Stone", "Alice Baker")


# ---------------------------------------------------------------- names XML cannot hold (issue 16)
BAD = "bad\u000bname\u0001"


def _with_author(old: str, new: str) -> threads.Analysis:
    """The mailbox fixture with one author renamed (a fresh read: posts are mutable)."""
    a = threads.read(INPUTS[1])
    for t in a.threads:
        for p in t.posts:
            if p.author == old:
                p.author = new
    return threads.Analysis(a.threads)


@pytest.mark.parametrize("kind", ["gexf", "graphml"])
def test_control_characters_in_a_name_are_escaped_and_named(tmp_path: Path, kind: str) -> None:
    analysis = _with_author("Bob Stone", BAD)
    assert BAD in set(analysis.interactions["source_author"])
    path = tmp_path / f"net.{kind}"
    writer = export.write_gexf if kind == "gexf" else export.write_graphml
    notes: list[str] = []
    assert writer(analysis, path, on_note=notes.append) == path
    ET.parse(path)  # well-formed XML 1.0
    graph = nx.read_gexf(path) if kind == "gexf" else nx.read_graphml(path)
    safe = "bad\\x0bname\\x01"
    assert graph.has_edge(safe, "Alice Baker")
    assert len(notes) == 1 and repr(BAD) in notes[0] and path.name in notes[0]
    # no callback: the same note as a warning
    with pytest.warns(export.XmlNameWarning, match="bad"):
        writer(analysis, path)


def test_escaped_names_never_merge_two_authors() -> None:
    graph = nx.DiGraph()
    graph.add_node(BAD, label=BAD)
    graph.add_node("bad\\x0bname\\x01", label="bad\\x0bname\\x01")  # already the escape
    graph.add_edge(BAD, "bad\\x0bname\\x01", detail="quote \u0002")
    safe, notes = export.xml_safe_graph(graph)
    assert safe.number_of_nodes() == 2 and safe.number_of_edges() == 1
    assert not any(export.XML_FORBIDDEN.search(str(n)) for n in safe.nodes)
    assert all(not export.XML_FORBIDDEN.search(d["label"]) for _, d in safe.nodes(data=True))
    assert [d["detail"] for _, _, d in safe.edges(data=True)] == ["quote \\x02"]
    assert len(notes) == 1 and repr(BAD) in notes[0]
    assert BAD in graph  # the caller's graph is left as it was


@pytest.mark.filterwarnings("error::threads.export.XmlNameWarning")  # the CLI prints it instead
def test_cli_export_of_a_control_character_name_is_not_an_internal_error(tmp_path: Path) -> None:
    dump = tmp_path / "list.mbox"
    text = INPUTS[1].read_text(encoding="utf-8").replace("Bob Stone", BAD)
    dump.write_text(text, encoding="utf-8")
    args = ["export", str(dump), "--gexf", str(tmp_path / "n.gexf"), "--graphml", str(tmp_path / "n.graphml")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output  # was 70, "internal error", for GraphML
    ET.parse(tmp_path / "n.gexf")
    ET.parse(tmp_path / "n.graphml")
    notes = [ln for ln in result.output.splitlines() if ln.startswith("note: ") and "\\x01" in ln]
    assert len(notes) == 2, result.output  # one per file, naming the author as written
