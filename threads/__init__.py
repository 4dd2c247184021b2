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

from typing import TYPE_CHECKING, Any

from threads.analysis import Analysis, read
from threads.corpus import Corpus, read_many
from threads.model import Post, Reply, Thread, ThreadsError
from threads.report import report

if TYPE_CHECKING:
    from threads import figures
    from threads.export import write_convokit, write_gexf, write_graphml

__version__ = "0.1.0"

# Loaded on first use (PEP 562), so `import threads` does not pay for plotly or networkx.
_LAZY = {
    "figures": ("threads.figures", None),
    "write_convokit": ("threads.export", "write_convokit"),
    "write_gexf": ("threads.export", "write_gexf"),
    "write_graphml": ("threads.export", "write_graphml"),
}


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
