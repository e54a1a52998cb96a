"""Demo staffing data (DESIGN §8): the registers behind every staffing figure of the Hậu Giang
H1/2021 report, a plausible civil-servant register and quotas for 2020–2022.

2021-H1 (15/12/2020 – 14/6/2021) holds exactly:
- tinh giản biên chế: đợt I/2021 phê duyệt 74 TH; đợt II/2021 thẩm định kinh phí 46 TH;
- thi nâng ngạch: 35 TH tham gia; thi tuyển viên chức: 84 TH công nhận, 02 đơn vị cấp huyện + 04 cấp tỉnh;
- nhân sự (tỉnh, huyện): nghỉ hưu 10, thôi việc 06, thuyên chuyển 54, biệt phái 01, chuyển viên chức
  sang công chức 03, điều động 03, bổ nhiệm/bổ nhiệm lại 20;
- tiền lương (tỉnh, huyện): nâng lương trước thời hạn 1.360 (and 95 settled by decision), thường
  xuyên 151 (and 28 by decision), bổ nhiệm ngạch Thanh
  tra viên 12, miễn nhiệm ngạch Thanh tra viên 01, nâng bậc lương trước thời hạn nghỉ hưu 03, phụ cấp
  thâm niên vượt khung 38, xếp lương 07;
- cấp xã: nâng lương trước hạn 120 + nâng ngạch 24 (= 144), nâng lương thường xuyên 01, tiếp nhận 01,
  bổ nhiệm Chỉ huy trưởng quân sự 03;
- kế hoạch đào tạo, bồi dưỡng 2021: 354 lớp, 20.412.619.000 đồng; chế độ sau đại học 57 TH;
- sắp xếp bộ máy: 01 cơ quan hành chính, 11 đơn vị sự nghiệp thuộc Sở Y tế.
Rows just outside the window (14/12/2020, 15/6/2021 and later in 2021) prove the window is exact.

Idempotent: every row has a natural key (mã số, the action key, the quota key, or the identifying
fields of the few other rows) and is only created when missing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

D = datetime.date

OFFICES = ["VP", "TCBC", "CCVC", "XDCQ", "CCHC", "TDKT", "TG", "TTLT", "TTR"]
DEPARTMENTS = ["VPUB", "STC", "SKHDT", "STP", "SYT", "SGDDT", "SNNPTNT", "STNMT", "SXD", "SCT", "SLDTBXH",
               "SVHTTDL", "SKHCN", "TTRT"]
DISTRICTS = ["VITHANH", "NGABAY", "TXLONGMY", "CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = {"nam": ["Văn", "Hữu", "Minh", "Quốc", "Thanh", "Hoàng"], "nu": ["Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh"]}
GIVEN = {
    "nam": ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hùng", "Khang", "Long", "Nam", "Phúc", "Quang", "Sơn",
            "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Vinh"],
    "nu": ["Anh", "Châu", "Diễm", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "My", "Ngân", "Nhung", "Oanh",
           "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến"],
}
RANKS = {
    "cong_chuc": ["Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Cán sự", "Thanh tra viên"],
    "can_bo": ["Chuyên viên chính", "Chuyên viên"],
    "vien_chuc": ["Bác sĩ hạng III", "Giáo viên trung học cơ sở hạng II", "Điều dưỡng hạng IV", "Lưu trữ viên hạng III",
                  "Kế toán viên"],
    "cap_xa": ["Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
               "Công chức Tài chính - Kế toán", "Công chức Văn hóa - Xã hội"],
}
EDUCATION = ["dai_hoc", "dai_hoc", "dai_hoc", "thac_si", "cao_dang", "trung_cap", "tien_si"]
THEORY = ["chua_co", "so_cap", "trung_cap", "trung_cap", "cao_cap"]


def _name(i, gender):
    family = FAMILY[(i * 7) % len(FAMILY)]
    middle = MIDDLE[gender][(i * 5) % len(MIDDLE[gender])]
    given = GIVEN[gender][(i * 11) % len(GIVEN[gender])]
    return f"{family} {middle} {given}"


def _spread(total, n, seed=0):
    """`total` split over `n` parts, uneven but deterministic, each ≥ 1 (total ≥ n)."""
    weights = [3 + (i * 7 + seed) % 5 for i in range(n)]
    parts = [max(1, total * w // sum(weights)) for w in weights]
    parts[0] += total - sum(parts)
    assert sum(parts) == total and min(parts) >= 1, (total, n, parts)
    return parts


def _date_in(start, end, i, n):
    """The i-th of n dates spread over [start, end]."""
    span = (end - start).days
    return start + datetime.timedelta(days=span * (i + 1) // (n + 1))


H1_START, H1_END = D(2020, 12, 15), D(2021, 6, 14)


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------

DOCUMENTS = {
    "nq-bien-che-2020": dict(doc_type="nghi_quyet", number="25", symbol="NQ-HĐND", issued_on=D(2019, 12, 6),
                             issuer="Hội đồng nhân dân tỉnh Hậu Giang",
                             subject="về giao biên chế công chức, số lượng người làm việc năm 2020"),
    "nq-bien-che-2021": dict(doc_type="nghi_quyet", number="20", symbol="NQ-HĐND", issued_on=D(2020, 12, 9),
                             issuer="Hội đồng nhân dân tỉnh Hậu Giang",
                             subject="về giao biên chế công chức, số lượng người làm việc, hợp đồng lao động năm 2021"),
    "nq-bien-che-2022": dict(doc_type="nghi_quyet", number="18", symbol="NQ-HĐND", issued_on=D(2021, 12, 8),
                             issuer="Hội đồng nhân dân tỉnh Hậu Giang",
                             subject="về giao biên chế công chức, số lượng người làm việc, hợp đồng lao động năm 2022"),
    "kh-dao-tao-2021": dict(doc_type="ke_hoach", number="12", symbol="KH-UBND", issued_on=D(2021, 1, 20),
                            issuer="Ủy ban nhân dân tỉnh Hậu Giang",
                            subject="về đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2021"),
    "kh-dao-tao-2022": dict(doc_type="ke_hoach", number="09", symbol="KH-UBND", issued_on=D(2022, 1, 18),
                            issuer="Ủy ban nhân dân tỉnh Hậu Giang",
                            subject="về đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2022"),
    "qd-tgbc-dot1-2021": dict(doc_type="quyet_dinh", number="452", symbol="QĐ-UBND", issued_on=D(2021, 3, 22),
                              issuer="Ủy ban nhân dân tỉnh Hậu Giang",
                              subject="về việc phê duyệt danh sách tinh giản biên chế đợt I năm 2021"),
    "qd-syt-2021": dict(doc_type="quyet_dinh", number="815", symbol="QĐ-UBND", issued_on=D(2021, 5, 12),
                        issuer="Ủy ban nhân dân tỉnh Hậu Giang",
                        subject="về việc tổ chức lại các đơn vị sự nghiệp công lập thuộc Sở Y tế"),
}


def _documents():
    from core.models import LegalDocument

    out = {}
    for key, spec in DOCUMENTS.items():
        ident = {k: spec[k] for k in ("doc_type", "number", "symbol", "issued_on", "issuer")}
        out[key], _ = LegalDocument.objects.get_or_create(**ident, year=None, defaults=spec)
    return out


# ---------------------------------------------------------------------------------------------
# Civil-servant register
# ---------------------------------------------------------------------------------------------


def _register_specs(units):
    """[(unit code, category, count)] of the active register (~300 people)."""
    specs = []
    for office in OFFICES:
        specs.append((f"SNV-{office}", "vien_chuc" if office == "TTLT" else "cong_chuc", 8 if office == "TTLT" else 5))
    for code in DEPARTMENTS:
        specs.append((code, "cong_chuc", 6))
    specs += [("SYT", "vien_chuc", 15), ("SGDDT", "vien_chuc", 15)]
    for code in DISTRICTS:
        specs += [(code, "can_bo", 2), (code, "cong_chuc", 8), (code, "vien_chuc", 4)]
    communes = sorted(c for c in units if "-" in c and c.split("-")[0] in DISTRICTS)
    for i, code in enumerate(communes):
        specs.append((code, "cap_xa", 2 + i % 2))
    return specs


def _person(number, unit, category, *, active=True, born=None, position=""):
    from staffing.models import CivilServant

    gender = "nu" if number % 5 in (1, 3) else "nam"
    born = born or D(1966 + number * 7 % 32, 1 + number % 12, 1 + number * 3 % 28)
    rank = RANKS[category][number % len(RANKS[category])]
    return CivilServant(
        ma_so=f"HG{number:06d}", full_name=_name(number, gender), birth_date=born, gender=gender,
        ethnicity="Khmer" if number % 23 == 0 else ("Hoa" if number % 31 == 0 else "Kinh"),
        unit=unit, category=category, rank_title=rank, position=position,
        education=EDUCATION[number % len(EDUCATION)] if category != "cap_xa" else ["dai_hoc", "cao_dang", "trung_cap"][number % 3],
        political_theory=THEORY[number % len(THEORY)],
        entry_date=D(born.year + 23 + number % 6, 1 + number * 5 % 12, 1 + number % 27), active=active,
    )


def _register(units):
    """The active register, then the people the 2021-H1 decisions name (retired, resigned …)."""
    from staffing.models import CivilServant

    people = []
    number = 0
    for code, category, count in _register_specs(units):
        for _ in range(count):
            number += 1
            position = ""
            if category == "can_bo":
                position = "Chủ tịch Ủy ban nhân dân" if number % 2 else "Phó Chủ tịch Ủy ban nhân dân"
            elif number % 9 == 0:
                position = "Trưởng phòng"
            elif number % 9 == 4:
                position = "Phó Trưởng phòng"
            people.append(_person(number, units[code], category, position=position))
    # Named in 2021-H1 decisions: 10 retired (+3 around the window), 6 resigned (inactive now).
    named = []
    base = 900
    for i in range(13):
        code = (DEPARTMENTS + DISTRICTS)[i * 3 % 22]
        named.append(_person(base + i, units[code], "cong_chuc", active=False, born=D(1961, 1 + i % 12, 10)))
    for i in range(6):
        code = (DISTRICTS + DEPARTMENTS)[i * 5 % 22]
        named.append(_person(base + 20 + i, units[code], "vien_chuc" if i % 2 else "cong_chuc", active=False))
    people += named
    existing = set(CivilServant.objects.filter(ma_so__in=[p.ma_so for p in people]).values_list("ma_so", flat=True))
    CivilServant.objects.bulk_create([p for p in people if p.ma_so not in existing])
    return {p.ma_so: p for p in CivilServant.objects.filter(ma_so__in=[p.ma_so for p in people]).select_related("unit")}


# ---------------------------------------------------------------------------------------------
# Personnel and salary actions
# ---------------------------------------------------------------------------------------------


def _actions(units, people):
    from staffing.models import Handling, PersonnelAction

    rows = []
    province_units = DEPARTMENTS + DISTRICTS

    def level_for(code):
        unit = units[code]
        return {"commune": "xa", "district": "huyen"}.get(unit.kind, "tinh")

    def single(action_type, person_code, code, day, number, rank=""):
        rows.append(PersonnelAction(action_type=action_type, level=level_for(code), person=people[person_code],
                                    unit=units[code], decision_number=number, effective_date=day, rank_title=rank,
                                    authority="Giám đốc Sở Nội vụ" if level_for(code) == "tinh" else "Chủ tịch UBND cấp huyện"))

    def bulk(action_type, total, codes, start, end, prefix, rank="", seed=0, level=None, handling=Handling.APPRAISAL,
             authority=None):
        parts = _spread(total, len(codes), seed)
        for i, (code, n) in enumerate(zip(codes, parts)):
            rows.append(PersonnelAction(
                action_type=action_type, level=level or level_for(code), quantity=n, unit=units[code],
                decision_number=f"{100 + seed * 37 + i}/{prefix}", effective_date=_date_in(start, end, i, len(codes)),
                rank_title=rank, handling=handling, authority=authority or (
                    "Giám đốc Sở Nội vụ" if (level or level_for(code)) == "tinh" else "Chủ tịch UBND cấp huyện"),
            ))

    # --- 2021-H1, province and district level -------------------------------------------------
    retired = [f"HG{900 + i:06d}" for i in range(13)]
    for i, ma_so in enumerate(retired[:10]):
        person = people[ma_so]
        single("nghi_huu", ma_so, person.unit.code, _date_in(H1_START, H1_END, i, 10), f"{21 + i}/QĐ-NV")
    # Just outside the window: the day before it opens and the day after it closes.
    single("nghi_huu", retired[10], people[retired[10]].unit.code, D(2020, 12, 14), "1208/QĐ-NV")
    single("nghi_huu", retired[11], people[retired[11]].unit.code, D(2021, 6, 15), "655/QĐ-NV")
    single("nghi_huu", retired[12], people[retired[12]].unit.code, D(2021, 9, 1), "904/QĐ-NV")
    for i in range(6):
        ma_so = f"HG{920 + i:06d}"
        single("thoi_viec", ma_so, people[ma_so].unit.code, _date_in(H1_START, H1_END, i, 6), f"{61 + i}/QĐ-NV")
    active = sorted((p for p in people.values() if p.active and p.category in ("cong_chuc", "vien_chuc")
                     and p.unit.code in province_units), key=lambda p: p.ma_so)
    picks = iter(active[::3])
    ma = next(picks).ma_so
    single("biet_phai", ma, people[ma].unit.code, D(2021, 2, 1), "35/QĐ-NV")
    for i in range(3):
        ma = next(picks).ma_so
        single("vc_sang_cc", ma, people[ma].unit.code, D(2021, 4, 1 + i * 7), f"{210 + i}/QĐ-NV")
    for i in range(3):
        ma = next(picks).ma_so
        single("dieu_dong", ma, people[ma].unit.code, D(2021, 3, 15 + i), f"{180 + i}/QĐ-UBND")
    for i in range(20):
        ma = next(picks).ma_so
        single("bo_nhiem", ma, people[ma].unit.code, _date_in(H1_START, H1_END, i, 20), f"{300 + i}/QĐ-UBND")
    bulk("thuyen_chuyen", 54, ["SYT", "SGDDT", "VITHANH", "PHUNGHIEP", "CHAUTHANHA", "LONGMY", "NGABAY", "STC"],
         H1_START, H1_END, "QĐ-NV", seed=1)

    bulk("nang_luong_truoc_han", 1360, province_units, H1_START, H1_END, "QĐ-NL", seed=2)
    bulk("nang_luong_thuong_xuyen", 151, province_units[:12], H1_START, H1_END, "QĐ-NLTX", seed=3)
    # Cases whose raise was settled by a decision of the Chủ tịch UBND tỉnh (reported as separate items).
    bulk("nang_luong_truoc_han", 95, province_units[:8], H1_START, H1_END, "QĐ-UBND", seed=19,
         handling=Handling.DECISION, authority="Chủ tịch UBND tỉnh")
    bulk("nang_luong_thuong_xuyen", 28, province_units[:5], H1_START, H1_END, "QĐ-UBND", seed=20,
         handling=Handling.DECISION, authority="Chủ tịch UBND tỉnh")
    bulk("bo_nhiem_ngach", 12, ["TTRT", "VITHANH", "NGABAY"], D(2021, 3, 1), D(2021, 4, 30), "QĐ-BNN",
         rank="Thanh tra viên", seed=4)
    bulk("mien_nhiem_ngach", 1, ["TTRT"], D(2021, 5, 1), D(2021, 5, 31), "QĐ-MNN", rank="Thanh tra viên", seed=5)
    bulk("nang_luong_nghi_huu", 3, ["SYT", "SGDDT", "VITHUY"], H1_START, H1_END, "QĐ-NLNH", seed=6)
    bulk("phu_cap_tnvk", 38, province_units[:9], H1_START, H1_END, "QĐ-PCTN", seed=7)
    bulk("xep_luong", 7, ["SYT", "SGDDT", "STP", "CHAUTHANH"], H1_START, H1_END, "QĐ-XL", seed=8)

    # --- 2021-H1, commune level -----------------------------------------------------------------
    communes = [f"{d}-{c}" for d, c in (("VITHANH", "HOALUU"), ("NGABAY", "DAITHANH"), ("TXLONGMY", "LONGBINH"),
                                        ("CHAUTHANH", "DONGTHANH"), ("CHAUTHANHA", "TANHOA"), ("PHUNGHIEP", "PHUONGBINH"),
                                        ("VITHUY", "VITHANG"), ("LONGMY", "XAPHIEN"))]
    bulk("nang_luong_truoc_han", 120, communes, H1_START, H1_END, "QĐ-UBND", seed=9)
    bulk("nang_ngach", 24, communes[:6], H1_START, H1_END, "QĐ-UBND", rank="Chuyên viên", seed=10)
    bulk("nang_luong_thuong_xuyen", 1, ["VITHUY-NANGMAU"], D(2021, 4, 1), D(2021, 4, 30), "QĐ-UBND", seed=11)
    bulk("tiep_nhan", 1, ["LONGMY-LUONGTAM"], D(2021, 5, 1), D(2021, 5, 31), "QĐ-UBND", seed=12)
    bulk("bo_nhiem_chqs", 3, ["PHUNGHIEP-KINHCUNG", "CHAUTHANH-MAIDAM", "VITHANH-TANTIEN"], D(2021, 2, 1),
         D(2021, 5, 31), "QĐ-UBND", seed=13)

    # --- 2021-H2 (after the H1 window): plausible figures that must not leak into H1 ------------
    h2 = (D(2021, 6, 15), D(2021, 12, 14))
    bulk("nang_luong_truoc_han", 412, province_units[:10], *h2, "QĐ-NL", seed=14)
    bulk("nang_luong_thuong_xuyen", 87, province_units[:6], *h2, "QĐ-NLTX", seed=15)
    bulk("thuyen_chuyen", 31, ["SYT", "SGDDT", "VITHUY"], *h2, "QĐ-NV", seed=16)
    bulk("bo_nhiem", 9, ["SXD", "SCT", "PHUNGHIEP"], *h2, "QĐ-UBND", seed=17)
    bulk("nang_luong_truoc_han", 58, communes[:4], *h2, "QĐ-UBND", seed=18)

    existing = set(PersonnelAction.objects.values_list("action_type", "unit_id", "decision_number", "effective_date", "row_key"))
    new = []
    for row in rows:
        row.prepare()
        key = (row.action_type, row.unit_id, row.decision_number, row.effective_date, row.row_key)
        if key not in existing:
            existing.add(key)
            new.append(row)
    PersonnelAction.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------------------------------------
# Quotas 2020–2022 (consistent: each year's total = the sum of its units; cuts year on year)
# ---------------------------------------------------------------------------------------------

QUOTA_BASE = {  # unit: (công chức 2020, viên chức 2020, hợp đồng 2020)
    "SNV": (52, 24, 4), "VPUB": (58, 12, 6), "STC": (60, 0, 5), "SKHDT": (45, 0, 4), "STP": (30, 20, 3),
    "SYT": (32, 4020, 60), "SGDDT": (38, 9850, 80), "SNNPTNT": (95, 140, 8), "STNMT": (48, 30, 4),
    "SXD": (38, 12, 3), "SCT": (36, 10, 3), "SLDTBXH": (42, 180, 6), "SVHTTDL": (40, 160, 5), "SKHCN": (28, 25, 3),
    "TTRT": (30, 0, 2),
    "VITHANH": (78, 0, 6), "NGABAY": (72, 0, 6), "TXLONGMY": (74, 0, 6), "CHAUTHANH": (80, 0, 7),
    "CHAUTHANHA": (82, 0, 7), "PHUNGHIEP": (95, 0, 8), "VITHUY": (76, 0, 6), "LONGMY": (78, 0, 6),
}


def _quotas(units, docs):
    from staffing.models import Quota, QuotaKind
    from staffing.selectors import register_used

    rows = []
    snv_register = register_used([units["SNV"].pk], QuotaKind.CIVIL_SERVANT).get(units["SNV"].pk, 0)
    for year in range(2015, 2023):  # 2015: the base year of the cuts the annual report sums up
        step = year - 2020
        for i, (code, (cc, vc, hd)) in enumerate(QUOTA_BASE.items()):
            # Công chức: −1 a year for every other unit; viên chức: −1,5%/year (rounded); contracts steady.
            cc_year = cc - step * (i % 2)
            vc_year = round(vc * (1 - 0.015 * step)) if vc else 0
            for kind, assigned in ((QuotaKind.CIVIL_SERVANT, cc_year), (QuotaKind.PUBLIC_EMPLOYEE, vc_year),
                                   (QuotaKind.CONTRACT, hd)):
                if not assigned:
                    continue
                from_register = year == 2022 and code == "SNV" and kind == QuotaKind.CIVIL_SERVANT
                used = None if from_register else assigned - (1 + (i + step) % 4) if assigned > 4 else assigned
                rows.append(Quota(unit=units[code], year=year, kind=kind, assigned=assigned, used_entered=used,
                                  used_from_register=from_register, decision=docs.get(f"nq-bien-che-{year}"),
                                  term="2022-2026" if year == 2022 else "",
                                  note=f"Danh sách đủ {snv_register} công chức" if from_register else ""))
    existing = set(Quota.objects.values_list("unit_id", "year", "kind"))
    new = [q for q in rows if (q.unit_id, q.year, q.kind) not in existing]
    Quota.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------------------------------------
# Streamlining, restructuring, job positions, exams, training, postgraduate support
# ---------------------------------------------------------------------------------------------


def _others(units, docs):
    from core.models import LegalDocument
    from staffing.models import (
        JobPositionApproval,
        PostgraduateSupport,
        RecruitmentExam,
        RestructuringEvent,
        StreamliningCase,
        TrainingCourse,
        TrainingPlan,
    )

    created = 0

    def ensure(model, lookup, **defaults):
        nonlocal created
        obj, was = model.objects.get_or_create(**lookup, defaults=defaults)
        created += was
        return obj

    # Tinh giản biên chế (each row: cases reaching a stage on a date).
    stage_rows = [
        # (year, round, stage, decree, unit, quantity, amount, date, decision)
        *[(2021, 1, "phe_duyet", "108/2014/NĐ-CP", code, n, Decimal(n) * 185_000_000, D(2021, 3, 22), "qd-tgbc-dot1-2021")
          for code, n in zip(["SYT", "SGDDT", "SNNPTNT", "VITHANH", "PHUNGHIEP", "LONGMY", "CHAUTHANH"],
                             _spread(74, 7, 19))],
        *[(2021, 2, "tham_dinh", "113/2018/NĐ-CP", code, n, Decimal(n) * 172_000_000, D(2021, 6, 2), None)
          for code, n in zip(["SYT", "SGDDT", "VITHUY", "NGABAY", "TXLONGMY"], _spread(46, 5, 20))],
        # After the window: round II approved in H2 (two cases withdrawn).
        *[(2021, 2, "phe_duyet", "113/2018/NĐ-CP", code, n, Decimal(n) * 172_000_000, D(2021, 9, 20), None)
          for code, n in zip(["SYT", "SGDDT", "VITHUY", "NGABAY", "TXLONGMY"], _spread(44, 5, 21))],
    ]
    for year, rnd, stage, decree, code, n, amount, day, decision in stage_rows:
        ensure(StreamliningCase, dict(year=year, round_number=rnd, stage=stage, unit=units[code], decided_on=day),
               decree=decree, quantity=n, amount=amount, decision=docs.get(decision) if decision else None)

    # Sắp xếp bộ máy 2021-H1: 01 cơ quan hành chính; 11 đơn vị sự nghiệp thuộc Sở Y tế.
    ensure(RestructuringEvent, dict(unit=units["SNNPTNT"], kind="kien_toan", target="hanh_chinh", decided_on=D(2021, 4, 5)),
           quantity=1, description="Kiện toàn Chi cục Thủy lợi thuộc Sở Nông nghiệp và Phát triển nông thôn")
    ensure(RestructuringEvent, dict(unit=units["SYT"], kind="to_chuc_lai", target="su_nghiep", decided_on=D(2021, 5, 12)),
           quantity=11, decision=docs["qd-syt-2021"], description="Tổ chức lại các trung tâm y tế tuyến huyện")
    for code, day, n in (("SYT", D(2021, 2, 10), 46), ("STP", D(2021, 3, 3), 18), ("VITHANH", D(2021, 8, 16), 35)):
        ensure(JobPositionApproval, dict(unit=units[code], approved_on=day), positions=n)

    # Thi tuyển, thi nâng ngạch.
    letter = LegalDocument.objects.filter(number="1676", symbol="UBND-TH").first()
    ensure(RecruitmentExam, dict(name="Kỳ thi nâng ngạch công chức, thi thăng hạng viên chức hành chính lên chuyên viên chính năm 2020",
                                 held_on=D(2021, 4, 24)),
           kind="thi_nang_ngach", audience="cong_chuc", year=2020, participants=35, document=letter)
    exam = ensure(RecruitmentExam, dict(name="Kỳ thi tuyển viên chức năm 2020", held_on=D(2021, 3, 30)),
                  kind="thi_tuyen", audience="vien_chuc", year=2020, participants=131, passed=84)
    exam.units.add(*[units[c] for c in ("VITHUY", "LONGMY", "SYT", "SGDDT", "SNNPTNT", "SVHTTDL")])
    ensure(RecruitmentExam, dict(name="Kỳ thi tuyển công chức năm 2021", held_on=D(2021, 10, 16)),
           kind="thi_tuyen", audience="cong_chuc", year=2021, participants=212, passed=58)

    # Đào tạo, bồi dưỡng.
    plan = ensure(TrainingPlan, dict(year=2021), classes=354, budget=Decimal("20412619000"), issued_on=D(2021, 1, 20),
                  unit=units["SNV"], decision=docs["kh-dao-tao-2021"])
    ensure(TrainingPlan, dict(year=2022), classes=362, budget=Decimal("21150400000"), issued_on=D(2022, 1, 18),
           unit=units["SNV"], decision=docs["kh-dao-tao-2022"])
    for name, code, start, days, n in (
        ("Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính", "SNV-CCVC", D(2021, 3, 8), 40, 120),
        ("Bồi dưỡng nghiệp vụ công tác văn thư, lưu trữ", "SNV-CCHC", D(2021, 4, 12), 5, 85),
        ("Bồi dưỡng kỹ năng lãnh đạo, quản lý cấp phòng", "SNV-CCVC", D(2021, 5, 17), 20, 96),
    ):
        ensure(TrainingCourse, dict(name=name, start=start), plan=plan, unit=units[code],
               end=start + datetime.timedelta(days=days), participants=n)

    # Chế độ sau đại học: 57 TH in H1 (three decisions), more in H2.
    for day, n, amount in ((D(2021, 1, 25), 21, 630_000_000), (D(2021, 3, 29), 24, 720_000_000),
                           (D(2021, 6, 7), 12, 360_000_000), (D(2021, 10, 4), 15, 450_000_000)):
        ensure(PostgraduateSupport, dict(decided_on=day, unit=units["SNV"]), quantity=n, amount=Decimal(amount))
    return created


@transaction.atomic
def seed(until_year=None):
    """The staffing demo data. Needs the core demo (org tree, documents). Safe to run again."""
    from core.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.all()}
    if "SNV" not in units:
        return {"cán bộ, công chức, viên chức": 0}
    from staffing.services import ensure_action_kinds

    ensure_action_kinds()
    docs = _documents()
    before = _count()
    people = _register(units)
    actions = _actions(units, people)
    quotas = _quotas(units, docs)
    others = _others(units, docs)
    return {
        "cán bộ, công chức, viên chức": _count() - before,
        "quyết định nhân sự, tiền lương": actions,
        "biên chế": quotas,
        "bản ghi khác": others,
    }


def _count():
    from staffing.models import CivilServant

    return CivilServant.objects.count()
