"""The .xlsx import of the religion dossiers, on the shared engine (`core.imports`): declarations
only. A row is one dossier; its natural key is (loại hồ sơ, người đề nghị, ngày tiếp nhận, nội
dung): a file sent again updates the rows it already holds. The model's own rules (legal deadline
from the type when blank, dates and result, organization of the dossier's religion) are checked
per row, in Vietnamese, and the whole file is refused if any row is wrong."""

from django.core.exceptions import ValidationError
from import_export import fields

from core.imports import registry
from core.imports.resources import ImportResource, resource_meta
from core.imports.widgets import (
    ChoiceWidget,
    LookupWidget,
    TextWidget,
    UnitCodeWidget,
    VNDateWidget,
    VNIntegerWidget,
    cell_text,
    key_text,
)
from religion.models import Dossier, DossierResult, DossierType, Organization, Religion
from religion.permissions import offices

TYPE = "Loại hồ sơ"
APPLICANT = "Người, tổ chức đề nghị"
RECEIVED = "Ngày tiếp nhận"
SUBJECT = "Nội dung (nêu tên trong báo cáo)"


class DossierResource(ImportResource):
    type = fields.Field("type", TYPE, widget=ChoiceWidget(DossierType.choices, TYPE))
    religion = fields.Field("religion", "Tôn giáo", widget=LookupWidget(
        None, cache="religions", missing="Không có tôn giáo «{}» trong danh mục.", attr="name"))
    organization = fields.Field("organization", "Tổ chức tôn giáo", widget=LookupWidget(
        None, cache="organizations", missing="Không có tổ chức tôn giáo «{}» trong danh mục.", attr="name"))
    applicant = fields.Field("applicant", APPLICANT, widget=TextWidget(255))
    subject = fields.Field("subject", SUBJECT, widget=TextWidget(255))
    unit = fields.Field("unit", "Mã địa bàn", widget=UnitCodeWidget(None))
    quantity = fields.Field("quantity", "Số trường hợp", widget=VNIntegerWidget())
    received_on = fields.Field("received_on", RECEIVED, widget=VNDateWidget())
    deadline = fields.Field("deadline", "Hạn giải quyết", widget=VNDateWidget())
    resolved_on = fields.Field("resolved_on", "Ngày giải quyết", widget=VNDateWidget())
    result = fields.Field("result", "Kết quả", widget=ChoiceWidget(DossierResult.choices, "Kết quả"))
    note = fields.Field("note", "Ghi chú", widget=TextWidget(500))

    Meta = resource_meta(Dossier, ["type", "applicant", "received_on", "subject"], (
        "type", "religion", "organization", "applicant", "subject", "unit", "quantity", "received_on", "deadline",
        "resolved_on", "result", "note",
    ))
    update_fields = ("religion", "organization", "unit", "quantity", "deadline", "resolved_on", "result", "note")
    required = ("type", "religion", "applicant", "unit", "received_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._type_widget = self.fields["type"].widget
        self._date_widget = self.fields["received_on"].widget

    def before_import(self, dataset, **kwargs):
        # Religions and organizations by name (and code / short name): one query each.
        self.religions = {}
        for r in Religion.objects.all():
            self.religions[key_text(r.name)] = r
            self.religions[key_text(r.code)] = r
        self.organizations = {}
        for o in Organization.objects.all():
            self.organizations.setdefault(key_text(o.name), o)
            if o.short_name:
                self.organizations.setdefault(key_text(o.short_name), o)
        super().before_import(dataset, **kwargs)

    def raw_key(self, row):
        try:
            dossier_type = self._type_widget.clean(row.get(TYPE))
        except ValueError:
            dossier_type = key_text(row.get(TYPE))
        try:
            day = self._date_widget.clean(row.get(RECEIVED))
        except ValueError:
            day = key_text(row.get(RECEIVED))
        applicant = key_text(row.get(APPLICANT))
        if not (dossier_type and applicant and day):
            return None
        return (dossier_type, applicant, day, key_text(row.get(SUBJECT)))

    def instance_key(self, dossier):
        return (dossier.type, key_text(dossier.applicant), dossier.received_on, key_text(dossier.subject))

    def load_existing(self, dataset):
        days = []
        for value in dataset.get_col(dataset.headers.index(RECEIVED)):
            try:
                day = self._date_widget.clean(value)
            except ValueError:
                continue
            if day:
                days.append(day)
        if not days:
            return {}
        qs = Dossier.objects.filter(received_on__range=(min(days), max(days)))
        return {self.instance_key(d): d for d in qs}

    def check(self, instance, row, errors):
        if instance.quantity is None and "quantity" not in errors:
            instance.quantity = 1
        if instance.quantity is not None and instance.quantity < 1 and "quantity" not in errors:
            errors["quantity"] = [ValidationError("Số trường hợp phải từ 1 trở lên.")]
        if {"type", "received_on", "religion", "organization", "deadline", "resolved_on", "result"} & set(errors):
            return
        try:
            instance.clean()  # the model's rules, once for forms and imports
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(ValidationError(m) for m in messages)

    def duplicate_label(self):
        return "cùng loại hồ sơ, người đề nghị, ngày tiếp nhận và nội dung"

    def dehydrate_unit(self, obj):
        return obj.unit.code

    def dehydrate_religion(self, obj):
        return obj.religion.name

    def dehydrate_organization(self, obj):
        return obj.organization.name if obj.organization_id else ""


DOSSIERS = registry.register(registry.ImportKind(
    key="ho_so_ton_giao", label="Hồ sơ quản lý nhà nước về tôn giáo", resource=DossierResource, app="religion",
    offices=offices(), text_columns=("Mã địa bàn",),
    denied="Chỉ chuyên viên Ban Tôn giáo được nhập hồ sơ tôn giáo từ Excel.",
    done_link=("religion:home", "Về trang tôn giáo"),
    guide=[
        "Mỗi dòng là một hồ sơ; khóa nhận diện: loại hồ sơ, người (tổ chức) đề nghị, ngày tiếp nhận và nội dung. "
        "Gửi lại tệp thì các dòng đã có được cập nhật.",
        "«Nội dung» ghi tên để báo cáo nêu (ví dụ «Ban Trị sự Phật giáo thành phố Ngã Bảy nhiệm kỳ 2021-2026»); "
        "để trống thì báo cáo đếm hồ sơ theo tôn giáo, tổ chức (ví dụ «02 (TH)»).",
        "«Hạn giải quyết» để trống thì tính theo thời hạn luật định của loại hồ sơ. Hồ sơ đã giải quyết ghi cả "
        "ngày giải quyết và kết quả.",
        "«Tôn giáo» và «Tổ chức tôn giáo» ghi đúng tên trong danh mục; «Mã địa bàn» là mã đơn vị (ví dụ NGABAY).",
        "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 05/01/2021.",
    ],
))
