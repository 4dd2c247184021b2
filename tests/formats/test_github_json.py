"""threads.formats.github_json: GitHub REST API issues and their comments, which were
refused as no known shape (and ``gh api --paginate``'s "[...][...]" as invalid JSON). The
fixtures are hand-written in the shape of real answers recorded in github3.py's cassettes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import github_json as mod
from threads.model import ThreadsError

BUNDLE = pc.FIXTURES / "github-json" / "issue_and_comments.json"
PAGINATED = pc.FIXTURES / "github-json" / "comments_paginate.json"
API = "https://api.github.com/repos/lowtide/kettle-logger/issues/{}"


def _comment(cid: int, issue: int, login: str, when: str, body: str) -> dict[str, object]:
    return {
        "id": cid,
        "issue_url": API.format(issue),
        "user": {"login": login, "type": "User"},
        "created_at": when,
        "body": body,
        "author_association": "NONE",
    }


def _issue(number: int, comments: int = 0, **extra: object) -> dict[str, object]:
    return {
        "url": API.format(number),
        "number": number,
        "title": f"Issue {number}",
        "user": {"login": "ann", "type": "User"},
        "created_at": "2024-01-01T08:00:00Z",
        "body": "It broke.",
        "comments": comments,
        **extra,
    }


def test_an_issue_and_its_comments() -> None:
    [thread] = mod.parse(pc.read(BUNDLE))
    assert thread.key == "lowtide/kettle-logger#42"
    assert thread.origin is None  # self-contained: nothing to merge
    assert [p.source_id for p in thread.posts] == ["issue-42", "990001", "990002", "990003", "990004"]
    assert all(p.parent_source_id is None for p in thread.posts)  # flat: left to inference
    root = thread.posts[0]
    assert root.title == "Readings stop after the kettle switches off"
    assert "<!--" not in root.body and "\r" not in root.body
    assert thread.posts[3].author == "lowtide-ci[bot]"
    assert thread.warnings == ["1 post(s) by bot accounts, kept under their login"]


def test_quotes_and_mentions_become_reply_evidence() -> None:
    posts = threads.read(BUNDLE).posts.sort("post_id")
    assert posts["reply_evidence"].to_list() == [None, "root", "quote", "root", "explicit"]
    assert posts["parent_id"].to_list() == [None, 0, 1, 0, 2]
    assert posts["quoted"].to_list()[2] == ["Does it come back if you unplug the kettle base?"]


def test_gh_paginate_pages_one_after_the_other() -> None:
    text = pc.read(PAGINATED)
    with pytest.raises(ValueError):
        json.loads(text)  # what made it "not valid JSON" before
    assert detect(text).name == "github-json"
    seven, nine = mod.parse(text)
    assert [p.source_id for p in seven.posts] == ["issue-7", "991001", "991002", "991003"]
    assert seven.posts[0].placeholder and nine.posts[1].author is None
    assert any("issue #7 is not in the file" in w for w in seven.warnings)


def test_detected_where_it_was_refused() -> None:
    assert detect(pc.read(BUNDLE)).name == "github-json"
    assert detect(json.dumps(_issue(3))).name == "github-json"
    assert detect(json.dumps([_comment(1, 3, "bo", "2024-01-01T09:00:00Z", "hi")])).name == "github-json"


def test_an_issue_file_and_a_comments_file_read_as_one_thread(tmp_path: Path) -> None:
    (tmp_path / "a_comments.json").write_text(
        json.dumps([_comment(1, 5, "bo", "2024-01-01T09:00:00Z", "Same here.")]), encoding="utf-8"
    )
    (tmp_path / "b_issue.json").write_text(json.dumps(_issue(5, comments=1)), encoding="utf-8")
    got = threads.read(tmp_path)
    assert len(got.threads) == 1
    assert got.posts.sort("post_id")["author"].to_list() == ["ann", "bo"]


def test_an_issue_list_is_one_thread_per_issue_and_a_pull_request_is_named_so() -> None:
    pr = _issue(8, pull_request={"url": "https://api.github.com/repos/lowtide/kettle-logger/pulls/8"})
    one, eight = mod.parse(json.dumps([_issue(1), pr, _issue(1)]))
    assert (one.key, eight.key) == ("lowtide/kettle-logger#1", "lowtide/kettle-logger#8")
    assert eight.origin == "https://github.com/lowtide/kettle-logger/pull/8"
    assert one.skipped == {"repeated": 1} and one.page == (1, 1)


def test_body_fallbacks_bots_and_foreign_items() -> None:
    quiet = {
        **_comment(2, 4, "renovate[bot]", "2024-01-02T00:00:00Z", ""),
        "body": None,
        "body_html": "<p>Update <b>lxml</b></p>",
    }
    empty = _comment(3, 4, "cy", "2024-01-03T00:00:00Z", "")
    [thread] = mod.parse(json.dumps([_issue(4, comments=2), quiet, empty, {"login": "x"}]))
    assert [p.body for p in thread.posts[1:]] == ["Update lxml", ""]
    assert thread.skipped == {"other": 1}
    assert "1 post(s) by bot accounts, kept under their login" in thread.warnings
    assert "1 comment(s) without words" in thread.warnings


@pytest.mark.parametrize("text", ["[]", '{"issue": null, "comments": []}', '[{"id": 1}][', '{"number": 1}'])
def test_no_issue_is_a_one_line_error(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in err.value.message


def test_no_corpus_dump_is_taken_for_a_github_answer(corpus: Path) -> None:
    for path in sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md"):
        assert mod.sniff(path.read_text(encoding="utf-8", errors="replace")) == 0.0, path.name


test_arbitrary_text_never_crashes = pc.arbitrary_text_property(
    mod,
    [
        '{"issue_url": "https://api.github.com/repos/o/r/issues/1"',
        '"login": "a"',
        '"created_at": "x"',
        '"number": 2',
        "}",
        "]",
        "[",
        ",",
    ],
)


# ---------------------------------------------------------------- pull request review comments
# Refused before ("not in the shape of any export"): a /pulls/N/comments list has
# pull_request_url, not issue_url, and the pull request itself (/pulls/N) names /pulls/.

REVIEWS = pc.FIXTURES / "github-json" / "pull_review_comments.json"
PULL_BUNDLE = pc.FIXTURES / "github-json" / "pull_with_reviews.json"


def test_review_comments_are_threaded_by_in_reply_to_id() -> None:
    text = pc.read(REVIEWS)
    assert detect(text).name == "github-json"
    [thread] = mod.parse(text)
    assert thread.key == "lowtide/kettle-logger#51"
    assert thread.origin == "https://github.com/lowtide/kettle-logger/pull/51"
    ids = [p.source_id for p in thread.posts]
    assert ids == ["issue-51", "review-770101", "review-770102", "review-770103", "review-770109"]
    parents = [p.parent_source_id for p in thread.posts]
    assert parents == [None, "issue-51", "issue-51", "review-770101", "review-770104"]
    assert all(p.parent_evidence == "nested" for p in thread.posts)
    assert "logger/" not in " ".join(p.body for p in thread.posts)  # the diff position is not text
    assert "pull request #51 is not in the file: a placeholder root stands for it" in thread.warnings
    assert "1 review comment(s) reply to comments not in the file" in thread.warnings


def test_a_pull_request_its_comments_and_review_comments_are_one_thread() -> None:
    [thread] = mod.parse(pc.read(PULL_BUNDLE))
    assert thread.key == "lowtide/kettle-logger#63" and thread.origin is None
    assert [p.author for p in thread.posts] == [
        "tamsin-reed",
        "brannock",
        "brannock",
        "tamsin-reed",
        "orla-fenwick",
    ]
    same_line = thread.posts[3]
    assert (same_line.parent_source_id, same_line.parent_evidence) == ("review-780201", "subject")
    posts = threads.read(PULL_BUNDLE).posts.sort("post_id")
    assert posts["parent_id"].to_list() == [None, 0, 0, 1, 3]
    assert posts["reply_evidence"].to_list() == [None, "nested", "nested", "subject", "explicit"]


def test_pull_request_and_review_comment_files_given_together(tmp_path: Path) -> None:
    bundle = json.loads(pc.read(PULL_BUNDLE))
    (tmp_path / "a_review_comments.json").write_text(json.dumps(bundle["review_comments"]), encoding="utf-8")
    (tmp_path / "b_pull.json").write_text(json.dumps(bundle["pull_request"]), encoding="utf-8")
    got = threads.read(tmp_path)
    assert len(got.threads) == 1
    assert got.posts.sort("post_id")["author"].to_list() == [
        "tamsin-reed",
        "brannock",
        "brannock",
        "tamsin-reed",
    ]


def test_a_review_is_not_a_comment() -> None:
    review = {
        "id": 5,
        "user": {"login": "bo"},
        "body": "Looks good",
        "state": "APPROVED",
        "submitted_at": "2024-01-02T00:00:00Z",
        "pull_request_url": "https://api.github.com/repos/lowtide/kettle-logger/pulls/51",
    }
    [thread] = mod.parse(json.dumps([json.loads(pc.read(REVIEWS))[0], review]))
    assert len(thread.posts) == 2 and thread.skipped == {"other": 1}
