"""The saved HTML pages of the shared corpus, read by their dialects (issue 14).

Each test reads a real page and checks what its hand-checked truth file says of it
(read at test time from ``../shared/truth``, never copied here): every post's author
and minute, the nesting, the quote boxes' sources, and which page of which thread it is.
Skipped, visibly, where the corpus is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

import threads
from threads.formats import REGISTRY, detect
from threads.model import RawThread
from threads.read import read_source

# The HTML pages of the corpus and the dialect each must be read with.
PAGES = {
    "vbulletin_pocketpc-ch_auslieferung_de.html": "vbulletin-html",
    "typepad_acephalous_best-introduction-part-ii.html": "typepad-html",
    "phpbb2_oldclassiccar_classic-car-rescue-c5.html": "phpbb-html",
    "xenforo_villagersandheroes_patchnotes.html": "xenforo-html",
    "wordpress_lemire-me_json-parsing.html": "wordpress-html",
}
FLOOR = 0.99  # key precision and recall, the acceptance floor


def _page(corpus: Path, name: str) -> Path:
    path = corpus / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus at {corpus}")
    return path


def _read(corpus: Path, name: str) -> RawThread:
    text = read_source(_page(corpus, name)).text
    assert detect(text).name == PAGES[name]
    (thread,) = REGISTRY[PAGES[name]].parse(text)
    return thread


def _truth(corpus: Path, name: str) -> list[dict]:
    path = corpus.parent / "truth" / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"no truth file for {name}")
    (thread,) = json.loads(path.read_text(encoding="utf-8"))["threads"]
    return thread["posts"]


def _key(author: str | None, stamp: str | None) -> tuple[str, str]:
    return (author or "").casefold(), (stamp or "")[:16]


def _minute(stamp: datetime | None) -> str | None:
    """As the truth writes times: UTC where the page gives an instant, else as written."""
    if stamp is None:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_post_keyed_as_the_truth(corpus: Path, name: str) -> None:
    """Author and minute of every post, as the truth has them (root author and time not
    compared where the truth has none, as the scorer does)."""
    thread, truth = _read(corpus, name), _truth(corpus, name)
    got = [_key(p.author, _minute(p.timestamp)) for p in thread.posts]
    want = [_key(p["author"], p["timestamp"]) for p in truth]
    if truth[0]["author"] is None:
        got[0], want[0] = ("", got[0][1]), ("", want[0][1])
    if truth[0]["timestamp"] is None:
        got[0], want[0] = (got[0][0], ""), (want[0][0], "")
    same = sum((Counter(got) & Counter(want)).values())
    assert same / len(want) >= FLOOR and same / len(got) >= FLOOR, list(zip(got, want, strict=False))


def test_vbulletin_custom_template_dates_quotes_and_page(corpus: Path) -> None:
    """pocketpc.ch prints the date as a bare line in the post's user box: every post has
    its time; the three "Zitat von X" boxes name their source; page 34 of 40."""
    name = "vbulletin_pocketpc-ch_auslieferung_de.html"
    thread = _read(corpus, name)
    assert all(p.timestamp is not None for p in thread.posts)
    sources = {k: p.quote_sources for k, p in enumerate(thread.posts) if p.quote_sources}
    assert sources == {0: ["TheFreeman"], 1: ["Predator"], 9: ["sunsetkilling"]}
    assert thread.page == (34, 40)
    origin = thread.origin or ""
    assert origin.endswith("122760-microsoft-beginnt-auslieferung-vorbereitungsupdate.html")
    assert "?" not in origin  # the guest session (s=...) is not the thread


def test_vbulletin_quote_links_in_the_analysis(corpus: Path) -> None:
    """Read whole: the post quoting an author who posts on this page replies to that author."""
    analysis = threads.read(_page(corpus, "vbulletin_pocketpc-ch_auslieferung_de.html"))
    posts = analysis.posts.sort("post_id").to_dicts()
    by_id = {p["post_id"]: p for p in posts}
    quoting = [p for p in posts if p["author"] == "Predator" and p["text"].startswith("Das wäre albern")]
    assert len(quoting) == 1 and by_id[quoting[0]["parent_id"]]["author"] == "sunsetkilling"
    assert any("page 34 of 40 of this thread" in w for t in analysis.threads for w in t.warnings)


def test_typepad_entry_time_and_author(corpus: Path) -> None:
    """The entry's time is its permalink's text; its author is only a class slug
    (``scott_eric_kaufman``): the name the page shows for it, never the slug."""
    root = _read(corpus, "typepad_acephalous_best-introduction-part-ii.html").posts[0]
    assert root.timestamp is not None and root.timestamp.isoformat() == "2006-04-06T20:55:39"
    assert root.author in (None, "Scott Eric Kaufman")


def test_phpbb2_goto_page_and_origin(corpus: Path) -> None:
    thread = _read(corpus, "phpbb2_oldclassiccar_classic-car-rescue-c5.html")
    assert thread.page == (1, 9)
    assert thread.origin == "viewtopic.php?t=12591"  # the sid= session and start= page removed


def test_single_pages_name_their_thread(corpus: Path) -> None:
    """XenForo (lxml mis-nests this page, Lexbor reads it right) and WordPress: one page
    each, named by their canonical address; WordPress keeps its nesting."""
    xf = _read(corpus, "xenforo_villagersandheroes_patchnotes.html")
    assert xf.page is None and (xf.origin or "").endswith("bugfix-build.3976/")
    assert [p.quote_sources for p in xf.posts if p.quote_sources] == [
        ["Damon Otter"],
        ["Nixe"],
        ["Glockenfee"],
        ["Bibi Blocksberg"],
    ]
    wp = _read(corpus, "wordpress_lemire-me_json-parsing.html")
    truth = _truth(corpus, "wordpress_lemire-me_json-parsing.html")
    index = {p.source_id: k for k, p in enumerate(wp.posts)}
    parents = [index.get(p.parent_source_id, 0) if k else None for k, p in enumerate(wp.posts)]
    assert parents == [p["parent"] for p in truth]
