"""The due date of a key task, derived from its deadline as the plan writes it.

Plans write deadlines the way people speak («Quý II, III», «Tháng 6», «Từ tháng 2 đến tháng
4/2022», «Trước 30/6/2022», «Thường xuyên», «Sau khi có hướng dẫn của Bộ»). The text is kept as
written; `due_date(text, year)` derives the last day the task may be finished on, where one
exists. Pure (standard library only), so the import, the forms and the tests share it.

Rules, first match wins:
- open-ended or recurring wording (thường xuyên, sau khi…, khi có…, «1 lần/quý», hằng tháng)
  → None: there is no day after which the task is late;
- full dates (dd/mm/yyyy) → the latest one named («Trước 30/6/2022», «Đến hết 31/12/2022»);
- quarters → the end of the LAST quarter named («Quý II, III» → 30/9; «Quý I, II, IV» → 31/12);
- «6 tháng đầu năm» → 30/6, «6 tháng cuối năm» → 31/12;
- months → the end of the LAST month named («Tháng 6, 12» → 31/12; «Từ tháng 11/2022 đến tháng
  01/2023» → 31/01/2023), a «/yyyy» after a month giving its year;
- the whole year («Cả năm», «Trong năm 2022», «Năm 2022», «Cuối năm») → 31/12;
- anything else → None (the text is kept; nobody is told a task is late on a guess).
A year written in the text («Quý I năm 2023») wins over the plan's year.

>>> due_date("Quý II, III", 2022)
datetime.date(2022, 9, 30)
>>> due_date("Tháng 6, 12", 2022)
datetime.date(2022, 12, 31)
>>> due_date("Thường xuyên", 2022) is None
True
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata

_OPEN_ENDED = re.compile(r"thường xuyên|sau khi|khi có|khi được|theo yêu cầu|lần\s*/|hằng|hàng (ngày|tuần|tháng|quý|năm)|định kỳ")
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_QUARTER = re.compile(r"quý\s+((?:(?:iv|iii|ii|i|[1-4])\b[\s,;và\-]*)+)")
_QUARTER_TOKEN = re.compile(r"\b(iv|iii|ii|i|[1-4])\b")
_MONTH = re.compile(r"tháng\s+((?:\d{1,2}(?:/\d{4})?(?!\d)[\s,;và\-]*)+)")
_MONTH_TOKEN = re.compile(r"(?<!\d)(\d{1,2})(?:/(\d{4}))?(?!\d)")
_YEAR = re.compile(r"(?<![\d/])(20\d\d|19\d\d)(?![\d/])")
_FIRST_HALF = re.compile(r"6 tháng đầu năm")
_SECOND_HALF = re.compile(r"6 tháng cuối năm")
_WHOLE_YEAR = re.compile(r"cả năm|trong năm|cuối năm|hết năm|^năm\b|\bnăm\s+(20|19)\d\d")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _normal(text) -> str:
    text = unicodedata.normalize("NFC", str(text or ""))
    return re.sub(r"\s+", " ", text).strip().lower()


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _stated_year(text: str, default: int) -> int:
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else default


def due_date(text, year: int) -> datetime.date | None:
    """The last day a task with deadline `text` in the plan of `year` may be finished, or None."""
    text = _normal(text)
    if not text or _OPEN_ENDED.search(text):
        return None
    dates = []
    for day, month, y in _FULL_DATE.findall(text):
        try:
            dates.append(datetime.date(int(y), int(month), int(day)))
        except ValueError:
            continue  # «31/6/2022»: not a day; the text stays as written
    if dates:
        return max(dates)
    quarters = [_QUARTERS[t] for m in _QUARTER.finditer(text) for t in _QUARTER_TOKEN.findall(m.group(1))]
    if quarters:
        return _end_of_month(_stated_year(text, year), 3 * max(quarters))
    if _FIRST_HALF.search(text):
        return datetime.date(_stated_year(text, year), 6, 30)
    if _SECOND_HALF.search(text):
        return datetime.date(_stated_year(text, year), 12, 31)
    months = []
    for m in _MONTH.finditer(text):
        for month, y in _MONTH_TOKEN.findall(m.group(1)):
            if 1 <= int(month) <= 12:
                months.append((int(y) if y else None, int(month)))
    if months:
        default = _stated_year(text, year)
        # The year written after a month («đến tháng 4/2022») holds for the months before it too.
        written = [y for y, _ in months if y]
        fallback = max(written) if written else default
        y, month = max(((y or fallback), month) for y, month in months)
        return _end_of_month(y, month)
    if _WHOLE_YEAR.search(text):
        return datetime.date(_stated_year(text, year), 12, 31)
    return None
