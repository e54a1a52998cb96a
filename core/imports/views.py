"""The import pages of every app, one view set: upload → preview → confirm, the job's status
(polled by htmx), its feedback file, the Vietnamese template and the re-run of a stale job.

An app mounts them in its urls.py with `core.imports.urls.patterns(app=…, title=…, tabs=…)`:
the URL names (`<app>:import_start`, `import_template`, `import_job`, `import_confirm`,
`import_rerun`, `import_feedback`) live in the app's namespace, and the pages list that app's
kinds only. Who may open them: whoever may import at least one of the app's kinds (403 otherwise);
a job is seen by its owner and admins only (404 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from core.access import scope_for
from core.imports import jobs as services
from core.imports import registry, workbook
from core.imports import resources as res
from core.imports.forms import UploadForm
from core.models import ImportJob, ImportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DENIED = "Chỉ chuyên viên Sở Nội vụ được nhập dữ liệu từ Excel."


def xlsx_response(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _allowed_kinds(request, app):
    """The app's kinds `request.user` may import; PermissionDenied when there is none."""
    scope = scope_for(request.user)
    kinds = [kind for kind in registry.kinds(app) if kind.allowed(scope)]
    if not kinds:
        denials = {kind.denied for kind in registry.kinds(app)}
        raise PermissionDenied(denials.pop() if len(denials) == 1 else DENIED)
    return kinds


def _page(app, title, tabs, **context):
    return {"ns": app, "app_title": title, "tabs_template": tabs, **context}


@login_required
def import_start(request, *, app, title, tabs=None):
    kinds = _allowed_kinds(request, app)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            try:
                job = services.start_import(request.user, form.cleaned_data["kind"], form.cleaned_data["file"],
                                            skip_preview=form.cleaned_data["skip_preview"])
            except registry.UserError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect(f"{app}:import_job", pk=job.pk)
    else:
        form = UploadForm(initial={"kind": request.GET.get("loai") or kinds[0].key}, kinds=kinds)
    recent = ImportJob.objects.filter(user=request.user, kind__in=[k.key for k in kinds]).order_by("-created_at")[:10]
    return render(request, "imports/start.html", _page(
        app, title, tabs, form=form, kinds=[(k.key, k.label) for k in kinds], jobs=recent))


@login_required
def import_template(request, kind, *, app, title=None, tabs=None):
    spec = next((k for k in _allowed_kinds(request, app) if k.key == kind), None)
    if spec is None:
        raise Http404("Không có mẫu này.")
    return xlsx_response(workbook.build_template(spec), f"mau-nhap-{kind.replace('_', '-')}.xlsx")


def _job_for(request, pk, app):
    kinds = _allowed_kinds(request, app)
    job = get_object_or_404(ImportJob, pk=pk, kind__in=[k.key for k in registry.kinds(app)])
    if job.user_id != request.user.pk and not scope_for(request.user).is_admin:
        raise Http404("Không tìm thấy lượt nhập.")
    if job.kind not in {k.key for k in kinds}:
        raise PermissionDenied(job.import_kind.denied)
    return job


@login_required
def import_job(request, pk, *, app, title, tabs=None):
    job = _job_for(request, pk, app)
    template = "imports/_status.html" if getattr(request, "htmx", False) else "imports/job.html"
    spec = job.import_kind
    return render(request, template, _page(
        app, title, tabs, job=job, headers=[header for header, _name in res.columns(spec.resource)],
        done_link=spec.done_link))


@login_required
@require_POST
def import_confirm(request, pk, *, app, title=None, tabs=None):
    job = _job_for(request, pk, app)
    try:
        job = services.confirm_import(request.user, job)
    except registry.UserError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == ImportStatus.DONE:
            messages.success(request, job.message)
    return redirect(f"{app}:import_job", pk=job.pk)


@login_required
@require_POST
def import_rerun(request, pk, *, app, title=None, tabs=None):
    """«Chạy lại» a job whose worker died (once; from its stored file)."""
    job = _job_for(request, pk, app)
    try:
        job = services.rerun_import(request.user, job)
    except registry.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    except registry.UserError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == ImportStatus.DONE:
            messages.success(request, job.message)
    return redirect(f"{app}:import_job", pk=job.pk)


@login_required
def import_feedback(request, pk, *, app, title=None, tabs=None):
    job = _job_for(request, pk, app)
    if not job.feedback:
        raise Http404("Lượt nhập này không có tệp phản hồi lỗi.")
    return FileResponse(job.feedback.open("rb"), as_attachment=True, filename=f"phan-hoi-loi-{job.pk}.xlsx",
                        content_type=XLSX)
