"""The permanent access matrix (issue 17 item 3): every URL pattern of the project, GET and POST, as
every role, on objects of another unit; the rules are the table in tests/security/matrix.py.

- an anonymous user is sent to the sign-in page (except where the table lets «anon» in);
- a role the table allows gets a page, a file or a redirect into the app (< 400);
- any other role gets 403, 404 or 405 — never a page — and a refused POST writes nothing
  (no INSERT/UPDATE/DELETE reaches the database; sessions and the login throttle aside);
- no request answers 500;
- a URL pattern without an entry fails (and an entry without a pattern too), so a new page cannot
  slip in unprobed.
"""

import re
import sys
import types

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from tests.conftest import seeded_per_module, use_seed
from tests.security import world
from tests.security.matrix import RULES, STAFF, Case

# Marked, so pytest-django sets the test database up even when this module runs alone (the seed is
# asked for from a module fixture, which it does not see when it collects the tests).
pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------------------------- patterns


def pattern_keys(resolver=None, namespace=""):
    """{key: route} of every URL pattern: `namespace:name` (unnamed: the route); the admin site is one
    key, «admin» (its own permission, is_staff, guards all of it)."""
    resolver = resolver or get_resolver()
    keys = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                keys["admin"] = str(entry.pattern)
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            keys.update(pattern_keys(entry, inner))
        elif isinstance(entry, URLPattern):
            keys[f"{namespace}{entry.name}" if entry.name else str(entry.pattern)] = str(entry.pattern)
    return keys


def missing_entries(rules=RULES, urlconf=None):
    """(patterns without an entry, entries without a pattern)."""
    keys = pattern_keys(get_resolver(urlconf))
    return sorted(set(keys) - set(rules)), sorted(set(rules) - set(keys))


def test_every_url_pattern_has_an_entry():
    unprobed, stale = missing_entries()
    assert not unprobed, f"URL chưa có dòng trong tests/security/matrix.py: {unprobed}"
    assert not stale, f"Dòng của matrix.py không còn URL nào: {stale}"


def test_a_pattern_added_without_an_entry_fails_the_matrix():
    """A dummy urlconf: the project's patterns plus one page nobody described."""
    from homeaffairs import urls as project_urls

    module = types.ModuleType("tests.security._dummy_urls")
    module.urlpatterns = [path("trang-moi-chua-khai-bao/", lambda request: None, name="new_page"),
                          *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    try:
        with override_settings(ROOT_URLCONF=module.__name__):
            unprobed, stale = missing_entries(urlconf=module.__name__)
    finally:
        del sys.modules[module.__name__]
    assert unprobed == ["new_page"] and stale == []


# --------------------------------------------------------------------------------------------- world

_seed = seeded_per_module(world.seed)


def signed_in(login):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=login))
    return client


@pytest.fixture(scope="module")
def clients(_seed, django_db_blocker):
    """One signed-in client per role (sessions committed with the module's seed)."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        result = {"anon": Client()}
        for role, login in world.LOGINS.items():
            client = Client()
            client.force_login(get_user_model().objects.get(username=login))
            result[role] = client
        objects = world.world()
    return result, objects


@pytest.fixture
def probe(clients, request):
    use_seed(request, world.seed)
    return clients


# --------------------------------------------------------------------------------------------- requests

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
# Writes that are not the data's: the session, the login throttle, last_login.
IGNORED_TABLES = ("django_session", "axes_", "auth_user")
LOGIN_PATH = "/dang-nhap/"
# When every office may, the allowed requests of seven offices are skipped (their refusals never are).
SAMPLED_OUT = STAFF - {"staff_tcbc", "staff_vp"}
# Officers never see the foreign unit by name on a page they may open (0 reads outside their units).
FOREIGN_NAME = "Sở Y tế"
OFFICER_ROLES = ("officer_closed", "officer_moved")


def writes(queries):
    found = []
    for query in queries:
        sql = query["sql"]
        if not WRITE.match(sql):
            continue
        table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?([\w]+)"?', sql, re.I)
        if table and table.group(1).startswith(IGNORED_TABLES):
            continue
        found.append(sql[:160])
    return found


def leaks(response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return FOREIGN_NAME in response.content.decode()


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PATH)


def register_targets(key, case, o):
    """A register URL expands to every register of its app's set; edit/delete to a row of another
    unit (SYT's when the register has one)."""
    from core.registers import views as register_views  # noqa: F401 (sets are built by the apps' urls)

    app = key.split(":")[0]
    registers = registers_of(app)
    targets = []
    for register in registers.registers:
        kwargs = {"register": register.slug}
        if case.label == "register-row":
            row = foreign_row(register)
            if row is None:
                continue
            kwargs["pk"] = row.pk
        targets.append((register.slug, kwargs))
    return targets


def registers_of(app):
    from importlib import import_module

    from core.registers import RegisterSet

    module = import_module(f"{app}.registers")
    return next(value for value in vars(module).values() if isinstance(value, RegisterSet))


OFFICER_UNITS = ("VITHANH", "P-VITHANH", "VITHANH-TANTIEN")


def foreign_row(register):
    """A row neither probing officer reaches: of a unit outside Vị Thanh and Tân Tiến (else any row)."""
    from core.models import OrgUnit

    qs = register.model.objects.order_by("pk")
    field_names = {f.name for f in register.model._meta.get_fields()}
    if register.unit_field in field_names:
        mine = OrgUnit.objects.filter(code__in=OFFICER_UNITS)
        under = set()
        for unit in mine:
            under |= set(OrgUnit.objects.descendants_of(unit).values_list("pk", flat=True))
        if register.unit_many:
            qs = qs.exclude(**{f"{register.unit_field}__in": under}).filter(**{f"{register.unit_field}__isnull": False})
        else:
            qs = qs.exclude(**{f"{register.unit_field}__in": under}).filter(**{f"{register.unit_field}__isnull": False})
    return qs.first()


def targets(key, case, o):
    """[(label, url, full)]: `full` False asks the allowed roles only once (the registers after an
    app's first share its views and rules; every refusal is still asked)."""
    if case.path:
        return [(case.label, case.path, True)]
    if ":register_" in key:
        return [(label, reverse(key, kwargs=kwargs), i == 0)
                for i, (label, kwargs) in enumerate(register_targets(key, case, o))]
    return [(case.label, reverse(key, kwargs=case.kwargs(o)), True)]


def check(role, method, url, allowed, case, client, o):
    """A problem (str) or None."""
    data = case.data(o) if case.data else {}
    if case.signs_out and role != "anon":
        client = signed_in(world.LOGINS[role])
    # each request in its own rolled-back savepoint: every role meets the objects as the seed left them
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    status = response.status_code
    where = f"{method.upper()} {url} as {role}: {status}"
    if status >= 500:
        return f"{where} (lỗi máy chủ)"
    refused_redirect = bool(case.refused_redirect) and status == 302 and response["Location"].startswith(
        case.refused_redirect)
    if role == "anon" and "anon" not in allowed:
        if not (is_login_redirect(response) or status == 405 or refused_redirect):
            return f"{where}, expected the sign-in page"
        return None
    if role in allowed:
        if status >= 400 and status not in case.ok_status:
            return f"{where}, expected allowed"
        if is_login_redirect(response) and not case.signs_out:
            return f"{where}, sent to sign in although allowed"
        if role in OFFICER_ROLES and case.private and leaks(response):
            return f"{where}, shows «{FOREIGN_NAME}» to an officer of another unit"
        return None
    if status not in (403, 404, 405) and not refused_redirect:
        return f"{where}, expected refused (403/404/405)"
    if method == "post":
        written = writes(queries.captured_queries)
        if written:
            return f"{where}, refused but wrote: {written[:3]}"
    return None


def asked_staff(asked, allowed, role):
    """After an app's first register, one staff member stands for the offices on the same side of the
    rule as `role` (the set's rule is one for all its registers); officers, leader and admin are always asked."""
    same_side = {r for r in asked if r in STAFF and (r in allowed) == (role in allowed)}
    return {role} if same_side else set()


def run_key(key, clients, o):
    problems = []
    for case in RULES[key]:
        for label, url, full in targets(key, case, o):
            for method, allowed in (("get", case.get), ("post", case.post)):
                asked = set()
                for role in world.ROLES:
                    if role in allowed and role in SAMPLED_OUT and STAFF <= allowed:
                        continue  # the offices alike here: two of them stand for all nine
                    if not full and role in STAFF and role in asked_staff(asked, allowed, role):
                        continue
                    if role in allowed and not full and asked & allowed:
                        continue
                    asked.add(role)
                    problem = check(role, method, url, allowed, case, clients[role], o)
                    if problem:
                        problems.append(f"[{label}] {problem}" if label else problem)
    return problems


@pytest.mark.parametrize("key", sorted(RULES))
def test_access_matrix(probe, key):
    clients, o = probe
    problems = run_key(key, clients, o)
    assert not problems, "\n".join(problems)


def test_media_files_are_never_served_by_url(probe):
    """Report files, import uploads and feedback files are reached only through the views above:
    /media/… answers 404 to every role, the owner's and the admin's too."""
    from core.models import ImportJob
    from reports.models import ReportJob

    clients, o = probe
    names = [ReportJob.objects.get(pk=o.report_job).file.name]
    names += [job.file.name for job in ImportJob.objects.all()] + [job.feedback.name for job in ImportJob.objects.all()]
    problems = []
    for name in names:
        for role in world.ROLES:
            status = clients[role].get(f"/media/{name}").status_code
            if status != 404:
                problems.append(f"/media/{name} as {role}: {status}")
    assert names and not problems, problems


# --------------------------------------------------------------------------------------------- query strings

# Every parameter name a page of the portal reads from its query string, each given the same value.
QUERY_NAMES = ["nam", "year", "ky", "loai", "don_vi", "trang", "q", "unit", "trang_thai", "chi-tieu", "truong", "tu",
               "den", "linh_vuc", "phong", "qua_han", "cap", "kind", "status", "trong", "loai_hinh", "dip"]
# Numbers that parse but name no real year or page, and junk.
QUERY_VALUES = ["-1", "99999999999999999999", "x\x00<script>"]


def test_a_cluster_year_out_of_range_is_ignored_not_a_500(probe):
    clients, _o = probe
    for year in ("-1", "1", "99999", "99999999999999999999"):  # each used to raise ValueError/OverflowError
        response = clients["admin"].get(reverse("emulation:clusters"), {"nam": year})
        assert response.status_code == 200, year


def test_hostile_query_strings_never_answer_500(probe):
    """Every page the admin may open (the widest reach), with every known query parameter hostile."""
    clients, o = probe
    client = Client(raise_request_exception=False)
    client.cookies = clients["admin"].cookies
    failures = []
    for key in sorted(RULES):
        case = RULES[key][0]
        if "admin" not in case.get or case.signs_out:
            continue
        for _label, url, full in targets(key, case, o):
            if not full:
                continue
            for value in QUERY_VALUES:
                status = client.get(url, {name: value for name in QUERY_NAMES}).status_code
                if status >= 500:
                    failures.append(f"{url} ?…={value!r}: {status}")
    assert not failures, "\n".join(failures)
