"""Comparing periods (issue 15 item 5): any figure page can show its period against the same period
of last year, the same way everywhere.

Recipe for a figure page (its view stays thin; the figures come from its own selectors):

    from core import comparison

    def page(request):
        period = ...                                    # what the page shows
        figures = [("Hồ sơ tiếp nhận", now.received, "hồ sơ"), ...]
        compared = comparison.for_request(request, period, figures,
                                          before=lambda p: [b.received, ...])  # read only when asked
        return render(request, "...", {..., "comparison": compared})

    {% include "includes/comparison.html" %}           # the toggle, and the table when it is on

`before(previous)` is called only with the toggle on (`?so-sanh=1`) and a previous period on record,
so a page pays for last year's queries only when someone asks. A page with a date window instead of
a Period passes `window=(start, end)`; last year's window is the same dates a year earlier.
"""

import datetime
from dataclasses import dataclass, field

from core import formatting

PARAM = "so-sanh"


def wanted(request):
    return request.GET.get(PARAM) == "1"


def same_period_last_year(period):
    """The period of the same type and number a year earlier (None if not on record)."""
    from core.models import Period

    if period is None or not getattr(period, "pk", None):
        return None
    return Period.objects.filter(type=period.type, number=period.number, year=period.year - 1).first()


def year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/2
        return day.replace(year=day.year - 1, day=28)


def window_last_year(start, end):
    return year_earlier(start), year_earlier(end)


def difference(value, previous):
    """`value − previous`, or None when either is missing or they do not subtract (the one rule for
    «this period against last year», also the first page's figures, core.dashboard)."""
    if value is None or previous is None:
        return None
    try:
        return value - previous
    except TypeError:
        return None


def change_text(change, unit="", pad=None):
    """«tăng 12 hồ sơ», «giảm 1,5%», «không thay đổi»; "" without last year's figure (None): the one
    wording of a change on every page, the first page's figures too."""
    return "" if change is None else formatting.delta(change, unit, pad=pad)


@dataclass
class Line:
    label: str
    value: object
    previous: object
    unit: str = ""

    @property
    def change(self):
        return difference(self.value, self.previous)

    @property
    def change_text(self):
        return change_text(self.change, self.unit)

    @property
    def tone(self):
        change = self.change
        return "" if not change else ("up" if change > 0 else "down")


@dataclass
class Comparison:
    on: bool
    label: str = ""            # «6 tháng đầu năm 2021»
    previous_label: str = ""   # «6 tháng đầu năm 2020»
    lines: list = field(default_factory=list)
    toggle_url: str = ""       # the same page with the toggle flipped, other filters kept
    missing: str = ""          # why there is nothing to compare with (a Vietnamese sentence)


def _toggle_url(request, on):
    query = request.GET.copy()
    query.pop(PARAM, None)
    if not on:
        query[PARAM] = "1"
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


_UNSET = object()


def for_request(request, period, figures, before, *, window=None, previous=_UNSET, label="", previous_label=""):
    """The page's Comparison. `figures`: [(label, value, unit)] of this period; `before(previous)`
    → [value] in the same order, for the previous period (or the window a year earlier, a
    (start, end) tuple, when `window` is given). A page whose figures belong to something else
    than a Period (a year's plan) passes `previous` (a callable giving last year's, or None) with
    both labels."""
    on = wanted(request)
    out = Comparison(on=on, toggle_url=_toggle_url(request, on))
    if not on:
        return out
    if previous is not _UNSET:
        previous = previous() if callable(previous) else previous
        out.label, out.previous_label = label, previous_label
        if previous is None:
            out.missing = f"Không có số liệu {previous_label} để so sánh."
            return out
    elif window is not None:
        previous = window_last_year(*window)
        out.label = label or f"{formatting.short_date(window[0])} – {formatting.short_date(window[1])}"
        out.previous_label = previous_label or (f"{formatting.short_date(previous[0])} – "
                                                f"{formatting.short_date(previous[1])}")
    else:
        previous = same_period_last_year(period)
        out.label = label or getattr(period, "label", "")
        if previous is None:
            out.missing = "Chưa có số liệu cùng kỳ năm trước để so sánh."
            return out
        out.previous_label = previous_label or previous.label
    values = list(before(previous))
    out.lines = [Line(name, value, values[i] if i < len(values) else None, unit)
                 for i, (name, value, unit) in enumerate(figures)]
    if not any(line.previous is not None for line in out.lines):
        out.missing = f"Không có số liệu {out.previous_label} để so sánh."
    return out
