"""Pickers that scale (issue 16 item 3, core/pickers.py): a unit, a person or an award decision is
chosen in a select that lists everything only when the list is short, else holds the chosen value and
a search box asking /chon/<source>/ — scoped by core/access.py, accent-insensitive (core/search.py)."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.access import scope_for
from core.models import OrgUnit
from core.pickers import PICKER_OPTIONS_SHOWN, full_list_max
from emulation.models import AwardDecision
from staffing.models import CivilServant
from tests.core.test_views import FAST_HASHERS, add_communes, build_portal_tree

pytestmark = pytest.mark.django_db

NEW_CASE = "/to-chuc-can-bo/tinh-gian-bien-che/them/"
UNITS = "/chon/don-vi/"
PEOPLE = "/chon/nguoi/"
DECISIONS = "/chon/quyet-dinh-khen-thuong/"


@pytest.fixture
def province(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_portal_tree()


@pytest.fixture
def big_province(province):
    """The portal tree and 150 more communes: more than a picker lists in full."""
    add_communes(150)
    assert OrgUnit.objects.count() > full_list_max()
    return province


def as_user(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def select_html(html, name):
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def options_of(html):
    return re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html)


def person(ma_so, name, unit_code):
    return CivilServant.objects.create(ma_so=ma_so, full_name=name, birth_date=datetime.date(1980, 1, 1), gender="nam",
                                       unit=OrgUnit.objects.get(code=unit_code), category="cong_chuc")


# --------------------------------------------------------------------------- units


def test_a_large_scope_renders_the_blank_and_a_search_box_not_every_unit(client, big_province):
    html = as_user(client, "cv.tcbc").get(NEW_CASE).content.decode()
    options = options_of(select_html(html, "unit"))
    assert len(options) <= PICKER_OPTIONS_SHOWN
    assert options == [("", ' selected', "— Chọn đơn vị —")]
    assert 'data-picker-search="unit"' in html and 'hx-get="/chon/don-vi/?truong=unit' in html
    assert "gõ vào ô tìm kiếm" in html
    # the search box is not part of the form: it would be posted as «q»
    assert 'form="picker-search-only"' in html


def test_the_chosen_unit_is_rendered_when_editing(client, big_province):
    from staffing.models import StreamliningCase

    case = StreamliningCase.objects.create(year=2024, round_number=1, stage="phe_duyet", quantity=2,
                                           decided_on=datetime.date(2024, 3, 22), unit=OrgUnit.objects.get(code="XA-148"))
    html = as_user(client, "cv.tcbc").get(f"/to-chuc-can-bo/tinh-gian-bien-che/{case.pk}/sua/").content.decode()
    options = options_of(select_html(html, "unit"))
    assert len(options) == 2
    assert options[1][0] == str(case.unit_id) and "selected" in options[1][1] and options[1][2] == "Xã Mới 148"


def test_a_short_list_is_whole_grouped_by_kind_in_tree_order(client, province):
    from core.selectors import STATUS_ALL, unit_tree

    html = select_html(as_user(client, "cv.tcbc").get(NEW_CASE).content.decode(), "unit")
    groups = re.findall(r'<optgroup label="([^"]*)">', html)
    assert groups == ["Tỉnh (UBND tỉnh)", "Sở Nội vụ", "Phòng, ban, đơn vị thuộc Sở", "Sở, ban, ngành tỉnh", "Cấp huyện",
                      "Cấp xã"]
    communes = re.search(r'<optgroup label="Cấp xã">(.*?)</optgroup>', html, re.S).group(1)
    # tree order, as the org tree page lists them: each district's communes after those before it
    scope = scope_for(get_user_model().objects.get(username="cv.tcbc"))
    offered = set(scope.units().values_list("pk", flat=True))  # the form offers today's tree
    rows, _total = unit_tree(scope, status=STATUS_ALL)
    in_tree = [str(row.unit.pk) for row in rows if row.unit.kind == "commune" and row.unit.pk in offered]
    assert [value for value, _a, _label in options_of(communes)] == in_tree
    assert len(in_tree) >= 2


def test_the_options_are_written_as_djangos_select_writes_them(province):
    """The picker writes its options in Python (one template include per option cost more than the
    query): the <select> must be the one Django's own templates render, character for character."""
    from django.forms.renderers import get_default_renderer

    from core.pickers import PickerChoiceField, PickerSelect

    class Form(forms.Form):
        unit = PickerChoiceField(queryset=OrgUnit.objects.all(), required=False, empty_label="— Chọn —")

    unit = OrgUnit.objects.filter(kind="commune").first()
    unit.name = 'Xã "Mới" & <Cũ>'  # escaped alike
    unit.save()
    for value in (None, unit.pk):
        bound = Form(initial={"unit": value})["unit"]
        widget = bound.field.widget
        assert isinstance(widget, PickerSelect)
        context = widget.get_context(bound.html_name, bound.value(), bound.build_widget_attrs({"id": bound.auto_id}))
        ours = re.search(r"<select.*</select>", widget._render(widget.template_name, context, get_default_renderer()), re.S)
        stock = get_default_renderer().render("django/forms/widgets/select.html", context)
        assert ours.group(0) == stock.strip()
        assert ("selected" in ours.group(0).split(str(unit.pk), 1)[-1][:12]) == (value is not None)


def test_the_unit_lookup_finds_by_name_without_accents_and_by_code(client, big_province):
    as_user(client, "cv.tcbc")
    html = client.get(UNITS, {"truong": "unit", "q": "xa moi 14"}).content.decode()
    labels = [label for _v, _a, label in options_of(html)]
    assert labels[:3] == ["Xã Mới 014", "Xã Mới 114", "Xã Mới 140"] and '<optgroup label="Cấp xã">' in html
    assert [label for _v, _a, label in options_of(client.get(UNITS, {"q": "syt"}).content.decode())] == ["Sở Y tế"]
    many = client.get(UNITS, {"q": "xa"}).content.decode()
    assert len([o for o in options_of(many) if o[0]]) == PICKER_OPTIONS_SHOWN
    assert "đơn vị khác; gõ thêm để thu hẹp" in many


def test_the_unit_lookup_keeps_the_chosen_and_the_blank(client, big_province):
    chosen = OrgUnit.objects.get(code="SYT")
    html = as_user(client, "cv.tcbc").get(UNITS, {"truong": "unit", "unit": chosen.pk, "trong": "— Chọn đơn vị —",
                                                  "q": "xa moi 002"}).content.decode()
    options = options_of(html)
    assert options[0] == ("", "", "— Chọn đơn vị —")
    assert options[1] == (str(chosen.pk), " selected", "Sở Y tế")
    assert [label for _v, _a, label in options[2:]] == ["Xã Mới 002"]


def test_the_unit_lookup_is_scoped_by_access(client, big_province):
    response = client.get(UNITS, {"q": "xa"})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]  # anonymous
    officer = [label for v, _a, label in options_of(as_user(client, "cb.soyte").get(UNITS, {"q": "xa moi"}).content.decode()) if v]
    assert officer == []  # an officer of Sở Y tế reaches no commune
    assert "Không tìm thấy đơn vị phù hợp" in client.get(UNITS, {"q": "xa moi"}).content.decode()
    assert [label for _v, _a, label in options_of(client.get(UNITS, {"q": "y te"}).content.decode())] == ["Sở Y tế"]
    leader = options_of(as_user(client, "giamdoc").get(UNITS, {"q": "xa moi 00"}).content.decode())
    assert [label for _v, _a, label in leader if _v] == [f"Xã Mới {i:03d}" for i in (0, 2, 4, 6, 8, 100)]
    staff = options_of(as_user(client, "cv.tcbc").get(UNITS, {"q": "ngã bảy"}).content.decode())
    assert [label.split(" (")[0] for _v, _a, label in staff] == ["Thành phố Ngã Bảy"]
    assert as_user(client, "cv.tcbc").get("/chon/khong-co/").status_code == 404


def test_a_unit_outside_the_scope_posted_by_hand_is_refused_in_vietnamese(big_province):
    from religion.forms import DossierForm

    officer = get_user_model().objects.get(username="cb.soyte")
    outside = OrgUnit.objects.get(code="XA-002")
    form = DossierForm(data={"unit": str(outside.pk)}, scope=scope_for(officer))
    assert not form.is_valid()
    assert form.errors["unit"] == ["Đơn vị đã chọn không thuộc phạm vi của anh/chị."]


def test_the_register_list_filter_is_a_picker_too(client, big_province):
    html = as_user(client, "cv.tcbc").get("/to-chuc-can-bo/tinh-gian-bien-che/").content.decode()
    assert len(options_of(select_html(html, "unit"))) == 1
    assert 'hx-get="/chon/don-vi/?truong=unit&amp;trong=' in html and "khoa=code" in html
    # the filter still filters: by code, and an unknown code falls back to every unit
    assert as_user(client, "cv.tcbc").get("/to-chuc-can-bo/tinh-gian-bien-che/", {"unit": "XA-010"}).status_code == 200
    html = client.get("/to-chuc-can-bo/tinh-gian-bien-che/", {"unit": "XA-010"}).content.decode()
    assert options_of(select_html(html, "unit"))[1][2] == "Xã Mới 010"


# --------------------------------------------------------------------------- people


@pytest.fixture
def people(province):
    return [person("HG000001", "Nguyễn Văn An", "SYT"), person("HG000002", "Đặng Thị Bình", "SYT"),
            person("HG000003", "Trần Nguyên Khôi", "SNV-TCBC"), person("HG000004", "Lê Văn Cường", "SYT")]


def test_a_person_is_chosen_in_a_select_not_typed(client, people):
    html = as_user(client, "cv.tcbc").get(NEW_CASE).content.decode()
    options = options_of(select_html(html, "person"))
    assert ("HG000001", "", "Nguyễn Văn An — HG000001 (Sở Y tế)") in options
    assert '<input type="text" name="person"' not in html


def test_many_people_are_searched_not_listed(client, people, settings):
    settings.PICKER_FULL_LIST_MAX = 3
    html = as_user(client, "cv.tcbc").get(NEW_CASE).content.decode()
    assert options_of(select_html(html, "person")) == [("", " selected", "— Không gắn với một người —")]
    assert 'hx-get="/chon/nguoi/?truong=person&amp;trong=' in html


def test_the_person_lookup_is_accent_and_case_insensitive(client, people):
    as_user(client, "cv.tcbc")
    found = options_of(client.get(PEOPLE, {"truong": "person", "khoa": "ma_so", "q": "nguyen"}).content.decode())
    assert [value for value, _a, _l in found] == ["HG000001", "HG000003"]  # «Nguyễn Văn An», «Trần Nguyên Khôi»
    assert [v for v, _a, _l in options_of(client.get(PEOPLE, {"khoa": "ma_so", "q": "ĐẶNG"}).content.decode())] == ["HG000002"]
    assert [v for v, _a, _l in options_of(client.get(PEOPLE, {"khoa": "ma_so", "q": "Nguyễn Văn"}).content.decode())] == ["HG000001"]
    assert [v for v, _a, _l in options_of(client.get(PEOPLE, {"khoa": "ma_so", "q": "hg000004"}).content.decode())] == ["HG000004"]


def test_the_person_lookup_is_scoped_by_access(client, people):
    response = client.get(PEOPLE, {"q": "nguyen"})
    assert response.status_code == 302  # anonymous
    assert as_user(client, "giamdoc").get(PEOPLE, {"q": "nguyen"}).status_code == 403  # a leader sees no names
    officer = options_of(as_user(client, "cb.soyte").get(PEOPLE, {"khoa": "ma_so", "q": "nguyen"}).content.decode())
    assert [v for v, _a, _l in officer] == ["HG000001"]  # not Trần Nguyên Khôi of the Sở
    staff = options_of(as_user(client, "cv.tcbc").get(PEOPLE, {"khoa": "ma_so", "q": "nguyen"}).content.decode())
    assert [v for v, _a, _l in staff] == ["HG000001", "HG000003"]


def test_a_person_outside_the_scope_posted_by_hand_is_refused(client, people):
    from staffing.forms import StreamliningCaseForm

    officer = get_user_model().objects.get(username="cb.soyte")
    form = StreamliningCaseForm(data={"person": "HG000003"}, scope=scope_for(officer))
    assert not form.is_valid()
    assert form.errors["person"] == [
        "Không tìm thấy cán bộ, công chức, viên chức có mã số «HG000003» trong phạm vi của anh/chị."]


# --------------------------------------------------------------------------- award decisions


@pytest.fixture
def decisions(province):
    syt = OrgUnit.objects.get(code="SYT")
    return [AwardDecision.objects.create(number=str(i), symbol="QĐ-UBND", decided_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
                                         received_on=datetime.date(2020, 1, 1), occasion="tong_ket", proposing_unit=syt,
                                         status="da_khen", subject=f"khen thưởng đợt {i}")
            for i in range(1, 131)]


def test_the_award_item_form_does_not_list_every_decision(client, decisions):
    html = as_user(client, "cv.tdkt").get(reverse("emulation:register_create", args=["doi-tuong"])).content.decode()
    assert len(options_of(select_html(html, "decision"))) == 1
    assert 'hx-get="/chon/quyet-dinh-khen-thuong/' in html
    found = options_of(client.get(DECISIONS, {"q": "đợt 129"}).content.decode())
    assert len(found) == 1 and found[0][2].startswith("Quyết định số 129/QĐ-UBND") and found[0][2].endswith(
        "— khen thưởng đợt 129")
    assert as_user(client, "cb.soyte").get(DECISIONS, {"q": "1"}).status_code == 403
