"""The archives imports (.xlsx, through the shared engine `core.imports`): work items and access
requests, with Vietnamese columns. Declarations only: the engine reads, checks, previews and
writes (all-or-nothing).

Natural keys: a work item is (loại công việc, mã đơn vị, ngày bắt đầu); an access request is
(hình thức, người yêu cầu, ngày yêu cầu). Importing the same key again updates the row.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from archives.models import (
    FINISHED,
    HANDED_OVER_KINDS,
    AccessRequest,
    AccessService,
    Fonds,
    WorkItem,
    WorkKind,
    WorkStatus,
)
from archives.selectors import ARCHIVE_OFFICES, CENTRE_SUFFIX
from core import formatting
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

MAX_METRES = Decimal("10000000")


class MetresWidget(widgets.Widget):
    """Metres typed the Vietnamese way («46,4», «1.234,25») or an Excel number; two decimals at most."""

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return None
        text = value if isinstance(value, (int, float)) else cell_text(value)
        if text == "":
            return None
        try:
            number = formatting.parse_number(text)
        except (TypeError, ValueError) as exc:
            raise ValueError(str(exc)) from None
        if number is None:
            return None
        if number < 0:
            raise ValueError("Số mét không được âm.")
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(f"Số mét «{formatting.number(number)}» ghi tối đa hai chữ số sau dấu phẩy.")
        if number >= MAX_METRES:
            raise ValueError("Số mét quá lớn.")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else formatting.number(value)


class FondsWidget(LookupWidget):
    cache = "fonds_by_code"
    missing = "Không có phông mã «{}» trong danh mục phông."


WORK_KIND = ChoiceWidget(WorkKind.choices, "Loại công việc", {
    "kiểm tra": WorkKind.INSPECTION, "thẩm tra": WorkKind.APPRAISAL, "tiêu hủy": WorkKind.DISPOSAL,
    "chỉnh lý": WorkKind.ARRANGEMENT, "thay hộp": WorkKind.BOX_REPLACEMENT, "khảo sát": WorkKind.BACKLOG_SURVEY,
    "số hóa": WorkKind.DIGITIZATION})
WORK_STATUS = ChoiceWidget(WorkStatus.choices, "Tình trạng", {
    "bàn giao": WorkStatus.HANDED_OVER, "đã bàn giao": WorkStatus.HANDED_OVER, "đang làm": WorkStatus.IN_PROGRESS,
    "tiếp nhận": WorkStatus.RECEIVED, "đã xong": WorkStatus.DONE})
SERVICE = ChoiceWidget(AccessService.choices, "Hình thức khai thác", {
    "sao": AccessService.COPY, "trả lời": AccessService.WRITTEN_ANSWER, "văn bản": AccessService.WRITTEN_ANSWER,
    "đọc": AccessService.READING_ROOM})


class _ArchivesResource(ImportResource):
    def before_import(self, dataset, **kwargs):
        self.fonds_by_code = {f.code.upper(): f for f in Fonds.objects.only("pk", "code")}
        super().before_import(dataset, **kwargs)

    def _not_negative(self, instance, errors, names):
        for name in names:
            value = getattr(instance, name)
            if value is not None and name not in errors and value < 0:
                errors[name] = [ValidationError(f"{self.column(name)} không được âm.")]

    def _dates(self, dataset, header):
        widget = VNDateWidget()
        out = set()
        for value in dataset.get_col(dataset.headers.index(header)):
            try:
                day = widget.clean(value)
            except ValueError:
                continue
            if day:
                out.add(day)
        return out

    def dehydrate_unit(self, obj):
        return obj.unit.code

    def dehydrate_fonds(self, obj):
        return obj.fonds.code if obj.fonds_id else ""


class WorkItemResource(_ArchivesResource):
    kind = fields.Field("kind", "Loại công việc", widget=WORK_KIND)
    status = fields.Field("status", "Tình trạng", widget=WORK_STATUS)
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    fonds = fields.Field("fonds", "Mã phông", widget=FondsWidget(None))
    metres = fields.Field("metres", "Số mét", widget=MetresWidget())
    fonds_count = fields.Field("fonds_count", "Số lượng phông", widget=VNIntegerWidget())
    boxes = fields.Field("boxes", "Số hộp", widget=VNIntegerWidget())
    pages = fields.Field("pages", "Số trang", widget=VNIntegerWidget())
    started_on = fields.Field("started_on", "Ngày bắt đầu", widget=VNDateWidget())
    finished_on = fields.Field("finished_on", "Ngày hoàn thành", widget=VNDateWidget())
    note = fields.Field("note", "Ghi chú", widget=TextWidget(255))

    Meta = resource_meta(WorkItem, ["kind", "unit", "started_on"], (
        "kind", "status", "unit", "fonds", "metres", "fonds_count", "boxes", "pages", "started_on", "finished_on", "note",
    ))
    update_fields = ("status", "fonds", "metres", "fonds_count", "boxes", "pages", "finished_on", "note")
    required = ("kind", "status", "unit", "started_on")

    def raw_key(self, row):
        try:
            kind = WORK_KIND.clean(row.get("Loại công việc"))
            started = VNDateWidget().clean(row.get("Ngày bắt đầu"))
        except ValueError:
            return None
        unit = key_text(row.get("Mã đơn vị"))
        return (kind, unit, started) if kind and unit and started else None

    def load_existing(self, dataset):
        qs = WorkItem.objects.filter(started_on__in=self._dates(dataset, "Ngày bắt đầu")).select_related("unit")
        return {(w.kind, w.unit.code.upper(), w.started_on): w for w in qs}

    def check(self, instance, row, errors):
        """The model's rules (WorkItem.clean), reported against the file's columns."""
        self._not_negative(instance, errors, ("fonds_count", "boxes", "pages"))
        if "status" in errors or "finished_on" in errors:
            return
        if instance.status in FINISHED and not instance.finished_on:
            errors["finished_on"] = [ValidationError("Công việc đã hoàn thành thì phải có ngày hoàn thành.")]
        elif instance.status and instance.status not in FINISHED and instance.finished_on:
            errors["finished_on"] = [ValidationError("Chỉ ghi ngày hoàn thành khi công việc đã hoàn thành hoặc bàn giao.")]
        elif instance.finished_on and instance.started_on and instance.finished_on < instance.started_on:
            errors["finished_on"] = [ValidationError("Ngày hoàn thành không được trước ngày bắt đầu.")]
        if instance.status == WorkStatus.HANDED_OVER and instance.kind and instance.kind not in HANDED_OVER_KINDS:
            errors["status"] = [ValidationError("Chỉ công việc chỉnh lý tài liệu mới có tình trạng «Hoàn thành và bàn giao».")]

    def duplicate_label(self):
        return "cùng loại công việc, đơn vị và ngày bắt đầu"


class AccessRequestResource(_ArchivesResource):
    service = fields.Field("service", "Hình thức khai thác", widget=SERVICE)
    requester = fields.Field("requester", "Người, cơ quan yêu cầu", widget=TextWidget(200))
    requested_on = fields.Field("requested_on", "Ngày yêu cầu", widget=VNDateWidget())
    quantity = fields.Field("quantity", "Số lượt", widget=VNIntegerWidget())
    unit = fields.Field("unit", "Mã lưu trữ phục vụ", widget=UnitCodeWidget(None))
    fonds = fields.Field("fonds", "Mã phông", widget=FondsWidget(None))
    purpose = fields.Field("purpose", "Mục đích", widget=TextWidget(255))

    Meta = resource_meta(AccessRequest, ["service", "requester", "requested_on"], (
        "service", "requester", "requested_on", "quantity", "unit", "fonds", "purpose",
    ))
    update_fields = ("quantity", "unit", "fonds", "purpose")
    required = ("service", "requester", "requested_on")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A blank «Mã lưu trữ phục vụ» is the historical archive centre.
        self.centre = next((u for code, u in sorted(self.units_by_code.items()) if code.endswith(CENTRE_SUFFIX)), None)

    def raw_key(self, row):
        try:
            service = SERVICE.clean(row.get("Hình thức khai thác"))
            day = VNDateWidget().clean(row.get("Ngày yêu cầu"))
        except ValueError:
            return None
        requester = formatting.nfc(cell_text(row.get("Người, cơ quan yêu cầu"))).casefold()
        return (service, requester, day) if service and requester and day else None

    def load_existing(self, dataset):
        qs = AccessRequest.objects.filter(requested_on__in=self._dates(dataset, "Ngày yêu cầu"))
        return {(a.service, formatting.nfc(a.requester).casefold(), a.requested_on): a for a in qs}

    def check(self, instance, row, errors):
        if instance.quantity is None and "quantity" not in errors:
            instance.quantity = 1
        if "quantity" not in errors and instance.quantity is not None and instance.quantity < 1:
            errors["quantity"] = [ValidationError("Số lượt phải từ 1 trở lên.")]
        if instance.unit_id is None and "unit" not in errors:
            if self.centre is None:
                errors["unit"] = [ValidationError("Thiếu mã lưu trữ phục vụ.")]
            else:
                instance.unit = self.centre

    def duplicate_label(self):
        return "cùng hình thức, người yêu cầu và ngày yêu cầu"


GUIDE_DATES = "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 05/01/2021; số mét dùng dấu phẩy thập phân, ví dụ 46,4 hoặc 2,65."
GUIDE_UPDATE = ("Khi cập nhật dòng đã có: ô để trống thì giữ nguyên giá trị đang lưu; ghi «(xóa)» để xóa giá trị đang lưu "
                "(không dùng cho cột bắt buộc).")
DENIED = ("Chỉ chuyên viên Trung tâm Lưu trữ lịch sử hoặc Phòng Cải cách hành chính - Văn thư lưu trữ được nhập "
          "dữ liệu lưu trữ.")

WORK_ITEMS = registry.register(registry.ImportKind(
    key="luu_tru_cong_viec", label="Công việc lưu trữ", resource=WorkItemResource, app="archives",
    offices=ARCHIVE_OFFICES, denied=DENIED, done_link=("archives:home", "Xem công việc lưu trữ"),
    text_columns=("Mã đơn vị", "Mã phông"),
    guide=[
        "Mỗi dòng là một công việc lưu trữ về tài liệu của một đơn vị; khóa nhận diện: loại công việc, mã đơn vị và "
        "ngày bắt đầu (nhập lại cùng khóa thì cập nhật, không tạo trùng).",
        "«Loại công việc»: " + "; ".join(WorkKind.labels) + ".",
        "«Tình trạng»: " + "; ".join(WorkStatus.labels) + ". «Hoàn thành và bàn giao» chỉ dùng cho chỉnh lý.",
        "«Ngày hoàn thành» ghi khi và chỉ khi tình trạng là «Hoàn thành» hoặc «Hoàn thành và bàn giao».",
        "«Mã đơn vị» là mã trên trang Đơn vị của cổng (ví dụ SYT, VITHANH); «Mã phông» là số phông trong danh mục phông.",
        GUIDE_DATES, GUIDE_UPDATE,
    ]))
ACCESS_REQUESTS = registry.register(registry.ImportKind(
    key="luu_tru_khai_thac", label="Lượt khai thác tài liệu", resource=AccessRequestResource, app="archives",
    offices=ARCHIVE_OFFICES, denied=DENIED, text_columns=("Mã lưu trữ phục vụ", "Mã phông"),
    guide=[
        "Mỗi dòng là một yêu cầu khai thác (một hoặc nhiều lượt); khóa nhận diện: hình thức, người yêu cầu và ngày yêu cầu.",
        "«Hình thức khai thác»: " + "; ".join(AccessService.labels) + ".",
        "«Số lượt» để trống là 1; «Mã lưu trữ phục vụ» để trống là Trung tâm Lưu trữ lịch sử.",
        GUIDE_DATES, GUIDE_UPDATE,
    ]))
