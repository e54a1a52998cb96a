"""Every core URL × every role: status, scope, content, and SQL queries independent of the tree size.

The fixture builds its own small province (`build_portal_tree`) with the demo codes and the demo
logins of `core.demo`, so these tests don't depend on the demo seed. `tests/core/test_auth.py` and
`tests/browser/` reuse the builder.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import demo, services
from core.models import DocumentStyle, DocumentType, LegalDocument, Membership, OrgUnit, OrgUnitKind

pytestmark = pytest.mark.django_db

D = datetime.date
DISTRICTS_LAST_DAY = D(2025, 6, 30)
REFORM_DAY = D(2025, 7, 1)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---------------------------------------------------------------------------------------------
# The small province (shared with test_auth and the browser tests)
# ---------------------------------------------------------------------------------------------


def build_portal_tree(extra_communes=0):
    """HG (province) → SNV (with the offices of the demo logins: SNV-TCBC, SNV-CCHC, SNV-XDCQ,
    SNV-TTR, SNV-TDKT, SNV-TTLT, SNV-TG), SYT, districts VITHANH and NGABAY (closed 30/6/2025) with communes;
    VITHANH-HOALUU merged into X-HOALUU on 1/7/2025.
    Users: every login of `core.demo.DEMO_USERS`, password `core.demo.DEMO_PASSWORD`, with those of
    their memberships whose unit is in this small tree (cb.hoaluu: also X-HOALUU).
    Periods of this year and the previous one; a few legal documents."""
    create = services.create_unit
    hg = create(code="HG", name="Ủy ban nhân dân tỉnh Hậu Giang", short_name="UBND tỉnh", kind=OrgUnitKind.PROVINCE, rebuild=False)
    snv = create(code="SNV", name="Sở Nội vụ tỉnh Hậu Giang", short_name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS, parent=hg, sort_order=1, rebuild=False)
    create(code="SNV-TCBC", name="Phòng Tổ chức - Biên chế", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=1, rebuild=False)
    create(code="SNV-TDKT", name="Ban Thi đua - Khen thưởng", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=2, rebuild=False)
    create(code="SNV-CCHC", name="Phòng Cải cách hành chính - Văn thư lưu trữ", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=3, rebuild=False)
    create(code="SNV-XDCQ", name="Phòng Xây dựng chính quyền và Công tác thanh niên", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=4, rebuild=False)
    create(code="SNV-TTR", name="Thanh tra Sở", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=5, rebuild=False)
    create(code="SNV-TTLT", name="Trung tâm Lưu trữ lịch sử", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=6, rebuild=False)
    create(code="SNV-TG", name="Ban Tôn giáo", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=7, rebuild=False)
    create(code="SYT", name="Sở Y tế", kind=OrgUnitKind.DEPARTMENT, parent=hg, sort_order=10, rebuild=False)
    vithanh = create(code="VITHANH", name="Thành phố Vị Thanh", kind=OrgUnitKind.DISTRICT, parent=hg, sort_order=100, rebuild=False)
    ngabay = create(code="NGABAY", name="Thành phố Ngã Bảy", kind=OrgUnitKind.DISTRICT, parent=hg, sort_order=101, rebuild=False)
    hoaluu = create(code="VITHANH-HOALUU", name="Xã Hỏa Lựu", kind=OrgUnitKind.COMMUNE, parent=vithanh, rebuild=False)
    create(code="VITHANH-P1", name="Phường I", kind=OrgUnitKind.COMMUNE, parent=vithanh, sort_order=1, rebuild=False)
    create(code="NGABAY-LAIHIEU", name="Phường Lái Hiếu", kind=OrgUnitKind.COMMUNE, parent=ngabay, rebuild=False)
    services.merge_units([hoaluu], on=REFORM_DAY, code="X-HOALUU", name="Xã Hỏa Lựu (mới)", kind=OrgUnitKind.COMMUNE, parent=hg, sort_order=200, rebuild=False)
    for district in (vithanh, ngabay):
        services.close_unit(district, last_day=DISTRICTS_LAST_DAY, rebuild=False)
    services.rebuild_ancestry()
    if extra_communes:
        add_communes(extra_communes)

    units = {u.code: u for u in OrgUnit.objects.all()}
    User = get_user_model()
    for spec in demo.DEMO_USERS:
        last, _, first = spec["name"].rpartition(" ")
        user = User(username=spec["username"], first_name=first, last_name=last)
        user.is_staff = user.is_superuser = spec["role"] == "admin"
        user.set_password(demo.DEMO_PASSWORD)
        user.save()
        for code, role, position in demo.memberships_of(spec):
            if code in units:
                Membership.objects.create(user=user, unit=units[code], role=role, position=position)

    year = timezone.localdate().year
    for y in (year - 1, year):
        services.create_periods(y)

    LegalDocument.objects.create(
        doc_type=DocumentType.DECISION, style=DocumentStyle.NORMATIVE, number="05", year=2021, symbol="QĐ-UBND",
        issued_on=D(2021, 3, 18), issuer="Ủy ban nhân dân tỉnh Hậu Giang", subject="ban hành quy chế thi đua, khen thưởng",
    )
    LegalDocument.objects.create(
        doc_type=DocumentType.PLAN, number="97", symbol="KH-UBND", issued_on=D(2020, 12, 30),
        issuer="Ủy ban nhân dân tỉnh Hậu Giang", subject="về thực hiện công tác nội vụ năm 2021",
    )
    LegalDocument.objects.create(
        doc_type=DocumentType.RESOLUTION, style=DocumentStyle.PARTY, number="19", symbol="NQ/TW", issued_on=D(2017, 10, 25),
        issuer="Ban Chấp hành Trung ương", subject="về tiếp tục đổi mới hệ thống tổ chức và quản lý đơn vị sự nghiệp công lập",
    )
    return units


def add_communes(n, start=0):
    """`n` more communes: half under VITHANH (closed with it), half directly under HG (active)."""
    hg = OrgUnit.objects.get(code="HG")
    vithanh = OrgUnit.objects.get(code="VITHANH")
    for i in range(start, start + n):
        if i % 2:
            services.create_unit(code=f"VITHANH-X{i:03d}", name=f"Xã Thử {i:03d}", kind=OrgUnitKind.COMMUNE, parent=vithanh,
                                 valid_to=DISTRICTS_LAST_DAY, rebuild=False)
        else:
            services.create_unit(code=f"XA-{i:03d}", name=f"Xã Mới {i:03d}", kind=OrgUnitKind.COMMUNE, parent=hg, rebuild=False)
    services.rebuild_ancestry()


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def tree(fast_passwords):
    return build_portal_tree()


def client_for(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def nav_keys(html):
    return re.findall(r'data-nav="([^"]+)"', html)


ROLES = {
    "quantri": "admin",
    "giamdoc": "leader",
    "cv.tcbc": "staff",
    "cv.cchc": "staff",
    "cv.xdcq": "staff",
    "cv.thanhtra": "staff",
    "cv.tdkt": "staff",
    "cb.vithanh": "officer",
    "cb.hoaluu": "officer",
    "cb.soyte": "officer",
}
USERNAMES = list(ROLES)
OFFICERS = [u for u, r in ROLES.items() if r == "officer"]


# ---------------------------------------------------------------------------------------------
# Anonymous: every page asks to sign in
# ---------------------------------------------------------------------------------------------

PROTECTED = [
    reverse("home"),
    reverse("unit_list"),
    reverse("unit_detail", args=["HG"]),
    reverse("unit_detail", args=["KHONG-CO"]),
    reverse("period_list"),
    reverse("document_list"),
    reverse("password_change"),
    reverse("password_change_done"),
]


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_is_sent_to_login(client, tree, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_urls_are_vietnamese():
    assert reverse("login") == "/dang-nhap/"
    assert reverse("logout") == "/dang-xuat/"
    assert reverse("password_change") == "/doi-mat-khau/"
    assert reverse("unit_list") == "/don-vi/"
    assert reverse("period_list") == "/ky-bao-cao/"
    assert reverse("document_list") == "/van-ban/"


def test_anonymous_sees_login_page(client, tree):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'data-nav="' not in response.content.decode()


def test_logout_is_post_only(client, tree):
    client_for(client, "giamdoc")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302
    # Anonymous POST is harmless.
    assert client.post(reverse("logout")).status_code == 302


# ---------------------------------------------------------------------------------------------
# Role × URL
# ---------------------------------------------------------------------------------------------

EVERYONE_200 = ["home", "unit_list", "period_list", "password_change", "password_change_done"]


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("name", EVERYONE_200)
def test_common_pages_open_for_every_role(client, tree, username, name):
    assert client_for(client, username).get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "username,status", [("quantri", 200), ("giamdoc", 200), ("cv.tcbc", 200), ("cv.tdkt", 200),
                        ("cb.vithanh", 403), ("cb.hoaluu", 403), ("cb.soyte", 403)]
)
def test_documents_for_staff_leader_admin_only(client, tree, username, status):
    response = client_for(client, username).get(reverse("document_list"))
    assert response.status_code == status
    if status == 403:
        body = response.content.decode()
        assert "Không có quyền truy cập" in body
        assert '<html lang="vi">' in body


# Which unit pages each login may open (everything else → 404).
READABLE = {
    "quantri": {"HG", "SNV", "SNV-TCBC", "SYT", "VITHANH", "NGABAY", "VITHANH-HOALUU", "NGABAY-LAIHIEU", "X-HOALUU"},
    "giamdoc": {"HG", "SNV", "SNV-TCBC", "SYT", "VITHANH", "NGABAY", "VITHANH-HOALUU", "NGABAY-LAIHIEU", "X-HOALUU"},
    "cv.tcbc": {"HG", "SNV", "SNV-TCBC", "SYT", "VITHANH", "NGABAY", "VITHANH-HOALUU", "NGABAY-LAIHIEU", "X-HOALUU"},
    "cb.vithanh": {"VITHANH", "VITHANH-HOALUU", "VITHANH-P1"},
    "cb.hoaluu": {"VITHANH-HOALUU", "X-HOALUU"},
    "cb.soyte": {"SYT"},
}
PROBED = ["HG", "SNV", "SNV-TCBC", "SYT", "VITHANH", "NGABAY", "VITHANH-HOALUU", "NGABAY-LAIHIEU", "X-HOALUU", "VITHANH-P1"]


@pytest.mark.parametrize("username", list(READABLE))
@pytest.mark.parametrize("code", PROBED)
def test_unit_detail_scope(client, tree, username, code):
    response = client_for(client, username).get(reverse("unit_detail", args=[code]))
    if code in READABLE[username] or username in ("quantri", "giamdoc", "cv.tcbc"):
        assert response.status_code == 200, (username, code)
    else:
        assert response.status_code == 404, (username, code)


def test_officer_of_another_district_gets_404_not_403(client, tree):
    client_for(client, "cb.vithanh")
    for code in ("NGABAY", "NGABAY-LAIHIEU"):
        response = client.get(reverse("unit_detail", args=[code]))
        assert response.status_code == 404
        body = response.content.decode()
        assert "Không tìm thấy trang" in body
        assert "Ngã Bảy" not in body and "Lái Hiếu" not in body
    # Same answer as a code that doesn't exist.
    assert client.get(reverse("unit_detail", args=["KHONG-CO"])).status_code == 404


# ---------------------------------------------------------------------------------------------
# Navigation (the one list in core.selectors.NAV_ITEMS)
# ---------------------------------------------------------------------------------------------

EXPECTED_NAV = {
    "admin": ["home", "units", "periods", "documents", "data", "review", "progress", "reports", "staffing", "reform",
              "emulation", "religion", "archives", "plans", "admin"],
    "leader": ["home", "units", "periods", "documents", "progress", "reports", "staffing", "reform", "emulation",
               "religion", "archives", "plans"],
    "staff": ["home", "units", "periods", "documents", "data", "review", "progress", "reports", "staffing", "reform",
              "emulation", "religion", "archives", "plans"],
    "officer": ["home", "units", "periods", "data", "progress", "reports", "staffing", "reform", "emulation", "religion",
                "plans"],
}


@pytest.mark.parametrize("username", USERNAMES)
def test_navigation_by_role(client, tree, username):
    html = client_for(client, username).get(reverse("home")).content.decode()
    assert nav_keys(html) == EXPECTED_NAV[ROLES[username]]
    # Every nav link resolves to a page the user may open.
    for href in re.findall(r'data-nav="[^"]+">\s*<a class="nav-link[^"]*" href="([^"]+)"', html):
        if href.startswith("/quan-tri/"):
            continue
        assert client.get(href).status_code == 200, href


def test_nav_marks_the_current_page(client, tree):
    html = client_for(client, "giamdoc").get(reverse("period_list")).content.decode()
    assert re.search(r'data-nav="periods">\s*<a class="nav-link active"', html)
    assert not re.search(r'data-nav="home">\s*<a class="nav-link active"', html)


def test_admin_nav_links_to_django_admin(client, tree):
    html = client_for(client, "quantri").get(reverse("home")).content.decode()
    assert 'href="/quan-tri/"' in html
    assert client.get("/quan-tri/").status_code == 200


# ---------------------------------------------------------------------------------------------
# Pages' content
# ---------------------------------------------------------------------------------------------


def test_base_layout(client, tree):
    html = client_for(client, "cb.vithanh").get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert "CỔNG BÁO CÁO SỞ NỘI VỤ" in html
    assert "Phạm Thị Hồng" in html and "Thành phố Vị Thanh" in html
    # Logout is a POST form with a CSRF token.
    assert re.search(r'<form method="post" action="/dang-xuat/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert "Đăng xuất" in html
    # Vendored assets only: no CDN.
    assert "/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css" in html
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in html
    assert "cdn" not in html.lower()


def test_home_dashboard_for_district_officer(client, tree):
    response = client_for(client, "cb.vithanh").get(reverse("home"))
    html = response.content.decode()
    assert "Xin chào, <span data-testid=\"full-name\">Phạm Thị Hồng</span>" in html
    assert "Cán bộ đơn vị báo cáo" in html  # role in Vietnamese
    assert "Cấp huyện" in html and "Cấp xã" in html
    reach = response.context["reach"]
    kinds = {row["kind"]: row["cells"] for row in reach["rows"]}
    # read, write, approve: the district and its 2 communes are read (their history); the district
    # closed on 30/6/2025, so its officer writes nothing any more; officers never approve.
    assert kinds["district"][0]["total"] == 1 and kinds["district"][0]["closed"] == 1
    assert kinds["commune"][0]["total"] == 2
    assert kinds["commune"][1]["total"] == 0 and kinds["district"][1]["total"] == 0
    assert kinds["commune"][2]["total"] == 0
    assert reach["totals"][1]["total"] == 0 and reach["totals"][2]["total"] == 0


def test_home_dashboard_for_leader_counts_province(client, tree):
    response = client_for(client, "giamdoc").get(reverse("home"))
    reach = response.context["reach"]
    assert reach["totals"][0]["total"] == OrgUnit.objects.count()
    assert reach["totals"][1]["total"] == 0  # leaders don't enter data
    assert reach["totals"][2]["total"] == OrgUnit.objects.count()
    assert "Lãnh đạo" in response.content.decode()


def test_home_shows_current_periods_and_deadlines(client, tree):
    today = timezone.localdate()
    response = client_for(client, "cv.tcbc").get(reverse("home"))
    current = response.context["current_periods"]
    assert current, "a six-month or annual period always contains today"
    assert all(p.start <= today <= p.end and p.type in ("six_month", "annual") for p in current)
    assert {p.type for p in current} == {"six_month", "annual"} or today.month == 12
    html = response.content.decode()
    for p in current:
        assert f"Báo cáo {p.label}" in html
    deadlines = response.context["deadlines"]
    assert deadlines == sorted(deadlines, key=lambda p: p.deadline)
    assert all(p.deadline >= today for p in deadlines)


def test_unit_tree_for_leader(client, tree):
    client_for(client, "giamdoc")
    html = client.get(reverse("unit_list")).content.decode()
    # Default: only units active today; closed districts are hidden.
    assert 'data-unit="HG"' in html and 'data-unit="X-HOALUU"' in html
    assert 'data-unit="VITHANH"' not in html
    html = client.get(reverse("unit_list"), {"status": "all"}).content.decode()
    order = re.findall(r'data-unit="([^"]+)"', html)
    assert order[:4] == ["HG", "SNV", "SNV-TCBC", "SNV-TDKT"]
    assert order.index("VITHANH") < order.index("VITHANH-HOALUU") < order.index("NGABAY")
    assert "Đã giải thể từ 01/07/2025" in html
    depth = dict(re.findall(r'data-unit="([^"]+)".*?--depth: (\d+)', html, flags=re.S))
    assert depth["HG"] == "0" and depth["SNV"] == "1" and depth["SNV-TCBC"] == "2" and depth["VITHANH-HOALUU"] == "2"


def test_unit_tree_filters(client, tree):
    client_for(client, "quantri")
    html = client.get(reverse("unit_list"), {"status": "all", "kind": "district"}).content.decode()
    assert re.findall(r'data-unit="([^"]+)"', html) == ["VITHANH", "NGABAY"]
    html = client.get(reverse("unit_list"), {"status": "all", "q": "lái hiếu"}).content.decode()
    assert re.findall(r'data-unit="([^"]+)"', html) == ["NGABAY-LAIHIEU"]
    # Nonsense filters fall back to the defaults instead of failing.
    assert client.get(reverse("unit_list"), {"status": "xyz", "kind": "abc"}).status_code == 200


def test_unit_tree_is_scoped(client, tree):
    html = client_for(client, "cb.vithanh").get(reverse("unit_list"), {"status": "all"}).content.decode()
    assert set(re.findall(r'data-unit="([^"]+)"', html)) == {"VITHANH", "VITHANH-HOALUU", "VITHANH-P1"}


def test_unit_detail_history(client, tree):
    client_for(client, "cv.tcbc")
    html = client.get(reverse("unit_detail", args=["VITHANH-HOALUU"])).content.decode()
    assert "Đã giải thể từ 01/07/2025" in html
    assert "Thành phố Vị Thanh" in html  # parent history
    assert "Xã Hỏa Lựu (mới)" in html  # successor
    html = client.get(reverse("unit_detail", args=["X-HOALUU"])).content.decode()
    assert 'data-testid="predecessors"' in html and "Xã Hỏa Lựu" in html
    html = client.get(reverse("unit_detail", args=["VITHANH"])).content.decode()
    assert 'data-testid="children"' in html and "Phường I" in html


def test_unit_detail_does_not_link_outside_scope(client, tree):
    html = client_for(client, "cb.vithanh").get(reverse("unit_detail", args=["VITHANH"])).content.decode()
    assert 'href="/don-vi/HG/"' not in html
    assert 'href="/don-vi/VITHANH-HOALUU/"' in html


def test_period_page(client, tree):
    year = timezone.localdate().year
    client_for(client, "cb.hoaluu")
    response = client.get(reverse("period_list"), {"year": year, "type": "six_month"})
    html = response.content.decode()
    assert f"6 tháng đầu năm {year}" in html and f"6 tháng cuối năm {year}" in html
    assert f"15/12/{year - 1}" in html and f"14/06/{year}" in html and f"19/06/{year}" in html
    assert f"ngày 14 tháng 6 năm {year}" in html  # long date in the title
    assert re.findall(r'data-period="([^"]+)"', html) == [f"{year}-H1", f"{year}-H2"]
    html = client.get(reverse("period_list")).content.decode()
    assert html.index(f"Năm {year}") < html.index(f"Năm {year - 1}")


@pytest.mark.parametrize(
    "q,expected",
    [
        ("05/2021/QĐ-UBND", ["Quyết định số 05/2021/QĐ-UBND"]),
        ("97/KH-UBND", ["Kế hoạch số 97/KH-UBND"]),
        ("19-NQ/TW", ["Nghị quyết số 19-NQ/TW"]),
        ("KH-UBND", ["Kế hoạch số 97/KH-UBND"]),
        ("công tác nội vụ", ["Kế hoạch số 97/KH-UBND"]),
        ("", ["Quyết định số 05/2021/QĐ-UBND", "Kế hoạch số 97/KH-UBND", "Nghị quyết số 19-NQ/TW"]),
    ],
)
def test_document_search(client, tree, q, expected):
    response = client_for(client, "cv.tcbc").get(reverse("document_list"), {"q": q})
    html = response.content.decode()
    found = [doc.short_citation() for doc in response.context["page_obj"].object_list]
    assert found == expected
    for doc in response.context["page_obj"].object_list:
        assert doc.citation() in html


def test_document_citation_shown(client, tree):
    html = client_for(client, "giamdoc").get(reverse("document_list")).content.decode()
    assert "Quyết định số 05/2021/QĐ-UBND ngày 18 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh Hậu Giang" in html


# ---------------------------------------------------------------------------------------------
# SQL queries do not grow with the number of units (DESIGN §9)
# ---------------------------------------------------------------------------------------------

MEASURED = [
    reverse("home"),
    reverse("unit_list"),
    reverse("unit_list") + "?status=all",
    reverse("unit_detail", args=["HG"]),
    reverse("unit_detail", args=["VITHANH"]),
]


def _query_counts(client, username):
    client_for(client, username)
    counts = {}
    for url in MEASURED:
        client.get(url)  # warm-up (session, caches)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code in (200, 404)
        counts[url] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("username", ["quantri", "giamdoc", "cb.vithanh"])
def test_query_count_independent_of_unit_count(client, fast_passwords, username):
    build_portal_tree(extra_communes=10)
    with_10 = _query_counts(client, username)
    add_communes(90, start=10)
    assert OrgUnit.objects.filter(kind="commune").count() >= 100
    with_100 = _query_counts(client, username)
    assert with_10 == with_100
    # And the pages are cheap in absolute terms (the first page also builds the role's panels:
    # tests/core/test_dashboard_queries.py).
    home = with_100.pop(reverse("home"))
    assert max(with_100.values()) <= 12, with_100
    assert home <= 20, home


# ---------------------------------------------------------------------------------------------
# Headers (issue 10, item 10) and the error pages with DEBUG off (item 12)
# ---------------------------------------------------------------------------------------------


def test_every_page_sends_the_csp_and_permissions_policy(client, tree):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'",
                      "form-action 'self'", "object-src 'none'"):
        assert directive in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    policy = response["Permissions-Policy"]
    assert all(f"{feature}=()" in policy for feature in ("camera", "microphone", "geolocation"))


def test_no_inline_script_in_the_layout(client, tree):
    body = client_for(client, "quantri").get(reverse("home")).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+=", body)  # no inline event handler either
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in body


@pytest.mark.parametrize("name", ["home", "unit_list", "password_change"])
def test_pages_for_a_signed_in_user_are_not_cached(client, tree, name):
    response = client_for(client, "cb.vithanh").get(reverse(name))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_exports_with_personal_data_are_not_cached(client, tree):
    response = client_for(client, "cv.tcbc").get(reverse("staffing:civil_servant_export"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def _boom(request):
    raise RuntimeError("lỗi thử")


urlpatterns = []  # filled below: this module doubles as a URLconf for the 500 test


def test_404_and_500_pages_are_vietnamese_with_debug_off(client, tree, settings):
    from django.urls import include, path

    settings.DEBUG = False
    urlpatterns[:] = [path("thu-loi/", _boom), path("", include("homeaffairs.urls"))]
    settings.ROOT_URLCONF = __name__
    client_for(client, "cb.vithanh")
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
    client.raise_request_exception = False
    broken = client.get("/thu-loi/")
    body = broken.content.decode()
    assert broken.status_code == 500 and "Hệ thống đang gặp sự cố" in body and '<html lang="vi">' in body
    assert "lỗi thử" not in body and "Traceback" not in body


def test_static_files_are_served_with_debug_off(client, settings):
    # `make run` serves with DEBUG off: whitenoise finds the files without collectstatic.
    settings.DEBUG = False
    for path in ("/static/css/portal.css", "/static/js/portal.js", "/static/vendor/htmx-2.0.11/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_make_run_serves_with_debug_off_unless_asked():
    from django.conf import settings as django_settings

    makefile = (django_settings.BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "DEBUG=$${DEBUG:-0}" in run


# ---------------------------------------------------------------------------------------------
# Admin forms normalise text like the portal's forms (issue 10, item 3)
# ---------------------------------------------------------------------------------------------


def test_every_project_admin_form_normalises_text():
    from django.apps import apps
    from django.contrib import admin as django_admin

    from core.admin import NormalizedAdminMixin

    project = {"core", "collection", "staffing", "reform", "emulation", "religion", "archives", "reports"}
    registered = [(model, model_admin) for model, model_admin in django_admin.site._registry.items()
                  if model._meta.app_label in project or model is apps.get_model("auth", "User")]
    assert len(registered) > 20
    for model, model_admin in registered:
        assert isinstance(model_admin, NormalizedAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, NormalizedAdminMixin), inline


def test_admin_refuses_control_characters_and_stores_nfc(client, tree):
    client_for(client, "quantri")
    add = reverse("admin:core_legaldocument_add")
    data = {"doc_type": DocumentType.PLAN, "style": DocumentStyle.ADMINISTRATIVE, "number": "12", "symbol": "KH-SNV",
            "issued_on": "05/01/2026", "issuer": "Sở Nội vụ", "subject": "về công tác\x1b văn thư"}
    response = client.post(add, data)
    assert response.status_code == 200 and "ký tự điều khiển" in response.content.decode()
    assert not LegalDocument.objects.filter(number="12").exists()
    response = client.post(add, {**data, "subject": "về cải cách hành chi\u0301nh"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LegalDocument.objects.get(number="12").subject == "về cải cách hành chính"


def test_a_filter_with_a_control_character_falls_back_instead_of_failing(client, tree):
    response = client_for(client, "quantri").get(reverse("unit_list"), {"q": "Vị\x1bThanh", "status": "all"})
    assert response.status_code == 200
    assert "Thành phố Vị Thanh" in response.content.decode()  # q ignored: the whole tree is listed
