"""The pages the user guide (docs/huong-dan.md) walks through, role by role, in a real browser on the
demo province: each opens without an error and shows what the guide says. Run with MAKE_SCREENSHOTS=1
to (re)write the guide's screenshots, docs/anh/*.png (1366×768, the visible part of the page):

    MAKE_SCREENSHOTS=1 .venv/bin/python tests/run.py tests/browser/test_user_guide.py -q -p no:cacheprovider
"""

import os
import re
from pathlib import Path

import pytest

from core import demo as core_demo
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "anh"
MAX_BYTES = 150_000

# (login, [(screenshot name, path or a callable(page, base, report) that opens the page, text the page shows
# or «[selector]» of an element it shows)])
WALK = {
    "quantri": [
        ("quan-tri-trang-quan-tri", "/quan-tri/", "Quản trị"),
        ("quan-tri-don-vi", "/don-vi/", "Đơn vị"),
    ],
    "giamdoc": [
        ("lanh-dao-trang-dau", "/", "Xin chào"),
        ("lanh-dao-bao-cao", lambda page, base, report: page.goto(f"{base}/bao-cao/{report.pk}/"),
         "[data-testid=report-title]"),
    ],
    "cv.cchc": [
        ("chuyen-vien-xet-duyet", "/so-lieu/xet-duyet/", "Báo cáo chờ xét duyệt"),
        ("chuyen-vien-tien-do", "/so-lieu/tien-do/", "Tiến độ gửi báo cáo"),
    ],
    "cv.tdkt": [
        ("chuyen-vien-thi-dua", "/thi-dua/", "Thi đua, khen thưởng"),
    ],
    "cv.tcbc": [
        ("chuyen-vien-to-chuc-can-bo", "/to-chuc-can-bo/cong-chuc/", "Tổ chức cán bộ"),
    ],
    "cb.vithanh": [
        ("don-vi-trang-dau", "/", "Xin chào"),
        ("don-vi-bieu-mau", "/so-lieu/", "Số liệu của đơn vị"),
        ("don-vi-nhap-so-lieu", lambda page, base, report: page.locator("main").get_by_role(
            "link", name="Nhập số liệu").first.click(), "Lưu nháp"),
    ],
}


def _open(page, base, report, target):
    if callable(target):
        target(page, base, report)
    else:
        page.goto(f"{base}{target}")
    page.wait_for_load_state("load")
    charts = page.locator("canvas[data-chart]")
    for i in range(charts.count()):  # drawn before the screenshot (Chart.js sets data-rendered)
        charts.nth(i).wait_for(state="attached")
        page.wait_for_function("el => el.dataset.rendered === '1'", arg=charts.nth(i).element_handle(), timeout=30_000)


def test_the_guide_pages_of_each_role_open_and_say_what_the_guide_says(page, live_server, report):
    """One seed for the whole walk: each role signs in on a cleared session."""
    page.set_default_timeout(60_000)  # a busy CI machine renders the demo's pages slowly
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)
    base = live_server.url
    sizes = {}
    for username, steps in WALK.items():
        page.context.clear_cookies()
        sign_in(page, base, username, core_demo.DEMO_PASSWORD)
        for name, target, text in steps:
            _open(page, base, report, target)
            body = page.locator("body").inner_text()
            if text.startswith("["):  # a selector the page shows
                assert page.locator(text).first.is_visible(), f"{name}: {text} không có trên trang {page.url}"
            else:
                assert text.lower() in body.lower(), f"{name}: «{text}» không có trên trang {page.url}"
            assert not re.search(r"Server Error|Lỗi máy chủ|Traceback", body), name
            if os.environ.get("MAKE_SCREENSHOTS") == "1":
                SHOTS.mkdir(parents=True, exist_ok=True)
                path = SHOTS / f"{name}.png"
                page.screenshot(path=str(path), animations="disabled")  # the viewport: 1366×768
                from tests.browser.png import shrink  # noqa: PLC0415 (only when making the screenshots)

                shrink(path)  # 256 colours: small enough to commit
                sizes[path.name] = path.stat().st_size
    assert not errors, errors
    too_big = {name: size for name, size in sizes.items() if size > MAX_BYTES}
    assert not too_big, too_big  # tests/test_readme.py checks the committed ones too


def test_every_screenshot_the_guide_shows_is_made_by_this_walk():
    guide = (SHOTS.parent / "huong-dan.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(anh/([^)]+)\.png\)", guide))
    made = {name for steps in WALK.values() for name, _target, _text in steps}
    assert shown and shown <= made
