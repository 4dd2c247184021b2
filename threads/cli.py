"""The ``threads`` command: a thin front door onto the library.

Each command parses its options, calls the library, and turns a
:class:`~threads.model.ThreadsError` into one line on stderr and an exit code:

- 0: everything was read;
- 1: nothing could be read or written (bad input, bad option);
- 3: some inputs failed (named on stderr), the rest were analysed and written;
- 130: interrupted.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table
from rich.text import Text

# Only light modules at the top: `threads --help` and `threads formats` must not pay for
# the format registry (every dialect), plotly or networkx. Commands import what they use.
from threads.cli_display import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_PARTIAL,
    LIMIT_OPTIONS,
    LIMITS_HELP,
    NO_VALUE,
    Command,
    Group,
    err,
    name_column,
    out,
    print_summary,
    print_tree,
    rate_column,
    report_failures,
)
from threads.evidence import counts_text
from threads.model import ThreadsError, internal_error, plural
from threads.options import MAX_INPUT_ENV, MAX_INPUT_MB, MAX_POSTS, MAX_POSTS_ENV, Options

if TYPE_CHECKING:
    from threads.analysis import Analysis

# Show a progress bar only when there is enough work for it to matter.
PROGRESS_MIN_INPUTS = 5
PROGRESS_MIN_BYTES = 2_000_000  # about 2,500 comments: a few seconds of work
# From this many input files on, parse writes a corpus folder (parallel, partitioned):
# below it a process pool's start-up costs about as much as it saves, and small runs
# keep the one-file-per-table layout.
CORPUS_MIN_FILES = 20

app = typer.Typer(
    cls=Group,
    help="Who said what, when, to whom and in what tone: thread dumps to tables and dashboards.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    epilog=LIMITS_HELP,
)
T = TypeVar("T")

Inputs = Annotated[
    list[str], typer.Argument(help="Dump files, folders (recursive) or - for stdin.", metavar="INPUT...")
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="NAME", help="Skip detection: read every input as this format."),
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz", metavar="ZONE", help="Zone of wall-clock times without one (default: as written, UTC)."
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", metavar=NO_VALUE, help="Stop at the first input that cannot be read.")
]


# The limits are options of each command that reads inputs, not of the group: see
# cli_display.LIMIT_OPTIONS (why) and Group (the old place, before the command, still works).
# A command declares both and passes neither on: _options reads them from its context.
MaxInputOpt = Annotated[
    float | None,
    typer.Option(
        LIMIT_OPTIONS[0],
        metavar="MB",
        help=f"Refuse an input file larger than this many MB (default {MAX_INPUT_MB:,}; "
        f"also ${MAX_INPUT_ENV}). Peak memory is ~10x the input, more for dumps of one-line posts.",
        min=0.001,
    ),
]
MaxPostsOpt = Annotated[
    int | None,
    typer.Option(
        LIMIT_OPTIONS[1],
        metavar="N",
        help=f"Refuse an input with more posts than this (default {MAX_POSTS:,}; also ${MAX_POSTS_ENV}).",
        min=1,
    ),
]


PseudonymOpt = Annotated[
    Path | None,
    typer.Option(
        "--pseudonymise",
        metavar="KEYFILE",
        help="Replace author names by pseudonyms keyed by the secret in KEYFILE (made if it does "
        "not exist; the same key, the same pseudonyms). Names in texts are replaced where written "
        "whole: review texts before sharing.",
    ),
]


def _options(ctx: typer.Context, **given: Any) -> Options:
    """The run's :class:`Options`: the command's limit flags, else ``THREADS_MAX_*``, with
    its other flags (``tz``, ``workers``, the ``--pseudonymise`` key) put in. The Options
    value is passed down (to worker processes inside each task)."""
    # The one place that reads the environment. A bad variable is reported here, by a
    # command that reads inputs, not by `threads formats`.
    limits = {k: ctx.params.get(k) for k in ("max_input_mb", "max_posts")}
    if (keyfile := ctx.params.get("pseudonymise")) is not None:
        from threads.pseudonyms import load_key

        key, made = _guard(lambda: load_key(keyfile))
        if made:
            err.print(
                f"threads: made a new pseudonym key in {keyfile}: keep it (the same key gives the same "
                "pseudonyms) and keep it private",
                markup=False,
            )
        given["pseudonym_key"] = key
    return _guard(lambda: Options.from_env(os.environ, **limits, **given))


def _fail(error: ThreadsError) -> typer.Exit:
    err.print(f"threads: error: {error}", markup=False)
    return typer.Exit(EXIT_FAILED)


def _guard(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except ThreadsError as error:
        raise _fail(error) from None


def _read(ctx: typer.Context, inputs: list[str], fmt: str | None, tz: str | None, strict: bool) -> Analysis:
    from threads import formats
    from threads.api import read

    options = _options(ctx, tz=tz)
    if fmt:
        _guard(lambda: formats.get(fmt))
    many = len(inputs) >= PROGRESS_MIN_INPUTS or any(Path(p).is_dir() for p in inputs if p != "-")
    if not err.is_terminal:
        return _guard(lambda: read(inputs, fmt, options=options, strict=strict))
    if not many:
        big = sum(Path(p).stat().st_size for p in inputs if p != "-" and Path(p).is_file())
        if big < PROGRESS_MIN_BYTES:
            return _guard(lambda: read(inputs, fmt, options=options, strict=strict))
        with err.status(f"analysing {big / 1e6:.0f} MB ..."):
            return _guard(lambda: read(inputs, fmt, options=options, strict=strict))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]reading"),
        BarColumn(),
        MofNCompleteColumn(),
        name_column(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def tick(path: str) -> None:
            progress.update(task, advance=1, description=os.path.basename(path))

        return _guard(lambda: read(inputs, fmt, options=options, strict=strict, on_input=tick))


CORPUS_HELP = (
    "Parse dumps and write posts, replies, authors and interactions tables: each table is "
    "DIR/TABLE.EXT (DIR/posts.parquet, DIR/replies.parquet, DIR/authors.parquet, "
    "DIR/interactions.parquet; .csv or .ndjson with --to), for one input or a thousand.\n\n"
    "Many inputs ({n} files or more), or --partitioned, --workers or --scheduler, make a corpus "
    "folder: files are analysed in parallel (all cores by default), and posts, replies and threads "
    "(one row per thread) are each a folder of Parquet parts under the same name, one part per "
    'input (DIR/posts.parquet/part-*.parquet ...), which pl.read_parquet("DIR/posts.parquet") '
    "reads as one table, with DIR/authors.parquet and DIR/interactions.parquet aggregated from the "
    "parts and DIR/corpus.json listing every input and its outcome. "
    '"threads report DIR" builds the dashboards from it without re-parsing.\n\n'
    "Every output folder reads back with threads.read(DIR) or threads.Corpus.open(DIR), and "
    '"threads export DIR", '
    '"show DIR" and "tree DIR" take it.\n\n'
    "Re-running over the same DIR skips inputs whose parts are complete and newer than the input "
    "(--force redoes them); parts of inputs no longer given are removed. A file that cannot be read "
    "is named with its reason and the run goes on (exit 3); --strict stops at the first."
)


@app.command(
    "parse",
    cls=Command,
    help=CORPUS_HELP.format(n=CORPUS_MIN_FILES),
    short_help="Parse dumps into posts, replies, authors and interactions tables (Parquet, CSV, NDJSON).",
)
def parse_cmd(
    ctx: typer.Context,
    inputs: Inputs,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the tables.")
    ] = Path("out"),
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="parquet|csv|ndjson", help="Table files (a corpus folder is always Parquet)."
        ),
    ] = "parquet",
    fmt: FormatOpt = None,
    tz: TzOpt = None,
    strict: StrictOpt = False,
    max_input_mb: MaxInputOpt = None,
    max_posts: MaxPostsOpt = None,
    pseudonymise: PseudonymOpt = None,
    partitioned: Annotated[
        bool | None,
        typer.Option(
            "--partitioned/--single",
            metavar=NO_VALUE,
            help="Force a corpus folder (partitioned Parquet), or one file per table "
            f"(default: corpus from {CORPUS_MIN_FILES} input files on).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", metavar="N", help="Worker processes (default: all cores; 1: in this process)."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Run on Dask: tcp://HOST:PORT of a running scheduler, or 'local' for a local cluster "
            '(pip install "threads\\[dask]"; workers need threads installed, else it is uploaded).',
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", metavar=NO_VALUE, help="Corpus folder: redo inputs that are already up to date."
        ),
    ] = False,
) -> None:
    """Parse dumps and write the tables (see the help text above)."""
    if _corpus_mode(inputs, to, partitioned, workers, scheduler):
        _parse_corpus(ctx, inputs, out_dir, fmt, tz, strict, workers, scheduler, force)
        return
    analysis = _read(ctx, inputs, fmt, tz, strict)
    written = _guard(lambda: analysis.write(out_dir, to=to))
    print_summary(analysis)
    out.print("wrote " + ", ".join(str(p) for p in written), markup=False)
    raise typer.Exit(report_failures(analysis))


def _corpus_mode(
    inputs: list[str], to: str, partitioned: bool | None, workers: int | None, scheduler: str | None
) -> bool:
    asked = partitioned or (partitioned is None and (workers is not None or scheduler is not None))
    if partitioned is False:
        if workers is not None or scheduler is not None:
            raise _fail(ThreadsError("--workers and --scheduler need a corpus folder (drop --single)"))
        return False
    if asked:
        if to != "parquet":
            raise _fail(ThreadsError("a corpus folder is Parquet only (drop --to, or use --single)"))
        return True
    if to != "parquet" or "-" in inputs:
        return False
    from threads.chunks import worth_pieces
    from threads.read import expand

    try:
        files = list(itertools.islice(expand(inputs), CORPUS_MIN_FILES))
    except ThreadsError:
        return False  # the one-file path reports the problem as it always has
    # A big NDJSON/mbox dump (plain or compressed) is read in pieces, in parallel, with bounded
    # memory: that needs a corpus folder too.
    return len(files) >= CORPUS_MIN_FILES or any(worth_pieces(f) for f in files)


def _parse_corpus(
    ctx: typer.Context,
    inputs: list[str],
    out_dir: Path,
    fmt: str | None,
    tz: str | None,
    strict: bool,
    workers: int | None,
    scheduler: str | None,
    force: bool,
) -> None:
    from threads.corpus import build
    from threads.parallel import Runner, TaskResult

    options = _options(ctx, tz=tz, workers=workers)

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[bold]analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        rate_column(),
        TimeElapsedColumn(),
        name_column(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    counts = {"posts": 0}

    def note(message: str) -> None:
        progress.console.print(f"threads: {message}", markup=False)

    def start(todo: int, up_to_date: int, runner: Runner) -> None:
        note(f"{plural(todo, 'input')} to analyse ({up_to_date:,} up to date) on {runner.description}")
        if runner.dashboard:
            note(f"Dask dashboard: {runner.dashboard}")
        progress.add_task("", total=todo, posts=0)

    def done(result: TaskResult, outcome: str) -> None:
        # A failure is named as it happens, so a long run's log shows it at once (with
        # --strict it is the run's stop, named once, as its error).
        if outcome == "failed" and not strict:
            progress.console.print(f"threads: error: {result.error_path}: {result.error}", markup=False)
        counts["posts"] += result.n_posts
        name = os.path.basename(result.task.path)
        progress.update(progress.task_ids[0], advance=1, posts=counts["posts"], description=name)

    with progress:
        run = _guard(
            lambda: build(
                inputs,
                out_dir,
                format=fmt,
                options=options,
                scheduler=scheduler,
                strict=strict,
                force=force,
                on_start=start,
                on_result=done,
                on_note=note,
            )
        )
    rate = run.posts / run.seconds if run.seconds else 0.0
    out.print(
        f"{plural(run.inputs, 'input')}: {run.analysed} analysed, {run.up_to_date} up to date, "
        f"{len(run.failures)} failed, {len(run.skipped_files)} skipped; "
        f"{plural(run.threads, 'thread')}, {plural(run.posts, 'post')} in {run.seconds:.1f} s "
        f"({rate:,.0f} posts/s, {run.runner})",
        markup=False,
    )
    for path, reason in run.skipped_files:
        out.print(f"skipped file: {path}: {reason}", markup=False)
    out.print(
        f"wrote corpus folder {out_dir} (posts/, replies/, threads/, authors, interactions)", markup=False
    )
    if run.failures:
        err.print(
            f"threads: {plural(len(run.failures), 'input')} failed (named above; listed in corpus.json)",
            markup=False,
        )
    raise typer.Exit(EXIT_PARTIAL if run.failures else 0)


@app.command("show", cls=Command)
def show_cmd(
    ctx: typer.Context,
    inputs: Inputs,
    fmt: FormatOpt = None,
    tz: TzOpt = None,
    top: Annotated[int, typer.Option("--top", metavar="N", help="How many interactions to list.")] = 10,
    max_input_mb: MaxInputOpt = None,
    max_posts: MaxPostsOpt = None,
    pseudonymise: PseudonymOpt = None,
) -> None:
    """Print the summary and the top interactions (who → whom)."""
    analysis = _read(ctx, inputs, fmt, tz, False)
    print_summary(analysis)
    table = Table(title="Top interactions")
    for col in ("from", "to", "replies", "evidence", "mean tone"):
        table.add_column(col)
    for row in analysis.interactions.head(top).iter_rows(named=True):
        table.add_row(  # Text(): an author "[deleted]" or "C[/]arl" is a name, not rich markup
            Text(row["source_author"] or "?"),
            Text(row["target_author"] or "?"),
            str(row["n_replies"]),
            # the evidence the replies rest on, as the dashboard's network says it
            counts_text(row),
            # no tone: none of these replies is in a language VADER reads
            "n/a" if row["mean_compound"] is None else f"{row['mean_compound']:+.2f}",
        )
    out.print(table)
    raise typer.Exit(report_failures(analysis))


@app.command("tree", cls=Command)
def tree_cmd(
    ctx: typer.Context,
    inputs: Inputs,
    fmt: FormatOpt = None,
    tz: TzOpt = None,
    max_input_mb: MaxInputOpt = None,
    max_posts: MaxPostsOpt = None,
    pseudonymise: PseudonymOpt = None,
) -> None:
    """Print each thread's reply tree: author, time, tone and the evidence of each link."""
    analysis = _read(ctx, inputs, fmt, tz, False)
    for thread in analysis.threads:
        print_tree(thread)
    raise typer.Exit(report_failures(analysis))


@app.command("formats", cls=Command)
def formats_cmd() -> None:
    """List the input formats threads can read."""
    from threads import formats  # catalog(): the dialects' names, not their modules

    table = Table(title="Formats")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("description")
    order = {kind: n for n, kind in enumerate(formats.KINDS)}
    listed = sorted(formats.catalog(), key=lambda f: (order.get(f.kind, len(order)), f.name))
    for fmt in listed:  # Text(): a description's [brackets] are words, not rich markup
        table.add_row(Text(fmt.kind), Text(fmt.name), Text(fmt.description))
    out.print(table)


@app.command(
    "report", cls=Command, short_help="Write one interactive dashboard page per thread and an index page."
)
def report_cmd(
    ctx: typer.Context,
    inputs: Inputs,
    out_dir: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the pages.")] = Path(
        "dashboards"
    ),
    open_: Annotated[
        bool, typer.Option("--open", metavar=NO_VALUE, help="Open the index page in a browser.")
    ] = False,
    shared_js: Annotated[
        bool,
        typer.Option(
            "--shared-js", metavar=NO_VALUE, help="Write plotly.js once beside the pages instead of in each."
        ),
    ] = False,
    fmt: FormatOpt = None,
    tz: TzOpt = None,
    strict: StrictOpt = False,
    pages: Annotated[
        int | None,
        typer.Option(
            "--pages",
            metavar="N",
            min=0,
            help="Corpus folder: pages for the N biggest threads (0: every thread; default: "
            "every thread up to 200, else the 200 biggest).",
        ),
    ] = None,
    max_input_mb: MaxInputOpt = None,
    max_posts: MaxPostsOpt = None,
    pseudonymise: PseudonymOpt = None,
) -> None:
    """Write one interactive dashboard page per thread and an index page. INPUT may be a
    corpus folder written by "threads parse" (many inputs or --partitioned): its tables are
    read as they are, without parsing the dumps again."""
    from threads.corpus import REPORT_PAGES, Corpus, is_corpus
    from threads.report import report

    if len(inputs) == 1 and is_corpus(inputs[0]):
        if pseudonymise is not None:
            from threads.pseudonyms import not_renamed

            raise _fail(ThreadsError(not_renamed(inputs[0])))
        limit = REPORT_PAGES if pages is None else pages or None
        corpus = _guard(lambda: Corpus.open(inputs[0]).collect(limit))
        index = _guard(lambda: report(corpus, out_dir, shared_plotlyjs=shared_js))
        out.print(
            f"{plural(len(corpus.threads), 'thread')}, {plural(corpus.posts.height, 'post')} "
            f"from the corpus folder {inputs[0]}",
            markup=False,
        )
        out.print(f"wrote {plural(len(corpus.threads), 'page')} and {index}", markup=False)
        if len(corpus.threads) < corpus.total_threads:
            out.print(
                f"pages for the {len(corpus.threads):,} biggest of {corpus.total_threads:,} threads "
                "(--pages N for more, --pages 0 for all)",
                markup=False,
            )
        _open_index(index, open_)
        return
    analysis = _read(ctx, inputs, fmt, tz, strict)
    index = _guard(lambda: report(analysis, out_dir, shared_plotlyjs=shared_js))
    print_summary(analysis)
    out.print(f"wrote {plural(len(analysis.threads), 'page')} and {index}", markup=False)
    _open_index(index, open_)
    raise typer.Exit(report_failures(analysis))


def _open_index(index: Path, open_: bool) -> None:
    if not open_:
        return
    import webbrowser

    url = Path(index).resolve().as_uri()
    opened = False
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    if not opened:
        out.print(f"no browser found: open {url}", markup=False)


def _note(message: str) -> None:
    """A note on what a writer changed (e.g. an author name XML cannot hold), as written."""
    out.print(f"note: {message}", markup=False)


@app.command("export", cls=Command)
def export_cmd(
    ctx: typer.Context,
    inputs: Inputs,
    convokit: Annotated[
        Path | None,
        typer.Option(
            "--convokit", metavar="DIR", help="Folder for a ConvoKit corpus (Corpus(filename=DIR))."
        ),
    ] = None,
    gexf: Annotated[
        Path | None,
        typer.Option("--gexf", metavar="FILE", help="File for the author network as GEXF (Gephi)."),
    ] = None,
    graphml: Annotated[
        Path | None, typer.Option("--graphml", metavar="FILE", help="File for the author network as GraphML.")
    ] = None,
    fmt: FormatOpt = None,
    tz: TzOpt = None,
    strict: StrictOpt = False,
    max_input_mb: MaxInputOpt = None,
    max_posts: MaxPostsOpt = None,
    pseudonymise: PseudonymOpt = None,
) -> None:
    """Write research formats: a ConvoKit corpus and the author network (GEXF, GraphML)."""
    if convokit is None and gexf is None and graphml is None:
        raise _fail(ThreadsError("nothing to export: give --convokit DIR, --gexf FILE and/or --graphml FILE"))
    from threads import export

    analysis = _read(ctx, inputs, fmt, tz, strict)
    written: list[Path] = []
    if convokit is not None:
        written += _guard(lambda: export.write_convokit(analysis, convokit))
    if gexf is not None:
        written.append(_guard(lambda: export.write_gexf(analysis, gexf, on_note=_note)))
    if graphml is not None:
        written.append(_guard(lambda: export.write_graphml(analysis, graphml, on_note=_note)))
    print_summary(analysis)
    out.print("wrote " + ", ".join(str(p) for p in written), markup=False)
    raise typer.Exit(report_failures(analysis))


def _on_interrupt(signum: int, frame: object) -> None:
    # typer turns KeyboardInterrupt into a silent exit 130 before main() sees it: say so
    # here, then let the interrupt unwind (atomic writes remove their temporary files).
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C is not delayed
    err.print("threads: interrupted", markup=False)
    raise KeyboardInterrupt


def main() -> None:
    """Console entry point: no traceback reaches the user."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (nohup, &)
        signal.signal(signal.SIGINT, _on_interrupt)
    if not os.environ.get("THREADS_DEBUG"):
        # Libraries warn about what a dump holds (dateutil: "tzname XYZ identified but not
        # understood", two lines per post): the summary reports what matters, so the
        # output stays one line per problem. The variable reaches worker processes.
        warnings.simplefilter("ignore")
        os.environ.setdefault("PYTHONWARNINGS", "ignore")
    try:
        app()
    except KeyboardInterrupt:  # before typer runs (while importing)
        err.print("threads: interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except ThreadsError as error:  # raised outside a command's guard
        err.print(f"threads: error: {error}", markup=False)
        sys.exit(EXIT_FAILED)
    except Exception as error:
        if os.environ.get("THREADS_DEBUG"):
            raise
        err.print(f"threads: {internal_error(error)}", markup=False)
        sys.exit(70)


if __name__ == "__main__":
    main()
