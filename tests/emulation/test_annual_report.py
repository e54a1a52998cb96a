"""The annual TĐKT report kind (shaped like Hưng Yên's 2021 report) builds for 2021 from the demo
data, with its figures and tables, and passes the Nghị định 30/2020 layout checks."""

import datetime

import pytest

from core.models import OrgUnit, Period
from reports import services
from reports.models import ReportKind, SignerAuthority
from tests.reports import test_layout
from tests.reports.conftest import open_docx, section

pytestmark = pytest.mark.django_db


def _window(code):
    period = Period.objects.get(code=code)
    return period.start, period.end


def _build(unit_code, period_code, **fields):
    kind = ReportKind.objects.get(code="tdkt_annual")
    report = services.create_report(None, kind, OrgUnit.objects.get(code=unit_code), Period.objects.get(code=period_code),
                                    **fields)
    return services.render_report(report)[1]


def test_the_annual_tdkt_report_for_2021(province):
    data = _build("SNV", "2021-Y", number="210", issued_on=datetime.date(2021, 12, 20), signer_name="Nguyễn Văn Minh",
                  signer_authority=SignerAuthority.DIRECTOR)
    headings = [p.text for p in open_docx(data).paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Phần I\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2021"
    assert "3. Công tác khen thưởng" in headings and "Phần II\nPHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC NĂM 2022" in headings
    # The statistics are an appendix, after the signature.
    texts = [p.text for p in open_docx(data).paragraphs]
    assert any(t.startswith("PHỤ LỤC") for t in texts)
    awards = section(data, "3. Công tác khen thưởng")
    assert ("Kết quả khen thưởng cấp Nhà nước: Huân chương Lao động hạng Nhì cho 01 tập thể; Huân chương Lao động "
            "hạng Ba cho 02 tập thể và 05 cá nhân; Cờ thi đua của Chính phủ cho 03 tập thể; Bằng khen của Thủ tướng "
            "Chính phủ cho 06 tập thể và 12 cá nhân.") in awards
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh cho 08 tập thể; Chiến sĩ thi đua cấp tỉnh cho 10 cá nhân; " \
           "Tập thể lao động xuất sắc cho 134 tập thể" in awards
    movements = section(data, "2. Kết quả tổ chức phong trào thi đua")
    assert "Triển khai thực hiện 04 phong trào thi đua do Thủ tướng Chính phủ phát động" in movements
    assert "02 Cụm thi đua và 03 Khối thi đua" in movements
    tables = [t for t in open_docx(data).tables if t.rows[0].cells[0].text == "Danh hiệu, hình thức khen thưởng"]
    assert len(tables) == 2
    rows = [[c.text for c in r.cells] for r in tables[0].rows]
    by_name = {r[0]: r for r in rows}
    assert by_name["Tập thể lao động xuất sắc"][2] == "134"
    # The totals row is the sum of the rows above it.
    total = sum(int(r[-1].replace(".", "")) for r in rows[1:-1])
    assert rows[-1][0] == "Tổng cộng" and int(rows[-1][-1].replace(".", "")) == total
    # Nghị định 30/2020 layout: page, fonts, header block and signature.
    test_layout.test_page_and_body_style(data)
    test_layout.check_header(data, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "SỞ NỘI VỤ", "Số: 210/BC-SNV",
                             "Hậu Giang, ngày 20 tháng 12 năm 2021")
    test_layout.check_signature(data, ["GIÁM ĐỐC"], "Nguyễn Văn Minh")


def test_issued_by_the_province_for_the_emulation_year(province):
    data = _build("HG", "2021-TD", number="12", issued_on=datetime.date(2022, 1, 10), signer_name="Trần Văn Huyến",
                  signer_authority=SignerAuthority.DIRECTOR)
    test_layout.test_page_and_body_style(data)
    test_layout.check_header(data, "", "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", "Số: 12/BC-UBND",
                             "Hậu Giang, ngày 10 tháng 01 năm 2022")
    # The emulation year (1/12/2020 – 30/11/2021) is its own window, not the annual period's.
    from emulation import selectors
    from emulation.models import AwardLevel

    def provincial(start, end):
        return selectors.decisions(start, end).filter(level=AwardLevel.PROVINCE).count()

    year, annual = provincial(*selectors.emulation_year_window(2021)), provincial(*_window("2021-Y"))
    assert year != annual
    assert f"Chủ tịch Ủy ban nhân dân tỉnh đã ban hành {year} Quyết định khen thưởng." in \
        section(data, "3. Công tác khen thưởng")
