"""Issue 15 item 1: in the annual report every domain's figures compare with the previous year the
same way — through the indicator registry (`ctx.versus` → `ctx.compare`) and an optional
«{change:…} so với năm 2020» clause of the domain's phrase, which drops out when a year has no
figure and in the six-month report. Each expected change is summed from the database here, not
read back from the code under test."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from core import formatting as f
from core import services as core_services
from core.models import OrgUnit, Period, PeriodType
from core.reporting import get_provider
from reports import services
from reports.models import ReportKind
from reports.selectors import provider_context

pytestmark = pytest.mark.django_db


def _text(blocks):
    return "\n".join("".join(str(s) for s in b.segments) for b in blocks if hasattr(b, "segments"))


@pytest.fixture
def years(demo):
    """The annual report of 2021 with the 2020 periods on record (the demo starts in 2021)."""
    core_services.create_periods(2020)
    kind = ReportKind.objects.get(code="annual")
    report = services.create_report(None, kind, OrgUnit.objects.get(code="SNV"), Period.objects.get(code="2021-Y"),
                                    number="250", symbol="BC-SNV")
    return report


def _ctx(report):
    return provider_context(report)


def _window(code):
    p = Period.objects.get(code=code)
    return p.start, p.end


def _six_month_ctx(demo):
    ctx = provider_context(demo)  # the demo's 2021-H1 report
    assert ctx.previous is not None and ctx.previous.code == "2020-H1"
    return ctx


# --------------------------------------------------------------------------------------- emulation


def _province_decisions(code):
    from emulation.models import AwardDecision, AwardLevel, DecisionStatus

    start, end = _window(code)
    return AwardDecision.objects.filter(status=DecisionStatus.AWARDED, level=AwardLevel.PROVINCE,
                                        decided_on__range=(start, end)).count()


def _province_certificates(code):
    from emulation.models import AwardItem, AwardKind, AwardLevel, DecisionStatus

    start, end = _window(code)
    return AwardItem.objects.filter(decision__status=DecisionStatus.AWARDED, decision__decided_on__range=(start, end),
                                    award_type__kind=AwardKind.CERTIFICATE,
                                    award_type__level=AwardLevel.PROVINCE).aggregate(n=Sum("quantity"))["n"] or 0


def test_awards_compare_with_the_previous_year(years):
    decisions = _province_decisions("2021-Y") - _province_decisions("2020-Y")
    certificates = _province_certificates("2021-Y") - _province_certificates("2020-Y")
    assert _province_decisions("2020-Y") and _province_certificates("2020-Y")  # the demo's 14/12/2020 decision
    ctx = _ctx(years)
    said = _text(get_provider("thi-dua-khen-thuong.ket-qua")(ctx))
    assert f"({f.delta(decisions, 'Quyết định')} so với năm 2020)" in said
    assert f"({f.delta(certificates, 'Bằng khen')} so với năm 2020)" in said
    by_level = _text(get_provider("thi-dua-khen-thuong.theo-cap")(ctx))
    assert (f"đã ban hành {f.quantity(_province_decisions('2021-Y'), 'Quyết định')} khen thưởng "
            f"({f.delta(decisions, 'Quyết định')} so với năm 2020).") in by_level


def test_award_comparisons_drop_out_without_the_previous_years_awards(years):
    from emulation.models import AwardDecision

    start, end = _window("2020-Y")
    AwardDecision.objects.filter(decided_on__range=(start, end)).delete()
    ctx = _ctx(years)
    said = _text(get_provider("thi-dua-khen-thuong.ket-qua")(ctx) + get_provider("thi-dua-khen-thuong.theo-cap")(ctx))
    assert "Quyết định" in said and "so với năm" not in said


def test_the_six_month_report_does_not_compare_awards(years, demo):
    from emulation.models import AwardDecision

    # The demo's decision of 14/12/2020 moved into the first half of 2020: a six-month figure to compare with.
    AwardDecision.objects.filter(decided_on__range=_window("2020-Y")).update(decided_on=datetime.date(2020, 6, 1))
    assert _province_decisions("2020-H1")
    said = _text(get_provider("thi-dua-khen-thuong.ket-qua")(_six_month_ctx(demo)))
    assert "Quyết định" in said and "so với năm" not in said


# --------------------------------------------------------------------------------------- religion


def _support_money(code):
    from religion.models import Support, SupportKind

    start, end = _window(code)
    return (Support.objects.filter(given_on__range=(start, end)).exclude(kind=SupportKind.VISIT)
            .aggregate(n=Sum("amount"))["n"] or 0)


def test_religious_support_compares_with_the_previous_year(years):
    from religion.models import Support, SupportKind

    ctx = _ctx(years)
    assert "so với năm" not in _text(get_provider("ton-giao.tinh-hinh")(ctx)).split("Hỗ trợ kinh phí")[-1]
    Support.objects.create(kind=SupportKind.CONSTRUCTION, unit=OrgUnit.objects.get(code="VITHANH"),
                           given_on=datetime.date(2020, 6, 1), amount=Decimal("40000000"))
    change = _support_money("2021-Y") - _support_money("2020-Y")
    said = _text(get_provider("ton-giao.tinh-hinh")(_ctx(years)))
    assert f", {f.delta(change, 'đồng')} so với năm 2020." in said


# --------------------------------------------------------------------------------------- archives


def _access(code):
    from archives.models import AccessRequest

    start, end = _window(code)
    return AccessRequest.objects.filter(requested_on__range=(start, end)).aggregate(n=Sum("quantity"))["n"] or 0


def test_archive_access_compares_with_the_previous_year(years):
    from archives.models import AccessRequest

    assert _access("2020-Y")
    said = _text(get_provider("luu-tru.trung-tam")(_ctx(years)))
    assert f"phục vụ {f.quantity(_access('2021-Y'), 'lượt')} khai thác" in said
    assert f", {f.delta(_access('2021-Y') - _access('2020-Y'), 'lượt')} so với năm 2020" in said
    AccessRequest.objects.filter(requested_on__range=_window("2020-Y")).delete()
    assert "so với năm" not in _text(get_provider("luu-tru.trung-tam")(_ctx(years)))


# --------------------------------------------------------------------------------------- reform


def _received(year):
    from collection.models import DataValue, Status

    return DataValue.objects.filter(
        submission__data_set__code="CCHC-DV", submission__status=Status.APPROVED, submission__period__year=year,
        submission__period__type=PeriodType.SIX_MONTH, element__code="HS_TIEP_NHAN", option__isnull=True,
    ).aggregate(n=Sum("numeric_value"))["n"] or 0


def _copy_cchc_forms_to(year_from, year_to, less=7):
    """The approved CCHC-DV forms of `year_from` again for `year_to`, each unit receiving `less`
    dossiers fewer."""
    from collection.models import DataValue, Status, Submission

    for source in Submission.objects.filter(data_set__code="CCHC-DV", status=Status.APPROVED,
                                            period__year=year_from, period__type=PeriodType.SIX_MONTH):
        period = Period.objects.get(type=PeriodType.SIX_MONTH, year=year_to, number=source.period.number)
        copy = Submission.objects.create(data_set=source.data_set, unit=source.unit, period=period,
                                         status=Status.APPROVED)
        DataValue.objects.bulk_create([
            DataValue(submission=copy, element_id=v.element_id, option_id=v.option_id, text_value=v.text_value,
                      numeric_value=(v.numeric_value - less if v.element.code == "HS_TIEP_NHAN" and v.option_id is None
                                     and v.numeric_value and v.numeric_value > less else v.numeric_value))
            for v in source.values.select_related("element")])


def test_dossiers_compare_with_the_previous_year(years):
    said = _text(get_provider("cai-cach-hanh-chinh.tong-hop")(_ctx(years)))
    assert f"tiếp nhận {f.quantity(_received(2021), 'hồ sơ')}" in said and "hồ sơ so với năm 2020" not in said
    _copy_cchc_forms_to(2021, 2020)
    change = _received(2021) - _received(2020)
    assert change > 0
    said = _text(get_provider("cai-cach-hanh-chinh.tong-hop")(_ctx(years)))
    assert f"tiếp nhận {f.quantity(_received(2021), 'hồ sơ')}, {f.delta(change, 'hồ sơ')} so với năm 2020" in said
    assert "%) so với năm 2020" not in said  # the on-time rate, when it moved, says so in brackets
    ctx = _ctx(years)
    now, before, diff = ctx.compare("cchc.ho-so-tiep-nhan")
    assert (now, before, diff) == (_received(2021), _received(2020), change)


# --------------------------------------------------------------------------------------- plans


def _plan(year, done, total):
    from plans.models import Plan, PlanField, Status, Task

    home = OrgUnit.objects.get(code="SNV")
    plan = Plan.objects.create(unit=home, year=year, title=f"Kế hoạch nhiệm vụ trọng tâm năm {year}")
    field = PlanField.objects.create(plan=plan, order=1, number="I", name="Tổ chức bộ máy")
    for i in range(total):
        Task.objects.create(plan=plan, field=field, order=i + 1, number=str(i + 1), content=f"Nhiệm vụ {i + 1}",
                            status=Status.DONE if i < done else Status.IN_PROGRESS)
    return plan


def test_key_tasks_completed_compare_with_the_previous_year(years):
    from plans.models import Status, Task

    _plan(2021, 3, 4)
    said = _text(get_provider("ke-hoach.ket-qua")(_ctx(years)))
    assert said.startswith("Năm 2021, hoàn thành 3/4 nhiệm vụ trọng tâm theo Kế hoạch, đạt 75%")
    assert "so với năm" not in said
    _plan(2020, 1, 2)

    def percent(year):
        tasks = Task.objects.filter(plan__year=year, plan__unit__code="SNV")
        return Decimal(100 * tasks.filter(status=Status.DONE).count()) / tasks.count()

    said = _text(get_provider("ke-hoach.ket-qua")(_ctx(years)))
    assert f"đạt 75% ({f.delta(percent(2021) - percent(2020), '%')} so với năm 2020)" in said
    assert "tăng 25% so với năm 2020" in said


# --------------------------------------------------------------------------------------- data sets


def _yearly_forms(code, year, scale):
    """HOI-QUY forms for the year's annual period: the 2021-H1 approved values times `scale`."""
    from collection.models import DataValue, Status, Submission

    period = Period.objects.get(type=PeriodType.ANNUAL, year=year)
    for source in Submission.objects.filter(data_set__code=code, status=Status.APPROVED, period__code="2021-H1"):
        copy = Submission.objects.create(data_set=source.data_set, unit=source.unit, period=period, status=Status.APPROVED)
        DataValue.objects.bulk_create([
            DataValue(submission=copy, element_id=v.element_id, option_id=v.option_id, text_value=v.text_value,
                      numeric_value=None if v.numeric_value is None else v.numeric_value * scale)
            for v in source.values.all()])


def _total(code, element, year):
    from collection.models import DataValue, Status

    return DataValue.objects.filter(submission__data_set__code=code, submission__status=Status.APPROVED,
                                    submission__period__type=PeriodType.ANNUAL, submission__period__year=year,
                                    element__code=element, option__isnull=True).aggregate(n=Sum("numeric_value"))["n"]


def test_a_data_set_sentence_compares_with_the_previous_year(years):
    from collection.models import DataElement
    from collection.report import DataSetProvider

    _yearly_forms("HOI-QUY", 2021, 3)
    provider = DataSetProvider("HOI-QUY", "cau")
    said = _text(provider(_ctx(years)))
    assert said and "so với năm" not in said and "cùng kỳ năm trước" not in said
    _yearly_forms("HOI-QUY", 2020, 2)
    said = _text(provider(_ctx(years)))
    element = next(e for e in DataElement.objects.filter(placements__section__data_set__code="HOI-QUY",
                                                         value_type="integer").order_by("pk")
                   if _total("HOI-QUY", e.code, 2021))
    change = _total("HOI-QUY", element.code, 2021) - _total("HOI-QUY", element.code, 2020)
    assert change > 0
    assert f"({f.delta(change, element.unit_label)} so với năm 2020)" in said
    assert "cùng kỳ năm trước" not in said  # the annual report says the change, not the old figure
