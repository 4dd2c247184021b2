"""scripts/page_parity.py, the check that a change to the page code leaves the pages as they
were: on the seeds, a record then a check finds every page identical, and a page whose
recorded bytes differ is named with where its spec differs."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "page_parity.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--only", "seeds"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
    )


def test_record_then_check_finds_the_same_pages_and_names_a_changed_one(tmp_path: Path) -> None:
    assert _run("record", str(tmp_path)).returncode == 0
    n_pages = len(json.loads((tmp_path / "pages.json").read_text())["seeds"])
    assert n_pages >= 2  # a page per seed thread and the index
    done = _run("check", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{n_pages} pages identical, 0 differ" in done.stdout
    # a recorded page that differs from today's: its network's first x moved
    page = tmp_path / "pages" / "seeds" / "004_c3b9a48d73eaee79.html.gz"
    html = gzip.decompress(page.read_bytes()).decode()
    start = html.index('"x":[', html.index('data-view="view-network"')) + len('"x":[')
    end = html.index(",", start)
    html = html[:start] + "9.9999" + html[end:]
    page.write_bytes(gzip.compress(html.encode()))
    manifest = tmp_path / "pages.json"
    hashes = json.loads(manifest.read_text())
    hashes["seeds"]["004_c3b9a48d73eaee79.html"] = "0" * 64
    manifest.write_text(json.dumps(hashes))
    done = _run("check", str(tmp_path))
    assert done.returncode == 1
    assert f"{n_pages - 1} pages identical, 1 differ" in done.stdout
    assert "seeds/004_c3b9a48d73eaee79.html: view view-network: .data[0].x[0]: '9.9999' -> '" in done.stdout
