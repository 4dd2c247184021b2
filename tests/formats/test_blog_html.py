"""Saved blog pages: shapes of real WordPress and Blogger pages the first rules missed.

Each fixture is hand-written after a real saved page (named in its golden's notes):
WordPress themes still on the comment templates of WordPress 1.5-2.6 (Classic, Kubrick),
a custom theme with underscored comment classes, Blogger's classic comment list. What
every dialect passes (goldens, detection) is in test_dialects.py.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from threads.formats import REGISTRY
from threads.model import RawThread
from threads.read import decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _read(name: str, stem: str) -> RawThread:
    path = FIXTURES / name / f"{stem}.html"
    return REGISTRY[name].parse(decode(path.read_bytes(), str(path)).text)[0]


def _iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M") if stamp else None


def test_wordpress_classic_template_comments() -> None:
    """Classic's ol#commentlist: bare li#comment-N, words first, then 'Comment by NAME —
    d.m, Y @ H:i'; a 'Pingback by' item is counted, not read; the entry's title is its
    h3.storytitle (the h1 is the blog's name), its time the day heading and the byline's
    clock."""
    thread = _read("wordpress-html", "mietrecht_classic_theme_de")
    assert thread.title == "Darf der Vermieter die Balkonkästen verbieten?"
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts] == [
        ("Wendelin Aust", "2012-03-14T09:41"),
        ("Ilka Brendel", "2012-03-14T10:05"),
        ("Wendelin Aust", "2012-03-14T10:32"),
        ("Jost Ullmann", "2012-03-15T07:58"),
    ]
    assert [p.source_id for p in thread.posts[1:]] == ["comment-3101", "comment-3102", "comment-3107"]
    assert thread.skipped == {"pingback": 1}
    for post in thread.posts[1:]:
        assert "Comment by" not in post.body and "Edit This" not in post.body and "@" not in post.body
    assert thread.posts[3].quoted == [
        "Ein generelles Verbot in der Hausordnung hält vor Gericht aber oft nicht."
    ]
    assert thread.posts[3].body == (
        "Wendelin schreibt oben:\n"
        "Unser Amtsgericht hat das letztes Jahr anders gesehen, bei einem Kasten im vierten Stock."
    )


def test_wordpress_kubrick_template_comments() -> None:
    """Kubrick's ol.commentlist: '<cite>NAME</cite> sagt: <small>DATE</small>' above the
    words; 'Pingback von' in a <cite> marks a pingback; the entry's byline is a <small>
    under its title and its footer links are no words of it."""
    thread = _read("wordpress-html", "kuerbis_kubrick_theme_de")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts] == [
        ("gartenzwerg", "2010-10-04T19:05"),
        ("Rieke", "2010-10-04T20:12"),
        ("Ole M.", "2010-10-05T11:47"),
        ("gartenzwerg", "2010-10-05T12:02"),
    ]
    assert thread.skipped == {"pingback": 1}
    assert thread.posts[1].body == "Das Erdgeschoss ist seit dem Sommer leer. Gruselig und nett zugleich."
    assert "Trackback-URL" not in thread.posts[0].body and "Tags:" not in thread.posts[0].body


def test_wordpress_pingbacks_only_page_reads_its_entry() -> None:
    """A page whose only list items are pingbacks: the entry alone, every pingback counted."""
    text = (FIXTURES / "wordpress-html" / "kuerbis_kubrick_theme_de.html").read_text(encoding="utf-8")
    start, end = text.index('<li class="alt" id="comment-5501">'), text.index('<li id="comment-5502"')
    text = text[:start] + text[end:]
    for k in ("5503", "5506"):
        start = text.index(f'id="comment-{k}"')
        text = text[: text.rindex("<li", 0, start)] + text[text.index("</li>", start) + 5 :]
    thread = REGISTRY["wordpress-html"].parse(text)[0]
    assert len(thread.posts) == 1 and thread.posts[0].author == "gartenzwerg"
    assert thread.skipped == {"pingback": 1}


def test_wordpress_underscored_comment_classes() -> None:
    """.comment_author and .comment_meta (a custom theme's spelling) give name and date."""
    thread = _read("wordpress-html", "ampel_underscore_theme_de")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Tine (radlerin.example)", "2009-05-14T19:20"),
        ("Mara Quint", "2009-05-14T21:02"),
        ("Hagen", "2009-05-15T07:45"),
    ]
    assert thread.posts[2].parent_source_id == "comment-90211"
    assert all("Antworten" not in p.body for p in thread.posts)


def test_wordpress_comment_div_inside_comment_item_is_one_comment() -> None:
    """Fukasawa-style markup: li.comment#li-comment-N holds div.comment#comment-N (the same
    comment); each comment is read once, its name from the header's <h4>."""
    thread = _read("wordpress-html", "canal_fukasawa_theme_fr")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Margot", "2015-06-02T10:03"),
        ("Lise", "2015-06-02T18:40"),
        ("Jean-Paul R.", "2015-06-04T07:15"),
    ]
    assert [p.parent_source_id for p in thread.posts[1:]] == [None, "li-comment-731", None]
    assert thread.skipped == {"pingback": 1}
    # The core walker's 'div' style (no li at all) is still read: div.comment#comment-N,
    # replies in div.children.
    comment = (
        '<div class="comment even depth-{d}" id="comment-{n}"><div class="comment-author vcard">'
        '<cite class="fn">{who}</cite> <span class="says">says:</span></div>'
        '<div class="comment-meta commentmetadata"><a href="#comment-{n}">March 3, 2012 at {t}</a></div>'
        "<p>{words}</p>{kids}</div>"
    )
    reply = comment.format(d=2, n=2, who="Bo", t="10:05 am", words="Same here.", kids="")
    page = (
        '<html><head><meta name="generator" content="WordPress 3.3" /></head><body>'
        '<div class="post hentry"><h1 class="entry-title">Snow</h1>'
        '<div class="entry-content">It snowed.</div></div>'
        '<div class="commentlist">'
        + comment.format(
            d=1, n=1, who="Ann", t="9:40 am", words="Lovely.", kids=f'<div class="children">{reply}</div>'
        )
        + "</div></body></html>"
    )
    thread = REGISTRY["wordpress-html"].parse(page)[0]
    assert [(p.author, _iso(p.timestamp), p.parent_source_id) for p in thread.posts[1:]] == [
        ("Ann", "2012-03-03T09:40", None),
        ("Bo", "2012-03-03T10:05", "comment-1"),
    ]


def test_wordpress_astra_comments() -> None:
    """Astra's comment callback: the name in .ast-comment-cite-wrap b.fn, the words in
    section.ast-comment-content; neither the name nor the date is comment text."""
    thread = _read("wordpress-html", "tomates_astra_theme_es")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Raúl", "2023-04-12T18:05"),
        ("Marta Gil", "2023-04-12T20:31"),
        ("Nuria", "2023-04-14T09:48"),
    ]
    assert [p.body for p in thread.posts[1:]] == [
        "¿Cada cuánto las riegas? Las mías se agrietan.",
        "Raúl, yo las riego al atardecer y cubro la tierra con paja.",
        "Igual que en mi terraza. Este año solo planto cherry.",
    ]
    assert thread.skipped == {"pingback": 1}


def test_wordpress_divi_comments() -> None:
    """Divi's comment callback: the name in .comment_postinfo span.fn, the date in
    span.comment_date ("am 2. August 2019 um 21:40")."""
    thread = _read("wordpress-html", "honig_divi_theme_de")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Lukas", "2019-08-02T21:40"),
        ("Greta Imhof", "2019-08-03T08:12"),
        ("Helga Brenner", "2019-08-04T17:05"),
    ]
    assert thread.posts[2].body == "Gut zwei Drittel, Lukas. Der Rest bleibt für den Winter im Stock."


def test_wordpress_oceanwp_comments() -> None:
    """OceanWP's callback: li.comment-container (no 'comment' class on the li), the words in
    .comment-entry .comment-content, not the outer .comment-content with name and date."""
    thread = _read("wordpress-html", "beigua_oceanwp_theme_it")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Chiara", "2021-07-03T00:00"),
        ("Paolo Risso", "2021-07-04T00:00"),
        ("Marco T.", "2021-10-12T00:00"),
    ]
    assert thread.posts[1].body == "Si può fare anche con i bambini? Il mio ha otto anni."
    assert thread.posts[2].parent_source_id == "comment-3307"
    assert thread.skipped == {"pingback": 1}


def test_wordpress_wpdiscuz_comments() -> None:
    """wpDiscuz's div.wpd-comment list: names, dates, words, replies nested; the comments
    the page counts but did not load are said."""
    thread = _read("wordpress-html", "rendang_wpdiscuz_id")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts[1:]] == [
        ("Ratih", "2024-01-14T21:41"),
        ("Sari Wulandari", "2024-01-15T06:02"),
        ("Dimas P.", "2024-01-14T14:15"),
        ("bu_endang", "2024-01-14T09:03"),
    ]
    assert thread.posts[2].parent_source_id == thread.posts[1].source_id == "wpd-comm-1270_0"
    assert thread.posts[2].body == "Bisa, Mbak Ratih. Kurangi cabainya jadi setengah saja."
    assert any(w.startswith("the page counts 7 comments and holds 4") for w in thread.warnings)


def test_blogger_classic_comments_block() -> None:
    """Blogger's classic dl#comments-block: a <dt> (name, 'said...') and the <dd>s after it
    make one comment; a removed comment nobody answers is counted, not read."""
    thread = _read("blogger-html", "loom_classic_comments_block")
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts] == [
        ("Ingrid Solvang", "2008-02-09T14:20"),
        ("Tove", "2008-02-09T19:00"),
        ("Ingrid Solvang", "2008-02-10T09:15"),
        ("Anonymous", "2008-02-11T15:00"),
    ]
    assert thread.posts[1].body == (
        "How do you keep the weights from knocking together when you change the shed?\n"
        "Mine clatter like a wind chime."
    )
    assert [p.source_id for p in thread.posts[1:]] == [
        "c1029384756102938475",
        "c9988776655443322110",
        "c1357924680135792468",
    ]
    assert thread.skipped == {"deleted": 1}
    assert not any("removed by the author" in p.body for p in thread.posts)


def test_blogger_classic_comments_without_ids_keep_their_authors() -> None:
    """A <dt> without an id was numbered over the <dl>'s children on one side and over
    its <dt>s on the other: the two readings did not meet, and the second comment came
    out as "NAME said..." words with no author and no time."""
    path = FIXTURES / "blogger-html" / "loom_classic_comments_block.html"
    text = re.sub(r"(<dt class='[^']*') id='c\d+'", r"\1", decode(path.read_bytes(), str(path)).text)
    assert " id='c1029384756102938475'" not in text
    [thread] = REGISTRY["blogger-html"].parse(text)
    with_ids = _read("blogger-html", "loom_classic_comments_block")
    assert [(p.author, p.timestamp, p.body) for p in thread.posts] == [
        (p.author, p.timestamp, p.body) for p in with_ids.posts
    ]


def _threaded_blogger(removed_reply: bool) -> str:
    """A Blogger threaded comment list: a removed comment with a reply, and a removed
    comment without one (``removed_reply``: the reply is removed too)."""

    def comment(cid: str, who: str, when: str, words: str, replies: str = "") -> str:
        return (
            f'<li class="comment" id="c{cid}"><div class="comment-block">'
            f'<div class="comment-header"><cite class="user">{who}</cite>'
            f'<span class="datetime secondary-text"><a href="#c{cid}">{when}</a></span></div>'
            f'<p class="comment-content">{words}</p><span class="comment-actions secondary-text">'
            f'<a class="comment-reply" data-comment-id="{cid}">Reply</a></span></div>'
            f'<div class="comment-replies"><div class="comment-thread inline-thread">'
            f"<ol>{replies}</ol></div></div></li>"
        )

    gone = '<span class="deleted-comment">This comment has been removed by the author.</span>'
    reply = comment(
        "12", "Wren", "May 4, 2014 at 9:02 AM", gone if removed_reply else "Was it the heron again?"
    )
    return (
        "<html><head><meta content='blogger' name='generator'/></head><body><div class='post hentry'>"
        "<h3 class='post-title entry-title'>Pond notes</h3>"
        "<div class='post-body entry-content'>The pond froze.</div>"
        '</div><div class="comment-thread toplevel-thread"><ol id="top-ra">'
        + comment("11", "Arlo", "May 3, 2014 at 11:17 AM", gone, reply)
        + comment("13", "Bea", "May 5, 2014 at 8:00 PM", "Lovely photos.")
        + "</ol></div></body></html>"
    )


def test_blogger_removed_threaded_comments() -> None:
    """A removed comment someone answered is a placeholder (no author, no words) that keeps
    its reply's parent; one nobody answers is counted under deleted."""
    thread = REGISTRY["blogger-html"].parse(_threaded_blogger(removed_reply=False))[0]
    assert [(p.author, p.placeholder, p.body) for p in thread.posts[1:]] == [
        (None, True, ""),
        ("Wren", False, "Was it the heron again?"),
        ("Bea", False, "Lovely photos."),
    ]
    assert thread.posts[2].parent_source_id == "c11" and not thread.skipped
    both_gone = REGISTRY["blogger-html"].parse(_threaded_blogger(removed_reply=True))[0]
    assert [p.author for p in both_gone.posts] == [None, "Bea"]
    assert both_gone.skipped == {"deleted": 2}


def test_movabletype_2_default_template() -> None:
    """MT 2.x/3.0: each comment a div.comments-body with 'Posted by: NAME at DATE' (the form's
    div.comments-body is none); the entry is div.blogbody, its title and byline not its words."""
    thread = _read("movabletype-html", "ferry_mt2_default_template")
    assert thread.title == "The 7:15 is gone"
    assert [(p.author, _iso(p.timestamp)) for p in thread.posts] == [
        ("agnes", "2004-11-16T08:20"),
        ("Tom Harker", "2004-11-16T09:05"),
        ("Ruth", "2004-11-16T12:47"),
        ("agnes", "2004-11-17T07:30"),
    ]
    assert thread.posts[0].body.startswith("The operator's new winter timetable")
    assert all("Posted by" not in p.body and "TrackBack" not in p.body for p in thread.posts)
    assert thread.posts[3].body == "Both, Ruth. The council pays the subsidy, so they have a say."


def test_article_words_hold_no_comment() -> None:
    """A theme that leaves the entry's <div> open puts the comment list inside it: the
    comments are still posts, and none of their words is the article's."""
    text = (FIXTURES / "wordpress-html" / "ampel_underscore_theme_de.html").read_text(encoding="utf-8")
    start, end = text.index('<div class="entry-content">'), text.index('<div id="comments">')
    broken = text[:start] + text[start:end].replace("</div>", "") + text[end:]
    good, bad = (REGISTRY["wordpress-html"].parse(t)[0] for t in (text, broken))
    assert [p.author for p in bad.posts] == [p.author for p in good.posts]
    assert [p.body for p in bad.posts[1:]] == [p.body for p in good.posts[1:]]
    for post in good.posts[1:]:
        assert post.body not in bad.posts[0].body
