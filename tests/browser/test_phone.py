"""Forms usable on a phone (issue 16 item 4), in Chromium at 390×844.

The entry, review and register pages of every app never scroll the page sideways (a wide list
scrolls inside its own box), list columns are not squeezed to one word per line, the entry grid is
one card per indicator, and an officer fills and sends a form on the phone.

Set PHONE_SCREENSHOTS=/tmp/dir to keep a screenshot of each page checked.
"""

import io
import os
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from collection.models import DataSet, Status, Submission
from core import demo
from tests.browser.test_collection_flow import province  # noqa: F401  (the light seed of the flow test)
from tests.browser.test_login import sign_in
from tests.core.test_views import FAST_HASHERS
from tests.snapshots import seed_or_restore

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# A cell whose text has several words is at least this wide: «Sở Nội vụ», not «Sở / Nội / vụ».
MIN_WORDS_CELL = 80

OVERFLOW = """() => {
  const doc = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && r.right > window.innerWidth + 1 && !e.closest('.table-responsive, .modal');
  }).slice(0, 3).map(e => e.tagName + '.' + e.className);
  return {scroll: doc.scrollWidth, inner: window.innerWidth, wide};
}"""

SQUEEZED = f"""() => [...document.querySelectorAll('.table-responsive > table td, .table-responsive > table th')]
  .filter(c => c.offsetParent && /\\S\\s+\\S/.test(c.innerText.trim()) && c.offsetWidth < {MIN_WORDS_CELL}
               && !c.closest('.form-grid'))
  .slice(0, 3).map(c => c.innerText.trim().slice(0, 40) + ' (' + c.offsetWidth + 'px)')"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def demo_province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    seed_or_restore(seed_demo)


def register_pages():
    """The list and entry pages of every register of every app (core/registers)."""
    from archives.registers import REGISTERS as archives
    from emulation.registers import REGISTERS as emulation
    from reform.registers import REGISTERS as reform
    from religion.registers import REGISTERS as religion
    from staffing.registers import REGISTER_SET as staffing

    sets = (staffing, emulation, religion, archives, reform)
    return ([reverse(f"{s.app}:register_list", args=[r.slug]) for s in sets for r in s.tabs()]
            + [reverse(f"{s.app}:register_create", args=[r.slug]) for s in sets for r in s.registers])


def other_pages():
    """Entry, review and list pages outside the register pattern."""
    entries = []
    for submission in (Submission.objects.filter(values__isnull=False).select_related("data_set", "unit", "period")
                       .order_by("data_set__code", "-period__start").distinct()):
        if submission.data_set.code not in {e[0] for e in entries}:
            entries.append((submission.data_set.code, reverse("collection:entry", args=[
                submission.data_set.code, submission.unit.code, submission.period.code])))
    return [url for _code, url in entries] + [
        reverse("collection:my_forms"), reverse("collection:review_queue"), reverse("collection:completeness"),
        reverse("staffing:civil_servant_list"), reverse("staffing:action_list"), reverse("staffing:quota_list"),
        reverse("emulation:proposals"), reverse("emulation:decisions"), reverse("emulation:statistics"),
        reverse("religion:home"), reverse("archives:home"),
        reverse("reform:dashboard"), reverse("reform:index_results"), reverse("reform:inspections"),
        reverse("reform:initiatives"), reverse("plans:plan_list"), reverse("plans:overdue"),
        reverse("plans:directive_list"),
    ]


def test_no_page_scrolls_sideways_and_no_column_is_squeezed_on_a_phone(phone, live_server, demo_province):
    page = phone
    sign_in(page, live_server.url, "quantri", demo.DEMO_PASSWORD)
    urls = other_pages() + register_pages()
    assert len(urls) >= 60 and sum("/so-lieu/" in u and u.count("/") == 5 for u in urls) >= 5
    shots = os.environ.get("PHONE_SCREENSHOTS")
    problems = []
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        state = page.evaluate(OVERFLOW)
        if state["scroll"] > state["inner"]:
            problems.append(f"{url}: trang rộng {state['scroll']}px > {state['inner']}px ({state['wide']})")
        squeezed = page.evaluate(SQUEEZED)
        if squeezed:
            problems.append(f"{url}: cột bị ép {squeezed}")
        if shots:
            os.makedirs(shots, exist_ok=True)
            page.screenshot(path=os.path.join(shots, re.sub(r"\W+", "_", url).strip("_") + ".png"), full_page=True)
    assert not problems, "\n".join(problems)


def test_an_officer_fills_and_sends_a_form_on_a_phone(phone, live_server, province):  # noqa: F811
    from playwright.sync_api import expect

    period = province
    page = phone
    base = live_server.url
    form_path = f"/so-lieu/CCHC-DV/SYT/{period.code}/"
    sign_in(page, base, "cb.soyte", demo.DEMO_PASSWORD)
    page.goto(base + form_path)

    # One card per indicator: the value box is full width beside its label, not cut off at the right.
    row = page.locator("tr", has=page.get_by_label("Tổng số hồ sơ tiếp nhận", exact=True))
    expect(row.locator("td.form-cell")).to_have_attribute("data-label", "Số liệu")
    box = page.get_by_label("Tổng số hồ sơ tiếp nhận", exact=True).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["width"] >= 150
    assert page.locator("table.form-grid thead").first.is_hidden()

    figures = {
        "Tổng số hồ sơ tiếp nhận": "1.234",
        "Trong đó: tiếp nhận trực tuyến": "300",
        "Số hồ sơ đã giải quyết": "1.200",
        "Giải quyết đúng hạn": "1.180",
        "Giải quyết trễ hạn": "10",
    }
    for label, value in figures.items():
        field = page.get_by_label(label, exact=True)
        field.scroll_into_view_if_needed()
        field.tap()
        field.fill(value)
    page.get_by_role("button", name="Gửi báo cáo").tap()
    page.wait_for_url(base + form_path)
    # 1.180 + 10 ≠ 1.200: refused, the sentence says so with the figures, the cells are flagged.
    expect(page.locator(".portal-messages")).to_contain_text("(1.190 so với 1.200)")
    flagged = page.locator("td.form-cell.rule-error", has=page.get_by_label("Giải quyết đúng hạn", exact=True))
    expect(flagged).to_have_count(1)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    field = page.get_by_label("Giải quyết đúng hạn", exact=True)
    field.tap()
    field.fill("1.190")
    page.get_by_role("button", name="Gửi báo cáo").tap()
    page.wait_for_url(base + form_path)
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ xét duyệt")
    submission = Submission.objects.get(data_set=DataSet.objects.get(code="CCHC-DV"), unit__code="SYT", period=period)
    assert submission.status == Status.SUBMITTED
    assert submission.values.get(element__code="HS_DUNG_HAN").numeric_value == 1190
