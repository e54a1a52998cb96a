"""Forms, values, submissions, completeness and Excel downloads follow the tree of their period
(issue 10, item 4). Demo tree: Thành phố Vị Thanh closed 30/6/2025; Xã Tân Tiến moved directly
under the province on 1/7/2025; Hỏa Lựu and Hỏa Tiến merged into the new Xã Hỏa Lựu.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from collection import catalogue, selectors, services
from collection.models import DataElement, DataSet, DataValue, Status
from core import demo
from core import services as core_services
from core.models import Membership, OrgUnit, OrgUnitKind, Period, Role
from tests.conftest import seeded_per_module, use_seed

pytestmark = pytest.mark.django_db

DS = "CCHC-DV"
LATER = "2026-H1"  # 15/12/2025 – 14/6/2026: after the reform
EARLIER = "2021-H1"


def seed():
    demo.seed_org_tree()
    demo.seed_periods(max(2026, timezone.localdate().year))
    catalogue.load_catalogue("SNV")
    DataSet.objects.filter(code=DS).update(expiry_days=None)  # old periods stay open: only scope decides


_seed = seeded_per_module(seed)


@pytest.fixture
def units(_seed, request):
    use_seed(request, seed)
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def make_user(units):
    def make(code, role=Role.OFFICER):
        user = get_user_model().objects.create_user(f"{role}-{code}".lower())
        Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=code), role=role)
        return user

    return make


def url(name, unit, period, data_set=DS):
    return reverse(f"collection:{name}", args=[data_set, unit, period])


def entry_post(version=0):
    element = DataElement.objects.get(code="HS_TIEP_NHAN")
    return {f"v-{element.pk}-0": "999", "version": str(version), "action": "luu"}


def stored_values(unit, period):
    return DataValue.objects.filter(submission__unit__code=unit, submission__period__code=period).count()


# ---------------------------------------------------------------------------------------------
# Moved unit: the closed district's officer and Tân Tiến's forms after the move
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["entry", "excel_download", "history"])
def test_closed_districts_officer_cannot_open_a_moved_communes_later_forms(client, make_user, name):
    client.force_login(make_user("VITHANH"))
    assert client.get(url(name, "VITHANH-TANTIEN", LATER)).status_code == 404


def test_closed_districts_officer_cannot_write_a_moved_communes_later_form(client, make_user):
    client.force_login(make_user("VITHANH"))
    assert client.post(url("entry", "VITHANH-TANTIEN", LATER), entry_post()).status_code == 404
    assert stored_values("VITHANH-TANTIEN", LATER) == 0


def test_closed_districts_officer_reads_the_communes_history_read_only(client, make_user):
    client.force_login(make_user("VITHANH"))
    response = client.get(url("entry", "VITHANH-TANTIEN", EARLIER))
    assert response.status_code == 200
    assert response.context["editable"] is False and response.context["read_only_by_role"] is True
    assert client.get(url("excel_download", "VITHANH-TANTIEN", EARLIER)).status_code == 200
    assert client.post(url("entry", "VITHANH-TANTIEN", EARLIER), entry_post()).status_code == 403
    assert client.post(url("entry", "VITHANH", EARLIER), entry_post()).status_code == 403
    assert stored_values("VITHANH-TANTIEN", EARLIER) == 0 and stored_values("VITHANH", EARLIER) == 0


def test_closed_districts_officer_cannot_upload_its_history(client, make_user, units):
    client.force_login(make_user("VITHANH"))
    response = client.post(url("excel_upload", "VITHANH", EARLIER), {})
    assert response.status_code == 403


def test_moved_communes_own_officer_still_writes_before_and_after_the_move(client, make_user):
    client.force_login(make_user("VITHANH-TANTIEN"))
    for period in (EARLIER, LATER):
        assert client.post(url("entry", "VITHANH-TANTIEN", period), entry_post()).status_code == 302
        assert stored_values("VITHANH-TANTIEN", period) == 1


def test_closed_districts_officer_has_no_pending_forms_and_no_later_completeness(make_user):
    user = make_user("VITHANH")
    assert selectors.pending_forms(user) == []
    data_set = DataSet.objects.get(code=DS)
    _parent, _total, rows = selectors.completeness(data_set, Period.objects.get(code=LATER), user)
    assert rows == []
    _parent, _total, rows = selectors.completeness(data_set, Period.objects.get(code=EARLIER), user)
    assert {r.unit.code for r in rows} == {"VITHANH"}
    _parent, total, rows = selectors.completeness(data_set, Period.objects.get(code=EARLIER), user,
                                                  parent=OrgUnit.objects.get(code="VITHANH"))
    assert "VITHANH-TANTIEN" in {r.unit.code for r in rows}


def test_closed_districts_officer_sees_no_later_completeness_page(client, make_user):
    client.force_login(make_user("VITHANH"))
    page = reverse("collection:completeness")
    assert client.get(page, {"bieu-mau": DS, "ky": LATER, "don-vi": "VITHANH"}).status_code == 404
    response = client.get(page, {"bieu-mau": DS, "ky": LATER})
    assert response.status_code == 200 and response.context["rows"] == []
    response = client.get(page, {"bieu-mau": DS, "ky": EARLIER, "don-vi": "VITHANH"})
    assert "VITHANH-TANTIEN" in {r.unit.code for r in response.context["rows"]}


# ---------------------------------------------------------------------------------------------
# Merged unit: the old commune's officer
# ---------------------------------------------------------------------------------------------


def test_merged_communes_officer_reads_its_history_and_writes_nothing(client, make_user):
    client.force_login(make_user("VITHANH-HOALUU"))
    response = client.get(url("entry", "VITHANH-HOALUU", EARLIER))
    assert response.status_code == 200 and response.context["editable"] is False
    assert client.post(url("entry", "VITHANH-HOALUU", EARLIER), entry_post()).status_code == 403
    assert stored_values("VITHANH-HOALUU", EARLIER) == 0
    assert client.get(url("entry", "X-HOALUU", LATER)).status_code == 404


def test_review_queue_keeps_the_history_of_closed_units(make_user, units):
    officer = make_user("VITHANH-TANTIEN")
    data_set = DataSet.objects.get(code=DS)
    for code in ("VITHANH-TANTIEN",):
        submission = services.get_submission(data_set, units[code], Period.objects.get(code=EARLIER))
        services.save_values(submission, officer, {(DataElement.objects.get(code="HS_TIEP_NHAN"), None): {"value": "1"}},
                             expected_version=0)
        services.submit(submission, officer)
    staff = make_user("SNV-CCHC", Role.STAFF)
    assert [s.unit.code for s in selectors.review_queue(staff)] == ["VITHANH-TANTIEN"]
    assert Status.SUBMITTED == selectors.review_queue(staff).get().status


# ---------------------------------------------------------------------------------------------
# Moved unit under an open parent (explicit tree)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def moved(units):
    """District A (open) had commune C until 31/12/2021; C is under district B from 1/1/2022."""
    province = units["HG"]
    a = core_services.create_unit(code="A", name="Huyện A", kind=OrgUnitKind.DISTRICT, parent=province, rebuild=False)
    b = core_services.create_unit(code="B", name="Huyện B", kind=OrgUnitKind.DISTRICT, parent=province, rebuild=False)
    c = core_services.create_unit(code="C", name="Xã C", kind=OrgUnitKind.COMMUNE, parent=a, rebuild=False)
    core_services.move_unit(c, b, on=datetime.date(2022, 1, 1))
    return {"A": a, "B": b, "C": c}


def test_open_old_parent_writes_the_moved_units_forms_only_for_its_time(client, moved, make_user):
    officer = make_user("A")
    client.force_login(officer)
    assert client.post(url("entry", "C", "2021-H1"), entry_post()).status_code == 302
    assert stored_values("C", "2021-H1") == 1
    assert client.get(url("entry", "C", "2022-H2")).status_code == 404
    assert client.post(url("entry", "C", "2022-H2"), entry_post()).status_code == 404
    assert stored_values("C", "2022-H2") == 0
    # The service refuses too, whoever calls it.
    submission = services.get_submission(DataSet.objects.get(code=DS), moved["C"], Period.objects.get(code="2022-H2"))
    with pytest.raises(services.PermissionDenied):
        services.save_values(submission, officer, {(DataElement.objects.get(code="HS_TIEP_NHAN"), None): {"value": "5"}},
                             expected_version=0)


def test_new_parent_reaches_the_moved_unit_from_the_move_on(client, moved, make_user):
    client.force_login(make_user("B"))
    assert client.get(url("entry", "C", "2021-H1")).status_code == 404
    assert client.post(url("entry", "C", "2022-H2"), entry_post()).status_code == 302
    assert stored_values("C", "2022-H2") == 1


def test_submissions_listed_for_the_old_parent_are_those_of_its_time(client, moved, make_user):
    data_set = DataSet.objects.get(code=DS)
    element = DataElement.objects.get(code="HS_TIEP_NHAN")
    a, b = make_user("A"), make_user("B")
    for officer, period in ((a, "2021-H1"), (b, "2022-H2")):
        submission = services.get_submission(data_set, moved["C"], Period.objects.get(code=period))
        services.save_values(submission, officer, {(element, None): {"value": "4"}}, expected_version=0)
        services.submit(submission, officer)
    client.force_login(a)
    groups = client.get(reverse("collection:my_forms")).context["groups"]
    listed = {(item.unit.code, item.period.code) for _period, items in groups for item in items}
    assert ("C", "2021-H1") in listed and ("C", "2022-H2") not in listed
