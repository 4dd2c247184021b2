"""Pages of one thread given together are read as one thread (threads/pages.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import threads
from threads.model import RawPost, RawThread
from threads.pages import REPEATED, merge, page_note


def _page(k: int, n: int | None, ids: list[str], origin: str = "forum:t/42") -> RawThread:
    posts = [
        RawPost(f"user{i}", f"words of post {i}", datetime(2020, 1, int(i), tzinfo=timezone.utc), source_id=i)
        for i in ids
    ]
    return RawThread(posts, title=f"Topic (page {k})", origin=origin, page=(k, n), warnings=[f"w{k}"])


def test_pages_in_page_order_whatever_the_input_order() -> None:
    merged = merge([_page(3, 3, ["7", "8"]), _page(1, 3, ["1", "2", "3"]), _page(2, 3, ["4", "5", "6"])])
    assert [p.source_id for p in merged.posts] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert merged.title == "Topic (page 1)"
    assert merged.page is None
    assert merged.warnings[:3] == ["w1", "w2", "w3"]
    assert "3 pages of one thread read as one (pages 1-3 of 3)" in merged.warnings[-1]


def test_overlapping_pages_keep_each_post_once_and_count_the_repeats() -> None:
    # Discourse posts.json windows overlap (posts 37-40 on two pages)
    merged = merge([_page(1, None, ["1", "2", "3", "4"]), _page(2, None, ["3", "4", "5"])])
    assert [p.source_id for p in merged.posts] == ["1", "2", "3", "4", "5"]
    assert merged.skipped == {REPEATED: 2}


def test_posts_without_ids_are_repeats_only_when_author_time_and_words_agree() -> None:
    a = RawThread([RawPost("ann", "hello  there"), RawPost("bob", "hi")], origin="o", page=(1, 2))
    b = RawThread(
        [RawPost("bob", "hi"), RawPost("bob", "hi again"), RawPost("ann", "hello there")], origin="o"
    )
    merged = merge([a, b])
    assert [(p.author, p.body) for p in merged.posts] == [
        ("ann", "hello  there"),
        ("bob", "hi"),
        ("bob", "hi again"),
    ]
    assert merged.skipped == {REPEATED: 2}


def test_a_later_pages_placeholder_root_is_dropped() -> None:
    first = _page(1, 2, ["1", "2"])
    second = _page(2, 2, ["3"])
    second.posts.insert(0, RawPost(None, "", placeholder=True))
    merged = merge([first, second])
    assert [p.source_id for p in merged.posts] == ["1", "2", "3"]


def test_missing_pages_are_named() -> None:
    merged = merge([_page(1, 9, ["1"]), _page(2, 9, ["2"]), _page(5, 9, ["5"])])
    assert (
        merged.warnings[-1]
        == "3 pages of one thread read as one (pages 1-2, 5 of 9; pages 3-4, 6-9 not given)"
    )


def test_a_page_alone_says_which_page_it_is() -> None:
    assert page_note(_page(34, 40, ["1"])).startswith("page 34 of 40 of this thread")
    assert page_note(_page(2, None, ["1"])).startswith("page 2 of this thread")
    assert page_note(_page(1, 1, ["1"])) is None
    assert page_note(RawThread([RawPost("a", "b")])) is None


def test_two_posts_json_windows_read_together_are_one_thread(tmp_path) -> None:
    """End to end through threads.read: a Discourse posts.json window cut in two
    overlapping files (as the API pages a topic) reads as the one window it was."""
    src = Path(__file__).parent / "fixtures" / "discourse-json" / "posts_page_cast_iron.json"
    doc = json.loads(src.read_text(encoding="utf-8"))
    posts = doc["post_stream"]["posts"]
    first, second = dict(doc), dict(doc)
    first["post_stream"] = {**doc["post_stream"], "posts": posts[:3]}
    second["post_stream"] = {**doc["post_stream"], "posts": posts[2:]}  # posts[2] on both
    (tmp_path / "a.json").write_text(json.dumps(first), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(second), encoding="utf-8")
    whole = threads.read(src)
    both = threads.read([tmp_path / "b.json", tmp_path / "a.json"])
    assert len(both.threads) == 1
    merged = both.threads[0]
    assert merged.skipped.get(REPEATED) == 1
    assert [(p.source_id, p.author) for p in merged.posts] == [
        (p.source_id, p.author) for p in whole.threads[0].posts
    ]
    assert [p.parent_id for p in merged.posts] == [p.parent_id for p in whole.threads[0].posts]
    files = {p.source_id: p.source_file for p in merged.posts}
    assert {Path(f).name for f in files.values()} == {"a.json", "b.json"}
    assert any("read as one" in w for w in merged.warnings)
    # the same file given twice is a copy, not two pages: read as two threads, as before
    (tmp_path / "copy.json").write_bytes(src.read_bytes())
    twice = threads.read([src, tmp_path / "copy.json"])
    assert len(twice.threads) == 2


def test_a_part_s_note_alone_holds_only_while_its_stand_in_root_stays() -> None:
    """A part without the thread's root (answers saved apart from their question) says so
    when read alone; merged with the part that holds the root, the note is gone; merged
    with another part that lacks it too, it stays. Unnumbered parts are said as such."""

    def part(ids: list[str], root: str | None) -> RawThread:
        stand_in = RawPost(None, "", source_id="q", placeholder=True)
        head = [RawPost("asker", "the question", source_id="q")] if root else [stand_in]
        posts = head + [RawPost(f"u{i}", f"answer {i}", source_id=i) for i in ids]
        note = None if root else "post q is not in the file"
        return RawThread(posts, origin="se:q", page=(1, None) if root else None, alone_note=note)

    answers, comments, question = part(["a1"], None), part(["c1"], None), part([], "q")
    assert page_note(answers) == "post q is not in the file"
    whole = merge([answers, comments, question])
    assert whole.posts[0].author == "asker" and whole.alone_note is None and page_note(whole) is None
    assert whole.warnings == ["3 pages of one thread read as one (pages 1, and 2 without a page number)"]
    lacking = merge([answers, comments])
    assert lacking.posts[0].placeholder and page_note(lacking) == "post q is not in the file"
    assert lacking.warnings == ["2 pages of one thread read as one"]


def test_windows_given_in_any_order_read_in_thread_order(tmp_path) -> None:
    """posts.json windows carry no page number: they were merged in the order given, so
    "page-10.json" before "page-2.json" made a later post the thread's root and put
    parents after their replies. They now go by where they start (their first post's
    number); the thread is named after its first window. A window alone says that the
    topic's opening post is not in it."""
    src = Path(__file__).parent / "fixtures" / "discourse-json" / "posts_page_cast_iron.json"
    doc = json.loads(src.read_text(encoding="utf-8"))
    posts = sorted(doc["post_stream"]["posts"], key=lambda p: p["post_number"])
    early, late = dict(doc), dict(doc)
    early["post_stream"] = {**doc["post_stream"], "posts": posts[:2]}
    late["post_stream"] = {**doc["post_stream"], "posts": posts[2:]}
    (tmp_path / "page-1.json").write_text(json.dumps(early), encoding="utf-8")
    (tmp_path / "page-2.json").write_text(json.dumps(late), encoding="utf-8")
    given = [tmp_path / "page-2.json", tmp_path / "page-1.json"]  # the later window first
    reversed_, ordered = threads.read(given), threads.read(given[::-1])
    assert reversed_.posts.equals(ordered.posts) and reversed_.replies.equals(ordered.replies)
    (thread,) = reversed_.threads
    kept = [p["post_number"] for p in posts if p["post_type"] == 1]  # not the small action
    assert [p.source_id for p in thread.posts] == [str(n) for n in kept]
    assert thread.thread_id == "page-1"
    assert all(p.parent_id is None or p.parent_id < p.post_id for p in thread.posts)
    first = kept[0]
    assert first != 1  # the fixture is a later window of its topic
    note = f"the topic's opening post is not in the file: post 0 is post #{first}"
    assert any(w.startswith(note) for w in thread.warnings)  # still lacking post 1, merged
    alone = threads.read(tmp_path / "page-2.json").threads[0]
    assert any(
        w.startswith(
            f"the topic's opening post is not in the file: post 0 is post #{posts[2]['post_number']}"
        )
        for w in alone.warnings
    )
