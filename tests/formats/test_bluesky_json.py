"""threads.formats.bluesky_json: Bluesky app.bsky.feed.getPostThread answers, which were
refused ("not in the shape of any export threads reads"). The fixtures are hand-written in
the shape of real answers (marmotz-dev/lucarne's test mock of a real thread) and the
atproto lexicon."""

from __future__ import annotations

import json

from tests.formats import platform_common as pc
from threads.formats import bluesky_json as mod
from threads.formats import detect

FIXTURES = pc.FIXTURES / "bluesky-json"
VIEW = "app.bsky.feed.defs#threadViewPost"


def _node(
    rkey: str, parent: str | None = None, replies: list[object] | None = None, **author: str
) -> dict[str, object]:
    record: dict[str, object] = {"text": f"words {rkey}", "createdAt": f"2024-03-01T10:0{rkey[-1]}:00Z"}
    if parent:
        record["reply"] = {"parent": {"uri": f"at://did:plc:a/app.bsky.feed.post/{parent}"}}
    post = {
        "uri": f"at://did:plc:a/app.bsky.feed.post/{rkey}",
        "author": {"did": "did:plc:a", "handle": "ann.bsky.social", **author},
        "record": record,
    }
    return {"$type": VIEW, "post": post, "replies": replies or []}


def test_nested_replies_depth_first_with_the_gone_ones_counted() -> None:
    [thread] = mod.parse(pc.read(FIXTURES / "post_thread_nested.json"))
    assert [p.author for p in thread.posts] == [
        "fern.bsky.social",
        "jude.example.org",
        "fern.bsky.social",
        "jude.example.org",
        "pip.bsky.social",
    ]
    ids = [p.source_id for p in thread.posts]
    assert [ids.index(p.parent_source_id) for p in thread.posts[1:]] == [0, 1, 2, 0]
    assert thread.skipped == {"not_found": 1, "blocked": 1}
    quote = thread.posts[4]
    assert (quote.quoted, quote.quote_sources) == (
        ["Never trust a loaf that rises too fast."],
        ["pip.bsky.social"],
    )


def test_a_deleted_ancestor_stays_as_a_placeholder_root() -> None:
    [thread] = mod.parse(pc.read(FIXTURES / "reply_under_deleted_root.json"))
    root = thread.posts[0]
    assert root.placeholder and root.source_id.endswith("/3kgone00010")
    assert [p.author for p in thread.posts[1:]] == ["pip.bsky.social", "fern.bsky.social", "pip.bsky.social"]
    assert thread.posts[3].timestamp.isoformat() == "2024-08-02T08:00:00+00:00"  # createdAt, not indexedAt
    assert any("placeholder" in w for w in thread.warnings)


def test_an_answer_that_stops_short_of_the_root_gets_a_placeholder_root() -> None:
    """parentHeight=0: the asked-about reply is the top node; it still answers its parent."""
    [thread] = mod.parse(json.dumps({"thread": _node("2", parent="1", replies=[_node("3", parent="2")])}))
    assert [(p.source_id.rsplit("/", 1)[1], p.placeholder) for p in thread.posts] == [
        ("1", True),
        ("2", False),
        ("3", False),
    ]


def test_a_bare_node_or_a_list_of_answers_reads_too() -> None:
    node = _node("1", replies=[_node("2", parent="1")])
    assert detect(json.dumps(node)).name == "bluesky-json"
    two = mod.parse(json.dumps([{"thread": node}, {"thread": _node("5")}]))
    assert [len(t.posts) for t in two] == [2, 1]


def test_an_unverified_handle_is_named_by_its_did() -> None:
    [thread] = mod.parse(json.dumps({"thread": _node("1", handle="handle.invalid", displayName="Ray")}))
    assert thread.posts[0].author == "did:plc:a"


test_arbitrary_text_never_raises = pc.arbitrary_text_property(
    mod,
    ['{"thread": {', '"post": {', '"uri": "at://x", ', '"record": {"text": "a"}', '"replies": [', "}", "]"],
)
