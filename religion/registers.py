"""The religion registers kept in web forms by the Ban Tôn giáo, on `core.registers`: one list, edit
and delete view each (with change history and the conflict guard); readers see the rows within
their reach, each by its own date."""

from core.registers import Register, RegisterSet, choice, date, money, number, text, yes_no
from religion import forms
from religion.models import Dossier, Facility, Followers, Incident, Organization, RegisteredGroup, Support
from religion.permissions import offices

REGISTERS = RegisterSet(
    app="religion", title="Tín ngưỡng, tôn giáo", tabs_template="religion/_tabs.html", offices=offices(),
    edit_denied="Chỉ chuyên viên Ban Tôn giáo được thêm, sửa, xóa dữ liệu này; anh/chị chỉ được xem.",
    write_denied="Chỉ chuyên viên Ban Tôn giáo được thêm, sửa, xóa dữ liệu tôn giáo.",
    registers=[
        Register(slug="ho-so", model=Dossier, form_class=forms.DossierForm, title="Hồ sơ quản lý nhà nước",
                 noun="hồ sơ", add_label="Thêm hồ sơ",
                 columns=(choice("Loại hồ sơ", "type"), text("Tôn giáo", "religion.name"),
                          text("Người, tổ chức đề nghị", "applicant"), text("Nội dung", "subject"),
                          text("Địa bàn", "unit.name"), number("Số trường hợp", "quantity"),
                          date("Ngày tiếp nhận", "received_on"), date("Hạn giải quyết", "deadline"),
                          date("Ngày giải quyết", "resolved_on"), choice("Kết quả", "result")),
                 ordering=("-received_on", "-pk"), year_field="received_on", year_is_date=True,
                 select_related=("religion", "unit")),
        Register(slug="to-chuc", model=Organization, form_class=forms.OrganizationForm, title="Tổ chức tôn giáo",
                 noun="tổ chức tôn giáo", add_label="Thêm tổ chức",
                 columns=(text("Tên tổ chức", "name"), text("Tôn giáo", "religion.name"), choice("Loại", "kind"),
                          text("Trực thuộc", "parent.name"), text("Địa bàn", "unit.name"),
                          date("Ngày công nhận, thành lập", "recognized_on")),
                 ordering=("religion__sort_order", "name"), year_field=None, select_related=("religion", "parent", "unit")),
        Register(slug="co-so-tho-tu", model=Facility, form_class=forms.FacilityForm, title="Cơ sở thờ tự",
                 noun="cơ sở thờ tự", add_label="Thêm cơ sở thờ tự",
                 columns=(text("Tên cơ sở", "name"), text("Loại", "kind"), text("Tôn giáo", "religion.name"),
                          text("Tổ chức quản lý", "organization.name"), text("Xã, phường", "unit.name")),
                 ordering=("unit__sort_order", "name"), year_field=None,
                 select_related=("religion", "organization", "unit")),
        Register(slug="nhom-sinh-hoat", model=RegisteredGroup, form_class=forms.RegisteredGroupForm,
                 title="Nhóm sinh hoạt tập trung", noun="nhóm sinh hoạt tôn giáo tập trung", add_label="Thêm nhóm",
                 columns=(text("Tên nhóm", "name"), text("Tôn giáo", "religion.name"), text("Xã, phường", "unit.name"),
                          date("Ngày đăng ký", "registered_on"), number("Số người", "members")),
                 ordering=("unit__sort_order", "name"), year_field="registered_on", year_is_date=True,
                 select_related=("religion", "unit")),
        Register(slug="chuc-sac-tin-do", model=Followers, form_class=forms.FollowersForm, title="Chức sắc, tín đồ",
                 noun="số liệu chức sắc, tín đồ", add_label="Thêm số liệu năm", unit_field="organization__unit",
                 columns=(text("Tổ chức", "organization.name"), number("Năm", "year"),
                          number("Chức sắc", "dignitaries"), number("Chức việc", "officials"),
                          number("Nhà tu hành", "clergy"), number("Tín đồ", "believers")),
                 ordering=("-year", "organization__name"), select_related=("organization",)),
        Register(slug="tham-hoi-ho-tro", model=Support, form_class=forms.SupportForm, title="Thăm hỏi, hỗ trợ",
                 noun="lượt thăm hỏi, hỗ trợ", add_label="Thêm thăm hỏi, hỗ trợ",
                 columns=(choice("Loại", "kind"), text("Dịp", "occasion"), text("Tổ chức", "organization.name"),
                          text("Địa bàn", "unit.name"), date("Ngày", "given_on"), number("Số lượt", "quantity"),
                          money("Số tiền", "amount")),
                 ordering=("-given_on", "-pk"), year_field="given_on", year_is_date=True,
                 select_related=("organization", "unit")),
        Register(slug="vu-viec", model=Incident, form_class=forms.IncidentForm, title="Vụ việc",
                 noun="vụ việc", add_label="Thêm vụ việc",
                 columns=(date("Ngày xảy ra", "occurred_on"), text("Địa bàn", "unit.name"),
                          text("Nội dung", "description"), yes_no("Phức tạp", "is_complex"),
                          text("Cách xử lý", "handling"), date("Ngày xử lý xong", "resolved_on")),
                 ordering=("-occurred_on", "-pk"), year_field="occurred_on", year_is_date=True,
                 select_related=("unit",)),
    ],
)
