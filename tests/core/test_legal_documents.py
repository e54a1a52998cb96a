import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import DocumentStyle, DocumentType, LegalDocument

D = datetime.date


def test_normative_citation():
    doc = LegalDocument(
        doc_type=DocumentType.DECISION, style=DocumentStyle.NORMATIVE, number="05", year=2021, symbol="QĐ-UBND",
        issued_on=D(2021, 3, 18), issuer="Ủy ban nhân dân tỉnh Hậu Giang", subject="về ban hành quy chế",
    )
    assert doc.citation() == (
        "Quyết định số 05/2021/QĐ-UBND ngày 18 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh Hậu Giang về ban hành quy chế"
    )


def test_administrative_citation_pads_january():
    doc = LegalDocument(
        doc_type=DocumentType.PLAN, number="97", symbol="KH-UBND", issued_on=D(2022, 12, 30),
        issuer="UBND tỉnh", subject="về công tác nội vụ",
    )
    assert doc.citation() == "Kế hoạch số 97/KH-UBND ngày 30 tháng 12 năm 2022 của UBND tỉnh về công tác nội vụ"
    assert doc.citation(with_issuer=False, with_subject=False) == "Kế hoạch số 97/KH-UBND ngày 30 tháng 12 năm 2022"
    doc.issued_on = D(2026, 1, 5)
    assert "ngày 05 tháng 01 năm 2026" in doc.citation()


def test_party_citation():
    doc = LegalDocument(doc_type=DocumentType.RESOLUTION, style=DocumentStyle.PARTY, number="19", symbol="NQ/TW")
    assert doc.reference == "19-NQ/TW"
    assert doc.citation() == "Nghị quyết số 19-NQ/TW"


def test_citation_is_nfc():
    import unicodedata

    doc = LegalDocument(doc_type=DocumentType.PLAN, number="1", symbol="KH-UBND",
                        issuer=unicodedata.normalize("NFD", "Ủy ban nhân dân"))
    assert unicodedata.is_normalized("NFC", doc.citation())


@pytest.mark.django_db
def test_same_number_and_symbol_may_repeat_with_different_dates():
    common = dict(doc_type=DocumentType.PLAN, number="43", symbol="KH-UBND", issuer="UBND tỉnh")
    LegalDocument.objects.create(issued_on=D(2022, 2, 1), **common)
    LegalDocument.objects.create(issued_on=D(2022, 9, 1), **common)
    assert LegalDocument.objects.filter(number="43", symbol="KH-UBND").count() == 2


def test_normative_requires_year():
    doc = LegalDocument(doc_type=DocumentType.DECREE, style=DocumentStyle.NORMATIVE, number="30", symbol="NĐ-CP")
    with pytest.raises(ValidationError) as err:
        doc.clean()
    assert "năm ban hành" in str(err.value)


@pytest.mark.django_db
def test_admin_reads_dates_day_first(client, django_user_model):
    """Under the "vi" locale a date typed 05/01/2021 is 5 January (homeaffairs/formats/vi), in
    forms and in the admin."""
    admin = django_user_model.objects.create_superuser("qt", "qt@example.gov.vn", "SoNoiVu@2026")
    client.force_login(admin)
    response = client.post("/quan-tri/core/legaldocument/add/", {
        "doc_type": DocumentType.PLAN, "style": DocumentStyle.ADMINISTRATIVE, "number": "12", "symbol": "KH-UBND",
        "issued_on": "05/01/2021", "issuer": "UBND tỉnh", "subject": "về đào tạo",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert LegalDocument.objects.get(number="12", symbol="KH-UBND").issued_on == D(2021, 1, 5)
    page = client.get(f"/quan-tri/core/legaldocument/{LegalDocument.objects.get(number='12').pk}/change/").content.decode()
    assert 'value="05/01/2021"' in page
