"""The HTML of a thread page's summary panel, its controls, and the short article page.

The panel says at a glance what a reader of a discussion looks for first (measures from
:mod:`threads.dashboard_measures`); the controls switch the comments on the article in
and out, set the network's minimum replies and pick an author (the page's scripts in
:mod:`threads.page_assets` do the switching). All text from a dump is escaped here.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict

import polars as pl

from threads import dashboard_measures as dm
from threads import graph
from threads.plotstyle import snippet as _plot_snippet
from threads.plotstyle import tone_text
from threads.rootwords import ARTICLE, root_words

SNIPPET = 110  # characters of a post quoted in the panel
AUTHOR_FILTER_MAX = 400  # authors offered by the filter (most active first)
PARTNERS_SHOWN = 6  # partners listed per author when one is picked


def esc(value: object) -> str:
    """HTML-escape for the page (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def _snippet(text: str) -> str:
    # plotstyle's snippet escapes for plotly's subset; undo that to escape for HTML once
    return html.unescape(_plot_snippet(text, SNIPPET).replace("<br>", " "))


def _answered(a: dict) -> str:
    """A most-answered post: who, how many answers, its first words; a deleted post that
    kept its place (its replies' parent) has no author and no words to show."""
    answers = _plural(a["answers"], "answer")
    if a.get("placeholder"):
        return f"(deleted or removed): {answers}"
    words = _snippet(a["text"]).strip()
    said = f' <span class="src">“{esc(words)}”</span>' if words else ' <span class="src">(no words)</span>'
    return f"{esc(a['author'] or graph.ANONYMOUS)}: {answers}{said}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def summary_section(
    posts: pl.DataFrame, replies: pl.DataFrame, measures: dm.ThreadMeasures | None = None
) -> str:
    """The summary panel: who answers whom, in brief, and how far the links can be trusted.

    ``measures``: the page's shared author measures (computed here when not given)."""
    m = measures or dm.ThreadMeasures(posts, replies)
    to_article = dm.article_answers(posts, replies)
    edges = m.edges(False)
    n_people = m.links(False).height
    one, many, root, _ = root_words(posts)
    lead = (
        f"{_plural(to_article, one + ' answers', many + ' answer')} {root} only; "
        f"{_plural(n_people, 'reply', 'replies')} between people."
    )
    items = []
    answered = dm.most_answered(posts, replies)
    rows = [f"<li>#{a['post_id']} {_answered(a)}</li>" for a in answered]
    items.append(
        (
            "Most-answered posts",
            "<ol>" + "".join(rows) + "</ol>" if rows else "<p>No post was answered by another.</p>",
        )
    )
    chains = dm.back_and_forth(posts, rows=m.tree_rows())
    rows = [
        f"<li>{esc(c['a'])} ⇄ {esc(c['b'])}: {c['posts']} posts (#{c['first']} … #{c['last']}), "
        f"mean tone {tone_text(c['tone'])}</li>"
        for c in chains
    ]
    none = f"<p>No two people answered each other {dm.CHAIN_MIN_POSTS} times in a row.</p>"
    items.append(("Longest back-and-forth", "<ol>" + "".join(rows) + "</ol>" if rows else none))
    pairs, each_way = dm.heated_exchanges(edges)
    rows = [
        f"<li>{esc(p['a'])} ⇄ {esc(p['b'])}: {p['a_to_b']} and {p['b_to_a']} "
        f"repl{'y' if p['a_to_b'] + p['b_to_a'] == 1 else 'ies'}, mean tone {tone_text(p['tone'])}</li>"
        for p in pairs
    ]
    none = "<p>No two people replied to each other both ways.</p>"
    fallback = (
        f'<p class="src">No pair replied to each other {dm.HEATED_MIN_EACH_WAY} times each way; '
        "these are pairs with one reply each way.</p>"
        if rows and each_way < dm.HEATED_MIN_EACH_WAY
        else ""
    )
    real = graph.real_posts(posts)
    tone_note = ""
    if (left_out := dm.untoned(real)) and (rows or chains):
        # a pair's tone may rest on one English post of many: said under the tones
        tone_note = (
            f'<p class="src">Tones count the posts in English only: {left_out:,} of the '
            f"{real.height:,} posts here are left out of them.</p>"
        )
    heated = "<ol>" + "".join(rows) + "</ol>" + fallback if rows else none
    items.append(("Most heated two-way exchanges", heated + tone_note))
    rec = dm.reciprocity(edges)
    pair_links = edges.filter(
        (pl.col("source_author") != graph.OTHERS) & (pl.col("target_author") != graph.OTHERS)
    ).height
    rec_text = (
        f"{rec:.0%} of the {_plural(pair_links, 'person-to-person link')} were returned "
        "(B replied to A when A replied to B)."
        if rec is not None
        else "No person-to-person links."
    )
    items.append(("Reciprocity", f"<p>{esc(rec_text)}</p>"))
    items.append(("Reply links: marked and inferred", f"<p>{esc(_inference_text(replies))}</p>"))
    body = "".join(f"<div><h3>{esc(h)}</h3>{b}</div>" for h, b in items)
    return (
        '<section id="summary-section">\n<h2>At a glance</h2>\n'
        f'<div class="summary"><p class="lead">{esc(lead)}</p>{body}</div>\n</section>'
    )


def _inference_text(replies: pl.DataFrame) -> str:
    info = dm.inference(replies)
    marked, inferred = info["marked"], info["inferred"]
    text = (
        f"{_plural(marked, 'link is', 'links are')} marked in the dump (nesting, "
        f"a reply line, a name, a quote); {inferred:,} {'is' if inferred == 1 else 'are'} inferred "
        "with no marker."
    )
    if info["inferred"]:
        parts = []
        if info.get("precision_high") is not None and info.get("links_high"):
            parts.append(
                f"{info['precision_high']:.0%} of {info['links_high']:,} sure inferred links "
                "(confidence ≥ 0.8) named the true parent"
            )
        if info.get("accuracy") is not None:
            parts.append(f"{info['accuracy']:.0%} of all inferred links did")
        if parts:
            text += " On held-out real nested threads, " + "; ".join(parts) + "."
        if info.get("threads"):
            text += f" The model was fitted on {info['threads']:,} real threads."
    return text


def author_data(
    posts: pl.DataFrame, replies: pl.DataFrame, measures: dm.ThreadMeasures | None = None
) -> dict[str, dict]:
    """Per author (the :data:`AUTHOR_FILTER_MAX` most active): posts, mean tone and the
    people they replied to and were answered by (all replies, the article's too).

    ``measures``: the page's shared author measures (computed here when not given)."""
    m = measures or dm.ThreadMeasures(posts, replies)
    stats = m.stats(True).head(AUTHOR_FILTER_MAX)
    # partners per author in one pass over the edges (a filter and a sort per author
    # were two polars queries each, 800 on a big thread), most replies first, then name
    sent: dict[str, list[tuple[int, str]]] = defaultdict(list)
    got: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for src, dst, n in m.edges(True).select("source_author", "target_author", "n_replies").iter_rows():
        sent[src].append((-n, dst))
        got[dst].append((-n, src))

    def top(pairs: list[tuple[int, str]]) -> list[list]:
        return [[name, -n] for n, name in sorted(pairs)[:PARTNERS_SHOWN]]

    out: dict[str, dict] = {}
    for r in stats.iter_rows(named=True):
        name = r["author"]
        out[name] = {
            "posts": r["n_posts"],
            "tone": tone_text(r["mean_compound"]),
            "sent": top(sent.get(name, [])),
            "received": top(got.get(name, [])),
        }
    return out


def controls(
    authors: dict[str, dict],
    to_article: int,
    min_replies: int,
    max_replies: int,
    others_links: int = 0,
    words: tuple[str, str, str, str] = ARTICLE,
) -> str:
    """The control bar: the article's comments in or out, minimum replies, the links of
    the network's merged "others" node (``others_links`` of them, hidden at first), author
    filter. ``words``: :func:`root_words` of the thread."""
    one, many, root, _ = words
    parts = []
    if to_article:
        parts.append(
            '<label><input type="checkbox" id="with-article"> also show the '
            + _plural(to_article, f"{one} that only answers", f"{many} that only answer")
            + f" {root}</label>"
        )
    if max_replies > 1:
        parts.append(
            f'<label>network links with at least <output id="min-replies-value">{min_replies}</output> '
            f'repl{"y" if min_replies == 1 else "ies"} <input type="range" id="min-replies" min="1" '
            f'max="{max_replies}" value="{min_replies}"></label>'
        )
    if others_links:
        parts.append(
            # no count: it changes when the article's comments are switched in
            '<label><input type="checkbox" id="show-others"> draw the links of the grey “others” node</label>'
        )
    options = "".join(
        f'<option value="{esc(a)}">{esc(a)} ({d["posts"]})</option>' for a, d in authors.items()
    )
    parts.append(
        '<label>author <select id="author-filter"><option value="">everyone</option>'
        f"{options}</select></label>"
    )
    parts.append('<p id="author-info" aria-live="polite"></p>')
    return '<div class="controls" id="controls">' + "".join(parts) + "</div>"


def author_json(authors: dict[str, dict]) -> str:
    """The author data as JSON text for the page's inert block (escaped by the caller)."""
    return json.dumps(authors, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def article_body(posts: pl.DataFrame, words_shown: int = 120) -> str:
    """The short page of a thread with no comment: the article's opening and its words."""
    real = graph.real_posts(posts)
    if real.is_empty():
        return "<p>This dump holds no text.</p>"
    text = real["text"][0] or ""
    words = text.split()
    opening = " ".join(words[:words_shown]) + (" …" if len(words) > words_shown else "")
    return (
        '<section id="article-section">\n<h2>The article</h2>\n'
        '<p class="caption">No comments were found in this dump, so there is no one to chart: '
        "here is the opening of the text.</p>\n"
        f'<p class="article-text">{esc(opening)}</p>\n</section>'
    )
