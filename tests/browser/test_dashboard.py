"""The first page in a real browser (Chromium via Playwright): a leader sees the panels' charts
drawn (Chart.js from a static file, under the CSP), clicks a chart to its detail page, downloads
a panel's .xlsx export; an officer sees the forms it has to send, each linking to its entry page."""

import io
import re

import openpyxl
import pytest

from core import demo as core_demo
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_charts_follows_one_and_downloads_an_export(page, live_server, report):
    from playwright.sync_api import expect

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "Failed to load resource" not in msg.text
            else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)
    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    for key in ("bao-cao-cho-duyet", "tien-do-gui-bao-cao", "bien-che"):
        expect(page.locator(f'[data-panel="{key}"]')).to_be_visible()
    charts = page.locator("canvas[data-chart]")
    expect(charts.first).to_have_attribute("data-rendered", "1")
    assert charts.count() >= 2
    for i in range(charts.count()):
        canvas = charts.nth(i)
        expect(canvas).to_have_attribute("data-rendered", "1")
        box = canvas.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50  # drawn with a size, not an empty box
    assert not errors, errors  # no CSP refusal, no script error

    # The numbers stand beside the chart: the quota panel states the year's figures.
    quota = page.locator('[data-panel="bien-che"]')
    expect(quota.get_by_test_id("figure-value").first).to_have_text(re.compile(r"\d"))
    expect(quota.get_by_test_id("figure-previous").first).to_contain_text("Cùng kỳ năm")

    # A panel's .xlsx export: the panel's title and figures.
    with page.expect_download() as info:
        quota.get_by_test_id("panel-export").click()
    download = info.value
    assert download.suggested_filename == "tong-quan-bien-che.xlsx"
    with open(download.path(), "rb") as fh:
        ws = openpyxl.load_workbook(io.BytesIO(fh.read())).active
    assert ws["A1"].value == "Sử dụng biên chế công chức theo đơn vị"
    shown = quota.get_by_test_id("figure-value").first.inner_text()
    values = [row[1] for row in ws.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("Biên chế được giao năm")]
    assert values and f"{values[0]:,}".replace(",", ".") == shown

    # A click on the chart opens its detail page (the quota page of that year).
    quota.locator("canvas[data-chart]").click()
    page.wait_for_url(re.compile(r".*/to-chuc-can-bo/bien-che/\?year=\d{4}"))
    assert page.locator("h1").first.inner_text()


def test_officer_sees_its_forms_to_send_and_opens_one(page, live_server, report):
    from playwright.sync_api import expect

    sign_in(page, live_server.url, "cb.soyte", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    panel = page.locator('[data-panel="bieu-mau-can-gui"]')
    expect(panel).to_be_visible()
    expect(page.locator('[data-panel="bao-cao-cho-duyet"]')).to_have_count(0)
    expect(page.locator('[data-panel="bien-che"]')).to_have_count(0)
    first = panel.get_by_test_id("panel-table").locator("tbody tr a").first
    expect(first).to_be_visible()
    first.click()
    page.wait_for_url(re.compile(r".*/so-lieu/[^/]+/SYT/[^/]+/$"))
