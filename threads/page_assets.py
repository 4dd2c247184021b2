"""The static parts of the dashboard pages: style sheet and the page's own scripts.

Kept apart from :mod:`threads.report` (which builds the pages) so both stay readable.
Every script here is inline and admitted by the page's Content-Security-Policy by its
hash; none reads anything but the page's own inert JSON blocks, and text from a dump is
only ever put in the page with ``textContent`` (never ``innerHTML``).
"""

from __future__ import annotations

# Draws the figure specs of the inert JSON blocks; marks the body when done (the browser
# tests and the benchmark wait for data-rendered). After every redraw, labels that would
# overlap a label drawn before them are hidden (their point keeps its hover): points
# come most active first, so the busiest authors keep their names.
RENDER_JS = """(function () {
  var specs = document.querySelectorAll('script[type="application/json"][data-view]');
  if (typeof Plotly === "undefined") {
    document.body.setAttribute("data-render-error", "plotly.js did not load");
    console.error("threads: plotly.js did not load");
    return;
  }
  function declutter(div) {
    var texts = div.querySelectorAll(".scatterlayer .textpoint text");
    var kept = [];
    texts.forEach(function (t) { t.style.display = ""; });
    texts.forEach(function (t) {
      if (!t.textContent) { return; }
      var b = t.getBoundingClientRect();
      if (!b.width) { return; }
      for (var i = 0; i < kept.length; i++) {
        var k = kept[i];
        if (b.left < k.right && b.right > k.left && b.top < k.bottom && b.bottom > k.top) {
          t.style.display = "none";
          return;
        }
      }
      kept.push(b);
    });
  }
  window.threadsDeclutter = declutter;
  var pending = [];
  specs.forEach(function (el) {
    var spec = JSON.parse(el.textContent);
    var div = document.getElementById(el.getAttribute("data-view"));
    pending.push(Plotly.newPlot(div, spec.data, spec.layout, spec.config).then(function (gd) {
      declutter(gd);
      gd.on("plotly_afterplot", function () { declutter(gd); });
      return gd;
    }));
  });
  Promise.all(pending).then(function () {
    document.body.setAttribute("data-rendered", String(pending.length));
    document.dispatchEvent(new Event("threads-rendered"));
  }, function (err) {
    document.body.setAttribute("data-render-error", String(err));
    console.error(err);
  });
})();"""

# The controls of a thread page: the comments on the article in or out (swaps each view
# for its other spec), the minimum replies of a network link, the merged "others" node's
# links in or out (hidden at first, like the heatmap keeps "others" off its scale), and the author filter
# (dims every point, bar and link not theirs, and says what they did).
CONTROLS_JS = """(function () {
  var state = { withArticle: false, author: "", minReplies: null, showOthers: false };
  function specOf(id, alt) {
    var el = document.querySelector('script[type="application/json"][' +
      (alt ? "data-view-alt" : "data-view") + '="' + id + '"]');
    var spec = el ? JSON.parse(el.textContent) : null;
    if (spec && alt) {
      // a trace the two variants share is stored once, in the default: {"sameAs": i}
      var main = null;
      spec.data = spec.data.map(function (tr, i) {
        if (tr.sameAs === undefined) { return tr; }
        main = main || specOf(id, false);
        return main.data[tr.sameAs];
      });
    }
    return spec;
  }
  function plots() { return Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot")); }
  function matches(cd, name) {
    if (Array.isArray(cd)) { return cd.indexOf(name) >= 0; }
    return cd === name;
  }
  function applyFilters() {
    plots().forEach(function (div) {
      // undefined leaves a trace's attribute as it is (Plotly.restyle skips it)
      var vis = [], op = [], lop = [], idx = [];
      div.data.forEach(function (tr, i) {
        var m = tr.meta, v, o, lo;
        var counted = m && typeof m === "object" && m.replies !== undefined;
        if (counted && state.minReplies !== null) { v = m.replies >= state.minReplies; }
        // the merged "others" node's links: only when asked for (they sum many people)
        if (counted && m.others) { v = state.showOthers && v !== false; }
        if (counted && !m.link) { lo = state.author ? 0.12 : 1; }
        if ((m === "who" || (counted && m.link)) && tr.customdata) {
          if (tr._threadsOpacity === undefined) {
            var base = tr.marker && tr.marker.opacity;
            tr._threadsOpacity = typeof base === "number" ? base : 1;
          }
          o = !state.author ? tr._threadsOpacity : Array.prototype.map.call(tr.customdata, function (c) {
            return matches(c, state.author) ? 1 : 0.1;
          });
        }
        vis.push(v); op.push(o); lop.push(lo); idx.push(i);
      });
      if (idx.length) {
        Plotly.restyle(div, { visible: vis, "marker.opacity": op, opacity: lop }, idx);
      }
      var heat = div.data.filter(function (tr) {
        return tr.type === "heatmap" && tr.meta && tr.meta.rows;
      })[0];
      if (heat) {
        var shapes = [];
        if (state.author) {
          var r = heat.meta.rows.indexOf(state.author), c = heat.meta.cols.indexOf(state.author);
          var line = { color: "#f0b400", width: 3 };
          if (r >= 0) { shapes.push({ type: "rect", xref: "x", yref: "y", x0: -0.5,
            x1: heat.meta.cols.length - 0.5, y0: r - 0.5, y1: r + 0.5, line: line }); }
          if (c >= 0) { shapes.push({ type: "rect", xref: "x", yref: "y", y0: -0.5,
            y1: heat.meta.rows.length - 0.5, x0: c - 0.5, x1: c + 0.5, line: line }); }
        }
        Plotly.relayout(div, { shapes: shapes });
      }
    });
    var info = document.getElementById("author-info");
    var data = document.getElementById("author-data");
    if (info && data) {
      var all = JSON.parse(data.textContent);
      var a = all[state.author];
      var list = function (ps) {
        return ps.map(function (p) { return p[0] + " (" + p[1] + ")"; }).join(", ");
      };
      info.textContent = !state.author || !a ? "" :
        state.author + ": " + a.posts + " post" + (a.posts === 1 ? "" : "s") + ", mean tone " + a.tone +
        (a.sent.length ? "; replied to " + list(a.sent) : "") +
        (a.received.length ? "; answered by " + list(a.received) : "") +
        (a.sent.length || a.received.length ? "" : "; no reply to or from another person");
    }
  }
  function swap() {
    var redraws = [];
    document.querySelectorAll('script[type="application/json"][data-view-alt]').forEach(function (el) {
      var id = el.getAttribute("data-view-alt");
      var spec = specOf(id, state.withArticle);
      var div = document.getElementById(id);
      if (spec && div) { redraws.push(Plotly.react(div, spec.data, spec.layout, spec.config)); }
    });
    Promise.all(redraws).then(applyFilters);
  }
  function init() {
    var box = document.getElementById("with-article");
    if (box) { box.addEventListener("change", function () { state.withArticle = box.checked; swap(); }); }
    var sel = document.getElementById("author-filter");
    if (sel) { sel.addEventListener("change", function () { state.author = sel.value; applyFilters(); }); }
    var others = document.getElementById("show-others");
    if (others) {
      others.addEventListener("change", function () { state.showOthers = others.checked; applyFilters(); });
    }
    var min = document.getElementById("min-replies");
    var out = document.getElementById("min-replies-value");
    if (min) {
      state.minReplies = parseInt(min.value, 10);
      min.addEventListener("input", function () {
        state.minReplies = parseInt(min.value, 10);
        if (out) { out.textContent = min.value; }
        applyFilters();
      });
    }
    // The bar stays at the top of the window: whatever is scrolled to (a view from the
    // links above, a point brought into view) must land below it, not under it.
    var bar = document.getElementById("controls");
    if (bar) {
      var pad = function () {
        document.documentElement.style.scrollPaddingTop = (bar.offsetHeight + 12) + "px";
      };
      pad();
      if (window.ResizeObserver) { new ResizeObserver(pad).observe(bar); }
    }
    document.body.setAttribute("data-controls", "ready");
  }
  // The plots may be drawn already (their promises resolve between two scripts).
  if (document.body.hasAttribute("data-rendered")) { init(); }
  else { document.addEventListener("threads-rendered", init); }
})();"""

# Click a column heading to sort the index table; numbers sort by data-sort, text in
# natural order (t2 before t10).
SORT_JS = """(function () {
  var table = document.getElementById("threads");
  if (!table) { return; }
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
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
        return v === null ? cell.textContent.trim() : parseFloat(v);
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = (typeof x === "string") ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0);
        return c * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();"""

CSS = """
/* the sticky control bar covers the top of the window: scroll targets land below it
   (the controls script sets the bar's real height) */
html { scroll-padding-top: 4rem; }
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
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 6px 24px; }
.summary h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  margin: 8px 0 2px; }
.summary ol, .summary p { margin: 0; padding-left: 1.2em; font-size: .92rem; overflow-wrap: anywhere; }
.summary p { padding-left: 0; }
.summary .lead { font-size: 1.05rem; font-weight: 600; grid-column: 1 / -1; }
.controls { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 8px 22px;
  align-items: center; background: #f3f6fa; border: 1px solid var(--line); border-radius: 8px;
  padding: 8px 14px; font-size: .92rem; }
.controls select { max-width: 260px; }
#author-info { flex-basis: 100%; color: #1d3b5c; margin: 0; }
#author-info:empty { display: none; }
.article-text { white-space: pre-line; max-height: 24em; overflow: auto; }
/* a white halo behind plot labels: links drawn under a name do not strike it through */
.js-plotly-plot .scatterlayer .textpoint text { paint-order: stroke; stroke: #ffffff;
  stroke-width: 3px; stroke-linejoin: round; }
"""
