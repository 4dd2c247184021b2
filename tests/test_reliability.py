"""The bad-input matrix of issue 8, through the CLI: every case gets its exact one-line
message naming the file, its exit code, no traceback, and no output or temporary file
left behind. Then batches (50 good + 10 broken), limits, failing writes, Ctrl-C,
re-runs over an existing output folder and determinism.

Every input is made in ``tmp_path`` at test time from the seeds and fixtures.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import importlib
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import threads
from tests.conftest import FIXTURES, ROOT, SEED_004, SEEDS
from threads import cli
from threads.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PARTIAL, app
from threads.read import MAX_INPUT_ENV, MAX_POSTS_ENV

runner = CliRunner()
SEED_TEXT = SEED_004.read_text(encoding="utf-8")
PASSWD = Path("/etc/passwd")


def run(*args: str, input: bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def leftovers(root: Path) -> list[str]:
    """Temporary files anywhere under ``root`` (an atomic write that was not cleaned up)."""
    return sorted(str(p) for p in root.rglob("*") if p.name.endswith(".tmp"))


def error_lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("threads: error:")]


def assert_refused(res, path: Path, message: str, out: Path) -> None:
    """Exit 1, exactly one line ``threads: error: PATH: MESSAGE``, nothing written."""
    assert res.exit_code == EXIT_FAILED, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert lines == [f"threads: error: {path}: {message}"]
    assert "Traceback" not in res.output
    assert not out.exists()
    assert leftovers(path.parent) == []


# ---------------------------------------------------------------- inputs refused, exactly
def _seed_with(prefix: str) -> bytes:
    return (prefix + SEED_TEXT).encode("utf-8")


def _tar_gz(member: Path) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(member, arcname=member.name)
    return buf.getvalue()


def _zip(*members: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.write(member, arcname=member.name)
    return buf.getvalue()


REFUSED: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "file is empty"),
    "whitespace.txt": (lambda: b" \t\r\n \n\n  ", "file has only whitespace"),
    "image.txt": (
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "binary file, not text (a PNG image)",
    ),
    # A gzip file is read (tests/test_compressed.py); an archive of many files is not.
    "backup.tar.gz": (
        lambda: _tar_gz(SEED_004),
        "a tar archive (gzip-compressed): extract it first (threads reads one dump per file, "
        "or a folder of them)",
    ),
    "dump.txt": (  # gzip, not declared as such (no .gz name), cut short
        lambda: gzip.compress(SEED_004.read_bytes(), mtime=0)[:-200],
        "not a readable gzip file: Compressed file ended before the end-of-stream marker was reached",
    ),
    "dump.zip": (  # a zip of one dump is read (tests/test_zipped.py); of several, not
        lambda: _zip(SEED_004, SEEDS / "000_91b0e084dad68935.txt"),
        "a zip archive of 2 file(s), 2 files that may be dumps (004_c3b9a48d73eaee79.txt, "
        "000_91b0e084dad68935.txt): extract it first (threads reads one dump per file, or a folder of them)",
    ),
    "wrong_shape.json": (
        lambda: json.dumps({"hello": [1, 2, 3], "world": {"a": None}}).encode(),
        "a JSON document, but not in the shape of any export threads reads "
        "(threads formats lists them; --format NAME says what that one expects)",
    ),
    "wrong_shape_list.json": (
        lambda: b'[1, 2, "three", {"kind": "nothing we know"}]',
        "a JSON document, but not in the shape of any export threads reads "
        "(threads formats lists them; --format NAME says what that one expects)",
    ),
    # A recorded API session (a VCR/betamax cassette) minified onto one line over the line
    # limit: it is JSON of no known shape, not "a line of 1,100,098 characters".
    "cassette.json": (
        lambda: json.dumps({"interactions": [{"response": {"body": {"string": "x" * 1_100_000}}}]}).encode(),
        "a JSON document, but not in the shape of any export threads reads "
        "(threads formats lists them; --format NAME says what that one expects)",
    ),
    "cassette_cut.json": (
        lambda: json.dumps({"interactions": [{"response": {"body": {"string": "x" * 1_100_000}}}]}).encode()[
            :-10
        ],
        "looks like JSON but is not valid (truncated?): "
        "Unterminated string starting at: line 1 column 52 (char 51)",
    ),
    "deep.json": (
        lambda: b"[" * 100_000 + b"]" * 100_000,
        "JSON nested too deeply to read (over ~1,000 levels)",
    ),
    "utf16_cut.txt": (  # a BOM, then a character cut in half
        lambda: b"\xff\xfe" + "hello there".encode("utf-16-le") + b"\x00\xd8",
        "cannot decode as utf-16-le: unexpected end of data",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_clear_line(tmp_path: Path, name: str) -> None:
    make, message = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(make())
    out = tmp_path / "out"
    assert_refused(run("parse", str(path), "--out", str(out)), path, message, out)


def test_a_100_mb_single_line(tmp_path: Path) -> None:
    path = tmp_path / "one_line.txt"
    with path.open("wb") as fh:  # 100 MB, written in 1 MB blocks
        block = b"word " * 209_716
        for _ in range(100):
            fh.write(block)
    out = tmp_path / "out"
    n = 100 * len(block)
    message = (
        f"a line of {n:,} characters (limit 1,000,000): not a text thread dump (truncated or minified file?)"
    )
    assert_refused(run("parse", str(path), "--out", str(out)), path, message, out)


def test_fifo_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    message = "not a regular file (a pipe or device?); use - to read standard input"
    assert_refused(run("parse", str(fifo), "--out", str(out)), fifo, message, out)


@pytest.mark.parametrize(
    "fixture",
    [
        "reddit-json/bicycling_chain_wear.json",
        "hn-json/algolia_sqlite_wal.json",
        "hn-json/firebase_rust_gc.json",
        "discourse-json/meta_sourdough_hydration.json",
        "disqus-xml/cycling_blog_export.xml",
        "wordpress-wxr/allotment_diary_export.xml",
    ],
)
def test_truncated_json_and_xml_refused(tmp_path: Path, fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    path = tmp_path / Path(fixture).name
    path.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert res.exit_code == EXIT_FAILED, res.output
    (line,) = [ln for ln in res.output.splitlines() if ln.strip()]
    kind = "not well-formed XML: " if path.suffix == ".xml" else "not valid JSON for "
    assert line.startswith(f"threads: error: {path}: {kind}")
    assert "Traceback" not in res.output and not out.exists()


def test_ten_thousand_levels_of_nested_xml(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com">'
        + "<a>" * 10_000
        + "x"
        + "</a>" * 10_000
        + "</disqus>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert res.exit_code == EXIT_FAILED and not out.exists()
    (line,) = [ln for ln in res.output.splitlines() if ln.strip()]
    assert line.startswith(f"threads: error: {path}: not well-formed XML: Excessive depth in document: 256")


# ---------------------------------------------------------------- XML attacks
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{("&lol%s;" % ("" if n == 1 else n - 1)) * 10}">\n' for n in range(1, 10))
    + "]>\n"
)
XXE = f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{PASSWD}">]>\n'
DISQUS_BODY = (
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
    '<thread dsq:id="1"><title>T</title></thread><post dsq:id="2"><message>{ref}</message>'
    '<author><name>A</name></author><thread dsq:id="1"/></post></disqus>'
)


@pytest.mark.parametrize("attack", ["bomb", "xxe"])
@pytest.mark.parametrize("root", ["disqus", "unknown"])
def test_xml_entities_never_expanded(tmp_path: Path, attack: str, root: str) -> None:
    head, ref = (BOMB, "&lol9;") if attack == "bomb" else (XXE, "&xxe;")
    body = DISQUS_BODY.format(ref=ref) if root == "disqus" else f"<notes><note>{ref} here</note></notes>"
    path = tmp_path / f"{attack}.xml"
    path.write_text(head + body, encoding="utf-8")
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out), "--to", "ndjson")
    assert "Traceback" not in res.output
    written = "".join(p.read_text(encoding="utf-8") for p in out.glob("*")) if out.exists() else ""
    secret = PASSWD.read_text(encoding="utf-8").splitlines()[0] if PASSWD.exists() else "root:x:0:0"
    assert secret not in res.output and secret not in written
    assert "lollollol" not in written and len(written) < 20_000
    if root == "disqus":  # an export that declares entities is refused, naming the file
        assert res.exit_code == EXIT_FAILED
        assert error_lines(res.output) == [ln for ln in res.output.splitlines() if ln.strip()]
        assert error_lines(res.output)[0].startswith(f"threads: error: {path}: ")
        assert "declares entities" in res.output and not out.exists()
    else:  # XML that no export dialect takes is refused too
        assert res.exit_code == EXIT_FAILED
        assert error_lines(res.output) == [
            f"threads: error: {path}: an XML document, but not in the shape of any export threads reads "
            "(threads formats lists them; --format NAME says what that one expects)"
        ]


# ---------------------------------------------------------------- damaged but readable
def _mixed_newlines(text: str) -> str:
    ends = ("\r\n", "\r", "\n")
    return "".join(line + ends[i % 3] for i, line in enumerate(text.split("\n")))


def test_invalid_utf8_bytes_keep_the_rest_utf8(tmp_path: Path) -> None:
    text = SEED_TEXT.replace("How would an implied", "Café au lait, naïve résumé. How would an implied", 1)
    assert text != SEED_TEXT
    data = text.encode("utf-8")
    cut = data.index("résumé".encode()) + len("résumé".encode())
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert res.exit_code == 0, res.output
    assert threads.read(path).threads[0].encoding == "utf-8 (2 invalid bytes replaced)"
    posts = pl.read_parquet(out / "posts.parquet")
    assert posts.height == 26
    all_text = "\n".join(posts["text"].to_list())
    assert "Café au lait, naïve résumé\ufffd\ufffd. How" in all_text and "Ã" not in all_text


@pytest.mark.parametrize("variant", ["utf16-no-bom", "mixed-newlines", "utf16be-no-bom"])
def test_encodings_and_newlines_give_the_same_posts(tmp_path: Path, variant: str) -> None:
    data = {
        "utf16-no-bom": SEED_TEXT.encode("utf-16-le"),
        "utf16be-no-bom": SEED_TEXT.encode("utf-16-be"),
        "mixed-newlines": _mixed_newlines(SEED_TEXT).encode("utf-8"),
    }[variant]
    path = tmp_path / SEED_004.name
    path.write_bytes(data)
    res = run("parse", str(path), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    res = run("parse", str(SEED_004), "--out", str(tmp_path / "clean"))
    got = pl.read_parquet(tmp_path / "out" / "posts.parquet").drop("source_file")
    want = pl.read_parquet(tmp_path / "clean" / "posts.parquet").drop("source_file")
    assert got.equals(want)


def test_truncated_html_keeps_the_comments_before_the_cut(tmp_path: Path) -> None:
    page = (FIXTURES / "wordpress-html" / "library_hours_en.html").read_bytes()
    path = tmp_path / "cut.html"
    path.write_bytes(page[: len(page) // 2])
    res = run("parse", str(path), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    assert pl.read_parquet(tmp_path / "out" / "posts.parquet").height >= 2


def test_ten_thousand_levels_of_nested_html(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 10_000 + "deep words here" + "</div>" * 10_000 + "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert "Traceback" not in res.output
    if res.exit_code == 0:  # read as one post, or refused with one line
        assert pl.read_parquet(out / "posts.parquet").height >= 1
    else:
        assert res.exit_code == EXIT_FAILED and len(error_lines(res.output)) == 1


def test_mbox_with_a_broken_header(tmp_path: Path) -> None:
    good = (FIXTURES / "mbox" / "tern-dev_2011-March.mbox").read_text(encoding="utf-8")
    broken = good.replace("Subject: [tern-dev] Release freeze for 0.9", "Subject: =?x-unknown?B?!!!?=", 1)
    broken = broken.replace("Date: Mon, 07 Mar 2011 21:15:00 +0100", "Date: not a date at all", 1)
    broken = broken.replace("From: alice.baker at example.org (Alice Baker)", "From: =?utf-8?q?broken", 1)
    assert broken != good
    path = tmp_path / "broken.mbox"
    path.write_text(broken, encoding="utf-8")
    res = run("parse", str(path), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    posts = pl.read_parquet(tmp_path / "out" / "posts.parquet")
    want = pl.read_parquet(_parsed(tmp_path / "good", good, "good.mbox") / "posts.parquet")
    assert posts.height == want.height  # the broken message is kept, with its text
    assert posts["text"].equals(want["text"])
    assert posts["timestamp"][0] is not None  # from the "From " line instead
    assert posts["timestamp"][1:].equals(want["timestamp"][1:])


def _parsed(folder: Path, text: str, name: str) -> Path:
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    res = run("parse", str(folder / name), "--out", str(folder / "out"))
    assert res.exit_code == 0, res.output
    return folder / "out"


def test_symlink_loop_in_an_input_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "004.txt").write_bytes(SEED_004.read_bytes())
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "self").symlink_to("self")
    res = run("parse", str(folder), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    assert pl.read_parquet(tmp_path / "out" / "posts.parquet").height == 26


# ---------------------------------------------------------------- during the run
def test_a_file_that_disappears_mid_run(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = folder / "a.txt", folder / "b.txt"
    first.write_bytes(SEED_004.read_bytes())
    second.write_bytes(SEED_004.read_bytes())
    reading = importlib.import_module("threads.read")  # the module (threads.read is the function)
    real = reading.read_source

    def read_then_delete(path, *limit):
        if Path(path) == first:
            second.unlink()  # listed, then gone before it is read
        return real(path, *limit)

    monkeypatch.setattr(reading, "read_source", read_then_delete)
    res = run("parse", str(folder), "--out", str(tmp_path / "out"))
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert error_lines(res.output) == [f"threads: error: {second}: no such file or folder"]
    assert pl.read_parquet(tmp_path / "out" / "posts.parquet")["source_file"].unique().to_list() == [
        str(first)
    ]


def test_a_file_removed_while_it_is_opened(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "gone.txt"
    path.write_bytes(SEED_004.read_bytes())
    real_open = Path.open

    def vanish(self, *args, **kwargs):
        if self == path:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", vanish)
    out = tmp_path / "out"
    res = run("parse", str(path), "--out", str(out))
    assert_refused(res, path, "cannot read: No such file or directory", out)


def _parse_then_fail_write(tmp_path: Path, monkeypatch, error: OSError, *cmd: str) -> tuple[object, Path]:
    """Run a command whose every file write fails with ``error`` half-way through."""
    report_module = importlib.import_module("threads.report")  # threads.report is the function

    def half_then_fail(self, path, *args, **kwargs):
        Path(path).write_bytes(b"half a file")
        raise error

    monkeypatch.setattr(pl.DataFrame, "write_parquet", half_then_fail)
    real_replace = os.replace

    def replace(src, dst):
        if isinstance(error, PermissionError):
            raise error
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)  # every atomic writer's (threads/files.py)
    monkeypatch.setattr(report_module.os, "replace", replace)
    monkeypatch.setattr(report_module.os, "fdopen", lambda fd, mode: _FailingFile(fd, error))
    out = tmp_path / "out"
    return run(*cmd, str(SEED_004), "--out", str(out)), out


class _FailingFile:
    """A file object whose write fails (report.write_atomic's ``os.fdopen``)."""

    def __init__(self, fd: int, error: OSError) -> None:
        self.fd, self.error = fd, error

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        os.write(self.fd, data[:100])
        raise self.error


WRITE_ERRORS = {
    "disk-full": (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    "not-writable": (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
}


@pytest.mark.parametrize("command", ["parse", "report"])
@pytest.mark.parametrize("case", sorted(WRITE_ERRORS))
def test_failed_writes_leave_nothing_behind(tmp_path: Path, monkeypatch, command: str, case: str) -> None:
    error, reason = WRITE_ERRORS[case]
    res, out = _parse_then_fail_write(tmp_path, monkeypatch, error, command)
    assert res.exit_code == EXIT_FAILED, res.output
    (line,) = error_lines(res.output)
    assert line.startswith("threads: error: ") and line.endswith(f": cannot write: {reason}")
    assert str(out) in line
    assert "Traceback" not in res.output
    assert leftovers(tmp_path) == []
    assert [p for p in out.rglob("*") if p.is_file()] == []  # nothing half-written


def test_output_folder_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("parse", str(SEED_004), "--out", str(blocker / "out"))
    assert res.exit_code == EXIT_FAILED
    assert error_lines(res.output) == [f"threads: error: {blocker / 'out'}: cannot write: Not a directory"]
    res = run("report", str(SEED_004), "--out", str(blocker / "out"))
    assert res.exit_code == EXIT_FAILED
    assert error_lines(res.output) == [f"threads: error: {blocker / 'out'}: exists and is not a folder"]
    assert blocker.read_text() == "x" and leftovers(tmp_path) == []


def test_ctrl_c_mid_write_leaves_no_partial_file(tmp_path: Path, monkeypatch, capfd) -> None:
    out = tmp_path / "out"
    calls = []

    def interrupted(self, path, *args, **kwargs):
        calls.append(path)
        Path(path).write_bytes(b"half")
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, half-way through the first table
        time.sleep(5)  # the handler raises before this ends

    monkeypatch.setattr(pl.DataFrame, "write_parquet", interrupted)
    monkeypatch.setattr(sys, "argv", ["threads", "parse", str(SEED_004), "--out", str(out)])
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(SystemExit) as info:
        cli.main()
    signal.signal(signal.SIGINT, before)
    assert info.value.code == EXIT_INTERRUPTED and calls
    assert "threads: interrupted" in capfd.readouterr().err
    assert leftovers(tmp_path) == [] and list(out.iterdir()) == []


def test_library_warnings_do_not_reach_the_terminal(tmp_path: Path) -> None:
    """Unknown zone names in footers made dateutil warn, two lines a post: a real process
    (pytest would record the warnings itself) shows none of it, and the times stay as
    written."""
    path = tmp_path / "zones.txt"
    path.write_text(
        "Title\nComments\nHello there\nPosted by: Ann | 07 June 2016 at 05:06 PM XYZ\n"
        "Again\nPosted by: Bob | 07 June 2016 at 05:26 PM QQQ\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("THREADS_DEBUG", "PYTHONWARNINGS")}
    env["PYTHONPATH"] = str(ROOT)
    for debug in ("", "1"):  # not even when debugging: dates.py handles the zone itself
        out = str(tmp_path / "o")
        cmd = [sys.executable, "-W", "always", "-m", "threads", "parse", str(path), "--out", out]
        res = subprocess.run(
            cmd, capture_output=True, text=True, env={**env, "THREADS_DEBUG": debug}, timeout=120
        )
        assert res.returncode == 0 and res.stderr == "", res.stderr
    posts = pl.read_parquet(next((tmp_path / "o").rglob("posts*.parquet")))
    assert sorted(t.strftime("%H:%M") for t in posts["timestamp"].drop_nulls()) == ["17:06", "17:26"]


def _big_dump(path: Path, n: int) -> Path:
    parts = ["A long thread", "Comments"]
    for i in range(n):
        parts.append(f"Comment {i}: I agree with most of this, though not all.")
        parts.append(f"Posted by: user{i % 97} | 07 June 2016 at {1 + i % 12:02d}:{i % 60:02d} PM")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> int:
    """How many processes descend from ``pid`` (children, grandchildren, ...)."""
    return len(_descendant_pids(pid))


def _descendant_pids(pid: int) -> list[int]:
    kids = [int(k) for p in Path(f"/proc/{pid}/task").glob("*/children") for k in p.read_text().split()]
    return kids + [d for k in kids for d in _descendant_pids(k)]


def _tree_cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` and its descendants so far: in a corpus run the main process
    only hands out inputs (under a second of CPU in a minute's run), the workers work."""
    total = _cpu_seconds(pid)
    for kid in _descendant_pids(pid):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # ended while counted
            total += _cpu_seconds(kid)
    return total


def _wait_busy(proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until ``proc`` is in the middle of its work, however loaded the machine: it
    and its workers have used 1.5 s of CPU (its imports take a fraction of that) and its worker
    processes run (corpus workers, or the sentiment pool of a big thread: the fork server's
    children; with the fork server and resource tracker, four processes). A fixed sleep
    interrupted a run still importing on a busy machine. Without /proc (not Linux) a few
    seconds' sleep has to do."""
    if not Path(f"/proc/{proc.pid}/stat").exists():
        time.sleep(4)
        return
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            if _descendants(proc.pid) >= 4 and _tree_cpu_seconds(proc.pid) >= 1.5:
                time.sleep(1)  # the workers are at work
                return
        except (FileNotFoundError, ProcessLookupError):  # a process ended while counted
            pass
        time.sleep(0.05)


def test_ctrl_c_while_the_cli_imports_is_one_line(monkeypatch, capsys) -> None:
    """A Ctrl-C before ``cli.main`` runs (while typer, rich and the commands load) was
    Python's traceback; it is now the same line and exit code as a Ctrl-C later."""
    from threads import cli_display, entry

    real_import = __import__

    def interrupted(name, *args, **kwargs):
        if name == "threads.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", interrupted)
    with pytest.raises(SystemExit) as info:
        entry.main()
    assert info.value.code == entry.EXIT_INTERRUPTED == cli_display.EXIT_INTERRUPTED
    assert capsys.readouterr().err == "threads: interrupted\n"


def _slow_task(folder: str) -> str:
    """A worker's task that marks when it starts (its process id first) and, seconds
    later, when it finishes."""
    (Path(folder) / "pid").write_text(str(os.getpid()))
    (Path(folder) / "started").touch()
    time.sleep(SLOW_TASK_SECONDS)
    (Path(folder) / "finished").touch()
    return folder


SLOW_TASK_SECONDS = 4


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (Linux /proc; a zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_ctrl_c_ends_the_workers_instead_of_waiting_for_their_inputs(tmp_path: Path) -> None:
    """A Ctrl-C while a worker is busy stops the run now: the pool waited for the result
    with no timeout (the interrupt was held until an input finished) and then for every
    input in the workers' hands (39 s after a Ctrl-C on a corpus of 8,000-post inputs).
    Here the interrupt comes while the task runs; the task never gets to finish."""
    from threads import parallel

    def interrupt(signum, frame):
        if (tmp_path / "started").exists():
            raise KeyboardInterrupt
        signal.setitimer(signal.ITIMER_REAL, 0.05)  # not started yet: look again soon

    before = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), parallel.executor(2) as runner:
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            for _ in parallel.bounded(runner, _slow_task, [str(tmp_path)]):
                pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert (tmp_path / "started").exists()
    # Until the worker is gone, or longer than the task would have taken: a worker left
    # running finishes it (a fixed 5 s sleep waited that long for a worker already gone).
    worker = int((tmp_path / "pid").read_text())
    end = time.monotonic() + SLOW_TASK_SECONDS + 1
    while time.monotonic() < end and (_running(worker) or not Path("/proc/self/stat").exists()):
        time.sleep(0.05)
    assert not (tmp_path / "finished").exists()


# The single thread of the Ctrl-C test: over sentiment.PARALLEL_MIN_POSTS (20,000), so
# its scoring runs in the pool's worker processes that _wait_busy waits for, and big
# enough that its analysis lasts minutes after they start. 400,000 posts spent most of
# the test parsing before any worker started (~9 s of ~12).
CTRL_C_POSTS = 100_000


@pytest.mark.parametrize("mode", ["single", "corpus"])
def test_ctrl_c_mid_run_exits_130_without_partial_files(tmp_path: Path, mode: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    if mode == "single":
        from threads.sentiment import PARALLEL_MIN_POSTS

        assert CTRL_C_POSTS > PARALLEL_MIN_POSTS  # the workers interrupted are the pool's
        args = [str(_big_dump(folder / "big.txt", CTRL_C_POSTS))]
    else:
        for n in range(24):
            _big_dump(folder / f"part{n:02d}.txt", 8_000)
        args = [str(folder), "--workers", "2"]
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "threads", "parse", *args, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, as a command run in a terminal
    )
    _wait_busy(proc)
    assert proc.poll() is None, "finished before it could be interrupted: make the input bigger"
    # Ctrl-C in a terminal reaches the whole group: the run, its fork server and workers.
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    text = stdout.decode() + stderr.decode()
    assert proc.returncode == EXIT_INTERRUPTED, text
    # Not one traceback: not from the workers (the sentiment pool's printed two), nor
    # from the fork server while it imported.
    assert "threads: interrupted" in text and "Traceback" not in text
    assert leftovers(tmp_path) == []
    if mode == "single":  # nothing is written before the analysis is complete
        assert not out.exists()
    else:  # finished parts are complete Parquet files; no aggregate claims completeness
        assert not (out / "corpus.json").exists()
        for part in out.rglob("*.parquet"):
            pl.read_parquet(part)


# ---------------------------------------------------------------- batches
def _batch(root: Path) -> tuple[Path, list[Path]]:
    """50 good dumps (seeds and fixtures, copied under new names) and 10 broken ones."""
    folder = root / "batch"
    folder.mkdir()
    goods = sorted(SEEDS.glob("*.txt")) + sorted(
        p for p in FIXTURES.rglob("*") if p.is_file() and not p.parent.name.endswith("-html")
    )
    for n in range(50):
        src = goods[n % len(goods)]
        (folder / f"good_{n:02d}{src.suffix}").write_bytes(src.read_bytes())
    broken = {
        "bad_0_wrong_shape.json": b'{"not": "an export"}',
        "bad_1_truncated.json": (FIXTURES / "reddit-json" / "bicycling_chain_wear.json").read_bytes()[:900],
        "bad_2_deep.json": b"[" * 5000 + b"]" * 5000,
        "bad_3_utf16_cut.txt": b"\xff\xfe" + "hello".encode("utf-16-le") + b"\x00\xd8",
        "bad_4_long_line.txt": b"word " * 220_001,
        "bad_5_bomb.xml": (BOMB + DISQUS_BODY.format(ref="&lol9;")).encode(),
        "bad_6_xxe.xml": (XXE + DISQUS_BODY.format(ref="&xxe;")).encode(),
        "bad_7_truncated.xml": (FIXTURES / "disqus-xml" / "cycling_blog_export.xml").read_bytes()[:1500],
        "bad_8_list.json": b"[1, 2, 3]",
        "bad_9_truncated_hn.json": (FIXTURES / "hn-json" / "firebase_rust_gc.json").read_bytes()[:500],
    }
    for name, data in broken.items():
        (folder / name).write_bytes(data)
    return folder, sorted(folder / name for name in broken)


def test_fifty_good_ten_broken_in_one_table_set(tmp_path: Path) -> None:
    folder, bad = _batch(tmp_path)
    out = tmp_path / "out"
    res = run("parse", str(folder), "--out", str(out), "--single")
    assert res.exit_code == EXIT_PARTIAL, res.output
    named = {p for p in bad for ln in error_lines(res.output) if ln.startswith(f"threads: error: {p}: ")}
    assert named == set(bad) and len(error_lines(res.output)) == 10
    posts = pl.read_parquet(out / "posts.parquet")
    assert posts["source_file"].n_unique() == 50
    assert not any("bad_" in f for f in posts["source_file"].unique().to_list())
    assert "Traceback" not in res.output and leftovers(tmp_path) == []
    # --strict stops at the first broken input and writes nothing
    res = run("parse", str(folder), "--out", str(tmp_path / "strict"), "--single", "--strict")
    assert res.exit_code == EXIT_FAILED
    assert error_lines(res.output) == [ln for ln in res.output.splitlines() if ln.strip()]
    assert error_lines(res.output)[0].startswith(f"threads: error: {bad[0]}: ")
    assert not (tmp_path / "strict").exists()


def test_fifty_good_ten_broken_dashboards(tmp_path: Path) -> None:
    folder, bad = _batch(tmp_path)
    res = run("report", str(folder), "--out", str(tmp_path / "pages"))
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert len(error_lines(res.output)) == 10
    pages = [p for p in (tmp_path / "pages").glob("*.html") if p.name != "index.html"]
    assert len(pages) >= 50  # a file may hold several threads (an mbox, a WXR export)
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    assert all(p.name in index for p in bad)  # the failures are listed on the index page


# ---------------------------------------------------------------- limits
def test_input_size_cap_option_env_and_stdin(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(MAX_INPUT_ENV, "")  # restored after the test: --max-input-mb sets it
    big = SEED_004.stat().st_size
    out = tmp_path / "out"
    cap = (big - 1000) / 2**20
    res = run("--max-input-mb", str(cap), "parse", str(SEED_004), "--out", str(out))
    message = (
        f"file too large ({big / 2**20:,.1f} MB, over the limit of {cap:,.1f} MB; "
        f"threads --max-input-mb N or {MAX_INPUT_ENV}=N raises it)"
    )
    assert res.exit_code == EXIT_FAILED
    assert [ln for ln in res.output.splitlines() if ln.strip()] == [f"threads: error: {SEED_004}: {message}"]
    assert not out.exists()
    monkeypatch.setenv(MAX_INPUT_ENV, str(cap))
    res = run("show", "-", input=SEED_004.read_bytes())
    assert (
        res.exit_code == EXIT_FAILED
        and "threads: error: <stdin>: file too large (over the limit" in res.output
    )
    monkeypatch.setenv(MAX_INPUT_ENV, "lots")
    res = run("show", str(SEED_004))
    assert res.exit_code == EXIT_FAILED
    assert "THREADS_MAX_INPUT_MB must be a number of MB (got 'lots')" in res.output
    monkeypatch.setenv(MAX_INPUT_ENV, str(2 * big / 2**20))
    assert run("show", str(SEED_004)).exit_code == 0


def test_post_count_cap_option_and_env(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(MAX_POSTS_ENV, "")  # restored after the test: --max-posts sets it
    posts = len(threads.read(SEED_004).posts)
    out = tmp_path / "out"
    res = run("--max-posts", str(posts - 1), "parse", str(SEED_004), "--out", str(out))
    message = (
        f"too many posts ({posts:,}, over the limit of {posts - 1:,}; "
        f"threads --max-posts N or {MAX_POSTS_ENV}=N raises it)"
    )
    assert res.exit_code == EXIT_FAILED
    assert [ln for ln in res.output.splitlines() if ln.strip()] == [f"threads: error: {SEED_004}: {message}"]
    assert not out.exists()
    monkeypatch.setenv(MAX_POSTS_ENV, str(posts))  # exactly at the cap is allowed
    assert run("show", str(SEED_004)).exit_code == 0
    monkeypatch.setenv(MAX_POSTS_ENV, "0")
    res = run("show", str(SEED_004))
    assert res.exit_code == EXIT_FAILED and "THREADS_MAX_POSTS must be more than 0 (got '0')" in res.output


def test_blank_line_flood_does_not_hang(tmp_path: Path) -> None:
    """A comment with 60,000 blank lines inside: seconds once fixed, minutes before."""
    path = tmp_path / "flood.txt"
    path.write_text(
        "Title\nComments\nfirst line" + "\n" * 60_000 + "last line\n"
        "Posted by: Ann | 07 June 2016 at 05:06 PM\nA reply.\nPosted by: Bob | 07 June 2016 at 05:26 PM\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # a hang detector with a generous bound, not a benchmark
    res = subprocess.run(
        [sys.executable, "-m", "threads", "show", str(path)], capture_output=True, env=env, timeout=30
    )
    assert res.returncode == 0, res.stderr.decode()
    assert "3 posts" in res.stdout.decode()


# ---------------------------------------------------------------- output names
def test_page_names_from_hostile_file_names_stay_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["CON.txt", "nul", "index.txt", "..hidden-ish.txt", "a b;rm -rf ~.txt", "ünï çødé.txt", "x" * 200]
    for name in names:
        (folder / name).write_bytes(SEED_004.read_bytes())
    out = tmp_path / "pages"
    res = run("report", *(str(folder / n) for n in names), "--out", str(out))
    assert res.exit_code == 0, res.output
    # seven pages draw charts, so plotly.js is one shared file beside them (issue 18)
    assert (out / "plotly.min.js").is_file()
    pages = sorted(p.name for p in out.iterdir() if p.name != "plotly.min.js")
    assert len(pages) == len(names) + 1 and "index.html" in pages
    reserved = {"con", "prn", "aux", "nul", "index"}
    for page in pages:
        stem = page.removesuffix(".html")
        assert page == "index.html" or stem.lower().split(".")[0] not in reserved, page
        assert not page.startswith(".") and "/" not in page and len(page) <= 110
    assert [p for p in tmp_path.rglob("*.html") if p.parent != out] == []


# ---------------------------------------------------------------- re-runs and determinism
@pytest.mark.parametrize("to", ["parquet", "csv", "ndjson"])
def test_same_input_byte_identical_tables(tmp_path: Path, to: str) -> None:
    for name in ("a", "b"):
        res = run("parse", str(SEEDS), "--out", str(tmp_path / name), "--to", to)
        assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir()) and len(files) == 4
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_rerun_over_an_existing_output_folder_replaces_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("parse", str(SEEDS), "--out", str(out)).exit_code == 0
    assert pl.read_parquet(out / "posts.parquet").height == 30
    assert run("parse", str(SEED_004), "--out", str(out)).exit_code == 0
    posts = pl.read_parquet(out / "posts.parquet")
    assert posts.height == 26 and posts["thread_id"].unique().to_list() == ["004_c3b9a48d73eaee79"]
    authors = pl.read_parquet(out / "authors.parquet")
    assert set(authors["author"].to_list()) == set(posts["author"].drop_nulls().to_list())
    assert sorted(p.name for p in out.iterdir()) == [
        "authors.parquet",
        "interactions.parquet",
        "posts.parquet",
        "replies.parquet",
    ]
    pages = tmp_path / "pages"
    assert run("report", str(SEEDS), "--out", str(pages)).exit_code == 0
    first = {p.name: p.read_bytes() for p in pages.iterdir()}
    assert run("report", str(SEEDS), "--out", str(pages)).exit_code == 0
    assert {p.name: p.read_bytes() for p in pages.iterdir()} == first


@pytest.mark.parametrize("mode", ["single", "corpus"])
def test_a_bug_met_on_one_input_fails_that_input_only(tmp_path: Path, monkeypatch, mode: str) -> None:
    """An exception that is not a ThreadsError (a bug, such as the KeyError a long s in
    a date once raised) fails the input it met, in one line, and the run goes on with
    the others (exit 3): in one process it stopped the whole run, every other file
    unread. --strict stops there; THREADS_DEBUG=1 lets it through with its traceback."""
    from threads import analysis, parallel

    folder = tmp_path / "dumps"
    folder.mkdir()
    for n in range(3):
        (folder / f"good_{n}.txt").write_text(SEED_TEXT, encoding="utf-8")
    odd = folder / "odd.txt"
    odd.write_text(SEED_TEXT, encoding="utf-8")

    def buggy(real):  # type: ignore[no-untyped-def]
        def call(source, *args, **kwargs):  # type: ignore[no-untyped-def]
            if source.path.endswith("odd.txt"):
                raise KeyError("auguſt")
            return real(source, *args, **kwargs)

        return call

    monkeypatch.setattr(analysis, "parse_source", buggy(analysis.parse_source))
    monkeypatch.setattr(parallel, "analyse_source", buggy(parallel.analyse_source))
    how = ["--single"] if mode == "single" else ["--partitioned", "--workers", "1"]
    out = tmp_path / "out"
    res = run("parse", str(folder), "--out", str(out), *how)
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert error_lines(res.output) == [
        f"threads: error: {odd}: internal error: KeyError: 'auguſt' "
        "(please report it; THREADS_DEBUG=1 shows the traceback)"
    ]
    assert "Traceback" not in res.output and leftovers(tmp_path) == []
    written = threads.read(out).posts  # an output folder reads back, a corpus folder too
    names = sorted(Path(f).name for f in written["source_file"].unique())
    assert names == [f"good_{n}.txt" for n in range(3)]

    res = run("parse", str(folder), "--out", str(tmp_path / "strict"), *how, "--strict")
    assert res.exit_code == EXIT_FAILED
    # (a corpus folder keeps the parts of the inputs done before, no manifest: not a corpus)
    assert not (tmp_path / "strict" / ("corpus.json" if mode == "corpus" else "")).exists()
    # (a corpus run names each failure as it comes, and --strict then stops on it)
    assert len(set(error_lines(res.output))) == 1 and "Traceback" not in res.output
    assert error_lines(res.output)[0].startswith(f"threads: error: {odd}: internal error: KeyError")
    if mode == "single":  # (a corpus run names a worker's bug as that input's failure)
        monkeypatch.setenv("THREADS_DEBUG", "1")
        with pytest.raises(KeyError):
            run("parse", str(folder), "--out", str(tmp_path / "debug"), *how)


def test_strict_corpus_run_names_its_stop_once(tmp_path: Path) -> None:
    """A corpus run with --strict printed the failing input's line twice (as it came, then
    as the stop) and left the workers' temporary folder; now one line, exit 1, no
    temporary files and no manifest. The parts of inputs finished before it stay."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    bad = folder / "zz_bad.json"
    bad.write_bytes(b'{"not": "an export"}')
    out = tmp_path / "out"
    res = run("parse", str(folder), "--out", str(out), "--partitioned", "--workers", "1", "--strict")
    assert res.exit_code == EXIT_FAILED, res.output
    assert len(error_lines(res.output)) == 1 and str(bad) in error_lines(res.output)[0]
    assert not (out / "corpus.json").exists() and not (out / ".parts-tmp").exists()
    assert leftovers(tmp_path) == []
