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

Colours, sizes, thresholds and the escaping of every name and text shown live in
:mod:`threads.plotstyle` (re-exported here: ``esc``, ``figure_note``, ``tone_colour``...).
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from threads import graph
from threads.model import EVIDENCE
from threads.plotstyle import (
    AUTHOR_PALETTE,
    AUTHORS_TOP_N,
    HEATMAP_TOP_N,
    LARGE_THREAD_POSTS,
    LINK_STYLE,
    LINK_TONE_SCALE,
    NETWORK_LABELS,
    NETWORK_TOP_N,
    OTHERS_COLOUR,
    SECONDARY_STYLE,
    SNIPPET_CHARS,
    SNIPPET_CHARS_LARGE,
    TIMELINE_TOP_N,
    TONE_MAX,
    TONE_MIN,
    TONE_SCALE,
    TREE_LABELS_MAX,
    WEBGL_MIN_POINTS,
    author_label,
    base_layout,
    empty_figure,
    esc,
    figure_note,
    fmt_time,
    scatter_type,
    snippet,
    tone_array,
    tone_colour,
    tone_text,
    tone_value,
)

__all__ = [
    "esc",
    "fig_authors",
    "fig_heatmap",
    "fig_network",
    "fig_timeline",
    "fig_tree",
    "figure_note",
    "snippet",
    "tone_colour",
    "tone_text",
]


# ---------------------------------------------------------------- network
def fig_network(posts: pl.DataFrame, replies: pl.DataFrame, *, top_n: int = NETWORK_TOP_N) -> go.Figure:
    """The interaction network: who replies to whom, and in what tone.

    Nodes are authors (size = posts, colour = mean compound, diverging at 0), the host
    (root author) drawn as a star with a heavy outline. Directed links: width = replies,
    colour = mean tone of those replies, an arrowhead at mid-link pointing to the person
    answered (hover it for counts by evidence). Reciprocal links run side by side. Above
    ``top_n`` authors the rest are merged into one grey "others" node (noted in meta).
    Layout: :func:`threads.graph.layout` (fixed seed).
    """
    g = graph.author_graph(posts, replies, top_n=top_n)
    if g.number_of_nodes() == 0:
        return empty_figure("No authors to show: this thread has no attributed posts.")
    pos = graph.layout(g)
    n_others = g.nodes[graph.OTHERS]["n_authors"] if graph.OTHERS in g else None
    note = None
    if n_others:
        note = (
            f"Network: the {g.number_of_nodes() - 1} most active authors shown; "
            f"{n_others:,} others merged into one grey node."
        )
    fig = go.Figure()
    max_w = max((d["n_replies"] for _, _, d in g.edges(data=True)), default=1)
    # One trace per (width, colour) bucket: per-link colours need separate traces, and
    # bucketing keeps their number bounded (≤ 6 widths × 9 tones) on big graphs.
    buckets: dict[tuple[float, str], tuple[list, list]] = {}
    ax, ay, aang, acol, ahover = [], [], [], [], []
    for (u, v, d), (x0, y0, x1, y1), (x_arrow, y_arrow, heading) in graph.link_geometry(g, pos):
        width = round(1 + 5 * math.sqrt(d["n_replies"] / max_w))
        tone_bin = None if d["mean_compound"] is None else round(d["mean_compound"] * 4) / 4
        colour = tone_colour(tone_bin, LINK_TONE_SCALE)
        xs, ys = buckets.setdefault((width, colour), ([], []))
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        ax.append(x_arrow)
        ay.append(y_arrow)
        aang.append(heading)
        acol.append(colour)
        by = ", ".join(f"{d[f'n_{e}']} {e}" for e in EVIDENCE if d[f"n_{e}"])
        ahover.append(
            f"{author_label(u, n_others)} → {author_label(v, n_others)}<br>"
            f"{d['n_replies']} repl{'y' if d['n_replies'] == 1 else 'ies'} ({by})<br>"
            f"mean tone {tone_text(d['mean_compound'])}"
        )
    for (width, colour), (xs, ys) in sorted(buckets.items()):
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": width, "color": colour},
                hoverinfo="skip",
                showlegend=False,
                name="links",
            )
        )
    if ax:
        fig.add_trace(
            go.Scatter(
                x=ax,
                y=ay,
                mode="markers",
                name="reply direction",
                marker={
                    "symbol": "arrow",
                    "size": 11,
                    "angle": aang,
                    "color": acol,
                    "line": {"width": 0.5, "color": "#333333"},
                },
                hovertext=ahover,
                hoverinfo="text",
                showlegend=False,
            )
        )
    named = [n for n in sorted(g.nodes) if n != graph.OTHERS]
    max_posts = max(g.nodes[n]["n_posts"] for n in g.nodes)
    by_activity = sorted(named, key=lambda n: (-g.nodes[n]["n_posts"], n))
    labelled = set(by_activity[:NETWORK_LABELS])

    def size(n: str) -> float:
        return round(10 + 30 * math.sqrt(g.nodes[n]["n_posts"] / max_posts), 2)

    def hover(n: str) -> str:
        a = g.nodes[n]
        head = f"<b>{author_label(n, n_others)}</b>" + (" (host)" if a["is_host"] else "")
        return (
            f"{head}<br>posts: {a['n_posts']}<br>replies sent: {a['replies_sent']}"
            f"<br>replies received: {a['replies_received']}"
            f"<br>mean tone: {tone_text(a['mean_compound'])}"
        )

    if graph.OTHERS in g:
        fig.add_trace(
            go.Scatter(
                x=[pos[graph.OTHERS][0]],
                y=[pos[graph.OTHERS][1]],
                mode="markers+text",
                text=[author_label(graph.OTHERS, n_others)],
                textposition="bottom center",
                marker={"symbol": "square", "size": size(graph.OTHERS), "color": OTHERS_COLOUR},
                hovertext=[hover(graph.OTHERS)],
                hoverinfo="text",
                name="others",
                showlegend=False,
            )
        )
    hosts = [g.nodes[n]["is_host"] for n in named]
    fig.add_trace(
        go.Scatter(
            x=[pos[n][0] for n in named],
            y=[pos[n][1] for n in named],
            mode="markers+text",
            name="authors",
            showlegend=False,
            text=[
                (f"<b>{esc(n)}</b>" if h else esc(n)) if n in labelled or h else ""
                for n, h in zip(named, hosts, strict=True)
            ],
            textposition="top center",
            textfont={"size": 11},
            hovertext=[hover(n) for n in named],
            hoverinfo="text",
            customdata=[esc(n) for n in named],
            marker={
                "size": [size(n) for n in named],
                "symbol": ["star" if h else "circle" for h in hosts],
                "color": [tone_value(g.nodes[n]["mean_compound"]) for n in named],
                "colorscale": TONE_SCALE,
                "cmin": TONE_MIN,
                "cmax": TONE_MAX,
                "line": {
                    "width": [3 if h else 1 for h in hosts],
                    "color": ["#111111" if h else "#555555" for h in hosts],
                },
                "colorbar": {"title": {"text": "mean tone"}, "thickness": 12, "len": 0.6},
            },
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return base_layout(fig, height=620, note=note).update_layout(hovermode="closest", dragmode="pan")


# ---------------------------------------------------------------- reply tree
_TREE_HOVER_COLUMNS = ["thread_id", "post_id", "author", "timestamp", "text", "parent_id"]
_TREE_HOVER_COLUMNS += ["reply_evidence", "reply_confidence", "compound", "placeholder"]


def fig_tree(posts: pl.DataFrame, replies: pl.DataFrame, *, snippet_chars: int | None = None) -> go.Figure:
    """The reply tree: every post a node, the root at the left, depth to the right.

    Nodes are coloured by compound; hover shows author, time, the evidence of the parent
    link and the first ``snippet_chars`` characters of the post's own text (200, or 60 on
    threads over 20,000 posts). Parent links are styled by evidence (nested / explicit /
    quote solid, mention dashed, root faint); replies that are not the parent link (a
    post answering two posts) are drawn dotted as "secondary".
    """
    if posts.is_empty():
        return empty_figure("No posts.")
    n = posts.height
    note = None
    if snippet_chars is None:
        snippet_chars = SNIPPET_CHARS if n <= LARGE_THREAD_POSTS else SNIPPET_CHARS_LARGE
        if n > LARGE_THREAD_POSTS:
            note = f"Reply tree: {n:,} posts, hover text shortened to {SNIPPET_CHARS_LARGE} characters."
    frame = posts.join(graph.tree_layout(posts), on=["thread_id", "post_id"], how="left")
    frame = frame.sort("y", "thread_id", "post_id")
    where = frame.select("thread_id", "post_id", "x", "y")
    scatter = scatter_type(n)
    fig = go.Figure()
    links = frame.filter(pl.col("parent_id").is_not_null()).select(
        "thread_id",
        "post_id",
        pl.col("parent_id").alias("target_id"),
        pl.col("reply_evidence").fill_null("unknown").alias("evidence"),
    )
    secondary = replies.filter(~pl.col("is_parent")) if "is_parent" in replies.columns else replies.clear()
    groups = [(e, links.filter(pl.col("evidence") == e), LINK_STYLE[e]) for e in (*EVIDENCE, "unknown")]
    for name, pairs, style in [*groups, ("secondary", secondary, SECONDARY_STYLE)]:
        if pairs.is_empty():
            continue
        xs, ys = graph.tree_segments(pairs, where)
        name = f"{name} ({pairs.height:,})"
        fig.add_trace(scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", name=name, line=dict(style)))
    extra = _secondary_text(secondary)
    hover = [
        _post_hover(r, snippet_chars, extra.get((r["thread_id"], r["post_id"])))
        for r in frame.select(_TREE_HOVER_COLUMNS).iter_rows(named=True)
    ]
    roots = frame["parent_id"].is_null().to_numpy()
    labels = n <= TREE_LABELS_MAX
    # numpy arrays: plotly validates them in one go and ships them as typed arrays,
    # where Python lists cost seconds and megabytes on 100,000 posts.
    fig.add_trace(
        scatter(
            x=frame["x"].to_numpy().astype(np.int32),
            y=frame["y"].to_numpy().astype(np.float32),
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
            marker={
                "size": np.where(roots, 14, 7 if n < WEBGL_MIN_POINTS else 4).astype(np.int8),
                "symbol": np.where(roots, 2, 0).astype(np.int8),  # 2 = diamond, 0 = circle
                "color": tone_array(frame["compound"]),
                "colorscale": TONE_SCALE,
                "cmin": TONE_MIN,
                "cmax": TONE_MAX,
                "line": {"width": 0.6, "color": "#333333"},
                "colorbar": {"title": {"text": "tone"}, "thickness": 12, "len": 0.5},
            },
        )
    )
    rows = frame["y"].max() or 0
    height = int(min(max(420, 20 * (rows + 2) + 80), 1600))
    depth = frame["x"].max() or 0
    fig.update_xaxes(
        title_text="depth", dtick=1, zeroline=False, range=[-0.3, depth + (0.9 if labels else 0.3)]
    )
    fig.update_yaxes(visible=False, autorange="reversed")
    return base_layout(fig, height=height, note=note).update_layout(
        hovermode="closest",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": {"text": "links"}},
    )


def _secondary_text(secondary: pl.DataFrame) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], list[str]] = {}
    for r in secondary.sort("thread_id", "post_id", "target_id").iter_rows(named=True):
        out.setdefault((r["thread_id"], r["post_id"]), []).append(f"#{r['target_id']} ({r['evidence']})")
    return {k: ", ".join(v) for k, v in out.items()}


def _post_hover(r: dict, limit: int, also: str | None) -> str:
    who = esc(r["author"])
    if r.get("placeholder"):  # a root the dump lacks, or a deleted / removed comment
        who = "(article not in the dump)" if r["parent_id"] is None else "(deleted or removed)"
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
    lines.append(f"tone {tone_text(r['compound'])}")
    if limit:
        lines.append(snippet(r["text"], limit))
    return "<br>".join(lines)


# ---------------------------------------------------------------- timeline
def fig_timeline(posts: pl.DataFrame, *, top_n: int = TIMELINE_TOP_N) -> go.Figure:
    """Posts over time: tone (compound) per post, one colour per top author, and activity.

    The top ``top_n`` authors by posts (the host always among them) get a colour each,
    the rest are one grey "others" series (noted in meta). Below, a bar chart of posts
    per time bin (round widths: minutes to years). Posts without a timestamp are left
    out and counted in the note; a dump with no timestamps at all is drawn by post order.
    """
    real = graph.real_posts(posts)
    if real.is_empty():
        return empty_figure("No posts.")
    has_time = real["timestamp"].null_count() < real.height
    notes = []
    if has_time:
        missing = real["timestamp"].null_count()
        real = real.filter(pl.col("timestamp").is_not_null())
        if missing:
            notes.append(f"{missing:,} post{'s' if missing != 1 else ''} without a time left out")
    stats = graph.author_stats(real)
    keep = graph.top_authors(stats, top_n)
    real = real.with_columns(graph.named("author").alias("_who")).sort(
        ["timestamp", "thread_id", "post_id"] if has_time else ["thread_id", "post_id"]
    )
    n_others = stats.height - len(keep)
    if n_others:
        notes.append(f"{len(keep)} most active authors coloured, {n_others:,} others in grey")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28], vertical_spacing=0.05)
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
    for i, (name, sub) in enumerate(series):
        colour = OTHERS_COLOUR if sub is rest else palette[i % len(palette)]
        # Times as epoch milliseconds (a date axis reads them): a typed array, not strings.
        xs = (sub[xcol].dt.epoch("ms") if has_time else sub[xcol]).to_numpy().astype(np.float64)
        rows = sub.select("post_id", "_who", "timestamp", "compound", "text").iter_rows(named=True)
        fig.add_trace(
            scatter(
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
                hovertext=np.array([_timeline_hover(r, hover_chars) for r in rows], dtype=object),
                hoverinfo="text",
                legendgroup=f"author{i}",
            ),
            row=1,
            col=1,
        )
    if has_time:
        starts, counts, step = graph.activity_bins(real["timestamp"])
        # Bars are centred on their x: shift by half a bin so each covers its interval.
        bars = {"x": [fmt_time(b + step / 2) for b in starts], "width": step / timedelta(milliseconds=1)}
        hover = "%{x}<br>%{y} posts<extra></extra>"
    else:
        width = max(1, math.ceil((real["post_id"].max() + 1) / 40))
        binned = real.group_by((pl.col("post_id") // width * width).alias("b")).len().sort("b")
        bars, counts = {"x": binned["b"].to_list(), "width": width}, binned["len"].to_list()
        hover = "from #%{x}<br>%{y} posts<extra></extra>"
        notes.append("no timestamps in this dump: x is the post order")
    bar = go.Bar(y=counts, name="posts per bin", showlegend=False, marker_color="#6b6b6b", **bars)
    fig.add_trace(bar.update(hovertemplate=hover), row=2, col=1)
    fig.update_yaxes(
        title_text="tone", range=[-1.08, 1.08], zeroline=True, zerolinecolor="#999999", row=1, col=1
    )
    fig.update_yaxes(title_text="posts", row=2, col=1)
    fig.update_xaxes(title_text="time (UTC)" if has_time else "post", row=2, col=1)
    if has_time:
        fig.update_xaxes(type="date")
    note = ("Timeline: " + "; ".join(notes) + ".") if notes else None
    return base_layout(fig, height=560, note=note).update_layout(
        hovermode="closest", bargap=0.05, legend={"title": {"text": "author"}}
    )


def _timeline_hover(r: dict, limit: int) -> str:
    when = fmt_time(r["timestamp"])[:16] + " UTC" if r["timestamp"] is not None else ""
    parts = [f"<b>{esc(r['_who'])}</b> #{r['post_id']}", when, f"tone {tone_text(r['compound'])}"]
    if limit:
        parts.append(snippet(r["text"], limit))
    return "<br>".join(p for p in parts if p)


# ---------------------------------------------------------------- heatmap
def fig_heatmap(posts: pl.DataFrame, replies: pl.DataFrame, *, top_n: int = HEATMAP_TOP_N) -> go.Figure:
    """Who replies to whom: senders (rows) × receivers (columns), cells = reply counts.

    Authors in activity order; beyond ``top_n`` the rest share an "others" row and
    column (noted in meta). Hover gives the pair, the count and the mean tone of those
    replies. Empty cells are blank.
    """
    stats = graph.author_stats(posts, replies)
    edges = graph.author_edges(
        posts, replies, graph.top_authors(stats, top_n) if stats.height > top_n else None
    )
    if edges.is_empty():
        return empty_figure("No replies between different authors to show.")
    keep = graph.top_authors(stats, top_n)
    n_others = stats.height - len(keep)
    rank = {a: i for i, a in enumerate([*keep, graph.OTHERS])}
    # Rows only for authors who replied, columns only for those replied to.
    senders = sorted(set(edges["source_author"]), key=rank.__getitem__)
    receivers = sorted(set(edges["target_author"]), key=rank.__getitem__)
    row_of = {a: i for i, a in enumerate(senders)}
    col_of = {a: j for j, a in enumerate(receivers)}
    z: list[list[int | None]] = [[None] * len(receivers) for _ in senders]
    text: list[list[str]] = [[""] * len(receivers) for _ in senders]
    ylabels = [author_label(a, n_others) for a in senders]
    xlabels = [author_label(a, n_others) for a in receivers]
    for e in edges.iter_rows(named=True):
        i, j = row_of[e["source_author"]], col_of[e["target_author"]]
        z[i][j] = e["n_replies"]
        text[i][j] = (
            f"{ylabels[i]} → {xlabels[j]}<br>{e['n_replies']} "
            f"repl{'y' if e['n_replies'] == 1 else 'ies'}<br>"
            f"mean tone {tone_text(e['mean_compound'])}"
        )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xlabels,
            y=ylabels,
            hovertext=text,
            hoverinfo="text",
            # Starts at a visible light blue: a single reply must not look like an empty cell.
            colorscale=[[0.0, "#c6dbef"], [1.0, "#08306b"]],
            zmin=1,
            zmax=max(2, int(edges["n_replies"].max())),
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": "replies"}, "thickness": 12},
        )
    )
    note = f"Heatmap: {len(keep)} most active authors, {n_others:,} others merged." if n_others else None
    fig.update_xaxes(title_text="replied to", tickangle=-45, type="category", side="bottom")
    fig.update_yaxes(title_text="reply from", autorange="reversed", type="category")
    height = int(min(max(360, 22 * len(senders) + 170), 1000))
    return base_layout(fig, height=height, note=note)


# ---------------------------------------------------------------- authors
def fig_authors(posts: pl.DataFrame, replies: pl.DataFrame, *, top_n: int = AUTHORS_TOP_N) -> go.Figure:
    """Authors ranked by posts: posts (coloured by mean tone), replies sent and received,
    and beside them the spread of each author's tone (box, with the posts as points).

    Only the top ``top_n`` authors are drawn (noted in meta).
    """
    stats = graph.author_stats(posts, replies)
    if stats.is_empty():
        return empty_figure("No authors to show.")
    keep = graph.top_authors(stats, top_n)
    shown = stats.filter(pl.col("author").is_in(keep))
    labels = [esc(a) for a in shown["author"].to_list()]
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.58, 0.42],
        horizontal_spacing=0.02,
        subplot_titles=("posts and replies", "tone of each post"),
    )
    means = shown["mean_compound"].to_list()
    host = shown["is_host"].to_list()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=shown["n_posts"].to_list(),
            orientation="h",
            name="posts",
            # Colour strings, not numbers + colorscale: plotly.js 4 warns on numeric bar colours
            # ("Invalid color specifier"); the colour bar comes from the empty trace below.
            marker={"color": [tone_colour(m) for m in means], "line": {"width": 0.5, "color": "#333333"}},
            hovertext=[
                f"<b>{lab}</b>{' (host)' if h else ''}<br>{p} posts<br>mean tone {tone_text(m)}"
                for lab, p, m, h in zip(labels, shown["n_posts"], means, host, strict=True)
            ],
            hoverinfo="text",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "color": [0],
                "colorscale": TONE_SCALE,
                "cmin": TONE_MIN,
                "cmax": TONE_MAX,
                "colorbar": {"title": {"text": "mean tone"}, "thickness": 12, "len": 0.5},
            },
        ),
        row=1,
        col=1,
    )
    for col, name, colour in (
        ("replies_sent", "replies sent", "#8c8c8c"),
        ("replies_received", "replies received", "#3d3d3d"),
    ):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=shown[col].to_list(),
                orientation="h",
                name=name,
                marker={"color": colour},
                hovertext=[f"<b>{lab}</b><br>{v} {name}" for lab, v in zip(labels, shown[col], strict=True)],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )
    real = graph.real_posts(posts).with_columns(graph.named("author").alias("_who"))
    real = real.filter(pl.col("_who").is_in(keep))
    real = real.with_columns(graph.tone_expr(real).alias("_tone")).filter(pl.col("_tone").is_not_null())
    order = {a: i for i, a in enumerate(keep)}
    real = real.with_columns(pl.col("_who").replace_strict(order, return_dtype=pl.Int64).alias("_rank")).sort(
        "_rank", "thread_id", "post_id"
    )
    fig.add_trace(
        go.Box(
            y=np.array([esc(a) for a in real["_who"].to_list()], dtype=object),
            x=real["_tone"].to_numpy().astype(np.float32),
            orientation="h",
            name="tone",
            boxpoints="all" if real.height <= 5000 else False,
            jitter=0.4,
            pointpos=0,
            marker={"size": 4, "color": "#555555"},
            line={"color": "#555555", "width": 1},
            fillcolor="rgba(0,0,0,0)",
            showlegend=False,
            hoverinfo="x",
        ),
        row=1,
        col=2,
    )
    n_others = stats.height - len(keep)
    note = f"Authors: top {len(keep)} of {stats.height:,} shown." if n_others else None
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(title_text="count", row=1, col=1)
    fig.update_xaxes(
        title_text="tone", range=[-1.05, 1.05], zeroline=True, zerolinecolor="#999999", row=1, col=2
    )
    return base_layout(fig, height=int(min(max(340, 26 * len(labels) + 140), 1200)), note=note).update_layout(
        barmode="group", legend={"orientation": "h", "y": -0.08, "yanchor": "top"}
    )
