"""What the social platforms' API dialects (mastodon-json, bluesky-json, activitypub-json) share: an answer
with nothing to read is refused in one line that says why, and no real dump of the shared
corpus (Discourse, HN, Reddit JSON and cassettes among them, and the nested training
threads) is taken for theirs: the corpus holds none of theirs. The corpus test is skipped,
visibly, where the corpus is absent."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from threads.formats import activitypub_json, bluesky_json, mastodon_json
from threads.model import ThreadsError

# What a near miss may score (tests/formats/test_dialects.py's NEAR_MISS).
NEAR_MISS = 0.2
BOOST = (
    '[{"id": "1", "in_reply_to_id": null, "created_at": "2024-03-01T10:00:00Z", "content": "", '
    '"account": {"acct": "ann"}, "reblog": {"id": "9"}}]'
)
NOT_FOUND = '{"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://x", "notFound": true}}'
NOTHING = [
    (mastodon_json, '{"ancestors": [], "descendants": []}', "no Mastodon status"),
    (mastodon_json, BOOST, "boost"),
    (bluesky_json, NOT_FOUND, "not found"),
    (bluesky_json, '{"thread": {}}', "no Bluesky thread"),
    *((mod, '"x"', "should be") for mod in (mastodon_json, bluesky_json)),
    *((mod, "{", "not valid JSON") for mod in (mastodon_json, bluesky_json)),
]


@pytest.mark.parametrize(("mod", "text", "problem"), NOTHING, ids=lambda v: getattr(v, "NAME", None))
def test_nothing_to_read_is_said(mod: ModuleType, text: str, problem: str) -> None:
    with pytest.raises(ThreadsError, match=problem) as err:
        mod.parse(text)
    assert "\n" not in err.value.message


@pytest.mark.parametrize("mod", [mastodon_json, bluesky_json, activitypub_json], ids=lambda m: m.NAME)
def test_no_real_dump_of_another_platform_is_taken(mod: ModuleType, corpus: Path) -> None:
    paths = sorted(p for p in [*corpus.iterdir(), *(corpus / "train").iterdir()] if p.is_file())
    dumps = [p for p in paths if p.suffix != ".md"]
    assert len(dumps) >= 10  # the corpus is there, not an empty folder
    for path in dumps:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert mod.sniff(text) <= NEAR_MISS, path.name
