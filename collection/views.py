"""Pages of the collection core: my forms, the data-entry form, value history, review queue,
completeness, the dashboard panel and notifications.

Views are thin: `core.access.scope_for` and `services.can_enter` / `can_review` decide access
(a unit out of the user's scope answers 404, like a missing one), `collection.services` writes,
`collection.selectors` reads.
"""

import base64
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from collection import selectors, services
from collection import rules as rules_text
from collection.forms import SUBMIT, CompletenessForm, EntryForm, ReturnForm, UploadForm
from collection.models import DataElement, DataSet, DataValue, DataValueChange, Status, Submission
from core import formatting, text
from core import notifications as notices
from core.selectors import full_name
from core.access import APPROVE, READ, WRITE, scope_for
from core.models import Notification, OrgUnit, OrgUnitAncestry, Period, PeriodType, Role

RECENT_LIMIT = 20
PENDING_LIMIT = 300  # an admin's scope is the whole province: the page lists the soonest, the grid the rest
HISTORY_PER_PAGE = 50
REVIEW_PER_PAGE = 50
FEEDBACK_SESSION_KEY = "collection-excel-feedback-{}"

STATUS_STYLE = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.RETURNED: "danger",
    Status.APPROVED: "success",
}
SOURCE_LABELS = {"web": "Nhập trên Cổng", "excel": "Tải lên tệp Excel", "api": "Kết nối API", "lệnh": "Lệnh quản trị"}


def _excel():
    """The Excel round trip, when the module is installed (it is optional for the pages)."""
    try:
        from collection import excel
    except ImportError:  # pragma: no cover - only while the module is being written
        return None
    return excel


# ---------------------------------------------------------------------------------------------
# One form = (data set, unit, period): resolve it and decide what the user may do
# ---------------------------------------------------------------------------------------------


@dataclass
class FormAccess:
    scope: object
    data_set: DataSet
    unit: OrgUnit
    period: Period
    submission: Submission  # unsaved when nobody has opened the form for entry yet
    can_enter: bool
    can_review: bool

    @property
    def args(self):
        return [self.data_set.code, self.unit.code, self.period.code]

    @property
    def url(self):
        return reverse("collection:entry", args=self.args)

    def saved_submission(self):
        """The submission row, created as an empty draft on first write."""
        if self.submission.pk is None:
            self.submission = services.get_submission(self.data_set, self.unit, self.period)
        return self.submission


def resolve_form(request, data_set, unit, period):
    """The form named in the URL, or 404 when it does not exist or the unit is out of scope."""
    scope = scope_for(request.user)
    # A form once opened has its row: the row, its form, unit and period in one query (four before).
    # Not its sender and reviewer: the two joined users made this lookup 9 ms instead of 3,6
    # (PostgreSQL's planning 2,3 → 0,7 ms, the rest Django compiling the joins); a page that shows
    # one reads it by key (0,7 ms), and most forms have none.
    submission = (
        Submission.objects.filter(data_set__code=data_set, unit__code=unit, period__code=period)
        .select_related("data_set", "unit", "period")
        .first()
    )
    if submission is not None:
        unit_obj, data_set_obj, period_obj = submission.unit, submission.data_set, submission.period
    else:
        unit_obj = OrgUnit.objects.filter(code=unit).first()
        data_set_obj = DataSet.objects.filter(code=data_set).first()
        period_obj = Period.objects.filter(code=period).first()
    # The unit must have been in reach during the period (a moved commune's later forms are not).
    # Read, enter and review are asked of the unit in one query (services.can_enter's and
    # can_review's reach rules), not one each.
    rights = scope.allowed(unit_obj, (READ, WRITE, APPROVE), during=period_obj) if period_obj else set()
    if unit_obj is None or period_obj is None or READ not in rights:
        raise Http404("Không tìm thấy biểu mẫu.")
    if data_set_obj is None:
        raise Http404("Không tìm thấy biểu mẫu.")
    if submission is None:
        # Only the forms a unit must report exist: right period type, unit expected in that period.
        if data_set_obj.period_type != period_obj.type or not data_set_obj.expected_units(period_obj).filter(pk=unit_obj.pk).exists():
            raise Http404("Đơn vị không phải báo cáo biểu mẫu này trong kỳ này.")
        submission = Submission(data_set=data_set_obj, unit=unit_obj, period=period_obj)
    return FormAccess(
        scope=scope,
        data_set=data_set_obj,
        unit=unit_obj,
        period=period_obj,
        submission=submission,
        can_enter=WRITE in rights,  # services.can_enter: scope.can_write(unit, during=period)
        can_review=services.can_review(request.user, data_set_obj, unit_obj, period_obj, approves=APPROVE in rights),
    )


# ---------------------------------------------------------------------------------------------
# "Số liệu của đơn vị": the forms the user fills
# ---------------------------------------------------------------------------------------------


@dataclass
class FormItem:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    deadline: object
    status: str
    status_label: str
    pending: bool
    return_reason: str = ""
    submitted_at: object = None
    locked: bool = False

    @property
    def url(self):
        return reverse("collection:entry", args=[self.data_set.code, self.unit.code, self.period.code])

    @property
    def style(self):
        return STATUS_STYLE.get(self.status, "secondary")

    @property
    def overdue(self):
        return self.pending and self.deadline < timezone.localdate()

    @property
    def days_left(self):
        return (self.deadline - timezone.localdate()).days

    @property
    def overdue_days(self):
        return -self.days_left


PERIODS_PER_PAGE = 24


def _year(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _period_filter(request, today):
    """The periods the user can reach (entry open or past), filtered by «nam» and «loai»."""
    periods = selectors.reachable_periods(today)
    year, kind = _year(request.GET.get("nam")), request.GET.get("loai") or ""
    kinds = [(value, label) for value, label in PeriodType.choices if any(p.type == value for p in periods)]
    chosen = [p for p in periods if (year is None or p.year == year) and (not kind or p.type == kind)]
    page = Paginator(chosen, PERIODS_PER_PAGE).get_page(request.GET.get("trang"))
    return {
        "years": sorted({p.year for p in periods}, reverse=True), "kinds": kinds, "year": year, "kind": kind,
        "period_page": page, "filtered": year is not None or bool(kind),
    }


@login_required
def my_forms(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    context = _period_filter(request, today)
    code = request.GET.get("ky")
    if code:  # one period, every form of it the user's units answer for, open or locked
        period = get_object_or_404(Period, code=code, start__lte=today)
        items = [FormItem(f.data_set, f.unit, f.period, f.deadline, f.status, f.status_label, f.open,
                          f.return_reason, f.submitted_at, f.locked)
                 for f in selectors.period_forms(request.user, period, today)]
        return render(request, "collection/my_forms.html", {
            **context, "period": period, "groups": [(period, items)] if items else [],
            "can_enter_any": bool(scope.is_admin or scope.roots(WRITE)),
        })
    pending = selectors.pending_forms(request.user)
    items = [
        FormItem(p.data_set, p.unit, p.period, p.deadline, p.status, p.status_label, True, p.return_reason)
        for p in pending[:PENDING_LIMIT]
    ]
    # The latest sent forms' ids, then their rows: joined into the scope-filtered query, the three
    # tables made it 14–15 ms instead of 8–12 (selectors.with_forms).
    recent = selectors.with_forms(
        selectors.reached_forms(scope, Submission.objects.filter(status__in=selectors.ALL_SUBMITTED), WRITE)
        .order_by("-submitted_at", "-id")[:RECENT_LIMIT]
    )
    for s in recent:
        items.append(FormItem(s.data_set, s.unit, s.period, s.data_set.deadline_for(s.period), s.status,
                              s.get_status_display(), False, submitted_at=s.submitted_at))
    groups = {}
    for item in items:
        groups.setdefault(item.period.pk, (item.period, []))[1].append(item)
    # Periods with forms still to send first (soonest deadline first), then the others, newest first.
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            0 if any(i.pending for i in g[1]) else 1,
            min(i.deadline for i in g[1]).toordinal() if any(i.pending for i in g[1]) else -g[0].start.toordinal(),
        ),
    )
    for _period, rows in ordered:
        rows.sort(key=lambda i: (not i.pending, i.deadline, i.data_set.sort_order, i.unit.sort_order, i.unit.name))
    return render(request, "collection/my_forms.html", {
        **context,
        "groups": ordered,
        "pending_count": len(pending),
        "pending_hidden": max(0, len(pending) - PENDING_LIMIT),
        "can_enter_any": bool(scope.is_admin or scope.roots(WRITE)),
    })


# ---------------------------------------------------------------------------------------------
# The data-entry form
# ---------------------------------------------------------------------------------------------


def _normalised(element, raw):
    """What the user typed, as the form would store and show it; the raw text when it won't parse."""
    try:
        return services.display_value(element, services.parse_cell(element, raw))
    except ValueError:
        return formatting.nfc(raw or "").strip()


def _merge_conflict(layout, typed, conflict):
    """Put the other editor's changes into the cells the user did not touch; mark the cells both changed.

    Returns how many cells both changed. `typed` is updated in place with the merged values.
    """
    changes = {}
    for change in conflict.changes:  # oldest first
        key = (change.element_id, change.option_id)
        if key in changes:
            changes[key]["new"] = change.new_value
            changes[key]["new_comment"] = change.new_comment
            changes[key]["user"] = change.user
        else:
            changes[key] = {"old": change.old_value, "new": change.new_value, "old_comment": change.old_comment,
                            "new_comment": change.new_comment, "user": change.user}
    both = 0
    for section in layout:
        for row in section.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                change = changes.get((cell.element.pk, cell.option.pk if cell.option else None))
                if change is None:
                    continue
                who = full_name(change["user"]) if change["user"] else "hệ thống"
                value, comment = typed.get(cell.name, (cell.value, cell.comment))
                mine = _normalised(cell.element, value)
                comment_mine = formatting.nfc(comment or "").strip() if comment is not None else change["old_comment"]
                value_untouched = mine == change["old"] or mine == change["new"]
                comment_untouched = comment_mine in (change["old_comment"], change["new_comment"])
                if value_untouched:
                    value = change["new"]
                if comment_untouched:
                    comment = change["new_comment"]
                typed[cell.name] = (value, comment)
                before = change["old"] or "(trống)"
                after = change["new"] or "(trống)"
                if value_untouched and comment_untouched:
                    cell.notice = f"{who} vừa sửa: {before} → {after}. Đã cập nhật vào ô này."
                else:
                    both += 1
                    cell.conflict = f"{who} cũng vừa sửa ô này: {before} → {after}. Ô đang giữ số liệu anh/chị nhập; kiểm tra lại trước khi lưu."
    return both


def _apply_typed(layout, typed, errors=None):
    """Show what the user typed (and each bad cell's reason) instead of the stored values."""
    errors = errors or {}
    for section in layout:
        for row in section.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                if cell.name in typed:
                    value, comment = typed[cell.name]
                    cell.value = value
                    if comment is not None:
                        cell.comment = comment
                reason = errors.get((cell.element.pk, cell.option.pk if cell.option else None))
                if reason:
                    cell.error = reason
                    row.has_error = True


def _feedback_key(submission):
    return FEEDBACK_SESSION_KEY.format(submission.pk)


def render_entry(request, access, *, typed=None, errors=None, conflict=None, version=None, return_form=None,
                 status=200):
    """The data-entry page; `typed`/`errors`/`conflict` re-render a refused save with the user's input."""
    submission = access.submission
    layout = selectors.form_layout(access.data_set)
    if submission.pk:
        # fill_layout and run_rules read `submission.values.all()` and each value's element and
        # option: one query for the values, their elements and options the layout's own objects.
        getattr(submission, "_prefetched_objects_cache", {}).pop("values", None)
        prefetch_related_objects([submission], Prefetch("values", queryset=DataValue.objects.all()))
        selectors.share_layout_objects(layout, submission.values.all())
    layout = selectors.fill_layout(layout, submission)
    lock = services.lock_reason(submission)
    editable = access.can_enter and lock is None
    conflicts = 0
    if typed is not None:
        typed = dict(typed)
        if conflict is not None:
            conflicts = _merge_conflict(layout, typed, conflict)
        _apply_typed(layout, typed, errors)
    rules = services.run_rules(submission) if submission.pk else []
    rule_errors = [r for r in rules if not r.passed and r.is_error]
    rule_warnings = [r for r in rules if not r.passed and not r.is_error]
    rules_text.mark_cells(layout, rules)
    events = list(submission.events.select_related("user")) if submission.pk else []
    excel = _excel()
    feedback = request.session.get(_feedback_key(submission)) if submission.pk else None
    cell_count = sum(1 for s in layout for r in s.rows for c in r.cells if c is not None)
    context = {
        "access": access,
        "data_set": access.data_set,
        "unit": access.unit,
        "period": access.period,
        "submission": submission,
        "status_style": STATUS_STYLE.get(submission.status, "secondary"),
        "deadline": access.data_set.deadline_for(access.period),
        "expiry": access.data_set.expiry_for(access.period),
        "layout": layout,
        "history_url": reverse("collection:history", args=access.args),  # once, not once per row
        "cell_count": cell_count,
        "lock_reason": lock,
        "editable": editable,
        "read_only_by_role": not access.can_enter,
        "version": submission.version if version is None else version,
        "errors": errors or {},
        "conflict": conflict,
        "conflicts": conflicts,
        "rules": rules,
        "rule_errors": rule_errors,
        "rule_warnings": rule_warnings,
        "rules_passed": len(rules) - len(rule_errors) - len(rule_warnings),
        "events": events,
        "can_review_now": access.can_review and submission.status == Status.SUBMITTED
        and not services.is_own_submission(submission, request.user),
        # Four eyes: the reviewer who sent the form sees why there are no buttons.
        "own_submission_waiting": access.can_review and submission.status == Status.SUBMITTED
        and services.is_own_submission(submission, request.user),
        "return_form": return_form or ReturnForm(),
        "excel_enabled": excel is not None,
        "upload_form": UploadForm(),
        "feedback": feedback,
    }
    context["grid"] = mark_safe(render_to_string(  # autoescaped by Jinja  # noqa: S308
        "collection/entry_grid.html", {"layout": layout, "editable": editable, "submission": submission,
                                       "history_url": context["history_url"]}, using="jinja2"))
    return render(request, "collection/entry.html", context, status=status)


@login_required
def entry(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    if request.method == "GET":
        return render_entry(request, access)
    if request.method != "POST":
        return HttpResponse(status=405)
    if not access.can_enter:
        raise PermissionDenied("Anh/chị không có quyền nhập số liệu cho đơn vị này.")
    layout = selectors.form_layout(access.data_set)
    form = EntryForm(layout, request.POST)
    typed = form.typed()
    submission = access.saved_submission()
    try:
        result = services.save_values(submission, request.user, form.entries(), expected_version=form.expected_version)
    except services.InvalidValues as exc:
        messages.error(request, exc.message)
        return render_entry(request, access, typed=typed, errors=exc.errors, version=form.expected_version)
    except services.Conflict as exc:
        submission.refresh_from_db()
        return render_entry(request, access, typed=typed, conflict=exc, version=submission.version)
    except services.Locked as exc:
        messages.error(request, f"Không lưu được: {exc.message}")
        submission.refresh_from_db()
        return render_entry(request, access, typed=typed)
    except services.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    for warning in result.warnings:
        messages.warning(request, warning)
    explanations = {int(k.rsplit("-", 1)[1]): v for k, v in request.POST.items()
                    if k.startswith("giai-trinh-") and k.rsplit("-", 1)[1].isdigit()}
    if explanations:
        try:
            services.save_explanations(submission, request.user, explanations)
        except services.CollectionError as exc:
            messages.error(request, exc.message)
            return redirect(access.url)
    if form.action == SUBMIT:
        try:
            services.submit(submission, request.user)
        except services.PermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except services.CollectionError as exc:
            if result.changed:
                messages.info(request, "Đã lưu nháp số liệu.")
            messages.error(request, exc.message)
            return redirect(access.url)
        messages.success(request, "Đã gửi báo cáo. Sở Nội vụ sẽ xét duyệt và thông báo kết quả.")
    elif result.changed:
        messages.success(request, f"Đã lưu nháp {result.changed} thay đổi.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")
    return redirect(access.url)


@login_required
@require_POST
def approve(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    if not access.can_review or access.submission.pk is None:
        raise PermissionDenied("Chỉ phòng, ban của Sở được giao xét duyệt biểu mẫu này mới được phê duyệt.")
    try:
        services.approve(access.submission, request.user)
    except services.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except services.CollectionError as exc:
        messages.error(request, exc.message)
        return redirect(access.url)
    messages.success(request, f"Đã phê duyệt báo cáo của {access.unit.name}; số liệu đã khóa.")
    return redirect(access.url)


@login_required
@require_POST
def return_form(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    if not access.can_review or access.submission.pk is None:
        raise PermissionDenied("Chỉ phòng, ban của Sở được giao xét duyệt biểu mẫu này mới được trả lại.")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        reason_errors = form.errors.get("reason") or ["vui lòng ghi lý do trả lại."]
        messages.error(request, f"Chưa trả lại: {reason_errors[0]}")
        return render_entry(request, access, return_form=form, status=400)
    try:
        services.return_submission(access.submission, request.user, form.cleaned_data["reason"])
    except services.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except services.CollectionError as exc:
        messages.error(request, exc.message)
        return redirect(access.url)
    messages.success(request, f"Đã trả lại báo cáo cho {access.unit.name} kèm lý do.")
    return redirect(access.url)


# ---------------------------------------------------------------------------------------------
# Excel: download the form, upload it filled
# ---------------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def excel_download(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    excel = _excel()
    if excel is None:
        raise Http404("Chức năng Excel chưa sẵn sàng.")
    submission = access.saved_submission() if access.can_enter else access.submission
    return _attachment(excel.build_workbook(submission), excel.workbook_filename(submission))


@login_required
@require_POST
def excel_upload(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    if not access.can_enter:
        raise PermissionDenied("Anh/chị không có quyền nhập số liệu cho đơn vị này.")
    excel = _excel()
    if excel is None:
        raise Http404("Chức năng Excel chưa sẵn sàng.")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(access.url)
    submission = access.saved_submission()
    request.session.pop(_feedback_key(submission), None)
    try:
        result = excel.read_upload(form.cleaned_data["file"], submission, request.user)
    except services.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except services.CollectionError as exc:
        feedback = getattr(exc, "feedback", None)
        if feedback:
            cells = [str(c) for c in getattr(exc, "cells", [])]
            request.session[_feedback_key(submission)] = {
                "data": base64.b64encode(feedback).decode("ascii"),
                "filename": excel.feedback_filename(submission),
                "message": exc.message,
                "cells": cells[:50],
                "more": max(0, len(cells) - 50),
            }
        else:
            messages.error(request, f"Chưa tải lên được: {exc.message}")
        return redirect(access.url)
    for warning in result.warnings:
        messages.warning(request, warning)
    if result.changed:
        messages.success(request, f"Đã nhận tệp Excel: cập nhật {result.changed} ô số liệu.")
    else:
        messages.info(request, "Đã nhận tệp Excel: số liệu trong tệp giống số liệu trên Cổng, không có thay đổi.")
    return redirect(access.url)


@login_required
@require_GET
def excel_feedback(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    if not access.can_enter or access.submission.pk is None:
        raise Http404("Không có tệp phản hồi.")
    stored = request.session.get(_feedback_key(access.submission))
    if not stored:
        raise Http404("Không có tệp phản hồi.")
    return _attachment(base64.b64decode(stored["data"]), stored["filename"])


# ---------------------------------------------------------------------------------------------
# Value history
# ---------------------------------------------------------------------------------------------


@login_required
def history(request, data_set, unit, period):
    access = resolve_form(request, data_set, unit, period)
    element = None
    code = text.scrub(request.GET.get("chi-tieu") or "").strip()  # a NUL used to reach PostgreSQL: 500
    if code:
        element = DataElement.objects.filter(code=code, placements__section__data_set=access.data_set).first()
        if element is None:
            raise Http404("Không tìm thấy chỉ tiêu trong biểu mẫu này.")
    changes = DataValueChange.objects.none()
    if access.submission.pk:
        changes = DataValueChange.objects.filter(submission=access.submission).select_related("user", "element", "option")
        if element is not None:
            changes = changes.filter(element=element)
    page = Paginator(changes.order_by("-at", "-id"), HISTORY_PER_PAGE).get_page(request.GET.get("trang"))
    for change in page.object_list:
        change.source_label = SOURCE_LABELS.get(change.source, change.source)
        change.comment_changed = change.old_comment != change.new_comment
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "collection/history.html", {
        "access": access, "data_set": access.data_set, "unit": access.unit, "period": access.period,
        "element": element, "page_obj": page, "query_string": query.urlencode(),
    })


# ---------------------------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------------------------


@login_required
def review_queue(request):
    scope = scope_for(request.user)
    if not scope.has_role(Role.STAFF):
        raise PermissionDenied("Trang xét duyệt dành cho chuyên viên các phòng, ban của Sở Nội vụ.")
    # A page at a time: a province's office can have thousands waiting, and each row is rendered.
    page_obj = Paginator(selectors.review_queue(request.user), REVIEW_PER_PAGE).get_page(request.GET.get("trang"))
    rows = selectors.with_forms(page_obj.object_list)
    today = timezone.localdate()
    for s in rows:
        s.deadline = s.data_set.deadline_for(s.period)
        s.on_time_now = s.first_submitted_at is not None and timezone.localtime(s.first_submitted_at).date() <= s.deadline
        s.waiting_days = (today - timezone.localtime(s.submitted_at).date()).days if s.submitted_at else None
        s.url = reverse("collection:entry", args=[s.data_set.code, s.unit.code, s.period.code])
    return render(request, "collection/review_queue.html", {"rows": rows, "page_obj": page_obj})


# ---------------------------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------------------------


@login_required
def completeness(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    data_sets = list(CompletenessForm.active_data_sets())
    form = CompletenessForm(
        request.GET, data_sets=data_sets,
        periods_by_type=CompletenessForm.periods_by_type(d.period_type for d in data_sets), today=today,
    )
    context = {"form": form, "data_set": form.data_set, "period": form.period, "rows": [], "total": None,
               "parent": None, "crumbs": []}
    if form.data_set is None or form.period is None:
        return render(request, "collection/completeness.html", context)
    parent = None
    if form.unit_code:
        parent = OrgUnit.objects.filter(code=form.unit_code).first()
        if parent is None or not scope.can_read(parent, during=form.period):
            raise Http404("Không tìm thấy đơn vị.")
    parent, total, rows = selectors.completeness(form.data_set, form.period, request.user, parent=parent)
    crumbs = []
    if parent is not None:
        period = form.period
        links = (
            OrgUnitAncestry.objects.filter(descendant=parent, depth__gt=0, valid_from__lte=period.end, valid_to__gte=period.start)
            .select_related("ancestor")
            .order_by("-depth")
        )
        # One check per level above (a few), not the user's whole reach read unit by unit.
        seen = set()
        for link in links:
            if link.ancestor_id not in seen and scope.allows(link.ancestor, READ, during=period):
                seen.add(link.ancestor_id)
                crumbs.append(link.ancestor)
    deadline_end = selectors._deadline_end(form.data_set, form.period)
    for row in rows:
        row.style = STATUS_STYLE.get(row.submission.status, "secondary") if row.submission else "light border"
        row.timeliness = ""
        if row.submission and row.submission.status in selectors.ALL_SUBMITTED and row.submission.first_submitted_at:
            row.timeliness = "đúng hạn" if row.submission.first_submitted_at < deadline_end else "trễ hạn"
        if row.status:
            row.form_url = reverse("collection:entry", args=[form.data_set.code, row.unit.code, form.period.code])
    context.update({"rows": rows, "total": total, "parent": parent, "crumbs": crumbs,
                    "deadline": form.data_set.deadline_for(form.period)})
    return render(request, "collection/completeness.html", context)


# ---------------------------------------------------------------------------------------------
# Dashboard panel (loaded into the home page) and notifications
# ---------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    scope = scope_for(request.user)
    pending, returned, review_count = [], [], None
    if scope.roots(WRITE):  # reporters only: an admin's "pending forms" would be the whole province
        for p in selectors.pending_forms(request.user):
            item = FormItem(p.data_set, p.unit, p.period, p.deadline, p.status, p.status_label, True, p.return_reason)
            (returned if p.status == Status.RETURNED else pending).append(item)
    if scope.has_role(Role.STAFF):
        review_count = selectors.review_queue(request.user).count()
    return render(request, "collection/dashboard.html", {
        "pending": pending[:15], "pending_more": max(0, len(pending) - 15), "returned": returned,
        "review_count": review_count, "is_staff_role": scope.has_role(Role.STAFF),
        "is_officer": scope.has_role(Role.OFFICER),
    })


NOTIFICATIONS_PER_PAGE = 30


def _back(request, default="collection:notifications"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
@require_GET
def notifications(request):
    """The user's notifications, newest first; «chưa đọc» filters the unread ones."""
    unread_only = request.GET.get("loc") == "chua-doc"
    qs = Notification.objects.filter(user=request.user)
    if unread_only:
        qs = qs.unread()
    page = Paginator(qs.order_by("-created_at", "-id"), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "collection/notifications.html", {
        "page": page, "unread_only": unread_only, "unread_count": request.user.notifications.unread().count(),
    })


@login_required
@require_POST
def notification_open(request, pk):
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notices.mark_read(request.user, note.pk)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("collection:notifications")


@login_required
@require_POST
def notification_read(request, pk):
    get_object_or_404(Notification, pk=pk, user=request.user)
    notices.mark_read(request.user, pk)
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request):
    n = notices.mark_read(request.user)
    if n:
        messages.info(request, f"Đã đánh dấu {n} thông báo là đã đọc.")
    return _back(request, default="home")
