"""Reads of the unit CCHC submission (biểu CCHC-DV) for the reports: a unit's own form (whatever its
status: the unit's own report is drafted before the Sở approves it) and the rates (on-time,
online share, …) computed in the database, over one unit or a subtree.

The percentages are SQL: one conditional aggregate per figure and the ratio in the same query, so
the dashboard, the reports and any export read the same rounded-by-nobody number; the report
writes it the Vietnamese way through `core.formatting.percent` («99,7%»).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, FloatField, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from collection.models import DataValue, Status, Submission
from core import formatting
from core.models import OrgUnit, Period, PeriodType
from reform.catalogue import AS_OF_END, AS_OF_START

DATA_SET = "CCHC-DV"
APPROVED = (Status.APPROVED,)
ANY_STATUS = tuple(Status.values)

# name: (numerator element codes, denominator element codes) — a percentage of totals (no options).
RATES = {
    "dung_han": (("HS_SOM_HAN", "HS_DUNG_HAN"), ("HS_DA_GIAI_QUYET",)),
    "truc_tuyen": (("HS_TRUC_TUYEN",), ("HS_TIEP_NHAN",)),
    "nhiem_vu": (("CD_NHIEM_VU_XONG",), ("CD_NHIEM_VU",)),
    "tu_chu": (("TCC_DVSN_TU_CHU",), ("TCC_DVSN_TONG",)),
    "giai_ngan": (("TCC_VON_GIAI_NGAN",), ("TCC_VON_GIAO",)),
    "thanh_toan": (("TT_TRUC_TUYEN",), ("HS_TRUC_TUYEN",)),
}
_NUMBER = DecimalField(max_digits=30, decimal_places=6)


def _total(codes):
    return Coalesce(
        Sum(Case(When(element__code__in=codes, then="numeric_value"), default=None, output_field=_NUMBER)),
        Value(Decimal(0)), output_field=_NUMBER,
    )


def _rate(numerator, denominator):
    """numerator × 100 / denominator in SQL; NULL when the denominator is zero or missing. In floating
    point (SQLite would divide whole numbers as integers), rounded to six places on the way out."""
    return ExpressionWrapper(
        Cast(_total(numerator), FloatField()) * Value(100.0) / NullIf(Cast(_total(denominator), FloatField()), Value(0.0)),
        output_field=FloatField(),
    )


def _decimal(value):
    return None if value is None else Decimal(str(round(value, 6)))


def form_periods(period):
    """The periods whose CCHC-DV forms make up `period`: itself, or for a year (annual report) the
    two six-month forms of that year (the form is six-monthly; a year is their sum)."""
    if period.type == PeriodType.ANNUAL:
        return list(Period.objects.filter(type=PeriodType.SIX_MONTH, year=period.year).order_by("number"))
    return [period]


def _values(periods, units, statuses):
    return DataValue.objects.filter(
        submission__data_set__code=DATA_SET, submission__period__in=periods, submission__unit__in=units,
        submission__status__in=statuses, option__isnull=True, numeric_value__isnull=False,
    )


def rates(period, units, statuses=APPROVED, names=None):
    """{name: Decimal percentage or None} of RATES over `units` (a queryset or list): one query
    (two for a year, whose «tính đến» ratios are its second half's)."""
    wanted = {n: RATES[n] for n in (names or RATES)}
    periods = form_periods(period)
    groups = [(periods, {n: r for n, r in wanted.items() if not set(r[0] + r[1]) & AS_OF_END}),
              (periods[-1:], {n: r for n, r in wanted.items() if set(r[0] + r[1]) & AS_OF_END})]
    out = {}
    for part, group in groups:
        if group and part:
            row = _values(part, units, statuses).aggregate(**{n: _rate(num, den) for n, (num, den) in group.items()})
            out.update({n: _decimal(v) for n, v in row.items()})
    return {n: out.get(n) for n in wanted}


def subtree_rates(period, root, statuses=APPROVED, names=None):
    """`rates` over `root`'s subtree as it stood during the period (the province's figures)."""
    return rates(period, OrgUnit.objects.descendants_of(root, during=(period.start, period.end)), statuses, names)


def rates_by_unit(period, root, statuses=APPROVED, names=None):
    """[(unit id, {name: Decimal or None})] per unit under `root`, one query (the dashboard's rows)."""
    wanted = {n: RATES[n] for n in (names or RATES)}
    units = OrgUnit.objects.descendants_of(root, during=(period.start, period.end))
    rows = (_values(form_periods(period), units, statuses).values("submission__unit")
            .annotate(**{n: _rate(num, den) for n, (num, den) in wanted.items()}).order_by("submission__unit"))
    return [(r["submission__unit"], {n: _decimal(r[n]) for n in wanted}) for r in rows]


def percent_text(value):
    """«99,7%» (None stays None): the one way a rate is written."""
    return None if value is None else formatting.percent(value)


@dataclass
class OwnForm:
    """A unit's own CCHC-DV of a period: its values and where it stands (None: not started)."""

    submission: object = None
    values: dict = field(default_factory=dict)  # {(element code, option code or None): Decimal}
    rates: dict = field(default_factory=dict)

    @property
    def status(self):
        return self.submission.status if self.submission else None

    def total(self, code):
        """The typed total, or the sum of its options for an element split by level."""
        if (code, None) in self.values:
            return self.values[(code, None)]
        parts = [v for (c, o), v in self.values.items() if c == code and o is not None]
        return sum(parts) if parts else None


# The least advanced status speaks for a year made of two forms (approved only when both are).
STATUS_ORDER = [Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.APPROVED]


def combine(parts):
    """One period's values from its forms' values in date order ([{(code, option): value}]): figures
    «trong kỳ» add up, those «tính đến» the end take the last form's, «đầu kỳ» the first form's."""
    if len(parts) == 1:
        return dict(parts[0])
    out = {}
    for i, part in enumerate(parts):
        for (code, option), value in part.items():
            if code in AS_OF_START:
                if i == 0:
                    out[(code, option)] = value
            elif code in AS_OF_END:
                out[(code, option)] = value
            else:
                out[(code, option)] = out.get((code, option), 0) + value
    return out


def subtree_values(period, root, statuses=APPROVED):
    """{(code, option): value} of the approved forms under `root` for a year (its halves combined)."""
    from collection.selectors import aggregate

    return combine([aggregate(DATA_SET, p, root, statuses) for p in form_periods(period)])


def own_form(unit, period):
    """The unit's CCHC-DV of `period` in any status, with its rates; for a year, its two six-month
    forms combined (`combine`) and the less advanced one's status."""
    submissions = list(Submission.objects.filter(data_set__code=DATA_SET, unit=unit, period__in=form_periods(period))
                       .select_related("period").order_by("period__start"))
    if not submissions:
        return OwnForm()
    parts = {s.pk: {} for s in submissions}
    for submission_id, code, option, value in (
            DataValue.objects.filter(submission__in=submissions, numeric_value__isnull=False)
            .values_list("submission_id", "element__code", "option__code", "numeric_value")):
        parts[submission_id][(code, option)] = value
    # The less advanced form speaks; of two approved, the later approval (its date is the year's).
    submission = min(submissions, key=lambda s: (STATUS_ORDER.index(s.status),
                                                 -(s.reviewed_at.timestamp() if s.reviewed_at else 0)))
    return OwnForm(submission=submission, values=combine(list(parts.values())),
                   rates=rates(period, [unit.pk], ANY_STATUS))
