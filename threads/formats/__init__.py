"""The format registry: one module per input dialect, checked against a typed protocol.

A dialect is a module of this package named after its format: the format ``NAME`` is what
``--format`` takes, and the module is ``NAME.replace("-", "_")`` (``wordpress-html`` is
``wordpress_html.py``). It satisfies :class:`Format`: ``NAME``, ``DESCRIPTION`` (one
line, shown by ``threads formats``), ``sniff(text) -> float`` (confidence in [0, 1] that
the text is in this dialect) and ``parse(text) -> list[RawThread]``; optionally (see
:data:`OPTIONAL`) ``LINE_BASED = True`` for plain-text dialects (they refuse absurdly
long lines), ``PRIORITY`` (lower sorts first; ties in sniff scores go to the first) and
``KIND`` (one of :data:`KINDS`; else the name's ending says). A dialect whose dumps can
be huge may also be read in pieces, in parallel (``threads/chunks.py``): it then
satisfies :class:`StreamFormat` (``piece_start(buf) -> int``: the first offset >= 1 of
``buf`` where a piece may begin, or -1; ``scan(lines) -> partial``: partials of
consecutive pieces combine with ``partial.merge(later, line_offset)``;
``threads_of(partial) -> list[RawThread]``), or with ``STREAM_KEYED = True``
:class:`KeyedStreamFormat` (its partials also split by thread: ``thread_keys()``,
``select(keys)``, ``summary(limit=None)``: keys and counts only; ``threads_of(part,
whole_summary)``; the summary's first key is the dump's first thread). A module that
defines some stream hooks but not all, or a hook of the wrong shape, is refused when the
registry loads (:func:`conformance` says what is wrong).

Adding an engine is, exactly:

1. the module ``threads/formats/NAME_WITH_UNDERSCORES.py`` (protocol above);
2. its line in :data:`CATALOG` (``tests/formats/test_registry.py`` fails and prints the
   line when the table and the modules differ);
3. its fixtures, ``tests/fixtures/NAME/`` (two at least: small dumps of the engine's real
   shape), and for each fixture ``tests/golden/NAME/<fixture stem>.json``, checked by hand
   against the dump (``tests/golden/README.md``).

``tests/formats/test_dialects.py`` then runs every check every dialect must pass (golden
readings, detection of its fixtures, sniff range, no post lost, empty and garbage input)
without editing a list; tests of the engine's own shapes go in ``tests/formats/``.
``article`` is always the fallback.

:func:`catalog` lists the dialects without importing them (``threads formats``,
``--help``); :data:`REGISTRY`, :func:`get` and :func:`detect` import them on first use.

>>> from threads.formats import detect
>>> detect("Nice post!\\nPosted by: Ann | 07 June 2016 at 05:06 PM\\n").name
'typepad-text'
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, TypeVar, get_type_hints, runtime_checkable

from threads.model import ThreadsError

if TYPE_CHECKING:
    from threads.model import RawThread

_FALLBACK = "article"

# A dialect must be at least this sure to beat the `article` fallback. Calibrated on the
# seeds and fixtures: real dumps of a dialect sniff at >= 0.6, near misses at <= 0.2.
MIN_CONFIDENCE = 0.3

# What a user has in hand, for `threads formats`: a module may say (``KIND``), else its
# name's ending does.
KINDS = ("text copied from a page", "saved HTML page", "Q&A page (HTML)", "platform export", "fallback")

# ---------------------------------------------------------------- the protocol

_P = TypeVar("_P", bound="Partial")


class Format(Protocol):
    """What every dialect module defines (a module satisfies it as an object would)."""

    NAME: str
    DESCRIPTION: str

    def sniff(self, text: str) -> float:
        """Confidence in [0, 1] that ``text`` is in this dialect."""
        ...

    def parse(self, text: str) -> list[RawThread]:
        """The threads of ``text``; raises :class:`ThreadsError` when it cannot."""
        ...


@runtime_checkable
class Partial(Protocol):
    """What a stream dialect's ``scan`` gives for one piece of a dump."""

    def merge(self: _P, later: _P, line_offset: int = 0) -> None:
        """Append the partial of the next piece (its lines start at ``line_offset``)."""
        ...


@runtime_checkable
class KeyedPartial(Partial, Protocol):
    """A partial that also splits by thread (``STREAM_KEYED`` dialects)."""

    def thread_keys(self) -> list[str]:
        """The keys of the threads seen, the dump's first thread first."""
        ...

    def select(self, keys: set[str]) -> KeyedPartial:
        """Only the records of the threads ``keys``."""
        ...

    def summary(self, limit: int | None = None) -> KeyedPartial:
        """Keys and counts only (what the coordinator keeps of every piece)."""
        ...


class StreamFormat(Format, Protocol):
    """A dialect whose dumps can be read in pieces (``threads/chunks.py``)."""

    def piece_start(self, buf: bytes) -> int:
        """The first offset >= 1 of ``buf`` where a piece may begin, or -1."""
        ...

    def scan(self, lines: list[str]) -> Partial:
        """The partial of one piece's lines."""
        ...

    def threads_of(self, part: Partial) -> list[RawThread]:
        """The threads of the merged partials."""
        ...


class KeyedStreamFormat(Format, Protocol):
    """A stream dialect whose partials split by thread (``STREAM_KEYED = True``)."""

    STREAM_KEYED: bool

    def piece_start(self, buf: bytes) -> int:
        """As in :class:`StreamFormat`."""
        ...

    def scan(self, lines: list[str]) -> KeyedPartial:
        """The keyed partial of one piece's lines."""
        ...

    def threads_of(self, part: KeyedPartial, whole: KeyedPartial | None = None) -> list[RawThread]:
        """The threads of ``part``; ``whole`` is the whole dump's summary."""
        ...


# Attributes a dialect may define, with their type and the value when it does not.
OPTIONAL: dict[str, tuple[type, object]] = {
    "LINE_BASED": (bool, False),
    "PRIORITY": (int, 50),
    "KIND": (str, None),
    "STREAM_KEYED": (bool, False),
}
_STREAM_HOOKS = ("piece_start", "scan", "threads_of")


def _methods(protocol: type) -> dict[str, inspect.Signature]:
    """The protocol's methods and their signatures, ``self`` left out."""
    out = {}
    for klass in reversed(protocol.__mro__):
        for name, value in vars(klass).items():
            if inspect.isfunction(value) and not name.startswith("_"):
                sig = inspect.signature(value)
                out[name] = sig.replace(parameters=list(sig.parameters.values())[1:])
    return out


def _data(protocol: type) -> dict[str, type]:
    """The protocol's data members and their types."""
    return {n: t for n, t in get_type_hints(protocol).items() if isinstance(t, type)}


def protocol_of(module: ModuleType) -> type:
    """The protocol ``module`` must satisfy: :class:`Format`, or a stream one when it
    defines any stream hook."""
    if not any(hasattr(module, hook) for hook in _STREAM_HOOKS):
        return Format
    return KeyedStreamFormat if getattr(module, "STREAM_KEYED", False) else StreamFormat


def conformance(module: ModuleType) -> list[str]:
    """What is wrong with ``module`` as a dialect (nothing: it is one).

    Checked against the protocol classes themselves: every data member is there with its
    type, every method is a function taking the protocol's arguments, the optional
    attributes have their type, and the module is named after ``NAME``.
    """
    protocol = protocol_of(module)
    problems = []
    for name, want in _data(protocol).items():
        if not isinstance(getattr(module, name, None), want):
            problems.append(f"{name} must be a {want.__name__}")
    for name, sig in _methods(protocol).items():
        hook = getattr(module, name, None)
        if not callable(hook):
            problems.append(f"{name}() is missing")
            continue
        try:
            inspect.signature(hook).bind(*(p.name for p in sig.parameters.values()))
        except TypeError:
            problems.append(f"{name}() must take {sig}")
    for name, (kind, _) in OPTIONAL.items():
        if hasattr(module, name) and type(getattr(module, name)) is not kind:
            problems.append(f"{name} must be a {kind.__name__}")
    if getattr(module, "KIND", KINDS[0]) not in KINDS:
        problems.append(f"KIND must be one of {KINDS}")
    name = getattr(module, "NAME", None)
    if isinstance(name, str) and module.__name__.rsplit(".", 1)[-1] != name.replace("-", "_"):
        problems.append(f"the module of format {name!r} must be {name.replace('-', '_')}.py")
    return problems


# ---------------------------------------------------------------- the catalog


@dataclass(frozen=True)
class Listing:
    """One line of :func:`catalog`: a dialect as ``threads formats`` shows it."""

    name: str
    kind: str
    description: str


def _listed(kind: str, *entries: tuple[str, str]) -> tuple[Listing, ...]:
    return tuple(Listing(name, kind, description) for name, description in entries)


# Every dialect, by kind then name, written out so that listing them imports none of them
# (`threads formats` and `--help` start fast). tests/formats/test_registry.py checks that
# it matches the modules exactly, and prints the table to paste when it does not.
CATALOG: tuple[Listing, ...] = (
    *_listed(
        "text copied from a page",
        (
            "blogger-text",
            "Blogger comments copied from a browser: NAME, a date line, the text, 'Reply'/'Delete'.",
        ),
        (
            "discourse-text",
            "Discourse topic copied from a browser: NAME, a date ('3h', \"Mar '22\", 'May 30, "
            "2019'), text, 'Reply'.",
        ),
        (
            "email-text",
            "An email thread pasted as text: 'On DATE, NAME wrote:' lines or From:/Date: headers.",
        ),
        (
            "hackernews-text",
            "Hacker News item page copied from a browser: 'NAME 3 hours ago | parent | next "
            "[–]', text, 'reply'.",
        ),
        (
            "invision-text",
            "Invision Community topics copied from a browser: member block, 'Posted DATE', "
            "'NAME said:' quotes.",
        ),
        (
            "mybb-text",
            "MyBB threads copied from a browser: member block, '#N', 'DATE', text, "
            "'(DATE)NAME Wrote:' quotes.",
        ),
        (
            "phpbb-text",
            "phpBB topics copied from a browser: 'Posted: DATE Post subject:' (2) or 'by NAME"
            " » DATE' (3), 'NAME wrote:' quotes.",
        ),
        (
            "reddit-text",
            "Old Reddit comments copied from a browser: '[–]NAME 12 points 3 hours ago', "
            "text, 'permalink ... reply'.",
        ),
        (
            "smf-text",
            "SMF topics copied from a browser: '« Reply #N on: DATE »', member block, 'Quote "
            "from: X' quotes.",
        ),
        (
            "stackexchange-text",
            "Stack Exchange question copied from a browser: 'asked/answered DATE NAME', "
            "comments 'TEXT – NAME DATE'.",
        ),
        ("typepad-text", "Typepad comments copied as text, each closed by 'Posted by: NAME | DATE at TIME'."),
        (
            "vbulletin-text",
            "vBulletin threads copied from a browser: 'DATE #N', member block, text, 'Zitat "
            "von X' / 'Originally Posted by X' quotes.",
        ),
        ("wordpress-text", "WordPress comments copied from a browser: 'NAME says:', a date line, the text."),
        (
            "xenforo-text",
            "XenForo threads copied from a browser: member block, date, '#N', text, 'NAME said:' quotes.",
        ),
    ),
    *_listed(
        "saved HTML page",
        ("blogger-html", "Blogger/Blogspot page saved as HTML: the post and its threaded comments."),
        ("discourse-html", "Discourse topic page saved as HTML (rendered or crawler view)."),
        ("generic-html", "Any other saved HTML discussion (schema.org data, or repeated comment blocks)."),
        ("hackernews-html", "Hacker News item page saved as HTML (story and nested comments)."),
        ("invision-html", "Invision Community / IP.Board 3 and 4 topic page saved as HTML."),
        (
            "list-archive-html",
            "Mailing-list archive pages saved as HTML (Pipermail, Hypermail, MHonArc): a message's page, "
            "or a folder of them read as one archive.",
        ),
        ("movabletype-html", "Movable Type blog page saved as HTML: the entry and its comments."),
        ("mybb-html", "MyBB thread page saved as HTML."),
        ("phpbb-html", "phpBB 2/3 topic page saved as HTML (posts, quotes, signatures)."),
        (
            "reddit-html",
            "Reddit comment page saved as HTML (old Reddit or www.reddit.com): submission and nested "
            "comments.",
        ),
        ("smf-html", "Simple Machines Forum 1.x/2.x topic page saved as HTML."),
        ("typepad-html", "Typepad blog page saved as HTML: the article and its 'Posted by:' comments."),
        ("vbulletin-html", "vBulletin 3/4/5 thread page saved as HTML (posts, quotes, signatures)."),
        ("wordpress-html", "WordPress blog page saved as HTML: the article and its (threaded) comments."),
        ("xenforo-html", "XenForo 1/2 thread page saved as HTML (posts, quotes, signatures)."),
    ),
    *_listed(
        "Q&A page (HTML)",
        ("askbot-html", "Askbot question page saved as HTML (question, answers, comments under each)."),
        ("stackexchange-html", "Stack Exchange question page saved as HTML (question, answers, comments)."),
    ),
    *_listed(
        "platform export",
        (
            "activitypub-json",
            "ActivityPub outbox JSON (a Mastodon archive's outbox.json): Create activities, by inReplyTo.",
        ),
        (
            "bluesky-json",
            "Bluesky getPostThread JSON: a thread of nested threadViewPost nodes (post, parent, replies).",
        ),
        (
            "convokit-jsonl",
            "ConvoKit corpus (folder or zip: utterances.jsonl, speakers.json, conversations.json), or its "
            "utterances.jsonl alone: a thread a conversation, by reply-to.",
        ),
        (
            "discord-csv",
            "DiscordChatExporter CSV export: AuthorID, Author, Date, Content, Attachments, Reactions; "
            "no reply ids.",
        ),
        (
            "discord-html",
            "DiscordChatExporter HTML export (HtmlDark/HtmlLight): one channel's message groups, "
            "replies by message id.",
        ),
        (
            "discord-json",
            "DiscordChatExporter JSON: one channel's messages (guild, channel, messages with author, "
            "reference).",
        ),
        (
            "discord-text",
            "DiscordChatExporter PlainText export: '====' header (Guild:, Channel:), '[DATE] AUTHOR' "
            "messages; no reply ids.",
        ),
        (
            "discourse-json",
            "Discourse topic JSON (/t/ID.json, posts.json): post_stream or latest_posts, cooked HTML.",
        ),
        (
            "disqus-json",
            "Disqus API JSON (threads/listPosts, posts/list): response posts with thread and parent.",
        ),
        ("disqus-xml", "Disqus XML export: <thread> and <post> elements with <parent> links."),
        (
            "facebook-json",
            "facebook-scraper posts as JSON (get_posts with comments): post_id, text, comments_full "
            "with replies; a thread a post.",
        ),
        (
            "foolfuuka-json",
            "4chan archive JSON from FoolFuuka (4plebs, desuarchive): thread, index or search answers.",
        ),
        (
            "github-json",
            "GitHub REST API issue or pull request JSON (/issues/N/comments, /pulls/N/comments, gh "
            "api --paginate): comments and review comments.",
        ),
        (
            "hn-json",
            "Hacker News JSON: Firebase items (a list, or one a line), BigQuery rows one a line, "
            "Algolia items or search hits, or nested HNPWA.",
        ),
        (
            "imageboard-json",
            "4chan / vichan API JSON (thread/NO.json, index pages, catalog): posts with no, resto, >>links.",
        ),
        (
            "instagram-json",
            "Instagram comments from scrapers: instaloader --comments (_UTC_comments.json), Apify comment "
            "or post items (latestComments); a thread a post.",
        ),
        (
            "irc-text",
            "IRC channel log (irssi, WeeChat, ZNC, mIRC, XChat/HexChat, Ubuntu irclogs, MeetBot): "
            "'09:01 <nick> text' lines; events counted.",
        ),
        (
            "lemmy-json",
            "Lemmy / PieFed API JSON (comment/list, post?id=): comment views by path, post views; a "
            "thread a post.",
        ),
        (
            "mastodon-json",
            "Mastodon API JSON (statuses/:id/context, statuses): threads by in_reply_to_id, HTML content.",
        ),
        (
            "matrix-json",
            "Matrix room history JSON: Element's 'Export chat' (room_name, messages) or the API's "
            "/messages pages (chunk): one thread per room.",
        ),
        (
            "mbox",
            "mbox / Pipermail / Mailman archive, one .eml mail, or a Maildir or folder of .eml mails, "
            "threaded by In-Reply-To.",
        ),
        (
            "movabletype",
            "Movable Type / Typepad export: AUTHOR/TITLE/DATE entries, BODY and COMMENT sections.",
        ),
        (
            "reddit-json",
            "Reddit API JSON: comments pages, morechildren and info answers, PRAW's recorded cassettes; "
            "merged by comment id.",
        ),
        (
            "reddit-ndjson",
            "Reddit NDJSON dump (Pushshift / Arctic Shift), one record a line, or a Pushshift API answer.",
        ),
        (
            "slack-json",
            "Slack workspace export (zip or folder: users.json, channels.json, day files), one day file "
            "or conversations.history: a thread a channel.",
        ),
        (
            "stackexchange-json",
            "Stack Exchange API JSON (/questions?filter=withbody, /answers, /comments): items with "
            "question_id, answer_id, post_id.",
        ),
        (
            "stackexchange-xml",
            "Stack Exchange data dump XML (Posts.xml, with Comments.xml and Users.xml): <row> elements "
            "with PostTypeId, ParentId, PostId.",
        ),
        (
            "table-csv",
            "Comment tables, CSV/TSV with a header row (YouTube Data Tools, 4CAT, Netvizz, Reddit scripts): "
            "columns by name; a thread per thread column, parents by id.",
        ),
        (
            "telegram-html",
            "Telegram Desktop chat export as HTML (messages.html, messages2.html, ...): one chat, its "
            "pages read as one thread.",
        ),
        (
            "telegram-json",
            "Telegram Desktop chat export JSON (result.json): one chat, or a full export's chats list.",
        ),
        (
            "twitter-archive",
            "X/Twitter account archive's data/tweets.js ('window.YTD.tweets.part0 = [...]'): threads "
            "by replies.",
        ),
        (
            "twitter-json",
            "Twitter/X tweets: API v2 pages (twarc2) or flattened tweets, v1.1 statuses (twarc), "
            "snscrape/twscrape lines; a thread a conversation.",
        ),
        (
            "whatsapp-text",
            "WhatsApp 'Export chat' text: '12/03/21, 14:22 - Ana: text' or '[12.03.21, 14:22:05] Ana: text'.",
        ),
        (
            "wordpress-json",
            "WordPress REST API JSON (/wp-json/wp/v2/comments, posts?_embed): comments with parent ids.",
        ),
        ("wordpress-wxr", "WordPress WXR export (RSS with wp: elements): posts and their comments."),
        (
            "youtube-json",
            "YouTube Data API v3 JSON (commentThreads.list, comments.list): pages, lists of pages or items.",
        ),
        (
            "youtube-ndjson",
            "youtube-comment-downloader output: a comment a line (cid, text, time, time_parsed), or a list.",
        ),
        (
            "ytdlp-json",
            "yt-dlp --write-comments .info.json, its comments list, or -j's video a line: each video "
            "and its comments, by parent.",
        ),
        (
            "zulip-json",
            "Zulip GET /messages answers (messages with sender_full_name, display_recipient, subject): "
            "one thread per stream topic, a chat per private conversation.",
        ),
    ),
    *_listed(
        "fallback",
        ("article", "Fallback: a document with no comment structure, read as one post (the article)."),
    ),
)


def catalog() -> tuple[Listing, ...]:
    """Name, kind and description of every dialect, without importing any of them.

    >>> [x.name for x in catalog() if x.kind == "fallback"]
    ['article']
    """
    return CATALOG


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Stream:
    """How a dialect reads a dump in pieces (see the module doc and ``threads/chunks.py``).

    ``threads_of`` takes ``(part, whole)`` for every dialect; ``whole`` (the dump's
    summary) is passed on to keyed dialects only.
    """

    piece_start: Callable[[bytes], int]
    scan: Callable[[list[str]], Partial]
    threads_of: Callable[[Partial, Partial | None], list[RawThread]]
    keyed: bool = False


@dataclass(frozen=True)
class Dialect:
    """A registered dialect: its module's protocol, read once."""

    name: str
    description: str
    sniff: Callable[[str], float]
    parse: Callable[[str], list[RawThread]]
    module: ModuleType
    line_based: bool = False
    stream: Stream | None = None
    kind: str = "platform export"
    priority: int = 50


def _stream(m: ModuleType) -> Stream | None:
    protocol = protocol_of(m)
    if protocol is Format:
        return None
    if protocol is KeyedStreamFormat:
        return Stream(m.piece_start, m.scan, m.threads_of, keyed=True)
    hook = m.threads_of

    def threads_of(part: Partial, whole: Partial | None = None) -> list[RawThread]:
        return hook(part)  # a plain stream dialect has no use for the summary

    return Stream(m.piece_start, m.scan, threads_of)


def _kind(m: ModuleType) -> str:
    if kind := getattr(m, "KIND", None):
        return str(kind)
    if m.NAME == _FALLBACK:
        return "fallback"
    if m.NAME.endswith("-text"):
        return "text copied from a page"
    return "saved HTML page" if m.NAME.endswith("-html") else "platform export"


def dialect_modules() -> list[str]:
    """The names of this package's public modules: each must be a dialect. Lists files
    only; imports nothing."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def register(modules: list[ModuleType]) -> dict[str, Dialect]:
    """The registry of ``modules``, ordered by priority then name, ``article`` last.

    Raises :class:`TypeError` naming the module and what it lacks when one does not
    satisfy the protocol (a broken dialect must not be skipped silently).
    """
    for m in modules:
        if problems := conformance(m):
            raise TypeError(f"{m.__name__} is not a dialect: {'; '.join(problems)}")
    ordered = sorted(modules, key=lambda m: (m.NAME == _FALLBACK, getattr(m, "PRIORITY", 50), m.NAME))
    return {
        m.NAME: Dialect(
            m.NAME,
            m.DESCRIPTION,
            m.sniff,
            m.parse,
            m,
            getattr(m, "LINE_BASED", False),
            _stream(m),
            _kind(m),
            getattr(m, "PRIORITY", 50),
        )
        for m in ordered
    }


@cache
def _registry() -> Mapping[str, Dialect]:
    return register([importlib.import_module(f"{__name__}.{name}") for name in dialect_modules()])


def __getattr__(name: str) -> object:
    # REGISTRY is built on first use (PEP 562): importing this package imports no dialect.
    if name == "REGISTRY":
        return _registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    REGISTRY: Mapping[str, Dialect]


@dataclass(frozen=True)
class Detection:
    """Which dialect won, how sure it was, and the runner-up scores."""

    name: str
    confidence: float
    scores: dict[str, float]

    @property
    def format(self) -> Dialect:
        return _registry()[self.name]


def get(name: str) -> Dialect:
    """The dialect called ``name``; a :class:`ThreadsError` lists the known ones."""
    try:
        return _registry()[name]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise ThreadsError(f"unknown format {name!r} (known: {known})") from None


def detect(text: str) -> Detection:
    """Sniff ``text`` with every dialect and return the most confident one.

    Falls back to ``article`` when no dialect reaches :data:`MIN_CONFIDENCE`.
    """
    scores = {name: float(fmt.sniff(text)) for name, fmt in _registry().items()}
    ranked = sorted(
        (item for item in scores.items() if item[0] != _FALLBACK),
        key=lambda item: -item[1],
    )
    if ranked and ranked[0][1] >= MIN_CONFIDENCE:
        return Detection(ranked[0][0], ranked[0][1], scores)
    return Detection(_FALLBACK, scores.get(_FALLBACK, 0.0), scores)
