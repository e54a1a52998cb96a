"""Providers on made-up figures (no database): wording, padding, zero and missing figures."""

from decimal import Decimal

import pytest

from core.models import Period, PeriodType
from reports import numbering, registry
from reports.content import Note, Paragraph
from archives.report import archives_units
from reform.report import administrative_dossiers
from reports.providers import ProviderContext, associations, inspection, local_government

D = Decimal


def ctx(data_set, figures, by_unit=None):
    c = ProviderContext(period=Period(type=PeriodType.SIX_MONTH, year=2021, number=1), root=None)
    c._figures[data_set] = {k: D(v) for k, v in figures.items()}
    for (code, elements), rows in (by_unit or {}).items():
        c._by_unit[(code, elements)] = rows
    return c


def texts(blocks):
    return [b.text for b in blocks]


def test_registry_has_the_shipped_providers_and_data_sets():
    for key in ("chinh-quyen.bau-cu", "hoi-quy.ket-qua", "thanh-tra.don-thu", "cai-cach-hanh-chinh.ho-so",
                "van-thu-luu-tru.don-vi"):
        assert key in registry.keys()
    assert registry.get("dataset:CQDP").code == "CQDP"
    with pytest.raises(ValueError):
        registry.register("dataset:X", lambda c: [])


def test_deputies_with_one_level_missing_and_no_breakdown():
    c = ctx("CQDP", {("DB_TRUNG_CU", None): 56, ("DB_TRUNG_CU", "quoc-hoi"): 6, ("DB_TRUNG_CU", "tinh"): 50},
            {("CQDP", ("DB_TRUNG_CU",)): {}})
    blocks = local_government(c)
    assert texts(blocks) == [
        "Về bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp, kết quả có 56 đại biểu được bầu, "
        "trong đó: Quốc hội 06 đại biểu và cấp tỉnh 50 đại biểu."
    ]
    assert blocks[0].notes == []


def test_no_deputies_no_sentence():
    assert local_government(ctx("CQDP", {})) == []
    assert local_government(ctx("CQDP", {("DB_TRUNG_CU", None): 0, ("CU_TRI", None): 10, ("CU_TRI_DI_BAU", None): 0})) == []


def test_associations_zero_clauses_are_dropped_or_reworded():
    assert texts(associations(ctx("HOI-QUY", {("HOI_THANH_LAP", None): 1, ("HOI_DAI_HOI", None): 0, ("HOI_GIAI_THE", None): 2}))) == [
        "Trong 6 tháng đầu năm đã phê duyệt thành lập 01 Hội và giải thể 02 Hội theo đúng quy định."
    ]
    assert texts(associations(ctx("HOI-QUY", {("HOI_THANH_LAP", None): 0, ("HOI_DAI_HOI", None): 0}))) == [
        "Trong 6 tháng đầu năm, không có hội, quỹ được thành lập, tổ chức đại hội hoặc giải thể."
    ]
    assert associations(ctx("HOI-QUY", {})) == []


def test_petitions_wording():
    full = {("DON_NHAN", None): 10, ("DON_CHUYEN", None): 2, ("DON_LUU", None): 8, ("DON_GIAI_QUYET", None): 0}
    assert texts(inspection(ctx("TTRA-DON", full)))[-1] == (
        "Trong 6 tháng đầu năm, tổng số đơn nhận được là 10 đơn, trong đó: chuyển 02 đơn đến cơ quan có thẩm quyền "
        "giải quyết và lưu theo dõi 08 đơn."
    )
    assert texts(inspection(ctx("TTRA-DON", {("DON_NHAN", None): 3}))) == [
        "Trong 6 tháng đầu năm, tổng số đơn nhận được là 03 đơn."
    ]
    assert texts(inspection(ctx("TTRA-DON", {("DON_NHAN", None): 0, ("TTRA_CUOC", None): 2, ("KTRA_CUOC", None): 1}))) == [
        "Trong kỳ, đã tiến hành 02 cuộc thanh tra và 01 cuộc kiểm tra theo kế hoạch.",
        "Trong 6 tháng đầu năm, không nhận được đơn khiếu nại, tố cáo, kiến nghị, phản ánh.",
    ]


def test_dossiers_percentages_and_no_late():
    figures = {("HS_TIEP_NHAN", None): 2000, ("HS_TRUC_TUYEN", None): 500, ("HS_DA_GIAI_QUYET", None): 1900,
               ("HS_DUNG_HAN", None): 1900, ("HS_TRE_HAN", None): 0}
    c = ctx("CCHC-DV", figures, {("CCHC-DV", ("HS_TIEP_NHAN",)): {}})
    c.memo["reform.rates"] = {"truc_tuyen": D(25), "dung_han": D(100)}  # computed in the database (reform.submission)
    [p] = administrative_dossiers(c)
    assert p.text == (
        "Kết quả tiếp nhận, giải quyết thủ tục hành chính của các cơ quan, đơn vị: tiếp nhận 2.000 hồ sơ (trong đó "
        "tiếp nhận trực tuyến 500 hồ sơ, chiếm 25%); đã giải quyết 1.900 hồ sơ, trong đó trước hạn và đúng hạn "
        "1.900 hồ sơ, đạt 100%, không có hồ sơ trễ hạn."
    )


def test_archives_measures_and_breakdown_note():
    class U:
        def __init__(self, name):
            self.name = name

    rows = [(U("Huyện Long Mỹ"), None, D("12.5")), (U("Sở Y tế"), None, D("5.5"))]
    blocks = archives_units(ctx("VTLT-DV", {("LT_CHINH_LY_MET", None): "39", ("LT_TON_DONG_MET", None): "18",
                                             ("LT_KHAI_THAC_LUOT", None): 14},
                                 {("VTLT-DV", ("LT_TON_DONG_MET",)): {"LT_TON_DONG_MET": rows}}))
    assert blocks[0].text == ("Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã chỉnh lý hoàn chỉnh 39 mét tài liệu; "
                              "phục vụ 14 lượt khai thác, sử dụng tài liệu.")
    assert blocks[1].text == "Tài liệu tồn đọng chưa được chỉnh lý còn 18 mét."
    assert blocks[1].notes == [Note("Huyện Long Mỹ 12,5 mét và Sở Y tế 5,5 mét.")]


def test_paragraph_parentheses():
    p = Paragraph("cấp huyện 245 đại biểu").note("A 30, B 215.").add(".")
    assert p.text_with_parentheses() == "cấp huyện 245 đại biểu (A 30, B 215)."


@pytest.mark.parametrize("depth,position,parts,expected", [
    (0, 1, True, "Phần I"), (0, 2, True, "Phần II"), (1, 6, True, "VI."), (2, 3, True, "3."), (3, 5, True, "đ)"),
    (4, 1, True, "-"), (0, 4, False, "IV."), (1, 2, False, "2."), (2, 1, False, "a)"),
])
def test_numbering(depth, position, parts, expected):
    assert numbering.label(depth, position, parts) == expected
