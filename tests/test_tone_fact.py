"""The dashboard's mean tone says how many posts it covers when some are left out.

VADER's lexicon is English: posts in other languages are scored but flagged unreliable
and left out of every mean. A German forum's page said "mean tone -0.40" from its one
English post, as if the thread were hostile. The header now says over how many posts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import threads
from threads.dashboard_measures import tone_fact
from threads.report import index_page, thread_facts

FIXTURES = Path(__file__).parent / "fixtures"


def _posts(reliable: list[bool | None]) -> pl.DataFrame:
    return pl.DataFrame({"compound": [0.5] * len(reliable), "sentiment_reliable": reliable})


@pytest.mark.parametrize(
    ("reliable", "tone", "text"),
    [
        ([True, True, None], 0.25, "+0.25"),  # none left out (null: scored before the flag)
        ([True, False, False], -0.4, "-0.40 over 1 of 3 posts (2 not in English, left out)"),
        ([False, False], None, "n/a: no post in English (VADER's tone means nothing in other languages)"),
    ],
)
def test_tone_fact(reliable: list[bool | None], tone: float | None, text: str) -> None:
    assert tone_fact(_posts(reliable), tone) == text


def test_tone_fact_without_the_flag_or_posts() -> None:
    assert tone_fact(pl.DataFrame({"compound": [0.1]}), 0.1) == "+0.10"
    assert tone_fact(_posts([]), None) == "n/a"


def test_a_german_thread_page_says_its_tone_covers_no_post() -> None:
    """A German vBulletin copy (every post German): the header's mean tone is n/a and
    says why; the index's tone cell carries the same words as its tooltip."""
    analysis = threads.read(FIXTURES / "vbulletin-text" / "route_abbruch_vb4_de.txt")
    posts = analysis.posts
    assert posts.height >= 3 and not posts["sentiment_reliable"].any()
    facts = dict(thread_facts(analysis.threads[0], posts, analysis.replies))
    assert facts["mean tone"].startswith("n/a: no post in English")
    page = index_page([(analysis.threads[0], "t.html", posts, analysis.replies)], posts, analysis.replies)
    assert 'title="n/a: no post in English' in page


def test_an_english_thread_keeps_its_plain_tone() -> None:
    analysis = threads.read(Path(__file__).parent.parent / "seeds" / "004_c3b9a48d73eaee79.txt")
    assert analysis.posts["sentiment_reliable"].all()
    tone = dict(thread_facts(analysis.threads[0], analysis.posts, analysis.replies))["mean tone"]
    assert tone == f"{analysis.posts['compound'].mean():+.2f}"


def test_the_summary_says_its_tones_leave_out_posts_not_in_english() -> None:
    """The panel's back-and-forth and heated pairs show a mean tone; on a German page
    it rested on its one English post without a word. A thread with a two-way exchange,
    its posts flagged as a non-English thread's would be: the panel says how many posts
    count in no tone; as read (all English), it has no such line."""
    from threads.summary_panel import summary_section

    thread = threads.read(FIXTURES / "email-text" / "tern_release_freeze.txt")
    posts, replies = thread.posts, thread.replies
    assert posts["sentiment_reliable"].all() and posts.height == 7
    panel = summary_section(posts, replies)
    assert "mean tone" in panel and "Tones count" not in panel
    flagged = posts.with_columns(sentiment_reliable=pl.col("post_id") % 2 == 0)
    left_out = flagged.filter(~pl.col("sentiment_reliable")).height
    assert left_out == 3
    panel = summary_section(flagged, replies)
    assert "Tones count the posts in English only: 3 of the 7 posts here are left out of them." in panel


def test_untoned_counts_the_posts_every_mean_leaves_out() -> None:
    from threads.dashboard_measures import untoned

    assert untoned(_posts([True, False, None, False])) == 2
    assert untoned(pl.DataFrame({"compound": [0.1]})) == 0


def test_posts_with_no_words_are_named_apart_from_other_languages() -> None:
    """A Disqus thread's root is its page's address: VADER reads nothing in it, so it is
    left out of the mean, and the header says why rather than calling it a foreign post."""
    posts = pl.DataFrame(
        {
            "text": [
                "https://blog.example/2019/05/post/",
                "Danke, sehr gut erklärt und klar.",
                "Great post!",
            ],
            "compound": [0.0, 0.4, 0.66],
            "sentiment_reliable": [False, False, True],
        }
    )
    assert tone_fact(posts, 0.66) == "+0.66 over 1 of 3 posts (1 not in English, 1 with no words, left out)"
    links = posts.head(1)
    assert tone_fact(links, None) == "n/a: no post has words VADER reads (links or empty posts only)"
    disqus = threads.read(FIXTURES / "disqus-xml" / "cycling_blog_export.xml")
    (first, _) = disqus.threads
    real = disqus.posts.filter((pl.col("thread_id") == first.thread_id) & ~pl.col("placeholder"))
    facts = dict(thread_facts(first, real, disqus.replies.filter(pl.col("thread_id") == first.thread_id)))
    assert facts["mean tone"].endswith(
        f"over {real.height - 1} of {real.height} posts (1 with no words, left out)"
    )
