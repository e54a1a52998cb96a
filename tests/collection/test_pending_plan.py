"""The forms a user's units still have to send (collection.selectors.pending_forms) read their plan
(open forms and periods, the units each period's forms expect) once per user and day: the next page
asks only for the statuses. A form, role, unit or period changed shows on the next call."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collection import selectors
from collection.models import DataSet, Status, Submission
from core import generations
from core.models import Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 6, 1)
PLAN_TABLES = {"collection_dataset", "collection_dataset_units", "core_period", "core_orgunitancestry"}


def _pending(user, day=DAY):
    with CaptureQueriesContext(connection) as ctx:
        forms = selectors.pending_forms(user, today=day)
    return {(f.data_set.code, f.unit.code, f.period.code) for f in forms}, [q["sql"] for q in ctx.captured_queries]


def _plan_reads(sqls):
    """The queries reading the forms, the periods or the units in reach (not the statuses, nor the
    returned forms, whose query joins the forms and checks the reach row by row)."""
    def plan(sql):
        table = re.search(r'FROM "(\w+)"', sql).group(1)
        return table in PLAN_TABLES or (table == "core_orgunit" and "core_orgunitancestry" in sql)

    return [sql for sql in sqls if plan(sql)]


def test_the_second_call_reads_no_form_period_or_reach(officer):
    first, sqls = _pending(officer)
    assert ("CCHC-DV", "VITHANH", "2021-H1") in first
    assert _plan_reads(sqls)
    again, sqls = _pending(officer)
    assert again == first
    assert _plan_reads(sqls) == [], sqls


def test_a_sent_form_leaves_the_list_at_once(officer, province, h1):
    before, _ = _pending(officer)
    ds = DataSet.objects.get(code="CCHC-DV")
    Submission.objects.create(data_set=ds, unit=province["VITHANH"], period=h1, status=Status.SUBMITTED)
    after, _ = _pending(officer)
    assert ("CCHC-DV", "VITHANH", "2021-H1") in before
    assert ("CCHC-DV", "VITHANH", "2021-H1") not in after


def test_a_unit_named_on_a_form_shows_on_the_next_call(officer, province):
    _pending(officer)
    cchc = DataSet.objects.get(code="CCHC-DV")
    ds = DataSet.objects.create(code="THEM", name="Biểu mẫu thêm", period_type=cchc.period_type,
                                reporting_kinds=[], reviewing_office=province["SNV-CCHC"])
    ds_forms, _ = _pending(officer)
    assert not {f for f in ds_forms if f[0] == "THEM"}
    ds.units.add(province["VITHANH"])  # no post_save: the m2m signal bumps the plan
    forms, _ = _pending(officer)
    assert {f for f in forms if f[0] == "THEM"} == {("THEM", "VITHANH", "2021-H1")}
    ds.units.remove(province["VITHANH"])
    forms, _ = _pending(officer)
    assert not {f for f in forms if f[0] == "THEM"}


def test_a_form_switched_off_leaves_the_list(officer):
    _pending(officer)
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.is_active = False
    ds.save()
    forms, _ = _pending(officer)
    assert not {f for f in forms if f[0] == "CCHC-DV"}


def test_a_role_given_shows_its_units_forms_and_one_taken_away_drops_them(officer, province):
    home = province["VITHANH"]
    other = OrgUnit.objects.filter(kind=home.kind, valid_to__gte=DAY).exclude(pk=home.pk).first()
    before, _ = _pending(officer)
    assert not {f for f in before if f[1] == other.code}
    membership = Membership.objects.create(user=officer, unit=other, role=Role.OFFICER)
    officer = type(officer).objects.get(pk=officer.pk)  # a new request: the scope is read again
    given, _ = _pending(officer)
    assert ("CCHC-DV", other.code, "2021-H1") in given
    membership.delete()
    officer = type(officer).objects.get(pk=officer.pk)
    taken, _ = _pending(officer)
    assert taken == before


def test_the_plan_is_kept_per_day(officer):
    _pending(officer)
    # 30 days after its deadline a period is no longer open: another day reads its own plan.
    later, sqls = _pending(officer, day=datetime.date(2021, 12, 31))
    assert _plan_reads(sqls)
    assert ("CCHC-DV", "VITHANH", "2021-H2") in later
    assert ("CCHC-DV", "VITHANH", "2021-H1") not in later


def test_a_many_to_many_change_bumps_its_apps_generation(province):
    """Any cached figure of an app follows a link added or removed, which sends no post_save
    (failed before: `units.add()` left every `kept` entry of collection in place)."""
    ds = DataSet.objects.get(code="CCHC-DV")
    before = generations.app_stamps(["collection"])["collection"]
    ds.units.add(province["VITHANH"])
    added = generations.app_stamps(["collection"])["collection"]
    ds.units.remove(province["VITHANH"])
    removed = generations.app_stamps(["collection"])["collection"]
    assert before < added < removed
