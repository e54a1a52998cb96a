"""Wording as data: phrases (mẫu câu) parsed and rendered by core.reporting (never str.format or
eval on typed text), overridden for the province on the portal, checked on save."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import reporting
from core.reporting import Cases, Note, PhraseError, assemble, render
from reports import services
from reports.wording import KindWording, ReportPhrase
from tests.reports.conftest import section

ASSOCIATIONS = "2. Về công tác quản lý hội, quỹ"
SALARY = "4. Về chính sách tiền lương"
STRUCTURE = "1. Về tổ chức bộ máy và biên chế"

NAMES = {"so": ("number", ""), "dh": ("number", ""), "n": ("number", ""), "bc": ("number", ""),
         "nam": ("text", ""), "dv": ("units", ""), "cv": ("ratio", ""), "ghi": ("note", ""), "tien": ("number", ""),
         "tl": ("number", "")}


def test_figures_are_written_by_kind():
    assert render("có {count:so|Hội}, {number:n} người, {money:tien}, đạt {percent:tl}", {
        "so": 2, "n": 1360, "tien": 150000000, "tl": 99.99}, NAMES) == [
        "có 02 Hội, 1.360 người, 150 triệu đồng, đạt 99,99%"]
    assert render("{change:bc|biên chế công chức} so với năm {text:nam}", {"bc": -25, "nam": 2020}, NAMES) == [
        "giảm 25 biên chế công chức so với năm 2020"]
    assert render("{change:bc|bậc}", {"bc": 2}, NAMES) == ["tăng 02 bậc"]
    assert render("{change:bc|bậc}", {"bc": 0}, NAMES) == ["bằng cùng kỳ"]
    assert render("đã tổng hợp {ratio:cv|đơn vị}", {"cv": (18, 22)}, NAMES) == ["đã tổng hợp 18/22 đơn vị"]
    segments = render("{units:dv}{note:ghi}: {cases:n}", {"dv": ["Huyện Vị Thủy", "Sở Y tế"], "ghi": "A 1, B 2.",
                                                          "n": 74}, NAMES)
    assert segments[0] == "huyện Vị Thủy và Sở Y tế" and segments[1] == Note("A 1, B 2.")
    assert isinstance(segments[-1], Cases) and segments[-1].n == 74


def test_an_optional_clause_with_a_zero_figure_drops_out_and_a_required_one_drops_the_sentence():
    text = "Đã phê duyệt thành lập {count:so|Hội}[, tổ chức đại hội cho {count:dh|đơn vị}] theo quy định."
    assert render(text, {"so": 1, "dh": 0}, NAMES) == ["Đã phê duyệt thành lập 01 Hội theo quy định."]
    assert render(text, {"so": 1}, NAMES) == ["Đã phê duyệt thành lập 01 Hội theo quy định."]
    assert render(text, {"so": 1, "dh": 3}, NAMES) == [
        "Đã phê duyệt thành lập 01 Hội, tổ chức đại hội cho 03 đơn vị theo quy định."]
    assert render(text, {"so": 0, "dh": 3}, NAMES) is None
    assert render(r"giá {{x}} \[y\]", {}, NAMES) == ["giá {x} [y]"]
    assert render("a[ b {count:so}[ c {count:dh}]].", {"so": 1, "dh": 0}, NAMES) == ["a b 01."]


@pytest.mark.parametrize("text,message", [
    ("{count:khong_co|Hội}", "Tên «khong_co» không có"),
    ("{units:so}", "không viết được theo loại «units»"),
    ("{format:so}", "Loại «format»"),
    ("{so}", "phải có dạng {loại:tên}"),
    ("[{count:so}", "thiếu dấu «]»"),
    ("{count:so", "thiếu dấu «}»"),
    ("{count:so.__class__}", "Tên «so.__class__» không có"),
    ("", "không được để trống"),
])
def test_bad_phrases_are_refused_in_vietnamese(text, message):
    with pytest.raises(PhraseError, match=message.replace("{", "\\{").replace("[", "\\[").replace("]", "\\]")):
        reporting.check(text, NAMES)


def test_cases_follow_the_document_rule():
    first, second = (reporting.Paragraph().extend(render("nghỉ hưu {cases:n}", {"n": n}, NAMES)) for n in (10, 6))
    assemble([first, second])
    assert (first.text, second.text) == ("nghỉ hưu 10 trường hợp (TH)", "nghỉ hưu 06 (TH)")


def test_every_shipped_default_checks():
    declared = reporting.phrases()
    assert "hoi-quy.ket-qua.cau" in declared and "thanh-tra.don-thu.don" in declared
    for phrase in declared.values():
        phrase.check(phrase.default)


@pytest.mark.django_db
def test_a_phrase_changed_through_the_portal_is_used_by_the_next_docx(demo, users, client):
    _stem, before = services.render_report(demo)
    assert "Trong 6 tháng đầu năm đã phê duyệt thành lập 01 Hội" in section(before, ASSOCIATIONS)  # the default
    client.force_login(users["staff_tcbc"])  # the office responsible for the associations section
    url = reverse("reports:phrase_edit", args=["hoi-quy.ket-qua.cau"])
    response = client.post(url, {"text": "Trong {text:ky}, Sở đã tham mưu {list:viec}, bảo đảm đúng quy định.",
                                 "save": ""})
    assert response.status_code == 302
    _stem, after = services.render_report(demo)
    text = section(after, ASSOCIATIONS)
    assert "Trong 6 tháng đầu năm, Sở đã tham mưu phê duyệt thành lập 01 Hội" in text
    assert "bảo đảm đúng quy định." in text


@pytest.mark.django_db
def test_a_phrase_with_an_unknown_placeholder_is_refused(demo, users, client):
    client.force_login(users["admin"])
    url = reverse("reports:phrase_edit", args=["hoi-quy.ket-qua.cau"])
    response = client.post(url, {"text": "Trong {text:ky} đã {list:viec} và {count:so_quyet_dinh} Quyết định.",
                                 "save": ""})
    assert response.status_code == 400
    assert "Tên «so_quyet_dinh» không có trong mẫu câu này" in response.content.decode()
    assert not ReportPhrase.objects.exists()
    with pytest.raises(ValidationError):
        services.save_phrase(users["admin"], "hoi-quy.ket-qua.cau", "{count:so_quyet_dinh}")


@pytest.mark.django_db
def test_only_the_responsible_office_or_an_admin_edits_a_phrase(demo, users, client):
    client.force_login(users["staff_xdcq"])
    assert client.get(reverse("reports:phrase_edit", args=["hoi-quy.ket-qua.cau"])).status_code == 404
    assert client.get(reverse("reports:phrases")).status_code == 200
    client.force_login(users["officer"])
    assert client.get(reverse("reports:phrases")).status_code == 403
    client.force_login(users["staff_tcbc"])
    page = client.get(reverse("reports:phrases")).content.decode()
    assert 'data-phrase="hoi-quy.ket-qua.cau"' in page and 'data-phrase="thanh-tra.don-thu.don"' not in page


@pytest.mark.django_db
def test_the_preview_uses_real_data(demo, users, client):
    client.force_login(users["staff_tcbc"])
    url = reverse("reports:phrase_preview", args=["hoi-quy.ket-qua.cau"])
    page = client.post(url, {"text": "Kỳ này đã {list:viec}."}).content.decode()
    assert "Kỳ này đã phê duyệt thành lập 01 Hội" in page
    bad = client.post(url, {"text": "{count:khong_co}"}).content.decode()
    assert "Tên «khong_co» không có" in bad


@pytest.mark.django_db
def test_the_kind_conventions_cases_and_period_phrase(demo):
    from tests.reports.conftest import footnotes

    KindWording.objects.create(kind=demo.kind, abbreviate_cases=False, period_phrase="nửa đầu năm 2021",
                               detail_style="parentheses")
    _stem, data = services.render_report(demo)
    assert "trường hợp (TH)" not in "".join(section(data, STRUCTURE) + section(data, SALARY))
    assert "1.360 trường hợp" in section(data, SALARY)
    assert "Trong nửa đầu năm 2021 đã phê duyệt thành lập 01 Hội" in section(data, ASSOCIATIONS)
    assert footnotes(data) == {}  # the kind says parentheses, whatever each report's own setting
    assert "04 đơn vị cấp tỉnh (Sở Y tế, Sở Giáo dục và Đào tạo" in section(data, "2. Về quản lý đội ngũ")


@pytest.mark.django_db
def test_a_data_set_section_as_a_sentence_with_a_comparison_and_a_per_unit_note(demo, users, client, monkeypatch):
    """Item 3 (first step): an admin words a data set's own sentence over its element codes; the
    section then states it instead of the table, with the same period of the previous year and
    the per-unit breakdown as a footnote."""
    from tests.reports.conftest import footnotes

    youth = demo.sections.get(title="Về công tác thanh niên")  # the report's own copy of the outline
    youth.provider_key = "dataset:CCHC-DV"
    youth.save()
    client.force_login(users["admin"])
    url = reverse("reports:phrase_edit", args=["bieu-mau.cau.CCHC-DV"])
    text = ("Các cơ quan, đơn vị tiếp nhận {number:HS_TIEP_NHAN|hồ sơ}{note:HS_TIEP_NHAN__don_vi}"
            "[ ({change:HS_TIEP_NHAN__thay_doi|hồ sơ} so với cùng kỳ)].")
    assert client.post(url, {"text": text, "save": ""}).status_code == 302
    refused = client.post(url, {"text": "{number:KHONG_CO}", "save": ""})
    assert refused.status_code == 400 and "Tên «KHONG_CO» không có" in refused.content.decode()

    from collection import report as collection_report
    from core import formatting as fmt
    from core import services as core_services
    from reports.selectors import provider_context

    now = provider_context(demo).figures("CCHC-DV")[("HS_TIEP_NHAN", None)]
    _stem, data = services.render_report(demo)  # no 2020 period on record: the comparison drops out
    body = section(data, "1. Về công tác thanh niên")
    assert f"Các cơ quan, đơn vị tiếp nhận {fmt.number(now)} hồ sơ" in body and "so với cùng kỳ" not in body

    # The same period of the previous year on record, 25 dossiers fewer (the demo has no 2020 data).
    core_services.create_periods(2020)
    real = collection_report.DataSetSource.figures

    def figures(data_set, period, root):
        found = real(data_set, demo.period, root)
        return found if period == demo.period else {k: v - 25 for k, v in found.items() if k == ("HS_TIEP_NHAN", None)}

    monkeypatch.setattr(collection_report.DataSetSource, "figures", staticmethod(figures))
    _stem, data = services.render_report(demo)
    body = section(data, "1. Về công tác thanh niên")
    assert f"Các cơ quan, đơn vị tiếp nhận {fmt.number(now)} hồ sơ[^" in body  # the per-unit footnote
    assert "hồ sơ.] (tăng 25 hồ sơ so với cùng kỳ)." in body
    notes = list(footnotes(data).values())
    assert any(n.startswith("Thành phố Vị Thanh ") and " hồ sơ" in n for n in notes)


@pytest.mark.django_db
def test_the_report_list_links_the_phrases_page_for_those_who_may_use_it(demo, users, client):
    client.force_login(users["staff_tcbc"])
    assert 'data-testid="phrases-link"' in client.get(reverse("reports:list")).content.decode()
    client.force_login(users["leader"])
    assert 'data-testid="phrases-link"' not in client.get(reverse("reports:list")).content.decode()
