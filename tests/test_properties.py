"""Property tests: arbitrary input never raises anything but ThreadsError, in every
registered format's sniff and parse; generated valid dumps lose no post, keep authors
and timestamps, and give a forest (one root per thread, every parent an earlier post,
no cycles, no self-replies). Budgets are bounded for CI; ``scripts/fuzz.py`` runs the
same checks at scale."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, SEEDS
from threads.formats import REGISTRY, typepad_text
from threads.model import Thread, ThreadsError
from threads.pipeline import analyse_source
from threads.read import decode

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F),
    min_size=1,
    max_size=12,
)
line = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60).filter(
    lambda s: not s.strip().lower().startswith(("posted by", "posted at", "comment"))
)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_threads_errors(data: bytes) -> None:
    try:
        source = decode(data, "fuzz.bin")
        threads = analyse_source(source)
    except ThreadsError:
        return
    assert threads and all(t.posts for t in threads)
    for thread in threads:
        assert_forest(thread)


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text_only_threads_errors(text: str) -> None:
    with contextlib.suppress(ThreadsError):
        for thread in analyse_source(decode(text.encode("utf-8"), "fuzz.txt")):
            assert_forest(thread)


def assert_forest(thread: Thread) -> None:
    """One root (post 0), every parent an existing earlier post (so no cycle and no
    self-reply), depth one more than the parent's."""
    posts = thread.posts
    assert [p.post_id for p in posts] == list(range(len(posts)))
    assert posts[0].parent_id is None and posts[0].depth == 0
    for p in posts[1:]:
        assert p.parent_id is not None and 0 <= p.parent_id < p.post_id, (p.post_id, p.parent_id)
        assert p.depth == posts[p.parent_id].depth + 1
    for r in thread.replies:
        assert r.post_id != r.target_id


# ---------------------------------------------------------------- every registered format
def _fixture_texts() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) + sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


FIXTURE_TEXTS = _fixture_texts()


@st.composite
def dump_like(draw: st.DrawFn) -> str:
    """A slice of a real seed or fixture, cut, spliced and sprinkled with random text:
    near-valid input reaches deeper into a parser than random characters do."""
    text = draw(st.sampled_from(FIXTURE_TEXTS))
    start = draw(st.integers(0, max(len(text) - 1, 0)))
    piece = text[start : start + draw(st.integers(0, 4000))]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(piece)))
        piece = piece[:at] + draw(st.text(max_size=12)) + piece[at:]
    return piece


@pytest.mark.parametrize("name", sorted(REGISTRY))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), dump_like()))
def test_every_format_sniffs_and_parses_only_raising_threads_error(name: str, text: str) -> None:
    fmt = REGISTRY[name]
    score = fmt.sniff(text)
    assert isinstance(score, float | int) and 0.0 <= score <= 1.0
    try:
        parsed = fmt.parse(text)
    except ThreadsError as err:
        assert str(err).strip() and "\n" not in err.message
        return
    for raw in parsed:
        assert all(isinstance(p.body, str) for p in raw.posts)


@SETTINGS
@given(
    article=st.lists(line, min_size=1, max_size=5),
    comments=st.lists(
        st.tuples(names, st.lists(line, min_size=1, max_size=4), st.integers(0, 100_000)),
        min_size=1,
        max_size=12,
    ),
)
def test_typepad_dump_roundtrip(article: list[str], comments: list[tuple[str, list[str], int]]) -> None:
    start = datetime(2016, 6, 7, 17, 6)
    parts = ["Headline", *article, "Comments"]
    expected = []
    for author, body, minutes in comments:
        ts = start + timedelta(minutes=minutes)
        text = "\n".join(body).strip() or "(blank)"
        parts += [text, f"Posted by: {author} | {ts:%d %B %Y at %I:%M %p}"]
        expected.append((author, ts))
    source = decode("\n".join(parts).encode("utf-8"), "gen.txt")
    (thread,) = analyse_source(source)
    assert thread.source_format == "typepad-text"
    assert len(thread.posts) == len(comments) + 1
    assert [(p.author, p.timestamp) for p in thread.posts[1:]] == expected
    # a forest: one root, every parent earlier and existing, no self-loops
    assert thread.posts[0].parent_id is None
    for p in thread.posts[1:]:
        assert p.parent_id is not None and 0 <= p.parent_id < p.post_id
        assert p.depth == thread.posts[p.parent_id].depth + 1


# ---------------------------------------------------------------- generated Reddit dumps
@SETTINGS
@given(
    comments=st.lists(
        st.tuples(names, st.integers(0, 10_000), st.integers(1, 600), st.sampled_from(["ok", "no", "why?"])),
        min_size=1,
        max_size=25,
    )
)
def test_reddit_ndjson_roundtrip_is_the_generated_forest(comments: list[tuple[str, int, int, str]]) -> None:
    """A submission and comments whose parents are drawn at random among earlier posts:
    every post comes back once, with its author, time and parent."""
    t0 = 1_600_000_000
    rows = [
        {
            "id": "s0",
            "name": "t3_s0",
            "title": "T",
            "selftext": "Root text",
            "author": "op",
            "created_utc": t0,
            "subreddit": "x",
            "num_comments": len(comments),
        }
    ]
    ids, expected = ["t3_s0"], {"t3_s0": ("op", t0, None)}
    when = t0
    for n, (author, pick, gap, body) in enumerate(comments, start=1):
        when += gap
        parent = ids[pick % len(ids)]
        rows.append(
            {
                "id": f"c{n}",
                "name": f"t1_c{n}",
                "parent_id": parent,
                "link_id": "t3_s0",
                "body": f"{body} {n}",
                "author": author,
                "created_utc": when,
                "subreddit": "x",
            }
        )
        ids.append(f"t1_c{n}")
        expected[f"t1_c{n}"] = (author, when, parent)
    source = decode("\n".join(json.dumps(r) for r in rows).encode("utf-8"), "gen.ndjson")
    (thread,) = analyse_source(source)
    assert thread.source_format == "reddit-ndjson"
    assert len(thread.posts) == len(rows)
    by_id = {p.source_id: p for p in thread.posts}
    assert set(by_id) == set(expected)
    for sid, (author, when, parent) in expected.items():
        post = by_id[sid]
        assert post.author == author
        assert post.timestamp == datetime.fromtimestamp(when, timezone.utc)
        got_parent = thread.posts[post.parent_id].source_id if post.parent_id is not None else None
        assert got_parent == parent, sid
    assert_forest(thread)


_FOOTER = st.builds("Posted by: {} | {:02d} June 2016 at 05:06 PM".format, names, st.integers(1, 28))


@SETTINGS
@given(st.lists(_FOOTER | line, max_size=12))
def test_typepad_sniff_equals_its_definition_by_footer_count(lines: list[str]) -> None:
    """The sniff stops counting footers once the score cannot change: the score is the
    one the count of every footer line gives."""
    text = "\n".join(lines)
    n = len(typepad_text._FOOTER_LINE.findall(text))
    assert typepad_text.sniff(text) == typepad_text._SNIFF_BY_COUNT.get(n, typepad_text._SNIFF_MANY)
