"""The shared import engine (core.imports): a new app gets upload → preview → confirm, the
feedback file, the Vietnamese template and its permissions from declarations alone.

The kind below is declared here, on an existing simple model (job-position approvals), the way
an app declares it in its resources.py; its pages are mounted under /thu-nhap/ by this module's
URLconf exactly as an app's urls.py mounts them.
"""

import ast
import io
import pathlib

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from import_export import fields

from core import demo as core_demo
from core.imports import jobs, registry, workbook
from core.imports.resources import ImportResource, resource_meta
from core.imports.urls import patterns as import_patterns
from core.imports.widgets import UnitCodeWidget, VNDateWidget, VNIntegerWidget, YesNoWidget, key_text
from core.models import ImportJob, ImportStatus
from homeaffairs import urls as project_urls
from staffing.models import JobPositionApproval
from tests.conftest import seeded_per_module, use_seed
from tests.staffing.files import workbook as workbook_bytes

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]


# --- the declarations a new app writes (nothing else) ---------------------------------------


class ApprovalResource(ImportResource):
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    approved_on = fields.Field("approved_on", "Ngày phê duyệt", widget=VNDateWidget())
    positions = fields.Field("positions", "Số vị trí việc làm", widget=VNIntegerWidget())
    is_adjustment = fields.Field("is_adjustment", "Điều chỉnh danh mục", widget=YesNoWidget(default=False))

    Meta = resource_meta(JobPositionApproval, ["unit", "approved_on"], ("unit", "approved_on", "positions", "is_adjustment"))
    update_fields = ("positions", "is_adjustment")
    required = ("unit", "approved_on")

    def raw_key(self, row):
        try:
            day = self.fields["approved_on"].widget.clean(row.get("Ngày phê duyệt"))
        except ValueError:
            return None
        unit = key_text(row.get("Mã đơn vị"))
        return (unit, day) if unit and day else None

    def load_existing(self, dataset):
        return {(a.unit.code.upper(), a.approved_on): a for a in JobPositionApproval.objects.select_related("unit")}

    def duplicate_label(self):
        return "cùng đơn vị và ngày phê duyệt"


KIND = registry.register(registry.ImportKind(
    key="thu_vi_tri", label="Phê duyệt vị trí việc làm (thử)", resource=ApprovalResource, app="thu",
    offices=("SNV-TDKT",), guide=["Mỗi dòng là một quyết định phê duyệt của một đơn vị."],
    denied="Chỉ chuyên viên Ban Thi đua - Khen thưởng được nhập dữ liệu này.",
))

urlpatterns = [
    path("thu-nhap/", include((import_patterns(app="thu", title="Trang thử"), "thu"))),
    *project_urls.urlpatterns,
]

HEADERS = ["Mã đơn vị", "Ngày phê duyệt", "Số vị trí việc làm", "Điều chỉnh danh mục"]

# --- fixtures ---------------------------------------------------------------------------------

_seed = seeded_per_module(lambda: core_demo.seed(until_year=2022))


@pytest.fixture
def province(_seed, request, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    use_seed(request, lambda: core_demo.seed(until_year=2022))


def user(name):
    return get_user_model().objects.get(username=name)


def xlsx(rows, headers=HEADERS):
    return workbook_bytes(headers, rows)


def upload(client, data, **extra):
    return client.post(reverse("thu:import_start"), {
        "kind": "thu_vi_tri", "file": SimpleUploadedFile("vtvl.xlsx", data), **extra})


# --- the flow ---------------------------------------------------------------------------------


def test_a_declared_kind_gets_upload_preview_confirm(province, client):
    client.force_login(user("cv.tdkt"))
    page = client.get(reverse("thu:import_start")).content.decode()
    assert "Phê duyệt vị trí việc làm (thử)" in page and reverse("thu:import_template", args=["thu_vi_tri"]) in page
    response = upload(client, xlsx([["SYT", "05/01/2021", "1.360", "Không"], ["STP", "10/02/2021", 12, "Có"]]))
    job = ImportJob.objects.get(user__username="cv.tdkt")
    assert response.status_code == 302 and response["Location"] == reverse("thu:import_job", args=[job.pk])
    assert job.status == ImportStatus.READY and job.counts["new"] == 2
    assert JobPositionApproval.objects.count() == 0  # the preview saves nothing
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="preview"' in html and "05/01/2021" in html and "Trang thử" in html
    assert client.post(reverse("thu:import_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    saved = {(a.unit.code, a.approved_on.isoformat(), a.positions, a.is_adjustment)
             for a in JobPositionApproval.objects.select_related("unit")}
    assert saved == {("SYT", "2021-01-05", 1360, False), ("STP", "2021-02-10", 12, True)}
    # The same file again updates nothing; a changed cell updates its row (natural key).
    outcome = jobs.run_import("thu_vi_tri", xlsx([["SYT", "05/01/2021", "1.400", ""], ["STP", "10/02/2021", 12, "Có"]]),
                              dry_run=False)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert JobPositionApproval.objects.get(unit__code="SYT").positions == 1400


def test_bad_rows_save_nothing_and_come_back_in_a_feedback_file(province, client):
    client.force_login(user("cv.tdkt"))
    rows = [["SYT", "31/02/2021", 3, "Có"], ["KHONG-CO", "01/03/2021", 2, ""], ["STP", "01/03/2021", "ba", "Có"],
            ["SYT", "01/04/2021", 1, "chắc"], ["SYT", "01/04/2021", 1, ""]]
    upload(client, xlsx(rows))
    job = ImportJob.objects.get(user__username="cv.tdkt")
    assert job.status == ImportStatus.INVALID and JobPositionApproval.objects.count() == 0
    response = client.get(reverse("thu:import_feedback", args=[job.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    reasons = {(r[0], r[1]): r[3] for r in book["Lỗi"].iter_rows(min_row=2, values_only=True)}
    assert "không có thật" in reasons[(2, "Ngày phê duyệt")]
    assert "Không có đơn vị mã «KHONG-CO»" in reasons[(3, "Mã đơn vị")]
    assert (4, "Số vị trí việc làm") in reasons
    assert "«Có» hoặc «Không»" in reasons[(5, "Điều chỉnh danh mục")]
    assert any(row == 6 and "Trùng với dòng 5" in text for (row, _col), text in reasons.items())
    bad_rows = [r[0] for r in book["Dòng lỗi"].iter_rows(min_row=2, values_only=True)]
    assert bad_rows == [2, 3, 4, 5, 6]


def test_the_template_is_built_from_the_declaration(province, client):
    client.force_login(user("cv.tdkt"))
    response = client.get(reverse("thu:import_template", args=["thu_vi_tri"]))
    assert response.status_code == 200 and "mau-nhap-thu-vi-tri.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Dữ liệu"][1]] == HEADERS
    guide = [c.value for c in book["Hướng dẫn"]["A"] if c.value]
    assert guide[0] == "Hướng dẫn nhập: Phê duyệt vị trí việc làm (thử)"
    assert "- Mỗi dòng là một quyết định phê duyệt của một đơn vị." in guide
    assert "Điều chỉnh danh mục: Có; Không" in guide
    # The template reads back as an (empty) file of the same kind.
    with pytest.raises(registry.InvalidFile, match="không có dòng dữ liệu"):
        workbook.read_workbook(response.content, KIND)
    assert client.get(reverse("thu:import_template", args=["cong_chuc"])).status_code == 404  # another app's kind


@pytest.mark.parametrize("username", ["cv.tcbc", "cb.soyte", "giamdoc"])
def test_only_the_responsible_office_and_admins_import(province, client, username):
    job = jobs.start_import(user("cv.tdkt"), "thu_vi_tri", SimpleUploadedFile("a.xlsx", xlsx([["SYT", "05/01/2021", 1, ""]])))
    client.force_login(user(username))
    for url in [reverse("thu:import_start"), reverse("thu:import_template", args=["thu_vi_tri"]),
                reverse("thu:import_job", args=[job.pk])]:
        response = client.get(url)
        assert response.status_code == 403, (username, url)
    assert upload(client, xlsx([["SYT", "05/01/2021", 1, ""]])).status_code == 403
    assert client.post(reverse("thu:import_confirm", args=[job.pk])).status_code == 403
    with pytest.raises(registry.PermissionDenied, match="Ban Thi đua - Khen thưởng"):
        jobs.confirm_import(user(username), job)
    assert JobPositionApproval.objects.count() == 0


def test_anonymous_is_sent_to_login_and_admin_may_import(province, client):
    url = reverse("thu:import_start")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"
    client.force_login(user("quantri"))
    assert client.get(url).status_code == 200
    job = jobs.start_import(user("cv.tdkt"), "thu_vi_tri", SimpleUploadedFile("a.xlsx", xlsx([["SYT", "05/01/2021", 1, ""]])))
    # Another user's job is not shown to staff of the office, but an admin may open it.
    assert client.get(reverse("thu:import_job", args=[job.pk])).status_code == 200


def test_a_job_kind_must_be_a_declared_kind(province):
    job = ImportJob(kind="khong_co", user=user("cv.tdkt"), original_name="x.xlsx", file="imports/x.xlsx")
    with pytest.raises(ValidationError) as info:
        job.full_clean()
    assert "kind" in info.value.message_dict
    assert ImportJob(kind="cong_chuc").get_kind_display() == "Danh sách cán bộ, công chức, viên chức"


# --- staffing keeps only declarations -------------------------------------------------------


def test_staffing_defines_no_widgets_writers_or_job_flow():
    """The engine exists once: staffing declares columns, checks and kinds, nothing of the machinery."""
    engine_names = {"pg_bulk_update", "pg_copy_insert", "LeanResult", "ProgressWriter", "safe_text", "read_workbook",
                    "build_template", "build_feedback", "run_import", "start_import", "check_job", "apply_job",
                    "confirm_import", "rerun_import", "iter_rows", "ImportJob", "ImportOutcome"}
    for source in sorted((ROOT / "staffing").glob("*.py")):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                assert node.name not in engine_names, f"{source.name} defines {node.name}"
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                assert not bases & {"widgets.Widget", "Widget", "resources.ModelResource", "ModelResource", "Result"}, \
                    f"{source.name}: {node.name} is engine machinery"
            if isinstance(node, ast.ImportFrom) and node.module in ("import_export.widgets", "import_export.results",
                                                                    "python_calamine"):
                raise AssertionError(f"{source.name} imports {node.module}")
        assert "FROM STDIN" not in source.read_text(), source.name
    assert not (ROOT / "staffing" / "xlsx.py").exists() and not (ROOT / "staffing" / "tasks.py").exists()


# --- the move of ImportJob keeps every stored job ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_staffing_jobs():
    """Rows of staffing's old table are core's jobs after the migration (table renamed, not copied)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("core", "0002_notification"), ("staffing", "0006_actiontype_leaving_province")]
    after = [("core", "0003_importjob_moved_from_staffing"), ("staffing", "0007_importjob_moved_to_core")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("auth", "User").objects.create(username="cu")
    old.get_model("staffing", "ImportJob").objects.create(
        kind="cong_chuc", user=owner, original_name="cu.xlsx", file="staffing/imports/2026/01/cu.xlsx",
        status="done", counts={"new": 3}, message="Đã nhập 3 dòng")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    job = ImportJob.objects.get(original_name="cu.xlsx")
    assert (job.kind, job.status, job.counts, job.file.name, job.user.username) == (
        "cong_chuc", "done", {"new": 3}, "staffing/imports/2026/01/cu.xlsx", "cu")
    assert ImportJob._meta.db_table in connection.introspection.table_names()
    assert "staffing_importjob" not in connection.introspection.table_names()
