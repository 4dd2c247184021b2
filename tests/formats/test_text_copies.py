"""Browser text copies (Select All + Copy): the dialects read from the copy of a page,
and the page chrome after the last comment, across text dialects.

Fixtures: tests/fixtures/<dialect>/ for the copy dialects (goldens in tests/golden/,
checked with detection by test_dialects.py); here the blog and XenForo shapes, the chrome
rules, and what every copy dialect's posts hold (no chrome, no quote headers, line spans).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import threads
from tests.textcopy import render, render_file
from threads.formats import REGISTRY, _copy, detect
from threads.formats import blogger_text as blogger
from threads.formats import typepad_text as typepad
from threads.formats import wordpress_text as wp
from threads.formats import xenforo_text as xf

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"


# ---------------------------------------------------------------- blogger-text
def test_blogger_replies_nest_until_the_closing_reply() -> None:
    text = (
        "Ann\nMay 3, 2014 at 11:17 AM\nFirst.\nReplyDelete\nReplies\n"
        "Bob\nMay 3, 2014 at 1:00 PM\nAnswer to Ann.\nDelete\n"
        "Cy\nMay 3, 2014 at 2:00 PM\nAlso to Ann.\nDelete\nReply\n"
        "Dee\nMay 4, 2014 at 9:00 AM\nA new thread.\nReply\nDelete\n"
    )
    posts = blogger.parse(text)[0].posts
    assert [p.author for p in posts] == [None, "Ann", "Bob", "Cy", "Dee"]
    assert posts[0].placeholder
    assert [p.parent_source_id for p in posts[1:]] == [None, "c1", "c1", None]


def test_blogger_name_and_date_on_one_line() -> None:
    text = "Owen PritchardMay 3, 2014 at 11:17 AM\nSaw two.\nReply\nHannah Fox May 3, 2014 at 1:00 PM\nYes!\n"
    text += "Delete\nPost a Comment\n"
    posts = blogger.parse(text)[0].posts
    assert [(p.author, p.timestamp and p.timestamp.hour) for p in posts[1:]] == [
        ("Owen Pritchard", 11),
        ("Hannah Fox", 13),
    ]
    assert posts[-1].body == "Yes!"


def test_blogger_prose_over_a_date_is_no_comment() -> None:
    # A sentence over a date line is prose, and a name with a date line is not enough to
    # claim a page without Blogger's own lines.
    text = "The meeting moved.\nMay 3, 2014 at 11:17 AM\nSee you there.\n"
    assert blogger.sniff(text) < 0.3
    assert blogger.sniff("Ann\nMay 3, 2014 at 11:17 AM\nHi\nBob\nMay 4, 2014 at 1:00 PM\nYo\n") < 0.3
    # A day written "3.4.12" (a WordPress Classic date heading) holds no clock time.
    assert blogger.sniff("Notes on rent\n\n3.4.12\nTitle\n\nText.\nposted by Ann at 09:15\n") == 0


def test_blogger_classic_short_last_line_is_no_header() -> None:
    # A real classic page copied by Chromium (flesler.blogspot.com): a blank line after
    # "NAME said...", and comments whose last line is short (a thanks, a signature) over
    # the date footer: those lines were read as threaded "NAME / date" headers.
    text = (
        "Ann said...\n\nIt works, thank you.\n\nMay 3, 2014 at 11:17 AM \n"
        "Bob said...\n\nThis is so good. Thank you.\n\nMay 4, 2014 at 7:40 PM \n"
        "Cy said...\n\nP.S.\nYes I use version 1.4.\n\nMay 5, 2014 at 6:18 AM \n"
        "Dee said...\n\nHello,\n\nHow do I stop it?\n\ntnx,\n\ndz\n\nMay 6, 2014 at 8:33 AM \n\n"
        "Post a Comment Please keep it friendly.\n\nNewer Post Older Post Home\n"
    )
    posts = blogger.parse(text)[0].posts
    assert [(p.author, p.timestamp and p.timestamp.day) for p in posts[1:]] == [
        ("Ann", 3),
        ("Bob", 4),
        ("Cy", 5),
        ("Dee", 6),
    ]
    assert posts[2].body == "This is so good. Thank you."
    assert posts[3].body == "P.S.\nYes I use version 1.4."
    # The last footer ends the comments: the form's heading run together with the blog's
    # message is page chrome, not the last comment's words (which lost its time to it).
    assert posts[4].body.endswith("tnx,\n\ndz")


# ---------------------------------------------------------------- xenforo-text
def test_xenforo_author_is_a_known_name_or_above_the_title() -> None:
    # The posts end with a short line ("Danke") and no buttons: the member block is the
    # run of short lines above the date; in it, a name the page shows elsewhere (Ann, the
    # starter; Cy, a reaction's giver) or the line above a default title (Bob) is the name.
    text = (
        "Thread starter Ann\nAnn\nCustom Title\nMay 30, 2019\n#1\nHello all.\nDanke\n"
        "Bob\nMember\nMay 31, 2019\n#2\nAnn said:\nHello all.\nClick to expand...\nHi Ann.\nDanke\n"
        "Cy\nHero\nPlatform\nJun 1, 2019\n#3\nAgain.\nReactions: Cy and Ann\nDanke\n"
        "Cy\nHero\nJun 2, 2019\n#4\nAnd again.\n"
    )
    posts = xf.parse(text)[0].posts
    assert [p.author for p in posts] == ["Ann", "Bob", "Cy", "Cy"]
    assert posts[1].quoted == ["Hello all."] and posts[1].quote_sources == ["Ann"]
    assert posts[1].body == "Hi Ann.\nDanke"


def test_xenforo_relative_dates_keep_the_post_without_a_time() -> None:
    text = "Ann\nMember\nYesterday at 1:06 PM\n#1\nHi.\nLike\nBob\nMember\nToday at 8:00 AM\n#2\nYo.\n"
    posts = xf.parse(text)[0].posts
    assert [(p.author, p.timestamp) for p in posts] == [("Ann", None), ("Bob", None)]


def test_xenforo_vbulletin_numbers_alone_are_not_enough() -> None:
    # A date over "#N" is how vBulletin copies too: without XenForo's own lines the
    # score stays under the sure range.
    text = "Predator\n03.03.2011, 14:17\n#661\nText.\nChatfix\n03.03.2011, 14:27\n#662\nMore.\n"
    assert xf.sniff(text) <= 0.4


# ---------------------------------------------------------------- trailing chrome
def test_chrome_start_strong_and_weak() -> None:
    from threads.formats._text import numbered

    assert _copy.chrome_start(numbered("Nice.\nLeave a Reply\nName *"), 0) == 1
    # "Home" with prose after it is a comment's line; with short lines after, chrome.
    prose = "Home\nWe finally got home after the storm and everything in the garden was flattened."
    assert _copy.chrome_start(numbered(prose), 0) is None
    assert _copy.chrome_start(numbered("Thanks!\nHome\nAbout\nContact"), 0) == 1


def test_typepad_tail_chrome_is_cut_and_counted() -> None:
    text = (
        "Article text.\n\nComments\n\nFirst!\nPosted by: Ann | 07 June 2016 at 05:06 PM\n\n"
        "Second.\nPosted by: Bob | 07 June 2016 at 06:00 PM\n\n"
        "The comments to this entry are closed.\n\nNEXT POST\n"
        "A teaser of the next post that runs on for a good many words, as Typepad prints it.\n"
        "Powered by Typepad\n"
    )
    thread = typepad.parse(text)[0]
    assert [p.author for p in thread.posts] == [None, "Ann", "Bob"]
    assert thread.skipped == {_copy.SKIPPED_KEY: 1}
    assert any("page chrome" in w for w in thread.warnings)


def test_typepad_truncated_comment_kept_before_chrome() -> None:
    text = "Hi.\nPosted by: Ann | 07 June 2016 at 05:06 PM\nA comment cut off before its\nPost a comment\n"
    thread = typepad.parse(text)[0]
    assert thread.posts[-1].author is None and thread.posts[-1].body == "A comment cut off before its"


def test_wordpress_chrome_after_last_comment_without_a_form() -> None:
    text = (
        "Title\n\nText.\n\nAnn says:\nMarch 3, 2011 at 2:17 pm\nLast words.\nReply\n\n"
        "Comments are closed.\n\nPost navigation\n"
        "Previous post: An older article with a long title about the bike lanes in town\n"
        "Proudly powered by WordPress\n"
    )
    thread = wp.parse(text)[0]
    assert [p.author for p in thread.posts] == [None, "Ann"]
    assert thread.posts[-1].body == "Last words."


def test_render_of_a_blogger_page_reads_as_blogger_text() -> None:
    path = FIXTURES / "blogger-html" / "heron_pond.html"
    text = render_file(path)
    assert detect(text).name == blogger.NAME
    thread = blogger.parse(text)[0]
    assert [p.author for p in thread.posts] == ["Hannah Fox", "Owen Pritchard", "Hannah Fox", "Anonymous"]
    assert thread.posts[2].parent_source_id == thread.posts[1].source_id


def test_render_keeps_blocks_and_cells() -> None:
    assert render("<div>a<span>b</span></div><p>c</p><table><tr><td>d</td><td>e</td></tr></table>") == (
        "ab\n\nc\n\nd\te\n"
    )


# ---------------------------------------------------------------- every copy dialect
# (their goldens, detection and near misses: test_dialects.py)
COPY_DIALECTS = sorted(
    name
    for name, fmt in REGISTRY.items()
    if fmt.kind == "text copied from a page" and (FIXTURES / name).is_dir()
)
FILES = [p for d in COPY_DIALECTS for p in sorted((FIXTURES / d).glob("*.txt"))]
IDS = [f"{p.parent.name}/{p.stem}" for p in FILES]
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
