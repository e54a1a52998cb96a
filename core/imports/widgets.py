"""Vietnamese cell widgets of the import engine (django-import-export `Widget`s).

Cells are read the Vietnamese way: dates dd/mm/yyyy (or real Excel dates), numbers "1.360",
choices by their Vietnamese label ("Nữ", "Viên chức"), yes/no as «Có»/«Không». `UnitCodeWidget`
and `PersonWidget`-like widgets look rows up in dicts their resource loaded once (no query per
row). A widget raises ValueError with a Vietnamese message; the resource reports it against the
file's row and column.

`parse_date` is the one dd/mm/yyyy parser (the register forms use it too).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from import_export import widgets

from core import formatting

# On an update a blank cell keeps the stored value; this marker in a cell clears it (documented in
# the template's guide and on the upload page).
CLEAR_MARKER = "(xóa)"
_CLEAR_MARKERS = {"(xóa)", "(xoá)", "(xoa)"}
EMPTY_SHOWN = "(trống)"

YES = {"có", "co", "x", "1", "true", "đúng", "yes"}
NO = {"không", "khong", "0", "false", "sai", "no"}


def cell_text(value):
    """A cell as clean NFC text ("" for empty); whole floats lose their ".0" (Excel numbers)."""
    if value is None:
        return ""
    if type(value) is str:  # the common case, called ~16 times a row: ASCII needs no normalising
        text = value.strip()
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formatting.nfc(str(value)).strip()


def is_clear_marker(value):
    # Called for every cell: most cells are not strings starting with "(" and cost one test.
    return type(value) is str and "(" in value[:4] and formatting.nfc(value).strip().casefold() in _CLEAR_MARKERS


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def key_text(value):
    return cell_text(value).upper()


# ---------------------------------------------------------------------------------------------
# Widgets: Vietnamese cells
# ---------------------------------------------------------------------------------------------

DATE_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


def parse_date(value):
    """A date typed dd/mm/yyyy (also d/m/yyyy, with "." or "-"), None for an empty cell;
    ValueError with a Vietnamese message otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = DATE_RE.fullmatch(text)
    if not match:
        raise ValueError(f"Ngày «{text}» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021).")
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày «{text}» không có thật.") from None


class VNDateWidget(widgets.Widget):
    """dd/mm/yyyy (also d/m/yyyy, with "." or "-"), or a real Excel date cell."""

    memo = True  # clean(text) depends on the text and the import's loaded state only

    def __init__(self):
        super().__init__()
        self._parsed = {}  # a register repeats dates a lot: parse each text once

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if type(value) is str:
            day = self._parsed.get(value)
            if day is None:
                if len(self._parsed) > 50_000:  # the widget lives as long as the process
                    self._parsed.clear()
                day = self._parsed[value] = self._parse(value)
            return day
        return self._parse(value)

    def _parse(self, value):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return formatting.short_date(value) if value else ""


class VNIntegerWidget(widgets.Widget):
    """Whole numbers typed the Vietnamese way ("1.360"), or Excel numbers."""

    memo = True  # clean(text) depends on the text and the import's loaded state only

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"«{formatting.number(value)}» không phải số nguyên.")
            return int(value)
        text = cell_text(value)
        if not text:
            return None
        try:
            number = formatting.parse_number(text)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if number != number.to_integral_value():
            raise ValueError(f"«{text}» không phải số nguyên.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class ChoiceWidget(widgets.Widget):
    """A choice by its Vietnamese label (any case) or its code; renders the label."""

    memo = True  # clean(text) depends on the text and the import's loaded state only

    def __init__(self, choices, what, aliases=None):
        super().__init__()
        self.what = what
        self.labels = dict(choices)
        self.lookup = {}
        for value, label in choices:
            self.lookup[formatting.nfc(label).casefold()] = value
            self.lookup[value.casefold()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[formatting.nfc(alias).casefold()] = value

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            allowed = "; ".join(self.labels.values())
            raise ValueError(f"{self.what} «{text}» không hợp lệ; chọn một trong: {allowed}.") from None

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.Widget):
    memo = True  # clean(text) depends on the text and the import's loaded state only

    def __init__(self, default=None):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if not text:
            return self.default
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"«{cell_text(value)}» không hợp lệ; ghi «Có» hoặc «Không».")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class TextWidget(widgets.Widget):
    memo = True  # clean(text) depends on the text and the import's loaded state only

    def __init__(self, max_length=None):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class UnitCodeWidget(widgets.Widget):
    """An org unit by its code, from the resource's cache (no query per row)."""

    memo = True  # clean(text) depends on the text and the import's loaded state only

    def __init__(self, resource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        code = key_text(value)
        if not code:
            return None
        unit = self.resource.units_by_code.get(code)
        if unit is None:
            raise ValueError(f"Không có đơn vị mã «{cell_text(value)}».")
        allowed = self.resource.allowed_unit_ids
        if allowed is not None and unit.pk not in allowed:
            raise ValueError(f"Đơn vị «{unit.code}» không thuộc phạm vi quản lý của anh/chị.")
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class LookupWidget(widgets.Widget):
    """A row by its code, from a dict the resource loaded once (`getattr(resource, cache)`,
    keyed by the upper-cased code); `missing` is the Vietnamese message ({} = the cell), `attr`
    the code rendered on export."""

    cache = ""
    missing = "Không có mã «{}»."
    attr = "code"

    def __init__(self, resource, cache=None, missing=None, attr=None):
        super().__init__()
        self.resource = resource
        self.cache = cache or self.cache
        self.missing = missing or self.missing
        self.attr = attr or self.attr

    def clean(self, value, row=None, **kwargs):
        code = key_text(value)
        if not code:
            return None
        found = getattr(self.resource, self.cache).get(code)
        if found is None:
            raise ValueError(self.missing.format(cell_text(value)))
        return found

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.attr) if value is not None else ""


class PersonWidget(LookupWidget):
    """A civil servant by mã số (`resource.people_by_code`)."""

    cache = "people_by_code"
    missing = "Không có cán bộ, công chức, viên chức mã số «{}» trong danh sách."
    attr = "ma_so"
