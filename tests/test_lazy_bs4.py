"""BeautifulSoup is loaded by the first page parsed with it, not by detection: every run
sniffs every dialect (the HTML ones too), and bs4 with soupsieve was a third of the CPU of
importing them all (issue 17)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEED_004

_PROBE = """
import sys
import threads
from threads import formats
from threads.formats._html_dom import parse_html, use_backend
text = open(sys.argv[1], encoding="utf-8").read()
print(formats.detect(text).name, "bs4" in sys.modules)
threads.read(sys.argv[1])
print("bs4" in sys.modules)
with use_backend("soup"):
    node = parse_html("<div><p>Hi <b>there</b></p></div>")
print(type(node).__name__, repr(node.text().strip()), "bs4" in sys.modules)
"""


def test_detecting_and_reading_a_text_dump_loads_no_bs4_and_the_soup_backend_loads_it() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SEED_004)], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[:3] == ["typepad-text False", "False", "SoupNode 'Hi there' True"]
