"""Writes of the reports app: narratives, approval, templates, report jobs (DOCX; PDF preview on demand).

`run_job` is the job's whole life and is idempotent: a finished job is left alone; the DOCX is
written once to `reports/jobs/<job id>/<name>.docx` (a retry after a crash finds it and goes on);
progress and Vietnamese messages are recorded as sections are drawn; failures are recorded on the
job in Vietnamese. The Celery task (`reports.tasks.build_report`) only calls it.
"""

import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core import formatting as f
from core import generations, jobs
from core import text as core_text
from reports import rendering, selectors
from reports.models import (
    COMMITTEE_KINDS,
    JobStatus,
    NarrativeStatus,
    OutlineSection,
    Report,
    ReportJob,
    ReportSection,
    ReportStatus,
    ReportTemplate,
    SectionNarrative,
)

logger = logging.getLogger(__name__)

# Errors worth another try (database busy, disk or process hiccup); anything else fails the job.
TRANSIENT_ERRORS = selectors.TRANSIENT_ERRORS

DEFAULT_SOFFICE = "/usr/bin/soffice"
PDF_TIMEOUT = 120


# ---------------------------------------------------------------------------------------------
# Creating a report; its own outline and bringing it up to date with its kind
# ---------------------------------------------------------------------------------------------

FORMAT_FIELDS = ("title_template", "intro_template", "closing_template", "uses_parts")
# What a report takes over from the previous report of its kind and unit (the clerk takes a new number).
CARRIED_FIELDS = ("symbol", "place", "basis", "addressees", "recipients", "signer_authority", "signer_name", "detail_style")


def previous_report(kind, unit, period):
    """The latest report of `kind` issued by `unit` for a period before `period` (else the latest at all)."""
    reports = Report.objects.filter(kind=kind, unit=unit).exclude(period=period).select_related("period", "basis")
    return reports.filter(period__start__lt=period.start).order_by("-period__start", "-id").first() or (
        reports.order_by("-period__start", "-id").first()
    )


def default_symbol(unit):
    """«BC-SNV», «BC-SYT»; a People's Committee signs «BC-UBND»."""
    if unit.kind in COMMITTEE_KINDS:
        return "BC-UBND"
    return f"BC-{unit.symbol or unit.code}"[:40]


def _same_day_in(day, old_period, new_period):
    """`day` moved by as many years as the periods are apart (14/6/2021 → 14/6/2022); None stays None."""
    if day is None:
        return None
    year = day.year + (new_period.year - old_period.year)
    try:
        return day.replace(year=year)
    except ValueError:  # 29/2 into a common year
        return day.replace(year=year, day=28)


def report_defaults(kind, unit, period):
    """What the creation form starts with: the previous report of that kind and unit, else the kind's defaults."""
    previous = previous_report(kind, unit, period)
    if previous is None:
        return {"symbol": default_symbol(unit), "recipients": kind.default_recipients, "previous": None}
    values = {name: getattr(previous, name) for name in CARRIED_FIELDS}
    values["issued_on"] = _same_day_in(previous.issued_on, previous.period, period)
    values["previous"] = previous
    return values


def snapshot_outline(report, kind=None):
    """Copy the kind's outline and formats onto the report (its own from now on); returns {source pk: copy}."""
    kind = kind or report.kind
    for name in FORMAT_FIELDS:
        setattr(report, name, getattr(kind, name))
    report.save(update_fields=[*FORMAT_FIELDS, "updated_at"])
    copies = {}
    for section in _parents_first(OutlineSection.objects.filter(kind=kind).order_by("order", "id")):
        copies[section.pk] = ReportSection.objects.create(
            report=report, parent=copies.get(section.parent_id), source=section, **_copied(section),
        )
    return copies


def _copied(section):
    return {"title": section.title, "provider_key": section.provider_key, "figures_position": section.figures_position,
            "is_appendix": section.is_appendix, "office_id": section.office_id, "order": section.order}


def _parents_first(sections):
    sections, seen, out = list(sections), set(), []
    while sections:
        rest = [s for s in sections if s.parent_id and s.parent_id not in seen]
        ready = [s for s in sections if not (s.parent_id and s.parent_id not in seen)]
        if not ready:  # a dangling parent cannot happen (same kind, CASCADE); stop rather than loop
            break
        out.extend(ready)
        seen.update(s.pk for s in ready)
        sections = rest
    return out


@transaction.atomic
def create_report(user, kind, unit, period, **fields):
    """A new draft report of `kind` by `unit` for `period`, with its own copy of the kind's outline.

    `fields` are the form's (number, symbol, issued_on, basis, addressees, recipients, signer…);
    a field not given at all comes from the previous report of that kind (`report_defaults`). `user` None is
    the headless command (no access check)."""
    if user is not None and not selectors.can_create(user, kind, unit, period):
        raise PermissionDenied("Bạn không được tạo báo cáo này cho đơn vị này.")
    problem = selectors.creation_problem(kind, unit, period)
    if problem:
        raise ValidationError(problem)
    if Report.objects.filter(kind=kind, period=period, unit=unit).exists():
        raise ValidationError(f"Đã có báo cáo «{kind.name}» {period.label} của {unit.name}.", code="exists")
    defaults = report_defaults(kind, unit, period)
    defaults.pop("previous")
    values = {**defaults, **fields}  # what the form sends wins, even a cleared basis or date
    for name in ("number", "symbol", "place", "addressees", "recipients", "signer_name"):
        if name in values:
            label = str(Report._meta.get_field(name).verbose_name)
            values[name] = core_text.clean(values[name] or "", label).strip()
    report = Report(kind=kind, unit=unit, period=period, status=ReportStatus.DRAFT, is_draft=True, **values)
    report.full_clean(exclude=["kind", "unit", "period"], validate_unique=False)
    report.save()
    snapshot_outline(report, kind)
    notify_narratives(report)
    return report


def notify_narratives(report):
    """Tell each responsible office that sections of the new report wait for its narrative (one
    notification per office and report, linking to its first section)."""
    from django.urls import reverse

    from core.notifications import Message, deliver, responsible_users

    by_office = {}
    for section in report.sections.filter(office__isnull=False).select_related("office").order_by("order", "id"):
        by_office.setdefault(section.office, []).append(section)
    link = reverse("reports:detail", args=[report.pk])
    messages = []
    for office, sections in by_office.items():
        titles = "; ".join(f"«{s.title}»" for s in sections[:5]) + (f" và {len(sections) - 5} mục khác" if len(sections) > 5 else "")
        body = f"{office.name} được giao viết nội dung {len(sections)} mục: {titles}."
        messages += [Message(u, f"{report.kind.name} {report.period.label}: chờ phòng viết nội dung", body,
                             f"{link}#muc-{sections[0].pk}", f"bao-cao:cho-noi-dung:{report.pk}:{office.pk}")
                     for u in responsible_users(office)]
    return deliver(messages)


def outline_changes(report):
    """What bringing the draft up to date with its kind would change (nothing is written)."""
    kind_sections = {s.pk: s for s in OutlineSection.objects.filter(kind=report.kind_id)}
    own = list(ReportSection.objects.filter(report=report).order_by("order", "id"))
    written = {n.section_id: n for n in SectionNarrative.objects.filter(report=report).exclude(text="")}
    copied = {s.source_id for s in own if s.source_id in kind_sections}
    values = selectors.placeholders(report)
    added = [selectors.fill(s.title, values) for s in sorted(kind_sections.values(), key=lambda s: (s.order, s.pk))
             if s.pk not in copied]
    removed, orphaned, renamed, moved = [], [], [], []
    for s in own:
        source = kind_sections.get(s.source_id)
        title = selectors.fill(s.title, values)
        if source is None:
            removed.append(title)
            if s.pk in written:
                orphaned.append(title)
            continue
        if source.title != s.title:
            renamed.append((title, selectors.fill(source.title, values)))
        parent_source = next((p.source_id for p in own if p.pk == s.parent_id), None)
        if (source.parent_id != parent_source or source.order != s.order or source.provider_key != s.provider_key
                or source.office_id != s.office_id or source.figures_position != s.figures_position
                or source.is_appendix != s.is_appendix):
            moved.append(title)
    formats = [str(Report._meta.get_field(name).verbose_name) for name in FORMAT_FIELDS
               if getattr(report, name) != getattr(report.kind, name)]
    return OutlineChanges(added=added, removed=removed, orphaned=orphaned, renamed=renamed, changed=moved,
                          formats=formats)


class OutlineChanges:
    def __init__(self, added, removed, orphaned, renamed, changed, formats):
        self.added, self.removed, self.orphaned = added, removed, orphaned
        self.renamed, self.changed, self.formats = renamed, changed, formats

    @property
    def any(self):
        return bool(self.added or self.removed or self.renamed or self.changed or self.formats)


ORPHANS_REFUSED = ("Các mục sau đã có nội dung nhưng không còn trong đề cương: {titles}. Chọn «giữ lại» "
                   "hoặc chép nội dung sang mục khác trước khi cập nhật.")


@transaction.atomic
def bring_up_to_date(report, user, keep_orphans=False):
    """Apply the kind's current outline and formats to a draft. A section no longer in the kind is
    removed unless it holds a narrative: then it is kept (`keep_orphans`) or the whole update is refused."""
    report = Report.objects.select_for_update().select_related("kind").get(pk=report.pk)
    if user is not None and not selectors.can_manage(user, report):
        raise PermissionDenied("Bạn không được cập nhật đề cương của báo cáo này.")
    if report.is_approved:
        raise ValidationError("Báo cáo đã được phê duyệt, không cập nhật đề cương được.")
    changes = outline_changes(report)
    if changes.orphaned and not keep_orphans:
        raise ValidationError(ORPHANS_REFUSED.format(titles=f.join_list(f"«{t}»" for t in changes.orphaned)),
                              code="orphans")
    kind_sections = {s.pk: s for s in OutlineSection.objects.filter(kind=report.kind_id)}
    own = list(ReportSection.objects.filter(report=report))
    written = set(SectionNarrative.objects.filter(report=report).exclude(text="").values_list("section_id", flat=True))
    copies = {s.source_id: s for s in own if s.source_id in kind_sections}
    # Gone from the kind: kept when it (or a section under it) holds text, else deleted (with its empty drafts).
    gone = [s for s in own if s.source_id not in kind_sections]
    keep = set()
    by_pk = {s.pk: s for s in own}
    for s in own:
        if s.pk in written:
            node = s
            while node is not None and node.source_id not in kind_sections:
                keep.add(node.pk)
                node = by_pk.get(node.parent_id)
    ReportSection.objects.filter(pk__in=[s.pk for s in gone if s.pk not in keep]).delete()
    ReportSection.objects.filter(pk__in=keep).update(source=None)
    generations.bump_app("reports")  # update() sends no post_save: the first page's cached panels
    for section in _parents_first(sorted(kind_sections.values(), key=lambda s: (s.order, s.pk))):
        parent = copies.get(section.parent_id)
        copy = copies.get(section.pk)
        if copy is None:
            copies[section.pk] = ReportSection.objects.create(report=report, parent=parent, source=section,
                                                              **_copied(section))
            continue
        for name, value in _copied(section).items():
            setattr(copy, name, value)
        copy.parent = parent
        copy.save()
    for name in FORMAT_FIELDS:
        setattr(report, name, getattr(report.kind, name))
    report.save(update_fields=[*FORMAT_FIELDS, "updated_at"])
    return changes


# ---------------------------------------------------------------------------------------------
# Narratives and approval
# ---------------------------------------------------------------------------------------------


STALE_NARRATIVE = "Nội dung mục này vừa được người khác cập nhật. Vui lòng tải lại trang để xem bản mới rồi sửa tiếp."


@transaction.atomic
def save_narrative(report, section, user, text, ready=False, version=None):
    """Save an office's text for a section. `version` is what the editor loaded: a save based on
    an older version, or without a version over an existing text, is refused (no silent overwrite),
    as is text Word cannot hold (core.text.clean, naming the section)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_approved:
        raise ValidationError("Báo cáo đã được phê duyệt, không sửa được nội dung.")
    if not selectors.can_edit_section(user, report, section):
        raise PermissionDenied("Chỉ chuyên viên của phòng phụ trách mục này được soạn nội dung.")
    body = text_of_section(report, section, text)
    narrative, created = SectionNarrative.objects.select_for_update().get_or_create(
        report=report, section=section, defaults={"updated_by": user}
    )
    if not created and (_version(version) is None or _version(version) != narrative.version):
        raise ValidationError(STALE_NARRATIVE, code="stale")
    narrative.text = body
    narrative.status = NarrativeStatus.READY if ready else NarrativeStatus.DRAFT
    narrative.updated_by = user
    if not created:
        narrative.version += 1
    narrative.save()
    return narrative


def text_of_section(report, section, value):
    """The narrative as stored: normalised, stripped; ValidationError naming the section if Word cannot hold it."""
    title = selectors.fill(section.title, selectors.placeholders(report))
    return core_text.clean(value or "", f"nội dung mục {title}").strip()


def _version(value):
    """The editor's version as an int, or None when missing or not a number (treated as stale)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


REASON_NEEDED = "Báo cáo còn điểm chưa đủ: {concerns} Nếu vẫn phê duyệt, hãy ghi lý do xác nhận."


@transaction.atomic
def approve_report(report, user, reason=""):
    """Approve (and lock) a report. Four eyes: whoever wrote one of its sections may not approve it.
    A report with an empty section, a failed provider or figures covering fewer units than expected
    is approved only with the leader's written `reason`, kept with the approval (with what it confirms)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not selectors.can_approve(user, report):
        raise PermissionDenied("Chỉ lãnh đạo Sở được phê duyệt báo cáo.")
    if report.is_approved:
        return report
    if SectionNarrative.objects.filter(report=report, updated_by=user).exists():
        raise ValidationError("Người đã soạn nội dung báo cáo không tự phê duyệt báo cáo đó; cần một lãnh đạo khác.")
    pending = selectors.pending_sections(report)
    if pending:
        titles = f.join_list(f"«{n.section.title}»" for n in pending)
        raise ValidationError(f"Còn {f.quantity(len(pending), 'mục')} chưa hoàn thành: {titles}.")
    reason = core_text.clean(reason or "", "lý do phê duyệt").strip()
    concerns = selectors.approval_concerns(report)
    if concerns and not reason:
        raise ValidationError(REASON_NEEDED.format(concerns=" ".join(concerns)), code="reason_required")
    report.status = ReportStatus.APPROVED
    report.is_draft = False
    report.approved_by = user
    report.approved_at = timezone.now()
    report.approval_reason = reason if concerns else ""
    report.approval_concerns = concerns
    report.save(update_fields=[
        "status", "is_draft", "approved_by", "approved_at", "approval_reason", "approval_concerns", "updated_at",
    ])
    return report


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


def sample_content():
    """A made-up report for trying a template (no database reads)."""
    from reports.content import Paragraph
    from reports.numbering import label
    from reports.selectors import OutlineNode, ReportContent, SectionContent

    class _Section:
        figures_position = "after"

    def node(depth, position, title):
        n = OutlineNode(section=_Section(), depth=depth, position=position, number=label(depth, position),
                        path=str(position), title=title)
        return n

    sections = [
        SectionContent(node=node(0, 1, "KẾT QUẢ CÔNG TÁC"), figures=[], narrative=[]),
        SectionContent(node=node(1, 1, "CÔNG TÁC TỔ CHỨC NHÀ NƯỚC"), figures=[], narrative=[]),
        SectionContent(
            node=node(2, 1, "Về xây dựng chính quyền địa phương"),
            figures=[Paragraph("Kết quả có 2.222 đại biểu được bầu").note("Mẫu chú thích.").add(".")],
            narrative=[Paragraph("- Nội dung mẫu.")],
        ),
    ]
    return ReportContent(
        superior_body="ỦY BAN NHÂN DÂN TỈNH MẪU", issuing_body="SỞ NỘI VỤ", number_line="Số: 01/BC-SNV",
        place_date="Mẫu, ngày 01 tháng 01 năm 2021", doc_type="BÁO CÁO", subject="Báo cáo mẫu",
        addressees="", intro="Đoạn mở đầu.", sections=sections, closing="Trên đây là báo cáo mẫu./.",
        recipients=["- Nơi nhận mẫu;", "- Lưu: VT."], authority=["GIÁM ĐỐC"], signer_name="Người ký",
        is_draft=True, detail_style="footnotes",
    )


def validate_template(file):
    """Render a sample report with the uploaded template; ValidationError (Vietnamese) if it fails.

    The render is `rendering.render`, i.e. the sandbox: each part's tags are checked against the
    documented list before anything runs (reports.sandbox), so validation never executes a hostile tag."""
    name = getattr(file, "name", "") or ""
    if name and not name.lower().endswith(".docx"):
        raise ValidationError("Mẫu báo cáo phải là tệp Word .docx.")
    from core.imports import check_docx_upload

    check_docx_upload(file)  # size, zip bomb and macro guard before docxtpl opens the file
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read()
        if hasattr(file, "seek"):
            file.seek(0)
        rendering.render(sample_content(), template=io.BytesIO(data))
    except rendering.TemplateError as exc:
        raise ValidationError(f"Mẫu báo cáo không dùng được: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - any failure means the template is unusable
        raise ValidationError(f"Mẫu báo cáo không dùng được: {exc}") from exc


@transaction.atomic
def upload_template(kind, file, valid_from, user=None, note=""):
    validate_template(file)
    template = ReportTemplate(kind=kind, valid_from=valid_from, uploaded_by=user, note=note)
    template.file.save(Path(getattr(file, "name", "mau.docx")).name, file, save=False)
    template.save()
    return template


# ---------------------------------------------------------------------------------------------
# Building the document
# ---------------------------------------------------------------------------------------------


def render_report(report, progress=None):
    """(file stem, DOCX bytes) of `report`: the path shared by jobs and `manage.py build_report`."""
    content = selectors.build_content(report, progress=progress)
    template = selectors.template_in_force(report)
    if template is not None:
        with template.file.open("rb") as fh:
            data = rendering.render(content, template=io.BytesIO(fh.read()))
    else:
        data = rendering.render(content)
    return content.file_stem, data


def soffice_path():
    return getattr(settings, "REPORTS_SOFFICE", DEFAULT_SOFFICE)


def pdf_enabled():
    return getattr(settings, "REPORTS_PDF_PREVIEW", True)


def convert_to_pdf(docx_bytes, stem):
    """PDF bytes from LibreOffice headless (own profile dir, timeout), or (None, reason)."""
    soffice = soffice_path()
    if not soffice or not os.path.exists(soffice):
        return None, "Máy chủ chưa cài LibreOffice nên không tạo bản PDF xem trước."
    work = tempfile.mkdtemp(prefix="bao-cao-pdf-")
    try:
        source = Path(work) / f"{stem}.docx"
        source.write_bytes(docx_bytes)
        profile = Path(work) / "profile"
        cmd = [
            soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", work, str(source),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=PDF_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, f"LibreOffice không chuyển xong bản PDF trong {PDF_TIMEOUT} giây; bỏ qua bản xem trước."
        except subprocess.CalledProcessError as exc:
            return None, f"LibreOffice báo lỗi khi tạo PDF (mã {exc.returncode}); bỏ qua bản xem trước."
        pdf = Path(work) / f"{stem}.pdf"
        if not pdf.exists():
            return None, "LibreOffice không tạo ra tệp PDF; bỏ qua bản xem trước."
        return pdf.read_bytes(), None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def job_path(job, stem, ext):
    return f"reports/jobs/{job.pk}/{stem}.{ext}"


def write_once(name, data):
    """Write `data` at exactly `name` (replacing a partial file from a crashed attempt)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # pragma: no cover - a storage that renames would break idempotency
        raise OSError(f"Kho tệp lưu sai tên: {saved} thay vì {name}")
    return saved


# ---------------------------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------------------------


def request_report(report, user):
    """Create a job for the report's DOCX and queue the task after the transaction commits."""
    from reports import tasks

    if not selectors.can_read(user, report):
        raise PermissionDenied("Bạn không có quyền tạo bản Word của báo cáo này.")
    job = ReportJob.objects.create(
        report=report, requested_by=user, messages=[_stamp("Đã nhận yêu cầu, đang chờ tạo báo cáo.")]
    )
    transaction.on_commit(lambda: tasks.build_report.apply_async(args=[job.pk], queue="reports"))
    return job


def rerun_job(job, user):
    """Re-queue, once, a job whose worker died (stale, `core.jobs`). The build writes its file at a
    fixed name (`write_once`), so the re-run leaves one file. Its requester, staff or an admin may."""
    from core.access import scope_for
    from reports import tasks

    if not selectors.can_read(user, job.report) or not jobs.may_rerun(user, job.requested_by_id, scope_for(user)):
        raise PermissionDenied("Bạn không được chạy lại lượt tạo báo cáo này.")
    if not jobs.claim_rerun(job, status=JobStatus.QUEUED):
        raise ValidationError("Lượt này không bị gián đoạn hoặc đã được chạy lại một lần.")
    _log(job, f"{jobs.INTERRUPTED_MESSAGE}; đã gửi yêu cầu chạy lại.")
    transaction.on_commit(lambda: tasks.build_report.apply_async(args=[job.pk], queue="reports"))
    return job


def _stamp(text):
    return f"{timezone.localtime():%H:%M:%S} {text}"


def _log(job, text, **fields):
    job.messages = [*job.messages, _stamp(text)]
    fields["messages"] = job.messages
    fields.update(jobs.beat())  # every message is a sign of life (core.jobs: a silent job is stale)
    for key, value in fields.items():
        setattr(job, key, value)
    ReportJob.objects.filter(pk=job.pk).update(**fields)


def make_pdf_preview(job, stem, docx_bytes):
    """The PDF preview of a job's DOCX (a missing LibreOffice is a message, not a failure)."""
    pdf, reason = convert_to_pdf(docx_bytes, stem)
    if pdf is None:
        _log(job, reason)
        return
    name = write_once(job_path(job, stem, "pdf"), pdf)
    job.pdf_file.name = name
    _log(job, f"Đã tạo bản PDF xem trước ({_size(len(pdf))}).", pdf_file=name)


# The PDF is made on demand («Tạo bản PDF»), not by every DOCX job: LibreOffice costs ~2.5 s of CPU.
PDF_PENDING_KEY = "reports:pdf-pending:{pk}"
PDF_PENDING_SECONDS = PDF_TIMEOUT + 60


def pdf_pending(job):
    """True while a requested PDF of `job` is being made (the page polls until it is there)."""
    from django.core.cache import cache

    return not job.pdf_file and bool(cache.get(PDF_PENDING_KEY.format(pk=job.pk)))


def request_pdf(job, user):
    """Queue the PDF of a finished job's DOCX; once made it is kept (a second request does nothing)."""
    from django.core.cache import cache

    from reports import tasks

    if not selectors.can_read(user, job.report):
        raise PermissionDenied("Bạn không có quyền tạo bản PDF của báo cáo này.")
    if not pdf_enabled():
        raise ValidationError("Máy chủ không bật chức năng tạo bản PDF xem trước.")
    if job.status != JobStatus.DONE or not job.file:
        raise ValidationError("Lượt này chưa có bản Word nên chưa tạo được bản PDF.")
    if job.pdf_file:
        return job
    cache.set(PDF_PENDING_KEY.format(pk=job.pk), True, PDF_PENDING_SECONDS)
    _log(job, "Đã nhận yêu cầu tạo bản PDF xem trước.")
    transaction.on_commit(lambda: tasks.build_pdf.apply_async(args=[job.pk], queue="reports"))
    return job


def run_pdf(job_id):
    """Make and keep the PDF of a done job from its stored DOCX. Idempotent: a job with its PDF is left alone."""
    from django.core.cache import cache

    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    try:
        if job.pdf_file and default_storage.exists(job.pdf_file.name):
            return job
        if job.status != JobStatus.DONE or not job.file or not default_storage.exists(job.file.name):
            _log(job, "Không còn tệp Word của lượt này nên không tạo được bản PDF.")
            return job
        with default_storage.open(job.file.name, "rb") as fh:
            data = fh.read()
        make_pdf_preview(job, Path(job.file.name).stem, data)
        return job
    finally:
        cache.delete(PDF_PENDING_KEY.format(pk=job_id))


def _size(n):
    return f"{f.number(round(n / 1024))} KB" if n >= 1024 else f"{n} byte"


def run_job(job_id, final_attempt=True):
    """Build the job's DOCX (the PDF is made on demand: `request_pdf`). Idempotent; re-raises transient errors unless `final_attempt`."""
    job = ReportJob.objects.select_related("report").filter(pk=job_id).first()
    if job is None:
        logger.warning("Report job %s no longer exists", job_id)
        return None
    if job.status == JobStatus.DONE and job.file and default_storage.exists(job.file.name):
        return job
    started = time.monotonic()
    _log(
        job,
        "Bắt đầu tạo báo cáo." if job.attempts == 0 else f"Chạy lại lần {job.attempts + 1}.",
        status=JobStatus.RUNNING, attempts=job.attempts + 1, started_at=job.started_at or timezone.now(), error="",
    )
    try:
        if job.file and default_storage.exists(job.file.name):
            # A previous attempt wrote the DOCX and died after: keep that one file and go on.
            with default_storage.open(job.file.name, "rb") as fh:
                data = fh.read()
            stem = Path(job.file.name).stem
            _log(job, "Đã có tệp Word từ lần chạy trước; tiếp tục các bước sau.", progress=max(job.progress, 90))
        else:
            def progress(i, n, node):
                percent = 5 + int(80 * i / max(n, 1))
                if node.depth == 0:
                    _log(job, f"Đang tổng hợp {node.number}: {node.plain_title[:1].lower()}{node.plain_title[1:]}.", progress=percent)
                elif percent >= job.progress + 5:
                    job.progress = percent
                    ReportJob.objects.filter(pk=job.pk).update(progress=percent, **jobs.beat())

            stem, data = render_report(job.report, progress=progress)
            name = write_once(job_path(job, stem, "docx"), data)
            job.file.name = name
            _log(job, f"Đã tạo tệp Word ({_size(len(data))}).", file=name, progress=90)
        finish_job(job, started)
        return job
    except TRANSIENT_ERRORS as exc:
        if not final_attempt:
            _log(job, f"Lỗi tạm thời ({type(exc).__name__}: {exc}); hệ thống sẽ tự chạy lại.", status=JobStatus.QUEUED)
            raise
        _fail(job, f"Không tạo được báo cáo sau {f.quantity(job.attempts, 'lần')} thử: {exc}")
        return job
    except rendering.TemplateError as exc:
        _fail(job, f"Mẫu Word không dùng được: {exc}")
        return job
    except rendering.SectionError as exc:
        logger.exception("Report job %s failed in a section", job_id)
        _fail(job, f"Không tạo được báo cáo: {exc}")
        return job
    except Exception as exc:  # noqa: BLE001 - any other error is recorded on the job, not retried
        logger.exception("Report job %s failed", job_id)
        _fail(job, f"Không tạo được báo cáo: lỗi {type(exc).__name__}: {exc}")
        return job


def finish_job(job, started):
    """The step after the DOCX is saved: the job is done (a crash here is retried, keeping the file)."""
    _log(
        job, f"Hoàn thành sau {f.number(round(time.monotonic() - started, 1))} giây.",
        status=JobStatus.DONE, progress=100, finished_at=timezone.now(),
    )


def _fail(job, message):
    _log(job, message, status=JobStatus.FAILED, error=message, finished_at=timezone.now())


def build_to_file(report, path):
    """`manage.py build_report`: the same rendering as a job, written to `path`; returns seconds taken."""
    started = time.perf_counter()
    _stem, data = render_report(report)
    Path(path).write_bytes(data)
    return time.perf_counter() - started



# ---------------------------------------------------------------------------------------------
# Phrases (mẫu câu) of the province
# ---------------------------------------------------------------------------------------------


def save_phrase(user, key, text):
    """Store the province's wording of phrase `key` (the default again: the override is removed).
    Refused in Vietnamese (ValidationError) when a placeholder is unknown or the syntax is wrong."""
    from core import reporting
    from reports.wording import ReportPhrase

    if not selectors.can_edit_phrase(user, key):
        raise PermissionDenied("Chỉ chuyên viên phòng phụ trách mục báo cáo hoặc quản trị viên được sửa mẫu câu này.")
    try:
        declared = reporting.get_phrase(key)
    except KeyError:
        raise ValidationError(f"Không có mẫu câu «{key}».") from None
    text = core_text.clean(text, "Mẫu câu").strip()
    try:
        declared.check(text)
    except reporting.PhraseError as exc:
        raise ValidationError(str(exc)) from None
    if text == declared.default:
        ReportPhrase.objects.filter(key=key).delete()
        return None
    phrase, _created = ReportPhrase.objects.update_or_create(key=key, defaults={"text": text, "updated_by": user})
    return phrase


def reset_phrase(user, key):
    from reports.wording import ReportPhrase

    if not selectors.can_edit_phrase(user, key):
        raise PermissionDenied("Chỉ chuyên viên phòng phụ trách mục báo cáo hoặc quản trị viên được sửa mẫu câu này.")
    ReportPhrase.objects.filter(key=key).delete()
