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
from tests.conftest import SEEDS
from threads import signatures
from threads.analysis import Analysis
from threads.model import RawPost, RawThread
from threads.pipeline import analyse_raw
from threads.read import Source
from threads.sentiment import count_words, nothing_to_read, readable_by_vader, score

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


# A comment thread of a Chinese blog as a Disqus export gives it (the shape of the
# tanglei export: a placeholder root for the page, nested comments), with one Japanese,
# one Korean, one Thai and one English comment. Built in code: a Disqus file under
# tests/fixtures/ would be taken for one of that dialect's fixtures.
# (source_id, parent, author, body)
CJK_THREAD = [
    ("page", None, None, "https://blog.example.cn/2015/03/server-setup/"),
    ("9101", "page", "小明", "这篇文章写得非常好，我按照你的方法配置了服务器，终于成功了，谢谢分享！"),
    ("9102", "9101", "阿华", "好文章"),
    ("9103", "page", "田中", "とても分かりやすい記事でした。ありがとうございます。"),
    ("9104", "page", "Sam", "Great write-up, thanks. The config steps worked for me on the first try."),
    ("9105", "9101", "阿华", "@小明 你也是用Python写的吗？"),
    ("9106", "9105", "小明", ":)"),
    ("9107", "9102", "小明", "已发。"),
    ("9108", "9104", "小明", "已发。"),
    ("9109", "page", "김민준", "정말 좋은 글이네요 감사합니다"),
    ("9110", "page", "สมชาย", "ขอบคุณมากครับ บทความนี้ดีมาก"),
]

# post_id: (n_words, lang, sentiment_reliable), counted by hand
CJK_EXPECTED = {
    0: (1, None, False),  # the placeholder root: the page's address, nothing VADER reads
    1: (31, "zh", False),  # 9 + 13 + 5 + 4 characters
    2: (3, None, False),  # 好文章: too short for a language, still no VADER word
    3: (24, "ja", False),  # 14 + 10 kana and kanji
    4: (13, "en", True),
    5: (10, "zh", False),  # 小明 2, 你也是用 4, Python 1, 写的吗 3
    6: (1, None, True),  # ":)" alone: VADER reads emoticons
    7: (2, None, False),
    8: (2, None, False),
    9: (4, None, False),  # Korean, four spaced words
    10: (22, "th", False),  # 11 + 11 Thai letters, vowel and tone marks not counted
}


@pytest.fixture(scope="module")
def cjk() -> threads.Analysis:
    raw = RawThread(
        posts=[
            RawPost(
                author=author,
                body=body,
                source_id=sid,
                parent_source_id=parent,
                placeholder=author is None,
            )
            for sid, parent, author, body in CJK_THREAD
        ],
        title="服务器配置笔记",
    )
    source = Source(path="zhblog.xml", text="", encoding="utf-8")
    return Analysis([analyse_raw(raw, "zhblog", source, "disqus-xml", 1.0)])


def test_cjk_thread_words_languages_and_reliability(cjk: threads.Analysis) -> None:
    got = {
        r["post_id"]: (r["n_words"], r["lang"], r["sentiment_reliable"])
        for r in cjk.posts.iter_rows(named=True)
    }
    assert got == CJK_EXPECTED
    assert cjk.summary()["sentiment_unreliable_posts"] == 9


def test_cjk_thread_whole_post_is_no_signature(cjk: threads.Analysis) -> None:
    """小明 posts 已发。 ("sent.") twice: a repeated short post is not a signature."""
    posts = cjk.posts
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
    the language's, exactly as before script-aware counting, except for posts VADER finds
    nothing in (a bare link: the story's address, a link-only comment)."""
    posts = threads.read(corpus / name).posts
    for r in posts.iter_rows(named=True):
        assert r["n_words"] == len(r["text"].split())
        bare = nothing_to_read(r["text"], r["compound"])
        assert r["sentiment_reliable"] == (r["lang"] in (None, "en") and not bare)
