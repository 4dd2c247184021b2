"""The kinds of reply evidence, strongest first: one list for the records
(:mod:`threads.model`, which re-exports them) and the table schemas
(:mod:`threads.schemas`), which cannot import each other (the model stays light; the
schemas need polars).
"""

from __future__ import annotations

# Reply evidence, strongest first. The order is the cascade of replies.py.
# ``subject``: a mail placed in a thread only by its subject line (no In-Reply-To or
# References that resolve), attached to that thread's first mail.
EVIDENCE: tuple[str, ...] = ("nested", "explicit", "quote", "mention", "subject", "similar", "root")
EVIDENCE_RANK: dict[str, int] = {name: rank for rank, name in enumerate(EVIDENCE)}
# The kinds no marker in the dump shows (a model's or a format's guess), counted apart
# from the marked ones (nested, explicit, quote, mention) wherever links are counted
# (issue 15); ``root`` is neither: no marker, a comment on the article.
INFERRED_EVIDENCE: tuple[str, ...] = ("similar", "subject")
