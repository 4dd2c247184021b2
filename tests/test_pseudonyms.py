"""threads.pseudonyms and --pseudonymise: author names replaced by keyed pseudonyms in
every table, text and output, with everything else unchanged."""

from __future__ import annotations

import os
import re
import stat

import polars as pl
import pytest

import threads
from tests.conftest import SEED_004
from tests.test_cli import run
from threads.cli import EXIT_FAILED
from threads.corpus import part_key
from threads.model import ThreadsError
from threads.options import Options
from threads.pseudonyms import PREFIX, Renamer, load_key, pseudonym

PSEUDONYM = re.compile(r"^user-[0-9a-f]{16}$")
KEY = b"a key for the tests"


@pytest.fixture(scope="module")
def plain() -> threads.Analysis:
    return threads.read(SEED_004)


@pytest.fixture(scope="module")
def renamed() -> threads.Analysis:
    return threads.read(SEED_004, options=Options(pseudonym_key=KEY))


def test_a_pseudonym_is_the_keyed_hash_of_the_name() -> None:
    assert PSEUDONYM.match(pseudonym("Odo Marrow", KEY))
    assert pseudonym("Odo Marrow", KEY) == pseudonym("Odo Marrow", KEY)
    assert pseudonym("Odo Marrow", KEY) != pseudonym("Odo Marrow", b"another key")
    assert pseudonym("Odo Marrow", KEY) != pseudonym("odo marrow", KEY)  # two authors, two names


def test_every_author_column_holds_pseudonyms(plain, renamed) -> None:
    for frame, columns in [
        (renamed.posts, ["author"]),
        (renamed.replies, ["source_author", "target_author"]),
        (renamed.authors, ["author"]),
        (renamed.interactions, ["source_author", "target_author"]),
    ]:
        for column in columns:
            values = frame[column].drop_nulls().to_list()
            assert values and all(PSEUDONYM.match(v) for v in values), (column, values[:3])
    # one pseudonym per author: nobody merged, nobody split
    assert renamed.authors.height == plain.authors.height == 19
    mapping = dict(zip(plain.posts["author"], renamed.posts["author"], strict=True))
    assert len(set(mapping.values())) == len(mapping)
    assert mapping["Ghost ship"] == pseudonym("Ghost ship", KEY)


def test_only_the_names_change(plain, renamed) -> None:
    keep = ["post_id", "parent_id", "reply_evidence", "reply_confidence", "compound", "lang", "timestamp"]
    assert plain.posts.select(keep).equals(renamed.posts.select(keep))
    edges = ["post_id", "target_id", "evidence", "confidence", "is_parent"]
    assert plain.replies.select(edges).equals(renamed.replies.select(edges))
    counts = plain.interactions.drop("source_author", "target_author").sort(pl.all())
    assert counts.equals(renamed.interactions.drop("source_author", "target_author").sort(pl.all()))


def test_names_in_the_texts_are_replaced(plain, renamed) -> None:
    """Checked against the dump: "p.s: Ghost ship," (comment 12), "In reply to Babak
    Makkinejad." and two comments opening with the name alone on a line ("fredW" for the
    author Fredw, "mbrenner")."""
    names = set(plain.posts["author"].drop_nulls())
    texts = [*renamed.posts["text"], *renamed.posts["signature"].drop_nulls(), *renamed.replies["detail"]]
    left = [(n, t[:60]) for t in texts for n in names if n.lower() in t.lower()]
    assert left == []
    before = plain.posts.filter(pl.col("text").str.contains("p.s: Ghost ship,", literal=True))
    (after,) = renamed.posts.filter(pl.col("post_id") == before["post_id"][0])["text"]
    assert f"p.s: {pseudonym('Ghost ship', KEY)}," in after
    (pid,) = plain.posts.filter(pl.col("text").str.starts_with("fredW\n"))["post_id"]
    (after,) = renamed.posts.filter(pl.col("post_id") == pid)["text"]
    assert after.startswith(pseudonym("Fredw", KEY) + "\nThat is because")


def test_the_renamer_finds_names_as_replies_do() -> None:
    authors = ["Odo Marrow", "Mark", "otto@fen.example", "+1 (646) 555-0143", "Al", "Fredw"]
    r = Renamer(authors, KEY)
    p = {a: pseudonym(a, KEY) for a in authors}
    assert r.text("@odo marrow thanks") == f"@{p['Odo Marrow']} thanks"
    assert (
        r.text("Odo Marrow said so; Odo Marrowish is no one")
        == f"{p['Odo Marrow']} said so; Odo Marrowish is no one"
    )
    assert (
        r.text("ask @otto or @16465550143.") == f"ask @{p['otto@fen.example']} or @{p['+1 (646) 555-0143']}."
    )
    assert r.text("@ottoman and @otto.example") == "@ottoman and @otto.example"
    # a one-word name is also a word: as written, or opening a line as an address
    assert r.text("Mark my words, mark them") == f"{p['Mark']} my words, mark them"
    assert (
        r.text("FREDW: no\n  fredw\nfredw is a word") == f"{p['Fredw']}: no\n  {p['Fredw']}\nfredw is a word"
    )
    assert r.text("Al and Ed") == "Al and Ed"  # short names: in the author columns only
    assert r.name("Al") == pseudonym("Al", KEY) and r.name(None) is None


def test_a_key_file_is_made_once_for_its_owner_and_an_empty_one_refused(tmp_path) -> None:
    path = tmp_path / "key"
    key, made = load_key(path)
    assert made and re.fullmatch(rb"[0-9a-f]{64}", key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(path) == (key, False)
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(ThreadsError, match="key file is empty"):
        load_key(tmp_path / "empty")


def test_the_key_is_never_shown_and_changes_a_corpus_part() -> None:
    options = Options(pseudonym_key=KEY)
    assert "key" not in repr(options) and KEY.decode() not in repr(options)
    assert part_key("a.txt", None, options, None) != part_key("a.txt", None, Options(), None)
    assert part_key("a.txt", None, options, None) != part_key(
        "a.txt", None, Options(pseudonym_key=b"2"), None
    )


def test_cli_parse_with_a_key_file_gives_the_same_pseudonyms_each_run(tmp_path) -> None:
    keyfile = tmp_path / "threads.key"
    res = run("parse", str(SEED_004), "--out", str(tmp_path / "a"), "--pseudonymise", str(keyfile))
    assert res.exit_code == 0, res.output
    assert keyfile.exists() and "made a new pseudonym key" in res.output
    run("parse", str(SEED_004), "--out", str(tmp_path / "b"), "--pseudonymise", str(keyfile))
    a = pl.read_parquet(tmp_path / "a" / "interactions.parquet")
    b = pl.read_parquet(tmp_path / "b" / "interactions.parquet")
    assert a.equals(b) and a["source_author"].str.starts_with(PREFIX).all()
    # an output folder is read back as written: a key for it is refused in one line
    res = run("show", str(tmp_path / "a"), "--pseudonymise", str(keyfile))
    assert res.exit_code == EXIT_FAILED and "read back as written" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_the_dashboard_of_a_renamed_thread_names_nobody(tmp_path, plain) -> None:
    res = run("report", str(SEED_004), "--out", str(tmp_path), "--pseudonymise", str(tmp_path / "k"))
    assert res.exit_code == 0, res.output
    page = (tmp_path / f"{SEED_004.stem}.html").read_text(encoding="utf-8")
    names = [n for n in plain.posts["author"].drop_nulls().unique() if len(n) >= 4]
    assert [n for n in names if n in page] == []
    assert page.count(PREFIX) > 19  # the network's nodes, the lists, the tree


@pytest.mark.parametrize(
    "authors",
    [["Perpetua Vane"], ["Mark"], ["Al"], ["otto@fen.example"], []],
    ids=["a-two-word-name", "a-one-word-name", "a-short-name", "an-account", "nobody"],
)
def test_a_thread_with_names_of_one_kind_only(authors: list[str]) -> None:
    """Each kind of name has its own branch of the pattern; a thread with one kind only
    (a WhatsApp chat of two-word names) failed with 'no such group'."""
    r = Renamer(authors, KEY)
    text = "Hello Perpetua Vane and Mark, @otto and @al"
    out = r.text(text)
    for name in authors:
        if len(name) >= 4 and not name.endswith(".example"):
            assert name not in out and pseudonym(name, KEY) in out
    assert r.text("") == ""
