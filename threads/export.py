"""Tables to files: Parquet, CSV, NDJSON, written atomically (temp file, then rename).

A reader never sees a half-written table: each file is written beside its target under
a temporary name and moved into place with ``os.replace`` once complete; on any error
the temporary file is removed and the old target, if any, is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from threads.model import ThreadsError

FORMATS: dict[str, str] = {"parquet": "parquet", "csv": "csv", "ndjson": "ndjson"}


def atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``target``, then rename it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists: list columns are joined with `` | ``."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(pl.col(name).list.join(" | ") for name in lists)


def write_tables(frames: dict[str, pl.DataFrame], out_dir: Path, to: str = "parquet") -> list[Path]:
    """Write each frame as ``out_dir/<name>.<ext>``; return the paths written."""
    if to not in FORMATS:
        raise ThreadsError(f"unknown output format {to!r} (use one of: {', '.join(FORMATS)})")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in frames.items():
            target = out_dir / f"{name}.{FORMATS[to]}"
            if to == "parquet":
                written.append(atomic_write(target, frame.write_parquet))
            elif to == "csv":
                written.append(atomic_write(target, _csv_ready(frame).write_csv))
            else:
                written.append(atomic_write(target, frame.write_ndjson))
        return written
    except OSError as err:
        raise ThreadsError(f"cannot write: {err.strerror or err}", str(out_dir)) from None
