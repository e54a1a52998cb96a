"""Layout of the generated DOCX (Nghị định 30/2020/NĐ-CP, DESIGN §6), read back from the saved file."""

import datetime
import io
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from reports import rendering, services
from reports.models import SignerAuthority
from tests.reports.conftest import W, footnotes, open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(demo):
    return services.render_report(demo)[1]


def near(length, mm, tolerance=0.6):
    return abs(length.mm - mm) <= tolerance


def cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def test_page_and_body_style(data):
    document = open_docx(data)
    section = document.sections[0]
    assert near(section.page_width, 210) and near(section.page_height, 297)
    assert near(section.top_margin, 20) and near(section.bottom_margin, 20)
    assert near(section.left_margin, 30) and near(section.right_margin, 15)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert fmt.space_after >= Pt(6)
    assert 1.15 <= fmt.line_spacing <= 1.5
    # Headings: Times New Roman, black, no theme font that would override it.
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Times New Roman" and fonts.get(qn("w:asciiTheme")) is None
        assert style.font.bold and style.font.size == Pt(14)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"


def check_header(data, superior, issuing, number, place_date):
    """The Nghị định 30/2020 header block: left the superior body (upright; none for a People's
    Committee), the issuing body (bold, each line) with a short rule under it, the number; right the
    national title and motto (bold, rule under it) and the italic place-date. Used for every issuer."""
    document = open_docx(data)
    table = document.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(side.get(qn("w:val")) in ("nil", "none") for side in borders)
    left, right = table.rows[0].cells
    paragraphs = cell_paragraphs(left)
    if superior:
        head, issuing_p, number_p = paragraphs
        assert head.text == superior
        assert head.runs[0].font.size == Pt(13) and not head.runs[0].bold
    else:
        issuing_p, number_p = paragraphs  # no superior line, not even an empty paragraph above the body
        assert left.paragraphs[0]._p is issuing_p._p
    assert issuing_p.text == issuing
    assert all(r.bold and r.font.size == Pt(13) for r in issuing_p.runs if r.text)
    assert number_p.text == number
    national, motto, place_date_p = cell_paragraphs(right)
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert national.runs[0].bold and national.runs[0].font.size == Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].font.size == Pt(14)
    assert place_date_p.text == place_date
    assert place_date_p.runs[0].italic
    # A rule (top-bordered empty paragraph) right under the issuing body and under the motto.
    for cell, after in ((left, issuing_p), (right, motto)):
        paragraphs = cell.paragraphs
        rule = paragraphs[[p._p for p in paragraphs].index(after._p) + 1]
        assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) == "single"
        side = rule.paragraph_format.left_indent
        assert side and side > Cm(0.5)  # short, centred


def check_signature(data, authority, name):
    """The signature block: «Nơi nhận:» (12 bold italic) left; the authority lines and name (bold) right.
    It is the last table of the main text (appendices, printed after it, may hold tables of their own)."""
    tables = [t for t in open_docx(data).tables if t.rows[0].cells[0].text.startswith("Nơi nhận:")]
    assert tables, "no signature block"
    left, right = tables[-1].rows[0].cells
    label = cell_paragraphs(left)[0]
    assert label.text == "Nơi nhận:" and label.runs[0].bold and label.runs[0].italic
    lines = cell_paragraphs(right)
    assert [p.text for p in lines] == [*authority, name]
    assert all(p.runs[0].bold for p in lines)


def test_header_block(data):
    check_header(data, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "SỞ NỘI VỤ", "Số: 15/BC-SNV",
                 "Hậu Giang, ngày 14 tháng 6 năm 2021")


def unit_report(unit_code, period_code="2021-H1", **fields):
    from core.models import OrgUnit, Period
    from reports.models import ReportKind

    kind = ReportKind.objects.get(code="unit_cchc")
    return services.create_report(None, kind, OrgUnit.objects.get(code=unit_code), Period.objects.get(code=period_code),
                                  **fields)


def test_a_district_committee_has_no_superior_line_and_signs_for_the_committee(demo):
    report = unit_report("CHAUTHANH", number="07", issued_on=datetime.date(2021, 6, 20), signer_name="Trần Văn A")
    data = services.render_report(report)[1]
    check_header(data, "", "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH", "Số: 07/BC-UBND", "Châu Thành, ngày 20 tháng 6 năm 2021")
    check_signature(data, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Trần Văn A")
    report.signer_authority = SignerAuthority.DEPUTY
    report.save()
    check_signature(services.render_report(report)[1], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Văn A")


def test_a_department_has_the_province_above_it_and_its_director_signs(demo):
    report = unit_report("SYT", number="3", issued_on=datetime.date(2021, 6, 21), signer_name="Lê Thị B",
                         signer_authority=SignerAuthority.DEPUTY)
    data = services.render_report(report)[1]
    check_header(data, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "SỞ Y TẾ", "Số: 3/BC-SYT", "Hậu Giang, ngày 21 tháng 6 năm 2021")
    check_signature(data, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Thị B")


def test_title_and_subject(data):
    paragraphs = [p for p in open_docx(data).paragraphs if p.text.strip()]
    title, subject = paragraphs[0], paragraphs[1]
    assert title.text == "BÁO CÁO" and title.runs[0].bold and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subject.runs[0].bold and subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[-1].text.endswith("./.")


def test_page_numbers_not_on_first_page_and_draft_mark(demo, data):
    document = open_docx(data)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    default_xml = etree.tostring(section.header._element).decode()
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(f"{W}instrText"))
    assert 'fldCharType="begin"' in default_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header._element
    assert not list(first.iter(f"{W}instrText"))
    assert "DỰ THẢO" in "".join(t.text or "" for t in first.iter(f"{W}t"))
    demo.is_draft = False
    demo.save()
    final = open_docx(services.render_report(demo)[1]).sections[0].first_page_header._element
    assert "DỰ THẢO" not in "".join(t.text or "" for t in final.iter(f"{W}t"))


def test_recipients_and_signature(demo, data):
    table = open_docx(data).tables[-1]
    left, right = table.rows[0].cells
    label, *recipients = cell_paragraphs(left)
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size == Pt(12)
    assert [p.text for p in recipients] == [
        "- Bộ Nội vụ (b/c);", "- Thường trực Tỉnh ủy (b/c);", "- UBND tỉnh (b/c);", "- Ban Giám đốc Sở;",
        "- Các phòng, đơn vị thuộc Sở;", "- Lưu: VT, VP.",
    ]
    assert all(p.runs[0].font.size == Pt(11) for p in recipients)
    authority, name = cell_paragraphs(right)
    assert authority.text == "GIÁM ĐỐC" and authority.runs[0].bold
    assert name.text == "Nguyễn Văn Minh" and name.runs[0].bold
    demo.signer_authority = SignerAuthority.DEPUTY
    demo.save()
    right = open_docx(services.render_report(demo)[1]).tables[-1].rows[0].cells[1]
    assert [p.text for p in cell_paragraphs(right)] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Minh"]


def test_real_footnotes_exist_and_are_referenced(data):
    notes = footnotes(data)
    assert len(notes) >= 3
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        styles = z.read("word/styles.xml").decode()
        raw = etree.fromstring(z.read("word/footnotes.xml"))
    refs = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert sorted(refs) == sorted(notes) and len(set(refs)) == len(refs)
    assert "relationships/footnotes" in rels and "footnotes.xml" in rels
    assert 'PartName="/word/footnotes.xml"' in types and "wordprocessingml.footnotes+xml" in types
    assert 'w:styleId="FootnoteText"' in styles and 'w:styleId="FootnoteReference"' in styles
    kinds = [fn.get(f"{W}type") for fn in raw.findall(f"{W}footnote")]
    assert "separator" in kinds and "continuationSeparator" in kinds
    for fn in raw.findall(f"{W}footnote"):
        if fn.get(f"{W}type") is None:
            assert list(fn.iter(f"{W}footnoteRef")), "each footnote shows its own number"
    # python-docx reopens it without complaint and keeps the footnotes on save.
    document = open_docx(data)
    again = io.BytesIO()
    document.save(again)
    assert footnotes(again.getvalue()) == notes


def test_shipped_default_template_matches_the_code(tmp_path):
    built = tmp_path / "bao_cao.docx"
    rendering.write_default_template(built)
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(rendering.DEFAULT_TEMPLATE) as b:
        for name in ("word/document.xml", "word/styles.xml"):
            assert a.read(name) == b.read(name), f"{name} differs: run `python -m reports.rendering`"


def test_addressees_line_only_when_set(demo, data):
    texts = [p.text for p in open_docx(data).paragraphs]
    assert not any(t.startswith("Kính gửi") for t in texts)
    demo.addressees = "Ủy ban nhân dân tỉnh Hậu Giang"
    demo.number = ""
    demo.issued_on = None
    demo.save()
    document = open_docx(services.render_report(demo)[1])
    [line] = [p for p in document.paragraphs if p.text.startswith("Kính gửi")]
    assert line.text == "Kính gửi: Ủy ban nhân dân tỉnh Hậu Giang" and line.alignment == WD_ALIGN_PARAGRAPH.CENTER
    left, right = document.tables[0].rows[0].cells
    assert "Số:        /BC-SNV" in [p.text for p in left.paragraphs]  # no number yet: blank for the clerk
    assert "Hậu Giang, ngày      tháng      năm 2021" in [p.text for p in right.paragraphs]
