"""Issue 11 item 3: a section fed by an admin-made data set chooses how it is stated (a sentence, a
sentence whose figures carry their per-unit breakdown, a table), and a section holds several blocks
in order — figures from several providers, then the office's narrative."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from collection.catalogue import load_catalogue
from collection.models import Aggregation, DataValue, Status, Submission, ValueType
from core import services as core_services
from core.models import OrgUnit, Period, PeriodType
from reports import registry, services
from reports.forms import OutlineSectionForm
from reports.models import FiguresPosition, OutlineSection, SectionNarrative
from reports.wording import ReportPhrase
from tests.reports.conftest import footnotes, open_docx, section

pytestmark = pytest.mark.django_db

YOUTH = "1. Về công tác thanh niên"
# An admin-made data set, as another province would define it: labels carry {kỳ}/{năm}, not a year.
ONE_STOP = {
    "code": "MOT-CUA", "name": "Báo cáo kết quả giải quyết hồ sơ một cửa", "period_type": PeriodType.SIX_MONTH,
    "reporting_kinds": ["district"], "units": ["@SNV"], "office": "CCHC", "expiry_days": 30, "description": "",
    "sections": [("ho-so", "I. Hồ sơ", [
        ("MC_TIEP_NHAN", "Số hồ sơ tiếp nhận {kỳ}", "hồ sơ", ValueType.INTEGER, Aggregation.SUM, None, 0, None),
        ("MC_DUNG_HAN", "Số hồ sơ giải quyết đúng hạn", "hồ sơ", ValueType.INTEGER, Aggregation.SUM, None, 0, None),
        ("MC_KHO_MET", "Tài liệu một cửa lưu kho năm {năm}", "mét", ValueType.DECIMAL, Aggregation.SUM, None, 0, None),
    ])],
    "rules": [],
}
# unit → (this period, the same period of 2020)
FIGURES = {  # entered out of tree order: the breakdown follows the tree, not the entry order
    "CHAUTHANH": ({"MC_TIEP_NHAN": 7, "MC_DUNG_HAN": 6}, {"MC_TIEP_NHAN": 5}),
    "VITHANH": ({"MC_TIEP_NHAN": 30, "MC_DUNG_HAN": 29, "MC_KHO_MET": Decimal("1.5")}, {"MC_TIEP_NHAN": 21}),
    "NGABAY": ({"MC_TIEP_NHAN": 25, "MC_DUNG_HAN": 25, "MC_KHO_MET": Decimal("2.25")}, {"MC_TIEP_NHAN": 24}),
}


def _submit(data_set, unit, period, values):
    at = timezone.make_aware(datetime.datetime(period.end.year, period.end.month, 10, 9, 0))
    submission = Submission.objects.create(data_set=data_set, unit=unit, period=period, status=Status.APPROVED,
                                           version=1, first_submitted_at=at, submitted_at=at, reviewed_at=at)
    elements = {i.element.code: i.element for s in data_set.sections.all() for i in s.items.all()}
    DataValue.objects.bulk_create(DataValue(submission=submission, element=elements[code], numeric_value=value)
                                  for code, value in values.items())


@pytest.fixture
def one_stop(demo):
    [data_set] = load_catalogue(catalogue=[ONE_STOP])
    core_services.create_periods(2020)
    now, before = demo.period, Period.objects.get(code="2020-H1")
    for code, (values, previous) in FIGURES.items():
        unit = OrgUnit.objects.get(code=code)
        _submit(data_set, unit, now, values)
        _submit(data_set, unit, before, previous)
    return data_set


def _feed(demo, keys, position=FiguresPosition.AFTER):
    youth = demo.sections.get(title="Về công tác thanh niên")  # the report's own copy of the outline
    youth.provider_key = keys
    youth.figures_position = position
    youth.save()
    return youth


def test_a_sentence_with_the_previous_year_and_per_unit_footnotes_in_tree_order(demo, one_stop):
    _feed(demo, "dataset:MOT-CUA@don-vi")
    _stem, data = services.render_report(demo)
    body = section(data, YOUTH)
    assert ("Tổng hợp số liệu báo cáo kết quả giải quyết hồ sơ một cửa (6 tháng đầu năm 2021): "
            "số hồ sơ tiếp nhận 6 tháng đầu năm 2021 62 hồ sơ[^") in body
    assert "(cùng kỳ năm trước: 50 hồ sơ)" in body  # 21 + 24 + 5, from the 2020 submissions
    assert "tài liệu một cửa lưu kho năm 2021 3,75 mét[^" in body  # decimals summed exactly, {năm} filled
    notes = list(footnotes(data).values())
    assert "Thành phố Vị Thanh 30 hồ sơ, thành phố Ngã Bảy 25 hồ sơ và huyện Châu Thành 07 hồ sơ." in notes
    assert "Thành phố Vị Thanh 1,5 mét và thành phố Ngã Bảy 2,25 mét." in notes


def test_the_sentence_alone_has_no_notes_and_the_table_stays_a_table(demo, one_stop):
    _feed(demo, "dataset:MOT-CUA@cau")
    _stem, data = services.render_report(demo)
    body = section(data, YOUTH)
    assert "số hồ sơ tiếp nhận 6 tháng đầu năm 2021 62 hồ sơ" in body and "[^" not in body
    assert "số hồ sơ giải quyết đúng hạn 60 hồ sơ" in body

    # The province words the set's own sentence: «@cau» states it; «@bang» keeps the table regardless.
    ReportPhrase.objects.create(key="bieu-mau.cau.MOT-CUA", text="Tiếp nhận {number:MC_TIEP_NHAN|hồ sơ}"
                                "[ ({change:MC_TIEP_NHAN__thay_doi|hồ sơ} so với cùng kỳ)].")
    _stem, data = services.render_report(demo)
    assert "\nTiếp nhận 62 hồ sơ (tăng 12 hồ sơ so với cùng kỳ).\n" in section(data, YOUTH)
    _feed(demo, "dataset:MOT-CUA@bang")
    _stem, data = services.render_report(demo)
    assert "Tiếp nhận 62" not in section(data, YOUTH)
    [table] = [t for t in open_docx(data).tables if t.rows[0].cells[0].text == "Chỉ tiêu"]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert ["Số hồ sơ tiếp nhận 6 tháng đầu năm 2021", "hồ sơ", "62"] in rows


def test_the_general_clause_is_a_phrase_the_province_rewords(demo, one_stop):
    _feed(demo, "dataset:MOT-CUA@cau")
    ReportPhrase.objects.create(key="bieu-mau.cau-chung.chi-tieu",
                                text="{text:chi_tieu} đạt {text:so}[, {change:thay_doi} so với cùng kỳ]")
    _stem, data = services.render_report(demo)
    assert "số hồ sơ tiếp nhận 6 tháng đầu năm 2021 đạt 62 hồ sơ, tăng 12 so với cùng kỳ;" in section(data, YOUTH)


def test_several_blocks_in_order_then_the_narrative(demo, one_stop):
    youth = _feed(demo, "hoi-quy.ket-qua, dataset:MOT-CUA@cau", position=FiguresPosition.BEFORE)
    SectionNarrative.objects.update_or_create(report=demo, section=youth,
                                              defaults={"text": "Phòng viết phần đánh giá sau số liệu."})
    _stem, data = services.render_report(demo)
    body = section(data, YOUTH)
    associations = body.index("phê duyệt thành lập 01 Hội")
    one_stop_at = body.index("Tổng hợp số liệu báo cáo kết quả giải quyết hồ sơ một cửa")
    narrative = body.index("Phòng viết phần đánh giá sau số liệu.")
    assert associations < one_stop_at < narrative


def test_a_kind_section_lists_sources_checked_in_vietnamese(demo, one_stop):
    youth = OutlineSection.objects.get(kind=demo.kind, title="Về công tác thanh niên")
    for keys, message in [("dataset:MOT-CUA@hinh-tron", "Không có nguồn số liệu «dataset:MOT-CUA@hinh-tron»"),
                          ("dataset:MOT-CUA@cau, dataset:MOT-CUA@bang", "chỉ được chọn một lần"),
                          ("a, b, c, d, e", "tối đa")]:
        youth.provider_key = keys
        with pytest.raises(Exception, match=message):
            youth.full_clean()
    youth.provider_key = "hoi-quy.ket-qua,dataset:MOT-CUA@don-vi"
    youth.full_clean()
    assert youth.provider_key == "hoi-quy.ket-qua, dataset:MOT-CUA@don-vi"
    assert youth.provider_keys == ["hoi-quy.ket-qua", "dataset:MOT-CUA@don-vi"]


def test_the_outline_form_takes_sources_in_order_and_refuses_a_repeat(demo, one_stop):
    youth = OutlineSection.objects.get(kind=demo.kind, title="Về công tác thanh niên")
    base = {"parent": youth.parent_id, "title": youth.title, "figures_position": "after", "order": youth.order,
            "office": youth.office_id}
    form = OutlineSectionForm({**base, "provider_key_0": "dataset:MOT-CUA@don-vi", "provider_key_1": "",
                               "provider_key_2": "hoi-quy.ket-qua", "provider_key_3": ""}, instance=youth)
    assert form.is_valid(), form.errors
    assert form.save().provider_key == "dataset:MOT-CUA@don-vi, hoi-quy.ket-qua"
    choices = dict(form.fields["provider_key"].fields[0].choices)
    assert choices["dataset:MOT-CUA@don-vi"].endswith("câu văn, mỗi số liệu kèm chi tiết từng đơn vị")
    repeat = OutlineSectionForm({**base, "provider_key_0": "dataset:MOT-CUA@cau",
                                 "provider_key_1": "dataset:MOT-CUA"}, instance=youth)
    assert not repeat.is_valid() and "chỉ được chọn một lần" in str(repeat.errors)


def test_the_office_of_a_section_listing_several_sources_edits_each_ones_phrases(demo, users, client):
    youth = OutlineSection.objects.get(kind=demo.kind, title="Về công tác thanh niên")  # office XDCQ
    url = reverse("reports:phrase_edit", args=["hoi-quy.ket-qua.thanh-lap-hoi"])
    client.force_login(users["staff_xdcq"])
    assert client.get(url).status_code == 404  # not this office's phrase: not shown to it
    youth.provider_key = "chinh-quyen.bau-cu, hoi-quy.ket-qua"
    youth.save()
    assert client.get(url).status_code == 200


def test_mode_keys_resolve_and_unknown_modes_do_not(demo, one_stop):
    assert registry.get("dataset:MOT-CUA@don-vi").mode == "don-vi"
    assert registry.get("dataset:MOT-CUA").mode == ""
    with pytest.raises(KeyError):
        registry.get("dataset:MOT-CUA@xyz")
    assert registry.split_keys("a,\n b ,, c") == ["a", "b", "c"]
