"""The CLI through typer's CliRunner: commands, summaries, bad input, exit codes."""

from __future__ import annotations

import gzip
import re

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, SEED_004, SEEDS
from threads.cli import EXIT_FAILED, EXIT_PARTIAL, app

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_parse_seeds_writes_tables_and_summary(tmp_path) -> None:
    res = run("parse", str(SEEDS), "--out", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert "typepad-text" in res.output and "article" in res.output
    assert "5 threads, 30 posts, 19 authors" in res.output
    assert "explicit 4" in res.output and "quote 2" in res.output
    assert "no comment structure recognised" in res.output
    assert pl.read_parquet(tmp_path / "posts.parquet").height == 30


@pytest.mark.parametrize("to", ["csv", "ndjson"])
def test_parse_to(tmp_path, to: str) -> None:
    res = run("parse", str(SEED_004), "--out", str(tmp_path), "--to", to)
    assert res.exit_code == 0
    assert (tmp_path / f"interactions.{to}").exists()


def test_show_tree_formats() -> None:
    res = run("show", str(SEED_004), "--top", "3")
    assert res.exit_code == 0 and "Top interactions" in res.output and "Babak Makkinejad" in res.output
    # the evidence a pair's replies rest on: Barish quotes the article once, then comments
    assert "1 quote, 1 root" in " ".join(res.output.split())
    res = run("tree", str(SEED_004))
    assert res.exit_code == 0
    assert "    #4 turcopolier  2016-06-07 18:17" in res.output and "[explicit 0.85]" in res.output
    assert "(also #2 quote)" in res.output
    res = run("formats")
    assert res.exit_code == 0 and "typepad-text" in res.output and "article" in res.output


def test_format_option_skips_detection(tmp_path) -> None:
    res = run("parse", str(SEED_004), "--format", "article", "--out", str(tmp_path))
    assert res.exit_code == 0
    assert pl.read_parquet(tmp_path / "posts.parquet").height == 1
    res = run("parse", str(SEED_004), "--format", "nope", "--out", str(tmp_path / "x"))
    assert res.exit_code == EXIT_FAILED and "unknown format 'nope'" in res.output
    assert not (tmp_path / "x").exists()


def test_stdin() -> None:
    res = run("show", "-", input=SEED_004.read_bytes())
    assert res.exit_code == 0 and "<stdin>" in res.output and "26" in res.output


BAD = {
    "empty.txt": (b"", "file is empty"),
    "blank.txt": (b" \n \n", "file has only whitespace"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "binary file"),
    "cut.txt.gz": (gzip.compress(SEED_004.read_bytes())[:-100], "not a readable gzip file: "),
    "long.txt": (b"word " * 10_000_000, "a line of 50,000,000 characters"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_line_nonzero_no_output(tmp_path, name: str) -> None:
    data, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert res.exit_code == EXIT_FAILED
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert lines == [f"threads: error: {path}: {message}" + lines[0].split(message, 1)[1]]
    assert "Traceback" not in res.output
    assert not out.exists()


def test_missing_path_and_empty_folder(tmp_path) -> None:
    res = run("parse", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert res.exit_code == EXIT_FAILED and "missing.txt: no such file or folder" in res.output
    (tmp_path / "empty").mkdir()
    res = run("parse", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    assert res.exit_code == EXIT_FAILED and "folder has no files" in res.output
    assert not (tmp_path / "o").exists()


def test_folder_with_nothing_recognisable(tmp_path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + bytes(100))
    (folder / "b.txt").write_bytes(b"")
    res = run("parse", str(folder), "--out", str(tmp_path / "o"))
    assert res.exit_code == EXIT_FAILED
    assert "no thread dumps found" in res.output
    assert not (tmp_path / "o").exists()


def test_folder_skips_binaries_and_reports_them(tmp_path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "004.txt").write_bytes(SEED_004.read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + bytes(100))
    res = run("parse", str(folder), "--out", str(tmp_path / "o"))
    assert res.exit_code == 0
    assert "skipped file:" in res.output and "photo.png: binary file" in res.output


def test_some_inputs_failed_exit_code(tmp_path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    res = run("parse", str(SEED_004), str(bad), "--out", str(tmp_path / "o"))
    assert res.exit_code == EXIT_PARTIAL
    assert f"threads: error: {bad}: file is empty" in res.output
    assert pl.read_parquet(tmp_path / "o" / "posts.parquet").height == 26
    res = run("parse", str(SEED_004), str(bad), "--out", str(tmp_path / "o2"), "--strict")
    assert res.exit_code == EXIT_FAILED and not (tmp_path / "o2").exists()


def test_truncated_text_still_parses(tmp_path) -> None:
    text = SEED_004.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    res = run("parse", str(cut), "--out", str(tmp_path / "o"))
    assert res.exit_code == 0
    assert "truncated" in res.output  # the unfinished last comment is kept and reported
    posts = pl.read_parquet(tmp_path / "o" / "posts.parquet")
    assert posts["author"][-1] is None and posts.height > 10


def test_bad_timezone(tmp_path) -> None:
    res = run("parse", str(SEED_004), "--tz", "Mars/Olympus", "--out", str(tmp_path / "o"))
    assert res.exit_code == EXIT_FAILED and "unknown time zone 'Mars/Olympus'" in res.output


def test_a_thread_with_no_readable_time_is_named_in_the_summary(tmp_path) -> None:
    """Posts that come out with no time at all are not silent: the summary names the file."""
    dated = FIXTURES / "phpbb-html" / "weichenantrieb_phpbb2_de.html"
    page = dated.read_bytes()
    undated = re.sub(rb"\d\d\.\d\d\.\d{4}, \d\d:\d\d", b"irgendwann", page)
    assert undated != page
    dump = tmp_path / "undated.html"
    dump.write_bytes(undated)
    res = run("show", str(dump))
    assert res.exit_code == 0, res.output
    assert f"note: {dump}: no post has a time that threads could read" in " ".join(res.output.split())
    assert "no post has a time" not in run("show", str(dated)).output


def test_formats_lists_every_dialect_by_kind_with_its_words_intact() -> None:
    from threads.formats import REGISTRY

    res = run("formats")
    assert res.exit_code == 0
    rows = {}
    for line in res.output.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 3 and cells[1] in REGISTRY:
            rows[cells[1]] = cells[0]
    assert set(rows) == set(REGISTRY)
    assert rows["askbot-html"] == rows["stackexchange-html"] == "Q&A page (HTML)"
    for name in ("blogger-text", "xenforo-text", "typepad-text", "wordpress-text"):
        assert rows[name] == "text copied from a page"
    assert rows["discourse-json"] == "platform export" and rows["article"] == "fallback"
    # "[DATE] AUTHOR", "[12.03.21, 14:22:05] Ana" are words, not rich markup
    shown = " ".join(res.output.split())
    assert "'[DATE]" in shown and "'[12.03.21," in shown


def test_names_and_paths_with_brackets_are_shown_as_written(tmp_path) -> None:
    """Square brackets in a file name or an author name are words, not rich markup: no
    lost text, no MarkupError (issue 16 item 5)."""
    text = SEED_004.read_text(encoding="utf-8")
    text = text.replace("turcopolier", "C[/]arl").replace("Fredw", "[deleted]")
    dump = tmp_path / "dump [copy].txt"
    dump.write_text(text, encoding="utf-8")
    res = run("show", str(dump), "--top", "30")
    assert res.exit_code == 0, res.output
    squashed = re.sub(r"[\s│┃]", "", res.output)  # table cells fold long paths over lines
    assert "dump[copy].txt" in squashed
    assert "C[/]arl" in squashed and "[deleted]" in squashed


@pytest.mark.parametrize("layout", ["--single", "--partitioned"])
def test_export_takes_a_parse_output_folder(tmp_path, layout: str) -> None:
    """threads export DIR on what threads parse wrote (one file per table, or a corpus
    folder) reads the tables back instead of parsing them as dumps."""
    out = tmp_path / "out"
    extra = ["-j", "1"] if layout == "--partitioned" else []
    res = run("parse", str(SEEDS), "--out", str(out), layout, *extra)
    assert res.exit_code == 0, res.output
    gexf, ck = tmp_path / "a.gexf", tmp_path / "ck"
    res = run("export", str(out), "--gexf", str(gexf), "--convokit", str(ck))
    assert res.exit_code == 0, res.output
    assert "5 threads, 30 posts, 19 authors" in res.output
    lines = (ck / "utterances.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30 and gexf.read_text(encoding="utf-8").count("<node ") == 19
    res = run("show", str(out))
    assert res.exit_code == 0 and "5 threads, 30 posts" in res.output


def test_counts_in_the_right_number(tmp_path) -> None:
    """One thread is '1 thread', one page '1 page'; many stay plural."""
    res = run("report", str(SEED_004), "--out", str(tmp_path / "pages"))
    assert res.exit_code == 0, res.output
    assert "1 thread, 26 posts, 19 authors" in res.output and "1 threads" not in res.output
    assert "wrote 1 page and" in res.output and "1 pages" not in res.output
    res = run("parse", str(SEEDS), "--out", str(tmp_path / "one"), "--partitioned", "-j", "1")
    assert "5 inputs: 5 analysed" in res.output and "5 threads, 30 posts" in res.output


@pytest.mark.parametrize("command", [[], ["parse"], ["report"], ["export"], ["show"], ["tree"], ["formats"]])
def test_help_shows_metavars_not_python_types(command: list[str]) -> None:
    res = run(*command, "--help")
    assert res.exit_code == 0
    text = re.sub(r"\s+", " ", res.output)
    for python_shape in ("<bool>", "<str>", "<list[str]>", "<path>", "<int>", "{inputs}", "inputs..."):
        assert python_shape not in text, (command, python_shape)
    if command not in ([], ["formats"]):
        assert f"{command[0]} [OPTIONS] INPUT..." in text  # CliRunner names the program "root"
    if command == ["parse"]:
        assert "--out -o DIR" in text and "--workers -j N" in text and "parquet|csv|ndjson" in text


def test_progress_shows_file_names_as_written() -> None:
    """The progress bar's file column is a name: 'C[/]arl.txt' neither crashes nor loses text."""
    import io

    from rich.console import Console
    from rich.progress import Progress

    from threads.cli_display import name_column

    sink = io.StringIO()
    with Progress(name_column(), console=Console(file=sink, force_terminal=True, width=80)) as bar:
        bar.add_task("C[/]arl [copy].txt", total=1)
    assert "C[/]arl [copy].txt" in sink.getvalue()


def test_show_names_a_pair_without_tone() -> None:
    # Jana Hoffmann writes German only: her replies have no tone (was a crash: None:+.2f)
    mixed = FIXTURES / "wordpress-text" / "tone_mixed_languages.txt"
    res = run("show", str(mixed))
    assert res.exit_code == 0, res.output
    line = next(x for x in res.output.splitlines() if "Jana Hoffmann" in x and "Tom Baker" in x)
    assert "n/a" in line


def test_limit_flags_reach_corpus_workers(tmp_path) -> None:
    # --max-posts went to the workers through os.environ; now inside each task's Options.
    res = run("--max-posts", "5", "parse", str(SEEDS), "--workers", "2", "--out", str(tmp_path / "c"))
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert f"threads: error: {SEED_004}: too many posts (26, over the limit of 5" in res.output


def test_a_bad_limit_variable_does_not_stop_threads_formats(monkeypatch) -> None:
    monkeypatch.setenv("THREADS_MAX_POSTS", "lots")
    assert run("formats").exit_code == 0
    res = run("show", str(SEED_004))
    assert res.exit_code == EXIT_FAILED and "THREADS_MAX_POSTS must be a whole number of posts" in res.output


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize("to", ["parquet", "csv", "ndjson"])
def test_parse_output_reads_back_and_exports_for_1_and_25_inputs(tmp_path, to: str, count: int) -> None:
    """Issue 16: the same rule for 1 input and 25, in every output format: every table is
    DIR/TABLE.EXT, threads.read(DIR) reads it back with every post, and `threads export
    DIR` takes it."""
    import threads
    from tests.test_api import _twenty_five

    inputs = _twenty_five(tmp_path / "in")[:count] if count > 1 else [SEED_004]
    out = tmp_path / "out"
    # 25 Parquet inputs make a corpus folder (tables of parts); CSV and NDJSON whole files
    res = run("parse", *map(str, inputs), "--out", str(out), "--to", to)
    assert res.exit_code == 0, res.output
    for table in ("posts", "replies", "authors", "interactions"):
        assert (out / f"{table}.{to}").exists(), table
    direct = threads.read(inputs)
    back = threads.read(out)
    assert back.posts.height == direct.posts.height > 0
    assert sorted(back.posts["thread_id"].unique()) == sorted(direct.posts["thread_id"].unique())
    res = run("export", str(out), "--gexf", str(tmp_path / "net.gexf"), "--convokit", str(tmp_path / "ck"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "net.gexf").stat().st_size > 0 and (tmp_path / "ck" / "utterances.jsonl").exists()


def test_the_command_list_gives_each_command_one_short_line() -> None:
    """`threads --help` lists every command with a summary that ends where its row ends: the
    long help of parse and report (a paragraph with hard line breaks) once broke their rows
    mid-sentence ('... an index page. INPUT may be a' / 'corpus folder ...')."""
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    rows = [line.strip("│ ").rstrip() for line in res.output.splitlines() if line.startswith("│ ")]
    names = ["parse", "show", "tree", "formats", "report", "export"]
    commands = [r for r in rows if r.split(" ", 1)[0] in names]
    assert [r.split(" ", 1)[0] for r in commands] == names
    assert all(r.endswith((".", ")")) for r in commands), commands


def test_inputs_table_has_one_row_per_file_and_folds_alike_notes(tmp_path) -> None:
    """An export of many threads is one row of the Inputs table (its threads and posts
    counted), not one row per thread, and a note repeated by its threads is one line: a
    Disqus export of 340 threads printed 340 rows of the same file name."""
    dump = FIXTURES / "disqus-xml" / "cycling_blog_export.xml"  # 2 threads, 4 + 4 posts
    res = runner.invoke(
        app, ["parse", str(dump), str(SEED_004), "--out", str(tmp_path)], env={"COLUMNS": "250"}
    )
    assert res.exit_code == 0, res.output
    rows = [
        [c.strip() for c in line.strip("│").split("│")] for line in res.output.splitlines() if "│" in line
    ]
    assert [r[0] for r in rows] == [str(dump), str(SEED_004)]
    assert [r[4:] for r in rows] == [["2", "8"], ["1", "26"]]


def test_alike_notes_are_summed_where_they_open_with_a_count() -> None:
    from threads.cli_display import folded

    notes = [
        "5 parent comment(s) moved ahead of a reply listed before them",
        "left out flagged posts: 1 deleted",
        "18 parent comment(s) moved ahead of a reply listed before them",
        "left out flagged posts: 1 deleted",
        "reply to post 57 whose parent is not in the file",
        "reply to post 60 whose parent is not in the file",
        "page 1 of 2 of this thread",
    ]
    assert folded(notes) == [
        "23 parent comment(s) moved ahead of a reply listed before them (in 2 threads)",
        "left out flagged posts: 1 deleted (in 2 threads)",
        "reply to post 57 whose parent is not in the file (and 1 more like it)",  # ids: not summed
        "page 1 of 2 of this thread",
    ]


def test_tree_names_a_stand_in_root_and_second_links() -> None:
    """A chat's placeholder root is "(the chat itself)", not "?"; a post's second link is
    shown once beside its parent link (read from one pass over the replies)."""
    res = run("tree", str(FIXTURES / "whatsapp-text" / "ios_lantern_monthfirst.txt"))
    assert res.exit_code == 0 and "#0 (the chat itself)  -" in res.output
    res = run("tree", str(SEED_004))
    (line,) = [ln for ln in res.output.splitlines() if "(also " in ln]
    assert line.strip().startswith("#12 Ishmael Zechariah") and line.endswith(
        "[explicit 0.85] (also #2 quote)"
    )
