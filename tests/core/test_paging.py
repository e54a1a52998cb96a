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
