"""Big discussion threads for the dashboard tests, the screenshots and the benchmark,
generated from the seed dumps' own sentences (nothing large is committed).

The shape follows real comment threads: a third of the comments answer the article, the
rest answer a recent comment, and an answered author often answers back (back-and-forth
chains); author activity is Zipf-like, a few regulars write much of the thread, and
groups of regulars mostly answer each other (so there are communities to find). Tone is
VADER's compound of the post's first sentence. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import polars as pl

from threads.model import POSTS_SCHEMA, REPLIES_SCHEMA, Thread

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ANSWER_ARTICLE = 0.33  # share of comments on the article itself
ANSWER_BACK = 0.35  # chance an answered author answers back at once
GROUPS = 6  # circles of regulars who mostly answer each other
EVIDENCE = ("explicit", "quote", "mention", "nested", "similar")


@lru_cache(maxsize=1)
def _sentences() -> tuple[tuple[str, float], ...]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 300]
    vader = SentimentIntensityAnalyzer()
    return tuple((s, vader.polarity_scores(s)["compound"]) for s in parts)


def generated_thread(n_posts: int, *, seed: int = 11, thread_id: str | None = None) -> SimpleNamespace:
    """An Analysis-like object (``threads``, ``posts``, ``replies``) of one thread of
    ``n_posts`` posts (post 0 the article), about one author per six posts."""
    rng = random.Random(seed)
    tid = thread_id or f"generated-{n_posts}"
    sentences = _sentences()
    n_authors = max(3, n_posts // 6)
    names = [
        f"{rng.choice(['reader', 'guest', 'anon', 'local', 'vet', 'fan'])}_{i:05d}" for i in range(n_authors)
    ]
    names[0] = "host_editor"
    cum, total = [], 0.0
    for i in range(n_authors):  # cumulative weights: one pick is a bisection, not a sum
        total += 1 / (i + 1) ** 0.95
        cum.append(total)
    group = {name: i % GROUPS for i, name in enumerate(names)}
    t = datetime(2021, 3, 1, 8, tzinfo=timezone.utc)
    posts, replies, who = [], [], []
    pending_back: list[tuple[int, str]] = []  # (a reply, the author it answered)
    for pid in range(n_posts):
        parent = evidence = None
        if pid == 0:
            author = names[0]
        elif pending_back and rng.random() < 0.8:
            parent, author = pending_back.pop()
            evidence = "explicit"
        else:
            author = rng.choices(names, cum_weights=cum)[0]
            if rng.random() < ANSWER_ARTICLE or pid < 3:
                parent, evidence = 0, "root"
            else:
                near = [p for p in range(max(1, pid - 40), pid) if group[who[p]] == group[author]]
                parent = (
                    rng.choice(near) if near and rng.random() < 0.7 else rng.randrange(max(1, pid - 40), pid)
                )
                evidence = rng.choice(EVIDENCE)
        if parent is not None and who[parent] == author:
            parent, evidence = 0, "root"
        who.append(author)
        if parent not in (None, 0) and rng.random() < ANSWER_BACK:
            pending_back.append((pid, who[parent]))
        t += timedelta(seconds=rng.expovariate(1 / 300))
        k = rng.randint(1, 4)
        picked = [sentences[rng.randrange(len(sentences))] for _ in range(k)]
        text = " ".join(s for s, _ in picked)
        posts.append(
            {
                "thread_id": tid,
                "post_id": pid,
                "author": author,
                "timestamp": t if pid else None,
                "title": "A generated discussion" if pid == 0 else None,
                "text": text,
                "quoted": [],
                "parent_id": parent,
                "reply_evidence": evidence,
                "reply_confidence": None if parent is None else 0.9,
                "depth": 0,
                "compound": picked[0][1],
                "lang": "en",
                "sentiment_reliable": True,
                "n_words": len(text.split()),
                "placeholder": False,
                "source_format": "generated",
                "source_file": f"{tid}.txt",
                "line_start": pid,
                "line_end": pid,
            }
        )
        if parent is not None:
            replies.append((tid, pid, parent, author, who[parent], evidence, 0.9, True, evidence))
    frame = pl.DataFrame(posts, infer_schema_length=None)
    frame = frame.with_columns(
        pl.lit(None).cast(dtype).alias(col) for col, dtype in POSTS_SCHEMA.items() if col not in frame.columns
    )
    frame = frame.select(list(POSTS_SCHEMA)).cast(POSTS_SCHEMA)
    reply_frame = pl.DataFrame(replies, schema=list(REPLIES_SCHEMA.items()), orient="row")
    thread = Thread(
        tid, f"A generated discussion of {n_posts:,} posts", f"{tid}.txt", "generated", "utf-8", [], []
    )
    return SimpleNamespace(threads=[thread], posts=frame, replies=reply_frame, failures=[])
