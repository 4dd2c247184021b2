"""What the chat-export dialects share (``telegram-json``, ``discord-json``): a chat's
messages assembled into one thread, and the counts a user is told.

**A chat is one discussion in time order.** It has no article that everyone answers:
post 0 is a **placeholder** for the chat (titled with its name, as ``whatsapp-text``'s),
the messages follow in the export's order. A message the
platform records as answering another (Telegram's ``reply_to_message_id``, Discord's
``reference.messageId``) has that message as its parent: an ``explicit`` link at
:data:`REPLY_CONFIDENCE`, as an imageboard's ``>>123`` (the author chose the message
answered; the platform keeps no tree, so it is not ``nested``). Every other message
answers nobody in particular: it is given no parent and left to reply inference
(``@name``, quotes, a name at the start, then the ``similar`` model, as for any flat
dump), which leaves it on the chat when nothing marks whom it answers, engaging no one.
With the first message as post 0, every such message engaged its author (a top-level
comment engages the root's author): a star no chat has.

A reply to a message not in the file (deleted, or before the export's date range) keeps
its dangling parent id and is counted in a warning; the resolver then treats it as
unmarked. A reply to a service message (Telegram forum topics: each message of a topic
"answers" the topic's creation) or to another chat is no reply: counted, left unmarked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from threads.formats._dump import parents_first
from threads.model import RawPost, RawThread

# How sure a platform-recorded reply is: the message's own id, set by the client when the
# author pressed Reply; as sure as a parent id (replies.CONFIDENCE["nested"]).
REPLY_CONFIDENCE = 1.0


@dataclass
class ChatMessage:
    """One message as a chat dialect read it, before the thread is assembled."""

    source_id: str
    author: str | None
    timestamp: datetime | None
    text: str
    reply_to: str | None = None  # the message it answers, by the platform's own id
    quoted: list[str] = field(default_factory=list)  # words of others (forwards, blockquotes)


@dataclass
class ChatCounts:
    """What a dialect met in one chat besides its messages, to report."""

    skipped: dict[str, int] = field(default_factory=dict)  # service/system messages by kind, duplicates
    notes: list[str] = field(default_factory=list)
    not_replies: int = 0  # replies to service messages or to other chats: left unmarked

    def skip(self, kind: str) -> None:
        """Count one entry that is no post (a service message, a duplicate)."""
        self.skipped[kind] = self.skipped.get(kind, 0) + 1


def assemble(
    key: str,
    title: str | None,
    messages: list[ChatMessage],
    counts: ChatCounts,
    elsewhere: frozenset[str] = frozenset(),
) -> RawThread:
    """The thread of one chat's ``messages`` (in the export's order); see the module doc.
    ``elsewhere``: ids the export places in another of its files (a page of a paged
    export): replies to them are not counted as answering a missing message here, the
    dialect says so for the page read alone."""
    ids = {m.source_id for m in messages} | elsewhere
    posts = [RawPost(author=None, body="", title=title, source_id=f"chat:{key}", placeholder=True)]
    dangling = replies = 0
    for m in messages:
        post = RawPost(
            author=m.author, body=m.text, timestamp=m.timestamp, source_id=m.source_id, quoted=list(m.quoted)
        )
        post.quote_sources = [None] * len(post.quoted)
        if m.reply_to is not None and m.reply_to != m.source_id:
            post.parent_source_id = m.reply_to
            post.parent_evidence, post.parent_confidence = "explicit", REPLY_CONFIDENCE
            replies += 1
            dangling += m.reply_to not in ids
        posts.append(post)
    ordered, moved = parents_first(posts)
    warnings = list(counts.notes)
    if dangling:
        warnings.append(
            f"{dangling} of {replies} repl(ies) answer a message not in the file (deleted, or "
            "outside the export's range): left to reply inference"
        )
    if counts.not_replies:
        warnings.append(
            f"{counts.not_replies} message(s) marked as answering a service message (a forum "
            "topic's opening) or another chat: no reply, left to reply inference"
        )
    if silent := sum(1 for m in messages if not m.text.strip() and not m.quoted):
        warnings.append(
            f"{silent} message(s) with no words (a photo, sticker, file, ...): kept, with empty text"
        )
    if nobody := sum(1 for m in messages if m.author is None):
        warnings.append(f"{nobody} message(s) by deleted accounts: no author")
    if moved:
        warnings.append(f"{moved} message(s) moved ahead of a reply listed before them")
    return RawThread(posts=ordered, title=title, key=key, skipped=dict(counts.skipped), warnings=warnings)
