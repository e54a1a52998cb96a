"""Issue 11 items 6–8: the DOCX's own properties, Vietnamese slug file names, the signature kept on
one page, the report page's content cache and what invalidates it, the PDF made on demand, coverage."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from reports import rendering, selectors, services
from reports.models import JobStatus, ReportJob
from tests.reports.conftest import W, open_docx

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# Core properties, file name, signature
# ---------------------------------------------------------------------------------------------


def test_core_properties_are_the_reports(demo):
    before = timezone.now().replace(microsecond=0)
    _stem, data = services.render_report(demo)
    core = open_docx(data).core_properties
    content = selectors.build_content(demo)
    assert core.title == content.subject == "Sơ kết công tác Sở Nội vụ 6 tháng đầu năm và chương trình công tác 6 tháng cuối năm 2021"
    assert core.author == "SỞ NỘI VỤ" == core.last_modified_by
    assert core.language == "vi-VN"
    assert before <= core.created == core.modified <= timezone.now()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        leftovers = z.read("docProps/core.xml").decode() + z.read("docProps/app.xml").decode()
    for left in ("python-docx", "Mẫu báo cáo", "Normal.dotm", "Microsoft Macintosh Word", "2013-12-23"):
        assert left not in leftovers


def test_file_names_are_vietnamese_slugs(demo):
    assert selectors.build_content(demo).file_stem == "bao-cao-6-thang-dau-nam-2021-so-noi-vu"
    assert rendering.file_stem("Báo cáo", "năm 2025", "Ủy ban nhân dân huyện Đắk Đoa") == "bao-cao-nam-2025-uy-ban-nhan-dan-huyen-dak-doa"
    assert rendering.file_stem("Báo cáo", "Quý I/2024", "Sở Y tế (cũ)") == "bao-cao-quy-i-2024-so-y-te-cu"
    assert rendering.file_stem("", "  ") == "bao-cao"


def test_signature_block_never_splits_across_pages(demo):
    _stem, data = services.render_report(demo)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    tables = body.findall(f"{W}tbl")
    sign = tables[-1]
    assert "Nơi nhận:" in "".join(t.text or "" for t in sign.iter(f"{W}t"))
    rows = sign.findall(f"{W}tr")
    assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    paragraphs = list(sign.iter(f"{W}p"))
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs[:-1])
    closing = sign.getprevious()
    assert "Trên đây là" in "".join(t.text or "" for t in closing.iter(f"{W}t"))
    assert closing.find(f"{W}pPr/{W}keepNext") is not None  # the closing line stays with the signature


# ---------------------------------------------------------------------------------------------
# The report page's content cache
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch):
    """How many times the page assembled the report (a cache miss)."""
    calls = []
    original = selectors.build_content

    def counting(report, progress=None, strict=True):
        calls.append(report.pk)
        return original(report, progress=progress, strict=strict)

    monkeypatch.setattr(selectors, "build_content", counting)
    return calls


def page(client, report):
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_second_view_is_served_from_the_cache(client, demo, users, builds):
    login(client, users["leader"])
    first = page(client, demo)
    second = page(client, demo)
    assert len(builds) == 1 and first.count("2.222 đại biểu") == second.count("2.222 đại biểu") >= 1


def test_a_saved_narrative_shows_at_once(client, demo, users, builds):
    login(client, users["staff_xdcq"])
    page(client, demo)
    page(client, demo)
    assert len(builds) == 1
    section = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    from reports.models import SectionNarrative

    current = SectionNarrative.objects.filter(report=demo, section=section).first()
    services.save_narrative(demo, section, users["staff_xdcq"], "Đoạn mới viết về bầu cử bổ sung.",
                            version=current.version if current else None)
    assert "Đoạn mới viết về bầu cử bổ sung." in page(client, demo)
    assert len(builds) == 2


def test_a_submission_of_the_period_invalidates_and_another_period_does_not(client, demo, users, builds):
    from collection.models import Status, Submission

    login(client, users["leader"])
    assert "cấp huyện 245 đại biểu" in page(client, demo)
    other = Submission.objects.exclude(period=demo.period).first()
    other.save()
    page(client, demo)
    assert len(builds) == 1  # another period's form changes nothing here
    sub = Submission.objects.get(period=demo.period, unit__code="VITHANH", data_set__code="CQDP")
    sub.status = Status.RETURNED  # no longer approved: its 30 deputies leave the total
    sub.save()
    assert "cấp huyện 215 đại biểu" in page(client, demo)
    assert len(builds) == 2


def test_outline_or_formats_change_invalidates(client, demo, users, builds):
    # The report owns its outline and formats (a kind's edit no longer reaches it): editing the
    # report's own section or closing format must show at once.
    login(client, users["leader"])
    page(client, demo)
    page(client, demo)
    assert len(builds) == 1
    section = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    section.title = "Về bầu cử và chính quyền cơ sở"
    section.save()
    assert "Về bầu cử và chính quyền cơ sở" in page(client, demo)
    demo.closing_template = "Trên đây là báo cáo đã sửa của {unit_name}./."
    demo.save()
    assert "Trên đây là báo cáo đã sửa của" in page(client, demo)
    assert len(builds) == 3


def test_report_fields_invalidate_but_jobs_do_not(client, demo, users, builds):
    login(client, users["leader"])
    page(client, demo)
    ReportJob.objects.create(report=demo, requested_by=users["leader"], status=JobStatus.DONE)
    page(client, demo)
    assert len(builds) == 1
    demo.signer_name = "Trần Thị Mới"
    demo.save()
    assert "Trần Thị Mới" in page(client, demo)
    assert len(builds) == 2


def test_what_no_report_states_does_not_invalidate(client, demo, users, builds):
    """A notification or a workflow event (every event comes with its form's own save) rebuilt the
    report on the next view: under load every submit and return did (the ignore list named a
    notification model that does not exist)."""
    from collection.models import Submission, SubmissionEvent
    from core.models import Notification

    login(client, users["leader"])
    page(client, demo)
    Notification.objects.create(user=users["leader"], title="Biểu CCHC đã được gửi", link="/")
    SubmissionEvent.objects.create(submission=Submission.objects.filter(period=demo.period).first(),
                                   action=SubmissionEvent.Action.SUBMIT, user=users["officer"])
    page(client, demo)
    assert len(builds) == 1


def test_every_ignored_model_exists():
    from django.apps import apps

    from reports import cache as content_cache

    labels = {m._meta.label_lower for m in apps.get_models()}
    assert content_cache.IGNORED <= labels, content_cache.IGNORED - labels


def test_a_draft_changes_only_its_own_units_report(client, demo, users, builds):
    """The figures count sent or approved forms; a form being typed is read only by its own unit's
    report (the CCHC report states its own form in any status)."""
    from collection.models import DataSet, Status, Submission
    from core.models import OrgUnit

    login(client, users["leader"])
    page(client, demo)
    data_set = DataSet.objects.filter(code="CQDP").get()
    taken = Submission.objects.filter(data_set=data_set, period=demo.period).values("unit")
    other = OrgUnit.objects.exclude(pk__in=taken).exclude(pk=demo.unit_id).first()
    draft = Submission.objects.create(data_set=data_set, unit=other, period=demo.period)
    draft.save()
    Submission.objects.get(pk=draft.pk).save()  # read back, saved again: still a draft
    page(client, demo)
    assert len(builds) == 1
    sent = Submission.objects.get(pk=draft.pk)
    sent.status = Status.SUBMITTED  # now it counts as sent (coverage)
    sent.save()
    page(client, demo)
    assert len(builds) == 2
    sent.status = Status.RETURNED  # and no longer does
    sent.save()
    page(client, demo)
    assert len(builds) == 3
    not_yet = DataSet.objects.exclude(pk__in=Submission.objects.filter(unit=demo.unit, period=demo.period).values("data_set"))
    own = Submission.objects.create(data_set=not_yet.first(), unit=demo.unit, period=demo.period)
    own.save()
    page(client, demo)
    assert len(builds) == 4


def test_the_comparison_periods_forms_invalidate(client, demo, users, builds):
    """The report compares with the same period a year before: a form of that period approved
    after the page was built must show."""
    from collection.models import Status, Submission
    from core.models import Period

    p = demo.period
    previous = Period.objects.create(type=p.type, number=p.number, year=p.year - 1, code="2020-H1",
                                     start=p.start.replace(year=p.start.year - 1), end=p.end.replace(year=p.end.year - 1),
                                     deadline=p.deadline.replace(year=p.deadline.year - 1))
    login(client, users["leader"])
    page(client, demo)
    page(client, demo)
    assert len(builds) == 1
    model = Submission.objects.filter(period=p).first()
    Submission.objects.create(data_set=model.data_set, unit=model.unit, period=previous, status=Status.APPROVED)
    page(client, demo)
    assert len(builds) == 2


def test_a_committed_register_import_invalidates(client, demo, users, builds, django_capture_on_commit_callbacks):
    """An import writes its rows in bulk, past the model signals: the report kept stating the
    register as it was before the file (for a day) until the import said it wrote rows."""
    from staffing.services import run_import
    from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

    login(client, users["leader"])
    page(client, demo)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = run_import("cong_chuc", workbook(CS_HEADERS, civil_servant_rows(1, prefix="MOI")), dry_run=False)
    assert outcome.ok and outcome.new == 1
    page(client, demo)
    assert len(builds) == 2


def test_generation_bumped_again_on_commit(demo, django_capture_on_commit_callbacks):
    """A page built while a write is not yet committed is not kept under the new generation."""
    from reports import cache as content_cache

    key = content_cache.report_key(demo.pk)
    before = content_cache.content_key(demo)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo.save()
        demo.save()  # one commit callback per key and transaction
        during = content_cache.content_key(demo)
    after = content_cache.content_key(demo)
    assert len([c for c in callbacks if getattr(c, "generation_key", None) == key]) == 1
    assert len({before, during, after}) == 3


# ---------------------------------------------------------------------------------------------
# PDF on demand
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def fake_soffice(monkeypatch, settings):
    settings.REPORTS_PDF_PREVIEW = True
    calls = []

    def convert(docx_bytes, stem):
        calls.append(stem)
        return b"%PDF-1.4 mau", None

    monkeypatch.setattr(services, "convert_to_pdf", convert)
    return calls


def test_docx_job_makes_no_pdf_and_the_button_makes_it_once(client, demo, users, fake_soffice, django_capture_on_commit_callbacks):
    login(client, users["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_docx", args=[demo.pk]))
    job = ReportJob.objects.get(report=demo)
    assert job.status == JobStatus.DONE and not job.pdf_file and fake_soffice == []
    html = page(client, demo)
    assert 'data-testid="request-pdf"' in html and "Tạo bản PDF" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_pdf", args=[demo.pk, job.pk]))
    job.refresh_from_db()
    assert job.pdf_file.name == f"reports/jobs/{job.pk}/bao-cao-6-thang-dau-nam-2021-so-noi-vu.pdf"
    assert fake_soffice == ["bao-cao-6-thang-dau-nam-2021-so-noi-vu"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_pdf", args=[demo.pk, job.pk]))
    assert len(fake_soffice) == 1  # kept: a second click converts nothing
    html = page(client, demo)
    assert 'data-testid="download-pdf"' in html and 'data-testid="request-pdf"' not in html
    response = client.get(reverse("reports:download_pdf", args=[demo.pk, job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_pdf_request_refused_in_vietnamese_before_the_docx_and_for_officers(client, demo, users, fake_soffice):
    job = ReportJob.objects.create(report=demo, requested_by=users["leader"], status=JobStatus.RUNNING)
    login(client, users["leader"])
    response = client.post(reverse("reports:request_pdf", args=[demo.pk, job.pk]), follow=True)
    assert "chưa có bản Word nên chưa tạo được bản PDF" in response.content.decode()
    assert fake_soffice == []
    login(client, users["officer"])  # another unit's officer does not see the Sở's report at all
    assert client.post(reverse("reports:request_pdf", args=[demo.pk, job.pk])).status_code == 404


def test_pending_pdf_polls_until_made(client, demo, users, fake_soffice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report(demo, users["leader"])
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        services.request_pdf(job, users["leader"])  # queued, the worker has not run yet
    login(client, users["leader"])
    html = client.get(reverse("reports:job_status", args=[demo.pk, job.pk])).content.decode()
    assert 'data-testid="pdf-pending"' in html and 'hx-trigger="every 1s"' in html
    services.run_pdf(job.pk)
    html = client.get(reverse("reports:job_status", args=[demo.pk, job.pk])).content.decode()
    assert 'data-testid="download-pdf"' in html and "hx-trigger" not in html


# ---------------------------------------------------------------------------------------------
# Coverage and empty sections
# ---------------------------------------------------------------------------------------------


def drop_cqdp_of(report, unit_code):
    """Take one district's CQDP form out of the count (back to draft): coverage becomes incomplete."""
    from collection.models import Status, Submission

    sub = Submission.objects.get(period=report.period, unit__code=unit_code, data_set__code="CQDP")
    sub.status = Status.DRAFT
    sub.save()
    return sub.unit


def cqdp(content):
    return next(s for s in content.sections if s.node.section.provider_key == "chinh-quyen.bau-cu")


def test_report_page_shows_coverage_per_section_with_the_missing_units(client, demo, users):
    login(client, users["leader"])
    html = page(client, demo)
    full = cqdp(selectors.build_content(demo, strict=False)).coverage[0]
    covered = full.covered
    assert f"Biểu CQDP: đã tổng hợp {covered}/{full.expected} đơn vị." in html
    unit = drop_cqdp_of(demo, "LONGMY")
    c = cqdp(selectors.build_content(demo, strict=False)).coverage[0]
    assert c.covered == covered - 1 and not c.complete and unit in c.missing
    html = page(client, demo)
    assert f"Biểu CQDP: đã tổng hợp {c.covered}/{c.expected} đơn vị (còn thiếu {len(c.missing)} đơn vị)" in html
    assert '<details class="small text-warning-emphasis mb-1" data-testid="coverage">' in html
    assert f"<li>{unit.name}</li>" in html


@pytest.mark.parametrize("mode", ["none", "sentence", "footnote"])
def test_docx_says_coverage_is_incomplete_by_the_kind_setting(demo, mode):
    from tests.reports.conftest import footnotes, section

    kind = demo.kind
    kind.coverage_note = mode
    kind.save()
    drop_cqdp_of(demo, "LONGMY")
    c = cqdp(selectors.build_content(demo, strict=False)).coverage[0]
    wording = f"Số liệu tổng hợp từ {c.covered}/{c.expected} đơn vị; chưa có số liệu của "
    assert "huyện Long Mỹ" in c.sentence()
    _stem, data = services.render_report(demo)
    body = section(data, "3. Về xây dựng chính quyền")
    notes = " ".join(footnotes(data).values())
    if mode == "none":
        assert wording not in body and wording not in notes
    elif mode == "sentence":
        assert wording in body and wording not in notes
    else:
        assert wording not in body.split("[^")[0] and wording in notes


def test_the_province_rewords_the_coverage_sentence(demo, users):
    """The coverage sentence is a phrase (collection's «bieu-mau.do-bao-phu»), not wording in code."""
    from tests.reports.conftest import section

    kind = demo.kind
    kind.coverage_note = "sentence"
    kind.save()
    drop_cqdp_of(demo, "LONGMY")
    services.save_phrase(users["admin"], "bieu-mau.do-bao-phu",
                         "Đến nay mới có {ratio:da_gui|đơn vị} gửi báo cáo[ (còn thiếu {units:chua_gui})].")
    _stem, data = services.render_report(demo)
    body = section(data, "3. Về xây dựng chính quyền")
    assert "Đến nay mới có " in body and "(còn thiếu huyện Long Mỹ)" in body
    assert "Số liệu tổng hợp từ" not in body


def test_complete_coverage_says_nothing_in_the_docx(demo):
    from tests.reports.conftest import section

    kind = demo.kind
    kind.coverage_note = "sentence"
    kind.save()
    assert cqdp(selectors.build_content(demo, strict=False)).coverage[0].complete  # the demo has every CQDP form
    _stem, data = services.render_report(demo)
    assert "Số liệu tổng hợp từ" not in section(data, "3. Về xây dựng chính quyền")


def test_empty_sections_are_marked_on_the_page(client, demo, users):
    login(client, users["leader"])
    content = selectors.build_content(demo, strict=False)
    empty = [s for s in content.sections if s.is_empty and not s.provider_error]
    html = page(client, demo)
    assert html.count('data-testid="empty-section"') == len(empty)
    if not empty:  # make one: a new leaf section with no provider and no narrative
        from reports.models import ReportSection

        parent = demo.sections.filter(parent__isnull=True).first()
        ReportSection.objects.create(report=demo, parent=parent, title="Mục mới chưa viết", order=999)
        html = page(client, demo)
        assert html.count('data-testid="empty-section"') == 1
    assert "Mục này chưa có nội dung" in html


# ---------------------------------------------------------------------------------------------
# Demo data: narratives never repeat a generated sentence; per-unit figures vary plausibly
# ---------------------------------------------------------------------------------------------


def sentences(text):
    import re

    return {s.strip(" .;:") for s in re.split(r"[.;:]\s", text) if len(s.strip(" .;:")) > 25}


def test_demo_narratives_never_repeat_a_generated_sentence(demo):
    content = selectors.build_content(demo)
    for s in content.sections:
        generated = set().union(*(sentences(b.text) for b in s.figures if hasattr(b, "text")))
        for p in s.narrative:
            for sentence in sentences(p.text):
                assert not any(sentence in g or g in sentence for g in generated), (s.node.label, sentence)


def test_demo_cchc_per_unit_figures_vary_and_keep_the_province_totals(demo):
    from collection import demo as collection_demo
    from collection import selectors as collection_selectors
    from collection.models import DataSet

    by_unit = collection_selectors.unit_values(
        DataSet.objects.get(code="CCHC-DV"), demo.period, demo.unit.oversight_root(), ["HS_TIEP_NHAN", "HS_TRUC_TUYEN"])
    received = [int(v) for _u, _o, v in by_unit["HS_TIEP_NHAN"]]
    online = [int(v) for _u, _o, v in by_unit["HS_TRUC_TUYEN"]]
    assert sum(received) == 18236 and sum(online) == 4228  # what the golden test reads
    steps = {b - a for a, b in zip(received, received[1:])}
    assert len(steps) == len(received) - 1  # no constant step (it rose by exactly 137)
    shares = [o / r for o, r in zip(online, received)]
    assert max(shares) - min(shares) > 0.05 and all(0.1 < x < 0.4 for x in shares)
    assert collection_demo.apportion(10, [1, 1, 1]) == [4, 3, 3] and sum(collection_demo.apportion(7, [3, 1])) == 7
