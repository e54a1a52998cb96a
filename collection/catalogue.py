"""The standard forms every province starts with, as data; `load_catalogue` installs them.

A domain app may ship its own forms in `<app>/catalogue.py` (`DATA_SETS`, optional `COMBOS`, same
shape as below): the CCHC-DV form is the reform app's (`reform/catalogue.py`). `standard_catalogue()`
gathers them, so `load_data_sets` and the demo install every app's forms without naming the apps.

Offices are named by the suffix of their code under the Sở ("CCHC" → "SNV-CCHC"), so a real
province loads the same catalogue with its own Sở code (`manage.py load_data_sets --so SNV`).
"""

from django.db import transaction

from collection.models import (
    Aggregation,
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    Section,
    SectionElement,
    Severity,
    ValidationRule,
    ValueType,
)
from core.models import OrgUnit, PeriodType

I, D, P = ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT

COMBOS = {
    "cap-bau-cu": ("Cấp bầu cử", [("quoc-hoi", "Quốc hội"), ("tinh", "Cấp tỉnh"), ("huyen", "Cấp huyện"), ("xa", "Cấp xã")]),
    "tap-the-ca-nhan": ("Tập thể / cá nhân", [("tap-the", "Tập thể"), ("ca-nhan", "Cá nhân")]),
}

# element: code, name, unit label, value type, aggregation, combo, min, max
# data set: code, name, period type, reporting kinds, extra units (codes relative to the Sở: "@SNV"
# is the Sở itself), reviewing office suffix, expiry days, sections [(code, title, [elements])],
# rules [(name, left, op, right, severity, message[, {"needs_explanation": True, "skip_if_any_missing": True}])]
CATALOGUE = [
    {
        "code": "CQDP",
        "name": "Báo cáo xây dựng chính quyền địa phương",
        "period_type": PeriodType.SIX_MONTH,
        "reporting_kinds": ["district"],
        "units": ["@SNV"],
        "office": "XDCQ",
        "expiry_days": 30,
        "description": "Kết quả bầu cử, đại biểu Hội đồng nhân dân, xã đạt chuẩn; cấp tỉnh do Sở Nội vụ nhập.",
        "sections": [
            ("bau-cu", "I. Bầu cử", [
                ("DB_TRUNG_CU", "Số đại biểu trúng cử", "đại biểu", I, Aggregation.SUM, "cap-bau-cu", 0, None),
                ("CU_TRI", "Tổng số cử tri", "người", I, Aggregation.SUM, None, 0, None),
                ("CU_TRI_DI_BAU", "Số cử tri đã đi bầu", "người", I, Aggregation.SUM, None, 0, None),
            ]),
            ("chinh-quyen", "II. Chính quyền cơ sở", [
                ("XA_TIEU_CHI_18", "Số xã được công nhận đạt tiêu chí số 18 (hệ thống chính trị, tiếp cận pháp luật)", "xã", I, Aggregation.SUM, None, 0, None),
                ("CHUC_DANH_BAU_BO_SUNG", "Số chức danh được phê chuẩn kết quả bầu bổ sung", "chức danh", I, Aggregation.SUM, None, 0, None),
            ]),
        ],
        "rules": [
            ("Đi bầu ≤ cử tri", "#{CU_TRI_DI_BAU}", "<=", "#{CU_TRI}", Severity.ERROR,
             "Số cử tri đã đi bầu không được lớn hơn tổng số cử tri."),
        ],
    },
    {
        "code": "HOI-QUY",
        "name": "Báo cáo quản lý hội, quỹ và tổ chức phi chính phủ",
        "period_type": PeriodType.SIX_MONTH,
        "reporting_kinds": ["district"],
        "units": ["@SNV"],
        "office": "TCBC",
        "expiry_days": 30,
        "description": "Hội, quỹ xã hội, quỹ từ thiện được thành lập, tổ chức đại hội, giải thể; số đang hoạt động.",
        "sections": [
            ("hoi", "I. Hội", [
                ("HOI_THANH_LAP", "Số hội được phê duyệt thành lập", "hội", I, Aggregation.SUM, None, 0, None),
                ("HOI_DAI_HOI", "Số hội được phê duyệt tổ chức đại hội", "hội", I, Aggregation.SUM, None, 0, None),
                ("HOI_GIAI_THE", "Số hội giải thể", "hội", I, Aggregation.SUM, None, 0, None),
                ("HOI_HOAT_DONG", "Số hội đang hoạt động", "hội", I, Aggregation.SUM, None, 0, None),
            ]),
            ("quy", "II. Quỹ xã hội, quỹ từ thiện", [
                ("QUY_THANH_LAP", "Số quỹ được công nhận thành lập", "quỹ", I, Aggregation.SUM, None, 0, None),
                ("QUY_HOAT_DONG", "Số quỹ đang hoạt động", "quỹ", I, Aggregation.SUM, None, 0, None),
            ]),
        ],
        "rules": [],
    },
    {
        "code": "TTRA-DON",
        "name": "Báo cáo công tác thanh tra, tiếp công dân, xử lý đơn thư",
        "period_type": PeriodType.SIX_MONTH,
        "reporting_kinds": [],
        "units": ["@SNV"],
        "office": "TTR",
        "expiry_days": 30,
        "description": "Số cuộc thanh tra, kiểm tra; đơn thư nhận được và kết quả xử lý của ngành Nội vụ.",
        "sections": [
            ("thanh-tra", "I. Thanh tra, kiểm tra", [
                ("TTRA_CUOC", "Số cuộc thanh tra", "cuộc", I, Aggregation.SUM, None, 0, None),
                ("KTRA_CUOC", "Số cuộc kiểm tra", "cuộc", I, Aggregation.SUM, None, 0, None),
            ]),
            ("don-thu", "II. Xử lý đơn thư", [
                ("DON_NHAN", "Tổng số đơn nhận được", "đơn", I, Aggregation.SUM, None, 0, None),
                ("DON_CHUYEN", "Chuyển đến cơ quan có thẩm quyền giải quyết", "đơn", I, Aggregation.SUM, None, 0, None),
                ("DON_GIAI_QUYET", "Thuộc thẩm quyền, đã giải quyết", "đơn", I, Aggregation.SUM, None, 0, None),
                ("DON_LUU", "Lưu theo dõi", "đơn", I, Aggregation.SUM, None, 0, None),
            ]),
        ],
        "rules": [
            ("Đơn đã xử lý ≤ đơn nhận", "#{DON_CHUYEN} + #{DON_GIAI_QUYET} + #{DON_LUU}", "<=", "#{DON_NHAN}", Severity.ERROR,
             "Tổng số đơn đã chuyển, đã giải quyết và lưu theo dõi không được lớn hơn số đơn nhận được."),
        ],
    },
    {
        "code": "VTLT-DV",
        "name": "Báo cáo công tác văn thư, lưu trữ của đơn vị",
        "period_type": PeriodType.SIX_MONTH,
        "reporting_kinds": ["department", "district"],
        "units": [],
        "office": "CCHC",
        "expiry_days": 30,
        "description": "Tài liệu giao nộp, chỉnh lý, tồn đọng, hết giá trị; số hóa và khai thác tại lưu trữ cơ quan.",
        "sections": [
            ("luu-tru", "I. Lưu trữ cơ quan", [
                ("LT_NOP_LUU_MET", "Tài liệu đã giao nộp vào Lưu trữ lịch sử", "mét", D, Aggregation.SUM, None, 0, None),
                ("LT_CHINH_LY_MET", "Tài liệu đã chỉnh lý hoàn chỉnh", "mét", D, Aggregation.SUM, None, 0, None),
                ("LT_TON_DONG_MET", "Tài liệu tồn đọng chưa chỉnh lý", "mét", D, Aggregation.SUM, None, 0, None),
                ("LT_HUY_MET", "Tài liệu hết giá trị đã tiêu hủy", "mét", D, Aggregation.SUM, None, 0, None),
                ("LT_SO_HOA_TRANG", "Số trang tài liệu được số hóa", "trang", I, Aggregation.SUM, None, 0, None),
                ("LT_KHAI_THAC_LUOT", "Số lượt khai thác, sử dụng tài liệu", "lượt", I, Aggregation.SUM, None, 0, None),
            ]),
        ],
        "rules": [],
    },
]


def standard_catalogue():
    """(combos, data sets): this module's and every app's `catalogue.py` (`COMBOS`, `DATA_SETS`)."""
    from core.discovery import app_modules

    combos, data_sets = dict(COMBOS), list(CATALOGUE)
    for _config, module in app_modules("catalogue", exclude=("collection",)):
        combos.update(getattr(module, "COMBOS", {}))
        data_sets.extend(getattr(module, "DATA_SETS", []))
    return combos, data_sets


def _resolve(code, so_code):
    return f"{so_code}-{code}" if not code.startswith("@") else (so_code if code == "@SNV" else code[1:])


@transaction.atomic
def load_catalogue(so_code="SNV", catalogue=None):
    """Install (or update in place) the standard data sets. Idempotent; returns the data sets."""
    all_combos, standard = standard_catalogue()
    catalogue = standard if catalogue is None else catalogue
    combos = {}
    for code, (name, options) in all_combos.items():
        combo, _ = CategoryCombo.objects.update_or_create(code=code, defaults={"name": name})
        for i, (opt_code, opt_name) in enumerate(options):
            CategoryOption.objects.update_or_create(combo=combo, code=opt_code, defaults={"name": opt_name, "sort_order": i})
        combos[code] = combo
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith=so_code)}
    result = []
    for order, spec in enumerate(catalogue):
        office_code = _resolve(spec["office"], so_code)
        if office_code not in units:
            raise ValueError(f"Không tìm thấy phòng, ban «{office_code}» của Sở để giao xét duyệt biểu mẫu {spec['code']}.")
        data_set, _ = DataSet.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"], "period_type": spec["period_type"], "reporting_kinds": spec["reporting_kinds"],
                "reviewing_office": units[office_code], "expiry_days": spec["expiry_days"],
                "description": spec["description"], "sort_order": spec.get("sort_order", order),
            },
        )
        data_set.units.set(OrgUnit.objects.filter(code__in=[_resolve(c, so_code) for c in spec["units"]]))
        for s_order, (s_code, title, elements) in enumerate(spec["sections"]):
            section, _ = Section.objects.update_or_create(
                data_set=data_set, code=s_code, defaults={"title": title, "sort_order": s_order}
            )
            for e_order, (code, name, unit_label, vtype, agg, combo, lo, hi) in enumerate(elements):
                element, _ = DataElement.objects.update_or_create(
                    code=code,
                    defaults={"name": name, "unit_label": unit_label, "value_type": vtype, "aggregation": agg,
                              "combo": combos.get(combo), "min_value": lo, "max_value": hi},
                )
                SectionElement.objects.update_or_create(section=section, element=element, defaults={"sort_order": e_order})
        for name, left, op, right, severity, message, *flags in spec["rules"]:
            ValidationRule.objects.update_or_create(
                data_set=data_set, name=name,
                defaults={"left": left, "operator": op, "right": right, "severity": severity, "message": message,
                          "needs_explanation": False, "skip_if_any_missing": False, **(flags[0] if flags else {})},
            )
        result.append(data_set)
    return result
