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

from core.models import Period
from reports import selectors, services
from reports.content import Note, Table
from reports.models import JobStatus, ReportKind


def _report_or_404(request, pk):
    if not selectors.can_use_reports(request.user):
        raise PermissionDenied("Trang báo cáo dành cho chuyên viên và lãnh đạo Sở.")
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
        raise PermissionDenied("Trang báo cáo dành cho chuyên viên và lãnh đạo Sở.")
    period = Period.objects.filter(code=request.GET.get("ky", "")).first()
    kind = ReportKind.objects.filter(code=request.GET.get("loai", "")).first()
    reports = selectors.report_list(request.user, period=period, kind=kind)
    return render(request, "reports/report_list.html", {
        "reports": reports,
        "periods": Period.objects.filter(reports__isnull=False).distinct().order_by("-start"),
        "kinds": ReportKind.objects.filter(is_active=True),
        "period": period,
        "kind": kind,
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
        "pending": selectors.pending_sections(report) if not report.is_approved else [],
        "concerns": selectors.approval_concerns(report, content) if not report.is_approved else [],
    })


@login_required
@require_POST
def section_save(request, pk, section_pk):
    report = _report_or_404(request, pk)
    section = report.kind.sections.filter(pk=section_pk).first()
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
