"""What a dashboard reader looks for first, computed from the ``posts`` and ``replies`` frames.

The author graph itself (who counts as an author, one tone per author, reply counts) is
:mod:`threads.graph`'s; this module only reads those definitions and adds the measures
the dashboard shows on top of them:

- people answering people: replies to a thread's root (the article, the first message)
  set apart from replies to other posts (:func:`person_replies`, :func:`article_answers`);
- communities of the person-to-person graph (Louvain, fixed seed) and the tone of the
  replies within and between them (:func:`communities`, :func:`community_links`);
- the summary panel: most-answered posts, the longest back-and-forth chains, the most
  heated reciprocal pairs, reciprocity, and how many links were inferred and how reliable
  inference is (:func:`summary`);
- the reply tree as an indented list (one row per post, so no link crosses a label) and
  its folding on big threads (:func:`tree_rows`, :func:`fold_tree`);
- label spreading for the network (:func:`spread_labels`);
- the thread's mean tone with the share of posts it covers (:func:`tone_fact`).

Everything is deterministic: same frames, same output.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from threads import graph
from threads.model import INFERRED_EVIDENCE
from threads.plotstyle import tone_text

# Louvain starts from a random node order; the seed pins it (same as the layout's).
COMMUNITY_SEED = graph.LAYOUT_SEED
# A back-and-forth chain: at least this many posts along a reply path, two authors alternating.
CHAIN_MIN_POSTS = 3
SUMMARY_TOP = 3  # rows per list in the summary panel
# A "heated two-way exchange" needs this many replies each way when the thread has such
# pairs: on the generated 3,000-post thread the list was all pairs of one reply and one
# answer (a single sharp reply each), which says little about an exchange.
HEATED_MIN_EACH_WAY = 2
MODEL_FILE = Path(__file__).with_name("similar.json")


# ---------------------------------------------------------------- people vs the article
def root_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """``thread_id, target_id`` of each thread's root posts (no parent): the article."""
    return posts.filter(pl.col("parent_id").is_null()).select(
        "thread_id", pl.col("post_id").alias("target_id")
    )


def person_replies(posts: pl.DataFrame, replies: pl.DataFrame) -> pl.DataFrame:
    """The replies whose target is not a thread's root: people answering people.

    A comment on a blog post is a reply to the article, and counting it as a reply to the
    host makes every blog thread a star around the host; these rows are what is left.
    """
    if replies.is_empty():
        return replies
    return replies.join(root_posts(posts), on=["thread_id", "target_id"], how="anti")


def article_answers(posts: pl.DataFrame, replies: pl.DataFrame) -> int:
    """How many posts only answer the article: every reply row of theirs targets a root."""
    if replies.is_empty():
        return 0
    roots = root_posts(posts).with_columns(pl.lit(True).alias("_root"))
    marked = replies.join(roots, on=["thread_id", "target_id"], how="left")
    per_post = marked.group_by("thread_id", "post_id").agg(pl.col("_root").fill_null(False).all())
    return int(per_post["_root"].sum())


def is_article_only(posts: pl.DataFrame) -> bool:
    """True when a thread has no comment: no post with words but its root. A comment
    under a root the dump lacks (a placeholder: a story not in the file) is a comment."""
    return graph.real_posts(posts).filter(pl.col("parent_id").is_not_null()).is_empty()


class ThreadMeasures:
    """The author measures of one thread's page, each computed once and shared.

    The six views, their variants with the article's comments, the summary panel and the
    author filter read the same few measures of the same frames (author stats, author
    edges, the author graph), with or without the replies to the article: computed per
    figure they were ~570 small polars queries a page, ``author_stats`` ten times. What
    is returned is shared: callers read it and never change it.
    """

    def __init__(self, posts: pl.DataFrame, replies: pl.DataFrame) -> None:
        self.posts, self.replies = posts, replies
        self._memo: dict[tuple, object] = {}

    def _once(self, key: tuple, make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def replies_shown(self, answers_to_article: bool) -> pl.DataFrame:
        """All replies, or people answering people (:func:`person_replies`)."""
        if answers_to_article:
            return self.replies
        return self._once(("people",), lambda: person_replies(self.posts, self.replies))

    def links(self, answers_to_article: bool) -> pl.DataFrame:
        """:func:`threads.graph.reply_links` of :meth:`replies_shown` (stats and edges read it)."""
        return self._once(
            ("links", answers_to_article),
            lambda: graph.reply_links(self.posts, self.replies_shown(answers_to_article)),
        )

    def stats(self, answers_to_article: bool) -> pl.DataFrame:
        """:func:`threads.graph.author_stats` of :meth:`replies_shown`."""
        return self._once(
            ("stats", answers_to_article),
            lambda: graph.author_stats(
                self.posts, self.replies_shown(answers_to_article), links=self.links(answers_to_article)
            ),
        )

    def edges(self, answers_to_article: bool, keep: Sequence[str] | None = None) -> pl.DataFrame:
        """:func:`threads.graph.author_edges` of :meth:`replies_shown` (``keep`` as there)."""
        kept = None if keep is None else tuple(keep)
        return self._once(
            ("edges", answers_to_article, kept),
            lambda: graph.author_edges(
                self.posts,
                self.replies_shown(answers_to_article),
                None if kept is None else list(kept),
                links=self.links(answers_to_article),
            ),
        )

    def author_graph(self, answers_to_article: bool, top_n: int | None) -> nx.DiGraph:
        """:func:`threads.graph.author_graph` of :meth:`replies_shown`, from the shared
        stats and edges."""

        def make() -> nx.DiGraph:
            stats = self.stats(answers_to_article)
            keep = graph.top_authors(stats, top_n)
            edges = self.edges(answers_to_article, keep if len(keep) < stats.height else None)
            shown = self.replies_shown(answers_to_article)
            return graph.author_graph(self.posts, shown, top_n=top_n, stats=stats, edges=edges)

        return self._once(("graph", answers_to_article, top_n), make)

    def tree_rows(self) -> pl.DataFrame:
        """:func:`tree_rows` of the thread (the tree view's folding and the summary's
        chains walk it; on a 100,000-post thread each walk took ~1.3 s)."""
        return self._once(("tree_rows",), lambda: tree_rows(self.posts))

    def communities(self, answers_to_article: bool, top_n: int | None) -> dict[str, int]:
        """:func:`communities` of :meth:`author_graph` (the network and the grid agree)."""
        return self._once(
            ("communities", answers_to_article, top_n),
            lambda: communities(self.author_graph(answers_to_article, top_n)),
        )


# ---------------------------------------------------------------- communities
def _undirected(g: nx.DiGraph) -> nx.Graph:
    und = nx.Graph()
    und.add_nodes_from(sorted(g.nodes))
    for u, v, w in sorted(g.edges(data="weight", default=1)):
        prev = und.get_edge_data(u, v, {"weight": 0})["weight"]
        und.add_edge(u, v, weight=prev + w)
    return und


def communities(g: nx.DiGraph) -> dict[str, int]:
    """Community of every node: Louvain on the undirected reply-weighted graph, fixed seed.

    Numbered 1, 2, ... by size (largest first, then by first member's name); a node with
    no link at all gets 0 ("no exchange"), as does :data:`threads.graph.OTHERS`.
    """
    und = _undirected(g)
    linked = graph.sorted_subgraph(und, [n for n in und.nodes if und.degree(n) > 0 and n != graph.OTHERS])
    out = {n: 0 for n in g.nodes}
    if linked.number_of_edges() == 0:
        return out
    groups = nx.community.louvain_communities(linked, weight="weight", seed=COMMUNITY_SEED)
    ordered = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))
    for i, members in enumerate(ordered, start=1):
        for n in members:
            out[n] = i
    return out


def community_links(g: nx.DiGraph, comm: dict[str, int]) -> pl.DataFrame:
    """Replies from community to community: ``source, target, n_replies, mean_compound``.

    The tone is the mean compound of the replying posts (each link's mean weighted by its
    replies). Links from or to nodes outside any community (0) are left out.
    """
    acc: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    for u, v, d in g.edges(data=True):
        cu, cv = comm.get(u, 0), comm.get(v, 0)
        if not cu or not cv:
            continue
        a = acc[(cu, cv)]
        a[0] += d["n_replies"]
        if d.get("mean_compound") is not None:
            a[1] += d["mean_compound"] * d["n_replies"]
            a[2] += d["n_replies"]
    rows = [(s, t, int(n), (tot / k) if k else None) for (s, t), (n, tot, k) in sorted(acc.items())]
    return pl.DataFrame(
        rows,
        schema={"source": pl.Int64, "target": pl.Int64, "n_replies": pl.Int64, "mean_compound": pl.Float64},
        orient="row",
    )


# ---------------------------------------------------------------- summary panel
def most_answered(posts: pl.DataFrame, replies: pl.DataFrame, n: int = SUMMARY_TOP) -> list[dict]:
    """The ``n`` posts (not roots) answered by most other posts: post_id, author, answers,
    text, placeholder (a deleted or removed post that kept its place)."""
    links = person_replies(posts, replies)
    if links.is_empty():
        return []
    counts = links.unique(["thread_id", "post_id", "target_id"]).group_by("thread_id", "target_id").len()
    top = counts.sort(["len", "thread_id", "target_id"], descending=[True, False, False]).head(n)
    held = [c for c in ("placeholder",) if c in posts.columns]
    info = posts.select("thread_id", pl.col("post_id").alias("target_id"), "author", "text", *held)
    top = top.join(info, on=["thread_id", "target_id"], how="left", maintain_order="left")
    return [
        {
            "post_id": r["target_id"],
            "author": r["author"],
            "answers": r["len"],
            "text": r["text"] or "",
            "placeholder": bool(r.get("placeholder")),
        }
        for r in top.iter_rows(named=True)
    ]


def back_and_forth(
    posts: pl.DataFrame, n: int = SUMMARY_TOP, *, rows: pl.DataFrame | None = None
) -> list[dict]:
    """The longest chains of two authors answering each other along parent links.

    One chain per pair (its longest), at least :data:`CHAIN_MIN_POSTS` posts, roots left
    out (answering the article is no exchange). Each: a, b, posts, first, last, tone.
    ``rows``: :func:`tree_rows` of ``posts``, when the caller has it.
    """
    real = graph.authored_posts(posts).filter(pl.col("parent_id").is_not_null())
    if real.height < CHAIN_MIN_POSTS:
        return []
    cols = real.select("thread_id", "post_id", "author", "parent_id", graph.tone_expr(real).alias("t"))
    key = {(t, p): (a, par, c) for t, p, a, par, c in cols.iter_rows()}
    rows = tree_rows(posts) if rows is None else rows
    depth = dict(zip(zip(rows["thread_id"], rows["post_id"], strict=True), rows["x"], strict=True))
    # (posts in the alternating chain ending here, its first post), parents before children
    length: dict[tuple[str, int], tuple[int, tuple[str, int]]] = {}
    for k in sorted(key, key=lambda k: (depth.get(k, 0), k)):
        author, parent, _ = key[k]
        up = (k[0], parent)
        if up not in key or key[up][0] == author:
            length[k] = (1, k)
            continue
        grand = (k[0], key[up][1])
        ln, start = length.get(up, (1, up))
        if ln >= 2 and grand in key and key[grand][0] == author:
            length[k] = (ln + 1, start)
        else:
            length[k] = (2, up)

    def chain(k: tuple[str, int]) -> tuple[int, tuple[str, int]]:
        return length[k]

    best: dict[frozenset[str], dict] = {}
    for k in sorted(key):
        ln, start = chain(k)
        if ln < CHAIN_MIN_POSTS:
            continue
        pair = frozenset((key[k][0], key[start][0]))
        if pair in best and best[pair]["posts"] >= ln:
            continue
        tones, node = [], k
        for _ in range(ln):
            tones.append(key[node][2])
            node = (node[0], key[node][1])
        known = [t for t in tones if t is not None]
        best[pair] = {
            "a": key[start][0],
            "b": key[k][0] if key[k][0] != key[start][0] else key[(k[0], key[k][1])][0],
            "posts": ln,
            "first": start[1],
            "last": k[1],
            "tone": sum(known) / len(known) if known else None,
        }
    return sorted(best.values(), key=lambda c: (-c["posts"], c["first"], c["a"]))[:n]


def reciprocal_pairs(edges: pl.DataFrame, n: int = SUMMARY_TOP, *, min_each_way: int = 1) -> list[dict]:
    """Pairs who replied to each other both ways (at least ``min_each_way`` replies each
    way), most heated (lowest mean tone) first.

    ``edges``: :func:`threads.graph.author_edges`. The pair's tone is the mean over the
    replies both ways. Each: a, b, a_to_b, b_to_a, tone.
    """
    pair = {(r["source_author"], r["target_author"]): r for r in edges.iter_rows(named=True)}
    out = []
    for (a, b), ab in sorted(pair.items()):
        ba = pair.get((b, a))
        if ba is None or a >= b or graph.OTHERS in (a, b):
            continue
        if min(ab["n_replies"], ba["n_replies"]) < min_each_way:
            continue
        parts = [(e["mean_compound"], e["n_replies"]) for e in (ab, ba) if e["mean_compound"] is not None]
        weight = sum(w for _, w in parts)
        tone = sum(t * w for t, w in parts) / weight if weight else None
        out.append({"a": a, "b": b, "a_to_b": ab["n_replies"], "b_to_a": ba["n_replies"], "tone": tone})
    return sorted(out, key=lambda p: (math.inf if p["tone"] is None else p["tone"], p["a"], p["b"]))[:n]


def heated_exchanges(edges: pl.DataFrame, n: int = SUMMARY_TOP) -> tuple[list[dict], int]:
    """The summary's most heated two-way exchanges and the replies each way they needed.

    Pairs with at least :data:`HEATED_MIN_EACH_WAY` replies each way when the thread has
    any (one reply and one answer is too little to call an exchange heated); otherwise
    the pairs with one each way, and the caller says so.
    """
    pairs = reciprocal_pairs(edges, n, min_each_way=HEATED_MIN_EACH_WAY)
    if pairs:
        return pairs, HEATED_MIN_EACH_WAY
    return reciprocal_pairs(edges, n), 1


def reciprocity(edges: pl.DataFrame) -> float | None:
    """Share of person-to-person links (A replied to B) that B returned; None without links."""
    pairs = {(s, t) for s, t in edges.select("source_author", "target_author").iter_rows()}
    pairs = {p for p in pairs if graph.OTHERS not in p}
    if not pairs:
        return None
    return sum((t, s) in pairs for s, t in pairs) / len(pairs)


def inference(replies: pl.DataFrame, model_file: Path = MODEL_FILE) -> dict:
    """How many reply links are marked in the dump and how many inferred, and how reliable
    inference was on held-out real threads (``similar.json``: calibration and training).

    Read defensively: a missing file or key gives ``None`` for what it would have said.
    """
    links = replies.filter(pl.col("evidence") != "root") if not replies.is_empty() else replies
    inferred = int(links.filter(pl.col("evidence").is_in(INFERRED_EVIDENCE)).height) if links.height else 0
    out: dict = {"marked": links.height - inferred, "inferred": inferred}
    model = _model(model_file)
    cal = model.get("calibration", {}) if isinstance(model, dict) else {}
    sim = cal.get("similar", {}) if isinstance(cal, dict) else {}
    train = model.get("training", {}) if isinstance(model, dict) else {}
    sim = sim if isinstance(sim, dict) else {}
    train = train if isinstance(train, dict) else {}
    examples = train.get("examples")
    if isinstance(examples, dict):
        examples = sum(v for v in examples.values() if isinstance(v, int | float))
    out.update(
        accuracy=sim.get("accuracy"),
        precision_high=sim.get("precision_high"),
        links_high=sim.get("links_high"),
        threads=train.get("threads"),
        examples=examples if isinstance(examples, int | float) else None,
    )
    return out


def _model(path: Path) -> object:
    """The model file's JSON ({} if unreadable), read again only when the file changes
    (every page's summary asked for it: 8 ms a page)."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read_model(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_model(path: Path, mtime_ns: int, size: int) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------- the reply tree
def tree_rows(posts: pl.DataFrame) -> pl.DataFrame:
    """An indented-list layout of the reply forest: ``x`` = depth, ``y`` = row.

    Every post has a row of its own in depth-first order (children by post id), like a
    threaded comment page: a link runs down its parent's column, then right along the
    reply's row, so it never crosses a label written to the right of a post. A post whose
    parent is missing starts a tree; a cycle is cut at its smallest id. Iterative.
    Returns ``thread_id, post_id, x, y`` in the posts' order.
    """
    keys, children, starts = graph.reply_forest(posts)
    x: dict[graph.PostKey, int] = {}
    y: dict[graph.PostKey, int] = {}
    row = 0
    for start in starts:
        if start in x:
            continue
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node in x:
                continue
            x[node], y[node] = depth, row
            row += 1
            stack.extend((kid, depth + 1) for kid in reversed(children.get(node, ())))
    return pl.DataFrame(
        {"thread_id": [k[0] for k in keys], "post_id": [k[1] for k in keys]}
        | {"x": [x[k] for k in keys], "y": [y[k] for k in keys]},
        schema={"thread_id": pl.String, "post_id": pl.Int64, "x": pl.Int64, "y": pl.Int64},
    )


def subtree_sizes(posts: pl.DataFrame, rows: pl.DataFrame | None = None) -> dict[tuple[str, int], int]:
    """Posts in each post's subtree (itself included), along parent links (``rows``:
    :func:`tree_rows` of ``posts``, when the caller has it)."""
    keys = list(zip(posts["thread_id"].to_list(), posts["post_id"].to_list(), strict=True))
    rows = tree_rows(posts) if rows is None else rows
    depth = dict(zip(keys, rows["x"].to_list(), strict=True))
    parent = {k: (k[0], p) for k, p in zip(keys, posts["parent_id"].to_list(), strict=True) if p is not None}
    size = dict.fromkeys(keys, 1)
    for k in sorted(keys, key=lambda k: -depth[k]):  # deepest first: children before parents
        p = parent.get(k)
        if p in size and depth.get(p, -1) == depth[k] - 1:
            size[p] += size[k]
    return size


def fold_tree(
    posts: pl.DataFrame, max_posts: int, rows: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, dict[tuple[str, int], int]]:
    """The ``max_posts`` posts heading the largest subtrees, and what each kept post hides.

    A parent's subtree is always larger than its child's, so keeping the posts with the
    largest subtrees keeps every kept post's ancestors: the picture is the skeleton of
    the biggest branches. Returns the kept posts (their order) and, per kept post, how
    many posts below it were folded. Nothing is folded when the thread is small enough.
    ``rows``: :func:`tree_rows` of ``posts``, when the caller has it.
    """
    if posts.height <= max_posts:
        return posts, {}
    rows = tree_rows(posts) if rows is None else rows
    size = subtree_sizes(posts, rows)
    depth = dict(zip(zip(rows["thread_id"], rows["post_id"], strict=True), rows["x"], strict=True))
    kept = set(sorted(size, key=lambda k: (-size[k], depth[k], k))[:max_posts])
    parent = {
        (t, p): (t, q)
        for t, p, q in posts.select("thread_id", "post_id", "parent_id").iter_rows()
        if q is not None
    }
    folded: dict[tuple[str, int], int] = defaultdict(int)
    for k in size:
        if k in kept:
            continue
        p = parent.get(k)
        if p in kept:  # the top of a folded branch: counted once, its whole subtree
            folded[p] += size[k]
    mask = [k in kept for k in zip(posts["thread_id"], posts["post_id"], strict=True)]
    return posts.filter(pl.Series(mask, dtype=pl.Boolean)), dict(folded)


# ---------------------------------------------------------------- network labels
def spread_labels(
    pos: dict[str, tuple[float, float]],
    labels: dict[str, str],
    sizes: dict[str, float],
    *,
    px_per_unit: float,
    char_px: float = 6.6,
    line_px: float = 15.0,
    rounds: int = 150,
    links: Sequence[tuple[str, str]] = (),
    min_link_px: float = 0.0,
) -> dict[str, tuple[float, float]]:
    """Move nodes apart until no two overlap, marker or label (written above the marker),
    the force layout's positions as the start.

    Each node is a box: its marker (``sizes`` in px) and, for ``labels``, the label above
    it, the width estimated from the label's length; sizes are turned into layout units
    at ``px_per_unit`` (screen pixels per unit). Each round pushes every overlapping pair
    apart along the axis where they overlap least. Deterministic (sorted pairs).

    ``links`` (pairs of node names) shorter than ``min_link_px`` between the markers'
    edges are stretched to it along their own direction: a force layout pulls a pair
    who talk together until the line between them, and its arrowhead, hide under the
    two circles, and that line is what the view is for.
    """
    names = sorted(n for n in pos if n in sizes)
    # plain lists by index, not dicts by name: the pair loop below runs ~500,000 times
    # on a big network, the same arithmetic in the same order (same positions)
    xs = [pos[n][0] for n in names]
    ys = [pos[n][1] for n in names]
    index = {n: i for i, n in enumerate(names)}
    stretch = sorted({tuple(sorted(e)) for e in links if e[0] != e[1] and index.keys() >= set(e)})
    half_w, below, above = [], [], []  # the box around each node, in layout units
    for n in names:
        r = sizes[n] / 2 + 2
        w = max(r, (len(labels[n]) * char_px / 2 + 3) if n in labels else 0)
        top = r + (line_px + 2 if n in labels else 0)
        half_w.append(w / px_per_unit)
        below.append(r / px_per_unit)
        above.append(top / px_per_unit)
    count = len(names)
    for _ in range(rounds):
        moved = False
        for i in range(count):
            w_i, below_i, above_i = half_w[i], below[i], above[i]
            for j in range(i + 1, count):
                dx = xs[j] - xs[i]
                over_x = w_i + half_w[j] - abs(dx)
                if over_x <= 0:
                    continue
                # vertical extents [y - bottom, y + top] of each
                lo_a, hi_a = ys[i] - below_i, ys[i] + above_i
                lo_b, hi_b = ys[j] - below[j], ys[j] + above[j]
                over_y = min(hi_a, hi_b) - max(lo_a, lo_b)
                if over_y <= 0:
                    continue
                moved = True
                # names are sorted, so on a tie the first goes down/left, the second up/right
                if over_y <= over_x:
                    step = over_y / 2 + 1e-3
                    sign = 1 if (lo_b + hi_b) >= (lo_a + hi_a) else -1
                    ys[i] -= sign * step
                    ys[j] += sign * step
                else:
                    step = over_x / 2 + 1e-3
                    sign = 1 if dx >= 0 else -1
                    xs[i] -= sign * step
                    xs[j] += sign * step
        for a, b in stretch:
            i, j = index[a], index[b]
            dx, dy = xs[j] - xs[i], ys[j] - ys[i]
            dist = math.hypot(dx, dy)
            want = (min_link_px + (sizes[a] + sizes[b]) / 2) / px_per_unit
            if dist >= want:
                continue
            moved = True
            ux, uy = (dx / dist, dy / dist) if dist > 1e-9 else (1.0, 0.0)
            step = (want - dist) / 2 + 1e-3
            xs[i] -= ux * step
            ys[i] -= uy * step
            xs[j] += ux * step
            ys[j] += uy * step
        if not moved:
            break
    out = dict(pos)
    r = graph.COORD_DECIMALS
    out.update({n: (round(xs[i], r), round(ys[i], r)) for i, n in enumerate(names)})
    return out


def untoned(real: pl.DataFrame) -> int:
    """How many of the posts ``real`` (no placeholders) count in no tone: their sentiment
    is flagged unreliable (not English, or nothing VADER reads), so every mean leaves them
    out."""
    if real.is_empty() or "sentiment_reliable" not in real.columns:
        return 0
    return real.filter(~pl.col("sentiment_reliable").fill_null(True)).height


def wordless(real: pl.DataFrame) -> int:
    """How many of the untoned posts of ``real`` are so for having no words (a bare link,
    an empty post: :func:`threads.sentiment.nothing_to_read`), not for their language."""
    if real.is_empty() or not {"sentiment_reliable", "text", "compound"} <= set(real.columns):
        return 0
    from threads.sentiment import nothing_to_read

    left_out = real.filter(~pl.col("sentiment_reliable").fill_null(True))
    return sum(map(nothing_to_read, left_out["text"].fill_null(""), left_out["compound"].fill_null(0.0)))


def tone_fact(real: pl.DataFrame, tone: float | None) -> str:
    """A thread's mean tone (``tone``, over the scores that mean something), and how many
    of its posts (``real``: no placeholders) it covers when some are left out: VADER's
    lexicon is English, and a German forum's mean tone was "-0.40" from its one English
    post, the other 19 posts' scores (their "die" read as the English word) left out
    without a word. Posts with no words (a Disqus thread's root is its page's address)
    are named apart."""
    text = tone_text(tone)
    left_out = untoned(real)
    if not left_out:
        return text
    bare = wordless(real)
    foreign = left_out - bare
    if left_out == real.height:
        if not foreign:
            return f"{text}: no post has words VADER reads (links or empty posts only)"
        return f"{text}: no post in English (VADER's tone means nothing in other languages)"
    kept = real.height - left_out
    reasons = [f"{foreign:,} not in English"] if foreign else []
    reasons += [f"{bare:,} with no words"] if bare else []
    return f"{text} over {kept:,} of {real.height:,} posts ({', '.join(reasons)}, left out)"
