"""The front door of the Python API: :func:`read` takes dumps or an output folder.

It sits above both ways of analysing (``analysis.py``, one run in this process, and
``corpus.py``, the scale-out run), so that neither imports the other's caller: the
imports inside ``threads/`` flow one way (``tests/test_imports.py`` checks it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from threads.options import Options, resolve

if TYPE_CHECKING:
    from threads.analysis import Analysis

PathLike = str | os.PathLike[str]


def read(
    paths: PathLike | Iterable[PathLike],
    format: str | None = None,
    *,
    tz: str | None = None,
    strict: bool = False,
    on_input: Callable[[str], None] | None = None,
    options: Options | None = None,
) -> Analysis:
    """Read and analyse dumps: a file, a folder (recursively), ``-`` for stdin, or a
    list of them. ``format`` skips detection; ``tz`` is the zone of wall-clock times
    (a shortcut for ``options.tz``); ``options`` hold the limits, workers, HTML backend
    and whether replies are inferred by similarity (see :class:`threads.Options`).

    An output folder of ``threads parse`` (one file per table, or a corpus folder) is
    read back as it was written (``format`` and ``options`` do not apply to it).

    Raises :class:`ThreadsError` when nothing could be read, or at the first bad input
    with ``strict``; otherwise bad inputs are listed in ``Analysis.failures``.

    >>> a = read("seeds/004_c3b9a48d73eaee79.txt")          # doctest: +SKIP
    >>> a.posts.height, a.threads[0].source_format          # doctest: +SKIP
    (26, 'typepad-text')
    An output folder is read back with the names it was written with: with
    ``options.pseudonym_key`` it is refused (the names are replaced as dumps are read).

    """
    # Imported here: `import threads` binds this function without loading the pipeline.
    from threads.analysis import inputs, read_dumps
    from threads.corpus import Corpus, is_output

    options = resolve(options, tz=tz)
    items = inputs(paths)
    if len(items) == 1 and items[0] != "-" and is_output(items[0]):
        # An output folder of `threads parse` is read back, not parsed as dumps.
        if options.pseudonym_key is not None:
            from threads.model import ThreadsError
            from threads.pseudonyms import not_renamed

            raise ThreadsError(not_renamed(items[0]))
        return Corpus.open(items[0]).analysis()
    return read_dumps(items, format, options=options, strict=strict, on_input=on_input)
