"""Issue 16 item 2: search finds Vietnamese names whatever the case and the accents, on the suite's
database (PostgreSQL in CI) through the SQL function vn_fold, and in Python (core.search.fold), which
is what SQLite runs."""

import pytest

from core import search
from core.models import LegalDocument, OrgUnit
from core.search import Fold, fold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn Văn Đặng", "nguyen van dang"), ("ĐẶNG THỊ HỒNG", "dang thi hong"),
    ("Trương  Ưng   Ơn", "truong ung on"), ("Cafe\u0301", "cafe"), ("Phường Lái Hiếu", "phuong lai hieu"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_the_database_folds_exactly_like_python():
    samples = ["Nguyễn Văn Đặng", "ĐẶNG THỊ HỒNG", "Trương Ưng Ơn", "Huỳnh Thị Mỹ Ạnh", "Phạm Quốc Việt",
               "Võ Thị Ngọc Ẩn", "Lê Đình Ỷ", "Hồ Thị Ửng", "Tạ Thị Ữ", "Ông Ích Khiêm"]
    for i, name in enumerate(samples):
        OrgUnit.objects.create(code=f"S{i}", name=name, kind="commune")
    got = dict(OrgUnit.objects.filter(code__startswith="S").annotate(f=Fold("name")).values_list("name", "f"))
    assert got == {name: fold(name) for name in samples}


@pytest.mark.parametrize("q", ["đặng", "NGUYỄN", "nguyen", "Nguyễn Văn", "dang", "văn đặng", "NGUYEN VAN"])
def test_names_are_found_whatever_the_case_and_accents(q):
    OrgUnit.objects.create(code="X1", name="Nguyễn Văn Đặng", kind="commune")
    OrgUnit.objects.create(code="X2", name="Trần Thị Lan", kind="commune")
    found = search.folded_match(OrgUnit.objects.all(), ["name"], q).values_list("code", flat=True)
    assert list(found) == ["X1"]


def test_documents_are_found_without_accents():
    from core.selectors import search_documents

    LegalDocument.objects.create(doc_type="quyet_dinh", number="05", symbol="QĐ-UBND", subject="về công tác văn thư",
                                 issuer="Ủy ban nhân dân tỉnh Hậu Giang")
    assert search_documents(q="van thu").count() == 1
    assert search_documents(q="QD-UBND").count() == 1
    assert search_documents(q="uy ban HAU GIANG").count() == 1
    assert search_documents(q="lưu trữ").count() == 0


@pytest.mark.parametrize("q, codes", [("An", {"X1", "X2", "X3"}), ("hồ an", {"X3"}), ("văn an", {"X1"}),
                                      ("Lê", set()), ("Y", {"X1", "X3"})])
def test_words_of_one_or_two_letters_still_match_inside_names(q, codes):
    OrgUnit.objects.create(code="X1", name="Nguyễn Văn An", kind="commune")
    OrgUnit.objects.create(code="X2", name="Trần Thị Lan", kind="commune")
    OrgUnit.objects.create(code="X3", name="Hồ Thị Yến Anh", kind="commune")
    found = search.folded_match(OrgUnit.objects.filter(code__startswith="X"), ["name"], q)
    assert set(found.values_list("code", flat=True)) == codes


def test_a_short_word_is_not_a_trigram_search():
    """A two-letter word has no trigram: as `LIKE '%an%'` PostgreSQL read the whole trigram index
    (200,000 entries) to keep every row; it is checked on the rows the longer words found instead."""
    sql = str(search.folded_match(OrgUnit.objects.all(), ["name"], "nguyen an").query)
    assert "%nguyen%" in sql and "%an%" not in sql
