"""The domains' panels of the first page on the demo province: overdue key tasks and directive items
(plans), overdue religion dossiers, awards by type in the latest emulation year — each the numbers of
its own app's page, with last year beside it where the domain keeps it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.access import scope_for
from emulation import selectors as emulation_selectors
from plans import selectors as plans_selectors
from religion import selectors as religion_selectors
from tests.conftest import seeded_per_module, use_seed


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


_demo_seed = seeded_per_module(seed_demo)


@pytest.fixture
def demo(_demo_seed, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    use_seed(request, seed_demo)


def panels(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {p.panel.key: p.data for p in response.context["panels"]}


def test_the_database_exists_before_the_module_seed(db):
    from core import dashboard

    keys = {p.key: p.build.__module__ for p in dashboard.all_panels()}
    assert keys["qua-han-nhiem-vu"] == "plans.dashboard" and keys["ton-giao-qua-han"] == "religion.dashboard"
    assert keys["khen-thuong"] == "emulation.dashboard"


def test_overdue_tasks_and_directives_are_those_of_the_overdue_page(client, demo):
    leader = get_user_model().objects.get(username="giamdoc")
    data = panels(client, "giamdoc")["qua-han-nhiem-vu"]
    today = timezone.localdate()
    tasks = plans_selectors.overdue_tasks(leader, today=today).count()
    items = plans_selectors.overdue_directive_items(leader, today=today).count()
    assert items >= 2  # the demo notice has two items past their deadline
    figures = {f.label: f.value for f in data.figures}
    assert figures["Nhiệm vụ trọng tâm quá hạn"] == tasks and figures["Ý kiến chỉ đạo quá hạn"] == items
    assert len(data.export_rows) == tasks + items
    assert all(r.cells[3] > 0 for r in data.export_rows)  # days late
    assert [r.cells[2] for r in data.export_rows] == sorted(r.cells[2] for r in data.export_rows)


def test_overdue_religion_dossiers_for_leaders_and_the_religion_office_only(client, demo):
    today = timezone.localdate()
    expected = religion_selectors.overdue_dossiers(scope_for(get_user_model().objects.get(username="giamdoc")), today)
    assert expected.count() >= 1
    data = panels(client, "cv.tongiao")["ton-giao-qua-han"]
    assert data.figures[0].value == expected.count()
    assert "ton-giao-qua-han" not in panels(client, "cv.tcbc")
    assert client.get(reverse("panel_export", args=["ton-giao-qua-han"])).status_code == 404


def test_awards_by_type_in_the_latest_emulation_year_against_the_year_before(client, demo):
    from emulation.models import AwardDecision

    data = panels(client, "giamdoc")["khen-thuong"]
    last = AwardDecision.objects.exclude(decided_on=None).latest("decided_on").decided_on
    year = last.year + 1 if last.month == 12 else last.year  # the emulation year ends on 30/11
    stats = emulation_selectors.statistics(*emulation_selectors.emulation_year_window(year),
                                           scope=scope_for(get_user_model().objects.get(username="giamdoc")))
    assert stats.decisions > 0 and f"Năm thi đua {year}" in data.note
    figures = {f.label: f for f in data.figures}
    assert figures[f"Quyết định khen thưởng năm thi đua {year}"].value == stats.decisions
    assert figures["Tập thể, cá nhân, hộ gia đình được khen"].value == stats.totals["total"]
    assert sum(r.cells[5] for r in data.export_rows) == stats.totals["total"]
    assert data.chart is not None


def test_awards_card_equals_the_statistics_of_both_years_in_fewer_queries(client, demo):
    """The card reads both emulation years in one grouped query (issue 17): every row, figure and
    last year's column still equal two calls of `selectors.statistics`, and building it costs at
    most 3 queries (the latest decision, the items grouped by year, the decisions counted by year;
    it was 6: the statistics twice)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from emulation import dashboard as emulation_dashboard
    from emulation.models import AwardDecision

    user = get_user_model().objects.get(username="giamdoc")
    today = timezone.localdate()
    last = AwardDecision.objects.filter(decided_on__lte=today).latest("decided_on").decided_on
    year = emulation_dashboard.emulation_year_of(last)
    scope = scope_for(user)
    now = emulation_selectors.statistics(*emulation_selectors.emulation_year_window(year), scope=scope)
    before = emulation_selectors.statistics(*emulation_selectors.emulation_year_window(year - 1), scope=scope)
    assert now.rows and before.rows, "the demo has awards in both years"
    before_by_type = {r["type"].pk: r["total"] for r in before.rows}
    expected = [[r["type"].name, r["level"], *r["kind_cells"], r["total"], before_by_type.get(r["type"].pk, 0)]
                for r in sorted(now.rows, key=lambda r: -r["total"])]
    with CaptureQueriesContext(connection) as ctx:
        data = emulation_dashboard.awards_panel(user, today)
    assert [r.cells for r in data.export_rows] == expected
    figures = {f.label: f for f in data.figures}
    decided = figures[f"Quyết định khen thưởng năm thi đua {year}"]
    assert (decided.value, decided.previous) == (now.decisions, before.decisions)
    awarded = figures["Tập thể, cá nhân, hộ gia đình được khen"]
    assert (awarded.value, awarded.previous) == (now.totals["total"], before.totals["total"])
    assert len(ctx.captured_queries) <= 3, [q["sql"][:120] for q in ctx.captured_queries]


def test_overdue_card_reads_overdue_and_due_soon_tasks_in_one_query(client, demo):
    """The plans card reads overdue and due-soon tasks in one query (it was one each: the list, then
    a count), and each figure still equals its selector's: 2 queries (tasks, directive items)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans import dashboard as plans_dashboard
    from plans.models import Status, Task

    leader = get_user_model().objects.get(username="giamdoc")
    today = timezone.localdate()
    visible = plans_selectors.overdue_tasks(leader, today=today)
    assert visible.exists()
    # One more overdue task turns due soon; one open task not due yet stays out of both.
    moved = Task.objects.filter(pk__in=visible.values("pk")).exclude(status=Status.DONE).first()
    Task.objects.filter(pk=moved.pk).update(due_date=today + datetime.timedelta(days=2))
    plans_dashboard.overdue_panel(leader, today)  # the leader's scope, read once per user object
    with CaptureQueriesContext(connection) as ctx:
        data = plans_dashboard.overdue_panel(leader, today)
    figures = {f.label: f.value for f in data.figures}
    soon = plans_selectors.due_soon_tasks(leader, today=today).count()
    assert soon >= 1
    assert figures["Nhiệm vụ trọng tâm quá hạn"] == plans_selectors.overdue_tasks(leader, today=today).count()
    assert figures[f"Nhiệm vụ sắp đến hạn ({plans_selectors.DUE_SOON_DAYS} ngày tới)"] == soon
    assert moved.pk not in {int(r.link.rstrip("/").split("/")[-1]) for r in data.export_rows
                            if r.cells[0].startswith("Nhiệm vụ")}
    assert len(ctx.captured_queries) <= 2, [q["sql"][:120] for q in ctx.captured_queries]
