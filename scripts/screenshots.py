"""Remake the dashboard screenshots in ``docs/``: seed 004, a 3,000-post and a 50,000-post thread.

    python scripts/screenshots.py    # docs/seed-004.png, docs/thread-3000.png, docs/thread-50000.png

Each page is written with :func:`threads.report.report` (the big threads are generated
from the seeds' sentences by ``tests/bigthread.py``), opened in headless Chromium
(Debian's ``/usr/bin/chromium`` via Playwright) from ``file://`` with the network
blocked, and photographed at 1280 px wide: the top of the page (summary, controls and
network), then each view, stacked into one tall image per page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import threads  # noqa: E402
from tests.bigthread import generated_thread  # noqa: E402
from threads.report import report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--no-first-run"]


def shoot(page_path: Path, png: Path, *, full: bool) -> None:
    """Open ``page_path`` and save a screenshot (the whole page, or its first screens)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.route("http://**", lambda r: r.abort())
        page.route("https://**", lambda r: r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-rendered]", state="attached", timeout=120_000)
        page.wait_for_timeout(500)
        if full:
            page.screenshot(path=str(png), full_page=True)
        else:
            height = page.evaluate(
                "document.getElementById('view-communities-section').getBoundingClientRect().top + scrollY"
            )
            page.set_viewport_size({"width": 1280, "height": int(height)})
            page.screenshot(path=str(png))
        browser.close()
    print(f"wrote {png}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        seed = threads.read(ROOT / "seeds" / "004_c3b9a48d73eaee79.txt")
        report(seed, Path(tmp) / "seed")
        shoot(Path(tmp) / "seed" / "004_c3b9a48d73eaee79.html", args.out / "seed-004.png", full=True)
        for n in (3000, 50000):
            big = generated_thread(n)
            report(big, Path(tmp) / str(n))
            shoot(Path(tmp) / str(n) / f"generated-{n}.html", args.out / f"thread-{n}.png", full=False)


if __name__ == "__main__":
    main()
