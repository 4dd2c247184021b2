"""What the CLI shows in the terminal, apart from the commands: the help's metavars, the
consoles, the summary of a run and the progress columns, and the group that takes the
limits given before a command (kept out of ``cli.py`` so that it stays the commands).

Names and paths come from dumps: they are printed as text (``Text``, ``markup=False``),
never read as rich markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperGroup

from threads.model import plural

if TYPE_CHECKING:
    from rich.progress import ProgressColumn, Task, TextColumn

    from threads.analysis import Analysis
    from threads.model import Thread

# Exit codes: all read; nothing read or written; some inputs failed; interrupted.
EXIT_FAILED, EXIT_PARTIAL, EXIT_INTERRUPTED = 1, 3, 130

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Metavars: typer would show the Python types (<str>, <bool>, <list[str]>) and the
# argument as {inputs}...; a flag shows none (NO_VALUE).
NO_VALUE = ""


class InputsArgument(TyperArgument):
    """The INPUT... argument: shown by its metavar alone, in the usage line and help."""

    def get_usage_pieces(self, ctx: typer.Context) -> list[str]:
        return [self.display_name_raw]

    def display_type_rich(self, ctx: typer.Context) -> str | None:
        return None


class NoHelpType:
    """The --help flag shown without a type (typer shows <bool>), and False when not given."""

    def get_help_option(self, ctx: typer.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.metavar = NO_VALUE
            # typer 0.29 leaves it None, which is not a bool, so it builds a pydantic
            # validator for it on every run: ~100 ms of imports for `threads formats`.
            option.default = False
        return option


# The resource limits: options of the commands that read inputs, also accepted before the
# command name (`threads --max-posts 5 parse X`, their place until issue 17, in scripts and
# aliases). They are not options of the group itself: typer builds a pydantic validator for
# every non-bool option it processes, given or not, and that import alone made `threads
# formats` ~1.6x a minimal typer app.
LIMIT_OPTIONS = ("--max-input-mb", "--max-posts")
# The root --help's epilog: every limit, the ones no option changes too.
LIMITS_HELP = (
    "Resource limits: --max-input-mb and --max-posts (options of parse, show, tree, report and "
    "export, also taken before the command) cap each input's size and post count; quote matching "
    "looks at most 64 earlier posts per phrase; a text dump with a line over 1,000,000 characters, "
    "JSON nested over ~1,000 levels and XML that declares entities are refused. Each refusal is one "
    "line naming the file."
)


def limits_after_command(args: list[str], takes_limits: Callable[[str], bool]) -> list[str]:
    """``args`` with the limit options given before the command name moved after it.

    ``takes_limits(name)`` says whether the command ``name`` has them; a command that reads
    no input (``formats``) or a missing or unknown one drops them, as it ignores the
    ``THREADS_MAX_*`` variables. Anything else before the command (``--help``) stays.
    """
    front: list[str] = []
    moved: list[str] = []
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "--":
        arg = rest.pop(0)
        if arg.partition("=")[0] not in LIMIT_OPTIONS:
            front.append(arg)
            continue
        moved.append(arg)
        if "=" not in arg and rest:  # `--max-posts 5`: its value follows
            moved.append(rest.pop(0))
    if not moved:
        return list(args)
    if rest and rest[0] != "--" and takes_limits(rest[0]):
        return [*front, rest[0], *moved, *rest[1:]]
    return front + rest


class Group(NoHelpType, TyperGroup):
    """The ``threads`` group, its --help without a type; the limits given before a
    command are handed to that command (:func:`limits_after_command`)."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        def takes_limits(name: str) -> bool:
            command = self.get_command(ctx, name)
            return command is not None and any(
                opt in LIMIT_OPTIONS for param in command.params for opt in param.opts
            )

        return super().parse_args(ctx, limits_after_command(args, takes_limits))


class Command(NoHelpType, TyperCommand):
    """A typer command whose variadic argument is shown as ``INPUT...``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                # same object, display methods only: typer offers no cls= for arguments
                param.__class__ = InputsArgument


def report_failures(analysis: Analysis) -> int:
    """Name each input that failed on stderr; the exit code that says whether any did."""
    for path, reason in analysis.failures:
        err.print(f"threads: error: {path}: {reason}", markup=False)
    return EXIT_PARTIAL if analysis.failures else 0


def by_file(inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``Analysis.summary()``'s inputs (one per thread) as one row per input file, in input
    order: an export of 377 threads is one row with its thread and post counts, not 377."""
    rows: dict[tuple[object, ...], dict[str, Any]] = {}
    for item in inputs:
        key = (item["file"], item["format"], item["confidence"], item["encoding"])
        row = rows.setdefault(key, {**item, "threads": 0, "posts": 0, "warnings": []})
        row["threads"] += 1
        row["posts"] += item["posts"]
        row["warnings"].extend(item["warnings"])
    return list(rows.values())


_NUMBER = re.compile(r"\d+(?:,\d{3})*")
# A count as warnings write one: "N things" opening the line, a clause or a bracket
# ("23 parent comment(s) moved ...", "flagged posts: 2 deleted"); a number after its noun
# ("post 57", "page 1 of 2") is a name, never summed.
_COUNT = re.compile(r"(?:^|(?<=: )|(?<=\())\d+(?:,\d{3})* [a-z(]")


def folded(warnings: list[str]) -> list[str]:
    """The warnings of one file's threads, each kind once: the same words with another
    count ("5 parent comment(s) moved ahead ..." in 14 threads) become one line with the
    counts summed and the number of threads; identical ones one line with theirs.

    >>> folded(["2 posts moved", "3 posts moved", "no title", "flagged: 1 deleted", "flagged: 1 deleted"])
    ['5 posts moved (in 2 threads)', 'no title', 'flagged: 1 deleted (in 2 threads)']
    >>> folded(["post 5 not here", "post 7 not here"])  # names, not counts
    ['post 5 not here (and 1 more like it)']
    """
    kinds: dict[str, list[str]] = {}
    for w in warnings:
        kinds.setdefault(_NUMBER.sub("#", w), []).append(w)
    lines = []
    for template, alike in kinds.items():
        counts = [_NUMBER.findall(w) for w in alike]
        if len(alike) == 1:
            lines.append(alike[0])
        elif len(set(alike)) == 1:
            lines.append(f"{alike[0]} (in {len(alike):,} threads)")
        elif all(len(c) == 1 and _COUNT.search(w) for c, w in zip(counts, alike, strict=True)):
            total = sum(int(c[0].replace(",", "")) for c in counts)
            lines.append(f"{template.replace('#', f'{total:,}')} (in {len(alike):,} threads)")
        else:
            lines.append(f"{alike[0]} (and {len(alike) - 1:,} more like it)")
    return lines


def print_summary(analysis: Analysis) -> None:
    """The inputs table (one row per file) and the counts a person checks first
    (``Analysis.summary()``)."""
    s = analysis.summary()
    files = by_file(s["inputs"])  # type: ignore[arg-type]
    table = Table(title="Inputs", show_lines=False)
    for col in ("file", "format", "sure", "encoding", "threads", "posts"):
        table.add_column(col, overflow="fold")
    for item in files:
        # Text(): a file called "dump [copy].txt" is a name, not rich markup
        table.add_row(
            *map(Text, (item["file"], item["format"], f"{item['confidence']:.2f}", item["encoding"])),
            f"{item['threads']:,}",
            f"{item['posts']:,}",
        )
    out.print(table)
    for item in files:
        for warning in folded(item["warnings"]):
            out.print(f"note: {item['file']}: {warning}", markup=False)
    links = ", ".join(f"{k} {v}" for k, v in s["parent_links_by_evidence"].items()) or "none"  # type: ignore[union-attr]
    out.print(
        f"{plural(s['threads'], 'thread')}, {plural(s['posts'], 'post')}, "  # type: ignore[arg-type]
        f"{plural(s['authors'], 'author')}; "  # type: ignore[arg-type]
        f"parent links by evidence: {links}; {plural(s['reply_rows'], 'reply row')}",  # type: ignore[arg-type]
        markup=False,
    )
    langs = ", ".join(f"{k} {v}" for k, v in s["languages"].items())  # type: ignore[union-attr]
    out.print(
        f"languages: {langs}; sentiment not meaningful (not English, or no words) for "
        f"{plural(s['sentiment_unreliable_posts'], 'post')}",  # type: ignore[arg-type]
        markup=False,
    )
    if s["skipped_items"]:
        skipped = ", ".join(f"{k} {v}" for k, v in s["skipped_items"].items())  # type: ignore[union-attr]
        out.print(f"skipped items: {skipped}", markup=False)
    for item in s["skipped_files"]:  # type: ignore[union-attr]
        out.print(f"skipped file: {item['file']}: {item['reason']}", markup=False)


def print_tree(thread: Thread) -> None:
    """One thread's reply tree, a post a line: author, time, tone, the evidence of its
    parent link and its second links."""
    from threads.rootwords import for_format

    out.print(f"# {thread.thread_id} ({thread.source_format}, {len(thread.posts)} posts)", markup=False)
    children: dict[int | None, list[int]] = {}
    for post in thread.posts:
        children.setdefault(post.parent_id, []).append(post.post_id)
    also: dict[int, str] = {}  # one pass over the replies, not one per post
    for r in thread.replies:
        if r.target_id != thread.posts[r.post_id].parent_id:
            also[r.post_id] = also.get(r.post_id, "") + f" (also #{r.target_id} {r.evidence})"
    stand_in = f"({for_format(thread.source_format)[3]})"  # a placeholder root: "(the chat itself)"
    stack = [(pid, 0) for pid in reversed(children.get(None, []))]
    while stack:
        pid, level = stack.pop()
        p = thread.posts[pid]
        when = p.timestamp.strftime("%Y-%m-%d %H:%M") if p.timestamp else "-"
        link = f" [{p.reply_evidence} {p.reply_confidence:.2f}]" if p.reply_evidence else ""
        link += also.get(pid, "")
        who = p.author or (
            (stand_in if p.parent_id is None else "(deleted or removed)") if p.placeholder else "?"
        )
        out.print(f"{'  ' * level}#{pid} {who}  {when}  {p.compound:+.2f}{link}", markup=False)
        stack.extend((c, level + 1) for c in reversed(children.get(pid, [])))


def name_column() -> TextColumn:
    """The progress bar's file name column: a name, not rich markup (``C[/]arl.txt``)."""
    from rich.progress import TextColumn  # rich.progress only when a bar is drawn (start-up)

    return TextColumn("{task.description}", markup=False)


def rate_column() -> ProgressColumn:
    """The progress bar's column of posts and posts per second so far."""
    from rich.progress import ProgressColumn

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            elapsed = task.finished_time if task.finished else task.elapsed
            posts = task.fields.get("posts", 0)
            rate = posts / elapsed if elapsed else 0.0
            return Text(f"{plural(posts, 'post')}, {rate:,.0f} posts/s")

    return Rate()
