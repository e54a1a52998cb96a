"""The .xlsx import of award decisions and items on the shared engine: upload → preview → confirm,
all-or-nothing, bad rows in a feedback file, the double-award rule against the register and within
the file, the Vietnamese template, and who may import."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import jobs, workbook
from core.imports.resources import columns
from core.models import ImportJob, ImportStatus
from emulation.models import AwardDecision, AwardItem, DecisionStatus
from emulation.resources import AwardItemResource
from tests.staffing.files import workbook as workbook_bytes

pytestmark = pytest.mark.django_db
HEADERS = [h for h, _ in columns(AwardItemResource)]
KIND = "quyet_dinh_khen_thuong"
BK = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def row(number="501", day="12/03/2025", unit="P-VITHANH", award=BK, kind="Cá nhân", name="Hồ Thị Lệ", quantity="",
        period="năm 2024", occasion="Tổng kết năm", level="Bộ, ban, ngành, tỉnh", recipient_unit="P-VITHANH"):
    values = {"Số quyết định": number, "Ký hiệu": "QĐ-UBND", "Ngày quyết định": day, "Cấp quyết định": level,
              "Người quyết định": "", "Dịp khen thưởng": occasion, "Mã đơn vị đề nghị": unit,
              "Trích yếu": "Về việc khen thưởng tổng kết năm 2024", "Danh hiệu, hình thức": award, "Đối tượng": kind,
              "Tên tập thể, cá nhân": name, "Mã đơn vị của đối tượng": recipient_unit, "Số lượng": quantity,
              "Thời gian đạt thành tích": period, "Thành tích": "Hoàn thành xuất sắc nhiệm vụ"}
    return [values[h] for h in HEADERS]


def upload(client, rows):
    return client.post(reverse("emulation:import_start"),
                       {"kind": KIND, "file": SimpleUploadedFile("qd.xlsx", workbook_bytes(HEADERS, rows))})


def test_decisions_and_items_import_in_one_file(client, logins):
    client.force_login(logins["board"])
    before = AwardDecision.objects.count()
    rows = [row(), row(name="Trần Minh Hiếu"), row(kind="Tập thể", name="", quantity="12", recipient_unit=""),
            row(number="502", day="20/03/2025", award="Tập thể lao động xuất sắc", kind="Tập thể",
                name="Văn phòng HĐND và UBND phường Vị Thanh")]
    response = upload(client, rows)
    job = ImportJob.objects.filter(kind=KIND).latest("pk")
    assert response.status_code == 302 and job.status == ImportStatus.READY, job.message
    assert AwardDecision.objects.count() == before  # the preview saves nothing
    assert client.post(reverse("emulation:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    d501 = AwardDecision.objects.get(number="501", decided_on__year=2025)
    assert (d501.status, d501.proposing_unit.code, d501.occasion) == (DecisionStatus.AWARDED, "P-VITHANH", "tong_ket")
    assert sorted(d501.items.values_list("recipient_name", "quantity")) == [("", 12), ("Hồ Thị Lệ", 1), ("Trần Minh Hiếu", 1)]
    assert AwardItem.objects.get(recipient_name="Hồ Thị Lệ").recipient_key
    assert AwardDecision.objects.get(number="502", decided_on__year=2025).items.get().award_type.code == "tap-the-lao-dong-xuat-sac"
    # A second file adds to an existing decision; naming an awarded person again is refused, all of it.
    outcome = jobs.run_import(KIND, workbook_bytes(HEADERS, [row(name="Lê Văn Tám"), row(name="hồ thị  lệ")]), dry_run=False)
    assert (outcome.invalid, outcome.saved) == (1, False)
    assert any("không khen hai lần" in p["message"] and p["row"] == 3 for p in outcome.problems), outcome.problems
    assert not AwardItem.objects.filter(recipient_name="Lê Văn Tám").exists()
    outcome = jobs.run_import(KIND, workbook_bytes(HEADERS, [row(name="Lê Văn Tám")]), dry_run=False)
    assert outcome.saved and outcome.new == 1
    assert AwardItem.objects.get(recipient_name="Lê Văn Tám").decision == d501


def test_bad_rows_come_back_in_a_feedback_file(client, logins):
    client.force_login(logins["board"])
    rows = [
        row(day="31/02/2025"),                                       # 2: no such date
        row(unit="KHONG-CO"),                                        # 3: unknown unit
        row(award="Huân chương Không Có"),                           # 4: unknown award type
        row(award="Cờ thi đua của Ủy ban nhân dân tỉnh"),             # 5: a flag is for collectives
        row(name="Mai Văn Bảy", quantity="3"),                       # 6: a named row counts one
        row(name="Đỗ Thị Tươi"), row(name="Đỗ Thị Tươi"),            # 7, 8: twice in the file
        row(number="601", day="12/03/2021", name="Trần Văn Sáu", unit="LONGMY", recipient_unit="LONGMY",
            award="Huân chương Kháng chiến hạng Ba", period="kháng chiến chống Mỹ cứu nước",
            level="Chủ tịch nước", occasion="Kháng chiến"),            # 9: already in the register (the demo)
        row(number="", name="Ngô Văn Chín"),                         # 10: no decision number
    ]
    upload(client, rows)
    job = ImportJob.objects.filter(kind=KIND).latest("pk")
    assert job.status == ImportStatus.INVALID
    assert not AwardItem.objects.filter(recipient_name__in=["Mai Văn Bảy", "Đỗ Thị Tươi", "Ngô Văn Chín"]).exists()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(
        reverse("emulation:import_feedback", args=[job.pk])).streaming_content)))
    reasons = {}
    for number, column, _value, text in book["Lỗi"].iter_rows(min_row=2, values_only=True):
        reasons.setdefault(number, []).append(f"{column}: {text}")
    said = {k: " | ".join(v) for k, v in reasons.items()}
    assert "Ngày quyết định" in said[2]
    assert "KHONG-CO" in said[3]
    assert "Không có danh hiệu, hình thức «Huân chương Không Có»" in said[4]
    assert "không tặng cho cá nhân" in said[5]
    assert "số lượng là 1" in said[6]
    assert "Trùng với dòng 7" in said[8] and "không khen hai lần" in said[8]
    assert "Trần Văn Sáu đã được Huân chương Kháng chiến hạng Ba" in said[9]
    assert "Thiếu số quyết định" in said[10]
    assert sorted(said) == [2, 3, 4, 5, 6, 8, 9, 10]


def test_the_template_is_vietnamese(client, logins):
    client.force_login(logins["board"])
    response = client.get(reverse("emulation:import_template", args=[KIND]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Dữ liệu"][1]] == HEADERS
    guide = " ".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "không được khen hai lần" in guide and "Dịp khen thưởng: Tổng kết năm" in guide
    with pytest.raises(Exception, match="không có dòng dữ liệu"):
        workbook.read_workbook(response.content, KIND)


@pytest.mark.parametrize("role", ["leader", "staff_other", "officer"])
def test_only_ban_tdkt_and_admins_import(client, logins, role):
    client.force_login(logins[role])
    assert client.get(reverse("emulation:import_start")).status_code == 403
    assert upload(client, [row()]).status_code == 403
    assert not AwardDecision.objects.filter(number="501", decided_on__year=2025).exists()
    client.force_login(logins["admin"])
    assert client.get(reverse("emulation:import_start")).status_code == 200


def test_anonymous_goes_to_login(client, province):
    response = client.get(reverse("emulation:import_start"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_decision_spread_over_several_write_batches_is_created_once(logins, monkeypatch):
    # Rows are written every few thousand (core.imports.resources.FLUSH_ROWS); here every 2 rows.
    monkeypatch.setattr(AwardItemResource._meta, "batch_size", 2)
    names = ["Lê Văn Một", "Lê Văn Hai", "Lê Văn Ba", "Lê Văn Bốn", "Lê Văn Năm"]
    outcome = jobs.run_import(KIND, workbook_bytes(HEADERS, [row(number="777", name=n) for n in names]), dry_run=False)
    assert outcome.saved and outcome.new == 5, outcome.problems
    decision = AwardDecision.objects.get(number="777", decided_on__year=2025)
    assert sorted(decision.items.values_list("recipient_name", flat=True)) == sorted(names)
