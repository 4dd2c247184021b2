"""Many inputs to one :class:`Analysis`: threads, the four tables, a summary.

>>> import threads
>>> a = threads.read("seeds/004_c3b9a48d73eaee79.txt")   # doctest: +SKIP
>>> a.posts.select("post_id", "author", "parent_id", "reply_evidence").head(3)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from threads import export, pages, tables
from threads.model import RawThread, Thread, ThreadsError, internal_error, plural
from threads.options import Options
from threads.pipeline import Parsed, analyse_parsed, parse_source, release_memory, rename_thread
from threads.read import expand, read_input

PathLike = str | os.PathLike[str]


@dataclass
class Analysis:
    """The result of :func:`read`: analysed threads, the tables, and what went wrong.

    ``failures`` lists inputs that could not be read, as ``(path, reason)``;
    ``skipped_files`` files in input folders that hold no text (binary, empty).
    """

    threads: list[Thread]
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    tz: str | None = None

    def __repr__(self) -> str:
        # The dataclass repr prints every post object: 41,000 characters for 26 posts.
        posts = sum(len(t.posts) for t in self.threads)
        return (
            f"Analysis({plural(len(self.threads), 'thread')}, {plural(posts, 'post')}, "
            f"{plural(self.authors.height, 'author')}, {plural(len(self.failures), 'failure')})"
        )

    @classmethod
    def from_tables(
        cls,
        threads: list[Thread],
        *,
        posts: pl.DataFrame,
        replies: pl.DataFrame,
        authors: pl.DataFrame,
        interactions: pl.DataFrame,
        failures: list[tuple[str, str]] | None = None,
        skipped_files: list[tuple[str, str]] | None = None,
    ) -> Analysis:
        """An analysis whose tables are given (read back from an output folder) rather
        than computed from ``threads``."""
        analysis = cls(threads, failures or [], skipped_files or [])
        # cached_property keeps its value in the instance's __dict__: the tables as read.
        analysis.__dict__.update(posts=posts, replies=replies, authors=authors, interactions=interactions)
        return analysis

    @cached_property
    def posts(self) -> pl.DataFrame:
        """One row per post (see ``model.POSTS_SCHEMA``)."""
        return tables.posts_frame(self.threads, self.tz)

    @cached_property
    def replies(self) -> pl.DataFrame:
        """One row per reply edge, with its evidence (see ``model.REPLIES_SCHEMA``)."""
        return tables.replies_frame(self.threads)

    @cached_property
    def authors(self) -> pl.DataFrame:
        """One row per author (see ``model.AUTHORS_SCHEMA``)."""
        return tables.authors_frame(self.posts, self.replies)

    @cached_property
    def interactions(self) -> pl.DataFrame:
        """Who → whom, how often, in what tone (see ``model.INTERACTIONS_SCHEMA``)."""
        return tables.interactions_frame(self.posts, self.replies)

    def thread(self, thread_id: str) -> Analysis:
        """The same analysis restricted to one thread."""
        chosen = [t for t in self.threads if t.thread_id == thread_id]
        if not chosen:
            raise ThreadsError(f"no thread {thread_id!r}")
        return Analysis(chosen, tz=self.tz)

    def write(self, out_dir: PathLike, to: str = "parquet") -> list[Path]:
        """Write the four tables to ``out_dir`` as ``posts.<ext>`` etc. (atomically)."""
        frames = {
            "posts": self.posts,
            "replies": self.replies,
            "authors": self.authors,
            "interactions": self.interactions,
        }
        return export.write_tables(frames, Path(out_dir), to)

    def summary(self) -> dict[str, object]:
        """Counts a person checks first: formats, encodings, sizes, links, skips."""
        posts = self.posts
        evidence = Counter(
            r.evidence for t in self.threads for r in t.replies if t.posts[r.post_id].parent_id == r.target_id
        )
        skipped: Counter[str] = Counter()
        for t in self.threads:
            skipped.update(t.skipped)
        unreliable = posts.filter(~pl.col("sentiment_reliable")).height
        return {
            "inputs": [
                {
                    "file": t.source_file,
                    "thread_id": t.thread_id,
                    "format": t.source_format,
                    "confidence": round(t.format_confidence, 2),
                    "encoding": t.encoding,
                    "posts": len(t.posts),
                    "warnings": t.warnings,
                }
                for t in self.threads
            ],
            "threads": len(self.threads),
            "posts": posts.height,
            "authors": self.authors.height,
            "parent_links_by_evidence": dict(sorted(evidence.items())),
            "reply_rows": self.replies.height,
            "skipped_items": dict(sorted(skipped.items())),
            "sentiment_unreliable_posts": unreliable,
            "languages": dict(sorted(Counter(lang or "unknown" for lang in posts["lang"].to_list()).items())),
            "failures": [{"file": f, "reason": r} for f, r in self.failures],
            "skipped_files": [{"file": f, "reason": r} for f, r in self.skipped_files],
        }


def inputs(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    """``paths`` as a list (one path or many); :class:`ThreadsError` when empty."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not items:
        raise ThreadsError("no input given")
    return items


def read_dumps(
    paths: PathLike | Iterable[PathLike],
    format: str | None = None,
    *,
    options: Options | None = None,
    strict: bool = False,
    on_input: Callable[[str], None] | None = None,
) -> Analysis:
    """Read and analyse dumps (never an output folder: :func:`threads.read` reads those
    back): a file, a folder (recursively), ``-`` for stdin, or a list of them.
    ``format`` skips detection; ``options`` hold the zone, the limits and the rest.

    Raises :class:`ThreadsError` when nothing could be read, or at the first bad input
    with ``strict``; otherwise bad inputs are listed in ``Analysis.failures``.
    """
    options = options or Options()
    if options.tz:
        check_zone(options.tz)
    items = inputs(paths)
    analysis = Analysis([], tz=options.tz)
    named = {os.fspath(p) for p in items}
    # Threads in input order; a page of a longer thread (its format named the thread's
    # origin) waits, as a key into `paged`, until every input is read: pages given
    # together are merged into one thread (threads/pages.py).
    slots: list[Thread | tuple[str, str]] = []
    paged: dict[tuple[str, str], list[tuple[RawThread, str, Parsed]]] = {}
    prints: dict[tuple[str, str], set[frozenset[tuple[object, ...]]]] = {}
    for path in expand(items):
        if on_input:
            on_input(path)
        try:
            parsed = parse_source(read_input(path, options), format, options)
            alone = Parsed(parsed.source, parsed.format, parsed.confidence, [], [])
            for raw, tid in zip(parsed.raws, parsed.ids, strict=True):
                if raw.origin is None:
                    alone.raws.append(raw)
                    alone.ids.append(tid)
                    continue
                key, held = (parsed.format, raw.origin), pages.fingerprint(raw)
                if held in prints.setdefault(key, set()):  # a copy of a page, not another page
                    alone.raws.append(raw)
                    alone.ids.append(tid)
                    continue
                prints[key].add(held)
                if key not in paged:
                    slots.append(key)
                for post in raw.posts:
                    post.source_file = parsed.source.path
                paged.setdefault(key, []).append((raw, tid, parsed))
            slots.extend(analyse_parsed(alone, options))
        except ThreadsError as err:
            if strict:
                raise
            sort_failure(path, err.path, err.message, named, analysis.failures, analysis.skipped_files)
            continue
        except Exception as err:  # a bug met on this input: the others are still read
            analysis.failures.append(_bug(err, path, options, strict))
            continue
    seen_ids: Counter[str] = Counter()
    for slot in slots:
        if isinstance(slot, tuple):
            group = paged[slot]
            # named after the thread's first page, whatever order the pages were given in
            head = pages.in_order([g[0] for g in group])[0]
            raw, tid, first = next(g for g in group if g[0] is head)
            merged = pages.merge([g[0] for g in group])
            try:
                found = analyse_parsed(
                    Parsed(first.source, first.format, first.confidence, [merged], [tid]), options
                )
            except ThreadsError as err:
                if strict:
                    raise
                analysis.failures.append((err.path or first.source.path, err.message))
                continue
            except Exception as err:  # a bug met on these pages, as above
                analysis.failures.append(_bug(err, first.source.path, options, strict))
                continue
        else:
            found = [slot]
        for thread in found:
            seen_ids[thread.thread_id] += 1
            if seen_ids[thread.thread_id] > 1:  # same stem in two folders
                rename_thread(thread, f"{thread.thread_id}-{seen_ids[thread.thread_id]}")
        analysis.threads.extend(found)
    if not analysis.threads:
        raise nothing_read(analysis.failures, named)
    # What the analyses freed goes back before the tables are built (polars does not
    # reuse it; see pipeline.RELEASE_MIN_POSTS).
    release_memory(sum(len(t.posts) for t in analysis.threads))
    return analysis


def _bug(error: Exception, path: str, options: Options, strict: bool) -> tuple[str, str]:
    """The failure a bug (an exception that is not a ThreadsError) met on the input
    ``path`` files; with ``options.debug`` the bug itself is raised, with ``strict`` a
    ThreadsError naming the input (the first broken input stops the run; the bug is its
    cause)."""
    if options.debug:
        raise error
    if strict:
        raise ThreadsError(internal_error(error), path) from error
    return path, internal_error(error)


def sort_failure(
    path: str,
    error_path: str | None,
    message: str,
    named: set[str],
    failures: list[tuple[str, str]],
    skipped: list[tuple[str, str]],
) -> str:
    """File a read error: a file with no text found in a folder is skipped (listed, not
    failed); anything else, or a file named by the user, fails. Returns "skipped" or
    "failed". Shared by :func:`read` and ``corpus.build``, so both sort alike."""
    if path not in named and not_text(message):
        skipped.append((error_path or path, message))
        return "skipped"
    failures.append((error_path or path, message))
    return "failed"


def nothing_read(failures: list[tuple[str, str]], named: set[str]) -> ThreadsError:
    """The error of a run that read no thread: the one failure, or how many failed."""
    if len(failures) == 1:
        return ThreadsError(failures[0][1], failures[0][0])
    if failures:
        return ThreadsError(f"none of {len(failures)} inputs could be read", ", ".join(sorted(named)))
    return ThreadsError("no thread dumps found (only binary or empty files)", ", ".join(sorted(named)))


def not_text(message: str) -> bool:
    """Whether a read error says the file holds no text (skipped in folders, not failed)."""
    return message.startswith(("binary file", "file is empty", "file has only whitespace"))


def check_zone(tz: str) -> None:
    """Raise :class:`ThreadsError` unless ``tz`` is a known IANA zone name."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ThreadsError(f"unknown time zone {tz!r} (use an IANA name such as Europe/Berlin)") from None
