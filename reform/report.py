"""The administrative reform (CCHC) app's reporting interface: its providers and indicators,
through the report kit only (`core.reporting`)."""

from decimal import Decimal

from core.reporting import indicator, phrase, provider, unit_breakdown

DATA_SET = "CCHC-DV"


def _value(figures, element, option=None):
    return figures.get((element, option))


def _positive(value):
    return value is not None and value > 0


def _percent(part, whole):
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


N = ("number", "số liệu")
PCT = ("number", "tỷ lệ %")
LIST = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")

phrase("cai-cach-hanh-chinh.ho-so.cau", "CCHC: câu về tiếp nhận, giải quyết hồ sơ",
       "Kết quả tiếp nhận, giải quyết thủ tục hành chính của các cơ quan, đơn vị: tiếp nhận {count:nhan|hồ sơ}"
       "{note:theo_don_vi}[ (trong đó tiếp nhận trực tuyến {count:truc_tuyen|hồ sơ}, chiếm {percent:ty_le_truc_tuyen})]"
       "[; đã giải quyết {count:giai_quyet|hồ sơ}[, trong đó {commas:ket_qua}]].",
       nhan=N, theo_don_vi=("note", "số hồ sơ của từng đơn vị"), truc_tuyen=N, ty_le_truc_tuyen=PCT,
       giai_quyet=N, ket_qua=LIST)
phrase("cai-cach-hanh-chinh.ho-so.dung-han", "CCHC: vế hồ sơ đúng hạn",
       "đúng hạn {count:dung_han|hồ sơ}, đạt {percent:ty_le}", dung_han=N, ty_le=PCT)
phrase("cai-cach-hanh-chinh.ho-so.tre-han", "CCHC: vế hồ sơ trễ hạn", "trễ hạn {count:tre_han|hồ sơ}", tre_han=N)
phrase("cai-cach-hanh-chinh.ho-so.khong-tre-han", "CCHC: vế khi không có hồ sơ trễ hạn", "không có hồ sơ trễ hạn")
phrase("cai-cach-hanh-chinh.ho-so.dvc", "CCHC: câu về dịch vụ công trực tuyến",
       "Các cơ quan, đơn vị cung cấp {list:dich_vu}.", dich_vu=LIST)
phrase("cai-cach-hanh-chinh.ho-so.dvc-toan-trinh", "CCHC: vế dịch vụ công toàn trình",
       "{count:so|dịch vụ công trực tuyến} toàn trình", so=N)
phrase("cai-cach-hanh-chinh.ho-so.dvc-mot-phan", "CCHC: vế dịch vụ công một phần",
       "{count:so|dịch vụ công trực tuyến} một phần", so=N)


@provider("cai-cach-hanh-chinh.ho-so", label="Tiếp nhận, giải quyết hồ sơ thủ tục hành chính (biểu CCHC-DV)")
def administrative_dossiers(ctx):
    figures = ctx.figures(DATA_SET)
    received = _value(figures, "HS_TIEP_NHAN")
    blocks = []
    if _positive(received):
        rows = ctx.by_unit(DATA_SET, ["HS_TIEP_NHAN"]).get("HS_TIEP_NHAN", [])
        online, solved = _value(figures, "HS_TRUC_TUYEN"), _value(figures, "HS_DA_GIAI_QUYET")
        on_time, late = _value(figures, "HS_DUNG_HAN"), _value(figures, "HS_TRE_HAN")
        results = ctx.clauses(
            ("cai-cach-hanh-chinh.ho-so.dung-han", {"dung_han": on_time, "ty_le": _percent(on_time, solved)}),
            ("cai-cach-hanh-chinh.ho-so.tre-han", {"tre_han": late}),
        )
        if late is not None and not _positive(late):
            results += ctx.clauses(("cai-cach-hanh-chinh.ho-so.khong-tre-han", {}))
        blocks.append(ctx.sentence(
            "cai-cach-hanh-chinh.ho-so.cau", nhan=received, theo_don_vi=unit_breakdown(rows, "hồ sơ"),
            truc_tuyen=online if _positive(online) else None, ty_le_truc_tuyen=_percent(online, received),
            giai_quyet=solved if _positive(solved) else None, ket_qua=results))
    services = ctx.clauses(
        ("cai-cach-hanh-chinh.ho-so.dvc-toan-trinh", {"so": _value(figures, "DVC_TOAN_TRINH")}),
        ("cai-cach-hanh-chinh.ho-so.dvc-mot-phan", {"so": _value(figures, "DVC_MOT_PHAN")}),
    )
    blocks.append(ctx.sentence("cai-cach-hanh-chinh.ho-so.dvc", dich_vu=services))
    return [b for b in blocks if b]


@indicator("cchc.ho-so-tiep-nhan", "Hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ")
def dossiers_received(ctx):
    return ctx.figures(DATA_SET).get(("HS_TIEP_NHAN", None))


@indicator("cchc.ho-so-dung-han", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ")
def dossiers_on_time(ctx):
    return ctx.figures(DATA_SET).get(("HS_DUNG_HAN", None))
