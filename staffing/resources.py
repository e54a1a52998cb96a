"""django-import-export resources of the staffing registers, with Vietnamese columns.

Three resources: `CivilServantResource` (natural key: mã số CBCCVC), `PersonnelActionResource`
(natural key: type, unit, decision number, effective date, person) and `QuotaResource` (unit
code, year, kind). Cells are read the Vietnamese way: dates dd/mm/yyyy (or real Excel dates),
numbers "1.360", choices by their Vietnamese label ("Nữ", "Viên chức", "Nghỉ hưu").

The machinery (widgets, the base resource, COPY writers, the job flow) is the shared engine of
`core.imports`; this module only declares the staffing columns, their checks and the three
import kinds.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core import formatting, search
from core.imports import registry
from core.imports.resources import ImportResource, matching, resource_meta
from core.imports.widgets import (
    ChoiceWidget,
    PersonWidget,
    TextWidget,
    UnitCodeWidget,
    VNDateWidget,
    VNIntegerWidget,
    YesNoWidget,
    cell_text,
    key_text,
)
from staffing.models import (
    TRANSFER_TYPES,
    ActionType,
    CivilServant,
    Education,
    Gender,
    Handling,
    Level,
    PersonnelAction,
    PoliticalTheory,
    Quota,
    QuotaKind,
    StaffCategory,
    action_kinds,
    action_type_choices,
    action_unit_error,
    group_of,
    level_of_unit,
)

# ---------------------------------------------------------------------------------------------
# Civil servants
# ---------------------------------------------------------------------------------------------


class CivilServantResource(ImportResource):
    ma_so = fields.Field("ma_so", "Mã số CBCCVC", widget=TextWidget(30))
    full_name = fields.Field("full_name", "Họ và tên", widget=TextWidget(120))
    birth_date = fields.Field("birth_date", "Ngày sinh", widget=VNDateWidget())
    gender = fields.Field("gender", "Giới tính", widget=ChoiceWidget(Gender.choices, "Giới tính", {"nu": "nu", "nữ": "nu"}))
    ethnicity = fields.Field("ethnicity", "Dân tộc", widget=TextWidget(40))
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    category = fields.Field("category", "Đối tượng", widget=ChoiceWidget(
        StaffCategory.choices, "Đối tượng", {"cấp xã": StaffCategory.COMMUNE, "cán bộ cấp xã": StaffCategory.COMMUNE,
                                              "công chức cấp xã": StaffCategory.COMMUNE}))
    rank_title = fields.Field("rank_title", "Ngạch, chức danh nghề nghiệp", widget=TextWidget(120))
    position = fields.Field("position", "Chức vụ", widget=TextWidget(120))
    education = fields.Field("education", "Trình độ chuyên môn", widget=ChoiceWidget(Education.choices, "Trình độ chuyên môn"))
    political_theory = fields.Field("political_theory", "Lý luận chính trị",
                                    widget=ChoiceWidget(PoliticalTheory.choices, "Lý luận chính trị"))
    entry_date = fields.Field("entry_date", "Ngày tuyển dụng", widget=VNDateWidget())
    active = fields.Field("active", "Đang công tác", widget=YesNoWidget(default=True))

    Meta = resource_meta(CivilServant, ["ma_so"], (
        "ma_so", "full_name", "birth_date", "gender", "ethnicity", "unit", "category", "rank_title", "position",
        "education", "political_theory", "entry_date", "active",
    ))
    update_fields = ("full_name", "birth_date", "gender", "ethnicity", "unit", "category", "rank_title", "position",
                     "education", "political_theory", "entry_date", "active")
    required = ("ma_so", "full_name", "birth_date", "gender", "unit", "category")
    duplicate_field = "ma_so"

    def raw_key(self, row):
        return key_text(row.get("Mã số CBCCVC")) or None

    def raw_keys(self, dataset):
        return [key_text(v) or None for v in dataset.get_col(dataset.headers.index("Mã số CBCCVC"))]

    def load_existing(self, dataset):
        codes = {c for c in self.row_keys if c}
        return {person.ma_so.upper(): person for person in matching(CivilServant.objects.all(), "ma_so", codes)}

    def check(self, instance, row, errors):
        if instance.ma_so:
            instance.ma_so = instance.ma_so.upper()
        if instance.birth_date and "birth_date" not in errors:
            if instance.birth_date > self.today or instance.birth_date.year < 1900:
                errors["birth_date"] = [ValidationError(f"Ngày sinh {formatting.short_date(instance.birth_date)} không hợp lý.")]
        if instance.entry_date and instance.birth_date and "entry_date" not in errors and "birth_date" not in errors:
            if instance.entry_date <= instance.birth_date:
                errors["entry_date"] = [ValidationError("Ngày tuyển dụng phải sau ngày sinh.")]
        if instance.ethnicity == "":
            instance.ethnicity = "Kinh"
        unit = instance.unit if instance.unit_id and "unit" not in errors else None
        if unit is not None and instance.active and unit.valid_to < self.today:
            placed = (instance.pk is None or self.old_value(instance, "unit") != instance.unit_id
                      or not self.old_value(instance, "active"))
            if placed:  # a row that keeps a stored person where they are is not refused for it
                errors["unit"] = [ValidationError(
                    f"Đơn vị «{unit.code}» chỉ hoạt động đến hết ngày {formatting.short_date(unit.valid_to)}, trước ngày "
                    f"nhập tệp ({formatting.short_date(self.today)}); không ghi được người đang công tác vào đơn vị này. "
                    "Ghi đơn vị hiện nay của người này, hoặc ghi «Đang công tác» là «Không».")]

    def duplicate_label(self):
        return "cùng mã số CBCCVC"

    def dehydrate_unit(self, obj):
        return obj.unit.code


# ---------------------------------------------------------------------------------------------
# Personnel and salary actions
# ---------------------------------------------------------------------------------------------

ACTION_ALIASES = {
    "bổ nhiệm": ActionType.APPOINTMENT,
    "bổ nhiệm lại": ActionType.APPOINTMENT,
    "chuyển viên chức thành công chức": ActionType.TO_CIVIL_SERVANT,
    "xét chuyển viên chức sang công chức": ActionType.TO_CIVIL_SERVANT,
    "nâng lương trước hạn": ActionType.EARLY_RAISE,
    "nâng bậc lương trước thời hạn": ActionType.EARLY_RAISE,
    "nâng bậc lương thường xuyên": ActionType.REGULAR_RAISE,
    "nâng bậc lương trước thời hạn nghỉ hưu": ActionType.RETIREMENT_RAISE,
    "bổ nhiệm chỉ huy trưởng quân sự": ActionType.MILITARY_COMMANDER,
}


class PeriodOrDateWidget(VNDateWidget):
    """A day (dd/mm/yyyy), or a period when the source gives no exact day: «6 tháng đầu năm 2023»,
    «trong năm 2022» (any case, with or without accents). A period reads as its last day; the
    resource then dates the row by that period (`period_of`)."""

    def __init__(self):
        super().__init__()
        self._periods = None

    def period_of(self, value):
        if not isinstance(value, str):
            return None
        text = search.fold(cell_text(value))
        if text.startswith("trong "):
            text = text[len("trong "):]
        if self._periods is None:
            from core.models import Period

            self._periods = {search.fold(p.label): p for p in Period.objects.all()}
        return self._periods.get(text)

    def _parse(self, value):
        try:
            return super()._parse(value)
        except ValueError as exc:
            period = self.period_of(value)
            if period is None:
                raise ValueError(f"{exc} Nếu văn bản không ghi ngày, ghi kỳ, ví dụ «6 tháng đầu năm 2023».") from None
            return period.end


class ActionTypeWidget(ChoiceWidget):
    """The built-in types and those an admin added (`ActionKind`), read on first use (not when the
    resource is built: its columns are also read at start-up, before any database)."""

    def __init__(self):  # ChoiceWidget's own __init__ runs in _load, with the types of then
        widgets.Widget.__init__(self)
        self._ready = False
        self.kinds = None

    def _load(self):
        if not self._ready:
            self.kinds = action_kinds()
            ChoiceWidget.__init__(self, action_type_choices(self.kinds), "Loại quyết định", ACTION_ALIASES)
            self._ready = True

    def __getattr__(self, name):
        if name in ("labels", "lookup", "what"):
            self._load()
            return self.__dict__[name]
        raise AttributeError(name)

    def clean(self, value, row=None, **kwargs):
        self._load()
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        self._load()
        return super().render(value, obj, **kwargs)


class PersonnelActionResource(ImportResource):
    action_type = fields.Field("action_type", "Loại quyết định", widget=ActionTypeWidget())
    level = fields.Field("level", "Cấp", widget=ChoiceWidget(Level.choices, "Cấp", {"tỉnh": "tinh", "huyện": "huyen", "xã": "xa"}))
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    person = fields.Field("person", "Mã số CBCCVC", widget=PersonWidget(None))
    quantity = fields.Field("quantity", "Số trường hợp", widget=VNIntegerWidget())
    decisions = fields.Field("decisions", "Số lượng quyết định", widget=VNIntegerWidget())
    rank_title = fields.Field("rank_title", "Ngạch, chức danh", widget=TextWidget(120))
    decision_number = fields.Field("decision_number", "Số quyết định", widget=TextWidget(60))
    authority = fields.Field("authority", "Cơ quan quyết định", widget=TextWidget(255))
    handling = fields.Field("handling", "Hình thức giải quyết", widget=ChoiceWidget(Handling.choices, "Hình thức giải quyết", {
        "thẩm định": Handling.APPRAISAL, "thống nhất": Handling.APPRAISAL, "quyết định": Handling.DECISION,
        "qđ": Handling.DECISION}))
    effective_date = fields.Field("effective_date", "Ngày hiệu lực", widget=PeriodOrDateWidget())
    note = fields.Field("note", "Ghi chú", widget=TextWidget(255))

    Meta = resource_meta(PersonnelAction, ["action_type", "unit", "decision_number", "effective_date", "person"], (
        "action_type", "level", "unit", "person", "quantity", "rank_title", "decision_number",
        "authority", "handling", "effective_date", "note", "decisions",
    ))
    update_fields = ("level", "group", "quantity", "decisions", "rank_title", "authority", "handling", "note",
                     "dated_period")
    required = ("action_type", "unit", "effective_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._type_widget = self.fields["action_type"].widget
        self._date_widget = self.fields["effective_date"].widget

    def raw_key(self, row):
        try:
            action_type = self._type_widget.clean(row.get("Loại quyết định"))
        except ValueError:
            action_type = key_text(row.get("Loại quyết định"))
        try:
            day = self._date_widget.clean(row.get("Ngày hiệu lực"))
        except ValueError:
            day = key_text(row.get("Ngày hiệu lực"))
        unit = key_text(row.get("Mã đơn vị"))
        if not (action_type and unit and day):
            return None
        return (action_type, unit, cell_text(row.get("Số quyết định")), day, key_text(row.get("Mã số CBCCVC")))

    def instance_key(self, action):
        return (action.action_type, action.unit.code.upper(), action.decision_number, action.effective_date, action.row_key)

    def before_import(self, dataset, **kwargs):
        codes = {c for c in (key_text(v) for v in dataset.get_col(dataset.headers.index("Mã số CBCCVC"))) if c}
        self.people_by_code = {}
        for person in matching(CivilServant.objects.only("pk", "ma_so", "full_name", "unit_id"), "ma_so", codes):
            self.people_by_code[person.ma_so.upper()] = person
        # The people's transfer actions (stored, and those in this file), for their unit at a date.
        self.transfers = {}
        ids = [p.pk for p in self.people_by_code.values()]
        self.stored_transfers = {}
        transfers = PersonnelAction.objects.filter(action_type__in=TRANSFER_TYPES).values_list(
            "pk", "person_id", "effective_date", "unit_id")
        for pk, person_id, day, unit_id in matching(transfers, "person_id", ids):
            self.stored_transfers.setdefault(person_id, []).append((pk, day, unit_id))
        headers = dataset.headers
        for values in dataset:
            row = dict(zip(headers, values))
            try:
                action_type = self._type_widget.clean(row.get("Loại quyết định"))
                day = self._date_widget.clean(row.get("Ngày hiệu lực"))
            except ValueError:
                continue
            person = self.people_by_code.get(key_text(row.get("Mã số CBCCVC")))
            unit_code = key_text(row.get("Mã đơn vị"))
            if action_type in TRANSFER_TYPES and person is not None and day and unit_code:
                self.transfers.setdefault(person.pk, []).append((day, unit_code))
        super().before_import(dataset, **kwargs)

    def load_existing(self, dataset):
        days = []
        for value in dataset.get_col(dataset.headers.index("Ngày hiệu lực")):
            try:
                day = self._date_widget.clean(value)
            except ValueError:
                continue
            if day:
                days.append(day)
        if not days:
            return {}
        qs = PersonnelAction.objects.filter(effective_date__gte=min(days), effective_date__lte=max(days)).select_related("unit")
        return {self.instance_key(a): a for a in qs}

    def check(self, instance, row, errors):
        if instance.quantity is None and "quantity" not in errors:
            instance.quantity = 1
        if instance.quantity is not None and "quantity" not in errors:
            if instance.quantity < 1:
                errors["quantity"] = [ValidationError(
                    f"Số trường hợp phải từ 1 trở lên (đang ghi {formatting.number(instance.quantity)}).")]
            elif instance.person_id and instance.quantity != 1:
                errors["quantity"] = [ValidationError("Dòng có mã số CBCCVC thì số trường hợp phải là 1.")]
        if not instance.level and instance.unit_id:
            instance.level = level_of_unit(instance.unit)
        if not instance.handling:
            instance.handling = Handling.APPRAISAL
        if instance.action_type:
            self._type_widget._load()
            instance.group = group_of(instance.action_type, self._type_widget.kinds)
        if "effective_date" not in errors:
            period = self._date_widget.period_of(row.get("Ngày hiệu lực"))
            instance.dated_period = period  # a row re-imported with a day again loses its period
        if instance.decisions is not None and "decisions" not in errors and "quantity" not in errors:
            if instance.decisions < 1:
                errors["decisions"] = [ValidationError("Số lượng quyết định phải từ 1 trở lên.")]
            elif instance.quantity is not None and instance.decisions > instance.quantity:
                errors["decisions"] = [ValidationError("Số lượng quyết định không được lớn hơn số trường hợp.")]
        instance.row_key = instance.person.ma_so if instance.person_id else ""
        # A stored row matched by its natural key (type, unit, number, date, person) keeps its unit.
        if instance.pk is None and instance.person_id and instance.unit_id and instance.effective_date and not (
                {"unit", "person", "effective_date"} & set(errors)):
            problem = action_unit_error(instance.action_type, instance.unit_id, instance.person,
                                        instance.effective_date, self.person_transfers(instance))
            if problem:
                errors["unit"] = [ValidationError(problem)]

    def person_transfers(self, instance):
        """[(effective date, unit id)] of the person's other transfer actions, stored or in the file."""
        out = [(day, unit_id) for pk, day, unit_id in self.stored_transfers.get(instance.person_id, ())
               if pk != instance.pk]
        this = (instance.effective_date, instance.unit.code.upper()) if instance.action_type in TRANSFER_TYPES else None
        skipped_self = False
        for day, code in self.transfers.get(instance.person_id, ()):
            if (day, code) == this and not skipped_self:
                skipped_self = True  # the row being checked is not evidence for itself
                continue
            unit = self.units_by_code.get(code)
            if unit is not None:
                out.append((day, unit.pk))
        return out

    def duplicate_label(self):
        return "cùng loại, đơn vị, số quyết định, ngày hiệu lực và người"

    def dehydrate_effective_date(self, obj):
        """A row dated by its period exports as that period, so a re-import keeps it so."""
        if obj.dated_period_id:
            return obj.dated_period.label
        return self.fields["effective_date"].widget.render(obj.effective_date)

    def dehydrate_unit(self, obj):
        return obj.unit.code

    def dehydrate_person(self, obj):
        return obj.person.ma_so if obj.person_id else ""


# ---------------------------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------------------------


class QuotaResource(ImportResource):
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    year = fields.Field("year", "Năm", widget=VNIntegerWidget())
    kind = fields.Field("kind", "Loại biên chế", widget=ChoiceWidget(
        QuotaKind.choices, "Loại biên chế", {"công chức": QuotaKind.CIVIL_SERVANT, "viên chức": QuotaKind.PUBLIC_EMPLOYEE,
                                             "số lượng người làm việc": QuotaKind.PUBLIC_EMPLOYEE,
                                             "hợp đồng": QuotaKind.CONTRACT}))
    assigned = fields.Field("assigned", "Số được giao", widget=VNIntegerWidget())
    used_entered = fields.Field("used_entered", "Số đã sử dụng", widget=VNIntegerWidget())
    used_from_register = fields.Field("used_from_register", "Lấy số đã sử dụng từ danh sách", widget=YesNoWidget(default=False))
    term = fields.Field("term", "Giai đoạn", widget=TextWidget(20))
    term_assigned = fields.Field("term_assigned", "Số giao cả giai đoạn", widget=VNIntegerWidget())
    note = fields.Field("note", "Ghi chú", widget=TextWidget(255))

    Meta = resource_meta(Quota, ["unit", "year", "kind"], (
        "unit", "year", "kind", "assigned", "used_entered", "used_from_register", "term", "note", "term_assigned",
    ))
    update_fields = ("assigned", "used_entered", "used_from_register", "term", "term_assigned", "note")
    required = ("unit", "year", "kind", "assigned")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kind_widget = self.fields["kind"].widget
        self._year_widget = self.fields["year"].widget

    def raw_key(self, row):
        try:
            kind = self._kind_widget.clean(row.get("Loại biên chế"))
            year = self._year_widget.clean(row.get("Năm"))
        except ValueError:
            return None
        unit = key_text(row.get("Mã đơn vị"))
        if not (unit and year and kind):
            return None
        return (unit, year, kind)

    def load_existing(self, dataset):
        years = set()
        for value in dataset.get_col(dataset.headers.index("Năm")):
            try:
                year = self._year_widget.clean(value)
            except ValueError:
                continue
            if year:
                years.add(year)
        qs = Quota.objects.filter(year__in=years).select_related("unit")
        return {(q.unit.code.upper(), q.year, q.kind): q for q in qs}

    def check(self, instance, row, errors):
        if instance.year is not None and "year" not in errors and not 2000 <= instance.year <= 2100:
            errors["year"] = [ValidationError(f"Năm {instance.year} không hợp lệ.")]
        if instance.term_assigned is not None and "term_assigned" not in errors and not instance.term_years():
            errors["term"] = [ValidationError("Ghi giai đoạn (ví dụ 2022-2026) cho số giao cả giai đoạn.")]
        for name in ("assigned", "used_entered", "term_assigned"):
            value = getattr(instance, name)
            if value is not None and name not in errors and value < 0:
                errors[name] = [ValidationError(f"{self.column(name)} không được âm.")]

    def duplicate_label(self):
        return "cùng đơn vị, năm và loại biên chế"

    def dehydrate_unit(self, obj):
        return obj.unit.code


# ---------------------------------------------------------------------------------------------
# The staffing import kinds (core.imports.registry): pages at /to-chuc-can-bo/nhap-excel/
# ---------------------------------------------------------------------------------------------

GUIDE = {
    "cong_chuc": [
        "Mỗi dòng là một cán bộ, công chức, viên chức; «Mã số CBCCVC» là khóa nhận diện: nhập lại cùng mã số thì cập nhật, không tạo trùng.",
        "Khi cập nhật người đã có: ô để trống thì giữ nguyên giá trị đang lưu; muốn xóa giá trị đang lưu thì ghi «(xóa)» vào ô (không dùng cho cột bắt buộc).",
        "Người đang công tác phải thuộc đơn vị còn hoạt động vào ngày nhập tệp; đơn vị đã giải thể, sáp nhập thì ghi đơn vị hiện nay.",
        "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 05/01/1985.",
        "«Mã đơn vị» là mã trên trang Đơn vị của cổng (ví dụ SYT, VITHANH, VITHANH-HOALUU).",
        "«Đang công tác» để trống được hiểu là «Có».",
    ],
    "bien_dong": [
        "Mỗi dòng là một quyết định cho một người (ghi «Mã số CBCCVC», «Số trường hợp» = 1) hoặc một dòng tổng hợp nhiều trường hợp (để trống mã số, ghi «Số trường hợp»).",
        "Khóa nhận diện: loại quyết định, mã đơn vị, số quyết định, ngày hiệu lực và mã số CBCCVC; nhập lại cùng khóa thì cập nhật, không tạo trùng.",
        "Quyết định cho một người ghi đơn vị của người đó vào ngày hiệu lực (thuyên chuyển, điều động, biệt phái, tiếp nhận: đơn vị chuyển đi hoặc chuyển đến).",
        "Khi cập nhật dòng đã có: ô để trống thì giữ nguyên giá trị đang lưu; ghi «(xóa)» để xóa giá trị đang lưu.",
        "«Cấp» để trống thì lấy theo loại đơn vị (xã, huyện, tỉnh); «Hình thức giải quyết» để trống là «Thẩm định, thống nhất» (chọn «Ban hành quyết định» cho trường hợp đã có quyết định).",
        "Ngày ghi theo dạng ngày/tháng/năm; số ghi dấu chấm ngăn cách hàng nghìn, ví dụ 1.360.",
        "Văn bản nguồn không ghi ngày cụ thể thì ghi kỳ vào «Ngày hiệu lực», ví dụ «6 tháng đầu năm 2023»: dòng được tính vào kỳ đó.",
        "«Số lượng quyết định» (không bắt buộc): dòng tổng hợp ghi số quyết định đã ban hành cho các trường hợp của dòng; «Cơ quan quyết định» ghi người, cơ quan ký (ví dụ Chủ tịch UBND tỉnh).",
    ],
    "bien_che": [
        "Mỗi dòng là biên chế của một đơn vị trong một năm theo một loại; khóa nhận diện: mã đơn vị, năm, loại biên chế.",
        "«Lấy số đã sử dụng từ danh sách» = Có: số đã sử dụng được đếm từ danh sách cán bộ, công chức, viên chức của đơn vị; Không: dùng cột «Số đã sử dụng».",
        "Quyết định giao cho cả giai đoạn: ghi «Giai đoạn» (ví dụ 2022-2026) và «Số giao cả giai đoạn» bên cạnh số của năm.",
        "Khi cập nhật dòng đã có: ô để trống thì giữ nguyên giá trị đang lưu; ghi «(xóa)» để xóa giá trị đang lưu.",
    ],
}


def _kind(key, label, resource, **extra):
    return registry.register(registry.ImportKind(
        key=key, label=label, resource=resource, app="staffing", guide=GUIDE[key],
        text_columns=("Mã số CBCCVC", "Số quyết định"), **extra))


CIVIL_SERVANTS = _kind("cong_chuc", "Danh sách cán bộ, công chức, viên chức", CivilServantResource,
                       done_link=("staffing:civil_servant_list", "Xem danh sách"))
PERSONNEL_ACTIONS = _kind("bien_dong", "Quyết định nhân sự, tiền lương", PersonnelActionResource)
QUOTAS = _kind("bien_che", "Biên chế được giao", QuotaResource)

RESOURCES = {kind.key: kind.resource for kind in (CIVIL_SERVANTS, PERSONNEL_ACTIONS, QUOTAS)}
