"""Archive figures from the registers: exact Decimal metres, access totals by service, the
period window and the status a work item had then, scope."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from archives import selectors
from archives.models import AccessRequest, AccessService, WorkItem, WorkKind, WorkStatus
from core.access import scope_for
from core.models import OrgUnit

pytestmark = pytest.mark.django_db
D = datetime.date


def unit(code):
    return OrgUnit.objects.get(code=code)


def test_metres_sum_with_decimals_exactly(province):
    h1 = province["h1"]
    # 0.1 + 0.2 is not 0.3 in floats; the database sums Decimals exactly.
    for code, metres in (("SCT", "0.1"), ("STC", "0.2"), ("SYT", "0.05")):
        WorkItem.objects.create(kind=WorkKind.DISPOSAL, status=WorkStatus.DONE, unit=unit(code), metres=Decimal(metres),
                                started_on=D(2021, 2, 1), finished_on=D(2021, 2, 2))
    fig = selectors.work_figures(h1)[(WorkKind.DISPOSAL, WorkStatus.DONE)]
    assert fig.metres == Decimal("0.35") and fig.units == 3
    appraisal = selectors.work_figures(h1)[(WorkKind.APPRAISAL, WorkStatus.RECEIVED)]
    assert appraisal.metres == Decimal("46.40") and appraisal.units == 2


def test_access_total_equals_the_sum_by_service(province):
    h1 = province["h1"]
    figures = selectors.access_figures(h1)
    assert figures.by_service == {AccessService.CERTIFIED: 4, AccessService.COPY: 9, AccessService.WRITTEN_ANSWER: 1}
    assert figures.total == 14 == sum(figures.by_service.values())
    AccessRequest.objects.create(unit=unit("SNV-TTLT"), service=AccessService.READING_ROOM, requester="Ông A",
                                 requested_on=D(2021, 6, 1), quantity=3)
    after = selectors.access_figures(h1)
    assert after.by_service[AccessService.READING_ROOM] == 3 and after.total == 17


def test_window_is_exact(province):
    # 14/12/2020 (inspection, reading room) and 15/6/2021 (appraisal dossier, copy) lie outside H1/2021.
    work = selectors.work_figures(province["h1"])
    assert work[(WorkKind.INSPECTION, WorkStatus.DONE)].units == 6
    assert selectors.access_figures(province["h2"]).by_service.get(AccessService.COPY) == 1


def test_arrangement_handed_over_later_counts_as_in_progress_in_h1(province):
    h1 = selectors.work_figures(province["h1"])
    in_progress = h1[(WorkKind.ARRANGEMENT, WorkStatus.IN_PROGRESS)]
    assert (in_progress.units, in_progress.metres, in_progress.fonds) == (2, Decimal("11.00"), 11)
    assert h1[(WorkKind.ARRANGEMENT, WorkStatus.HANDED_OVER)].metres == Decimal("39.00")
    h2 = selectors.work_figures(province["h2"])[(WorkKind.ARRANGEMENT, WorkStatus.HANDED_OVER)]
    assert (h2.units, h2.metres) == (2, Decimal("11.00"))


def test_backlog_survey_by_level(province):
    fig = selectors.work_figures(province["h1"])[(WorkKind.BACKLOG_SURVEY, WorkStatus.DONE)]
    assert fig.by_level == {"huyen": 2, "tinh": 1} and fig.metres == Decimal("18.00")


def test_root_restricts_to_the_units_under_it(province):
    figures = selectors.work_figures(province["h1"], root=unit("VITHUY"))
    assert list(figures) == [(WorkKind.BACKLOG_SURVEY, WorkStatus.DONE)]
    assert selectors.access_figures(province["h1"], root=unit("VITHUY")).total == 0


def test_scope_an_officer_reads_only_rows_of_their_units(province):
    from archives.registers import REGISTERS
    from core.registers.selectors import register_rows

    officer = scope_for(get_user_model().objects.get(username="cb.soyte"))
    rows = register_rows(officer, REGISTERS["cong-viec"])
    assert rows.exists() and set(rows.values_list("unit__code", flat=True)) == {"SYT"}
    assert not register_rows(officer, REGISTERS["khai-thac"]).exists()
    leader = scope_for(get_user_model().objects.get(username="giamdoc"))
    assert register_rows(leader, REGISTERS["cong-viec"]).count() == WorkItem.objects.count()
    # The report's figures over an officer's reach are their units' only.
    figures = selectors.work_figures(province["h1"], scope=officer)
    assert {k: f.units for k, f in figures.items()} == {(WorkKind.INSPECTION, WorkStatus.DONE): 1,
                                                       (WorkKind.BOX_REPLACEMENT, WorkStatus.DONE): 1}


def test_who_may_edit(province):
    User = get_user_model()
    may = {u: selectors.can_edit(scope_for(User.objects.get(username=u)))
           for u in ("cv.luutru", "cv.cchc", "quantri", "giamdoc", "cv.tcbc", "cb.soyte")}
    assert may == {"cv.luutru": True, "cv.cchc": True, "quantri": True, "giamdoc": False, "cv.tcbc": False,
                   "cb.soyte": False}
