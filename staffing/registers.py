"""The registers that department staff keep in web forms, declared once.

Each `Register` names its model, its form, its list columns, its Vietnamese titles and its URL
slug; one list view, one edit view and one delete view (`staffing.views`) serve them all, with
the reads in `staffing.selectors` (`register_*`) and the writes in `staffing.services`
(`save_register_row`, `delete_register_row`). A new register is one more entry in `REGISTERS`.

Quotas and personnel actions keep their own list pages (`list_url_name`); only their forms come
from here.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse

from core import formatting
from staffing import forms
from staffing.models import (
    JobPositionApproval,
    PersonnelAction,
    PostgraduateSupport,
    Quota,
    RecruitmentExam,
    RestructuringEvent,
    StreamliningCase,
    TrainingCourse,
    TrainingPlan,
)

# ---------------------------------------------------------------------------------------------
# Columns: a label and how a row shows the value (always through core.formatting)
# ---------------------------------------------------------------------------------------------

DASH = "—"


@dataclass(frozen=True)
class Column:
    label: str
    show: Callable
    numeric: bool = False
    key: str = ""

    def display(self, obj):
        value = self.show(obj)
        return DASH if value in (None, "") else value


def _get(obj, path):
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def text(label, path):
    return Column(label, lambda o: _get(o, path), key=path)


def choice(label, field):
    return Column(label, lambda o: getattr(o, f"get_{field}_display")() if getattr(o, field) else None, key=field)


def number(label, path):
    return Column(label, lambda o: None if _get(o, path) is None else formatting.number(_get(o, path)), True, path)


def money(label, path):
    return Column(label, lambda o: None if _get(o, path) is None else formatting.money(_get(o, path), "dong"), True, path)


def date(label, path):
    return Column(label, lambda o: None if _get(o, path) is None else formatting.short_date(_get(o, path)), key=path)


def yes_no(label, path):
    return Column(label, lambda o: "Có" if _get(o, path) else "Không", key=path)


def document(label, path):
    def show(obj):
        doc = _get(obj, path)
        return doc.short_citation() if doc is not None else None

    return Column(label, show, key=path)


def unit_names(label, field="units"):
    def show(obj):
        units = sorted(getattr(obj, field).all(), key=lambda u: (u.sort_order, u.name))
        return formatting.join_semicolon(u.name for u in units)

    return Column(label, show, key=field)


def quantity_or_person(label="Người / số trường hợp"):
    def show(obj):
        if obj.person_id:
            return f"{obj.person.full_name} ({obj.person.ma_so})"
        return f"{formatting.number(obj.quantity)} trường hợp"

    return Column(label, show, key="person")


# ---------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    slug: str  # in the URL: /to-chuc-can-bo/<slug>/
    model: type
    form_class: type
    title: str  # heading and tab: "Tinh giản biên chế"
    noun: str  # one row: "trường hợp tinh giản biên chế"
    add_label: str  # the button: "Thêm trường hợp tinh giản"
    columns: tuple
    ordering: tuple
    unit_field: str = "unit"
    unit_many: bool = False  # `unit_field` is a many-to-many
    unit_optional: bool = False  # rows without a unit are province-wide
    year_field: str | None = "year"
    year_is_date: bool = False
    select_related: tuple = ()
    prefetch_related: tuple = ()
    personal: bool = False  # rows name people: only readers who see people by name
    list_url_name: str | None = None  # a register with its own list page
    list_by_year: bool = True  # the list page takes ?year=
    empty_text: str = "Chưa có dữ liệu trong phạm vi của anh/chị."

    def __str__(self):
        return self.title

    def list_url(self, year=None):
        url = reverse(self.list_url_name) if self.list_url_name else reverse("staffing:register_list", args=[self.slug])
        return f"{url}?year={year}" if year and self.list_by_year else url

    def year_of(self, obj):
        if not self.year_field:
            return None
        value = getattr(obj, self.year_field, None)
        return value.year if self.year_is_date and value is not None else value


REGISTER_LIST = [
    Register(
        slug="bien-che", model=Quota, form_class=forms.QuotaForm, title="Biên chế",
        noun="biên chế được giao", add_label="Thêm biên chế",
        columns=(text("Đơn vị", "unit.name"), text("Năm", "year"), choice("Loại biên chế", "kind"),
                 number("Số được giao", "assigned"), number("Số đã sử dụng (nhập)", "used_entered"),
                 yes_no("Lấy số đã sử dụng từ danh sách", "used_from_register"), text("Giai đoạn", "term"),
                 document("Văn bản giao", "decision"), text("Ghi chú", "note")),
        ordering=("-year", "unit__sort_order", "unit__name", "kind"), select_related=("unit", "decision"),
        list_url_name="staffing:quota_list",
    ),
    Register(
        slug="tinh-gian-bien-che", model=StreamliningCase, form_class=forms.StreamliningCaseForm,
        title="Tinh giản biên chế", noun="trường hợp tinh giản biên chế", add_label="Thêm trường hợp tinh giản",
        columns=(text("Năm", "year"), number("Đợt", "round_number"), choice("Giai đoạn", "stage"),
                 text("Nghị định", "decree"), text("Đơn vị", "unit.name"), number("Số trường hợp", "quantity"),
                 money("Kinh phí", "amount"), date("Ngày thực hiện", "decided_on"), document("Văn bản", "decision"),
                 text("Ghi chú", "note")),
        ordering=("-year", "round_number", "-decided_on", "unit__sort_order", "unit__name"),
        select_related=("unit", "decision"),
    ),
    Register(
        slug="sap-xep-bo-may", model=RestructuringEvent, form_class=forms.RestructuringEventForm,
        title="Sắp xếp tổ chức bộ máy", noun="việc sắp xếp tổ chức bộ máy", add_label="Thêm việc sắp xếp",
        columns=(date("Ngày quyết định", "decided_on"), text("Đơn vị (chủ quản)", "unit.name"),
                 choice("Hình thức", "kind"), choice("Loại tổ chức", "target"), number("Số đơn vị", "quantity"),
                 text("Nội dung", "description"), document("Quyết định", "decision")),
        ordering=("-decided_on", "unit__sort_order", "unit__name"), year_field="decided_on", year_is_date=True,
        select_related=("unit", "decision"),
    ),
    Register(
        slug="vi-tri-viec-lam", model=JobPositionApproval, form_class=forms.JobPositionApprovalForm,
        title="Vị trí việc làm", noun="quyết định phê duyệt vị trí việc làm", add_label="Thêm phê duyệt",
        columns=(date("Ngày phê duyệt", "approved_on"), text("Đơn vị", "unit.name"),
                 number("Số vị trí việc làm", "positions"), yes_no("Điều chỉnh danh mục", "is_adjustment"),
                 document("Quyết định", "decision")),
        ordering=("-approved_on", "unit__sort_order", "unit__name"), year_field="approved_on", year_is_date=True,
        select_related=("unit", "decision"),
    ),
    Register(
        slug="thi-tuyen", model=RecruitmentExam, form_class=forms.RecruitmentExamForm,
        title="Thi tuyển, nâng ngạch", noun="kỳ thi, xét tuyển", add_label="Thêm kỳ thi, xét tuyển",
        columns=(date("Ngày tổ chức, công nhận", "held_on"), text("Tên kỳ thi", "name"), choice("Hình thức", "kind"),
                 choice("Đối tượng", "audience"), text("Năm", "year"), number("Tham gia", "participants"),
                 number("Trúng tuyển, được công nhận", "passed"), unit_names("Đơn vị có nhu cầu"),
                 document("Văn bản", "document")),
        ordering=("-held_on",), unit_field="units", unit_many=True, unit_optional=True,
        select_related=("document",), prefetch_related=("units",),
    ),
    Register(
        slug="ke-hoach-dao-tao", model=TrainingPlan, form_class=forms.TrainingPlanForm,
        title="Kế hoạch đào tạo", noun="kế hoạch đào tạo, bồi dưỡng", add_label="Thêm kế hoạch",
        columns=(text("Năm", "year"), number("Số lớp", "classes"), money("Tổng kinh phí", "budget"),
                 date("Ngày ban hành", "issued_on"), text("Đơn vị ban hành", "unit.name"),
                 document("Văn bản", "decision")),
        ordering=("-year", "-issued_on"), unit_optional=True, select_related=("unit", "decision"),
    ),
    Register(
        slug="lop-dao-tao", model=TrainingCourse, form_class=forms.TrainingCourseForm,
        title="Lớp đào tạo, bồi dưỡng", noun="lớp đào tạo, bồi dưỡng", add_label="Thêm lớp",
        columns=(text("Tên lớp", "name"), text("Đơn vị tổ chức", "unit.name"), date("Từ ngày", "start"),
                 date("Đến ngày", "end"), number("Số học viên", "participants"), money("Kinh phí", "budget"),
                 text("Kế hoạch năm", "plan.year")),
        ordering=("-start", "name"), year_field="start", year_is_date=True, select_related=("unit", "plan"),
    ),
    Register(
        slug="sau-dai-hoc", model=PostgraduateSupport, form_class=forms.PostgraduateSupportForm,
        title="Hỗ trợ sau đại học", noun="quyết định hỗ trợ sau đại học", add_label="Thêm quyết định hỗ trợ",
        columns=(date("Ngày giải quyết", "decided_on"), text("Đơn vị", "unit.name"),
                 number("Số trường hợp", "quantity"), money("Kinh phí hỗ trợ", "amount"),
                 document("Quyết định", "decision")),
        ordering=("-decided_on",), unit_optional=True, year_field="decided_on", year_is_date=True,
        select_related=("unit", "decision"),
    ),
    Register(
        slug="bien-dong", model=PersonnelAction, form_class=forms.PersonnelActionForm,
        title="Quyết định nhân sự, tiền lương", noun="quyết định nhân sự, tiền lương", add_label="Thêm quyết định",
        columns=(date("Ngày hiệu lực", "effective_date"), choice("Loại", "action_type"), choice("Cấp", "level"),
                 quantity_or_person(), text("Đơn vị", "unit.name"), text("Ngạch, chức danh", "rank_title"),
                 text("Số quyết định", "decision_number"), text("Cơ quan quyết định", "authority"),
                 choice("Hình thức giải quyết", "handling"), text("Ghi chú", "note")),
        ordering=("-effective_date", "action_type"), year_field="effective_date", year_is_date=True,
        select_related=("unit", "person"), personal=True, list_url_name="staffing:action_list", list_by_year=False,
    ),
]

REGISTERS = {register.slug: register for register in REGISTER_LIST}


def tabs():
    """Registers with a list page of their own among the staffing tabs (quotas and actions have theirs)."""
    return [register for register in REGISTER_LIST if register.list_url_name is None]


class RegisterConverter:
    """URL converter `<register:register>`: a known slug becomes its Register (anything else: 404)."""

    regex = "|".join(sorted(REGISTERS, key=len, reverse=True))

    def to_python(self, value):
        return REGISTERS[value]

    def to_url(self, value):
        return value.slug if isinstance(value, Register) else str(value)
