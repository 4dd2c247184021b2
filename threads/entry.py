"""The ``threads`` command's entry point and ``python -m threads``: a Ctrl-C while the CLI
is still being imported ends with the same one line and exit code as later.

``threads.cli.main`` says "interrupted" for a Ctrl-C from the moment it runs, but the
import before it (typer, rich, the CLI's modules: a few hundred milliseconds, seconds on
a loaded machine) had no handler: the interrupt printed Python's traceback.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # as threads.cli_display (not imported: it is part of the wait)


def main() -> None:
    """Import the CLI, then run it (``threads.cli.main``)."""
    try:
        from threads.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("threads: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    cli_main()
