"""A fast, read-only .xlsx row reader (lxml iterparse), for large register imports.

openpyxl's read-only mode spends ~0.3 ms per row of a 13-column sheet (6 s for 20,000 rows); this
reader streams the sheet XML with lxml and only decodes what an import needs — values, shared
strings, inline strings, booleans and dates (numbers whose cell style is a date format) — about
ten times faster, in constant memory. Anything it does not understand raises `XlsxError`, and the
caller falls back to openpyxl.

    for number, values in iter_rows(data, prefer_sheet="Dữ liệu"):
        ...  # number: the row number in Excel (1-based); values: list, None for empty cells
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # a zip bomb guard: the whole package, unpacked

# Built-in number formats that are dates or times (ECMA-376 §18.8.30).
BUILTIN_DATE_FORMATS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
_DATE_TOKENS = re.compile(r"(?<![\\])[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
DIGITS = "0123456789"
EPOCH_1900 = datetime.datetime(1899, 12, 30)
EPOCH_1904 = datetime.datetime(1904, 1, 1)


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


def _column_index(letters):
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _is_date_format(code):
    code = _QUOTED.sub("", code or "")
    return bool(_DATE_TOKENS.search(code))


def _date_styles(archive):
    """Indices of cellXfs whose number format is a date."""
    root = _xml(archive, "xl/styles.xml")
    if root is None:
        return set()
    custom = {}
    formats = root.find(f"{NS}numFmts")
    if formats is not None:
        for fmt in formats.findall(f"{NS}numFmt"):
            custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
    dates = set()
    xfs = root.find(f"{NS}cellXfs")
    if xfs is not None:
        for index, xf in enumerate(xfs.findall(f"{NS}xf")):
            fmt_id = int(xf.get("numFmtId", "0"))
            if fmt_id in BUILTIN_DATE_FORMATS or (fmt_id in custom and _is_date_format(custom[fmt_id])):
                dates.add(index)
    return dates


def _shared_strings(archive):
    try:
        raw = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with raw:
        for _event, si in etree.iterparse(raw, tag=f"{NS}si", resolve_entities=False, no_network=True):
            strings.append("".join(t.text or "" for t in si.iter(f"{NS}t") if _not_phonetic(t)))
            si.clear()
    return strings


def _not_phonetic(t):
    parent = t.getparent()
    return parent is None or parent.tag != f"{NS}rPh"


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
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise XlsxError("Không phải tệp .xlsx") from exc
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise XlsxError("Tệp giải nén quá lớn")
        path, date1904 = _sheet_path(archive, prefer_sheet)
        strings = _shared_strings(archive)
        dates = _date_styles(archive)
        epoch = EPOCH_1904 if date1904 else EPOCH_1900
        try:
            raw = archive.open(path)
        except KeyError as exc:
            raise XlsxError("Không tìm thấy trang tính") from exc
        tag_c, tag_v, tag_is, tag_t = f"{NS}c", f"{NS}v", f"{NS}is", f"{NS}t"
        columns = {}
        with raw:
            try:
                for _event, row in etree.iterparse(raw, tag=f"{NS}row", resolve_entities=False, no_network=True,
                                                   huge_tree=False):
                    number = int(row.get("r")) if row.get("r") else None
                    values = []
                    for cell in row.iter(tag_c):
                        ref = cell.get("r")
                        if ref:
                            letters = ref.rstrip(DIGITS)
                            column = columns.get(letters)
                            if column is None:
                                column = columns[letters] = _column_index(letters)
                            if number is None:
                                number = int(ref[len(letters):])
                        else:
                            column = len(values)
                        if column == len(values):
                            values.append(None)
                        elif column > len(values):
                            values.extend([None] * (column + 1 - len(values)))
                        values[column] = _value(cell, strings, dates, epoch, tag_v, tag_is, tag_t)
                    row.clear()
                    while row.getprevious() is not None:
                        del row.getparent()[0]
                    yield number, values
            except etree.XMLSyntaxError as exc:
                raise XlsxError("XML hỏng trong trang tính") from exc


def _value(cell, strings, dates, epoch, tag_v, tag_is, tag_t):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        node = cell.find(tag_is)
        if node is None:
            return None
        if len(node) == 1:  # one plain <t>: the common case
            return node[0].text or ""
        return "".join(t.text or "" for t in node.iter(tag_t) if _not_phonetic(t))
    text = cell.findtext(tag_v)
    if not text:
        return None
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError) as exc:
            raise XlsxError("Chuỗi dùng chung không hợp lệ") from exc
    if kind in ("str", "e"):
        return text if kind == "str" else None
    if kind == "b":
        return text in ("1", "true")
    if kind == "d":
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
    try:
        number = float(text)
    except ValueError as exc:
        raise XlsxError("Số không hợp lệ") from exc
    style = cell.get("s")
    if style is not None and int(style) in dates:
        try:
            return epoch + datetime.timedelta(days=number)
        except OverflowError:
            return number
    if number.is_integer() and "." not in text and "E" not in text.upper():
        return int(text)
    return number
