"""The pages of the load bench (bench/pages.py) cost a fixed number of SQL queries, whatever the
number of values, units or forms (issue 17 item 1): each test counts the queries of one request or
service call, grows the data and counts again."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collection import services
from collection.models import DataElement, DataSet, DataValue, Submission

pytestmark = pytest.mark.django_db

FIGURES = ["HS_TIEP_NHAN", "HS_DA_GIAI_QUYET", "HS_DUNG_HAN", "HS_TRE_HAN", "HS_TRUC_TUYEN"]


@pytest.fixture
def form(province, h1):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None  # 2021-H1 expired long ago; these tests are about entry
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


def _entries(codes, value):
    return {(DataElement.objects.get(code=code), None): {"value": str(value)} for code in codes}


def _save_queries(form, officer, codes, value):
    entries = _entries(codes, value)
    form.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        services.save_values(form, officer, entries, expected_version=form.version)
    return len(ctx.captured_queries)


def test_saving_changed_values_costs_the_same_queries_for_two_or_five_values(form, officer):
    services.save_values(form, officer, _entries(FIGURES, 1), expected_version=0)
    two = _save_queries(form, officer, FIGURES[:2], 2)
    five = _save_queries(form, officer, FIGURES, 3)
    assert five == two, (two, five)  # was one query more per stored value (its element)
    stored = {v.element.code: v for v in DataValue.objects.filter(submission=form).select_related("element")}
    assert {code: stored[code].numeric_value for code in FIGURES} == dict.fromkeys(FIGURES, Decimal(3))
    assert all(v.updated_by == officer for v in stored.values())


def test_a_save_writes_its_changed_values_in_one_update_on_postgresql(form, officer, make_user):
    """Django's bulk_update built a CASE per field and row (~15 % of a save when a whole form changes):
    on PostgreSQL the changed rows are one UPDATE … FROM VALUES, value, note, who and when together."""
    if connection.vendor != "postgresql":
        pytest.skip("UPDATE … FROM VALUES is the PostgreSQL path; SQLite keeps bulk_update")
    services.save_values(form, officer, _entries(FIGURES, 1), expected_version=0)
    other = make_user("VITHANH", "officer", username="can-bo-thu-hai")
    entries = _entries(FIGURES, 7)
    entries[(DataElement.objects.get(code=FIGURES[0]), None)]["comment"] = "Ghi chú mới"
    form.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        services.save_values(form, other, entries, expected_version=form.version)
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "collection_datavalue"')]
    assert len(updates) == 1 and "FROM (VALUES" in updates[0] and "CASE" not in updates[0], updates
    stored = {v.element.code: v for v in DataValue.objects.filter(submission=form).select_related("element")}
    assert {code: stored[code].numeric_value for code in FIGURES} == dict.fromkeys(FIGURES, Decimal(7))
    assert stored[FIGURES[0]].comment == "Ghi chú mới" and stored[FIGURES[1]].comment == ""
    assert all(v.updated_by == other for v in stored.values())


def test_pending_forms_costs_the_same_queries_with_more_forms(officer, h1):
    """The forms list and the «biểu mẫu cần gửi» card: one query per open period, not two per form
    and period (22 queries for one commune's officer on the load bench's data)."""
    import datetime

    from collection import selectors

    day = datetime.date(2021, 6, 1)
    cchc = DataSet.objects.get(code="CCHC-DV")

    from core import generations

    def counted(plan_kept=False):
        if not plan_kept:  # the plan (forms, periods, reach) read again, as after a catalogue edit
            generations.bump(selectors.STRUCTURE_KEY)
        with CaptureQueriesContext(connection) as ctx:
            forms = selectors.pending_forms(officer, today=day)
        return len(ctx.captured_queries), {(f.data_set.code, f.unit.code, f.period.code) for f in forms}

    counted()  # the user's scope (memberships) is read once per user object
    before, forms = counted()
    kept_before, _ = counted(plan_kept=True)
    assert kept_before < before
    assert ("CCHC-DV", "VITHANH", "2021-H1") in forms
    for i in range(4):
        extra = DataSet.objects.create(code=f"THEM-{i}", name=f"Biểu mẫu thêm {i}", period_type=cchc.period_type,
                                       reporting_kinds=["district"], reviewing_office=cchc.reviewing_office)
        if i == 0:
            extra.units.add(officer.memberships.get().unit)
    after, more = counted()
    assert after == before, (before, after)
    assert counted(plan_kept=True)[0] == kept_before
    assert {f for f in more if not f[0].startswith("THEM-")} == forms
    assert {f for f in more if f[0].startswith("THEM-")} == {(f"THEM-{i}", "VITHANH", "2021-H1") for i in range(4)}


def test_period_forms_costs_the_same_queries_with_more_forms(officer, h1):
    """The forms list of one period (/so-lieu/?ky=): the expected units and their submissions read
    once for every form of the period, not two queries per form; the same forms as before."""
    import datetime

    from collection import selectors

    day = datetime.date(2021, 6, 1)
    cchc = DataSet.objects.get(code="CCHC-DV")

    def counted():
        with CaptureQueriesContext(connection) as ctx:
            forms = selectors.period_forms(officer, h1, today=day)
        return len(ctx.captured_queries), {(f.data_set.code, f.unit.code, f.status) for f in forms}

    counted()  # the user's scope (memberships) is read once per user object
    before, forms = counted()
    assert ("CCHC-DV", "VITHANH", "draft") in forms
    sent = DataSet.objects.create(code="THEM-GUI", name="Biểu mẫu đã gửi", period_type=cchc.period_type,
                                  reporting_kinds=["district"], reviewing_office=cchc.reviewing_office)
    Submission.objects.create(data_set=sent, unit=officer.memberships.get().unit, period=h1, status="submitted")
    for i in range(4):
        extra = DataSet.objects.create(code=f"THEM-{i}", name=f"Biểu mẫu thêm {i}", period_type=cchc.period_type,
                                       reporting_kinds=["district"] if i else [], reviewing_office=cchc.reviewing_office)
        if i == 0:  # expected by name only
            extra.units.add(officer.memberships.get().unit)
    after, more = counted()
    assert after == before <= 9, (before, after)  # was 7 + 2 per form of the period
    assert {f for f in more if not f[0].startswith("THEM-")} == forms
    assert {f for f in more if f[0].startswith("THEM-")} == (
        {(f"THEM-{i}", "VITHANH", "draft") for i in range(4)} | {("THEM-GUI", "VITHANH", "submitted")})


GOOD = {"HS_TIEP_NHAN": "1.234", "HS_TRUC_TUYEN": "300", "HS_DA_GIAI_QUYET": "1.200", "HS_DUNG_HAN": "1.190",
        "HS_TRE_HAN": "10"}


def _send(form, officer):
    entries = {(DataElement.objects.get(code=code), None): {"value": value} for code, value in GOOD.items()}
    services.save_values(form, officer, entries, expected_version=form.version)
    return services.submit(form, officer)


def test_review_card_counts_the_queue_in_one_query(province, h1, make_user, in_2021):
    """The first page's «Báo cáo chờ xét duyệt» card: total, waiting a week and per form in one
    query, then its first rows (was three counting queries over the province's queue)."""
    import datetime

    from django.utils import timezone

    from collection import dashboard as collection_dashboard
    from collection.models import Submission
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    for code in ("VITHANH", "NGABAY"):
        officer = make_user(code, Role.OFFICER)
        _send(services.get_submission(cchc, province[code], h1), officer)
    Submission.objects.filter(unit__code="NGABAY").update(submitted_at=timezone.now() - datetime.timedelta(days=9))
    collection_dashboard.review_panel(reviewer, h1.start)  # the reviewer's scope, read once per user object
    with CaptureQueriesContext(connection) as ctx:
        card = collection_dashboard.review_panel(reviewer, h1.start)
    # The counts, then the first rows' ids and those rows (selectors.with_forms).
    assert len(ctx.captured_queries) == 3, [q["sql"][:120] for q in ctx.captured_queries]
    assert [(f.label, f.value) for f in card.figures] == [("Chờ xét duyệt", 2), ("Chờ từ 7 ngày trở lên", 1)]
    assert card.chart["labels"] == ["CCHC-DV"] and card.chart["series"][0]["data"] == [2]
    assert len(card.rows) == 2


def test_first_page_reads_the_reviewers_data_sets_once(client, province, h1, make_user, in_2021):
    """A reviewer's first page asks which data sets the user reviews once per request (the «biểu mẫu
    cần gửi» card and the review card's count and rows each read it: three times), and the review
    card still counts only the forms of those data sets."""
    from collection.models import Submission
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    other = DataSet.objects.exclude(reviewing_office=cchc.reviewing_office).exclude(reviewing_office=None).first()
    assert other is not None
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    officer = make_user("VITHANH", Role.OFFICER)
    _send(services.get_submission(cchc, province["VITHANH"], h1), officer)
    Submission.objects.create(data_set=other, unit=province["VITHANH"], period=h1, status="submitted")
    client.force_login(reviewer)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    # Read as a query of its own or as a subquery of the review card's: each is one mention.
    asked = [q["sql"] for q in ctx.captured_queries for _ in range(q["sql"].count('"reviewing_office_id" IN'))]
    assert len(asked) == 1, asked
    review = {p.panel.key: p.data for p in response.context["panels"]}["xet-duyet"]
    assert review.figures[0].value == 1 and review.chart["labels"] == ["CCHC-DV"]


def test_reached_forms_keeps_exactly_the_forms_scope_filter_allows(province, h1, make_user, in_2021):
    """The narrowing `collection.selectors.reached_forms` puts before the per-row period check
    (bench/pages.py: the forms list's «recent» query 43 ms → 0,8 ms) changes no answer: for
    officers of a district and of a commune, staff and a leader, the same forms as
    `scope.filter` alone, for every action."""
    from collection import selectors
    from collection.models import Submission
    from core.access import APPROVE, READ, WRITE, scope_for
    from core.models import OrgUnit, Period, Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    periods = list(Period.objects.filter(type=cchc.period_type).order_by("start")[:3])
    units = list(OrgUnit.objects.filter(kind__in=["district", "commune"]).order_by("code")[:12])
    Submission.objects.bulk_create([Submission(data_set=cchc, unit=u, period=p) for u in units for p in periods],
                                   ignore_conflicts=True)
    commune = OrgUnit.objects.filter(kind="commune", parent__code="VITHANH").order_by("code").first()
    users = [make_user("VITHANH", Role.OFFICER), make_user(commune.code, Role.OFFICER),
             make_user("SNV-CCHC", Role.STAFF), make_user("SNV", Role.LEADER)]
    every = Submission.objects.all()
    seen = 0
    for user in users:
        scope = scope_for(user)
        for action in (READ, WRITE, APPROVE):
            alone = set(scope.filter(every, action, during=("period__start", "period__end")).values_list("pk", flat=True))
            assert set(selectors.reached_forms(scope, every, action).values_list("pk", flat=True)) == alone
            seen += len(alone)
    assert seen


def test_entry_page_reads_the_values_once(client, form, officer):
    """The entry page fills the cells and runs the rules from one read of the values (run_rules
    read them again, with their elements and options)."""
    services.save_values(form, officer, _entries(FIGURES, 1), expected_version=0)
    client.force_login(officer)
    path = f"/so-lieu/CCHC-DV/VITHANH/{form.period.code}/"
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "collection_datavalue"')]
    assert len(reads) == 1, reads
    # Their elements and options are the layout's own objects: not joined in (~200 model objects a
    # page), and not read one by one either.
    assert "JOIN" not in reads[0], reads[0]
    element_reads = [q["sql"] for q in ctx.captured_queries
                     if q["sql"].startswith(('SELECT "collection_dataelement"', 'SELECT "collection_categoryoption"'))
                     and '"id" = ' in q["sql"]]
    assert element_reads == [], element_reads


def test_a_form_once_opened_is_found_with_its_form_unit_and_period_in_one_query(client, form, officer, make_user):
    """The entry page and its POSTs find an opened form's row by the three codes of the URL, with its
    form, unit and period joined in (four queries before); a form never opened, or a code that does
    not exist, is still looked up (and refused) as before."""
    from core.models import Role

    client.force_login(officer)
    path = f"/so-lieu/CCHC-DV/VITHANH/{form.period.code}/"
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200 and response.context["submission"].pk == form.pk
    by_code = [q["sql"][:90] for q in ctx.captured_queries
               if q["sql"].startswith(('SELECT "collection_dataset"', 'SELECT "core_orgunit"', 'SELECT "core_period"'))
               and '"code" = ' in q["sql"]]
    assert by_code == [], by_code
    found = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "collection_submission"')]
    assert len(found) == 1 and 'INNER JOIN "core_period"' in found[0], found
    # Not its sender and reviewer (each joined user cost 2–3 ms of planning): read when shown.
    assert '"auth_user"' not in found[0], found[0]
    # Unknown codes and another unit's officer: 404, as before.
    assert client.get(f"/so-lieu/CCHC-DV/KHONG-CO/{form.period.code}/").status_code == 404
    assert client.get(f"/so-lieu/KHONG-CO/VITHANH/{form.period.code}/").status_code == 404
    client.force_login(make_user("NGABAY", Role.OFFICER))
    assert client.get(path).status_code == 404


def test_entry_page_asks_the_reach_of_its_unit_once(client, province, h1, make_user, in_2021):
    """The entry page decides read, enter and review of its unit in one query on the ancestry (it
    asked can_read, can_write and can_approve one query each), and still decides them the same way:
    the officer enters, the reviewer reviews a sent form, an officer of another district gets 404."""
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    officer, reviewer = make_user("VITHANH", Role.OFFICER), make_user("SNV-CCHC", Role.STAFF)
    form = services.get_submission(cchc, province["VITHANH"], h1)
    path = f"/so-lieu/CCHC-DV/VITHANH/{h1.code}/"

    def reach_queries(user):
        client.force_login(user)
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        asked = [q["sql"] for q in ctx.captured_queries if 'FROM "core_orgunitancestry" WHERE' in q["sql"]
                 and '"core_orgunitancestry"."descendant_id" =' in q["sql"]]
        return response, asked

    response, asked = reach_queries(officer)
    assert response.context["editable"] and not response.context["read_only_by_role"]
    assert len(asked) == 1, asked
    _send(form, officer)
    response, asked = reach_queries(reviewer)
    assert response.context["can_review_now"] and response.context["read_only_by_role"]  # reviews, does not enter
    assert len(asked) == 1, asked
    client.force_login(make_user("NGABAY", Role.OFFICER))
    assert client.get(path).status_code == 404


def test_send_approve_and_return_do_not_read_the_form_again(province, h1, make_user, in_2021):
    """submit, approve and return lock the row again but keep the data set, unit, period and sender
    the page already read: no query for them (each was one more per POST)."""
    from collection.models import Submission
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    officer, reviewer = make_user("VITHANH", Role.OFFICER), make_user("SNV-CCHC", Role.STAFF)
    form = services.get_submission(cchc, province["VITHANH"], h1)
    entries = {(DataElement.objects.get(code=code), None): {"value": value} for code, value in GOOD.items()}
    services.save_values(form, officer, entries, expected_version=0)

    def loaded():
        return Submission.objects.select_related("data_set", "unit", "period", "submitted_by").get(pk=form.pk)

    def rereads(call):
        with CaptureQueriesContext(connection) as ctx:
            call()
        plain = ('SELECT "collection_dataset"', 'SELECT "core_orgunit"', 'SELECT "core_period"', 'SELECT "auth_user"')
        # The reviewing offices' data set ids (`can_review`) are no re-read of the form's rows.
        return [q["sql"][:80] for q in ctx.captured_queries
                if q["sql"].startswith(plain) and '"id" AS "pk" FROM' not in q["sql"][:80]]

    for step in (lambda: services.submit(loaded(), officer), lambda: services.return_submission(loaded(), reviewer, "Sửa lại"),
                 lambda: services.submit(loaded(), officer), lambda: services.approve(loaded(), reviewer)):
        assert rereads(step) == []
    assert Submission.objects.get(pk=form.pk).status == "approved"


def test_review_queue_page_lists_its_forms_in_order_in_a_fixed_number_of_queries(client, province, h1, make_user,
                                                                                  in_2021):
    """/so-lieu/xet-duyet/: the page's forms in the queue's order (oldest sent first), the same
    number of queries for two forms waiting or four."""
    import datetime

    from django.utils import timezone

    from collection.models import Submission
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    client.force_login(reviewer)
    codes = ["VITHANH", "NGABAY", "LONGMY", "VITHUY"]
    counts = []
    for n in (2, 4):
        for code in codes[:n]:
            if not Submission.objects.filter(unit__code=code, status="submitted").exists():
                _send(services.get_submission(cchc, province[code], h1), make_user(code, Role.OFFICER))
        for i, code in enumerate(codes[:n]):  # sent in reverse order of the list
            Submission.objects.filter(unit__code=code).update(submitted_at=timezone.now() - datetime.timedelta(days=i))
        client.get("/so-lieu/xet-duyet/")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/so-lieu/xet-duyet/")
        counts.append(len(ctx.captured_queries))
        shown = [row.unit.code for row in response.context["rows"]]
        assert shown == list(reversed(codes[:n])), shown
    assert counts[0] == counts[1], counts


def test_saving_and_sending_a_form_ask_the_reach_of_its_unit_once(client, province, h1, make_user, in_2021):
    """The entry page's POST decides the officer's reach over the form's unit once: saving and sending
    ask it again in the services, answered from the request's scope (each was one more query on the
    ancestry). An officer of another district is still refused, and the form is sent."""
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    officer = make_user("VITHANH", Role.OFFICER)
    form = services.get_submission(cchc, province["VITHANH"], h1)
    path = f"/so-lieu/CCHC-DV/VITHANH/{h1.code}/"
    data = {f"v-{DataElement.objects.get(code=code).pk}-0": value for code, value in GOOD.items()}
    client.force_login(officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(path, dict(data, version="0", action="gui"))
    assert response.status_code == 302, response.content.decode()[:500]
    asked = [q["sql"] for q in ctx.captured_queries if 'FROM "core_orgunitancestry" WHERE' in q["sql"]
             and '"core_orgunitancestry"."descendant_id" =' in q["sql"]]
    assert len(asked) == 1, asked
    form.refresh_from_db()
    assert form.status == "submitted" and form.version == 1
    client.force_login(make_user("NGABAY", Role.OFFICER))
    assert client.post(path, dict(data, version="1", action="luu")).status_code == 404


def test_sending_reads_the_values_once(province, h1, make_user, in_2021):
    """submit checks that the form has values and runs its rules on one read of them (an EXISTS and
    then the read, before); a form with no value is still refused, in Vietnamese."""
    from core.models import Role

    cchc = DataSet.objects.get(code="CCHC-DV")
    cchc.expiry_days = None
    cchc.save()
    officer = make_user("VITHANH", Role.OFFICER)
    form = services.get_submission(cchc, province["VITHANH"], h1)
    with pytest.raises(services.CollectionError, match="chưa có số liệu nào"):
        services.submit(form, officer)
    entries = {(DataElement.objects.get(code=code), None): {"value": value} for code, value in GOOD.items()}
    services.save_values(form, officer, entries, expected_version=0)
    with CaptureQueriesContext(connection) as ctx:
        services.submit(Submission.objects.get(pk=form.pk), officer)
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "collection_datavalue"' in q["sql"]]
    assert len(reads) == 1, reads
    assert Submission.objects.get(pk=form.pk).status == "submitted"


def test_a_returned_form_still_names_its_reviewer_read_by_key(client, form, officer, make_user):
    """The reviewer is no longer joined into the form's lookup: a returned form's page reads them by
    key, once, and still says who returned it."""
    from core.models import Role

    reviewer = make_user("SNV-CCHC", Role.STAFF)
    reviewer.last_name, reviewer.first_name = "Trần Thị", "Duyệt"
    reviewer.save()
    Submission.objects.filter(pk=form.pk).update(status="returned", reviewed_by=reviewer, return_reason="Thiếu số liệu.")
    client.force_login(officer)
    path = f"/so-lieu/CCHC-DV/VITHANH/{form.period.code}/"
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert "Biểu mẫu bị Sở Nội vụ trả lại" in response.content.decode()
    assert "Trần Thị Duyệt" in response.content.decode()
    by_key = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "auth_user"')]
    assert len(by_key) == 2, by_key  # the session's user, then the reviewer


def test_the_returned_forms_are_found_by_id_then_read_with_their_form_unit_and_period(form, officer, make_user):
    """pending_forms asks the scope-filtered query for ids only (joined with the three tables it cost
    10–11 ms instead of 7–9 with nothing returned), and reads the rows only when there are some,
    still naming each returned form."""
    from core.models import Role
    from collection import selectors

    def returned_queries():
        with CaptureQueriesContext(connection) as ctx:
            pending = selectors.pending_forms(officer, today=datetime.date(2021, 6, 1))  # as the officer then
        asked = [q["sql"] for q in ctx.captured_queries if "'returned'" in q["sql"]]
        return pending, asked

    _pending, asked = returned_queries()
    assert len(asked) == 1 and asked[0].startswith('SELECT "collection_submission"."id" AS "pk" FROM'), asked
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    entries = {(DataElement.objects.get(code=code), None): {"value": value} for code, value in GOOD.items()}
    services.save_values(form, officer, entries, expected_version=0)
    services.submit(Submission.objects.get(pk=form.pk), officer)
    services.return_submission(Submission.objects.get(pk=form.pk), reviewer, "Đề nghị bổ sung số liệu.")
    pending, asked = returned_queries()
    assert len(asked) == 1  # the ids; then the rows by key
    mine = [p for p in pending if p.status == "returned"]
    assert [(p.data_set.code, p.unit.code, p.return_reason) for p in mine] == [("CCHC-DV", "VITHANH", "Đề nghị bổ sung số liệu.")]
