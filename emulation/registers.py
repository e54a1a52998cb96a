"""The emulation registers kept in web forms, declared once (the pattern: `core.registers`).

Decisions keep their own list and detail pages (`emulation:decisions`); their items, the members
of the clusters and blocs per year and the movements get the pattern's list pages. Ban Thi đua -
Khen thưởng (`permissions.OFFICES`) and admins write; every role reads within its reach.
"""

from core.registers import Column, Register, RegisterSet, choice, date, number, text
from emulation import forms
from emulation.models import AwardDecision, AwardItem, ClusterMembership, EmulationMovement
from emulation.permissions import OFFICES


def recipient(label="Tên tập thể, cá nhân"):
    def show(obj):
        return obj.recipient_name or f"(dòng gộp {obj.quantity} {obj.get_recipient_kind_display().lower()})"

    return Column(label, show, key="recipient_name")


REGISTERS = RegisterSet(
    app="emulation", title="Thi đua, khen thưởng", tabs_template="emulation/_tabs.html", offices=OFFICES,
    tab_of={"emulation:decisions": "decisions"},
    edit_denied="Chỉ chuyên viên Ban Thi đua - Khen thưởng được thêm, sửa, xóa dữ liệu này; anh/chị chỉ được xem.",
    write_denied="Chỉ chuyên viên Ban Thi đua - Khen thưởng được thêm, sửa, xóa dữ liệu này.",
    registers=[
        Register(
            slug="quyet-dinh", model=AwardDecision, form_class=forms.DecisionForm, title="Quyết định khen thưởng",
            noun="quyết định khen thưởng", add_label="Thêm quyết định",
            columns=(text("Số", "number"), text("Ký hiệu", "symbol"), date("Ngày", "decided_on"),
                     choice("Cấp quyết định", "level"), choice("Dịp", "occasion"),
                     text("Đơn vị đề nghị", "proposing_unit.name"), choice("Trạng thái", "status")),
            ordering=("-received_on",), unit_field="proposing_unit", year_field="received_on", year_is_date=True,
            select_related=("proposing_unit",), list_url_name="emulation:decisions",
        ),
        Register(
            slug="doi-tuong", model=AwardItem, form_class=forms.AwardItemForm, title="Đối tượng được khen",
            noun="đối tượng được khen", add_label="Thêm đối tượng",
            columns=(text("Quyết định", "decision"), text("Danh hiệu, hình thức", "award_type.name"),
                     choice("Đối tượng", "recipient_kind"), recipient(), text("Đơn vị", "recipient_unit.name"),
                     number("Số lượng", "quantity"), text("Thời gian thành tích", "achievement_period")),
            ordering=("-decision__received_on", "decision_id", "id"), unit_field="decision__proposing_unit",
            year_field=None, list_by_year=False,
            select_related=("decision", "decision__proposing_unit", "award_type", "recipient_unit"),
        ),
        Register(
            slug="thanh-vien-cum-khoi", model=ClusterMembership, form_class=forms.ClusterMembershipForm,
            title="Thành viên cụm, khối thi đua", noun="thành viên cụm, khối thi đua", add_label="Thêm thành viên",
            columns=(text("Năm", "year"), text("Cụm, khối", "cluster.name"), text("Đơn vị", "unit.name"),
                     choice("Vai trò", "role")),
            ordering=("-year", "cluster__kind", "cluster__sort_order", "role", "unit__name"), year_field="year",
            select_related=("cluster", "unit"),
        ),
        Register(
            slug="phong-trao", model=EmulationMovement, form_class=forms.MovementForm, title="Phong trào thi đua",
            noun="phong trào thi đua", add_label="Thêm phong trào",
            columns=(text("Tên phong trào", "name"), choice("Loại", "kind"), choice("Cấp phát động", "launched_by"),
                     date("Ngày phát động", "launched_on"), date("Ngày kết thúc", "ends_on"),
                     text("Đơn vị phát động", "unit.name")),
            ordering=("-launched_on", "name"), unit_optional=True, year_field="launched_on", year_is_date=True,
            select_related=("unit",),
        ),
    ],
)
