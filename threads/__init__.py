"""threads: who said what, when, to whom and in what tone, from discussion-thread dumps.

>>> import threads
>>> a = threads.read("seeds/")                       # doctest: +SKIP
>>> a.posts.filter(a.posts["reply_evidence"] == "quote")  # doctest: +SKIP
>>> a.write("out/", to="parquet")                    # doctest: +SKIP

The CLI (``threads ...``) is a thin front door onto the same functions.
"""

from __future__ import annotations

from threads.analysis import Analysis, read
from threads.model import Post, Reply, Thread, ThreadsError

__version__ = "0.1.0"


def report(analysis: Analysis, out_dir: str = "dashboards", **options: object) -> object:
    """Write the dashboards for ``analysis`` to ``out_dir``; return the index page's path.
    (Imported lazily: plotly is only loaded when pages are made.)"""
    from threads.report import report as _report

    return _report(analysis, out_dir, **options)  # type: ignore[arg-type]


__all__ = ["Analysis", "Post", "Reply", "Thread", "ThreadsError", "__version__", "read", "report"]
