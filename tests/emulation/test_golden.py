"""The TĐKT figures of the Hậu Giang H1/2021 reference, stated from the registers (DESIGN §8):
the six-month report's «Công tác thi đua, khen thưởng» section says each of them exactly, the
demo narrative no longer types them, and without the registers they disappear."""

import re

import pytest
from django.db.models import Sum

from emulation.models import AwardDecision, AwardItem
from reports import services
from reports.demo import NARRATIVE_2021_H1
from reports.models import Report
from tests.reports.conftest import section

pytestmark = pytest.mark.django_db
TDKT = "II. CÔNG TÁC THI ĐUA, KHEN THƯỞNG"

AWARDS = ("Trong kỳ, thực hiện khen thưởng thành tích tổng kết kinh tế - xã hội, đột xuất, chuyên đề: 150 Quyết định, "
          "tặng 1.122 Bằng khen, trong đó: 396 tập thể và 726 cá nhân.")
TITLES = ("Tặng 08 Cờ thi đua của Ủy ban nhân dân tỉnh; công nhận 134 Tập thể lao động xuất sắc và xác nhận "
          "01 hồ sơ thành tích kháng chiến.")
FORWARDED = "Xét đề nghị cấp trên khen thưởng: Cờ thi đua của Chính phủ cho 03 tập thể."


@pytest.fixture
def report(province):
    return Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")


def _text(report):
    _stem, data = services.render_report(report)
    return section(data, TDKT)


def test_every_tdkt_figure_of_the_reference(report):
    text = _text(report)
    assert AWARDS in text
    assert TITLES in text
    assert FORWARDED in text
    # Nothing decided by the state in H1: no such sentence.
    assert "cấp Nhà nước" not in text


def test_the_narrative_no_longer_types_the_figures():
    typed = " ".join(NARRATIVE_2021_H1["tdkt"])
    for figure in ("150", "1.122", "396", "726", "08 Cờ", "134", "01 hồ sơ", "03 đơn vị"):
        assert figure not in typed


def test_totals_are_the_sum_of_their_parts(report):
    from emulation import selectors
    from emulation.models import AwardLevel, AwardKind, RecipientKind

    p = report.period
    counts = selectors.award_counts(p.start, p.end)
    collective = counts.of_kind(AwardKind.CERTIFICATE, AwardLevel.PROVINCE, RecipientKind.COLLECTIVE)
    individual = counts.of_kind(AwardKind.CERTIFICATE, AwardLevel.PROVINCE, RecipientKind.INDIVIDUAL)
    assert (collective, individual) == (396, 726)
    assert counts.of_kind(AwardKind.CERTIFICATE, AwardLevel.PROVINCE) == collective + individual
    # Per proposing unit, the parts add up to the province's figure, and many units share it.
    rows = selectors.items(p.start, p.end).filter(award_type__code="bang-khen-chu-tich-tinh") \
        .values("decision__proposing_unit").annotate(n=Sum("quantity"))
    assert sum(r["n"] for r in rows) == 1122
    assert len(rows) >= 20 and len({r["n"] for r in rows}) > 5


def test_without_the_registers_the_figures_disappear(report):
    AwardItem.objects.all().delete()
    AwardDecision.objects.all().delete()
    text = _text(report)
    for figure in ("150 Quyết định", "1.122 Bằng khen", "08 Cờ", "134 Tập thể", "01 hồ sơ", "03 tập thể"):
        assert figure not in text
    assert not re.search(r"(?<![\d.,/])0 (Quyết định|Bằng khen|tập thể|cá nhân)\b", text)
    # The narrative's prose stays.
    assert "Hội nghị tổng kết thực hiện giao ước thi đua năm 2020" in text


def test_the_window_is_exact(report):
    from emulation.models import DecisionStatus

    # The demo's decisions of 14/12/2020 and 15/6/2021 lie just outside 2021-H1; moving one inside counts it.
    edge = AwardDecision.objects.get(status=DecisionStatus.AWARDED, decided_on="2021-06-15")
    edge.decided_on = report.period.end
    edge.save()
    text = _text(report)
    assert "151 Quyết định, tặng 1.134 Bằng khen, trong đó: 399 tập thể và 735 cá nhân." in text


def test_the_province_rewords_a_phrase(report, client):
    from django.contrib.auth import get_user_model

    from reports.models import ReportPhrase
    from reports.selectors import can_edit_phrase

    board = get_user_model().objects.get(username="cv.tdkt")
    assert can_edit_phrase(board, "thi-dua-khen-thuong.ket-qua")
    assert not can_edit_phrase(get_user_model().objects.get(username="cv.tcbc"), "thi-dua-khen-thuong.ket-qua")
    ReportPhrase.objects.create(key="thi-dua-khen-thuong.ket-qua",
                                text="Sáu tháng qua, ban hành {count:quyet_dinh|Quyết định} khen thưởng"
                                     "[, tặng {count:bang_khen|Bằng khen}].")
    text = _text(report)
    assert "Sáu tháng qua, ban hành 150 Quyết định khen thưởng, tặng 1.122 Bằng khen." in text
    assert AWARDS not in text


def test_indicators(report):
    from core.reporting import ReportContext, get_indicator

    ctx = ReportContext(period=report.period, root=report.unit.oversight_root())
    assert get_indicator("tdkt.quyet-dinh").value(ctx) == 150
    assert get_indicator("tdkt.bang-khen-tinh").value(ctx) == 1122
    assert get_indicator("tdkt.tap-the-lao-dong-xuat-sac").value(ctx) == 134


def test_the_board_edits_its_phrases_on_the_portal(report, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="cv.tdkt"))
    listing = client.get(reverse("reports:phrases")).content.decode()
    assert "thi-dua-khen-thuong.ket-qua" in listing
    page = client.get(reverse("reports:phrase_edit", args=["thi-dua-khen-thuong.ket-qua"]))
    assert page.status_code == 200 and "150 Quyết định" in page.content.decode()
