"""Key tasks of a year's plan and the chairman's directives, with their follow-up (DESIGN §6).

- `Plan`: a unit's plan of key tasks for a year (the Sở's «Nhiệm vụ trọng tâm năm 2022»), its
  basis document optional; `PlanField`: the plan's fields (lĩnh vực), in order; `Task`: one key
  task with its deadline as written and the due date derived from it (`plans.deadlines`), the
  lead office and partners, status and dated progress notes (`TaskProgress`).
- `Directive`: a notice of conclusions (thông báo kết luận) entered as a `LegalDocument` with its
  signer; `DirectiveItem`: a numbered item assigned to an office or unit with a deadline, status
  and dated progress reports by the assignee (`DirectiveReport`).

A task or an item is overdue when its due date has passed and it is not done; that is computed
in the database from `due_date`/`deadline` and `status` (selectors), never stored.
"""

from django.conf import settings
from django.db import models

from core.models import LegalDocument, OrgUnit


class Status(models.TextChoices):
    NOT_STARTED = "chua_thuc_hien", "Chưa thực hiện"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"
    LATE = "cham", "Chậm"


class Plan(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=300)
    basis = models.ForeignKey(
        LegalDocument, verbose_name="văn bản ban hành", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời gian tạo", auto_now_add=True)

    class Meta:
        verbose_name = "kế hoạch nhiệm vụ trọng tâm"
        verbose_name_plural = "kế hoạch nhiệm vụ trọng tâm"
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year")]

    def __str__(self):
        return self.title


class PlanField(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField("thứ tự")
    number = models.CharField("số thứ tự (như I, II)", max_length=10, blank=True)
    name = models.CharField("lĩnh vực", max_length=300)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="planfield_order")]

    def __str__(self):
        return self.name


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="tasks")
    field = models.ForeignKey(PlanField, verbose_name="lĩnh vực", on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField("thứ tự trong kế hoạch")
    number = models.CharField("STT", max_length=10, blank=True)
    group = models.CharField("nhóm (tiêu đề phụ)", max_length=300, blank=True)
    content = models.TextField("nội dung")
    deadline_text = models.CharField("thời gian hoàn thành", max_length=200, blank=True)
    due_date = models.DateField("hạn (suy ra)", null=True, blank=True)
    products = models.CharField("sản phẩm", max_length=300, blank=True)
    lead_office = models.ForeignKey(
        OrgUnit, verbose_name="đơn vị chủ trì", null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_text = models.CharField("đơn vị chủ trì (như ghi trong kế hoạch)", max_length=300, blank=True)
    partners = models.CharField("đơn vị phối hợp", max_length=500, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "nhiệm vụ trọng tâm"
        verbose_name_plural = "nhiệm vụ trọng tâm"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="task_plan_order")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.number}. {self.content[:80]}"


class TaskProgress(models.Model):
    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người ghi", on_delete=models.PROTECT,
                               related_name="+")
    on = models.DateField("ngày")
    text = models.TextField("nội dung")
    status = models.CharField("tình trạng sau ghi nhận", max_length=20, choices=Status.choices)
    created_at = models.DateTimeField("thời gian tạo", auto_now_add=True)

    class Meta:
        verbose_name = "ghi nhận tiến độ"
        verbose_name_plural = "ghi nhận tiến độ"
        ordering = ["-on", "-id"]


class Directive(models.Model):
    """A notice of conclusions; its number, date, issuer and subject are its `document`'s."""

    document = models.OneToOneField(LegalDocument, verbose_name="văn bản", on_delete=models.PROTECT,
                                    related_name="directive")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị theo dõi", on_delete=models.PROTECT,
                             related_name="directives")
    signer = models.CharField("người ký", max_length=200, blank=True)
    created_at = models.DateTimeField("thời gian tạo", auto_now_add=True)

    class Meta:
        verbose_name = "thông báo kết luận"
        verbose_name_plural = "thông báo kết luận"
        ordering = ["-document__issued_on", "-id"]

    def __str__(self):
        return self.document.short_citation()


class DirectiveItem(models.Model):
    directive = models.ForeignKey(Directive, verbose_name="thông báo", on_delete=models.CASCADE,
                                  related_name="items")
    number = models.PositiveSmallIntegerField("số thứ tự")
    content = models.TextField("nội dung")
    assignee = models.ForeignKey(OrgUnit, verbose_name="giao cho", on_delete=models.PROTECT,
                                 related_name="directive_items")
    deadline = models.DateField("hạn", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        verbose_name = "nội dung kết luận"
        verbose_name_plural = "nội dung kết luận"
        ordering = ["directive", "number"]
        constraints = [models.UniqueConstraint(fields=["directive", "number"], name="directiveitem_number")]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.number}. {self.content[:80]}"


class DirectiveReport(models.Model):
    item = models.ForeignKey(DirectiveItem, verbose_name="nội dung", on_delete=models.CASCADE,
                             related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người báo cáo", on_delete=models.PROTECT,
                               related_name="+")
    on = models.DateField("ngày")
    text = models.TextField("nội dung báo cáo")
    status = models.CharField("tình trạng sau báo cáo", max_length=20, choices=Status.choices)
    created_at = models.DateTimeField("thời gian tạo", auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["-on", "-id"]
