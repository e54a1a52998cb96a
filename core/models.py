"""Org units, periods, memberships and legal documents: the spine every domain hangs on."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core import formatting
from core.jobs import HeartbeatJob

# An open-ended validity is stored as this date so that interval queries need no NULL branches.
FOREVER = datetime.date(9999, 12, 31)


class OrgUnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh (UBND tỉnh)"
    HOME_AFFAIRS = "home_affairs", "Sở Nội vụ"
    OFFICE = "office", "Phòng, ban, đơn vị thuộc Sở"
    DEPARTMENT = "department", "Sở, ban, ngành tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(valid_from__lte=day, valid_to__gte=day)

    def active_during(self, start, end):
        return self.filter(valid_from__lte=end, valid_to__gte=start)

    def descendants_of(self, roots, on=None, include_self=True, during=None):
        """Units under any of `roots` (a unit, an id or an iterable/queryset of them).

        One indexed join on the ancestry table; with `on`, only the tree as it stood that day;
        with `during=(start, end)`, the units that were under a root at some time in that window.
        """
        links = OrgUnitAncestry.objects.filter(ancestor__in=_as_ids(roots))
        if not include_self:
            links = links.filter(depth__gt=0)
        if on is not None:
            links = links.filter(valid_from__lte=on, valid_to__gte=on)
        if during is not None:
            links = links.filter(valid_from__lte=during[1], valid_to__gte=during[0])
        return self.filter(pk__in=links.values("descendant_id"))


def _as_ids(units):
    if isinstance(units, models.QuerySet):
        return units.values("pk")
    if isinstance(units, (OrgUnit, int)):
        units = [units]
    return [u.pk if isinstance(u, OrgUnit) else u for u in units]


class OrgUnit(models.Model):
    """A body that reports or is reported on: the province, the Sở and its offices, departments,
    districts (until 30/6/2025) and communes.

    `parent` is the current (or last) parent; the parent history lives in `OrgUnitParentSpan`
    and the ancestry closure in `OrgUnitAncestry`, both maintained by `core.services`.
    """

    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    kind = models.CharField("loại đơn vị", max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField("hiệu lực từ ngày", default=datetime.date(2000, 1, 1))
    valid_to = models.DateField("hiệu lực đến ngày", default=FOREVER)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)
    # The name as it appears in a document header ("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"); defaults to name.
    header_name = models.CharField("tên trên tiêu đề văn bản", max_length=255, blank=True)
    place_name = models.CharField("địa danh ghi trên văn bản", max_length=120, blank=True)
    symbol = models.CharField("ký hiệu viết tắt trên số văn bản", max_length=30, blank=True, help_text="Ví dụ: SNV")
    predecessors = models.ManyToManyField(
        "self",
        verbose_name="đơn vị tiền thân",
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text="Các đơn vị được sáp nhập, hợp nhất hoặc tổ chức lại thành đơn vị này.",
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="orgunit_valid_range"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Đơn vị không thể trực thuộc chính nó."})

    @property
    def is_closed(self):
        return self.valid_to != FOREVER

    def is_active_on(self, day):
        return self.valid_from <= day <= self.valid_to

    @property
    def display_valid_to(self):
        return None if self.valid_to == FOREVER else self.valid_to

    def descendants(self, on=None, include_self=True):
        return OrgUnit.objects.descendants_of(self, on=on, include_self=include_self)

    def ancestors(self, on=None, include_self=False):
        links = OrgUnitAncestry.objects.filter(descendant=self)
        if not include_self:
            links = links.filter(depth__gt=0)
        if on is not None:
            links = links.filter(valid_from__lte=on, valid_to__gte=on)
        return OrgUnit.objects.filter(pk__in=links.values("ancestor_id"))

    def oversight_root(self):
        """The unit whose subtree this unit's staff and leaders oversee.

        The Sở Nội vụ oversees its province; an office of the Sở reaches what the Sở reaches;
        any other unit reaches its own subtree.
        """
        unit = self
        while unit.kind == OrgUnitKind.OFFICE and unit.parent_id:
            unit = unit.parent
        if unit.kind == OrgUnitKind.HOME_AFFAIRS and unit.parent_id:
            return unit.parent
        return unit

    def home_affairs_unit(self):
        """The Sở Nội vụ this unit belongs to (itself, or the Sở of an office), else None."""
        unit = self
        while unit is not None:
            if unit.kind == OrgUnitKind.HOME_AFFAIRS:
                return unit
            if unit.kind != OrgUnitKind.OFFICE:
                return None
            unit = unit.parent
        return None

    def document_header(self):
        return self.header_name or self.name.upper()


class OrgUnitParentSpan(models.Model):
    """Which parent a unit had, and when: the history that lets 2021 data keep its districts."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="parent_spans")
    parent = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="child_spans")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", default=FOREVER)

    class Meta:
        verbose_name = "quan hệ trực thuộc"
        verbose_name_plural = "lịch sử trực thuộc"
        ordering = ["unit", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="parentspan_valid_range"),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="parentspan_unique_start"),
        ]

    def __str__(self):
        return f"{self.unit} → {self.parent} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})"


class OrgUnitAncestry(models.Model):
    """Closure table: `ancestor` is above `descendant` (depth 0 = itself) during [valid_from, valid_to].

    Derived from the parent spans by `core.services.rebuild_ancestry`; never edited by hand.
    """

    ancestor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="descendant_links")
    descendant = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="ancestor_links")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "valid_from", "valid_to"]),
            models.Index(fields=["descendant", "depth"]),
            # «Is this unit under that root then?» probed per row by joins on the descendant (a
            # form's unit under the report's root): one index entry, where the two indexes above
            # made a BitmapAnd reading the root's whole subtree per row (55 million rows for one
            # report sum at 10.000 units right after a bulk load). With the dates: index-only.
            models.Index(fields=["descendant", "ancestor", "valid_from", "valid_to"], name="ancestry_desc_anc_dates"),
        ]


class PeriodType(models.TextChoices):
    SIX_MONTH = "six_month", "Báo cáo 6 tháng"
    ANNUAL = "annual", "Báo cáo năm"
    CALENDAR_YEAR = "calendar_year", "Năm dương lịch"
    EMULATION_YEAR = "emulation_year", "Năm thi đua"
    QUARTER = "quarter", "Quý"


class Period(models.Model):
    """A reporting window with exact dates (DESIGN §3) and the deadline for unit submissions."""

    type = models.CharField("loại kỳ", max_length=20, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("số thứ tự trong năm", default=1, help_text="1–2 cho 6 tháng, 1–4 cho quý")
    code = models.CharField("mã kỳ", max_length=20, unique=True)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    deadline = models.DateField("hạn gửi báo cáo")

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-year", "type", "number"]
        constraints = [
            models.UniqueConstraint(fields=["type", "year", "number"], name="period_unique_type_year_number"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_valid_range"),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        """The label people pick and read on pages: `label`, plus the kind where two kinds of period
        would read the same («năm 2026 (báo cáo năm)», «năm 2026 (năm dương lịch)»)."""
        if self.type in (PeriodType.ANNUAL, PeriodType.CALENDAR_YEAR):
            return f"{self.label} ({self.get_type_display().lower()})"
        return self.label

    @property
    def label(self):
        """Vietnamese label as reports write it: "6 tháng đầu năm 2021", "năm 2021"."""
        if self.type == PeriodType.SIX_MONTH:
            half = "đầu" if self.number == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        if self.type == PeriodType.QUARTER:
            return f"quý {formatting.roman(self.number)} năm {self.year}"
        if self.type == PeriodType.EMULATION_YEAR:
            return f"năm thi đua {self.year}"
        return f"năm {self.year}"

    @property
    def range_label(self):
        return f"{formatting.short_date(self.start)} – {formatting.short_date(self.end)}"

    def contains(self, day):
        return self.start <= day <= self.end


class Role(models.TextChoices):
    STAFF = "staff", "Chuyên viên Sở"
    OFFICER = "officer", "Cán bộ đơn vị báo cáo"
    LEADER = "leader", "Lãnh đạo"
    ADMIN = "admin", "Quản trị hệ thống"


class Membership(models.Model):
    """A user holds a role at an org unit; the role reaches the unit's subtree (see core.access)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    position = models.CharField("chức vụ", max_length=120, blank=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def clean(self):
        if self.role == Role.STAFF and self.unit_id and self.unit.home_affairs_unit() is None:
            raise ValidationError({"role": "Vai trò chuyên viên Sở chỉ gán cho Sở Nội vụ hoặc phòng, ban thuộc Sở."})


class DocumentStyle(models.TextChoices):
    NORMATIVE = "normative", "Văn bản quy phạm pháp luật (số/năm/ký hiệu)"
    ADMINISTRATIVE = "administrative", "Văn bản hành chính (số/ký hiệu)"
    PARTY = "party", "Văn bản của Đảng (số-ký hiệu)"


class DocumentType(models.TextChoices):
    LAW = "luat", "Luật"
    DECREE = "nghi_dinh", "Nghị định"
    RESOLUTION = "nghi_quyet", "Nghị quyết"
    DECISION = "quyet_dinh", "Quyết định"
    DIRECTIVE = "chi_thi", "Chỉ thị"
    CIRCULAR = "thong_tu", "Thông tư"
    JOINT_CIRCULAR = "thong_tu_lien_tich", "Thông tư liên tịch"
    PLAN = "ke_hoach", "Kế hoạch"
    PROGRAM = "chuong_trinh", "Chương trình"
    OFFICIAL_LETTER = "cong_van", "Công văn"
    NOTICE = "thong_bao", "Thông báo"
    CONCLUSION = "ket_luan", "Kết luận"
    GUIDANCE = "huong_dan", "Hướng dẫn"
    REPORT = "bao_cao", "Báo cáo"
    REGULATION = "quy_dinh", "Quy định"
    PROJECT = "de_an", "Đề án"


class LegalDocument(models.Model):
    """A document that reports cite. Number + symbol is not unique (two plans can share
    "43/KH-UBND" in a year), so identity includes the date and the issuer."""

    doc_type = models.CharField("loại văn bản", max_length=30, choices=DocumentType.choices)
    style = models.CharField("kiểu số hiệu", max_length=20, choices=DocumentStyle.choices, default=DocumentStyle.ADMINISTRATIVE)
    number = models.CharField("số", max_length=20)
    year = models.PositiveSmallIntegerField("năm ban hành (trong số hiệu)", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=60, help_text="Ví dụ: QĐ-UBND, KH-UBND, NQ/TW")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True, help_text="Ví dụ: Ủy ban nhân dân tỉnh Hậu Giang")
    subject = models.TextField("trích yếu", blank=True, help_text="Viết thường, bắt đầu bằng «về …» nếu có")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị ban hành", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["number", "symbol"])]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "number", "year", "symbol", "issued_on", "issuer"], name="legaldocument_identity"
            )
        ]

    def __str__(self):
        return self.short_citation()

    def clean(self):
        if self.style == DocumentStyle.NORMATIVE and not self.year:
            raise ValidationError({"year": "Văn bản quy phạm pháp luật phải có năm ban hành trong số hiệu."})

    @property
    def reference(self):
        """The number-symbol as printed: 05/2021/QĐ-UBND, 97/KH-UBND, 19-NQ/TW."""
        if self.style == DocumentStyle.PARTY:
            return f"{self.number}-{self.symbol}"
        if self.style == DocumentStyle.NORMATIVE and self.year:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"

    def short_citation(self):
        return f"{self.get_doc_type_display()} số {self.reference}"

    def citation(self, with_issuer=True, with_subject=True):
        """"Quyết định số 05/2021/QĐ-UBND ngày 18 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh … về …"."""
        parts = [self.short_citation()]
        if self.issued_on:
            parts.append(formatting.long_date(self.issued_on))
        if with_issuer and self.issuer:
            parts.append(f"của {self.issuer}")
        if with_subject and self.subject:
            parts.append(self.subject)
        return formatting.nfc(" ".join(parts))


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def recent_unread(self):
        """The newest unread notifications (templates call it as `user.notifications.recent_unread`)."""
        return self.unread().order_by("-created_at", "-id")[:10]


class Notification(models.Model):
    """A message for one user inside the portal (deadline reminders, returned forms, approvals).

    `key` makes a notification idempotent: one user never gets two notifications with the same
    non-empty key (e.g. "han:sap-het:CCHC-DV:VITHANH:2026-H2"), so a re-run of a task sends nothing twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", blank=True)
    link = models.CharField("đường dẫn", max_length=300, blank=True)
    key = models.CharField("khóa chống gửi trùng", max_length=200, blank=True)
    created_at = models.DateTimeField("thời gian tạo", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_unique_key"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


# ---------------------------------------------------------------------------------------------
# Excel imports (the engine: core.imports; the kinds: each app's resources.py)
# ---------------------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Đã tải lên"
    CHECKING = "checking", "Đang kiểm tra"
    READY = "ready", "Chờ xác nhận"
    INVALID = "invalid", "Có lỗi, chưa nhập"
    IMPORTING = "importing", "Đang nhập"
    DONE = "done", "Đã nhập xong"
    FAILED = "failed", "Lỗi hệ thống"


def validate_import_kind(value):
    from core.imports import registry

    if registry.get(value) is None:
        raise ValidationError(f"Loại dữ liệu nhập «{value}» không có.", code="invalid_choice")


class ImportJob(HeartbeatJob):
    """One uploaded file of any import kind: checked (dry run) → confirmed → imported all-or-nothing.

    `kind` is the key of an `ImportKind` declared in `core.imports.registry` (not a choices list:
    apps add kinds without a migration). A job whose worker died (stale heartbeat, `core.jobs`)
    can be re-run once from its stored file or parsed rows (`core.imports.jobs.rerun_import`).
    Until 2026-12 the rows lived in `staffing_importjob` (migrated with their table)."""

    RUNNING_STATUSES = ("uploaded", "checking", "importing")

    kind = models.CharField("loại dữ liệu", max_length=40, validators=[validate_import_kind])
    status = models.CharField("trạng thái", max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    skip_preview = models.BooleanField("nhập ngay khi tệp không có lỗi", default=False,
                                       help_text="Không dừng ở bước xem trước: một lượt kiểm tra và lưu.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tải lên", on_delete=models.CASCADE,
                             related_name="import_jobs")
    file = models.FileField("tệp tải lên", upload_to="imports/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    counts = models.JSONField("kết quả", default=dict, blank=True)
    preview = models.JSONField("xem trước", default=list, blank=True)
    errors = models.JSONField("lỗi", default=list, blank=True)
    feedback = models.FileField("tệp phản hồi lỗi", upload_to="imports/%Y/%m/", blank=True)
    parsed = models.FileField("dữ liệu đã đọc (JSON)", upload_to="imports/%Y/%m/", blank=True,
                              help_text="Các dòng của tệp đã đọc khi kiểm tra; bước nhập dùng lại, không đọc lại tệp Excel.")
    message = models.TextField("thông báo", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhập Excel"
        verbose_name_plural = "lượt nhập Excel"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def import_kind(self):
        from core.imports import registry

        return registry.get(self.kind)

    def get_kind_display(self):
        kind = self.import_kind
        return kind.label if kind is not None else self.kind

    @property
    def is_running(self):
        return self.status in (ImportStatus.UPLOADED, ImportStatus.CHECKING, ImportStatus.IMPORTING)
