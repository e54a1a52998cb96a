"""Headless import/export: JSON round-trips, whole-file all-or-nothing, and the two commands."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from collection import excel, exchange, services
from collection.models import DataElement, DataSet, DataValue, DataValueChange, Submission


@pytest.fixture
def open_sets(province, h1):
    # 2021-H1 expired long ago; these tests are about entry, so these forms never expire.
    DataSet.objects.filter(code__in=["CCHC-DV", "CQDP"]).update(expiry_days=None)
    return DataSet.objects.get(code="CCHC-DV")


@pytest.fixture
def form(open_sets, province, h1):
    return services.get_submission(open_sets, province["VITHANH"], h1)


def el(code):
    return DataElement.objects.get(code=code)


def row(element, value, unit="VITHANH", data_set="CCHC-DV", option=None, comment=None, period="2021-H1"):
    record = {"data_set": data_set, "unit": unit, "period": period, "element": element, "option": option, "value": value}
    if comment is not None:
        record["comment"] = comment
    return record


def document(*rows):
    return json.dumps({"format": exchange.FORMAT, "values": list(rows)}, ensure_ascii=False).encode()


def write(tmp_path, data, name="values.json"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def snapshot():
    return sorted(
        (v.submission_id, v.element_id, v.option_id, v.numeric_value, v.text_value, v.comment) for v in DataValue.objects.all()
    )


def test_import_json_many_forms_numbers_and_vietnamese_strings(open_sets, province, tmp_path):
    data = document(
        row("HS_TIEP_NHAN", "1.234", comment="Theo phần mềm một cửa"),
        row("HS_TRE_HAN", 10),
        row("VB_KY_SO_TY_LE", 97.5),
        row("VB_KY_SO_TY_LE", "96,25", unit="NGABAY"),
        row("DB_TRUNG_CU", "30", data_set="CQDP", option="huyen"),
        row("CU_TRI", "59.811", data_set="CQDP"),
    )
    report = exchange.import_values(write(tmp_path, data))
    assert report.kind == "json" and report.rows == 6 and report.changed == 6 and len(report.forms) == 3
    values = {(v.submission.unit.code, v.element.code, v.option.code if v.option else None): v.numeric_value
              for v in DataValue.objects.select_related("submission__unit", "element", "option")}
    assert values == {
        ("VITHANH", "HS_TIEP_NHAN", None): 1234, ("VITHANH", "HS_TRE_HAN", None): 10,
        ("VITHANH", "VB_KY_SO_TY_LE", None): Decimal("97.5"), ("NGABAY", "VB_KY_SO_TY_LE", None): Decimal("96.25"),
        ("VITHANH", "DB_TRUNG_CU", "huyen"): 30, ("VITHANH", "CU_TRI", None): 59811,
    }
    changes = DataValueChange.objects.all()
    assert set(changes.values_list("source", flat=True)) == {"lệnh"} and all(c.user is None for c in changes)


def test_export_then_import_is_a_no_op(form, officer, province, h1, tmp_path):
    services.save_values(form, officer, {
        (el("HS_TIEP_NHAN"), None): {"value": "1.234", "comment": "=HYPERLINK(\"x\")"},
        (el("VB_KY_SO_TY_LE"), None): {"value": "97,125"},
        (el("CKS_CAP"), None): {"value": None, "comment": "Chưa cấp"},
    }, expected_version=0)
    other = services.get_submission(form.data_set, province["NGABAY"], h1)
    services.save_values(other, None, {(el("HS_TRE_HAN"), None): {"value": "1.000.000"}}, expected_version=0,
                         check_permission=False)
    exported = exchange.export_values("CCHC-DV", "2021-H1")
    doc = json.loads(exported)
    assert doc["format"] == "snv-values/1"
    assert {(r["unit"], r["element"], r["value"], r["comment"]) for r in doc["values"]} == {
        ("VITHANH", "HS_TIEP_NHAN", "1.234", "=HYPERLINK(\"x\")"), ("VITHANH", "VB_KY_SO_TY_LE", "97,125", ""),
        ("VITHANH", "CKS_CAP", None, "Chưa cấp"), ("NGABAY", "HS_TRE_HAN", "1.000.000", ""),
    }
    before, changes = snapshot(), DataValueChange.objects.count()
    versions = dict(Submission.objects.values_list("pk", "version"))

    report = exchange.import_values(write(tmp_path, exported))
    assert report.changed == 0 and all(f.changed == 0 for f in report.forms)
    assert snapshot() == before and DataValueChange.objects.count() == changes
    assert dict(Submission.objects.values_list("pk", "version")) == versions

    # Even once the form is approved (locked), re-importing the unchanged export is fine.
    Submission.objects.filter(pk=form.pk).update(status="approved")
    assert exchange.import_values(write(tmp_path, exported)).changed == 0

    # One unit only.
    one = json.loads(exchange.export_values("CCHC-DV", "2021-H1", unit_code="NGABAY"))
    assert [r["unit"] for r in one["values"]] == ["NGABAY"]


def test_one_bad_row_among_good_ones_saves_nothing_and_reports_the_row(open_sets, tmp_path):
    data = document(
        row("HS_TIEP_NHAN", "1.234"),
        row("HS_TRE_HAN", "10", unit="NGABAY"),
        row("HS_DUNG_HAN", "1.5"),  # row 3: an English decimal point in a count
        row("CU_TRI", "100", data_set="CQDP"),
    )
    with pytest.raises(exchange.ImportFailed) as err:
        exchange.import_values(write(tmp_path, data))
    assert [i.where for i in err.value.errors] == ["bản ghi số 3"]
    assert "dấu phẩy" in err.value.errors[0].message
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists() and not Submission.objects.exists()


def test_every_problem_is_collected_with_its_row(open_sets, province, h1, tmp_path):
    approved = services.get_submission(DataSet.objects.get(code="CQDP"), province["NGABAY"], h1)
    Submission.objects.filter(pk=approved.pk).update(status="approved")
    data = document(
        row("HS_TIEP_NHAN", "5"),                                   # 1 good
        row("HS_TIEP_NHAN", "5", data_set="KHONG-CO"),              # 2 unknown data set
        row("HS_TIEP_NHAN", "5", unit="KHONGCO"),                   # 3 unknown unit
        row("HS_TIEP_NHAN", "5", period="2099-H1"),                 # 4 unknown period
        row("KHONG_CO", "5"),                                        # 5 unknown element
        row("CU_TRI", "5"),                                          # 6 element of another data set
        row("DB_TRUNG_CU", "5", data_set="CQDP", option="khong"),   # 7 unknown option
        row("DB_TRUNG_CU", "5", data_set="CQDP"),                   # 8 option missing
        row("HS_TRE_HAN", "5", option="huyen"),                     # 9 option on a plain element
        row("HS_TRE_HAN", "-3"),                                     # 10 negative count
        row("HS_TIEP_NHAN", "6"),                                    # 11 duplicate of row 1
        row("CU_TRI", "7", data_set="CQDP", unit="NGABAY"),          # 12 locked form
        row("HS_TIEP_NHAN", "5", unit="SNV-CCHC"),                   # 13 unit that does not report it
        {"data_set": "CCHC-DV", "unit": "VITHANH", "period": "2021-H1", "element": "HS_XIN_LOI", "valeu": 1},  # 14
        row("HS_XIN_LOI", True),                                     # 15 not a number or string
    )
    with pytest.raises(exchange.ImportFailed) as err:
        exchange.import_values(write(tmp_path, data))
    where = {i.where: i.message for i in err.value.errors}
    assert len(err.value.errors) == 14
    assert "không có biểu mẫu mã «KHONG-CO»" in where["bản ghi số 2"]
    assert "không có đơn vị mã «KHONGCO»" in where["bản ghi số 3"]
    assert "không có kỳ báo cáo mã «2099-H1»" in where["bản ghi số 4"]
    assert "không có chỉ tiêu mã «KHONG_CO»" in where["bản ghi số 5"]
    assert "không thuộc biểu mẫu CCHC-DV" in where["bản ghi số 6"]
    assert "phân tổ «khong»" in where["bản ghi số 7"]
    assert "cần ghi \"option\"" in where["bản ghi số 8"]
    assert "không có phân tổ" in where["bản ghi số 9"]
    assert "không được âm" in where["bản ghi số 10"]
    assert "trùng ô với bản ghi số 1" in where["bản ghi số 11"]
    assert "phê duyệt" in where["biểu mẫu CQDP / NGABAY / 2021-H1 (bản ghi số 12)"]
    assert "không phải báo cáo" in where["bản ghi số 13"]
    assert "valeu" in where["bản ghi số 14"]
    assert "phải là số hoặc chuỗi" in where["bản ghi số 15"]
    assert "14 lỗi" in str(err.value) and "bản ghi số 10" in str(err.value)
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists()


@pytest.mark.parametrize("content, message", [
    (b"{not json", "JSON không hợp lệ"),
    (b'{"format": "other/9", "values": []}', "snv-values/1"),
    (b'{"format": "snv-values/1", "values": {}}', "danh sách"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\xff\xfe", "không phải JSON"),
])
def test_broken_files_are_refused(open_sets, tmp_path, content, message):
    with pytest.raises(exchange.ImportFailed) as err:
        exchange.import_values(write(tmp_path, content))
    assert message in str(err.value)


def test_import_xlsx_takes_the_form_from_meta(form, officer, tmp_path):
    data = excel.build_workbook(form)
    where = {(s.element_code, s.kind): s.cell for s in excel.load_workbook_file(data).slots}
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[excel.FORM_SHEET][where[("HS_TIEP_NHAN", "value")]] = "1.234"
    wb[excel.FORM_SHEET][where[("HS_TRE_HAN", "value")]] = 7
    out = io.BytesIO()
    wb.save(out)
    report = exchange.import_values(write(tmp_path, out.getvalue(), "bieu-mau.xlsx"))
    assert report.kind == "xlsx" and report.changed == 2
    assert {c.element_code for c in report.forms[0].changes} == {"HS_TIEP_NHAN", "HS_TRE_HAN"}
    assert form.values.get(element__code="HS_TIEP_NHAN").numeric_value == 1234

    wb[excel.FORM_SHEET][where[("HS_TRE_HAN", "value")]] = "bảy"
    wb[excel.FORM_SHEET][where[("HS_XIN_LOI", "value")]] = -1
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(exchange.ImportFailed) as err:
        exchange.import_values(write(tmp_path, out.getvalue(), "bieu-mau.xlsx"))
    assert {i.where for i in err.value.errors} == {f"ô {where[('HS_TRE_HAN', 'value')]}", f"ô {where[('HS_XIN_LOI', 'value')]}"}
    assert form.values.get(element__code="HS_TRE_HAN").numeric_value == 7


def test_export_xlsx_needs_a_unit_and_creates_no_submission(open_sets):
    with pytest.raises(exchange.ExchangeError, match="--unit"):
        exchange.export_values("CCHC-DV", "2021-H1", fmt="xlsx")
    data = exchange.export_values("CCHC-DV", "2021-H1", unit_code="VITHANH", fmt="xlsx")
    assert excel.load_workbook_file(data).identity["unit"] == "VITHANH"
    assert not Submission.objects.exists()
    with pytest.raises(exchange.ExchangeError, match="KHONG"):
        exchange.export_values("KHONG", "2021-H1")


# --------------------------------------------------------------------------- commands


def test_import_command_dry_run_saves_nothing_and_prints_changes(open_sets, tmp_path):
    path = write(tmp_path, document(row("HS_TIEP_NHAN", "1.234"), row("HS_TRE_HAN", 10)))
    out = io.StringIO()
    call_command("import_values", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "KHÔNG lưu gì" in text and "Tổng số hồ sơ tiếp nhận: (trống) → 1.234" in text and "sẽ thay đổi 2 ô" in text
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists() and not Submission.objects.exists()

    out = io.StringIO()
    call_command("import_values", str(path), stdout=out)
    assert "đã lưu 2 ô" in out.getvalue()
    assert DataValue.objects.count() == 2


def test_import_command_errors_are_a_command_error_listing_them(open_sets, tmp_path):
    path = write(tmp_path, document(row("HS_TIEP_NHAN", "abc"), row("KHONG_CO", "1")))
    with pytest.raises(CommandError) as err:
        call_command("import_values", str(path), stdout=io.StringIO())
    message = str(err.value)
    assert "chưa lưu số liệu nào" in message and "bản ghi số 1" in message and "bản ghi số 2" in message
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_values", str(tmp_path / "khong-co.json"))
    assert not DataValue.objects.exists()


def test_export_command_writes_json_and_xlsx(form, officer, tmp_path):
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "1.234"}}, expected_version=0)
    out = tmp_path / "cchc.json"
    stdout = io.StringIO()
    call_command("export_values", "--data-set", "CCHC-DV", "--period", "2021-H1", "--out", str(out), stdout=stdout)
    assert "1 bản ghi" in stdout.getvalue()
    assert json.loads(out.read_text())["values"][0]["value"] == "1.234"

    xlsx = tmp_path / "cchc.xlsx"
    call_command("export_values", "--data-set", "CCHC-DV", "--period", "2021-H1", "--unit", "VITHANH",
                 "--format", "xlsx", "--out", str(xlsx), stdout=io.StringIO())
    assert excel.load_workbook_file(xlsx).identity["data_set"] == "CCHC-DV"

    with pytest.raises(CommandError, match="cần chọn đơn vị"):
        call_command("export_values", "--data-set", "CCHC-DV", "--period", "2021-H1", "--format", "xlsx",
                     "--out", str(xlsx))
    with pytest.raises(CommandError, match="Không có kỳ báo cáo"):
        call_command("export_values", "--data-set", "CCHC-DV", "--period", "1999-H1", "--out", str(out))


def test_load_data_sets_command_is_idempotent_and_names_a_missing_office(db, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from collection.models import DataSet
    from core import demo

    demo.seed_org_tree()
    call_command("load_data_sets")
    call_command("load_data_sets", "--so", "SNV")
    assert DataSet.objects.count() == 5
    assert "Đã cài 5 biểu mẫu chuẩn." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không tìm thấy phòng, ban"):
        call_command("load_data_sets", "--so", "KHONGCO")


# --------------------------------------------------------------------------- hostile JSON (issue 10, item 9)


@pytest.mark.parametrize("payload, reason", [
    ("nested", "lồng nhau quá sâu"),
    ("digits", "Số quá lớn"),
    ("digits_float", "Số quá lớn"),
    ("exponent", "Số quá lớn"),
    ("surrogate_comment", "«ghi chú» chứa ký tự điều khiển"),
    ("surrogate_value", "«giá trị» chứa ký tự điều khiển"),
    ("surrogate_option", "«mã phân tổ» chứa ký tự điều khiển"),
    ("surrogate_format", "Tệp phải có"),
])
def test_import_command_answers_hostile_json_with_a_command_error(open_sets, tmp_path, payload, reason):
    from tests.core import hostile

    data = {
        "nested": lambda: hostile.nested_json(),
        "digits": lambda: hostile.long_number_json(),
        "digits_float": lambda: hostile.long_number_json(as_float=True),
        "exponent": lambda: document(row("VB_KY_SO_TY_LE", "X")).replace(b'"X"', b"1e999999999"),
        "surrogate_comment": lambda: hostile.surrogate_json("comment"),
        "surrogate_value": lambda: hostile.surrogate_json("value"),
        "surrogate_option": lambda: hostile.surrogate_json("option"),
        "surrogate_format": lambda: b'{"format": "\\ud800", "values": []}',
    }[payload]()
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import_values", str(write(tmp_path, data)), stdout=out)
    message = str(err.value)
    assert reason in message and "chưa lưu số liệu nào" in message
    message.encode("utf-8")  # printable: no lone surrogate echoed back
    assert not DataValue.objects.exists() and not Submission.objects.exists()


def test_import_json_files_are_bounded_in_size(open_sets, tmp_path):
    path = write(tmp_path, b" " * (exchange.MAX_IMPORT_BYTES + 1))
    with pytest.raises(CommandError, match="giới hạn 20 MB"):
        call_command("import_values", str(path), stdout=io.StringIO())
