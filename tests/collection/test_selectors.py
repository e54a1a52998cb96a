"""The read API for reports and the completeness grid."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from django.db import connection

from collection import selectors, services
from collection.models import DataSet, Status, Submission
from core import services as core_services
from core.models import OrgUnit, OrgUnitKind, Period, Role
from tests.conftest import seeded_per_module, use_seed


def seed_demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


_demo_seed = seeded_per_module(seed_demo)


@pytest.fixture
def seeded(_demo_seed, request):
    use_seed(request, seed_demo)
    return Period.objects.get(code="2021-H1")


def test_aggregate_reproduces_the_reference_figures(seeded):
    hg = OrgUnit.objects.get(code="HG")
    deputies = selectors.aggregate("CQDP", seeded, hg)
    assert deputies[("DB_TRUNG_CU", None)] == 2222
    assert [deputies[("DB_TRUNG_CU", o)] for o in ("quoc-hoi", "tinh", "huyen", "xa")] == [6, 50, 245, 1921]
    turnout = deputies[("CU_TRI_DI_BAU", None)] / deputies[("CU_TRI", None)] * 100
    assert round(turnout, 2) == Decimal("99.99")
    petitions = selectors.aggregate("TTRA-DON", seeded, hg)
    assert (petitions[("DON_NHAN", None)], petitions[("DON_CHUYEN", None)], petitions[("DON_LUU", None)]) == (10, 2, 8)


def test_aggregate_over_a_district_and_average_elements(seeded):
    district = OrgUnit.objects.get(code="VITHANH")
    values = selectors.aggregate("CQDP", seeded, district)
    assert values[("DB_TRUNG_CU", "xa")] == 225 and ("DB_TRUNG_CU", "tinh") not in values
    cchc = selectors.aggregate("CCHC-DV", seeded, OrgUnit.objects.get(code="HG"))
    assert Decimal("95") <= cchc[("VB_KY_SO_TY_LE", None)] <= Decimal("99")  # averaged, not summed


def test_aggregate_ignores_unapproved_unless_asked(seeded, make_user):
    Submission.objects.filter(unit__code="VITHANH", data_set__code="CQDP").update(status=Status.SUBMITTED)
    hg = OrgUnit.objects.get(code="HG")
    assert selectors.aggregate("CQDP", seeded, hg)[("DB_TRUNG_CU", "xa")] == 1921 - 225
    assert selectors.aggregate("CQDP", seeded, hg, statuses=selectors.ALL_SUBMITTED)[("DB_TRUNG_CU", "xa")] == 1921


def test_completeness_grid_counts_and_drills_down(seeded):
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.get(username="giamdoc")
    ds = DataSet.objects.get(code="CCHC-DV")
    # Vị Thanh's CCHC form was submitted late; Ngã Bảy's is only a draft.
    late = datetime.datetime(2021, 7, 1, 8, tzinfo=datetime.timezone.utc)
    Submission.objects.filter(data_set=ds, unit__code="VITHANH").update(status=Status.SUBMITTED, first_submitted_at=late)
    Submission.objects.filter(data_set=ds, unit__code="NGABAY").update(status=Status.DRAFT, first_submitted_at=None)

    _parent, total, rows = selectors.completeness(ds, seeded, leader)
    assert [r.unit.code for r in rows] == ["HG"]
    hg = OrgUnit.objects.get(code="HG")
    _parent, total, rows = selectors.completeness(ds, seeded, leader, parent=hg)
    by_code = {r.unit.code: r for r in rows}
    expected_2021 = ds.expected_units(seeded).count()
    assert total.expected == expected_2021
    assert total.submitted == 7 and total.on_time == 6 and total.approved == 6
    assert by_code["VITHANH"].expected == 7  # the district and its six communes
    assert by_code["VITHANH"].status == "Đã gửi, chờ xét duyệt"
    assert by_code["NGABAY"].status == "Đang nhập" and by_code["NGABAY"].has_children
    assert "X-HOALUU" not in by_code  # created in 2025: not expected in 2021
    _p, district_total, communes = selectors.completeness(ds, seeded, leader, parent=OrgUnit.objects.get(code="VITHANH"))
    assert len(communes) == 6 and district_total.submitted == 0


def test_completeness_is_scoped_for_officers(seeded):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="cb.vithanh")
    ds = DataSet.objects.get(code="CCHC-DV")
    _p, total, rows = selectors.completeness(ds, seeded, officer)
    assert [r.unit.code for r in rows] == ["VITHANH"]
    assert total.expected == 7


def test_completeness_query_count_does_not_grow_with_units(seeded):
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.get(username="giamdoc")
    ds = DataSet.objects.get(code="CCHC-DV")
    hg = OrgUnit.objects.get(code="HG")

    def count():
        leader.__dict__.pop("_portal_scope", None)
        with CaptureQueriesContext(connection) as ctx:
            selectors.completeness(ds, seeded, leader, parent=hg)
        return len(ctx)

    before = count()
    district = OrgUnit.objects.get(code="CHAUTHANH")
    for i in range(30):
        core_services.create_unit(code=f"EXTRA{i}", name=f"Xã {i}", kind=OrgUnitKind.COMMUNE, parent=district,
                                  valid_from=datetime.date(2020, 1, 1), rebuild=False)
        core_services.create_unit(code=f"EXTRA-D{i}", name=f"Huyện {i}", kind=OrgUnitKind.DISTRICT, parent=hg,
                                  valid_from=datetime.date(2020, 1, 1), rebuild=False)
    core_services.rebuild_ancestry()
    assert count() == before


def test_pending_forms_and_review_queue(seeded, make_user):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="cb.vithanh")
    today = Period.objects.get(code="2021-H1").end
    pending = selectors.pending_forms(officer, today=today)
    # The district's own 2021-H1 forms were approved in the demo: none of them is pending.
    pending_codes = {p.data_set.code for p in pending if p.unit.code == "VITHANH" and p.period.code == "2021-H1"}
    assert "CCHC-DV" not in pending_codes and "CQDP" not in pending_codes
    assert "HOI-QUY" in pending_codes  # the demo has no district association figures
    Submission.objects.filter(unit__code="VITHANH", data_set__code="CQDP").update(status=Status.RETURNED, return_reason="Sửa số cử tri")
    pending = selectors.pending_forms(officer, today=today)
    assert any(p.data_set.code == "CQDP" and p.unit.code == "VITHANH" and p.return_reason == "Sửa số cử tri" for p in pending)
    assert any(p.data_set.code == "CCHC-DV" and p.unit.code == "VITHANH-P1" and p.status_label == "Chưa nhập" for p in pending)

    Submission.objects.filter(unit__code="VITHANH", data_set__code="CCHC-DV").update(status=Status.SUBMITTED)
    cchc = make_user("SNV-CCHC", Role.STAFF)
    tdkt = get_user_model().objects.get(username="cv.tdkt")
    # (The demo also leaves forms of the open period waiting for review: core.demo / collection.demo.)
    assert [s.unit.code for s in selectors.review_queue(cchc) if s.period.code == "2021-H1"] == ["VITHANH"]
    assert list(selectors.review_queue(tdkt)) == []
