"""The religion provider over the demo registers: the reference's wording, the half-year's window,
the zero-incident and complex-incident sentences, counted cases, overdue and the phrases as data."""

import datetime

import pytest

from core.models import OrgUnit
from religion.models import Dossier, DossierResult, DossierType, Incident, Religion, Support, SupportKind
from religion.report import complex_incidents, overdue_cases, resolved_cases
from core.reporting import ReportContext
from tests.religion.conftest import paragraphs

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(period, **kw):
    return "\n".join(paragraphs(period, **kw))


def test_h1_states_the_reference_dossiers_and_the_zero_incident_wording(province):
    text = _text(province["h1"])
    assert ("Trong 6 tháng đầu năm 2021, trên địa bàn tỉnh không xảy ra vụ việc phức tạp liên quan đến hoạt động "
            "tín ngưỡng, tôn giáo") in text
    assert "tiếp nhận thông báo thuyên chuyển chức sắc của Phật giáo 02 (TH)." in text
    assert "thành lập 01 tổ chức tôn giáo trực thuộc của Ban Trị sự Phật giáo tỉnh." in text
    # The dossier resolved on 14/12/2020 (previous window) and the visits of the second half are not counted.
    assert "03 (TH)" not in text and "thăm hỏi" not in text and "lễ Mình Máu Thánh Chúa" not in text


def test_window_edges_move_the_cases(province):
    """The 15/6/2021 ceremony belongs to H2; the H2 report names it and the visits, H1 does not."""
    h2 = _text(province["h2"])
    assert "chấp thuận tổ chức lễ Mình Máu Thánh Chúa ngoài cơ sở của Giáo xứ Vị Thanh" in h2
    assert "Tổ chức thăm hỏi, chúc mừng chức sắc, chức việc và cơ sở tôn giáo 20 lượt nhân lễ Vu lan và lễ Sene Dolta." in h2
    assert "với tổng số tiền 150 triệu đồng (01 lượt)" in h2
    assert "thuyên chuyển" not in h2


def test_a_complex_incident_replaces_the_zero_wording(province):
    Incident.objects.create(occurred_on=D(2021, 4, 1), unit=OrgUnit.objects.get(code="VITHUY"),
                            religion=Religion.objects.get(code="phat-giao"), is_complex=True,
                            description="Tranh chấp trụ trì tại một cơ sở", handling="Đã hòa giải")
    blocks = paragraphs(province["h1"])
    text = "\n".join(blocks)
    assert "không xảy ra vụ việc phức tạp" not in text
    assert "xảy ra 01 vụ việc phức tạp liên quan đến hoạt động tín ngưỡng, tôn giáo" in text
    assert "02 vụ việc khác được phát hiện và phối hợp xử lý ngay tại cơ sở" in text
    ctx = ReportContext(period=province["h1"], root=province["hg"])
    assert complex_incidents(ctx) == 1


def test_counted_cases_sum_quantities_and_drop_at_zero(province):
    buddhism = Religion.objects.get(code="phat-giao")
    Dossier.objects.create(type=DossierType.TRANSFER, religion=buddhism, applicant="Ban Trị sự", unit=province["hg"],
                           quantity=3, received_on=D(2021, 5, 2), deadline=D(2021, 5, 22), resolved_on=D(2021, 5, 20),
                           result=DossierResult.ACKNOWLEDGED)
    assert "thuyên chuyển chức sắc của Phật giáo 05 (TH)" in _text(province["h1"])
    Dossier.objects.filter(type=DossierType.TRANSFER).delete()
    text = _text(province["h1"])
    assert "thuyên chuyển" not in text and "0 (TH)" not in text
    ctx = ReportContext(period=province["h1"], root=province["hg"])
    assert resolved_cases(ctx) == 7  # 2 + 2 named, 1 ordination, 1 rename, 1 affiliate


def test_refused_and_overdue_dossiers_are_stated(province):
    buddhism = Religion.objects.get(code="phat-giao")
    common = dict(religion=buddhism, applicant="Ban Trị sự", unit=province["hg"])
    Dossier.objects.create(type=DossierType.ABBOT, received_on=D(2021, 3, 1), deadline=D(2021, 3, 21),
                           resolved_on=D(2021, 3, 20), result=DossierResult.REFUSED, **common)
    Dossier.objects.create(type=DossierType.ABBOT, received_on=D(2021, 5, 1), deadline=D(2021, 5, 21), **common)
    Dossier.objects.create(type=DossierType.ABBOT, received_on=D(2021, 6, 10), deadline=D(2021, 6, 30), **common)
    text = _text(province["h1"])
    assert "Trả lời không chấp thuận 01 (TH) do chưa đủ điều kiện theo quy định." in text
    assert "Đến cuối kỳ, còn 02 hồ sơ đang giải quyết, trong đó 01 hồ sơ quá hạn luật định." in text
    assert overdue_cases(ReportContext(period=province["h1"], root=province["hg"])) == 1


def test_a_district_report_counts_only_its_dossiers(province):
    text = _text(province["h1"], root=OrgUnit.objects.get(code="NGABAY"))
    assert "trên địa bàn thành phố Ngã Bảy không xảy ra vụ việc phức tạp" in text
    assert "Ban Trị sự Phật giáo thành phố Ngã Bảy nhiệm kỳ 2021-2026" in text
    assert "Phụng Hiệp" not in text and "thuyên chuyển" not in text


def test_the_province_rewords_a_phrase(province):
    wording = {"ton-giao.tinh-hinh.ho-so.thuyen-chuyen.dem": "thuyên chuyển chức sắc {text:cua} ({cases:n})"}
    assert "thuyên chuyển chức sắc Phật giáo (02 (TH))" in _text(province["h1"], wording=wording)


def test_annual_report_states_the_landscape(province):
    text = _text(province["y2021"])
    assert text.startswith("Đến cuối năm 2021, trên địa bàn tỉnh có 06 tổ chức tôn giáo, 05 tổ chức tôn giáo trực thuộc, "
                           "01 tổ chức được cấp chứng nhận đăng ký hoạt động tôn giáo, 10 cơ sở thờ tự, "
                           "02 nhóm sinh hoạt tôn giáo tập trung; 326 chức sắc, 895 chức việc, 445 nhà tu hành, "
                           "166.700 tín đồ.")
    Support.objects.filter(kind=SupportKind.CONSTRUCTION).delete()
    assert "tổng số tiền" not in _text(province["y2021"])


def test_query_count_does_not_grow_with_the_registers(province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Incident.objects.create(occurred_on=D(2021, 4, 2), unit=province["hg"], description="Vụ đầu", is_complex=True)
    with CaptureQueriesContext(connection) as first:
        paragraphs(province["y2021"])
    buddhism = Religion.objects.get(code="phat-giao")
    units = list(OrgUnit.objects.filter(code__in=["VITHANH", "NGABAY", "LONGMY", "VITHUY"]))
    for i in range(40):
        Dossier.objects.create(type=list(DossierType)[i % 9], religion=buddhism, applicant=f"Người {i}",
                               subject=f"hồ sơ {i}" if i % 2 else "", unit=units[i % 4], received_on=D(2021, 3, 1),
                               resolved_on=D(2021, 3, 10), result=DossierResult.APPROVED)
        Incident.objects.create(occurred_on=D(2021, 4, 1), unit=units[i % 4], description=f"Vụ {i}", is_complex=i % 5 == 0)
    with CaptureQueriesContext(connection) as second:
        paragraphs(province["y2021"])
    assert len(second) == len(first)


def test_indicators_read_the_registers(province):
    from core.reporting import get_indicator

    h1 = ReportContext(period=province["h1"], root=province["hg"])
    year = ReportContext(period=province["y2021"], root=province["hg"])
    value = lambda key, ctx: get_indicator(key).value(ctx)  # noqa: E731
    assert value("ton-giao.vu-viec-phuc-tap", h1) == 0
    assert value("ton-giao.ho-so-giai-quyet", h1) == 9
    assert value("ton-giao.ho-so-qua-han", h1) == 0
    assert value("ton-giao.kinh-phi-ho-tro", h1) is None
    assert value("ton-giao.kinh-phi-ho-tro", year) == 150_000_000
    assert value("ton-giao.co-so-tho-tu", year) == 10
    assert value("ton-giao.tin-do", year) == 166_700
