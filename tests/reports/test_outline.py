"""A report owns its outline (issue 11 item 4): editing or deleting a kind's sections never changes an
existing report; a draft is brought up to date with its kind only explicitly, after a preview."""

import pytest
from django.core.exceptions import ValidationError

from reports import services
from reports.models import OutlineSection, ReportSection, SectionNarrative
from tests.reports.conftest import footnotes, open_docx, paragraph_text

pytestmark = pytest.mark.django_db


def docx_text(data):
    """Every paragraph (body, tables, footnotes) of a DOCX, in order: what a reader sees."""
    document = open_docx(data)
    lines = [paragraph_text(p) for p in document.paragraphs]
    lines += [paragraph_text(p) for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    lines += [f"{k}: {v}" for k, v in sorted(footnotes(data).items())]
    return "\n".join(lines).encode()


def edit_the_kind(kind):
    """What an admin does to a kind's outline: rename, delete three written sections, add, reword."""
    kind.sections.filter(title="Về chính sách tiền lương").update(title="Về tiền lương và phụ cấp")
    for title in ("Công tác tín ngưỡng, tôn giáo", "Về công tác thanh niên", "Hạn chế"):
        kind.sections.get(title=title).delete()
    parent = kind.sections.get(title="Công tác văn thư, lưu trữ")
    OutlineSection.objects.create(kind=kind, parent=parent, title="Về số hóa tài liệu lưu trữ", order=999)
    kind.title_template = "Báo cáo công tác {period}"
    kind.save()


def test_editing_the_kind_leaves_an_existing_report_byte_identical(demo):
    before = docx_text(services.render_report(demo)[1])
    narratives = SectionNarrative.objects.filter(report=demo).count()
    assert narratives == 17
    edit_the_kind(demo.kind)
    after = docx_text(services.render_report(demo)[1])
    assert after == before
    assert SectionNarrative.objects.filter(report=demo).count() == narratives  # none deleted with the kind's rows


def test_a_new_report_snapshots_the_kind_as_it_is(demo):
    from core.models import Period

    edit_the_kind(demo.kind)
    report = services.create_report(None, demo.kind, demo.unit, Period.objects.get(code="2022-H1"))
    titles = list(report.sections.values_list("title", flat=True))
    assert "Về tiền lương và phụ cấp" in titles and "Về công tác thanh niên" not in titles
    assert report.sections.count() == demo.kind.sections.count()
    assert report.title_template == "Báo cáo công tác {period}"
    assert demo.sections.filter(title="Về chính sách tiền lương").exists()  # the old report keeps its own


def test_bringing_up_to_date_shows_what_changes_and_refuses_to_orphan_text(demo):
    edit_the_kind(demo.kind)
    changes = services.outline_changes(demo)
    assert changes.added == ["Về số hóa tài liệu lưu trữ"]
    assert set(changes.removed) == {"Công tác tín ngưỡng, tôn giáo", "Về công tác thanh niên", "Hạn chế"}
    assert set(changes.orphaned) == set(changes.removed)  # all three hold the office's text
    assert changes.renamed == [("Về chính sách tiền lương", "Về tiền lương và phụ cấp")]
    assert changes.formats == ["trích yếu (mẫu)"]
    sections_before = list(demo.sections.values_list("pk", "title"))
    with pytest.raises(ValidationError) as error:
        services.bring_up_to_date(demo, None)
    assert "không còn trong đề cương" in error.value.messages[0] and "«Hạn chế»" in error.value.messages[0]
    assert list(demo.sections.values_list("pk", "title")) == sections_before  # all or nothing


def test_bringing_up_to_date_keeps_orphaned_text_when_asked(demo):
    edit_the_kind(demo.kind)
    kept = demo.sections.get(title="Hạn chế")
    services.bring_up_to_date(demo, None, keep_orphans=True)
    demo.refresh_from_db()
    titles = list(demo.sections.values_list("title", flat=True))
    assert "Về số hóa tài liệu lưu trữ" in titles and "Về tiền lương và phụ cấp" in titles
    assert "Hạn chế" in titles and ReportSection.objects.get(pk=kept.pk).source is None
    assert SectionNarrative.objects.filter(report=demo).count() == 17
    assert demo.title_template == "Báo cáo công tác {period}"
    assert not services.outline_changes(demo).added and not services.outline_changes(demo).renamed


def test_a_removed_section_without_text_goes_and_nothing_is_left_to_update(demo):
    leaf = demo.kind.sections.get(title="Về quản lý đội ngũ cán bộ, công chức, viên chức")
    SectionNarrative.objects.filter(report=demo, section__source=leaf).delete()
    leaf.delete()
    services.bring_up_to_date(demo, None)
    assert not demo.sections.filter(title=leaf.title).exists()
    assert not services.outline_changes(demo).any


def test_an_approved_report_is_not_brought_up_to_date(demo):
    demo.status = "approved"
    demo.save()
    with pytest.raises(ValidationError):
        services.bring_up_to_date(demo, None)
