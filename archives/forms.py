"""Forms of the archives registers, on the register pattern of `core.registers`: Vietnamese dates
and whole numbers from `register_formfield`; metres take a decimal comma («46,4», two places at
most); the fonds from the archive's catalogue; access requests served by the archive centre."""

from decimal import Decimal

from django import forms
from django.db import models

from archives.models import METRES, AccessRequest, Accession, Fonds, WorkItem
from archives.selectors import CENTRE_SUFFIX
from core import formatting
from core.models import OrgUnit
from core.registers.forms import RegisterForm, register_formfield

MAX_METRES = Decimal(10) ** (METRES["max_digits"] - METRES["decimal_places"])


class MetresField(forms.Field):
    """Metres of records typed the Vietnamese way: «46,4», «1.234,25»; at most two decimals, not negative."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "Ví dụ: 46,4"})

    def prepare_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return formatting.number(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = formatting.parse_number(value)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if number is None:
            return None
        if number < 0:
            raise forms.ValidationError("Số mét không được âm.", code="min_value")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("Số mét ghi tối đa hai chữ số sau dấu phẩy (ví dụ 2,65).", code="invalid")
        if number >= MAX_METRES:
            raise forms.ValidationError("Số mét quá lớn.", code="max_value")
        return number


def archives_formfield(db_field, **kwargs):
    """The register pattern's fields, with metres as decimals and the fonds from the catalogue."""
    if isinstance(db_field, models.DecimalField) and db_field.name == "metres":
        return MetresField(label=db_field.verbose_name[:1].upper() + db_field.verbose_name[1:],
                           required=not db_field.blank and not db_field.has_default())
    if isinstance(db_field, models.ForeignKey) and db_field.related_model is Fonds:
        return forms.ModelChoiceField(Fonds.objects.order_by("code"), label="Phông", required=False,
                                      empty_label="— Không chọn —")
    return register_formfield(db_field, **kwargs)


class ArchivesForm(RegisterForm):
    def scope_field(self, name, field):
        if name == "fonds":
            field.error_messages["invalid_choice"] = "Phông đã chọn không có trong danh mục phông."
            return True
        return False


class WorkItemForm(ArchivesForm):
    class Meta:
        model = WorkItem
        fields = ["kind", "status", "unit", "fonds", "metres", "fonds_count", "boxes", "pages", "started_on",
                  "finished_on", "note"]
        formfield_callback = archives_formfield
        help_texts = {"finished_on": "Chỉ ghi khi tình trạng là «Hoàn thành» hoặc «Hoàn thành và bàn giao»."}


class AccessRequestForm(ArchivesForm):
    class Meta:
        model = AccessRequest
        fields = ["service", "requester", "requested_on", "quantity", "unit", "fonds", "purpose"]
        formfield_callback = archives_formfield

    def scope_field(self, name, field):
        if name == "unit":  # the archive that serves the request: the historical archive centre
            field.queryset = OrgUnit.objects.filter(
                pk__in=self.scope.units().values("pk"), code__endswith=CENTRE_SUFFIX).order_by("sort_order")
            field.error_messages["invalid_choice"] = "Lưu trữ đã chọn không thuộc phạm vi của anh/chị."
            if not self.instance.pk and not self.is_bound and field.queryset:
                self.initial.setdefault("unit", field.queryset[0].pk)
            return True
        return super().scope_field(name, field)


class FondsForm(ArchivesForm):
    class Meta:
        model = Fonds
        fields = ["code", "name", "unit", "metres", "boxes", "files", "start_year", "end_year", "note"]
        formfield_callback = archives_formfield

    def clean_metres(self):
        return self.cleaned_data.get("metres") or Decimal(0)


class AccessionForm(ArchivesForm):
    class Meta:
        model = Accession
        fields = ["unit", "fonds", "received_on", "metres", "boxes", "files", "note"]
        formfield_callback = archives_formfield
