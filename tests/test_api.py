"""The Python API: threads.read, Analysis, write, thread()."""

from __future__ import annotations

import json

import polars as pl
import pytest

import threads
from tests.conftest import FIXTURES, SEED_004, SEEDS


def test_public_api() -> None:
    assert set(threads.__all__) >= {"read", "report", "Analysis", "Thread", "ThreadsError"}


def test_read_list_and_folder_agree() -> None:
    by_folder = threads.read(SEEDS)
    by_list = threads.read(sorted(SEEDS.glob("*.txt")))
    assert by_folder.posts.equals(by_list.posts)
    assert [t.thread_id for t in by_folder.threads] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]


def test_thread_subset(seed004) -> None:
    corpus = threads.read(SEEDS)
    one = corpus.thread("004_c3b9a48d73eaee79")
    assert one.posts.equals(seed004.posts)
    with pytest.raises(threads.ThreadsError):
        corpus.thread("nope")


def test_write_and_read_back(seed004, tmp_path) -> None:
    seed004.write(tmp_path)
    assert pl.read_parquet(tmp_path / "replies.parquet").equals(seed004.replies)


def test_summary_counts(seed004) -> None:
    s = seed004.summary()
    assert s["posts"] == 26 and s["authors"] == 19 and s["threads"] == 1
    assert s["parent_links_by_evidence"] == {"explicit": 4, "quote": 2, "root": 19}
    assert s["inputs"][0]["format"] == "typepad-text" and s["inputs"][0]["encoding"] == "utf-8"


def test_format_argument_and_errors(tmp_path) -> None:
    a = threads.read(SEED_004, format="article")
    assert a.posts.height == 1
    with pytest.raises(threads.ThreadsError, match="unknown format"):
        threads.read(SEED_004, format="bogus")
    with pytest.raises(threads.ThreadsError, match="no input given"):
        threads.read([])
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(threads.ThreadsError, match="file is empty"):
        threads.read(tmp_path / "e.txt")


def test_same_stem_in_two_folders_gets_unique_ids(tmp_path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "t.txt").write_bytes(SEED_004.read_bytes())
    a = threads.read(tmp_path)
    assert [t.thread_id for t in a.threads] == ["t", "t-2"]
    assert a.posts["thread_id"].unique().sort().to_list() == ["t", "t-2"]


# ---------------------------------------------------------------- output folders read back
def _twenty_five(folder) -> list:
    """25 inputs: the seeds and one file of each fixture folder, copied in turn."""
    import shutil

    from tests.conftest import FIXTURES

    picks = sorted(SEEDS.glob("*.txt"))
    for sub in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.endswith("-html")):
        picks.append(sorted(f for f in sub.iterdir() if f.is_file())[0])
    folder.mkdir()
    for n in range(25):
        src = picks[n % len(picks)]
        shutil.copy(src, folder / f"in{n:02d}_{src.name}")
    return sorted(folder.iterdir())


def _sorted(frame: pl.DataFrame, *keys: str) -> pl.DataFrame:
    return frame.sort(list(keys))


@pytest.mark.parametrize("to", ["parquet", "ndjson", "csv"])
def test_one_file_per_table_reads_back(seed004, tmp_path, to: str) -> None:
    """threads.read(DIR) on a parse output reads the tables, not the files as dumps."""
    from polars.testing import assert_frame_equal

    seed004.write(tmp_path, to=to)
    back = threads.read(tmp_path)
    for name in ("posts", "replies", "authors", "interactions"):
        assert_frame_equal(getattr(back, name), getattr(seed004, name))
    assert [t.thread_id for t in back.threads] == ["004_c3b9a48d73eaee79"]
    assert len(back.threads[0].posts) == 26 and back.threads[0].source_format == "typepad-text"
    # the threads are rebuilt from the rows: the summary counts what the parse counted
    assert back.summary()["parent_links_by_evidence"] == seed004.summary()["parent_links_by_evidence"]


def test_corpus_folder_reads_back(tmp_path) -> None:
    from polars.testing import assert_frame_equal

    inputs = _twenty_five(tmp_path / "in")
    direct = threads.read(inputs)
    threads.read_many(inputs, out=tmp_path / "out", workers=1)
    back = threads.read(tmp_path / "out")
    assert len(back.threads) == len(direct.threads) >= 25
    assert_frame_equal(
        _sorted(back.posts, "thread_id", "post_id"), _sorted(direct.posts, "thread_id", "post_id")
    )
    order = ("thread_id", "post_id", "target_id")
    assert_frame_equal(_sorted(back.replies, *order), _sorted(direct.replies, *order))
    assert sorted(t.thread_id for t in back.threads) == sorted(t.thread_id for t in direct.threads)
    assert {t.thread_id: t.encoding for t in back.threads} == {
        t.thread_id: t.encoding for t in direct.threads
    }


def test_one_layout_rule_the_same_paths_for_1_and_25_inputs(seed004, tmp_path) -> None:
    """Every table is DIR/TABLE.parquet, for one input (a file) and for 25 (a folder of
    parts, the name unchanged): the same polars call reads both, every row there."""
    seed004.write(tmp_path / "one")
    inputs = _twenty_five(tmp_path / "in")
    many = threads.read_many(inputs, out=tmp_path / "many", workers=1)
    for name, rows in (("posts", 26), ("replies", seed004.replies.height)):
        assert pl.read_parquet(tmp_path / "one" / f"{name}.parquet").height == rows
    assert (tmp_path / "many" / "posts.parquet").is_dir()
    for name in ("posts", "replies", "authors", "interactions"):
        frame = pl.read_parquet(tmp_path / "many" / f"{name}.parquet")
        assert frame.height == getattr(many, name).select(pl.len()).collect().item() > 0
    assert pl.read_parquet(tmp_path / "many" / "threads.parquet").height >= 25


def test_a_killed_runs_temporary_part_does_not_break_reading(tmp_path) -> None:
    """Part files are written outside the table folders and renamed in: polars refuses a
    table folder holding a file of another extension, so a killed run must leave none."""
    inputs = _twenty_five(tmp_path / "in")[:3]
    threads.read_many(inputs, out=tmp_path / "out", workers=1)
    assert not [f for f in (tmp_path / "out" / "posts.parquet").iterdir() if f.suffix != ".parquet"]
    (tmp_path / "out" / ".parts-tmp").mkdir(exist_ok=True)
    (tmp_path / "out" / ".parts-tmp" / ".part-x.parquet.123.tmp").write_text("half")
    assert pl.read_parquet(tmp_path / "out" / "posts.parquet").height > 0
    threads.read_many(inputs, out=tmp_path / "out", workers=1)  # a re-run tidies it away
    assert not (tmp_path / "out" / ".parts-tmp").exists()


def test_a_folder_of_dumps_is_not_taken_for_an_output(tmp_path) -> None:
    """Only all four tables make an output folder: a dump called posts.txt is a dump."""
    from threads.corpus import is_output

    (tmp_path / "posts.txt").write_bytes(SEED_004.read_bytes())
    assert not is_output(tmp_path)
    assert threads.read(tmp_path).posts.height == 26


def test_short_reprs(seed004) -> None:
    assert repr(seed004) == "Analysis(1 thread, 26 posts, 19 authors, 0 failures)"
    assert repr(threads.read(SEEDS)) == "Analysis(5 threads, 30 posts, 19 authors, 0 failures)"


def test_figures_and_writers_are_public(seed004, tmp_path) -> None:
    assert {"figures", "write_convokit", "write_gexf", "write_graphml"} <= set(threads.__all__)
    for name in threads.__all__:
        assert getattr(threads, name) is not None
    assert threads.figures.fig_timeline(seed004.posts).to_plotly_json()["data"]
    assert threads.write_gexf(seed004, tmp_path / "a.gexf").exists()
    with pytest.raises(AttributeError):
        threads.no_such_name  # noqa: B018


def test_a_convokit_export_is_no_corpus_folder(seed004, tmp_path) -> None:
    """ConvoKit writes a corpus.json too: that alone does not make a corpus folder."""
    from threads.corpus import is_corpus, is_output

    threads.write_convokit(seed004, tmp_path / "ck")
    assert not is_corpus(tmp_path / "ck") and not is_output(tmp_path / "ck")


# ---------------------------------------------------------------- Options, passed down
def test_options_reach_the_pipeline() -> None:
    from threads import Options

    with pytest.raises(threads.ThreadsError, match="too many posts"):
        threads.read(SEED_004, options=Options(max_posts=25))
    assert threads.read(SEED_004, options=Options(max_posts=26)).posts.height == 26
    with pytest.raises(threads.ThreadsError, match="file too large"):
        threads.read(SEED_004, options=Options(max_input_mb=0.001))
    # tz= is the shortcut for options.tz and wins over it
    a = threads.read(SEED_004, tz="America/New_York", options=Options(tz="Asia/Tokyo"))
    assert a.tz == "America/New_York"
    with pytest.raises(threads.ThreadsError, match="unknown HTML backend"):
        Options(html_backend="html.parser")


def test_inference_off_skips_similarity_links() -> None:
    from threads import Options

    # The evaluation fixture of similar.py: a flat thread where only similarity links
    # some replies. With inference off no edge says "similar".
    dump = FIXTURES / "wordpress-text" / "tone_mixed_languages.txt"
    on = threads.read(dump)
    off = threads.read(dump, options=Options(infer=False))
    assert "similar" in on.replies["evidence"].to_list()  # the test could fail
    assert "similar" not in off.replies["evidence"].to_list()
    assert off.posts.height == on.posts.height


def test_html_backend_is_an_option() -> None:
    from threads import Options
    from threads.formats import _html_dom

    page = FIXTURES / "wordpress-html" / "library_hours_en.html"
    fast = threads.read(page)
    soup = threads.read(page, options=Options(html_backend="soup"))
    assert soup.posts.select("author", "text").equals(fast.posts.select("author", "text"))
    assert _html_dom.current_backend() == "lexbor"  # nothing left switched after the run


def test_options_travel_to_pool_workers(tmp_path) -> None:
    # Limits used to reach worker processes through os.environ; now inside each task.
    from threads import Options

    c = threads.read_many(SEEDS, out=tmp_path / "out", workers=2, options=Options(max_posts=5))
    assert [(p, r.split(",")[0]) for p, r in c.failures] == [(str(SEED_004), "too many posts (26")]
    assert c.posts.collect().height == 4  # the four one-post seeds
    c = threads.read_many(SEEDS, out=tmp_path / "ok", workers=2, options=Options(max_posts=26))
    assert not c.failures and c.posts.collect().height == 30


def test_thread_repr_is_short(seed004) -> None:
    text = repr(seed004.threads[0])
    assert text.startswith("Thread('004_c3b9a48d73eaee79', typepad-text, 26 posts, ")
    assert len(text) < 300


def test_writers_take_a_corpus_lazy_frames(tmp_path) -> None:
    """write_convokit / write_gexf accept a Corpus (lazy frames) and write what they
    write for the same dumps read in memory."""
    import json

    corpus = threads.read_many(SEEDS, out=tmp_path / "c", workers=1)
    memory = threads.read(SEEDS)
    threads.write_convokit(corpus, tmp_path / "lazy")
    threads.write_convokit(memory, tmp_path / "eager")
    for name in ("speakers.json", "conversations.json", "corpus.json"):
        lazy = json.loads((tmp_path / "lazy" / name).read_text(encoding="utf-8"))
        eager = json.loads((tmp_path / "eager" / name).read_text(encoding="utf-8"))
        assert lazy == eager, name
    assert threads.write_gexf(corpus, tmp_path / "c.gexf").exists()


@pytest.mark.parametrize("name", ["fig_tree", "fig_timeline", "fig_heatmap", "fig_authors", "fig_network"])
def test_figures_take_a_corpus_lazy_frames(tmp_path, name: str) -> None:
    """A Corpus's tables are LazyFrames: the figure functions draw them as they draw
    the same tables in memory (issue 16, defect 2)."""
    from threads import figures

    corpus = threads.read_many([SEED_004], out=tmp_path / "c", workers=1)
    memory = threads.read(SEED_004)
    fig = getattr(figures, name)
    args = (corpus.posts,) if name == "fig_timeline" else (corpus.posts, corpus.replies)
    eager = (memory.posts,) if name == "fig_timeline" else (memory.posts, memory.replies)
    assert isinstance(args[0], pl.LazyFrame)
    assert fig(*args).to_json() == fig(*eager).to_json()


def test_writers_take_a_real_corpus_folder(corpus, tmp_path) -> None:
    dump = corpus / "disqus-export_yesilmavihayat_tr.xml"
    c = threads.read_many([dump], out=tmp_path / "c", workers=1)
    files = threads.write_convokit(c, tmp_path / "ck")
    speakers = json.loads((tmp_path / "ck" / "speakers.json").read_text(encoding="utf-8"))
    assert len(files) == 5 and set(speakers) >= set(c.authors.collect()["author"].to_list())
    assert len(repr(threads.read(dump).threads[0])) < 300
