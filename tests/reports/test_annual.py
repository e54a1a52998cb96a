"""Issue 15 item 1 (first part): the annual report's appendices are sections of the same DOCX printed
after the signature, each from a new page, landscape where a table is wide, with header rows repeated
across pages; the legal documents of the year are one; comparisons read the indicator registry."""

import re

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from core import services as core_services
from core.models import OrgUnit, Period
from core.reporting import Table
from reports import registry, services
from reports.models import ReportKind
from reports.selectors import provider_context
from tests.reports.conftest import open_docx
from tests.reports.test_layout import check_header, check_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual(demo):
    kind = ReportKind.objects.get(code="annual")
    return services.create_report(None, kind, OrgUnit.objects.get(code="SNV"), Period.objects.get(code="2021-Y"),
                                  number="250", symbol="BC-SNV")


def _body(document):
    """Paragraph texts and table markers of the body, in document order."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            out.append("<bảng>")
    return out


def test_the_annual_appendices_follow_the_signature_each_from_a_new_page(annual):
    _stem, data = services.render_report(annual)
    document = open_docx(data)
    check_header(data, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "SỞ NỘI VỤ", "Số: 250/BC-SNV",
                 "Hậu Giang, ngày      tháng      năm 2021")
    annual.signer_name = "Nguyễn Văn Minh"
    annual.save()
    _stem, data = services.render_report(annual)
    document = open_docx(data)
    check_signature(data, annual.authority_lines, "Nguyễn Văn Minh")
    body = _body(document)
    closing = next(i for i, t in enumerate(body) if t.startswith("Trên đây là báo cáo"))
    signature = body.index("<bảng>", closing)
    first, second = body.index("PHỤ LỤC I"), body.index("PHỤ LỤC II")
    assert signature < first < second
    assert body[first + 1].startswith("BIÊN CHẾ ĐƯỢC GIAO VÀ ĐÃ SỬ DỤNG NĂM 2021")
    assert body[first + 2].startswith("(Kèm theo Báo cáo số 250/BC-SNV ngày      tháng      năm 2021 của Sở Nội vụ)")
    assert body[second + 1] == ("DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT DO HỘI ĐỒNG NHÂN DÂN, ỦY BAN NHÂN DÂN TỈNH "
                                "BAN HÀNH NĂM 2021")
    # The province's five normative documents of 2021, not the national decrees it cites.
    assert "Tổng số: 05 văn bản, trong đó: 02 Nghị quyết và 03 Quyết định." in body
    legal = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Số, ký hiệu"])
    assert [c.text for c in legal.rows[0].cells] == ["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung",
                                                     "Cơ quan ban hành"]
    assert [r.cells[1].text for r in legal.rows[1:]] == ["02/2021/NQ-HĐND", "05/2021/QĐ-UBND", "11/2021/QĐ-UBND",
                                                         "09/2021/NQ-HĐND", "27/2021/QĐ-UBND"]
    # Header rows repeat on every page; no row splits.
    header = legal.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None and header.find(qn("w:cantSplit")) is not None
    # Main text, then one section per appendix (quotas, legal documents, awards, the CCHC index by
    # unit, next year's key tasks), each starting on a new page; landscape only where a table has
    # more than five columns.
    appendices = [t for t in body if re.fullmatch(r"PHỤ LỤC [IVX]+", t)]
    assert appendices == ["PHỤ LỤC I", "PHỤ LỤC II", "PHỤ LỤC III", "PHỤ LỤC IV", "PHỤ LỤC V"]
    assert len(document.sections) == 1 + len(appendices)
    assert {s.start_type.name for s in document.sections[1:]} == {"NEW_PAGE"}
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert document.sections[2].orientation == WD_ORIENT.PORTRAIT  # the legal documents: five columns


def test_a_wide_appendix_table_is_on_a_landscape_page(annual):
    registry.register("thu.bang-rong", lambda ctx: [Table(columns=["STT", "Đơn vị", "A", "B", "C", "D", "E"],
                                                          rows=[["1", "Sở Y tế", "1", "2", "3", "4", "5"]])])
    try:
        wide = annual.sections.create(title="Bảng rộng", provider_key="thu.bang-rong", is_appendix=True, order=99999)
        _stem, data = services.render_report(annual)
    finally:
        registry.unregister("thu.bang-rong")
    document = open_docx(data)
    body = _body(document)
    appendices = [t for t in body if re.fullmatch(r"PHỤ LỤC [IVX]+", t)]
    assert len(document.sections) == 1 + len(appendices) and appendices[-1] == "PHỤ LỤC VI"
    last = document.sections[-1]
    assert last.orientation == WD_ORIENT.LANDSCAPE and round(last.page_width.mm) == 297
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert body[body.index("PHỤ LỤC VI") + 1] == wide.title.upper()


def test_an_appendix_is_top_level_only(annual):
    from django.core.exceptions import ValidationError

    section = annual.kind.sections.filter(parent__isnull=False).first()
    section.is_appendix = True
    with pytest.raises(ValidationError, match="Chỉ mục cấp cao nhất mới là phụ lục"):
        section.full_clean()


def test_comparisons_read_the_indicator_registry_for_the_previous_period(annual):
    core_services.create_periods(2020)
    ctx = provider_context(annual)
    assert ctx.previous is not None and ctx.previous.code == "2020-Y"
    assert ctx.compare("van-ban.qppl-ban-hanh") == (5, 0, 5)
    assert ctx.value("van-ban.qppl-ban-hanh", ctx.previous) == 0


def _index_table(document):
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Cơ quan, đơn vị"]
                and "Xếp hạng năm 2020" in [c.text for c in t.rows[0].cells])


def test_the_cchc_index_by_unit_is_a_landscape_appendix_with_repeated_header_rows(annual):
    from reform.models import UnitIndexSet
    from reform.selectors import ranking

    _stem, data = services.render_report(annual)
    document = open_docx(data)
    body = _body(document)
    at = body.index("PHỤ LỤC IV")
    assert body[at + 1] == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC CƠ QUAN, ĐƠN VỊ"
    table = _index_table(document)
    assert [c.text for c in table.rows[0].cells] == ["STT", "Cơ quan, đơn vị", "Điểm năm 2020", "Xếp hạng năm 2020",
                                                     "Điểm năm 2019", "Xếp hạng năm 2019", "Tăng, giảm bậc"]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None and header.find(qn("w:cantSplit")) is not None
    # Every unit the province scored in 2020, in each group's rank order, a group heading before each.
    sets = UnitIndexSet.objects.filter(year=2020).order_by("audience")
    scored = sum(len(ranking(s)) for s in sets)
    names = [r.cells[1].text for r in table.rows[1:]]
    assert len(names) == scored + sets.count()
    assert names[0] == "Sở, ban, ngành tỉnh"
    department = UnitIndexSet.objects.get(year=2020, audience="department")
    first = OrgUnit.objects.get(pk=ranking(department)[0][0])
    assert names[1] == first.name and table.rows[2].cells[3].text == "1"
    assert f"Chỉ số cải cách hành chính của {scored:02d} cơ quan, đơn vị" in "\n".join(body)
    section = document.sections[1 + 3]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.start_type.name == "NEW_PAGE"


def test_the_cchc_index_appendix_compares_each_units_rank_with_the_year_before(annual):
    from decimal import Decimal

    from reform.models import Criterion, UnitIndexSet, UnitScore
    from reform.selectors import ranking

    department = UnitIndexSet.objects.get(year=2020, audience="department")
    top = [OrgUnit.objects.get(pk=r[0]) for r in ranking(department)[:2]]
    before = UnitIndexSet.objects.create(year=2019, audience="department", title="Bộ tiêu chí năm 2019")
    criterion = Criterion.objects.create(index_set=before, code="1", title="Tổng", max_points=Decimal(100))
    # 2019: the 2020 runner-up first, the 2020 leader second.
    UnitScore.objects.create(criterion=criterion, unit=top[1], appraised_score=Decimal(90))
    UnitScore.objects.create(criterion=criterion, unit=top[0], appraised_score=Decimal(80))
    _stem, data = services.render_report(annual)
    document = open_docx(data)
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in _index_table(document).rows[1:]}
    assert rows[top[0].name][4:] == ["80", "2", "tăng 01 bậc"]
    assert rows[top[1].name][4:] == ["90", "1", "giảm 01 bậc"]
    others = [r for name, r in rows.items() if name not in {top[0].name, top[1].name} and r[0].isdigit()]
    assert others and all(r[4:] == ["-", "-", "-"] for r in others)
    assert "so với năm 2019, 01 đơn vị tăng bậc và 01 đơn vị giảm bậc" in "\n".join(_body(document))
