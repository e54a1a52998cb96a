"""The providers of the fields with no app of their own (local government, associations, inspection),
from their data sets, through the report kit (`core.reporting`) like any domain's `report.py`.

The wording follows the reference reports in the corrected style of DESIGN §3: counts padded
("06 đại biểu"), thousands "2.222", "99,99%"; a zero or missing figure drops its clause or
changes the sentence, never "0 đơn"; breakdowns by unit are `Note`s (footnotes or parentheses,
by the document's rule). The CCHC wording is in `reform/report.py`, the archives wording in
`archives/report.py`, any data set as a table in `collection/report.py`.
"""

from core import formatting as f
from core.reporting import Paragraph, ReportContext, capitalize_first, in_sentence, provider, unit_breakdown

# The context every provider gets (kept under its former name for the pipeline's callers).
ProviderContext = ReportContext

__all__ = ["ProviderContext", "capitalize_first", "in_sentence", "unit_breakdown"]


def _value(figures, element, option=None):
    return figures.get((element, option))


def _positive(value):
    return value is not None and value > 0


# ---------------------------------------------------------------------------------------------
# Local government (biểu CQDP): deputies elected, turnout
# ---------------------------------------------------------------------------------------------

DEPUTY_LEVELS = [("quoc-hoi", "Quốc hội"), ("tinh", "cấp tỉnh"), ("huyen", "cấp huyện"), ("xa", "cấp xã")]


@provider("chinh-quyen.bau-cu", label="Kết quả bầu cử đại biểu Quốc hội, Hội đồng nhân dân các cấp (biểu CQDP)")
def local_government(ctx):
    figures = ctx.figures("CQDP")
    blocks = []
    total = _value(figures, "DB_TRUNG_CU")
    if _positive(total):
        p = Paragraph("Về bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp, kết quả có ")
        p.add(f"{f.quantity(total, 'đại biểu')} được bầu")
        levels = [(code, label, _value(figures, "DB_TRUNG_CU", code)) for code, label in DEPUTY_LEVELS]
        levels = [(code, label, value) for code, label, value in levels if _positive(value)]
        if len(levels) > 1:
            by_unit = ctx.by_unit("CQDP", ["DB_TRUNG_CU"]).get("DB_TRUNG_CU", [])
            p.add(", trong đó: ")
            for i, (code, label, value) in enumerate(levels):
                if i:
                    p.add(" và " if i == len(levels) - 1 else ", ")
                p.add(f"{label} {f.quantity(value, 'đại biểu')}")
                if code in ("huyen", "xa"):
                    p.note(unit_breakdown(by_unit, "đại biểu", option=code))
        p.add(".")
        blocks.append(p)
    voters, voted = _value(figures, "CU_TRI"), _value(figures, "CU_TRI_DI_BAU")
    rate = f.ratio_percent(voted, voters) if _positive(voted) else None
    if rate:
        p = Paragraph(f"Tỷ lệ cử tri đi bầu đạt {rate}")
        p.note(f"Tổng số cử tri {f.number(voters)} người, số cử tri đã đi bầu {f.number(voted)} người.")
        p.add(".")
        blocks.append(p)
    communes = _value(figures, "XA_TIEU_CHI_18")
    if _positive(communes):
        blocks.append(Paragraph(
            f"Công nhận {f.quantity(communes, 'xã')} đạt tiêu chí số 18 về hệ thống chính trị và tiếp cận pháp luật."
        ))
    return blocks


# ---------------------------------------------------------------------------------------------
# Associations and funds (biểu HOI-QUY)
# ---------------------------------------------------------------------------------------------


@provider("hoi-quy.ket-qua", label="Quản lý hội, quỹ và tổ chức phi chính phủ (biểu HOI-QUY)")
def associations(ctx):
    figures = ctx.figures("HOI-QUY")
    clauses = [
        _clause("phê duyệt thành lập {}", _value(figures, "HOI_THANH_LAP"), "Hội"),
        _clause("phê duyệt tổ chức đại hội cho {}", _value(figures, "HOI_DAI_HOI"), "đơn vị"),
        _clause("giải thể {}", _value(figures, "HOI_GIAI_THE"), "Hội"),
        _clause("công nhận thành lập {}", _value(figures, "QUY_THANH_LAP"), "quỹ xã hội, quỹ từ thiện"),
    ]
    clauses = [c for c in clauses if c]
    blocks = []
    if clauses:
        blocks.append(Paragraph(f"Trong {ctx.period_phrase} đã {f.join_list(clauses)} theo đúng quy định."))
    elif figures:
        blocks.append(Paragraph(
            f"Trong {ctx.period_phrase}, không có hội, quỹ được thành lập, tổ chức đại hội hoặc giải thể."
        ))
    active = [
        _clause("{}", _value(figures, "HOI_HOAT_DONG"), "hội"),
        _clause("{}", _value(figures, "QUY_HOAT_DONG"), "quỹ xã hội, quỹ từ thiện"),
    ]
    active = [c for c in active if c]
    if active:
        blocks.append(Paragraph(f"Hiện trên địa bàn có {f.join_list(active)} đang hoạt động."))
    return blocks


def _clause(template, value, noun):
    amount = f.quantity(value, noun)
    return template.format(amount) if amount else None


# ---------------------------------------------------------------------------------------------
# Inspection and petitions (biểu TTRA-DON)
# ---------------------------------------------------------------------------------------------


@provider("thanh-tra.don-thu", label="Thanh tra, kiểm tra và xử lý đơn thư (biểu TTRA-DON)")
def inspection(ctx):
    figures = ctx.figures("TTRA-DON")
    if not figures:
        return []
    blocks = []
    visits = [
        _clause("{} thanh tra", _value(figures, "TTRA_CUOC"), "cuộc"),
        _clause("{} kiểm tra", _value(figures, "KTRA_CUOC"), "cuộc"),
    ]
    visits = [v for v in visits if v]
    if visits:
        blocks.append(Paragraph(f"Trong kỳ, đã tiến hành {f.join_list(visits)} theo kế hoạch."))
    received = _value(figures, "DON_NHAN")
    if _positive(received):
        handled = [
            _clause("chuyển {} đến cơ quan có thẩm quyền giải quyết", _value(figures, "DON_CHUYEN"), "đơn"),
            _clause("giải quyết {} thuộc thẩm quyền", _value(figures, "DON_GIAI_QUYET"), "đơn"),
            _clause("lưu theo dõi {}", _value(figures, "DON_LUU"), "đơn"),
        ]
        handled = [h for h in handled if h]
        text = f"Trong {ctx.period_phrase}, tổng số đơn nhận được là {f.quantity(received, 'đơn')}"
        if handled:
            text += f", trong đó: {f.join_list(handled)}"
        blocks.append(Paragraph(text + "."))
    else:
        blocks.append(Paragraph(
            f"Trong {ctx.period_phrase}, không nhận được đơn khiếu nại, tố cáo, kiến nghị, phản ánh."
        ))
    return blocks
