"""Stack Exchange (Stack Overflow, Super User, ...) question pages saved as HTML.

The question is post 0; its comments, each answer and the answer's comments follow in
page order. Comments sit inside their post's element (``nested``); answers are not
nested in the DOM but answer the question, so they get it as parent. The author of a
question or answer is the last ``.post-signature`` (the first may be the last editor);
times are ``span.relativetime[title]`` ("2012-09-24 16:53:10Z", UTC).
"""

from __future__ import annotations

from threads.formats import _html
from threads.model import RawThread

NAME = "stackexchange-html"
PRIORITY = 20
KIND = "Q&A page (HTML)"  # question, answers, comments under each (threads formats)
DESCRIPTION = "Stack Exchange question page saved as HTML (question, answers, comments)."

# Stack Exchange's CDN, and class names of its question page.
MARKERS = _html.markers(
    (r"cdn\.sstatic\.net", 0.4),
    (r'class="comment-copy"', 0.2),
    (r'class="post-signature', 0.2),
    (r"data-answerid|js-post-body|class=\"post-text\"", 0.2),
)
RULES = _html.Rules(
    post="div.question, div.answer, li.comment",
    author=(
        ".post-signature.owner .user-details > a",
        ".post-signature:last-child .user-details > a",
        "a.comment-user",
        ".user-details > a",
    ),
    time=(
        ".post-signature.owner .relativetime",
        ".post-signature:last-child .relativetime",
        ".comment-date span[title]",
        ".relativetime-clean",
        "time[itemprop=dateCreated]",
    ),
    body=(".js-post-body", ".post-text", ".comment-copy"),
    title=("#question-header h1", "h1[itemprop=name]", "h1"),
    answers_root=True,
    noise=(
        ".js-post-menu, .votecell, .js-voting-container, .comment-actions, .post-taglist, "
        "#sidebar, .left-sidebar, .s-topbar, #answers-header, .js-post-notices"
    ),
)


def sniff(text: str) -> float:
    """Confidence that ``text`` is a saved Stack Exchange question page."""
    return _html.sniff_markers(text, MARKERS)


@_html.guarded(NAME)
def parse(text: str) -> list[RawThread]:
    """One thread: the question (post 0), then comments and answers in page order."""
    return _html.parse_variants(text, (RULES,), NAME)
