"""Religion (DESIGN §5): religions, their organizations, facilities and registered groups by commune,
dignitaries and followers per organization and year; the state-management dossiers the Ban Tôn giáo
resolves; support and visits; incidents.

Every register row points to the org unit it concerns (`unit`: the commune, district or province),
so `core.access` decides who reads it, by the row's own date where it has one.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.models import OrgUnit


def register_history():
    """Who changed a row, when, and what it held (django-simple-history; the user comes from
    HistoryRequestMiddleware)."""
    return HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi")


class Religion(models.Model):
    """A religion recognised in the province (seeded as data by a migration; admins add others)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên tôn giáo", max_length=120, unique=True)
    sort_order = models.PositiveIntegerField("thứ tự", default=100)

    class Meta:
        verbose_name = "tôn giáo"
        verbose_name_plural = "tôn giáo"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OrganizationKind(models.TextChoices):
    ORGANIZATION = "to_chuc", "Tổ chức tôn giáo"
    AFFILIATED = "truc_thuoc", "Tổ chức tôn giáo trực thuộc"
    REGISTERED = "dang_ky", "Tổ chức được cấp chứng nhận đăng ký hoạt động tôn giáo"


class Organization(models.Model):
    """Tổ chức tôn giáo / tổ chức tôn giáo trực thuộc (Luật Tín ngưỡng, tôn giáo 2016)."""

    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", on_delete=models.PROTECT,
                                 related_name="organizations")
    kind = models.CharField("loại", max_length=12, choices=OrganizationKind.choices, default=OrganizationKind.ORGANIZATION)
    name = models.CharField("tên tổ chức", max_length=255)
    # How reports name it inside a sentence («Ban Trị sự Phật giáo tỉnh»); the full name when empty.
    short_name = models.CharField("tên gọi trong báo cáo", max_length=160, blank=True)
    parent = models.ForeignKey("self", verbose_name="trực thuộc tổ chức", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="affiliates")
    unit = models.ForeignKey(OrgUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="religious_organizations")
    recognized_on = models.DateField("ngày công nhận, thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể, sáp nhập", null=True, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "tổ chức tôn giáo"
        verbose_name_plural = "tổ chức tôn giáo"
        ordering = ["religion__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["religion", "name", "unit"], name="religion_organization_unique"),
            models.CheckConstraint(condition=Q(dissolved_on__isnull=True) | Q(recognized_on__isnull=True)
                                   | Q(dissolved_on__gte=models.F("recognized_on")),
                                   name="religion_organization_dates"),
        ]

    def __str__(self):
        return self.name

    @property
    def in_sentence(self):
        return self.short_name or self.name


class Facility(models.Model):
    """Cơ sở thờ tự (chùa, nhà thờ, thánh thất, tịnh xá…) in a commune."""

    name = models.CharField("tên cơ sở", max_length=255)
    kind = models.CharField("loại cơ sở", max_length=60, blank=True, help_text="Chùa, nhà thờ, thánh thất, tịnh xá…")
    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", on_delete=models.PROTECT, related_name="facilities")
    organization = models.ForeignKey(Organization, verbose_name="tổ chức quản lý", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="facilities")
    unit = models.ForeignKey(OrgUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="religious_facilities")
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    closed_on = models.DateField("ngày ngừng hoạt động", null=True, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "cơ sở thờ tự"
        verbose_name_plural = "cơ sở thờ tự"
        ordering = ["unit__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="religion_facility_unique")]

    def __str__(self):
        return self.name


class RegisteredGroup(models.Model):
    """Nhóm sinh hoạt tôn giáo tập trung đã đăng ký, in a commune."""

    name = models.CharField("tên nhóm", max_length=255)
    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", on_delete=models.PROTECT, related_name="groups")
    organization = models.ForeignKey(Organization, verbose_name="tổ chức tôn giáo", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="groups")
    unit = models.ForeignKey(OrgUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="religious_groups")
    registered_on = models.DateField("ngày đăng ký")
    members = models.PositiveIntegerField("số người tham gia", default=0)

    history = register_history()

    class Meta:
        verbose_name = "nhóm sinh hoạt tôn giáo tập trung"
        verbose_name_plural = "nhóm sinh hoạt tôn giáo tập trung"
        ordering = ["unit__sort_order", "name"]

    def __str__(self):
        return self.name


class Followers(models.Model):
    """Chức sắc, chức việc, nhà tu hành and tín đồ of one organization in one (calendar) year."""

    organization = models.ForeignKey(Organization, verbose_name="tổ chức tôn giáo", on_delete=models.PROTECT,
                                     related_name="followers")
    year = models.PositiveIntegerField("năm")
    dignitaries = models.PositiveIntegerField("chức sắc", default=0)
    officials = models.PositiveIntegerField("chức việc", default=0)
    clergy = models.PositiveIntegerField("nhà tu hành", default=0)
    believers = models.PositiveIntegerField("tín đồ", default=0)

    history = register_history()

    class Meta:
        verbose_name = "chức sắc, tín đồ theo năm"
        verbose_name_plural = "chức sắc, tín đồ theo năm"
        ordering = ["-year", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="religion_followers_unique")]

    def __str__(self):
        return f"{self.organization} ({self.year})"


class DossierType(models.TextChoices):
    PERSONNEL = "chap_thuan_nhan_su", "Chấp thuận nhân sự"
    ABBOT = "bo_nhiem_tru_tri", "Bổ nhiệm trụ trì"
    ORDINATION = "phong_pham", "Phong phẩm, suy cử chức sắc"
    TRANSFER = "thuyen_chuyen", "Thuyên chuyển chức sắc, chức việc, nhà tu hành"
    AFFILIATE = "thanh_lap_truc_thuoc", "Thành lập tổ chức tôn giáo trực thuộc"
    RENAME = "doi_ten", "Đổi tên tổ chức tôn giáo trực thuộc"
    REGISTRATION = "dang_ky_hoat_dong", "Đăng ký hoạt động tôn giáo"
    CEREMONY = "to_chuc_le", "Tổ chức lễ, cuộc lễ ngoài cơ sở"
    OTHER = "khac", "Khác"


# Legal deadline in days from receipt, by type (Luật Tín ngưỡng, tôn giáo 2016 and Nghị định
# 162/2017/NĐ-CP, counted as calendar days): the default when a dossier is entered without one.
DEADLINE_DAYS = {
    DossierType.PERSONNEL: 30,
    DossierType.ABBOT: 20,
    DossierType.ORDINATION: 20,
    DossierType.TRANSFER: 20,
    DossierType.AFFILIATE: 60,
    DossierType.RENAME: 30,
    DossierType.REGISTRATION: 60,
    DossierType.CEREMONY: 15,
    DossierType.OTHER: 30,
}


class DossierResult(models.TextChoices):
    APPROVED = "chap_thuan", "Chấp thuận, thống nhất"
    ACKNOWLEDGED = "tiep_nhan", "Tiếp nhận thông báo"
    REFUSED = "khong_chap_thuan", "Không chấp thuận"
    WITHDRAWN = "rut", "Tổ chức rút hồ sơ"


class DossierQuerySet(models.QuerySet):
    def pending_on(self, day):
        """Received by `day` and not resolved by then."""
        return self.filter(received_on__lte=day).filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))

    def overdue_on(self, day):
        """Pending on `day` with the legal deadline already past: the test the office's page flags."""
        return self.pending_on(day).filter(deadline__lt=day)

    def with_overdue(self, day):
        """Each row annotated `is_overdue` (pending on `day` past its deadline) and `was_late`
        (resolved after its deadline), computed by the database."""
        pending = Q(received_on__lte=day) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))
        return self.annotate(
            is_overdue=models.ExpressionWrapper(pending & Q(deadline__lt=day), output_field=models.BooleanField()),
            was_late=models.ExpressionWrapper(Q(resolved_on__gt=models.F("deadline")), output_field=models.BooleanField()),
        )


class Dossier(models.Model):
    """A state-management dossier (hồ sơ) of the Ban Tôn giáo: what was asked, by whom, about which
    organization, when it came in, its legal deadline, when and how it was resolved.

    `subject` names what the dossier is about in a sentence («Ban Trị sự Phật giáo thành phố Ngã
    Bảy nhiệm kỳ 2021-2026»): reports name such dossiers; those without one are counted by type
    and religion («thuyên chuyển chức sắc của Phật giáo 02 (TH)»). `quantity` (default 1): cases
    resolved together in one row."""

    type = models.CharField("loại hồ sơ", max_length=24, choices=DossierType.choices)
    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", on_delete=models.PROTECT, related_name="dossiers")
    organization = models.ForeignKey(Organization, verbose_name="tổ chức tôn giáo", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="dossiers")
    applicant = models.CharField("người, tổ chức đề nghị", max_length=255)
    subject = models.CharField("nội dung (để nêu tên trong báo cáo)", max_length=255, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="religious_dossiers")
    quantity = models.PositiveIntegerField("số trường hợp", default=1)
    received_on = models.DateField("ngày tiếp nhận")
    # Blank in a form or an import: the legal deadline of the type (DEADLINE_DAYS) is filled in.
    deadline = models.DateField("hạn giải quyết theo luật định", blank=True,
                                help_text="Để trống: tính theo thời hạn luật định của loại hồ sơ.")
    resolved_on = models.DateField("ngày giải quyết", null=True, blank=True)
    result = models.CharField("kết quả", max_length=20, choices=DossierResult.choices, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    objects = DossierQuerySet.as_manager()
    history = register_history()

    class Meta:
        verbose_name = "hồ sơ quản lý nhà nước về tôn giáo"
        verbose_name_plural = "hồ sơ quản lý nhà nước về tôn giáo"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="religion_dossier_quantity_positive"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("received_on")), name="religion_dossier_deadline"),
            models.CheckConstraint(condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("received_on")),
                                   name="religion_dossier_resolved_after"),
            # Resolved ⇔ a result.
            models.CheckConstraint(condition=(Q(resolved_on__isnull=True) & Q(result=""))
                                   | (Q(resolved_on__isnull=False) & ~Q(result="")),
                                   name="religion_dossier_result"),
        ]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["resolved_on"])]

    def __str__(self):
        return f"{self.get_type_display()}: {self.subject or self.applicant}"

    @staticmethod
    def default_deadline(dossier_type, received_on):
        return received_on + datetime.timedelta(days=DEADLINE_DAYS.get(dossier_type, 30))

    def _fill_deadline(self):
        if self.deadline is None and self.received_on is not None and self.type:
            self.deadline = self.default_deadline(self.type, self.received_on)

    def clean(self):
        """The dossier's rules, in Vietnamese by field (forms, imports and services all pass here)."""
        self._fill_deadline()
        errors = {}
        received = self.received_on
        if received and self.deadline and self.deadline < received:
            errors["deadline"] = "Hạn giải quyết không được trước ngày tiếp nhận."
        if received and self.resolved_on and self.resolved_on < received:
            errors["resolved_on"] = "Ngày giải quyết không được trước ngày tiếp nhận."
        if self.resolved_on and not self.result:
            errors["result"] = "Hồ sơ đã giải quyết cần ghi kết quả."
        if self.result and not self.resolved_on:
            errors["resolved_on"] = "Hồ sơ có kết quả cần ghi ngày giải quyết."
        if self.organization_id and self.religion_id and self.organization.religion_id != self.religion_id:
            errors["organization"] = "Tổ chức đã chọn không thuộc tôn giáo của hồ sơ."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self._fill_deadline()
        super().save(*args, **kwargs)


class SupportKind(models.TextChoices):
    VISIT = "tham_hoi", "Thăm hỏi, chúc mừng"
    ACTIVITY = "kinh_phi_hoat_dong", "Hỗ trợ kinh phí hoạt động"
    CONSTRUCTION = "kinh_phi_xay_dung", "Hỗ trợ kinh phí xây dựng, sửa chữa"


class Support(models.Model):
    """A visit or greeting (thăm hỏi, chúc mừng nhân lễ, tết) or money given for activities or construction."""

    kind = models.CharField("loại", max_length=20, choices=SupportKind.choices)
    occasion = models.CharField("dịp", max_length=160, blank=True, help_text="Tết Nguyên đán, lễ Phật đản, lễ Giáng sinh…")
    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="supports")
    organization = models.ForeignKey(Organization, verbose_name="tổ chức, cơ sở được thăm hỏi, hỗ trợ", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="supports")
    unit = models.ForeignKey(OrgUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="religious_supports")
    given_on = models.DateField("ngày")
    quantity = models.PositiveIntegerField("số lượt", default=1)
    amount = models.DecimalField("số tiền (đồng)", max_digits=18, decimal_places=0, null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "thăm hỏi, hỗ trợ"
        verbose_name_plural = "thăm hỏi, hỗ trợ"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="religion_support_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="religion_support_amount"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.given_on:%d/%m/%Y})"


class Incident(models.Model):
    """An incident involving religious activity: complex or not, and how it was handled."""

    occurred_on = models.DateField("ngày xảy ra")
    unit = models.ForeignKey(OrgUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="religious_incidents")
    religion = models.ForeignKey(Religion, verbose_name="tôn giáo", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="incidents")
    description = models.CharField("nội dung vụ việc", max_length=500)
    is_complex = models.BooleanField("vụ việc phức tạp", default=False)
    handling = models.CharField("cách xử lý", max_length=500, blank=True)
    resolved_on = models.DateField("ngày xử lý xong", null=True, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "vụ việc liên quan đến tôn giáo"
        verbose_name_plural = "vụ việc liên quan đến tôn giáo"
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("occurred_on")),
                                   name="religion_incident_resolved_after"),
        ]

    def __str__(self):
        return self.description[:80]
