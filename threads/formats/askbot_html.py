"""Askbot question pages saved as HTML (ask.openstack.org, ask.sagemath.org, askbot.org, ...).

A Q&A page: the question is post 0, each answer replies to it, and the comments under
the question or an answer reply to that post. Askbot renders the question as
``div.post.js-question`` and each answer as ``div.post.answer`` (``data-post-id``); the
comments of a post sit inside it, in ``div.comments`` (``data-parent-post-id``), each a
``div.comment.js-comment``. A question's or answer's author and time are in its first
``.post-update-info`` ("asked <abbr class="timeago" title="2010-04-08 23:47:24 -0500">",
then the user card); a later ``.post-update-info`` names the last editor, not the author.
A comment's author is ``a.author`` and its time ``.age abbr.timeago``.

Markup from Askbot's own templates (ASKBOT/askbot-devel: ``question/question_card.html``,
``macros.html`` ``comment_widget`` and ``post_contributor_info``) and from real rendered
pages kept as test data in chaoss/grimoirelab-perceval (``tests/data/askbot/``:
``askbot_question.html`` from askbot.org, ``html_24396_multipage_openstack.html`` from
ask.openstack.org).
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "askbot-html"
PRIORITY = 20
KIND = "Q&A page (HTML)"  # question, answers, comments under each (threads formats)
DESCRIPTION = "Askbot question page saved as HTML (question, answers, comments under each)."

# Askbot's page script (``askbot['data']``), its comment containers and question card,
# and its media path; none of them printed by other engines.
MARKERS = _html.markers(
    (r"askbot\['data'\]|askbot\[\"data\"\]", 0.4),
    (r'data-parent-post-type="(?:question|answer)"', 0.2),
    (r'class="post js-question"|class="post-update-info-container"', 0.2),
    (r"\baskbot\b", 0.1),
)
RULES = _html.Rules(
    post="div.js-question, div.post.question, div.post.answer, div.js-comment, div.comments div.comment",
    author=(
        ".post-update-info .user-info > a",
        ".post-update-info .user-card a:not(.js-avatar-box)",
        ".comment-controls a.author",
        "a.author",
    ),
    time=(".post-update-info abbr.timeago", ".comment-controls .age abbr", "abbr.timeago"),
    body=(".post-body", ".question-body", ".answer-body", ".comment-body"),
    # The author card and "asked/answered DATE" lines sit inside the post body.
    body_noise=".post-update-info-container, .post-update-info",
    title=("h1 .js-editable-content", "h1 a", "h1"),
    id_attr="data-post-id data-comment-id",  # comments: data-comment-id before 2014
    answers_root=True,
    noise=(
        ".vote-buttons, .post-controls, .answer-controls, .comment-votes, .comment-delete, "
        ".comment-controls form, .comment-controls .js-edit, .comments .controls, .tabBar, .pager, "
        "#question-tags, .post-tags, h2.comment-title, .js-editable-controls, .expander, #ContentRight, "
        ".sidebar, #sidebar, #secondaryHeader, #header, .answer-img-accept"
    ),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Askbot question page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the question (post 0), its comments, then each answer and its comments."""
    return _html.parse_variants(text, (RULES,), NAME)
