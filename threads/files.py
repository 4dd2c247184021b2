"""Atomic file writes: a reader never sees a half-written file.

Each file is written beside its target under a temporary name and moved into place with
``os.replace`` once complete; on any error the temporary file is removed and the old
target, if any, is left as it was. Every writer in the package (tables, parts, spill
files, manifests, ConvoKit, graphs) goes through :func:`atomic_write`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(target: Path, write: Callable[[Path], None], *, tmp_dir: Path | None = None) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``target`` (or in ``tmp_dir``, a
    folder on the same file system), then rename it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    where = tmp_dir or target.parent
    where.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=where)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_failed(err: OSError) -> str:
    """The message of a failed write, the same from every writer: "cannot write: REASON"."""
    return f"cannot write: {err.strerror or err}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
