"""The civil servant's folded name is a column the model keeps (core.search.FoldedField), so a name
search reads an indexed plain column instead of folding every row again (bench/search.py)."""

import pytest

from core.access import scope_for
from core.imports import jobs
from core.models import OrgUnit
from staffing import selectors
from staffing.models import CivilServant
from tests.staffing.files import CS_HEADERS, civil_servant_rows
from tests.staffing.files import workbook as workbook_bytes

pytestmark = pytest.mark.django_db


def _person(ma_so, name, unit):
    import datetime

    return CivilServant(ma_so=ma_so, full_name=name, birth_date=datetime.date(1980, 1, 1), gender="nam",
                        unit=unit, category="cong_chuc")


def test_save_and_bulk_create_keep_the_folded_name(province):
    unit = OrgUnit.objects.get(code="SYT")
    one = _person("FOLD1", "Đặng Thị Hồng", unit)
    one.save()
    CivilServant.objects.bulk_create([_person("FOLD2", "NGUYỄN Văn  Ửng", unit)])
    one.full_name = "Trương Ưng Ơn"
    one.save()
    got = dict(CivilServant.objects.filter(ma_so__startswith="FOLD").values_list("ma_so", "name_folded"))
    assert got == {"FOLD1": "truong ung on", "FOLD2": "nguyen van ung"}


def test_an_import_writes_and_updates_the_folded_name(province):
    rows = civil_servant_rows(3, prefix="FI")
    assert jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False).ok
    assert set(CivilServant.objects.filter(ma_so__startswith="FI").values_list("name_folded", flat=True)) == {
        "nguyen van thu 0", "nguyen van thu 1", "nguyen van thu 2"}
    rows[1][1] = "Đỗ Thị Ánh"  # the same person renamed: an update, not a new row
    assert jobs.run_import("cong_chuc", workbook_bytes(CS_HEADERS, rows), dry_run=False).ok
    assert CivilServant.objects.get(ma_so="FI00001").name_folded == "do thi anh"


def test_the_name_search_reads_the_stored_column_not_the_fold_function(province):
    scope = scope_for(province_user("cv.tcbc"))
    qs = selectors.civil_servants(scope, q="ĐẶNG")
    sql = str(qs.query)
    assert "name_folded" in sql and "vn_fold" not in sql
    assert qs.exists() and all("dang" in p.name_folded for p in qs)


def province_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
