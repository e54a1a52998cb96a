"""The sheets of a guarded .xlsx: where they are, how far their cells reach, and (for small
sheets) their cells.

`scan_sheet` finds the range a dense reader (calamine's `to_python`, openpyxl) would allocate —
the last row and column holding a cell, counting rows and cells without an `r` attribute the way
calamine places them — by scanning the inflated XML with C-level regular expressions, before any
reader allocates a grid. Comments, CDATA, DTDs and processing instructions are refused in a sheet
(Excel never writes them) so that the tags the scan sees are exactly the tags a reader sees.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from array import array
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from core.imports.package import Package, Refused

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAX_TAG = 1024 * 1024  # one start tag longer than this is not a spreadsheet
MAX_XML_PART = 8 * 1024 * 1024  # workbook.xml, its rels, styles.xml: parsed whole


def parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


def parse_xml(package: Package, name, cap=MAX_XML_PART):
    data = package.read(name, cap=cap)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError:
        raise Refused(f"Tệp bị hỏng: phần «{name}» không phải XML hợp lệ.", "corrupt") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(f"Tệp có khai báo DTD trong «{name}»; không phải tệp Excel thông thường.", "structure")
    return root


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------------------------------------------------------------------------------------------
# Workbook structure
# ---------------------------------------------------------------------------------------------


@dataclass
class Workbook:
    sheets: list  # [(name, part path)] in workbook order
    date1904: bool

    @property
    def names(self):
        return [name for name, _ in self.sheets]

    def path(self, name):
        return dict(self.sheets)[name]


def workbook(package: Package) -> Workbook:
    """The sheets of the workbook; every sheet's part must exist in the package."""
    if not package.has("xl/workbook.xml") or not package.has("xl/_rels/workbook.xml.rels"):
        raise Refused("Tệp không phải Excel (.xlsx): thiếu phần workbook.xml.", "not_zip")
    root = parse_xml(package, "xl/workbook.xml")
    rels = parse_xml(package, "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target") or "" for r in rels.iter() if _local(r.tag) == "Relationship"}
    sheets, seen = [], set()
    date1904 = False
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            date1904 = el.get("date1904") in ("1", "true")
        if tag != "sheet":
            continue
        name = el.get("name") or ""
        if name.casefold() in seen:
            raise Refused(f"Tệp có hai trang tính trùng tên «{name}».", "structure")
        seen.add(name.casefold())
        target = targets.get(el.get(f"{{{NS_REL}}}id"), "")
        if target.startswith("/"):
            path = target[1:]
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        if not target or "\\" in target or ".." in target.split("/") or not package.has(path):
            raise Refused(f"Tệp bị hỏng: không tìm thấy dữ liệu của trang tính «{name}».", "corrupt")
        sheets.append((name, path))
    if not sheets:
        raise Refused("Tệp Excel không có trang tính nào.", "structure")
    return Workbook(sheets=sheets, date1904=date1904)


# ---------------------------------------------------------------------------------------------
# How far a sheet reaches
# ---------------------------------------------------------------------------------------------

_ATTRS = rb"((?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
_C_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c" + _ATTRS)
_C_LOOSE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW_OR_C = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)" + _ATTRS)
_ROW_LOOSE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_R_ANY = re.compile(rb"\s(?:[^\s=<>/]+:)?r\s*=")
_R_STRICT = re.compile(rb"\sr\s*=\s*[\"']([A-Z]{1,3})([1-9][0-9]{0,6})[\"']")
_R_ROW = re.compile(rb"\sr\s*=\s*[\"']([1-9][0-9]{0,6})[\"']")
_R_TWICE = re.compile(rb"\s(?:[^\s=<>/]+:)?r\s*=[^\x00]*?\s(?:[^\s=<>/]+:)?r\s*=")


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _segments(package, name, strict=True):
    """The part's XML in pieces that each end just before a '<' (so no tag is ever split)."""
    tail = b""
    first = True
    for piece in package.chunks(name):
        buf = tail + piece
        cut = buf.rfind(b"<")
        if cut <= 0:
            tail = buf
            if len(tail) > MAX_TAG:
                raise Refused(f"Tệp bị hỏng: phần «{name}» có thẻ XML quá dài.", "corrupt")
            continue
        segment, tail = buf[:cut], buf[cut:]
        if len(tail) > MAX_TAG:
            raise Refused(f"Tệp bị hỏng: phần «{name}» có thẻ XML quá dài.", "corrupt")
        yield _plain(segment, name, first) if strict else segment
        first = False
    yield _plain(tail, name, first) if strict else tail


def _plain(segment, name, first):
    """Refuse what would let a reader see other tags than the scan (comments, CDATA, DTD, PI)."""
    if first:
        segment = segment.lstrip(b"\xef\xbb\xbf")
        if segment.startswith(b"<?xml"):
            end = segment.find(b"?>")
            segment = segment[end + 2:] if end >= 0 else segment
    if b"<!" in segment or b"<?" in segment:
        raise Refused(f"Phần «{name}» có chú thích, CDATA hoặc khai báo XML lạ; không phải tệp Excel thông thường.",
                      "structure")
    return segment


def grouped(n):
    """12.345 (Vietnamese thousands separator, without Django)."""
    return f"{n:,}".replace(",", ".")


def _too_far(label, rows, cols, limits):
    return Refused(
        f"Trang tính «{label}» có ô ở dòng {grouped(rows)}, cột {column_letters(cols)}: vượt giới hạn "
        f"{grouped(limits.max_rows)} dòng × {limits.max_cols} cột mà Cổng đọc được. Xóa các dòng, cột thừa "
        "(cả ô trống có định dạng) rồi tải lên lại.",
        "too_many_cells",
    )


def _too_many(label, limits):
    return Refused(
        f"Trang tính «{label}» có hơn {grouped(limits.max_cells)} ô, vượt giới hạn mà Cổng đọc được; "
        "hãy chia nhỏ tệp.",
        "too_many_cells",
    )


def _check(label, rows, cols, limits):
    if rows > limits.max_rows or cols > limits.max_cols:
        raise _too_far(label, rows, cols, limits)


def scan_sheet(package: Package, path, label, limits, lengths=None):
    """Refused when a cell of the sheet lies beyond `limits` (checked before any grid exists);
    with `lengths` (`check_shared_strings`), also the text its shared-string references amount to
    (`check_shared_text`), in the same pass over the inflated sheet."""
    counter = _SharedText(label, lengths, limits) if lengths else None
    if not _scan_fast(package, path, label, limits, counter):
        _scan_sequential(package, path, label, limits)  # cells without `r`: placed one by one
        if lengths:
            check_shared_text(package, path, label, lengths, limits)


def _bad_ref(label):
    return Refused(f"Trang tính «{label}» có địa chỉ ô không hợp lệ; không phải tệp Excel thông thường.", "structure")


def _odd_pattern(limits):
    """A cell reference that is not plain `A1` (calamine also reads lowercase letters), or long
    enough (column letters or row digits) that it may lie beyond the limits."""
    letters = len(column_letters(limits.max_cols))
    digits = len(str(limits.max_rows))
    # Rows of as many digits as the bound only from its first digit on (201,000: from 200,000, not
    # every row from 100,000: half a 200,000-row file was checked one cell at a time).
    first = str(limits.max_rows)[0].encode()
    return re.compile(
        rb'<c r="(?:(?![A-Za-z]{1,3}[1-9][0-9]{0,6}")|[A-Za-z]{%d,3}[1-9]|[A-Za-z]{1,3}[1-9][0-9]{%d,}'
        rb'|[A-Za-z]{1,3}[%s-9][0-9]{%d})'
        % (letters, digits, first, digits - 1)
    )


_REF = re.compile(rb'<c r="([A-Za-z]{1,3})([1-9][0-9]{0,6})"')


def _scan_fast(package, path, label, limits, counter=None):
    """The common shape (Excel, LibreOffice, openpyxl): every cell's first attribute is `r="A1"`.

    Then a cell's place is its `r` alone (calamine ignores the row's `r` and, for a duplicated
    attribute, takes the last: so exactly one ` r="` per cell is required), and only references
    long enough to exceed the limits need a look. Byte counts prove the shape; any doubt hands the
    segment to the tokenizer. False when some cell has no `r` (the caller then places cells one by
    one). Comments are not refused here: calamine skips them, so a cell inside one only makes the
    scan stricter."""
    odd = _odd_pattern(limits)
    total = 0
    for segment in _segments(package, path, strict=False):
        if counter is not None:
            counter.add(segment)
        cells = segment.count(b"<c")
        with_r = segment.count(b'<c r="')
        total += cells  # every tag starting "<c" (empty cells, <col> too): a bound, never too low
        if total > limits.max_cells:
            raise _too_many(label, limits)
        plain = (cells == with_r and b":c" not in segment
                 and segment.count(b' r="') == with_r + segment.count(b'<row r="'))
        if plain:
            for match in odd.finditer(segment):
                ref = _REF.match(segment, match.start())
                if ref is None:
                    raise _bad_ref(label)
                _check(label, int(ref.group(2)), column_number(ref.group(1).upper()), limits)
            continue
        tags = _C_TAG.findall(segment)
        if len(tags) != len(_C_LOOSE.findall(segment)):
            raise _bad_ref(label)
        if not tags:
            continue
        every = b"\x00".join(attrs for attrs, _ in tags)
        refs = _R_STRICT.findall(every)
        if len(refs) != len(_R_ANY.findall(every)) or _R_TWICE.search(every):
            raise _bad_ref(label)
        if len(refs) != len(tags):
            return False
        filled = [attrs for attrs, empty in tags if not empty]  # <c …/> holds nothing: readers skip it
        for letters, number in _R_STRICT.findall(b"\x00".join(filled)):
            _check(label, int(number), column_number(letters), limits)
    return True


def _scan_sequential(package, path, label, limits):
    """Cells without `r` sit right of the previous cell; rows without `r` below the previous row."""
    row = 0  # 1-based, current row
    col = 0
    total = 0
    last_cell_row = 0
    max_row = max_col = 0
    for segment in _segments(package, path):
        if b"<c" not in segment and b":c" not in segment and segment.count(b"r") == segment.count(b"row"):
            row += len(_ROW_LOOSE.findall(segment))  # rows without `r` and without cells: only counted
            col = 0
            continue
        tokens = _ROW_OR_C.findall(segment)
        if len(tokens) != len(_C_LOOSE.findall(segment)) + len(_ROW_LOOSE.findall(segment)):
            raise _bad_ref(label)
        for name, attrs, empty in tokens:
            found = len(_R_ANY.findall(attrs))
            if found > 1:
                raise _bad_ref(label)
            has_r = found == 1
            if name == b"row":
                if has_r:
                    match = _R_ROW.search(attrs)
                    if match is None:
                        raise _bad_ref(label)
                    row = int(match.group(1))
                else:
                    row += 1
                col = 0
                continue
            if has_r:
                match = _R_STRICT.search(attrs)
                if match is None:
                    raise _bad_ref(label)
                cell_row, col = int(match.group(2)), column_number(match.group(1))
                last_cell_row = cell_row
            else:
                col += 1
                cell_row = max(row, last_cell_row)
            if empty:
                continue
            total += 1
            if total > limits.max_cells:
                raise _too_many(label, limits)
            if cell_row > max_row or col > max_col:
                max_row, max_col = max(max_row, cell_row), max(max_col, col)
                _check(label, max_row, max_col, limits)


_SI_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_S_REF = re.compile(rb'\st="s"[^>]*>\s*<(?:[A-Za-z_][\w.-]*:)?v>\s*([0-9]{1,9})\s*<')


def check_shared_strings(package: Package, limits, name="xl/sharedStrings.xml"):
    """A reader holds every shared string in memory: bound how many there are. Returns the byte
    length of each (markup included, so never too small) for `check_shared_text`."""
    if not package.has(name):
        return array("I")
    starts = array("Q")
    offset = 0
    for segment in _segments(package, name, strict=False):
        starts.extend(m.start() + offset for m in _SI_START.finditer(segment))
        offset += len(segment)
        if len(starts) > limits.max_strings:
            raise Refused(
                f"Tệp có quá nhiều chuỗi văn bản (hơn {grouped(limits.max_strings)}); không phải tệp Excel "
                "thông thường.",
                "too_many_cells",
            )
    starts.append(offset)
    return array("I", (starts[i + 1] - starts[i] for i in range(len(starts) - 1)))


def check_shared_text(package: Package, path, label, lengths, limits):
    """calamine gives every cell its own copy of its shared string: one long string referenced by a
    million cells is a million copies. Bound the text the sheet's references amount to."""
    if not lengths:
        return
    counter = _SharedText(label, lengths, limits)
    for segment in _segments(package, path, strict=False):
        counter.add(segment)


class _SharedText:
    """The running total of `check_shared_text`, fed one segment of the sheet at a time."""

    def __init__(self, label, lengths, limits):
        self.label, self.lengths, self.limits = label, lengths, limits
        self.longest = max(lengths)
        self.total = 0

    def add(self, segment):
        tagged = segment.count(b't="s"')
        if not tagged:
            return
        refs = _S_REF.findall(segment)
        lengths = self.lengths
        try:
            self.total += sum(lengths[int(i)] for i in refs)
        except IndexError:
            raise Refused(f"Tệp bị hỏng: trang «{self.label}» trỏ tới chuỗi không có.", "corrupt") from None
        self.total += max(0, tagged - len(refs)) * self.longest  # references the pattern did not read: the worst
        if self.total > self.limits.max_text:
            raise Refused(
                f"Trang tính «{self.label}» chứa quá nhiều chữ (hơn {grouped(self.limits.max_text // (1024 * 1024))} MB "
                "văn bản); hãy chia nhỏ tệp.",
                "too_many_cells",
            )


def check_workbook(package: Package, limits, sheets=None) -> Workbook:
    """Structure, shared strings and the range of every sheet (or of `sheets`), within limits."""
    book = workbook(package)
    lengths = check_shared_strings(package, limits)
    for name, path in book.sheets:
        if sheets is None or name in sheets:
            scan_sheet(package, path, name, limits, lengths)  # one pass: range and shared text
    return book


# ---------------------------------------------------------------------------------------------
# Cells of a small sheet (the form upload): read once, typed like the file says
# ---------------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: object  # None, str, bool, Decimal (numbers, exactly as stored), datetime (date-formatted)
    formula: str | None = None  # "=…" when the cell holds a formula


def _text_of(el):
    """The text of a shared string or an inline string: its runs, without phonetic hints."""
    parts = []
    for node in el.iter():
        if _local(node.tag) == "t" and not any(_local(a.tag) == "rPh" for a in node.iterancestors()):
            parts.append(node.text or "")
    return "".join(parts)


def shared_strings(package: Package, cap=MAX_XML_PART):
    name = "xl/sharedStrings.xml"
    if not package.has(name):
        return []
    root = parse_xml(package, name, cap=cap)
    return [_text_of(si) for si in root if _local(si.tag) == "si"]


_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))


def date_styles(package: Package, cap=MAX_XML_PART):
    """Indexes of cell styles whose number format is a date or time."""
    from openpyxl.styles.numbers import is_date_format

    if not package.has("xl/styles.xml"):
        return set()
    root = parse_xml(package, "xl/styles.xml", cap=cap)
    custom = {}
    xfs = []
    for el in root:
        if _local(el.tag) == "numFmts":
            for fmt in el:
                if fmt.get("numFmtId", "").isdigit():
                    custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode") or ""
        elif _local(el.tag) == "cellXfs":
            xfs = [xf.get("numFmtId", "0") for xf in el if _local(xf.tag) == "xf"]
    out = set()
    for index, fmt_id in enumerate(xfs):
        if not fmt_id.isdigit():
            continue
        number = int(fmt_id)
        if number in custom:
            if is_date_format(custom[number]):
                out.add(index)
        elif number in _DATE_IDS:
            out.add(index)
    return out


def _from_excel(serial: Decimal, date1904):
    try:
        base = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
        return base + datetime.timedelta(days=float(serial))
    except (OverflowError, ValueError, ArithmeticError):
        return None


def read_cells(package: Package, path, label, *, strings, dates, date1904=False):
    """{"B7": Cell} of one (already scanned, small) sheet."""
    root = parse_xml(package, path, cap=package.limits.part_cap(path))
    out = {}
    row = col = 0
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "row":
            row = int(el.get("r")) if (el.get("r") or "").isdigit() else row + 1
            col = 0
            continue
        if tag != "c":
            continue
        ref = el.get("r")
        match = re.fullmatch(r"([A-Z]{1,3})([1-9][0-9]{0,6})", ref or "")
        if ref is not None and match is None:
            raise _bad_ref(label)
        col = column_number(match.group(1)) if match else col + 1
        ref = ref or f"{column_letters(col)}{row}"
        kind = el.get("t", "n")
        value_el = formula_el = inline = None
        for child in el:
            name = _local(child.tag)
            if name == "v":
                value_el = child
            elif name == "f":
                formula_el = child
            elif name == "is":
                inline = child
        text = value_el.text if value_el is not None else None
        value = None
        if kind == "inlineStr":
            value = _text_of(inline) if inline is not None else None
        elif text is None:
            value = None
        elif kind == "s":
            try:
                value = strings[int(text)]
            except (ValueError, IndexError):
                raise Refused(f"Tệp bị hỏng: ô {ref} của trang «{label}» trỏ tới chuỗi không có.", "corrupt") from None
        elif kind in ("str", "e", "d"):
            value = text
        elif kind == "b":
            value = text.strip() in ("1", "true")
        else:
            try:
                value = Decimal(text.strip())
            except InvalidOperation:
                value = text  # not a number: the caller's parser explains
            if isinstance(value, Decimal) and value.is_finite() and (el.get("s") or "").isdigit() \
                    and int(el.get("s")) in dates:
                value = _from_excel(value, date1904) or value
        formula = None
        if formula_el is not None:
            formula = "=" + (formula_el.text or "")
        out[ref] = Cell(value, formula)
    return out
