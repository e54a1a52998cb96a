"""Period windows, codes, labels and deadlines (DESIGN §3)."""

import datetime

import pytest
from django.core.management import call_command

from core import services
from core.models import Period, PeriodType

D = datetime.date


@pytest.mark.parametrize(
    "ptype, number, start, end",
    [
        (PeriodType.SIX_MONTH, 1, D(2020, 12, 15), D(2021, 6, 14)),
        (PeriodType.SIX_MONTH, 2, D(2021, 6, 15), D(2021, 12, 14)),
        (PeriodType.ANNUAL, 1, D(2020, 12, 15), D(2021, 12, 14)),
        (PeriodType.CALENDAR_YEAR, 1, D(2021, 1, 1), D(2021, 12, 31)),
        (PeriodType.EMULATION_YEAR, 1, D(2020, 12, 1), D(2021, 11, 30)),
        (PeriodType.QUARTER, 1, D(2021, 1, 1), D(2021, 3, 31)),
        (PeriodType.QUARTER, 4, D(2021, 10, 1), D(2021, 12, 31)),
    ],
)
def test_windows(ptype, number, start, end):
    assert services.period_window(ptype, 2021, number) == (start, end)


def test_leap_year_quarter():
    assert services.period_window(PeriodType.QUARTER, 2024, 1)[1] == D(2024, 3, 31)


@pytest.mark.django_db
def test_create_periods_is_idempotent_and_labels_are_vietnamese():
    created = services.create_periods(2021)
    assert len(created) == 9  # H1, H2, annual, calendar, emulation, 4 quarters
    assert services.create_periods(2021) == []
    labels = {p.code: p.label for p in Period.objects.filter(year=2021)}
    assert labels["2021-H1"] == "6 tháng đầu năm 2021"
    assert labels["2021-H2"] == "6 tháng cuối năm 2021"
    assert labels["2021-Y"] == "năm 2021"
    assert labels["2021-Q3"] == "quý III năm 2021"
    assert labels["2021-TD"] == "năm thi đua 2021"
    h1 = Period.objects.get(code="2021-H1")
    assert h1.deadline == D(2021, 6, 19)
    assert h1.contains(D(2020, 12, 15)) and not h1.contains(D(2021, 6, 15))
    assert h1.range_label == "15/12/2020 – 14/06/2021"


@pytest.mark.django_db
def test_create_periods_command(capsys):
    call_command("create_periods", "2026")
    assert Period.objects.filter(year=2026).count() == 9
    assert "tạo mới 9 kỳ" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Năm không hợp lệ"):
        call_command("create_periods", "1800")
