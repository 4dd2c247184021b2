"""What a thread's replies are called and what its root is, by the kind of dump it was read
from: a blog's comments answer its article, a forum's posts its opening post, a chat's
messages the chat itself (a placeholder: no one wrote it). The dashboard says "7 messages
answer the chat only" of a WhatsApp chat, not "comments answer the article".
"""

from __future__ import annotations

import polars as pl

# (one reply, many replies, the root, what a placeholder root is)
Words = tuple[str, str, str, str]
ARTICLE: Words = ("comment", "comments", "the article", "article not in the dump")
ROOT_WORDS: dict[str, Words] = {
    **dict.fromkeys(
        (
            *("telegram-json", "telegram-html", "whatsapp-text", "slack-json"),
            *("discord-json", "discord-html", "discord-text", "discord-csv"),
            "matrix-json",
            "irc-text",
        ),
        ("message", "messages", "the chat", "the chat itself"),
    ),
    **dict.fromkeys(
        ("youtube-json", "youtube-ndjson", "ytdlp-json"),
        ("comment", "comments", "the video", "the video, not in the dump"),
    ),
    **dict.fromkeys(
        ("instagram-json", "facebook-json", "table-csv"),
        ("comment", "comments", "the post", "post not in the dump"),
    ),
    **dict.fromkeys(
        ("twitter-json", "twitter-archive"),
        ("tweet", "tweets", "the first tweet", "first tweet not in the dump"),
    ),
    **dict.fromkeys(
        ("mbox", "email-text", "list-archive-html"),
        ("message", "messages", "the first message", "first message not in the dump"),
    ),
    # a ConvoKit conversation is named by its first utterance (a post, a film's first line,
    # a court session's opening words): ConvoKit's own words
    "convokit-jsonl": ("utterance", "utterances", "the first utterance", "first utterance not in the dump"),
    **dict.fromkeys(
        (
            *("phpbb-text", "phpbb-html", "vbulletin-text", "vbulletin-html", "xenforo-text", "xenforo-html"),
            *("smf-text", "smf-html", "mybb-text", "mybb-html", "invision-text", "invision-html"),
            *("discourse-text", "discourse-html", "discourse-json", "lemmy-json", "github-json"),
            *("reddit-text", "reddit-html", "reddit-json", "reddit-ndjson"),
            *("hackernews-text", "hackernews-html", "hn-json"),
            *("stackexchange-text", "stackexchange-html", "stackexchange-json", "stackexchange-xml"),
            "askbot-html",
            "zulip-json",  # a stream topic is a forum thread (its opener: post 0); DMs are rarer
            *("mastodon-json", "bluesky-json", "activitypub-json", "imageboard-json", "foolfuuka-json"),
        ),
        ("post", "posts", "the opening post", "opening post not in the dump"),
    ),
}


# The dialects whose root is an article (blogs, and pages of no known engine): ARTICLE's
# words. Every dialect is here or in ROOT_WORDS (tests/test_rootwords.py checks).
ARTICLE_DIALECTS = frozenset(
    {
        *("typepad-text", "typepad-html", "movabletype", "movabletype-html"),
        *("wordpress-text", "wordpress-html", "wordpress-json", "wordpress-wxr"),
        *("blogger-text", "blogger-html", "disqus-xml", "disqus-json", "generic-html", "article"),
    }
)


def for_format(name: object) -> Words:
    """:data:`ROOT_WORDS` of the dialect ``name`` (a blog's words for any other)."""
    return ROOT_WORDS.get(str(name), ARTICLE)


def root_words(posts: pl.DataFrame) -> Words:
    """The words of the thread of ``posts``, by the dialect it was read with."""
    if posts.is_empty() or "source_format" not in posts.columns:
        return ARTICLE
    return for_format(posts["source_format"][0])
