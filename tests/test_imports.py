"""The imports inside ``threads/`` flow one way, and the light commands stay light.

The import graph is read from the source with ``ast``, imports inside functions and
under ``TYPE_CHECKING`` included: an import placed in a function to dodge a circle is
still a circle in the design (issue 16).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "threads"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that the module ``name`` imports, anywhere in its body.
    ``from threads import x`` counts as an import of ``threads.x`` when that is a
    module, else of ``threads`` (the package's ``__init__``)."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    # `import a.b.c` runs a/__init__ and a/b/__init__ too; those are the package's own
    # parents and every module imports them (no circle through a parent is possible to
    # avoid), so only the named module is an edge.
    return {m for m in found if m in known and m != name}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """``module -> modules of the package it imports`` for every module under ``root``."""
    files = sorted(root.rglob("*.py"))
    known = {module_name(f, root) for f in files}
    return {
        module_name(f, root): imported(
            ast.parse(f.read_text(encoding="utf-8")), module_name(f, root), f.name == "__init__.py", known
        )
        for f in files
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without_package_init(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # Every `from threads.x import y` runs threads/__init__.py first; the package's
    # __init__ importing its own modules back is how a package presents its API, not a
    # circle between modules. Imports *of* the package root are what this drops.
    return {m: {d for d in deps if d not in ("threads", "threads.formats")} for m, deps in graph.items()}


def test_no_import_circle_inside_threads() -> None:
    graph = _without_package_init(import_graph())
    assert cycles(graph) == []


def test_the_checker_finds_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    # A small package shaped like the old analysis -> chunks -> export -> parallel ->
    # analysis circle, held by an import inside a function.
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "analysis.py").write_text("from pkg import chunks\n")
    (pkg / "chunks.py").write_text("from pkg.export import atomic_write\n")
    (pkg / "export.py").write_text("from pkg import parallel\n")
    (pkg / "parallel.py").write_text("def run():\n    from pkg.analysis import read\n")
    (pkg / "tables.py").write_text("import pkg.analysis\n")
    graph = import_graph(pkg)
    assert graph["pkg.parallel"] == {"pkg.analysis"}
    assert cycles(graph) == [["pkg.analysis", "pkg.chunks", "pkg.export", "pkg.parallel"]]


# ---------------------------------------------------------------- light start-up
HEAVY = (
    "plotly",
    "networkx",
    "polars",
    "threads.formats.reddit_json",
    "threads.formats.mbox",
    "threads.figures",
    # typer 0.29 imports it (~100 ms) to validate an option's value: a group option or a
    # --help flag without a bool default made `threads formats` 1.6x a minimal app (issue 17)
    "pydantic",
)


def _loaded_after(code: str) -> dict[str, bool]:
    """Which of HEAVY a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    res = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def _cli(*args: str) -> str:
    # The CLI in-process (typer's standalone mode exits): what was loaded is then printed.
    return (
        "import sys\nfrom threads.cli import app\n"
        f"sys.argv = ['threads', *{list(args)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
    )


def test_import_threads_loads_no_plotting_graph_or_dialect_module() -> None:
    assert not any(_loaded_after("import threads").values())


def test_threads_help_loads_no_plotting_graph_or_dialect_module() -> None:
    assert not any(_loaded_after(_cli("--help")).values())


def test_threads_formats_loads_no_plotting_or_graph_module() -> None:
    loaded = _loaded_after(_cli("formats"))
    assert not loaded["plotly"] and not loaded["networkx"] and not loaded["threads.figures"]


def test_threads_formats_loads_no_dialect_module() -> None:
    loaded = _loaded_after(_cli("formats"))
    assert not loaded["threads.formats.reddit_json"] and not loaded["threads.formats.mbox"]


def test_threads_formats_loads_no_pydantic() -> None:
    assert not _loaded_after(_cli("formats"))["pydantic"]
    # limits given before the command (dropped for formats) change nothing
    assert not _loaded_after(_cli("--max-posts", "5", "formats"))["pydantic"]


def test_the_probe_sees_a_loaded_module() -> None:
    # The assertions above could fail: reading a dump does load the dialects.
    loaded = _loaded_after("import threads\nthreads.read('seeds/004_c3b9a48d73eaee79.txt')")
    assert loaded["threads.formats.reddit_json"]


def test_the_probe_sees_pydantic_when_a_command_takes_options() -> None:
    # ... and a command that validates its options does import pydantic.
    assert _loaded_after(_cli("show", "--top", "3", "no-such-file"))["pydantic"]


# ---------------------------------------------------------------- settings as parameters
def _reads_environment(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(a.name in ("environ", "getenv", "environb") for a in node.names)
        ):
            return True
    return False


def test_only_the_cli_reads_the_environment() -> None:
    readers = sorted(
        module_name(f)
        for f in PACKAGE.rglob("*.py")
        if _reads_environment(ast.parse(f.read_text(encoding="utf-8")))
    )
    assert readers == ["threads.cli"]


def test_the_environment_check_sees_a_reader() -> None:
    assert _reads_environment(ast.parse("import os\nlimit = os.environ.get('X')"))
    assert _reads_environment(ast.parse("from os import getenv"))
    assert not _reads_environment(ast.parse("import os\nos.replace('a', 'b')"))


# ---------------------------------------------------------------- declared dependencies
# Imported only where the matching extra is installed (pyproject's optional groups), and
# only inside functions that say what to install when it is missing.
OPTIONAL_IMPORTS = {"dask", "distributed", "zstandard"}


def _third_party_imports(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Top-level names of the non-standard modules imported under ``root``, with where."""
    found: dict[str, set[str]] = {}
    for f in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for top in {n.split(".")[0] for n in names}:
                if top != "threads" and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, set()).add(f.name)
    return found


def _declared(pyproject: Path = PACKAGE.parent / "pyproject.toml") -> tuple[set[str], set[str]]:
    import re

    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+; the check runs there")
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]

    def names(reqs: list[str]) -> set[str]:
        found = {re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}
        # "dask[distributed]": the extra of dask is the package distributed
        return found | {m.group(1) for r in reqs if (m := re.search(r"\[([\w-]+)\]", r))}

    extras = set().union(*(names(v) for v in project.get("optional-dependencies", {}).values()))
    return names(project["dependencies"]), extras


def test_every_imported_package_is_declared() -> None:
    """Issue 16, defect 1: networkx's pagerank needed scipy, which nothing declared, so
    the README's commands failed in a fresh virtual environment. Every package the code
    imports is a declared dependency (the optional ones an extra)."""
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    required, extras = _declared()
    missing = {}
    for top, where in _third_party_imports().items():
        names = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
        wanted = extras | required if top in OPTIONAL_IMPORTS else required
        if not names & wanted:
            missing[top] = sorted(where)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"
    # networkx's pagerank imports scipy from inside networkx: declared by name
    assert "scipy" in required


def test_the_dependency_check_sees_an_undeclared_import(tmp_path) -> None:
    (tmp_path / "mod.py").write_text("def f():\n    import left_pad_nobody_has\n")
    assert _third_party_imports(tmp_path) == {"left_pad_nobody_has": {"mod.py"}}
