"""The 200,000-row import's work per row (issue 17 item 2): what a register repeats (units, choices,
dates, names) is read, checked, cleaned and folded once per distinct text, not once per row. Each
test counts calls for two file sizes: the count must not grow with the rows (bench/scale.py has the
timings)."""

import pytest

from core import search, text
from core.imports import reader, widgets
from staffing import services
from staffing.models import CivilServant
from tests.core import hostile
from tests.staffing.files import CS_HEADERS, workbook

pytestmark = pytest.mark.django_db

CHOICES = ["Nữ", "Nam"]


def _rows(n):
    # Unique codes (numbers, as Excel users type them); everything else repeats.
    return [[100000 + i, "Trần Thị Lặp", "05/01/1980", CHOICES[i % 2], "Kinh", "SYT", "Viên chức", "Chuyên viên", "",
             "Đại học", "Trung cấp", "01/09/2005", "Có"] for i in range(n)]


def _counting(monkeypatch, owner, name):
    calls = []
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_repeated_choice_is_cleaned_once_per_import_not_once_per_row(province, monkeypatch):
    # Before: ChoiceWidget.clean ran for every cell of the four choice columns (4 calls a row).
    calls = _counting(monkeypatch, widgets.ChoiceWidget, "clean")
    counts = []
    for n in (20, 80):
        calls.clear()
        outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, _rows(n)), dry_run=True)
        assert outcome.ok and outcome.new == n, outcome.problems
        counts.append(len(calls))
    assert counts[0] == counts[1] <= 6  # gender (2 texts), category, education, political theory


def test_a_memoised_refusal_is_still_reported_on_every_row(province):
    rows = _rows(3)
    for row in rows:
        row[3] = "Không rõ"  # every row's gender is refused, each against its own row
    outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=True)
    assert not outcome.ok
    assert sorted({p["row"] for p in outcome.problems if p["column"] == "Giới tính"}) == [2, 3, 4]


def test_refresh_folded_folds_each_distinct_name_once(monkeypatch):
    # Before: fold ran once per instance (~0.4 s per 20,000 rows of a COPY batch).
    calls = _counting(monkeypatch, search, "fold")
    names = ["Nguyễn Văn Đặng", "Trần Thị Lặp", " ĐỖ  thị Ánh "]
    for n in (30, 300):
        calls.clear()
        people = [CivilServant(full_name=names[i % 3]) for i in range(n)]
        search.refresh_folded(people, CivilServant)
        assert [p.name_folded for p in people[:3]] == [search.fold(name) for name in names]
        assert len(calls) - 3 == 3  # the three asserted above, and one per distinct name


def _inline_sheet(n):
    cells = b'<c r="A%d" t="inlineStr"><is><t>Tr\xe1\xba\xa7n Th\xe1\xbb\x8b L\xe1\xba\xb7p</t></is></c><c r="B%d"><v>%d</v></c>'
    return [b"".join(b'<row r="%d">' % r + cells % (r, r, r) + b"</row>" for r in range(1, n + 1))]


def test_the_reader_checks_each_distinct_text_once_not_every_row(monkeypatch):
    # Before: every row's texts were joined and checked again after the row was read (_typed).
    calls = _counting(monkeypatch, text, "first_forbidden")
    counts = []
    for n in (50, 500):
        calls.clear()
        rows = list(reader.iter_rows(hostile.package(_inline_sheet(n))))
        assert len(rows) == n and rows[-1] == (n, ["Trần Thị Lặp", n])
        counts.append(len(calls))
    assert counts[0] == counts[1] <= 2


def test_a_shared_string_with_a_control_character_is_refused_naming_the_cell():
    shared = [b'<si><t>Nguy\xe1\xbb\x85n</t></si><si><t>L\xc3\xaa_x001B_</t></si><si><t></t></si>']
    sheet = [b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1"><v>7</v></c></row>']
    assert list(reader.iter_rows(hostile.package(sheet, shared=shared))) == [(1, ["Nguyễn", None, 7])]
    sheet.append(b'<row r="2"><c r="D2" t="s"><v>1</v></c></row>')
    with pytest.raises(reader.Refused) as exc:
        list(reader.iter_rows(hostile.package(sheet, shared=shared)))
    assert "ô D2" in exc.value.message and "U+001B" in exc.value.message
