"""A domain provider may return tables (the annual appendix of quotas by unit): the registry adapts
them and the DOCX shows each with its caption, as the reference appendices do."""

import pytest

from core.models import Period
from reports import services
from reports.models import ReportSection
from staffing.models import Quota
from tests.reports.conftest import open_docx

pytestmark = pytest.mark.django_db


def test_quota_appendix_is_rendered_as_tables(demo):
    last = ReportSection.objects.filter(report=demo, parent=None).order_by("-order").first()
    ReportSection.objects.create(report=demo, parent=None, title="Phụ lục biên chế",
                                  provider_key="bien-che.phu-luc", order=last.order + 10)
    demo.period = Period.objects.get(code="2021-Y")
    demo.save()

    _stem, data = services.render_report(demo)
    document = open_docx(data)
    header = ["Cơ quan, đơn vị", "Được giao", "Đã sử dụng", "Chênh lệch"]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(tables) == 3
    civil = tables[0]
    assert len(civil.rows) == 1 + Quota.objects.filter(year=2021, kind="cong_chuc").count() + 1
    assert civil.rows[-1].cells[0].text == "Tổng cộng"
    captions = [p for p in document.paragraphs if p.text == "Biên chế công chức năm 2021 theo cơ quan, đơn vị"]
    assert len(captions) == 1 and all(r.bold for r in captions[0].runs)
