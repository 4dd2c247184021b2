"""sentiment.py: VADER on own text exactly; non-English flagged, never dropped."""

from __future__ import annotations

import polars as pl
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import threads
from tests.conftest import FIXTURES
from threads.sentiment import detect_language, polarities, score


def test_compound_equals_vader_on_own_text_for_every_seed_post() -> None:
    from tests.conftest import SEEDS

    vader = SentimentIntensityAnalyzer()
    posts = threads.read(SEEDS).posts
    assert posts.height == 30
    for row in posts.iter_rows(named=True):
        expected = vader.polarity_scores(row["text"])
        assert row["compound"] == expected["compound"]
        assert (row["positive"], row["neutral"], row["negative"]) == (
            expected["pos"],
            expected["neu"],
            expected["neg"],
        )


def test_quotes_do_not_count(seed004) -> None:
    """Post 4 quotes Fredw; its score is that of its own words only."""
    row = seed004.posts.row(4, named=True)
    assert "Not clear to me" not in row["text"]
    assert row["compound"] == SentimentIntensityAnalyzer().polarity_scores(row["text"])["compound"]


def test_non_english_flagged_not_zeroed() -> None:
    german = (
        "Das ist eine wirklich schreckliche Entscheidung der Regierung, und ich bin sehr enttäuscht darüber."
    )
    s = score([german, "This is a truly wonderful and thoughtful article, thank you so much."])
    assert s[0].lang == "de" and s[0].reliable is False
    assert s[0].compound == SentimentIntensityAnalyzer().polarity_scores(german)["compound"]
    assert s[1].lang == "en" and s[1].reliable is True and s[1].compound > 0.5


def test_short_texts_have_no_language() -> None:
    assert detect_language("Gladio anybody?") is None
    assert score([""])[0].n_words == 0


def test_pool_and_in_process_give_identical_scores() -> None:
    """The process pool (forced with a tiny threshold) returns the in-process result,
    in input order."""
    from tests.conftest import SEEDS

    texts = threads.read(SEEDS).posts["text"].to_list()
    texts = [
        *texts,
        "",
        "GREAT!!! but not good 😁",
        "Das ist eine sehr schlechte Idee, finde ich wirklich.",
    ] * 3
    in_process = score(texts, workers=1)
    pooled = score(texts, workers=2, parallel_min=2)
    assert pooled == in_process
    assert polarities(texts, workers=2, parallel_min=2) == polarities(texts, workers=1)
    assert [(s.negative, s.neutral, s.positive, s.compound) for s in in_process] == polarities(texts)


def test_small_inputs_stay_in_process(monkeypatch) -> None:
    import threads.sentiment as sentiment_module

    def no_pool(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a pool was started for a small input")

    monkeypatch.setattr(sentiment_module, "ProcessPoolExecutor", no_pool)
    assert len(score(["fine"] * 10, workers=2)) == 10
    assert len(score(["fine"] * 10, workers=1, parallel_min=2)) == 10


def test_english_shortcut_agrees_with_py3langid() -> None:
    """The function-word shortcut never changes a language py3langid would give, on
    every post of the seeds and fixtures (and it does take the shortcut for many)."""
    from pathlib import Path

    from threads import sentiment

    root = Path(__file__).resolve().parent
    files = sorted((root.parent / "seeds").glob("*.txt")) + sorted(
        p for p in (root / "fixtures").rglob("*") if p.is_file()
    )
    texts = [t for f in files for t in threads.read(f).posts["text"].to_list()]
    ident = sentiment._identifier()
    shortcut = 0
    for text in texts:
        n = sentiment.count_words(text)
        if n < sentiment.MIN_WORDS_FOR_LANG:
            continue
        readable = sentiment.readable_by_vader(text)
        lang, prob = ident.classify(text)
        floor = sentiment.MIN_LANG_PROB if readable else sentiment.MIN_LANG_PROB_OTHER_SCRIPT
        expected = lang if lang == "en" or prob >= floor else None
        assert sentiment._detect(text, n, readable) == expected, text[:80]
        shortcut += n >= sentiment.MIN_WORDS_FOR_SHORTCUT and sentiment._english_share(text, n) >= 0.2
    assert shortcut >= 100


def test_scoring_pools_are_shut_down() -> None:
    from threads import sentiment as sentiment_module

    assert len(score(["fine", "bad", "good"] * 4, workers=2, parallel_min=1)) == 12
    pools = list(sentiment_module._POOLS.values())
    assert pools  # a pool was started, and is kept for the next call
    sentiment_module.shutdown_pools()
    assert not sentiment_module._POOLS
    with pytest.raises(RuntimeError):  # a shut-down executor refuses work
        pools[0].submit(len, "x")
    assert len(score(["fine"] * 3, workers=2, parallel_min=1)) == 3  # a new pool when asked
    sentiment_module.shutdown_pools()


def test_prestart_starts_the_pool_score_then_uses(monkeypatch) -> None:
    """prestart() starts the very pool score() uses (workers up before the scoring),
    only when score() would use one; the scores are the in-process ones."""
    from threads import sentiment as sentiment_module

    texts = ["fine", "What a terrible, awful idea.", "Great work, thank you!"] * 4
    sentiment_module.shutdown_pools()
    assert sentiment_module.prestart(len(texts), workers=2, parallel_min=1)
    pool = sentiment_module._POOLS[2]
    assert len(pool._processes) == 2  # both workers started without waiting for score()
    assert score(texts, workers=2, parallel_min=1) == score(texts, workers=1)
    assert list(sentiment_module._POOLS.values()) == [pool]  # no second pool
    sentiment_module.shutdown_pools()

    def no_pool(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a pool was started for a small input")

    monkeypatch.setattr(sentiment_module, "ProcessPoolExecutor", no_pool)
    assert not sentiment_module.prestart(10, workers=2)
    assert not sentiment_module.prestart(10**6, workers=1)


def test_analysis_prestarts_the_pool_before_quotes(monkeypatch) -> None:
    """The pipeline asks for the pool when a thread's analysis begins, with the
    thread's post count and the run's workers, before any quote is split."""
    from threads import pipeline, quotes
    from threads.options import Options

    calls: list[str] = []
    monkeypatch.setattr(
        pipeline.sentiment, "prestart", lambda n, workers=None: calls.append(f"pool {n} {workers}")
    )
    real_split = quotes.split

    def split(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("split")
        return real_split(*args, **kwargs)

    monkeypatch.setattr(pipeline.quotes, "split", split)
    footer = "Posted by: {} | 07 June 2016 at 05:0{} PM\n"
    text = "Fine idea.\n" + footer.format("ann", 6) + "No.\n" + footer.format("bob", 7)
    from threads.read import Source

    pipeline.analyse_source(Source("x.txt", text, "utf-8"), "typepad-text", Options(workers=3))
    assert calls[0] == "pool 3 3" and "split" in calls[1:]


def test_score_later_submits_now_and_collects_the_same_scores(monkeypatch) -> None:
    """score_later() hands the pool its tasks when called (they run while the caller
    goes on) and returns the in-process scores, in order, when collected; below the
    pool's threshold it scores nothing until collected."""
    from threads import sentiment as sentiment_module

    texts = ["fine", "What a terrible, awful idea.", "Great work, thank you!", ""] * 5
    expected = score(texts, workers=1)
    sentiment_module.shutdown_pools()
    collect = sentiment_module.score_later(texts, workers=2, parallel_min=1)
    pool = sentiment_module._POOLS[2]
    assert pool._queue_count > 0  # tasks handed over before collect() (a count of submissions)
    assert collect() == expected
    sentiment_module.shutdown_pools()

    calls: list[int] = []
    real = sentiment_module._score_rows
    monkeypatch.setattr(
        sentiment_module, "_score_rows", lambda chunk: calls.append(len(chunk)) or real(chunk)
    )
    collect = sentiment_module.score_later(texts, workers=2)  # 20 texts: in-process
    assert calls == []
    assert collect() == expected and calls == [len(texts)]


def test_packed_rows_come_back_bit_identical_through_pickle() -> None:
    """A pool chunk travels packed (four doubles, a language, a flag, a count per text):
    unpickled and iterated it gives the very rows ``_score_rows`` made, float bits and
    None languages included, and one string object per language."""
    import pickle

    from threads import sentiment as sentiment_module

    texts = ["fine", "What a terrible, awful idea.", "", "Das ist wirklich nicht gut, leider.", "1/3 +0.1"]
    rows = sentiment_module._score_rows(texts * 3)
    packed = pickle.loads(pickle.dumps(sentiment_module._score_packed(texts * 3)))
    assert len(packed) == 1
    back = list(packed[0])
    assert back == rows
    assert [tuple(map(repr, r)) for r in back] == [tuple(map(repr, r)) for r in rows]  # -0.0 stays -0.0
    langs = [lang for lang in packed[0].langs if lang]
    assert len(set(map(id, langs))) == len(set(langs))  # one object per language


def test_a_post_vader_finds_nothing_in_is_not_reliable() -> None:
    """A bare link, an empty post or numbers score 0 because VADER read nothing, not
    because the tone is neutral: they are not reliable, so means leave them out. Every
    thread root of a Disqus export is the page's address and pulled its thread's mean tone
    to 0. Scores stay vaderSentiment's; an emoticon VADER scores is still read."""
    texts = ["https://blog.example/2019/05/post/", "", "@sam 42", ":)", "ok then", "Great post!"]
    got = score(texts)
    assert [s.reliable for s in got] == [False, False, False, True, True, True]
    assert [s.compound for s in got] == [
        SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in texts
    ]
    posts = threads.read(FIXTURES / "disqus-xml" / "cycling_blog_export.xml").posts
    root = posts.filter(pl.col("post_id") == 0)
    assert root["text"].str.starts_with("https://").all() and not root["sentiment_reliable"].any()
