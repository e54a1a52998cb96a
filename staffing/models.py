"""Staffing (DESIGN §5): biên chế quotas, streamlining, restructuring, job positions; the civil
servant register and personnel actions; recruitment exams, training and postgraduate support.

Registers are counted by the portal; a register row may carry a `quantity` (default 1) so that a
bulk figure the Sở does not hold item by item ("nâng lương thường xuyên 151 (TH)") is one row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.jobs import HeartbeatJob
from core.models import LegalDocument, OrgUnit, OrgUnitKind
from core.search import FoldedField

# ---------------------------------------------------------------------------------------------
# Quotas (biên chế công chức, số lượng người làm việc, hợp đồng lao động)
# ---------------------------------------------------------------------------------------------



def registry_history(**kwargs):
    """Who changed a register row, when, and what it held (django-simple-history; the user comes
    from HistoryRequestMiddleware). Bulk imports write no history: their ImportJob is the record."""
    return HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi", **kwargs)


def dated_period_field():
    """A register row the source dates only by its period («trong 6 tháng đầu năm 2023»): it counts
    in that period (and in any longer window holding it), never in a shorter one; its date field
    then holds the period's last day, so lists and natural keys keep working."""
    return models.ForeignKey(
        "core.Period", verbose_name="kỳ (khi không có ngày cụ thể)", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text="Chọn khi văn bản nguồn chỉ ghi «trong 6 tháng đầu năm …»; ngày sẽ lấy ngày cuối kỳ.",
    )


class DatedByPeriod:
    """Mixin of the registers that may be dated by a period instead of a day (`date_field`)."""

    date_field = ""

    def fill_period_date(self):
        """A row dated by its period holds the period's last day (the period governs)."""
        if self.dated_period_id:
            setattr(self, self.date_field, self.dated_period.end)

    def full_clean(self, exclude=None, **kwargs):
        # A model form leaves out (`exclude`) the fields that already failed: a date that does not exist
        # is then said once, not a second time as «no date».
        if exclude and self.date_field in exclude:
            self._date_failed = True
        return super().full_clean(exclude=exclude, **kwargs)

    def clean_period_date(self):
        self.fill_period_date()
        # A form whose date field already failed (a day that does not exist) says so once, not twice.
        if not getattr(self, self.date_field, None) and not getattr(self, "_date_failed", False):
            label = self._meta.get_field(self.date_field).verbose_name
            raise ValidationError({self.date_field: f"Nhập {label}, hoặc chọn kỳ khi văn bản nguồn không ghi ngày cụ thể."})

    def date_label(self):
        """«trong 6 tháng đầu năm 2023» for a row dated by its period, else dd/mm/yyyy."""
        from core import formatting

        if self.dated_period_id:
            return f"trong {self.dated_period.label}"
        day = getattr(self, self.date_field, None)
        return formatting.short_date(day) if day else ""


class QuotaKind(models.TextChoices):
    CIVIL_SERVANT = "cong_chuc", "Biên chế công chức"
    PUBLIC_EMPLOYEE = "vien_chuc", "Số lượng người làm việc (viên chức)"
    CONTRACT = "hop_dong", "Hợp đồng lao động"


class Quota(models.Model):
    """What a unit is assigned for a year (and, where the decision says so, for a term).

    "Used" is counted from the civil-servant register when `used_from_register` is set (the
    register covers the unit that year), else it is the figure entered in `used_entered`.
    """

    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="staffing_quotas")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại biên chế", max_length=20, choices=QuotaKind.choices)
    assigned = models.PositiveIntegerField("số được giao")
    used_entered = models.PositiveIntegerField("số đã sử dụng (nhập)", null=True, blank=True)
    used_from_register = models.BooleanField(
        "lấy số đã sử dụng từ danh sách cán bộ, công chức, viên chức", default=False,
        help_text="Đánh dấu khi danh sách cán bộ, công chức, viên chức của đơn vị đã đầy đủ.",
    )
    decision = models.ForeignKey(
        LegalDocument, verbose_name="văn bản giao", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    term = models.CharField("giai đoạn, nhiệm kỳ", max_length=20, blank=True, help_text="Ví dụ: 2022-2026")
    term_assigned = models.PositiveIntegerField(
        "số được giao cả giai đoạn", null=True, blank=True,
        help_text="Khi quyết định giao cho cả giai đoạn (ghi giai đoạn ở ô trên), bên cạnh số của năm.")
    roadmap_cut = models.DecimalField(
        "tỷ lệ tinh giản theo lộ trình (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="Tỷ lệ phải cắt giảm trong giai đoạn theo lộ trình, ví dụ 10 (%).")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "biên chế được giao"
        verbose_name_plural = "biên chế được giao"
        ordering = ["-year", "unit__sort_order", "unit__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"], name="quota_unique_unit_year_kind")]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} — {self.unit}"

    def term_years(self):
        """(first, last) of `term` («2022-2026», «2022 – 2026»), or None."""
        import re

        found = re.findall(r"\d{4}", self.term or "")
        return (int(found[0]), int(found[-1])) if len(found) >= 2 else None

    def clean(self):
        if self.term_assigned is not None and not self.term_years():
            raise ValidationError({"term": "Ghi giai đoạn (ví dụ 2022-2026) cho số được giao cả giai đoạn."})
        if self.roadmap_cut is not None and not (0 <= self.roadmap_cut <= 100):
            raise ValidationError({"roadmap_cut": "Tỷ lệ tinh giản phải từ 0 đến 100 (%)."})


# ---------------------------------------------------------------------------------------------
# Streamlining, restructuring, job positions
# ---------------------------------------------------------------------------------------------


class StreamliningStage(models.TextChoices):
    REVIEW = "ra_soat", "Rà soát"
    FUNDING = "tham_dinh", "Thẩm định kinh phí"
    APPROVED = "phe_duyet", "Phê duyệt, thực hiện"


class StreamliningDecree(models.TextChoices):
    D108_2014 = "108/2014/NĐ-CP", "Nghị định số 108/2014/NĐ-CP"
    D113_2018 = "113/2018/NĐ-CP", "Nghị định số 113/2018/NĐ-CP"
    D143_2020 = "143/2020/NĐ-CP", "Nghị định số 143/2020/NĐ-CP"
    D29_2023 = "29/2023/NĐ-CP", "Nghị định số 29/2023/NĐ-CP"


class StreamliningCase(DatedByPeriod, models.Model):
    """Cases of tinh giản biên chế in a round ("đợt I năm 2021"), at the stage they have reached;
    a province that does not number rounds leaves the round empty."""

    date_field = "decided_on"

    year = models.PositiveSmallIntegerField("năm")
    round_number = models.PositiveSmallIntegerField("đợt", null=True, blank=True,
                                                    help_text="Để trống nếu tỉnh không chia đợt.")
    stage = models.CharField("giai đoạn", max_length=20, choices=StreamliningStage.choices)
    decree = models.CharField("theo Nghị định", max_length=20, choices=StreamliningDecree.choices, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="streamlining_cases")
    person = models.ForeignKey(
        "CivilServant", verbose_name="người", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.PositiveIntegerField("số trường hợp", default=1)
    amount = models.DecimalField("kinh phí (đồng)", max_digits=18, decimal_places=0, null=True, blank=True)
    decided_on = models.DateField("ngày thực hiện", blank=True)
    dated_period = dated_period_field()
    decision = models.ForeignKey(
        LegalDocument, verbose_name="văn bản", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "trường hợp tinh giản biên chế"
        verbose_name_plural = "tinh giản biên chế"
        ordering = ["-year", "round_number", "unit__name"]
        indexes = [models.Index(fields=["decided_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="streamlining_quantity_positive"),
            models.CheckConstraint(condition=Q(person__isnull=True) | Q(quantity=1), name="streamlining_person_one"),
        ]

    def __str__(self):
        if self.round_number is None:
            return f"Tinh giản biên chế năm {self.year} — {self.unit}"
        return f"Tinh giản biên chế đợt {self.round_number}/{self.year} — {self.unit}"

    def clean(self):
        self.clean_period_date()
        if self.person_id and self.quantity != 1:
            raise ValidationError({"quantity": "Dòng gắn với một người thì số trường hợp phải là 1."})

    def save(self, *args, **kwargs):
        self.fill_period_date()
        super().save(*args, **kwargs)


class RestructuringKind(models.TextChoices):
    ESTABLISH = "thanh_lap", "Thành lập"
    REORGANISE = "to_chuc_lai", "Tổ chức lại"
    MERGE = "sap_nhap", "Sáp nhập, hợp nhất"
    DISSOLVE = "giai_the", "Giải thể"
    CONSOLIDATE = "kien_toan", "Sắp xếp, kiện toàn"
    FUNCTIONS = "chuc_nang", "Quy định chức năng, nhiệm vụ"


class RestructuringTarget(models.TextChoices):
    ADMINISTRATIVE = "hanh_chinh", "Cơ quan hành chính"
    PUBLIC_SERVICE = "su_nghiep", "Đơn vị sự nghiệp công lập"


class RestructuringEvent(DatedByPeriod, models.Model):
    """Units established, reorganised, merged, dissolved… (`quantity` units under `unit`)."""

    date_field = "decided_on"

    unit = models.ForeignKey(
        OrgUnit, verbose_name="đơn vị (chủ quản)", on_delete=models.PROTECT, related_name="restructuring_events"
    )
    kind = models.CharField("hình thức", max_length=20, choices=RestructuringKind.choices)
    target = models.CharField("loại tổ chức", max_length=20, choices=RestructuringTarget.choices,
                              default=RestructuringTarget.ADMINISTRATIVE)
    quantity = models.PositiveIntegerField("số đơn vị", default=1)
    decided_on = models.DateField("ngày quyết định", blank=True)
    dated_period = dated_period_field()
    decision = models.ForeignKey(
        LegalDocument, verbose_name="quyết định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField("nội dung", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "sắp xếp tổ chức bộ máy"
        verbose_name_plural = "sắp xếp tổ chức bộ máy"
        ordering = ["-decided_on"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="restructuring_quantity_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit} ({self.quantity})"

    def clean(self):
        self.clean_period_date()

    def save(self, *args, **kwargs):
        self.fill_period_date()
        super().save(*args, **kwargs)


class JobPositionApproval(DatedByPeriod, models.Model):
    """A decision approving (or adjusting) a unit's list of job positions (vị trí việc làm)."""

    date_field = "approved_on"

    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="job_position_approvals")
    approved_on = models.DateField("ngày phê duyệt", blank=True)
    dated_period = dated_period_field()
    positions = models.PositiveIntegerField("số vị trí việc làm", null=True, blank=True)
    is_adjustment = models.BooleanField("điều chỉnh danh mục", default=False)
    decision = models.ForeignKey(
        LegalDocument, verbose_name="quyết định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = registry_history()

    class Meta:
        verbose_name = "phê duyệt vị trí việc làm"
        verbose_name_plural = "phê duyệt vị trí việc làm"
        ordering = ["-approved_on"]

    def __str__(self):
        return f"Vị trí việc làm — {self.unit} ({self.date_label()})"

    def clean(self):
        self.clean_period_date()

    def save(self, *args, **kwargs):
        self.fill_period_date()
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Civil servant register
# ---------------------------------------------------------------------------------------------


class StaffCategory(models.TextChoices):
    CADRE = "can_bo", "Cán bộ"
    CIVIL_SERVANT = "cong_chuc", "Công chức"
    PUBLIC_EMPLOYEE = "vien_chuc", "Viên chức"
    COMMUNE = "cap_xa", "Cán bộ, công chức cấp xã"


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class Education(models.TextChoices):
    DOCTOR = "tien_si", "Tiến sĩ"
    MASTER = "thac_si", "Thạc sĩ"
    BACHELOR = "dai_hoc", "Đại học"
    COLLEGE = "cao_dang", "Cao đẳng"
    VOCATIONAL = "trung_cap", "Trung cấp"
    OTHER = "khac", "Sơ cấp, chưa qua đào tạo"


class PoliticalTheory(models.TextChoices):
    ADVANCED = "cao_cap", "Cao cấp"
    INTERMEDIATE = "trung_cap", "Trung cấp"
    ELEMENTARY = "so_cap", "Sơ cấp"
    NONE = "chua_co", "Chưa qua đào tạo"


def ending():
    """Q of the ending actions: the built-in ENDING_TYPES and the data types marked so."""
    return Q(action_type__in=ENDING_TYPES) | Q(
        action_type__in=ActionKind.objects.filter(ends_service=True).values("code"))


def ended_by(on):
    """The ending actions effective on or before `on` and not followed by a recruitment or reception
    also effective by then: their people are no longer «đang công tác»."""
    from django.db.models import Exists, OuterRef

    back = PersonnelAction.objects.filter(person=OuterRef("person"), action_type__in=JOINING_TYPES,
                                          effective_date__gt=OuterRef("effective_date"), effective_date__lte=on)
    return PersonnelAction.objects.filter(ending(), effective_date__lte=on).filter(~Exists(back))


class CivilServantQuerySet(models.QuerySet):
    def in_service(self, on=None):
        """People «đang công tác» on `on` (default today): with no ending action
        (nghỉ hưu, thôi việc, chuyển ra ngoài tỉnh) effective by then, and either marked active in
        the register or leaving only later (an ending action after `on`: still at work on `on`)."""
        import datetime

        on = on or datetime.date.today()
        # Two lists of people, not an EXISTS per row: the actions are few beside the register, and a
        # hashed list is one probe per row, so counting 200,000 people reads the register once (the
        # correlated form planned as a nested loop over every row: 266 → 155 ms, bench/search.py).
        ended = ended_by(on)
        leaving_later = PersonnelAction.objects.filter(ending(), effective_date__gt=on)
        return self.filter(Q(active=True) | Q(pk__in=leaving_later.values("person_id"))).exclude(
            pk__in=ended.values("person_id"))


class CivilServant(models.Model):
    """One cán bộ, công chức, viên chức; identified by the personal code `ma_so` (natural key).

    `active` is what the register says; whether the person is «đang công tác» on a day also follows
    their effective actions (`CivilServant.objects.in_service(on)`, `is_in_service(on)`)."""

    objects = CivilServantQuerySet.as_manager()

    ma_so = models.CharField("mã số CBCCVC", max_length=30, unique=True)
    full_name = models.CharField("họ và tên", max_length=120)
    # the name folded for search (core.search): a trigram index on it answers a 200,000-person search
    name_folded = FoldedField("full_name", verbose_name="họ và tên (không dấu, để tìm)", max_length=120)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=5, choices=Gender.choices)
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh", blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="civil_servants")
    category = models.CharField("đối tượng", max_length=20, choices=StaffCategory.choices)
    rank_title = models.CharField("ngạch, chức danh nghề nghiệp", max_length=120, blank=True)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    education = models.CharField("trình độ chuyên môn", max_length=20, choices=Education.choices, blank=True)
    political_theory = models.CharField("lý luận chính trị", max_length=20, choices=PoliticalTheory.choices, blank=True)
    entry_date = models.DateField("ngày tuyển dụng", null=True, blank=True)
    active = models.BooleanField("đang công tác", default=True)

    history = registry_history(excluded_fields=["name_folded"])

    class Meta:
        verbose_name = "cán bộ, công chức, viên chức"
        verbose_name_plural = "cán bộ, công chức, viên chức"
        ordering = ["unit__sort_order", "unit__name", "full_name", "ma_so"]
        indexes = [
            # covering (PostgreSQL): the register's counts by unit read the index only, not 200,000 rows
            models.Index(fields=["unit", "category", "active"], include=["id"], name="civilservant_unit_cat_active"),
            models.Index(fields=["full_name"]),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.ma_so})"

    def clean(self):
        if self.birth_date and self.entry_date and self.entry_date <= self.birth_date:
            raise ValidationError({"entry_date": "Ngày tuyển dụng phải sau ngày sinh."})

    def is_in_service(self, on=None):
        """«Đang công tác» on `on` (default today), as `CivilServant.objects.in_service` counts it."""
        if self.pk is None:
            return bool(self.active)
        return CivilServant.objects.filter(pk=self.pk).in_service(on).exists()


# ---------------------------------------------------------------------------------------------
# Personnel and salary actions
# ---------------------------------------------------------------------------------------------


class ActionGroup(models.TextChoices):
    PERSONNEL = "nhan_su", "Quản lý cán bộ, công chức, viên chức"
    SALARY = "tien_luong", "Chế độ tiền lương"


class ActionType(models.TextChoices):
    RETIREMENT = "nghi_huu", "Nghỉ hưu"
    RESIGNATION = "thoi_viec", "Thôi việc"
    TRANSFER = "thuyen_chuyen", "Thuyên chuyển"
    SECONDMENT = "biet_phai", "Biệt phái"
    REDEPLOYMENT = "dieu_dong", "Điều động"
    RECEPTION = "tiep_nhan", "Tiếp nhận"
    TO_CIVIL_SERVANT = "vc_sang_cc", "Chuyển viên chức sang công chức"
    RECRUITMENT = "tuyen_dung", "Tuyển dụng"
    APPOINTMENT = "bo_nhiem", "Bổ nhiệm, bổ nhiệm lại"
    MILITARY_COMMANDER = "bo_nhiem_chqs", "Bổ nhiệm Chỉ huy trưởng Ban Chỉ huy quân sự"
    RANK_APPOINTMENT = "bo_nhiem_ngach", "Bổ nhiệm ngạch"
    RANK_DISMISSAL = "mien_nhiem_ngach", "Miễn nhiệm ngạch"
    RANK_PROMOTION = "nang_ngach", "Nâng ngạch"
    EARLY_RAISE = "nang_luong_truoc_han", "Nâng lương trước thời hạn"
    REGULAR_RAISE = "nang_luong_thuong_xuyen", "Nâng lương thường xuyên"
    RETIREMENT_RAISE = "nang_luong_nghi_huu", "Nâng bậc lương trước thời hạn khi nghỉ hưu"
    SENIORITY_ALLOWANCE = "phu_cap_tnvk", "Phụ cấp thâm niên vượt khung"
    SALARY_GRADING = "xep_luong", "Xếp lương"
    LEAVING_PROVINCE = "chuyen_ngoai_tinh", "Chuyển công tác ra ngoài tỉnh"


class ActionKind(models.Model):
    """A type of personnel or salary decision kept as data, beside the built-in `ActionType`s:
    an admin adds one with its phrase (the clause the report says it with) and no code.

    The phrase is a mẫu câu clause: `{cases:n}` the cases, `{count:qd|quyết định}` the decisions,
    `{items:nhom}` each separately decided group, `{text:ngach}` the rank or professional title."""

    code = models.SlugField("mã loại", max_length=30, unique=True,
                            help_text="Chữ thường không dấu, gạch dưới; ví dụ «cu_di_hoc».")
    name = models.CharField("tên loại", max_length=120, unique=True)
    group = models.CharField("nhóm", max_length=20, choices=ActionGroup.choices, default=ActionGroup.PERSONNEL)
    phrase = models.CharField("mẫu câu (vế câu trong báo cáo)", max_length=255,
                              help_text="Ví dụ: «cử đi học {cases:n}»; {count:qd|quyết định} là số quyết định.")
    ends_service = models.BooleanField("chấm dứt công tác", default=False,
                                       help_text="Như nghỉ hưu, thôi việc: người này thôi «đang công tác» từ ngày hiệu lực.")
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=100)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại quyết định nhân sự, tiền lương"
        verbose_name_plural = "loại quyết định nhân sự, tiền lương"
        ordering = ["group", "sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from core.reporting import PhraseError, check

        if self.code in ActionType.values:
            raise ValidationError({"code": "Mã này là của một loại có sẵn; chọn mã khác."})
        try:
            check(self.phrase, ACTION_PHRASE_NAMES)
        except PhraseError as exc:
            raise ValidationError({"phrase": str(exc)}) from exc


# The names every personnel/salary clause may use (built-in and data types alike).
ACTION_PHRASE_NAMES = {
    "n": ("number", "số trường hợp"),
    "qd": ("number", "số quyết định (khi có ghi)"),
    "nhom": ("clauses", "từng nhóm quyết định riêng («01 quyết định cho 05 (TH)»), thay cho tổng"),
    "ngach": ("text", "tên ngạch, chức danh (có thể trống)"),
}


def action_kinds():
    """{code: ActionKind} of the data types (one query; the caller keeps it for a page or a report)."""
    return {k.code: k for k in ActionKind.objects.all()}


def action_type_choices(kinds=None):
    """[(code, label)]: the built-in types, then the active data types."""
    kinds = action_kinds() if kinds is None else kinds
    return list(ActionType.choices) + [(k.code, k.name) for k in sorted(kinds.values(), key=lambda k: (k.sort_order, k.name))
                                       if k.active]


# {code: name} of the data types, for lists: emptied when a type is saved or deleted here, and
# read again after a minute (another worker may have renamed one).
_labels = {}
_labels_read = [0.0]


def action_label(code, kinds=None):
    if code in ActionType.values:
        return ActionType(code).label
    if kinds is None:
        import time

        if code not in _labels or time.monotonic() - _labels_read[0] > 60:
            _labels.clear()
            _labels_read[0] = time.monotonic()
            _labels.update(ActionKind.objects.values_list("code", "name"))
            _labels.setdefault(code, code)
        return _labels[code]
    kind = kinds.get(code)
    return kind.name if kind else code


def _forget_labels(**kwargs):
    _labels.clear()


models.signals.post_save.connect(_forget_labels, sender=ActionKind, dispatch_uid="staffing_actionkind_saved")
models.signals.post_delete.connect(_forget_labels, sender=ActionKind, dispatch_uid="staffing_actionkind_deleted")


SALARY_TYPES = frozenset({
    ActionType.RANK_APPOINTMENT, ActionType.RANK_DISMISSAL, ActionType.RANK_PROMOTION, ActionType.EARLY_RAISE,
    ActionType.REGULAR_RAISE, ActionType.RETIREMENT_RAISE, ActionType.SENIORITY_ALLOWANCE, ActionType.SALARY_GRADING,
})


# A person's status follows their effective actions: one of these on or before a day ends their
# service (not «đang công tác» from that day), unless a later recruitment or reception brings them back.
ENDING_TYPES = frozenset({ActionType.RETIREMENT, ActionType.RESIGNATION, ActionType.LEAVING_PROVINCE})
JOINING_TYPES = frozenset({ActionType.RECRUITMENT, ActionType.RECEPTION})
# Actions that move a person between units: filed under the unit they leave or the unit they join.
TRANSFER_TYPES = frozenset({ActionType.TRANSFER, ActionType.SECONDMENT, ActionType.REDEPLOYMENT, ActionType.RECEPTION,
                            ActionType.LEAVING_PROVINCE})


def units_at(person_unit_id, transfers, day):
    """Ids of the units a person may have been at on `day`.

    The register keeps only the current unit, so the past is derived from the person's transfer
    actions: the current unit holds from the latest transfer on; a transfer effective on or after
    `day` was filed under the unit the person left or joined, so on `day` the person was at one of
    those units. `transfers`: [(effective_date, unit_id)] of the person's transfer actions."""
    return {person_unit_id} | {unit_id for effective, unit_id in transfers if effective >= day}


def action_unit_error(action_type, unit, person, effective_date, transfers):
    """Why an action for `person` may not be filed under `unit` (a Vietnamese sentence), or None.

    An action's unit is the person's unit at its effective date (for a transfer: the unit they
    leave or join). Otherwise the action would show the person's name to the officers of a unit
    they never worked in. Used by the model's clean (web form) and by the Excel import."""
    if person is None or unit is None or effective_date is None:
        return None
    unit_id = getattr(unit, "pk", unit)
    if unit_id in units_at(person.unit_id, transfers, effective_date):
        return None
    if action_type in TRANSFER_TYPES:
        where = "đơn vị chuyển đi hoặc chuyển đến của người này"
    else:
        where = "đơn vị của người này vào ngày hiệu lực"
    return (f"Đơn vị của quyết định phải là {where}; {person.full_name} ({person.ma_so}) không thuộc đơn vị này "
            "theo danh sách cán bộ, công chức, viên chức.")


class Handling(models.TextChoices):
    """How the case was settled: most salary cases are appraised and agreed (thẩm định, thống nhất)
    and decided by the unit; some get a decision issued for them ("Quyết định nâng lương trước hạn
    95 (TH)"), which the six-month report counts as a separate item."""

    APPRAISAL = "tham_dinh", "Thẩm định, thống nhất"
    DECISION = "quyet_dinh", "Ban hành quyết định"


def group_of(action_type, kinds=None):
    if action_type in SALARY_TYPES:
        return ActionGroup.SALARY
    if action_type in ActionType.values:
        return ActionGroup.PERSONNEL
    kind = (kinds or {}).get(action_type) if kinds is not None else ActionKind.objects.filter(code=action_type).first()
    return kind.group if kind else ActionGroup.PERSONNEL


class Level(models.TextChoices):
    PROVINCE = "tinh", "Cấp tỉnh"
    DISTRICT = "huyen", "Cấp huyện"
    COMMUNE = "xa", "Cấp xã"


def level_of_unit(unit):
    """Default level of an action from the kind of its unit."""
    kind = getattr(unit, "kind", unit)
    if kind == OrgUnitKind.COMMUNE:
        return Level.COMMUNE
    if kind == OrgUnitKind.DISTRICT:
        return Level.DISTRICT
    return Level.PROVINCE


class PersonnelAction(DatedByPeriod, models.Model):
    """A decision about one person (`person`, quantity 1) or a bulk row (`quantity` people).

    `authority` is who decided (Chủ tịch UBND tỉnh, Giám đốc Sở Nội vụ, …): reports group by it.
    `decisions` is how many decisions a bulk row stands for (beside its `quantity` of cases);
    empty means «not stated» — a row with a decision number then counts as one decision.

    Natural key, for re-import: (type, unit, decision number, effective date, row key), where the
    row key is the person's mã số (empty for a bulk row).
    """

    date_field = "effective_date"

    # No fixed choices: the built-in types and the data types (`ActionKind`), checked in clean().
    action_type = models.CharField("loại", max_length=30)
    group = models.CharField("nhóm", max_length=20, choices=ActionGroup.choices, editable=False)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    person = models.ForeignKey(
        CivilServant, verbose_name="người", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    row_key = models.CharField("khóa dòng", max_length=30, blank=True, editable=False)
    quantity = models.PositiveIntegerField("số trường hợp", default=1)
    decisions = models.PositiveIntegerField("số lượng quyết định", null=True, blank=True,
                                            help_text="Dòng gộp: số quyết định đã ban hành cho các trường hợp này.")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="personnel_actions")
    rank_title = models.CharField("ngạch, chức danh", max_length=120, blank=True,
                                  help_text="Cho bổ nhiệm, miễn nhiệm, nâng ngạch: ví dụ «Thanh tra viên»")
    authority = models.CharField("cơ quan quyết định", max_length=255, blank=True)
    handling = models.CharField("hình thức giải quyết", max_length=12, choices=Handling.choices,
                                default=Handling.APPRAISAL)
    decision = models.ForeignKey(
        LegalDocument, verbose_name="quyết định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    effective_date = models.DateField("ngày hiệu lực", blank=True)
    dated_period = dated_period_field()
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "quyết định nhân sự, tiền lương"
        verbose_name_plural = "quyết định nhân sự, tiền lương"
        ordering = ["-effective_date", "action_type"]
        indexes = [
            models.Index(fields=["effective_date", "action_type"]),
            models.Index(fields=["unit", "effective_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["action_type", "unit", "decision_number", "effective_date", "row_key"],
                name="personnelaction_natural_key",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="personnelaction_quantity_positive"),
            models.CheckConstraint(condition=Q(person__isnull=True) | Q(quantity=1), name="personnelaction_person_one"),
            models.CheckConstraint(condition=Q(decisions__isnull=True) | Q(decisions__gte=1),
                                   name="personnelaction_decisions_positive"),
        ]

    def __str__(self):
        who = str(self.person) if self.person_id else f"{self.quantity} trường hợp"
        return f"{self.get_action_type_display()} — {who}"

    def get_action_type_display(self):  # no fixed choices on the field: built-in and data types
        return action_label(self.action_type)

    def clean(self):
        self.clean_period_date()
        errors = {}
        if self.action_type and self.action_type not in dict(action_type_choices()):
            errors["action_type"] = f"Loại quyết định «{self.action_type}» không có trong danh mục."
        if self.decisions is not None and self.decisions < 1:
            errors["decisions"] = "Số quyết định phải từ 1 trở lên."
        elif self.decisions is not None and self.quantity is not None and self.decisions > self.quantity:
            errors["decisions"] = "Số quyết định không được lớn hơn số trường hợp."
        if self.quantity is not None and self.quantity < 1:
            errors["quantity"] = "Số trường hợp phải từ 1 trở lên."
        if self.person_id and self.quantity != 1:
            errors["quantity"] = "Dòng gắn với một người thì số trường hợp phải là 1."
        problem = self.unit_problem()
        if problem:
            errors["unit"] = problem
        if errors:
            raise ValidationError(errors)

    def unit_problem(self):
        """`action_unit_error` for this row (queries the person's transfers); an edit that keeps
        the stored unit, person and date is not checked again."""
        if not (self.person_id and self.unit_id and self.effective_date):
            return None
        if self.pk:
            stored = PersonnelAction.objects.filter(pk=self.pk).values_list("unit_id", "person_id", "effective_date").first()
            if stored == (self.unit_id, self.person_id, self.effective_date):
                return None
        transfers = (PersonnelAction.objects.filter(person_id=self.person_id, action_type__in=TRANSFER_TYPES)
                     .exclude(pk=self.pk).values_list("effective_date", "unit_id"))
        return action_unit_error(self.action_type, self.unit_id, self.person, self.effective_date, list(transfers))

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self, kinds=None):
        """Derived fields (also called by the importer, whose bulk writes skip save())."""
        self.fill_period_date()
        self.group = group_of(self.action_type, kinds)
        self.row_key = self.person.ma_so if self.person_id else ""
        if not self.level and self.unit_id:
            self.level = level_of_unit(self.unit)


# ---------------------------------------------------------------------------------------------
# Recruitment, training, postgraduate support
# ---------------------------------------------------------------------------------------------


class ExamKind(models.TextChoices):
    COMPETITIVE = "thi_tuyen", "Thi tuyển"
    SELECTION = "xet_tuyen", "Xét tuyển"
    RANK_PROMOTION = "thi_nang_ngach", "Thi nâng ngạch"
    GRADE_PROMOTION = "thang_hang", "Thi, xét thăng hạng"


class ExamAudience(models.TextChoices):
    CIVIL_SERVANT = "cong_chuc", "Công chức"
    PUBLIC_EMPLOYEE = "vien_chuc", "Viên chức"


class RecruitmentExam(models.Model):
    """An exam or selection round; `participants` took part, `passed` had their result recognised."""

    name = models.CharField("tên kỳ thi", max_length=255)
    kind = models.CharField("hình thức", max_length=20, choices=ExamKind.choices)
    audience = models.CharField("đối tượng", max_length=20, choices=ExamAudience.choices, default=ExamAudience.CIVIL_SERVANT)
    year = models.PositiveSmallIntegerField("năm")
    held_on = models.DateField("ngày tổ chức, công nhận kết quả")
    participants = models.PositiveIntegerField("số người tham gia", null=True, blank=True)
    passed = models.PositiveIntegerField("số người trúng tuyển, được công nhận", null=True, blank=True)
    units = models.ManyToManyField(OrgUnit, verbose_name="đơn vị có nhu cầu", blank=True, related_name="recruitment_exams")
    document = models.ForeignKey(
        LegalDocument, verbose_name="văn bản", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = registry_history()

    class Meta:
        verbose_name = "kỳ thi, xét tuyển"
        verbose_name_plural = "thi tuyển, xét tuyển, nâng ngạch"
        ordering = ["-held_on"]

    def __str__(self):
        return self.name


class TrainingPlan(models.Model):
    """The year's training plan of the province (số lớp, kinh phí)."""

    year = models.PositiveSmallIntegerField("năm")
    classes = models.PositiveIntegerField("số lớp")
    budget = models.DecimalField("tổng kinh phí (đồng)", max_digits=18, decimal_places=0)
    issued_on = models.DateField("ngày ban hành")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị ban hành", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="training_plans")
    decision = models.ForeignKey(
        LegalDocument, verbose_name="văn bản", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = registry_history()

    class Meta:
        verbose_name = "kế hoạch đào tạo, bồi dưỡng"
        verbose_name_plural = "kế hoạch đào tạo, bồi dưỡng"
        ordering = ["-year"]

    def __str__(self):
        return f"Kế hoạch đào tạo, bồi dưỡng năm {self.year}"


class TrainingCourse(models.Model):
    plan = models.ForeignKey(TrainingPlan, verbose_name="kế hoạch", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="courses")
    name = models.CharField("tên lớp", max_length=255)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị tổ chức", on_delete=models.PROTECT, related_name="training_courses")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    participants = models.PositiveIntegerField("số học viên", default=0)
    budget = models.DecimalField("kinh phí (đồng)", max_digits=18, decimal_places=0, null=True, blank=True)

    history = registry_history()

    class Meta:
        verbose_name = "lớp đào tạo, bồi dưỡng"
        verbose_name_plural = "lớp đào tạo, bồi dưỡng"
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="trainingcourse_range")]

    def __str__(self):
        return self.name


class PostgraduateSupport(DatedByPeriod, models.Model):
    """Chế độ sau đại học: one person or `quantity` cases decided together."""

    date_field = "decided_on"

    person = models.ForeignKey(CivilServant, verbose_name="người", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="postgraduate_supports")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="postgraduate_supports")
    quantity = models.PositiveIntegerField("số trường hợp", default=1)
    decided_on = models.DateField("ngày giải quyết", blank=True)
    dated_period = dated_period_field()
    amount = models.DecimalField("kinh phí hỗ trợ (đồng)", max_digits=18, decimal_places=0, null=True, blank=True)
    decision = models.ForeignKey(
        LegalDocument, verbose_name="quyết định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = registry_history()

    class Meta:
        verbose_name = "chế độ sau đại học"
        verbose_name_plural = "chế độ sau đại học"
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="postgraduate_quantity_positive"),
            models.CheckConstraint(condition=Q(person__isnull=True) | Q(quantity=1), name="postgraduate_person_one"),
        ]

    def __str__(self):
        return f"Chế độ sau đại học ({self.quantity})"

    def clean(self):
        self.clean_period_date()

    def save(self, *args, **kwargs):
        self.fill_period_date()
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Excel imports
# ---------------------------------------------------------------------------------------------




