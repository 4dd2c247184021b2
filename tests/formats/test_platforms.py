"""The checks every platform-export dialect shares, parametrised over them (fixtures are
synthetic: see platform_common)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.formats import platform_common as pc
from threads.formats import discourse_json, disqus_xml, hn_json, mbox, reddit_json, reddit_ndjson, wxr

# fixture folder -> dialect module
PLATFORMS: dict[str, ModuleType] = {
    "discourse_json": discourse_json,
    "disqus_xml": disqus_xml,
    "hn_json": hn_json,
    "mailbox": mbox,
    "reddit_json": reddit_json,
    "reddit_ndjson": reddit_ndjson,
    "wxr": wxr,
}
OWN = [(folder, path) for folder in PLATFORMS for path in pc.fixtures(folder)]
OTHERS = [(folder, path) for folder in PLATFORMS for path in pc.others(folder)]


def _id(case: tuple[str, Path]) -> str:
    return f"{case[0]}:{case[1].parent.name}/{case[1].stem}"


@pytest.mark.parametrize("case", OWN, ids=_id)
def test_matches_golden(case: tuple[str, Path]) -> None:
    pc.check_golden(PLATFORMS[case[0]], case[1])


@pytest.mark.parametrize("case", OWN, ids=_id)
def test_parents_first(case: tuple[str, Path]) -> None:
    pc.check_parents_first(PLATFORMS[case[0]], case[1])


@pytest.mark.parametrize("case", OWN, ids=_id)
def test_sniff_own_high(case: tuple[str, Path]) -> None:
    assert PLATFORMS[case[0]].sniff(pc.read(case[1])) >= 0.6


@pytest.mark.parametrize("case", OTHERS, ids=_id)
def test_sniff_others_low(case: tuple[str, Path]) -> None:
    assert PLATFORMS[case[0]].sniff(pc.read(case[1])) <= 0.2
