"""threads.formats.stackexchange_json: Stack Exchange API answers (questions, answers,
comments), which were refused as no known shape. The fixtures are hand-written in the
shape of real API items saved by a research project (StackAPI's ``fetch(...)["items"]``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import threads
from tests.formats import platform_common as pc
from threads.formats import detect
from threads.formats import stackexchange_json as mod
from threads.model import ThreadsError

NESTED = pc.FIXTURES / "stackexchange-json" / "questions_withbody_nested.json"
ITEMS = pc.FIXTURES / "stackexchange-json" / "answers_and_comments_items.json"


def _owner(name: str, kind: str = "registered") -> dict[str, object]:
    return {"user_type": kind, "display_name": name}


QUESTION = {
    "question_id": 70,
    "title": "Tea or coffee &amp; why?",
    "owner": _owner("Ann"),
    "creation_date": 1600000000,
    "answer_count": 1,
    "link": "https://drinks.example.com/questions/70",
    "body": "<p>Which keeps you awake longer?</p>",
}
ANSWER = {
    "answer_id": 71,
    "question_id": 70,
    "owner": _owner("Bo"),
    "creation_date": 1600000600,
    "body": "<p>Coffee, by a mile.</p>",
}
COMMENT = {
    "comment_id": 9,
    "post_id": 71,
    "owner": _owner("Ann"),
    "creation_date": 1600001200,
    "body": "Even decaf?",
}
Q_COMMENT = {
    "comment_id": 8,
    "post_id": 70,
    "owner": _owner("Cy"),
    "creation_date": 1600000300,
    "body": "Define awake.",
}


def test_a_question_with_nested_answers_and_comments() -> None:
    [thread] = mod.parse(pc.read(NESTED))
    assert thread.title == "Why does my starter smell of nail varnish?"
    assert [(p.source_id, p.parent_source_id) for p in thread.posts] == [
        ("5010", None),
        ("comment-9101", "5010"),
        ("5012", "5010"),
        ("5013", "5010"),
        ("comment-9102", "5012"),
    ]
    # names come HTML-escaped; a deleted account keeps the name the site shows
    assert [p.author for p in thread.posts] == [
        "Renée O'Hara",
        "Bram Tessel",
        "Bram Tessel",
        "user4821",
        "Renée O'Hara",
    ]
    assert thread.posts[2].quoted == ["smells sharp, like nail varnish"]
    assert "<p>" not in thread.posts[0].body and "blockquote" not in thread.posts[2].body
    assert thread.warnings == [] and thread.origin is None  # self-contained: nothing to merge


def test_answers_and_comments_without_their_question() -> None:
    slugs, hosta = mod.parse(pc.read(ITEMS))
    assert slugs.posts[0].placeholder and slugs.posts[0].source_id == "6001"
    assert [p.source_id for p in slugs.posts] == ["6001", "6002", "comment-9301", "6004"]  # time order
    assert "6001 is not in the file" in (slugs.alone_note or "")  # said when read alone
    # a comment on a post the file lacks: its own thread, under a placeholder for that post
    assert [(p.source_id, p.parent_source_id) for p in hosta.posts] == [
        ("6100", None),
        ("comment-9302", "6100"),
    ]


def test_detected_where_it_was_refused() -> None:
    for path in (NESTED, ITEMS):
        assert detect(pc.read(path)).name == "stackexchange-json"
    assert detect(json.dumps(QUESTION)).name == "stackexchange-json"  # one item saved alone


def test_question_answers_and_comments_files_read_as_one_thread(tmp_path: Path) -> None:
    """The layout of real research dumps: one file per part, per question."""
    (tmp_path / "a_answers.json").write_text(json.dumps([ANSWER]), encoding="utf-8")
    (tmp_path / "b_comments.json").write_text(json.dumps([Q_COMMENT]), encoding="utf-8")
    (tmp_path / "c_question.json").write_text(json.dumps(QUESTION), encoding="utf-8")
    got = threads.read(tmp_path)
    assert len(got.threads) == 1
    posts = got.posts.sort("post_id")
    assert posts["author"].to_list() == ["Ann", "Bo", "Cy"]
    assert posts["parent_id"].to_list() == [None, 0, 0]
    assert posts["reply_evidence"].to_list()[1:] == ["nested", "nested"]
    # the parts' "question not in the file" held for each part alone, not for the thread
    (thread,) = got.threads
    assert not any("not in the file" in w for w in thread.warnings), thread.warnings
    assert "3 pages of one thread read as one (pages 1, and 2 without a page number)" in thread.warnings
    alone = threads.read(tmp_path / "a_answers.json").threads[0]
    assert any("is not in the file: a placeholder root stands for it" in w for w in alone.warnings)
    # two parts without the question: the thread still lacks it, and says so
    both = threads.read([tmp_path / "a_answers.json", tmp_path / "b_comments.json"]).threads[0]
    assert any("is not in the file: a placeholder root stands for it" in w for w in both.warnings)


def test_a_question_alone_says_its_answers_are_elsewhere() -> None:
    [thread] = mod.parse(
        json.dumps({"items": [QUESTION], "has_more": False, "quota_max": 300, "quota_remaining": 1})
    )
    assert thread.page == (1, None) and thread.title == "Tea or coffee & why?"
    [quiet] = mod.parse(json.dumps({**QUESTION, "answer_count": 0}))
    assert quiet.page == (1, 1)


def test_repeated_and_foreign_items_are_counted_not_lost() -> None:
    user = {"user_id": 5, "display_name": "Ann", "reputation": 3}
    [thread] = mod.parse(json.dumps([QUESTION, ANSWER, ANSWER, COMMENT, user]))
    assert [p.source_id for p in thread.posts] == ["70", "71", "comment-9"]
    assert thread.skipped == {"repeated": 1, "other": 1}


def test_without_body_the_markdown_or_nothing_and_said() -> None:
    bare = {k: v for k, v in ANSWER.items() if k != "body"}
    marked = {**bare, "answer_id": 72, "body_markdown": "It&#39;s *coffee*"}
    [thread] = mod.parse(json.dumps([bare, marked]))
    assert [p.body for p in thread.posts[1:]] == ["", "It's *coffee*"]
    assert any("1 post(s) without a body" in w for w in thread.warnings)
    owner_gone = {**ANSWER, "owner": None}
    assert mod.parse(json.dumps([owner_gone]))[0].posts[1].author is None


@pytest.mark.parametrize(
    "text", ['{"items": [], "quota_max": 300, "quota_remaining": 299}', "[]", '[{"a": 1}]']
)
def test_no_post_is_a_one_line_error(text: str) -> None:
    with pytest.raises(ThreadsError) as err:
        mod.parse(text)
    assert "\n" not in err.value.message


def test_no_corpus_dump_is_taken_for_a_stack_exchange_answer(corpus: Path) -> None:
    for path in sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix != ".md"):
        assert mod.sniff(path.read_text(encoding="utf-8", errors="replace")) == 0.0, path.name


test_arbitrary_text_never_crashes = pc.arbitrary_text_property(
    mod,
    [
        '{"items": [',
        '"question_id": 1',
        '"comment_id": 2',
        '"post_id": 1',
        '"creation_date": 5',
        "}",
        "]",
        ",",
    ],
)
