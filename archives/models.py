"""Archives (DESIGN §5): the historical archive's fonds (phông) and accessions (giao nộp), the
archive work done per unit (kiểm tra, thẩm tra tài liệu hết giá trị, tiêu hủy, chỉnh lý, thay hộp,
khảo sát tài liệu tồn đọng, số hóa) and the access requests it served (lượt khai thác).

Metres are Decimal (two places: «2,65 mét»), never float, so sums are exact in the database.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import OrgUnit

METRES = {"max_digits": 9, "decimal_places": 2}


def registry_history():
    """Who changed a row, when, and what it held (the user comes from HistoryRequestMiddleware)."""
    return HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi")


class Fonds(models.Model):
    """A fonds (phông lưu trữ) kept by the historical archive: the records of one creating body."""

    code = models.CharField("số phông", max_length=20, unique=True)
    name = models.CharField("tên phông", max_length=300)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="cơ quan hình thành phông", null=True, blank=True, on_delete=models.PROTECT,
        related_name="archive_fonds",
    )
    metres = models.DecimalField("số mét giá", default=0, **METRES)
    boxes = models.PositiveIntegerField("số hộp", default=0)
    files = models.PositiveIntegerField("số hồ sơ", null=True, blank=True)
    start_year = models.PositiveSmallIntegerField("tài liệu từ năm", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("tài liệu đến năm", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "phông lưu trữ"
        verbose_name_plural = "phông lưu trữ"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(metres__gte=0), name="fonds_metres_not_negative"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="fonds_years_in_order"),
        ]

    def __str__(self):
        return f"Phông {self.code} — {self.name}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "Năm kết thúc phải từ năm bắt đầu trở đi."})


class Accession(models.Model):
    """Records a unit handed over to the historical archive (giao nộp, nộp lưu)."""

    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị giao nộp", on_delete=models.PROTECT,
                             related_name="archive_accessions")
    fonds = models.ForeignKey(Fonds, verbose_name="phông", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="accessions")
    received_on = models.DateField("ngày tiếp nhận")
    metres = models.DecimalField("số mét giá", **METRES)
    boxes = models.PositiveIntegerField("số hộp", null=True, blank=True)
    files = models.PositiveIntegerField("số hồ sơ", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "lượt giao nộp tài liệu"
        verbose_name_plural = "giao nộp tài liệu"
        ordering = ["-received_on", "unit__name"]
        indexes = [models.Index(fields=["received_on"])]
        constraints = [models.CheckConstraint(condition=Q(metres__gt=0), name="accession_metres_positive")]

    def __str__(self):
        return f"Giao nộp {self.received_on:%d/%m/%Y} — {self.unit}"


class WorkKind(models.TextChoices):
    INSPECTION = "kiem_tra", "Kiểm tra công tác văn thư, lưu trữ"
    APPRAISAL = "tham_tra", "Thẩm tra tài liệu hết giá trị"
    DISPOSAL = "tieu_huy", "Tiêu hủy tài liệu hết giá trị"
    ARRANGEMENT = "chinh_ly", "Chỉnh lý tài liệu"
    BOX_REPLACEMENT = "thay_hop", "Thay hộp, bìa hồ sơ"
    BACKLOG_SURVEY = "khao_sat", "Khảo sát tài liệu tồn đọng"
    DIGITIZATION = "so_hoa", "Số hóa tài liệu"


class WorkStatus(models.TextChoices):
    PLANNED = "ke_hoach", "Kế hoạch"
    RECEIVED = "tiep_nhan", "Tiếp nhận hồ sơ"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"
    HANDED_OVER = "ban_giao", "Hoàn thành và bàn giao"


FINISHED = (WorkStatus.DONE, WorkStatus.HANDED_OVER)
OPEN_EVENTS = (WorkStatus.PLANNED, WorkStatus.RECEIVED)
# Only arranged records are handed back to their unit (chỉnh lý xong, bàn giao).
HANDED_OVER_KINDS = (WorkKind.ARRANGEMENT,)


class WorkItem(models.Model):
    """One piece of archive work about one unit's records, at the status it has reached.

    `started_on` is when it began (the plan, or the dossier received); `finished_on` is when it was
    finished (or handed over) and is required exactly for the finished statuses. A report counts a
    finished item in the period of `finished_on`, a planned or received one in the period of
    `started_on`, and one started but not finished by a period's end as in progress then."""

    kind = models.CharField("loại công việc", max_length=20, choices=WorkKind.choices)
    status = models.CharField("tình trạng", max_length=20, choices=WorkStatus.choices, default=WorkStatus.DONE)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="archive_work")
    fonds = models.ForeignKey(Fonds, verbose_name="phông", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="work_items")
    metres = models.DecimalField("số mét giá", null=True, blank=True, **METRES)
    fonds_count = models.PositiveIntegerField("số phông", null=True, blank=True)
    boxes = models.PositiveIntegerField("số hộp", null=True, blank=True)
    pages = models.PositiveIntegerField("số trang", null=True, blank=True)
    started_on = models.DateField("ngày bắt đầu (tiếp nhận)")
    finished_on = models.DateField("ngày hoàn thành (bàn giao)", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "công việc lưu trữ"
        verbose_name_plural = "công việc lưu trữ"
        ordering = ["-started_on", "kind", "unit__name"]
        indexes = [models.Index(fields=["kind", "finished_on"]), models.Index(fields=["kind", "started_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(metres__isnull=True) | Q(metres__gte=0), name="workitem_metres_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=FINISHED, finished_on__isnull=False)
                | (~Q(status__in=FINISHED) & Q(finished_on__isnull=True)),
                name="workitem_finished_date_iff_finished"),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("started_on")),
                name="workitem_dates_in_order"),
            models.CheckConstraint(condition=~Q(status=WorkStatus.HANDED_OVER) | Q(kind__in=HANDED_OVER_KINDS),
                                   name="workitem_handed_over_only_arranged"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display().lower()}) — {self.unit}"

    def clean(self):
        errors = {}
        if self.status in FINISHED and not self.finished_on:
            errors["finished_on"] = "Công việc đã hoàn thành thì phải có ngày hoàn thành."
        if self.status not in FINISHED and self.finished_on:
            errors["finished_on"] = "Chỉ ghi ngày hoàn thành khi công việc đã hoàn thành hoặc bàn giao."
        if self.status == WorkStatus.HANDED_OVER and self.kind not in HANDED_OVER_KINDS:
            errors["status"] = "Chỉ công việc chỉnh lý tài liệu mới có tình trạng «Hoàn thành và bàn giao»."
        if self.finished_on and self.started_on and self.finished_on < self.started_on:
            errors["finished_on"] = "Ngày hoàn thành không được trước ngày bắt đầu."
        if errors:
            raise ValidationError(errors)


class AccessService(models.TextChoices):
    CERTIFIED = "chung_thuc", "Chứng thực"
    COPY = "ban_sao", "Bản sao"
    WRITTEN_ANSWER = "tra_loi", "Trả lời bằng văn bản"
    READING_ROOM = "doc_tai_cho", "Đọc tại chỗ"


class AccessRequest(models.Model):
    """A request to use the archive's records (lượt khai thác), by the service given.
    `unit` is the archive that served it (the historical archive centre)."""

    unit = models.ForeignKey(OrgUnit, verbose_name="lưu trữ phục vụ", on_delete=models.PROTECT,
                             related_name="archive_access_requests")
    service = models.CharField("hình thức khai thác", max_length=20, choices=AccessService.choices)
    requester = models.CharField("người, cơ quan yêu cầu", max_length=200)
    requested_on = models.DateField("ngày yêu cầu")
    fonds = models.ForeignKey(Fonds, verbose_name="phông", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="access_requests")
    quantity = models.PositiveIntegerField("số lượt", default=1)
    purpose = models.CharField("mục đích", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "lượt khai thác tài liệu"
        verbose_name_plural = "khai thác tài liệu"
        ordering = ["-requested_on", "service"]
        indexes = [models.Index(fields=["requested_on", "service"])]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="accessrequest_quantity_positive")]

    def __str__(self):
        return f"{self.get_service_display()} {self.requested_on:%d/%m/%Y} — {self.requester}"
