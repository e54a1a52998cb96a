"""The archives registers kept in web forms, declared once: model, form, filter, list columns,
Vietnamese titles and URL slug. One list, edit and delete view (`archives.views`) serve them."""

from dataclasses import dataclass
from typing import Callable

from archives import forms, selectors
from archives.models import AccessRequest, Accession, Fonds, WorkItem
from core import formatting

DASH = "—"


def _date(value):
    return formatting.short_date(value) if value else None


def _n(value):
    return formatting.number(value) if value is not None else None


@dataclass(frozen=True)
class Column:
    label: str
    show: Callable
    numeric: bool = False

    def display(self, row):
        value = self.show(row)
        return DASH if value in (None, "") else value


@dataclass(frozen=True)
class Register:
    slug: str
    model: type
    form_class: type
    filter_class: type
    rows: Callable  # (scope, filter values) → queryset
    title: str
    noun: str
    add_label: str
    empty_text: str
    columns: tuple


REGISTERS = [
    Register(
        "cong-viec", WorkItem, forms.WorkItemForm, forms.WorkFilterForm,
        lambda scope, v: selectors.work_items(scope, kind=v.get("kind", ""), status=v.get("status", "")),
        "Công việc lưu trữ", "công việc lưu trữ", "Thêm công việc", "Chưa có công việc lưu trữ nào.",
        (
            Column("Loại công việc", lambda r: r.get_kind_display()),
            Column("Tình trạng", lambda r: r.get_status_display()),
            Column("Đơn vị", lambda r: r.unit.name),
            Column("Số mét", lambda r: _n(r.metres), numeric=True),
            Column("Số phông", lambda r: _n(r.fonds_count), numeric=True),
            Column("Số hộp", lambda r: _n(r.boxes), numeric=True),
            Column("Số trang", lambda r: _n(r.pages), numeric=True),
            Column("Bắt đầu", lambda r: _date(r.started_on)),
            Column("Hoàn thành", lambda r: _date(r.finished_on)),
        ),
    ),
    Register(
        "khai-thac", AccessRequest, forms.AccessRequestForm, forms.AccessFilterForm,
        lambda scope, v: selectors.access_requests(scope, service=v.get("service", "")),
        "Khai thác tài liệu", "lượt khai thác", "Thêm lượt khai thác", "Chưa có lượt khai thác nào.",
        (
            Column("Ngày yêu cầu", lambda r: _date(r.requested_on)),
            Column("Hình thức", lambda r: r.get_service_display()),
            Column("Người, cơ quan yêu cầu", lambda r: r.requester),
            Column("Số lượt", lambda r: _n(r.quantity), numeric=True),
            Column("Mục đích", lambda r: r.purpose),
        ),
    ),
    Register(
        "phong", Fonds, forms.FondsForm, forms.EmptyFilterForm, lambda scope, v: selectors.fonds_list(scope),
        "Phông lưu trữ", "phông lưu trữ", "Thêm phông", "Chưa có phông lưu trữ nào.",
        (
            Column("Số phông", lambda r: r.code),
            Column("Tên phông", lambda r: r.name),
            Column("Số mét giá", lambda r: _n(r.metres), numeric=True),
            Column("Số hộp", lambda r: _n(r.boxes), numeric=True),
            Column("Thời gian tài liệu", lambda r: f"{r.start_year or '…'} – {r.end_year or '…'}"
                   if (r.start_year or r.end_year) else None),
        ),
    ),
    Register(
        "giao-nop", Accession, forms.AccessionForm, forms.EmptyFilterForm, lambda scope, v: selectors.accessions(scope),
        "Giao nộp tài liệu", "lượt giao nộp", "Thêm lượt giao nộp", "Chưa có lượt giao nộp nào.",
        (
            Column("Ngày tiếp nhận", lambda r: _date(r.received_on)),
            Column("Đơn vị giao nộp", lambda r: r.unit.name),
            Column("Phông", lambda r: r.fonds.code if r.fonds_id else None),
            Column("Số mét", lambda r: _n(r.metres), numeric=True),
            Column("Số hộp", lambda r: _n(r.boxes), numeric=True),
        ),
    ),
]
BY_SLUG = {r.slug: r for r in REGISTERS}


class RegisterConverter:
    regex = "|".join(BY_SLUG)

    def to_python(self, value):
        return BY_SLUG[value]

    def to_url(self, value):
        return value.slug if isinstance(value, Register) else value
