"""Mail archives and XML exports of the shared corpus, checked against what each file
says of itself (skipped, with the reason, where the corpus is absent).

The expected parents are derived here from each file's own ids, independently of the
parser: Python's ``mailbox``/``email`` for the mbox archives, ElementTree for the WXR
and Disqus exports. What is expected where the source has no answer:

- a mail whose In-Reply-To / References name only messages missing from the archive
  answers a mail we do not have: it heads its own thread (parent none);
- a mail with no reply header at all may be attached by subject: its link must then
  carry ``subject`` evidence, never ``nested``;
- exact copies (same Message-ID, same body) are one mail; the copies are skipped.
"""

from __future__ import annotations

import mailbox
import re
import xml.etree.ElementTree as ET
from collections import Counter
from email.message import Message
from pathlib import Path

import pytest

import threads
from threads.formats import disqus_xml, mbox, movabletype, wordpress_wxr

NUMPY = "mbox_pipermail_numpy-discussion_2001-11.txt"
GRIMOIRE = "mbox_pipermail_metrics-grimoire_2016-04.mbox"
THREE_GPP = "train/mbox_3gpp-listserv_ran-wg4-nr-mimo-ota.mbox"
E_DUCAT = "train/wxr_e-ducat-fr_bitcoin-blog_fr.xml"
CHRISJROB = "wxr_chrisjrob-blog_wordpress-export.xml"
TANGLEI = "disqus-export_tanglei-name-blog_zh.xml"
GUESTBOOK = "disqus-export_yesilmavihayat_tr.xml"
KOOZIE = "plaintext_movabletype-typepad-export_koozie_multiple-posts.txt"
WP = "{http://wordpress.org/export/1.2/}"
DSQ = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _file(corpus: Path, name: str) -> Path:
    path = corpus / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus at {corpus}")
    return path


# ---------------------------------------------------------------- mail, by mailbox
def _ids(value: object) -> list[str]:
    """Ids in a header: the bracketed ones, else the bare words with an "@" (the 3GPP
    archive writes them without brackets)."""
    text = str(value or "")
    return re.findall(r"<([^<>\s]+)>", text) or [w for w in text.split() if "@" in w]


def _mails(path: Path) -> list[Message]:
    """The archive's mails in file order, exact copies (same Message-ID and body) left out,
    and a stub with neither sender, date, id nor words (what BigBang keeps of a message it
    could not fetch: a separator and an Archived-At) too: no mail."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for msg in mailbox.mbox(path, create=False):
        if not any(msg[h] for h in ("From", "Date", "Message-ID")) and not str(msg.get_payload()).strip():
            continue
        mid = _ids(msg["Message-ID"])
        key = (mid[0], str(msg.get_payload())) if mid else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        kept.append(msg)
    return kept


def _expected_mail_parents(mails: list[Message]) -> list[tuple[str | None, str | None, bool]]:
    """Per mail (file order): its id, its parent's id (In-Reply-To if in the archive,
    else the last References id that is), and whether it has any reply header."""
    ids = {m for msg in mails for m in _ids(msg["Message-ID"])[:1]}
    out = []
    for msg in mails:
        own = (_ids(msg["Message-ID"]) or [None])[0]
        candidates = [*_ids(msg["In-Reply-To"])[:1], *reversed(_ids(msg["References"]))]
        parent = next((c for c in candidates if c in ids and c != own), None)
        out.append((own, parent, bool(candidates)))
    return out


def _parsed_mail_parents(path: Path) -> list[tuple[str | None, str | None, str | None]]:
    """Per post of the analysed archive, in file order: (source id, parent's source id,
    evidence of that link)."""
    rows = []
    for thread in threads.read(path).threads:
        by_id = {p.post_id: p.source_id for p in thread.posts}
        for p in thread.posts:
            parent = by_id[p.parent_id] if p.parent_id is not None else None
            rows.append((p.line_start, p.source_id, parent, p.reply_evidence))
    return [row[1:] for row in sorted(rows)]


@pytest.mark.parametrize("name", [THREE_GPP, NUMPY, GRIMOIRE])
def test_mail_parents_are_the_reply_headers(corpus: Path, name: str) -> None:
    path = _file(corpus, name)
    expected = _expected_mail_parents(_mails(path))
    parsed = _parsed_mail_parents(path)
    assert len(parsed) == len(expected)
    for (own, parent, has_header), (sid, got, evidence) in zip(expected, parsed, strict=True):
        if own is not None:
            assert sid == own
        if parent is not None or has_header:  # the source says: its parent, or none here
            assert got == parent, (sid, parent, got)
            assert parent is None or evidence == "nested"
        elif got is not None:  # no reply header: placed by subject, or by inference
            assert evidence != "nested", sid  # from its words (a salutation, a quote)


def test_3gpp_mbox_reads_its_threads(corpus: Path) -> None:
    """59 messages: a stub without sender, date or words (BigBang's trace of a message
    it could not fetch), 3 exact copies (a message sent three times, one twice), the rest
    in 29 threads by their bare-id In-Reply-To headers (newest first in the file), of
    which 6 are headerless 'Re:' mails that join the thread of their subject."""
    path = _file(corpus, THREE_GPP)
    raw = mbox.parse(path.read_text(encoding="utf-8"))
    assert sum(len(t.posts) for t in raw) == 55
    assert sum(t.skipped.get(mbox.DUPLICATE, 0) for t in raw) == 3
    assert sum(t.skipped.get(mbox.EMPTY, 0) for t in raw) == 1
    assert "MAILER-DAEMON" not in {p.author for t in raw for p in t.posts}
    by_subject = [p for t in raw for p in t.posts if p.parent_evidence == "subject"]
    assert (len(raw), len(by_subject)) == (29 - 6, 6)
    for p in by_subject:  # each joins the thread whose root has its subject, written earlier
        [home] = [t for t in raw if p in t.posts]
        assert mbox.normalise_subject(home.posts[0].title or "") == mbox.normalise_subject(p.title or "")
        assert home.posts[0].timestamp is not None and p.timestamp is not None
        assert home.posts[0].timestamp <= p.timestamp
    assert max(len(t.posts) for t in raw) >= 5
    names = {p.author for t in raw for p in t.posts}
    assert "Rodriguez-Herrera, Alfonso" in names and "Ruixin Wang" in names  # "Name addr" senders
    # one sender's display name is itself an address ('"x@y" x@y'): shown as written
    assert {n for n in names if n and "@" in n} == {"redacted@example.invalid"}


def test_numpy_month_twice_reads_once(corpus: Path) -> None:
    path = _file(corpus, NUMPY)
    raw = mbox.parse(path.read_text(encoding="ascii"))
    assert sum(len(t.posts) for t in raw) == 82  # not 164: the month is in the file twice
    assert sum(t.skipped.get(mbox.DUPLICATE, 0) for t in raw) == 82
    authors = Counter(p.author for t in raw for p in t.posts)
    assert authors["Christos Siopis"] == 1  # "siopis at umich.edu (Christos Siopis <siopis@...>)"
    assert authors["Jochen Küpper"] == 2  # RFC 2047 inside the Pipermail comment
    assert not any(a and "<" in a for a in authors)
    # subject-only links: only mails without any reply header, at the measured confidence
    subject = [p for t in raw for p in t.posts if p.parent_evidence == "subject"]
    assert subject and all(p.parent_confidence == mbox.SUBJECT_CONFIDENCE for p in subject)


# ---------------------------------------------------------------- WXR, by ElementTree
def _expected_wxr(path: Path) -> dict[tuple[str, str], str | None]:
    """(post id, comment id) -> parent comment id (None: the post) for every comment
    that is read (approved, not a pingback or trackback)."""
    out: dict[tuple[str, str], str | None] = {}
    for item in ET.parse(path).getroot().iter("item"):  # any item's comments are read
        pid = item.findtext(f"{WP}post_id") or ""
        kept = {
            c.findtext(f"{WP}comment_id") or "": c
            for c in item.findall(f"{WP}comment")
            if (c.findtext(f"{WP}comment_type") or "") not in wordpress_wxr.LEFT_OUT_TYPES
            and c.findtext(f"{WP}comment_approved") == "1"
        }
        for cid, c in kept.items():
            parent = (c.findtext(f"{WP}comment_parent") or "0").strip()
            out[(pid, cid)] = None if parent == "0" else parent
    return out


def _parsed_wxr(path: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    got = {}
    for thread in threads.read(path).threads:
        ids = {p.post_id: p.source_id for p in thread.posts}
        pid = (thread.posts[0].source_id or "").removeprefix("post-")
        for p in thread.posts[1:]:
            parent = None if p.parent_id == 0 else ids[p.parent_id]
            got[(pid, p.source_id or "")] = (parent, p.reply_evidence)
    return got


@pytest.mark.parametrize("name", [E_DUCAT, CHRISJROB])
def test_wxr_parents_are_comment_parent(corpus: Path, name: str) -> None:
    path = _file(corpus, name)
    expected, got = _expected_wxr(path), _parsed_wxr(path)
    assert set(got) == set(expected)
    for key, parent in expected.items():
        assert got[key] == (parent, "nested"), key


def test_wxr_post_author_is_the_display_name(corpus: Path) -> None:
    path = _file(corpus, E_DUCAT)
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    shown = {
        a.findtext(f"{WP}author_login"): a.findtext(f"{WP}author_display_name")
        for a in channel.findall(f"{WP}author")
    }
    for thread in threads.read(path).threads:
        assert thread.posts[0].author in shown.values()


def test_wxr_post_with_only_pingbacks_is_no_thread(corpus: Path) -> None:
    """chrisjrob: 'Novatech n1410 Ultrabook - 32 Months On' has only a pingback."""
    path = _file(corpus, CHRISJROB)
    raw = wordpress_wxr.parse(path.read_text(encoding="utf-8"))
    assert (len(raw), sum(len(t.posts) for t in raw)) == (37, 162)
    assert all(len(t.posts) > 1 for t in raw)
    assert sum(t.skipped.get("pingback", 0) for t in raw) == 11


# ---------------------------------------------------------------- Disqus, by ElementTree
@pytest.mark.parametrize("name", [TANGLEI, GUESTBOOK])
def test_disqus_thread_author_parents_and_deleted_posts(corpus: Path, name: str) -> None:
    path = _file(corpus, name)
    doc = ET.parse(path).getroot()
    authors = {t.get(DSQ_ID): t.findtext(f"{DSQ}author/{DSQ}name") for t in doc.findall(f"{DSQ}thread")}
    posts = doc.findall(f"{DSQ}post")
    deleted = {p.get(DSQ_ID) for p in posts if p.findtext(f"{DSQ}isDeleted") == "true"}
    parent_of = {p.get(DSQ_ID): p.find(f"{DSQ}parent") for p in posts}
    answered = {el.get(DSQ_ID) for el in parent_of.values() if el is not None}
    threaded = bool(answered)
    raw = disqus_xml.parse(path.read_text(encoding="utf-8"))
    # the truth's ruling: deleted posts nobody answers are skipped and counted
    assert sum(t.skipped.get("deleted", 0) for t in raw) == len(deleted - answered)
    for thread in raw:
        assert thread.posts[0].author == authors[thread.key]
        for p in thread.posts[1:]:
            el = parent_of[p.source_id]
            want = el.get(DSQ_ID) if el is not None else (thread.posts[0].source_id if threaded else None)
            assert p.parent_source_id == want, p.source_id
            assert p.placeholder == (p.source_id in deleted)


def test_disqus_double_import_stays_two_threads(corpus: Path) -> None:
    """tanglei: articles imported under two URL schemes are two thread records with the
    same title; both are kept, as the truth keeps them."""
    raw = disqus_xml.parse(_file(corpus, TANGLEI).read_text(encoding="utf-8"))
    assert len(raw) == 340
    titles = Counter(t.title for t in raw)
    assert sum(1 for n in titles.values() if n > 1) > 100


# ---------------------------------------------------------------- Movable Type
def test_movabletype_bodies_are_text(corpus: Path) -> None:
    raw = movabletype.parse(_file(corpus, KOOZIE).read_text(encoding="utf-8"))
    bodies = [p.body for t in raw for p in t.posts]
    assert not any(re.search(r"</?[a-z]+[^>]*>", b) for b in bodies)
    assert bodies[0].startswith("This should be my first post to Moveable Type.")
    assert "Linksys wireless router/access point on my home network" in raw[1].posts[0].body
