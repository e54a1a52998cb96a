"""The registers that department staff keep in web forms, declared once (the pattern, its views,
reads and writes: `core.registers`).

Quotas and personnel actions keep their own list pages (`list_url_name`); only their forms come
from here. A new register is one more entry in `REGISTER_LIST`.
"""

from core import formatting
from core.registers import Column, Register, RegisterSet, choice, date, document, money, number, text, unit_names, yes_no
from staffing import forms, selectors
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


def quantity_or_person(label="Người / số trường hợp"):
    def show(obj):
        if obj.person_id:
            return f"{obj.person.full_name} ({obj.person.ma_so})"
        return f"{formatting.number(obj.quantity)} trường hợp"

    return Column(label, show, key="person")


def dated(label, field):
    """A date column that shows «trong 6 tháng đầu năm 2023» for a row dated by its period."""
    return Column(label, lambda obj: obj.date_label(), key=field)


def action_type(label="Loại"):
    return Column(label, lambda obj: obj.get_action_type_display(), key="action_type")


REGISTER_LIST = [
    Register(
        slug="bien-che", model=Quota, form_class=forms.QuotaForm, title="Biên chế",
        noun="biên chế được giao", add_label="Thêm biên chế",
        columns=(text("Đơn vị", "unit.name"), text("Năm", "year"), choice("Loại biên chế", "kind"),
                 number("Số được giao", "assigned"), number("Số đã sử dụng (nhập)", "used_entered"),
                 yes_no("Lấy số đã sử dụng từ danh sách", "used_from_register"), text("Giai đoạn", "term"),
                 number("Số giao cả giai đoạn", "term_assigned"), text("Tỷ lệ tinh giản theo lộ trình (%)", "roadmap_cut"),
                 document("Văn bản giao", "decision"), text("Ghi chú", "note")),
        ordering=("-year", "unit__sort_order", "unit__name", "kind"), select_related=("unit", "decision"),
        list_url_name="staffing:quota_list",
    ),
    Register(
        slug="tinh-gian-bien-che", model=StreamliningCase, form_class=forms.StreamliningCaseForm,
        title="Tinh giản biên chế", noun="trường hợp tinh giản biên chế", add_label="Thêm trường hợp tinh giản",
        columns=(text("Năm", "year"), number("Đợt", "round_number"), choice("Giai đoạn", "stage"),
                 text("Nghị định", "decree"), text("Đơn vị", "unit.name"), number("Số trường hợp", "quantity"),
                 money("Kinh phí", "amount"), dated("Ngày thực hiện", "decided_on"), document("Văn bản", "decision"),
                 text("Ghi chú", "note")),
        ordering=("-year", "round_number", "-decided_on", "unit__sort_order", "unit__name"),
        select_related=("unit", "decision", "dated_period"),
    ),
    Register(
        slug="sap-xep-bo-may", model=RestructuringEvent, form_class=forms.RestructuringEventForm,
        title="Sắp xếp tổ chức bộ máy", noun="việc sắp xếp tổ chức bộ máy", add_label="Thêm việc sắp xếp",
        columns=(dated("Ngày quyết định", "decided_on"), text("Đơn vị (chủ quản)", "unit.name"),
                 choice("Hình thức", "kind"), choice("Loại tổ chức", "target"), number("Số đơn vị", "quantity"),
                 text("Nội dung", "description"), document("Quyết định", "decision")),
        ordering=("-decided_on", "unit__sort_order", "unit__name"), year_field="decided_on", year_is_date=True,
        select_related=("unit", "decision", "dated_period"),
    ),
    Register(
        slug="vi-tri-viec-lam", model=JobPositionApproval, form_class=forms.JobPositionApprovalForm,
        title="Vị trí việc làm", noun="quyết định phê duyệt vị trí việc làm", add_label="Thêm phê duyệt",
        columns=(dated("Ngày phê duyệt", "approved_on"), text("Đơn vị", "unit.name"),
                 number("Số vị trí việc làm", "positions"), yes_no("Điều chỉnh danh mục", "is_adjustment"),
                 document("Quyết định", "decision")),
        ordering=("-approved_on", "unit__sort_order", "unit__name"), year_field="approved_on", year_is_date=True,
        select_related=("unit", "decision", "dated_period"),
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
        columns=(dated("Ngày giải quyết", "decided_on"), text("Đơn vị", "unit.name"),
                 number("Số trường hợp", "quantity"), money("Kinh phí hỗ trợ", "amount"),
                 document("Quyết định", "decision")),
        ordering=("-decided_on",), unit_optional=True, year_field="decided_on", year_is_date=True,
        select_related=("unit", "decision", "dated_period"),
    ),
    Register(
        slug="bien-dong", model=PersonnelAction, form_class=forms.PersonnelActionForm,
        title="Quyết định nhân sự, tiền lương", noun="quyết định nhân sự, tiền lương", add_label="Thêm quyết định",
        columns=(dated("Ngày hiệu lực", "effective_date"), action_type(), choice("Cấp", "level"),
                 quantity_or_person(), number("Số quyết định ban hành", "decisions"), text("Đơn vị", "unit.name"),
                 text("Ngạch, chức danh", "rank_title"),
                 text("Số quyết định", "decision_number"), text("Cơ quan quyết định", "authority"),
                 choice("Hình thức giải quyết", "handling"), text("Ghi chú", "note")),
        ordering=("-effective_date", "action_type"), year_field="effective_date", year_is_date=True,
        select_related=("unit", "person", "dated_period"), personal=True, list_url_name="staffing:action_list", list_by_year=False,
    ),
]

REGISTER_SET = RegisterSet(
    app="staffing", title="Tổ chức cán bộ", registers=REGISTER_LIST, tabs_template="staffing/_tabs.html",
    may_edit=selectors.can_edit_registers, may_read=selectors.sees_aggregates, personal_scope=selectors.personal_scope,
    tab_of={"staffing:quota_list": "quotas", "staffing:action_list": "actions"},
)
REGISTER_LIST = REGISTER_SET.registers
REGISTERS = REGISTER_SET.by_slug


def tabs():
    """Registers with a list page of their own among the staffing tabs (quotas and actions have theirs)."""
    return REGISTER_SET.tabs()
