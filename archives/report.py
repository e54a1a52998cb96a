"""The archives app's reporting interface: units' own archive figures (biểu VTLT-DV), through the
report kit only (`core.reporting`)."""

from core.reporting import indicator, phrase, provider, unit_breakdown

DATA_SET = "VTLT-DV"


def _positive(value):
    return value is not None and value > 0


N = ("number", "số liệu")

phrase("van-thu-luu-tru.don-vi.cau", "Văn thư, lưu trữ: câu về các việc đã làm trong kỳ",
       "Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã {items:viec}.",
       viec=("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)"))
CLAUSES = [
    ("giao-nop", "LT_NOP_LUU_MET", "vế giao nộp tài liệu", "giao nộp {number:so|mét} tài liệu vào Lưu trữ lịch sử"),
    ("chinh-ly", "LT_CHINH_LY_MET", "vế chỉnh lý tài liệu", "chỉnh lý hoàn chỉnh {number:so|mét} tài liệu"),
    ("tieu-huy", "LT_HUY_MET", "vế tiêu hủy tài liệu", "tiêu hủy {number:so|mét} tài liệu hết giá trị"),
    ("so-hoa", "LT_SO_HOA_TRANG", "vế số hóa tài liệu", "số hóa {count:so|trang tài liệu}"),
    ("khai-thac", "LT_KHAI_THAC_LUOT", "vế phục vụ khai thác", "phục vụ {count:so|lượt} khai thác, sử dụng tài liệu"),
]
for _slug, _element, _label, _default in CLAUSES:
    phrase(f"van-thu-luu-tru.don-vi.{_slug}", f"Văn thư, lưu trữ: {_label}", _default, so=N)
phrase("van-thu-luu-tru.don-vi.ton-dong", "Văn thư, lưu trữ: câu về tài liệu tồn đọng",
       "Tài liệu tồn đọng chưa được chỉnh lý còn {number:so|mét}{note:theo_don_vi}.",
       so=N, theo_don_vi=("note", "số mét của từng đơn vị"))


@provider("van-thu-luu-tru.don-vi", label="Công tác văn thư, lưu trữ của các cơ quan, đơn vị (biểu VTLT-DV)")
def archives_units(ctx):
    figures = ctx.figures(DATA_SET)

    def positive(code):
        value = figures.get((code, None))
        return value if _positive(value) else None

    done = ctx.clauses(*((f"van-thu-luu-tru.don-vi.{slug}", {"so": positive(element)})
                         for slug, element, _label, _default in CLAUSES))
    backlog = positive("LT_TON_DONG_MET")
    rows = ctx.by_unit(DATA_SET, ["LT_TON_DONG_MET"]).get("LT_TON_DONG_MET", []) if backlog else []
    blocks = [
        ctx.sentence("van-thu-luu-tru.don-vi.cau", viec=done),
        ctx.sentence("van-thu-luu-tru.don-vi.ton-dong", so=backlog, theo_don_vi=unit_breakdown(rows, "mét", measure=True)),
    ]
    return [b for b in blocks if b]


@indicator("vtlt.ton-dong-met", "Tài liệu tồn đọng chưa chỉnh lý", "mét")
def backlog_metres(ctx):
    return ctx.figures(DATA_SET).get(("LT_TON_DONG_MET", None))
