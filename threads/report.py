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
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import plotly.graph_objects as go
import polars as pl
from plotly.io.json import to_json_plotly

from threads import figures, graph, similar
from threads.model import EVIDENCE, POSTS_SCHEMA, REPLIES_SCHEMA, Thread, ThreadsError

PLOTLY_FILE = "plotly.min.js"
INDEX_FILE = "index.html"

# (div id, heading, caption, figure builder): the views of a thread page, in order.
VIEWS: tuple[tuple[str, str, str], ...] = (
    (
        "view-network",
        "Interaction network",
        "Circles are authors (size = posts, colour = mean tone, red hostile → blue warm); an "
        "arrow A → B means A replied to B (width = replies, colour = their tone); the star is "
        "the host. Hover for counts, drag to pan, scroll to zoom.",
    ),
    (
        "view-tree",
        "Reply tree",
        "Every post, the root at the left and each reply one step to the right of the post it "
        "answers, coloured by tone; solid links come from nesting, a quoted name or a quote, "
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
        "Rows are who replied, columns to whom; darker cells = more replies. Hover a cell for "
        "the count and the mean tone of those replies.",
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

# Reads the figure specs from inert JSON blocks and draws them; marks the body when done
# (the browser tests and the benchmark wait for data-rendered).
RENDER_JS = """(function () {
  var specs = document.querySelectorAll('script[type="application/json"][data-view]');
  if (typeof Plotly === "undefined") {
    document.body.setAttribute("data-render-error", "plotly.js did not load");
    console.error("threads: plotly.js did not load");
    return;
  }
  var pending = [];
  specs.forEach(function (el) {
    var spec = JSON.parse(el.textContent);
    var div = document.getElementById(el.getAttribute("data-view"));
    pending.push(Plotly.newPlot(div, spec.data, spec.layout, spec.config));
  });
  Promise.all(pending).then(function () {
    document.body.setAttribute("data-rendered", String(pending.length));
  }, function (err) {
    document.body.setAttribute("data-render-error", String(err));
    console.error(err);
  });
})();"""

# Click a column heading to sort the index table; numbers sort by data-sort.
SORT_JS = """(function () {
  var table = document.getElementById("threads");
  if (!table) { return; }
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      function key(row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-sort");
        return v === null ? cell.textContent.trim().toLowerCase() : parseFloat(v);
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();"""

CSS = """
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #e0e0e0; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 48px; }
header h1 { font-size: 1.6rem; margin: 4px 0 6px; overflow-wrap: anywhere; }
.crumbs { font-size: .9rem; } .crumbs a, a { color: var(--accent); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
  gap: 8px 16px; margin: 14px 0; padding: 0; }
.facts div { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.facts dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts .wide { grid-column: span 2; }
.facts dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }
.src, .note, .caption { color: var(--muted); font-size: .9rem; }
.note { background: #fff8e1; border-left: 3px solid #f0b400; padding: 4px 8px; color: #5d4a00; }
nav.views { margin: 8px 0 4px; font-size: .9rem; } nav.views a { margin-right: 14px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; margin: 18px 0; }
section h2 { font-size: 1.15rem; margin: 0 0 2px; }
.caption { margin: 0 0 6px; }
.view { width: 100%; min-height: 320px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .92rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; border: 1px solid #0003; }
ul.warn { color: #8a1c1c; font-size: .9rem; }
"""


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
    the same names are replaced atomically, other files are left alone. With
    ``shared_plotlyjs`` the pages load ``plotly.min.js`` from beside them instead of
    embedding 4.8 MB each. Raises :class:`ThreadsError` if ``out_dir`` cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as err:
        raise ThreadsError("exists and is not a folder", os.fspath(out)) from err
    except OSError as err:
        raise ThreadsError(f"cannot create the folder: {err.strerror}", os.fspath(out)) from err
    if shared_plotlyjs:
        write_atomic(out / PLOTLY_FILE, plotly_js())
    by_thread = _split(analysis.posts, "thread_id"), _split(analysis.replies, "thread_id")
    items = sorted(analysis.threads, key=lambda t: t.thread_id)
    names = page_names([t.thread_id for t in items])
    rows = []
    for thread in items:
        posts = by_thread[0].get(thread.thread_id, pl.DataFrame(schema=POSTS_SCHEMA))
        replies = by_thread[1].get(thread.thread_id, pl.DataFrame(schema=REPLIES_SCHEMA))
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
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and ``os.replace``: a reader
    never sees half a page, and a failed run leaves the old page in place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; pages are meant to be shared
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise ThreadsError(f"cannot write: {err.strerror}", os.fspath(path)) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def figure_block(div_id: str, fig: go.Figure) -> str:
    """The plot container and the inert JSON block :data:`RENDER_JS` draws into it."""
    spec = json.loads(to_json_plotly(fig))
    spec.get("layout", {}).pop("meta", None)  # notes go in the page, not the plot
    spec["config"] = PLOT_CONFIG
    data = json_for_script(json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
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
def _period(posts: pl.DataFrame) -> str:
    ts = posts["timestamp"].drop_nulls() if not posts.is_empty() else pl.Series([], dtype=pl.Datetime)
    if ts.is_empty():
        return "unknown"
    lo, hi = ts.min(), ts.max()
    fmt = "%Y-%m-%d %H:%M"
    if lo == hi:
        return f"{lo:{fmt}} UTC"
    same_day = lo.date() == hi.date()
    return f"{lo:{fmt}} – {hi:{'%H:%M' if same_day else fmt}} UTC ({_duration(hi - lo)})"


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} days"


# Parent links no marker in the text shows: ``similar`` (inferred from words, order and
# time) and ``subject`` (a format's guess from subject lines). Counted apart from the
# marked ones (nesting, explicit, quote, mention) wherever links are counted (issue 15).
INFERRED = ("similar", "subject")


def _marked_inferred(counts: dict[str, int]) -> tuple[int, int]:
    """(marked, inferred) parent links of :func:`_evidence_counts`' counts."""
    inferred = sum(counts.get(e, 0) for e in INFERRED)
    return sum(n for e, n in counts.items() if e != "root") - inferred, inferred


def _evidence_counts(posts: pl.DataFrame, replies: pl.DataFrame) -> tuple[dict[str, int], int]:
    parents = posts.filter(pl.col("parent_id").is_not_null())["reply_evidence"].fill_null("unknown")
    counts = {e: 0 for e in EVIDENCE}
    for e in parents.to_list():
        counts[e] = counts.get(e, 0) + 1
    secondary = replies.filter(~pl.col("is_parent")).height if not replies.is_empty() else 0
    return counts, secondary


def _placeholder_text(posts: pl.DataFrame, n: int) -> str:
    """What the ``n`` placeholders of a thread are: its root not in the dump, deleted or
    removed comments, or both."""
    roots = posts.filter(pl.col("placeholder") & pl.col("parent_id").is_null()).height
    parts = ["root not in the dump"] if roots else []
    if n - roots:
        parts.append(f"{n - roots:,} deleted or removed")
    return ", ".join(parts)


def thread_facts(thread: Thread, posts: pl.DataFrame, replies: pl.DataFrame) -> list[tuple[str, str]]:
    """The header of a thread page as (label, plain text) pairs, in display order."""
    real = graph.real_posts(posts)
    authors = real["author"].drop_nulls().n_unique() if not real.is_empty() else 0
    counts, secondary = _evidence_counts(posts, replies)
    marked = [f"{e} {n}" for e, n in counts.items() if n and e not in INFERRED]
    inferred = [f"{e} {counts[e]}" for e in INFERRED if counts.get(e)]
    inferred += [f"secondary {secondary}"] if secondary else []
    links = " · ".join(marked) or "none"
    if inferred:
        links += " · inferred, no marker: " + " · ".join(inferred)
    tone = graph.real_posts(posts).select(graph.tone_expr(posts).mean()).item() if real.height else None
    n_placeholders = posts.height - real.height
    extra = _placeholder_text(posts, n_placeholders) if n_placeholders else ""
    return [
        ("period", _period(real)),
        ("posts", f"{real.height:,}" + (f" (+ {extra})" if extra else "")),
        ("authors", f"{authors:,}"),
        ("parent links by evidence", links),
        ("mean tone", figures.tone_text(tone)),
        ("format", f"{thread.source_format} (confidence {thread.format_confidence:.2f})"),
        ("encoding", thread.encoding),
    ]


def thread_page(
    thread: Thread, posts: pl.DataFrame, replies: pl.DataFrame, *, shared_plotlyjs: bool = False
) -> str:
    """The HTML of one thread's dashboard (``posts``/``replies``: that thread's rows)."""
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
    builders = (
        lambda: figures.fig_network(posts, replies),
        lambda: figures.fig_tree(posts, replies),
        lambda: figures.fig_timeline(posts),
        lambda: figures.fig_heatmap(posts, replies),
        lambda: figures.fig_authors(posts, replies),
    )
    sections, nav = [], []
    for (div_id, heading, caption), build in zip(VIEWS, builders, strict=True):
        fig = build()
        note = figures.figure_note(fig)
        nav.append(f'<a href="#{div_id}-section">{esc(heading)}</a>')
        sections.append(
            f'<section id="{div_id}-section">\n<h2>{esc(heading)}</h2>\n'
            f'<p class="caption">{esc(caption)}</p>\n'
            + (f'<p class="note">{esc(note)}</p>\n' if note else "")
            + figure_block(div_id, fig)
            + "\n</section>"
        )
    body = (
        '<header>\n<p class="crumbs"><a href="index.html">← all threads</a></p>\n'
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="src">thread <code>{esc(thread.thread_id)}</code> from '
        f"<code>{esc(thread.source_file)}</code></p>\n"
        f'<dl class="facts">{facts}</dl>\n'
        + "".join(f'<p class="note">{esc(x)}</p>\n' for x in extra)
        + (f'<ul class="warn">{warn}</ul>\n' if warn else "")
        + f'<nav class="views">{"".join(nav)}</nav>\n</header>\n'
        + "\n".join(sections)
    )
    return _page(f"{title} · threads", body, inline=[RENDER_JS], plotly=True, shared_plotlyjs=shared_plotlyjs)


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
        counts, _ = _evidence_counts(posts, replies)
        linked, inferred = _marked_inferred(counts)
        body_rows.append(
            "<tr>"
            f'<td><a href="{esc(name)}">{esc(thread.title or thread.thread_id)}</a>'
            f'<br><span class="src">{esc(thread.thread_id)}</span></td>'
            f"<td>{esc(thread.source_format)}</td>"
            f'<td class="num" data-sort="{real.height}">{real.height:,}</td>'
            f'<td class="num" data-sort="{authors}">{authors:,}</td>'
            f'<td data-sort="{_sort_key(start)}">{esc(_period(real))}</td>'
            f'<td class="num" data-sort="{linked}">{linked:,}</td>'
            f'<td class="num" data-sort="{inferred}">{inferred:,}</td>'
            f'<td class="num" data-sort="{_tone_sort(tone)}">'
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
        fig = figures.fig_network(all_posts, all_replies)
        note = figures.figure_note(fig)
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
