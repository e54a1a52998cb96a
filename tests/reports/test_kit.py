"""The report kit (core.reporting): one registry that refuses a duplicate key, indicators, the
content blocks, and the document-wide rules settled once at assembly in outline order."""

import pytest

from core import reporting
from core.models import Period, PeriodType
from core.reporting import Cases, Note, Paragraph, Table, assemble, cases
from reports import registry, services
from tests.reports.conftest import open_docx, section


def test_the_registry_refuses_a_duplicate_key():
    with pytest.raises(reporting.DuplicateKey, match="tien-luong.che-do"):
        reporting.register("tien-luong.che-do", lambda ctx: [])
    with pytest.raises(reporting.DuplicateKey):
        registry.register("cai-cach-hanh-chinh.ho-so", lambda ctx: [])
    # the first registration stands
    assert registry.get("tien-luong.che-do").build.__module__ == "staffing.report"


def test_a_new_key_registers_once_and_serves_its_period_types():
    try:
        @reporting.provider("thu-nghiem.mot-lan", label="Thử", period_types=(PeriodType.ANNUAL,))
        def build(ctx):
            return [Paragraph("Một câu.")]

        found = registry.get("thu-nghiem.mot-lan")
        assert found.label == "Thử" and found(None)[0].text == "Một câu."
        assert found.serves(Period(type=PeriodType.ANNUAL, year=2021, number=1))
        assert not found.serves(Period(type=PeriodType.SIX_MONTH, year=2021, number=1))
        with pytest.raises(reporting.DuplicateKey):
            reporting.provider("thu-nghiem.mot-lan")(build)
    finally:
        reporting.unregister("thu-nghiem.mot-lan")


def test_domains_register_indicators():
    found = reporting.indicators()
    assert found["cchc.ho-so-tiep-nhan"].unit == "hồ sơ"
    ctx = reporting.ReportContext(period=Period(type=PeriodType.SIX_MONTH, year=2021, number=1))
    ctx._figures["CCHC-DV"] = {("HS_TIEP_NHAN", None): 2000}
    assert found["cchc.ho-so-tiep-nhan"].value(ctx) == 2000
    with pytest.raises(reporting.DuplicateKey):
        reporting.register_indicator("cchc.ho-so-tiep-nhan", "x", "hồ sơ", lambda ctx: 0)


def test_cases_are_worded_once_per_document_in_order():
    first = Paragraph(f"nghỉ hưu {cases(10)}; thôi việc {cases(6)}")
    second = Paragraph("đối với ").cases(57).add(".")
    assert cases(0) is None and Paragraph("x").cases(0).segments == ["x"]
    assert isinstance(first.segments[1], Cases) and first.text == "nghỉ hưu 10 (TH); thôi việc 06 (TH)"
    assemble([Table(["a"], [["1"]]), first, second])
    assert first.text == "nghỉ hưu 10 trường hợp (TH); thôi việc 06 (TH)"
    assert second.text == "đối với 57 (TH)."
    plain = Paragraph(f"nghỉ hưu {cases(10)}")
    assemble([plain], abbreviate=False)
    assert plain.text == "nghỉ hưu 10 trường hợp"


def test_notes_tables_and_totals():
    p = Paragraph("cấp huyện 245 đại biểu").note("Huyện A 30, huyện B 215.").add(".")
    assert p.notes == [Note("Huyện A 30, huyện B 215.")]
    assert p.render("parentheses") == {"text": "cấp huyện 245 đại biểu (Huyện A 30, huyện B 215).", "footnotes": []}
    table = Table(["Đơn vị", "Số"], [["A", "1"]], caption="Bảng", totals=["Tổng cộng", "1"])
    assert table.rows == [["A", "1"], ["Tổng cộng", "1"]] and table.body == [["A", "1"]]
    assert not Table(["Đơn vị"], [], totals=["Tổng cộng"])
    assert reporting.unit_list(["Huyện Vị Thủy", "Sở Y tế"]) == "Huyện Vị Thủy và Sở Y tế."
    assert reporting.in_sentence("Thành phố Vị Thanh") == "thành phố Vị Thanh"


@pytest.mark.django_db
def test_the_salary_section_rendered_alone_introduces_cases(demo):
    """Only the salary section states figures: its first case count introduces «trường hợp (TH)»
    (before, the section assumed sections 1 and 2 had, and printed «1.360 (TH)» unintroduced)."""
    demo.sections.exclude(provider_key="tien-luong.che-do").update(provider_key="")
    _stem, data = services.render_report(demo)
    salary = section(data, "4.")
    assert "nâng lương trước thời hạn 1.360 trường hợp (TH); Quyết định nâng lương trước hạn 95 (TH)" in salary
    full = "\n".join(p.text for p in open_docx(data).paragraphs)
    assert full.count("trường hợp (TH)") == 1


@pytest.mark.django_db
def test_data_set_element_labels_name_the_period_not_a_fixed_year(demo):
    """A label may say {năm} / {kỳ}: the table of any period reads its own year (item 3)."""
    from collection.models import DataElement
    from collection.report import DataSetProvider, DataSetSource

    DataElement.objects.filter(code="HOI_THANH_LAP").update(name="Số hội được phê duyệt thành lập năm {năm}")
    ctx = reporting.ReportContext(period=demo.period, root=demo.unit.oversight_root(), source=DataSetSource())
    intro, table = DataSetProvider("HOI-QUY")(ctx)
    assert intro.text == "Tổng hợp số liệu báo cáo quản lý hội, quỹ và tổ chức phi chính phủ (6 tháng đầu năm 2021):"
    assert ["Số hội được phê duyệt thành lập năm 2021", "hội", "1"] in table.rows
