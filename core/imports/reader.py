"""A fast, read-only .xlsx row reader for large register imports, behind the shared guard
(used by `core.imports.workbook.read_workbook` for every import kind).

The rows are streamed from the sheet's XML (`_stream_rows`): the part is inflated piece by piece
(`Package.chunks`, under the guard's caps), cut at row boundaries, and each piece's cells are read
with one C-level regular expression for the shape Excel, LibreOffice, openpyxl and the portal's
template write (`<c r="B7" s="3" t="s"><v>12</v></c>`); a piece in any other shape (cells
without `r`, other attribute orders, prefixes, rich text) is parsed with lxml instead. Memory
is one piece of XML and the shared strings, not the sheet: calamine (python-calamine) built the
whole grid in Rust first (a 200,000-row import peaked at 378 MB with it, 212 MB now: bench/scale.py).
Cells are placed the way calamine placed them (tests/core/test_import_reader.py compares both).

Before any of it the file passes `core.imports`: zip bomb, macro and corrupt-zip checks, and every
sheet's used range against `LIMITS`. A guard refusal is final. A sheet the stream does not take
(not UTF-8, a namespace prefix on <sheetData>) is read by calamine as before, within the same
guard; a file neither reads is tried with openpyxl only when its sheet is small.

    for number, values in iter_rows(data, prefer_sheet="Dữ liệu"):
        ...  # number: the row number in Excel (1-based); values: list, None for empty cells

Every row from 1 to the last one holding a cell is yielded (empty rows too), each at least as wide
as the widest row before it. Text cells are checked with `core.text` (refused, naming the cell,
when they hold a character Word cannot store); numbers of 1e22 or more, or infinite, are refused
as «Số quá lớn».
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import warnings

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from core import text
from core.imports import MB, Limits, Refused, open_package, sheets

log = logging.getLogger(__name__)

DEFAULT_MAX_ROWS = 200_000  # data rows of one file; settings.IMPORT_MAX_ROWS overrides (a bound is always kept)


def max_rows():
    """The data rows one register file may hold (settings.IMPORT_MAX_ROWS, else 200,000)."""
    from django.conf import settings

    return max(1, int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)))


def import_limits(rows=None):
    """The guard's limits for a register file of at most `rows` data rows (default `max_rows()`).

    The rows are streamed (`iter_rows`), so memory follows calamine's own grid in Rust (~32 bytes a
    cell) and the rows kept for the import (~0.4 KB each), not the sheet's XML: the sheet, cell and
    text caps grow with the row bound; the column cap does not (rows × cols is the grid)."""
    rows = max_rows() if rows is None else rows
    scale = max(1.0, rows / 100_000)
    # ~1 KB of sheet XML a row of the template when the text is inline (openpyxl's write-only mode,
    # some exporters): 200,000 rows wrote 130 MB. Inflating is streamed, so the cap costs no memory.
    sheet_cap = max(64 * MB, rows * 1024)
    return Limits(
        max_bytes=20 * MB,
        max_members=300,
        max_part=8 * MB,
        part_caps=(("xl/worksheets/", sheet_cap), ("xl/sharedStrings.xml", int(32 * MB * scale))),
        max_total=sheet_cap + int(64 * MB * scale),
        max_rows=rows + 1_000,  # a few more for the title and header, and blank rows
        max_cols=32,
        max_cells=int(1_500_000 * scale),  # 15 columns holding values per row (a template has ≤ 13)
        max_strings=1_000_000,  # distinct texts: a register has a few per row (codes, names)
        max_text=int(40 * MB * scale),  # text the cells reference (calamine copies it into every cell)
    )


LIMITS = import_limits(DEFAULT_MAX_ROWS)  # the default bound (callers pass `import_limits()` for the configured one)
# openpyxl is ~25 µs per cell: only a small sheet may take the slow road.
FALLBACK_MAX_SHEET_BYTES = 4 * MB
HUGE = 1e22  # from here Decimal arithmetic of the imports loses digits (28 significant)
TOO_BIG = "Số quá lớn"

XlsxError = Refused  # the name the callers know


def _letters(n):
    return sheets.column_letters(n)


def _typed(values, number, sheet):
    """calamine's cells as the imports want them: None for empty, whole numbers as int (a mã số
    typed as a number must not become "1360.0"); text checked and huge numbers refused, naming the
    cell (the checks run once per row: this loop is the import's hot path)."""
    if any(type(v) is float and not -HUGE < v < HUGE for v in values):  # also inf and NaN
        col = next(i for i, v in enumerate(values, 1) if type(v) is float and not -HUGE < v < HUGE)
        raise Refused(f"Ô {_letters(col)}{number} (trang «{sheet}»): {TOO_BIG}.", "number")
    if text.first_forbidden("\n".join([v for v in values if type(v) is str])) is not None:
        for col, v in enumerate(values, 1):
            if type(v) is str and text.first_forbidden(v) is not None:
                try:
                    text.clean(v, f"ô {_letters(col)}{number}, trang «{sheet}»")
                except ValidationError as exc:
                    raise Refused(exc.messages[0], "text") from None
    return [None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in values]


def _too_big(ref, sheet):
    return Refused(f"Ô {ref} (trang «{sheet}»): {TOO_BIG}.", "number")


def _forbidden(value, ref, sheet):
    """The refusal of a text cell holding a character Word cannot store (text.clean's message)."""
    try:
        text.clean(value, f"ô {ref}, trang «{sheet}»")
    except ValidationError as exc:
        return Refused(exc.messages[0], "text")
    return Refused(_UNREADABLE, "corrupt")  # not reached: the caller found the character


def _typed_cell(value, ref, sheet):
    """One cell as `_typed` gives it (the stream types its cells as it places them)."""
    if type(value) is float:
        if not -HUGE < value < HUGE:  # also inf and NaN
            raise _too_big(ref, sheet)
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        if value == "":
            return None
        if text.first_forbidden(value) is not None:
            raise _forbidden(value, ref, sheet)
    return value


class _Flagged(str):
    """A shared string holding a character Word cannot store: refused, naming the cell, when a cell uses it."""


def _choose(names, prefer_sheet):
    return prefer_sheet if prefer_sheet in names else names[0]


def _calamine_rows(data, name):
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = workbook.get_sheet_by_name(name)
    # The grid from A1, so list positions are Excel's row and column numbers (bounded by the
    # guard), one Python row at a time: `to_python` would build every row's objects at once
    # (~3 KB a row of the template).
    # iter_rows starts at row 1 but at the first used column: pad the columns before it.
    start_col = (sheet.start or (0, 0))[1]
    pad = [""] * start_col
    for values in sheet.iter_rows():
        yield pad + values if start_col else values


def _openpyxl_rows(data, name):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(values) for values in workbook[name].iter_rows(values_only=True)]
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------
# The streaming reader
# ---------------------------------------------------------------------------------------------


class _NotStreamed(Exception):
    """The sheet is not in a shape the stream reads (found before its first row): use calamine."""


PIECE = 64 * 1024
TEXT_CACHE = 20_000  # distinct inline texts kept decoded
MAX_ROW_TEXT = 32 * MB  # one row's XML (32 columns of Excel's longest cells, escaped, fit easily)
_UNREADABLE = "Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng .xlsx)."
_XML_DECL = re.compile(r'^\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']+)["\']')
_SHEET_DATA = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b((?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_XMLNS = re.compile(r"""\sxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_SHEET_DATA_END = "</sheetData>"
# The common shape: r first, then s, then t, other attributes after; the value as <v> or one <t>.
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    r'(?: (?![rst]=)[A-Za-z][\w:.-]*="[^"]*")* ?(?:/>|>(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>|(.*?))</c>)',
    re.S)
_ANY_PREFIXED_TAG = re.compile(r"</?[A-Za-z_][\w.-]*:")
_V = re.compile(r"<v(?:\s[^>]*)?>([^<]*)</v>")
_T = re.compile(r"<t(?:\s[^>]*)?(?:/>|>([^<]*)</t>)")
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_SI = re.compile(r"<si(?:\s[^>]*)?(?:/>|>(.*?)</si>)", re.S)
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of a character XML cannot hold (_x001B_)


def _entity(match):
    number, hexa, name = match.groups()
    if name:
        return _NAMED[name]
    try:
        return chr(int(number) if number else int(hexa, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def _xml_text(raw):
    """Character data as read from the XML bytes: entities and OOXML's _xHHHH_ escapes decoded."""
    if "&" in raw:
        raw = _ENTITY.sub(_entity, raw)
    if "_x" in raw:
        raw = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw)
    return raw


def _unescaped(raw):
    """Already parsed text (lxml): only OOXML's _xHHHH_ escapes."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw) if "_x" in raw else raw


def _rich_text(inner):
    """The text of <is>/<si> markup: its runs' <t>, without the phonetic hints (<rPh>)."""
    if "<rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    return "".join(t or "" for t in _T.findall(inner))


def _decoded(pieces, path):
    """The part's text in pieces that end before a '<' (UTF-8; another encoding is not streamed)."""
    first = True
    for segment in pieces:
        if first:
            head = segment[:4].lstrip(b"\xef\xbb\xbf")
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
                raise _NotStreamed("UTF-16")
            declared = _XML_DECL.match(segment[:200].decode("ascii", "replace"))
            if declared and declared.group(1).strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
                raise _NotStreamed(declared.group(1))
            first = False
        start = 0
        while start < len(segment):  # in pieces of ~64 KB (each still ending before a '<'): less held at once
            end = segment.rfind(b"<", start + 1, start + PIECE) if len(segment) - start > PIECE else -1
            end = len(segment) if end <= start else end
            try:
                yield segment[start:end].decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(_UNREADABLE, "corrupt") from None
            start = end


def shared_strings(package, name="xl/sharedStrings.xml"):
    """Every shared string (the guard bounded how many and how long), streamed from the XML."""
    if not package.has(name):
        return []
    out = []
    buf = ""
    for piece in _decoded(sheets._segments(package, name, strict=False), name):
        buf += piece
        cut = buf.rfind("<si")
        if cut <= 0:
            continue
        chunk, buf = buf[:cut], buf[cut:]
        out.extend(_si_texts(chunk, package, name))
    out.extend(_si_texts(buf, package, name))
    return out


def _si_texts(chunk, package, name):
    if "<!" in chunk or _ANY_PREFIXED_TAG.search(chunk):
        raise _NotStreamed("shared strings")
    texts = []
    for inner in _SI.findall(chunk):
        texts.append(_xml_text(_rich_text(inner)) if inner else "")
    return texts


def _from_serial(value, date1904):
    """An Excel date serial as a datetime (calamine's reading of a date-formatted number)."""
    base = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    try:
        return base + datetime.timedelta(days=value)
    except (OverflowError, ValueError):
        return value


class _Cells:
    """Typed cell values, as calamine gives them: text, float, bool, datetime, "" for empty/error."""

    def __init__(self, strings, dates, date1904, label):
        self.dates, self.date1904, self.label = dates, date1904, label
        # Typed once per shared string, not per cell: "" is an empty cell (None); a string holding
        # a forbidden character is flagged, refused when a cell uses it.
        self.flagged = text.first_forbidden("\n".join(strings)) is not None
        self.strings = [None if s == "" else _Flagged(s) if self.flagged and text.first_forbidden(s) is not None else s
                        for s in strings]

    def value(self, kind, style, v, inline, ref):
        if kind == "s":
            if not v:
                return None
            try:
                return self.strings[int(v)]
            except (ValueError, IndexError):
                raise Refused(f"Tệp bị hỏng: ô {ref} của trang «{self.label}» trỏ tới chuỗi không có.", "corrupt") from None
        if kind == "inlineStr":
            return inline if inline is not None else ""
        if v is None or v == "":
            return ""
        if kind in ("str", "s"):
            return v
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "e":
            return ""
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(v.strip())
            except ValueError:
                return v
        try:
            number = float(v)
        except ValueError:
            return v  # calamine keeps a number cell that is not a number as its text
        if style and self.dates and int(style) in self.dates and -HUGE < number < HUGE:
            return _from_serial(number, self.date1904)
        return number


def _stream_rows(package, book, name, limits):
    """(row number, [values]) of one sheet, streamed; raises _NotStreamed before the first row
    when the sheet is not in a shape this reader takes, Refused when the XML is broken."""
    path = book.path(name)
    try:
        strings = shared_strings(package)
    except _NotStreamed:
        strings = [_unescaped(s) for s in sheets.shared_strings(package, cap=package.limits.part_cap("xl/sharedStrings.xml"))]
    cells = _Cells(strings, sheets.date_styles(package), book.date1904, name)
    pieces = _decoded(sheets._segments(package, path, strict=False), path)
    buf = ""
    namespaces = ""
    for piece in pieces:  # the head: up to <sheetData>
        buf += piece
        found = _SHEET_DATA.search(buf)
        if found is None:
            if len(buf) > 4 * MB:
                raise Refused(_UNREADABLE, "corrupt")
            continue
        if found.group(1):
            raise _NotStreamed("prefixed sheetData")
        namespaces = " ".join(m.group(0).strip() for m in _XMLNS.finditer(buf[:found.start()]))
        if found.group(3):
            return
        buf = buf[found.end():]
        break
    else:
        return
    state = _Placement(cells, name, limits, namespaces)
    searched = 0  # buf[:searched] holds no end tag and no row start but the one at 0 (linear in the part)
    while True:
        end = buf.find(_SHEET_DATA_END, max(0, searched - len(_SHEET_DATA_END)))
        if end >= 0:
            yield from state.rows(buf[:end])
            break
        cut = buf.rfind("<row", max(1, searched - 4))
        if cut > 0:
            chunk, buf = buf[:cut], buf[cut:]
            yield from state.rows(chunk)
        elif len(buf) > MAX_ROW_TEXT:
            raise Refused(f"Trang tính «{name}» có một dòng quá dài; không phải tệp Excel thông thường.", "structure")
        searched = len(buf)
        piece = next(pieces, None)
        if piece is None:
            raise Refused(_UNREADABLE, "corrupt")  # the sheet ends inside <sheetData>
        buf += piece
    yield from state.finish()


class _Placement:
    """Puts cells at their row and column (calamine's rules for cells and rows without `r`) and
    yields the finished rows in order; a cell above a row already yielded (Excel never writes one)
    is refused rather than misplaced."""

    def __init__(self, cells, label, limits, namespaces):
        self.cells, self.label, self.limits, self.namespaces = cells, label, limits, namespaces
        self.number = 0  # rows yielded so far
        self.current = None  # [values] of row `self.number + 1`, being filled
        self.width = 0
        self.row = 0  # the <row> being read (for cells without `r`)
        self.col = 0  # the last cell's column
        self.column_numbers = {}  # column letters → number
        self.texts = {}  # inline text as written → decoded

    def _column(self, letters):
        col = self.column_numbers.get(letters)
        if col is None:
            col = sheets.column_number(letters)
            if col > self.limits.max_cols:
                raise sheets._too_far(self.label, self.number + 1, col, self.limits)
            self.column_numbers[letters] = col
        return col

    def _advance(self, row):
        """Yield every row before `row` (`row` becomes the one being filled)."""
        if row > self.limits.max_rows:
            raise sheets._too_far(self.label, row, self.col, self.limits)
        if row <= self.number:
            raise Refused(f"Trang tính «{self.label}» có ô ở dòng {sheets.grouped(row)} sau dòng "
                          f"{sheets.grouped(self.number + 1)}: các dòng không theo thứ tự.", "structure")
        while self.number + 1 < row:
            values = self.current if self.current is not None else []
            self.width = max(self.width, len(values))
            if len(values) < self.width:
                values.extend([None] * (self.width - len(values)))
            self.number += 1
            self.current = None
            yield self.number, values

    def _put(self, row, col, value):
        if col > self.limits.max_cols:
            raise sheets._too_far(self.label, row, col, self.limits)
        if row != self.number + 1:
            yield from self._advance(row)
        values = self.current
        if values is None:
            values = self.current = []
        if col > len(values):
            values.extend([None] * (col - len(values)))
        values[col - 1] = value

    def rows(self, chunk):
        if "<!" in chunk or "<?" in chunk:
            raise Refused(f"Phần trang tính «{self.label}» có chú thích, CDATA hoặc khai báo XML lạ; không phải "
                          "tệp Excel thông thường.", "structure")
        found = _CELL.findall(chunk)
        if len(found) == chunk.count("<c ") + chunk.count("<c>") + chunk.count("<c/>") \
                and "<c>" not in chunk and "<c/>" not in chunk and not _ANY_PREFIXED_TAG.search(chunk):
            yield from self._fast(found)
        else:
            yield from self._parsed(chunk)

    def _fast(self, found):
        """The common shape's cells (the import's hot loop: ~2.6 million cells in 200,000 rows),
        typed as they are read (`_typed_cell`, written out for the common kinds)."""
        strings, dates, value, texts = self.cells.strings, self.cells.dates, self.cells.value, self.texts
        flagged, label, forbidden = self.cells.flagged, self.label, text.first_forbidden
        columns = self.column_numbers
        current, values, col = None, self.current, self.col
        for letters, number, style, kind, v, inline, other in found:
            if not (v or inline or other):
                continue  # an empty cell (<c r="B2" s="1"/>): calamine places nothing
            if kind == "inlineStr":
                raw = inline or (other and _rich_text(other)) or ""
                cell = texts.get(raw)
                if cell is None:  # a register repeats its texts (units, names): decode and check each once
                    cell = _xml_text(raw) or None
                    if cell is not None and forbidden(cell) is not None:
                        raise _forbidden(cell, letters + number, label)
                    if len(texts) < TEXT_CACHE and cell is not None:
                        texts[raw] = cell
            elif kind == "s" and v:
                try:
                    cell = strings[int(v)]
                except (ValueError, IndexError):
                    cell = value(kind, style, v, None, letters + number)  # refused, naming the cell
                if flagged and type(cell) is _Flagged:
                    raise _forbidden(cell, letters + number, label)
            elif not kind and v and not (style and dates):
                try:
                    cell = float(v)
                except ValueError:
                    cell = _typed_cell(value(kind, style, v, None, letters + number), letters + number, label)
                else:
                    if not -HUGE < cell < HUGE:  # also inf and NaN
                        raise _too_big(letters + number, label)
                    if cell.is_integer():  # a mã số typed as a number must not become "1360.0"
                        cell = int(cell)
            else:
                if other:
                    match = _V.search(other)
                    v = match.group(1) if match else None
                if v and ("&" in v or "_x" in v):
                    v = _xml_text(v)
                cell = _typed_cell(value(kind, style, v, None, letters + number), letters + number, label)
            if number != current:
                row = int(number)
                if row != self.number + 1 or values is None:
                    self.current, self.col = values, col
                    yield from self._advance(row)
                    values = self.current = self.current if self.current is not None else []
                current = number
            col = columns.get(letters)
            if col is None:
                col = self._column(letters)
            width = len(values)
            if col == width + 1:  # the next column: cells come left to right
                values.append(cell)
            else:
                if col > width:
                    values.extend([None] * (col - width))
                values[col - 1] = cell
        self.current, self.col = values, col
        if current is not None:
            self.row = int(current)

    def _parsed(self, chunk):
        """A piece in another shape, parsed with lxml (cells and rows without `r` placed by counting)."""
        from lxml import etree

        try:
            root = etree.fromstring(f"<sheetData {self.namespaces}>{chunk}</sheetData>".encode(), sheets.parser())
        except etree.XMLSyntaxError:
            raise Refused(_UNREADABLE, "corrupt") from None
        for row_el in root:
            if sheets._local(row_el.tag) != "row":
                continue
            r = _attribute(row_el, "r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
            for cell in row_el:
                if sheets._local(cell.tag) != "c":
                    continue
                ref = _attribute(cell, "r")
                if ref is not None:
                    match = re.fullmatch(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})", ref)
                    if match is None:
                        raise sheets._bad_ref(self.label)
                    letters, row = match.group(1).upper(), int(match.group(2))
                    col = self._column(letters)
                else:  # calamine: right of the previous cell (empty ones count), on its <row>'s row
                    col, row = self.col + 1, self.row
                    letters = sheets.column_letters(col)
                self.col = col
                kind = _attribute(cell, "t") or "n"
                v = inline = None
                for child in cell:
                    tag = sheets._local(child.tag)
                    if tag == "v":
                        v = _unescaped(child.text or "")
                    elif tag == "is":
                        inline = _unescaped(sheets._text_of(child))
                if not (v or inline):
                    continue  # an empty cell: calamine places nothing
                ref = f"{letters}{row}"
                value = _typed_cell(self.cells.value(kind, _attribute(cell, "s"), v, inline, ref), ref, self.label)
                yield from self._put(row, col, value)

    def finish(self):
        if self.current is not None:
            yield from self._advance(self.number + 2)


def _attribute(el, name):
    value = el.get(name)
    if value is None:
        for key, other in el.attrib.items():
            if key.rsplit("}", 1)[-1] == name:
                return other
    return value


def _guarded(rows):
    """The stream, with any failure of its own code answered as an unreadable file (never a 500)."""
    try:
        yield from rows
    except (Refused, _NotStreamed):
        raise
    except Exception:  # noqa: BLE001 - a shape the reader did not foresee is the file's, not a crash
        log.exception("Không đọc được trang tính")
        raise Refused(_UNREADABLE, "corrupt") from None


def iter_rows(data, prefer_sheet=None, limits=None, report=None):
    """Yield (row number, [values]) of the preferred sheet (else the first one), streaming.

    Raises `Refused` (Vietnamese message) when the file is refused or cannot be read — the guard's
    refusals before the first row; a sheet whose XML breaks further down is refused at that row
    (read_workbook reads every row before anything is imported). `report` (a dict), when given,
    gets "streamed": True when the sheet is streamed (its repeated texts are then one object each)."""
    limits = import_limits() if limits is None else limits
    package = open_package(data, limits)
    book = sheets.check_workbook(package, limits)
    name = _choose(book.names, prefer_sheet)
    streamed = _guarded(_stream_rows(package, book, name, limits))
    try:
        first = next(streamed, None)
    except _NotStreamed as exc:
        log.info("Trang tính đọc bằng calamine (không đọc luồng được: %s).", exc)
    else:
        if first is None:
            return
        if report is not None:
            report["streamed"] = True  # typed as read, texts shared (one object per shared/repeated text)
        yield first
        yield from streamed
        return
    try:
        rows = _calamine_rows(data, name)
        first = next(rows, None)  # opening the sheet parses it: a broken file fails here
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - CalamineError, or a Rust panic (pyo3's PanicException is a BaseException)
        path = book.path(name)
        if package.sizes[path] > FALLBACK_MAX_SHEET_BYTES:
            raise Refused("Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng .xlsx).", "corrupt") from None
        for part in (path, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"):
            if package.has(part) and re.search(rb"<!(?:DOCTYPE|ENTITY)", package.read(part)):
                raise Refused("Tệp có khai báo DTD; không phải tệp Excel thông thường.", "structure")
        log.info("Đọc tệp bằng openpyxl (calamine không đọc được: %s).", exc)
        try:
            rows = iter(_openpyxl_rows(data, name))
        except Exception:  # noqa: BLE001 - any parse failure is the user's file, not our bug
            raise Refused("Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng .xlsx).", "corrupt") from None
        first = next(rows, None)
    if first is None:
        return
    yield 1, _typed(first, 1, name)
    for index, values in enumerate(rows, 2):
        yield index, _typed(values, index, name)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def last_row(data, prefer_sheet=None):
    """The sheet's last row number from its <dimension> (a hint for sync/async only), or None."""
    try:
        package = open_package(data, import_limits())
        book = sheets.workbook(package)
        path = book.path(_choose(book.names, prefer_sheet))
        head = b""
        for piece in package.chunks(path):
            head += piece
            if len(head) >= 4096:
                break
    except Refused:
        return None
    match = _DIMENSION.search(head[:4096])
    return int(match.group(1)) if match else None
