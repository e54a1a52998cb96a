"""The due date derived from a deadline as the plan writes it (plans.deadlines): pure, no database."""

import datetime

import pytest

from plans.deadlines import due_date

D = datetime.date


@pytest.mark.parametrize("text, expected", [
    # quarters: the end of the LAST quarter named
    ("Quý I", D(2022, 3, 31)),
    ("Quý II", D(2022, 6, 30)),
    ("Quý II, III", D(2022, 9, 30)),
    ("Quý II,III, IV", D(2022, 12, 31)),
    ("Quý I, II, IV", D(2022, 12, 31)),
    ("Quý III và IV", D(2022, 12, 31)),
    ("quý 2", D(2022, 6, 30)),
    ("Quý I năm 2023", D(2023, 3, 31)),
    # months: the end of the LAST month named, a year written after a month wins
    ("Tháng 6", D(2022, 6, 30)),
    ("Tháng 2", D(2022, 2, 28)),
    ("Tháng 6, 12", D(2022, 12, 31)),
    ("Tháng 01/2021", D(2021, 1, 31)),
    ("Tháng 12/2022", D(2022, 12, 31)),
    ("Từ tháng 2 đến tháng 4/2021", D(2021, 4, 30)),
    ("Từ tháng 5 đến tháng 12", D(2022, 12, 31)),
    ("Từ tháng 11/2022 đến tháng 01/2023", D(2023, 1, 31)),
    # full dates: the latest one named
    ("28/02/2022", D(2022, 2, 28)),
    ("Trước 30/6/2022", D(2022, 6, 30)),
    ("Đến hết 31/12/2022", D(2022, 12, 31)),
    ("31/12/2021", D(2021, 12, 31)),
    # halves and the whole year
    ("6 tháng đầu năm", D(2022, 6, 30)),
    ("6 tháng cuối năm", D(2022, 12, 31)),
    ("Cả năm", D(2022, 12, 31)),
    ("Trong năm 2022", D(2022, 12, 31)),
    ("Năm 2022", D(2022, 12, 31)),
    # no day after which the task is late
    ("Thường xuyên", None),
    ("Sau khi có hướng dẫn của Bộ", None),
    ("Sau khi có hướng dẫn của Bộ, ngành Trung ương", None),
    ("Khi có đề nghị của Hội", None),
    ("1 lần/ Quý", None),
    ("", None),
    (None, None),
    ("Theo tiến độ của dự án", None),
    ("31/6/2022", None),  # not a day: kept as written, never guessed
])
def test_due_date(text, expected):
    assert due_date(text, 2022) == expected


def test_the_plan_year_is_used_when_the_text_names_none():
    assert due_date("Quý II, III", 2026) == D(2026, 9, 30)
    assert due_date("Tháng 2", 2024) == D(2024, 2, 29)  # leap year


def test_text_is_normalised_before_reading():
    decomposed = "Qu\u0079\u0301 II, III"  # «Quý» typed with a combining accent
    assert due_date(decomposed, 2022) == D(2022, 9, 30)
    assert due_date("  QUÝ   IV  ", 2022) == D(2022, 12, 31)
