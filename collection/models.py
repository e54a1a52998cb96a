"""The DHIS2-like collection core: definitions (data sets, elements, rules), submissions and values."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import OrgUnit, OrgUnitKind, Period, PeriodType


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    PERCENT = "percent", "Tỷ lệ (%)"
    MONEY = "money", "Tiền (đồng)"
    TEXT = "text", "Văn bản"
    BOOLEAN = "boolean", "Có/Không"  # stored as 1/0, so rules and sums (units answering «Có») work


class Aggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn"
    AVERAGE = "average", "Trung bình"
    NONE = "none", "Không tổng hợp"


class CategoryCombo(models.Model):
    """A small disaggregation, e.g. tập thể / cá nhân or cấp tỉnh / cấp huyện / cấp xã."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)

    class Meta:
        verbose_name = "nhóm phân tổ"
        verbose_name_plural = "nhóm phân tổ"

    def __str__(self):
        return self.name


class CategoryOption(models.Model):
    combo = models.ForeignKey(CategoryCombo, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tên", max_length=120)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phân tổ"
        verbose_name_plural = "phân tổ"
        ordering = ["combo", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["combo", "code"], name="categoryoption_unique_code")]

    def __str__(self):
        return self.name


class DataElement(models.Model):
    code = models.CharField("mã chỉ tiêu", max_length=60, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit_label = models.CharField("đơn vị tính", max_length=40, blank=True, help_text="Ví dụ: người, hồ sơ, mét, %")
    value_type = models.CharField("kiểu giá trị", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    aggregation = models.CharField("cách tổng hợp", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    combo = models.ForeignKey(
        CategoryCombo, verbose_name="phân tổ", null=True, blank=True, on_delete=models.PROTECT, related_name="elements"
    )
    min_value = models.DecimalField("giá trị nhỏ nhất", max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("giá trị lớn nhất", max_digits=20, decimal_places=4, null=True, blank=True)
    description = models.TextField("hướng dẫn nhập", blank=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_numeric(self):
        return self.value_type != ValueType.TEXT

    def clean(self):
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": "Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất."})


class DataSet(models.Model):
    """A form (biểu mẫu) that units fill for each period of its type."""

    code = models.CharField("mã biểu mẫu", max_length=40, unique=True)
    name = models.CharField("tên biểu mẫu", max_length=300)
    period_type = models.CharField("loại kỳ", max_length=20, choices=PeriodType.choices, default=PeriodType.SIX_MONTH)
    description = models.TextField("hướng dẫn", blank=True)
    reporting_kinds = models.JSONField(
        "loại đơn vị phải báo cáo", default=list, blank=True, help_text="Danh sách mã loại đơn vị, ví dụ [\"district\", \"commune\"]"
    )
    units = models.ManyToManyField(
        OrgUnit, verbose_name="đơn vị phải báo cáo (thêm)", blank=True, related_name="assigned_data_sets"
    )
    reviewing_office = models.ForeignKey(
        OrgUnit,
        verbose_name="phòng, ban của Sở xét duyệt",
        on_delete=models.PROTECT,
        related_name="reviewed_data_sets",
        limit_choices_to={"kind__in": [OrgUnitKind.OFFICE, OrgUnitKind.HOME_AFFAIRS]},
    )
    deadline_days = models.SmallIntegerField(
        "hạn gửi (số ngày sau khi kết thúc kỳ)", null=True, blank=True, help_text="Để trống: dùng hạn của kỳ báo cáo"
    )
    expiry_days = models.PositiveSmallIntegerField(
        "khóa nhập sau hạn (số ngày)", null=True, blank=True, help_text="Để trống: không tự khóa khi quá hạn"
    )
    is_active = models.BooleanField("đang sử dụng", default=True)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def clean(self):
        unknown = set(self.reporting_kinds or []) - set(OrgUnitKind.values)
        if unknown:
            raise ValidationError({"reporting_kinds": f"Loại đơn vị không hợp lệ: {', '.join(sorted(unknown))}"})

    def deadline_for(self, period):
        if self.deadline_days is None:
            return period.deadline
        return period.end + datetime.timedelta(days=self.deadline_days)

    def expiry_for(self, period):
        """Last day values may be entered, or None when the form never expires."""
        if self.expiry_days is None:
            return None
        return self.deadline_for(period) + datetime.timedelta(days=self.expiry_days)

    def expected_units(self, period):
        """Units that must report this data set for `period`: valid during it, by kind or by name."""
        active = OrgUnit.objects.active_during(period.start, period.end)
        return active.filter(Q(kind__in=self.reporting_kinds or []) | Q(pk__in=self.units.values("pk")))


class Section(models.Model):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField("mã phần", max_length=40)
    title = models.CharField("tiêu đề", max_length=300)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phần của biểu mẫu"
        verbose_name_plural = "phần của biểu mẫu"
        ordering = ["data_set", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["data_set", "code"], name="section_unique_code")]

    def __str__(self):
        return self.title


class SectionElement(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="placements")
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu trong biểu mẫu"
        verbose_name_plural = "chỉ tiêu trong biểu mẫu"
        ordering = ["section", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["section", "element"], name="sectionelement_unique")]


class Operator(models.TextChoices):
    EQ = "==", "bằng"
    NE = "!=", "khác"
    LT = "<", "nhỏ hơn"
    LE = "<=", "không lớn hơn"
    GT = ">", "lớn hơn"
    GE = ">=", "không nhỏ hơn"


class Severity(models.TextChoices):
    ERROR = "error", "Lỗi (chặn gửi)"
    WARNING = "warning", "Cảnh báo"


class ValidationRule(models.Model):
    """`left operator right` over element codes, e.g. `#{HS_DUNG_HAN} + #{HS_TRE_HAN} <= #{HS_TIEP_NHAN}`.

    `#{CODE}` is the element's total over its options; `#{CODE.option}` one option.
    """

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField("tên quy tắc", max_length=200)
    left = models.CharField("biểu thức trái", max_length=500)
    operator = models.CharField("phép so sánh", max_length=2, choices=Operator.choices)
    right = models.CharField("biểu thức phải", max_length=500)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, default=Severity.ERROR)
    message = models.CharField(
        "thông báo khi vi phạm", max_length=300, blank=True,
        help_text="Để trống: hệ thống tự viết câu từ biểu thức và tên chỉ tiêu, kèm số liệu đơn vị đã nhập.",
    )
    # A total and its parts are both typed: when they differ the unit says why (a warning that asks
    # for an explanation before the form is sent), never a silent recomputation.
    needs_explanation = models.BooleanField(
        "đơn vị phải giải trình khi vi phạm", default=False,
        help_text="Chỉ với mức Cảnh báo: biểu mẫu chỉ gửi được khi đơn vị đã ghi giải trình cho cảnh báo này.",
    )
    # DHIS2's «skip if any value missing»: a rule over figures a unit may not keep (the split by level
    # of a department that has one level) is checked only when every figure it names was entered.
    skip_if_any_missing = models.BooleanField(
        "chỉ kiểm tra khi đã nhập đủ các chỉ tiêu", default=False,
        help_text="Bỏ qua quy tắc khi một chỉ tiêu trong quy tắc còn để trống (mặc định: chỉ bỏ qua khi tất cả đều trống).",
    )

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"

    def __str__(self):
        return self.name

    def clean(self):
        from collection.expressions import ExpressionError, parse

        for field in ("left", "right"):
            try:
                parse(getattr(self, field))
            except ExpressionError as exc:
                raise ValidationError({field: str(exc)}) from exc


class RuleExplanation(models.Model):
    """Why a unit's figures break a warning rule that asks for an explanation (kept with the form)."""

    submission = models.ForeignKey("Submission", on_delete=models.CASCADE, related_name="explanations")
    rule = models.ForeignKey(ValidationRule, on_delete=models.CASCADE, related_name="explanations")
    text = models.TextField("giải trình")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "giải trình cảnh báo"
        verbose_name_plural = "giải trình cảnh báo"
        constraints = [models.UniqueConstraint(fields=["submission", "rule"], name="ruleexplanation_unique")]


class Status(models.TextChoices):
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi, chờ xét duyệt"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã phê duyệt"


class Submission(models.Model):
    """One form of one unit for one period, and where it stands in the workflow."""

    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Bumped on every save of values: the token that stops a lost update.
    version = models.PositiveIntegerField(default=0)
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("xét duyệt lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    return_reason = models.TextField("lý do trả lại", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        constraints = [models.UniqueConstraint(fields=["data_set", "unit", "period"], name="submission_unique")]
        indexes = [models.Index(fields=["data_set", "period", "status"])]

    def __str__(self):
        return f"{self.data_set.code} — {self.unit} — {self.period}"

    @classmethod
    def from_db(cls, db, field_names, values):
        # The status as read: whether a save changes what reports count (reports/cache.py).
        instance = super().from_db(db, field_names, values)
        instance.loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def on_time(self):
        return self.first_submitted_at is not None and (
            self.first_submitted_at.date() <= self.data_set.deadline_for(self.period)
        )


class SubmissionEvent(models.Model):
    """The workflow trail: who submitted, returned (why) and approved, when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Gửi báo cáo"
        RETURN = "return", "Trả lại"
        APPROVE = "approve", "Phê duyệt"
        REOPEN = "reopen", "Mở lại để sửa"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class DataValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    option = models.ForeignKey(CategoryOption, null=True, blank=True, on_delete=models.PROTECT, related_name="values")
    numeric_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text_value = models.TextField(blank=True)
    comment = models.TextField("ghi chú", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            models.UniqueConstraint(fields=["submission", "element", "option"], name="datavalue_unique"),
            models.UniqueConstraint(
                fields=["submission", "element"], condition=Q(option__isnull=True), name="datavalue_unique_no_option"
            ),
        ]

    @property
    def value(self):
        return self.text_value if self.element.value_type == ValueType.TEXT else self.numeric_value


class DataValueChange(models.Model):
    """Audit trail of every value change: who, when, old → new."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(CategoryOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    old_comment = models.TextField(blank=True)
    new_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(help_text="Phiên bản biểu mẫu sau thay đổi")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, default="web", help_text="web, excel, api, lệnh")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["submission", "version"])]


class LockException(models.Model):
    """An admin lets one unit enter values for one period after expiry."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="lock_exceptions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    until = models.DateField("được nhập đến hết ngày")
    reason = models.CharField("lý do", max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi")

    class Meta:
        verbose_name = "ngoại lệ mở khóa"
        verbose_name_plural = "ngoại lệ mở khóa"
        constraints = [models.UniqueConstraint(fields=["data_set", "unit", "period"], name="lockexception_unique")]


class BulkLockExceptionQuerySet(models.QuerySet):
    def in_force(self, today):
        """Exceptions open on `today`: not closed, end date not passed."""
        return self.filter(closed_at__isnull=True, until__gte=today)


class BulkLockException(models.Model):
    """An admin opens one past period for entry for many forms and units at once (back-filling
    history): the data sets named, for the units named and every unit of the kinds named, until
    the end date or until closed. Nothing else opens. Every change is kept (simple-history)."""

    period = models.ForeignKey(Period, verbose_name="kỳ báo cáo được mở", on_delete=models.CASCADE, related_name="+")
    data_sets = models.ManyToManyField(DataSet, verbose_name="biểu mẫu được mở", related_name="bulk_lock_exceptions")
    units = models.ManyToManyField(OrgUnit, verbose_name="đơn vị được mở", blank=True, related_name="+")
    unit_kinds = models.JSONField("loại đơn vị được mở", default=list, blank=True,
                                  help_text="Mọi đơn vị thuộc các loại đã chọn được nhập số liệu của các biểu mẫu trên.")
    until = models.DateField("được nhập đến hết ngày")
    reason = models.CharField("lý do", max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người mở", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField("mở lúc", auto_now_add=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người đóng", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi",
                                m2m_fields=[data_sets, units])

    objects = BulkLockExceptionQuerySet.as_manager()

    class Meta:
        verbose_name = "mở khóa nhập liệu hàng loạt"
        verbose_name_plural = "mở khóa nhập liệu hàng loạt"
        ordering = ["-granted_at", "-id"]

    def __str__(self):
        return f"Mở khóa {self.period} đến hết ngày {self.until:%d/%m/%Y}"

    def clean(self):
        unknown = set(self.unit_kinds or []) - set(OrgUnitKind.values)
        if unknown:
            raise ValidationError({"unit_kinds": f"Loại đơn vị không hợp lệ: {', '.join(sorted(unknown))}"})

    @property
    def is_open(self):
        return self.closed_at is None and self.until >= timezone.localdate()

    def covers(self, unit):
        """True when `unit` is named, or of a kind named (the data set and period are the query's)."""
        return unit.kind in (self.unit_kinds or []) or self.units.filter(pk=unit.pk).exists()
