"""threads: who said what, when, to whom and in what tone, from discussion-thread dumps.

>>> import threads
>>> a = threads.read("seeds/")                       # doctest: +SKIP
>>> a.posts.filter(a.posts["reply_evidence"] == "quote")  # doctest: +SKIP
>>> a.write("out/", to="parquet")                    # doctest: +SKIP
>>> c = threads.read_many("forum/", out="corpus/")   # doctest: +SKIP
>>> c.posts.group_by("author").len().collect()       # doctest: +SKIP
>>> threads.write_gexf(a, "authors.gexf")              # doctest: +SKIP
>>> threads.figures.fig_timeline(a.posts)              # doctest: +SKIP

The CLI (``threads ...``) is a thin front door onto the same functions.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from threads.api import read
from threads.model import Post, Reply, Thread, ThreadsError
from threads.options import Options

if TYPE_CHECKING:
    from threads import figures
    from threads.analysis import Analysis
    from threads.corpus import Corpus, read_many
    from threads.export import write_convokit, write_gexf, write_graphml
    from threads.report import report

__version__ = "0.1.0"

# Loaded on first use (PEP 562), so `import threads` (and `threads --help`) does not pay
# for plotly, networkx or the format registry (which imports every dialect module).
_LAZY = {
    "Analysis": ("threads.analysis", "Analysis"),
    "Corpus": ("threads.corpus", "Corpus"),
    "read_many": ("threads.corpus", "read_many"),
    "figures": ("threads.figures", None),
    "report": ("threads.report", "report"),
    "write_convokit": ("threads.export", "write_convokit"),
    "write_gexf": ("threads.export", "write_gexf"),
    "write_graphml": ("threads.export", "write_graphml"),
}


# Functions named like a module of this package: the import system binds every submodule
# it loads as an attribute of the package (`import threads.report` sets threads.report),
# which would replace the function once that module is loaded, lazily or not.
_FUNCTIONS = ("read", "report")


class _Package(types.ModuleType):
    """This package, keeping ``threads.read`` and ``threads.report`` the functions."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FUNCTIONS and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules and its own imports
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'threads' has no attribute {name!r}")
    from importlib import import_module

    module, attr = _LAZY[name]
    value = import_module(module) if attr is None else getattr(import_module(module), attr)
    globals()[name] = value
    return value


__all__ = [
    "Analysis",
    "Corpus",
    "Options",
    "Post",
    "Reply",
    "Thread",
    "ThreadsError",
    "__version__",
    "figures",
    "read",
    "read_many",
    "report",
    "write_convokit",
    "write_gexf",
    "write_graphml",
]
