"""The first page's panels (core.dashboard): the registry, who sees which panel, what each panel
says on the demo province, and the .xlsx export (same numbers as the page, formula-safe, refused
for a panel the user does not see)."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from collection import services as collection_services
from collection.models import DataSet, Status, Submission
from core import dashboard
from core.access import scope_for
from core.dashboard import Figure, PanelData, Row
from core.models import Membership, OrgUnit, OrgUnitKind, Period, Role
from reports import services as report_services
from reports.models import NarrativeStatus, Report, ReportSection, SectionNarrative
from staffing import selectors as staffing_selectors
from staffing.models import Quota, QuotaKind
from tests.conftest import seeded_per_module, use_seed

# Leaders also see the domains' panels: overdue key tasks and directives (plans), overdue religion
# dossiers, awards by type (emulation); the Sở's staff see the overdue tasks and directives.
LEADER_PANELS = {"bao-cao-cho-duyet", "tien-do-gui-bao-cao", "bien-che", "qua-han-nhiem-vu", "ton-giao-qua-han",
                 "khen-thuong", "chi-so-cchc"}


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


_demo_seed = seeded_per_module(seed_demo)


@pytest.fixture
def demo(_demo_seed, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_PDF_PREVIEW = False
    use_seed(request, seed_demo)


def user(username):
    return get_user_model().objects.get(username=username)


def login(client, username):
    client.force_login(user(username))
    return client


def home_panels(client, username):
    response = login(client, username).get(reverse("home"))
    assert response.status_code == 200
    return {p.panel.key: p for p in response.context["panels"]}, response.content.decode()


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


# ---------------------------------------------------------------------------------------------
# The registry and the export writer (no seed; first, so the database exists before the seed)
# ---------------------------------------------------------------------------------------------


def test_apps_declare_their_panels_in_their_dashboard_module(db):
    panels = {p.key: p for p in dashboard.all_panels()}
    assert {"bao-cao-cho-duyet", "muc-can-viet", "tien-do-gui-bao-cao", "bieu-mau-can-gui", "xet-duyet",
            "bien-che"} <= set(panels)
    assert panels["bao-cao-cho-duyet"].build.__module__ == "reports.dashboard"
    assert panels["bien-che"].build.__module__ == "staffing.dashboard"
    assert [p.order for p in dashboard.all_panels()] == sorted(p.order for p in dashboard.all_panels())


def test_a_key_is_declared_once(db):
    dashboard.all_panels()
    with pytest.raises(ValueError):
        dashboard.panel("bien-che", "Khác")(lambda user, today: PanelData())


def test_export_writes_text_that_looks_like_a_formula_as_text(db):
    data = PanelData(figures=[Figure("Tổng số", 12, "người")], columns=["Đơn vị", "Số"],
                     rows=[Row(["=HYPERLINK(\"http://x\",\"bấm\")", 3]), Row(["+1-2", 4]), Row(["@SUM(A1)", 5]),
                           Row(["-5", 6]), Row(["Sở Y tế\x07", 7])])
    ws = openpyxl.load_workbook(io.BytesIO(dashboard.export_workbook("Thử", data))).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for value in ('=HYPERLINK("http://x","bấm")', "+1-2", "@SUM(A1)", "-5"):
        assert cells[value].data_type == "s", value  # a string, never a formula
    assert "Sở Y tế" in cells  # the control character is dropped
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers == [12, 3, 4, 5, 6, 7]


# ---------------------------------------------------------------------------------------------
# Who sees which panel
# ---------------------------------------------------------------------------------------------

AUDIENCE = {
    "giamdoc": LEADER_PANELS,
    "cv.tcbc": {"bieu-mau-can-gui", "muc-can-viet", "xet-duyet", "qua-han-nhiem-vu"},
    "cv.cchc": {"bieu-mau-can-gui", "muc-can-viet", "xet-duyet", "qua-han-nhiem-vu"},
    "cv.tongiao": {"bieu-mau-can-gui", "muc-can-viet", "xet-duyet", "qua-han-nhiem-vu", "ton-giao-qua-han"},
    "cb.soyte": {"bieu-mau-can-gui"},
    "cb.vithanh": {"bieu-mau-can-gui"},
    "quantri": LEADER_PANELS | {"xet-duyet"},
}


@pytest.mark.parametrize("username", sorted(AUDIENCE))
def test_each_role_sees_its_panels_only(client, demo, username):
    panels, html = home_panels(client, username)
    assert set(panels) == AUDIENCE[username]
    for key in panels:
        assert f'data-panel="{key}"' in html
    for key in {p.key for p in dashboard.all_panels()} - AUDIENCE[username]:
        assert f'data-panel="{key}"' not in html
        # The export refuses a panel the page does not show, like a missing one.
        assert client.get(reverse("panel_export", args=[key])).status_code == 404


def test_export_needs_a_sign_in_and_a_known_panel(client, demo):
    response = client.get(reverse("panel_export", args=["bien-che"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert login(client, "giamdoc").get(reverse("panel_export", args=["khong-co"])).status_code == 404


def test_closed_units_officer_keeps_no_leader_panel(client, demo):
    # A leader's role at a unit closed since keeps history only; no approving, no leader panels.
    vithanh = OrgUnit.objects.get(code="VITHANH")
    u = get_user_model().objects.create_user("ld.cu", password="x")
    Membership.objects.create(user=u, unit=vithanh, role=Role.OFFICER)
    client.force_login(u)
    panels = {p.panel.key for p in client.get(reverse("home")).context["panels"]}
    assert panels <= {"bieu-mau-can-gui"}
    assert "bao-cao-cho-duyet" not in panels


# ---------------------------------------------------------------------------------------------
# The export holds the page's numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["giamdoc", "cv.tcbc", "cb.soyte"])
def test_every_export_holds_the_numbers_of_the_page(client, demo, username):
    panels, _html = home_panels(client, username)
    for key, built in panels.items():
        data = built.data
        ws = workbook(client.get(reverse("panel_export", args=[key])))
        rows = sheet_rows(ws)
        assert rows[0][0] == built.panel.title
        figures = {r[0]: r[1] for r in rows if r and r[0] in {f.label for f in data.figures}}
        # Excel holds no Decimal: a figure like 83,03 comes back as a float
        assert figures == {f.label: float(f.value) if hasattr(f.value, "is_finite") else f.value
                           for f in data.figures}, key
        columns, expected = data.export_table()
        if columns:
            head = next(i for i, r in enumerate(rows) if r[:len(columns)] == columns)
            body = [r[:len(columns)] for r in rows[head + 1:]]
            norm = [[c.date() if hasattr(c, "date") and callable(c.date) else c for c in r] for r in body]
            assert norm == [[float(c) if hasattr(c, "is_finite") else (None if c == "" else c) for c in r]
                            for r in expected], key
            if key != "tien-do-gui-bao-cao":  # that export has a row per level, the card one per form
                # The card shows the first rows of the same table.
                assert [r.cells for r in data.rows] == expected[:len(data.rows)]


# ---------------------------------------------------------------------------------------------
# Reports waiting for approval; sections to write
# ---------------------------------------------------------------------------------------------


def _demo_report():
    return Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")


def test_leader_sees_the_report_waiting_and_loses_it_once_approved(client, demo):
    report = _demo_report()
    panels, html = home_panels(client, "giamdoc")
    data = panels["bao-cao-cho-duyet"].data
    links = [r.link for r in data.rows]
    assert reverse("reports:detail", args=[report.pk]) in links
    assert data.figures[0].value == len(data.rows)
    assert f'href="{reverse("reports:detail", args=[report.pk])}"' in html
    report_services.approve_report(report, user("giamdoc"), reason="Đã xem xét số liệu.")
    data = home_panels(client, "giamdoc")[0]["bao-cao-cho-duyet"].data
    assert reverse("reports:detail", args=[report.pk]) not in [r.link for r in data.rows]


def test_a_draft_section_keeps_the_report_not_ready(client, demo):
    report = _demo_report()
    section = ReportSection.objects.filter(report=report, office__code="SNV-TCBC").order_by("order").first()
    SectionNarrative.objects.update_or_create(report=report, section=section, defaults={
        "text": "Đang viết dở.", "status": NarrativeStatus.DRAFT, "updated_by": user("cv.tcbc")})
    row = next(r for r in home_panels(client, "giamdoc")[0]["bao-cao-cho-duyet"].data.rows
               if r.link == reverse("reports:detail", args=[report.pk]))
    assert row.cells[-1] == "Còn 1 mục đang soạn"


def test_four_eyes_whoever_wrote_a_section_is_not_asked_to_approve(client, demo):
    report = _demo_report()
    section = ReportSection.objects.filter(report=report).order_by("order").first()
    SectionNarrative.objects.update_or_create(report=report, section=section, defaults={
        "text": "Lãnh đạo tự viết.", "status": NarrativeStatus.READY, "updated_by": user("giamdoc")})
    data = home_panels(client, "giamdoc")[0]["bao-cao-cho-duyet"].data
    assert reverse("reports:detail", args=[report.pk]) not in [r.link for r in data.rows]


def test_staff_sees_its_offices_sections_not_yet_written(client, demo):
    report = _demo_report()
    tcbc = OrgUnit.objects.get(code="SNV-TCBC")
    mine = ReportSection.objects.filter(report=report, office=tcbc)
    assert mine.exists()
    SectionNarrative.objects.filter(report=report, section__in=mine).delete()
    data = home_panels(client, "cv.tcbc")[0]["muc-can-viet"].data
    links = {r.link for r in data.export_rows}
    assert {reverse("reports:detail", args=[report.pk]) + f"#muc-{s.pk}" for s in mine} <= links
    assert data.figures[0].value == len(data.export_rows)
    # Another office's sections are not this office's work.
    other = ReportSection.objects.filter(report=report, office__isnull=False).exclude(office=tcbc)
    assert not {reverse("reports:detail", args=[report.pk]) + f"#muc-{s.pk}" for s in other} & links
    # Marked «đã hoàn thành», a section leaves the list.
    section = mine.first()
    report_services.save_narrative(report, section, user("cv.tcbc"), "Xong.", ready=True)
    data = home_panels(client, "cv.tcbc")[0]["muc-can-viet"].data
    assert reverse("reports:detail", args=[report.pk]) + f"#muc-{section.pk}" not in {r.link for r in data.export_rows}


# ---------------------------------------------------------------------------------------------
# Completeness by level; forms to send; the review queue
# ---------------------------------------------------------------------------------------------


def _open_pair():
    """An open period of CCHC-DV (the demo's current six months) and its data set."""
    today = timezone.localdate()
    ds = DataSet.objects.get(code="CCHC-DV")
    period = Period.objects.filter(type=ds.period_type, start__lte=today).order_by("-start").first()
    return ds, period


def _row_for(data, ds, period):
    return next(r for r in data.rows if r.cells[0] == ds.name and r.cells[1] == period.label)


def test_completeness_counts_by_level_and_a_returned_form_is_not_sent(client, demo):
    ds, period = _open_pair()
    ds.deadline_days = (timezone.localdate() - period.end).days - 1  # deadline yesterday: late units listed
    ds.save()
    syt = OrgUnit.objects.get(code="SYT")
    sub = collection_services.get_submission(ds, syt, period)

    def late_departments(data):
        rows = [r for r in data.export_rows if r[0] == ds.code and r[2] == period.label and r[4] == "Sở, ban, ngành"]
        assert len(rows) == 1
        return rows[0][8]

    def panel(status, **fields):
        Submission.objects.filter(pk=sub.pk).update(status=status, **fields)
        data = home_panels(client, "giamdoc")[0]["tien-do-gui-bao-cao"].data
        return data, _row_for(data, ds, period)

    data, draft = panel(Status.DRAFT, first_submitted_at=None)
    assert "Sở Y tế (Đang nhập)" in late_departments(data) and draft.tone == "danger"
    data, sent = panel(Status.SUBMITTED, first_submitted_at=timezone.now(), submitted_by=user("cb.soyte"))
    assert sent.cells[3] == draft.cells[3] + 1 and "Sở Y tế" not in late_departments(data)
    collection_services.return_submission(Submission.objects.get(pk=sub.pk), user("cv.cchc"), "Thiếu số liệu.")
    returned = home_panels(client, "giamdoc")[0]["tien-do-gui-bao-cao"].data
    row = _row_for(returned, ds, period)
    assert row.cells[3] == draft.cells[3]  # back with its unit: not sent
    assert row.cells[5] != "Đã gửi đủ"
    assert "Sở Y tế (Bị trả lại)" in late_departments(returned)
    # The export (one row per form, period and level) adds up to the card's figures and rows.
    assert sum(r[5] for r in returned.export_rows) == returned.figures[0].value
    assert sum(r[6] for r in returned.export_rows) == returned.figures[1].value
    pair = [r for r in returned.export_rows if r[0] == ds.code and r[2] == period.label]
    assert (sum(r[6] for r in pair), sum(r[5] for r in pair)) == (row.cells[3], row.cells[4])
    # The chart's bars are the levels, sent + not sent = expected.
    chart = returned.chart
    assert "Sở, ban, ngành" in chart["labels"]
    total = sum(chart["series"][0]["data"]) + sum(chart["series"][1]["data"])
    assert total == returned.figures[0].value
    assert sum(chart["series"][0]["data"]) == returned.figures[1].value


def test_completeness_reads_only_what_the_scope_reads(db):
    # Audience aside, the selector answers over the user's reach: a stranger with no role gets nothing.
    from collection.dashboard import open_completeness

    stranger = get_user_model().objects.create_user("nguoi.la", password="x")
    assert open_completeness(stranger, timezone.localdate()) == []


def test_officer_sees_its_forms_to_send_with_links_and_returned_reasons(client, demo):
    ds, period = _open_pair()
    syt = OrgUnit.objects.get(code="SYT")
    sub = collection_services.get_submission(ds, syt, period)
    Submission.objects.filter(pk=sub.pk).update(status=Status.SUBMITTED, first_submitted_at=timezone.now(),
                                                 submitted_by=user("cb.soyte"))
    collection_services.return_submission(Submission.objects.get(pk=sub.pk), user("cv.cchc"), "=Thiếu chữ ký số.")
    panels, html = home_panels(client, "cb.soyte")
    data = panels["bieu-mau-can-gui"].data
    entry = reverse("collection:entry", args=[ds.code, syt.code, period.code])
    assert entry in [r.link for r in data.rows]
    assert data.figures[2].value == 1  # «Bị trả lại»
    assert 'data-testid="returned-forms"' in html and "=Thiếu chữ ký số." in html
    # The export writes the reason-free table; the unit's own forms only.
    assert {r.cells[1] for r in data.export_rows} == {syt.short_name or syt.name}


def test_reviewer_sees_the_queue_of_its_office(client, demo):
    ds, period = _open_pair()
    syt = OrgUnit.objects.get(code="SYT")
    sub = collection_services.get_submission(ds, syt, period)
    Submission.objects.filter(pk=sub.pk).update(status=Status.SUBMITTED, submitted_at=timezone.now(),
                                                 first_submitted_at=timezone.now(), submitted_by=user("cb.soyte"))
    entry = reverse("collection:entry", args=[ds.code, syt.code, period.code])
    cchc = home_panels(client, "cv.cchc")[0]["xet-duyet"].data
    assert entry in [r.link for r in cchc.export_rows()]
    # CCHC-DV is reviewed by the CCHC office, not by TCBC.
    tcbc = home_panels(client, "cv.tcbc")[0]["xet-duyet"].data
    assert entry not in [r.link for r in tcbc.export_rows()]


# ---------------------------------------------------------------------------------------------
# Quota use by unit
# ---------------------------------------------------------------------------------------------


def test_quota_panel_states_the_quota_pages_numbers_against_last_year(client, demo):
    data = home_panels(client, "giamdoc")[0]["bien-che"].data
    year = int(re.search(r"năm (\d{4})", data.figures[0].label).group(1))
    scope = scope_for(user("giamdoc"))
    table = staffing_selectors.quota_table(scope, year, kind="cong_chuc")
    last = staffing_selectors.quota_table(scope, year - 1, kind="cong_chuc")
    assert data.figures[0].value == table["totals"]["assigned"]
    assert data.figures[0].previous == last["totals"]["assigned"]
    assert data.figures[1].value == sum(r["used"] or 0 for r in table["rows"])
    assert data.figures[0].change_text.startswith(("giảm", "tăng", "không thay đổi"))
    # The chart: the units with the largest use, assigned beside used.
    chart = data.chart
    used = chart["series"][1]["data"]
    assert used == sorted(used, reverse=True) and len(used) <= 10
    biggest = max(table["rows"], key=lambda r: r["used"] or 0)
    assert chart["labels"][0] == (biggest["unit"].short_name or biggest["unit"].name)
    assert len(data.export_rows) == len(table["rows"])


def test_quota_export_keeps_a_formula_like_unit_name_as_text(client, demo):
    data = home_panels(client, "giamdoc")[0]["bien-che"].data
    first = data.rows[0]
    unit = OrgUnit.objects.get(short_name=first.cells[0]) if OrgUnit.objects.filter(short_name=first.cells[0]).exists() \
        else OrgUnit.objects.get(name=first.cells[0])
    OrgUnit.objects.filter(pk=unit.pk).update(short_name="=1+1")
    ws = workbook(login(client, "giamdoc").get(reverse("panel_export", args=["bien-che"])))
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


@pytest.mark.parametrize("username", ["giamdoc", "quantri"])
def test_completeness_agrees_with_the_progress_page(client, demo, username):
    """Each form's row states the totals of /so-lieu/tien-do/ (collection.selectors.completeness)."""
    from collection import selectors as collection_selectors

    ds, period = _open_pair()
    for sub, status in zip(Submission.objects.filter(data_set=ds, period=period).order_by("pk"),
                           [Status.SUBMITTED, Status.RETURNED, Status.APPROVED]):
        Submission.objects.filter(pk=sub.pk).update(status=status)
    data = home_panels(client, username)[0]["tien-do-gui-bao-cao"].data
    assert data.rows
    for row in data.rows:
        form = DataSet.objects.get(name=row.cells[0])
        p = Period.objects.get(type=form.period_type, code=next(
            c for c in Period.objects.filter(type=form.period_type).values_list("code", flat=True)
            if Period.objects.get(code=c).label == row.cells[1]))
        _parent, total, _rows = collection_selectors.completeness(form, p, user(username))
        assert (row.cells[3], row.cells[4]) == (total.submitted, total.expected), row.cells


# The first page keeps the domains' panels in the cache (core.dashboard `reads`): a write shows at once.


def _quota_figure(client):
    panels = {p.panel.key: p.data for p in client.get(reverse("home")).context["panels"]}
    return panels["bien-che"].figures[0].value


def test_the_leaders_page_shows_a_new_quota_at_once(client, demo):
    from staffing.dashboard import quota_year

    client.force_login(get_user_model().objects.get(username="giamdoc"))
    before = _quota_figure(client)
    assert _quota_figure(client) == before  # kept
    year = quota_year(timezone.localdate())
    unit = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, valid_to__gte=timezone.localdate()).exclude(
        staffing_quotas__year=year, staffing_quotas__kind=QuotaKind.CIVIL_SERVANT).first()
    Quota.objects.create(unit=unit, year=year, kind=QuotaKind.CIVIL_SERVANT, assigned=7)
    assert _quota_figure(client) == before + 7
