"""Records that flow through the pipeline, and the one place for column names and schemas.

A parser turns text into :class:`RawThread` objects holding :class:`RawPost` records
(flat, in document order, with structure hints such as ``parent_source_id``). Later
stages fill in a :class:`Post` per record (own text, quotes, reply link, sentiment) and
a list of :class:`Reply` edges, each carrying its evidence. ``tables.py`` turns those
into polars frames with the schemas below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# re-exported: callers name the evidence kinds with the records
from threads.evidence import EVIDENCE as EVIDENCE
from threads.evidence import EVIDENCE_RANK as EVIDENCE_RANK
from threads.evidence import INFERRED_EVIDENCE as INFERRED_EVIDENCE


class ThreadsError(Exception):
    """A problem with the user's input or output that deserves one clear line.

    ``path`` names the file (or folder) concerned; ``str(err)`` is the message the
    CLI prints as ``threads: error: PATH: MESSAGE``.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def internal_error(error: BaseException | None) -> str:
    """The one line for a bug (an exception that is not a :class:`ThreadsError`): the
    CLI prints it; a run of several inputs files it as the failure of the input it met
    and reads the others (in one process, one odd file stopped a whole folder's run; a
    corpus run already went on)."""
    return (
        f"internal error: {type(error).__name__}: {error} "
        "(please report it; THREADS_DEBUG=1 shows the traceback)"
    )


@dataclass(slots=True)  # one per post: no per-instance __dict__
class RawPost:
    """One post as a parser found it, before quote splitting and reply inference.

    ``body`` is the post's text as it stands in the dump (quotes included, UI lines
    such as "Reply" removed). ``quoted`` holds passages the parser already knows are
    quotes (e.g. HTML blockquotes), with ``quote_sources`` naming their author where the
    source says so. ``parent_source_id`` is set by formats with real nesting.
    """

    author: str | None
    body: str
    timestamp: datetime | None = None
    title: str | None = None
    source_id: str | None = None
    parent_source_id: str | None = None
    quoted: list[str] = field(default_factory=list)
    quote_sources: list[str | None] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0
    signature: str | None = None
    # A post whose place the dump keeps but whose author and words are gone: a root the
    # dump does not contain (article not copied), or a deleted / removed comment. Author
    # None; left out of author statistics and graph exports.
    placeholder: bool = False
    # How sure the source is of ``parent_source_id``: ``nested`` for a real parent link
    # (parent id, nesting, In-Reply-To); a weaker kind (``subject``) with its confidence
    # when the format only guessed the parent.
    parent_evidence: str = "nested"
    parent_confidence: float = 1.0
    # Further posts this post answers besides ``parent_source_id``, on the same evidence
    # (an imageboard post quoting several posts: >>101 >>102): one reply row each; the
    # resolver picks the parent among them all (replies.py: the latest target on a tie).
    also_answers: list[str] = field(default_factory=list)
    # The file the post was read from, when it differs from its thread's (pages of one
    # thread merged from several files); None: the thread's file.
    source_file: str | None = None
    # The file of a bundle (an export of several files read as one, threads/zipped.py)
    # the post was read from, its path inside the bundle's folder or zip; None: no bundle.
    member: str | None = None


@dataclass
class RawThread:
    """One discussion found in a file: its posts in document order, post 0 the root."""

    posts: list[RawPost]
    title: str | None = None
    key: str | None = None  # a stable key inside the file (entry id, ...) if several threads
    skipped: dict[str, int] = field(default_factory=dict)  # e.g. {"pingback": 2}
    warnings: list[str] = field(default_factory=list)
    # Pages of one thread: ``origin`` names the thread the same way on each of its pages
    # (canonical URL, topic id, ...); ``page`` is (k, n) for page k of n (n None if
    # unknown). Pages given together with the same origin are merged into one thread.
    origin: str | None = None
    page: tuple[int, int | None] | None = None
    # A warning true only while this part is read alone ("post 123 is not in the file:
    # a placeholder root stands for it"): said then (pages.page_note), dropped when the
    # part is merged with the file that holds what it lacked (pages.merge).
    alone_note: str | None = None
    # Where a page without a page number starts in its thread (its first post's number in
    # the thread, e.g. Discourse's post_number): pages.merge orders such pages by it, not
    # by the order they were given in ("page-10.json" sorts before "page-2.json").
    starts_at: int | None = None
    # Signature tails a dialect already counted (typepad-text learns marks to find where
    # the article ends), a ``signatures.Tally`` (typed Any: signatures.py imports this
    # module); the pipeline then counts only the other posts. Not data.
    signature_tally: Any = field(default=None, compare=False, repr=False)


@dataclass(slots=True)  # one per post: no per-instance __dict__
class Post:
    """A post after analysis; one row of the ``posts`` table."""

    thread_id: str
    post_id: int
    author: str | None
    timestamp: datetime | None
    title: str | None
    text: str
    quoted: list[str]
    source_id: str | None
    line_start: int
    line_end: int
    source_format: str
    source_file: str
    signature: str | None = None
    parent_id: int | None = None
    reply_evidence: str | None = None
    reply_confidence: float | None = None
    depth: int = 0
    compound: float = 0.0
    positive: float = 0.0
    neutral: float = 0.0
    negative: float = 0.0
    lang: str | None = None
    sentiment_reliable: bool = True
    n_words: int = 0
    placeholder: bool = False
    # working fields, not columns
    parent_source_id: str | None = None
    parent_evidence: str = "nested"
    parent_confidence: float = 1.0
    # Kept for code that read it; nothing fills it (quote sources are in the replies'
    # evidence): one shared empty tuple, not an empty list (56 bytes) per post.
    quote_sources: tuple[str | None, ...] = ()
    also_answers: tuple[str, ...] = ()  # RawPost.also_answers (working field; most: the shared ())


@dataclass(slots=True)  # one per post: no per-instance __dict__
class Reply:
    """One reply edge: ``post_id`` answers ``target_id`` because of ``evidence``."""

    thread_id: str
    post_id: int
    target_id: int
    target_author: str | None
    evidence: str
    confidence: float
    detail: str


@dataclass
class Thread:
    """One analysed discussion: posts, reply edges and what was found on the way."""

    thread_id: str
    title: str | None
    source_file: str
    source_format: str
    encoding: str
    posts: list[Post]
    replies: list[Reply]
    format_confidence: float = 1.0
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        # The dataclass repr printed every post and reply (41,000 characters for 26
        # posts): in a notebook a thread says what it is; its parts are a field away.
        return (
            f"Thread({self.thread_id!r}, {self.source_format}, {plural(len(self.posts), 'post')}, "
            f"{plural(len(self.replies), 'reply link')}, title={self.title!r})"
        )


# ---------------------------------------------------------------- table schemas
# The column names and polars types of every table live in threads/schemas.py and are
# reachable here as before (``from threads.model import POSTS_SCHEMA``): loaded on first
# use (PEP 562), so `import threads` and `threads --help` do not import polars.
_SCHEMAS = (
    "UTC_TIME",
    "POSTS_SCHEMA",
    "REPLIES_SCHEMA",
    "AUTHORS_SCHEMA",
    "INTERACTIONS_SCHEMA",
    "THREADS_SCHEMA",
    "TABLES",
)


def __getattr__(name: str) -> Any:
    if name in _SCHEMAS:
        from threads import schemas

        return getattr(schemas, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plural(count: int, word: str) -> str:
    """``1 thread``, ``2 threads``, ``1,000 posts``: a count and its noun, in the right number."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
