"""The archives app's reporting interface: units' own archive figures (biểu VTLT-DV), through the
report kit only (`core.reporting`)."""

from core import formatting as f
from core.reporting import Paragraph, indicator, join_semicolon, provider, unit_breakdown

DATA_SET = "VTLT-DV"


def _positive(value):
    return value is not None and value > 0


@provider("van-thu-luu-tru.don-vi", label="Công tác văn thư, lưu trữ của các cơ quan, đơn vị (biểu VTLT-DV)")
def archives_units(ctx):
    figures = ctx.figures(DATA_SET)

    def metres(template, code):
        value = figures.get((code, None))
        return template.format(f.measure(value, "mét")) if _positive(value) else None

    def amount(template, code, noun):
        text = f.quantity(figures.get((code, None)), noun)
        return template.format(text) if text else None

    clauses = [
        metres("giao nộp {} tài liệu vào Lưu trữ lịch sử", "LT_NOP_LUU_MET"),
        metres("chỉnh lý hoàn chỉnh {} tài liệu", "LT_CHINH_LY_MET"),
        metres("tiêu hủy {} tài liệu hết giá trị", "LT_HUY_MET"),
        amount("số hóa {}", "LT_SO_HOA_TRANG", "trang tài liệu"),
        amount("phục vụ {} khai thác, sử dụng tài liệu", "LT_KHAI_THAC_LUOT", "lượt"),
    ]
    clauses = [c for c in clauses if c]
    blocks = []
    if clauses:
        blocks.append(Paragraph(f"Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã {join_semicolon(clauses)}."))
    backlog = figures.get(("LT_TON_DONG_MET", None))
    if _positive(backlog):
        p = Paragraph(f"Tài liệu tồn đọng chưa được chỉnh lý còn {f.measure(backlog, 'mét')}")
        rows = ctx.by_unit(DATA_SET, ["LT_TON_DONG_MET"]).get("LT_TON_DONG_MET", [])
        p.note(unit_breakdown(rows, "mét", measure=True))
        p.add(".")
        blocks.append(p)
    return blocks


@indicator("vtlt.ton-dong-met", "Tài liệu tồn đọng chưa chỉnh lý", "mét")
def backlog_metres(ctx):
    return ctx.figures(DATA_SET).get(("LT_TON_DONG_MET", None))
