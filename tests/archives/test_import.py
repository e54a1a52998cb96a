"""The archives .xlsx imports (work items, access requests) through the shared engine: upload →
preview → confirm for the archive offices' staff; bad rows save nothing and are explained in
Vietnamese; the next report's figures follow; others are refused."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archives import selectors
from archives.models import AccessRequest, AccessService, WorkItem, WorkKind, WorkStatus
from core.imports import jobs
from core.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

WORK_HEADERS = ["Loại công việc", "Tình trạng", "Mã đơn vị", "Mã phông", "Số mét", "Số lượng phông", "Số hộp", "Số trang",
                "Ngày bắt đầu", "Ngày hoàn thành", "Ghi chú"]
ACCESS_HEADERS = ["Hình thức khai thác", "Người, cơ quan yêu cầu", "Ngày yêu cầu", "Số lượt", "Mã lưu trữ phục vụ",
                  "Mã phông", "Mục đích"]


def user(name):
    return get_user_model().objects.get(username=name)


def xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, kind, data):
    return client.post(reverse("archives:import_start"), {"kind": kind, "file": SimpleUploadedFile("luu-tru.xlsx", data)})


def test_work_items_import_then_the_figures_follow(province, login):
    client = login("cv.luutru")
    assert "Công việc lưu trữ" in client.get(reverse("archives:import_start")).content.decode()
    rows = [["Số hóa tài liệu", "Hoàn thành", "SYT", "07", "", "", "", "12.500", "03/05/2021", "11/06/2021", ""],
            ["chỉnh lý", "Đang thực hiện", "VITHUY", "", "4,35", 2, "", "", "01/06/2021", "", "đợt 1"],
            # an existing row (same kind, unit and start date): its boxes are updated
            ["Thay hộp, bìa hồ sơ", "Hoàn thành", "HG", "", "", "", "700", "", "04/01/2021", "05/02/2021", ""]]
    response = upload(client, "luu_tru_cong_viec", xlsx(WORK_HEADERS, rows))
    job = ImportJob.objects.get(user__username="cv.luutru")
    assert response.status_code == 302 and job.status == ImportStatus.READY, job.message
    assert (job.counts["new"], job.counts["update"]) == (2, 1)
    assert not WorkItem.objects.filter(kind=WorkKind.DIGITIZATION).exists()  # the preview saves nothing
    assert client.post(reverse("archives:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    figures = selectors.work_figures(province["h1"])
    assert figures[(WorkKind.DIGITIZATION, WorkStatus.DONE)].pages == 12500
    assert figures[(WorkKind.ARRANGEMENT, WorkStatus.IN_PROGRESS)].metres == Decimal("15.35")  # 11 + 4,35 exactly
    assert figures[(WorkKind.BOX_REPLACEMENT, WorkStatus.DONE)].boxes == 3316 - 612 + 700


def test_bad_work_rows_save_nothing_and_are_explained(province, login):
    client = login("cv.luutru")
    good = ["Kiểm tra công tác văn thư, lưu trữ", "Hoàn thành", "SYT", "", "", "", "", "", "01/06/2021", "02/06/2021", ""]
    rows = [
        good,
        ["Kiểm tra", "Hoàn thành", "KHONG-CO", "", "", "", "", "", "01/06/2021", "02/06/2021", ""],
        ["Thẩm tra", "Tiếp nhận hồ sơ", "STC", "", "2.65", "", "", "", "01/06/2021", "", ""],
        ["Thẩm tra", "Đang thực hiện", "SXD", "", "", "", "", "", "01/06/2021", "05/06/2021", ""],
        ["Kiểm tra", "Hoàn thành và bàn giao", "SCT", "", "", "", "", "", "01/06/2021", "02/06/2021", ""],
        ["Số hóa", "Hoàn thành", "STP", "", "", "", "", "", "31/02/2021", "02/06/2021", ""],
        ["Số hóa", "Hoàn thành", "STP", "99", "", "", "-5", "", "01/06/2021", "02/06/2021", ""],
        ["Làm gì đó", "Hoàn thành", "STP", "", "", "", "", "", "02/06/2021", "03/06/2021", ""],
        good,
    ]
    before = WorkItem.objects.count()
    upload(client, "luu_tru_cong_viec", xlsx(WORK_HEADERS, rows))
    job = ImportJob.objects.get(user__username="cv.luutru")
    assert job.status == ImportStatus.INVALID and WorkItem.objects.count() == before
    response = client.get(reverse("archives:import_feedback", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    reasons = {}
    for row, column, _value, text in book["Lỗi"].iter_rows(min_row=2, max_col=4, values_only=True):
        reasons.setdefault(row, []).append(f"{column}: {text}")
    said = {row: " | ".join(texts) for row, texts in reasons.items()}
    assert "Không có đơn vị mã «KHONG-CO»" in said[3]
    assert "Số không hợp lệ" in said[4] and "Số mét" in said[4]
    assert "Chỉ ghi ngày hoàn thành" in said[5]
    assert "Chỉ công việc chỉnh lý" in said[6]
    assert "không có thật" in said[7]
    assert "Không có phông mã «99»" in said[8] and "Số hộp không được âm" in said[8]
    assert "Loại công việc «Làm gì đó» không hợp lệ" in said[9]
    assert "Trùng với dòng 2" in said[10]
    assert 2 not in said


def test_access_requests_import_with_defaults_and_the_total_is_the_sum_by_service(province, login):
    client = login("cv.cchc")
    rows = [["Đọc tại chỗ", "Ông Trịnh Văn Bình", "02/06/2021", "", "", "", "Nghiên cứu"],
            ["Bản sao", "Bà Lâm Thị Hoa", "03/06/2021", 3, "SNV-TTLT", "05", ""]]
    upload(client, "luu_tru_khai_thac", xlsx(ACCESS_HEADERS, rows))
    job = ImportJob.objects.get(user__username="cv.cchc")
    assert job.status == ImportStatus.READY, job.message
    jobs.confirm_import(user("cv.cchc"), job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    reading = AccessRequest.objects.get(requester="Ông Trịnh Văn Bình")
    assert (reading.quantity, reading.unit.code) == (1, "SNV-TTLT")
    figures = selectors.access_figures(province["h1"])
    assert figures.by_service == {AccessService.CERTIFIED: 4, AccessService.COPY: 12, AccessService.WRITTEN_ANSWER: 1,
                                  AccessService.READING_ROOM: 1}
    assert figures.total == 18 == sum(figures.by_service.values())


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.soyte"])
def test_only_the_archive_offices_and_admins_import(province, login, username):
    client = login(username)
    assert client.get(reverse("archives:import_start")).status_code == 403
    data = xlsx(ACCESS_HEADERS, [["Bản sao", "Ông A", "02/06/2021", 1, "", "", ""]])
    assert upload(client, "luu_tru_khai_thac", data).status_code == 403
    assert not AccessRequest.objects.filter(requester="Ông A").exists()


def test_the_templates_are_built_from_the_declarations(province, login):
    client = login("quantri")
    for kind, headers in (("luu_tru_cong_viec", WORK_HEADERS), ("luu_tru_khai_thac", ACCESS_HEADERS)):
        response = client.get(reverse("archives:import_template", args=[kind]))
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert [c.value for c in book["Dữ liệu"][1]] == headers
