"""dates.parse_date on the default date formats of forum language packs (phpBB 3 de and
fr), which every dialect reads through it: HTML pages as well as text copies."""

from __future__ import annotations

from datetime import datetime

import pytest

from threads.dates import parse_date


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # phpBB German pack: 'D j. M Y, H:i' ("Mo 1. Jan 2007, 13:57")
        ("Di 5. Mär 2013, 18:42", datetime(2013, 3, 5, 18, 42)),
        ("So 27. Okt 2013, 20:03", datetime(2013, 10, 27, 20, 3)),
        ("Fr 9. Dez 2011, 20:14", datetime(2011, 12, 9, 20, 14)),
        ("Mo 24.09.2012, 16:53", datetime(2012, 9, 24, 16, 53)),
        # phpBB French pack: 'D j M Y H:i' ("Lun 10 Jan 2007 13:37")
        ("Lun 10 Jan 2007 13:37", datetime(2007, 1, 10, 13, 37)),
        ("Mar 5 Mar 2011 20:14", datetime(2011, 3, 5, 20, 14)),  # Tuesday 5 March
        ("Sam 5 Fév 2011 20:14", datetime(2011, 2, 5, 20, 14)),
        ("Ven 8 Aoû 2011 20:14", datetime(2011, 8, 8, 20, 14)),
        ("Dim 6 Déc 2011 20:14", datetime(2011, 12, 6, 20, 14)),
        ("sam. 5 févr. 2011 20:14", datetime(2011, 2, 5, 20, 14)),
        # English "Mar" is the month, not the French Tuesday
        ("Mar 5, 2011 8:14 pm", datetime(2011, 3, 5, 20, 14)),
        ("Mar 5 2011", datetime(2011, 3, 5)),
    ],
)
def test_forum_pack_dates(text: str, when: datetime) -> None:
    assert parse_date(text) == when


@pytest.mark.parametrize("text", ["So 5 things", "Do 12 people agree", "3 days ago 2012"])
def test_prose_is_no_date(text: str) -> None:
    assert parse_date(text) is None
