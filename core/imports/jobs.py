"""Running imports and their jobs: the flow every import kind shares.

    table = read_workbook(data, kind)                  # InvalidFile when the file can't be used
    outcome = run_import(kind, data, dry_run=True)     # preview: counts, first rows, problems
    outcome = run_import(kind, data, dry_run=False)    # one transaction; nothing saved on any error

Import jobs wrap that for the pages (`core.imports.views`): `start_import` saves the upload and
checks it (inline for small files, a Celery task of `core.tasks` from `ASYNC_THRESHOLD` rows),
`confirm_import` applies it, `rerun_import` re-runs once a job whose worker died. Who may import
a kind is the kind's own rule (`ImportKind.allowed`); the units its rows may name are the user's
reach (`ImportKind.unit_ids`).
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from core import formatting, jobs
from core.access import scope_for
from core.imports import reader, registry, signals
from core.imports import resources as res
from core.imports.registry import InvalidFile, InvalidState, PermissionDenied, UserError  # noqa: F401
from core.imports.workbook import MAX_UPLOAD_BYTES, Rows, Table, _check_package, build_feedback, read_workbook
from core.models import ImportJob, ImportStatus

log = logging.getLogger(__name__)

ASYNC_THRESHOLD = 2_000  # rows; from here a file is checked and imported by a Celery task
ANALYZE_FROM = 1_000  # rows written; from here the table's planner statistics are refreshed (PostgreSQL)


def allowed_unit_ids(user, kind):
    """Units whose rows `user` may import for `kind` (None = all); PermissionDenied otherwise."""
    return registry.resolve(kind).unit_ids(user)


TYPE_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "skip": "Không thay đổi", "invalid": "Có lỗi", "error": "Có lỗi"}


@dataclass
class ImportOutcome:
    kind: str
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    problems: list = field(default_factory=list)  # [{"row", "column", "value", "message"}]
    preview: list = field(default_factory=list)  # [{"row", "status", "values": [...]}]
    headers: list = field(default_factory=list)
    saved: bool = False
    dry_run: bool = True
    table: Table | None = field(default=None, repr=False)

    @property
    def ok(self):
        return not self.problems

    @property
    def bad_rows(self):
        return sorted({p["row"] for p in self.problems if p["row"]})

    def counts(self):
        return {"total": self.total, "new": self.new, "update": self.updated, "skip": self.unchanged,
                "invalid": len(self.bad_rows)}


def _display(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return formatting.short_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formatting.nfc(str(value))


def run_import(kind, data, *, unit_ids=None, dry_run=True, progress=None, table=None):
    """Check (dry run) or apply a file of `kind` (a key or an ImportKind); all-or-nothing. Returns an ImportOutcome.

    `unit_ids`: the units rows may name (None = any); `progress(done, total)` is called now and then.
    Raises InvalidFile when the file itself can't be used.
    """
    kind = registry.resolve(kind)
    table = table or read_workbook(data, kind)
    resource = kind.resource(allowed_unit_ids=unit_ids, progress=progress)
    resource.row_numbers = table.row_numbers
    result = resource.import_data(
        table.dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    columns = {name: header for header, name in res.columns(kind.resource)}
    outcome = ImportOutcome(kind=kind.key, total=len(table.dataset), dry_run=dry_run, table=table,
                            headers=list(table.dataset.headers))
    outcome.new = result.totals.get("new", 0)
    outcome.updated = result.totals.get("update", 0)
    outcome.unchanged = result.totals.get("skip", 0)
    headers = table.dataset.headers
    for invalid in result.invalid_rows:
        number = resource.file_row(invalid.number)
        values = list(invalid.values or ())
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, "")
            value = _display(values[headers.index(column)]) if column in headers and values else ""
            for message in messages:
                outcome.problems.append({"row": number, "column": column, "value": value, "message": message})
    for error_row in result.error_rows:
        number = resource.file_row(error_row.number)
        for error in error_row.errors:
            log.warning("Lỗi khi nhập dòng %s: %r", number, error.error)
            outcome.problems.append({"row": number, "column": "", "value": "",
                                     "message": "Lỗi hệ thống khi xử lý dòng này; vui lòng báo quản trị hệ thống."})
    for error in result.base_errors:
        log.error("Lỗi khi nhập tệp %s: %r", kind.key, error.error)
        outcome.problems.append({"row": 0, "column": "", "value": "", "message": _base_error_message(error.error)})
    outcome.problems.sort(key=lambda p: (p["row"], list(columns.values()).index(p["column"]) if p["column"] in columns.values() else -1))
    outcome.invalid = len(outcome.bad_rows)
    for number in range(1, min(res.PREVIEW_ROWS, len(table.dataset)) + 1):
        import_type = resource.preview_types.get(number, "invalid")
        outcome.preview.append({
            "row": table.row_numbers[number - 1],
            "status": import_type,
            "status_label": TYPE_LABELS.get(import_type, import_type),
            "values": [_display(v) for v in table.dataset[number - 1]],
            # «Trường: cũ → mới» for every field an updated row changes.
            "changes": resource.changes.get(number, []) if import_type == "update" else [],
        })
    outcome.saved = not dry_run and outcome.ok
    if outcome.saved and outcome.new + outcome.updated:
        model = kind.resource._meta.model
        written = outcome.new + outcome.updated
        # After the commit (at once outside a transaction): a rolled-back outer transaction sends nothing.
        transaction.on_commit(lambda: signals.rows_written.send(sender=model, model=model, kind=kind.key, rows=written))
    return outcome


def refresh_statistics(kind, outcome):
    """After a large import on PostgreSQL: ANALYZE the register's table now (the planner's statistics
    otherwise still describe the table before the file until autovacuum comes round, and the pages
    that read it may be planned for an empty table), and VACUUM it once the import has committed:
    an index-only scan needs the visibility map that only VACUUM sets, and VACUUM cannot run inside
    a transaction (queued for the commit, at once outside one; dropped with a rolled-back one).
    Either failing is logged, never the import's failure."""
    if connection.vendor != "postgresql" or outcome.dry_run or not outcome.saved \
            or outcome.new + outcome.updated < ANALYZE_FROM:
        return
    table = connection.ops.quote_name(registry.resolve(kind).resource._meta.model._meta.db_table)
    _maintain(f"ANALYZE {table}", savepoint=True)  # a failure must not break a surrounding transaction
    transaction.on_commit(lambda: _vacuum(table))


def _vacuum(table):
    # An on-commit callback still inside a transaction (a test's, or an outer block run eagerly)
    # cannot VACUUM: trying would abort that transaction. Autovacuum comes round then.
    if _outside_transaction():
        _maintain(f"VACUUM {table}")


def _outside_transaction():
    return not connection.in_atomic_block


def _maintain(sql, savepoint=False):
    try:
        with transaction.atomic() if savepoint else contextlib.nullcontext(), connection.cursor() as cursor:
            cursor.execute(sql)
    except Exception:  # noqa: BLE001 - statistics are an optimisation; the import is saved
        log.warning("Không cập nhật được thống kê sau khi nhập (%s)", sql, exc_info=True)


def _base_error_message(error):
    from django.db import IntegrityError

    if isinstance(error, IntegrityError):
        return "Dữ liệu vừa được thay đổi bởi một lượt nhập khác; chưa lưu dòng nào. Vui lòng kiểm tra và nhập lại."
    return "Lỗi hệ thống khi lưu dữ liệu; chưa lưu dòng nào. Vui lòng báo quản trị hệ thống."


class ProgressWriter:
    """Writes a job's progress (%) while an import runs inside its transaction.

    The write goes through a separate connection so the progress page sees it before the import
    commits; on SQLite (one writer at a time, eager tasks) progress is only written between phases.
    """

    def __init__(self, job_id, low=0, high=100):
        self.job_id, self.low, self.high = job_id, low, high
        self.last = -1
        self.side = None
        if connection.vendor == "postgresql":
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # noqa: BLE001 - progress is best effort
                self.side = None

    def __call__(self, done, total):
        if self.side is None or not total:
            return
        percent = self.low + (self.high - self.low) * done // total
        if percent == self.last:
            return
        self.last = percent
        try:
            with self.side.cursor() as cursor:
                # The progress write is also the job's heartbeat (core.jobs: a silent job is stale).
                cursor.execute(f"UPDATE {ImportJob._meta.db_table} SET progress = %s, heartbeat_at = %s WHERE id = %s",
                               [percent, timezone.now(), self.job_id])
        except Exception:  # noqa: BLE001
            log.warning("Không ghi được tiến độ nhập %s", self.job_id, exc_info=True)
            self.close()

    def close(self):
        if self.side is not None:
            try:
                self.side.close()
            finally:
                self.side = None


def _job_data(job):
    job.file.open("rb")
    try:
        return job.file.read()
    finally:
        job.file.close()


def _table_json(table):
    """The parsed rows as JSON (dates written dd/mm/yyyy, which the date widget reads back)."""
    def cell(value):
        if hasattr(value, "strftime"):
            return formatting.short_date(value)
        return value

    return json.dumps({
        "headers": list(table.dataset.headers),
        "rows": [[cell(v) for v in row] for row in table.dataset],
        "row_numbers": table.row_numbers,
    }, ensure_ascii=False).encode()


def _cached_table(job):
    """The rows read when the job was checked, or None (then the Excel file is read again)."""
    if not job.parsed:
        return None
    try:
        job.parsed.open("rb")
        try:
            payload = json.loads(job.parsed.read())
        finally:
            job.parsed.close()
        dataset = Rows(payload["rows"], headers=payload["headers"])
        if list(dataset.headers) != [h for h, _n in res.columns(registry.resolve(job.kind).resource)]:
            return None
        return Table(dataset, payload["row_numbers"])
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("Không đọc được dữ liệu đã lưu của lượt nhập %s; đọc lại tệp Excel.", job.pk)
        return None


def _store_outcome(job, outcome, *, status):
    job.counts = outcome.counts()
    job.total_rows = outcome.total
    job.preview = outcome.preview
    job.errors = outcome.problems[:500]
    job.status = status
    job.progress = 100
    if outcome.problems:
        name = f"phan-hoi-loi-{job.pk}.xlsx"
        job.feedback.save(name, ContentFile(build_feedback(outcome.problems, outcome.table)), save=False)
        job.message = (f"Tệp có {formatting.count(outcome.invalid) if outcome.invalid else 'một số'} dòng lỗi; "
                       "chưa lưu dòng nào. Tải tệp phản hồi để xem lý do từng dòng, sửa rồi tải lên lại.")
    job.finished_at = timezone.now()
    job.save()


def start_import(user, kind, uploaded, *, skip_preview=False):
    """Save the upload as a job and check it: inline for small files, a Celery task for large ones.

    `skip_preview`: no stop at the preview; the file is checked and saved in one pass (still
    all-or-nothing: a file with a bad row saves nothing and gets its feedback workbook)."""
    spec = registry.get(kind)
    if spec is None:
        raise InvalidFile("Vui lòng chọn loại dữ liệu cần nhập.")
    unit_ids = spec.unit_ids(user)  # permission first
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise InvalidFile(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
    data = uploaded.read()
    _check_package(data)
    last = reader.last_row(data, prefer_sheet=spec.data_sheet)
    table = None
    if last is None or last - 1 < ASYNC_THRESHOLD:
        table = read_workbook(data, spec)  # a file that can't be used is refused on the upload page
        rows = len(table.dataset)
    else:
        rows = last - 1  # a large file is read by the worker; its problems show on the job page
    name = formatting.nfc(getattr(uploaded, "name", "") or "tep.xlsx")[-200:]
    job = ImportJob(kind=kind, user=user, original_name=name, total_rows=rows, skip_preview=skip_preview)
    job.file.save(f"nhap-{kind}.xlsx", ContentFile(data), save=False)
    if table is not None and rows >= ASYNC_THRESHOLD:
        # Read here already (the file gave no size): the worker starts from these rows, not the file.
        job.parsed.save(f"du-lieu-{kind}.json", ContentFile(_table_json(table)), save=False)
    job.save()
    if rows >= ASYNC_THRESHOLD:
        from core import tasks

        transaction.on_commit(lambda: tasks.check_import.delay(job.pk))
        job.refresh_from_db()  # outside a transaction (a script), the eager task has already run
        return job
    return check_job(job.pk, unit_ids=unit_ids, data=data, table=table)


def check_job(job_id, *, unit_ids=None, data=None, table=None):
    """The dry run of a job: counts, preview, problems and feedback; READY or INVALID.
    A job uploaded with `skip_preview` is applied instead (DONE or INVALID)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.skip_preview:
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
            status=ImportStatus.IMPORTING, progress=0, **jobs.beat())
        if not claimed and job.status != ImportStatus.IMPORTING:  # a re-delivered task after the job ended
            return job
        return apply_job(job.pk, unit_ids=unit_ids, data=data, table=table)
    if unit_ids is None and not scope_for(job.user).is_admin:
        unit_ids = allowed_unit_ids(job.user, job.kind)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, progress=0, **jobs.beat())
    progress = ProgressWriter(job.pk)
    try:
        table = table if table is not None else _cached_table(job)
        outcome = run_import(job.kind, data if data is not None or table is not None else _job_data(job),
                             unit_ids=unit_ids, dry_run=True, progress=progress, table=table)
    except InvalidFile as exc:
        job.status, job.message, job.progress, job.finished_at = ImportStatus.INVALID, exc.message, 100, timezone.now()
        job.save()
        return job
    finally:
        progress.close()
    if outcome.ok:
        job.message = ""
        if not job.parsed:
            job.parsed.save(f"du-lieu-{job.pk}.json", ContentFile(_table_json(outcome.table)), save=False)
    _store_outcome(job, outcome, status=ImportStatus.READY if outcome.ok else ImportStatus.INVALID)
    return job


def confirm_import(user, job):
    """Apply a checked job (READY): inline, or a Celery task for large files. Only its owner may."""
    allowed_unit_ids(user, job.kind)
    if job.user_id != user.pk and not scope_for(user).is_admin:
        raise PermissionDenied("Anh/chị chỉ xác nhận được lượt nhập do mình tải lên.")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, progress=0, **jobs.beat())
    if not claimed:
        raise InvalidState("Lượt nhập này không ở trạng thái chờ xác nhận (có thể đã được nhập).")
    if job.total_rows >= ASYNC_THRESHOLD:
        from core import tasks

        transaction.on_commit(lambda: tasks.apply_import.delay(job.pk))
        job.refresh_from_db()
        return job
    return apply_job(job.pk)


def rerun_import(user, job):
    """Re-run, once, a job whose worker died (stale, `core.jobs`), from its stored file or parsed
    rows: a job that was being checked is checked again, one that was being imported is imported
    again (its transaction died with the worker, so nothing was half-saved; the re-run is the same
    all-or-nothing import). Its owner, staff of the Sở or an admin may; PermissionDenied,
    InvalidState otherwise."""
    allowed_unit_ids(user, job.kind)
    if not jobs.may_rerun(user, job.user_id, scope_for(user)):
        raise PermissionDenied("Anh/chị không được chạy lại lượt nhập này.")
    restart = ImportStatus.IMPORTING if job.status == ImportStatus.IMPORTING else ImportStatus.UPLOADED
    message = f"{jobs.INTERRUPTED_MESSAGE}; đang chạy lại."
    if not jobs.claim_rerun(job, status=restart, progress=0, message=message):
        if job.reruns >= jobs.MAX_RERUNS and job.status in ImportJob.RUNNING_STATUSES:
            raise InvalidState("Lượt nhập này đã được chạy lại một lần; vui lòng tải tệp lên lại.")
        raise InvalidState("Lượt nhập này không bị gián đoạn (đang chạy hoặc đã xong); không cần chạy lại.")
    log.warning("Chạy lại lượt nhập %s (%s) do %s", job.pk, restart, user)
    if job.total_rows >= ASYNC_THRESHOLD:
        from core import tasks

        task = tasks.apply_import if restart == ImportStatus.IMPORTING else tasks.check_import
        transaction.on_commit(lambda: task.delay(job.pk))
        job.refresh_from_db()
        return job
    if restart == ImportStatus.IMPORTING:
        return apply_job(job.pk)
    return check_job(job.pk)


def apply_job(job_id, *, unit_ids=None, data=None, table=None):
    """Import a job's file for real, all-or-nothing. Idempotent: a re-run changes nothing."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ImportStatus.DONE:
        return job
    if unit_ids is None and not scope_for(job.user).is_admin:
        unit_ids = allowed_unit_ids(job.user, job.kind)
    progress = ProgressWriter(job.pk)
    try:
        table = table if table is not None else _cached_table(job)
        outcome = run_import(job.kind, data if data is not None or table is not None else _job_data(job),
                             unit_ids=unit_ids, dry_run=False, progress=progress, table=table)
    except InvalidFile as exc:
        job.status, job.message, job.finished_at = ImportStatus.INVALID, exc.message, timezone.now()
        job.save()
        return job
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message="Lỗi hệ thống khi nhập; chưa lưu dòng nào.", finished_at=timezone.now())
        raise
    finally:
        progress.close()
    if not outcome.ok and ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists():
        # A re-run raced a worker that was slow, not dead: that one saved the file (its rows made
        # this run's inserts clash); its result stands, this run saved nothing.
        job.refresh_from_db()
        return job
    if outcome.ok:
        refresh_statistics(job.kind, outcome)
        job.message = (f"Đã nhập {formatting.number(outcome.total)} dòng: thêm mới {formatting.number(outcome.new)}, "
                       f"cập nhật {formatting.number(outcome.updated)}, không thay đổi {formatting.number(outcome.unchanged)}.")
    _store_outcome(job, outcome, status=ImportStatus.DONE if outcome.ok else ImportStatus.INVALID)
    return job
