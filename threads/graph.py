"""The data behind the views: the author graph, its metrics, deterministic layouts.

Who engages with whom (author statistics, reply links, the directed author graph and its
metrics), where things go (a seeded force layout for the network, a tidy layout and line
segments for the reply tree) and how activity is binned over time. Everything here
reads the ``posts`` and ``replies`` frames (schemas in :mod:`threads.model`) and returns
plain data: polars frames, a networkx ``DiGraph``, coordinates. :mod:`threads.figures`
turns these into pictures::

    stats = author_stats(posts, replies)         # one row per author
    g = author_graph(posts, replies, top_n=50)   # authors beyond 50 merged into OTHERS
    pos = layout(g)                              # same input, same coordinates
    tree = tree_layout(posts)                    # x = depth, y = leaf order

Names: a post whose author the dump does not give is shown as :data:`ANONYMOUS` in the
post views (tree, timeline) but is no author in the author views (network, heatmap,
authors): it cannot be told apart from any other unnamed post, so pooling all of them
into one "person" would invent a hub. Placeholder posts (a deleted or removed comment,
a root the dump does not contain) are left out of the author views too: who counts as an
author is :func:`threads.tables.authored`, the same for the tables and these views.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

import networkx as nx
import numpy as np
import polars as pl

from threads.model import EVIDENCE
from threads.tables import authored, by_evidence, mean_tone, reliable_compound
from threads.tables import reply_links as reply_links  # re-exported: the figures count it

ANONYMOUS = "(unknown)"
# Node key of the merged "everyone else" node. The NUL byte keeps it from ever matching a
# real author name; figures show it as "others (N authors)".
OTHERS = "\x00others"
# The layout is a force simulation started from random positions; the seed pins them.
LAYOUT_SEED = 42
# Coordinates are rounded so the HTML stays byte-identical across numpy builds whose last
# float bits differ, and to keep pages small.
COORD_DECIMALS = 4

AUTHOR_STATS_SCHEMA: dict[str, pl.DataType] = {
    "author": pl.String(),
    "n_posts": pl.Int64(),
    "mean_compound": pl.Float64(),
    "replies_sent": pl.Int64(),
    "replies_received": pl.Int64(),
    "is_host": pl.Boolean(),
}

EDGES_SCHEMA: dict[str, pl.DataType] = {
    "source_author": pl.String(),
    "target_author": pl.String(),
    "n_replies": pl.Int64(),
    "mean_compound": pl.Float64(),
    **{f"n_{name}": pl.Int64() for name in EVIDENCE},
}


def named(col: str) -> pl.Expr:
    """Column ``col`` with missing author names shown as :data:`ANONYMOUS`."""
    return pl.col(col).fill_null(ANONYMOUS)


def tone_expr(posts: pl.DataFrame) -> pl.Expr:
    """Compound of a post for tone averages; null where sentiment is flagged unreliable
    (:func:`threads.tables.reliable_compound`, the one definition)."""
    return reliable_compound(posts)


def real_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """The posts whose words the dump holds (placeholders dropped: deleted comments,
    roots not in the dump)."""
    if "placeholder" in posts.columns:
        return posts.filter(~pl.col("placeholder").fill_null(False))
    return posts


def authored_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """The posts the author views count: real posts whose author is known
    (:func:`threads.tables.authored`)."""
    return posts.filter(authored(posts))


def host_authors(posts: pl.DataFrame) -> list[str]:
    """Authors of each thread's root post (post 0, or the first post without a parent).

    Placeholder roots have no author and give no host. Sorted, no duplicates.
    """
    real = real_posts(posts)
    if real.is_empty():
        return []
    roots = real.filter(pl.col("parent_id").is_null() & pl.col("author").is_not_null())
    roots = roots.sort("thread_id", "post_id").unique("thread_id", keep="first")
    return sorted(set(roots["author"].to_list()))


def author_stats(
    posts: pl.DataFrame, replies: pl.DataFrame | None = None, *, links: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per author: posts, mean tone, replies sent and received, host flag.

    Without ``replies`` the reply counts are 0 (and only posts decide the order).
    ``links``, when given, is :func:`reply_links` of the same frames (a caller that
    needs it too computes it once).

    Sorted by posts (desc), replies received (desc), then name, which is also the order
    used to pick the top authors everywhere. Schema: :data:`AUTHOR_STATS_SCHEMA`.
    """
    real = authored_posts(posts)
    if real.is_empty():
        return pl.DataFrame(schema=AUTHOR_STATS_SCHEMA)
    # The tone and its mean are the `authors` table's (tables.py), so the two agree.
    real = real.with_columns(reliable_compound(real).alias("tone"))
    per_post = real.group_by("author").agg(pl.len().cast(pl.Int64).alias("n_posts"), mean_tone("tone"))
    if links is None and (replies is None or replies.is_empty()):
        # no reply to count: the posts alone (the timeline's call; the joins of
        # reply_links on nothing took as long as the rest)
        links = pl.DataFrame(schema={"source_author": pl.String, "target_author": pl.String})
    elif links is None:
        links = reply_links(posts, replies)
    sent = links.group_by(pl.col("source_author").alias("author")).agg(
        pl.len().cast(pl.Int64).alias("replies_sent")
    )
    received = links.group_by(pl.col("target_author").alias("author")).agg(
        pl.len().cast(pl.Int64).alias("replies_received")
    )
    hosts = host_authors(posts)
    out = (
        per_post.join(sent, on="author", how="left")
        .join(received, on="author", how="left")
        .with_columns(
            pl.col("replies_sent").fill_null(0),
            pl.col("replies_received").fill_null(0),
            pl.col("author").is_in(hosts).alias("is_host"),
        )
        .sort(["n_posts", "replies_received", "author"], descending=[True, True, False])
    )
    return out.select(list(AUTHOR_STATS_SCHEMA)).cast(AUTHOR_STATS_SCHEMA)


def top_authors(stats: pl.DataFrame, n: int | None) -> list[str]:
    """The first ``n`` authors of :func:`author_stats` order, hosts always included."""
    names = stats["author"].to_list()
    if n is None or len(names) <= n:
        return names
    hosts = [a for a, h in zip(names, stats["is_host"].to_list(), strict=True) if h]
    keep = names[:n]
    keep += [h for h in hosts if h not in keep]
    return keep


def author_edges(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    keep: list[str] | None = None,
    *,
    links: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Directed author → author links with counts, mean tone and counts per evidence.

    Authors not in ``keep`` (when given) are merged into :data:`OTHERS`; links from
    others to others are dropped. Schema: :data:`EDGES_SCHEMA`, sorted by the pair.
    ``links``: :func:`reply_links` of the same frames, when the caller has it.
    """
    links = reply_links(posts, replies) if links is None else links
    if keep is not None:
        kept = list(keep)
        links = links.with_columns(
            pl.when(pl.col(c).is_in(kept)).then(pl.col(c)).otherwise(pl.lit(OTHERS)).alias(c)
            for c in ("source_author", "target_author")
        ).filter(pl.col("source_author") != pl.col("target_author"))
    out = links.group_by("source_author", "target_author").agg(
        pl.len().cast(pl.Int64).alias("n_replies"),
        mean_tone("tone"),
        *by_evidence(),
    )
    return out.sort("source_author", "target_author").select(list(EDGES_SCHEMA)).cast(EDGES_SCHEMA)


def author_graph(
    posts: pl.DataFrame,
    replies: pl.DataFrame,
    *,
    top_n: int | None = None,
    stats: pl.DataFrame | None = None,
    edges: pl.DataFrame | None = None,
) -> nx.DiGraph:
    """The directed author graph: nodes are authors, edges "replied to".

    Node attributes: ``n_posts``, ``mean_compound`` (None if no reliable score),
    ``replies_sent``, ``replies_received``, ``is_host`` and, for :data:`OTHERS`,
    ``n_authors`` (how many were merged). Edge attributes: the columns of
    :func:`author_edges` (``n_replies`` is also stored as ``weight``). With ``top_n``,
    authors beyond the top ``top_n`` (hosts always kept) are merged into :data:`OTHERS`.
    Nodes and edges are inserted in sorted order so layouts are reproducible.
    ``stats`` and ``edges``, when given, are :func:`author_stats` and :func:`author_edges`
    of the same frames (the edges with the authors merged as ``top_n`` merges them),
    computed once by a caller that needs them too.
    """
    stats = author_stats(posts, replies) if stats is None else stats
    keep = top_authors(stats, top_n)
    merged = len(keep) < stats.height
    g = nx.DiGraph()
    rows = {r["author"]: r for r in stats.iter_rows(named=True)}
    for name in sorted(keep):
        r = rows[name]
        g.add_node(name, **{k: v for k, v in r.items() if k != "author"})
    if merged:
        rest = stats.filter(~pl.col("author").is_in(keep))
        g.add_node(
            OTHERS,
            n_posts=int(rest["n_posts"].sum()),
            mean_compound=_weighted_mean(rest["mean_compound"], rest["n_posts"]),
            replies_sent=int(rest["replies_sent"].sum()),
            replies_received=int(rest["replies_received"].sum()),
            is_host=False,
            n_authors=rest.height,
        )
    if edges is None:
        edges = author_edges(posts, replies, keep if merged else None)
    for e in edges.iter_rows(named=True):
        src, dst = e.pop("source_author"), e.pop("target_author")
        g.add_edge(src, dst, weight=e["n_replies"], **e)
    return g


def _weighted_mean(values: pl.Series, weights: pl.Series) -> float | None:
    frame = pl.DataFrame({"v": values, "w": weights}).drop_nulls()
    total = frame["w"].sum()
    if not total:
        return None
    return float((frame["v"] * frame["w"]).sum() / total)


def layout(g: nx.Graph, *, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same for the same graph on every run.

    A force layout on the undirected, reply-weighted graph, nodes in sorted order and
    random start pinned by ``seed``; isolated nodes are pulled onto a ring around the
    rest so they do not fly off to the corners. Coordinates are rounded.
    """
    nodes = sorted(g.nodes)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    und = nx.Graph()
    und.add_nodes_from(nodes)
    for u, v, w in sorted(g.edges(data="weight", default=1)):
        prev = und.get_edge_data(u, v, {"weight": 0})["weight"]
        und.add_edge(u, v, weight=prev + w)
    connected = [n for n in nodes if und.degree(n) > 0]
    isolated = [n for n in nodes if und.degree(n) == 0]
    pos: dict[str, tuple[float, float]] = {}
    if connected:
        sub = sorted_subgraph(und, connected)
        # k a bit larger than networkx's 1/sqrt(n) default spreads the hub's spokes.
        k = 1.6 / math.sqrt(len(connected))
        raw = nx.spring_layout(sub, k=k, iterations=200, seed=seed, weight="weight")
        raw = _normalise({n: (float(raw[n][0]), float(raw[n][1])) for n in connected})
        pos.update(raw)
    radius = 1.25 if connected else 1.0
    for i, n in enumerate(isolated):
        a = 2 * math.pi * i / len(isolated)
        pos[n] = (radius * math.cos(a), radius * math.sin(a))
    return {n: (round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)) for n, (x, y) in pos.items()}


def sorted_subgraph(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The undirected graph ``g`` keeps on ``nodes``, its nodes in the order given and
    its edges in ``g``'s order: a copy, not networkx's subgraph view, which iterates its
    nodes from a set when it keeps under half of them (the spring layout's random start
    and Louvain's visits then followed the string hash seed: a blog thread whose
    commenters mostly answer only the article was drawn anew on every run)."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    # each node's neighbours in g's order, as the view gave them where it did not use
    # its set: the layouts and communities drawn on every run before stay the same
    # (adding the edges one by one would order some neighbours differently)
    for u in nodes:
        sub._adj[u].update((v, d) for v, d in g._adj[u].items() if v in keep)
    return sub


def link_geometry(
    g: nx.DiGraph, pos: dict[str, tuple[float, float]], *, offset: float = 0.012, at: float = 0.55
) -> list[tuple[tuple[str, str, dict], tuple[float, ...], tuple[float, float, float]]]:
    """Where each directed link is drawn: ``((u, v, data), (x0, y0, x1, y1), (x, y, heading))``.

    The segment is shifted ``offset`` to the right of its direction of travel, so A→B
    and B→A run side by side instead of on top of each other; the arrowhead sits ``at``
    of the way along, ``heading`` in degrees clockwise from north (plotly's marker
    angle). Sorted by (u, v); coordinates rounded like :func:`layout`'s.
    """
    out = []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ox, oy = dy / length * offset, -dx / length * offset
        r = COORD_DECIMALS
        seg = (round(x0 + ox, r), round(y0 + oy, r), round(x1 + ox, r), round(y1 + oy, r))
        arrow = (
            round(x0 + ox + dx * at, r),
            round(y0 + oy + dy * at, r),
            round(math.degrees(math.atan2(dx, dy)), 1),
        )
        out.append(((u, v, d), seg, arrow))
    return out


def _normalise(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((x - cx) / span, (y - cy) / span) for n, (x, y) in pos.items()}


def metrics(g: nx.DiGraph) -> pl.DataFrame:
    """Per node: in/out degree (distinct partners), weighted in/out, PageRank, betweenness.

    Betweenness is exact up to 500 nodes and sampled (500 pivots, fixed seed) above, where
    the exact value costs O(n·m). Sorted by node name.
    """
    nodes = sorted(g.nodes)
    if not nodes:
        return pl.DataFrame(
            schema={
                "author": pl.String(),
                "in_degree": pl.Int64(),
                "out_degree": pl.Int64(),
                "replies_in": pl.Int64(),
                "replies_out": pl.Int64(),
                "pagerank": pl.Float64(),
                "betweenness": pl.Float64(),
            }
        )
    pr = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 1 / len(nodes) for n in nodes}
    k = None if len(nodes) <= 500 else 500
    btw = nx.betweenness_centrality(g, k=k, seed=LAYOUT_SEED)
    return pl.DataFrame(
        {
            "author": nodes,
            "in_degree": [g.in_degree(n) for n in nodes],
            "out_degree": [g.out_degree(n) for n in nodes],
            "replies_in": [g.in_degree(n, weight="weight") for n in nodes],
            "replies_out": [g.out_degree(n, weight="weight") for n in nodes],
            "pagerank": [round(pr[n], 6) for n in nodes],
            "betweenness": [round(btw[n], 6) for n in nodes],
        },
        schema_overrides={
            "in_degree": pl.Int64,
            "out_degree": pl.Int64,
            "replies_in": pl.Int64,
            "replies_out": pl.Int64,
        },
    )


PostKey = tuple[str, int]  # (thread_id, post_id)


def reply_forest(posts: pl.DataFrame) -> tuple[list[PostKey], dict[PostKey, list[PostKey]], list[PostKey]]:
    """The reply forest of ``posts``, as the tree layouts walk it: ``(keys, children,
    starts)``. ``keys`` are the posts in their order; ``children`` each post's replies,
    by post id; ``starts`` where walks begin: the roots (a post with no parent, a missing
    parent or itself as parent) by id, then every post by id, so that a walk also reaches
    posts a cycle hides from the roots (a walk skips a start it has already placed)."""
    keys = list(zip(posts["thread_id"].to_list(), posts["post_id"].to_list(), strict=True))
    known = set(keys)
    children: dict[PostKey, list[PostKey]] = defaultdict(list)
    roots: list[PostKey] = []
    for key, parent in zip(keys, posts["parent_id"].to_list(), strict=True):
        pkey = (key[0], parent)
        if parent is None or pkey not in known or pkey == key:
            roots.append(key)
        else:
            children[pkey].append(key)
    for kids in children.values():
        kids.sort()
    return keys, children, sorted(roots) + sorted(known)


def tree_layout(posts: pl.DataFrame) -> pl.DataFrame:
    """A tidy layout of the reply forest: ``x`` = depth, ``y`` = position of the leaves.

    Leaves get consecutive rows in depth-first order (children by post id); a parent sits
    midway between its first and last child. Several threads are stacked one below the
    other. A post whose parent is missing starts a tree of its own, and a cycle is cut at
    its smallest post id, so every post gets a place. Iterative: deep chains are fine.
    Returns ``thread_id, post_id, x, y`` in the posts' order.
    """
    keys, children, starts = reply_forest(posts)
    x: dict[PostKey, int] = {}
    y: dict[PostKey, float] = {}
    next_leaf = 0
    for start in starts:
        if start in x:
            continue
        x[start] = 0
        placed_under: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        stack = [(start, iter(children.get(start, ())))]
        while stack:
            node, kids = stack[-1]
            for kid in kids:
                if kid not in x:  # already placed only when a cycle leads back
                    x[kid] = x[node] + 1
                    placed_under[node].append(kid)
                    stack.append((kid, iter(children.get(kid, ()))))
                    break
            else:
                stack.pop()
                below = placed_under.pop(node, None)
                if below:
                    y[node] = (y[below[0]] + y[below[-1]]) / 2
                else:
                    y[node] = float(next_leaf)
                    next_leaf += 1
        next_leaf += 1  # a blank row between trees
    return pl.DataFrame(
        {
            "thread_id": [k[0] for k in keys],
            "post_id": [k[1] for k in keys],
            "x": [x[k] for k in keys],
            "y": [y[k] for k in keys],
        },
        schema={"thread_id": pl.String, "post_id": pl.Int64, "x": pl.Int64, "y": pl.Float64},
    )


def tree_segments(pairs: pl.DataFrame, where: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Line segments target → post for ``pairs`` (thread_id, post_id, target_id), as x/y
    arrays with a NaN gap after each; pairs with an end not in ``where`` are dropped."""
    ends = (
        pairs.select("thread_id", "post_id", "target_id")
        .join(where, on=["thread_id", "post_id"], how="inner")
        .join(
            where.rename({"post_id": "target_id", "x": "tx", "y": "ty"}),
            on=["thread_id", "target_id"],
            how="inner",
        )
    )
    gap = np.full(ends.height, np.nan, dtype=np.float32)

    def interleave(a: str, b: str) -> np.ndarray:
        cols = [ends[a].to_numpy().astype(np.float32), ends[b].to_numpy().astype(np.float32), gap]
        return np.column_stack(cols).ravel()

    return interleave("tx", "x"), interleave("ty", "y")


# Round bin widths for activity counts, in minutes: 1 min ... ~3 months.
BIN_STEPS = tuple(timedelta(minutes=m) for m in (1, 5, 15, 30, 60, 180, 360, 720, 1440, 10080, 43200, 131040))


def bin_width(span: timedelta, target_bins: int = 40) -> timedelta:
    """The smallest round bin width giving at most ``target_bins`` bins over ``span``."""
    for step in BIN_STEPS:
        if span / step <= target_bins:
            return step
    return BIN_STEPS[-1] * max(1, math.ceil(span / (BIN_STEPS[-1] * target_bins)))


def activity_bins(ts: pl.Series) -> tuple[list[datetime], list[int], timedelta]:
    """Posts per time bin: bin starts, counts and the (round) bin width; empty bins left out."""
    ts = ts.drop_nulls()
    if ts.is_empty():
        return [], [], BIN_STEPS[0]
    lo, hi = ts.min(), ts.max()
    step = bin_width(hi - lo if hi > lo else BIN_STEPS[0])
    every = f"{int(step / timedelta(microseconds=1))}us"
    counts = pl.DataFrame({"t": ts}).group_by(pl.col("t").dt.truncate(every).alias("b")).len().sort("b")
    # Bins are aligned on the epoch; over a span of centuries the first can start
    # before year 1, which polars holds and Python cannot ("year -32 is out of range"
    # on a dump dated from year 2 to 9999, a fuzz find): that bin starts at year 1.
    first = datetime.min.replace(tzinfo=lo.tzinfo)
    counts = counts.with_columns(pl.max_horizontal(pl.col("b"), pl.lit(first, dtype=counts["b"].dtype)))
    return counts["b"].to_list(), counts["len"].to_list(), step


def bin_centre(start: datetime, step: timedelta) -> datetime:
    """The middle of the bin from ``start``; its start for a bin that runs past the last
    instant Python holds (year 9999: OverflowError, a fuzz find)."""
    try:
        return start + step / 2
    except OverflowError:
        return start
