"""The world the access matrix probes: the demo province plus the few objects the demo lacks (a moved
commune's officer, staff of the two offices without a demo login, a unit's report with a finished
job and its file, an import job per app, a notification of another user, a submitted form of
another unit). Built once per module (committed), idempotent.

Objects are "of another unit": Sở Y tế's (SYT), which neither probing officer reaches — cb.vithanh
(Thành phố Vị Thanh, a district closed on 30/6/2025, and Phường Vị Thanh) and cb.tantien (Xã Tân
Tiến, moved from Vị Thanh to directly under the province on 1/7/2025).
"""

import datetime
import io
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command

PASSWORD = "SoNoiVu@2026"

# role key → login; the order is the order of the requests (forbidden roles are asked first anyway).
LOGINS = {
    "officer_closed": "cb.vithanh",
    "officer_moved": "cb.tantien",
    "staff_tcbc": "cv.tcbc",
    "staff_cchc": "cv.cchc",
    "staff_xdcq": "cv.xdcq",
    "staff_ttr": "cv.thanhtra",
    "staff_tdkt": "cv.tdkt",
    "staff_ttlt": "cv.luutru",
    "staff_tg": "cv.tongiao",
    "staff_ccvc": "cv.ccvc",
    "staff_vp": "cv.vanphong",
    "leader": "giamdoc",
    "admin": "quantri",
}
ROLES = ("anon", *LOGINS)

# Users the demo does not have: (login, unit code, role).
EXTRA_USERS = [
    ("cb.tantien", "VITHANH-TANTIEN", "officer"),
    ("cv.ccvc", "SNV-CCVC", "staff"),
    ("cv.vanphong", "SNV-VP", "staff"),
]

FOREIGN_UNIT = "SYT"
FOREIGN_OFFICER = "cb.soyte"


def seed():
    call_command("seed_demo", stdout=io.StringIO())
    build_extras()


def _user(login, unit_code=None, role=None):
    from core.models import Membership, OrgUnit

    User = get_user_model()
    user, created = User.objects.get_or_create(username=login, defaults={"first_name": login})
    if created:
        user.set_password(PASSWORD)
        user.save()
    if unit_code:
        Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(code=unit_code), role=role)
    return user


def build_extras():
    from core.imports import registry
    from core.models import ImportJob, ImportStatus, Notification, OrgUnit, Period
    from reports import services as report_services
    from reports.models import JobStatus, Report, ReportJob, ReportKind

    for login, unit, role in EXTRA_USERS:
        _user(login, unit, role)
    User = get_user_model()
    soyte = User.objects.get(username=FOREIGN_OFFICER)
    syt = OrgUnit.objects.get(code=FOREIGN_UNIT)

    # The demo's SYT VTLT-DV of the open period is submitted, waiting for cv.cchc (approve/return).
    today = datetime.date.today()
    # SYT's own report (unit_cchc kind) with a finished job and its file.
    kind = ReportKind.objects.get(code="unit_cchc")
    # the latest six-month period that is not the year's end (that one takes the annual report)
    report_period = Period.objects.filter(type="six_month", code__endswith="-H1", start__lte=today).order_by("-start").first()
    report = Report.objects.filter(kind=kind, unit=syt, period=report_period).first()
    if report is None:
        report = report_services.create_report(None, kind, syt, report_period)  # headless: no access check
    job = ReportJob.objects.filter(report=report).first()
    if job is None:
        job = ReportJob.objects.create(report=report, requested_by=soyte, status=JobStatus.DONE, progress=100)
        job.file.save("bao-cao-syt.docx", ContentFile(b"PK\x03\x04 not really a docx"), save=True)

    # One import job per app, uploaded by the staff member who may import it there.
    owners = {"staffing": "cv.tcbc", "reform": "cv.cchc", "plans": "cv.tcbc", "archives": "cv.luutru",
              "religion": "cv.tongiao", "emulation": "cv.tdkt"}
    for app, login in owners.items():
        kind_spec = registry.kinds(app)[0]
        owner = User.objects.get(username=login)
        if not ImportJob.objects.filter(kind=kind_spec.key, user=owner).exists():
            job = ImportJob(kind=kind_spec.key, user=owner, status=ImportStatus.FAILED, original_name="x.xlsx",
                            message="Lỗi thử")
            job.file.save(f"{app}.xlsx", ContentFile(b"PK"), save=False)
            job.feedback.save(f"{app}-phan-hoi.xlsx", ContentFile(b"PK"), save=False)
            job.save()

    # A notification of another user.
    Notification.objects.get_or_create(user=soyte, key="access-matrix", defaults={
        "title": "Thông báo riêng của cán bộ Sở Y tế", "link": "/so-lieu/"})


def world():
    """Names and keys of the objects the URL kwargs are built from."""
    from collection.models import DataSet, Submission
    from core.imports import registry
    from core.models import ImportJob, Notification, OrgUnit, Period
    from emulation.models import AwardDecision, Proposal
    from plans.models import Directive, DirectiveItem, Plan, Task
    from reform.models import UnitIndexSet
    from reports.models import Report, ReportJob
    from staffing.models import CivilServant

    User = get_user_model()
    syt = OrgUnit.objects.get(code=FOREIGN_UNIT)
    today = datetime.date.today()
    ds = DataSet.objects.get(code="CCHC-DV")
    open_period = Period.objects.filter(type=ds.period_type, start__lte=today).order_by("-start").first()
    report = Report.objects.get(unit=syt)
    o = SimpleNamespace(
        syt=syt,
        # the collection form cases: (data set, unit, period)
        form_foreign=("VTLT-DV", "SYT", open_period.code),
        form_closed_history=("CCHC-DV", "VITHANH", "2021-H1"),
        form_moved_now=("CCHC-DV", "VITHANH-TANTIEN", open_period.code),
        open_period=open_period,
        notification=Notification.objects.get(key="access-matrix").pk,
        report=report.pk,
        report_section=report.sections.order_by("pk").first().pk,
        report_job=ReportJob.objects.filter(report=report).first().pk,
        province_report=Report.objects.exclude(unit=syt).order_by("pk").first().pk,
        civil_servant=CivilServant.objects.filter(unit=syt).first().ma_so,
        import_kind={app: registry.kinds(app)[0].key for app in
                     ("staffing", "reform", "plans", "archives", "religion", "emulation")},
        import_job={app: ImportJob.objects.get(kind=registry.kinds(app)[0].key).pk for app in
                    ("staffing", "reform", "plans", "archives", "religion", "emulation")},
        index_set=UnitIndexSet.objects.order_by("pk").first().pk,
        plan=Plan.objects.order_by("pk").first().pk,
        task=Task.objects.order_by("pk").first().pk,
        directive=Directive.objects.order_by("pk").first().pk,
        directive_item=DirectiveItem.objects.order_by("pk").first().pk,
        proposal=Proposal.objects.get(unit__code="P-VITHANH").pk,
        decision=AwardDecision.objects.order_by("pk").first().pk,
        phrase=_phrase_of("SNV-TDKT"),
        phrase_text=_phrase_text(_phrase_of("SNV-TDKT")),
        users={login: User.objects.get(username=login) for login in LOGINS.values()},
    )
    return o


def _phrase_of(office_code):
    """A phrase whose sections only `office_code` writes (its staff and admins may reword it)."""
    from core import reporting
    from core.models import OrgUnit
    from reports.selectors import phrase_offices

    office = OrgUnit.objects.get(code=office_code).pk
    return next(key for key in sorted(reporting.phrases()) if phrase_offices(key) == {office})


def _phrase_text(key):
    from core import reporting

    return reporting.get_phrase(key).default
