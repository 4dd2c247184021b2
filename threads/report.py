"""Figures → self-contained HTML pages: one dashboard per thread and a corpus index.

>>> import threads
>>> a = threads.read("seeds/")                          # doctest: +SKIP
>>> threads.report(a, "dashboards/")                    # doctest: +SKIP
PosixPath('dashboards/index.html')

Each thread page ``<out>/<safe thread id>.html`` carries a header (title, period, posts,
authors, parent links by evidence, detected format) and the five views of
:mod:`threads.figures`, each with a one-line caption and, where a view aggregated, a
note saying what. ``<out>/index.html`` lists the threads (sortable table) and, when there
are several, draws the corpus-wide interaction network.

The pages work offline from ``file://``: plotly.js is embedded once per page (or, with
``shared_plotlyjs=True``, written once as ``<out>/plotly.min.js`` beside them). Output
is deterministic: same analysis, same bytes (fixed div ids, sorted threads, no run
timestamps). Author names, titles and post text are escaped wherever they appear, and a
Content-Security-Policy admits only the page's own scripts (by hash), so even a missed
escape could not run an injected script. Files are replaced atomically.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import plotly.graph_objects as go
import polars as pl
from plotly.io.json import to_json_plotly

from threads import dashboard_measures as dm
from threads import figures, graph, similar
from threads.files import atomic_write, write_failed
from threads.formats._text import numbers
from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA, Thread, ThreadsError
from threads.page_assets import CONTROLS_JS, CSS, RENDER_JS, SORT_JS
from threads.page_facts import evidence_counts, marked_inferred, period, thread_facts
from threads.plotstyle import typed_arrays
from threads.summary_panel import (
    article_body,
    author_data,
    author_json,
    controls,
    root_words,
    summary_section,
)

PLOTLY_FILE = "plotly.min.js"
INDEX_FILE = "index.html"

# (div id, heading, caption, figure builder): the views of a thread page, in order.
VIEWS: tuple[tuple[str, str, str], ...] = (
    (
        "view-network",
        "Interaction network",
        "People answering people: circles are authors (size = posts, fill = community, ring = "
        "mean tone, red hostile → blue warm); an arrow A → B means A replied to B (width = "
        "replies, colour = their tone); the star is the host. {Many} that only answer {root} "
        "are left out unless the box above is ticked. Hover for counts, drag to pan, "
        "scroll to zoom.",
    ),
    (
        "view-communities",
        "Communities: tone within and between groups",
        "Groups are the network's communities (authors who reply to each other more than to "
        "the rest). Each cell: the replies from the row's group to the column's (the number) "
        "and their mean tone (red hostile, blue warm); the diagonal is talk within a group.",
    ),
    (
        "view-tree",
        "Reply tree",
        "Every post on a row of its own, as on a threaded page: each reply one step to the right "
        "of the post it answers and below it, coloured by tone; solid links come from nesting, "
        "a quoted name or a quote, "
        "dashed from a mention, faint ones are assumed comments on the root, dotted pink ones "
        "are a second post the same reply also answers.",
    ),
    (
        "view-timeline",
        "Timeline",
        "Each dot is a post at its time, higher = warmer tone, one colour per top author; the "
        "bars below count posts per interval, so bursts show when the thread took off.",
    ),
    (
        "view-heatmap",
        "Who replies to whom",
        "Rows are who replied, columns to whom (people answering people unless the box above is "
        "ticked); darker cells = more replies. Hover a cell for the count and the mean tone.",
    ),
    (
        "view-authors",
        "Authors",
        "Authors ranked by posts: bars give posts (coloured by mean tone), replies sent and "
        "received; on the right, the spread of each author's tone, one dot per post.",
    ),
)
WIDE_FACTS = {"period", "parent links by evidence"}  # header cells given two columns
PLOT_CONFIG = {"responsive": True, "displaylogo": False, "scrollZoom": True}


class AnalysisLike(Protocol):
    """What :func:`report` needs: the threads and the two frames (``threads.Analysis``)."""

    threads: list[Thread]

    @property
    def posts(self) -> pl.DataFrame: ...

    @property
    def replies(self) -> pl.DataFrame: ...


# ---------------------------------------------------------------- public entry
def report(
    analysis: AnalysisLike,
    out_dir: str | os.PathLike[str] = "dashboards",
    *,
    shared_plotlyjs: bool = False,
) -> Path:
    """Write one dashboard page per thread and ``index.html`` to ``out_dir``.

    Returns the index page's path. ``out_dir`` is created if missing; existing pages of
    the same names are replaced atomically, other files are left alone. When more than
    one page draws charts (or with ``shared_plotlyjs``) the pages load one
    ``plotly.min.js`` from beside them instead of embedding 4.8 MB each; a single page
    stays self-contained. Threads are in natural order of their ids (t2 before t10).
    Raises :class:`ThreadsError` if ``out_dir`` cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as err:
        raise ThreadsError("exists and is not a folder", os.fspath(out)) from err
    except OSError as err:
        raise ThreadsError(f"cannot create the folder: {err.strerror}", os.fspath(out)) from err
    by_thread = _split(analysis.posts, "thread_id"), _split(analysis.replies, "thread_id")
    items = sorted(analysis.threads, key=lambda t: natural_key(t.thread_id))
    names = page_names([t.thread_id for t in items])
    frames = [
        (
            by_thread[0].get(t.thread_id, pl.DataFrame(schema=POSTS_SCHEMA)),
            by_thread[1].get(t.thread_id, pl.DataFrame(schema=REPLIES_SCHEMA)),
        )
        for t in items
    ]
    plot_pages = sum(has_charts(posts) for posts, _ in frames) + (len(items) > 1)
    shared_plotlyjs = shared_plotlyjs or plot_pages > 1
    if shared_plotlyjs:
        write_atomic(out / PLOTLY_FILE, plotly_js())
    rows = []
    for thread, (posts, replies) in zip(items, frames, strict=True):
        name = names[thread.thread_id]
        write_atomic(out / name, thread_page(thread, posts, replies, shared_plotlyjs=shared_plotlyjs))
        rows.append((thread, name, posts, replies))
    failures = list(getattr(analysis, "failures", []) or [])
    index = out / INDEX_FILE
    write_atomic(
        index,
        index_page(
            rows, analysis.posts, analysis.replies, shared_plotlyjs=shared_plotlyjs, failures=failures
        ),
    )
    return index


def natural_key(text: str) -> tuple:
    """Sort key putting numbers in numeric order: ``t2`` before ``t10``.

    >>> sorted(["t10", "t2", "t1"], key=natural_key)
    ['t1', 't2', 't10']
    """
    # numbers(): None for a run int() refuses ("²", or past int()'s limit): it sorts as text
    return tuple(
        (0, n[0], "") if (n := numbers(p)) else (1, 0, p.lower()) for p in re.split(r"(\d+)", text) if p
    )


def _split(frame: pl.DataFrame, key: str) -> dict[str, pl.DataFrame]:
    if frame.is_empty():
        return {}
    return {k[0]: part for k, part in frame.partition_by(key, as_dict=True, maintain_order=True).items()}


# ---------------------------------------------------------------- file names and writing
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {
    "index",
    "plotly.min",
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def page_names(thread_ids: Sequence[str]) -> dict[str, str]:
    """A file name per thread id: safe characters only, unique even on case-insensitive
    file systems, never ``index.html``. Stable: ids are taken in sorted order.

    >>> page_names(["004_c3b9", "a/b", "A_B", "index"])
    {'004_c3b9': '004_c3b9.html', 'A_B': 'A_B.html', 'a/b': 'a_b-2.html', 'index': 'thread-index.html'}
    """
    taken: set[str] = set()
    out: dict[str, str] = {}
    for tid in sorted(set(thread_ids)):
        base = _UNSAFE.sub("_", tid).strip("._-")[:100] or "thread"
        if base.lower() in _RESERVED or base.lower().split(".")[0] in _RESERVED:
            base = f"thread-{base}"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        out[tid] = f"{name}.html"
    return out


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`threads.files.atomic_write`):
    a reader never sees half a page, and a failed run leaves the old page in place."""
    data = text.encode("utf-8")

    def write(tmp: Path) -> None:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_TRUNC), "wb") as fh:
            fh.write(data)

    try:
        atomic_write(path, write)
    except OSError as err:
        raise ThreadsError(write_failed(err), os.fspath(path)) from err


# ---------------------------------------------------------------- scripts and embedding
@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle shipped with the installed plotly package (no CDN)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _plotly_hash() -> str:
    return _sha256(plotly_js())


def _csp(inline_scripts: Sequence[str], *, shared_plotlyjs: bool) -> str:
    # Only our own scripts run: inline ones by hash, plotly.min.js beside the page by
    # 'self'. 'unsafe-eval' because plotly's WebGL layer (regl) compiles with Function().
    sources = [_sha256(s) for s in inline_scripts]
    if shared_plotlyjs:
        sources.insert(0, "'self'")
    else:
        sources.insert(0, _plotly_hash())
    return (
        "default-src 'none'; script-src " + " ".join(sources) + " 'unsafe-eval'; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; "
        "base-uri 'none'; form-action 'none'"
    )


def json_for_script(value: object) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and the JS line separators are
    written as ``\\u`` escapes, so no string can close the element or open a comment.

    ``value`` is JSON text already (a ``str``) or an object to encode.
    """
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def view_spec(fig: go.Figure | dict) -> dict:
    """The JSON spec a page stores for ``fig`` (its notes go in the page, not the plot).

    ``fig`` is a plotly ``Figure`` or a view's spec (``figures.*_spec``), whose numpy
    arrays become typed arrays as ``Figure.to_dict`` makes them: the same JSON.
    """
    spec = json.loads(to_json_plotly(fig if isinstance(fig, go.Figure) else typed_arrays(fig)))
    spec.get("layout", {}).pop("meta", None)
    spec["config"] = PLOT_CONFIG
    return spec


def figure_block(div_id: str, fig: go.Figure | dict, *, alt: bool = False, main: dict | None = None) -> str:
    """The plot container and the inert JSON block :data:`RENDER_JS` draws into it; with
    ``alt``, only the block of the view's other variant (drawn when a control asks).

    ``fig`` is a ``Figure``, a view's spec, or a :func:`view_spec` already made (a dict
    with ``config``). With ``main`` (the view's default
    spec), a trace of the variant equal to the default's trace at the same place is
    stored as ``{"sameAs": i}`` and taken from the default when the page swaps (the
    authors' tone boxes do not change with the article's comments: below
    BOX_POINTS_MAX posts every post's tone was stored twice).
    """
    spec = fig if isinstance(fig, dict) and "config" in fig else view_spec(fig)
    if main is not None:
        ref = main.get("data", [])
        spec = {
            **spec,
            "data": [
                {"sameAs": i} if i < len(ref) and tr == ref[i] else tr for i, tr in enumerate(spec["data"])
            ],
        }
    data = json_for_script(json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
    if alt:
        return f'\n<script type="application/json" data-view-alt="{div_id}">{data}</script>'
    return (
        f'<div id="{div_id}" class="view"></div>\n'
        f'<script type="application/json" data-view="{div_id}">{data}</script>'
    )


def _page(title: str, body: str, *, inline: Sequence[str], plotly: bool, shared_plotlyjs: bool) -> str:
    csp = _csp(inline, shared_plotlyjs=shared_plotlyjs)
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="threads">\n<title>{esc(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n"
    )
    scripts = ""
    if plotly:
        scripts = (
            f'<script src="{PLOTLY_FILE}"></script>\n'
            if shared_plotlyjs
            else f"<script>{plotly_js()}</script>\n"
        )
    scripts += "".join(f"<script>{s}</script>\n" for s in inline)
    return f"{head}<body>\n<main>\n{body}\n</main>\n{scripts}</body>\n</html>\n"


def esc(value: object) -> str:
    """HTML-escape text for the page itself (quotes too: it may sit in an attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------- thread page
def _builders(m: dm.ThreadMeasures, with_article: bool) -> tuple:
    """The spec builders of :data:`VIEWS`, in order, over the page's shared measures;
    ``with_article`` builds the variant that counts the comments on the article (None
    where a view has no such variant)."""
    posts, replies = m.posts, m.replies
    kw = {"answers_to_article": with_article, "measures": m}
    return (
        lambda: figures.network_spec(posts, replies, **kw),
        lambda: figures.communities_spec(posts, replies, **kw),
        None if with_article else lambda: figures.tree_spec(posts, replies, measures=m),
        None if with_article else lambda: figures.timeline_spec(posts),
        lambda: figures.heatmap_spec(posts, replies, **kw),
        lambda: figures.authors_spec(posts, replies, **kw),
    )


def has_charts(posts: pl.DataFrame) -> bool:
    """Whether a thread's page draws charts: an article with no comment gets a short page."""
    return not dm.is_article_only(posts)


def thread_page(
    thread: Thread, posts: pl.DataFrame, replies: pl.DataFrame, *, shared_plotlyjs: bool = False
) -> str:
    """The HTML of one thread's dashboard (``posts``/``replies``: that thread's rows).

    A thread with comments gets the summary panel, the controls and the views; an
    article alone gets its facts and opening (no chart, no plotly.js).
    """
    title = thread.title or thread.thread_id
    facts = "".join(
        f"<div{' class=wide' if k in WIDE_FACTS else ''}><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>"
        for k, v in thread_facts(thread, posts, replies)
    )
    extra = []
    if thread.skipped:
        extra.append(
            "skipped while reading: " + ", ".join(f"{n} {kind}" for kind, n in sorted(thread.skipped.items()))
        )
    if "similar" in posts["reply_evidence"].drop_nulls().to_list():
        extra.append(similar.note())
    warn = "".join(f"<li>{esc(w)}</li>" for w in thread.warnings)
    charts = has_charts(posts)
    sections, nav = [], []
    if charts:
        # one set of author measures for the whole page: the views, their variants with
        # the article's comments, the summary and the author filter all read them
        measures = dm.ThreadMeasures(posts, replies)
        alts = _builders(measures, True)
        net = None
        words = root_words(posts)
        for (div_id, heading, caption), build, alt in zip(
            VIEWS, _builders(measures, False), alts, strict=True
        ):
            caption = caption.replace("{Many}", words[1].capitalize()).replace("{root}", words[2])
            fig = build()
            net = fig if div_id == "view-network" else net
            note = figures.spec_note(fig)
            spec = view_spec(fig)
            nav.append(f'<a href="#{div_id}-section">{esc(heading)}</a>')
            sections.append(
                f'<section id="{div_id}-section">\n<h2>{esc(heading)}</h2>\n'
                f'<p class="caption">{esc(caption)}</p>\n'
                + (f'<p class="note">{esc(note)}</p>\n' if note else "")
                + figure_block(div_id, spec)
                + (figure_block(div_id, alt(), alt=True, main=spec) if alt is not None else "")
                + "\n</section>"
            )
        authors = author_data(posts, replies, measures)
        meta = net["layout"].get("meta") if net is not None else None
        meta = meta if isinstance(meta, dict) else {}
        bar = controls(
            authors,
            dm.article_answers(posts, replies),
            int(meta.get("min_replies", 1)),
            int(meta.get("max_replies", 0)),
            int(meta.get("others_links", 0)),
            words,
        )
        data = json_for_script(author_json(authors))
        sections.insert(0, summary_section(posts, replies, measures) + "\n" + bar)
        sections.append(f'<script type="application/json" id="author-data">{data}</script>')
    else:
        sections.append(article_body(posts))
    body = (
        '<header>\n<p class="crumbs"><a href="index.html">← all threads</a></p>\n'
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="src">thread <code>{esc(thread.thread_id)}</code> from '
        f"<code>{esc(thread.source_file)}</code></p>\n"
        f'<dl class="facts">{facts}</dl>\n'
        + "".join(f'<p class="note">{esc(x)}</p>\n' for x in extra)
        + (f'<ul class="warn">{warn}</ul>\n' if warn else "")
        + (f'<nav class="views">{"".join(nav)}</nav>\n' if nav else "")
        + "</header>\n"
        + "\n".join(sections)
    )
    inline = [RENDER_JS, CONTROLS_JS] if charts else []
    return _page(f"{title} · threads", body, inline=inline, plotly=charts, shared_plotlyjs=shared_plotlyjs)


# ---------------------------------------------------------------- index page
def index_page(
    rows: Sequence[tuple[Thread, str, pl.DataFrame, pl.DataFrame]],
    all_posts: pl.DataFrame,
    all_replies: pl.DataFrame,
    *,
    shared_plotlyjs: bool = False,
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    """The corpus index: a sortable table of threads linking to their pages, and the
    corpus-wide network when there are several threads."""
    body_rows = []
    for thread, name, posts, replies in rows:
        real = graph.real_posts(posts)
        tone = real.select(graph.tone_expr(real).mean()).item() if real.height else None
        authors = real["author"].drop_nulls().n_unique() if real.height else 0
        ts = real["timestamp"].drop_nulls() if real.height else None
        start = ts.min() if ts is not None and len(ts) else None
        counts, _ = evidence_counts(posts, replies)
        linked, inferred = marked_inferred(counts)
        # the id under the title, unless the title is the id (or missing): never twice
        titled = thread.title and thread.title != thread.thread_id
        id_line = f'<br><span class="src">{esc(thread.thread_id)}</span>' if titled else ""
        body_rows.append(
            "<tr>"
            f'<td><a href="{esc(name)}">{esc(thread.title or thread.thread_id)}</a>{id_line}</td>'
            f"<td>{esc(thread.source_format)}</td>"
            f'<td class="num" data-sort="{real.height}">{real.height:,}</td>'
            f'<td class="num" data-sort="{authors}">{authors:,}</td>'
            f'<td data-sort="{_sort_key(start)}">{esc(period(real))}</td>'
            f'<td class="num" data-sort="{linked}">{linked:,}</td>'
            f'<td class="num" data-sort="{inferred}">{inferred:,}</td>'
            f'<td class="num" data-sort="{_tone_sort(tone)}" title="{esc(dm.tone_fact(real, tone))}">'
            f'<span class="chip" style="background:{figures.tone_colour(tone)}"></span>'
            f"{esc(figures.tone_text(tone))}</td>"
            "</tr>"
        )
    n_posts = graph.real_posts(all_posts).height if not all_posts.is_empty() else 0
    table = (
        '<table id="threads">\n<thead><tr><th>thread</th><th>format</th><th>posts</th>'
        "<th>authors</th><th>period</th><th>marked links</th><th>inferred links</th>"
        "<th>mean tone</th></tr></thead>\n"
        "<tbody>\n" + "\n".join(body_rows) + "\n</tbody>\n</table>"
    )
    parts = [
        "<header>\n<h1>Threads</h1>\n"
        f'<p class="src">{len(rows):,} thread{"s" if len(rows) != 1 else ""}, {n_posts:,} posts. '
        "Click a thread for its dashboard; click a column heading to sort. "
        "Marked links: parent links the dump shows (nesting, quote, name, reply line). "
        "Inferred links: guessed from words, order and time, or from subject lines; "
        "their confidence is in the replies table.</p>\n"
        "</header>",
        table,
    ]
    if failures:
        items = "".join(f"<li><code>{esc(p)}</code>: {esc(r)}</li>" for p, r in failures)
        parts.append(f'<p class="note">Inputs that could not be read:</p>\n<ul class="warn">{items}</ul>')
    plotly = len(rows) > 1
    if plotly:
        fig = figures.network_spec(all_posts, all_replies)
        note = figures.spec_note(fig)
        parts.append(
            '<section id="view-corpus-network-section">\n<h2>Corpus interaction network</h2>\n'
            '<p class="caption">All threads pooled: circles are authors (size = posts, colour '
            "= mean tone), arrows who replied to whom; stars are thread hosts. Names are "
            "matched exactly across threads.</p>\n"
            + (f'<p class="note">{esc(note)}</p>\n' if note else "")
            + figure_block("view-corpus-network", fig)
            + "\n</section>"
        )
    inline = [SORT_JS, RENDER_JS] if plotly else [SORT_JS]
    return _page(
        "threads · index", "\n".join(parts), inline=inline, plotly=plotly, shared_plotlyjs=shared_plotlyjs
    )


def _sort_key(ts: datetime | None) -> str:
    return "0" if ts is None else str(int(ts.timestamp()))


def _tone_sort(tone: float | None) -> str:
    return "-9" if tone is None else f"{tone:.4f}"
