"""Models of this app arrive with its issue."""


# ---------------------------------------------------------------------------------------------
# Index results, the province's index of its units, inspections and initiatives (issue 14 §3–4)
# ---------------------------------------------------------------------------------------------

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import models  # noqa: E402
from django.db.models import Q  # noqa: E402

from simple_history.models import HistoricalRecords  # noqa: E402

from core.models import OrgUnit  # noqa: E402


def register_history():
    """Who changed a register row, when, and what it held (the register pages' history panel)."""
    return HistoricalRecords(verbose_name="lịch sử thay đổi", verbose_name_plural="lịch sử thay đổi")


class IndexCode(models.TextChoices):
    """National indices that rank the province among the 63 provinces (Bộ Nội vụ, UNDP, VCCI)."""

    PAR_INDEX = "PAR_INDEX", "Chỉ số cải cách hành chính (PAR INDEX)"
    SIPAS = "SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"
    PAPI = "PAPI", "Chỉ số hiệu quả quản trị và hành chính công (PAPI)"
    PCI = "PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)"


class IndexResult(models.Model):
    """One index for one province and year. The change in rank is computed from the previous
    year's row (`reform.selectors.index_result`), never stored, so a corrected year corrects both."""

    unit = models.ForeignKey(OrgUnit, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="reform_index_results")
    index = models.CharField("chỉ số", max_length=20, choices=IndexCode.choices)
    year = models.PositiveSmallIntegerField("năm đánh giá")
    score = models.DecimalField("điểm (hoặc %)", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("xếp thứ")
    of_n = models.PositiveSmallIntegerField("trên tổng số tỉnh, thành", default=63)
    source = models.CharField("văn bản công bố", max_length=255, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "kết quả chỉ số"
        verbose_name_plural = "kết quả chỉ số (PAR INDEX, SIPAS, PAPI, PCI)"
        ordering = ["-year", "index"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "index", "year"], name="reform_indexresult_one_per_year"),
            models.CheckConstraint(condition=Q(rank__gte=1) & Q(rank__lte=models.F("of_n")), name="reform_indexresult_rank_in_range"),
            models.CheckConstraint(condition=Q(score__gte=0), name="reform_indexresult_score_positive"),
        ]

    def __str__(self):
        return f"{self.get_index_display()} {self.year}: {self.rank}/{self.of_n}"

    def clean(self):
        if self.rank and self.of_n and self.rank > self.of_n:
            raise ValidationError({"rank": f"Thứ hạng {self.rank} lớn hơn tổng số {self.of_n}."})


class Audience(models.TextChoices):
    """Who a set of criteria scores: the province scores each group on its own table."""

    DEPARTMENT = "department", "Sở, ban, ngành tỉnh"
    DISTRICT = "district", "UBND cấp huyện"
    COMMUNE = "commune", "UBND cấp xã"


class UnitIndexSet(models.Model):
    """The province's CCHC index criteria for one group of units and one year (Bộ tiêu chí)."""

    year = models.PositiveSmallIntegerField("năm đánh giá")
    audience = models.CharField("nhóm đơn vị", max_length=20, choices=Audience.choices)
    title = models.CharField("tên bộ tiêu chí", max_length=255)
    decision = models.CharField("quyết định ban hành", max_length=255, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị ban hành", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text="Để trống: bộ tiêu chí của tỉnh.")

    history = register_history()

    class Meta:
        verbose_name = "bộ tiêu chí chỉ số CCHC của tỉnh"
        verbose_name_plural = "bộ tiêu chí chỉ số CCHC của tỉnh"
        ordering = ["-year", "audience"]
        constraints = [models.UniqueConstraint(fields=["year", "audience"], name="reform_unitindexset_one_per_year")]

    def __str__(self):
        return f"{self.title} ({self.year})"


class Criterion(models.Model):
    """A criterion (lĩnh vực, tiêu chí) or sub-criterion with its maximum points. Scores are given on
    leaves; a parent's maximum is the sum of its children's (checked by the service)."""

    index_set = models.ForeignKey(UnitIndexSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", verbose_name="thuộc tiêu chí", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    code = models.CharField("số thứ tự", max_length=20, help_text="Ví dụ: 1, 1.2, 1.2.3")
    title = models.CharField("tên tiêu chí", max_length=500)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)

    history = register_history()

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="reform_criterion_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="reform_criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class UnitScore(models.Model):
    """A unit's self-assessed and appraised points on one leaf criterion (≤ its maximum)."""

    criterion = models.ForeignKey(Criterion, verbose_name="tiêu chí", on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="reform_scores")
    self_score = models.DecimalField("điểm tự đánh giá", max_digits=6, decimal_places=2, null=True, blank=True)
    appraised_score = models.DecimalField("điểm thẩm định", max_digits=6, decimal_places=2, null=True, blank=True)

    history = register_history()

    class Meta:
        verbose_name = "điểm của đơn vị"
        verbose_name_plural = "điểm của đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="reform_unitscore_one_per_criterion"),
            models.CheckConstraint(condition=Q(self_score__gte=0) | Q(self_score__isnull=True), name="reform_unitscore_self_positive"),
            models.CheckConstraint(condition=Q(appraised_score__gte=0) | Q(appraised_score__isnull=True),
                                   name="reform_unitscore_appraised_positive"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.criterion.code}"

    def clean(self):
        limit = self.criterion.max_points
        errors = {}
        for field in ("self_score", "appraised_score"):
            value = getattr(self, field)
            if value is not None and value > limit:
                label = self._meta.get_field(field).verbose_name
                errors[field] = f"{label.capitalize()} ({value}) vượt điểm tối đa {limit} của tiêu chí {self.criterion.code}."
        if errors:
            raise ValidationError(errors)


class InspectionPlan(models.Model):
    """A year's CCHC inspection plan (Kế hoạch kiểm tra công tác cải cách hành chính)."""

    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=500)
    document = models.CharField("số, ký hiệu văn bản", max_length=100, blank=True, help_text="Ví dụ: 25/KH-UBND")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị ban hành", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text="Để trống: kế hoạch của tỉnh.")

    history = register_history()

    class Meta:
        verbose_name = "kế hoạch kiểm tra CCHC"
        verbose_name_plural = "kế hoạch kiểm tra CCHC"
        ordering = ["-year", "-issued_on", "id"]

    def __str__(self):
        return self.title


class InspectionVisit(models.Model):
    """One unit inspected under a plan, with what the team found."""

    plan = models.ForeignKey(InspectionPlan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị được kiểm tra", on_delete=models.PROTECT, related_name="reform_inspections")
    visited_on = models.DateField("ngày kiểm tra")
    findings = models.TextField("kết quả, tồn tại phát hiện", blank=True)
    recommendations = models.TextField("kiến nghị", blank=True)

    history = register_history()

    class Meta:
        verbose_name = "đợt kiểm tra đơn vị"
        verbose_name_plural = "đợt kiểm tra đơn vị"
        ordering = ["-visited_on", "id"]

    def __str__(self):
        return f"{self.unit} – {self.visited_on:%d/%m/%Y}"


class Initiative(models.Model):
    """A CCHC initiative (sáng kiến) recognised by the province, for the year it was achieved in."""

    year = models.PositiveSmallIntegerField("năm của sáng kiến")
    unit = models.ForeignKey(OrgUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="reform_initiatives")
    title = models.CharField("tên sáng kiến", max_length=500)
    decision = models.CharField("quyết định công nhận", max_length=255, blank=True)
    recognised_on = models.DateField("ngày công nhận")

    history = register_history()

    class Meta:
        verbose_name = "sáng kiến CCHC được công nhận"
        verbose_name_plural = "sáng kiến CCHC được công nhận"
        ordering = ["-recognised_on", "id"]

    def __str__(self):
        return self.title
