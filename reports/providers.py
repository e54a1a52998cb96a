"""The providers of the fields with no app of their own (local government, associations, inspection),
from their data sets, through the report kit (`core.reporting`) like any domain's `report.py`.

The wording follows the reference reports in the corrected style of DESIGN §3: counts padded
("06 đại biểu"), thousands "2.222", "99,99%"; a zero or missing figure drops its clause or
changes the sentence, never "0 đơn"; breakdowns by unit are `Note`s (footnotes or parentheses,
by the document's rule). The CCHC wording is in `reform/report.py`, the archives wording in
`archives/report.py`, any data set as a table in `collection/report.py`.
"""

from decimal import Decimal

from core.reporting import ReportContext, capitalize_first, in_sentence, phrase, provider, unit_breakdown

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


N = ("number", "số liệu")
KY = ("text", "kỳ báo cáo («6 tháng đầu năm»)")
LIST = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")

phrase("chinh-quyen.bau-cu.cau", "Bầu cử: câu về số đại biểu trúng cử",
       "Về bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp, kết quả có {count:tong|đại biểu} được bầu"
       "[, trong đó: {list:cap}].", tong=N, cap=LIST)
phrase("chinh-quyen.bau-cu.cap", "Bầu cử: vế số đại biểu của một cấp", "{text:cap} {count:so|đại biểu}{note:theo_don_vi}",
       cap=("text", "cấp («Quốc hội», «cấp tỉnh»…)"), so=N, theo_don_vi=("note", "số đại biểu của từng đơn vị"))
phrase("chinh-quyen.bau-cu.ty-le", "Bầu cử: câu về tỷ lệ cử tri đi bầu", "Tỷ lệ cử tri đi bầu đạt {percent:ty_le}{note:chi_tiet}.",
       ty_le=("number", "tỷ lệ %"), chi_tiet=("note", "chú thích số cử tri"))
phrase("chinh-quyen.bau-cu.cu-tri", "Bầu cử: chú thích số cử tri",
       "Tổng số cử tri {number:cu_tri} người, số cử tri đã đi bầu {number:di_bau} người.", cu_tri=N, di_bau=N)
phrase("chinh-quyen.bau-cu.tieu-chi-18", "Bầu cử: câu về xã đạt tiêu chí số 18",
       "Công nhận {count:so|xã} đạt tiêu chí số 18 về hệ thống chính trị và tiếp cận pháp luật.", so=N)


def _percent(part, whole):
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def _words(segments):
    return "".join(s for s in segments or () if isinstance(s, str))


@provider("chinh-quyen.bau-cu", label="Kết quả bầu cử đại biểu Quốc hội, Hội đồng nhân dân các cấp (biểu CQDP)")
def local_government(ctx):
    figures = ctx.figures("CQDP")
    blocks = []
    total = _value(figures, "DB_TRUNG_CU")
    if _positive(total):
        levels = [(code, label, _value(figures, "DB_TRUNG_CU", code)) for code, label in DEPUTY_LEVELS]
        levels = [(code, label, value) for code, label, value in levels if _positive(value)]
        said = []
        if len(levels) > 1:
            by_unit = ctx.by_unit("CQDP", ["DB_TRUNG_CU"]).get("DB_TRUNG_CU", [])
            said = ctx.clauses(*(
                ("chinh-quyen.bau-cu.cap", {"cap": label, "so": value, "theo_don_vi":
                                            unit_breakdown(by_unit, "đại biểu", option=code) if code in ("huyen", "xa") else ""})
                for code, label, value in levels))
        blocks.append(ctx.sentence("chinh-quyen.bau-cu.cau", tong=total, cap=said))
    voters, voted = _value(figures, "CU_TRI"), _value(figures, "CU_TRI_DI_BAU")
    if _positive(voted):
        note = _words(ctx.say("chinh-quyen.bau-cu.cu-tri", cu_tri=voters, di_bau=voted))
        blocks.append(ctx.sentence("chinh-quyen.bau-cu.ty-le", ty_le=_percent(voted, voters), chi_tiet=note))
    blocks.append(ctx.sentence("chinh-quyen.bau-cu.tieu-chi-18", so=_value(figures, "XA_TIEU_CHI_18")))
    return [b for b in blocks if b]


# ---------------------------------------------------------------------------------------------
# Associations and funds (biểu HOI-QUY)
# ---------------------------------------------------------------------------------------------


phrase("hoi-quy.ket-qua.cau", "Hội, quỹ: câu về thành lập, đại hội, giải thể",
       "Trong {text:ky} đã {list:viec} theo đúng quy định.", ky=KY, viec=LIST)
phrase("hoi-quy.ket-qua.thanh-lap-hoi", "Hội, quỹ: vế phê duyệt thành lập Hội", "phê duyệt thành lập {count:so|Hội}", so=N)
phrase("hoi-quy.ket-qua.dai-hoi", "Hội, quỹ: vế tổ chức đại hội", "phê duyệt tổ chức đại hội cho {count:so|đơn vị}", so=N)
phrase("hoi-quy.ket-qua.giai-the", "Hội, quỹ: vế giải thể Hội", "giải thể {count:so|Hội}", so=N)
phrase("hoi-quy.ket-qua.thanh-lap-quy", "Hội, quỹ: vế công nhận thành lập quỹ",
       "công nhận thành lập {count:so|quỹ xã hội, quỹ từ thiện}", so=N)
phrase("hoi-quy.ket-qua.khong-co", "Hội, quỹ: câu khi không có việc nào",
       "Trong {text:ky}, không có hội, quỹ được thành lập, tổ chức đại hội hoặc giải thể.", ky=KY)
phrase("hoi-quy.ket-qua.hoat-dong", "Hội, quỹ: câu về số đang hoạt động",
       "Hiện trên địa bàn có {list:to_chuc} đang hoạt động.", to_chuc=LIST)
phrase("hoi-quy.ket-qua.hoat-dong-hoi", "Hội, quỹ: vế số hội đang hoạt động", "{count:so|hội}", so=N)
phrase("hoi-quy.ket-qua.hoat-dong-quy", "Hội, quỹ: vế số quỹ đang hoạt động", "{count:so|quỹ xã hội, quỹ từ thiện}", so=N)


@provider("hoi-quy.ket-qua", label="Quản lý hội, quỹ và tổ chức phi chính phủ (biểu HOI-QUY)")
def associations(ctx):
    figures = ctx.figures("HOI-QUY")
    done = ctx.clauses(
        ("hoi-quy.ket-qua.thanh-lap-hoi", {"so": _value(figures, "HOI_THANH_LAP")}),
        ("hoi-quy.ket-qua.dai-hoi", {"so": _value(figures, "HOI_DAI_HOI")}),
        ("hoi-quy.ket-qua.giai-the", {"so": _value(figures, "HOI_GIAI_THE")}),
        ("hoi-quy.ket-qua.thanh-lap-quy", {"so": _value(figures, "QUY_THANH_LAP")}),
    )
    blocks = []
    if done:
        blocks.append(ctx.sentence("hoi-quy.ket-qua.cau", ky=ctx.period_phrase, viec=done))
    elif figures:
        blocks.append(ctx.sentence("hoi-quy.ket-qua.khong-co", ky=ctx.period_phrase))
    active = ctx.clauses(
        ("hoi-quy.ket-qua.hoat-dong-hoi", {"so": _value(figures, "HOI_HOAT_DONG")}),
        ("hoi-quy.ket-qua.hoat-dong-quy", {"so": _value(figures, "QUY_HOAT_DONG")}),
    )
    blocks.append(ctx.sentence("hoi-quy.ket-qua.hoat-dong", to_chuc=active))
    return [b for b in blocks if b]


# ---------------------------------------------------------------------------------------------
# Inspection and petitions (biểu TTRA-DON)
# ---------------------------------------------------------------------------------------------


phrase("thanh-tra.don-thu.cuoc", "Thanh tra: câu về số cuộc thanh tra, kiểm tra",
       "Trong kỳ, đã tiến hành {list:cuoc} theo kế hoạch.", cuoc=LIST)
phrase("thanh-tra.don-thu.thanh-tra", "Thanh tra: vế số cuộc thanh tra", "{count:so|cuộc} thanh tra", so=N)
phrase("thanh-tra.don-thu.kiem-tra", "Thanh tra: vế số cuộc kiểm tra", "{count:so|cuộc} kiểm tra", so=N)
phrase("thanh-tra.don-thu.don", "Thanh tra: câu về đơn nhận được và cách xử lý",
       "Trong {text:ky}, tổng số đơn nhận được là {count:nhan|đơn}[, trong đó: {list:xu_ly}].",
       ky=KY, nhan=N, xu_ly=LIST)
phrase("thanh-tra.don-thu.chuyen", "Thanh tra: vế đơn chuyển đi", "chuyển {count:so|đơn} đến cơ quan có thẩm quyền giải quyết",
       so=N)
phrase("thanh-tra.don-thu.giai-quyet", "Thanh tra: vế đơn giải quyết", "giải quyết {count:so|đơn} thuộc thẩm quyền", so=N)
phrase("thanh-tra.don-thu.luu", "Thanh tra: vế đơn lưu theo dõi", "lưu theo dõi {count:so|đơn}", so=N)
phrase("thanh-tra.don-thu.khong-co-don", "Thanh tra: câu khi không nhận được đơn",
       "Trong {text:ky}, không nhận được đơn khiếu nại, tố cáo, kiến nghị, phản ánh.", ky=KY)


@provider("thanh-tra.don-thu", label="Thanh tra, kiểm tra và xử lý đơn thư (biểu TTRA-DON)")
def inspection(ctx):
    figures = ctx.figures("TTRA-DON")
    if not figures:
        return []
    visits = ctx.clauses(
        ("thanh-tra.don-thu.thanh-tra", {"so": _value(figures, "TTRA_CUOC")}),
        ("thanh-tra.don-thu.kiem-tra", {"so": _value(figures, "KTRA_CUOC")}),
    )
    handled = ctx.clauses(
        ("thanh-tra.don-thu.chuyen", {"so": _value(figures, "DON_CHUYEN")}),
        ("thanh-tra.don-thu.giai-quyet", {"so": _value(figures, "DON_GIAI_QUYET")}),
        ("thanh-tra.don-thu.luu", {"so": _value(figures, "DON_LUU")}),
    )
    received = _value(figures, "DON_NHAN")
    blocks = [
        ctx.sentence("thanh-tra.don-thu.cuoc", cuoc=visits),
        ctx.sentence("thanh-tra.don-thu.don", ky=ctx.period_phrase, nhan=received, xu_ly=handled)
        if _positive(received) else ctx.sentence("thanh-tra.don-thu.khong-co-don", ky=ctx.period_phrase),
    ]
    return [b for b in blocks if b]
