"""Reports: kinds with their outline, Word templates, reports, section narratives, report jobs.

Models hold data and invariants only: writes live in `reports.services`, reads in
`reports.selectors`, DOCX building in `reports.rendering`. Section numbering (Phần I → I. → 1. →
a)) is computed from the outline tree (`reports.numbering`), never stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.jobs import HeartbeatJob
from core.models import LegalDocument, OrgUnit, OrgUnitKind, Period, PeriodType


class CoverageNote(models.TextChoices):
    NONE = "none", "Không ghi"
    SENTENCE = "sentence", "Ghi trong câu"
    FOOTNOTE = "footnote", "Ghi ở chú thích"


class ReportKind(models.Model):
    """A kind of report (six-month, annual, CCHC…) with its outline and title."""

    code = models.SlugField("mã loại báo cáo", max_length=40, unique=True, help_text="Ví dụ: six_month")
    name = models.CharField("tên loại báo cáo", max_length=200)
    title_template = models.CharField(
        "trích yếu (mẫu)",
        max_length=300,
        help_text="Dùng {period}, {period_no_year}, {next_period}, {year}, {unit_short}. Ví dụ: "
        "Sơ kết công tác Sở Nội vụ {period_no_year} và chương trình công tác {next_period}",
    )
    intro_template = models.CharField(
        "câu mở đầu (mẫu)",
        max_length=400,
        blank=True,
        help_text="Dùng {basis} («Thực hiện <văn bản căn cứ>, » hoặc trống), {unit_short}, {period}, {next_period}, "
        "{subject_lower}. Để trống: «{basis}{unit_short} báo cáo {subject_lower} như sau:».",
    )
    closing_template = models.CharField(
        "câu kết thúc (mẫu)",
        max_length=400,
        blank=True,
        help_text="Ví dụ: Trên đây là báo cáo sơ kết công tác {period_no_year} và chương trình công tác "
        "{next_period} của {unit_name}. Để trống: «Trên đây là báo cáo {trích yếu} của {unit_name}».",
    )
    uses_parts = models.BooleanField(
        "mục cấp cao nhất là «Phần»", default=True, help_text="Có: Phần I → I. → 1. → a); không: I. → 1. → a)."
    )
    default_recipients = models.TextField("nơi nhận mặc định", blank=True, help_text="Mỗi dòng một nơi nhận.")
    issuer_kinds = models.JSONField(
        "loại đơn vị ban hành", default=list, blank=True,
        help_text="Các loại đơn vị ban hành loại báo cáo này, ví dụ [\"home_affairs\"], [\"district\", \"commune\"]. "
        "Để trống: chỉ Sở Nội vụ.",
    )
    period_types = models.JSONField(
        "loại kỳ áp dụng", default=list, blank=True,
        help_text="Các loại kỳ loại báo cáo này phục vụ, ví dụ [\"six_month\"] hoặc [\"annual\"]. Kỳ 6 tháng chỉ là "
        "6 tháng đầu năm: báo cáo cuối năm là báo cáo năm. Để trống: mọi kỳ.",
    )
    is_active = models.BooleanField("đang dùng", default=True)
    coverage_note = models.CharField(
        "ghi chú khi số liệu chưa đủ đơn vị", max_length=10, choices=CoverageNote.choices, default=CoverageNote.NONE,
        help_text="Khi số liệu tổng hợp chưa đủ các đơn vị phải báo cáo, văn bản ghi rõ trong câu hoặc ở chú thích.",
    )

    class Meta:
        verbose_name = "loại báo cáo"
        verbose_name_plural = "loại báo cáo"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        """The three formats hold text and documented {placeholders} only (reports.formats)."""
        from reports import formats

        errors = {}
        for name, allowed in (("title_template", formats.TITLE), ("intro_template", formats.INTRO),
                              ("closing_template", formats.CLOSING)):
            try:
                setattr(self, name, formats.check(getattr(self, name), allowed, str(self._meta.get_field(name).verbose_name)))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    def issued_by(self, unit_kind):
        """Does a unit of `unit_kind` issue this kind? (blank list: the Sở Nội vụ only)."""
        return unit_kind in (self.issuer_kinds or [OrgUnitKind.HOME_AFFAIRS])

    def serves(self, period):
        """Does this kind serve `period`? A six-month kind serves the first half only: the year-end
        report is the annual kind, never «6 tháng cuối năm … và 6 tháng đầu năm» of the next year."""
        if self.period_types and period.type not in self.period_types:
            return False
        return not (period.type == PeriodType.SIX_MONTH and period.number == 2)


class FiguresPosition(models.TextChoices):
    BEFORE = "before", "Trước phần nội dung do phòng viết"
    AFTER = "after", "Sau phần nội dung do phòng viết"


class OutlineSection(models.Model):
    """One heading of a kind's outline; `provider_key` lists the figures it shows, in order (blank = none)."""

    kind = models.ForeignKey(ReportKind, verbose_name="loại báo cáo", on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name="mục cha", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    title = models.CharField(
        "tiêu đề mục", max_length=400, help_text="Không gõ số thứ tự: số được đánh tự động. Có thể dùng {period}, {next_period}."
    )
    provider_key = models.CharField(
        "nguồn số liệu",
        max_length=400,
        blank=True,
        help_text="Một hay nhiều khóa nguồn số liệu, cách nhau bằng dấu phẩy, theo thứ tự trình bày: khóa đã đăng ký, "
        "hoặc «dataset:MÃ_BIỂU» (thêm «@cau», «@don-vi» hoặc «@bang» để chọn câu văn, câu kèm chi tiết từng đơn vị "
        "hoặc bảng). Để trống nếu mục chỉ có nội dung do phòng viết.",
    )
    figures_position = models.CharField(
        "vị trí số liệu", max_length=10, choices=FiguresPosition.choices, default=FiguresPosition.AFTER
    )
    is_appendix = models.BooleanField(
        "là phụ lục", default=False,
        help_text="Chỉ mục cấp cao nhất: in sau phần chữ ký, mỗi phụ lục một trang mới («PHỤ LỤC I», «PHỤ LỤC II»…, "
        "kèm dòng «Kèm theo Báo cáo số …»); trang ngang khi bảng có nhiều cột.",
    )
    office = models.ForeignKey(
        OrgUnit,
        verbose_name="phòng, đơn vị chịu trách nhiệm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_sections",
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "mục của đề cương"
        verbose_name_plural = "đề cương báo cáo"
        ordering = ["kind", "order", "id"]
        indexes = [models.Index(fields=["kind", "parent", "order"])]

    def __str__(self):
        return self.title

    def clean(self):
        from reports import formats

        self.title = formats.check(self.title, formats.SECTION_TITLE, "tiêu đề mục")
        if self.parent_id and self.parent.kind_id != self.kind_id:
            raise ValidationError({"parent": "Mục cha phải thuộc cùng loại báo cáo."})
        if self.is_appendix and self.parent_id:
            raise ValidationError({"is_appendix": "Chỉ mục cấp cao nhất mới là phụ lục."})
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": "Mục không thể nằm trong chính nó."})
            seen.add(node.pk)
            node = node.parent
        if self.provider_key:
            from reports import registry

            try:
                self.provider_key = registry.join_keys(registry.check_keys(self.provider_key))
            except ValueError as exc:
                raise ValidationError({"provider_key": str(exc)}) from exc

    @property
    def provider_keys(self):
        from reports.registry import split_keys

        return split_keys(self.provider_key)


def template_upload_to(instance, filename):
    return f"reports/templates/{instance.kind.code}/{filename}"


class ReportTemplate(models.Model):
    """An admin-uploaded Word template (docxtpl tags) for a kind, in force from `valid_from`.

    The upload is rendered with a sample report before it is accepted (`services.validate_template`).
    """

    kind = models.ForeignKey(ReportKind, verbose_name="loại báo cáo", on_delete=models.CASCADE, related_name="templates")
    file = models.FileField("tệp mẫu (.docx)", upload_to=template_upload_to)
    valid_from = models.DateField("áp dụng từ ngày")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("ngày tải lên", auto_now_add=True)

    class Meta:
        verbose_name = "mẫu Word"
        verbose_name_plural = "mẫu Word"
        ordering = ["kind", "-valid_from", "-id"]

    def __str__(self):
        return f"{self.kind} — áp dụng từ {self.valid_from:%d/%m/%Y}"


class SignerAuthority(models.TextChoices):
    """Who signs; the printed lines follow the issuing unit (`authority_lines`, Nghị định 30/2020)."""

    DIRECTOR = "director", "Người đứng đầu ký (GIÁM ĐỐC; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)"
    DEPUTY = "deputy", "Cấp phó ký thay (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC; KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"


# People's Committees: a collective body signed «TM. ỦY BAN NHÂN DÂN», with no superior line.
COMMITTEE_KINDS = (OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE)


class DetailStyle(models.TextChoices):
    FOOTNOTES = "footnotes", "Chú thích cuối trang"
    PARENTHESES = "parentheses", "Trong ngoặc đơn"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã phê duyệt"


class Report(models.Model):
    """One report of a kind, for a period, issued by an org unit."""

    kind = models.ForeignKey(ReportKind, verbose_name="loại báo cáo", on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị ban hành", on_delete=models.PROTECT, related_name="reports")
    number = models.CharField("số", max_length=20, blank=True, help_text="Để trống khi chưa lấy số.")
    symbol = models.CharField("ký hiệu", max_length=40, default="BC-SNV")
    place = models.CharField("địa danh", max_length=120, blank=True, help_text="Để trống: địa danh của đơn vị.")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    basis = models.ForeignKey(
        LegalDocument,
        verbose_name="căn cứ (Thực hiện …)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    addressees = models.TextField("kính gửi", blank=True, help_text="Để trống: không có dòng «Kính gửi:».")
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận; dòng cuối «Lưu: VT, …».")
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=20, choices=SignerAuthority.choices, default=SignerAuthority.DIRECTOR
    )
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    is_draft = models.BooleanField("dự thảo", default=True)
    detail_style = models.CharField(
        "trình bày số liệu chi tiết", max_length=20, choices=DetailStyle.choices, default=DetailStyle.FOOTNOTES
    )
    status = models.CharField("trạng thái", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người phê duyệt", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField("ngày phê duyệt", null=True, blank=True)
    approval_reason = models.TextField(
        "lý do phê duyệt khi chưa đủ", blank=True,
        help_text="Lãnh đạo ghi khi phê duyệt báo cáo còn mục trống hoặc số liệu chưa đủ đơn vị.",
    )
    approval_concerns = models.JSONField(
        "những điểm chưa đủ lúc phê duyệt", default=list, blank=True,
        help_text="Các mục trống, số liệu chưa đủ đơn vị mà lãnh đạo đã xác nhận khi phê duyệt.",
    )
    # The kind's formats as they stood when the report was created (or last brought up to date):
    # editing the kind never rewords an existing report.
    title_template = models.CharField("trích yếu (mẫu)", max_length=300, blank=True)
    intro_template = models.CharField("câu mở đầu (mẫu)", max_length=400, blank=True)
    closing_template = models.CharField("câu kết thúc (mẫu)", max_length=400, blank=True)
    uses_parts = models.BooleanField("mục cấp cao nhất là «Phần»", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-period__start", "kind__name", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["kind", "period", "unit"], name="report_unique_kind_period_unit")]

    def __str__(self):
        return f"{self.kind.name} — {self.period.label} — {self.unit.short_name or self.unit.name}"

    @property
    def is_approved(self):
        return self.status == ReportStatus.APPROVED

    @property
    def authority_lines(self):
        """The signer's authority as Nghị định 30/2020 prints it for the issuing unit's kind."""
        deputy = self.signer_authority == SignerAuthority.DEPUTY
        if self.unit.kind in COMMITTEE_KINDS:
            return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if deputy else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        return ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if deputy else ["GIÁM ĐỐC"]

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class ReportSection(models.Model):
    """A report's own copy of one heading of its kind's outline, taken when the report was created.

    Narratives hang on these rows, so editing or deleting the kind's section changes nothing here;
    `source` remembers where the copy came from for an explicit «cập nhật theo đề cương» (services)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name="mục cha", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    source = models.ForeignKey(
        OutlineSection, verbose_name="mục của đề cương", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="copies",
    )
    title = models.CharField("tiêu đề mục", max_length=400)
    provider_key = models.CharField("nguồn số liệu", max_length=400, blank=True)
    figures_position = models.CharField(
        "vị trí số liệu", max_length=10, choices=FiguresPosition.choices, default=FiguresPosition.AFTER
    )
    is_appendix = models.BooleanField("là phụ lục", default=False)
    office = models.ForeignKey(
        OrgUnit, verbose_name="phòng, đơn vị chịu trách nhiệm", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    @property
    def provider_keys(self):
        from reports.registry import split_keys

        return split_keys(self.provider_key)

    class Meta:
        verbose_name = "mục của báo cáo"
        verbose_name_plural = "các mục của báo cáo"
        ordering = ["report", "order", "id"]
        indexes = [models.Index(fields=["report", "parent", "order"])]

    def __str__(self):
        return self.title


class NarrativeStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    READY = "ready", "Đã hoàn thành"


class SectionNarrative(models.Model):
    """The text an office writes for one section of one report (plain text, "-"/"+" bullets)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="narratives")
    text = models.TextField("nội dung", blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=NarrativeStatus.choices, default=NarrativeStatus.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "nội dung mục"
        verbose_name_plural = "nội dung các mục"
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="narrative_unique_section")]

    def __str__(self):
        return f"{self.report} — {self.section}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


def job_upload_to(instance, filename):  # pragma: no cover - files are written by services at a fixed name
    return f"reports/jobs/{instance.pk}/{filename}"


class ReportJob(HeartbeatJob):
    """One request to build a report's DOCX (and PDF preview): who, status, progress, messages, files.

    The task writes `reports/jobs/<job id>/…` once; a retried job overwrites that same name, so a job
    never has more than one file (`services.run_job`). A job whose worker died (stale heartbeat,
    `core.jobs`) can be re-queued once (`services.rerun_job`).
    """

    RUNNING_STATUSES = ("queued", "running")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField("trạng thái", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    messages = models.JSONField("diễn biến", default=list, blank=True)
    file = models.FileField("tệp Word", upload_to=job_upload_to, max_length=255, blank=True)
    pdf_file = models.FileField("tệp PDF", upload_to=job_upload_to, max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt tạo báo cáo"
        verbose_name_plural = "lượt tạo báo cáo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_max_100"),
        ]

    def __str__(self):
        return f"Lượt tạo #{self.pk} — {self.report}"

    @property
    def duration(self):
        """Seconds from start to finish (or None while not finished)."""
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


from reports.wording import KindWording, ReportPhrase  # noqa: E402,F401  (wording as data, issue 11)
