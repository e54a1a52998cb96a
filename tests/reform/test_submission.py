"""The unit CCHC submission (biểu CCHC-DV, reform/catalogue.py): its rules, explanations asked for
totals that do not match their parts, the split by level, and the rates computed in the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection import selectors as collection_selectors
from collection import services
from collection.models import CategoryOption, DataElement, DataSet, RuleExplanation, Status
from core.models import Role
from reform import submission as forms
from tests.collection.conftest import _province_seed, h1, in_2021, make_user, officer, province  # noqa: F401

pytestmark = pytest.mark.django_db

# A district's dossiers that balance: 90 + 1.234 = 1.200 + 3 + 2 + 110 + 9.
BALANCED = dict(HS_KY_TRUOC=90, HS_TIEP_NHAN=1234, HS_TRUC_TIEP=880, HS_TRUC_TUYEN=300, HS_BUU_CHINH=54,
                HS_DA_GIAI_QUYET=1200, HS_SOM_HAN=500, HS_DUNG_HAN=690, HS_TRE_HAN=10, HS_RUT=3, HS_TU_CHOI=2,
                HS_DANG_TRONG_HAN=110, HS_DANG_QUA_HAN=9, HS_XIN_LOI=12)


@pytest.fixture
def cchc(province):
    data_set = DataSet.objects.get(code="CCHC-DV")
    data_set.expiry_days = None  # 2021-H1 expired long ago; these tests are about entry
    data_set.save()
    return data_set


@pytest.fixture
def form(cchc, province, h1):
    return services.get_submission(cchc, province["VITHANH"], h1)


def entries(values):
    """{code: value} or {code: {level option: value}} as save_values' entries."""
    options = {o.code: o for o in CategoryOption.objects.filter(combo__code="cap-hanh-chinh")}
    out = {}
    for code, value in values.items():
        element = DataElement.objects.get(code=code)
        for option, typed in (value.items() if isinstance(value, dict) else [(None, value)]):
            out[(element, options[option] if option else None)] = {"value": str(typed)}
    return out


def save(form, user, values):
    form.refresh_from_db()
    return services.save_values(form, user, entries(values), expected_version=form.version)


def failing(form):
    return {r.rule.name: r for r in services.run_rules(form) if not r.passed}


def test_the_form_follows_the_outline_and_keeps_the_first_fifteen_codes(cchc):
    sections = [s.title for s in cchc.sections.order_by("sort_order")]
    assert sections[0].startswith("I. Công tác chỉ đạo") and sections[-1].startswith("IX. Xây dựng, phát triển Chính quyền")
    assert any("theo cấp" in s for s in sections)
    codes = set(DataElement.objects.filter(placements__section__data_set=cchc).values_list("code", flat=True))
    first = {"TTHC_CONG_BO", "TTHC_DON_GIAN_HOA", "TTHC_MOT_CUA", "TTHC_LIEN_THONG", "HS_TIEP_NHAN", "HS_TRUC_TUYEN",
             "HS_DA_GIAI_QUYET", "HS_DUNG_HAN", "HS_TRE_HAN", "HS_XIN_LOI", "DVC_TOAN_TRINH", "DVC_MOT_PHAN",
             "ISO_AP_DUNG", "CKS_CAP", "VB_KY_SO_TY_LE"}
    assert first <= codes and len(codes) >= 60
    assert {"HS_SOM_HAN", "HS_KY_TRUOC", "HS_RUT", "HS_TU_CHOI", "HS_DANG_QUA_HAN", "CKS_SU_DUNG", "TT_TRUC_TUYEN"} <= codes


def test_early_on_time_and_late_must_add_up_to_resolved(form, officer):
    # 80 on time + 10 late = 90 resolved held before early dossiers existed; 5 early break it now.
    save(form, officer, dict(HS_TIEP_NHAN=100, HS_DA_GIAI_QUYET=90, HS_SOM_HAN=5, HS_DUNG_HAN=80, HS_TRE_HAN=10))
    with pytest.raises(services.CollectionError, match="trước hạn, đúng hạn cộng trễ hạn"):
        services.submit(form, officer)
    save(form, officer, dict(HS_DUNG_HAN=75))
    assert "Đúng hạn + trễ hạn = đã giải quyết" not in failing(form)
    services.submit(form, officer)


def test_online_may_not_exceed_received(form, officer):
    save(form, officer, dict(HS_TIEP_NHAN=100, HS_TRUC_TUYEN=120))
    assert failing(form)["Trực tuyến ≤ tiếp nhận"].is_error
    with pytest.raises(services.CollectionError, match="trực tuyến không được lớn hơn"):
        services.submit(form, officer)


def test_a_balance_that_does_not_close_is_a_warning_the_unit_must_explain(client, form, officer, make_user):
    save(form, officer, dict(BALANCED, HS_DANG_TRONG_HAN=100))  # 10 dossiers unaccounted for
    broken = failing(form)
    assert list(broken) == ["Cân đối hồ sơ"] and not broken["Cân đối hồ sơ"].is_error
    assert (broken["Cân đối hồ sơ"].left, broken["Cân đối hồ sơ"].right) == (Decimal(1314), Decimal(1324))
    with pytest.raises(services.CollectionError, match="ghi giải trình"):
        services.submit(form, officer)
    form.refresh_from_db()
    assert form.status == Status.DRAFT and form.values.get(element__code="HS_DANG_TRONG_HAN").numeric_value == 100

    # The explanation is typed on the page with the figures and sent with them; nothing is recomputed.
    rule = broken["Cân đối hồ sơ"].rule
    client.force_login(officer)
    url = reverse("collection:entry", args=["CCHC-DV", "VITHANH", "2021-H1"])
    page = client.get(url).content.decode()
    assert f'name="giai-trinh-{rule.pk}"' in page and 'form="entry-form"' in page
    response = client.post(url, {"version": str(form.version), "action": "gui",
                                 f"giai-trinh-{rule.pk}": "10 hồ sơ chuyển sang Trung tâm Phục vụ hành chính công tỉnh."})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    assert RuleExplanation.objects.get(submission=form, rule=rule).text.startswith("10 hồ sơ chuyển sang")
    assert form.values.get(element__code="HS_DANG_TRONG_HAN").numeric_value == 100

    # The reviewer reads the explanation beside the warning.
    client.force_login(make_user("SNV-CCHC", Role.STAFF))
    page = client.get(url).content.decode()
    assert 'data-testid="explanation-text"' in page and "Trung tâm Phục vụ hành chính công tỉnh" in page


def test_a_balance_that_closes_needs_no_explanation(form, officer):
    save(form, officer, BALANCED)
    assert failing(form) == {}
    services.submit(form, officer)


def test_channels_must_add_up_to_received(form, officer):
    save(form, officer, dict(BALANCED, HS_BUU_CHINH=50))
    assert list(failing(form)) == ["Tiếp nhận theo hình thức"]
    assert failing(form)["Tiếp nhận theo hình thức"].asks_explanation


def test_levels_are_checked_against_totals_only_when_a_unit_keeps_them(form, officer):
    save(form, officer, BALANCED)  # a department keeps no split by level: nothing to explain
    assert failing(form) == {}
    save(form, officer, {"HSC_TIEP_NHAN": {"cap-huyen": 400, "cap-xa": 830}})  # 1.230 of 1.234
    assert list(failing(form)) == ["Tiếp nhận theo cấp"]
    save(form, officer, {"HSC_TIEP_NHAN": {"cap-huyen": 404, "cap-xa": 830}})
    assert failing(form) == {}


def test_rates_are_computed_in_the_database_and_written_the_vietnamese_way(form, officer, h1, province):
    save(form, officer, dict(BALANCED, HS_SOM_HAN=497, HS_DUNG_HAN=700, HS_TRE_HAN=3))
    with CaptureQueriesContext(connection) as queries:
        rates = forms.rates(h1, [province["VITHANH"].pk], forms.ANY_STATUS, names=["dung_han", "truc_tuyen"])
    assert len(queries) == 1 and "/" in queries[0]["sql"]  # the ratio is part of the SQL
    assert forms.percent_text(rates["dung_han"]) == "99,75%"  # (497 + 700) / 1.200
    assert forms.percent_text(rates["truc_tuyen"]) == "24,31%"  # 300 / 1.234
    save(form, officer, dict(HS_DA_GIAI_QUYET=1000, HS_SOM_HAN=300, HS_DUNG_HAN=697))
    assert forms.percent_text(forms.rates(h1, [province["VITHANH"].pk], forms.ANY_STATUS)["dung_han"]) == "99,7%"
    # Approved forms only by default (the province's figures).
    assert forms.rates(h1, [province["VITHANH"].pk])["dung_han"] is None


def test_per_unit_rates_take_one_query_whatever_the_number_of_units(form, officer, h1, province, make_user):
    save(form, officer, BALANCED)
    other = services.get_submission(form.data_set, province["NGABAY"], h1)
    save(other, make_user("NGABAY", Role.OFFICER), dict(BALANCED, HS_TRUC_TUYEN=600, HS_TRUC_TIEP=580))
    with CaptureQueriesContext(connection) as queries:
        rows = dict(forms.rates_by_unit(h1, province["HG"], forms.ANY_STATUS, names=["truc_tuyen"]))
    assert len(queries) == 1
    assert forms.percent_text(rows[province["VITHANH"].pk]["truc_tuyen"]) == "24,31%"
    assert forms.percent_text(rows[province["NGABAY"].pk]["truc_tuyen"]) == "48,62%"


def test_the_layout_gives_a_column_per_level_only_to_the_level_section(cchc):
    layout = {s.section.code: s for s in collection_selectors.form_layout(cchc)}
    assert [o.name for o in layout["ho-so-cap"].columns] == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    assert layout["ho-so"].columns == [None]
