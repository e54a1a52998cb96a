"""The leaders' CCHC dashboard: per unit on-time rate, online share and index score from the
approved CCHC-DV values and the province's index; thresholds; the export holds the page's numbers."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.access import scope_for
from core.models import Period
from reform import selectors
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

URL = reverse("reform:dashboard")
EXPORT = reverse("reform:dashboard_export")


def _board(username, **kwargs):
    return selectors.dashboard(scope_for(user_of(username)), Period.objects.get(code="2021-H1"), index_year=2020, **kwargs)


def user_of(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_rates_come_from_the_approved_values(province):
    from collection.models import DataValue

    board = _board("giamdoc")
    row = next(r for r in board.rows if r.unit.code == "VITHANH")
    values = {v.element.code: v.numeric_value for v in DataValue.objects.filter(
        submission__unit__code="VITHANH", submission__period__code="2021-H1", submission__data_set__code="CCHC-DV")
        .select_related("element")}
    in_time = values["HS_SOM_HAN"] + values["HS_DUNG_HAN"]  # «trước hạn và đúng hạn»
    expected_rate = (in_time * 100 / values["HS_DA_GIAI_QUYET"]).quantize(Decimal("0.01"))
    assert row.on_time_rate == expected_rate
    assert row.online_share == (values["HS_TRUC_TUYEN"] * 100 / values["HS_TIEP_NHAN"]).quantize(Decimal("0.01"))
    assert row.index_score is not None and row.index_rank == 1  # Vị Thanh leads the districts in the demo
    # Departments have no 2021-H1 CCHC-DV in the demo but an index score: rows with the score only.
    syt = next(r for r in board.rows if r.unit.code == "SYT")
    assert syt.on_time_rate is None and syt.index_score is not None


def test_units_below_a_threshold_are_highlighted(province):
    board = _board("giamdoc")
    low_index = {r.unit.code for r in board.rows if r.low_index}
    assert low_index and all(r.index_score < Decimal(80) for r in board.rows if r.low_index)
    assert all(r.index_score >= Decimal(80) for r in board.rows if r.index_score is not None and not r.low_index)
    assert not any(r.low_on_time for r in board.rows)  # every district above 95% in the demo
    strict = _board("giamdoc", on_time_min="99.9")
    assert {r.unit.code for r in strict.rows if r.low_on_time} == {
        r.unit.code for r in strict.rows if r.on_time_rate is not None and r.on_time_rate < Decimal("99.9")}
    assert any(r.low_on_time for r in strict.rows)


def _page_rows(html):
    rows = {}
    for unit, body in re.findall(r'<tr data-unit="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'data-col="([a-z_]+)">([^<]*)<', body))
        rows[unit] = cells
    return rows


def _vn(value):
    """A page cell («99,71%», «1.234», «—») as a Decimal or None."""
    text = value.strip().rstrip("%")
    if text in ("", "—"):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def test_export_holds_the_same_numbers_as_the_page(province, login):
    client = login("giamdoc")
    query = {"period": "2021-H1", "index_year": "2020", "on_time_min": "99,8", "index_min": "82"}
    page = client.get(URL, query)
    assert page.status_code == 200
    assert page.context["board"].on_time_min == Decimal("99.8")  # typed the Vietnamese way
    html = page.content.decode()
    shown = _page_rows(html)
    assert len(shown) >= 20
    response = client.get(EXPORT, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    exported = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(exported) == len(shown)
    names = {r.unit.name: r.unit.code for r in _board("giamdoc").rows}
    columns = {"received": "Hồ sơ tiếp nhận", "online": "Tiếp nhận trực tuyến", "resolved": "Đã giải quyết",
               "on_time": "Đúng hạn (kể cả trước hạn)", "on_time_rate": "Tỷ lệ đúng hạn (%)",
               "online_share": "Tỷ lệ trực tuyến (%)", "index_score": "Điểm chỉ số CCHC", "index_rank": "Xếp hạng"}
    highlighted_page = set(re.findall(r'<tr data-unit="([^"]+)" class="table-danger" data-below="1"', html))
    highlighted_file = set()
    for values in exported:
        record = dict(zip(header, values))
        code = names[record["Đơn vị"]]
        for col, title in columns.items():
            in_file = record[title]
            on_page = _vn(shown[code][col])
            assert (None if in_file is None else Decimal(str(in_file))) == on_page, (code, col)
        if record["Dưới ngưỡng"]:
            highlighted_file.add(code)
    assert highlighted_file == highlighted_page and highlighted_page


def test_chart_data_is_the_table(province, login):
    response = login("giamdoc").get(URL, {"period": "2021-H1", "index_year": "2020"})
    board = response.context["board"]
    chart = response.context["chart"]
    assert chart["onTime"] == [None if r.on_time_rate is None else float(r.on_time_rate) for r in board.rows]
    assert chart["highlighted"] == [r.highlighted for r in board.rows]
    assert b'id="reform-chart-data"' in response.content and b"chartjs-4.4.7/chart.umd.js" in response.content


def test_a_bad_threshold_says_why_and_keeps_the_default(province, login):
    response = login("giamdoc").get(URL, {"on_time_min": "abc", "index_min": "150"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập một số" in html and "Ngưỡng không lớn hơn 100." in html
    assert response.context["board"].on_time_min == selectors.default_thresholds()[0] == Decimal(95)


def test_the_default_thresholds_are_settings(province, login, settings):
    settings.REFORM_INDEX_SCORE_MIN = 90
    board = login("giamdoc").get(URL, {"period": "2021-H1", "index_year": "2020"}).context["board"]
    assert board.index_min == Decimal(90)
    assert {r.unit.code for r in board.rows if r.low_index} == {
        r.unit.code for r in board.rows if r.index_score is not None and r.index_score < 90}
    assert len([r for r in board.rows if r.low_index]) > 5


def test_queries_do_not_grow_with_units(province, django_assert_max_num_queries, login):
    client = login("giamdoc")
    client.get(URL)  # warm the session and the scope
    with django_assert_max_num_queries(25):
        client.get(URL, {"period": "2021-H1", "index_year": "2020"})


def test_a_group_keeps_its_units_only_on_the_page_and_in_the_export(province, login):
    client = login("giamdoc")
    query = {"period": "2021-H1", "index_year": "2020", "group": "district"}
    board = client.get(URL, query).context["board"]
    assert {r.unit.kind for r in board.rows} == {"district"} and len(board.rows) == 8
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT, query).content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)] == [r.unit.name for r in board.rows]
