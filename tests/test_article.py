"""The article fallback on seeds 000-003: one post, no replies, a headline title."""

from __future__ import annotations

import pytest

import threads
from tests.conftest import ARTICLE_SEEDS

TITLES = {
    "000": None,  # opens with prose: no headline
    "001": "US-led coalition to ‘scale back in Baghdad’ after Soleimani killing",
    "002": "Confusion Abounds: US Military Leaving, Then Not Leaving, Iraq",
    "003": "What We are Seeing Here is an Actual Plan on Syria",
}


@pytest.mark.parametrize("path", ARTICLE_SEEDS, ids=lambda p: p.name[:3])
def test_one_post_no_replies(path) -> None:
    a = threads.read(path)
    assert a.threads[0].source_format == "article"
    assert a.posts.height == 1
    assert a.replies.height == 0
    assert a.interactions.height == 0
    post = a.posts.row(0, named=True)
    assert post["parent_id"] is None and post["reply_evidence"] is None
    assert post["title"] == TITLES[path.name[:3]]
    # nothing inside was split off: bullets, "– The Guardian", "Source : Sky News", "Leave a Reply"
    text = path.read_text(encoding="utf-8").strip()
    assert post["text"] == text
    assert post["quoted"] == []


def test_article_keeps_outlet_lines() -> None:
    a = threads.read(ARTICLE_SEEDS[0])
    assert "– The Guardian" in a.posts["text"][0]
    a1 = threads.read(ARTICLE_SEEDS[1])
    assert a1.posts["text"][0].endswith("Source : Sky News")
