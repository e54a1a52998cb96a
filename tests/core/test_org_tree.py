"""The org tree keeps its history: 2021 data keeps its districts, 2026 has communes under the province."""

import datetime

import pytest

from core import services
from core.models import FOREVER, OrgUnit, OrgUnitAncestry, OrgUnitKind

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def tree():
    province = services.create_unit(code="P", name="Tỉnh", kind=OrgUnitKind.PROVINCE)
    district = services.create_unit(code="D", name="Huyện", kind=OrgUnitKind.DISTRICT, parent=province)
    other = services.create_unit(code="D2", name="Huyện khác", kind=OrgUnitKind.DISTRICT, parent=province)
    c1 = services.create_unit(code="C1", name="Xã 1", kind=OrgUnitKind.COMMUNE, parent=district)
    c2 = services.create_unit(code="C2", name="Xã 2", kind=OrgUnitKind.COMMUNE, parent=district)
    c3 = services.create_unit(code="C3", name="Xã 3", kind=OrgUnitKind.COMMUNE, parent=other)
    return province, district, other, c1, c2, c3


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_descendants_include_self_and_all_levels(tree):
    province, district, *_ = tree
    assert codes(province.descendants()) == ["C1", "C2", "C3", "D", "D2", "P"]
    assert codes(district.descendants()) == ["C1", "C2", "D"]
    assert codes(district.descendants(include_self=False)) == ["C1", "C2"]


def test_ancestors(tree):
    *_, c3 = tree
    assert codes(c3.ancestors()) == ["D2", "P"]
    assert codes(c3.ancestors(include_self=True)) == ["C3", "D2", "P"]


def test_district_abolition_keeps_history(tree):
    province, district, _other, c1, c2, _c3 = tree
    services.move_unit(c2, province, on=D(2025, 7, 1))
    services.close_unit(district, last_day=D(2025, 6, 30))
    c2.refresh_from_db()
    district.refresh_from_db()

    assert c2.parent == province
    assert district.is_closed and district.valid_to == D(2025, 6, 30)
    # In 2021 the district still had both communes; in 2026 it has nothing, the province has c2 directly.
    assert codes(district.descendants(on=D(2021, 6, 1))) == ["C1", "C2", "D"]
    assert codes(district.descendants(on=D(2026, 1, 1))) == []
    assert codes(c2.ancestors(on=D(2026, 1, 1))) == ["P"]
    assert codes(c2.ancestors(on=D(2021, 1, 1))) == ["D", "P"]
    # Without a date, the district reaches everything that was ever under it.
    assert codes(district.descendants()) == ["C1", "C2", "D"]
    # c1 was not moved: its validity and link end with the district's.
    assert OrgUnitAncestry.objects.get(ancestor=district, descendant=c1).valid_to == D(2025, 6, 30)


def test_merge_creates_successor_and_closes_sources(tree):
    province, district, _other, c1, c2, _c3 = tree
    merged = services.merge_units(
        [c1, c2], on=D(2025, 7, 1), code="M", name="Xã mới", kind=OrgUnitKind.COMMUNE, parent=province
    )
    c1.refresh_from_db()
    assert c1.valid_to == D(2025, 6, 30)
    assert set(merged.predecessors.all()) == {c1, c2}
    assert set(c1.successors.all()) == {merged}
    assert codes(OrgUnit.objects.active_on(D(2026, 1, 1)).filter(kind=OrgUnitKind.COMMUNE)) == ["C3", "M"]
    assert codes(OrgUnit.objects.active_on(D(2021, 1, 1)).filter(kind=OrgUnitKind.COMMUNE)) == ["C1", "C2", "C3"]
    assert codes(province.descendants(on=D(2026, 1, 1))) == ["C3", "D", "D2", "M", "P"]


def test_move_into_own_descendant_is_refused(tree):
    _province, district, _other, c1, *_ = tree
    with pytest.raises(ValueError, match="cấp dưới"):
        services.move_unit(district, c1, on=D(2024, 1, 1))


def test_move_on_first_day_of_span_replaces_it(tree):
    _province, _district, other, c1, *_ = tree
    services.move_unit(c1, other, on=c1.valid_from)
    assert list(c1.parent_spans.values_list("parent__code", flat=True)) == ["D2"]


def test_open_validity_uses_sentinel(tree):
    province, *_ = tree
    assert province.valid_to == FOREVER and not province.is_closed and province.display_valid_to is None


def test_sync_parent_span_after_admin_edit(tree):
    _province, _district, other, c1, *_ = tree
    c1.parent = other
    c1.save()
    services.sync_parent_span(c1, on=D(2024, 1, 1))
    assert codes(c1.ancestors(on=D(2024, 6, 1))) == ["D2", "P"]
    assert codes(c1.ancestors(on=D(2023, 6, 1))) == ["D", "P"]


def test_subtree_query_is_one_query(tree, django_assert_num_queries):
    province, *_ = tree
    with django_assert_num_queries(1):
        list(province.descendants(on=D(2022, 1, 1)))


def test_oversight_root_of_home_affairs_is_province():
    province = services.create_unit(code="P", name="Tỉnh", kind=OrgUnitKind.PROVINCE)
    sonv = services.create_unit(code="SNV", name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS, parent=province)
    office = services.create_unit(code="SNV-X", name="Phòng", kind=OrgUnitKind.OFFICE, parent=sonv)
    dept = services.create_unit(code="SYT", name="Sở Y tế", kind=OrgUnitKind.DEPARTMENT, parent=province)
    assert office.oversight_root() == province
    assert sonv.oversight_root() == province
    assert dept.oversight_root() == dept
    assert office.home_affairs_unit() == sonv
    assert dept.home_affairs_unit() is None
