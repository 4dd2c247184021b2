"""threads: who said what, when, to whom and in what tone, from discussion-thread dumps.

>>> import threads
>>> a = threads.read("seeds/")                       # doctest: +SKIP
>>> a.posts.filter(a.posts["reply_evidence"] == "quote")  # doctest: +SKIP
>>> a.write("out/", to="parquet")                    # doctest: +SKIP
>>> c = threads.read_many("forum/", out="corpus/")   # doctest: +SKIP
>>> c.posts.group_by("author").len().collect()       # doctest: +SKIP

The CLI (``threads ...``) is a thin front door onto the same functions.
"""

from __future__ import annotations

from threads.analysis import Analysis, read
from threads.corpus import Corpus, read_many
from threads.model import Post, Reply, Thread, ThreadsError
from threads.report import report

__version__ = "0.1.0"


__all__ = [
    "Analysis",
    "Corpus",
    "Post",
    "Reply",
    "Thread",
    "ThreadsError",
    "__version__",
    "read",
    "read_many",
    "report",
]
