"""A specialist of the Sở imports a civil-servant list from Excel in a real browser: upload, preview,
confirm, result; a file with a bad row shows the reason and saves nothing."""

import re

import pytest

from core import demo
from staffing.models import CivilServant
from tests.core.test_views import FAST_HASHERS, build_portal_tree
from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def province(settings, tmp_path, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_portal_tree()


def rows(n):
    out = civil_servant_rows(n)
    for i, row in enumerate(out):
        row[5] = ["SYT", "SNV-TCBC", "X-HOALUU"][i % 3]  # units open today
        row[6] = ["Viên chức", "Công chức", "Cán bộ, công chức cấp xã"][i % 3]
    return out


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def upload(page, base_url, data, name="danh-sach-cbccvc.xlsx", skip_preview=False):
    page.goto(f"{base_url}/to-chuc-can-bo/nhap-excel/")
    page.get_by_label("Dữ liệu cần nhập").select_option(label="Danh sách cán bộ, công chức, viên chức")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files({"name": name, "mimeType": XLSX, "buffer": data})
    if skip_preview:
        page.get_by_label("Nhập ngay nếu tệp không có lỗi").check()
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url(re.compile(r".*/to-chuc-can-bo/nhap-excel/\d+/$"))


def test_staff_uploads_previews_and_confirms(page, live_server, province):
    sign_in(page, live_server.url, "cv.tcbc")
    page.locator('[data-nav="staffing"] a').click()
    page.get_by_role("link", name="Nhập từ Excel").click()
    upload(page, live_server.url, workbook(CS_HEADERS, rows(25)))

    assert page.locator("[data-testid=job-status]").inner_text() == "Chờ xác nhận"
    assert page.locator('[data-count="new"]').inner_text() == "25"
    preview = page.locator("[data-testid=preview] tbody tr")
    assert preview.count() == 10
    assert "Thêm mới" in preview.first.inner_text() and "Nguyễn Văn Thử 0" in preview.first.inner_text()
    assert CivilServant.objects.count() == 0  # nothing saved before confirmation

    page.get_by_role("button", name="Xác nhận nhập").click()
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    assert "Đã nhập 25 dòng: thêm mới 25, cập nhật 0, không thay đổi 0." in page.locator("[data-testid=job-message]").inner_text()
    assert CivilServant.objects.count() == 25

    page.get_by_role("link", name="Xem danh sách").click()
    assert page.locator("[data-testid=person-count]").inner_text() == "Tìm thấy 25 người đang công tác."

    # The same file again: everything unchanged, nothing duplicated.
    upload(page, live_server.url, workbook(CS_HEADERS, rows(25)))
    assert page.locator('[data-count="skip"]').inner_text() == "25"
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    assert CivilServant.objects.count() == 25


def test_bad_row_is_explained_and_nothing_saved(page, live_server, province):
    sign_in(page, live_server.url, "cv.tcbc")
    bad = rows(8)
    bad[3][5] = "KHONG-CO"
    upload(page, live_server.url, workbook(CS_HEADERS, bad))
    assert page.locator("[data-testid=job-status]").inner_text() == "Có lỗi, chưa nhập"
    row = page.locator('[data-testid=job-errors] tr[data-row="5"]')
    assert "Không có đơn vị mã «KHONG-CO»." in row.inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    with page.expect_download() as download:
        page.locator("[data-testid=feedback]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert CivilServant.objects.count() == 0


def test_import_without_preview(page, live_server, province):
    """Ticked «Nhập ngay»: a clean file is saved in one step; a file with a bad row saves nothing."""
    sign_in(page, live_server.url, "cv.tcbc")
    bad = rows(6)
    bad[2][2] = "31/02/1980"
    upload(page, live_server.url, workbook(CS_HEADERS, bad), skip_preview=True)
    assert page.locator("[data-testid=job-status]").inner_text() == "Có lỗi, chưa nhập"
    assert "không có thật" in page.locator('[data-testid=job-errors] tr[data-row="4"]').inner_text()
    assert CivilServant.objects.count() == 0

    upload(page, live_server.url, workbook(CS_HEADERS, rows(12)), skip_preview=True)
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    assert "Đã nhập 12 dòng: thêm mới 12" in page.locator("[data-testid=job-message]").inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    assert CivilServant.objects.count() == 12


def test_update_preview_shows_old_to_new_and_blank_keeps(page, live_server, province):
    """Issue 10, item 6: a blank cell keeps the stored «Ngày tuyển dụng»; the preview says what changes."""
    sign_in(page, live_server.url, "cv.tcbc")
    upload(page, live_server.url, workbook(CS_HEADERS, rows(3)), skip_preview=True)
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    stored = CivilServant.objects.get(ma_so="TEST00000").entry_date
    edited = rows(3)
    edited[0][CS_HEADERS.index("Họ và tên")] = "Nguyễn Văn Đổi Tên"
    edited[0][CS_HEADERS.index("Ngày tuyển dụng")] = None
    upload(page, live_server.url, workbook(CS_HEADERS, edited))
    first = page.locator("[data-testid=preview] tbody tr").first
    assert "Cập nhật" in first.inner_text()
    assert first.locator("[data-testid=changes]").inner_text() == "Họ và tên: Nguyễn Văn Thử 0 → Nguyễn Văn Đổi Tên"
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    person = CivilServant.objects.get(ma_so="TEST00000")
    assert person.full_name == "Nguyễn Văn Đổi Tên" and person.entry_date == stored


def test_a_job_whose_worker_died_is_rerun_from_the_page(page, live_server, province):
    """Issue 10, item 11: «Đang nhập» for ever after kill -9 → «Lượt này bị gián đoạn», «Chạy lại» once."""
    import datetime

    from django.utils import timezone

    from core.models import ImportJob

    sign_in(page, live_server.url, "cv.tcbc")
    upload(page, live_server.url, workbook(CS_HEADERS, rows(5)))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="importing", heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    page.reload()
    assert "Lượt này bị gián đoạn" in page.locator("[data-testid=job-stale]").inner_text()
    assert CivilServant.objects.count() == 0
    page.locator("[data-testid=rerun]").click()
    page.locator('[data-testid=job-status]:text("Đã nhập xong")').wait_for()
    assert CivilServant.objects.count() == 5 and page.locator("[data-testid=rerun]").count() == 0
