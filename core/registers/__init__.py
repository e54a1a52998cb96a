"""The register pattern: registers that an office keeps in web forms, declared once per app.

Each `Register` names its model, its form (a `core.registers.forms.RegisterForm`), its list
columns, its Vietnamese titles and its URL slug; a `RegisterSet` groups an app's registers with
who may write them. One list view, one edit view and one delete view (`core.registers.views`)
serve them all, with the reads in `core.registers.selectors` and the writes in
`core.registers.services` (fingerprint conflict guard, history panel from django-simple-history).

Rules every register gets: readers see the rows within their reach (`core.access`; officers their
subtree, rows without a unit only readers of the whole province); rows naming people only those the
set's `personal_scope` allows; unit choices limited to the user's scope; create/edit/delete only
for the set's responsible office staff (`offices`) and admins (403 otherwise, 404 for a row out of
reach).

How to add a register (e.g. religious organisations in `religion`):

1. `religion/forms.py`: `class OrganisationForm(RegisterForm)` with `Meta.formfield_callback =
   register_formfield` (Vietnamese dates and numbers, scoped units, the legal-document picker).
2. `religion/registers.py`::

       from core.registers import Register, RegisterSet, date, number, text
       REGISTERS = RegisterSet(app="religion", title="Tôn giáo", tabs_template="religion/_tabs.html",
                               offices=("SNV-TG",), registers=[
           Register(slug="to-chuc", model=Organisation, form_class=forms.OrganisationForm,
                    title="Tổ chức tôn giáo", noun="tổ chức tôn giáo", add_label="Thêm tổ chức",
                    columns=(text("Tên", "name"), text("Đơn vị", "unit.name"), date("Ngày công nhận", "recognised_on")),
                    ordering=("name",), year_field=None),
       ])
3. `religion/urls.py`: `urlpatterns += REGISTERS.urls()` (paths `<slug>/`, `<slug>/them/`,
   `<slug>/<pk>/sua/`, `<slug>/<pk>/xoa/`, names `register_list|create|edit|delete`); the model gets
   `history = HistoricalRecords()` for the history panel; the tab template may loop over
   `REGISTERS.tabs()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from django.urls import path, register_converter, reverse

from core import formatting
from core.access import office_staff

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
    search_fields: tuple | None = None  # text fields the list's search box reads; None: the text columns
    empty_text: str = "Chưa có dữ liệu trong phạm vi của anh/chị."
    app: str = ""  # the URL namespace of the register pages; set by RegisterSet
    owner: object = field(default=None, compare=False, repr=False)  # its RegisterSet, set by it

    def __str__(self):
        return self.title

    def list_url(self, year=None):
        url = reverse(self.list_url_name) if self.list_url_name else reverse(f"{self.app}:register_list", args=[self.slug])
        return f"{url}?year={year}" if year and self.list_by_year else url

    def year_of(self, obj):
        if not self.year_field:
            return None
        value = getattr(obj, self.year_field, None)
        return value.year if self.year_is_date and value is not None else value


def _everyone(scope):
    return scope


def _any_member(scope):
    return scope.is_admin or bool(scope.memberships)


@dataclass
class RegisterSet:
    """An app's registers: its URL namespace, page title and tabs, and who may read and write."""

    app: str  # URL namespace: "staffing"
    title: str  # page heading: "Tổ chức cán bộ"
    registers: list
    tabs_template: str | None = None  # included with tab=<slug>
    #: codes of the offices whose staff write the rows (empty: any staff of the Sở); admins always
    offices: tuple = ()
    may_edit: Callable | None = None  # callable(scope) -> bool, instead of `offices`
    may_read: Callable = _any_member  # who opens the lists at all (403 otherwise)
    personal_scope: Callable = _everyone  # narrows the reader for registers with personal=True
    #: a tab per register, by the slug of the active tab (a register with its own list page maps to its tab)
    tab_of: dict = field(default_factory=dict)
    edit_denied: str = "Chỉ chuyên viên Sở Nội vụ được thêm, sửa, xóa dữ liệu này; anh/chị chỉ được xem."
    write_denied: str = "Chỉ chuyên viên Sở Nội vụ được thêm, sửa, xóa dữ liệu này."

    def __post_init__(self):
        self.registers = [replace(r, app=self.app, owner=self) for r in self.registers]
        self.by_slug = {r.slug: r for r in self.registers}
        for r in self.registers:
            _SETS_BY_MODEL.setdefault(r.model, self)  # for services called without a set

    def __getitem__(self, slug):
        return self.by_slug[slug]

    def can_edit(self, scope):
        if self.may_edit is not None:
            return bool(self.may_edit(scope))
        return office_staff(scope, self.offices)

    def tabs(self):
        """Registers with a list page of their own (those without `list_url_name`)."""
        return [r for r in self.registers if r.list_url_name is None]

    def tab(self, register):
        return self.tab_of.get(register.list_url_name, register.slug)

    def converter(self):
        registers = self.by_slug

        class Converter:
            regex = "|".join(sorted(registers, key=len, reverse=True))

            def to_python(self, value):
                return registers[value]

            def to_url(self, value):
                return value.slug if isinstance(value, Register) else str(value)

        return Converter

    def urls(self):
        """The list/create/edit/delete URL patterns of this set (in the app's namespace)."""
        from core.registers import views

        name = f"register_{self.app}"
        register_converter(self.converter(), name)
        options = {"registers": self}
        return [
            path(f"<{name}:register>/", views.register_list, options, name="register_list"),
            path(f"<{name}:register>/them/", views.register_edit, options, name="register_create"),
            path(f"<{name}:register>/<int:pk>/sua/", views.register_edit, options, name="register_edit"),
            path(f"<{name}:register>/<int:pk>/xoa/", views.register_delete, options, name="register_delete"),
        ]


_SETS_BY_MODEL: dict = {}


def set_of(model):
    """The first RegisterSet declaring a register of `model` (None for a model kept elsewhere)."""
    return _SETS_BY_MODEL.get(model)
