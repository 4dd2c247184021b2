"""One harness for every registered dialect, driven by the registry.

For each format NAME, its inputs are the files of ``tests/fixtures/NAME/`` (and the seeds
whose golden, in ``tests/golden/seeds/``, names it); each has a hand-checked golden,
``tests/golden/NAME/<stem>.json``. Every dialect is checked here for what holds for all:
its readings match the goldens, detection picks it on its own fixtures and no other
dialect comes close, no post is lost between the dialect and the tables, parents come
before their replies, sniff stays in [0, 1], and empty or garbage input gives a
:class:`ThreadsError` or no comment at all. A new engine adds its module, fixtures and
goldens and is tested here without editing a list. What only one engine or family
does is tested beside it: test_html.py, test_text_copies*.py, test_<module>.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

import threads
from threads.formats import MIN_CONFIDENCE, REGISTRY, detect
from threads.model import RawThread, ThreadsError
from threads.read import decode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
GOLDEN = HERE.parent / "golden"
SEED_GOLDENS = GOLDEN / "seeds"

# A dialect's own fixtures sniff at least this high (the MIN_CONFIDENCE calibration:
# real dumps of a dialect score >= 0.6) ...
OWN_MIN = 0.6
# ... and every other dialect at most this (near misses score <= 0.2) ...
NEAR_MISS = 0.2
# ... except where two dialects share a shape. Text copies of one family may score
# each other's copies up to MIN_CONFIDENCE (exclusive: alone they never win), and these
# pairs more: vBulletin's and MyBB's "DATE over #N" headers are XenForo's too, and
# xenforo-text may reach its cap without a XenForo-only line. Always below the own one.
SHARED_SHAPE = {
    ("vbulletin-text", "xenforo-text"): 0.4,
    ("mybb-text", "xenforo-text"): 0.4,
    # An archive of mail written in HTML holds "<html" in its head: generic-html's page
    # test says yes (0.3, no comment markup), the From_ line and headers make it 1.0 mbox.
    ("mbox", "generic-html"): 0.3,
    # DiscordChatExporter's HTML export is a platform export made of message groups:
    # generic-html's page test says yes (0.3), the exporter's own markup makes it 1.0.
    ("discord-html", "generic-html"): 0.3,
    # Telegram Desktop's HTML export is a platform export made of pages: generic-html's
    # page test says yes (0.3), the exporter's own markup makes it 1.0 telegram-html.
    ("telegram-html", "generic-html"): 0.3,
}
# generic-html reads any page of repeated comment blocks: on an engine's page it only
# has to stay below the engine's own score.
CATCH_ALL = "generic-html"
COPY = "text copied from a page"
HTML_KINDS = ("saved HTML page", "Q&A page (HTML)")
# Text copies are small: each copy dialect has at least this many fixtures (two sites or
# languages), other dialects at least one.
MIN_FIXTURES = {COPY: 2}
EVIDENCE = {"nested", "explicit", "quote", "mention", "subject", "similar", "root"}
# Not a dump of any dialect: each must give a ThreadsError or no comment.
GARBAGE = {
    "empty": "",
    "blank": "\n \n\t\n",
    "noise": "\x00\x01\x02 garbage ]]>{{{ <<< \ufffd\n",
    "cut_json": '{"a": [1, 2',
    "mbox_head": "From nobody\n\n",
}


def _seed_cases() -> list[tuple[str, Path, Path]]:
    cases = []
    for golden in sorted(SEED_GOLDENS.glob("*.json")):
        want = json.loads(golden.read_text(encoding="utf-8"))
        cases.append((want["format"], ROOT / want["input"], golden))
    return cases


CASES = sorted(
    [
        (name, path, GOLDEN / name / f"{path.stem}.json")
        for name in REGISTRY
        if (FIXTURES / name).is_dir()
        for path in sorted((FIXTURES / name).iterdir())
        if path.is_file()
    ]
    + _seed_cases()
)
IDS = [f"{name}:{path.name}" for name, path, _ in CASES]


@cache
def _text(path: Path) -> str:
    return decode(path.read_bytes(), str(path)).text


@cache
def _parsed(name: str, path: Path) -> list[RawThread]:
    return REGISTRY[name].parse(_text(path))


def _iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None


def _parents(value: int | list[int]) -> list[int]:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- the registry's view
def test_fixture_and_golden_folders_are_named_after_formats() -> None:
    fixture_dirs = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    golden_dirs = {p.name for p in GOLDEN.iterdir() if p.is_dir()} - {SEED_GOLDENS.name}
    assert fixture_dirs <= set(REGISTRY), fixture_dirs - set(REGISTRY)
    assert golden_dirs == fixture_dirs, golden_dirs ^ fixture_dirs


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_format_has_fixtures_with_goldens(name: str) -> None:
    folder = FIXTURES / name
    if not folder.is_dir():  # read from the seeds only (typepad-text, article)
        assert [path for fmt, path, _ in CASES if fmt == name], name
        return
    files = {p.stem for p in folder.iterdir() if p.is_file()}
    assert len(files) >= MIN_FIXTURES.get(REGISTRY[name].kind, 1), name
    assert files == {p.stem for p in (GOLDEN / name).glob("*.json")}


# ---------------------------------------------------------------- goldens
@pytest.mark.parametrize(("name", "path", "golden"), CASES, ids=IDS)
def test_matches_golden(name: str, path: Path, golden: Path) -> None:
    want_all = json.loads(golden.read_text(encoding="utf-8"))
    assert want_all["input"] == path.relative_to(ROOT).as_posix()
    assert want_all["format"] == name
    got = _parsed(name, path)
    assert len(got) == len(want_all["threads"])
    for thread, want in zip(got, want_all["threads"], strict=True):
        assert thread.title == want["title"]
        assert [p.author for p in thread.posts] == [w["author"] for w in want["posts"]]
        assert [_iso(p.timestamp) for p in thread.posts] == [w["timestamp"] for w in want["posts"]]
        assert [w["post_id"] for w in want["posts"]] == list(range(len(thread.posts)))
        for w in want["posts"]:
            for parent in _parents(w.get("parent_id", [])):
                assert 0 <= parent < w["post_id"], w
            assert w.get("evidence", "root") in EVIDENCE, w
        # a nested dialect's own parent links say what the golden says
        by_source = {p.source_id: k for k, p in enumerate(thread.posts) if p.source_id}
        for k, w in enumerate(want["posts"]):
            if w.get("evidence") == "nested":
                assert by_source.get(thread.posts[k].parent_source_id) in _parents(w["parent_id"]), (k, w)


@pytest.mark.parametrize(("name", "path", "golden"), CASES, ids=IDS)
def test_no_post_lost_on_the_way_to_the_tables(name: str, path: Path, golden: Path) -> None:
    analysed = threads.read(path)
    parsed = _parsed(name, path)
    assert [len(t.posts) for t in analysed.threads] == [len(t.posts) for t in parsed]
    assert analysed.posts.height == sum(len(t.posts) for t in parsed)


# Platform exports carry every parent link and exact UTC times: their goldens give every
# parent, and a post a golden leaves without one is a root. (For text copies and pages,
# links the dump does not mark are inferred, and scored by scripts/eval.py's floors.)
# The Movable Type export, GitHub's issue comments and WhatsApp's chat export are the
# exceptions: they have no parent field (links are inferred); so are Telegram's and
# Discord's chat exports (JSON, and Telegram's HTML) for every message not marked as a reply.
FLAT_EXPORTS = {
    "movabletype",
    "github-json",
    "whatsapp-text",
    "telegram-json",
    "telegram-html",
    "discord-json",
    "discord-html",  # DiscordChatExporter's other exports: replies as the JSON's
    "discord-text",  # no reply ids at all
    "discord-csv",
    "slack-json",  # a channel is a chat: only Slack thread replies carry a parent
    "irc-text",  # an IRC log keeps no reply ids at all
    "matrix-json",  # a room is a chat: only replies and thread messages carry a parent
    "zulip-json",  # Zulip keeps no reply ids: topics and chats are flat
}
EXPORTS = [
    case for case in CASES if REGISTRY[case[0]].kind == "platform export" and case[0] not in FLAT_EXPORTS
]


@pytest.mark.parametrize(("name", "path", "golden"), EXPORTS, ids=[f"{n}:{p.name}" for n, p, _ in EXPORTS])
def test_export_links_and_times(name: str, path: Path, golden: Path) -> None:
    want_all = json.loads(golden.read_text(encoding="utf-8"))
    for thread in _parsed(name, path):
        for p in thread.posts:
            offset = p.timestamp.utcoffset() if p.timestamp else None
            assert offset is None or offset.total_seconds() == 0, (p.author, p.timestamp)
    for thread, want in zip(threads.read(path).threads, want_all["threads"], strict=True):
        for w in want["posts"]:
            post = thread.posts[w["post_id"]]
            assert post.parent_id == w.get("parent_id"), (thread.thread_id, w)
            if "evidence" in w:
                assert post.reply_evidence == w["evidence"], (thread.thread_id, w)


@pytest.mark.parametrize(("name", "path", "golden"), CASES, ids=IDS)
def test_parents_come_first(name: str, path: Path, golden: Path) -> None:
    """A parent always comes before its replies; ids are unique in a thread."""
    for thread in _parsed(name, path):
        ids = [p.source_id for p in thread.posts if p.source_id is not None]
        assert len(ids) == len(set(ids))
        seen: set[str | None] = set()
        for post in thread.posts:
            if post.parent_source_id in ids:
                assert post.parent_source_id in seen, post.source_id
            seen.add(post.source_id)


# ---------------------------------------------------------------- detection
def _cap(own: str, other: str) -> float | None:
    """How high ``other`` may sniff a fixture of ``own`` (None: only below own)."""
    if other == CATCH_ALL and REGISTRY[own].kind in HTML_KINDS:
        return None
    if (own, other) in SHARED_SHAPE:
        return SHARED_SHAPE[own, other]
    if REGISTRY[own].kind == REGISTRY[other].kind == COPY:
        return MIN_CONFIDENCE - 1e-9
    return NEAR_MISS


@pytest.mark.parametrize(("name", "path", "golden"), CASES, ids=IDS)
def test_detected_and_no_other_dialect_comes_close(name: str, path: Path, golden: Path) -> None:
    found = detect(_text(path))
    assert found.name == name, found.scores
    if name in (CATCH_ALL, "article"):
        return  # the catch-all and the fallback win by default, not by their own marks
    assert found.confidence >= OWN_MIN
    for other, score in found.scores.items():
        if other != name:
            cap = _cap(name, other)
            assert score < found.confidence, other
            assert cap is None or score <= cap, (other, score)


@pytest.mark.parametrize(("name", "path", "golden"), CASES, ids=IDS)
def test_sniff_in_range(name: str, path: Path, golden: Path) -> None:
    for dialect in REGISTRY.values():
        assert 0.0 <= dialect.sniff(_text(path)) <= 1.0, dialect.name


# ---------------------------------------------------------------- not a dump
@pytest.mark.parametrize("name", sorted(REGISTRY))
@pytest.mark.parametrize("garbage", sorted(GARBAGE))
def test_empty_or_garbage_gives_an_error_or_no_comment(name: str, garbage: str) -> None:
    dialect, text = REGISTRY[name], GARBAGE[garbage]
    assert 0.0 <= dialect.sniff(text) < MIN_CONFIDENCE
    try:
        got = dialect.parse(text)
    except ThreadsError as err:
        assert err.message
        return
    assert all(len(t.posts) <= 1 for t in got), [len(t.posts) for t in got]
