"""The administrative reform (CCHC) app's reporting interface: its providers and indicators,
through the report kit only (`core.reporting`)."""

from core import formatting as f
from core.reporting import Paragraph, indicator, join_list, provider, unit_breakdown

DATA_SET = "CCHC-DV"


def _value(figures, element, option=None):
    return figures.get((element, option))


def _positive(value):
    return value is not None and value > 0


def _clause(template, value, noun):
    amount = f.quantity(value, noun)
    return template.format(amount) if amount else None


@provider("cai-cach-hanh-chinh.ho-so", label="Tiếp nhận, giải quyết hồ sơ thủ tục hành chính (biểu CCHC-DV)")
def administrative_dossiers(ctx):
    figures = ctx.figures(DATA_SET)
    received = _value(figures, "HS_TIEP_NHAN")
    blocks = []
    if _positive(received):
        p = Paragraph("Kết quả tiếp nhận, giải quyết thủ tục hành chính của các cơ quan, đơn vị: tiếp nhận ")
        p.add(f.quantity(received, "hồ sơ"))
        rows = ctx.by_unit(DATA_SET, ["HS_TIEP_NHAN"]).get("HS_TIEP_NHAN", [])
        p.note(unit_breakdown(rows, "hồ sơ"))
        online = _value(figures, "HS_TRUC_TUYEN")
        if _positive(online):
            p.add(f" (trong đó tiếp nhận trực tuyến {f.quantity(online, 'hồ sơ')}, chiếm {f.ratio_percent(online, received)})")
        solved = _value(figures, "HS_DA_GIAI_QUYET")
        if _positive(solved):
            p.add(f"; đã giải quyết {f.quantity(solved, 'hồ sơ')}")
            on_time = _value(figures, "HS_DUNG_HAN")
            late = _value(figures, "HS_TRE_HAN")
            details = []
            if _positive(on_time):
                details.append(f"đúng hạn {f.quantity(on_time, 'hồ sơ')}, đạt {f.ratio_percent(on_time, solved)}")
            if _positive(late):
                details.append(f"trễ hạn {f.quantity(late, 'hồ sơ')}")
            elif late is not None:
                details.append("không có hồ sơ trễ hạn")
            if details:
                p.add(", trong đó " + join_list(details, last=", "))
        p.add(".")
        blocks.append(p)
    services = [
        _clause("{} toàn trình", _value(figures, "DVC_TOAN_TRINH"), "dịch vụ công trực tuyến"),
        _clause("{} một phần", _value(figures, "DVC_MOT_PHAN"), "dịch vụ công trực tuyến"),
    ]
    services = [s for s in services if s]
    if services:
        blocks.append(Paragraph(f"Các cơ quan, đơn vị cung cấp {join_list(services)}."))
    return blocks


@indicator("cchc.ho-so-tiep-nhan", "Hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ")
def dossiers_received(ctx):
    return ctx.figures(DATA_SET).get(("HS_TIEP_NHAN", None))


@indicator("cchc.ho-so-dung-han", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ")
def dossiers_on_time(ctx):
    return ctx.figures(DATA_SET).get(("HS_DUNG_HAN", None))
