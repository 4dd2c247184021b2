"""threads.figures, checked through ``to_plotly_json()``: counts, links, colours, hover."""

from __future__ import annotations

import base64
import random
from datetime import datetime, timedelta, timezone

import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest

from threads import dashboard_measures as dm
from threads import figures, graph
from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA
from threads.plotstyle import BOX_POINTS_MAX, OTHERS_LINK_WIDTH

XSS_NAMES = [
    '<script>alert("n")</script>',
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(2)">eve</a>',
    "Tom & Jerry",
]


def values(v: object) -> list:
    """A data array of a figure's JSON as a list (plotly ships numpy arrays as base64)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def trace(fig: go.Figure, name: str) -> dict:
    found = [t for t in fig.to_plotly_json()["data"] if str(t.get("name", "")).startswith(name)]
    assert len(found) == 1, [t.get("name") for t in fig.to_plotly_json()["data"]]
    return found[0]


def segments(t: dict) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    """The (start, end) points of a lines trace drawn as start, end, gap triples."""
    xs, ys = values(t["x"]), values(t["y"])
    out = set()
    for i in range(0, len(xs), 3):
        out.add(((xs[i], ys[i]), (xs[i + 1], ys[i + 1])))
        assert xs[i + 2] is None or np.isnan(xs[i + 2])
    return out


def synthetic(
    n: int, n_authors: int, seed: int = 3, names: list[str] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A thread of ``n`` posts: replies to recent posts, some to the root, some secondary."""
    rng = random.Random(seed)
    names = names or [f"user{i:04d}" for i in range(n_authors)]
    t0 = datetime(2020, 1, 1, tzinfo=timezone.utc)
    posts, replies, who = [], [], []
    for pid in range(n):
        author = names[0] if pid == 0 else names[min(int(rng.paretovariate(1.2)) - 1, len(names) - 1)]
        who.append(author)
        parent = None if pid == 0 else (0 if rng.random() < 0.3 else rng.randrange(max(0, pid - 20), pid))
        evidence = None if parent is None else rng.choice(["root", "explicit", "quote", "mention", "nested"])
        posts.append(
            {
                "thread_id": "s",
                "post_id": pid,
                "author": author,
                "timestamp": t0 + timedelta(minutes=3 * pid),
                "text": f"text of {pid} by {author}",
                "quoted": [],
                "parent_id": parent,
                "reply_evidence": evidence,
                "reply_confidence": 0.9,
                "depth": 0,
                "compound": round(rng.uniform(-1, 1), 3),
                "sentiment_reliable": True,
                "placeholder": False,
                "source_format": "test",
                "source_file": "s.txt",
                "line_start": 0,
                "line_end": 0,
            }
        )
        if parent is not None:
            replies.append(("s", pid, parent, author, who[parent], evidence, 0.9, True, ""))
            if pid > 3 and rng.random() < 0.05:
                replies.append(("s", pid, 1, author, who[1], "quote", 0.8, False, ""))
    return (
        pl.DataFrame(posts, schema=POSTS_SCHEMA),
        pl.DataFrame(replies, schema=list(REPLIES_SCHEMA.items()), orient="row"),
    )


# ---------------------------------------------------------------- seed 004
def test_network_seed004_nodes_links_hover(seed004) -> None:
    fig = figures.fig_network(seed004.posts, seed004.replies)
    nodes = trace(fig, "authors")
    authors = seed004.posts["author"].unique().to_list()
    assert len(nodes["x"]) == 19 == len(authors)
    assert sorted(nodes["customdata"]) == sorted(authors)
    for name, hover in zip(nodes["customdata"], nodes["hovertext"], strict=True):
        assert hover.startswith(f"<b>{figures.esc(name)}</b>")
        assert "replies sent" in hover and "mean tone" in hover
    host = list(nodes["customdata"]).index("turcopolier")
    assert nodes["marker"]["symbol"][host] == "star" and "(host)" in nodes["hovertext"][host]
    # people answering people by default: the five person-to-person links, not 25
    arrows = [t for t in fig.to_plotly_json()["data"] if t.get("name") == "reply direction"]
    pairs = {tuple(p) for t in arrows for p in t["customdata"]}
    assert pairs == {
        ("turcopolier", "Fredw"),
        ("turcopolier", "mbrenner"),
        ("Ishmael Zechariah", "Barish"),
        ("Ishmael Zechariah", "Ghost ship"),
        ("apol", "Babak Makkinejad"),
    }
    links = [t for t in fig.to_plotly_json()["data"] if t.get("name") == "links"]
    assert sum(len(segments(t)) for t in links) == 5
    assert any("Ishmael Zechariah → Barish" in h for t in arrows for h in t["hovertext"])
    # communities: the three exchanges are three groups, the rest "no exchange"
    legend = [t["name"] for t in fig.to_plotly_json()["data"] if t.get("legendgroup") == "groups"]
    assert legend == ["group 1 (3)", "group 2 (3)", "group 3 (2)", "no exchange (11)"]
    # the switch brings the comments on the article back: the host receives them
    full = figures.fig_network(seed004.posts, seed004.replies, answers_to_article=True)
    arrows = [t for t in full.to_plotly_json()["data"] if t.get("name") == "reply direction"]
    g = graph.author_graph(seed004.posts, seed004.replies)
    assert sum(len(t["customdata"]) for t in arrows) == g.number_of_edges()


def test_network_is_deterministic(seed004) -> None:
    a = figures.fig_network(seed004.posts, seed004.replies).to_json()
    b = figures.fig_network(seed004.posts.reverse(), seed004.replies.reverse()).to_json()
    assert a == b


def test_tree_seed004_parent_and_secondary_links(seed004) -> None:
    fig = figures.fig_tree(seed004.posts, seed004.replies)
    nodes = trace(fig, "posts")
    assert len(values(nodes["x"])) == 26
    lay = {
        r["post_id"]: (float(r["x"]), float(r["y"]))
        for r in dm.tree_rows(seed004.posts).iter_rows(named=True)
    }
    # one row per post: no two posts (and so no two labels) share a row
    assert len({y for _, y in lay.values()}) == 26

    def elbow(child: int, parent: int) -> tuple:
        (px, py), (cx, cy) = lay[parent], lay[child]
        return ((px, py), (px, cy), (cx, cy))

    def elbows(t: dict) -> set:
        xs, ys = values(t["x"]), values(t["y"])
        return {tuple((xs[i + k], ys[i + k]) for k in range(3)) for i in range(0, len(xs), 4)}

    explicit = elbows(trace(fig, "explicit"))
    assert {elbow(4, 3), elbow(8, 7), elbow(12, 5), elbow(16, 11)} <= explicit
    assert {elbow(2, 0), elbow(3, 0)} <= elbows(trace(fig, "quote"))
    assert segments(trace(fig, "secondary")) == {(lay[2], lay[12])}
    # each hover starts "<b>#<post id> <author></b>", and sits at that post's place
    hover = {int(h[4:].split(" ")[0]): h for h in nodes["hovertext"]}
    assert sorted(hover) == list(range(26))
    placed = zip(values(nodes["x"]), values(nodes["y"]), nodes["hovertext"], strict=True)
    assert all(lay[int(h[4:].split(" ")[0])] == (x, y) for x, y, h in placed)
    assert "→ #5 (explicit" in hover[12] and "also answers #2 (quote)" in hover[12]
    assert "Ishmael Zechariah" in hover[12]
    assert all(-1 <= c <= 1 for c in values(nodes["marker"]["color"]))


def test_timeline_seed004(seed004) -> None:
    fig = figures.fig_timeline(seed004.posts)
    timed = seed004.posts.filter(pl.col("timestamp").is_not_null()).height
    points = [t for t in fig.to_plotly_json()["data"] if t["type"] in ("scatter", "scattergl")]
    assert sum(len(values(t["x"])) for t in points) == timed
    assert points[-1]["name"].startswith("others (")
    bars = trace(fig, "posts per bin")
    assert sum(bars["y"]) == timed
    assert "without a time" in figures.figure_note(fig)
    names = {t["name"] for t in points}
    assert "turcopolier" in names


def test_heatmap_seed004(seed004) -> None:
    fig = figures.fig_heatmap(seed004.posts, seed004.replies)
    heat = fig.to_plotly_json()["data"][0]
    total = sum(v for row in heat["z"] for v in row if v)
    assert total == 5  # people answering people: the comments on the article are left out
    assert "turcopolier" not in heat["x"] and "Ishmael Zechariah" in heat["y"]
    full = figures.fig_heatmap(seed004.posts, seed004.replies, answers_to_article=True)
    z = full.to_plotly_json()["data"][0]["z"]
    assert sum(v for row in z for v in row if v) == graph.reply_links(seed004.posts, seed004.replies).height
    cells = [h for row in heat["hovertext"] for h in row if h]
    assert any(h.startswith("Ishmael Zechariah → Ghost ship") for h in cells)


def test_authors_seed004(seed004) -> None:
    fig = figures.fig_authors(seed004.posts, seed004.replies)
    posts = trace(fig, "posts")
    assert len(posts["y"]) == 19 and sum(posts["x"]) == 26
    assert posts["y"][0] == "Babak Makkinejad"  # 3 posts, and the most answered of them
    received = trace(fig, "replies received")
    assert max(received["x"]) == 1  # the host's 21 comments on the article are not replies to them
    assert all(c.startswith(("rgb", "#")) for c in posts["marker"]["color"])
    box = trace(fig, "tone")
    assert len(values(box["x"])) == 26 and all(-1 <= v <= 1 for v in values(box["x"]))


# ---------------------------------------------------------------- escaping
def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):  # customdata and meta are read by the page's scripts, never shown
        return [s for k, v in obj.items() if k not in ("customdata", "meta") for s in _strings(v)]
    if isinstance(obj, list | tuple | np.ndarray):
        return [s for v in obj for s in _strings(v)]
    return []


@pytest.mark.parametrize("build", ["network", "tree", "timeline", "heatmap", "authors"])
def test_names_and_text_are_escaped_everywhere(build: str) -> None:
    posts, replies = synthetic(40, 4, names=XSS_NAMES)
    posts = posts.with_columns(pl.lit('<script>alert("t")</script> & <b>bold</b>').alias("text"))
    fig = {
        "network": lambda: figures.fig_network(posts, replies),
        "tree": lambda: figures.fig_tree(posts, replies),
        "timeline": lambda: figures.fig_timeline(posts),
        "heatmap": lambda: figures.fig_heatmap(posts, replies),
        "authors": lambda: figures.fig_authors(posts, replies),
    }[build]()
    texts = _strings(fig.to_plotly_json()["data"])
    joined = "\n".join(texts)
    for raw in ("<script", "<img", "<a ", "<b>bold"):
        assert raw not in joined
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "Tom &amp; Jerry" in joined


def test_esc_and_snippet() -> None:
    assert figures.esc("a<b>&\nc") == "a&lt;b&gt;&amp;<br>c"
    assert figures.esc(None) == graph.ANONYMOUS
    assert figures.snippet("x" * 300, 200) == "x" * 199 + "…"
    assert figures.snippet("  a \n b ", 200) == "a b"


# ---------------------------------------------------------------- size and aggregation
def test_large_thread_uses_webgl_and_aggregates() -> None:
    posts, replies = synthetic(3000, 600)
    tree = figures.fig_tree(posts, replies)
    assert len(values(trace(tree, "posts")["x"])) == 300  # the largest branches; the rest folded
    assert "folded" in figures.figure_note(tree)
    net = figures.fig_network(posts, replies, top_n=40)
    named = trace(net, "authors")
    assert len(named["x"]) <= 41  # top 40, plus the host if it is not among them
    others = trace(net, "others")
    assert "others (" in others["hovertext"][0]
    assert "merged" in figures.figure_note(net)
    assert "others in grey" in figures.figure_note(figures.fig_timeline(posts))
    assert "merged" in figures.figure_note(figures.fig_heatmap(posts, replies))
    assert "top 25" in figures.figure_note(figures.fig_authors(posts, replies))


def test_authors_box_sent_as_five_numbers_on_big_threads() -> None:
    # above BOX_POINTS_MAX posts the tone box per author is precomputed: the same box
    # plotly would draw (linear quartiles, whiskers at the last tone within 1.5 IQR)
    posts, replies = synthetic(BOX_POINTS_MAX + 500, 300)
    box = trace(figures.fig_authors(posts, replies), "tone")
    assert "x" not in box and box["boxpoints"] is False
    assert len(box["y"]) == len(box["median"]) <= 25
    name = box["y"][0]
    tones = np.sort(posts.filter(pl.col("author") == name)["compound"].drop_nulls().to_numpy())
    q1, med, q3 = np.quantile(tones, [0.25, 0.5, 0.75])
    assert (box["q1"][0], box["median"][0], box["q3"][0]) == pytest.approx((q1, med, q3), abs=1e-3)
    inside = tones[(tones >= q1 - 1.5 * (q3 - q1)) & (tones <= q3 + 1.5 * (q3 - q1))]
    assert (box["lowerfence"][0], box["upperfence"][0]) == pytest.approx((inside[0], inside[-1]), abs=1e-3)
    small = trace(figures.fig_authors(*synthetic(300, 30)), "tone")
    assert small["boxpoints"] == "all" and len(values(small["x"])) >= 250  # every post a dot
    heat, merged = figures.fig_heatmap(posts, replies).to_plotly_json()["data"]
    assert len(heat["y"]) <= 31 and heat["y"][-1].startswith("others (")
    # the merged cells have a grey scale of their own: they do not set the blue one
    real = [v for row in heat["z"] for v in row if v is not None]
    assert heat["zmax"] == max(2, max(real))
    others = [i for i, y in enumerate(heat["y"]) if y.startswith("others (")]
    assert others and all(v is None for i in others for v in heat["z"][i])
    assert any(v is not None for i in others for v in merged["z"][i])
    # each trace stores the hover text of its own cells only (not the whole grid twice)
    for tr in (heat, merged):
        rows = zip(tr["z"], tr["hovertext"], strict=True)
        cells = [(z is None, h == "") for zs, hs in rows for z, h in zip(zs, hs, strict=True)]
        assert all(empty_z == empty_text for empty_z, empty_text in cells)


def test_tree_hover_snippet_length() -> None:
    posts, replies = synthetic(200, 20)
    long = posts.with_columns(pl.lit("y" * 500).alias("text"))
    hover = trace(figures.fig_tree(long, replies), "posts")["hovertext"]
    assert all(h.endswith("y" * 199 + "…") for h in hover)
    short = trace(figures.fig_tree(long, replies, snippet_chars=20), "posts")["hovertext"]
    assert all(h.endswith("y" * 19 + "…") for h in short)


@pytest.mark.parametrize("fn", ["fig_network", "fig_tree", "fig_heatmap", "fig_authors"])
def test_empty_frames_give_a_message_not_an_error(fn: str) -> None:
    posts = pl.DataFrame(schema=POSTS_SCHEMA)
    replies = pl.DataFrame(schema=REPLIES_SCHEMA)
    fig = getattr(figures, fn)(posts, replies)
    assert fig.layout.annotations and not fig.data
    assert figures.fig_timeline(posts).layout.annotations


def test_thread_without_timestamps_is_drawn_by_order() -> None:
    posts, _ = synthetic(30, 5)
    posts = posts.with_columns(pl.lit(None, dtype=POSTS_SCHEMA["timestamp"]).alias("timestamp"))
    fig = figures.fig_timeline(posts)
    assert "post order" in figures.figure_note(fig)
    assert sum(len(values(t["x"])) for t in fig.to_plotly_json()["data"] if t["type"] == "scatter") == 30


def test_tone_colour_scale() -> None:
    assert figures.tone_colour(-1.0) != figures.tone_colour(1.0)
    assert figures.tone_colour(-5.0) == figures.tone_colour(-1.0)
    assert figures.tone_colour(None) == figures.OTHERS_COLOUR
    assert figures.tone_text(0.4234) == "+0.42" and figures.tone_text(None) == "n/a"


def test_posts_without_author_are_in_post_views_only() -> None:
    posts, replies = synthetic(30, 3)
    posts = posts.with_columns(
        pl.when(pl.col("post_id") % 3 == 0).then(None).otherwise(pl.col("author")).alias("author")
    )
    net = trace(figures.fig_network(posts, replies), "authors")
    assert all(graph.ANONYMOUS not in h for h in net["hovertext"])
    timeline = figures.fig_timeline(posts, top_n=1)
    names = [t["name"] for t in timeline.to_plotly_json()["data"] if t["type"] == "scatter"]
    assert names[-1].endswith(figures.esc(graph.ANONYMOUS)) and names[-1].startswith("others (")
    assert len(values(trace(figures.fig_tree(posts, replies), "posts")["x"])) == 30


def test_network_links_are_long_enough_to_see(seed004) -> None:
    # a force layout pulled seed 004's talking pairs 5-20 px apart, their lines and arrows
    # hidden under the circles: each link now spans NETWORK_MIN_LINK_PX between the circles
    from threads.plotstyle import NETWORK_LABEL_PX_PER_UNIT, NETWORK_MIN_LINK_PX

    data = figures.fig_network(seed004.posts, seed004.replies).to_plotly_json()["data"]
    nodes = next(t for t in data if t.get("name") == "authors")
    at = {
        n: (x, y, s)
        for n, x, y, s in zip(
            nodes["customdata"], nodes["x"], nodes["y"], nodes["marker"]["size"], strict=True
        )
    }
    pairs = [tuple(p) for t in data if t.get("name") == "reply direction" for p in t["customdata"]]
    assert len(pairs) == 5
    for u, v in pairs:
        (xu, yu, su), (xv, yv, sv) = at[u], at[v]
        gap = np.hypot(xu - xv, yu - yv) * NETWORK_LABEL_PX_PER_UNIT - (su + sv) / 2
        assert gap >= NETWORK_MIN_LINK_PX - 1, (u, v, gap)


def test_network_others_links_are_faint_off_the_width_scale_and_hidden() -> None:
    # the merged node's links sum many people's replies: on a big thread they are the
    # widest links and made the centre a star; they are drawn apart (thin, faint, hidden
    # at first) and do not set the width scale or the filter's range
    from tests.bigthread import generated_thread

    big = generated_thread(3000)
    fig = figures.fig_network(big.posts, big.replies)
    data = fig.to_plotly_json()["data"]
    merged = [t for t in data if isinstance(t.get("meta"), dict) and t["meta"].get("others")]
    named = [t for t in data if isinstance(t.get("meta"), dict) and not t["meta"].get("others")]
    assert merged and named
    assert all(t["visible"] is False for t in merged)
    assert all(graph.OTHERS in p for t in merged if "customdata" in t for p in t["customdata"])
    assert all(graph.OTHERS not in p for t in named if "customdata" in t for p in t["customdata"])
    merged_max = max(t["meta"]["replies"] for t in merged)
    named_max = max(t["meta"]["replies"] for t in named)
    assert merged_max > named_max  # the case that made the star
    meta = fig.layout.meta
    assert meta["max_replies"] == named_max and meta["others_links"] > 0
    widths = {t["line"]["width"] for t in merged if t["mode"] == "lines"}
    assert widths == {OTHERS_LINK_WIDTH}
    # the widest named link is the full width: a merged count does not squash the scale
    widest = max(t["line"]["width"] for t in named if t["mode"] == "lines")
    assert widest == 6.0
    assert "hidden at first" in figures.figure_note(fig)
    # set apart from the named authors: below them, not in their middle
    others = trace(fig, "others")
    authors = trace(fig, "authors")
    ys = sorted(values(authors["y"]))
    assert others["y"][0] < ys[len(ys) // 20]  # below 95% of the authors
    # a network with no merged node has no such traces and no control for them
    small = figures.fig_network(*synthetic(60, 12))
    assert small.layout.meta["others_links"] == 0
    assert not [t for t in small.to_plotly_json()["data"] if t.get("name") == "others"]
