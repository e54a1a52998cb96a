"""`core.paging.GroupedRows` pages a list ordered by its unit first without sorting every row: each page
holds exactly the rows, in exactly the order, that slicing the ordered queryset gives (bench/search.py
times it on 200,000 people)."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import OrgUnit
from core.paging import GroupedRows
from staffing.models import CivilServant

pytestmark = pytest.mark.django_db

ORDER = ("unit__sort_order", "unit__name", "unit_id", "full_name", "ma_so")


@pytest.fixture
def people():
    # Uneven groups, a unit with nobody, two units tied on sort order and name (told apart by pk),
    # namesakes inside a unit (told apart by code), and units created out of their sort order.
    shapes = [("U3", "Xã C", 3, 7), ("U1", "Xã A", 1, 1), ("U2", "Xã B", 2, 0), ("U4", "Xã D", 4, 12),
              ("U5", "Xã Trùng", 5, 4), ("U6", "Xã Trùng", 5, 5), ("U0", "Phường Đầu", 0, 3)]
    rows = []
    for code, name, order, n in shapes:
        unit = OrgUnit.objects.create(code=code, name=name, kind="commune", sort_order=order)
        for i in range(n):
            rows.append(CivilServant(ma_so=f"{code}-{i:02d}", full_name=f"Nguyễn Văn {'Anh' if i % 3 else 'An'}",
                                     birth_date=datetime.date(1980, 1, 1), gender="nam", unit=unit,
                                     category="cong_chuc"))
    CivilServant.objects.bulk_create(rows)
    return CivilServant.objects.filter(unit__code__startswith="U").order_by(*ORDER)


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 7, 50])
def test_every_page_holds_the_rows_of_the_ordered_queryset(people, per_page):
    expected = list(people.values_list("ma_so", flat=True))
    assert len(expected) == 32
    pages = Paginator(GroupedRows(people, "unit"), per_page)
    assert pages.count == 32
    got = []
    for number in pages.page_range:
        got += [p.ma_so for p in pages.page(number).object_list]
    assert got == expected


def test_any_window_is_the_same_slice(people):
    expected = list(people.values_list("ma_so", flat=True))
    rows = GroupedRows(people, "unit")
    for start in range(0, 34):
        for stop in range(start, 36):
            assert [p.ma_so for p in rows[start:stop]] == expected[start:stop], (start, stop)


def test_an_empty_list_and_a_filtered_one(people):
    assert Paginator(GroupedRows(people.none(), "unit"), 5).page(1).object_list == []
    only = people.filter(full_name__endswith="An")
    assert [p.ma_so for p in Paginator(GroupedRows(only, "unit"), 4).page(2).object_list] == \
        list(only.values_list("ma_so", flat=True))[4:8]


def test_a_page_costs_three_queries_however_many_rows(people):
    for rows in (GroupedRows(people.filter(unit__code="U1"), "unit"), GroupedRows(people, "unit")):
        with CaptureQueriesContext(connection) as ctx:
            page = Paginator(rows, 5).get_page(3)
            list(page.object_list)
        assert len(ctx.captured_queries) == 3  # counts by unit, the units' order, the page's rows


# Kept counts (cached_on): the same list again counts nothing until its app or core changes.


def _counted(queryset, number=1, per_page=5):
    with CaptureQueriesContext(connection) as ctx:
        pages = Paginator(GroupedRows(queryset, "unit", cached_on=("staffing",)), per_page)
        rows = [p.ma_so for p in pages.page(number).object_list]
    counting = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    return pages.count, rows, counting


def test_kept_counts_serve_the_next_page_and_the_same_rows(people):
    count, first, counting = _counted(people)
    assert count == 32 and len(counting) == 1
    again, second, counting = _counted(people, number=2)
    assert again == 32 and counting == []  # the groups were kept: only the page's rows are read
    assert first + second == list(people.values_list("ma_so", flat=True))[:10]


def test_a_new_person_an_import_or_another_filter_counts_again(people):
    from core.imports.signals import rows_written

    _counted(people)
    unit = OrgUnit.objects.get(code="U2")  # the unit with nobody
    CivilServant.objects.create(ma_so="U2-00", full_name="Trần Thị Mới", birth_date=datetime.date(1990, 1, 1),
                                gender="nu", unit=unit, category="cong_chuc")
    count, _rows, counting = _counted(people)
    assert count == 33 and len(counting) == 1
    CivilServant.objects.bulk_create([CivilServant(ma_so="U2-01", full_name="Lê Văn Nhập", birth_date=datetime.date(1991, 1, 1),
                                                   gender="nam", unit=unit, category="cong_chuc")])
    rows_written.send(sender=CivilServant, model=CivilServant, kind="cong-chuc", rows=1)  # as a committed import does
    count, _rows, counting = _counted(people)
    assert count == 34 and len(counting) == 1
    count, _rows, counting = _counted(people.filter(full_name__contains="Anh"))  # its own SQL, its own counts
    assert len(counting) == 1 and count == people.filter(full_name__contains="Anh").count()


def test_a_units_new_order_and_bump_everything_count_again(people):
    from core import generations

    _counted(people)
    unit = OrgUnit.objects.get(code="U0")
    unit.sort_order = 9  # core: the groups' order changed
    unit.save()
    _count, rows, counting = _counted(people, per_page=50)
    assert len(counting) == 1 and rows == list(people.values_list("ma_so", flat=True))
    assert rows[-3:] == ["U0-00", "U0-01", "U0-02"]
    CivilServant.objects.filter(unit=unit).delete()  # deletes send post_delete: counted again
    count, _rows, counting = _counted(people)
    assert count == 29 and len(counting) == 1
    CivilServant.objects.bulk_create([CivilServant(ma_so="U0-99", full_name="Phạm Văn Gieo", birth_date=datetime.date(1985, 1, 1),
                                                   gender="nam", unit=unit, category="cong_chuc")])
    generations.bump_everything()  # what seed_demo and restore do after their bulk rows
    count, _rows, counting = _counted(people)
    assert count == 30 and len(counting) == 1
