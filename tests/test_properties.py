"""Property tests: arbitrary input never raises anything but ThreadsError; generated
valid dumps lose no post, keep authors and timestamps, and give a forest."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threads.model import ThreadsError
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


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text_only_threads_errors(text: str) -> None:
    with contextlib.suppress(ThreadsError):
        analyse_source(decode(text.encode("utf-8"), "fuzz.txt"))


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
