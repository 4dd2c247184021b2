"""Shared helpers for the platform-export dialects' own tests (not a test module itself;
what every dialect passes, goldens included, is in test_dialects.py).

The fixtures these tests read are small **synthetic** exports written for this suite
(the shared corpus of real dumps is absent on the machine they were written on); each
imitates its platform's documented export schema field for field.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads.model import ThreadsError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
GOLDEN = HERE.parent / "golden"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ALL_FIXTURES = sorted(p for p in FIXTURES.glob("*/*") if p.is_file())


def fixtures(folder: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / folder).iterdir() if p.is_file())


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None


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
