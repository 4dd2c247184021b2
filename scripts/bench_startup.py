"""Start-up time of the CLI beside a minimal typer app (issue 17: `threads --help` and
`threads formats` each <= 1.5x the minimal app's --help).

Each command runs in a fresh process, best of N (the fastest run is the one least
disturbed by other work on the machine); the three are measured in turns, side by side,
so a busy machine slows them alike. Prints each time and its ratio to the minimal app.

    python scripts/bench_startup.py [N]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Fresh processes per command; the best of them is reported.
DEFAULT_RUNS = 15
# The acceptance target of issue 17 (first set in issue 16 for --help): each light
# command within this factor of the minimal app's `--help`.
TARGET_RATIO = 1.5

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def one(name: str) -> None:
    """The first command."""


@app.command()
def two(count: int = 1) -> None:
    """The second command."""


app()
'''


def best_of(cmd: list[str], runs: int) -> float:
    """The fastest of ``runs`` wall-clock times of ``cmd`` (seconds)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RUNS
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        commands = {
            "minimal typer app --help": [sys.executable, str(minimal), "--help"],
            "threads --help": [sys.executable, "-m", "threads", "--help"],
            "threads formats": [sys.executable, "-m", "threads", "formats"],
        }
        best = {name: float("inf") for name in commands}
        for _ in range(runs):  # in turns: one run of each per round
            for name, cmd in commands.items():
                best[name] = min(best[name], best_of(cmd, 1))
    base = best["minimal typer app --help"]
    for name, seconds in best.items():
        print(f"{name:28} {seconds * 1000:7.0f} ms  {seconds / base:4.2f}x")
    for name in ("threads --help", "threads formats"):
        ratio = best[name] / base
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"{name} / minimal: {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")


if __name__ == "__main__":
    main()
