"""Register files are streamed (issue 17 item 2): the row bound is configurable and kept, the guard
follows it, and rows are written in batches inside the one transaction (still all-or-nothing).

The 200,000-row run itself is a benchmark (bench/scale.py), not a test: here a small bound stands in."""

import io

import openpyxl
import pytest

from core.imports import jobs, reader, workbook
from core.imports.registry import InvalidFile
from staffing.models import CivilServant
from staffing.resources import CivilServantResource
from tests.staffing.files import CS_HEADERS, civil_servant_rows
from tests.staffing.files import workbook as workbook_bytes


def test_the_configured_row_bound_is_accepted_and_one_more_row_refused(settings):
    settings.IMPORT_MAX_ROWS = 5
    table = workbook.read_workbook(workbook_bytes(CS_HEADERS, civil_servant_rows(5)), "cong_chuc")
    assert len(table.dataset) == 5 and table.row_numbers == [2, 3, 4, 5, 6]
    with pytest.raises(InvalidFile) as exc:
        workbook.read_workbook(workbook_bytes(CS_HEADERS, civil_servant_rows(6)), "cong_chuc")
    assert exc.value.message == "Tệp có quá 5 dòng; vui lòng chia nhỏ tệp."


def test_blank_rows_do_not_count_towards_the_bound(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = civil_servant_rows(3)
    data = workbook_bytes(CS_HEADERS, [rows[0], [None] * len(CS_HEADERS), rows[1], [""] * 3, rows[2]])
    assert workbook.read_workbook(data, "cong_chuc").row_numbers == [2, 4, 6]


def far_row_file(row_number):
    """The header and one register row at `row_number` (the rows between are empty)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(CS_HEADERS)
    for column, value in enumerate(civil_servant_rows(1)[0], 1):
        sheet.cell(row=row_number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_beyond_the_old_100000_row_bound_is_read_and_the_guard_follows_the_setting(settings):
    # Before: the guard refused any cell below row 101,000 whatever the import's bound.
    data = far_row_file(150_000)
    assert reader.max_rows() == 200_000
    assert workbook.read_workbook(data, "cong_chuc").row_numbers == [150_000]
    settings.IMPORT_MAX_ROWS = 100_000
    with pytest.raises(InvalidFile) as exc:
        workbook.read_workbook(data, "cong_chuc")
    assert "dòng 150.000" in exc.value.message and "vượt giới hạn 101.000 dòng" in exc.value.message


def test_rows_are_streamed_not_built_all_at_once():
    """Before: calamine's `to_python` built every row as Python objects before the first was used
    (~1 KB a row here): 10,000 rows were ~10 MB before row 1. Streamed, row 1 costs a few KB."""
    import tracemalloc

    data = workbook_bytes(CS_HEADERS, civil_servant_rows(10_000))
    tracemalloc.start()
    try:
        rows = reader.iter_rows(data, prefer_sheet="Dữ liệu")
        assert next(rows)[1][0] == CS_HEADERS[0] and next(rows)[0] == 2
        _current, peak = tracemalloc.get_traced_memory()
        rows.close()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB traced before the second row"


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(CivilServantResource._meta, "batch_size", 2)


@pytest.mark.django_db
def test_rows_written_in_batches_are_all_saved(province, small_batches):
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, civil_servant_rows(7, prefix="LO")), dry_run=False)
    assert outcome.saved and outcome.new == 7, outcome.problems
    assert CivilServant.objects.filter(ma_so__startswith="LO").count() == 7


@pytest.mark.django_db
def test_a_bad_last_row_after_written_batches_saves_nothing(province, small_batches):
    rows = civil_servant_rows(7, prefix="LO")
    rows[-1][2] = "31/02/1980"  # no such day: the last row is invalid after three batches were written
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False)
    assert not outcome.saved and outcome.invalid == 1 and outcome.problems[0]["row"] == 8
    assert not CivilServant.objects.filter(ma_so__startswith="LO").exists()


@pytest.mark.django_db
def test_a_large_import_refreshes_the_planner_statistics_on_postgresql(province, monkeypatch):
    """Right after a bulk load the planner must not still think the table is empty (issue 17 item 2)."""
    from django.db import connection

    from tests.conftest import require_service

    require_service("postgres")
    if connection.vendor != "postgresql":
        pytest.skip("Thống kê của bộ lập kế hoạch chỉ có trên PostgreSQL.")

    def reltuples():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'staffing_civilservant'")
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE staffing_civilservant")
    before = reltuples()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import ImportStatus

    monkeypatch.setattr(jobs, "ANALYZE_FROM", 5)  # a «large» import, here 7 rows
    data = workbook_bytes(CS_HEADERS, civil_servant_rows(7, prefix="ST"))
    job = jobs.start_import(get_user_model().objects.get(username="cv.tcbc"), "cong_chuc",
                            SimpleUploadedFile("so.xlsx", data), skip_preview=True)
    assert job.status == ImportStatus.DONE, job.message
    assert reltuples() == CivilServant.objects.count() == before + 7


@pytest.mark.django_db
def test_a_row_that_fails_past_the_preview_saves_nothing(province, monkeypatch):
    """Before: import-export looked for failed rows only among the kept row results (the first 10):
    a row that raised further down left the others saved, breaking all-or-nothing."""
    original = CivilServantResource.check

    def failing(self, instance, row, errors):
        if instance.ma_so == "LO00011":
            raise RuntimeError("a bug in one row")
        original(self, instance, row, errors)

    monkeypatch.setattr(CivilServantResource, "check", failing)
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, civil_servant_rows(13, prefix="LO")), dry_run=False)
    assert not outcome.saved and [p["row"] for p in outcome.problems] == [13]
    assert "Lỗi hệ thống" in outcome.problems[0]["message"]
    assert not CivilServant.objects.filter(ma_so__startswith="LO").exists()


@pytest.mark.django_db
def test_nothing_is_written_after_an_invalid_row(province, small_batches):
    """Before: the count of invalid rows was never raised, so every later batch was still written
    (and then rolled back). The rows after a bad one are still checked and reported."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = civil_servant_rows(7, prefix="LO")
    rows[0][2] = "31/02/1980"
    rows[5][3] = "Khác"
    with CaptureQueriesContext(connection) as queries:
        outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False)
    assert [p["row"] for p in outcome.problems] == [2, 7] and not outcome.saved
    assert not [q for q in queries.captured_queries if "staffing_civilservant" in q["sql"]
                and q["sql"].lstrip().upper().startswith(("INSERT", "COPY"))]
