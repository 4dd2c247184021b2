"""Shared checks for the platform-export dialects (not a test module itself).

The fixtures these tests read are small **synthetic** exports written for this suite
(the shared corpus of real dumps is absent on the machine they were written on); each
imitates its platform's documented export schema field for field.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import threads
from threads.formats import detect
from threads.model import ThreadsError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
GOLDEN = HERE.parent / "golden"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ALL_FIXTURES = sorted(p for p in FIXTURES.glob("*/*") if p.is_file())


def fixtures(folder: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / folder).iterdir() if p.is_file())


def others(folder: str) -> list[Path]:
    """Every fixture of the other dialects, and the seeds."""
    return [p for p in ALL_FIXTURES if p.parent.name != folder] + SEEDS


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None


def check_golden(mod: ModuleType, path: Path) -> None:
    """The dialect's own parse agrees with the hand-checked golden, and detection picks it."""
    golden = json.loads((GOLDEN / path.parent.name / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert golden["input"] == path.relative_to(ROOT).as_posix()
    assert golden["format"] == mod.NAME
    assert detect(read(path)).name == mod.NAME
    got = mod.parse(read(path))
    assert len(got) == len(golden["threads"])
    for thread, want in zip(got, golden["threads"], strict=True):
        assert thread.title == want["title"]
        assert [p.author for p in thread.posts] == [w["author"] for w in want["posts"]]
        assert [iso(p.timestamp) for p in thread.posts] == [w["timestamp"] for w in want["posts"]]
        for p in thread.posts:  # every timestamp these exports carry is UTC
            assert (
                p.timestamp is None
                or p.timestamp.utcoffset() is None
                or p.timestamp.utcoffset().total_seconds() == 0
            )
    analysed = threads.read(path)
    for thread, want in zip(analysed.threads, golden["threads"], strict=True):
        for w in want["posts"]:
            post = thread.posts[w["post_id"]]
            assert post.parent_id == w.get("parent_id"), (thread.thread_id, w)
            if "evidence" in w:
                assert post.reply_evidence == w["evidence"], (thread.thread_id, w)


def check_parents_first(mod: ModuleType, path: Path) -> None:
    """A parent always comes before its replies; ids are unique in a thread."""
    for thread in mod.parse(read(path)):
        seen: set[str | None] = set()
        ids = [p.source_id for p in thread.posts]
        assert len(ids) == len(set(ids))
        for post in thread.posts:
            if post.parent_source_id in ids:
                assert post.parent_source_id in seen, post.source_id
            seen.add(post.source_id)


def arbitrary_text_property(mod: ModuleType, fragments: list[str]):
    """A hypothesis test: sniff and parse raise nothing but ThreadsError."""

    @settings(max_examples=150, deadline=None)
    @given(
        st.one_of(
            st.text(), st.lists(st.one_of(st.sampled_from(fragments), st.text(max_size=8))).map("".join)
        )
    )
    def test(text: str) -> None:
        score = mod.sniff(text)
        assert 0.0 <= score <= 1.0
        try:
            parsed = mod.parse(text)
        except ThreadsError:
            return
        assert all(isinstance(t.posts, list) for t in parsed)

    return test


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{"&lol%s;" % ("" if n == 1 else n - 1) * 10}">\n' for n in range(1, 10))
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
XML_ATTACKS = (BILLION_LAUGHS, XXE)


def check_entities_refused(mod: ModuleType, attack: str, root_element: str) -> None:
    """An export carrying an entity bomb or an external entity is refused, clearly,
    before anything is expanded or read (``root_element`` holds ``ENTITY_REF``)."""
    text = attack + root_element.replace("ENTITY_REF", "&lol9;" if "lol" in attack else "&xxe;")
    assert mod.sniff(text) >= 0.6  # it looks like an export: detection sends it here
    with pytest.raises(ThreadsError, match="declares entities") as err:
        mod.parse(text)
    assert "root:" not in str(err.value)  # nothing of /etc/passwd
