"""Pages of one thread, given together, read as one thread.

A long thread is often saved as several files: forum pages ("page 1 of 9"), Discourse
``posts.json`` windows, Typepad comment pages. A format that can tell which thread a
page belongs to sets :attr:`RawThread.origin` (the same on every page of the thread) and,
where the page says so, :attr:`RawThread.page` ``(k, n)``. :func:`merge` joins the pages
that share an origin into one :class:`RawThread`: pages in page order (input order where
a page number is unknown), posts in document order, a post found on two pages (same
source id, or same author, time and words) kept once and counted as skipped. Post 0 of
the first page is the root; a later page's placeholder root is dropped.

>>> from threads.model import RawPost, RawThread
>>> p2 = RawThread([RawPost("b", "two", source_id="2")], origin="t", page=(2, 2))
>>> p1 = RawThread([RawPost("a", "one", source_id="1"), RawPost("b", "two", source_id="2")],
...                origin="t", page=(1, 2))
>>> [p.author for p in merge([p2, p1]).posts], merge([p2, p1]).skipped
(['a', 'b'], {'post repeated on another page': 1})
"""

from __future__ import annotations

from collections.abc import Sequence

from threads.model import RawPost, RawThread

REPEATED = "post repeated on another page"


def page_note(raw: RawThread) -> str | None:
    """The warning for a page read alone: which page of how many, and what the format
    said of the part alone (:attr:`RawThread.alone_note`), or ``None``."""
    notes = [raw.alone_note] if raw.alone_note else []
    if raw.page is not None:
        k, n = raw.page
        if n is None or n > 1:
            of = f" of {n}" if n else ""
            notes.append(
                f"page {k}{of} of this thread: its other pages are not in this input "
                "(give them together to read them as one thread)"
            )
    return "; ".join(notes) or None


def _post_key(post: RawPost) -> tuple[object, ...]:
    if post.source_id is not None:
        return ("id", post.source_id)
    return ("text", post.author, post.timestamp, " ".join(post.body.split()))


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 5]`` as ``"1-3, 5"``."""
    out: list[str] = []
    start = prev = None
    for n in sorted(set(numbers)):
        if start is None:
            start = prev = n
        elif n == (prev or 0) + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else str(start))
    return ", ".join(out)


def fingerprint(raw: RawThread) -> frozenset[tuple[object, ...]]:
    """What a page holds: its posts' keys. Two inputs with the same fingerprint are
    copies of one file, not two pages: they are read as they are, not merged."""
    return frozenset(_post_key(p) for p in raw.posts)


def in_order(pages: Sequence[RawThread]) -> list[RawThread]:
    """The pages of one thread in thread order: numbered pages by number, then pages that
    know where they start (:attr:`RawThread.starts_at`) by that; sorted() is stable, so
    the rest keep their input order, last."""
    return sorted(
        pages,
        key=lambda r: (
            0 if r.page else 1 if r.starts_at is not None else 2,
            r.page[0] if r.page else r.starts_at or 0,
        ),
    )


def merge(pages: Sequence[RawThread]) -> RawThread:
    """One thread from its pages (all with the same ``origin``); see the module doc."""
    if len(pages) == 1:
        return pages[0]
    ordered = in_order(pages)
    seen: set[tuple[object, ...]] = set()
    posts: list[RawPost] = []
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    for n, page in enumerate(ordered):
        for i, post in enumerate(page.posts):
            if n and i == 0 and post.placeholder and post.author is None:
                continue  # a later page's stand-in for the root: the first page has it
            key = _post_key(post)
            if key in seen:
                skipped[REPEATED] = skipped.get(REPEATED, 0) + 1
                continue
            seen.add(key)
            posts.append(post)
        for item, count in page.skipped.items():
            skipped[item] = skipped.get(item, 0) + count
        warnings.extend(w for w in page.warnings if w not in warnings)
    numbers = [r.page[0] for r in ordered if r.page]
    total = max((r.page[1] for r in ordered if r.page and r.page[1]), default=None)
    note = f"{len(ordered)} pages of one thread read as one"
    if numbers:
        note += f" (pages {_ranges(numbers)}"
        if total:
            missing = sorted(set(range(1, total + 1)) - set(numbers))
            note += f" of {total}" + (f"; pages {_ranges(missing)} not given" if missing else "")
        if unnumbered := len(ordered) - len(numbers):
            note += f", and {unnumbered} without a page number"
        note += ")"
    warnings.append(note)
    first = ordered[0]
    # What the first part said of itself alone holds still only if its root (a stand-in,
    # or its first post) is still the thread's root: no other part held the real one.
    still = bool(posts) and posts[0] is first.posts[0]
    return RawThread(
        posts=posts,
        title=next((r.title for r in ordered if r.title), None),
        key=first.key,
        skipped=skipped,
        warnings=warnings,
        origin=first.origin,
        page=None,
        alone_note=first.alone_note if still else None,
    )
