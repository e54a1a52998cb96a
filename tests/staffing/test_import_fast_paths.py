"""The register import's fast paths (issue 17 item 2, third pass) keep its behaviour: the stored
rows a file may update are looked up with one array parameter, COPY's text is built in one pass
with the same escapes, an empty cell of new rows is cleaned once per column, and a committed
import says that rows were written (`core.imports.signals.rows_written`)."""

import datetime
import random

import pytest

from core.imports import jobs
from core.imports import resources as res
from core.imports import widgets
from core.imports.signals import rows_written
from staffing.models import CivilServant
from tests.staffing.files import CS_HEADERS, civil_servant_rows
from tests.staffing.files import workbook as workbook_bytes


@pytest.mark.django_db
def test_the_existing_rows_lookup_sends_one_array_parameter(province):
    """Before: `ma_so__in` chunks wrote one placeholder per code (200,000 codes cost ~5 s in Django alone)."""
    from django.db import connection

    from tests.conftest import require_service

    require_service("postgres")
    if connection.vendor != "postgresql":
        pytest.skip("= ANY(%s) is the PostgreSQL path; SQLite keeps IN (…) in chunks.")
    jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, civil_servant_rows(5, prefix="AR")), dry_run=False)
    seen = []

    def spy(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    rows = civil_servant_rows(30, prefix="AR")  # 5 stored, 25 new
    with connection.execute_wrapper(spy):
        outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False)
    assert outcome.saved and (outcome.new, outcome.unchanged) == (25, 5), outcome.problems
    lookups = [(sql, params) for sql, params in seen
               if sql.lstrip().upper().startswith("SELECT") and '"staffing_civilservant"."ma_so"' in sql
               and "FROM \"staffing_civilservant\"" in sql]
    assert len(lookups) == 1, [sql[:200] for sql, _ in lookups]
    sql, params = lookups[0]
    assert "= ANY(%s::varchar[])" in sql and sql.count("%s") == 1  # typed as the column is: hashed by PostgreSQL
    assert sorted(params[0]) == sorted(r[0] for r in rows)


def _reference_copy_text(rows):
    return "".join("\t".join(res._copy_value(v) for v in row) + "\n" for row in rows)


@pytest.mark.parametrize("seed", range(20))
def test_copy_text_is_the_value_by_value_escaping(seed):
    """Built in one pass and checked once; whatever the texts hold it is what escaping each value gives."""
    rng = random.Random(seed)
    pieces = ["a", "Nguyễn", "\\", "\\N", "\t", "\n", "\r", "N", "", " ", "1.360"]
    def value():
        kind = rng.randrange(6)
        if kind == 0:
            return None
        if kind == 1:
            return rng.choice([True, False])
        if kind == 2:
            return rng.randrange(-5, 10**6)
        if kind == 3:
            return datetime.date(1960 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
        return "".join(rng.choice(pieces[:1] * 30 + pieces) for _ in range(rng.randrange(6)))
    rows = [tuple(value() for _ in range(5)) for _ in range(rng.randrange(1, 40))]
    if seed % 4 == 0:  # mostly plain rows: the one-pass text itself, not the rebuilt one
        rows = [tuple(v.translate({92: "/", 9: " ", 10: " ", 13: " "}) if type(v) is str else v for v in row)
                for row in rows]
    # str(True) is "True" in the one-pass text (PostgreSQL reads it as t): compared value by value
    assert _values(res.copy_text(rows, 5)) == _values(_reference_copy_text(rows))


def _values(text):
    return [[{"True": "t", "False": "f"}.get(v, v) for v in line.split("\t")] for line in text.split("\n")]


def test_copy_text_of_no_rows_is_empty():
    assert res.copy_text([], 3) == ""


@pytest.mark.django_db
def test_texts_copy_escapes_round_trip(province):
    rows = civil_servant_rows(3, prefix="ES")
    rows[0][1] = "Nguyễn \\N Thử"
    rows[1][7] = "Chuyên viên \\ chính"
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False)
    assert outcome.saved, outcome.problems
    assert CivilServant.objects.get(ma_so="ES00000").full_name == "Nguyễn \\N Thử"
    assert CivilServant.objects.get(ma_so="ES00001").rank_title == "Chuyên viên \\ chính"
    assert CivilServant.objects.get(ma_so="ES00002").position == ""


@pytest.mark.django_db
def test_an_empty_cell_of_new_rows_is_cleaned_once_per_column(province, monkeypatch):
    """Before: every empty cell went through its widget (no memo for None): one call per row."""
    calls = []
    original = widgets.YesNoWidget.clean

    def counted(self, value, row=None, **kwargs):
        calls.append(value)
        return original(self, value, row, **kwargs)

    monkeypatch.setattr(widgets.YesNoWidget, "clean", counted)
    rows = civil_servant_rows(12, prefix="EM")
    for row in rows:
        row[12] = None  # «Đang công tác» blank: «Có»
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False)
    assert outcome.saved and outcome.new == 12, outcome.problems
    assert calls.count(None) == 1
    assert CivilServant.objects.filter(ma_so__startswith="EM", active=True).count() == 12


@pytest.mark.django_db
def test_a_blank_cell_of_an_update_keeps_the_stored_value_after_the_same_text_was_memoised(province):
    rows = civil_servant_rows(3, prefix="BK")
    rows[0][8] = "Trưởng phòng"
    rows[1][8] = "Phó phòng"
    assert jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False).saved
    again = civil_servant_rows(4, prefix="BK")  # a new row first puts «Trưởng phòng» in the memo
    again = [again[3]] + again[:3]
    again[0][8] = "Trưởng phòng"
    again[1][8] = None  # blank: kept
    again[2][8] = "(xóa)"  # cleared
    again[3][8] = "Trưởng phòng"
    outcome = jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, again), dry_run=False)
    assert outcome.saved and (outcome.new, outcome.updated) == (1, 2), outcome.problems
    stored = dict(CivilServant.objects.filter(ma_so__startswith="BK").values_list("ma_so", "position"))
    assert stored == {"BK00000": "Trưởng phòng", "BK00001": "", "BK00002": "Trưởng phòng", "BK00003": "Trưởng phòng"}
    person = CivilServant.objects.get(ma_so="BK00003")
    assert person.unit.code == again[0][5]


@pytest.fixture
def received():
    got = []

    def receiver(sender, **kwargs):
        got.append((sender, kwargs))

    rows_written.connect(receiver)
    yield got
    rows_written.disconnect(receiver)


@pytest.mark.django_db
def test_a_committed_import_sends_rows_written_once(province, received, django_capture_on_commit_callbacks):
    data = workbook_bytes(CS_HEADERS, civil_servant_rows(4, prefix="SG"))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.run_import("cong_chuc", data, dry_run=False)
    assert outcome.saved
    assert received == [(CivilServant, {"signal": rows_written, "model": CivilServant, "kind": "cong_chuc", "rows": 4})]


@pytest.mark.django_db
def test_a_dry_run_a_refused_file_and_an_unchanged_file_send_nothing(province, received, django_capture_on_commit_callbacks):
    good = workbook_bytes(CS_HEADERS, civil_servant_rows(4, prefix="SN"))
    bad_rows = civil_servant_rows(4, prefix="SX")
    bad_rows[2][2] = "31/02/1980"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.run_import("cong_chuc", good, dry_run=True).ok
        assert not jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, bad_rows), dry_run=False).saved
    assert received == [] and callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        jobs.run_import("cong_chuc", good, dry_run=False)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = jobs.run_import("cong_chuc", good, dry_run=False)  # the same file again: nothing written
    assert outcome.saved and outcome.unchanged == 4 and received == []
