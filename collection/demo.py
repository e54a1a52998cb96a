"""Demo values for 2021-H1 that add up to the Hậu Giang report's figures (DESIGN §5)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from collection import catalogue
from collection.models import CategoryOption, DataElement, DataValue, DataValueChange, Status, Submission, SubmissionEvent
from core.models import OrgUnit, Period, PeriodType

DISTRICTS = ["VITHANH", "NGABAY", "TXLONGMY", "CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]

# Deputies elected 2021-2026 by district: (huyện, xã) — 245 and 1.921 in all.
DEPUTIES = [(30, 225), (30, 186), (30, 210), (32, 262), (31, 251), (32, 311), (30, 228), (30, 248)]
# Voters and voters who voted: 563.012 and 562.956 in all → 99,99%.
VOTERS = [59811, 45102, 77455, 61234, 79608, 110547, 67882, 61373]
ABSENT = [5, 4, 8, 6, 8, 11, 7, 7]

# Dossiers received (18.236) and received online (4.228) in the province, as the golden test has
# them, shared among the districts by their size (voters) and a local online habit, so the
# per-unit footnote reads like real figures rather than a step of 137.
DOSSIERS_RECEIVED = 18236
DOSSIERS_ONLINE = 4228
ONLINE_HABIT = [1.25, 0.85, 1.0, 1.1, 0.8, 0.95, 1.15, 0.9]


def apportion(total, weights):
    """Whole shares of `total` in proportion to `weights` that add up to it exactly (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda k: (raw[k] - shares[k], -k), reverse=True)
    for k in by_remainder[: total - sum(shares)]:
        shares[k] += 1
    return shares


# Read by reform/demo.py, which seeds the CCHC-DV values (the form is the reform app's).
RECEIVED = apportion(DOSSIERS_RECEIVED, VOTERS)
ONLINE = apportion(DOSSIERS_ONLINE, [r * h for r, h in zip(RECEIVED, ONLINE_HABIT)])


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
        }
    data["SNV"] = {
        "CQDP": {("DB_TRUNG_CU", "quoc-hoi"): 6, ("DB_TRUNG_CU", "tinh"): 50, ("CHUC_DANH_BAU_BO_SUNG", None): 1},
        "HOI-QUY": {("HOI_THANH_LAP", None): 1, ("HOI_DAI_HOI", None): 3},
        "TTRA-DON": {("DON_NHAN", None): 10, ("DON_CHUYEN", None): 2, ("DON_LUU", None): 8, ("DON_GIAI_QUYET", None): 0,
                     ("TTRA_CUOC", None): 1},
    }
    return data


def _create_submission(data_set, unit, period, values, *, status, submitted_at, submitted_by=None, reviewer=None,
                       reviewed_at=None, elements, options, note=""):
    submission = Submission.objects.create(
        data_set=data_set, unit=unit, period=period, status=status, version=1,
        first_submitted_at=submitted_at, submitted_at=submitted_at, submitted_by=submitted_by,
        reviewed_at=reviewed_at, reviewed_by=reviewer,
    )
    DataValue.objects.bulk_create(
        DataValue(submission=submission, element=elements[e], option=options.get(o) if o else None, numeric_value=v,
                  updated_by=submitted_by)
        for (e, o), v in values.items()
    )
    DataValueChange.objects.bulk_create(
        DataValueChange(submission=submission, element=elements[e], option=options.get(o) if o else None,
                        new_value=str(v), version=1, user=submitted_by, source="demo")
        for (e, o), v in values.items()
    )
    events = [SubmissionEvent(submission=submission, action=SubmissionEvent.Action.SUBMIT, user=submitted_by, note=note)]
    if status == Status.APPROVED:
        events.append(SubmissionEvent(submission=submission, action=SubmissionEvent.Action.APPROVE, user=reviewer))
    SubmissionEvent.objects.bulk_create(events)
    return submission


def _seed_2021_h1(data_sets, elements, options):
    period = Period.objects.get(code="2021-H1")
    if Submission.objects.filter(period=period).exists():
        return 0
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(_values_2021_h1()))}
    reviewer = get_user_model().objects.filter(username="cv.tcbc").first()
    submitted = timezone.make_aware(datetime.datetime(2021, 6, 10, 9, 0))
    approved = timezone.make_aware(datetime.datetime(2021, 6, 12, 15, 0))
    count = 0
    for unit_code, forms in _values_2021_h1().items():
        for ds_code, values in forms.items():
            _create_submission(data_sets[ds_code], units[unit_code], period, values, status=Status.APPROVED,
                               submitted_at=submitted, reviewer=reviewer, reviewed_at=approved,
                               elements=elements, options=options)
            count += 1
    return count


VTLT = {"LT_NOP_LUU_MET": 12, "LT_CHINH_LY_MET": 35, "LT_TON_DONG_MET": 8, "LT_HUY_MET": 2,
        "LT_SO_HOA_TRANG": 14500, "LT_KHAI_THAC_LUOT": 96}


def open_work():
    """What the demo logins find to do today (README «Demo logins»), as
    [(data set, unit, period offset, submitter username or None)]: offset 0 is the current
    six-month period, -1 the one before. Forms not listed stay drafts for their units to fill:
    CCHC-DV of SYT (cb.soyte), X-HOALUU (cb.hoaluu) and P-VITHANH (cb.vithanh); the Sở's own
    CQDP, HOI-QUY and TTRA-DON of the current period (cv.xdcq, cv.tcbc, cv.thanhtra)."""
    return [
        ("VTLT-DV", "SYT", 0, "cb.soyte"),         # waits for cv.cchc
        ("CQDP", "SNV", -1, None),                 # waits for cv.xdcq
        ("HOI-QUY", "SNV", -1, None),              # waits for cv.tcbc
        ("TTRA-DON", "SNV", -1, None),             # waits for cv.thanhtra
    ]


def _seed_open_work(data_sets, elements, options, today=None):
    """Forms waiting in every reviewer's queue in the open period; idempotent (an existing form
    of that unit and period is left as the demo user made it)."""
    today = today or timezone.localdate()
    periods = list(Period.objects.filter(type=PeriodType.SIX_MONTH, start__lte=today).order_by("-start")[:2])
    if len(periods) < 2:
        return 0
    snv_values = _values_2021_h1()["SNV"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[w[3] for w in open_work() if w[3]])}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[w[1] for w in open_work()])}
    count = 0
    for ds_code, unit_code, offset, username in open_work():
        period, unit = periods[abs(offset)], units.get(unit_code)
        if unit is None or Submission.objects.filter(data_set=data_sets[ds_code], unit=unit, period=period).exists():
            continue
        if ds_code == "VTLT-DV":
            values = {(code, None): value for code, value in VTLT.items()}
        else:
            values = snv_values[ds_code]
        submitted_at = timezone.make_aware(datetime.datetime.combine(min(today, period.end), datetime.time(9, 0)))
        _create_submission(data_sets[ds_code], unit, period, values, status=Status.SUBMITTED, submitted_at=submitted_at,
                           submitted_by=users.get(username), elements=elements, options=options,
                           note="" if username else "Dữ liệu mẫu")
        count += 1
    return count


@transaction.atomic
def seed(until_year=None):
    data_sets = {d.code: d for d in catalogue.load_catalogue("SNV")}
    elements = {e.code: e for e in DataElement.objects.all()}
    options = {o.code: o for o in CategoryOption.objects.all()}
    return {
        "data_sets": len(data_sets),
        "submissions": _seed_2021_h1(data_sets, elements, options),
        "waiting": _seed_open_work(data_sets, elements, options),
    }
