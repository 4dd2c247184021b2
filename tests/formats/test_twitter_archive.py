"""threads.formats.twitter_archive: an X account archive's data/tweets.js, which was read
as one article post (every tweet, and the JSON around it, merged). The fixtures are
hand-written in the shape of a real 2026 archive (milahu/twitter-milahu104)."""

from __future__ import annotations

import pytest

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import twitter_archive as mod
from threads.model import ThreadsError

FIXTURES = pc.FIXTURES / "twitter-archive"


def test_replies_to_others_hang_under_placeholders_and_the_owner_is_named() -> None:
    first, second, own = mod.parse(pc.read(FIXTURES / "tweets.js"))
    assert first.posts[0].placeholder and first.posts[0].source_id == "3010"
    assert second.posts[0].source_id == "3001"
    assert [p.source_id for p in own.posts] == ["3000", "3002"]
    # the owner's handle comes from the self-reply's in_reply_to_screen_name
    assert {p.author for t in (first, second, own) for p in t.posts if not p.placeholder} == {
        "hedgewitch_ella"
    }
    assert first.skipped == {"retweet": 1}
    assert second.posts[1].body == "@corvid_k > soak it overnight\n\nHow long, roughly?"


def test_an_archive_without_a_self_reply_leaves_the_author_empty_and_says_so() -> None:
    missing, alone = mod.parse(pc.read(FIXTURES / "tweet.js"))
    assert [p.source_id for p in missing.posts] == ["1190", "1201", "1202"]
    assert all(p.author is None for p in missing.posts + alone.posts)
    assert any("author left empty" in w for w in missing.warnings)


def test_another_archive_file_is_refused_in_one_line() -> None:
    text = 'window.YTD.like.part0 = [ {"like": {"tweetId": "1"}} ]'
    assert detect(text).name == mod.NAME
    with pytest.raises(ThreadsError, match="like file holds no tweets") as err:
        mod.parse(text)
    assert "\n" not in err.value.message


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        "window.YTD.tweets.part0 = ",
        "[",
        '{"tweet": {',
        '"id_str": "1", ',
        '"full_text": "RT @a: x"',
        "}}",
        "]",
    ],
)
