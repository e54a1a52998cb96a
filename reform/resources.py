"""The .xlsx import of the units' CCHC index scores (core.imports engine).

One row per unit and leaf criterion: «Năm», «Nhóm đơn vị», «Mã đơn vị», «Tiêu chí» (its number,
e.g. 3.2), «Điểm tự đánh giá», «Điểm thẩm định». The criterion is found from the year, the group
and its number (one query for every set the file names); points are checked against the
criterion's maximum; the file is all-or-nothing (the engine's rule)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from core import formatting
from core.imports import registry
from core.imports.resources import ImportResource, resource_meta
from core.imports.widgets import ChoiceWidget, UnitCodeWidget, VNIntegerWidget, cell_text, key_text
from reform import selectors
from reform.models import Audience, Criterion, UnitScore

YEAR, GROUP, UNIT, CRITERION = "Năm", "Nhóm đơn vị", "Mã đơn vị", "Tiêu chí"
GROUP_ALIASES = {"sở": Audience.DEPARTMENT, "sở, ngành": Audience.DEPARTMENT, "cấp tỉnh": Audience.DEPARTMENT,
                 "huyện": Audience.DISTRICT, "cấp huyện": Audience.DISTRICT, "xã": Audience.COMMUNE,
                 "cấp xã": Audience.COMMUNE}


class PointsWidget(widgets.Widget):
    """Points with up to two decimals («8,75», or an Excel number)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"«{value}» không phải là số.") from None
        else:
            text = cell_text(value)
            if not text:
                return None
            number = formatting.parse_number(text)
        if number < 0:
            raise ValueError("Điểm không được âm.")
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(f"«{formatting.number(number)}»: điểm chỉ có tối đa hai chữ số thập phân.")
        return number.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else float(value)


class UnitScoreResource(ImportResource):
    import_year = fields.Field("import_year", YEAR, widget=VNIntegerWidget())
    import_group = fields.Field("import_group", GROUP, widget=ChoiceWidget(Audience.choices, GROUP.lower(), GROUP_ALIASES))
    unit = fields.Field("unit", UNIT, widget=UnitCodeWidget(None))
    import_code = fields.Field("import_code", CRITERION, widget=widgets.CharWidget())
    self_score = fields.Field("self_score", "Điểm tự đánh giá", widget=PointsWidget())
    appraised_score = fields.Field("appraised_score", "Điểm thẩm định", widget=PointsWidget())

    Meta = resource_meta(UnitScore, ["unit", "import_code"], (
        "import_year", "import_group", "unit", "import_code", "self_score", "appraised_score"))
    update_fields = ("self_score", "appraised_score")
    required = ("unit",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._year = self.fields["import_year"].widget
        self._group = self.fields["import_group"].widget
        self.criteria = {}

    def _set_key(self, row):
        try:
            year = self._year.clean(row.get(YEAR))
            group = self._group.clean(row.get(GROUP))
        except ValueError:
            return None
        code = cell_text(row.get(CRITERION))
        return (year, group, code) if year and group and code else None

    def raw_key(self, row):
        criterion = self._set_key(row)
        unit = key_text(row.get(UNIT))
        return (unit, *criterion) if criterion and unit else None

    def instance_key(self, instance):
        c = instance.criterion
        return (instance.unit.code.upper(), c.index_set.year, c.index_set.audience, c.code)

    def load_existing(self, dataset):
        headers = dataset.headers
        years = set()
        for values in dataset:
            key = self._set_key(dict(zip(headers, values)))
            if key:
                years.add(key[0])
        self.criteria = {(c.index_set.year, c.index_set.audience, c.code): c
                         for c in Criterion.objects.filter(index_set__year__in=years).select_related("index_set")
                         .prefetch_related("children")}
        scores = UnitScore.objects.filter(criterion__index_set__year__in=years).select_related(
            "unit", "criterion__index_set")
        return {self.instance_key(s): s for s in scores}

    def check(self, instance, row, errors):
        key = self._set_key(row)
        criterion = self.criteria.get(key) if key else None
        if criterion is None:
            if key and CRITERION not in errors:
                errors["import_code"] = [ValidationError(
                    f"Không có tiêu chí «{key[2]}» trong bộ tiêu chí {Audience(key[1]).label} năm {key[0]}.")]
            return
        if criterion.children.all():
            errors["import_code"] = [ValidationError(
                f"Tiêu chí {criterion.code} có tiêu chí con: điểm được chấm ở tiêu chí con.")]
            return
        instance.criterion = criterion
        unit = getattr(instance, "unit", None) if instance.unit_id else None
        if unit is not None and unit.kind != selectors.AUDIENCE_KINDS[criterion.index_set.audience]:
            errors["unit"] = [ValidationError(
                f"Đơn vị {unit.code} không thuộc nhóm «{criterion.index_set.get_audience_display()}».")]
        for name in ("self_score", "appraised_score"):
            value = getattr(instance, name)
            if value is not None and name not in errors and value > criterion.max_points:
                errors[name] = [ValidationError(
                    f"{self.column(name)} {formatting.number(value)} vượt điểm tối đa "
                    f"{formatting.number(criterion.max_points)} của tiêu chí {criterion.code}.")]

    def duplicate_label(self):
        return "cùng đơn vị và tiêu chí"

    def dehydrate_import_year(self, obj):
        return obj.criterion.index_set.year

    def dehydrate_import_group(self, obj):
        return obj.criterion.index_set.get_audience_display()

    def dehydrate_import_code(self, obj):
        return obj.criterion.code

    def dehydrate_unit(self, obj):
        return obj.unit.code


registry.register(registry.ImportKind(
    key="diem_chi_so_cchc", label="Điểm chỉ số cải cách hành chính của các đơn vị", resource=UnitScoreResource,
    app="reform", may_import=selectors.can_manage, text_columns=(CRITERION, UNIT),
    denied="Chỉ chuyên viên Phòng Cải cách hành chính của Sở Nội vụ được nhập điểm chỉ số.",
    done_link=("reform:unit_index", "Xem bảng chỉ số"),
    guide=[
        "Mỗi dòng là điểm của một đơn vị ở một tiêu chí chấm điểm (tiêu chí không có tiêu chí con).",
        "Năm và Nhóm đơn vị (Sở, ban, ngành tỉnh; UBND cấp huyện; UBND cấp xã) chỉ bộ tiêu chí đã tạo trên cổng.",
        "Tiêu chí: số thứ tự của tiêu chí trong bộ tiêu chí, ví dụ 3.2.",
        "Điểm viết kiểu Việt Nam (8,75) hoặc là số của Excel; không vượt điểm tối đa của tiêu chí.",
        "Một dòng lỗi thì không dòng nào được lưu; tệp phản hồi tô đỏ ô lỗi.",
    ],
))
