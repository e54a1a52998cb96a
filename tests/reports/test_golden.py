"""The golden test (DESIGN §8): the 2021-H1 six-month report built on the demo data states each
figure the providers cover exactly as the Hậu Giang reference does (corrected style), in the right
section; breakdowns are real footnotes (or parentheses, by the report's setting)."""

import re

import pytest

from collection.models import DataValue
from reports import services
from reports.models import DetailStyle
from tests.reports.conftest import footnotes, open_docx, section, sections_text

pytestmark = pytest.mark.django_db

LOCAL_GOVERNMENT = "3. Về xây dựng chính quyền địa phương"
ASSOCIATIONS = "2. Về công tác quản lý hội, quỹ"
INSPECTION = "4. Về công tác thanh tra, pháp chế"
CCHC = "5. Về công tác cải cách hành chính"


@pytest.fixture
def built(demo):
    _stem, data = services.render_report(demo)
    return data


def test_local_government_figures_as_in_the_reference(built):
    text = section(built, LOCAL_GOVERNMENT)
    plain = re.sub(r"\[\^\d+: [^\]]*\]", "", text)
    assert "kết quả có 2.222 đại biểu được bầu, trong đó: Quốc hội 06 đại biểu, cấp tỉnh 50 đại biểu, " \
           "cấp huyện 245 đại biểu và cấp xã 1.921 đại biểu." in plain
    assert "Tỷ lệ cử tri đi bầu đạt 99,99%." in plain
    # Breakdowns by district are footnotes, attached right after the level they explain.
    assert re.search(r"cấp huyện 245 đại biểu\[\^\d+: Thành phố Vị Thanh 30 đại biểu, thành phố Ngã Bảy 30 đại biểu", text)
    assert re.search(r"cấp xã 1\.921 đại biểu\[\^\d+: Thành phố Vị Thanh 225 đại biểu, .* và huyện Long Mỹ 248 đại biểu\.\]", text)
    assert "Tổng số cử tri 563.012 người, số cử tri đã đi bầu 562.956 người." in text


def test_associations_and_petitions_as_in_the_reference(built):
    assert "Trong 6 tháng đầu năm đã phê duyệt thành lập 01 Hội và phê duyệt tổ chức đại hội cho 03 đơn vị" \
        in section(built, ASSOCIATIONS)
    petitions = section(built, INSPECTION)
    assert "tổng số đơn nhận được là 10 đơn" in petitions
    assert "chuyển 02 đơn đến cơ quan có thẩm quyền giải quyết" in petitions
    assert "lưu theo dõi 08 đơn" in petitions
    # DON_GIAI_QUYET is 0 in the demo: its clause is dropped, never "0 đơn".
    assert "giải quyết" not in petitions.split("tổng số đơn")[1].replace("có thẩm quyền giải quyết", "")


def test_figures_appear_only_in_their_section(built):
    texts = sections_text(built)
    for figure, home in [("2.222 đại biểu", LOCAL_GOVERNMENT), ("99,99%", LOCAL_GOVERNMENT),
                         ("01 Hội", ASSOCIATIONS), ("03 đơn vị theo đúng quy định", ASSOCIATIONS),
                         ("10 đơn", INSPECTION), ("08 đơn", INSPECTION)]:
        holders = [h for h, body in texts.items() if figure in body]
        assert len(holders) == 1 and holders[0].startswith(home), (figure, holders)


def test_cchc_dossiers_sentence(built):
    text = section(built, CCHC)
    # 8 districts × the demo CCHC-DV values.
    assert "tiếp nhận 18.236 hồ sơ" in text
    assert "tiếp nhận trực tuyến 4.228 hồ sơ, chiếm 23,18%" in text
    assert re.search(r"đúng hạn [\d.]+ hồ sơ, đạt [\d,]+%", text)


def test_no_zero_is_printed_anywhere(built):
    document = open_docx(built)
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(footnotes(built).values())
    assert not re.search(r"(?<![\d.,/])0 (đơn|Hội|đại biểu|hồ sơ|đơn vị|cuộc|mét)\b", body)


def test_numbering_title_intro_and_closing(built):
    headings = [p.text for p in open_docx(built).paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Phần I\nKẾT QUẢ CÔNG TÁC 6 THÁNG ĐẦU NĂM 2021"
    assert headings[1] == "I. CÔNG TÁC TỔ CHỨC NHÀ NƯỚC"
    assert headings[2] == "1. Về tổ chức bộ máy và biên chế"
    assert "VI. ĐÁNH GIÁ CHUNG" in headings
    assert "Phần II\nCHƯƠNG TRÌNH CÔNG TÁC 6 THÁNG CUỐI NĂM 2021" in headings
    assert headings[-1] == "II. GIẢI PHÁP THỰC HIỆN"
    texts = [p.text for p in open_docx(built).paragraphs]
    assert "Sơ kết công tác Sở Nội vụ 6 tháng đầu năm và chương trình công tác 6 tháng cuối năm 2021" in texts
    assert any(t.startswith("Thực hiện Kế hoạch số 97/KH-UBND ngày 30 tháng 12 năm 2020 của Ủy ban nhân dân tỉnh Hậu Giang")
               for t in texts)
    assert any(t.startswith("Trên đây là báo cáo") and t.endswith("./.") for t in texts)


def test_a_zero_figure_changes_the_wording(demo):
    DataValue.objects.filter(element__code="DON_CHUYEN", submission__period=demo.period).update(numeric_value=0)
    DataValue.objects.filter(element__code="HOI_THANH_LAP", submission__period=demo.period).update(numeric_value=0)
    _stem, data = services.render_report(demo)
    petitions = section(data, INSPECTION)
    assert "chuyển" not in petitions.split("tổng số đơn")[1]
    assert "tổng số đơn nhận được là 10 đơn, trong đó: lưu theo dõi 08 đơn." in petitions
    associations = section(data, ASSOCIATIONS)
    assert "thành lập" not in associations.split("Trong 6 tháng")[1]
    assert "Trong 6 tháng đầu năm đã phê duyệt tổ chức đại hội cho 03 đơn vị theo đúng quy định." in associations
    DataValue.objects.filter(element__code="DON_NHAN", submission__period=demo.period).update(numeric_value=0)
    _stem, data = services.render_report(demo)
    assert "không nhận được đơn khiếu nại, tố cáo, kiến nghị, phản ánh" in section(data, INSPECTION)


def test_parentheses_instead_of_footnotes(demo):
    demo.detail_style = DetailStyle.PARENTHESES
    demo.save()
    _stem, data = services.render_report(demo)
    assert footnotes(data) == {}
    text = section(data, LOCAL_GOVERNMENT)
    assert "cấp huyện 245 đại biểu (Thành phố Vị Thanh 30 đại biểu, thành phố Ngã Bảy 30 đại biểu" in text
    assert "Tỷ lệ cử tri đi bầu đạt 99,99% (Tổng số cử tri 563.012 người, số cử tri đã đi bầu 562.956 người)." in text


def test_a_data_set_is_a_provider_with_no_code(demo):
    from reports.models import OutlineSection

    youth = OutlineSection.objects.get(kind=demo.kind, title="Về công tác thanh niên")
    youth.provider_key = "dataset:HOI-QUY"
    youth.full_clean()
    youth.save()
    services.bring_up_to_date(demo, None)  # the report owns its outline: the kind's edit reaches it explicitly
    _stem, data = services.render_report(demo)
    assert "Tổng hợp số liệu báo cáo quản lý hội, quỹ và tổ chức phi chính phủ (6 tháng đầu năm 2021):" \
        in section(data, "1. Về công tác thanh niên")
    [table] = [t for t in open_docx(data).tables if t.rows[0].cells[0].text == "Chỉ tiêu"]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Chỉ tiêu", "Đơn vị tính", "Số liệu"]
    assert ["Số hội được phê duyệt thành lập", "hội", "1"] in rows
    assert ["Số hội được phê duyệt tổ chức đại hội", "hội", "3"] in rows
    youth.provider_key = "khong-co"
    with pytest.raises(Exception, match="Không có nguồn số liệu"):
        youth.full_clean()


STRUCTURE = "1. Về tổ chức bộ máy và biên chế"
CIVIL_SERVANTS = "2. Về quản lý đội ngũ cán bộ, công chức, viên chức"
SALARY = "4. Về chính sách tiền lương"
TRAINING = "6. Về đào tạo, bồi dưỡng cán bộ, công chức, viên chức"


def test_staffing_figures_as_in_the_reference(built):
    """The staffing provider (staffing/report.py) fills sections 1, 2, 4 and 6 from the registers:
    every staffing, personnel, salary, exam and training sentence of the reference, whole."""
    plain = {home: re.sub(r"\[\^\d+: [^\]]*\]", "", section(built, home))
             for home in (STRUCTURE, CIVIL_SERVANTS, SALARY, TRAINING)}
    assert ("Thực hiện tinh giản biên chế đợt I năm 2021 có 74 trường hợp (TH); rà soát thẩm định kinh phí tinh giản "
            "biên chế đợt II năm 2021: 46 (TH).") in plain[STRUCTURE]
    assert ("về việc phối hợp tổ chức kỳ thi nâng ngạch công chức, thi thăng hạng viên chức hành chính lên chuyên viên "
            "chính năm 2020, có 35 (TH) tham gia.") in plain[CIVIL_SERVANTS]
    assert ("Thực hiện giám sát và công nhận kết quả thi tuyển viên chức 84 (TH) đối với 02 đơn vị cấp huyện và "
            "04 đơn vị cấp tỉnh.") in plain[CIVIL_SERVANTS]
    assert ("Đảm bảo công tác quản lý cán bộ, công chức, viên chức đúng theo quy định và kịp thời, giải quyết: nghỉ hưu "
            "10 (TH); thôi việc 06 (TH); số lượng công chức, viên chức thuyên chuyển: 54 (TH); biệt phái công chức "
            "01 (TH); xét chuyển viên chức sang công chức: 03 (TH); điều động 03 (TH); bổ nhiệm, bổ nhiệm lại: "
            "20 (TH).") in plain[CIVIL_SERVANTS]
    assert ("cụ thể: nâng lương trước thời hạn 1.360 (TH); Quyết định nâng lương trước hạn 95 (TH); nâng lương "
            "thường xuyên 151 (TH); Quyết định nâng lương thường xuyên 28 (TH); bổ nhiệm ngạch Thanh tra viên 12 (TH); "
            "miễn nhiệm ngạch Thanh tra viên 01 (TH); nâng bậc lương trước thời hạn nghỉ hưu 03 (TH); nâng bậc lương "
            "thường xuyên và phụ cấp thâm niên vượt khung 38 (TH); xếp lương 07 (TH).") in plain[SALARY]
    assert ("Thực hiện giải quyết chế độ chính sách cán bộ, công chức cấp xã: nâng lương trước hạn, nâng ngạch lương "
            "144 (TH); nâng lương thường xuyên 01 (TH); thống nhất tiếp nhận cán bộ, công chức cấp xã 01 (TH); bổ nhiệm "
            "Chỉ huy trưởng Ban Chỉ huy quân sự 03 (TH).") in plain[SALARY]
    assert "(với 354 lớp, tổng kinh phí: 20.412.619.000 đồng)" in plain[TRAINING]
    assert ("giải quyết các chế độ chính sách sau đại học theo quy định đối với 57 (TH).") in plain[TRAINING]
    texts = sections_text(built)
    for figure, home in [("74 trường hợp (TH)", STRUCTURE), ("1.360 (TH)", SALARY), ("354 lớp", TRAINING)]:
        holders = [h for h, body in texts.items() if figure in body]
        assert len(holders) == 1 and holders[0].startswith(home), (figure, holders)
