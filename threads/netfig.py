"""The author views: the interaction network, the tone within and between communities,
and who replies to whom (the heatmap).

Both read the person-to-person graph by default: replies to a thread's root (comments on
the article) are left out (:func:`threads.dashboard_measures.person_replies`), so a blog
thread is not drawn as a star around its host; ``answers_to_article=True`` puts them back.
Communities are :func:`threads.dashboard_measures.communities` of the graph drawn.

Traces carry what the page's controls need: link traces ``meta={"replies": n}`` (the
minimum-replies filter hides the ones below), arrow points ``customdata=[source,
target]`` and author points ``customdata=author`` with ``meta="who"`` (the author filter
dims everything else). The links of the merged "others" node carry ``"others": True``:
they sum many people's replies, so, like the heatmap's grey cells, they are drawn thin
and faint, kept out of the width scale and the filter's range, and hidden until the
page's "others" box is ticked.
"""

from __future__ import annotations

import math

import networkx as nx
import plotly.graph_objects as go
import polars as pl

from threads import dashboard_measures as dm
from threads import graph
from threads.evidence import counts_text
from threads.plotstyle import (
    AUTHOR_PALETTE,
    HEATMAP_TOP_N,
    LINK_TONE_SCALE,
    NETWORK_EDGES_SHOWN,
    NETWORK_LABEL_PX_PER_UNIT,
    NETWORK_LABELS,
    NETWORK_MIN_LINK_PX,
    NETWORK_STRETCH_MAX_AUTHORS,
    NETWORK_TOP_N,
    OTHERS_COLOUR,
    OTHERS_LINK_COLOUR,
    OTHERS_LINK_WIDTH,
    TONE_MAX,
    TONE_MIN,
    TONE_SCALE,
    author_label,
    empty_spec,
    esc,
    plotly_scale,
    spec,
    takes_lazy_frames,
    tone_colour,
    tone_text,
    trace,
)

NO_GROUP_COLOUR = "#d0d0d0"  # authors with no person-to-person link
GROUPS_COLOURED = 9  # distinct colours for the largest groups; smaller ones share grey


def people_graph(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int | None,
    answers_to_article: bool = False,
    measures: dm.ThreadMeasures | None = None,
) -> nx.DiGraph:
    """:func:`threads.graph.author_graph` of the replies a view draws (``measures``: the
    page's shared ones, else computed here)."""
    m = measures or dm.ThreadMeasures(posts, replies)
    return m.author_graph(answers_to_article, top_n)


def group_colour(group: int) -> str:
    """Colour of community ``group`` (0 = no exchange)."""
    if group == 0:
        return NO_GROUP_COLOUR
    return AUTHOR_PALETTE[group - 1] if group <= GROUPS_COLOURED else OTHERS_COLOUR


def group_name(group: int) -> str:
    """Legend name of a community."""
    if group == 0:
        return "no exchange"
    return f"group {group}" if group <= GROUPS_COLOURED else f"groups {GROUPS_COLOURED + 1}+"


def named_links(g: nx.DiGraph) -> list[tuple[str, str, dict]]:
    """The links between named authors (not those of the merged "others" node)."""
    return [(u, v, d) for u, v, d in g.edges(data=True) if graph.OTHERS not in (u, v)]


def default_min_replies(g: nx.DiGraph, shown: int = NETWORK_EDGES_SHOWN) -> int:
    """The smallest reply count k such that at most ``shown`` links between named authors
    have k replies or more (the merged node's links are hidden apart: they do not count)."""
    counts = sorted((d["n_replies"] for _, _, d in named_links(g)), reverse=True)
    if len(counts) <= shown:
        return 1
    return counts[shown] + 1


# ---------------------------------------------------------------- network
# Where the merged "others" node goes: this far (layout units) below the named authors'
# lowest point, at the left edge. Laid out among them, its many summed replies pulled it
# to the centre with everyone around it: a star again, even with its links hidden.
OTHERS_BELOW = 0.35


def _layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """:func:`threads.graph.layout` of the named authors; the merged node set apart below."""
    if graph.OTHERS not in g or g.number_of_nodes() == 1:
        return graph.layout(g)
    pos = graph.layout(g.subgraph(n for n in g.nodes if n != graph.OTHERS))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    pos[graph.OTHERS] = (min(xs), round(min(ys) - OTHERS_BELOW, graph.COORD_DECIMALS))
    return pos


@takes_lazy_frames
def fig_network(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = NETWORK_TOP_N,
    answers_to_article: bool = False,
) -> go.Figure:
    """The interaction network (:func:`network_spec` as a plotly ``Figure``)."""
    return go.Figure(network_spec(posts, replies, top_n=top_n, answers_to_article=answers_to_article))


@takes_lazy_frames
def network_spec(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = NETWORK_TOP_N,
    answers_to_article: bool = False,
    measures: dm.ThreadMeasures | None = None,
) -> dict:
    """The interaction network: who replies to whom, in what tone, in which community.

    Nodes are authors (size = posts, fill = community, outline = mean tone), the host a
    star. Directed links: width = replies, colour = their mean tone, an arrowhead at
    mid-link pointing to the person answered. Above ``top_n`` authors the rest are one
    grey "others" node. Only the :data:`NETWORK_LABELS` most active authors (and the
    hosts) are labelled, their positions nudged so labels do not overlap. On a big graph
    only the links with the most replies are shown at first (``meta["min_replies"]``).
    Returns the figure's spec (:func:`threads.plotstyle.spec`).
    """
    m = measures or dm.ThreadMeasures(posts, replies)
    g = m.author_graph(answers_to_article, top_n)
    if g.number_of_nodes() == 0:
        return empty_spec("No authors to show: this thread has no attributed posts.")
    n_others = g.nodes[graph.OTHERS]["n_authors"] if graph.OTHERS in g else None
    named = [n for n in g.nodes if n != graph.OTHERS]
    by_activity = sorted(named, key=lambda n: (-g.nodes[n]["n_posts"], -g.nodes[n]["replies_received"], n))
    labelled = by_activity[:NETWORK_LABELS] + [
        n for n in by_activity[NETWORK_LABELS:] if g.nodes[n]["is_host"]
    ]
    max_posts = max(g.nodes[n]["n_posts"] for n in g.nodes)

    def size(n: str) -> float:
        return round(10 + 30 * math.sqrt(g.nodes[n]["n_posts"] / max_posts), 2)

    pos = dm.spread_labels(
        _layout(g),
        {n: n for n in labelled},
        {n: size(n) for n in g.nodes},
        px_per_unit=NETWORK_LABEL_PX_PER_UNIT,
        # on a small network every link is worth seeing; on a big one stretching them
        # all would blow the layout apart and shrink every name
        links=list(g.edges) if g.number_of_nodes() <= NETWORK_STRETCH_MAX_AUTHORS else (),
        min_link_px=NETWORK_MIN_LINK_PX,
    )
    comm = m.communities(answers_to_article, top_n)
    min_replies = default_min_replies(g)
    notes = []
    if n_others:
        notes.append(
            f"the {len(named)} most active authors shown, {n_others:,} others merged into one grey node"
        )
    if len(named) > len(labelled):
        notes.append(f"names written for the {len(labelled)} most active, hover for the rest")
    if n_others and g.degree(graph.OTHERS):
        notes.append("the grey node's links are hidden at first (they merge many people's replies)")
    if min_replies > 1:
        notes.append(
            f"links with at least {min_replies} replies shown at first (the filter above changes it)"
        )
    data = _links(g, pos, n_others, min_replies)

    def hover(n: str) -> str:
        a = g.nodes[n]
        head = f"<b>{author_label(n, n_others)}</b>" + (" (host)" if a["is_host"] else "")
        group = f"<br>{group_name(comm.get(n, 0))}" if n != graph.OTHERS else ""
        return (
            f"{head}<br>posts: {a['n_posts']}<br>replies sent: {a['replies_sent']}"
            f"<br>replies received: {a['replies_received']}"
            f"<br>mean tone: {tone_text(a['mean_compound'])}{group}"
        )

    if graph.OTHERS in g:
        data.append(
            trace(
                "scatter",
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
    groups = sorted({min(comm.get(n, 0), GROUPS_COLOURED + 1) for n in named}, key=lambda c: (c == 0, c))
    for c in groups:  # legend entries only: the nodes are one trace below
        members = sum(1 for n in named if min(comm.get(n, 0), GROUPS_COLOURED + 1) == c)
        data.append(
            trace(
                "scatter",
                x=[None],
                y=[None],
                mode="markers",
                name=f"{group_name(c)} ({members})",
                marker={"color": group_colour(c), "size": 10},
                hoverinfo="skip",
                legendgroup="groups",
            )
        )
    hosts = [g.nodes[n]["is_host"] for n in by_activity]
    shown_labels = set(labelled)
    data.append(
        trace(
            "scatter",
            x=[pos[n][0] for n in by_activity],
            y=[pos[n][1] for n in by_activity],
            mode="markers+text",
            name="authors",
            showlegend=False,
            text=[
                (f"<b>{esc(n)}</b>" if h else esc(n)) if n in shown_labels else ""
                for n, h in zip(by_activity, hosts, strict=True)
            ],
            textposition="top center",
            textfont={"size": 11},
            hovertext=[hover(n) for n in by_activity],
            hoverinfo="text",
            customdata=by_activity,
            meta="who",
            marker={
                "size": [size(n) for n in by_activity],
                "symbol": ["star" if h else "circle" for h in hosts],
                "color": [group_colour(comm.get(n, 0)) for n in by_activity],
                "line": {
                    "width": [3 if h else 2.5 for h in hosts],
                    "color": [
                        "#111111" if h else tone_colour(g.nodes[n]["mean_compound"])
                        for n, h in zip(by_activity, hosts, strict=True)
                    ],
                },
            },
        )
    )
    note = ("Network: " + "; ".join(notes) + ".") if notes else None
    axes = {"xaxis": {"visible": False}, "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1}}
    after = {
        "legend": {"title": {"text": "communities"}, "itemclick": False, "itemdoubleclick": False},
        "hovermode": "closest",
        "dragmode": "pan",
    }
    out = spec(data, axes, height=620, note=note, after=after)
    meta = out["layout"].setdefault("meta", {})
    meta["min_replies"] = min_replies
    meta["max_replies"] = max((d["n_replies"] for _, _, d in named_links(g)), default=0)
    meta["others_links"] = g.number_of_edges() - len(named_links(g))
    return out


def _links(g: nx.DiGraph, pos: dict, n_others: int | None, min_replies: int) -> list[dict]:
    """Per reply count: one lines trace per tone colour (a line has one colour) and one
    arrows trace (arrowheads take a colour each). The minimum-replies filter hides whole
    reply counts; fewer traces draw faster (a big network had 450).

    The merged "others" node's links get traces of their own per reply count: one thin
    faint grey, hidden at first (``meta["others"]``), and the width scale is set by the
    links between named authors only: a merged link sums many pairs and would make every
    real link hairline-thin (the heatmap keeps its "others" cells off the colour scale
    for the same reason).
    """
    data: list[dict] = []
    max_w = max((d["n_replies"] for _, _, d in named_links(g)), default=1)
    # keyed by (merged?, reply count, colour) and (merged?, reply count)
    lines: dict[tuple[bool, int, str], dict[str, list]] = {}
    arrows: dict[tuple[bool, int], dict[str, list]] = {}
    for (u, v, d), (x0, y0, x1, y1), (xa, ya, heading) in graph.link_geometry(g, pos):
        merged = graph.OTHERS in (u, v)
        tone_bin = None if d["mean_compound"] is None else round(d["mean_compound"] * 4) / 4
        colour = OTHERS_LINK_COLOUR if merged else tone_colour(tone_bin, LINK_TONE_SCALE)
        line = lines.setdefault((merged, d["n_replies"], colour), {"x": [], "y": []})
        line["x"] += [x0, x1, None]
        line["y"] += [y0, y1, None]
        a = arrows.setdefault(
            (merged, d["n_replies"]), {k: [] for k in ("x", "y", "ang", "colour", "pair", "hover")}
        )
        a["x"].append(xa)
        a["y"].append(ya)
        # onto [-180, 180) as plotly's angle validator writes it (the page's bytes stay)
        a["ang"].append((heading + 180) % 360 - 180)
        a["colour"].append(colour)
        a["pair"].append([u, v])
        by = counts_text(d)
        a["hover"].append(
            f"{author_label(u, n_others)} → {author_label(v, n_others)}<br>"
            f"{d['n_replies']} repl{'y' if d['n_replies'] == 1 else 'ies'} ({by})<br>"
            f"mean tone {tone_text(d['mean_compound'])}"
        )
    for (merged, n), a in sorted(arrows.items()):
        width = OTHERS_LINK_WIDTH if merged else round(1 + 5 * math.sqrt(min(n, max_w) / max_w), 1)
        visible = not merged and n >= min_replies
        meta = {"replies": n, "others": True} if merged else {"replies": n}
        for (_, _, colour), line in sorted((k, v) for k, v in lines.items() if k[:2] == (merged, n)):
            data.append(
                trace(
                    "scatter",
                    x=line["x"],
                    y=line["y"],
                    mode="lines",
                    line={"width": width, "color": colour},
                    hoverinfo="skip",
                    showlegend=False,
                    name="links to others" if merged else "links",
                    meta=meta,
                    visible=visible,
                )
            )
        data.append(
            trace(
                "scatter",
                x=a["x"],
                y=a["y"],
                mode="markers",
                name="reply direction, others" if merged else "reply direction",
                showlegend=False,
                marker={
                    "symbol": "arrow",
                    "size": 7 if merged else 11,
                    "angle": a["ang"],
                    "color": a["colour"],
                    "line": {"width": 0 if merged else 0.5, "color": "#333333"},
                },
                hovertext=a["hover"],
                hoverinfo="text",
                customdata=a["pair"],
                meta={**meta, "link": True},
                visible=visible,
            )
        )
    return data


# ---------------------------------------------------------------- communities
@takes_lazy_frames
def fig_communities(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = NETWORK_TOP_N,
    answers_to_article: bool = False,
) -> go.Figure:
    """Tone within and between the network's communities (:func:`communities_spec` as a
    plotly ``Figure``)."""
    return go.Figure(communities_spec(posts, replies, top_n=top_n, answers_to_article=answers_to_article))


@takes_lazy_frames
def communities_spec(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = NETWORK_TOP_N,
    answers_to_article: bool = False,
    measures: dm.ThreadMeasures | None = None,
) -> dict:
    """Tone within and between the network's communities: a group × group grid, colour =
    mean tone of the replies from the row's group to the column's (red hostile, blue
    warm), the number written = replies. The diagonal is talk within a group; off it, who
    engages across groups (hover names the busiest pairs). Returns the figure's spec."""
    m = measures or dm.ThreadMeasures(posts, replies)
    g = m.author_graph(answers_to_article, top_n)
    comm = m.communities(answers_to_article, top_n)
    links = dm.community_links(g, comm)
    if links.is_empty():
        return empty_spec("No replies between people: no communities to compare.")
    groups = sorted(set(links["source"]) | set(links["target"]))
    members = {
        c: sorted((n for n in g.nodes if comm.get(n) == c), key=lambda n: -g.nodes[n]["n_posts"])
        for c in groups
    }
    label = {c: f"group {c} ({len(members[c])})" for c in groups}
    busiest: dict[tuple[int, int], list[str]] = {}
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (-e[2]["n_replies"], e[0], e[1])):
        key = (comm.get(u, 0), comm.get(v, 0))
        if key[0] and key[1] and len(busiest.setdefault(key, [])) < 3:
            busiest[key].append(f"{esc(u)} → {esc(v)} ({d['n_replies']})")
    idx = {c: i for i, c in enumerate(groups)}
    z = [[None] * len(groups) for _ in groups]
    text = [[""] * len(groups) for _ in groups]
    hover = [[""] * len(groups) for _ in groups]
    for r in links.iter_rows(named=True):
        i, j = idx[r["source"]], idx[r["target"]]
        z[i][j] = None if r["mean_compound"] is None else round(r["mean_compound"], 3)
        text[i][j] = str(r["n_replies"])
        who = ", ".join(esc(n) for n in members[r["source"]][:5])
        pairs = "<br>".join(busiest.get((r["source"], r["target"]), []))
        more = "…" if len(members[r["source"]]) > 5 else ""
        hover[i][j] = (
            f"{label[r['source']]} → {label[r['target']]}<br>{r['n_replies']} replies, "
            f"mean tone {tone_text(r['mean_compound'])}<br>{pairs}<br><i>from: {who}{more}</i>"
        )
    names = [label[c] for c in groups]
    grid = trace(
        "heatmap",
        z=z,
        x=names,
        y=names,
        text=text,
        texttemplate="%{text}",
        hovertext=hover,
        hoverinfo="text",
        colorscale=plotly_scale(TONE_SCALE),
        zmin=TONE_MIN,
        zmax=TONE_MAX,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "mean tone"}, "thickness": 12},
    )
    axes = {
        "xaxis": {"title": {"text": "replied to (group)"}, "type": "category", "side": "bottom"},
        "yaxis": {"title": {"text": "reply from (group)"}, "type": "category", "autorange": "reversed"},
    }
    height = int(min(max(320, 40 * len(groups) + 160), 900))
    return spec([grid], axes, height=height)


# ---------------------------------------------------------------- heatmap
@takes_lazy_frames
def fig_heatmap(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = HEATMAP_TOP_N,
    answers_to_article: bool = False,
) -> go.Figure:
    """Who replies to whom (:func:`heatmap_spec` as a plotly ``Figure``)."""
    return go.Figure(heatmap_spec(posts, replies, top_n=top_n, answers_to_article=answers_to_article))


@takes_lazy_frames
def heatmap_spec(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int = HEATMAP_TOP_N,
    answers_to_article: bool = False,
    measures: dm.ThreadMeasures | None = None,
) -> dict:
    """Who replies to whom: senders (rows) × receivers (columns), cells = reply counts.

    People answering people by default (replies to a thread's root left out, as in the
    network; ``answers_to_article=True`` puts them back). Authors in activity order;
    beyond ``top_n`` the rest share an "others" row and column (noted in meta), drawn in
    grey on a scale of their own: a merged cell sums many pairs and must not set the
    colours of the real ones. Hover gives the pair, the count and the mean tone.
    Returns the spec.
    """
    m = measures or dm.ThreadMeasures(posts, replies)
    stats = m.stats(answers_to_article)
    edges = m.edges(answers_to_article, graph.top_authors(stats, top_n) if stats.height > top_n else None)
    if edges.is_empty():
        return empty_spec("No replies between different people to show.")
    keep = graph.top_authors(stats, top_n)
    n_others = stats.height - len(keep)
    rank = {a: i for i, a in enumerate([*keep, graph.OTHERS])}
    # Rows only for authors who replied, columns only for those replied to.
    senders = sorted(set(edges["source_author"]), key=rank.__getitem__)
    receivers = sorted(set(edges["target_author"]), key=rank.__getitem__)
    row_of = {a: i for i, a in enumerate(senders)}
    col_of = {a: j for j, a in enumerate(receivers)}
    z: list[list[int | None]] = [[None] * len(receivers) for _ in senders]
    merged: list[list[int | None]] = [[None] * len(receivers) for _ in senders]
    # each trace hovers its own cells only: the text grid is not stored twice
    text: list[list[str]] = [[""] * len(receivers) for _ in senders]
    merged_text: list[list[str]] = [[""] * len(receivers) for _ in senders]
    ylabels = [author_label(a, n_others) for a in senders]
    xlabels = [author_label(a, n_others) for a in receivers]
    for e in edges.iter_rows(named=True):
        i, j = row_of[e["source_author"]], col_of[e["target_author"]]
        is_merged = graph.OTHERS in (e["source_author"], e["target_author"])
        (merged if is_merged else z)[i][j] = e["n_replies"]
        (merged_text if is_merged else text)[i][j] = (
            f"{ylabels[i]} → {xlabels[j]}<br>{e['n_replies']} "
            f"repl{'y' if e['n_replies'] == 1 else 'ies'}<br>"
            f"mean tone {tone_text(e['mean_compound'])}"
        )
    real_max = max((v for row in z for v in row if v is not None), default=1)
    common = {"x": xlabels, "y": ylabels, "hoverinfo": "text", "xgap": 1, "ygap": 1}
    data = [
        trace(
            "heatmap",
            z=z,
            hovertext=text,
            # Starts at a visible light blue: a single reply must not look like an empty cell.
            colorscale=[[0.0, "#c6dbef"], [1.0, "#08306b"]],
            zmin=1,
            zmax=max(2, real_max),
            colorbar={"title": {"text": "replies"}, "thickness": 12},
            meta={"rows": senders, "cols": receivers},
            name="pairs",
            **common,
        )
    ]
    if any(v is not None for row in merged for v in row):
        data.append(
            trace(
                "heatmap",
                z=merged,
                hovertext=merged_text,
                colorscale=[[0.0, "#e6e6e6"], [1.0, "#8c8c8c"]],
                showscale=False,
                name="others",
                **common,
            )
        )
    note = (
        f"Heatmap: {len(keep)} most active authors, {n_others:,} others merged (grey cells, "
        "not on the colour scale)."
        if n_others
        else None
    )
    axes = {
        "xaxis": {"title": {"text": "replied to"}, "tickangle": -45, "type": "category", "side": "bottom"},
        "yaxis": {"title": {"text": "reply from"}, "autorange": "reversed", "type": "category"},
    }
    height = int(min(max(360, 22 * len(senders) + 170), 1000))
    return spec(data, axes, height=height, note=note)
