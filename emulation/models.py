"""Emulation and awards (thi đua, khen thưởng; DESIGN §5, Luật Thi đua, khen thưởng 2022).

- `AwardType`: the emulation titles (danh hiệu thi đua) and forms of commendation (hình thức khen
  thưởng) of the law, by kind and class, for collectives / individuals / households, with the level
  that decides. Seeded as data (migration 0002), editable by an admin.
- `AwardDecision` and `AwardItem`: a decision (số, ngày, cấp quyết định, dịp khen, đơn vị đề nghị,
  trạng thái đề nghị → thẩm định → trình cấp trên → đã khen) and its items; an item is one named
  recipient or a bulk row of `quantity` recipients whose names live elsewhere.
- The double-award rule: a named recipient (kind, name, unit) receives an award type once per
  achievement period; `AwardItem.recipient_key` carries the identity and a unique constraint holds
  the rule in the database, `services.check_double_award` says it in Vietnamese first.
- `Proposal` and `ProposalItem`: a unit's dossier of proposed recipients, reviewed by Ban TĐKT.
- `EmulationCluster` / `ClusterMembership`: cụm, khối thi đua with members, leader and deputy per year.
- `EmulationMovement`: phong trào thi đua launched.

The registers keep their change history (django-simple-history; bulk writes — the demo, imports —
write none: their job is the record).
"""


def register_history():
    return HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi")

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core import formatting
from core.models import LegalDocument, OrgUnit


class AwardCategory(models.TextChoices):
    TITLE = "danh_hieu", "Danh hiệu thi đua"
    FORM = "hinh_thuc", "Hình thức khen thưởng"


class AwardKind(models.TextChoices):
    ORDER = "huan_chuong", "Huân chương"
    MEDAL = "huy_chuong", "Huy chương"
    HONOUR = "vinh_du", "Danh hiệu vinh dự nhà nước"
    PRIZE = "giai_thuong", "Giải thưởng"
    COMMEMORATIVE = "ky_niem_chuong", "Kỷ niệm chương"
    CERTIFICATE = "bang_khen", "Bằng khen"
    MERIT = "giay_khen", "Giấy khen"
    FLAG = "co_thi_dua", "Cờ thi đua"
    EMULATION_SOLDIER = "chien_si_thi_dua", "Chiến sĩ thi đua"
    LABOUR = "lao_dong", "Danh hiệu lao động (tiên tiến, xuất sắc)"
    OTHER = "khac", "Danh hiệu khác"


class AwardLevel(models.TextChoices):
    """Who decides (Luật TĐKT 2022, Chương IV)."""

    STATE = "chu_tich_nuoc", "Chủ tịch nước"
    GOVERNMENT = "thu_tuong", "Thủ tướng Chính phủ"
    PROVINCE = "tinh", "Bộ, ban, ngành, tỉnh"
    GRASSROOTS = "co_so", "Cơ sở"


class RecipientKind(models.TextChoices):
    COLLECTIVE = "tap_the", "Tập thể"
    INDIVIDUAL = "ca_nhan", "Cá nhân"
    HOUSEHOLD = "ho_gia_dinh", "Hộ gia đình"


RECIPIENT_FLAGS = {
    RecipientKind.COLLECTIVE: "for_collective",
    RecipientKind.INDIVIDUAL: "for_individual",
    RecipientKind.HOUSEHOLD: "for_household",
}


class AwardType(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=200, help_text="Như viết trong báo cáo, ví dụ: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    category = models.CharField("nhóm", max_length=20, choices=AwardCategory.choices)
    kind = models.CharField("loại", max_length=20, choices=AwardKind.choices)
    award_class = models.CharField("hạng", max_length=30, blank=True, help_text="Ví dụ: hạng Nhất")
    level = models.CharField("cấp quyết định", max_length=20, choices=AwardLevel.choices)
    for_collective = models.BooleanField("tặng tập thể", default=False)
    for_individual = models.BooleanField("tặng cá nhân", default=False)
    for_household = models.BooleanField("tặng hộ gia đình", default=False)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh hiệu, hình thức khen thưởng"
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(for_collective=True) | Q(for_individual=True) | Q(for_household=True),
                                   name="awardtype_has_recipients"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.for_collective or self.for_individual or self.for_household):
            raise ValidationError("Chọn ít nhất một đối tượng được tặng: tập thể, cá nhân hoặc hộ gia đình.")

    def allows(self, recipient_kind):
        return bool(getattr(self, RECIPIENT_FLAGS[RecipientKind(recipient_kind)]))

    @property
    def recipients_label(self):
        return ", ".join(k.label.lower() for k, flag in RECIPIENT_FLAGS.items() if getattr(self, flag))


class Occasion(models.TextChoices):
    ANNUAL = "tong_ket", "Tổng kết năm"
    THEMATIC = "chuyen_de", "Chuyên đề"
    SUDDEN = "dot_xuat", "Đột xuất"
    RESISTANCE = "khang_chien", "Kháng chiến"
    DEDICATION = "cong_hien", "Quá trình cống hiến"


class DecisionStatus(models.TextChoices):
    PROPOSED = "de_nghi", "Đề nghị"
    APPRAISAL = "tham_dinh", "Thẩm định"
    SUBMITTED = "trinh_cap_tren", "Trình cấp trên"
    AWARDED = "da_khen", "Đã khen"


class EmulationCluster(models.Model):
    """A cụm or khối thi đua of the province (members, leader and deputy are per year)."""

    class Kind(models.TextChoices):
        CLUSTER = "cum", "Cụm thi đua"
        BLOC = "khoi", "Khối thi đua"

    name = models.CharField("tên", max_length=200, unique=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)

    history = register_history()

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["kind", "sort_order", "name"]

    def __str__(self):
        return self.name


class ClusterRole(models.TextChoices):
    MEMBER = "thanh_vien", "Thành viên"
    LEADER = "truong", "Trưởng cụm, khối"
    DEPUTY = "pho", "Phó cụm, khối"


class ClusterMembership(models.Model):
    cluster = models.ForeignKey(EmulationCluster, verbose_name="cụm, khối", on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="emulation_clusters")
    year = models.PositiveSmallIntegerField("năm")
    role = models.CharField("vai trò", max_length=20, choices=ClusterRole.choices, default=ClusterRole.MEMBER)

    history = register_history()

    class Meta:
        verbose_name = "thành viên cụm, khối"
        verbose_name_plural = "thành viên cụm, khối"
        ordering = ["cluster", "year", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit", "year"], name="clustermember_unique",
                                    violation_error_message="Đơn vị này đã là thành viên của cụm, khối trong năm đã chọn."),
            # One leader and one deputy per cluster and year.
            models.UniqueConstraint(fields=["cluster", "year", "role"], condition=~Q(role="thanh_vien"),
                                    name="clustermember_one_leader_deputy",
                                    violation_error_message="Cụm, khối này đã có đơn vị giữ vai trò này trong năm đã chọn "
                                                            "(mỗi năm một Trưởng và một Phó)."),
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}: {self.unit} ({self.get_role_display()})"


class EmulationMovement(models.Model):
    """A phong trào thi đua: launched by the Prime Minister (carried out in the province) or by the province."""

    class Kind(models.TextChoices):
        REGULAR = "thuong_xuyen", "Thường xuyên"
        CAMPAIGN = "theo_dot", "Theo đợt"
        THEMATIC = "chuyen_de", "Chuyên đề"

    name = models.CharField("tên phong trào", max_length=300)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.CAMPAIGN)
    launched_by = models.CharField("cấp phát động", max_length=20, choices=AwardLevel.choices, default=AwardLevel.PROVINCE)
    launched_on = models.DateField("ngày phát động")
    ends_on = models.DateField("ngày kết thúc", null=True, blank=True)
    document = models.ForeignKey(LegalDocument, verbose_name="văn bản phát động", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(OrgUnit, verbose_name="cơ quan, đơn vị phát động", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="emulation_movements",
                             help_text="Để trống: phong trào chung của tỉnh (hoặc do Thủ tướng Chính phủ phát động).")

    history = register_history()

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-launched_on", "name"]

    def __str__(self):
        return self.name


class AwardDecision(models.Model):
    """A decision and the dossier before it. `decided_on` dates the decision (đã khen); `forwarded_on`
    the day the province sent it up (trình cấp trên; a confirmed resistance dossier is one);
    `received_on` the day the dossier reached Ban TĐKT."""

    number = models.CharField("số quyết định", max_length=30, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, blank=True, help_text="Ví dụ: QĐ-UBND")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    forwarded_on = models.DateField("ngày trình cấp trên", null=True, blank=True)
    received_on = models.DateField("ngày nhận hồ sơ")
    level = models.CharField("cấp quyết định", max_length=20, choices=AwardLevel.choices, default=AwardLevel.PROVINCE)
    authority = models.CharField("người, cơ quan quyết định", max_length=200, default="Chủ tịch Ủy ban nhân dân tỉnh")
    occasion = models.CharField("dịp khen thưởng", max_length=20, choices=Occasion.choices)
    proposing_unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT,
                                       related_name="award_decisions")
    status = models.CharField("trạng thái", max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    subject = models.CharField("trích yếu", max_length=500, blank=True)
    achievement_period = models.CharField("thời gian đạt thành tích", max_length=60, blank=True,
                                          help_text="Ví dụ: năm 2020; năm học 2020 - 2021")
    movement = models.ForeignKey(EmulationMovement, verbose_name="phong trào", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="decisions")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    history = register_history()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-decided_on", "-received_on", "-id"]
        indexes = [models.Index(fields=["status", "decided_on"]), models.Index(fields=["status", "forwarded_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(status="da_khen") | (Q(decided_on__isnull=False) & ~Q(number="")),
                                   name="awarddecision_awarded_has_number_date"),
            models.CheckConstraint(condition=~Q(status="trinh_cap_tren") | Q(forwarded_on__isnull=False),
                                   name="awarddecision_forwarded_has_date"),
        ]

    def __str__(self):
        return self.reference or f"Hồ sơ khen thưởng của {self.proposing_unit}"

    def clean(self):
        errors = {}
        if self.status == DecisionStatus.AWARDED:
            if not self.number:
                errors["number"] = "Quyết định đã khen phải có số."
            if not self.decided_on:
                errors["decided_on"] = "Quyết định đã khen phải có ngày."
        if self.status == DecisionStatus.SUBMITTED and not self.forwarded_on:
            errors["forwarded_on"] = "Hồ sơ trình cấp trên phải có ngày trình."
        if errors:
            raise ValidationError(errors)

    @property
    def reference(self):
        if not self.number:
            return ""
        text = f"Quyết định số {self.number}" + (f"/{self.symbol}" if self.symbol else "")
        return text + (f" {formatting.long_date(self.decided_on)}" if self.decided_on else "")


def recipient_key(kind, name, unit_id):
    """The identity of a named recipient for the double-award rule ("" for a bulk row)."""
    name = " ".join(formatting.nfc(name or "").split()).casefold()
    if not name:
        return ""
    return f"{kind}|{unit_id or ''}|{name}"[:300]


DOUBLE_AWARD = ("Đối tượng này đã được khen cùng danh hiệu, hình thức cho cùng thời gian thành tích; "
                "không khen hai lần cho cùng một thành tích.")


class AwardItem(models.Model):
    decision = models.ForeignKey(AwardDecision, verbose_name="quyết định", on_delete=models.CASCADE, related_name="items")
    award_type = models.ForeignKey(AwardType, verbose_name="danh hiệu, hình thức", on_delete=models.PROTECT, related_name="items")
    recipient_kind = models.CharField("đối tượng", max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField("tên tập thể, cá nhân", max_length=255, blank=True,
                                      help_text="Để trống khi dòng gộp nhiều đối tượng (ghi số lượng).")
    recipient_unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị của đối tượng", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="award_items")
    quantity = models.PositiveIntegerField("số lượng", default=1)
    achievement = models.TextField("thành tích", blank=True)
    achievement_period = models.CharField("thời gian đạt thành tích", max_length=60, blank=True)
    recipient_key = models.CharField("khóa đối tượng", max_length=300, blank=True, editable=False)

    history = register_history()

    class Meta:
        verbose_name = "đối tượng được khen"
        verbose_name_plural = "đối tượng được khen"
        ordering = ["decision", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="awarditem_quantity_positive"),
            models.CheckConstraint(condition=Q(recipient_name="") | Q(quantity=1), name="awarditem_named_one"),
            # The double-award rule (services.check_double_award says it first, in Vietnamese).
            models.UniqueConstraint(fields=["award_type", "recipient_key", "achievement_period"],
                                    condition=~Q(recipient_key=""), name="awarditem_no_double_award",
                                    violation_error_message=DOUBLE_AWARD),
        ]

    def __str__(self):
        who = self.recipient_name or f"{self.quantity} {self.get_recipient_kind_display().lower()}"
        return f"{self.award_type}: {who}"

    def save(self, *args, **kwargs):
        self.recipient_key = recipient_key(self.recipient_kind, self.recipient_name, self.recipient_unit_id)
        super().save(*args, **kwargs)

    def clean(self):
        # The identity first, so that full_clean's constraint check (the double-award rule) sees it.
        self.recipient_key = recipient_key(self.recipient_kind, self.recipient_name, self.recipient_unit_id)
        errors = {}
        if self.quantity is not None and self.quantity < 1:
            errors["quantity"] = "Số lượng phải từ 1 trở lên."
        elif self.recipient_name and self.quantity != 1:
            errors["quantity"] = "Dòng ghi tên một tập thể, cá nhân thì số lượng phải là 1."
        if self.award_type_id and self.recipient_kind and not self.award_type.allows(self.recipient_kind):
            errors["recipient_kind"] = (f"{self.award_type.name} không tặng cho "
                                        f"{RecipientKind(self.recipient_kind).label.lower()}.")
        if errors:
            raise ValidationError(errors)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "da_gui", "Đã gửi, chờ thẩm định"
    RETURNED = "tra_lai", "Bị trả lại"
    ACCEPTED = "da_tiep_nhan", "Đã đưa vào quyết định"


class Proposal(models.Model):
    """A unit's dossier asking for awards; Ban TĐKT returns it with a reason or accepts it into a decision."""

    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="award_proposals")
    title = models.CharField("tên hồ sơ", max_length=300)
    occasion = models.CharField("dịp khen thưởng", max_length=20, choices=Occasion.choices)
    achievement_period = models.CharField("thời gian đạt thành tích", max_length=60)
    status = models.CharField("trạng thái", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    return_reason = models.TextField("lý do trả lại", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("gửi lúc", null=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người thẩm định", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("thẩm định lúc", null=True, blank=True)
    decision = models.OneToOneField(AwardDecision, verbose_name="quyết định", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="proposal")

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title


class ProposalItem(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="items")
    award_type = models.ForeignKey(AwardType, verbose_name="danh hiệu, hình thức đề nghị", on_delete=models.PROTECT,
                                   related_name="+")
    recipient_kind = models.CharField("đối tượng", max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField("tên tập thể, cá nhân", max_length=255)
    achievement = models.TextField("thành tích", blank=True)

    class Meta:
        verbose_name = "đối tượng đề nghị"
        verbose_name_plural = "đối tượng đề nghị"
        ordering = ["proposal", "id"]

    def __str__(self):
        return f"{self.recipient_name}: {self.award_type}"
