"""Demo CCHC-DV submissions (DESIGN §8): the eight districts from 2021-H1 until the district tier
closed, and a commune's form waiting for cv.cchc in the open period.

The 2021-H1 dossiers received and received online are collection's shares of the province totals
the golden test reads (18.236 and 4.228); every other figure is drawn from a generator seeded by
unit and period, so the figures vary like real ones (no steps), and the parts are derived from the
totals so that every rule of the form holds (parts add up to totals, nothing to explain).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from collection import demo as collection_demo
from collection.models import CategoryOption, DataElement, DataSet, Status, Submission
from core.models import OrgUnit, Period, PeriodType
from reform.catalogue import LEVEL

DATA_SET = "CCHC-DV"
FIRST_PERIOD = "2021-H1"


def split(total, weights):
    """Whole parts of `total` in proportion to `weights`, adding up to it exactly."""
    return collection_demo.apportion(int(total), list(weights))


def unit_figures(rng, *, received, online, levels, scale=1.0, second_half=False, before=None):
    """One unit's CCHC-DV values {(element, option): value}; `levels` are the option codes the unit
    keeps dossiers for (a district: cấp huyện and cấp xã; a commune: cấp xã). `before`: the unit's
    previous form, so a second half carries over its pending dossiers and keeps the year's plan."""
    v = {}
    before = before or {}

    def put(code, value, option=None):
        v[(code, option)] = value

    # I. Direction, inspection, communication
    tasks = int(before[("CD_NHIEM_VU", None)]) if second_half and before else rng.randint(18, 34)
    put("CD_VAN_BAN", rng.randint(6, 17))
    put("CD_NHIEM_VU", tasks)
    put("CD_NHIEM_VU_XONG", tasks - rng.randint(2, 9) if not second_half else tasks - rng.randint(0, 2))
    inspections = rng.randint(1, 4)
    put("CD_KIEM_TRA", inspections)
    put("CD_DON_VI_KIEM_TRA", inspections + rng.randint(1, 6))
    issues = rng.randint(3, 14)
    put("CD_TON_TAI", issues)
    put("CD_TON_TAI_XONG", issues - rng.randint(0, 3))
    put("CD_TUYEN_TRUYEN", rng.randint(9, 46))
    put("CD_SANG_KIEN", rng.randint(0, 2))
    # II. Institutions
    drafted = rng.randint(2, 9)
    put("TC_VB_BAN_HANH", drafted)
    put("TC_VB_RA_SOAT", drafted + rng.randint(8, 31))
    put("TC_VB_KIEM_TRA", drafted + rng.randint(0, 4))
    put("TC_VB_XU_LY", rng.randint(0, 3))
    # III. Administrative procedures
    published = round(rng.randint(260, 340) * scale)
    put("TTHC_CONG_BO", published)
    put("TTHC_CONG_KHAI", published - rng.randint(0, 3))
    put("TTHC_RA_SOAT", rng.randint(12, 48))
    put("TTHC_DON_GIAN_HOA", rng.randint(2, 11))
    put("TTHC_MOT_CUA", published - rng.randint(4, 19))
    put("TTHC_LIEN_THONG", rng.randint(5, 16))
    feedback = rng.randint(2, 15)
    put("PAKN_TIEP_NHAN", feedback)
    put("PAKN_DA_XU_LY", feedback - rng.randint(0, 2))
    # IV. Dossiers: the balance holds by construction.
    carried = (int(before[("HS_DANG_TRONG_HAN", None)] + before[("HS_DANG_QUA_HAN", None)]) if before
               else round(received * rng.uniform(0.018, 0.047)))
    post = round(received * rng.uniform(0.015, 0.055))
    direct = received - online - post
    pool = carried + received
    withdrawn = round(pool * rng.uniform(0.001, 0.005))
    refused = round(pool * rng.uniform(0.0005, 0.003))
    pending = round(pool * rng.uniform(0.02, 0.05))
    pending_late = rng.randint(0, 5)
    resolved = pool - withdrawn - refused - pending - pending_late
    late = rng.randint(3, 24)
    early = round(resolved * rng.uniform(0.31, 0.58))
    for code, value in [
        ("HS_KY_TRUOC", carried), ("HS_TIEP_NHAN", received), ("HS_TRUC_TIEP", direct), ("HS_TRUC_TUYEN", online),
        ("HS_BUU_CHINH", post), ("HS_DA_GIAI_QUYET", resolved), ("HS_SOM_HAN", early),
        ("HS_DUNG_HAN", resolved - early - late), ("HS_TRE_HAN", late), ("HS_RUT", withdrawn), ("HS_TU_CHOI", refused),
        ("HS_DANG_TRONG_HAN", pending), ("HS_DANG_QUA_HAN", pending_late),
        ("HS_XIN_LOI", late + pending_late - rng.randint(0, min(2, late))),
    ]:
        put(code, value)
    # V. The same dossiers by level (a district's own share is the smaller one).
    full = rng.randint(14, 38)
    partial = rng.randint(22, 61)
    put("DVC_TOAN_TRINH", full)
    put("DVC_MOT_PHAN", partial)
    weights = [1.0] if len(levels) == 1 else [rng.uniform(0.28, 0.44), 1.0]
    weights = [w / sum(weights) for w in weights]
    for code, total in [("HSC_TIEP_NHAN", received), ("HSC_TRUC_TUYEN", online), ("HSC_DA_GIAI_QUYET", resolved),
                        ("HSC_TRE_HAN", late), ("HSC_DVC", full + partial)]:
        jitter = [w * rng.uniform(0.9, 1.1) for w in weights]
        for option, part in zip(levels, split(total, jitter)):
            put(code, part, option)
    # VI.–VIII. Apparatus, civil service, public finance
    put("BM_SAP_XEP", rng.randint(0, 4))
    put("BM_GIAM_DAU_MOI", rng.randint(0, 3))
    put("BM_VI_TRI_VIEC_LAM", rng.randint(0, 42))
    put("CV_TUYEN_DUNG", rng.randint(3, 27))
    put("CV_DAO_TAO", rng.randint(80, 420))
    put("CV_KY_LUAT", rng.randint(0, 3))
    put("CV_KIEM_TRA_CONG_VU", rng.randint(2, 9))
    public_units = int(before[("TCC_DVSN_TONG", None)]) if before else round(rng.randint(38, 71) * scale)
    put("TCC_DVSN_TONG", public_units)
    put("TCC_DVSN_TU_CHU", round(public_units * rng.uniform(0.04, 0.14)))
    capital = (int(before[("TCC_VON_GIAO", None)]) if second_half and before
               else rng.randint(85, 260) * 1_000_000_000 + rng.randint(1, 999) * 1_000_000)
    put("TCC_VON_GIAO", capital)
    disbursed = rng.uniform(0.72, 0.96) if second_half else rng.uniform(0.31, 0.55)
    put("TCC_VON_GIAI_NGAN", round(capital * disbursed / 1_000_000) * 1_000_000)
    # IX. E-government
    put("VB_DIEN_TU", rng.randint(2100, 6900))
    put("VB_KY_SO_TY_LE", Decimal(str(round(rng.uniform(95.2, 98.9), 1))))
    certificates = rng.randint(21, 64)
    put("CKS_CAP", certificates)
    put("CKS_SU_DUNG", certificates - rng.randint(0, 4))
    put("THU_CONG_VU", rng.randint(90, 340))
    put("TT_TRUC_TUYEN", round(online * rng.uniform(0.04, 0.16)))
    put("ISO_AP_DUNG", 1)
    put("ISO_QUY_TRINH", rng.randint(24, 96))
    return {key: value for key, value in v.items() if value is not None}


def _six_month_periods(today):
    return list(Period.objects.filter(type=PeriodType.SIX_MONTH, start__gte=Period.objects.get(code=FIRST_PERIOD).start,
                                      start__lte=today).order_by("start"))


def _district_values(period, index, code, k, before=None):
    rng = random.Random(f"{DATA_SET}:{code}:{period.code}")
    if period.code == FIRST_PERIOD:
        received, online = collection_demo.RECEIVED[index], collection_demo.ONLINE[index]
    else:
        received = round(collection_demo.RECEIVED[index] * (1 + 0.035 * k) * rng.uniform(0.93, 1.09))
        online = round(received * min(0.62, collection_demo.ONLINE[index] / collection_demo.RECEIVED[index]
                                      + 0.04 * k + rng.uniform(-0.02, 0.03)))
    return unit_figures(rng, received=received, online=online, levels=["cap-huyen", "cap-xa"],
                        second_half=period.code.endswith("H2"), before=before)


def commune_values(unit_code, period):
    rng = random.Random(f"{DATA_SET}:{unit_code}:{period.code}")
    received = rng.randint(640, 1480)
    return unit_figures(rng, received=received, online=round(received * rng.uniform(0.38, 0.61)), levels=["cap-xa"],
                        scale=0.38, second_half=period.code.endswith("H2"))


@transaction.atomic
def seed(until_year=None, today=None):
    """The units' CCHC-DV forms, then the index results, inspections and initiatives (reform.index_demo)."""
    from reform.index_demo import seed_index

    counts = _seed_submissions(until_year, today)
    found = seed_index(until_year)
    return {**counts, **(found if isinstance(found, dict) else {"chỉ số CCHC": found})}


def _seed_submissions(until_year=None, today=None):
    today = today or timezone.localdate()
    data_set = DataSet.objects.filter(code=DATA_SET).first()
    if data_set is None or not Period.objects.filter(code=FIRST_PERIOD).exists():
        return {"biểu CCHC-DV": 0}
    elements = {e.code: e for e in DataElement.objects.filter(placements__section__data_set=data_set)}
    options = {o.code: o for o in CategoryOption.objects.filter(combo__code=LEVEL)}
    reviewer = get_user_model().objects.filter(username="cv.cchc").first()
    periods = _six_month_periods(today)
    districts = {u.code: u for u in OrgUnit.objects.filter(code__in=collection_demo.DISTRICTS)}
    done = set(Submission.objects.filter(data_set=data_set).values_list("unit__code", "period__code"))
    count = 0
    previous = {}
    for k, period in enumerate(periods[:-1]):  # the open period is the units' to fill
        for index, code in enumerate(collection_demo.DISTRICTS):
            unit = districts.get(code)
            if unit is None or (code, period.code) in done or not unit.valid_from <= period.start <= period.end <= unit.valid_to:
                continue
            values = previous[code] = _district_values(period, index, code, k, before=previous.get(code))
            sent = timezone.make_aware(datetime.datetime.combine(period.end - datetime.timedelta(days=4 + index % 3),
                                                                 datetime.time(9, 10 + 5 * index)))
            collection_demo._create_submission(
                data_set, unit, period, values, status=Status.APPROVED,
                submitted_at=sent, reviewer=reviewer, reviewed_at=sent + datetime.timedelta(days=2, hours=3),
                elements=elements, options=options)
            count += 1
    waiting = 0
    commune = OrgUnit.objects.filter(code="X-VITHUY").first()
    if periods and commune is not None and (commune.code, periods[-1].code) not in done:
        period = periods[-1]
        sent = timezone.make_aware(datetime.datetime.combine(min(today, period.end), datetime.time(9, 0)))
        collection_demo._create_submission(
            data_set, commune, period, commune_values(commune.code, period), status=Status.SUBMITTED,
            submitted_at=sent, elements=elements, options=options, note="Dữ liệu mẫu")  # waits for cv.cchc
        waiting = 1
    return {"biểu CCHC-DV đã duyệt": count, "chờ duyệt": waiting}
