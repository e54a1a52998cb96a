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
