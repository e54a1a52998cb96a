"""A fast, read-only .xlsx row reader for large register imports.

openpyxl's read-only mode spends ~0.3 ms per row of a 13-column sheet (6 s for 20,000 rows). The
rows are read with calamine (python-calamine, a Rust reader) instead: ~0.4 s for the same sheet.
The package is checked first (zip bomb guard); anything calamine cannot read raises `XlsxError`
and the caller falls back to openpyxl.

    for number, values in iter_rows(data, prefer_sheet="Dữ liệu"):
        ...  # number: the row number in Excel (1-based); values: list, None for empty cells
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree
from python_calamine import CalamineWorkbook

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # a zip bomb guard: the whole package, unpacked


class XlsxError(Exception):
    pass


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _xml(archive, name):
    try:
        return etree.fromstring(archive.read(name), _parser())
    except KeyError:
        return None
    except etree.XMLSyntaxError as exc:
        raise XlsxError(f"XML hỏng trong {name}") from exc


def _sheet_path(archive, prefer_sheet):
    workbook = _xml(archive, "xl/workbook.xml")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise XlsxError("Thiếu workbook.xml")
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PKG_REL_NS}Relationship")}
    sheets = [(s.get("name"), s.get(f"{REL_NS}id")) for s in workbook.iter(f"{NS}sheet")]
    if not sheets:
        raise XlsxError("Không có trang tính")
    name, rid = next(((n, r) for n, r in sheets if n == prefer_sheet), sheets[0])
    target = targets.get(rid)
    if not target:
        raise XlsxError("Không tìm thấy trang tính")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    pr = workbook.find(f"{NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    return path, date1904


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def last_row(data, prefer_sheet=None):
    """The sheet's last row number from its <dimension> (read from the first bytes only), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            path, _ = _sheet_path(archive, prefer_sheet)
            with archive.open(path) as raw:
                head = raw.read(4096)
    except (zipfile.BadZipFile, KeyError, XlsxError):
        return None
    match = _DIMENSION.search(head)
    return int(match.group(1)) if match else None


def iter_rows(data, prefer_sheet=None):
    """Yield (row number, [values]) of the preferred sheet (else the first one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise XlsxError("Tệp giải nén quá lớn")
    except zipfile.BadZipFile as exc:
        raise XlsxError("Không phải tệp .xlsx") from exc
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise XlsxError("Không có trang tính")
        sheet = workbook.get_sheet_by_name(prefer_sheet if prefer_sheet in names else names[0])
        # The whole grid from A1, so list positions are Excel's row and column numbers.
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - CalamineError and its kin, or a panic in the reader: the user's file
        raise XlsxError(f"calamine không đọc được tệp: {exc}") from exc
    for index, values in enumerate(rows):
        # calamine gives "" for an empty cell and a float for every number; imports want None and
        # whole numbers as int (a mã số typed as a number must not become "1360.0").
        yield index + 1, [None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in values]
