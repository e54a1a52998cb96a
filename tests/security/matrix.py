"""The access rules of every URL pattern, as a table (issue 17 item 3).

Each URL pattern of the project (by its qualified name, `namespace:name`) has one or more `Case`s:
how to build its kwargs from objects of another unit (`tests/security/world.py`), and which roles
may GET it and POST to it. Anyone else must get 403, 404 or 405 (never a page, a file or a
redirect into the app), an anonymous user the sign-in page, and a refused POST must write nothing.
A pattern without an entry fails `test_every_url_pattern_has_an_entry`.

Roles (world.LOGINS): anon; officer_closed (cb.vithanh: a district closed 30/6/2025 + Phường Vị
Thanh), officer_moved (cb.tantien: Xã Tân Tiến, moved under the province 1/7/2025); staff of each of
the nine offices of the Sở; leader; admin. The rules are DESIGN §1 / README «Roles»: officers reach
their units (for the time they were under them), the Sở's staff and leaders read the province,
registers are written by the office that keeps them, a job or a notification is its owner's.
"""

from dataclasses import dataclass, field
from typing import Callable

OFFICERS = frozenset({"officer_closed", "officer_moved"})
STAFF = frozenset({"staff_tcbc", "staff_cchc", "staff_xdcq", "staff_ttr", "staff_tdkt", "staff_ttlt", "staff_tg",
                   "staff_ccvc", "staff_vp"})
SO = STAFF | {"leader", "admin"}  # who reads the whole province
ANY = SO | OFFICERS  # every signed-in role
ADMIN = frozenset({"admin"})
NOBODY = frozenset()
ANON = frozenset({"anon"})


def office(*offices):
    """Staff of these offices (keys after «staff_») and admins."""
    return frozenset(f"staff_{o}" for o in offices) | ADMIN


@dataclass
class Case:
    kwargs: Callable = lambda o: {}
    get: frozenset = NOBODY
    post: frozenset = NOBODY
    data: Callable | None = None  # a valid POST payload (so a refusal is not just an invalid form)
    note: str = ""
    # GET/POST answers an allowed role may get besides 2xx/3xx (e.g. 404 for a feedback file not made)
    ok_status: tuple = ()
    path: str | None = None  # for patterns that are not reversed (the admin site)
    signs_out: bool = False  # the page signs the user out (fresh clients; the sign-in page is its answer)
    refused_redirect: str = ""  # a refusal may also be this redirect (the admin site's own sign-in)
    private: bool = True  # an officer's page must not name the foreign unit (False: the org tree, the plan…)
    label: str = ""


def form_cases(**sets):
    """The three forms every collection form URL is probed on."""
    foreign, closed, moved = sets["foreign"], sets["closed"], sets["moved"]
    return [
        Case(kwargs=lambda o: dict(zip(("data_set", "unit", "period"), o.form_foreign)), label="SYT", **foreign),
        Case(kwargs=lambda o: dict(zip(("data_set", "unit", "period"), o.form_closed_history)), label="VITHANH-2021",
             **closed),
        Case(kwargs=lambda o: dict(zip(("data_set", "unit", "period"), o.form_moved_now)), label="TANTIEN-now",
             **moved),
    ]


def _both(readers):
    return {"get": readers, "post": readers}


def RETURN_REASON(o):
    return {"reason": "Thiếu số liệu quý II, đề nghị bổ sung."}


def _import_cases(app, importers):
    """The six import URLs of an app: start/template for its importers; a job for its owner and admins."""
    owner = {"staffing": "staff_tcbc", "reform": "staff_cchc", "plans": "staff_tcbc", "archives": "staff_ttlt",
             "religion": "staff_tg", "emulation": "staff_tdkt"}[app]
    mine = frozenset({owner, "admin"})
    return {
        f"{app}:import_start": [Case(get=importers, post=importers)],
        # the template and the feedback file answer POST as GET
        f"{app}:import_template": [Case(kwargs=lambda o: {"kind": o.import_kind[app]}, get=importers, post=importers)],
        f"{app}:import_job": [Case(kwargs=lambda o: {"pk": o.import_job[app]}, get=mine, post=mine)],
        f"{app}:import_confirm": [Case(kwargs=lambda o: {"pk": o.import_job[app]}, post=mine)],
        f"{app}:import_rerun": [Case(kwargs=lambda o: {"pk": o.import_job[app]}, post=mine)],
        f"{app}:import_feedback": [Case(kwargs=lambda o: {"pk": o.import_job[app]}, get=mine, post=mine)],
    }


def _register_cases(app, writers, readers=ANY):
    """The four register URLs of an app, probed on every register of its set (tests expand them)."""
    return {
        f"{app}:register_list": [Case(get=readers, post=readers, label="register")],  # POST reads as GET
        f"{app}:register_create": [Case(get=writers, post=writers, label="register")],
        f"{app}:register_edit": [Case(get=writers, post=writers, label="register-row")],
        f"{app}:register_delete": [Case(get=writers, post=writers, label="register-row")],
    }


STAFFING_WRITERS = STAFF | ADMIN

RULES = {
    # --------------------------------------------------------------------------- core
    "home": [Case(get=ANY, post=ANY)],
    "panel_export": [Case(kwargs=lambda o: {"key": "tien-do-gui-bao-cao"}, get=frozenset({"leader", "admin"}))],
    "unit_list": [Case(get=ANY, post=ANY)],
    "unit_detail": [Case(kwargs=lambda o: {"code": "SYT"}, get=SO, post=SO)],
    "period_list": [Case(get=ANY, post=ANY)],
    "document_list": [Case(get=SO, post=SO)],  # legal documents: the Sở's register
    "document_options": [Case(get=SO)],
    "login": [Case(get=ANON | ANY, post=ANON | ANY)],
    "logout": [Case(get=NOBODY, post=ANON | ANY, signs_out=True)],
    "password_change": [Case(get=ANY, post=ANY)],
    "password_change_done": [Case(get=ANY)],
    "admin": [Case(path="/quan-tri/", get=ADMIN, post=ADMIN, label="index", refused_redirect="/quan-tri/login/"),
              Case(path="/quan-tri/core/membership/", get=ADMIN, post=ADMIN, label="memberships",
                   refused_redirect="/quan-tri/login/")],
    # --------------------------------------------------------------------------- collection
    "collection:my_forms": [Case(get=ANY, post=ANY)],
    "collection:review_queue": [Case(get=STAFF | ADMIN, post=STAFF | ADMIN)],  # the reviewers' queue
    # officers see their own subtree's progress (the foreign unit's name must not show)
    "collection:completeness": [Case(get=ANY, post=ANY)],
    "collection:dashboard": [Case(get=ANY, post=ANY)],
    "collection:notifications_read_all": [Case(post=ANY)],
    "collection:notification_open": [Case(kwargs=lambda o: {"pk": o.notification}, note="another user's")],
    "collection:notifications": [Case(get=ANY)],
    # the pickers' lookups (core/pickers.py): each source decides who may look it up
    "picker_options": [
        Case(kwargs=lambda o: {"source": "don-vi"}, get=ANY, label="don-vi"),
        Case(kwargs=lambda o: {"source": "nguoi"}, get=STAFF | OFFICERS | ADMIN, label="nguoi"),
        Case(kwargs=lambda o: {"source": "don-vi-nhan-su"}, get=STAFF | OFFICERS | ADMIN, label="don-vi-nhan-su"),
        Case(kwargs=lambda o: {"source": "quyet-dinh-khen-thuong"}, get=office("tdkt"), label="quyet-dinh"),
        Case(kwargs=lambda o: {"source": "don-vi-de-nghi"}, get=ANY, label="don-vi-de-nghi"),
        Case(kwargs=lambda o: {"source": "don-vi-giao-viec"}, get=STAFF | ADMIN, label="don-vi-giao-viec", private=False),
    ],  # one's own list; marking is a POST elsewhere
    "collection:notification_read": [Case(kwargs=lambda o: {"pk": o.notification}, note="another user's")],
    "collection:entry": form_cases(
        foreign={"get": SO, "post": ADMIN}, closed={"get": SO | {"officer_closed"}, "post": ADMIN},
        moved={"get": SO | {"officer_moved"}, "post": ADMIN | {"officer_moved"}}),
    # CCHC-DV and VTLT-DV are reviewed by Phòng CCHC-VTLT; a draft (Tân Tiến's) has nothing to review
    "collection:approve": form_cases(
        foreign={"post": office("cchc")}, closed={"post": office("cchc")}, moved={"post": NOBODY}),
    "collection:return": form_cases(
        foreign={"post": office("cchc"), "data": RETURN_REASON}, closed={"post": office("cchc"), "data": RETURN_REASON},
        moved={"post": NOBODY, "data": RETURN_REASON}),
    "collection:excel_download": form_cases(
        foreign={"get": SO}, closed={"get": SO | {"officer_closed"}}, moved={"get": SO | {"officer_moved"}}),
    "collection:excel_upload": form_cases(
        foreign={"post": ADMIN}, closed={"post": ADMIN}, moved={"post": ADMIN | {"officer_moved"}}),
    # no feedback file was made: readers get 404 too, the others get it before the file is looked up
    "collection:excel_feedback": form_cases(
        foreign={"get": SO, "ok_status": (404,)}, closed={"get": SO | {"officer_closed"}, "ok_status": (404,)},
        moved={"get": SO | {"officer_moved"}, "ok_status": (404,)}),
    # the history page answers POST as GET (it writes nothing)
    "collection:history": form_cases(
        foreign=_both(SO), closed=_both(SO | {"officer_closed"}), moved=_both(SO | {"officer_moved"})),
    # --------------------------------------------------------------------------- reports
    "reports:list": [Case(get=ANY)],
    "reports:phrases": [Case(get=STAFF | ADMIN, post=STAFF | ADMIN)],
    "reports:phrase_edit": [Case(kwargs=lambda o: {"key": o.phrase}, get=office("tdkt"), post=office("tdkt"),
                                 data=lambda o: {"text": o.phrase_text})],
    "reports:phrase_preview": [Case(kwargs=lambda o: {"key": o.phrase}, post=office("tdkt"),
                                    data=lambda o: {"text": o.phrase_text})],
    "reports:create": [Case(get=SO | OFFICERS, post=SO | OFFICERS)],
    "reports:detail": [Case(kwargs=lambda o: {"pk": o.report}, get=SO)],
    # SYT's own report: its officers (not probed) and admins bring it up to date; the Sở only reads it
    "reports:outline_update": [Case(kwargs=lambda o: {"pk": o.report}, get=ADMIN, post=ADMIN)],
    "reports:section_save": [Case(kwargs=lambda o: {"pk": o.report, "section_pk": o.report_section}, post=ADMIN)],
    "reports:approve": [Case(kwargs=lambda o: {"pk": o.report}, post=frozenset({"leader", "admin"}))],
    "reports:request_docx": [Case(kwargs=lambda o: {"pk": o.report}, post=SO)],
    "reports:job_status": [Case(kwargs=lambda o: {"pk": o.report, "job_pk": o.report_job}, get=SO)],
    "reports:rerun_job": [Case(kwargs=lambda o: {"pk": o.report, "job_pk": o.report_job}, post=STAFF | ADMIN)],
    "reports:request_pdf": [Case(kwargs=lambda o: {"pk": o.report, "job_pk": o.report_job}, post=SO)],
    "reports:download": [Case(kwargs=lambda o: {"pk": o.report, "job_pk": o.report_job}, get=SO)],
    # the job has no PDF made: its readers get 404 as well
    "reports:download_pdf": [Case(kwargs=lambda o: {"pk": o.report, "job_pk": o.report_job}, get=SO, ok_status=(404,))],
    # --------------------------------------------------------------------------- staffing
    "staffing:civil_servant_list": [Case(get=ANY, post=ANY)],
    "staffing:civil_servant_export": [Case(get=ANY - {"leader"}, post=ANY - {"leader"})],  # names: not leaders
    "staffing:civil_servant_detail": [Case(kwargs=lambda o: {"ma_so": o.civil_servant}, get=STAFF | ADMIN,
                                           post=STAFF | ADMIN)],
    "staffing:action_list": [Case(get=ANY, post=ANY)],
    "staffing:quota_list": [Case(get=ANY, post=ANY)],
    **_import_cases("staffing", STAFF | ADMIN),
    **_register_cases("staffing", STAFFING_WRITERS),
    # --------------------------------------------------------------------------- reform
    # officers see their own unit's row (not the foreign unit's)
    "reform:dashboard": [Case(get=ANY, post=ANY)],
    "reform:dashboard_export": [Case(get=ANY, post=ANY)],
    "reform:index_results": [Case(get=ANY, post=ANY)],
    "reform:unit_index": [Case(get=ANY, post=ANY)],
    "reform:index_set_detail": [Case(kwargs=lambda o: {"pk": o.index_set}, get=ANY, post=ANY)],
    "reform:score_sheet": [Case(kwargs=lambda o: {"pk": o.index_set, "unit_code": "SYT"}, get=SO, post=office("cchc"))],
    "reform:inspections": [Case(get=ANY, post=ANY)],
    "reform:initiatives": [Case(get=ANY, post=ANY)],
    **_register_cases("reform", office("cchc")),
    **_import_cases("reform", office("cchc")),
    # --------------------------------------------------------------------------- plans
    "plans:plan_list": [Case(get=ANY, post=STAFF | ADMIN)],
    "plans:overdue": [Case(get=ANY, post=ANY)],
    # the plan, its tasks and the directives are the Sở's: officers reach only items given to their units
    "plans:plan_detail": [Case(kwargs=lambda o: {"pk": o.plan}, get=SO, post=SO)],
    "plans:task_create": [Case(kwargs=lambda o: {"pk": o.plan}, get=STAFF | ADMIN, post=STAFF | ADMIN)],
    "plans:task_edit": [Case(kwargs=lambda o: {"pk": o.plan, "task_pk": o.task}, get=STAFF | ADMIN,
                             post=STAFF | ADMIN)],
    "plans:task_detail": [Case(kwargs=lambda o: {"pk": o.task}, get=SO, post=office("ccvc"))],  # its lead office
    "plans:directive_list": [Case(get=ANY, post=STAFF | ADMIN)],
    "plans:directive_detail": [Case(kwargs=lambda o: {"pk": o.directive}, get=SO, post=STAFF | ADMIN)],
    "plans:item_report": [Case(kwargs=lambda o: {"pk": o.directive_item}, post=office("tcbc"))],  # its assignee
    **_import_cases("plans", STAFF | ADMIN),
    # --------------------------------------------------------------------------- archives
    "archives:home": [Case(get=ANY, post=ANY)],
    **_import_cases("archives", office("ttlt", "cchc")),
    **_register_cases("archives", office("ttlt", "cchc")),
    # --------------------------------------------------------------------------- religion
    "religion:home": [Case(get=ANY, post=ANY)],
    **_import_cases("religion", office("tg")),
    **_register_cases("religion", office("tg")),
    # --------------------------------------------------------------------------- emulation
    "emulation:index": [Case(get=ANY, post=ANY)],
    "emulation:proposals": [Case(get=ANY, post=ANY)],
    # units propose (the Sở for its own people too); leaders never enter data
    "emulation:proposal_create": [Case(get=OFFICERS | STAFF | ADMIN, post=OFFICERS | STAFF | ADMIN)],
    # Phường Vị Thanh's submitted proposal: its officer (cb.vithanh) and the Sở read it, Tân Tiến's does not
    "emulation:proposal": [Case(kwargs=lambda o: {"pk": o.proposal}, get=SO | {"officer_closed"},
                                post=SO | {"officer_closed"})],
    # only a returned proposal is sent again: this one is not, so nobody may
    "emulation:proposal_resubmit": [Case(kwargs=lambda o: {"pk": o.proposal})],
    "emulation:proposal_return": [Case(kwargs=lambda o: {"pk": o.proposal}, post=office("tdkt"))],
    "emulation:proposal_accept": [Case(kwargs=lambda o: {"pk": o.proposal}, post=office("tdkt"))],
    "emulation:decisions": [Case(get=ANY, post=ANY)],
    # a 2021 decision awarding Vị Thanh's units: the closed district's officer keeps reading it
    "emulation:decision": [Case(kwargs=lambda o: {"pk": o.decision}, get=SO | {"officer_closed"},
                                post=SO | {"officer_closed"})],
    "emulation:clusters": [Case(get=ANY, post=ANY, private=False)],  # the clusters name their member units
    "emulation:statistics": [Case(get=ANY, post=ANY)],
    "emulation:statistics_xlsx": [Case(get=ANY, post=ANY)],
    **_import_cases("emulation", office("tdkt")),
    **_register_cases("emulation", office("tdkt")),
}
