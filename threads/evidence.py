"""The kinds of reply evidence, strongest first: one list for the records
(:mod:`threads.model`, which re-exports them) and the table schemas
(:mod:`threads.schemas`), which cannot import each other (the model stays light; the
schemas need polars).
"""

from __future__ import annotations

from collections.abc import Mapping

# Reply evidence, strongest first. The order is the cascade of replies.py.
# ``subject``: a mail placed in a thread only by its subject line (no In-Reply-To or
# References that resolve), attached to that thread's first mail.
EVIDENCE: tuple[str, ...] = ("nested", "explicit", "quote", "mention", "subject", "similar", "root")
EVIDENCE_RANK: dict[str, int] = {name: rank for rank, name in enumerate(EVIDENCE)}
# The kinds no marker in the dump shows (a model's or a format's guess), counted apart
# from the marked ones (nested, explicit, quote, mention) wherever links are counted
# (issue 15); ``root`` is neither: no marker, a comment on the article.
INFERRED_EVIDENCE: tuple[str, ...] = ("similar", "subject")


def counts_text(counts: Mapping[str, object]) -> str:
    """A pair's replies by evidence, as the network's hover and ``threads show`` say them:
    "1 quote, 1 root" from the ``n_quote``, ``n_root``, ... of an interactions row or edge."""
    return ", ".join(f"{counts[f'n_{e}']} {e}" for e in EVIDENCE if counts.get(f"n_{e}"))
