"""Validation people understand (issue 16 item 5): a rule reads as a sentence with Vietnamese
figures, its failure is flagged on the cells it names, yes/no elements are a select, every broken
warning may be explained (and must be when the rule asks), and messages are joined without «.;»."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from collection import rules, services
from collection.models import DataElement, DataSet, RuleExplanation, Section, SectionElement, Severity, Status
from collection.models import ValidationRule, ValueType
from core import formatting
from core.models import Role

pytestmark = pytest.mark.django_db

NAMES = {
    "HS_SOM_HAN": "Giải quyết trước hạn",
    "HS_DUNG_HAN": "Giải quyết đúng hạn",
    "HS_TRE_HAN": "Giải quyết trễ hạn",
    "HS_DA_GIAI_QUYET": "Số hồ sơ đã giải quyết",
    "HS_TRUC_TUYEN": "Trong đó: tiếp nhận trực tuyến",
    "HS_TIEP_NHAN": "Tổng số hồ sơ tiếp nhận",
    "CCHC_DIEM": "CCHC: điểm tự chấm",
}


def names(code, option):
    return NAMES.get(code)


def rule(left, op, right, message=""):
    return SimpleNamespace(left=left, operator=op, right=right, message=message)


# --------------------------------------------------------------------------- the sentence (no database)


@pytest.mark.django_db(False)
@pytest.mark.parametrize("left, op, right, values, expected", [
    ("#{HS_DUNG_HAN} + #{HS_TRE_HAN}", "==", "#{HS_DA_GIAI_QUYET}", (1190, 1200),
     "Giải quyết đúng hạn cộng trễ hạn (1.190) phải bằng số hồ sơ đã giải quyết (1.200)"),
    ("#{HS_SOM_HAN} + #{HS_DUNG_HAN} + #{HS_TRE_HAN}", "==", "#{HS_DA_GIAI_QUYET}", (1190, 1200),
     "Giải quyết trước hạn, đúng hạn cộng trễ hạn (1.190) phải bằng số hồ sơ đã giải quyết (1.200)"),
    ("#{HS_TRUC_TUYEN}", "<=", "#{HS_TIEP_NHAN}", (Decimal(1300), Decimal(1234)),
     "Tiếp nhận trực tuyến (1.300) không được lớn hơn tổng số hồ sơ tiếp nhận (1.234)"),
    ("#{HS_DA_GIAI_QUYET} - #{HS_TRE_HAN}", ">=", "#{HS_TIEP_NHAN} * 0,5".replace(",", "."), (Decimal("46.4"), 617),
     "Số hồ sơ đã giải quyết trừ giải quyết trễ hạn (46,4) không được nhỏ hơn tổng số hồ sơ tiếp nhận nhân 0,5 (617)"),
    ("#{CCHC_DIEM}", ">", "#{UNKNOWN.cap-xa}", (None, 3),
     "CCHC: điểm tự chấm phải lớn hơn UNKNOWN.cap-xa (3)"),
])
def test_a_rule_is_a_sentence_with_vietnamese_figures(left, op, right, values, expected):
    assert rules.sentence(rule(left, op, right), *values, names) == expected


@pytest.mark.django_db(False)
def test_the_rules_own_message_carries_the_figures_and_a_blank_one_is_generated():
    with_message = services.RuleResult(rule("#{HS_TRUC_TUYEN}", "<=", "#{HS_TIEP_NHAN}",
                                            "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận."),
                                       False, Decimal(1300), Decimal(1234), sentence="…")
    assert with_message.text == "Số hồ sơ trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận (1.300 so với 1.234)"
    blank = services.RuleResult(rule("#{HS_TRUC_TUYEN}", "<=", "#{HS_TIEP_NHAN}"), False, Decimal(1300),
                                Decimal(1234), sentence="Câu tự sinh")
    assert blank.text == "Câu tự sinh"


@pytest.mark.django_db(False)
@pytest.mark.parametrize("items, expected", [
    (["Số cử tri sai.", "Đơn đã xử lý sai."], "Số cử tri sai; Đơn đã xử lý sai."),
    (["Một;", " Hai. ", None, "", "Ba"], "Một; Hai; Ba."),
    ([], ""),
])
def test_messages_are_joined_without_a_stop_before_a_semicolon(items, expected):
    joined = formatting.join_messages(items)
    assert joined == expected
    assert ".;" not in joined and ".." not in joined


# --------------------------------------------------------------------------- on the form (demo catalogue)


@pytest.fixture
def cchc(province):
    data_set = DataSet.objects.get(code="CCHC-DV")
    data_set.expiry_days = None  # 2021-H1 expired long ago; these tests are about entry
    data_set.save()
    return data_set


@pytest.fixture
def form(cchc, province, h1):
    return services.get_submission(cchc, province["VITHANH"], h1)


def save(form, user, **values):
    form.refresh_from_db()
    entries = {(DataElement.objects.get(code=code), None): {"value": value} for code, value in values.items()}
    return services.save_values(form, user, entries, expected_version=form.version)


def test_a_generated_rule_reads_with_the_elements_names_and_refusals_join_cleanly(form, officer, cchc):
    ValidationRule.objects.create(data_set=cchc, name="Đúng hạn + trễ hạn", left="#{HS_DUNG_HAN} + #{HS_TRE_HAN}",
                                  operator="==", right="#{HS_DA_GIAI_QUYET}", severity=Severity.ERROR, message="")
    save(form, officer, HS_TIEP_NHAN="1.234", HS_TRUC_TUYEN="1.300", HS_DA_GIAI_QUYET="1.200", HS_DUNG_HAN="1.180",
         HS_TRE_HAN="10")
    broken = {r.rule.name: r for r in services.run_rules(form) if not r.passed}
    assert broken["Đúng hạn + trễ hạn"].text == (
        "Giải quyết đúng hạn cộng trễ hạn (1.190) phải bằng số hồ sơ đã giải quyết (1.200)")
    with pytest.raises(services.CollectionError) as refused:
        services.submit(form, officer)
    message = refused.value.message
    assert ".;" not in message and message.endswith(").")
    assert "Giải quyết đúng hạn cộng trễ hạn (1.190) phải bằng số hồ sơ đã giải quyết (1.200)" in message
    assert "không được lớn hơn tổng số hồ sơ tiếp nhận (1.300 so với 1.234)" in message


def cell_classes(page, code):
    element = DataElement.objects.get(code=code)
    match = re.search(rf'<td class="([^"]*)" data-cell="v-{element.pk}-0"', page)
    return match.group(1).split()


def test_a_broken_rule_is_flagged_on_the_cells_it_names(client, form, officer, make_user):
    save(form, officer, HS_TIEP_NHAN="100", HS_DA_GIAI_QUYET="90", HS_DUNG_HAN="80", HS_TRE_HAN="5",
         HS_XIN_LOI="12")
    client.force_login(officer)
    url = reverse("collection:entry", args=["CCHC-DV", "VITHANH", "2021-H1"])
    page = client.get(url).content.decode()
    # «trước hạn, đúng hạn cộng trễ hạn = đã giải quyết» is an error: its four cells are red.
    for code in ("HS_SOM_HAN", "HS_DUNG_HAN", "HS_TRE_HAN", "HS_DA_GIAI_QUYET"):
        assert "rule-error" in cell_classes(page, code), code
    # «xin lỗi ≤ trễ hạn» is a warning: the apology cell is yellow; an unrelated cell is plain.
    assert "rule-warning" in cell_classes(page, "HS_XIN_LOI")
    assert not {"rule-error", "rule-warning"} & set(cell_classes(page, "VB_KY_SO_TY_LE"))
    error_rule = ValidationRule.objects.get(data_set__code="CCHC-DV", name="Đúng hạn + trễ hạn = đã giải quyết")
    assert f'id="quy-tac-{error_rule.pk}"' in page and f'href="#quy-tac-{error_rule.pk}"' in page
    element = DataElement.objects.get(code="HS_DUNG_HAN")
    assert re.search(rf'id="v-{element.pk}-0"[^>]*aria-describedby="[^"]*quy-tac-{error_rule.pk}', page, re.S)
    # The side panel states the rule with the unit's figures, and the sentence behind it.
    assert "phải bằng số hồ sơ đã giải quyết (85 so với 90)" in page
    assert "Giải quyết trước hạn, đúng hạn cộng trễ hạn (85) phải bằng số hồ sơ đã giải quyết (90)." in page


# A district's dossiers that balance (tests/reform/test_submission.py), but 25 apologies for 19 late.
BALANCED = dict(HS_KY_TRUOC=90, HS_TIEP_NHAN=1234, HS_TRUC_TIEP=880, HS_TRUC_TUYEN=300, HS_BUU_CHINH=54,
                HS_DA_GIAI_QUYET=1200, HS_SOM_HAN=500, HS_DUNG_HAN=690, HS_TRE_HAN=10, HS_RUT=3, HS_TU_CHOI=2,
                HS_DANG_TRONG_HAN=110, HS_DANG_QUA_HAN=9, HS_XIN_LOI=25)


def test_any_broken_warning_may_be_explained_and_the_reviewer_reads_it(client, form, officer, make_user):
    save(form, officer, **{code: str(value) for code, value in BALANCED.items()})
    assert [r.rule.name for r in services.run_rules(form) if not r.passed] == ["Xin lỗi ≤ trễ hạn"]
    warning = ValidationRule.objects.get(data_set__code="CCHC-DV", name="Xin lỗi ≤ trễ hạn")
    assert not warning.needs_explanation  # the warning does not block sending …
    client.force_login(officer)
    url = reverse("collection:entry", args=["CCHC-DV", "VITHANH", "2021-H1"])
    page = client.get(url).content.decode()
    assert f'name="giai-trinh-{warning.pk}"' in page  # … but asks why all the same
    form.refresh_from_db()
    response = client.post(url, {"version": str(form.version), "action": "gui",
                                 f"giai-trinh-{warning.pk}": "Xin lỗi cả hồ sơ trễ hạn của kỳ trước."})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    assert RuleExplanation.objects.get(submission=form, rule=warning).text == "Xin lỗi cả hồ sơ trễ hạn của kỳ trước."
    client.force_login(make_user("SNV-CCHC", Role.STAFF))
    page = client.get(url).content.decode()
    assert 'data-testid="explanation-text"' in page and "Xin lỗi cả hồ sơ trễ hạn của kỳ trước." in page


# --------------------------------------------------------------------------- yes/no elements


@pytest.fixture
def yes_no(cchc):
    element = DataElement.objects.create(code="CO_QUY_CHE", name="Đã ban hành quy chế một cửa", unit_label="",
                                         value_type=ValueType.BOOLEAN)
    SectionElement.objects.create(section=Section.objects.filter(data_set=cchc).first(), element=element, sort_order=99)
    return element


@pytest.mark.parametrize("typed, stored", [("Có", 1), ("có", 1), ("x", 1), (1, 1), (True, 1),
                                           ("Không", 0), ("khong", 0), (0, 0), ("", None)])
def test_a_yes_no_answer_is_stored_as_one_or_zero(yes_no, typed, stored):
    value = services.parse_cell(yes_no, typed)
    assert value == (None if stored is None else Decimal(stored))
    if stored is not None:
        assert services.display_value(yes_no, value) == ("Có" if stored else "Không")


def test_anything_else_in_a_yes_no_cell_is_refused_in_vietnamese(yes_no):
    with pytest.raises(ValueError, match="không phải câu trả lời Có/Không"):
        services.parse_cell(yes_no, "2")


def test_a_yes_no_element_is_a_select_on_the_form(client, form, officer, yes_no):
    client.force_login(officer)
    url = reverse("collection:entry", args=["CCHC-DV", "VITHANH", "2021-H1"])
    name = f"v-{yes_no.pk}-0"
    page = client.get(url).content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select and '<option value="Có"' in select.group(0) and '<option value="Không"' in select.group(0)
    form.refresh_from_db()
    client.post(url, {"version": str(form.version), "action": "luu", name: "Không"})
    assert form.values.get(element=yes_no).numeric_value == 0
    page = client.get(url).content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    assert '<option value="Không" selected>' in select


def test_a_yes_no_answer_goes_through_excel_as_co_or_khong(form, officer, yes_no):
    import io

    import openpyxl

    from collection import excel
    from tests.collection.test_excel import cells_of, upload

    save(form, officer, CO_QUY_CHE="Có")
    data = excel.build_workbook(form)  # a number format on «Có» crashed the download before
    where = cells_of(data)[("CO_QUY_CHE", None, excel.VALUE)]
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[excel.FORM_SHEET]
    assert sheet[where].value == "Có"
    assert any(where in str(dv.sqref) and dv.formula1 == '"Có,Không"' for dv in sheet.data_validations.dataValidation)
    sheet[where].value = "Không"
    out = io.BytesIO()
    book.save(out)
    excel.read_upload(upload(out.getvalue()), form, officer)
    assert form.values.get(element=yes_no).numeric_value == 0
