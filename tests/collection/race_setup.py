"""The province, the form and the four people of the races (tests/collection/races.py)."""

import datetime

from django.contrib.auth import get_user_model

from collection import catalogue, services
from collection.models import DataSet, SubmissionEvent
from core import access, demo
from core.models import Membership, OrgUnit, Period, Role


def prepare():
    demo.seed_org_tree()
    demo.seed_periods(2021)
    catalogue.load_catalogue("SNV")
    access.today = lambda: datetime.date(2021, 6, 1)  # Vị Thanh's officers, as in 2021 (closed in 2025)
    data_set = DataSet.objects.get(code="CCHC-DV")
    data_set.expiry_days = None  # entry, not the deadline, is under test
    data_set.save()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["VITHANH", "SNV-CCHC"])}
    users = {}
    for name, code, role in [("officer", "VITHANH", Role.OFFICER), ("officer2", "VITHANH", Role.OFFICER),
                             ("staff", "SNV-CCHC", Role.STAFF), ("staff2", "SNV-CCHC", Role.STAFF)]:
        user, _ = get_user_model().objects.get_or_create(username=f"dua-{name}", defaults={"first_name": name})
        Membership.objects.get_or_create(user=user, unit=units[code], role=role)
        users[name] = user
    form = services.get_submission(data_set, units["VITHANH"], Period.objects.get(code="2021-H1"))
    return form, users


def stored(form):
    form.refresh_from_db()
    return {"version": form.version,
            "values": sorted(str(int(v.numeric_value)) for v in form.values.filter(element__code="HS_TIEP_NHAN"))}


def submit(form, officer):
    services.submit(form, officer)


def state(form):
    form.refresh_from_db()
    return {"status": form.status,
            "reviews": SubmissionEvent.objects.filter(submission=form, action__in=[
                SubmissionEvent.Action.APPROVE, SubmissionEvent.Action.RETURN]).count()}
