"""Issue 15 item 5: comparing periods — one mechanism (core/comparison.py + includes/comparison.html,
toggled by ?so-sanh=1) on the figure pages: emulation statistics, the CCHC dashboard, a year's key-task
plan. Off by default (last year's figures are not even read); on, each figure of this period beside the
same period last year with the change, the numbers summed here from the database."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import RequestFactory
from django.urls import reverse

from core import comparison
from core import services as core_services
from core.models import OrgUnit, Period
from tests.conftest import seeded_per_module, use_seed

pytestmark = pytest.mark.django_db


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


_demo_seed = seeded_per_module(seed_demo)


@pytest.fixture
def demo(_demo_seed, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    use_seed(request, seed_demo)


def test_the_database_exists_before_the_module_seed(db):
    assert OrgUnit.objects.count() >= 0


def test_the_toggle_reads_last_year_only_when_asked(db):
    calls = []

    def before(previous):
        calls.append(previous)
        return [3]

    request = RequestFactory().get("/x/", {"nam": "2021"})
    off = comparison.for_request(request, None, [("Số", 5, "hồ sơ")], before, previous="năm trước",
                                 label="Năm 2021", previous_label="năm 2020")
    assert not off.on and not off.lines and calls == []
    assert off.toggle_url == "/x/?nam=2021&so-sanh=1"
    on = comparison.for_request(RequestFactory().get("/x/", {"nam": "2021", "so-sanh": "1"}), None,
                                [("Số", 5, "hồ sơ")], before, previous="năm trước", label="Năm 2021",
                                previous_label="năm 2020")
    assert on.on and calls == ["năm trước"] and on.toggle_url == "/x/?nam=2021"
    line = on.lines[0]
    assert (line.value, line.previous, line.change, line.change_text) == (5, 3, 2, "tăng 02 hồ sơ")
    missing = comparison.for_request(RequestFactory().get("/x/", {"so-sanh": "1"}), None, [("Số", 5, "")], before,
                                     previous=None, label="Năm 2021", previous_label="năm 2020")
    assert missing.missing == "Không có số liệu năm 2020 để so sánh." and not missing.lines


def test_a_window_a_year_earlier_keeps_the_dates():
    assert comparison.window_last_year(datetime.date(2020, 12, 15), datetime.date(2021, 6, 14)) == (
        datetime.date(2019, 12, 15), datetime.date(2020, 6, 14))
    assert comparison.year_earlier(datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)


def _login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def _decisions(period):
    from emulation.models import AwardDecision, DecisionStatus

    return AwardDecision.objects.filter(status=DecisionStatus.AWARDED, decided_on__range=(period.start,
                                                                                          period.end)).count()


def test_emulation_statistics_against_the_same_period_last_year(client, demo):
    core_services.create_periods(2020)
    now, before = Period.objects.get(code="2021-Y"), Period.objects.get(code="2020-Y")
    url = reverse("emulation:statistics")
    page = _login(client, "cv.tdkt").get(url, {"period": "2021-Y"})
    assert page.status_code == 200 and not page.context["comparison"].on
    assert 'data-testid="comparison-table"' not in page.content.decode()
    page = client.get(url, {"period": "2021-Y", "so-sanh": "1"})
    compared = page.context["comparison"]
    assert compared.on and compared.previous_label == before.label
    line = compared.lines[0]
    assert (line.value, line.previous) == (_decisions(now), _decisions(before))
    assert line.change_text == f"tăng {_decisions(now) - _decisions(before):02d} quyết định"
    html = page.content.decode()
    assert 'data-testid="comparison-table"' in html and line.change_text in html


def test_the_cchc_dashboard_says_when_last_year_is_not_on_record(client, demo):
    from collection.models import DataValue, Status

    page = _login(client, "giamdoc").get(reverse("reform:dashboard"), {"period": "2021-H1", "so-sanh": "1"})
    compared = page.context["comparison"]
    received = DataValue.objects.filter(submission__data_set__code="CCHC-DV", submission__period__code="2021-H1",
                                        submission__status=Status.APPROVED, element__code="HS_TIEP_NHAN",
                                        option__isnull=True).aggregate(n=Sum("numeric_value"))["n"]
    assert compared.on and compared.missing == "Chưa có số liệu cùng kỳ năm trước để so sánh."
    assert "Chưa có số liệu cùng kỳ năm trước để so sánh." in page.content.decode()
    core_services.create_periods(2020)  # the period exists now, still without forms
    compared = client.get(reverse("reform:dashboard"), {"period": "2021-H1", "so-sanh": "1"}).context["comparison"]
    assert compared.lines[0].value == received and compared.lines[0].previous is None
    assert compared.missing == "Không có số liệu 6 tháng đầu năm 2020 để so sánh."


def test_a_plan_against_last_years_plan(client, demo):
    from plans.models import Plan, PlanField, Status, Task

    plan = Plan.objects.get(unit__code="SNV", year=2022)
    url = reverse("plans:plan_detail", args=[plan.pk])
    compared = _login(client, "giamdoc").get(url, {"so-sanh": "1"}).context["comparison"]
    assert compared.missing == "Không có số liệu năm 2021 để so sánh."
    last = Plan.objects.create(unit=plan.unit, year=2021, title="Kế hoạch năm 2021")
    field = PlanField.objects.create(plan=last, order=1, number="I", name=plan.fields.order_by("order")[0].name)
    for i in range(4):
        Task.objects.create(plan=last, field=field, order=i + 1, number=str(i + 1), content=f"Việc {i + 1}",
                            status=Status.DONE if i < 3 else Status.IN_PROGRESS)
    compared = client.get(url, {"so-sanh": "1"}).context["comparison"]
    lines = {line.label: line for line in compared.lines}
    total = Task.objects.filter(plan=plan).count()
    assert (lines["Nhiệm vụ trọng tâm"].value, lines["Nhiệm vụ trọng tâm"].previous) == (total, 4)
    assert lines["Đã hoàn thành"].previous == 3
    assert lines[field.name].previous == 4
    others = [line for line in compared.lines[3:] if line.label != field.name]
    assert others and all(line.previous is None for line in others)


@pytest.mark.parametrize("value, previous, figure, line", [
    (7, 7, "không thay đổi", "không thay đổi"), (12, 7, "tăng 5", "tăng 05 hồ sơ"),
    (Decimal("4.5"), 6, "giảm 1,5", "giảm 1,5 hồ sơ"), (3, None, "", "")])
def test_a_figure_and_a_comparison_line_word_a_change_alike(value, previous, figure, line):
    """Before: the first page said «không đổi» where the figure pages said «không thay đổi». A figure's
    unit stands beside its value, so its change is a bare number; a line pads counts as reports do."""
    from core.comparison import Line
    from core.dashboard import Figure

    assert Figure("Hồ sơ", value, previous=previous).change_text == figure
    assert Line("Hồ sơ", value, previous, unit="hồ sơ").change_text == line
