"""Year-first numeric dates (Korean, Hungarian, Chinese, Japanese forums) are
year-month-day, and day-first dates stay day-first.

"2011.05.03 14:22" read 5 March: the digits "11.05.03" inside it looked like a dotted
day-first date. Each row is a layout as the engines' language packs print it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from threads.dates import parse_date

YEAR_FIRST = [
    # Korean (XE, Gnuboard, phpBB ko pack), Hungarian (phpBB hu, SMF): dots, with spaces
    # and a final dot or not
    ("2011.05.03 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011.05.03", datetime(2011, 5, 3)),
    ("2011.05.03.", datetime(2011, 5, 3)),
    ("2011.05.03. 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011. 05. 03. 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011. 5. 3. 14:22:09", datetime(2011, 5, 3, 14, 22, 9)),
    ("2011.5.3 9:05", datetime(2011, 5, 3, 9, 5)),
    ("2011.05.03 (화) 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011. 5. 3. 오후 2:22", datetime(2011, 5, 3, 14, 22)),
    ("2011.05.03 오전 12:05", datetime(2011, 5, 3, 0, 5)),
    ("2011.12.31 23:59", datetime(2011, 12, 31, 23, 59)),
    # slashes (Chinese Discuz!, Japanese boards), with a weekday in brackets
    ("2011/05/03 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011/5/3 14:22:05", datetime(2011, 5, 3, 14, 22, 5)),
    ("2011/05/03(火) 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011/05/03(Tue) 14:22:05", datetime(2011, 5, 3, 14, 22, 5)),
    ("2011-05-03(Tue) 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011-05-03 20h14", datetime(2011, 5, 3, 20, 14)),
    # 年月日
    ("2011年05月03日 14:22", datetime(2011, 5, 3, 14, 22)),
    ("2011年5月3日 14:22", datetime(2011, 5, 3, 14, 22)),
]

DAY_FIRST = [
    ("03.05.2011 14:22", datetime(2011, 5, 3, 14, 22)),
    ("3.5.2011", datetime(2011, 5, 3)),
    ("03.05.11 14:22", datetime(2011, 5, 3, 14, 22)),
    ("03.05.2011, 14:22", datetime(2011, 5, 3, 14, 22)),
    ("05/03/2011 20h14", datetime(2011, 3, 5, 20, 14)),
]


@pytest.mark.parametrize(("text", "when"), YEAR_FIRST + DAY_FIRST)
def test_numeric_dates_read_in_their_order(text: str, when: datetime) -> None:
    assert parse_date(text) == when


@pytest.mark.parametrize("text", ["2011.13.01", "2011/05/32 14:22"])
def test_a_year_first_date_is_never_read_year_day_month(text: str) -> None:
    # A 13th month is no date: dateutil, told nothing, would swap the fields.
    assert parse_date(text) is None
