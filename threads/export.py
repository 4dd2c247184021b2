"""Tables to files: Parquet, CSV, NDJSON, ConvoKit, GEXF and GraphML, written atomically
(temp file, then rename).

A reader never sees a half-written table: each file is written beside its target under
a temporary name and moved into place with ``os.replace`` once complete; on any error
the temporary file is removed and the old target, if any, is left as it was.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import polars as pl

from threads import tables
from threads.files import atomic_write as atomic_write  # re-exported: the writer of every file
from threads.files import write_failed
from threads.model import TABLES, Thread, ThreadsError

if TYPE_CHECKING:
    import networkx as nx


class Frames(Protocol):
    """What the research exporters read: the tables of a parse, as frames. An
    :class:`~threads.Analysis`, a :class:`~threads.Corpus` (lazy frames, collected here)
    and a collected corpus all have them; ``threads`` is a list of threads or the
    ``threads`` table. The exporters never import the classes that hold them."""

    @property
    def posts(self) -> pl.DataFrame | pl.LazyFrame: ...

    @property
    def replies(self) -> pl.DataFrame | pl.LazyFrame: ...

    @property
    def threads(self) -> list[Thread] | pl.DataFrame | pl.LazyFrame: ...


def collected(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """``frame`` in memory (a corpus's lazy frame is collected, streaming)."""
    return frame.collect(engine="streaming") if isinstance(frame, pl.LazyFrame) else frame


def _threads_table(source: Frames) -> pl.DataFrame:
    found = source.threads
    return tables.threads_frame(found) if isinstance(found, list) else collected(found)


FORMATS: dict[str, str] = {"parquet": "parquet", "csv": "csv", "ndjson": "ndjson"}


def schema(table: str) -> dict[str, pl.DataType]:
    """The column types of a written table (``"posts"``, ``"replies"``, ``"authors"`` or
    ``"interactions"``), to read a CSV or NDJSON file back as it was written: NDJSON and
    CSV readers guess types from the first rows, and a column that is null there (a
    ``signature``) is guessed wrong. ``read_table`` uses it; see the README."""
    if table not in TABLES:
        raise ThreadsError(f"unknown table {table!r} (use one of: {', '.join(TABLES)})")
    return dict(TABLES[table])


def _list_columns(types: Mapping[str, pl.DataType]) -> list[str]:
    return [name for name, dtype in types.items() if isinstance(dtype, pl.List)]


def _json_list(value: pl.Series) -> str:
    return json.dumps(value.to_list(), ensure_ascii=False)


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists: each list cell is written as one JSON array (``["a", "b"]``), which
    keeps a quote that holds a comma, a quote mark, a newline or `` | `` whole. A null list
    stays an empty cell."""
    return frame.with_columns(
        pl.col(name).map_elements(_json_list, return_dtype=pl.String, skip_nulls=True)
        for name in _list_columns(frame.schema)
    )


def read_table(path: Path | str, table: str | None = None) -> pl.DataFrame:
    """Read a table written by ``write_tables`` back with its own column types (Parquet,
    CSV or NDJSON, by the file's extension; the table by the file's stem unless given):
    the frame that was written, list columns of a CSV decoded from their JSON arrays."""
    target = Path(path)
    types = schema(table or target.stem)
    kind = target.suffix.lstrip(".")
    try:
        if kind == "parquet":
            return pl.read_parquet(target)
        if kind == "ndjson":
            return pl.read_ndjson(target, schema=types)
        if kind == "csv":
            lists = _list_columns(types)
            frame = pl.read_csv(
                target, schema={k: pl.String() if k in lists else v for k, v in types.items()}
            )
            return frame.with_columns(pl.col(name).str.json_decode(types[name]) for name in lists)
    except OSError as err:
        raise ThreadsError(f"cannot read: {err.strerror or err}", str(target)) from None
    raise ThreadsError(f"unknown table file type {kind!r} (use one of: {', '.join(FORMATS)})", str(target))


# Rows per Parquet row group of the tables ``write_tables`` writes: the pieces the posts
# and replies tables are built in. polars encodes and compresses a whole row group in
# memory before writing it, and its default (512^2 rows) made a 200k-post table one
# group: its encoded pages came on top of the table (a 100 MB frame peaked +135 MB
# while written, +54 MB in groups of 20k rows). Smaller tables (every seed) are one
# group as before, byte for byte.
PARQUET_ROW_GROUP_ROWS = tables.TABLE_CHUNK_ROWS


def write_parquet(frame: pl.DataFrame, path: Path | str) -> None:
    """``frame`` as Parquet the way every table of a run is written (zstd, row groups of
    :data:`PARQUET_ROW_GROUP_ROWS`)."""
    frame.write_parquet(path, compression="zstd", row_group_size=PARQUET_ROW_GROUP_ROWS)


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
                written.append(atomic_write(target, lambda f, fr=frame: write_parquet(fr, f)))
            elif to == "csv":
                written.append(atomic_write(target, _csv_ready(frame).write_csv))
            else:
                written.append(atomic_write(target, frame.write_ndjson))
        return written
    except OSError as err:
        raise ThreadsError(write_failed(err), str(out_dir)) from None


# ---------------------------------------------------------------- research formats
# ConvoKit's on-disk corpus (https://convokit.cornell.edu/documentation/data_format.html,
# and convokit/model/corpus_helpers.py dump_utterances / dump_corpus_component): one
# utterance a line with id, speaker, conversation_id (the root utterance's id),
# reply-to, timestamp (Unix seconds), text, meta, vectors; speakers.json and
# conversations.json map ids to {"meta": {...}, "vectors": []}; corpus.json is the
# corpus meta; index.json lists each meta key's Python type as ConvoKit prints it.
CONVOKIT_VERSION = 1
# ConvoKit gives every utterance a Speaker (corpus_helpers.py builds one per speaker id,
# a missing id included), so posts of nobody get a sentinel id, marked in its meta:
# - a placeholder (a deleted or removed comment, a root the dump does not contain) keeps
#   its place in the conversation tree under "[deleted]", the speaker ConvoKit's own
#   Reddit corpora (built from Pushshift) carry for deleted comments;
# - a real post whose author the dump does not give gets "[unknown]".
# Both are in speakers.json with {"sentinel": true} and no statistics: they are not
# people (the authors table and the author graphs leave them out), and a ConvoKit user
# drops them with ``corpus.get_speaker(id).meta.get("sentinel")``.
PLACEHOLDER_SPEAKER = "[deleted]"
UNKNOWN_SPEAKER = "[unknown]"
SENTINEL_NOTES = {
    PLACEHOLDER_SPEAKER: "not a person: placeholders (deleted or removed posts, roots not in the dump)",
    UNKNOWN_SPEAKER: "not a person: posts whose author the dump does not give",
}


def speaker_id(author: str | None, placeholder: bool | None) -> str:
    """The ConvoKit speaker id of a post: its author, or a sentinel (see above)."""
    if placeholder:
        return PLACEHOLDER_SPEAKER
    return author or UNKNOWN_SPEAKER


def _utterance_id(thread_id: str, post_id: int) -> str:
    return f"{thread_id}__{post_id}"


def _type_name(value: object) -> str:
    return f"<class '{type(value).__name__}'>"


def _index(metas: list[dict[str, object]]) -> dict[str, list[str]]:
    """ConvoKit's meta index: each key's type, from the first non-null value."""
    out: dict[str, list[str]] = {}
    for meta in metas:
        for key, value in meta.items():
            if key not in out or (out[key] == [_type_name(None)] and value is not None):
                out[key] = [_type_name(value)]
    return out


def _json_value(value: object) -> object:
    from datetime import datetime

    return value.isoformat() if isinstance(value, datetime) else value


def convokit_records(source: Frames) -> dict[str, object]:
    """The five ConvoKit files as Python objects (``utterances`` is a list of lines)."""
    posts, replies = collected(source.posts), collected(source.replies)
    targets: dict[tuple[str, int], list[dict[str, object]]] = {}
    for r in replies.iter_rows(named=True):
        targets.setdefault((r["thread_id"], r["post_id"]), []).append(
            {
                "target": _utterance_id(r["thread_id"], r["target_id"]),
                "evidence": r["evidence"],
                "confidence": r["confidence"],
                "is_parent": r["is_parent"],
            }
        )
    utterances: list[dict[str, object]] = []
    for p in posts.iter_rows(named=True):
        tid = p["thread_id"]
        meta = {
            "thread_id": tid,
            "post_id": p["post_id"],
            "source_id": p["source_id"],
            "title": p["title"],
            "quoted": p["quoted"],
            "compound": p["compound"],
            "positive": p["positive"],
            "neutral": p["neutral"],
            "negative": p["negative"],
            "lang": p["lang"],
            "sentiment_reliable": p["sentiment_reliable"],
            "reply_evidence": p["reply_evidence"],
            "reply_confidence": p["reply_confidence"],
            "reply_targets": targets.get((tid, p["post_id"]), []),
            "depth": p["depth"],
            "placeholder": p["placeholder"],
            "source_format": p["source_format"],
            "source_file": p["source_file"],
        }
        stamp = p["timestamp"]
        utterances.append(
            {
                "id": _utterance_id(tid, p["post_id"]),
                "conversation_id": _utterance_id(tid, 0),
                "text": p["text"],
                "speaker": speaker_id(p["author"], p["placeholder"]),
                "meta": meta,
                "reply-to": _utterance_id(tid, p["parent_id"]) if p["parent_id"] is not None else None,
                "timestamp": int(stamp.timestamp()) if stamp is not None else None,
                "vectors": [],
            }
        )
    speakers: dict[str, dict[str, object]] = {}
    for a in tables.authors_frame(posts, replies).iter_rows(named=True):
        meta = {k: _json_value(v) for k, v in a.items() if k != "author"}
        speakers[a["author"]] = {"meta": meta, "vectors": []}
    used = {u["speaker"] for u in utterances}
    for sentinel, note in SENTINEL_NOTES.items():
        if sentinel in used and sentinel not in speakers:
            speakers[sentinel] = {"meta": {"sentinel": True, "note": note}, "vectors": []}
    # Posts per thread from the posts (a collected corpus's threads carry none).
    counts = dict(posts.group_by("thread_id").len().iter_rows())
    conversations = {
        _utterance_id(t["thread_id"], 0): {
            "meta": {
                "thread_id": t["thread_id"],
                "title": t["title"],
                "source_file": t["source_file"],
                "source_format": t["source_format"],
                "n_posts": int(counts.get(t["thread_id"], 0)),
                "skipped": {s["item"]: s["count"] for s in t["skipped"] or []},
                "warnings": list(t["warnings"] or []),
            },
            "vectors": [],
        }
        for t in _threads_table(source).iter_rows(named=True)
    }
    corpus = {"name": "threads export", "generator": "threads", "n_threads": len(conversations)}
    index = {
        "utterances-index": _index([u["meta"] for u in utterances]),  # type: ignore[misc]
        "speakers-index": _index([s["meta"] for s in speakers.values()]),  # type: ignore[misc]
        "conversations-index": _index([c["meta"] for c in conversations.values()]),  # type: ignore[misc]
        "overall-index": _index([corpus]),
        "version": CONVOKIT_VERSION,
        "vectors": [],
    }
    return {
        "utterances": utterances,
        "speakers": speakers,
        "conversations": conversations,
        "corpus": corpus,
        "index": index,
    }


def write_convokit(source: Frames, out_dir: Path | str) -> list[Path]:
    """Write ``source`` (an Analysis, a Corpus or a collected corpus) as a ConvoKit
    corpus directory (``Corpus(filename=out_dir)`` loads it): utterances.jsonl,
    speakers.json, conversations.json, corpus.json and index.json, each written
    atomically. Sentiment and reply evidence (every reply target with its evidence and
    confidence) are utterance metadata; speakers carry the ``authors`` table's row."""
    out = Path(out_dir)
    records = convokit_records(source)

    def dump(obj: object) -> Callable[[Path], None]:
        return lambda tmp: tmp.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")

    def dump_lines(rows: list[dict[str, object]]) -> Callable[[Path], None]:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return lambda tmp: tmp.write_text(text, encoding="utf-8")

    try:
        return [
            atomic_write(out / "utterances.jsonl", dump_lines(records["utterances"])),  # type: ignore[arg-type]
            atomic_write(out / "speakers.json", dump(records["speakers"])),
            atomic_write(out / "conversations.json", dump(records["conversations"])),
            atomic_write(out / "corpus.json", dump(records["corpus"])),
            atomic_write(out / "index.json", dump(records["index"])),
        ]
    except OSError as err:
        raise ThreadsError(write_failed(err), str(out)) from None


def interaction_graph(source: Frames) -> nx.DiGraph:
    """The author network of the dashboard (:func:`threads.graph.author_graph`, the one
    definition): a node per author (``n_posts``, ``mean_compound``, replies sent and
    received, ``is_host``) and a directed edge per who → whom pair (``weight`` and
    ``n_replies`` the reply count, ``mean_compound`` the mean tone, counts per
    evidence). Its nodes and edges are the rows of the ``authors`` and ``interactions``
    tables. A tone no post of the author (or pair) could give (none reliable) is left
    out of the attributes: unknown, not neutral."""
    from threads import graph as author_graphs  # networkx only when a graph is written

    found = author_graphs.author_graph(collected(source.posts), collected(source.replies))
    for name, attrs in found.nodes(data=True):
        attrs["label"] = name
    for attrs in (*(a for _, a in found.nodes(data=True)), *(a for _, _, a in found.edges(data=True))):
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
    return found


# XML 1.0 allows only these characters (https://www.w3.org/TR/xml/#charsets, production
# [2] Char): a control character such as U+000B in an author name makes lxml refuse to
# write GraphML and leaves the GEXF not well-formed, so names are made safe before writing.
XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlNameWarning(UserWarning):
    """An author name was changed to be written as XML (see ``xml_safe``)."""


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 forbids written as its Python escape
    (``"bad\\x0bname"``): visible, and distinct from the names around it."""
    return XML_FORBIDDEN.sub(lambda m: ascii(m.group())[1:-1], text)


def xml_safe_graph(graph: nx.DiGraph) -> tuple[nx.DiGraph, list[str]]:
    """A copy of ``graph`` whose node ids and string attributes XML can hold, and one note
    per author name changed (the name as read, and as written)."""
    import networkx as nx

    renamed: dict[object, str] = {}
    for node in graph.nodes:
        if isinstance(node, str) and XML_FORBIDDEN.search(node):
            safe = xml_safe(node)
            while safe in graph or safe in renamed.values():  # never merge two authors
                safe += "_"
            renamed[node] = safe
    safe_graph = nx.relabel_nodes(graph, renamed, copy=True)

    def clean(attrs: dict[str, object]) -> None:
        for key, value in attrs.items():
            if isinstance(value, str):
                attrs[key] = xml_safe(value)

    for _, attrs in safe_graph.nodes(data=True):
        clean(attrs)
    for _, _, attrs in safe_graph.edges(data=True):
        clean(attrs)
    clean(safe_graph.graph)
    notes = [
        f"author {old!r} written as {new!r}: XML 1.0 forbids control characters"
        for old, new in renamed.items()
    ]
    return safe_graph, notes


def write_gexf(source: Frames, path: Path | str, on_note: Callable[[str], None] | None = None) -> Path:
    """Write the author interaction network as GEXF (opens in Gephi), atomically. An
    author name XML cannot hold is written escaped (``xml_safe``), and ``on_note`` is
    called with a note naming it (by default, an ``XmlNameWarning``)."""
    import networkx as nx

    graph = _safe_network(source, Path(path), on_note)
    return _write_graph(Path(path), lambda tmp: nx.write_gexf(graph, tmp))


def write_graphml(source: Frames, path: Path | str, on_note: Callable[[str], None] | None = None) -> Path:
    """Write the author interaction network as GraphML, atomically; names as in
    ``write_gexf``."""
    import networkx as nx

    graph = _safe_network(source, Path(path), on_note)
    return _write_graph(Path(path), lambda tmp: nx.write_graphml(graph, tmp))


def _safe_network(source: Frames, target: Path, on_note: Callable[[str], None] | None) -> nx.DiGraph:
    graph, notes = xml_safe_graph(interaction_graph(source))
    for note in notes:
        if on_note is None:
            warnings.warn(f"{target.name}: {note}", XmlNameWarning, stacklevel=3)
        else:
            on_note(f"{target.name}: {note}")
    return graph


def _write_graph(target: Path, write: Callable[[Path], None]) -> Path:
    try:
        return atomic_write(target, write)
    except OSError as err:
        raise ThreadsError(write_failed(err), str(target)) from None
