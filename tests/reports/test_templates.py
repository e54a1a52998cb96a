"""Admin-uploaded Word templates: rejected with a Vietnamese reason when a sample cannot be rendered;
the template in force on the report's date (by valid_from) is used."""

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import rendering, services
from reports.forms import ReportTemplateForm
from reports.models import ReportTemplate
from tests.reports.conftest import footnotes, open_docx

pytestmark = pytest.mark.django_db

DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_file(*paragraphs, name="mau.docx"):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX_CT)


def upload_form(kind, file, valid_from="2021-01-01"):
    return ReportTemplateForm(data={"kind": kind.pk, "valid_from": valid_from, "note": ""}, files={"file": file})


@pytest.mark.parametrize("file,reason", [
    (word_file("{{ co_quan_ban_hanh }}", "Không có chỗ cho nội dung"),
     "Mẫu báo cáo không dùng được: Mẫu Word thiếu đoạn chứa thẻ {{ noi_dung }}"),
    (word_file("{{ co_quan_ban_hanh ", "{{ noi_dung }}"), "Mẫu báo cáo không dùng được: Không đọc hoặc điền được mẫu Word"),
    (word_file("{% for x in %}", "{{ noi_dung }}"), "Mẫu báo cáo không dùng được: Không đọc hoặc điền được mẫu Word"),
    (SimpleUploadedFile("mau.docx", b"not a zip", content_type=DOCX_CT), "Mẫu báo cáo không dùng được"),
    (SimpleUploadedFile("mau.doc", b"x"), "Mẫu báo cáo phải là tệp Word .docx."),
])
def test_a_bad_template_is_rejected_with_the_reason(demo, file, reason):
    form = upload_form(demo.kind, file)
    assert not form.is_valid()
    assert any(message.startswith(reason) for message in form.errors["file"]), form.errors
    with pytest.raises(ValidationError):
        file.seek(0)
        services.upload_template(demo.kind, file, datetime.date(2021, 1, 1))
    assert not ReportTemplate.objects.exists()


def test_admin_upload_rejects_in_the_admin_page(client, demo, users):
    client.force_login(users["admin"])
    response = client.post(reverse("admin:reports_reporttemplate_add"), {
        "kind": demo.kind.pk, "valid_from": "2021-01-01", "note": "",
        "file": word_file("Không có thẻ nội dung"),
    })
    assert response.status_code == 200
    assert "Mẫu Word thiếu đoạn chứa thẻ {{ noi_dung }}" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_a_good_template_is_used_from_its_date(demo, users, media):
    simple = word_file("MẪU RIÊNG {{ co_quan_ban_hanh }}", "{{ trich_yeu }}", "{{ noi_dung }}", "{{ ket_thuc }}")
    form = upload_form(demo.kind, simple, valid_from="2021-01-01")
    assert form.is_valid(), form.errors
    template = form.save()
    later = services.upload_template(demo.kind, word_file("MẪU SAU {{ noi_dung }}"), datetime.date(2022, 1, 1), users["admin"])
    assert later.uploaded_by == users["admin"]
    _stem, data = services.render_report(demo)  # report of 14/6/2021: the 2021 template
    texts = [p.text for p in open_docx(data).paragraphs]
    assert texts[0] == "MẪU RIÊNG SỞ NỘI VỤ"
    assert "3. Về xây dựng chính quyền địa phương, địa giới hành chính" in texts
    assert footnotes(data), "footnotes are added even when the template had none"
    template.delete()
    later.delete()
    _stem, data = services.render_report(demo)  # none in force: the shipped default
    assert open_docx(data).tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_the_shipped_default_template_passes_its_own_validation():
    with open(rendering.DEFAULT_TEMPLATE, "rb") as fh:
        services.validate_template(SimpleUploadedFile("bao_cao.docx", fh.read(), content_type=DOCX_CT))
