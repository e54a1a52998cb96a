"""The guarded readers every upload path uses (DESIGN §2: "guarded .xlsx reader").

An uploaded .xlsx or .docx is a zip of XML parts; a few kilobytes can inflate to gigabytes or
describe a grid of 17 billion cells. Before any reader (calamine, openpyxl, docxtpl) opens a file:

- `open_package(data, limits)`: upload size, member count, macro parts and macro content types,
  every member inflated (streaming, discarded) under a hard per-member and total cap — the zip
  headers' declared sizes are not trusted;
- `sheets.check_workbook(package, limits)`: sheet structure, shared-string count, and each
  sheet's used range (last row/column holding a cell, placing cells without `r` as calamine
  does) against `limits.max_rows/max_cols/max_cells`, before a dense grid is allocated;
- `check_docx_upload(file)`: the same zip guard for a report template.

A refusal is a `Refused` with a Vietnamese `message`; it is final: callers never retry a refused
file with another reader.

The import engine (every register that is filled from .xlsx) is built on that guard:

- `widgets`   Vietnamese cells: VNDateWidget (dd/mm/yyyy; `parse_date` is the one parser),
              VNIntegerWidget ("1.360"), ChoiceWidget (by label), YesNoWidget, TextWidget,
              UnitCodeWidget (by OrgUnit code, within the user's scope), LookupWidget/PersonWidget;
- `resources` ImportResource (natural keys, duplicates in the file, «(xóa)» clears, preview of
              changes, all-or-nothing, PostgreSQL COPY / UPDATE … FROM VALUES), `resource_meta`;
- `reader`    the guarded calamine row reader; `workbook`: read_workbook, build_template,
              build_feedback, export_workbook, safe_text (formula-safe cells);
- `jobs`      run_import, start/check/confirm/rerun/apply of `core.models.ImportJob`, progress
              (Celery: `core.tasks.check_import` / `apply_import`);
- `registry`  the import kinds; `views` + `urls`: the pages (upload → preview → confirm,
              feedback, template, re-run), mounted in the app's own namespace.

How to add an import kind (e.g. award decisions in `emulation`):

1. `emulation/resources.py`: a resource per kind, declarations only::

       from import_export import fields
       from core.imports import registry
       from core.imports.resources import ImportResource, resource_meta
       from core.imports.widgets import ChoiceWidget, TextWidget, UnitCodeWidget, VNDateWidget, key_text

       class DecisionResource(ImportResource):
           number = fields.Field("number", "Số quyết định", widget=TextWidget(60))
           decided_on = fields.Field("decided_on", "Ngày quyết định", widget=VNDateWidget())
           unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
           Meta = resource_meta(Decision, ["number", "decided_on"], ("number", "decided_on", "unit"))
           update_fields = ("unit",)           # written on a match (never the natural key)
           required = ("number", "decided_on")

           def raw_key(self, row):             # the natural key from the raw cells
               ...
           def load_existing(self, dataset):   # {natural key: instance}, a fixed number of queries
               ...
           def check(self, instance, row, errors):   # optional: own rules, Vietnamese messages
               ...

       registry.register(registry.ImportKind(
           key="qd_khen_thuong", label="Quyết định khen thưởng", resource=DecisionResource,
           app="emulation", offices=("SNV-TDKT",), guide=["Mỗi dòng là …"],
           denied="Chỉ chuyên viên Ban Thi đua - Khen thưởng được nhập dữ liệu này."))

   (`<app>/resources.py` is discovered; nothing to name elsewhere.)
2. `emulation/urls.py`: `urlpatterns += import_patterns(app="emulation", title="Thi đua, khen
   thưởng", tabs="emulation/_tabs.html")` (from `core.imports.urls`); link
   `{% url 'emulation:import_start' %}` from the app's pages. The tab template gets tab="import".
3. Tests: post a file to `<app>:import_start`, confirm, read the feedback (see
   tests/core/test_import_engine.py, which does exactly this with a kind declared in the test).

Registers kept in web forms: see `core.registers`.
"""

from core.imports.package import MB, Limits, Package, Refused, megabytes, open_package, read_limited
from core.imports import sheets

# docxtpl's sample render grows faster than linearly with the XML it fills (1 MB of paragraphs:
# 1.6 s; 7 MB: 71 s): the parts it renders are bounded tightly, the rest (styles, media) less.
RENDERED_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")
MAX_RENDERED = 1 * MB
DOCX_LIMITS = Limits(
    max_bytes=5 * MB, max_members=500, max_part=4 * MB,
    part_caps=tuple((prefix, MAX_RENDERED) for prefix in RENDERED_PARTS) + (("word/media/", 5 * MB),),
    max_total=40 * MB, kind="docx",
)


def check_docx(data, limits=DOCX_LIMITS):
    """Refused unless `data` is a plain .docx package within `limits`."""
    package = open_package(data, limits)
    if not package.has("word/document.xml"):
        raise Refused("Tệp không phải văn bản Word (.docx): thiếu phần word/document.xml.", "not_zip")
    rendered = sum(size for name, size in package.sizes.items() if name.startswith(RENDERED_PARTS))
    if rendered > MAX_RENDERED:
        raise Refused(
            f"Mẫu Word quá lớn: nội dung, đầu trang, chân trang và chú thích cộng lại hơn {megabytes(MAX_RENDERED)} MB "
            "sau khi giải nén (mẫu thông thường chỉ vài chục KB).",
            "bomb",
        )
    return package


def check_docx_upload(file, limits=DOCX_LIMITS):
    """The zip/size guard of an uploaded report template, as a Django ValidationError."""
    from django.core.exceptions import ValidationError

    try:
        check_docx(read_limited(file, limits.max_bytes), limits)
    except Refused as exc:
        raise ValidationError(f"Mẫu báo cáo không dùng được: {exc.message}") from None


__all__ = [
    "DOCX_LIMITS", "MB", "Limits", "Package", "Refused", "check_docx", "check_docx_upload", "megabytes",
    "open_package", "read_limited", "sheets",
]
