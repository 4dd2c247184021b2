"""One harness for every browser-text-copy dialect (Select All + Copy of a page), driven
by the registry: each dialect of kind "text copied from a page" that has fixtures in
tests/fixtures/<name>/ is checked here for what holds for all of them. A new copy
dialect adds its module and fixtures (goldens in tests/golden/<name>/, checked by
test_goldens.py) and is tested without editing a list. Each family's own shapes are
tested beside it: test_text_copies.py (blogs, XenForo, chrome rules),
test_text_copies_forums.py, test_text_copies_sites.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import threads
from threads.formats import REGISTRY, detect

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
SEEDS = sorted((HERE.parent.parent / "seeds").glob("*.txt"))
COPY_DIALECTS = sorted(
    name
    for name, fmt in REGISTRY.items()
    if fmt.kind == "text copied from a page" and (FIXTURES / name).is_dir()
)
FILES = [p for d in COPY_DIALECTS for p in sorted((FIXTURES / d).glob("*.txt"))]
IDS = [f"{p.parent.name}/{p.stem}" for p in FILES]
OTHER_TEXT = sorted(
    p for p in FIXTURES.rglob("*.txt") if p.parent.name in REGISTRY and p.parent.name not in COPY_DIALECTS
)
# Copies of one shape: vBulletin's and MyBB's "DATE over #N" headers are XenForo's too;
# xenforo-text may score up to this on them (its cap without a XenForo-only line), and
# always below the copy's own dialect.
SAME_SHAPE = {("vbulletin-text", "xenforo-text"): 0.4, ("mybb-text", "xenforo-text"): 0.4}

# What must never reach a post's text (whole lines), written out here rather than taken
# from the modules so that a wrong table there makes these tests fail: buttons, member
# lines, forms, footers of the blogs, forums and sites whose copies are read.
CHROME_TEXT = frozenset(
    {
        # blogs and XenForo
        "Reply", "Delete", "Replies", "Like", "Report", "Antworten", "Melden", "Click to expand...",
        "Zum Vergrößern anklicken....", "Post a Comment", "Publicar un comentario", "Add comment",
        "Powered by Blogger", "You must log in or register to reply here.", "Similar threads",
        "Terms and rules",
        # forums
        "Top", "Back to top", "Nach oben", "Quote", "Reply With Quote", "Zitieren", "Report to moderator",
        "Logged", "Find", "Profil", "Join Date", "Posts", "Registriert seit", "Posting Permissions",
        "« Previous Thread | Next Thread »", "« Vorheriges Thema | Nächstes Thema »", "Ähnliche Themen",
        "Who is online", "Jump to", "Powered by phpBB® Forum Software © phpBB Limited", "_________________",
        "__________________",
        # sites
        "reply", "add comment", "Search:", "permalink", "embed", "save", "report", "Share",
        "Guidelines | FAQ | Lists | API | Security | Legal | Apply to YC | Contact",
        "Improve this answer", "Follow", "Add a comment", "add a comment",
        "Powered by Discourse, best viewed with JavaScript enabled",
    }
)  # fmt: skip
QUOTE_HEADERS = (
    " wrote:", "Zitat von", "Originally Posted by", "Quote from:", " said:", "Wrote:", "hat gesagt",
)  # fmt: skip


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_harness_sees_every_copy_dialect() -> None:
    assert {"blogger-text", "xenforo-text", "phpbb-text", "vbulletin-text", "hackernews-text"} <= set(
        COPY_DIALECTS
    )
    assert all(len(list((FIXTURES / d).glob("*.txt"))) >= 2 for d in COPY_DIALECTS)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_detected_as_their_dialect(path: Path) -> None:
    found = detect(_read(path))
    assert found.name == path.parent.name
    assert found.confidence >= 0.6


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_posts_hold_no_ui_chrome_or_quote_headers(path: Path) -> None:
    thread = REGISTRY[path.parent.name].parse(_read(path))[0]
    for post in thread.posts:
        lines = {line.strip() for line in post.body.split("\n")}
        assert not lines & CHROME_TEXT, (post.author, lines & CHROME_TEXT)
        assert post.body.strip() or post.placeholder, post.author
    # no chrome read as a post of nobody: every comment has an author or is a placeholder
    assert all(p.author or p.placeholder for p in thread.posts[1:])
    # quote boxes and attributions are quotes, not the post's own words (a dialect may
    # leave them for the quote splitter, as email-text does with "On ..., X wrote:")
    for post in threads.read(path).threads[0].posts:
        for marker in QUOTE_HEADERS:
            assert marker not in post.text, (post.author, marker)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_line_spans_point_at_the_posts(path: Path) -> None:
    lines = _read(path).split("\n")
    for post in REGISTRY[path.parent.name].parse(_read(path))[0].posts[1:]:
        span = "\n".join(lines[post.line_start - 1 : post.line_end])
        assert post.body.split("\n")[0] in span
        assert post.body.split("\n")[-1] in span


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_other_copy_dialect_claims_the_copy(path: Path) -> None:
    text = _read(path)
    own = REGISTRY[path.parent.name].sniff(text)
    for name in COPY_DIALECTS:
        if name != path.parent.name:
            assert REGISTRY[name].sniff(text) < own, name


@pytest.mark.parametrize("path", OTHER_TEXT, ids=[f"{p.parent.name}/{p.stem}" for p in OTHER_TEXT])
def test_other_text_dumps_not_taken(path: Path) -> None:
    text = _read(path)
    for name in COPY_DIALECTS:
        assert REGISTRY[name].sniff(text) < 0.3, name


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seeds_not_taken(seed: Path) -> None:
    for name in COPY_DIALECTS:
        assert REGISTRY[name].sniff(_read(seed)) < 0.3, name


def test_same_shape_copies_stay_below_their_own_dialect() -> None:
    for (folder, name), cap in SAME_SHAPE.items():
        for path in sorted((FIXTURES / folder).glob("*.txt")):
            text = _read(path)
            assert REGISTRY[name].sniff(text) <= cap < REGISTRY[folder].sniff(text), (path.name, name)
