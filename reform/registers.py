"""The CCHC registers kept in web forms (core.registers): national index results, the province's
criteria sets and criteria, inspection plans and visits, initiatives. Scores have their own sheet
(`reform.views.score_sheet`). Written by the CCHC office's staff (`selectors.can_manage`) and admins."""

from core.registers import Register, RegisterSet, choice, date, number, text
from reform import forms, selectors
from reform.models import Criterion, IndexResult, Initiative, InspectionPlan, InspectionVisit, UnitIndexSet

REGISTERS = RegisterSet(
    app="reform", title="Cải cách hành chính", tabs_template="reform/_tabs.html",
    may_edit=selectors.can_manage,
    edit_denied="Chỉ chuyên viên Phòng Cải cách hành chính của Sở Nội vụ được thêm, sửa, xóa; anh/chị chỉ được xem.",
    write_denied="Chỉ chuyên viên Phòng Cải cách hành chính của Sở Nội vụ được thêm, sửa, xóa dữ liệu này.",
    tab_of={"reform:index_results": "national", "reform:initiatives": "initiatives"},
    registers=[
        Register(
            slug="ket-qua-chi-so", model=IndexResult, form_class=forms.IndexResultForm,
            title="Kết quả chỉ số PAR INDEX, SIPAS, PAPI, PCI", noun="kết quả chỉ số", add_label="Thêm kết quả chỉ số",
            columns=(text("Năm", "year"), choice("Chỉ số", "index"), number("Điểm", "score"), number("Xếp thứ", "rank"),
                     number("Trên", "of_n"), text("Nguồn", "source")),
            ordering=("-year", "index"), select_related=("unit",), list_url_name="reform:index_results",
            list_by_year=False,
        ),
        Register(
            slug="bo-tieu-chi", model=UnitIndexSet, form_class=forms.UnitIndexSetForm,
            title="Bộ tiêu chí chỉ số CCHC", noun="bộ tiêu chí", add_label="Thêm bộ tiêu chí",
            columns=(text("Năm", "year"), choice("Nhóm đơn vị", "audience"), text("Tên", "title"),
                     text("Quyết định", "decision")),
            ordering=("-year", "audience"), unit_optional=True, select_related=("unit",),
        ),
        Register(
            slug="tieu-chi", model=Criterion, form_class=forms.CriterionForm,
            title="Tiêu chí và điểm tối đa", noun="tiêu chí", add_label="Thêm tiêu chí",
            columns=(text("Năm", "index_set.year"), text("Bộ tiêu chí", "index_set.title"), text("STT", "code"),
                     text("Tiêu chí", "title"), number("Điểm tối đa", "max_points"), text("Thuộc", "parent.code")),
            ordering=("-index_set__year", "index_set__audience", "sort_order", "id"), unit_field="index_set__unit",
            unit_optional=True, year_field="index_set__year", select_related=("index_set", "parent"),
        ),
        Register(
            slug="ke-hoach-kiem-tra", model=InspectionPlan, form_class=forms.InspectionPlanForm,
            title="Kế hoạch kiểm tra CCHC", noun="kế hoạch kiểm tra", add_label="Thêm kế hoạch",
            columns=(text("Năm", "year"), text("Tên kế hoạch", "title"), text("Số, ký hiệu", "document"),
                     date("Ngày ban hành", "issued_on")),
            ordering=("-year", "-issued_on"), unit_optional=True, select_related=("unit",),
        ),
        Register(
            slug="dot-kiem-tra", model=InspectionVisit, form_class=forms.InspectionVisitForm,
            title="Đơn vị được kiểm tra", noun="đợt kiểm tra đơn vị", add_label="Thêm đợt kiểm tra",
            columns=(date("Ngày kiểm tra", "visited_on"), text("Đơn vị", "unit.name"), text("Kế hoạch", "plan.title"),
                     text("Kết quả, tồn tại", "findings"), text("Kiến nghị", "recommendations")),
            ordering=("-visited_on",), year_field="visited_on", year_is_date=True, select_related=("unit", "plan"),
        ),
        Register(
            slug="sang-kien-cchc", model=Initiative, form_class=forms.InitiativeForm,
            title="Sáng kiến CCHC được công nhận", noun="sáng kiến", add_label="Thêm sáng kiến",
            columns=(text("Năm", "year"), text("Sáng kiến", "title"), text("Đơn vị", "unit.name"),
                     text("Quyết định", "decision"), date("Ngày công nhận", "recognised_on")),
            ordering=("-year", "recognised_on"), select_related=("unit",), list_url_name="reform:initiatives",
        ),
    ],
)
