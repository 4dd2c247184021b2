"""Helpers shared by the platform-export dialects (JSON, XML, mbox): safe parsing,
HTML to text with quotes, epoch times, and parent-before-child ordering.

XML is parsed with entity expansion, DTD loading and network access off; a document
that declares entities (billion laughs, XXE) is refused with a :class:`ThreadsError`
before the parser sees it.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from lxml import etree

from threads.dates import in_range, utc
from threads.formats._html import soup, take_quotes, text_of
from threads.model import RawPost, ThreadsError

# Where a sniffer looks: enough for the opening of any export we know.
SNIFF_CHARS = 8192
# JSON exports are recognised by their structure, wherever their keys stand (a Discourse
# topic saved with sorted keys puts "post_stream" 28 KB in). json_outline() parses the
# document once and keeps an outline: every dict's keys (up to OUTLINE_KEYS), the first
# OUTLINE_ITEMS items of every list, strings cut to OUTLINE_STR characters, OUTLINE_DEPTH
# levels deep: enough for each JSON sniffer's checks (the deepest, Reddit's
# list > Listing > data > children > t3 > data, is 6), small enough to cache.
OUTLINE_KEYS = 512
OUTLINE_ITEMS = 3
OUTLINE_STR = 64
OUTLINE_DEPTH = 8
# Text that is not one valid JSON document (a head cut from a big dump, a file cut short)
# is searched with the sniffers' key patterns instead, this far in: the 1 MB head that
# threads/chunks.py gives detection.
SCAN_CHARS = 2**20
_PROLOG_END = re.compile(r"<[A-Za-z_]")
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")


def load_json(text: str, what: str) -> Any:
    """``json.loads`` with one clear :class:`ThreadsError` for any failure."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as err:  # JSONDecodeError is a ValueError
        raise ThreadsError(f"not valid JSON for {what}: {err}") from None


def json_documents(text: str, what: str) -> list[Any]:
    """The JSON documents of ``text``: one, or several written one after the other (API
    pages saved in a row: ``gh api --paginate``, answers appended to one file). One clear
    :class:`ThreadsError` at the first one that does not parse, as :func:`load_json`."""
    decoder, docs, at, end = json.JSONDecoder(), [], 0, len(text)
    while True:
        while at < end and text[at].isspace():
            at += 1
        if at >= end:
            return docs
        try:
            doc, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as err:
            raise ThreadsError(f"not valid JSON for {what}: {err}") from None
        docs.append(doc)


# Where one line of a one-document-a-line file ends: a line feed (after a carriage
# return or not) or a lone carriage return, never the other breaks ``str.splitlines``
# knows (U+2028, U+2029, U+0085, form feed ...), which a JSON string may hold raw: a
# YouTube comment with a pasted U+2028, written with ensure_ascii=False, was cut in
# two lines that did not parse, and the comment lost.
_LINE_END = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """The lines of a one-document-a-line file (see :data:`_LINE_END`)."""
    return _LINE_END.split(text)


def json_lines(text: str, limit: int | None = None) -> tuple[list[tuple[int, Any]], int]:
    """(line number, parsed value) of the first ``limit`` non-blank lines of a
    one-document-a-line file (NDJSON, JSONL), and how many of them did not parse (a line
    cut short, a log line)."""
    found: list[tuple[int, Any]] = []
    bad = 0
    for no, line in enumerate(text_lines(text), start=1):
        if limit is not None and len(found) + bad >= limit:
            break
        if not line.strip():
            continue
        try:
            found.append((no, json.loads(line)))
        except (ValueError, RecursionError):
            bad += 1
    return found, bad


class _Unparsed:
    """json_outline()'s answer for text that is not one JSON document."""

    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON: Any = _Unparsed()
_JSON_OPEN = re.compile(r"\s*[\[{]")
_outline_cache: tuple[tuple[int, int], Any] | None = None


def _outline(value: Any, depth: int) -> Any:
    if isinstance(value, dict):
        if depth <= 0:
            return {}
        keys = list(value)[:OUTLINE_KEYS]
        return {k: _outline(value[k], depth - 1) for k in keys}
    if isinstance(value, list):
        return [_outline(v, depth - 1) for v in value[:OUTLINE_ITEMS]] if depth > 0 else []
    if isinstance(value, str):
        return value[:OUTLINE_STR]
    return value


def json_outline(text: str) -> Any:
    """An outline of the JSON document ``text`` (see :data:`OUTLINE_DEPTH`), or
    :data:`NOT_JSON` when ``text`` does not open like JSON or does not parse (truncated,
    nested past the recursion limit, several documents).

    Parsed once per text: the JSON sniffers of one detection share the answer (the cache
    keys on the text's length and hash, and holds only the small outline, never the
    document or the text).

    >>> json_outline('{"b": [1, 2, 3, 4, 5], "a": {"c": "x"}}')
    {'b': [1, 2, 3], 'a': {'c': 'x'}}
    >>> json_outline("[1, 2") is NOT_JSON
    True
    """
    global _outline_cache  # one entry: detection sniffs one text with every dialect in turn
    if not _JSON_OPEN.match(text):
        return NOT_JSON
    key = (len(text), hash(text))
    if _outline_cache is not None and _outline_cache[0] == key:
        return _outline_cache[1]
    try:
        outline = _outline(json.loads(text), OUTLINE_DEPTH)
    except (ValueError, RecursionError):
        outline = NOT_JSON
    _outline_cache = (key, outline)
    return outline


# HTTP recordings of API calls, as test suites and scrapers save them: vcrpy's JSON
# cassettes ({"interactions": [...]}, PRAW since 2026) and betamax's ({"http_interactions":
# [...]}, PRAW before, github3.py). Each interaction's response body is the API's answer as
# text ({"string": ...}), or base64 ({"base64_string": ...}, gzip-compressed when the
# server sent it so).
CASSETTE_KEYS = ("interactions", "http_interactions")
_GZIP = b"\x1f\x8b"
# A recorded body inflates to at most this much (a gzip bomb stops here, said).
MAX_BODY_BYTES = 2**28


def cassette_uris(value: object) -> list[str]:
    """The request URIs of a cassette (or of its outline), [] when ``value`` is none."""
    if not isinstance(value, dict):
        return []
    calls = next((value[k] for k in CASSETTE_KEYS if isinstance(value.get(k), list)), [])
    requests = [c.get("request") for c in calls if isinstance(c, dict)]
    return [r["uri"] for r in requests if isinstance(r, dict) and isinstance(r.get("uri"), str)]


def cassette_answers(doc: object) -> list[tuple[str, Any]] | None:
    """(request URI, parsed JSON answer) of every interaction of a recorded cassette whose
    response body is JSON, in the order recorded; None when ``doc`` is no cassette. Bodies
    that are not JSON (an HTML error page, a body cut short) are passed over."""
    if not isinstance(doc, dict) or not any(isinstance(doc.get(k), list) for k in CASSETTE_KEYS):
        return None
    calls = next(doc[k] for k in CASSETTE_KEYS if isinstance(doc.get(k), list))
    out: list[tuple[str, Any]] = []
    for call in calls:
        request = call.get("request") if isinstance(call, dict) else None
        response = call.get("response") if isinstance(call, dict) else None
        uri = request.get("uri") if isinstance(request, dict) else None
        body = response.get("body") if isinstance(response, dict) else None
        text = _body_text(body)
        if not isinstance(uri, str) or text is None or not _JSON_OPEN.match(text):
            continue
        try:
            out.append((uri, json.loads(text)))
        except (ValueError, RecursionError):
            continue
    return out


def _body_text(body: object) -> str | None:
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("string"), str) and body["string"]:
        return body["string"]
    encoded = body.get("base64_string")
    if not isinstance(encoded, str):
        return None
    try:
        raw = base64.b64decode(encoded)
        if raw[:2] == _GZIP:
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            raw = inflate.decompress(raw, MAX_BODY_BYTES)
            if inflate.unconsumed_tail:
                raise ThreadsError(f"a recorded response body inflates past {MAX_BODY_BYTES // 2**20} MB")
        return raw.decode("utf-8")
    except (ValueError, zlib.error):  # binascii.Error and UnicodeDecodeError are ValueErrors
        return None


def scan_head(text: str) -> str:
    """The part of ``text`` a pattern-based sniffer searches when it is not valid JSON."""
    return text[:SCAN_CHARS]


def need(value: object, kind: type | tuple[type, ...], where: str) -> Any:
    """``value`` if it is of ``kind``, else a :class:`ThreadsError` naming ``where``."""
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise ThreadsError(
            f"unexpected JSON shape: {where} should be {_json_name(names)}, got {_kind(value)}"
        )
    return value


def _json_name(names: str) -> str:
    return names.replace("dict", "an object").replace("list", "a list").replace("str", "a string")


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def parse_xml(text: str) -> etree._Element:
    """The root element of an XML document, parsed safely.

    Entity declarations are refused outright (they serve no purpose in a platform
    export and are how billion-laughs and XXE attacks work); the parser itself also
    has entity resolution, DTD loading and network access off.
    """
    if text[:1].isspace() and text.lstrip().startswith("<?xml"):
        # blank lines before the declaration (a WordPress theme or plugin that prints a
        # newline ahead of the export; remark42's WXR test data) make libxml2 refuse the
        # whole file ("XML declaration allowed only at the start"): they carry nothing
        text = text.lstrip()
    start = _PROLOG_END.search(text)
    prolog = text[: start.start()] if start else text
    if _ENTITY.search(prolog):
        raise ThreadsError(
            "XML declares entities (<!ENTITY ...>): refused, as entity expansion can "
            "exhaust memory (billion laughs) or read local files (XXE)"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
    )
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as err:
        # libxml2's message may hold a newline ("out of allowed range\n, line 1"): one line
        raise ThreadsError(f"not well-formed XML: {' '.join(str(err).split())}") from None


def xml_text(el: etree._Element | None, path: str, ns: dict[str, str]) -> str:
    """Text of the first ``path`` under ``el`` ("" when missing)."""
    if el is None:
        return ""
    found = el.find(path, ns)
    return (found.text or "") if found is not None else ""


def html_post_text(
    html: str, quote_selectors: tuple[str, ...] = ("blockquote",)
) -> tuple[str, list[tuple[str | None, str]]]:
    """Text of an HTML fragment and its quote blocks (taken out, one selector after the
    other) as (author, text)."""
    if not html.strip():
        return "", []
    if not _TAG.search(html):  # plain text (or only entities): keep line breaks as written
        from html import unescape

        return unescape(html).strip(), []
    page = soup(f"<div id='threads-body'>{html}</div>")
    body = page.select_one("#threads-body") or page
    quotes = [q for selector in quote_selectors for q in take_quotes(body, selector)]
    return text_of(body), quotes


def epoch(value: object) -> datetime | None:
    """Unix seconds (int, float or digit string) as an aware UTC datetime."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)  # type: ignore[arg-type]
        return in_range(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def iso_utc(value: object) -> datetime | None:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        ts = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # utc: None for a time it cannot hold ("9999-12-31T23:59:59-01:00" raised OverflowError)
    return utc(ts.replace(tzinfo=timezone.utc) if ts.tzinfo is None else ts)


def drop_bare_placeholders(posts: list[RawPost]) -> tuple[list[RawPost], int]:
    """``posts`` without the placeholders (deleted or removed comments: no author, no
    words) that no kept post replies to, and how many were dropped. A placeholder keeps
    its place only so its replies keep their parent; one whose replies are all gone (or
    were never loaded) carries nothing. ``posts`` must list every parent before its
    replies; ``posts[0]`` (the root) is always kept.

    >>> gone = RawPost(None, "[deleted]", source_id="2", parent_source_id="1", placeholder=True)
    >>> kept, n = drop_bare_placeholders([RawPost("a", "x", source_id="1"), gone])
    >>> [p.source_id for p in kept], n
    (['1'], 1)
    """
    answered: set[str | None] = set()
    kept: list[RawPost] = []
    for post in reversed(posts[1:]):  # replies before their parents
        if post.placeholder and post.source_id not in answered:
            continue
        answered.add(post.parent_source_id)
        kept.append(post)
    kept.extend(posts[:1])
    kept.reverse()
    return kept, len(posts) - len(kept)


def time_order(post: RawPost) -> float:
    """Sort key of API answers' posts in time order (the APIs list newest first): an
    undated post first, a naive time (a blog's local ``date``) read as UTC, so that one
    answer's posts order alike whichever kind of time they carry."""
    stamp = post.timestamp
    if stamp is None:
        return 0.0
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)).timestamp()


def parents_first(
    posts: list[RawPost], key: Callable[[RawPost], object] | None = None
) -> tuple[list[RawPost], int]:
    """``posts[1:]`` reordered (stably, by ``key`` if given) so that every post whose
    parent is in the list comes after it; ``posts[0]`` stays first. Returns the posts
    and how many parents had to move ahead of a reply listed before them. Cycles are
    broken where they are found."""
    if len(posts) < 2:
        return list(posts), 0
    rest = sorted(posts[1:], key=key) if key else list(posts[1:])
    ids = {p.source_id for p in posts if p.source_id is not None}
    by_id = {p.source_id: p for p in rest if p.source_id is not None}
    done: set[int] = set()
    out = [posts[0]]
    moved = 0
    emitted = {posts[0].source_id}
    for post in rest:
        chain: list[RawPost] = []
        cur: RawPost | None = post
        seen: set[int] = set()
        while cur is not None and id(cur) not in done and id(cur) not in seen:
            seen.add(id(cur))
            chain.append(cur)
            parent = cur.parent_source_id
            cur = by_id.get(parent) if parent in ids and parent not in emitted else None
        moved += max(len(chain) - 1, 0)  # ancestors pulled ahead of this post
        for item in reversed(chain):
            done.add(id(item))
            out.append(item)
            emitted.add(item.source_id)
    return out, moved
