"""Report pages: list, detail with outline/figures/narrative editor, approval, DOCX jobs, downloads.

Thin views: access by `reports.selectors` (which asks `core.access.scope_for`), writes by
`reports.services`. A report the user may not read answers 404, like a missing one.
"""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import text
from core.models import Period
from reports import selectors, services
from reports.content import Note, Table
from reports.forms import ReportCreateForm
from reports.models import JobStatus, Report, ReportKind


def _report_or_404(request, pk):
    if not selectors.can_use_reports(request.user):
        raise PermissionDenied("Trang báo cáo dành cho lãnh đạo, chuyên viên Sở và cán bộ đơn vị ban hành báo cáo.")
    report = selectors.report_for(request.user, pk)
    if report is None:
        raise Http404("Không tìm thấy báo cáo.")
    return report


def _job_or_404(report, job_pk):
    job = selectors.jobs_of(report).filter(pk=job_pk).first()
    if job is None:
        raise Http404("Không tìm thấy phiên bản.")
    return job


@login_required
@require_GET
def report_list(request):
    if not selectors.can_use_reports(request.user):
        raise PermissionDenied("Trang báo cáo dành cho lãnh đạo, chuyên viên Sở và cán bộ đơn vị ban hành báo cáo.")
    # scrubbed: a NUL in the query string used to reach PostgreSQL and answer 500
    period = Period.objects.filter(code=text.scrub(request.GET.get("ky", ""))).first()
    kind = ReportKind.objects.filter(code=text.scrub(request.GET.get("loai", ""))).first()
    reports = selectors.report_list(request.user, period=period, kind=kind)
    return render(request, "reports/report_list.html", {
        "reports": reports,
        "periods": Period.objects.filter(reports__isnull=False).distinct().order_by("-start"),
        "kinds": ReportKind.objects.filter(is_active=True),
        "period": period,
        "kind": kind,
        "can_create": bool(selectors.creatable(request.user)[1]),
        "can_use_phrases": selectors.can_use_phrases(request.user),
    })


@login_required
def report_create(request):
    """«Tạo báo cáo»: a kind, the issuing unit and a period; the particulars prefilled from the
    previous report of that kind and unit (GET with ?loai=&don_vi=&ky= refreshes the prefill)."""
    kinds, units, periods = selectors.creatable(request.user)
    if not units:
        raise PermissionDenied("Bạn không được tạo báo cáo.")
    options = {"kinds": kinds, "units": units, "periods": periods}
    if request.method == "POST":
        form = ReportCreateForm(request.POST, **options)
        if form.is_valid():
            data = dict(form.cleaned_data)
            kind, unit, period = data.pop("kind"), data.pop("unit"), data.pop("period")
            try:
                report = services.create_report(request.user, kind, unit, period, **data)
            except PermissionDenied:
                form.add_error(None, "Bạn không được tạo báo cáo này cho đơn vị này.")
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, f"Đã tạo báo cáo «{kind.name}» {period.label} của {unit.name}.")
                return redirect("reports:detail", pk=report.pk)
    else:
        picked = {
            "kind": next((k for k in kinds if k.code == request.GET.get("loai")), kinds[0] if kinds else None),
            "unit": next((u for u in units if u.code == request.GET.get("don_vi")), units[0]),
        }
        fitting = [p for p in periods if picked["kind"] is None or not selectors.creation_problem(picked["kind"], picked["unit"], p)]
        picked["period"] = next((p for p in periods if p.code == request.GET.get("ky")), None) or (
            _first_without_report(fitting, picked) if fitting else None)
        initial = {"kind": picked["kind"], "unit": picked["unit"], "period": picked["period"]}
        if picked["kind"] and picked["period"]:
            defaults = services.report_defaults(picked["kind"], picked["unit"], picked["period"])
            defaults.pop("previous", None)
            initial.update(defaults)
        form = ReportCreateForm(initial=initial, **options)
    return render(request, "reports/report_create.html", {"form": form})


def _first_without_report(periods, picked):
    """The newest period that has no report of the picked kind and unit yet (else the newest)."""
    taken = set(Report.objects.filter(kind=picked["kind"], unit=picked["unit"]).values_list("period_id", flat=True))
    return next((p for p in periods if p.pk not in taken), periods[0])


@login_required
def outline_update(request, pk):
    """«Cập nhật theo đề cương»: what bringing the draft up to date with its kind would change; applied on POST."""
    report = _report_or_404(request, pk)
    if not selectors.can_manage(request.user, report):
        raise PermissionDenied("Bạn không được cập nhật đề cương của báo cáo này.")
    if request.method == "POST":
        try:
            services.bring_up_to_date(report, request.user, keep_orphans=request.POST.get("keep") == "1")
        except ValidationError as exc:
            messages.error(request, "Chưa cập nhật: " + " ".join(exc.messages))
            return redirect("reports:outline_update", pk=report.pk)
        messages.success(request, "Đã cập nhật đề cương của báo cáo theo loại báo cáo.")
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/outline_update.html", {
        "report": report, "changes": services.outline_changes(report),
    })


def present(blocks, counter):
    """Blocks as template-friendly dicts; notes numbered with `counter` (a one-item list)."""
    out, notes = [], []
    for block in blocks:
        if isinstance(block, Table):
            out.append({"table": block})
            continue
        parts = []
        for segment in block.segments:
            if isinstance(segment, Note):
                counter[0] += 1
                parts.append({"note": counter[0]})
                notes.append((counter[0], segment.text))
            else:
                parts.append({"text": segment})
        out.append({"parts": parts})
    return out, notes


@login_required
@require_GET
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    content = selectors.detail_sections(request.user, report)
    counter = [0]
    for section in content.sections:
        section.figures_view, section.notes = present(section.figures, counter)
    jobs = list(selectors.jobs_of(report)[:20])
    return render(request, "reports/report_detail.html", {
        "report": report,
        "content": content,
        "jobs": jobs,
        "latest_job": jobs[0] if jobs else None,
        **(_pdf_state(jobs[0]) if jobs else {}),
        "can_approve": selectors.can_approve(request.user, report),
        "can_manage": selectors.can_manage(request.user, report),
        "pending": selectors.pending_sections(report) if not report.is_approved else [],
        "concerns": selectors.approval_concerns(report, content) if not report.is_approved else [],
    })


@login_required
@require_POST
def section_save(request, pk, section_pk):
    report = _report_or_404(request, pk)
    section = report.sections.filter(pk=section_pk).first()
    if section is None:
        raise Http404("Không tìm thấy mục.")
    if not selectors.can_edit_section(request.user, report, section):
        raise PermissionDenied("Chỉ chuyên viên của phòng phụ trách mục này được soạn nội dung.")
    try:
        services.save_narrative(
            report, section, request.user, request.POST.get("text", ""),
            ready=request.POST.get("ready") == "1", version=request.POST.get("version"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã lưu nội dung mục «{section.title}».")
    return redirect(reverse("reports:detail", args=[report.pk]) + f"#muc-{section.pk}")


@login_required
@require_POST
def approve(request, pk):
    report = _report_or_404(request, pk)
    if not selectors.can_approve(request.user, report):
        raise PermissionDenied("Chỉ lãnh đạo Sở được phê duyệt báo cáo.")
    try:
        services.approve_report(report, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "Chưa phê duyệt được: " + " ".join(exc.messages))
    else:
        messages.success(request, "Đã phê duyệt báo cáo.")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def request_docx(request, pk):
    report = _report_or_404(request, pk)
    job = services.request_report(report, request.user)
    messages.info(request, f"Đã gửi yêu cầu tạo bản Word (lượt #{job.pk}).")
    return redirect(reverse("reports:detail", args=[report.pk]) + "#phien-ban")


@login_required
@require_GET
def job_status(request, pk, job_pk):
    report = _report_or_404(request, pk)
    job = _job_or_404(report, job_pk)
    return render(request, "reports/_job.html", {"report": report, "job": job, **_pdf_state(job)})


def _pdf_state(job):
    return {"pdf_pending": services.pdf_pending(job), "pdf_enabled": services.pdf_enabled()}


@login_required
@require_POST
def request_pdf(request, pk, job_pk):
    """«Tạo bản PDF»: the PDF preview of a finished job, made once on demand and kept."""
    report = _report_or_404(request, pk)
    job = _job_or_404(report, job_pk)
    try:
        services.request_pdf(job, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if not job.pdf_file:
            messages.info(request, f"Đã gửi yêu cầu tạo bản PDF của lượt #{job.pk}.")
    return redirect(reverse("reports:detail", args=[report.pk]) + "#phien-ban")


@login_required
@require_POST
def rerun_job(request, pk, job_pk):
    """«Chạy lại» a job whose worker died (once; its requester, staff or an admin)."""
    report = _report_or_404(request, pk)
    job = _job_or_404(report, job_pk)
    try:
        services.rerun_job(job, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.info(request, f"Đã gửi yêu cầu chạy lại lượt #{job.pk}.")
    return redirect(reverse("reports:detail", args=[report.pk]) + "#phien-ban")


@login_required
@require_GET
def download(request, pk, job_pk, fmt):
    report = _report_or_404(request, pk)
    job = _job_or_404(report, job_pk)
    field = job.file if fmt == "docx" else job.pdf_file
    if job.status != JobStatus.DONE or not field:
        raise Http404("Phiên bản này chưa có tệp.")
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    return FileResponse(handle, as_attachment=True, filename=Path(field.name).name)
