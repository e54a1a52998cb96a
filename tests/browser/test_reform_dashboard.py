"""A leader opens the CCHC dashboard in a real browser: the charts draw (Chart.js, vendored, CSP
'self'), the units under the threshold are highlighted and named, and the export downloads with
the same rows."""

import io

import openpyxl
import pytest

from tests.browser.test_staffing_import import sign_in
from tests.reform.index_seed import seed_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_province()


def test_leader_sees_the_charts_and_the_highlighted_units_and_downloads_the_export(page, live_server, province):
    base = live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)
    sign_in(page, base, "giamdoc")
    page.locator('[data-nav="reform"] a').click()
    page.wait_for_url(f"{base}/cai-cach-hanh-chinh/")
    page.get_by_label("Kỳ báo cáo").select_option(label="6 tháng đầu năm 2021")
    page.get_by_label("Ngưỡng điểm chỉ số CCHC").fill("80")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(f"{base}/cai-cach-hanh-chinh/?*")

    page.wait_for_function("document.documentElement.dataset.reformCharts === 'ready'")
    drawn = page.evaluate("""() => ['reform-chart-rates', 'reform-chart-index'].map(id => {
        const c = document.getElementById(id); return c.chart ? c.chart.data.datasets[0].data.length : 0; })""")
    rows = page.locator("[data-testid=dashboard-table] tbody tr")
    assert drawn == [rows.count(), rows.count()] and rows.count() >= 20

    highlighted = page.locator("[data-testid=dashboard-table] tr.table-danger")
    assert highlighted.count() >= 1
    warning = page.locator("[data-testid=below-threshold]").inner_text()
    for i in range(highlighted.count()):
        name = highlighted.nth(i).locator("td").first.inner_text()
        assert name in warning
    assert "Huyện Long Mỹ" in warning  # 74,5 points in the demo index of 2020
    long_my = page.locator('tr[data-unit="LONGMY"]')
    assert "table-danger" in long_my.get_attribute("class")
    assert long_my.locator('[data-col="index_score"]').inner_text() == "74,5"

    with page.expect_download() as info:
        page.locator("[data-testid=dashboard-export]").click()
    download = info.value
    assert download.suggested_filename == "cai-cach-hanh-chinh-2021-H1.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    exported = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert len(exported) == rows.count()
    assert exported["Huyện Long Mỹ"][7] == 74.5 and exported["Huyện Long Mỹ"][9] == "điểm chỉ số"
    assert not errors, errors
