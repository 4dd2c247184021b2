"""The registry: every dialect module satisfies the typed Format protocol, is named after
its format, and is listed in the catalog exactly as it says; a module that does not
satisfy the protocol is refused, naming what it lacks; listing the dialects imports none."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from types import ModuleType

import pytest

from threads import formats
from threads.formats import (
    KINDS,
    REGISTRY,
    KeyedPartial,
    Partial,
    catalog,
    conformance,
    dialect_modules,
    get,
    register,
)
from threads.model import RawThread, ThreadsError


def _module(name: str = "threads.formats.toy_text", **attrs: object) -> ModuleType:
    """A made-up dialect module (``attrs`` replace or, as None, remove its members)."""
    mod = ModuleType(name)
    members: dict[str, object] = {
        "NAME": "toy-text",
        "DESCRIPTION": "A toy.",
        "sniff": lambda text: 0.0,
        "parse": lambda text: [RawThread(posts=[])],
    }
    members.update(attrs)
    for key, value in members.items():
        if value is not None:
            setattr(mod, key, value)
    return mod


def _catalog_source() -> str:
    """CATALOG as it should read in threads/formats/__init__.py, to paste when it drifts."""
    lines = []
    for kind in KINDS:
        rows = sorted((d for d in REGISTRY.values() if d.kind == kind), key=lambda d: d.name)
        if rows:
            lines.append(f"    *_listed(\n        {kind!r},")
            lines += [f"        ({d.name!r}, {d.description!r})," for d in rows]
            lines.append("    ),")
    return "\n".join(lines)


def test_every_public_module_is_a_dialect_named_after_its_format() -> None:
    names = dialect_modules()
    assert names == sorted(d.name.replace("-", "_") for d in REGISTRY.values())
    for dialect in REGISTRY.values():
        assert conformance(dialect.module) == [], dialect.name
        assert dialect.module.__name__ == f"threads.formats.{dialect.name.replace('-', '_')}"


def test_catalog_is_the_modules_exactly() -> None:
    order = {kind: n for n, kind in enumerate(KINDS)}
    want = [
        (d.name, d.kind, d.description)
        for d in sorted(REGISTRY.values(), key=lambda d: (order[d.kind], d.name))
    ]
    got = [(x.name, x.kind, x.description) for x in catalog()]
    assert got == want, "CATALOG drifted from the modules; it should read:\n" + _catalog_source()


def test_listing_the_dialects_imports_none() -> None:
    code = textwrap.dedent(
        """
        import sys
        from threads.formats import catalog
        assert len(catalog()) > 30
        loaded = [m for m in sys.modules if m.startswith("threads.formats.")]
        print(loaded)
        assert not [m for m in loaded if not m.rsplit(".", 1)[1].startswith("_")], loaded
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_registry_order_and_lookups() -> None:
    names = list(REGISTRY)
    assert names[-1] == "article"  # the fallback is sniffed last
    keys = [(d.priority, d.name) for d in REGISTRY.values()][:-1]
    assert keys == sorted(keys)
    assert formats.REGISTRY is REGISTRY  # built once
    assert get("wordpress-html").module.__name__ == "threads.formats.wordpress_html"
    with pytest.raises(ThreadsError, match=r"unknown format 'nope' \(known: .*wordpress-wxr"):
        get("nope")


def test_stream_dialects_give_partials_of_the_protocol() -> None:
    streams = {name: d.stream for name, d in REGISTRY.items() if d.stream is not None}
    assert {"mbox", "reddit-ndjson"} <= set(streams)
    for name, stream in streams.items():
        part = stream.scan([])
        assert isinstance(part, KeyedPartial if stream.keyed else Partial), name
        assert stream.threads_of(part, part) == [] or stream.keyed, name


@pytest.mark.parametrize(
    ("attrs", "problem"),
    [
        ({"parse": None}, "parse() is missing"),
        ({"NAME": None}, "NAME must be a str"),
        ({"DESCRIPTION": 3}, "DESCRIPTION must be a str"),
        ({"sniff": lambda: 0.0}, "sniff() must take (text: 'str')"),
        ({"LINE_BASED": "yes"}, "LINE_BASED must be a bool"),
        ({"PRIORITY": 2.5}, "PRIORITY must be a int"),
        ({"KIND": "a book"}, "KIND must be one of"),
        ({"NAME": "toy-html"}, "the module of format 'toy-html' must be toy_html.py"),
        ({"scan": lambda lines: None}, "piece_start() is missing"),
        ({"piece_start": lambda b: -1, "scan": lambda lines: None, "threads_of": lambda p: []}, None),
        (
            {
                "STREAM_KEYED": True,
                "piece_start": lambda b: -1,
                "scan": lambda x: x,
                "threads_of": lambda p: [],
            },
            "threads_of() must take (part",
        ),
    ],
)
def test_a_module_off_the_protocol_is_refused(attrs: dict[str, object], problem: str | None) -> None:
    mod = _module(**attrs)
    problems = conformance(mod)
    if problem is None:
        assert problems == []
        assert register([mod])["toy-text"].stream is not None
        return
    assert any(problem in p for p in problems), problems
    with pytest.raises(TypeError, match=r"threads\.formats\.toy_text is not a dialect"):
        register([mod])


def test_a_made_up_dialect_registers_with_its_defaults() -> None:
    got = register([_module(), _module("threads.formats.article", NAME="article", PRIORITY=99)])
    assert list(got) == ["toy-text", "article"]
    toy = got["toy-text"]
    assert (toy.kind, toy.line_based, toy.stream, toy.priority) == (KINDS[0], False, None, 50)


def test_the_readme_says_what_every_dialect_reads() -> None:
    """Each dialect `threads formats` lists is named in README.md (its Input formats
    section), so that a new one cannot land unsaid."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Input formats", 1)[1].split("\n## ", 1)[0]
    assert [x.name for x in catalog() if f"`{x.name}`" not in section] == []
