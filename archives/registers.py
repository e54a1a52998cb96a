"""The archives registers kept in web forms, declared once on the register pattern of
`core.registers`: one list, edit and delete view serve them, for the archive offices' staff."""

from archives import forms
from archives.models import AccessRequest, Accession, Fonds, WorkItem
from archives.selectors import ARCHIVE_OFFICES
from core.registers import Column, Register, RegisterSet, choice, date, number, text

DENIED = ("Chỉ chuyên viên Trung tâm Lưu trữ lịch sử hoặc Phòng Cải cách hành chính - Văn thư lưu trữ được thêm, "
          "sửa, xóa dữ liệu lưu trữ")

REGISTERS = RegisterSet(
    app="archives", title="Văn thư, lưu trữ", tabs_template="archives/_tabs.html", offices=ARCHIVE_OFFICES,
    edit_denied=DENIED + "; anh/chị chỉ được xem.", write_denied=DENIED + ".",
    registers=[
        Register(
            slug="cong-viec", model=WorkItem, form_class=forms.WorkItemForm, title="Công việc lưu trữ",
            noun="công việc lưu trữ", add_label="Thêm công việc",
            columns=(choice("Loại công việc", "kind"), choice("Tình trạng", "status"), text("Đơn vị", "unit.name"),
                     number("Số mét", "metres"), number("Số phông", "fonds_count"), number("Số hộp", "boxes"),
                     number("Số trang", "pages"), date("Bắt đầu", "started_on"), date("Hoàn thành", "finished_on")),
            ordering=("-started_on", "kind"), year_field="started_on", year_is_date=True,
            select_related=("unit",), empty_text="Chưa có công việc lưu trữ nào trong phạm vi của anh/chị."),
        Register(
            slug="khai-thac", model=AccessRequest, form_class=forms.AccessRequestForm, title="Khai thác tài liệu",
            noun="lượt khai thác", add_label="Thêm lượt khai thác",
            columns=(date("Ngày yêu cầu", "requested_on"), choice("Hình thức", "service"),
                     text("Người, cơ quan yêu cầu", "requester"), number("Số lượt", "quantity"),
                     text("Mục đích", "purpose")),
            ordering=("-requested_on", "service"), year_field="requested_on", year_is_date=True,
            empty_text="Chưa có lượt khai thác nào trong phạm vi của anh/chị."),
        Register(
            slug="phong", model=Fonds, form_class=forms.FondsForm, title="Phông lưu trữ", noun="phông lưu trữ",
            add_label="Thêm phông",
            columns=(text("Số phông", "code"), text("Tên phông", "name"), number("Số mét giá", "metres"),
                     number("Số hộp", "boxes"),
                     Column("Thời gian tài liệu", lambda r: f"{r.start_year or '…'} – {r.end_year or '…'}"
                            if (r.start_year or r.end_year) else None)),
            ordering=("code",), year_field=None, unit_optional=True,
            empty_text="Chưa có phông lưu trữ nào trong phạm vi của anh/chị."),
        Register(
            slug="giao-nop", model=Accession, form_class=forms.AccessionForm, title="Giao nộp tài liệu",
            noun="lượt giao nộp", add_label="Thêm lượt giao nộp",
            columns=(date("Ngày tiếp nhận", "received_on"), text("Đơn vị giao nộp", "unit.name"),
                     text("Phông", "fonds.code"), number("Số mét", "metres"), number("Số hộp", "boxes")),
            ordering=("-received_on",), year_field="received_on", year_is_date=True, select_related=("unit", "fonds"),
            empty_text="Chưa có lượt giao nộp nào trong phạm vi của anh/chị."),
    ])
