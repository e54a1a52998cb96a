"""A fast, read-only .xlsx row reader for large register imports, behind the shared guard
(used by `core.imports.workbook.read_workbook` for every import kind).

openpyxl's read-only mode spends ~0.3 ms per row of a 13-column sheet (6 s for 20,000 rows). The
rows are read with calamine (python-calamine, a Rust reader) instead: ~0.4 s for the same sheet.
calamine builds a dense grid from A1 to the last cell, so the file passes `core.imports` first:
zip bomb, macro and corrupt-zip checks, and every sheet's used range against `LIMITS` (a 5 KB file
with one cell at XFD1048576 asks for 17 billion cells). A guard refusal is final. Only a file that
passed the guard and that calamine still cannot read is tried with openpyxl, and only when its
sheet is small enough for openpyxl to stay within the time budget.

    for number, values in iter_rows(data, prefer_sheet="Dữ liệu"):
        ...  # number: the row number in Excel (1-based); values: list, None for empty cells

Text cells are checked with `core.text` (refused, naming the cell, when they hold a character
Word cannot store); numbers of 1e22 or more, or infinite, are refused as «Số quá lớn».
"""

from __future__ import annotations

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


def iter_rows(data, prefer_sheet=None, limits=None):
    """Yield (row number, [values]) of the preferred sheet (else the first one), streaming.

    Raises `Refused` (Vietnamese message) when the file is refused or cannot be read — the guard's
    refusals and a file calamine cannot open before the first row; a sheet calamine fails on
    while reading (rare: it parses the sheet when opening it) is refused at that row."""
    limits = import_limits() if limits is None else limits
    package = open_package(data, limits)
    book = sheets.check_workbook(package, limits)
    name = _choose(book.names, prefer_sheet)
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
