"""The .xlsx import of religion dossiers through the shared engine: preview then confirm, a file sent
again updates by natural key, bad rows (Vietnamese reasons, nothing saved), who may import."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import jobs
from core.imports.resources import columns
from core.models import ImportJob, ImportStatus
from religion.models import Dossier
from religion.resources import DossierResource
from tests.religion.conftest import paragraphs

pytestmark = pytest.mark.django_db
HEADERS = [h for h, _ in columns(DossierResource)]
KIND = "ho_so_ton_giao"


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**cells):
    base = {"Loại hồ sơ": "Thuyên chuyển chức sắc, chức việc, nhà tu hành", "Tôn giáo": "Phật giáo",
            "Người, tổ chức đề nghị": "Đại đức Thích Thử", "Mã địa bàn": "HG", "Ngày tiếp nhận": "03/05/2021"}
    base.update(cells)
    return base


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_headers_are_the_declared_columns():
    assert HEADERS[:3] == ["Loại hồ sơ", "Tôn giáo", "Tổ chức tôn giáo"] and "Hạn giải quyết" in HEADERS


def test_staff_imports_previews_and_confirms(province, media, login):
    client = login("cv.tongiao")
    before = Dossier.objects.count()
    data = xlsx([row(), row(**{"Người, tổ chức đề nghị": "Ban Trị sự Phật giáo tỉnh", "Loại hồ sơ": "Thành lập tổ chức tôn giáo trực thuộc",
                               "Tổ chức tôn giáo": "Ban Trị sự Phật giáo tỉnh", "Ngày giải quyết": "20/05/2021",
                               "Kết quả": "Chấp thuận, thống nhất", "Số trường hợp": "2"})])
    response = client.post(reverse("religion:import_start"), {"kind": KIND, "file": SimpleUploadedFile("hs.xlsx", data)})
    job = ImportJob.objects.get(user__username="cv.tongiao")
    assert response.status_code == 302 and job.status == ImportStatus.READY, job.message
    assert Dossier.objects.count() == before  # the preview saves nothing
    assert client.post(reverse("religion:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    new = Dossier.objects.get(applicant="Đại đức Thích Thử")
    assert new.deadline.isoformat() == "2021-05-23" and new.quantity == 1 and new.result == ""
    founded = Dossier.objects.get(applicant="Ban Trị sự Phật giáo tỉnh", received_on="2021-05-03")
    assert founded.organization.short_name == "Ban Trị sự Phật giáo tỉnh" and founded.quantity == 2
    # The next report states the imported cases with the demo's (01 + 02 founded).
    assert "thành lập 03 tổ chức tôn giáo trực thuộc của Ban Trị sự Phật giáo tỉnh" in " ".join(paragraphs(province["h1"]))
    # The same file again: nothing new; a changed cell updates its row by natural key.
    outcome = jobs.run_import(KIND, xlsx([row(**{"Ngày giải quyết": "10/05/2021", "Kết quả": "Tiếp nhận thông báo"})]),
                              dry_run=False)
    assert (outcome.new, outcome.updated) == (0, 1)
    new.refresh_from_db()
    assert new.resolved_on.isoformat() == "2021-05-10" and new.result == "tiep_nhan"


def test_bad_rows_save_nothing_and_say_why(province, media, login):
    client = login("cv.tongiao")
    before = Dossier.objects.count()
    rows = [
        row(**{"Ngày tiếp nhận": "31/04/2021"}),
        row(**{"Tôn giáo": "Đạo lạ", "Người, tổ chức đề nghị": "A"}),
        row(**{"Mã địa bàn": "KHONG-CO", "Người, tổ chức đề nghị": "B"}),
        row(**{"Người, tổ chức đề nghị": "C", "Ngày giải quyết": "01/05/2021", "Kết quả": "Tiếp nhận thông báo"}),
        row(**{"Người, tổ chức đề nghị": "D", "Ngày giải quyết": "20/05/2021"}),
        row(**{"Người, tổ chức đề nghị": "E", "Tổ chức tôn giáo": "Hội thánh Cao Đài Tây Ninh"}),
        row(**{"Người, tổ chức đề nghị": "F", "Loại hồ sơ": "Xin cấp phép"}),
        row(**{"Người, tổ chức đề nghị": "G", "Số trường hợp": "0"}),
        row(**{"Người, tổ chức đề nghị": "G", "Số trường hợp": "0"}),
    ]
    client.post(reverse("religion:import_start"), {"kind": KIND, "file": SimpleUploadedFile("hs.xlsx", xlsx(rows))})
    job = ImportJob.objects.get(user__username="cv.tongiao")
    assert job.status == ImportStatus.INVALID and Dossier.objects.count() == before
    response = client.get(reverse("religion:import_feedback", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    reasons = {}
    for number, column, _value, text in book["Lỗi"].iter_rows(min_row=2, values_only=True):
        reasons.setdefault(number, []).append(f"{column}: {text}")
    said = {n: " | ".join(t) for n, t in reasons.items()}
    assert "không có thật" in said[2]
    assert "Không có tôn giáo «Đạo lạ»" in said[3]
    assert "Không có đơn vị mã «KHONG-CO»" in said[4]
    assert "trước ngày tiếp nhận" in said[5]
    assert "cần ghi kết quả" in said[6]
    assert "không thuộc tôn giáo" in said[7]
    assert "Loại hồ sơ «Xin cấp phép» không hợp lệ" in said[8]
    assert "từ 1 trở lên" in said[9]
    assert "Trùng với dòng 9" in said[10]


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.vithanh"])
def test_only_the_religion_office_imports(province, media, login, username):
    client = login(username)
    assert client.get(reverse("religion:import_start")).status_code == 403
    response = client.post(reverse("religion:import_start"),
                           {"kind": KIND, "file": SimpleUploadedFile("hs.xlsx", xlsx([row()]))})
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_anonymous_is_sent_to_login(province, client):
    url = reverse("religion:import_start")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
