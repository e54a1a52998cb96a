"""The unit's own CCHC report (kind «unit_cchc»): the Bộ Nội vụ outline, every figure of the issuing
unit's own CCHC-DV form in sentences, whether the Sở approved it, and nothing of the units below it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from collection import services as collection_services
from collection.models import CategoryOption, DataElement, DataSet, Status, ValueType
from core import formatting as f
from core.models import OrgUnit, Period
from reports import services
from reports.models import ReportKind
from tests.reports.conftest import _demo_seed, demo, footnotes, media, open_docx, sections_text  # noqa: F401

pytestmark = pytest.mark.django_db


def unit_report(unit_code, period_code="2021-H1", **fields):
    return services.create_report(None, ReportKind.objects.get(code="unit_cchc"), OrgUnit.objects.get(code=unit_code),
                                  Period.objects.get(code=period_code), **fields)


def text_of(data):
    document = open_docx(data)
    return "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(footnotes(data).values())


def distinct_values(data_set):
    """Every cell of the form with its own value (no two alike, none padded), so a figure found in
    the document can only be that cell's: {(element, option or None): value}."""
    values, k = {}, 0
    for element in DataElement.objects.filter(placements__section__data_set=data_set).select_related("combo").order_by("code"):
        options = list(CategoryOption.objects.filter(combo=element.combo)) if element.combo else [None]
        for option in options:
            k += 1
            if element.code == "ISO_AP_DUNG":
                value = 1
            elif element.value_type == ValueType.PERCENT:
                value = Decimal("97.3")
            elif element.value_type == ValueType.MONEY:
                value = 12_345_000_000 + k * 1_000_000
            else:
                value = 1000 + 37 * k
            values[(element, option)] = value
    return values


def written(element, value):
    if element.value_type == ValueType.PERCENT:
        return f.percent(value)
    if element.value_type == ValueType.MONEY:
        return f.money(value)
    return f.count(value)


@pytest.fixture
def never_expires(demo):
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)  # 2021-H1 expired long ago


def test_every_figure_of_the_units_own_form_is_stated_in_sentences(demo, never_expires):
    data_set = DataSet.objects.get(code="CCHC-DV")
    unit, period = OrgUnit.objects.get(code="VITHANH-P1"), Period.objects.get(code="2021-H1")
    form = collection_services.get_submission(data_set, unit, period)
    values = distinct_values(data_set)
    collection_services.save_values(form, None, {key: {"value": v} for key, v in values.items()},
                                    expected_version=form.version, check_permission=False)
    body = text_of(services.render_report(unit_report("VITHANH-P1"))[1])
    missing = []
    for (element, option), value in values.items():
        if element.code == "ISO_AP_DUNG":
            continue  # a yes/no: said as «Đơn vị áp dụng … ISO 9001:2015»
        figure = written(element, value)
        if not re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", body):
            missing.append(f"{element.code}{'.' + option.code if option else ''} = {figure}")
    assert missing == []
    assert "áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015" in body
    # The level sentences name the levels; the rates are computed, never typed.
    assert "Ở cấp tỉnh: tiếp nhận" in body and "Ở cấp huyện: tiếp nhận" in body and "Ở cấp xã: tiếp nhận" in body
    assert "tỷ lệ giải quyết trước hạn và đúng hạn đạt" in body
    # The draft says the figures are not approved yet.
    assert "đơn vị đang nhập, chưa gửi Sở Nội vụ (số liệu chưa được phê duyệt)" in body


def test_the_report_follows_the_outline_with_the_units_header(demo):
    report = unit_report("CHAUTHANH", number="07", issued_on=datetime.date(2021, 6, 20), addressees="Sở Nội vụ tỉnh Hậu Giang")
    data = services.render_report(report)[1]
    paragraphs = [p.text for p in open_docx(data).paragraphs if p.text.strip()]
    assert paragraphs[1] == ("Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2021 "
                             "và phương hướng, nhiệm vụ 6 tháng cuối năm 2021")
    assert "Kính gửi: Sở Nội vụ tỉnh Hậu Giang" in paragraphs
    headings = list(sections_text(data))
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2021",
        "1. Công tác chỉ đạo, điều hành", "2. Cải cách thể chế", "3. Cải cách thủ tục hành chính",
        "4. Cải cách tổ chức bộ máy", "5. Cải cách chế độ công vụ", "6. Cải cách tài chính công",
        "7. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số",
        "II. NHẬN XÉT, ĐÁNH GIÁ", "1. Ưu điểm", "2. Hạn chế và nguyên nhân",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2021",
    ]


def test_the_figures_are_the_units_own_not_those_of_the_communes_below(demo, never_expires):
    data_set = DataSet.objects.get(code="CCHC-DV")
    period = Period.objects.get(code="2021-H1")
    own = data_set.submissions.get(unit__code="CHAUTHANH", period=period)
    commune = collection_services.get_submission(data_set, OrgUnit.objects.get(code="CHAUTHANH-NGASAU"), period)
    collection_services.save_values(commune, None, {(DataElement.objects.get(code="HS_TIEP_NHAN"), None): {"value": "777"}},
                                    expected_version=0, check_permission=False)
    commune.status = Status.APPROVED
    commune.save()
    body = text_of(services.render_report(unit_report("CHAUTHANH"))[1])
    received = own.values.get(element__code="HS_TIEP_NHAN").numeric_value
    assert f"tiếp nhận trong kỳ là {f.count(received)} hồ sơ" in body
    assert "777" not in body and f.count(received + 777) not in body
    approved_on = f.long_date(timezone.localtime(own.reviewed_at).date())
    assert f"Số liệu trong báo cáo lấy từ biểu CCHC-DV 6 tháng đầu năm 2021 của đơn vị, đã được Sở Nội vụ phê duyệt {approved_on}." in body


def test_a_form_waiting_for_review_or_not_started_says_so(demo):
    period = Period.objects.get(code="2021-H1")
    DataSet.objects.get(code="CCHC-DV").submissions.filter(unit__code="NGABAY", period=period).update(status=Status.SUBMITTED)
    body = text_of(services.render_report(unit_report("NGABAY"))[1])
    assert "đã gửi Sở Nội vụ, đang chờ xét duyệt (số liệu chưa được phê duyệt)" in body
    assert "tiếp nhận trong kỳ là" in body  # a unit drafts its report before the Sở approves its figures
    body = text_of(services.render_report(unit_report("SYT"))[1])
    assert "Đơn vị chưa nhập biểu CCHC-DV 6 tháng đầu năm 2021" in body and "hồ sơ" not in body.split("Đơn vị chưa nhập")[1]


def test_a_years_report_adds_its_halves_and_keeps_the_figures_as_of_a_date(demo):
    data_set = DataSet.objects.get(code="CCHC-DV")
    h1, h2 = (data_set.submissions.get(unit__code="CHAUTHANH", period__code=c) for c in ("2022-H1", "2022-H2"))

    def value(form, code):
        return form.values.get(element__code=code, option__isnull=True).numeric_value

    body = text_of(services.render_report(unit_report("CHAUTHANH", "2022-Y"))[1])
    # «Trong kỳ» figures add up; carried over is the first half's, pending the second half's.
    received = value(h1, "HS_TIEP_NHAN") + value(h2, "HS_TIEP_NHAN")
    assert f"tiếp nhận trong kỳ là {f.count(received)} hồ sơ" in body
    assert f"kỳ trước chuyển sang {f.count(value(h1, 'HS_KY_TRUOC'))} hồ sơ" in body
    assert f"đang giải quyết {f.count(value(h2, 'HS_DANG_TRONG_HAN'))} hồ sơ còn trong hạn" in body
    assert value(h2, "HS_KY_TRUOC") == value(h1, "HS_DANG_TRONG_HAN") + value(h1, "HS_DANG_QUA_HAN")  # the demo carries over
    assert f"Kế hoạch vốn đầu tư công được giao {f.money(value(h2, 'TCC_VON_GIAO'))}" in body
    in_time = sum(value(s, c) for s in (h1, h2) for c in ("HS_SOM_HAN", "HS_DUNG_HAN"))
    resolved = value(h1, "HS_DA_GIAI_QUYET") + value(h2, "HS_DA_GIAI_QUYET")
    assert f"trước hạn và đúng hạn đạt {f.percent(in_time * 100 / resolved)}" in body
    assert "biểu CCHC-DV năm 2022 của đơn vị, đã được Sở Nội vụ phê duyệt" in body
