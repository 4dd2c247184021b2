"""Every text dialect against its hand-checked goldens (tests/golden/<dialect>/)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from threads.formats import REGISTRY

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
GOLDEN = HERE.parent / "golden"
# Fixture folders named after a dialect; platform and HTML dialects have their own tests.
DIALECTS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name in REGISTRY)
CASES = [(d, p) for d in DIALECTS for p in sorted((FIXTURES / d).iterdir()) if p.is_file()]
EVIDENCE = {"nested", "explicit", "quote", "mention", "root"}


def _iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_fixture_has_a_golden(dialect: str) -> None:
    files = {p.stem for p in (FIXTURES / dialect).iterdir() if p.is_file()}
    assert len(files) >= 2
    assert files == {p.stem for p in (GOLDEN / dialect).glob("*.json")}


@pytest.mark.parametrize(("dialect", "path"), CASES, ids=[f"{d}/{p.stem}" for d, p in CASES])
def test_matches_golden(dialect: str, path: Path) -> None:
    golden = json.loads((GOLDEN / dialect / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert golden["input"] == path.relative_to(ROOT).as_posix()
    assert golden["format"] == dialect
    got = REGISTRY[dialect].parse(path.read_text(encoding="utf-8"))
    assert len(got) == len(golden["threads"])
    for thread, want in zip(got, golden["threads"], strict=True):
        assert thread.title == want["title"]
        assert [p.author for p in thread.posts] == [w["author"] for w in want["posts"]]
        assert [_iso(p.timestamp) for p in thread.posts] == [w["timestamp"] for w in want["posts"]]
        assert [w["post_id"] for w in want["posts"]] == list(range(len(thread.posts)))
        for post in want["posts"]:
            if "parent_id" in post:
                assert 0 <= post["parent_id"] < post["post_id"]
            assert post.get("evidence", "root") in EVIDENCE
