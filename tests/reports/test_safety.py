"""Issue 10 in the report engine: template injection (uploads and a kind's formats), text Word cannot
hold (refused in narratives with the section named, harmless at render when it slipped into the
database), a failing section named in the job, and the narrative's version."""

import datetime
import io

import docx
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from reports import registry, rendering, selectors, services
from reports.models import JobStatus, Report, ReportKind, ReportSection, ReportTemplate, SectionNarrative
from tests.reports.conftest import open_docx, section
from tests.reports.test_templates import DOCX_CT, upload_form, word_file

pytestmark = pytest.mark.django_db


def payloads(marker):
    """The two payloads of the issue: read the settings through a global, run a shell command."""
    return [
        "{{ cycler.__init__.__globals__.os.environ }}{{ cycler.__init__.__globals__['__builtins__'] }}",
        "{{ lipsum.__globals__['os'].popen('touch " + str(marker) + "').read() }}",
        "{{ config }}{{ self.__init__.__globals__ }}",
        "{{ trich_yeu.__class__.__mro__[1].__subclasses__() }}",
        "{% import 'os' as os %}",
        "{% include 'settings.py' %}",
        "{% macro m() %}x{% endmacro %}{{ m() }}",
        "{{ trich_yeu|attr('__class__') }}",
        "{{ noi_nhan|join(attribute='__class__') }}",
        "{{ range(3)|list }}",
    ]


def hostile_file(payload, where="body"):
    document = docx.Document()
    if where == "body":
        document.add_paragraph(payload)
    elif where == "header":
        document.sections[0].header.paragraphs[0].text = payload
    else:  # document properties, which docxtpl renders too
        document.core_properties.title = payload
    document.add_paragraph("{{ noi_dung }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("mau.docx", buffer.getvalue(), content_type=DOCX_CT)


@pytest.mark.parametrize("where", ["body", "header", "properties"])
@pytest.mark.parametrize("index", range(10))
def test_injection_in_an_uploaded_template_is_refused_without_running(demo, tmp_path, index, where):
    marker = tmp_path / "pwned"
    payload = payloads(marker)[index]
    form = upload_form(demo.kind, hostile_file(payload, where))
    assert not form.is_valid()
    message = " ".join(form.errors["file"])
    assert message.startswith("Mẫu báo cáo không dùng được: Mẫu dùng "), message
    assert "không phải thẻ được phép" in message and "{{ trich_yeu }}" in message  # the reason and the list
    assert settings.SECRET_KEY not in message
    assert not marker.exists(), "validation executed the template"
    assert not ReportTemplate.objects.exists()


def test_an_injected_template_stored_anyway_never_executes(demo, users, tmp_path, media,
                                                            django_capture_on_commit_callbacks):
    marker = tmp_path / "pwned"
    body = payloads(marker)[1] + "{{ cycler.__init__.__globals__ }}"
    bad = hostile_file(body)
    template = ReportTemplate(kind=demo.kind, valid_from=datetime.date(2021, 1, 1))
    template.file.save("mau.docx", ContentFile(bad.read()), save=True)  # bypasses the upload check
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report(demo, users["leader"])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Mẫu Word không dùng được: Mẫu dùng "), job.error
    assert settings.SECRET_KEY not in job.error
    assert not marker.exists()


def test_the_sandbox_refuses_what_the_walk_would_miss():
    # Defence in depth: even a template built past the check runs without globals or private attributes.
    from reports import sandbox

    env = sandbox.environment()
    assert env.globals == {}
    assert "attr" not in env.filters and "map" not in env.filters
    assert not env.is_safe_attribute("x", "__class__", str)


def test_documented_tags_and_filters_still_render(demo):
    good = word_file(
        "{{ co_quan_ban_hanh|upper }} {{ kinh_gui|default('(không)', true) }}",
        "{% if du_thao %}DỰ THẢO{% endif %}",
        "{% for r in noi_nhan %}{{ loop.index }}. {{ r }}{% endfor %}",
        "{{ noi_dung }}",
    )
    form = upload_form(demo.kind, good)
    assert form.is_valid(), form.errors
    form.save()
    texts = [p.text for p in open_docx(services.render_report(demo)[1]).paragraphs]
    assert texts[0] == "SỞ NỘI VỤ (không)"
    assert texts[1] == "DỰ THẢO"
    assert texts[2].startswith("1. - Bộ Nội vụ")


# ---------------------------------------------------------------------------------------------
# A report kind's formats (trích yếu, mở đầu, kết thúc) and section titles
# ---------------------------------------------------------------------------------------------


def kind_form(kind, **changes):
    data = {
        "code": kind.code, "name": kind.name, "title_template": kind.title_template,
        "intro_template": kind.intro_template, "closing_template": kind.closing_template,
        "uses_parts": "on" if kind.uses_parts else "", "default_recipients": kind.default_recipients,
        "is_active": "on", "coverage_note": kind.coverage_note,
    }
    data.update(changes)
    form_class = admin.site._registry[ReportKind].get_form(RequestFactory().get("/"), kind)  # the admin's own form
    return form_class(data=data, instance=kind)


@pytest.mark.parametrize("field", ["title_template", "intro_template", "closing_template"])
@pytest.mark.parametrize("value,reason", [
    ("{{ cycler.__init__.__globals__ }}", "có dấu ngoặc nhọn lẻ hoặc cú pháp mẫu"),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", "có dấu ngoặc nhọn lẻ hoặc cú pháp mẫu"),
    ("Báo cáo {period.__class__.__mro__}", "dùng {period.__class__.__mro__} không có trong danh sách"),
    ("Báo cáo {period:>999999999}", "dùng {period:>999999999} không có trong danh sách"),
    ("Báo cáo {period!r}", "không có trong danh sách"),
    ("Báo cáo {ky_bao_cao}", "dùng {ky_bao_cao} không có trong danh sách"),
    ("Báo cáo {% if x %}", "cú pháp mẫu"),
    ("Báo cáo\x1b kỳ", "ký tự điều khiển"),
])
def test_a_kind_format_outside_its_placeholders_is_refused(demo, field, value, reason):
    form = kind_form(demo.kind, **{field: value})
    assert not form.is_valid()
    message = " ".join(form.errors[field])
    assert reason in message, message
    assert "{period}" in message or "ký tự điều khiển" in message  # the allowed list is given
    demo.kind.refresh_from_db()
    assert demo.kind.title_template.startswith("Sơ kết công tác")


def test_a_kind_with_documented_placeholders_is_accepted(demo):
    form = kind_form(demo.kind, title_template="Báo cáo {period} của {unit_short}",
                     intro_template="{basis}{unit_short} báo cáo {subject_lower} như sau:",
                     closing_template="Trên đây là báo cáo {subject_lower}./.")
    assert form.is_valid(), form.errors


def test_a_section_title_outside_its_placeholders_is_refused(demo):
    section_obj = demo.kind.sections.exclude(parent=None).first()
    section_obj.title = "Mục {year.__class__}"
    with pytest.raises(ValidationError) as error:
        section_obj.full_clean()
    assert "không có trong danh sách" in " ".join(error.value.messages)


def test_a_stored_hostile_format_is_printed_as_typed_never_evaluated(demo):
    Report.objects.filter(pk=demo.pk).update(  # the report's own copy of the kind's formats
        title_template="Báo cáo {period} {period.__class__} {period!r:>20} {{ cycler.__init__.__globals__ }}",
        closing_template="Kết thúc {unit_name.__class__.__mro__}",
    )
    ReportSection.objects.filter(report=demo, parent=None).update(title="Phần {year.__class__}")
    content = selectors.build_content(demo)
    assert content.subject == (
        "Báo cáo 6 tháng đầu năm 2021 {period.__class__} {period!r:>20} {{ cycler.__init__.__globals__ }}"
    )
    assert content.closing == "Kết thúc {unit_name.__class__.__mro__}./."
    assert "class" not in content.subject.replace("__class__", "")
    assert content.sections[0].node.plain_title == "Phần {year.__class__}"
    services.render_report(demo)  # and the document builds


# ---------------------------------------------------------------------------------------------
# Text Word cannot hold
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x1a", "\x1b", "\x00", "\ufffe", "\uffff", "\ud800"])
def test_a_control_character_in_a_narrative_is_refused_naming_the_section(demo, users, char):
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    before = SectionNarrative.objects.get(report=demo, section=target)
    with pytest.raises(ValidationError) as error:
        services.save_narrative(demo, target, users["staff_xdcq"], f"Nội dung{char} mới", version=before.version)
    message = " ".join(error.value.messages)
    assert f"«nội dung mục {target.title}»" in message and "ký tự điều khiển" in message
    after = SectionNarrative.objects.get(pk=before.pk)
    assert (after.text, after.version) == (before.text, before.version)


def test_a_nul_posted_to_the_narrative_view_is_a_message_not_a_500(client, demo, users):
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    before = SectionNarrative.objects.get(report=demo, section=target)
    client.force_login(users["staff_xdcq"])
    response = client.post(reverse("reports:section_save", args=[demo.pk, target.pk]),
                           {"text": "a\x00b", "version": str(before.version)}, follow=True)
    assert response.status_code == 200
    assert "ký tự điều khiển không hợp lệ (U+0000)" in response.content.decode()
    assert SectionNarrative.objects.get(pk=before.pk).text == before.text


def test_control_characters_slipped_into_the_database_still_build_the_docx(demo):
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    # (PostgreSQL cannot store NUL at all; every other character Word refuses can reach the database.)
    SectionNarrative.objects.filter(report=demo, section=target).update(text="- Dòng\x1a có\x07 ký\x1b tự\ufffe lạ\uffff.")
    Report.objects.filter(pk=demo.pk).update(signer_name="Nguyễn\x0b Văn Minh", addressees="Bộ\x1b Nội vụ",
                                             recipients="- Bộ Nội vụ\x1a;\n- Lưu: VT.")
    Report.objects.filter(pk=demo.pk).update(title_template="Sơ kết\x1a công tác {period}")
    _stem, data = services.render_report(demo)  # used to fail «All strings must be XML compatible»
    assert "- Dòng có ký tự lạ." in section(data, "3. Về xây dựng chính quyền")
    texts = [p.text for p in open_docx(data).paragraphs]
    assert "Sơ kết công tác 6 tháng đầu năm 2021" in texts
    assert "Kính gửi: Bộ Nội vụ" in texts
    cells = [p.text for t in open_docx(data).tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Nguyễn Văn Minh" in cells and "- Bộ Nội vụ;" in cells


def test_a_control_character_in_a_provider_figure_still_builds(demo):
    from reports.content import Paragraph, Table

    registry.register("thu.ky-tu-la", lambda ctx: [Paragraph("Số\x1b liệu").note("Chú\x00 thích"),
                                                 Table(columns=["A\x1a"], rows=[["b\x1b"]])])
    try:
        ReportSection.objects.filter(report=demo, provider_key="chinh-quyen.bau-cu").update(provider_key="thu.ky-tu-la")
        _stem, data = services.render_report(demo)
        assert "Số liệu" in section(data, "3. Về xây dựng chính quyền")
    finally:
        registry.unregister("thu.ky-tu-la")


def test_a_provider_that_fails_names_its_section_in_the_job(demo, users, media, django_capture_on_commit_callbacks, client):
    def broken(ctx):
        raise ZeroDivisionError("division by zero")

    registry.register("thu.hong", broken)
    try:
        ReportSection.objects.filter(report=demo, provider_key="chinh-quyen.bau-cu").update(provider_key="thu.hong")
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_report(demo, users["leader"])
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and not job.file
        assert job.error == (
            "Không tạo được báo cáo: Mục «3. Về xây dựng chính quyền địa phương, địa giới hành chính» "
            "không tạo được: lỗi ZeroDivisionError: division by zero"
        )
        # The report page still opens and says where the figures are missing.
        client.force_login(users["leader"])
        html = client.get(reverse("reports:detail", args=[demo.pk])).content.decode()
        assert "Không lấy được số liệu của mục này: lỗi ZeroDivisionError" in html
    finally:
        registry.unregister("thu.hong")


def test_a_section_that_cannot_be_drawn_is_named(demo, monkeypatch):
    original = rendering.BodyWriter.paragraph

    def fragile(self, block):
        if "2.222" in block.text:
            raise ValueError("khối hỏng")
        return original(self, block)

    monkeypatch.setattr(rendering.BodyWriter, "paragraph", fragile)
    with pytest.raises(rendering.SectionError) as error:
        services.render_report(demo)
    assert str(error.value).startswith("Mục «3. Về xây dựng chính quyền địa phương, địa giới hành chính» không tạo được")


# ---------------------------------------------------------------------------------------------
# Silent changes: a narrative save without its version
# ---------------------------------------------------------------------------------------------


def test_a_narrative_post_without_version_is_a_conflict(client, demo, users):
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    before = SectionNarrative.objects.get(report=demo, section=target)
    client.force_login(users["staff_xdcq"])
    url = reverse("reports:section_save", args=[demo.pk, target.pk])
    for data in ({"text": "Ghi đè"}, {"text": "Ghi đè", "version": ""}, {"text": "Ghi đè", "version": "abc"}):
        response = client.post(url, data, follow=True)
        assert "vừa được người khác cập nhật" in response.content.decode()
    after = SectionNarrative.objects.get(pk=before.pk)
    assert (after.text, after.version) == (before.text, before.version)
    with pytest.raises(ValidationError):
        services.save_narrative(demo, target, users["staff_xdcq"], "Ghi đè")


def test_the_first_narrative_of_a_section_needs_no_version(demo, users):
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    SectionNarrative.objects.filter(report=demo, section=target).delete()
    narrative = services.save_narrative(demo, target, users["staff_xdcq"], "Bản đầu")
    assert narrative.version == 1 and narrative.text == "Bản đầu"



@pytest.mark.parametrize("source,reason", [
    ("{% for c in trich_yeu %}{{ c }}{% endfor %}", "vòng lặp không chạy trên noi_nhan hoặc quyen_han"),
    ("{% for a in noi_nhan %}{% for b in noi_nhan %}{% for c in noi_nhan %}x{% endfor %}{% endfor %}{% endfor %}",
     "hơn 2 vòng lặp lồng nhau"),
])
def test_loops_run_over_documented_lists_and_nest_little(source, reason):
    from reports import sandbox

    with pytest.raises(sandbox.TemplatePolicyError) as error:
        sandbox.check(source)
    assert reason in str(error.value)
    sandbox.check("{% for a in noi_nhan %}{% for q in quyen_han %}{{ a }}{{ q }}{% endfor %}{% endfor %}")


def test_build_report_command_names_the_failing_section(demo, tmp_path):
    from django.core.management import CommandError, call_command

    registry.register("thu.hong-lenh", lambda ctx: 1 / 0)
    try:
        ReportSection.objects.filter(report=demo, provider_key="chinh-quyen.bau-cu").update(provider_key="thu.hong-lenh")
        with pytest.raises(CommandError) as error:
            call_command("build_report", kind="six_month", period="2021-H1", unit="SNV", out=str(tmp_path / "x.docx"))
        assert "Mục «3. Về xây dựng chính quyền địa phương, địa giới hành chính» không tạo được" in str(error.value)
        assert not (tmp_path / "x.docx").exists()
    finally:
        registry.unregister("thu.hong-lenh")
