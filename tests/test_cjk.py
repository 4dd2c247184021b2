"""Scripts written without spaces (Chinese, Japanese, Thai): words, language, reliability.

Whitespace counts a Chinese comment as one or two "words", so it never reached the
five words py3langid needs, kept ``lang`` null and was marked ``sentiment_reliable``
although VADER reads no Chinese. Words are now counted script-aware
(``sentiment.count_words``), and a post whose words are mostly in scripts VADER has no
words for is unreliable whatever its length. Scores stay exactly vaderSentiment's.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import threads
from tests.conftest import FIXTURES, SEEDS
from threads import signatures
from threads.sentiment import count_words, readable_by_vader, score

CJK_FIXTURE = FIXTURES / "cjk" / "disqus_zh_ja.xml"
TANGLEI = "disqus-export_tanglei-name-blog_zh.xml"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Fine, thanks.", 2),
        ("  spaced   out\ttext \n", 3),
        ("好文章", 3),  # one word per character
        ("你好，世界。", 4),  # full-width punctuation is no word
        ("我用Python写代码。", 6),  # a Latin run between characters is one word
        ("@小明 你也是用Python写的吗？", 10),
        ("とても分かりやすい記事でした。", 14),  # kana and kanji alike
        ("ขอบคุณมากครับ", 11),  # Thai letters; the vowel marks ุ ั are not letters
        ("정말 좋은 글이네요 감사합니다", 4),  # Korean is written with spaces
        ("Привет, как дела?", 3),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_count_words_unchanged_for_text_without_spaceless_scripts() -> None:
    texts = threads.read(SEEDS).posts["text"].to_list()
    texts += ["Grüße aus Köln — schön!", "naïve café, “quoted” … done"]
    assert all(count_words(t) == len(t.split()) for t in texts)


def test_readable_by_vader_counts_words_not_letters() -> None:
    assert readable_by_vader("Great post :)") and readable_by_vader(":mrgreen:")
    assert not readable_by_vader("Nice 好的 http://example.com/x")  # an address is no Latin word
    assert not readable_by_vader("地址是http://www.example.com还请更新")
    assert readable_by_vader("@hcc :oops:")  # a name and an emoticon: VADER reads the emoticon
    # seven Latin letters of a name do not outweigh six Chinese words
    assert not readable_by_vader("@tanglei 你也是中南的？")
    assert not readable_by_vader("@tanglei我开发需要用到飞行模式开关")
    assert not readable_by_vader("测试下评论通知 :twisted:")
    assert not readable_by_vader("Спасибо!")


def test_chinese_and_japanese_get_a_language_and_are_unreliable() -> None:
    texts = [
        "这篇文章写得非常好，谢谢分享！",
        "とても分かりやすい記事でした。ありがとうございます。",
        "好文",
        "This is a truly wonderful and thoughtful article, thank you so much.",
        ":)",
    ]
    s = score(texts)
    assert [x.lang for x in s] == ["zh", "ja", None, "en", None]
    assert [x.reliable for x in s] == [False, False, False, True, True]
    vader = SentimentIntensityAnalyzer()
    for text, x in zip(texts, s, strict=True):
        want = vader.polarity_scores(text)
        assert (x.negative, x.neutral, x.positive, x.compound) == (
            want["neg"],
            want["neu"],
            want["pos"],
            want["compound"],
        )


# post_id: (n_words, lang, sentiment_reliable), checked by hand against the fixture
FIXTURE_EXPECTED = {
    0: (1, None, True),  # the placeholder root: the page's address
    1: (31, "zh", False),
    2: (3, None, False),  # 好文章: too short for a language, still no VADER word
    3: (24, "ja", False),
    4: (13, "en", True),
    5: (10, "zh", False),
    6: (1, None, True),  # ":)" alone: VADER reads emoticons
    7: (2, None, False),
    8: (2, None, False),
    9: (4, None, False),  # Korean, four spaced words
    10: (22, "th", False),
}


def test_cjk_fixture_words_languages_and_reliability() -> None:
    posts = threads.read(CJK_FIXTURE).posts
    got = {
        r["post_id"]: (r["n_words"], r["lang"], r["sentiment_reliable"]) for r in posts.iter_rows(named=True)
    }
    assert got == FIXTURE_EXPECTED


def test_cjk_fixture_whole_post_is_no_signature() -> None:
    """小明 posts 已发。 ("sent.") twice: a repeated short post is not a signature."""
    posts = threads.read(CJK_FIXTURE).posts
    assert posts["signature"].null_count() == posts.height
    assert posts.filter(pl.col("author") == "小明")["text"].to_list().count("已发。") == 2
    assert signatures.learn([("小明", "已发。"), ("小明", "已发。")]) == {}


@pytest.mark.corpus
def test_tanglei_chinese_export_is_unreliable_and_has_languages(corpus: Path) -> None:
    """The Chinese Disqus export: 2,931 of 3,027 posts were marked reliable (lang null
    for 2,885) before words were counted per character; now only posts whose words are
    mostly Latin script (addresses, emoticons, English comments) are."""
    posts = threads.read(corpus / TANGLEI).posts
    assert posts.height == 3027
    reliable = posts.filter(pl.col("sentiment_reliable"))
    assert reliable.height < 500  # 449 when written
    assert all(readable_by_vader(t) for t in reliable["text"])
    assert posts["lang"].null_count() < 800  # 694 when written
    assert posts.filter(pl.col("lang") == "zh").height > 2000
    # a post with three or more Chinese characters and no Latin word is never reliable
    han = posts.filter(
        (pl.col("text").str.count_matches(r"\p{Han}") >= 3) & ~pl.col("text").str.contains(r"[A-Za-z]")
    )
    assert han.height > 900 and not han["sentiment_reliable"].any()
    # scores are vaderSentiment's, untouched
    vader = SentimentIntensityAnalyzer()
    assert all(
        vader.polarity_scores(t)["compound"] == c
        for t, c in zip(posts["text"], posts["compound"], strict=True)
    )


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "hn_hnpwa-item_26312516_speed-is-the-killer-feature.json",
        "disqus-export_yesilmavihayat_tr.xml",
        "vbulletin_pocketpc-ch_auslieferung_de.html",
    ],
)
def test_latin_script_corpus_files_read_as_before(corpus: Path, name: str) -> None:
    """English, Turkish and German dumps: words are whitespace tokens and reliability is
    the language's alone, exactly as before script-aware counting."""
    posts = threads.read(corpus / name).posts
    for r in posts.iter_rows(named=True):
        assert r["n_words"] == len(r["text"].split())
        assert r["sentiment_reliable"] == (r["lang"] in (None, "en"))
