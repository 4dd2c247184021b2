"""threads.formats.hackernews_html beyond its goldens: the 2013 table markup's ids and
parents, and deleted comments (placeholders where a reply hangs from them)."""

from __future__ import annotations

import re

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import hackernews_html as mod

FOLDER = pc.FIXTURES / "hackernews-html"
TODAY = FOLDER / "ask_hn_backups.html"
OLD = FOLDER / "freelancer_2013_tables.html"


def _delete(text: str, item: str) -> str:
    """The page with comment ``item`` deleted as HN shows it: no user link, "[deleted]"."""
    row = re.search(rf"<tr class='athing comtr' id='{item}'>.*?</td></tr></table></td></tr>", text, re.S)
    assert row is not None
    gone = re.sub(r'<a href="user\?id=[^"]*" class="hnuser">[^<]*</a>', "", row.group(0))
    gone = re.sub(
        r'<div class="commtext c00">.*?</div>', '<div class="commtext c00">[deleted]</div>', gone, flags=re.S
    )
    return text.replace(row.group(0), gone)


def test_2013_markup_reads_item_ids_and_indent_parents() -> None:
    text = pc.read(OLD)
    assert detect(text).name == mod.NAME
    [thread] = mod.parse(text)
    assert [p.source_id for p in thread.posts] == [
        "5304170",
        "5304201",
        "5304388",
        "5304412",
        "5304250",
        "5304599",
    ]
    assert [p.parent_source_id for p in thread.posts] == [
        None,
        "5304170",
        "5304201",
        "5304388",
        "5304170",
        "5304250",
    ]
    assert all(p.timestamp is None for p in thread.posts)
    assert any("relative" in w for w in thread.warnings)
    assert thread.posts[0].body.startswith("Use this thread to advertise yourself")
    assert thread.origin == "https://news.ycombinator.com/item?id=5304170"


def test_top_level_comments_answer_the_story_today() -> None:
    [thread] = mod.parse(pc.read(TODAY))
    root = thread.posts[0].source_id
    assert root == "34251001"
    assert thread.posts[1].parent_source_id == root


def test_deleted_comment_with_a_reply_is_a_placeholder() -> None:
    [thread] = mod.parse(_delete(pc.read(TODAY), "34251160"))  # 34251175 replies to it
    stub = next(p for p in thread.posts if p.source_id == "34251160")
    assert (stub.author, stub.body, stub.placeholder) == (None, "[deleted]", True)
    assert next(p for p in thread.posts if p.source_id == "34251175").parent_source_id == "34251160"
    assert "deleted" not in thread.skipped


def test_deleted_comment_without_replies_is_skipped_and_counted() -> None:
    [thread] = mod.parse(_delete(pc.read(TODAY), "34251175"))  # a leaf
    assert "34251175" not in [p.source_id for p in thread.posts]
    assert thread.skipped == {"deleted": 1}
