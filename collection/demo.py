"""Demo values for 2021-H1 that add up to the Hậu Giang report's figures (DESIGN §5)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from collection import catalogue
from collection.models import CategoryOption, DataElement, DataValue, DataValueChange, Status, Submission, SubmissionEvent
from core.models import OrgUnit, Period

DISTRICTS = ["VITHANH", "NGABAY", "TXLONGMY", "CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]

# Deputies elected 2021-2026 by district: (huyện, xã) — 245 and 1.921 in all.
DEPUTIES = [(30, 225), (30, 186), (30, 210), (32, 262), (31, 251), (32, 311), (30, 228), (30, 248)]
# Voters and voters who voted: 563.012 and 562.956 in all → 99,99%.
VOTERS = [59811, 45102, 77455, 61234, 79608, 110547, 67882, 61373]
ABSENT = [5, 4, 8, 6, 8, 11, 7, 7]

# Per-unit CCHC figures (plausible, consistent with the rules).
def _cchc(i):
    received = 1800 + 137 * i
    online = 420 + 31 * i
    solved = received - 40 - i
    late = 3 + i % 4
    return {
        "TTHC_CONG_BO": 95 + i, "TTHC_DON_GIAN_HOA": 2 + i % 3, "TTHC_MOT_CUA": 90 + i, "TTHC_LIEN_THONG": 6 + i % 5,
        "HS_TIEP_NHAN": received, "HS_TRUC_TUYEN": online, "HS_DA_GIAI_QUYET": solved, "HS_DUNG_HAN": solved - late,
        "HS_TRE_HAN": late, "HS_XIN_LOI": late, "DVC_TOAN_TRINH": 20 + i, "DVC_MOT_PHAN": 30 + 2 * i,
        "ISO_AP_DUNG": 1, "CKS_CAP": 12 + i, "VB_KY_SO_TY_LE": 95 + i % 5,
    }


def _values_2021_h1():
    """{unit_code: {data_set_code: {(element, option): value}}}"""
    data = {}
    for i, code in enumerate(DISTRICTS):
        huyen, xa = DEPUTIES[i]
        data[code] = {
            "CQDP": {
                ("DB_TRUNG_CU", "huyen"): huyen, ("DB_TRUNG_CU", "xa"): xa,
                ("CU_TRI", None): VOTERS[i], ("CU_TRI_DI_BAU", None): VOTERS[i] - ABSENT[i],
            },
            "CCHC-DV": {(k, None): v for k, v in _cchc(i).items()},
        }
    data["SNV"] = {
        "CQDP": {("DB_TRUNG_CU", "quoc-hoi"): 6, ("DB_TRUNG_CU", "tinh"): 50, ("CHUC_DANH_BAU_BO_SUNG", None): 1},
        "HOI-QUY": {("HOI_THANH_LAP", None): 1, ("HOI_DAI_HOI", None): 3},
        "TTRA-DON": {("DON_NHAN", None): 10, ("DON_CHUYEN", None): 2, ("DON_LUU", None): 8, ("DON_GIAI_QUYET", None): 0,
                     ("TTRA_CUOC", None): 1},
    }
    return data


@transaction.atomic
def seed(until_year=None):
    data_sets = {d.code: d for d in catalogue.load_catalogue("SNV")}
    period = Period.objects.get(code="2021-H1")
    if Submission.objects.filter(period=period).exists():
        return {"data_sets": len(data_sets), "submissions": 0}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(_values_2021_h1()))}
    elements = {e.code: e for e in DataElement.objects.all()}
    options = {o.code: o for o in CategoryOption.objects.all()}
    reviewer = get_user_model().objects.filter(username="cv.tcbc").first()
    submitted = timezone.make_aware(datetime.datetime(2021, 6, 10, 9, 0))
    approved = timezone.make_aware(datetime.datetime(2021, 6, 12, 15, 0))
    count = 0
    for unit_code, forms in _values_2021_h1().items():
        for ds_code, values in forms.items():
            submission = Submission.objects.create(
                data_set=data_sets[ds_code], unit=units[unit_code], period=period, status=Status.APPROVED, version=1,
                first_submitted_at=submitted, submitted_at=submitted, reviewed_at=approved, reviewed_by=reviewer,
            )
            DataValue.objects.bulk_create(
                DataValue(submission=submission, element=elements[e], option=options.get(o) if o else None, numeric_value=v)
                for (e, o), v in values.items()
            )
            DataValueChange.objects.bulk_create(
                DataValueChange(submission=submission, element=elements[e], option=options.get(o) if o else None,
                                new_value=str(v), version=1, source="demo")
                for (e, o), v in values.items()
            )
            SubmissionEvent.objects.bulk_create([
                SubmissionEvent(submission=submission, action=SubmissionEvent.Action.SUBMIT),
                SubmissionEvent(submission=submission, action=SubmissionEvent.Action.APPROVE, user=reviewer),
            ])
            count += 1
    return {"data_sets": len(data_sets), "submissions": count}
