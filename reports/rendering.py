"""DOCX rendering in the layout of Nghị định 30/2020/NĐ-CP (DESIGN §6).

Every report is drawn from a Word template with docxtpl tags: the default one ships with the code
(`reports/templates_docx/bao_cao.docx`, built by `build_default_template()`; regenerate it with
`python -m reports.rendering`), an admin may upload a replacement per kind (`ReportTemplate`).
The template holds the header block, the title, the closing and the signature block; the
paragraph holding `{{ noi_dung }}` is replaced by the body (numbered headings, figure
paragraphs, narrative, tables) and breakdowns become real Word footnotes (or parentheses).

python-docx has no footnote API: `Footnotes` adds the footnotes part (word/footnotes.xml with the
separator and continuation-separator footnotes, the relationship from the document part and the
content type) and the footnote styles, and inserts `w:footnoteReference` runs.

Tags (all optional except `noi_dung`): see reports/templates_docx/README.md.
"""

import datetime
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate

from core.text import xml_safe
from reports import sandbox
from reports.content import Note, Paragraph, Table

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
LINE_SPACING = 1.2

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]  # 165 mm

BODY_TAG = "noi_dung"
MARKER = "[[NOI_DUNG_BAO_CAO]]"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"
DEFAULT_TEMPLATE = TEMPLATES_DIR / "bao_cao.docx"

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# Load an existing footnotes part (from an uploaded template) as XML we can append to.
PartFactory.part_type_for.setdefault(FOOTNOTES_CT, XmlPart)

HEADING_STYLES = {"part": "Heading 1", "roman": "Heading 2", "arabic": "Heading 3", "alpha": "Heading 4", "dash": "Heading 5"}


# The upload page's help, built from the one list of documented tags (reports.sandbox).
TAGS_HELP = (
    "Tệp Word có thẻ docxtpl: "
    + "; ".join(f"{{{{ {name} }}}}: {meaning}" for name, meaning in sandbox.TAGS.items())
    + "; danh sách " + ", ".join(f"{name}: {meaning}" for name, meaning in sandbox.LIST_TAGS.items())
    + " dùng trong {%p for r in noi_nhan %}{{ r }}{%p endfor %}; {% if du_thao %}…{% endif %}. "
    "Bộ lọc được dùng: " + ", ".join(sorted(sandbox.FILTERS)) + ". "
    "Mẫu dùng bất cứ gì khác (thuộc tính, lời gọi hàm, import, include, macro…) bị từ chối. "
    "Mẫu được thử với một báo cáo mẫu trước khi lưu."
)


class TemplateError(Exception):
    """A template that cannot produce a report; the message is Vietnamese, for the admin."""


# ---------------------------------------------------------------------------------------------
# Low-level helpers
# ---------------------------------------------------------------------------------------------


def set_fonts(rpr_parent, name=FONT):
    """Point every script slot (ascii, hAnsi, cs, eastAsia) at `name`; drop theme fonts, which win otherwise."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}" w:eastAsia="{name}"/>')
    rpr.insert(0, fonts)


def style_font(style, size=BODY_SIZE, bold=None, italic=None):
    style.font.size = size
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element)


def paragraph_format(p, align=None, indent=None, before=Pt(0), after=Pt(0), line=1.0, keep_next=False):
    fmt = p.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.first_line_indent = indent
    fmt.left_indent = None
    fmt.space_before = before
    fmt.space_after = after
    fmt.line_spacing = line
    if keep_next:
        fmt.keep_with_next = True
    return p


def add_run(p, text, size=None, bold=None, italic=None):
    run = p.add_run(xml_safe(text))  # stored text never breaks a build (core.text)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def rule_paragraph(cell, width, cell_width, before=Pt(0), after=Pt(0)):
    """A short horizontal rule, centred in the cell: an empty 1-pt paragraph with a top border."""
    p = cell.add_paragraph()
    side = max(int((cell_width - width) / 2), 0)
    fmt = p.paragraph_format
    fmt.left_indent = side
    fmt.right_indent = side
    fmt.first_line_indent = Pt(0)
    fmt.space_before = before
    fmt.space_after = after
    fmt.line_spacing = Pt(1)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    ))
    # pBdr must come before spacing/ind in pPr's schema order.
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        border = ppr.find(qn("w:pBdr"))
        ppr.remove(border)
        spacing.addprevious(border)
    return p


def no_borders(table):
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    sides = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))


def grid_borders(table):
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    sides = "".join(
        f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))


def fixed_widths(table, widths):
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips if hasattr(width, "twips") else width / 635)))


def add_page_field(paragraph):
    """A PAGE field (complex field: begin, instrText, separate, result, end)."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run("2")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def ensure_style(document, name, kind, configure):
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        configure(style)
        return style


def ensure_footnote_styles(document):
    def text_style(style):
        style.base_style = document.styles["Normal"]
        style_font(style, size=Pt(12))
        fmt = style.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.space_after = Pt(0)
        fmt.space_before = Pt(0)
        fmt.line_spacing = 1.0
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def ref_style(style):
        style.font.superscript = True

    ensure_style(document, "Footnote Text", WD_STYLE_TYPE.PARAGRAPH, text_style)
    ensure_style(document, "Footnote Reference", WD_STYLE_TYPE.CHARACTER, ref_style)


def style_id(document, name, fallback):
    try:
        return document.styles[name].style_id
    except KeyError:
        return fallback


# ---------------------------------------------------------------------------------------------
# Footnotes
# ---------------------------------------------------------------------------------------------

FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The document's footnotes part, created on first use."""

    def __init__(self, document):
        self.document = document
        self._part = None
        self._next = None

    @property
    def part(self):
        if self._part is None:
            doc_part = self.document.part
            for rel in doc_part.rels.values():
                if rel.reltype == RT.FOOTNOTES:
                    self._part = rel.target_part
                    break
            else:
                self._part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, parse_xml(FOOTNOTES_XML), doc_part.package)
                doc_part.relate_to(self._part, RT.FOOTNOTES)
            ensure_footnote_styles(self.document)
            ids = [int(fn.get(qn("w:id"))) for fn in self._part.element.findall(qn("w:footnote"))]
            self._next = max([0, *ids]) + 1
            self._text_style = style_id(self.document, "Footnote Text", "FootnoteText")
            self._ref_style = style_id(self.document, "Footnote Reference", "FootnoteReference")
        return self._part

    def add(self, paragraph, text):
        """Append a footnote reference to `paragraph` (a python-docx Paragraph) with `text`; returns its id."""
        part = self.part
        fid = self._next
        self._next += 1
        fn = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="{self._text_style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{self._ref_style}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        # The text goes in through lxml so that it is escaped properly.
        fn.findall(qn("w:p"))[0].findall(qn("w:r"))[1].find(qn("w:t")).text = " " + xml_safe(text)
        part.element.append(fn)
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self._ref_style}"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        ))
        return fid


# ---------------------------------------------------------------------------------------------
# The default template (built here, shipped as reports/templates_docx/bao_cao.docx)
# ---------------------------------------------------------------------------------------------


def setup_page(section):
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def setup_styles(document):
    styles = document.styles
    # Document defaults: Times New Roman everywhere (tables, footnotes, headers).
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default)
    normal = styles["Normal"]
    style_font(normal, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = SPACE_AFTER
    fmt.line_spacing = LINE_SPACING
    fmt.widow_control = True
    for level, name in HEADING_STYLES.items():
        style = styles[name]
        style.base_style = normal
        style_font(style, BODY_SIZE, bold=True, italic=level in ("alpha", "dash"))
        hfmt = style.paragraph_format
        hfmt.keep_with_next = True
        hfmt.space_before = Pt(6) if level in ("part", "roman") else Pt(0)
        hfmt.space_after = SPACE_AFTER
        hfmt.line_spacing = LINE_SPACING
        if level == "part":
            hfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            hfmt.first_line_indent = Pt(0)
        else:
            hfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            hfmt.first_line_indent = FIRST_LINE_INDENT
    for name in ("Header", "Footer"):
        style_font(styles[name], HEADER_SIZE)
        styles[name].paragraph_format.first_line_indent = Pt(0)
        styles[name].paragraph_format.space_after = Pt(0)
    ensure_footnote_styles(document)


def _cell_paragraph(cell, text, size, bold=False, italic=False, first=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph_format(p, align=align, indent=Pt(0))
    add_run(p, text, size=size, bold=bold, italic=italic)
    return p


def _loop(cell, opening):
    """A docxtpl paragraph-level tag ({%p … %}) on its own paragraph (removed when rendered)."""
    p = cell.add_paragraph() if hasattr(cell, "add_paragraph") else cell
    paragraph_format(p, indent=Pt(0))
    p.add_run(opening)
    return p


def build_default_template():
    """The default report template (a python-docx Document with docxtpl tags)."""
    document = Document()
    setup_page(document.sections[0])
    setup_styles(document)
    body = document._body._body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    left_w, right_w = Mm(68), Mm(102)
    header = document.add_table(rows=1, cols=2)
    no_borders(header)
    fixed_widths(header, [left_w, right_w])
    header._tbl.tblPr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="-113" w:type="dxa"/>'))
    left, right = header.rows[0].cells
    # A People's Committee has no superior line (Nghị định 30/2020): the paragraph goes with it.
    _loop(left.paragraphs[0], "{%p if co_quan_chu_quan %}")
    _cell_paragraph(left, "{{ co_quan_chu_quan }}", HEADER_SIZE)
    _loop(left, "{%p endif %}")
    _cell_paragraph(left, "{{ co_quan_ban_hanh }}", HEADER_SIZE, bold=True)
    rule_paragraph(left, Cm(2.2), left_w, before=Pt(2), after=Pt(6))
    _cell_paragraph(left, "{{ so_ky_hieu }}", HEADER_SIZE)
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_SIZE, bold=True, first=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", BODY_SIZE, bold=True)
    rule_paragraph(right, Cm(6.3), right_w, before=Pt(2), after=Pt(6))
    _cell_paragraph(right, "{{ dia_danh_ngay }}", BODY_SIZE, italic=True)

    p = document.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=Pt(18))
    add_run(p, "{{ ten_loai }}", size=BODY_SIZE, bold=True)
    p = document.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
    add_run(p, "{{ trich_yeu }}", size=BODY_SIZE, bold=True)
    sub_rule = document.add_table(rows=1, cols=1)
    no_borders(sub_rule)
    fixed_widths(sub_rule, [TEXT_WIDTH])
    cell = sub_rule.rows[0].cells[0]
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    rule_paragraph(cell, Cm(3.5), TEXT_WIDTH, before=Pt(4), after=Pt(12))

    _loop(document.add_paragraph(), "{%p if kinh_gui %}")
    p = document.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), after=Pt(12))
    add_run(p, "Kính gửi: {{ kinh_gui }}", size=BODY_SIZE)
    _loop(document.add_paragraph(), "{%p endif %}")

    document.add_paragraph("{{ mo_dau }}")
    document.add_paragraph("{{ " + BODY_TAG + " }}")
    document.add_paragraph("{{ ket_thuc }}")

    sign = document.add_table(rows=1, cols=2)
    no_borders(sign)
    sign_left, sign_right = Mm(80), Mm(85)
    fixed_widths(sign, [sign_left, sign_right])
    sign._tbl.tblPr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="-113" w:type="dxa"/>'))
    left, right = sign.rows[0].cells
    p = _cell_paragraph(left, "Nơi nhận:", Pt(12), bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.space_before = Pt(6)
    _loop(left, "{%p for r in noi_nhan %}")
    _cell_paragraph(left, "{{ r }}", Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _loop(left, "{%p endfor %}")
    right.paragraphs[0].paragraph_format.space_before = Pt(6)
    _loop(right.paragraphs[0], "{%p for q in quyen_han %}")
    _cell_paragraph(right, "{{ q }}", BODY_SIZE, bold=True)
    _loop(right, "{%p endfor %}")
    for _ in range(4):
        _cell_paragraph(right, "", BODY_SIZE)
    _cell_paragraph(right, "{{ nguoi_ky }}", BODY_SIZE, bold=True)

    section = document.sections[0]
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    paragraph_format(hp, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
    add_page_field(hp)
    fp = section.first_page_header.paragraphs[0]
    paragraph_format(fp, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0))
    add_run(fp, "{% if du_thao %}DỰ THẢO{% endif %}", size=BODY_SIZE, bold=True)
    core = document.core_properties
    core.author = core.last_modified_by = "Cổng báo cáo Sở Nội vụ"
    core.title = "Mẫu báo cáo"
    return document


def write_default_template(path=DEFAULT_TEMPLATE):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_default_template().save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# The body
# ---------------------------------------------------------------------------------------------


WIDE_COLUMNS = 5  # a table with more columns is drawn on a landscape page (appendices)


def _is_number_column(label):
    return str(label).strip().upper() in ("STT", "TT", "SỐ TT")


def column_widths(columns, width):
    """Widths of a table's columns: a numbering column narrow, the first text column wide, the rest even."""
    n = len(columns)
    if n == 1:
        return [int(width)]
    numbered = _is_number_column(columns[0])
    narrow = int(width * 0.07) if numbered else 0
    text = int(width * (0.6 if n <= 3 else 0.38 if n <= WIDE_COLUMNS else 0.3))
    others = n - 1 - (1 if numbered else 0)
    rest = int((width - narrow - text) / max(others, 1)) if others else 0
    if numbered:
        return [narrow, text + (width - narrow - text if not others else 0)] + [rest] * others
    return [text] + [rest] * others


def mark_row(row, header=False):
    """A row never splits across pages; the header row repeats at the top of every page."""
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        trPr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header and trPr.find(qn("w:tblHeader")) is None:
        trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def is_wide(section):
    return any(isinstance(b, Table) and len(b.columns) > WIDE_COLUMNS for b in section.blocks)


class BodyWriter:
    """Inserts the report body before the marker paragraph of a rendered template."""

    text_width = TEXT_WIDTH

    def __init__(self, document, anchor, detail_style="footnotes"):
        self.document = document
        self.anchor = anchor
        self.footnotes = Footnotes(document)
        self.use_footnotes = detail_style != "parentheses"
        self.heading_ids = {level: self._style(name) for level, name in HEADING_STYLES.items()}

    def _style(self, name):
        try:
            return self.document.styles[name]
        except KeyError:
            return None

    def new_paragraph(self, style=None):
        p = self.anchor.insert_paragraph_before()
        if style is not None:
            p.style = style
        return p

    def appendix_heading(self, node, caption):
        """«PHỤ LỤC I» / title / «(Kèm theo Báo cáo số …)», centred, on the appendix's first page."""
        for text, bold, italic, after in ((node.number.upper(), True, None, Pt(0)), (node.title, True, None, Pt(0)),
                                          (caption, None, True, Pt(12))):
            if not text:
                continue
            p = self.new_paragraph()
            add_run(p, text, bold=bold, italic=italic)
            paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), after=after, keep_next=True)
        return p

    def heading(self, node):
        level = node.level
        style = self.heading_ids.get(level)
        p = self.new_paragraph(style)
        if level == "part":
            add_run(p, node.number)
            p.add_run().add_break()
            add_run(p, node.title)
        else:
            add_run(p, node.heading)
        if style is None:  # a template without heading styles: direct formatting
            for run in p.runs:
                run.bold = True
                run.italic = level in ("alpha", "dash") or None
            if level == "part":
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.keep_with_next = True
        return p

    def paragraph(self, block):
        p = self.new_paragraph()
        if self.use_footnotes:
            buffer = []
            for segment in block.segments:
                if isinstance(segment, Note):
                    if buffer:
                        add_run(p, "".join(buffer), bold=block.bold or None, italic=block.italic or None)
                        buffer = []
                    self.footnotes.add(p, segment.text)
                else:
                    buffer.append(segment)
            if buffer:
                add_run(p, "".join(buffer), bold=block.bold or None, italic=block.italic or None)
        else:
            add_run(p, block.text_with_parentheses(), bold=block.bold or None, italic=block.italic or None)
        return p

    def text(self, text):
        return self.paragraph(Paragraph(text))

    def table(self, block):
        if block.caption:
            paragraph_format(self.paragraph(Paragraph(block.caption, bold=True)), align=WD_ALIGN_PARAGRAPH.CENTER,
                             indent=Pt(0), before=Pt(6), after=Pt(3), keep_next=True)
        columns = len(block.columns)
        table = self.document.add_table(rows=1 + len(block.rows), cols=columns)
        grid_borders(table)
        fixed_widths(table, column_widths(block.columns, self.text_width))
        totals_row = len(block.body) + 1 if block.totals else None
        size = HEADER_SIZE if columns <= WIDE_COLUMNS else Pt(12)
        for row_index, values in enumerate([block.columns, *block.rows]):
            mark_row(table.rows[row_index], header=row_index == 0)
            for col, value in enumerate(values):
                cell = table.rows[row_index].cells[col]
                p = cell.paragraphs[0]
                text_column = col == 0 and not _is_number_column(block.columns[0]) or (
                    col == 1 and _is_number_column(block.columns[0]))
                align = WD_ALIGN_PARAGRAPH.CENTER if row_index == 0 or not text_column else WD_ALIGN_PARAGRAPH.LEFT
                paragraph_format(p, align=align, indent=Pt(0), before=Pt(2), after=Pt(2))
                add_run(p, str(value), size=size, bold=row_index in (0, totals_row) or None)
        self.anchor._p.addprevious(table._tbl)
        # A small gap after the table.
        gap = self.new_paragraph()
        gap.paragraph_format.space_after = Pt(0)
        return table

    def block(self, block):
        if isinstance(block, Table):
            return self.table(block)
        return self.paragraph(block)


def find_marker(document):
    for p in document.paragraphs:
        if MARKER in p.text:
            return p
    return None


class SectionError(Exception):
    """One section of the report could not be drawn; the message names it (for the job)."""

    def __init__(self, title, exc):
        self.title = title
        super().__init__(f"Mục «{title}» không tạo được: lỗi {type(exc).__name__}: {exc}")


def safe_context(context):
    """The template's values made safe for Word's XML (strings and lists of strings)."""
    return {
        key: [xml_safe(item) for item in value] if isinstance(value, (list, tuple)) else xml_safe(value)
        for key, value in context.items()
    }


# ---------------------------------------------------------------------------------------------
# The document's own properties, its file name, the signature kept on one page
# ---------------------------------------------------------------------------------------------

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity></Properties>"
)
APPLICATION = "Cổng báo cáo"
LANGUAGE = "vi-VN"


def _one_line(text):
    return " ".join(xml_safe(text or "").split())


def set_properties(document, content, now=None):
    """Core properties are the report's, whatever the template carried (title, author, dates,
    «generated by python-docx», a Mac Word app.xml naming Normal.dotm): title = subject,
    author = issuing body, created = modified = build time, language vi-VN."""
    now = (now or datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    package = document.part.package
    core = package.core_properties
    for child in list(core._element):  # start empty: nothing of the template's survives
        core._element.remove(child)
    author = _one_line(content.issuing_body)
    core.title = _one_line(content.subject)
    core.author = core.last_modified_by = author
    core.created = core.modified = now
    core.language = LANGUAGE
    core.revision = 1
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = APP_XML.format(application=APPLICATION).encode("utf-8")


def file_stem(*parts):
    """The DOCX file name without extension: a Vietnamese slug of its parts
    («Báo cáo», «6 tháng đầu năm 2021», «Sở Nội vụ» → «bao-cao-6-thang-dau-nam-2021-so-noi-vu»)."""
    return "-".join(p for p in (slug(part) for part in parts) if p) or "bao-cao"


def slug(text):
    """ASCII slug of Vietnamese text: diacritics dropped, đ → d, anything else a single dash."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def keep_signature_together(document, anchor):
    """The signature block (the last table after the body) never splits across pages: its rows
    cannot split, each of its paragraphs keeps with the next, and the closing paragraph right
    before it keeps with it (Word honours keep-with-next inside table rows)."""
    body = anchor._p.getparent()
    after, seen = [], False
    for child in body.iterchildren():
        if child is anchor._p:
            seen = True
        elif seen and child.tag == qn("w:p") and child.find(f'{qn("w:pPr")}/{qn("w:sectPr")}') is not None:
            break  # the appendices start here
        elif seen and child.tag == qn("w:tbl"):
            after.append(child)
    if not after:
        return
    tbl = after[-1]
    for tr in tbl.iterchildren(qn("w:tr")):
        trPr = tr.get_or_add_trPr()
        if trPr.find(qn("w:cantSplit")) is None:
            trPr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    paragraphs = list(tbl.iter(qn("w:p")))
    previous = tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        paragraphs.insert(0, previous)
    for p in paragraphs[:-1]:
        DocxParagraph(p, None).paragraph_format.keep_with_next = True


def is_wide_appendix(sections, start):
    """Whether the appendix starting at `sections[start]` (it and the sections under it) has a wide table."""
    for k, section in enumerate(sections[start:]):
        if k and section.node.appendix:
            break
        if is_wide(section):
            return True
    return False


class Appendices:
    """Appendices follow the whole document (signature and recipients included), each in a section of
    its own starting on a new page, landscape when it holds a wide table. A section's layout is the
    sectPr that ends it: a break paragraph ends the part before each appendix, and the body's final
    sectPr becomes the last appendix's."""

    def __init__(self, document):
        self.document = document
        self.body = document.element.body
        self.final = self.body.find(qn("w:sectPr"))
        self.previous_landscape = False
        self.anchor = None
        self.text_width = TEXT_WIDTH

    def _layout(self, sect_pr, landscape):
        pg = sect_pr.find(qn("w:pgSz"))
        if pg is None:
            pg = parse_xml(f'<w:pgSz {nsdecls("w")}/>')
            sect_pr.insert(0, pg)
        w, h = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        pg.set(qn("w:w"), str(int(w.twips)))
        pg.set(qn("w:h"), str(int(h.twips)))
        if landscape:
            pg.set(qn("w:orient"), "landscape")
        elif pg.get(qn("w:orient")) is not None:
            del pg.attrib[qn("w:orient")]

    def _start_type(self, sect_pr):
        found = sect_pr.find(qn("w:type"))
        if found is None:
            found = parse_xml(f'<w:type {nsdecls("w")}/>')
            sect_pr.insert(0, found)
        found.set(qn("w:val"), "nextPage")

    def start(self, landscape):
        import copy

        if self.final is None:  # a template without a body sectPr: give it one
            self.final = parse_xml(f'<w:sectPr {nsdecls("w")}/>')
            self.body.append(self.final)
        ending = copy.deepcopy(self.final)  # ends the part before this appendix, in that part's layout
        self._layout(ending, self.previous_landscape)
        if self.anchor is not None:
            self._start_type(ending)
        breaker = self.document.add_paragraph()
        breaker._p.get_or_add_pPr().append(ending)
        self.anchor = self.document.add_paragraph()
        self.previous_landscape = landscape
        self.text_width = (PAGE_HEIGHT if landscape else PAGE_WIDTH) - MARGINS["left"] - MARGINS["right"]
        return self.anchor

    def finish(self):
        if self.anchor is None:
            return
        self.anchor._p.getparent().remove(self.anchor._p)
        self._layout(self.final, self.previous_landscape)
        self._start_type(self.final)


def render(content, template=None, progress=None):
    """The report as DOCX bytes. `template`: a path or file-like object of a docxtpl template
    (default: the shipped one). `progress(i, n)` is called as sections are written.

    The template is checked and rendered in `reports.sandbox` (documented tags only, sandboxed).
    Raises TemplateError (Vietnamese message) when the template cannot be used, SectionError
    (naming the section) when a section's content cannot be drawn.
    """
    source = template if template is not None else DEFAULT_TEMPLATE
    if template is None and not DEFAULT_TEMPLATE.exists():  # a checkout without the binary: build it
        buffer = io.BytesIO()
        build_default_template().save(buffer)
        buffer.seek(0)
        source = buffer
    try:
        tpl = DocxTemplate(source)
        tpl.render(safe_context({**content.context(), BODY_TAG: MARKER}), jinja_env=sandbox.environment(), autoescape=True)
    except TemplateError:
        raise
    except sandbox.TemplatePolicyError as exc:
        raise TemplateError(str(exc)) from exc
    except Exception as exc:  # docxtpl/jinja/zip errors all mean "this template is unusable"
        raise TemplateError(f"Không đọc hoặc điền được mẫu Word: {exc}") from exc
    document = tpl.docx
    anchor = find_marker(document)
    if anchor is None:
        raise TemplateError("Mẫu Word thiếu đoạn chứa thẻ {{ noi_dung }} (vị trí của phần nội dung báo cáo).")
    writer = BodyWriter(document, anchor, content.detail_style)
    total = len(content.sections)
    appendices = Appendices(document)
    for i, section in enumerate(content.sections, start=1):
        try:
            if section.node.appendix:  # after the signature, on a page of its own
                writer.anchor = appendices.start(landscape=is_wide_appendix(content.sections, i - 1))
                writer.text_width = appendices.text_width
                writer.appendix_heading(section.node, getattr(content, "appendix_caption", ""))
            else:
                writer.heading(section.node)
            for block in section.blocks:
                writer.block(block)
        except Exception as exc:  # noqa: BLE001 - the job must say which section broke
            raise SectionError(xml_safe(section.node.label), exc) from exc
        if progress:
            progress(i, total)
    keep_signature_together(document, anchor)
    anchor._p.getparent().remove(anchor._p)
    appendices.finish()
    set_properties(document, content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # python -m reports.rendering → rewrite the shipped default template
    print(write_default_template())
