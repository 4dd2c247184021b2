"""Kinds of fault found on real dumps from outside the shared corpus, checked on the
corpus files reshaped the same way (skipped, with the reason, where the corpus is absent).

Each test takes a corpus dump, gives it the shape the outside dump had (the source is
named in the test), and checks that the reading is the one of the untouched file.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

import polars as pl

import threads

GRIMOIRE = "mbox_pipermail_metrics-grimoire_2016-04.mbox"

# Headers a list server's mail system writes before the sender's own (GNOME's
# desktop-devel-list as archived in chaoss/grimoirelab-perceval mbox_complex.mbox).
DELIVERY_HEADERS = (
    "Return-Path: <sender@example.org>\n"
    "X-Original-To: list@example.org\n"
    "Delivered-To: list@example.org\n"
    "Received: from localhost (localhost [127.0.0.1])\n"
    "\tby mail.example.org (Postfix) with ESMTP id 1CD323B0C99\n"
    "\tfor <list@example.org>; Wed, 22 Sep 2004 05:05:27 -0400 (EDT)\n"
    "X-Virus-Scanned: by amavisd-new at example.org\n"
    "X-Spam-Flag: NO\n"
    "X-Spam-Score: -0.76\n"
    "X-Spam-Level:\n"
    "Received: from relay.example.org ([127.0.0.1])\n"
    "\tby localhost (mail.example.org [127.0.0.1]) (amavisd-new, port 10024)\n"
    "\twith ESMTP id 32539-04; Wed, 22 Sep 2004 05:05:25 -0400 (EDT)\n"
)


def _reading(analysis: threads.Analysis) -> list[tuple]:
    return analysis.posts.select("author", "timestamp", "parent_id", "reply_evidence").rows()


def test_mail_as_delivered_with_received_chains_is_an_archive(corpus: Path, tmp_path: Path) -> None:
    """Mail kept as the server delivered it opens with Return-Path and Received chains,
    the sender's From/Subject far down: the archive is still read as an mbox."""
    original = (corpus / GRIMOIRE).read_text(encoding="utf-8")
    delivered = re.sub(r"(?m)^(From \S+ at \S+ .*\n)", lambda m: m.group(1) + DELIVERY_HEADERS, original)
    assert delivered.count("Received: from relay") == 3  # every message reshaped
    path = tmp_path / "delivered.mbox"
    path.write_text(delivered, encoding="utf-8")
    got = threads.read(path)
    assert {t.source_format for t in got.threads} == {"mbox"}
    assert _reading(got) == _reading(threads.read(corpus / GRIMOIRE))


def test_one_mail_saved_on_its_own_is_that_mail(corpus: Path, tmp_path: Path) -> None:
    """A mail kept as an .eml / Maildir file has no From_ separator (a qemu-devel mail
    fetched by getmail): each message of the corpus archive, saved alone, reads as the
    archive reads it (author, time), one post, not headers as a post of nobody."""
    original = (corpus / GRIMOIRE).read_text(encoding="utf-8")
    whole = threads.read(corpus / GRIMOIRE).posts.sort("line_start")
    mails = re.split(r"(?m)^From \S+ at \S+ .*\n", original)[1:]
    assert len(mails) == whole.height == 3
    for n, mail in enumerate(mails):
        path = tmp_path / f"mail{n}.eml"
        path.write_text(mail, encoding="utf-8")
        got = threads.read(path)
        assert {t.source_format for t in got.threads} == {"mbox"}
        expected = whole.select("author", "timestamp").rows()[n : n + 1]
        assert got.posts.select("author", "timestamp").rows() == expected


REDDIT = "reddit_r-blog_1f5mo7_a-day-in-the-life.json"


def _records(listing: dict) -> list[dict]:
    """The comment records of a comments page, depth first, without their replies."""
    out = []
    for child in listing["data"]["children"]:
        if child["kind"] != "t1":
            continue
        record = {k: v for k, v in child["data"].items() if k != "replies"}
        out.append(record)
        if isinstance(child["data"].get("replies"), dict):
            out += _records(child["data"]["replies"])
    return out


def _numbered(parent: str) -> int:
    """A t1_ parent as the 2023-24 Pushshift dumps write it: the id's base-10 value."""
    return int(parent.removeprefix("t1_"), 36) if parent.startswith("t1_") else parent  # type: ignore[return-value]


def test_pushshift_api_answers_and_numbered_parents(corpus: Path, tmp_path: Path) -> None:
    """The comments of a thread as the Pushshift API answered ({"data": [...]}, records
    flat, with parent_id) or as a JSON list, some parents written as numbers, read as the
    comments page itself reads: same authors, times and tree."""
    page = json.loads((corpus / REDDIT).read_text(encoding="utf-8"))
    submission = page[0]["data"]["children"][0]["data"]
    records = _records(page[1])
    assert len(records) > 150
    numbered = [{**r, "parent_id": _numbered(r["parent_id"])} for r in records]
    assert sum(isinstance(r["parent_id"], int) for r in numbered) > 100

    def tree(analysis: threads.Analysis) -> list[tuple]:
        posts = analysis.posts.filter(~pl.col("placeholder"))
        ids = dict(zip(posts["post_id"], posts["source_id"], strict=True))
        return sorted(
            (r[0], r[1], ids.get(r[2])) for r in posts.select("source_id", "author", "parent_id").rows()
        )

    want = tree(threads.read(corpus / REDDIT))
    for name, doc in (("api.json", {"data": [submission, *records]}), ("list.json", [submission, *numbered])):
        path = tmp_path / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        got = threads.read(path)
        assert {t.source_format for t in got.threads} == {"reddit-ndjson"}, name
        assert tree(got) == want, name


def _as_html(body: str) -> str:
    """A plain mail body as an HTML-only mail client writes it: runs of "> " lines in a
    blockquote type=cite, other lines ending in <br>."""
    out, quote = [], []
    for line in [*body.split("\n"), ""]:
        if line.startswith(">"):
            quote.append(html.escape(line[1:].removeprefix(" ")))
            continue
        if quote:
            out.append('<blockquote type="cite">' + "<br>\n".join(quote) + "</blockquote>")
            quote = []
        out.append(html.escape(line) + "<br>")
    return "<html><body>\n" + "\n".join(out) + "\n</body></html>\n"


def test_mail_written_in_html_only_reads_as_its_plain_text(corpus: Path, tmp_path: Path) -> None:
    """Mail with no text/plain part (Thunderbird's HTML-only messages, sample08.eml in
    mozilla/releases-comm-central): each message of the corpus archive rewritten as one
    text/html part reads as the plain archive: same people, parents, own words, quotes."""
    original = (corpus / GRIMOIRE).read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(From \S+ at \S+ .*\n)", original)
    rewritten = parts[0]
    for sep, mail in zip(parts[1::2], parts[2::2], strict=True):
        head, _, body = mail.partition("\n\n")
        rewritten += sep + head + "\nContent-Type: text/html; charset=utf-8\n\n" + _as_html(body) + "\n"
    assert rewritten.count("<blockquote") >= 2
    path = tmp_path / "html.mbox"
    path.write_text(rewritten, encoding="utf-8")

    def reading(analysis: threads.Analysis) -> list[tuple]:
        rows = analysis.posts.sort("line_start").select("author", "parent_id", "text", "quoted").rows()
        return [(a, p, " ".join(t.split()), len(q)) for a, p, t, q in rows]

    assert reading(threads.read(path)) == reading(threads.read(corpus / GRIMOIRE))


PHPBB = "phpbb2_oldclassiccar_classic-car-rescue-c5.html"
GERMAN_DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def test_german_forum_dates_on_a_saved_page(corpus: Path, tmp_path: Path) -> None:
    """The default date format of phpBB's German language pack ('D j. M Y, H:i': "Mi 24.
    Okt 2012, 16:53", short months Mär/Okt/Dez that are not English) on a saved page: the
    corpus phpBB page with its dates moved to October and written so reads each time."""
    page = (corpus / PHPBB).read_text(encoding="cp1252")  # a Latin-1 page (£)
    english = re.compile(r"(?<=Posted: )\w{3} Sep (\d{2}), 2012 (\d{1,2}):(\d{2}) ([ap]m)")

    def german(m: re.Match[str]) -> str:
        hour = int(m[2]) % 12 + (12 if m[4] == "pm" else 0)
        when = datetime(2012, 10, int(m[1]), hour, int(m[3]))
        return f"{GERMAN_DAYS[when.weekday()]} {when.day}. Okt 2012, {when:%H:%M}"

    moved, n = english.subn(german, page)
    assert n >= 15
    path = tmp_path / "page.html"
    path.write_text(moved, encoding="cp1252")
    want = [t.replace(month=10) for t in threads.read(corpus / PHPBB).posts["timestamp"]]
    got = threads.read(path).posts
    assert got["timestamp"].null_count() == 0
    assert list(got["timestamp"]) == want
