"""The settings of one run, as one explicit value passed down from the front door.

The CLI (from its flags and the ``THREADS_*`` environment variables) or the Python API
builds an :class:`Options` once; every stage below takes it as a parameter, and worker
processes receive it inside their task. No module below ``cli.py`` reads the
environment, and no module global is switched at run time.

>>> from threads.options import Options
>>> Options(tz="Europe/Berlin", max_posts=1000).for_worker().workers
1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from threads.model import ThreadsError

# Default cap on one input's size. The pipeline holds a dump as text and its posts as
# objects: peak memory is ~10x the file for ordinary dumps and up to ~80x for a dump of
# one-line posts (BENCHMARKS.md, hostile inputs), so 1 GB of text already needs a large
# machine. THREADS_MAX_INPUT_MB (or ``threads --max-input-mb``) changes it.
MAX_INPUT_MB = 1024
MAX_INPUT_ENV = "THREADS_MAX_INPUT_MB"
# Posts per input: a dump of millions of one-line posts costs ~40x its size in memory
# (each post is a row in five tables). THREADS_MAX_POSTS (or ``threads --max-posts``)
# changes it. A big NDJSON/mbox dump read in pieces (chunks.py) is not capped: its
# memory is bounded by the piece size, not by its posts.
MAX_POSTS = 5_000_000
MAX_POSTS_ENV = "THREADS_MAX_POSTS"
# The HTML parsers formats/_html_dom.py knows (the first is the default; see there).
HTML_BACKENDS = ("lexbor", "soup")


# Set (to anything not blank): a bug shows its traceback (see Options.debug).
DEBUG_ENV = "THREADS_DEBUG"


@dataclass(frozen=True)
class Options:
    """How to read and analyse: one value for a whole run (frozen, picklable).

    - ``tz``: IANA zone of wall-clock times that carry none (``None``: as written, UTC);
    - ``max_input_mb`` / ``max_posts``: refuse an input larger than this / with more posts;
    - ``workers``: processes (a corpus run's pool; in a single run, the sentiment pool);
      ``None`` means every core this process may use, ``1`` stays in this process;
    - ``html_backend``: ``"lexbor"`` (fast) or ``"soup"`` (BeautifulSoup, the reference);
    - ``infer``: link replies by textual similarity when nothing else names a parent;
    - ``debug``: a bug met on one input raises with its traceback instead of being filed
      as that input's failure (the CLI sets it from ``THREADS_DEBUG``);
    - ``pseudonym_key``: authors become pseudonyms keyed by it (:mod:`threads.pseudonyms`;
      the CLI's ``--pseudonymise KEYFILE``); never shown in a repr.
    """

    tz: str | None = None
    max_input_mb: float = MAX_INPUT_MB
    max_posts: int = MAX_POSTS
    workers: int | None = None
    html_backend: str = HTML_BACKENDS[0]
    infer: bool = True
    debug: bool = False
    pseudonym_key: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.max_input_mb > 0:
            raise ThreadsError(f"the input size limit must be more than 0 MB (got {self.max_input_mb!r})")
        if self.max_posts < 1:
            raise ThreadsError(f"the posts limit must be more than 0 (got {self.max_posts!r})")
        if self.workers is not None and self.workers < 1:
            raise ThreadsError(f"--workers must be 1 or more (got {self.workers})")
        if self.html_backend not in HTML_BACKENDS:
            raise ThreadsError(
                f"unknown HTML backend {self.html_backend!r} (known: {', '.join(HTML_BACKENDS)})"
            )

    @property
    def max_input_bytes(self) -> int:
        """The input size cap in bytes (``max_input_mb`` MiB)."""
        return int(self.max_input_mb * 2**20)

    def for_worker(self) -> Options:
        """These options inside a pool or Dask worker: sentiment scored in that process
        (a pool per worker would start cores x cores processes)."""
        return replace(self, workers=1)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **given: object) -> Options:
        """Options from ``given`` (flags that were set), the limits not given taken from
        ``THREADS_MAX_INPUT_MB`` / ``THREADS_MAX_POSTS`` in ``environ`` (the CLI passes
        ``os.environ``; nothing below it reads the environment)."""
        values = {k: v for k, v in given.items() if v is not None}
        if "max_input_mb" not in values and (
            mb := _env_number(environ, MAX_INPUT_ENV, float, "number of MB")
        ):
            values["max_input_mb"] = mb
        if "max_posts" not in values and (
            n := _env_number(environ, MAX_POSTS_ENV, int, "whole number of posts")
        ):
            values["max_posts"] = int(n)
        if "debug" not in values and environ.get(DEBUG_ENV, "").strip():
            values["debug"] = True
        return cls(**values)  # type: ignore[arg-type]


def _env_number(
    environ: Mapping[str, str], name: str, kind: type[float] | type[int], unit: str
) -> float | None:
    """A positive number from ``environ[name]``, or ``None`` when it is unset or blank."""
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise ThreadsError(f"{name} must be a {unit} (got {raw!r})") from None
    if value <= 0:
        raise ThreadsError(f"{name} must be more than 0 (got {raw!r})")
    return value


def resolve(options: Options | None, **given: object) -> Options:
    """``options`` (default: the defaults) with each of ``given`` that is not ``None``
    put in (the API's ``tz=`` and ``workers=`` shortcuts)."""
    base = options or Options()
    changes = {k: v for k, v in given.items() if v is not None}
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]
