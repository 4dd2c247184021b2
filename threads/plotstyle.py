"""What every view shares: tone scales and colours, sizes and thresholds, escaping.

Compound scores (VADER, in [-1, 1]) are drawn on one diverging scale centred at 0 (red
hostile, blue warm) in every view. Text that reaches a figure goes through :func:`esc`
first: plotly renders a small HTML subset in hover labels, tick labels and legends, so
an author called ``<b>x</b>`` would otherwise be formatted rather than shown (and
plotly decodes ``&lt;``, ``&gt;`` and ``&amp;`` back to the literal characters).
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import plotly.graph_objects as go
import polars as pl
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec
from plotly.colors import qualitative, sample_colorscale

from threads import graph

# Compound scores live in [-1, 1]; a diverging scale centred at 0: red hostile, blue warm.
TONE_SCALE = "RdBu"
TONE_MIN, TONE_MAX = -1.0, 1.0
# Above this many points a view switches to WebGL (scattergl): SVG scatter slows down past
# a few thousand DOM nodes, WebGL stays fluid at 100,000 (see BENCHMARKS.md).
WEBGL_MIN_POINTS = 2000
# Hover snippets of post text: ~200 characters as the issue asks, shortened on very large
# threads where they dominate the page size (100,000 × 200 characters is 20 MB).
SNIPPET_CHARS = 200
SNIPPET_CHARS_LARGE = 60
LARGE_THREAD_POSTS = 20_000
NETWORK_TOP_N = 80
# Names written in the network (the rest on hover): past ~25 the centre is a blot of text.
NETWORK_LABELS = 25
# Links drawn at first on a big network; the page's minimum-replies filter shows the rest.
NETWORK_EDGES_SHOWN = 150
# Screen pixels per layout unit of the 620 px network (the layout spans about 2.8 units
# vertically): sizes the label boxes the layout keeps apart.
NETWORK_LABEL_PX_PER_UNIT = 200.0
# A link between two authors is at least this long between the circles' edges (seed 004's
# pairs were drawn 5-20 px apart, their arrows hidden under the circles), on networks of
# up to NETWORK_STRETCH_MAX_AUTHORS authors.
NETWORK_MIN_LINK_PX = 60.0
NETWORK_STRETCH_MAX_AUTHORS = 40
TIMELINE_TOP_N = 10
# An author gets a colour of their own in the timeline only from this many posts: a
# colour for a one-post author tells the reader nothing the hover does not.
TIMELINE_MIN_POSTS = 2
# The reply tree shows at most this many posts (one row each), those heading the largest
# branches; the rest are folded and counted. 300 rows keep ~6 px a row on a 2,000 px view.
TREE_MAX_POSTS = 300
HEATMAP_TOP_N = 30
AUTHORS_TOP_N = 25
# The authors view draws every post's tone as a dot up to this many posts; above, only
# each author's box, sent as five numbers (100,000 tones were ~0.9 MB of the page, twice).
BOX_POINTS_MAX = 5000
# Link styles of the reply tree by evidence: strong structure solid, mention dashed, a
# default link to the root faint. Colours from ColorBrewer Dark2.
LINK_STYLE: dict[str, dict[str, object]] = {
    "nested": {"color": "#444444", "width": 1.4, "dash": "solid"},
    "explicit": {"color": "#1b9e77", "width": 1.6, "dash": "solid"},
    "quote": {"color": "#7570b3", "width": 1.6, "dash": "solid"},
    "mention": {"color": "#d95f02", "width": 1.4, "dash": "dash"},
    "subject": {"color": "#66a61e", "width": 1.2, "dash": "dash"},
    "similar": {"color": "#e6ab02", "width": 1.2, "dash": "dashdot"},
    "root": {"color": "rgba(120,120,120,0.35)", "width": 0.8, "dash": "solid"},
    "unknown": {"color": "rgba(120,120,120,0.35)", "width": 0.8, "dash": "solid"},
}
SECONDARY_STYLE: dict[str, object] = {"color": "#e7298a", "width": 1.2, "dash": "dot"}
# Links use a diverging scale whose midpoint is grey, not white: a neutral reply must
# still be visible on the white background.
LINK_TONE_SCALE = [[0.0, "#b2182b"], [0.5, "#b5b5b5"], [1.0, "#2166ac"]]
OTHERS_COLOUR = "#9e9e9e"
# The network's links to and from the merged "others" node: thin, faint and one width
# whatever their count (a merged link sums many pairs; drawn to scale on the generated
# 3,000-post thread they were the widest links and made the centre a star again).
OTHERS_LINK_COLOUR = "rgba(158,158,158,0.35)"
OTHERS_LINK_WIDTH = 0.8
TREE_LABELS_MAX = 60  # label tree nodes "#id author" up to this many posts
# One colour per top author; the greys of T10 and Dark2 are left out: grey means "others".
AUTHOR_PALETTE = [c for c in qualitative.T10 + qualitative.Dark2 if c not in ("#BAB0AC", "rgb(102,102,102)")]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def esc(value: object) -> str:
    """Text made safe and literal for plotly's HTML subset (hover, ticks, legends).

    ``<``, ``>`` and ``&`` become entities plotly decodes back to text; newlines become
    ``<br>``. ``None`` becomes :data:`threads.graph.ANONYMOUS`.
    """
    text = graph.ANONYMOUS if value is None else str(value)
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def author_label(name: str, n_others: int | None = None) -> str:
    """Display label of an author node key (escaped); the merged node reads "others (N)"."""
    if name == graph.OTHERS:
        return f"others ({n_others:,} authors)" if n_others is not None else "others"
    return esc(name)


def snippet(text: str | None, limit: int) -> str:
    """The first ``limit`` characters of ``text`` on one line, escaped, with "…" if cut."""
    flat = " ".join((text or "").split())
    if len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return esc(flat)


def tone_text(value: float | None) -> str:
    """A compound score as "+0.42", or "n/a"."""
    return "n/a" if value is None or math.isnan(value) else f"{value:+.2f}"


COLOUR_DECIMALS = 3  # 1/1000 of the tone scale: colours differing by under one RGB unit


def tone_colour(value: float | None, scale: str | list = TONE_SCALE) -> str:
    """The diverging-scale colour of a compound score (grey when unknown)."""
    if value is None or math.isnan(value):
        return OTHERS_COLOUR
    v = min(max(value, TONE_MIN), TONE_MAX)
    # Sampling a plotly scale validates it each time (~0.5 ms): a big network asks for
    # thousands of colours, so they are cached at a step no eye can tell apart.
    key = scale if isinstance(scale, str) else tuple(tuple(stop) for stop in scale)
    return _sample(key, round((v - TONE_MIN) / (TONE_MAX - TONE_MIN), COLOUR_DECIMALS))


@lru_cache(maxsize=4096)
def _sample(scale: str | tuple, at: float) -> str:
    return sample_colorscale(scale if isinstance(scale, str) else [list(s) for s in scale], [at])[0]


def fmt_time(ts: datetime | None) -> str:
    """A timestamp as plotly reads it, in UTC: "2016-06-07 17:06:00" (no offset)."""
    return "" if ts is None else ts.strftime("%Y-%m-%d %H:%M:%S")


def figure_note(fig: go.Figure) -> str | None:
    """What a figure aggregated or left out, as plain text (``None`` if nothing)."""
    meta = fig.layout.meta
    return meta.get("note") if isinstance(meta, dict) else None


# Trace kinds the views draw: the template keeps plotly_white's defaults for these only.
DRAWN_TRACES = ("bar", "box", "heatmap", "scatter", "scattergl")
# plotly_white's layout keys the views use (2-D axes, colours, fonts), not its polar,
# ternary, geo and 3-D scenes.
TEMPLATE_LAYOUT_KEYS = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "coloraxis",
    "xaxis",
    "yaxis",
    "shapedefaults",
    "annotationdefaults",
    "title",
)


@lru_cache(maxsize=1)
def page_template() -> go.layout.Template:
    """plotly_white cut to what the views draw: the same look, and ~2 KB instead of 7 in
    each of a page's figures (a template is copied into every figure that names it)."""
    import plotly.io as pio

    full = pio.templates["plotly_white"].to_plotly_json()
    return go.layout.Template(
        layout={k: v for k, v in full["layout"].items() if k in TEMPLATE_LAYOUT_KEYS},
        data={k: v for k, v in full["data"].items() if k in DRAWN_TRACES},
    )


# A view's figure is built as the plain dict plotly would serialise (its "spec"), not
# through plotly's object layer: validating every property, copying the template into
# each figure and make_subplots cost ~0.5 s of CPU a page even for a two-post thread
# (BENCHMARKS.md, "Dashboards"). The public fig_* functions hand users go.Figure(spec),
# validated; tests/test_page_specs.py checks the two serialise to the same JSON.
# Keys whose dict values are ours (free-form), not plotly objects: their order is kept.
FREE_KEYS = frozenset({"meta", "customdata"})
# Shared by every view; copied into each spec (a page may change one).
MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}


def _plotly_order(value: Any, key: str = "") -> Any:
    # plotly's constructors set properties in alphabetical order and drop the None ones:
    # the same order here gives the same JSON text.
    if isinstance(value, dict) and key not in FREE_KEYS:
        return {k: _plotly_order(value[k], k) for k in sorted(value) if value[k] is not None}
    return value


def trace(kind: str, subplot: tuple[str, str] | None = None, **props: Any) -> dict:
    """A trace spec as ``go.Figure`` writes it: ``trace("scatter", x=..., mode="lines")``.

    Properties in plotly's order (alphabetical, ``type`` last), ``None`` ones left out;
    ``subplot`` (``("x2", "y2")``) adds the axes as ``make_subplots`` does. Values are
    not validated: the views pass values plotly accepts (checked by the tests).
    """
    out = _plotly_order(props)
    out["type"] = kind
    if subplot is not None:
        out["xaxis"], out["yaxis"] = subplot
    return out


def annotation(**props: Any) -> dict:
    """A layout annotation spec, in plotly's order."""
    return _plotly_order(props)


@lru_cache(maxsize=1)
def _template_spec() -> dict:
    return page_template().to_plotly_json()


def spec(
    data: list[dict],
    layout: dict,
    *,
    height: int,
    note: str | None = None,
    after: dict | None = None,
) -> dict:
    """A view's figure spec (``{"data", "layout"}``) with the look shared by all views:
    ``layout`` (axes, annotations) first, then the template, margins, font, ``height``,
    ``note`` (what was aggregated, in the meta) and ``after`` (view-specific layout).

    The order of the layout's keys is the one the figures were built in with plotly's
    object layer (template first), so the pages' bytes did not change.
    """
    out = {"template": _template_spec(), **layout}
    out.update(margin=dict(MARGIN), font={"family": FONT, "size": 12}, hoverlabel={"align": "left"})
    out["height"] = height
    if note:
        out["meta"] = {"note": note}
    out.update(after or {})
    return {"data": data, "layout": out}


@lru_cache(maxsize=8)
def _named_scale(name: str) -> tuple[tuple[float, str], ...]:
    from _plotly_utils.basevalidators import ColorscaleValidator

    stops = ColorscaleValidator("colorscale", "heatmap").validate_coerce(name)
    return tuple((float(at), str(colour)) for at, colour in stops)


def plotly_scale(scale: str | list) -> list:
    """A colour scale as a figure stores it: a named one ("RdBu") as its stops, as
    plotly's validator writes it."""
    if isinstance(scale, str):
        return [list(stop) for stop in _named_scale(scale)]
    return scale


@lru_cache(maxsize=8)
def _grid(rows: int, cols: int, shared: str, sizes: tuple[float, ...], spacing: float, titles: tuple) -> str:
    from plotly.subplots import make_subplots

    two_d = {"rows": rows, "cols": cols, f"shared_{shared}axes": True}
    if rows > 1:
        two_d.update(row_heights=list(sizes), vertical_spacing=spacing)
    else:
        two_d.update(column_widths=list(sizes), horizontal_spacing=spacing)
    layout = make_subplots(**two_d, subplot_titles=titles or None).to_plotly_json()["layout"]
    layout.pop("template", None)
    return json.dumps(layout)


def subplot_axes(
    rows: int, cols: int, *, shared: str, sizes: tuple[float, ...], spacing: float, titles: tuple = ()
) -> dict:
    """The axes (and panel titles) ``make_subplots`` lays out for a grid, as a fresh dict
    to add to: made once per grid (make_subplots took ~0.1 s a call), not per figure.
    ``shared`` is "x" or "y"; ``sizes`` the row heights (one column) or column widths."""
    return json.loads(_grid(rows, cols, shared, sizes, spacing, titles))


def empty_spec(message: str, height: int = 320) -> dict:
    """The spec of a figure that says why there is nothing to draw."""
    note = annotation(
        text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14}
    )
    axes = {"xaxis": {"visible": False}, "yaxis": {"visible": False}}
    return spec([], {"annotations": [note], **axes}, height=height)


def empty_figure(message: str, height: int = 320) -> go.Figure:
    """A figure that says why there is nothing to draw."""
    return go.Figure(empty_spec(message, height))


def typed_arrays(value: Any) -> Any:
    """A copy of a spec with its numpy arrays as plotly.js typed arrays (``{"dtype",
    "bdata"}``), as ``Figure.to_dict`` converts them (plotly's own helper, the same keys
    skipped); the spec itself is left as it was.

    ``Figure.to_dict`` converts arrays that are dict values only; the specs hold dicts
    in lists only as traces and annotations, so only lists of dicts are entered (the
    long lists of numbers and names are not walked item by item).
    """
    if isinstance(value, list):
        return [typed_arrays(v) for v in value] if _holds_dicts(value) else value
    out = {}
    for k, v in value.items():
        if isinstance(v, np.ndarray) and k not in _SKIPPED_KEYS:
            v = to_typed_array_spec(v)
        elif (isinstance(v, dict) or _holds_dicts(v)) and k not in _NO_ARRAYS:
            v = typed_arrays(v)
        out[k] = v
    return out


def _holds_dicts(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


# plotly's is_skipped_key: values under these keys are never made typed arrays
_SKIPPED_KEYS = frozenset(k for k in ("geojson", "layer", "layers", "range") if is_skipped_key(k))
# not walked: the shared template holds no array (plotly_white's lists of colours)
_NO_ARRAYS = _SKIPPED_KEYS | {"template"}


def spec_note(fig: go.Figure | dict) -> str | None:
    """:func:`figure_note` of a figure or a spec."""
    if isinstance(fig, dict):
        meta = fig.get("layout", {}).get("meta")
        return meta.get("note") if isinstance(meta, dict) else None
    return figure_note(fig)


def scatter_type(n_points: int) -> str:
    """WebGL scatter for many points, SVG scatter (crisper, lighter) for few."""
    return "scattergl" if n_points >= WEBGL_MIN_POINTS else "scatter"


def tone_value(value: float | None) -> float:
    """A tone for a colour array: unknown tone is drawn as neutral (0, the scale's centre)."""
    return 0.0 if value is None or math.isnan(value) else round(value, 4)


def tone_array(values: pl.Series) -> np.ndarray:
    """Compound scores for a colour array: unknown drawn as neutral (0)."""
    return values.fill_nan(None).fill_null(0.0).to_numpy().astype(np.float32)


_F = TypeVar("_F", bound=Callable[..., Any])


def takes_lazy_frames(fig: _F) -> _F:
    """Let a ``fig_*`` function take a :class:`threads.Corpus`'s tables (LazyFrames) as
    well as DataFrames: lazy arguments are collected before the figure is drawn."""

    def collected(value: Any) -> Any:
        return value.collect() if isinstance(value, pl.LazyFrame) else value

    @functools.wraps(fig)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fig(*map(collected, args), **{k: collected(v) for k, v in kwargs.items()})

    return wrapper  # type: ignore[return-value]
