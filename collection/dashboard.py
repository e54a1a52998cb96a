"""Panels of the first page (core.dashboard): submission completeness of the open periods by level
(leaders), the forms a unit still has to send (officers, and staff for the Sở's own forms), and
the review queue (reviewers).

A form counts as sent only when submitted or approved: a returned form is back with its unit, so
a level is never «đã gửi đủ» while one of its forms is returned. Queries: a few per (form, open
period), none per unit.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from collection import selectors
from collection.models import DataSet, Status, Submission
from core import dashboard
from core.access import READ, WRITE, scope_for
from core.dashboard import Figure, PanelData, Row
from core.models import OrgUnit, OrgUnitKind, Period

ROWS_SHOWN = 10
LATE_NAMED = 3  # late units named on a card row; the export names them all

# Levels as the Sở speaks of them (the chart's bars, in this order).
LEVELS = {
    OrgUnitKind.DEPARTMENT: "Sở, ban, ngành",
    OrgUnitKind.DISTRICT: "Cấp huyện",
    OrgUnitKind.COMMUNE: "Cấp xã",
    OrgUnitKind.HOME_AFFAIRS: "Sở Nội vụ",
    OrgUnitKind.OFFICE: "Phòng thuộc Sở",
    OrgUnitKind.PUBLIC_SERVICE: "Đơn vị sự nghiệp",
    OrgUnitKind.PROVINCE: "Cấp tỉnh",
}


def _level(kind):
    return LEVELS.get(kind, OrgUnitKind(kind).label if kind in OrgUnitKind.values else kind)


def _completeness_url(data_set, period):
    return reverse("collection:completeness") + f"?bieu-mau={data_set.code}&ky={period.code}"


def _period_counts(period, units, data_sets):
    """{data_set_id: {kind: [expected, sent]}} for the forms of one period, over `units` (the
    reach, active during the period), in four queries whatever the number of forms and units.

    A form's expected units are those of its reporting kinds plus the ones it names
    (`DataSet.expected_units`); «sent» is submitted or approved."""
    by_kind = dict(units.order_by().values_list("kind").annotate(n=Count("pk")))
    sent_by_kind = {}
    for ds_id, kind, n in (Submission.objects.filter(period=period, data_set__in=[d.pk for d in data_sets],
                                                     status__in=selectors.ALL_SUBMITTED, unit__in=units)
                           .order_by().values_list("data_set", "unit__kind").annotate(n=Count("pk"))):
        sent_by_kind[(ds_id, kind)] = n
    named = defaultdict(list)  # data_set_id -> [(unit_id, kind)] named units within reach
    Named = DataSet.units.through
    for ds_id, unit_id, kind in (Named.objects.filter(dataset__in=[d.pk for d in data_sets], orgunit__in=units)
                                 .values_list("dataset_id", "orgunit_id", "orgunit__kind")):
        named[ds_id].append((unit_id, kind))
    extra = [(ds_id, unit_id) for ds_id, items in named.items() for unit_id, _k in items]
    named_sent = set()
    if extra:
        named_sent = set(Submission.objects.filter(period=period, status__in=selectors.ALL_SUBMITTED,
                                                   unit__in=[u for _d, u in extra], data_set__in={d for d, _u in extra})
                         .values_list("data_set_id", "unit_id"))
    result = {}
    for ds in data_sets:
        kinds = set(ds.reporting_kinds or [])
        levels = {k: [by_kind[k], sent_by_kind.get((ds.pk, k), 0)] for k in kinds if by_kind.get(k)}
        for unit_id, kind in named[ds.pk]:
            if kind in kinds:
                continue  # already counted with its kind
            level = levels.setdefault(kind, [0, 0])
            level[0] += 1
            level[1] += (ds.pk, unit_id) in named_sent
        result[ds.pk] = levels
    return result


def open_completeness(user, today):
    """[{data_set, period, deadline, late (deadline passed), levels: {kind: [expected, sent]},
    late_units: [(name, kind, status label)]}] for the active forms and their open periods, over
    the units the user reads during each period."""
    scope = scope_for(user)
    data_sets = list(DataSet.objects.filter(is_active=True).order_by("sort_order", "code"))
    periods = {}
    for period in Period.objects.filter(
            type__in={d.period_type for d in data_sets}, start__lte=today,
            deadline__gte=today - datetime.timedelta(days=30)).order_by("start"):
        periods.setdefault(period.type, []).append(period)
    labels = dict(Status.choices)
    result = []
    for period_list in periods.values():
        for period in period_list:
            forms = [d for d in data_sets if d.period_type == period.type]
            units = OrgUnit.objects.active_during(period.start, period.end).filter(
                pk__in=scope.units(READ, during=period).values("pk"))
            counts = _period_counts(period, units, forms)
            for data_set in forms:
                levels = counts[data_set.pk]
                if not levels:
                    continue
                deadline = data_set.deadline_for(period)
                late = deadline < today
                late_units = []
                if late and any(n > done for n, done in levels.values()):
                    own = Submission.objects.filter(unit=OuterRef("pk"), data_set=data_set, period=period)
                    expected = data_set.expected_units(period).filter(pk__in=units.values("pk"))
                    # NOT IN (the units that sent), planned as one hashed set; NOT EXISTS was planned
                    # right after a bulk load as an anti join re-reading every form sent per unit
                    # (40 million rows, 20 s per form at 10.000 units).
                    sent = Submission.objects.filter(data_set=data_set, period=period,
                                                     status__in=selectors.ALL_SUBMITTED).values("unit_id")
                    late_units = [
                        (name, kind, labels.get(status, "Chưa nhập"))
                        for name, kind, status in expected.exclude(pk__in=sent)
                        .annotate(status=Subquery(own.values("status")[:1]))
                        .order_by("sort_order", "name").values_list("name", "kind", "status")
                    ]
                result.append({"data_set": data_set, "period": period, "deadline": deadline, "late": late,
                               "levels": levels, "late_units": late_units})
    order = {d.pk: i for i, d in enumerate(data_sets)}
    result.sort(key=lambda item: (order[item["data_set"].pk], item["period"].start))
    return result


@dashboard.panel("tien-do-gui-bao-cao", "Tiến độ gửi báo cáo của các đơn vị", order=30,
                 audience=dashboard.leaders, icon="bi-send-check")
def completeness_panel(user, today):
    items = open_completeness(user, today)
    if not items:
        return PanelData(empty="Không có kỳ báo cáo nào đang mở.", link=reverse("collection:completeness"),
                         link_label="Xem tiến độ")
    by_level = {}
    for item in items:
        for kind, (n, done) in item["levels"].items():
            total = by_level.setdefault(kind, [0, 0])
            total[0] += n
            total[1] += done
    order = list(LEVELS)
    kinds = sorted(by_level, key=lambda k: order.index(k) if k in order else len(order))
    expected = sum(v[0] for v in by_level.values())
    sent = sum(v[1] for v in by_level.values())
    late_count = sum(len(i["late_units"]) for i in items)
    rows, export_rows = [], []
    for item in items:
        n = sum(v[0] for v in item["levels"].values())
        done = sum(v[1] for v in item["levels"].values())
        names = [u[0] for u in item["late_units"]]
        shown = ", ".join(names[:LATE_NAMED]) + (f" và {len(names) - LATE_NAMED} đơn vị khác" if len(names) > LATE_NAMED else "")
        if item["late"]:
            state = shown or "Đã gửi đủ"
        else:
            state = "Đã gửi đủ" if done == n else f"Chưa đến hạn (còn {n - done} đơn vị chưa gửi)"
        rows.append(Row([item["data_set"].name, item["period"].display_label, item["deadline"], done, n, state],
                        link=_completeness_url(item["data_set"], item["period"]), tone="danger" if names else ""))
        for kind in sorted(item["levels"], key=lambda k: order.index(k) if k in order else len(order)):
            k_n, k_done = item["levels"][kind]
            late_here = [u for u in item["late_units"] if u[1] == kind]
            export_rows.append([item["data_set"].code, item["data_set"].name, item["period"].display_label, item["deadline"],
                                _level(kind), k_n, k_done, k_n - k_done,
                                "; ".join(f"{name} ({status})" for name, _k, status in late_here)])
    return PanelData(
        figures=[
            Figure("Báo cáo phải gửi", expected, "báo cáo"),
            Figure("Đã gửi", sent, "báo cáo", tone="success" if sent == expected else ""),
            Figure("Đơn vị quá hạn chưa gửi", late_count, "lượt", tone="danger" if late_count else ""),
        ],
        chart=dashboard.chart("bar", [_level(k) for k in kinds],
                              [("Đã gửi", [by_level[k][1] for k in kinds]),
                               ("Chưa gửi", [by_level[k][0] - by_level[k][1] for k in kinds])], stacked=True),
        columns=["Biểu mẫu", "Kỳ", "Hạn gửi", "Đã gửi", "Phải gửi", "Đơn vị quá hạn chưa gửi"],
        rows=rows[:ROWS_SHOWN], more=max(0, len(rows) - ROWS_SHOWN),
        export_columns=["Mã biểu mẫu", "Biểu mẫu", "Kỳ", "Hạn gửi", "Cấp", "Phải gửi", "Đã gửi", "Chưa gửi",
                        "Đơn vị quá hạn chưa gửi (tình trạng)"],
        export_rows=export_rows,
        link=reverse("collection:completeness"), link_label="Xem tiến độ chi tiết",
    )


def _writes(scope):
    # Reporters only: an admin's «forms to send» would be the whole province.
    return bool(scope.roots(WRITE))


@dashboard.panel("bieu-mau-can-gui", "Biểu mẫu đơn vị cần gửi", order=15, audience=_writes,
                 icon="bi-journal-text")
def pending_panel(user, today):
    pending = selectors.pending_forms(user, today)
    overdue = [p for p in pending if p.deadline < today]
    returned = [p for p in pending if p.status == Status.RETURNED]
    rows = []
    for p in pending:
        late = (today - p.deadline).days
        due = f"Quá hạn {late} ngày" if late > 0 else ("Hôm nay" if late == 0 else f"Còn {-late} ngày")
        rows.append(Row([p.data_set.name, p.unit.short_name or p.unit.name, p.period.display_label, p.deadline, due,
                         p.status_label], link=reverse("collection:entry", args=[p.data_set.code, p.unit.code, p.period.code]),
                        tone="danger" if late > 0 else ""))
    by_status = {}
    for p in pending:
        by_status[p.status_label] = by_status.get(p.status_label, 0) + 1
    return PanelData(
        figures=[
            Figure("Biểu mẫu cần gửi", len(pending), "biểu mẫu", tone="warning" if pending else ""),
            Figure("Quá hạn", len(overdue), "biểu mẫu", tone="danger" if overdue else ""),
            Figure("Bị trả lại", len(returned), "biểu mẫu", tone="danger" if returned else ""),
        ],
        chart=dashboard.chart("doughnut", list(by_status), [("Số biểu mẫu", list(by_status.values()))]) if pending else None,
        alerts=[Row([f"{p.data_set.name} — {p.unit.short_name or p.unit.name} — {p.period.display_label}", p.return_reason],
                    link=reverse("collection:entry", args=[p.data_set.code, p.unit.code, p.period.code]))
                for p in returned],
        alerts_title="Bị trả lại, cần sửa và gửi lại", alerts_testid="returned-forms",
        columns=["Biểu mẫu", "Đơn vị", "Kỳ", "Hạn gửi", "Thời hạn", "Tình trạng"],
        rows=rows[:ROWS_SHOWN], more=max(0, len(rows) - ROWS_SHOWN), export_rows=rows,
        link=reverse("collection:my_forms"), link_label="Xem biểu mẫu của đơn vị",
        empty="Đơn vị đã gửi đủ các biểu mẫu của các kỳ đang mở.",
    )


@dashboard.panel("xet-duyet", "Báo cáo chờ xét duyệt", order=25, audience=dashboard.reviewers,
                 icon="bi-clipboard-check")
def review_panel(user, today):
    # The card counts in SQL and lists the oldest few; the export lists them all (a province's
    # queue can hold thousands of forms).
    queue = selectors.review_queue(user)
    week_ago = timezone.now() - datetime.timedelta(days=7)

    def rows(qs):
        return [
            Row([s.data_set.name, s.unit.short_name or s.unit.name, s.period.display_label,
                 timezone.localtime(s.submitted_at).date() if s.submitted_at else None],
                link=reverse("collection:entry", args=[s.data_set.code, s.unit.code, s.period.code]))
            for s in qs
        ]

    total, waiting_long, by_form = selectors.review_summary(user, week_ago)
    return PanelData(
        figures=[Figure("Chờ xét duyệt", total, "báo cáo", tone="warning" if total else ""),
                 Figure("Chờ từ 7 ngày trở lên", waiting_long, "báo cáo", tone="danger" if waiting_long else "")],
        chart=dashboard.chart("bar", [c for c, _n in by_form], [("Chờ xét duyệt", [n for _c, n in by_form])])
        if by_form else None,
        columns=["Biểu mẫu", "Đơn vị", "Kỳ", "Ngày gửi"],
        rows=rows(selectors.with_forms(queue[:ROWS_SHOWN])) if total else [], more=max(0, total - ROWS_SHOWN),
        export_rows=lambda: rows(queue),
        link=reverse("collection:review_queue"), link_label="Mở danh sách xét duyệt",
        empty="Không có báo cáo nào chờ xét duyệt.",
    )
