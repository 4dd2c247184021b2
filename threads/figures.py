"""Pure figure builders: polars frames in, a plotly ``Figure`` out, one per dashboard view.

Each ``fig_*`` takes the ``posts`` and/or ``replies`` frames of :mod:`threads.model`
(one thread, or several: authors are then pooled) and returns a
``plotly.graph_objects.Figure``; nothing is written or shown. In a notebook::

    import threads
    from threads.figures import fig_network
    a = threads.read("seeds/004_c3b9a48d73eaee79.txt")
    fig_network(a.posts, a.replies).show()

Signatures:

- ``fig_network(posts, replies, *, top_n=80)``: authors as nodes, who-replied-to-whom
- ``fig_tree(posts, replies, *, snippet_chars=None)``: every post in a tidy reply tree
- ``fig_timeline(posts, *, top_n=10)``: tone over time per author, and activity
- ``fig_heatmap(posts, replies, *, top_n=30)``: sender × receiver reply counts
- ``fig_authors(posts, replies, *, top_n=25)``: activity and tone spread per author

Where a view had to aggregate (top-N authors, "others", shortened hover text), the
figure says so in ``fig.layout.meta["note"]``; :func:`figure_note` reads it.

Each ``fig_*`` is ``go.Figure(*_spec(...))``: ``network_spec``, ``tree_spec``... build the
same figure as the plain dict plotly serialises, without plotly's object layer (its
validation of every property, the template copied into each figure and make_subplots
were ~0.5 s of CPU a dashboard page). The pages use the specs, with one
:class:`threads.dashboard_measures.ThreadMeasures` per page (``measures=``) so the
views share the author measures; :func:`spec_note` reads a spec's note.

Colours, sizes, thresholds and the escaping of every name and text shown live in
:mod:`threads.plotstyle` (re-exported here: ``esc``, ``figure_note``, ``tone_colour``...).
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import plotly.graph_objects as go
import polars as pl

from threads import dashboard_measures as dm
from threads import graph
from threads.model import EVIDENCE
from threads.netfig import (
    communities_spec,
    fig_communities,
    fig_heatmap,
    fig_network,
    heatmap_spec,
    network_spec,
)
from threads.plotstyle import (
    AUTHOR_PALETTE,
    AUTHORS_TOP_N,
    BOX_POINTS_MAX,
    LARGE_THREAD_POSTS,
    LINK_STYLE,
    OTHERS_COLOUR,
    SECONDARY_STYLE,
    SNIPPET_CHARS,
    SNIPPET_CHARS_LARGE,
    TIMELINE_MIN_POSTS,
    TIMELINE_TOP_N,
    TONE_MAX,
    TONE_MIN,
    TONE_SCALE,
    TREE_LABELS_MAX,
    TREE_MAX_POSTS,
    WEBGL_MIN_POINTS,
    empty_spec,
    esc,
    figure_note,
    fmt_time,
    plotly_scale,
    scatter_type,
    snippet,
    spec,
    spec_note,
    subplot_axes,
    takes_lazy_frames,
    tone_array,
    tone_colour,
    tone_text,
    trace,
)
from threads.rootwords import for_format

__all__ = [
    "authors_spec",
    "communities_spec",
    "esc",
    "fig_authors",
    "fig_communities",
    "fig_heatmap",
    "fig_network",
    "fig_timeline",
    "fig_tree",
    "figure_note",
    "heatmap_spec",
    "network_spec",
    "snippet",
    "spec_note",
    "timeline_spec",
    "tone_colour",
    "tone_text",
    "tree_spec",
]


# ---------------------------------------------------------------- reply tree
_TREE_HOVER_COLUMNS = ["thread_id", "post_id", "author", "timestamp", "text", "parent_id"]
_TREE_HOVER_COLUMNS += ["reply_evidence", "reply_confidence", "compound", "placeholder"]


@takes_lazy_frames
def fig_tree(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    snippet_chars: int | None = None,
    max_posts: int = TREE_MAX_POSTS,
) -> go.Figure:
    """The reply tree (:func:`tree_spec` as a plotly ``Figure``)."""
    return go.Figure(tree_spec(posts, replies, snippet_chars=snippet_chars, max_posts=max_posts))


@takes_lazy_frames
def tree_spec(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    snippet_chars: int | None = None,
    max_posts: int = TREE_MAX_POSTS,
    measures: dm.ThreadMeasures | None = None,
) -> dict:
    """The reply tree as a threaded page: one row per post, the root at the top left, each
    reply one step to the right of the post it answers and below it.

    A link runs down the parent's column and then right along the reply's row, so no link
    crosses the "#id author" labels (written right of each post up to 60 posts). Nodes
    are coloured by compound; hover shows author, time, the evidence of the parent link
    and the first ``snippet_chars`` characters of the own text (200, or 60 on threads
    over 20,000 posts). Parent links are styled by evidence; replies that are not the
    parent link (a post answering two posts) are dotted "secondary" links. Above
    ``max_posts`` posts only those heading the largest branches are drawn, and the note
    and each kept post's hover say how many were folded under it. Returns the spec.
    """
    if posts.is_empty():
        return empty_spec("No posts.")
    n = posts.height
    notes = []
    if snippet_chars is None:
        snippet_chars = SNIPPET_CHARS if n <= LARGE_THREAD_POSTS else SNIPPET_CHARS_LARGE
        if n > LARGE_THREAD_POSTS:
            notes.append(f"hover text shortened to {SNIPPET_CHARS_LARGE} characters")
    rows = measures.tree_rows() if measures is not None and n > max_posts else None
    shown, folded = dm.fold_tree(posts, max_posts, rows)
    if folded:
        notes.insert(
            0,
            f"{n:,} posts; the {shown.height:,} heading the largest branches shown, "
            f"{n - shown.height:,} in smaller branches folded (a post's hover says how many "
            "replies are folded under it; grey rings mark them)",
        )
    frame = shown.join(dm.tree_rows(shown), on=["thread_id", "post_id"], how="left")
    frame = frame.sort("y", "thread_id", "post_id")
    where = frame.select("thread_id", "post_id", "x", "y")
    data = []
    links = frame.filter(pl.col("parent_id").is_not_null()).select(
        "thread_id",
        "post_id",
        pl.col("parent_id").alias("target_id"),
        pl.col("reply_evidence").fill_null("unknown").alias("evidence"),
    )
    secondary = replies.filter(~pl.col("is_parent")) if "is_parent" in replies.columns else replies.clear()
    secondary = secondary.join(where.select("thread_id", "post_id"), on=["thread_id", "post_id"], how="semi")
    groups = [(e, links.filter(pl.col("evidence") == e), LINK_STYLE[e]) for e in (*EVIDENCE, "unknown")]
    for name, pairs, style in [*groups, ("secondary", secondary, SECONDARY_STYLE)]:
        if pairs.is_empty():
            continue
        xs, ys = _elbows(pairs, where) if name != "secondary" else graph.tree_segments(pairs, where)
        name = f"{name} ({pairs.height:,})"
        data.append(trace("scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", name=name, line=dict(style)))
    extra = _secondary_text(secondary)
    keys = list(zip(frame["thread_id"], frame["post_id"], strict=True))
    hover = [
        _post_hover(r, snippet_chars, extra.get(k), folded.get(k, 0))
        for r, k in zip(frame.select(_TREE_HOVER_COLUMNS).iter_rows(named=True), keys, strict=True)
    ]
    roots = frame["parent_id"].is_null().to_numpy()
    hidden = np.array([folded.get(k, 0) > 0 for k in keys])
    labels = frame.height <= TREE_LABELS_MAX
    data.append(
        trace(
            "scatter",
            x=frame["x"].to_numpy().astype(np.int32),
            y=frame["y"].to_numpy().astype(np.int32),
            mode="markers+text" if labels else "markers",
            name="posts",
            text=[f"#{p} {esc(a)}" for p, a in frame.select("post_id", "author").iter_rows()]
            if labels
            else None,
            textposition="middle right",
            textfont={"size": 10, "color": "#555555"},
            showlegend=False,
            hovertext=np.array(hover, dtype=object),
            hoverinfo="text",
            customdata=np.array(frame["author"].to_list(), dtype=object),
            meta="who",
            marker={
                "size": np.where(roots, 14, np.where(hidden, 9, 7)).astype(np.int8),
                "symbol": np.where(roots, 2, 0).astype(np.int8),  # 2 = diamond, 0 = circle
                "color": tone_array(frame["compound"]),
                "colorscale": plotly_scale(TONE_SCALE),
                "cmin": TONE_MIN,
                "cmax": TONE_MAX,
                "line": {
                    "width": np.where(hidden, 2.5, 0.6).astype(np.float32),
                    "color": np.where(hidden, "#8a8a8a", "#333333").astype(object),
                },
                "colorbar": {"title": {"text": "tone"}, "thickness": 12, "len": 0.5},
            },
        )
    )
    rows = int(frame["y"].max() or 0)
    row_px = 20 if labels else 6
    height = int(min(max(420, row_px * (rows + 2) + 80), 2000))
    depth = int(frame["x"].max() or 0)
    axes = {
        "xaxis": {
            "title": {"text": "depth"},
            "dtick": 1,
            "zeroline": False,
            "range": [-0.3, depth + (1.6 if labels else 0.3)],
            "side": "top",
        },
        "yaxis": {"visible": False, "autorange": "reversed"},
    }
    note = ("Reply tree: " + "; ".join(notes) + ".") if notes else None
    after = {
        "legend": {"title": {"text": "links"}, "orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
        "hovermode": "closest",
    }
    return spec(data, axes, height=height, note=note, after=after)


def _elbows(pairs: pl.DataFrame, where: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Parent links as elbows: down the parent's column to the reply's row, then right to
    the reply (x/y arrays with a NaN gap after each)."""
    xs, ys = graph.tree_segments(pairs, where)  # (tx, x, nan), (ty, y, nan) per link
    tx, x, ty, y = xs[0::3], xs[1::3], ys[0::3], ys[1::3]
    gap = np.full(len(tx), np.nan, dtype=np.float32)
    return np.column_stack([tx, tx, x, gap]).ravel(), np.column_stack([ty, y, y, gap]).ravel()


def _secondary_text(secondary: pl.DataFrame) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], list[str]] = {}
    for r in secondary.sort("thread_id", "post_id", "target_id").iter_rows(named=True):
        out.setdefault((r["thread_id"], r["post_id"]), []).append(f"#{r['target_id']} ({r['evidence']})")
    return {k: ", ".join(v) for k, v in out.items()}


def _post_hover(r: dict, limit: int, also: str | None, folded: int = 0) -> str:
    who = esc(r["author"])
    if r.get("placeholder"):  # a root the dump lacks, or a deleted / removed comment
        who = (
            f"({for_format(r.get('source_format'))[3]})" if r["parent_id"] is None else "(deleted or removed)"
        )
    lines = [f"<b>#{r['post_id']} {who}</b>"]
    if r["timestamp"] is not None:
        lines.append(fmt_time(r["timestamp"])[:16] + " UTC")
    if r["parent_id"] is None:
        lines.append("root")
    else:
        conf = r["reply_confidence"]
        conf_text = "" if conf is None else f", {conf:.2f}"
        lines.append(f"→ #{r['parent_id']} ({esc(r['reply_evidence'] or 'unknown')}{conf_text})")
    if also:
        lines.append(f"also answers {also}")
    if folded:
        lines.append(f"+ {folded:,} repl{'y' if folded == 1 else 'ies'} folded below")
    lines.append(f"tone {tone_text(r['compound'])}")
    if limit:
        lines.append(snippet(r["text"], limit))
    return "<br>".join(lines)


# ---------------------------------------------------------------- timeline
@takes_lazy_frames
def fig_timeline(posts: pl.DataFrame, *, top_n: int = TIMELINE_TOP_N) -> go.Figure:
    """Posts over time (:func:`timeline_spec` as a plotly ``Figure``)."""
    return go.Figure(timeline_spec(posts, top_n=top_n))


# The timeline's two panels: tone per post above, posts per interval below.
TIMELINE_GRID = {"shared": "x", "sizes": (0.72, 0.28), "spacing": 0.05}


@takes_lazy_frames
def timeline_spec(posts: pl.DataFrame, *, top_n: int = TIMELINE_TOP_N) -> dict:
    """Posts over time: tone (compound) per post, one colour per top author, and activity.

    The top ``top_n`` authors by posts with at least :data:`TIMELINE_MIN_POSTS` posts
    (the host always among them) get a colour each, the rest are one grey "others"
    series (noted in meta). Below, a bar chart of posts
    per time bin (round widths: minutes to years). Posts without a timestamp are left
    out and counted in the note; a dump with no timestamps at all is drawn by post order.
    Returns the spec.
    """
    real = graph.real_posts(posts)
    if real.is_empty():
        return empty_spec("No posts.")
    has_time = real["timestamp"].null_count() < real.height
    notes = []
    if has_time:
        missing = real["timestamp"].null_count()
        real = real.filter(pl.col("timestamp").is_not_null())
        if missing:
            notes.append(f"{missing:,} post{'s' if missing != 1 else ''} without a time left out")
    stats = graph.author_stats(real)
    several = stats.filter((pl.col("n_posts") >= TIMELINE_MIN_POSTS) | pl.col("is_host"))
    keep = graph.top_authors(several, top_n)
    real = real.with_columns(graph.named("author").alias("_who")).sort(
        ["timestamp", "thread_id", "post_id"] if has_time else ["thread_id", "post_id"]
    )
    n_others = stats.height - len(keep)
    if n_others:
        notes.append(
            f"{len(keep)} most active authors coloured (from {TIMELINE_MIN_POSTS} posts), "
            f"{n_others:,} others in grey"
        )
    data = []
    scatter = scatter_type(real.height)
    xcol = "timestamp" if has_time else "post_id"
    hover_chars = 80 if real.height <= LARGE_THREAD_POSTS else 0
    palette = AUTHOR_PALETTE
    series = [(esc(name), real.filter(pl.col("author") == name)) for name in keep]
    rest = real.filter(~pl.col("author").is_in(keep).fill_null(False))
    if not rest.is_empty():  # the other authors, and posts whose author is unknown
        unknown = rest["author"].null_count()
        label = " + ".join(
            ([f"others ({n_others:,} authors)"] if n_others else [])
            + ([esc(graph.ANONYMOUS)] if unknown else [])
        )
        series.append((label, rest))
    hover_template = "%{text}" + ("<br>%{x|%Y-%m-%d %H:%M} UTC" if has_time else "")
    hover_template += "<br>tone %{y:+.2f}" + ("<br>%{hovertext}" if hover_chars else "") + "<extra></extra>"
    for i, (name, sub) in enumerate(series):
        colour = OTHERS_COLOUR if sub is rest else palette[i % len(palette)]
        # Times as epoch milliseconds (a date axis reads them): a typed array, not strings.
        xs = (sub[xcol].dt.epoch("ms") if has_time else sub[xcol]).to_numpy().astype(np.float64)
        rows = sub.select("post_id", "_who", "text").iter_rows(named=True)
        heads, snippets = zip(*(_timeline_hover(r, hover_chars) for r in rows), strict=True)
        data.append(
            trace(
                scatter,
                ("x", "y"),
                x=xs,
                y=tone_array(sub["compound"]),
                mode="markers",
                name=name,
                marker={
                    "color": colour,
                    "size": 8 if real.height < WEBGL_MIN_POINTS else 4,
                    "opacity": 0.85,
                    "line": {"width": 0.5, "color": "#ffffff"},
                },
                # time and tone are read from x and y: only the name and snippet are stored
                text=np.array(heads, dtype=object),
                hovertext=np.array(snippets, dtype=object) if hover_chars else None,
                hovertemplate=hover_template,
                customdata=np.array(sub["author"].to_list(), dtype=object),
                meta="who",
                legendgroup=f"author{i}",
            )
        )
    if has_time:
        starts, counts, step = graph.activity_bins(real["timestamp"])
        # Bars are centred on their x: shift by half a bin so each covers its interval.
        bars = {
            "x": [fmt_time(graph.bin_centre(b, step)) for b in starts],
            "width": step / timedelta(milliseconds=1),
        }
        hover = "%{x}<br>%{y} posts<extra></extra>"
    else:
        width = max(1, math.ceil((real["post_id"].max() + 1) / 40))
        binned = real.group_by((pl.col("post_id") // width * width).alias("b")).len().sort("b")
        bars, counts = {"x": binned["b"].to_list(), "width": width}, binned["len"].to_list()
        hover = "from #%{x}<br>%{y} posts<extra></extra>"
        notes.append("no timestamps in this dump: x is the post order")
    bar = {"y": counts, "name": "posts per bin", "showlegend": False, "marker": {"color": "#6b6b6b"}}
    data.append(trace("bar", ("x2", "y2"), **bar, **bars, hovertemplate=hover))
    axes = subplot_axes(2, 1, **TIMELINE_GRID)
    axes["yaxis"].update(title={"text": "tone"}, range=[-1.08, 1.08], zeroline=True, zerolinecolor="#999999")
    axes["yaxis2"]["title"] = {"text": "posts"}
    axes["xaxis2"]["title"] = {"text": "time (UTC)" if has_time else "post"}
    if has_time:
        for name in ("xaxis", "xaxis2"):
            axes[name]["type"] = "date"
    note = ("Timeline: " + "; ".join(notes) + ".") if notes else None
    after = {"legend": {"title": {"text": "author"}}, "hovermode": "closest", "bargap": 0.05}
    return spec(data, axes, height=560, note=note, after=after)


def _timeline_hover(r: dict, limit: int) -> tuple[str, str]:
    """A post's hover head (author and id) and snippet of its text, both escaped."""
    return f"<b>{esc(r['_who'])}</b> #{r['post_id']}", snippet(r["text"], limit) if limit else ""


# ---------------------------------------------------------------- authors
@takes_lazy_frames
def fig_authors(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = AUTHORS_TOP_N,
    answers_to_article: bool = False,
) -> go.Figure:
    """Authors ranked by posts (:func:`authors_spec` as a plotly ``Figure``)."""
    return go.Figure(authors_spec(posts, replies, top_n=top_n, answers_to_article=answers_to_article))


# The authors view's two panels: counts on the left, each post's tone on the right.
AUTHORS_GRID = {
    "shared": "y",
    "sizes": (0.58, 0.42),
    "spacing": 0.02,
    "titles": ("posts and replies", "tone of each post"),
}


@takes_lazy_frames
def authors_spec(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = AUTHORS_TOP_N,
    answers_to_article: bool = False,
    measures: dm.ThreadMeasures | None = None,
) -> dict:
    """Authors ranked by posts: posts (coloured by mean tone), replies sent and received,
    and beside them the spread of each author's tone (box, with the posts as points).

    Replies count people answering people unless ``answers_to_article``. Only the top
    ``top_n`` authors are drawn (noted in meta). Returns the spec.
    """
    m = measures or dm.ThreadMeasures(posts, replies)
    stats = m.stats(answers_to_article)
    if stats.is_empty():
        return empty_spec("No authors to show.")
    keep = graph.top_authors(stats, top_n)
    shown = stats.filter(pl.col("author").is_in(keep))
    labels = [esc(a) for a in shown["author"].to_list()]
    left, right = ("x", "y"), ("x2", "y2")
    means = shown["mean_compound"].to_list()
    host = shown["is_host"].to_list()
    data = [
        trace(
            "bar",
            left,
            y=labels,
            x=shown["n_posts"].to_list(),
            orientation="h",
            name="posts",
            # Colour strings, not numbers + colorscale: plotly.js 4 warns on numeric bar colours
            # ("Invalid color specifier"); the colour bar comes from the empty trace below.
            marker={"color": [tone_colour(m) for m in means], "line": {"width": 0.5, "color": "#333333"}},
            customdata=shown["author"].to_list(),
            meta="who",
            hovertext=[
                f"<b>{lab}</b>{' (host)' if h else ''}<br>{p} posts<br>mean tone {tone_text(m)}"
                for lab, p, m, h in zip(labels, shown["n_posts"], means, host, strict=True)
            ],
            hoverinfo="text",
        ),
        trace(
            "scatter",
            left,
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "color": [0],
                "colorscale": plotly_scale(TONE_SCALE),
                "cmin": TONE_MIN,
                "cmax": TONE_MAX,
                "colorbar": {"title": {"text": "mean tone"}, "thickness": 12, "len": 0.5},
            },
        ),
    ]
    for col, name, colour in (
        ("replies_sent", "replies sent", "#8c8c8c"),
        ("replies_received", "replies received", "#3d3d3d"),
    ):
        data.append(
            trace(
                "bar",
                left,
                y=labels,
                x=shown[col].to_list(),
                orientation="h",
                name=name,
                marker={"color": colour},
                hovertext=[f"<b>{lab}</b><br>{v} {name}" for lab, v in zip(labels, shown[col], strict=True)],
                hoverinfo="text",
            )
        )
    real = graph.real_posts(posts).with_columns(graph.named("author").alias("_who"))
    real = real.filter(pl.col("_who").is_in(keep))
    real = real.with_columns(graph.tone_expr(real).alias("_tone")).filter(pl.col("_tone").is_not_null())
    # by name, not by rank: the rows' order is the axis's (categoryarray), and a rank
    # order would differ between the two versions of the view (reply counts break ties),
    # so the page could not store the same points once for both
    real = real.sort("_who", "thread_id", "post_id")
    if real.height <= BOX_POINTS_MAX:  # every post a dot: the box is computed in the browser
        spread = {
            "y": np.array([esc(a) for a in real["_who"].to_list()], dtype=object),
            "x": real["_tone"].to_numpy().astype(np.float32),
            "boxpoints": "all",
        }
    else:  # no dots: the page gets each author's five numbers, not every post's tone
        spread = _box_stats(real, labels, keep)
    data.append(
        trace(
            "box",
            right,
            orientation="h",
            name="tone",
            **spread,
            jitter=0.4,
            pointpos=0,
            marker={"size": 4, "color": "#555555"},
            line={"color": "#555555", "width": 1},
            fillcolor="rgba(0,0,0,0)",
            showlegend=False,
            hoverinfo="x",
        )
    )
    n_others = stats.height - len(keep)
    note = f"Authors: top {len(keep)} of {stats.height:,} shown." if n_others else None
    axes = subplot_axes(1, 2, **AUTHORS_GRID)
    for name in ("yaxis", "yaxis2"):
        rows = {"autorange": "reversed", "type": "category", "categoryorder": "array"}
        axes[name].update(rows, categoryarray=labels)
    axes["xaxis"]["title"] = {"text": "count"}
    axes["xaxis2"].update(title={"text": "tone"}, range=[-1.05, 1.05], zeroline=True, zerolinecolor="#999999")
    after = {"legend": {"orientation": "h", "y": -0.08, "yanchor": "top"}, "barmode": "group"}
    height = int(min(max(340, 26 * len(labels) + 140), 1200))
    return spec(data, axes, height=height, note=note, after=after)


def _box_stats(real: pl.DataFrame, labels: list[str], keep: list[str]) -> dict[str, object]:
    """Precomputed boxes (plotly's q1/median/q3 and 1.5 IQR whiskers) of ``_tone`` per
    ``_who``, in the order of ``keep`` (whose labels are ``labels``)."""
    quart = real.group_by("_who").agg(
        pl.col("_tone").quantile(q, "linear").alias(k)
        for q, k in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))
    )
    fenced = real.join(quart, on="_who").with_columns((pl.col("q3") - pl.col("q1")).alias("_iqr"))
    inside = pl.col("_tone").is_between(
        pl.col("q1") - 1.5 * pl.col("_iqr"), pl.col("q3") + 1.5 * pl.col("_iqr")
    )
    fences = (
        fenced.filter(inside)
        .group_by("_who")
        .agg(pl.col("_tone").min().alias("lowerfence"), pl.col("_tone").max().alias("upperfence"))
    )
    label_of = dict(zip(keep, labels, strict=True))
    box = quart.join(fences, on="_who").with_columns(
        pl.col("_who").replace_strict(label_of, return_dtype=pl.String).alias("y")
    )
    order = {a: i for i, a in enumerate(keep)}
    box = box.sort(pl.col("_who").replace_strict(order, return_dtype=pl.Int64))
    out: dict[str, object] = {"y": box["y"].to_list(), "boxpoints": False}
    for k in ("q1", "median", "q3", "lowerfence", "upperfence"):
        out[k] = box[k].round(3).to_list()
    return out
