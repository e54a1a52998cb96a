"""Wording as data: the province's phrases (mẫu câu) and each report kind's conventions.

The defaults ship in the domains' `report.py` (`core.reporting.phrase`); a row here overrides one
phrase for the province (the portal serves one province, so one row per key). The models live in
`reports` rather than `core` because who may edit a phrase is decided by the outline (the office
responsible for the sections its provider feeds) and the conventions belong to a report kind.
"""

from django.conf import settings
from django.db import models

from reports.models import DetailStyle, ReportKind


class ReportPhrase(models.Model):
    key = models.CharField("khóa mẫu câu", max_length=150, unique=True)
    text = models.TextField("mẫu câu")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="người sửa")
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        app_label = "reports"
        verbose_name = "mẫu câu của tỉnh"
        verbose_name_plural = "mẫu câu của tỉnh"

    def __str__(self):
        return self.key


class KindWording(models.Model):
    """A report kind's document-wide conventions (settled once per document at assembly)."""

    kind = models.OneToOneField(ReportKind, on_delete=models.CASCADE, related_name="wording",
                                verbose_name="loại báo cáo")
    abbreviate_cases = models.BooleanField(
        "viết tắt «trường hợp (TH)»", default=True,
        help_text="Bật: lần đầu «74 trường hợp (TH)», sau đó «46 (TH)». Tắt: luôn «46 trường hợp».")
    detail_style = models.CharField(
        "số liệu chi tiết", max_length=20, choices=DetailStyle.choices, blank=True,
        help_text="Chú thích cuối trang hoặc trong ngoặc đơn; để trống: theo thiết lập của từng báo cáo.")
    period_phrase = models.CharField(
        "cụm từ chỉ kỳ", max_length=100, blank=True,
        help_text="Ví dụ «6 tháng đầu năm» trong «Trong 6 tháng đầu năm, …»; để trống: theo kỳ báo cáo.")

    class Meta:
        app_label = "reports"
        verbose_name = "quy ước trình bày của loại báo cáo"
        verbose_name_plural = "quy ước trình bày của loại báo cáo"

    def __str__(self):
        return str(self.kind)
