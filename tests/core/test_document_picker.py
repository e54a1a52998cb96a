"""Choosing a legal document in a register form when the province has many: the select holds the
newest ones and the chosen one; the search box asks /van-ban/chon/ for matches; any document is accepted."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from core.forms import DOCUMENT_OPTIONS_SHOWN
from core.models import DocumentType, LegalDocument
from staffing.models import StreamliningCase
from tests.core.test_views import FAST_HASHERS, build_portal_tree

pytestmark = pytest.mark.django_db

NEW_CASE = "/to-chuc-can-bo/tinh-gian-bien-che/them/"
OPTIONS = "/van-ban/chon/"


@pytest.fixture
def many_documents(settings):
    """The portal tree's three documents plus 60 plans: «KH-TEST 1» (2001) … «KH-TEST 60» (2060)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    build_portal_tree()
    LegalDocument.objects.bulk_create(
        LegalDocument(doc_type=DocumentType.PLAN, number=str(i), symbol="KH-TEST", issued_on=datetime.date(2000 + i, 1, 1),
                      issuer="Ủy ban nhân dân tỉnh", subject=f"kế hoạch thử số {i}")
        for i in range(1, 61)
    )
    return {int(d.number): d for d in LegalDocument.objects.filter(symbol="KH-TEST")}


def as_user(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def select_options(html, name="decision"):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)


def case_form(doc_id):
    return {"year": "2024", "round_number": "1", "stage": "phe_duyet", "unit": "", "quantity": "2",
            "decided_on": "22/03/2024", "decision": str(doc_id)}


def test_the_select_holds_only_the_newest_documents_and_a_search_box(client, many_documents):
    html = as_user(client, "cv.tcbc").get(NEW_CASE).content.decode()
    options = select_options(html)
    assert options[0][0] == "" and options[0][2] == "— Không có —"
    assert len(options) == DOCUMENT_OPTIONS_SHOWN + 1
    assert options[1][2] == "Kế hoạch số 60/KH-TEST ngày 01/01/2060"
    assert str(many_documents[1].pk) not in {value for value, _attrs, _label in options}
    assert 'data-document-search="decision"' in html and 'hx-get="/van-ban/chon/?truong=decision&amp;trong=1"' in html


def test_an_older_document_is_accepted_and_shown_chosen_on_edit(client, many_documents, settings):
    from core.models import OrgUnit

    oldest = many_documents[1]
    form = case_form(oldest.pk) | {"unit": str(OrgUnit.objects.get(code="SYT").pk)}
    response = as_user(client, "cv.tcbc").post(NEW_CASE, form)
    assert response.status_code == 302, response.content.decode()
    case = StreamliningCase.objects.get()
    assert case.decision == oldest

    html = client.get(f"/to-chuc-can-bo/tinh-gian-bien-che/{case.pk}/sua/").content.decode()
    options = select_options(html)
    assert options[1][0] == str(oldest.pk) and "selected" in options[1][1]
    assert len(options) == DOCUMENT_OPTIONS_SHOWN + 2  # blank, the chosen one, the newest 30


def test_an_unknown_document_is_refused_in_vietnamese(client, many_documents):
    from core.models import OrgUnit

    form = case_form(999_999) | {"unit": str(OrgUnit.objects.get(code="SYT").pk)}
    response = as_user(client, "cv.tcbc").post(NEW_CASE, form)
    assert response.status_code == 200
    assert "Văn bản đã chọn không có trong danh mục văn bản." in response.content.decode()
    assert not StreamliningCase.objects.exists()


def test_search_returns_matches_and_keeps_the_chosen_document_first(client, many_documents):
    chosen = many_documents[7]
    html = as_user(client, "cv.tcbc").get(OPTIONS, {"truong": "decision", "trong": "1", "decision": chosen.pk,
                                                    "q": "05/2021/QĐ-UBND"}).content.decode()
    options = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html)
    assert options[0][:1] == ("",) and options[0][2] == "— Không có —"
    assert options[1][0] == str(chosen.pk) and "selected" in options[1][1]
    assert [label for _v, _a, label in options[2:]] == ["Quyết định số 05/2021/QĐ-UBND ngày 18/03/2021"]


def test_search_says_when_nothing_matches_and_when_more_are_left_out(client, many_documents):
    as_user(client, "cv.tcbc")
    html = client.get(OPTIONS, {"truong": "decision", "q": "không có văn bản này"}).content.decode()
    assert "Không tìm thấy văn bản phù hợp với «không có văn bản này»" in html
    assert "— Không có —" not in html  # a required field gets no blank option

    html = client.get(OPTIONS, {"truong": "decision", "q": "KH-TEST"}).content.decode()
    assert html.count("<option") == DOCUMENT_OPTIONS_SHOWN + 1
    assert "… còn 30 văn bản khác; gõ thêm để thu hẹp" in html
    html = client.get(OPTIONS, {"truong": "decision", "q": "thử số 42"}).content.decode()
    assert re.findall(r">([^<]+)</option>", html) == ["Kế hoạch số 42/KH-TEST ngày 01/01/2042"]


def test_a_bad_chosen_value_is_ignored(client, many_documents):
    html = as_user(client, "cv.tcbc").get(OPTIONS, {"truong": "decision", "decision": "abc", "q": "thử số 42"}).content.decode()
    assert re.findall(r">([^<]+)</option>", html) == ["Kế hoạch số 42/KH-TEST ngày 01/01/2042"]


@pytest.mark.parametrize("username, status", [
    ("quantri", 200), ("giamdoc", 200), ("cv.tcbc", 200), ("cb.vithanh", 403), ("cb.soyte", 403), ("cb.hoaluu", 403),
])
def test_who_may_search_documents(client, many_documents, username, status):
    response = as_user(client, username).get(OPTIONS, {"q": "KH"})
    assert response.status_code == status
    if status == 403:
        assert "Danh mục văn bản dành cho chuyên viên và lãnh đạo Sở." in response.content.decode()


def test_anonymous_is_sent_to_login_and_post_is_refused(client, many_documents):
    response = client.get(OPTIONS)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert as_user(client, "cv.tcbc").post(OPTIONS).status_code == 405
