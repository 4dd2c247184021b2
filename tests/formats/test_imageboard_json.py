"""threads.formats.imageboard_json and foolfuuka_json (shared: formats/_chan.py) on
hand-written 4chan, vichan and FoolFuuka answers of the real shapes (see the goldens'
notes), and on real 4chan API answers where the machine has them.

Before these dialects, every such file was refused ("a JSON document, but not in the
shape of any export threads reads").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import _chan, detect, get
from threads.formats import foolfuuka_json as fool
from threads.formats import imageboard_json as chan
from threads.model import ThreadsError

IDS = pc.FIXTURES / "imageboard-json" / "thread_poster_ids.json"
INDEX = pc.FIXTURES / "imageboard-json" / "index_page.json"
VICHAN = pc.FIXTURES / "imageboard-json" / "vichan_res.json"
ARCHIVE = pc.FIXTURES / "foolfuuka-json" / "thread_ghost_deleted.json"
SEARCH = pc.FIXTURES / "foolfuuka-json" / "search_two_threads.json"


def _rows(analysis: threads.Analysis, post_id: int) -> list[tuple[int, str, bool]]:
    got = analysis.replies.filter(analysis.replies["post_id"] == post_id)
    return sorted(zip(got["target_id"], got["evidence"], got["is_parent"], strict=True))


@pytest.mark.parametrize("path", [IDS, INDEX, VICHAN, ARCHIVE, SEARCH], ids=lambda p: p.name)
def test_detected_not_refused(path: Path) -> None:
    want = path.parent.name
    assert detect(pc.read(path)).name == want
    assert threads.read(path).threads[0].source_format == want


def test_a_post_linking_two_posts_answers_both() -> None:
    a = threads.read(IDS)
    # 4106: >>4102 >>4105, both explicit rows; the parent the latest linked (replies.py's tie rule)
    assert _rows(a, 4) == [(1, "explicit", False), (3, "explicit", True)]
    v = threads.read(VICHAN)  # the same with vichan's class-less links
    assert _rows(v, 3) == [(1, "explicit", False), (2, "explicit", True)]
    f = threads.read(ARCHIVE)  # and FoolFuuka's plain ">>N" lines
    assert _rows(f, 3) == [(0, "explicit", False), (2, "explicit", True)]


def test_links_leave_the_text_greentext_stays_own_words_unless_it_repeats_a_post() -> None:
    [t] = chan.parse(pc.read(IDS))
    by_id = {p.source_id: p for p in t.posts}
    assert ">>" not in by_id["4102"].body and by_id["4102"].body.startswith("A gravel trench")
    # repeats 4102: kept a '>' line, so quote matching links it (no >> link in that post)
    assert by_id["4103"].body.startswith("> gravel trench along the fence")
    assert by_id["4103"].parent_source_id is None
    # repeats nothing: the poster's own words, without the mark
    assert by_id["4105"].body == "About a spade and a half deep.\ndig it in July\nnever again"
    a = threads.read(IDS)
    assert a.posts["text"][2] == "How deep did you dig it?"
    assert list(a.posts["quoted"][2]) == ["gravel trench along the fence"]
    assert _rows(a, 2) == [(1, "quote", True)]
    assert "never again" in a.posts["text"][3]


def test_who_is_who() -> None:
    [t] = chan.parse(pc.read(IDS))
    authors = [p.author for p in t.posts]
    # one poster ID, one person within the thread: 4102 and 4105 are the same poster
    assert authors[1] == authors[3] == "Anonymous (ID: Lk3vB9cc)"
    assert authors[4] == "Anonymous !Wq4rTy7Ue0"  # a tripcode wins over the ID
    assert authors[6] == "Anonymous ## Mod"
    # a board without IDs: a bare Anonymous is nobody, a chosen name or a trip somebody
    first, second = chan.parse(pc.read(INDEX))
    assert [p.author for p in first.posts] == [None, None, "Crumbmaster"]
    assert second.posts[0].author == "Anonymous !!Fq2Lo8Zz1x"
    assert any("default name" in w and "2 of 3" in w for w in first.warnings)
    assert _chan.poster("Anonymous", "", "", None) is None
    assert _chan.poster("", "!Ep8pui8Vw2", None, None) == "!Ep8pui8Vw2"
    # the who-to-whom table holds only posters told apart
    a = threads.read(INDEX)
    assert set(a.authors["author"]) == {"Crumbmaster", "Anonymous !!Fq2Lo8Zz1x"}


def test_deleted_missing_and_file_only_posts_are_counted() -> None:
    [t] = chan.parse(pc.read(IDS))
    said = " | ".join(t.warnings)
    assert "1 >> link(s) to posts not in the file" in said and "1 dead link(s)" in said
    assert "1 post(s) with a file and no words" in said
    assert "1 post(s) whose file was deleted" in said
    a = threads.read(IDS)
    assert a.posts.height == 9  # every post of the file, the file-only one too
    assert a.posts["text"][7] == ""
    assert _rows(a, 5) == [(0, "root", True)]  # its only link is to a deleted post
    first, _ = chan.parse(pc.read(INDEX))
    assert any("3 repl(ies)" in w for w in first.warnings)  # an index page's omitted replies
    assert first.posts[1].parent_source_id == "20507"  # kept dangling, answers the root
    [arch] = fool.parse(pc.read(ARCHIVE))
    assert arch.skipped == {"ghost": 1}
    assert len(arch.posts) == 7
    assert any("1 post(s) deleted on the board" in w for w in arch.warnings)


def test_times() -> None:
    [t] = chan.parse(pc.read(IDS))
    assert t.posts[0].timestamp.isoformat() == "2024-06-01T12:00:00+00:00"  # 'time', not 'now'
    # FoolFuuka writes the New York clock as if it were UTC: winter (EST) and summer (EDT)
    [arch] = fool.parse(pc.read(ARCHIVE))
    assert arch.posts[0].timestamp.isoformat() == "2024-01-01T15:00:00+00:00"
    first, _ = fool.parse(pc.read(SEARCH))
    assert first.posts[1].timestamp.isoformat() == "2024-07-03T13:46:40+00:00"
    # an archived post and the same post from 4chan's API get one time
    assert fool.archive_time(1546275948) == chan.epoch(1546293948)


def test_several_threads_in_one_file() -> None:
    assert [(t.key, t.title) for t in chan.parse(pc.read(INDEX))] == [
        ("20500", "Sourdough starter died"),
        ("20601", "Rye ratios"),
    ]
    first, second = fool.parse(pc.read(SEARCH))
    assert (first.key, first.posts[0].placeholder, second.key) == ("51000", True, "52000")
    catalog = [
        {
            "page": 1,
            "threads": [
                {
                    "no": 7,
                    "resto": 0,
                    "time": 1,
                    "com": "op",
                    "last_replies": [
                        {
                            "no": 9,
                            "resto": 7,
                            "time": 2,
                            "com": '<a href="#p7" class="quotelink">&gt;&gt;7</a><br>hi',
                        }
                    ],
                }
            ],
        }
    ]
    [t] = chan.parse(json.dumps(catalog))
    assert [(p.source_id, p.parent_source_id, p.body) for p in t.posts] == [
        ("7", None, "op"),
        ("9", "7", "hi"),
    ]


def test_a_tail_answer_has_a_placeholder_root() -> None:
    tail = {
        "posts": [
            {"no": 70, "resto": 0, "replies": 40, "tail_size": 1, "tail_id": 80},
            {"no": 81, "resto": 70, "time": 5, "com": "late"},
        ]
    }
    [t] = chan.parse(json.dumps(tail))
    assert (t.posts[0].placeholder, t.posts[0].author, t.posts[1].parent_source_id) == (True, None, "70")


@pytest.mark.parametrize(
    ("mod", "text", "problem"),
    [
        (chan, '[{"page": 1, "threads": [{"no": 5, "last_modified": 9}]}]', "thread list"),
        (chan, '{"posts": []}', "not imageboard API JSON"),
        (chan, '{"posts": [{"a": 1}]}', "no 'no' and 'resto'"),
        (fool, '{"error": "Thread not found."}', "Thread not found"),
        (fool, '{"1": {"x": 2}}', "not a FoolFuuka answer"),
        (fool, "[", "not valid JSON"),
    ],
)
def test_wrong_shape_is_named(mod: object, text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem):
        mod.parse(text)  # type: ignore[attr-defined]


def test_other_exports_are_not_taken() -> None:
    for path in pc.ALL_FIXTURES:
        if path.parent.name not in ("imageboard-json", "foolfuuka-json") and path.suffix == ".json":
            text = pc.read(path)
            assert chan.sniff(text) <= 0.2 and fool.sniff(text) <= 0.2, path


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    chan,
    ['{"posts": [', '{"no": 1, "resto": 0, ', '"com": "&gt;&gt;1<br>', '"time": 1}', "]}", '{"threads": ['],
)
test_arbitrary_archive_text_never_raises = pc.arbitrary_text_property(
    fool, ['{"1": {"op": ', '{"num": "1", "thread_num": "1", ', '"comment": ">>1\\n>x"', '"posts": {', "}}"]
)

# Real 4chan API answers found in public repositories (their sources: SOURCES.txt there);
# never committed here. THREADS_IMAGEBOARD_SAMPLES points at the folder.
REAL = Path(os.environ.get("THREADS_IMAGEBOARD_SAMPLES", "/tmp/ydumps/Y3"))


@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real imageboard samples at {REAL}")
def test_real_4chan_answers_are_read_whole() -> None:
    files = sorted(REAL.glob("*.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        want = [len(t["posts"]) for t in data["threads"]] if "threads" in data else [len(data["posts"])]
        a = threads.read(path)
        assert [len(t.posts) for t in a.threads] == want, path  # no post lost or merged
        assert all(t.source_format == get("imageboard-json").name for t in a.threads)
        assert not any("<" in text and ">" in text and "</" in text for text in a.posts["text"]), path
