"""Signing in through a real browser (Debian Chromium via Playwright; fixtures in tests/conftest.py).

Each demo login sees its own navigation (the `data-nav` keys) and its unit; wrong passwords get
the Vietnamese error; the fifth wrong attempt locks the username, even for the right password.
"""

import re

import pytest

from core import demo
from tests.core.test_views import FAST_HASHERS, build_portal_tree
from tests.snapshots import seed_or_restore

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV = {
    "admin": ["home", "units", "periods", "documents", "data", "review", "progress", "reports", "staffing", "reform",
              "emulation", "religion", "archives", "plans", "admin"],
    "leader": ["home", "units", "periods", "documents", "progress", "reports", "staffing", "reform", "emulation",
               "religion", "archives", "plans"],
    "staff": ["home", "units", "periods", "documents", "data", "review", "progress", "reports", "staffing", "reform",
              "emulation", "religion", "archives", "plans"],
    "officer": ["home", "units", "periods", "data", "progress", "reports", "staffing", "reform", "emulation", "religion",
                "plans"],
}
ERROR = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần."


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_portal_tree()


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.mark.parametrize("spec", demo.DEMO_USERS, ids=[s["username"] for s in demo.DEMO_USERS])
def test_each_demo_login_sees_its_navigation_and_unit(page, live_server, province, spec):
    sign_in(page, live_server.url, spec["username"], demo.DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/"
    keys = page.locator("[data-nav]").evaluate_all("items => items.map(i => i.dataset.nav)")
    assert keys == NAV[spec["role"]]
    unit = province[spec["unit"]]
    assert unit.name in page.locator("[data-testid=user-unit]").inner_text()
    assert page.locator("[data-testid=full-name]").inner_text() == spec["name"]
    assert page.locator("html").get_attribute("lang") == "vi"

    # Every navigation link opens (the Django admin only for the admin).
    for key in keys:
        page.locator(f'[data-nav="{key}"] a').click()
        page.wait_for_load_state("domcontentloaded")
        assert "Không có quyền" not in page.content() and "Không tìm thấy trang" not in page.content(), key
        if key != "admin":
            assert page.locator(f'[data-nav="{key}"] a.active').count() == 1, key

    # Sign out (a POST form) returns to the login page.
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/$"))
    assert "Bạn đã đăng xuất khỏi hệ thống." in page.content()


def test_wrong_password_shows_vietnamese_error(page, live_server, province):
    sign_in(page, live_server.url, "cb.vithanh", "sai-mat-khau")
    assert "/dang-nhap/" in page.url
    assert page.locator("[data-testid=login-error]").inner_text().strip() == ERROR


def test_five_wrong_attempts_lock_the_account(page, live_server, province):
    for attempt in range(1, 6):
        sign_in(page, live_server.url, "cb.soyte", f"sai-{attempt}")
        if attempt < 5:
            assert ERROR in page.content()
    sign_in(page, live_server.url, "cb.soyte", demo.DEMO_PASSWORD)
    locked = page.locator("[data-testid=locked]")
    assert locked.count() == 1
    text = locked.inner_text()
    assert LOCKED in text
    assert "Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống." in text
    # Still not signed in.
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url


def test_navigation_collapses_on_a_phone(page, live_server, province):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "giamdoc", demo.DEMO_PASSWORD)
    link = page.locator('[data-nav="units"] a')
    assert not link.is_visible()
    page.get_by_role("button", name="Mở menu").click()
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url(re.compile(r".*/don-vi/$"))
    assert page.locator("h1").inner_text() == "Cây đơn vị"


def test_pages_work_under_the_content_security_policy(page, live_server, province):
    """The admin opens every main page: the CSP, Permissions-Policy and no-store headers are sent
    and the browser reports no CSP refusal (all scripts are static files, none inline)."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    sign_in(page, live_server.url, "quantri", demo.DEMO_PASSWORD)
    pages = ["/", "/don-vi/", "/don-vi/HG/", "/ky-bao-cao/", "/van-ban/", "/so-lieu/", "/so-lieu/xet-duyet/",
             "/so-lieu/tien-do/", "/bao-cao/", "/to-chuc-can-bo/cong-chuc/", "/doi-mat-khau/", "/quan-tri/",
             "/quan-tri/core/legaldocument/add/", "/quan-tri/core/orgunit/add/"]
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        headers = response.headers
        assert response.status == 200, path
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "camera=()" in headers["permissions-policy"], path
        assert "no-store" in headers["cache-control"], path
    # htmx is configured not to inject its inline indicator style.
    page.goto(f"{live_server.url}/")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert violations == []


def seed_the_demo_forms():
    from django.utils import timezone

    from collection import demo as collection_demo

    demo.seed(until_year=timezone.localdate().year)
    collection_demo.seed()


@pytest.fixture
def demo_province(settings, transactional_db):
    from django.utils import timezone

    settings.PASSWORD_HASHERS = FAST_HASHERS
    seed_or_restore(seed_the_demo_forms)
    return timezone.localdate()


# What each login of the README finds to do in the open period (core.demo, collection.demo).
TO_FILL = {"cb.soyte": "CCHC-DV/SYT", "cb.hoaluu": "CCHC-DV/X-HOALUU", "cb.vithanh": "CCHC-DV/P-VITHANH",
           "cv.tcbc": "HOI-QUY/SNV", "cv.xdcq": "CQDP/SNV", "cv.thanhtra": "TTRA-DON/SNV"}
TO_REVIEW = {"cv.tcbc": "HOI-QUY/SNV", "cv.cchc": "VTLT-DV/SYT", "cv.xdcq": "CQDP/SNV", "cv.thanhtra": "TTRA-DON/SNV"}


def test_every_demo_login_has_something_to_do(page, live_server, demo_province):
    from core.models import Period

    current = Period.objects.filter(type="six_month", start__lte=demo_province).order_by("-start").first()
    for username in sorted(set(TO_FILL) | set(TO_REVIEW)):
        sign_in(page, live_server.url, username, demo.DEMO_PASSWORD)
        if username in TO_FILL:
            page.goto(f"{live_server.url}/so-lieu/")
            row = page.locator(f'[data-period="{current.code}"] tr[data-form="{TO_FILL[username]}"]')
            assert row.count() == 1, username
            assert row.get_by_role("link", name="Nhập số liệu").count() == 1, username
        if username in TO_REVIEW:
            page.goto(f"{live_server.url}/so-lieu/xet-duyet/")
            assert page.locator(f'tr[data-form^="{TO_REVIEW[username]}/"]').count() >= 1, username
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(re.compile(r".*/dang-nhap/$"))
