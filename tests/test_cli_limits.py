"""The resource limits on the command line (issue 17's start-up target).

--max-input-mb and --max-posts are options of the commands that read inputs, so that
`threads formats` processes no option typer validates with pydantic; given before the
command (their place until then) they still work, and `threads --help` still names them.
"""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.conftest import SEED_004
from threads.cli import EXIT_FAILED, app
from threads.cli_display import LIMIT_OPTIONS, limits_after_command
from threads.options import MAX_INPUT_ENV, MAX_POSTS_ENV

runner = CliRunner()
# click's exit code for a usage error (a bad option value)
EXIT_USAGE = 2
SEED_004_POSTS = 26
# A real mailing-list archive of the shared corpus, small enough to read quickly.
CORPUS_MBOX = "mbox_pipermail_metrics-grimoire_2016-04.mbox"
CORPUS_MBOX_POSTS = 3


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _no_limit_variables(monkeypatch) -> None:
    # A THREADS_MAX_* of the machine running the tests would change what they see.
    monkeypatch.delenv(MAX_INPUT_ENV, raising=False)
    monkeypatch.delenv(MAX_POSTS_ENV, raising=False)


def spellings(args: list[str], command: str, path: str) -> list[list[str]]:
    """``args`` given before the command, after it, and after the input."""
    return [[*args, command, path], [command, *args, path], [command, path, *args]]


# ---------------------------------------------------------------- the group's argument order
def _all_take_limits(name: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--max-posts", "5", "parse", "x"], ["parse", "--max-posts", "5", "x"]),
        (
            ["--max-posts=5", "--max-input-mb", "2", "show", "x"],
            ["show", "--max-posts=5", "--max-input-mb", "2", "x"],
        ),
        (["--help", "--max-posts", "5", "tree", "x"], ["--help", "tree", "--max-posts", "5", "x"]),
        (["parse", "x", "--max-posts", "5"], ["parse", "x", "--max-posts", "5"]),  # already after
        (["--", "--max-posts", "5"], ["--", "--max-posts", "5"]),  # after --, an argument
        (["--max-posts", "5"], []),  # no command: click says which is missing
    ],
)
def test_limits_given_before_the_command_move_after_it(args: list[str], expected: list[str]) -> None:
    assert limits_after_command(args, _all_take_limits) == expected


def test_a_command_without_the_limits_drops_them() -> None:
    args = ["--max-posts", "5", "--max-input-mb=2", "formats"]
    assert limits_after_command(args, lambda name: name != "formats") == ["formats"]


def test_every_command_that_reads_inputs_takes_the_limits() -> None:
    group = get_command(app)
    readers = {name for name, cmd in group.commands.items() if any(p.name == "inputs" for p in cmd.params)}
    assert readers == {"parse", "show", "tree", "report", "export"}
    for name, cmd in group.commands.items():
        opts = {opt for p in cmd.params for opt in p.opts}
        assert set(LIMIT_OPTIONS) <= opts if name in readers else not set(LIMIT_OPTIONS) & opts, name
    # the group has none: typer would validate them on every command (pydantic, ~100 ms)
    assert not {opt for p in group.params for opt in p.opts} & set(LIMIT_OPTIONS)


# ---------------------------------------------------------------- both spellings, end to end
@pytest.mark.parametrize("args", spellings(["--max-posts", str(SEED_004_POSTS - 1)], "show", str(SEED_004)))
def test_max_posts_before_or_after_the_command(args: list[str]) -> None:
    res = run(*args)
    assert res.exit_code == EXIT_FAILED, res.output
    assert f"too many posts ({SEED_004_POSTS}, over the limit of {SEED_004_POSTS - 1}" in res.output


@pytest.mark.parametrize("args", spellings([f"--max-posts={SEED_004_POSTS}"], "tree", str(SEED_004)))
def test_max_posts_at_the_count_reads_the_dump(args: list[str]) -> None:
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert "(typepad-text, 26 posts)" in res.output


@pytest.mark.parametrize("args", spellings(["--max-input-mb", "0.001"], "show", str(SEED_004)))
def test_max_input_mb_before_or_after_the_command(args: list[str]) -> None:
    res = run(*args)
    assert res.exit_code == EXIT_FAILED, res.output
    assert f"{SEED_004}: file too large" in res.output


def test_the_variables_apply_and_a_flag_wins_over_them(monkeypatch) -> None:
    monkeypatch.setenv(MAX_POSTS_ENV, str(SEED_004_POSTS - 1))
    res = run("show", str(SEED_004))
    assert res.exit_code == EXIT_FAILED and "too many posts" in res.output
    assert run("--max-posts", str(SEED_004_POSTS), "show", str(SEED_004)).exit_code == 0
    assert run("show", str(SEED_004), "--max-posts", str(SEED_004_POSTS)).exit_code == 0


@pytest.mark.parametrize("args", spellings(["--max-posts", "0"], "show", str(SEED_004)))
def test_a_bad_limit_is_a_usage_error_naming_the_option(args: list[str]) -> None:
    res = run(*args)
    assert res.exit_code == EXIT_USAGE
    assert "Invalid value for '--max-posts'" in res.output
    assert "Traceback" not in res.output


def test_a_bad_variable_is_one_line_and_exit_1(monkeypatch) -> None:
    monkeypatch.setenv(MAX_INPUT_ENV, "big")
    res = run("--max-posts", "5", "tree", str(SEED_004))
    assert res.exit_code == EXIT_FAILED
    assert res.output.strip() == f"threads: error: {MAX_INPUT_ENV} must be a number of MB (got 'big')"


def test_limits_before_formats_are_ignored() -> None:
    # `alias threads='threads --max-posts 100000'` keeps `threads formats` working.
    res = run("--max-posts", "5", "--max-input-mb=1", "formats")
    assert res.exit_code == 0, res.output
    assert "typepad-text" in res.output


def test_the_help_still_names_the_limits() -> None:
    res = run("--help")
    assert res.exit_code == 0
    text = " ".join(res.output.split())
    assert "--max-input-mb and --max-posts" in text and "also taken before the command" in text
    parse_help = run("parse", "--help").output
    assert all(opt in parse_help for opt in LIMIT_OPTIONS)
    assert not any(opt in run("formats", "--help").output for opt in LIMIT_OPTIONS)


# ---------------------------------------------------------------- a real dump
@pytest.mark.parametrize("before", [True, False])
def test_limits_on_a_real_mailing_list_archive(corpus, tmp_path, before: bool) -> None:
    path = str(corpus / CORPUS_MBOX)
    limit = ["--max-posts", str(CORPUS_MBOX_POSTS - 1)]
    out = ["--out", str(tmp_path / "out")]
    res = run(*limit, "parse", path, *out) if before else run("parse", path, *out, *limit)
    assert res.exit_code == EXIT_FAILED
    assert f"too many posts ({CORPUS_MBOX_POSTS}, over the limit of {CORPUS_MBOX_POSTS - 1}" in res.output
    assert not (tmp_path / "out").exists()
    res = run("--max-posts", str(CORPUS_MBOX_POSTS), "parse", path, *out)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "posts.parquet").exists()
