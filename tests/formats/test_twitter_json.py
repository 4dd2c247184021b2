"""threads.formats.twitter_json: tweets as twarc2 (API v2 pages, flattened) and twarc (API
v1.1 statuses) write them, which were refused ('not in the shape of any export' / 'looks
like JSON but is not valid'). The fixtures are hand-written in the shape of twarc2's pages
and flattened lines (DocNow/twarc-csv test-data) and the v1.1 Tweet object."""

from __future__ import annotations

import json

import pytest

from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import twitter_json as mod
from threads.model import ThreadsError

FIXTURES = pc.FIXTURES / "twitter-json"


def test_pages_are_one_thread_per_conversation_rooted_at_its_first_tweet() -> None:
    conv, quote, missing = mod.parse(pc.read(FIXTURES / "twarc2_pages.jsonl"))
    # the first tweet is only in includes.tweets (the API expanded the replied_to tweet)
    assert [p.source_id for p in conv.posts] == ["1500", "1501", "1502"]
    assert [p.parent_source_id for p in conv.posts] == [None, "1500", "1501"]
    assert [p.author for p in conv.posts] == ["wrenalder", "pim_moss", "wrenalder"]
    assert conv.posts[0].body.startswith("Our pond froze over last night & the newts")
    assert conv.skipped == {"retweet": 1, "duplicate": 1}
    assert any("1600" in w for w in conv.warnings)  # the API's errors are said
    assert quote.posts[0].quoted == ["Our pond froze over last night & the newts are hiding. Is that normal?"]
    assert quote.posts[0].quote_sources == ["wrenalder"]
    assert missing.posts[0].placeholder and missing.posts[0].source_id == "1600"


def test_flattened_tweets_carry_their_author_and_quoted_tweet_inline() -> None:
    conv, quote = mod.parse(pc.read(FIXTURES / "twarc2_flat.jsonl"))
    assert [(p.author, p.parent_source_id) for p in conv.posts] == [
        ("pim_moss", None),
        ("odoreed", "1700"),
        ("pim_moss", "1701"),
    ]
    assert quote.posts[0].quote_sources == ["odoreed"]
    assert conv.skipped == {"retweet": 1}


def test_v1_statuses_go_by_reply_chains_with_their_times_in_utc() -> None:
    chain, quote, alone = mod.parse(pc.read(FIXTURES / "twarc1_statuses.jsonl"))
    assert [p.source_id for p in chain.posts] == ["900", "901", "902"]
    assert chain.posts[0].timestamp.isoformat() == "2017-01-07T18:02:11+00:00"
    assert chain.posts[2].body.startswith("@marram > Fourteen sparrows so far\n")
    assert quote.posts[0].quoted == ["Who else is counting birds this weekend?"]
    assert alone.posts[0].placeholder and alone.posts[1].author == "sedge"
    assert chain.skipped == {"retweet": 1}


def test_snscrape_and_twscrape_lines_are_tweets_of_their_conversations() -> None:
    """snscrape's --jsonl and twscrape's Tweet.json() (snscrape's names: rawContent, date,
    user.username, conversationId, inReplyToTweetId; twscrape's "2023-04-02 09:20:05+00:00"
    and ...IdStr twins; snscrape before 0.5: "content") were refused."""
    conv, quote, missing = mod.parse(pc.read(FIXTURES / "snscrape_search.jsonl"))
    assert [(p.source_id, p.author, p.parent_source_id) for p in conv.posts] == [
        ("2100", "fernhollow", None),
        ("2101", "kestrelwatch", "2100"),
        ("2102", "fernhollow", "2101"),
    ]
    assert [p.timestamp.isoformat() for p in conv.posts] == [
        "2023-04-02T09:00:00+00:00",
        "2023-04-02T09:12:40+00:00",
        "2023-04-02T09:20:05+00:00",  # twscrape's str(datetime)
    ]
    assert conv.posts[1].body == "@fernhollow Yes, three over the dam at 8 & more coming in from the south"
    assert conv.skipped == {"retweet": 1, "duplicate": 1}
    assert quote.posts[0].quoted == ["Spotted the first swifts over the reservoir this morning! Anyone else?"]
    assert quote.posts[0].quote_sources == ["fernhollow"]
    assert missing.posts[0].placeholder and missing.posts[0].source_id == "2098"
    assert missing.posts[1].body.startswith("@sandmartin Not yet")  # "content", snscrape < 0.5
    assert detect(pc.read(FIXTURES / "snscrape_search.jsonl")).name == mod.NAME


def test_snscrape_ids_rounded_by_a_double_still_link_and_mongo_dates_read() -> None:
    """A database export (mongoexport) of snscrape tweets: an ``_id``, the time as
    ``{"$date": ...}``, and ids that passed through a double, rounded alike."""
    user = {"username": "wren", "displayname": "Wren"}
    lines = [
        {
            "_id": {"$oid": "1"},
            "_type": mod.SNS_TYPE,
            "id": 1463077533826617300,
            "user": user,
            "date": {"$date": "2021-11-23T09:30:00Z"},
            "content": "Root words",
            "conversationId": 1463077533826617300,
        },
        {
            "_id": {"$oid": "2"},
            "_type": mod.SNS_TYPE,
            "id": 1463077670816817200,
            "user": {"username": "otter"},
            "date": "2021-11-23T09:31:14+00:00",
            "content": "A reply",
            "conversationId": 1463077533826617300,
            "inReplyToTweetId": 1463077533826617300,
        },
    ]
    (thread,) = mod.parse("\n".join(json.dumps(line) for line in lines))
    assert [p.parent_source_id for p in thread.posts] == [None, "1463077533826617300"]
    assert thread.posts[0].timestamp.isoformat() == "2021-11-23T09:30:00+00:00"


def test_the_earlier_version_of_an_edited_tweet_is_left_out() -> None:
    first = {
        "id": "5",
        "text": "teh newts",
        "author_id": "1",
        "conversation_id": "5",
        "edit_history_tweet_ids": ["5"],
    }
    edited = dict(first, id="6", text="the newts", edit_history_tweet_ids=["5", "6"], conversation_id="6")
    [thread] = mod.parse("\n".join(json.dumps({"data": [t]}) for t in (first, edited)))
    assert [p.body for p in thread.posts] == ["the newts"]
    assert thread.skipped == {"edited (earlier version)": 1}


def test_a_page_line_too_long_for_the_sniffer_head_is_still_recognised() -> None:
    tweet = {
        "id": "1",
        "text": "x" * 100,
        "author_id": "2",
        "conversation_id": "1",
        "created_at": "2023-01-01T00:00:00Z",
    }
    line = json.dumps({"data": [tweet] * 20_000})  # one page, far past the 1 MB head
    assert detect(line[: 2**20]).name == mod.NAME


def test_a_cut_last_line_is_counted_not_fatal() -> None:
    text = pc.read(FIXTURES / "twarc2_flat.jsonl")
    threads = mod.parse(text + text.splitlines()[0][:50])
    assert threads[0].skipped["bad_line"] == 1


def test_retweets_only_are_refused_in_one_line() -> None:
    rt = {
        "id": "2",
        "text": "RT @a: hi",
        "author_id": "1",
        "referenced_tweets": [{"type": "retweeted", "id": "1"}],
    }
    with pytest.raises(ThreadsError, match="retweet") as err:
        mod.parse(json.dumps({"data": [rt]}))
    assert "\n" not in err.value.message


def test_real_twarc2_lookup_page(tmp_path) -> None:
    """The shape of DocNow/twarc-csv's quoted_edit.jsonl: a reply that also quotes, whose
    conversation start and quoted tweet (an earlier edit of it) are in includes only."""
    users = [{"id": "1", "username": "ann"}, {"id": "2", "username": "bo"}]
    root = {
        "id": "11",
        "text": "hey :)",
        "author_id": "1",
        "conversation_id": "11",
        "edit_history_tweet_ids": ["10", "11"],
        "created_at": "2022-10-03T17:57:11.000Z",
    }
    quoted = dict(root, id="10", text="first try", conversation_id="10")
    reply = {
        "id": "12",
        "text": "@ann Test",
        "author_id": "2",
        "conversation_id": "11",
        "created_at": "2022-10-03T18:00:23.000Z",
        "edit_history_tweet_ids": ["12"],
        "referenced_tweets": [{"type": "quoted", "id": "10"}, {"type": "replied_to", "id": "11"}],
    }
    page = {"data": [reply], "includes": {"users": users, "tweets": [reply, quoted, root]}}
    [thread] = mod.parse(json.dumps(page))
    assert [(p.author, p.parent_source_id, p.quoted) for p in thread.posts] == [
        ("ann", None, []),
        ("bo", "11", ["first try"]),
    ]


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    [
        '{"data": [',
        '{"id": "1", ',
        '"text": "hi", ',
        '"author_id": "2"',
        '"conversation_id": "1"',
        "}",
        "]",
        "\n",
    ],
)
