"""A form's structure (sections, elements, options, rules) is read once per process and kept until
the catalogue changes (collection.selectors.form_structure): the entry page reads none of it again,
and an edit — a renamed element, a new rule, a row taken off the form — shows on the next page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection import selectors, services
from collection.models import DataElement, DataSet, SectionElement, ValidationRule
from core import generations

pytestmark = pytest.mark.django_db

STRUCTURE_TABLES = ('"collection_sectionelement"', '"collection_categoryoption"', '"collection_validationrule"')


@pytest.fixture
def page(client, province, h1, officer):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None  # 2021-H1 expired long ago; these tests are about entry
    ds.save()
    client.force_login(officer)
    return reverse("collection:entry", args=[ds.code, "VITHANH", h1.code])


def _structure_reads(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if any(f'FROM {t}' in q["sql"] for t in STRUCTURE_TABLES)]
    return reads, response.content.decode()


def test_the_entry_page_reads_the_structure_once(client, page):
    first, _ = _structure_reads(client, page)
    assert first  # read on the first page of this generation
    again, _ = _structure_reads(client, page)
    assert again == []


def test_a_renamed_element_shows_on_the_next_page(client, page):
    _structure_reads(client, page)
    element = DataElement.objects.get(code="HS_TIEP_NHAN")
    element.name = "Tổng số hồ sơ đã tiếp nhận trong kỳ (tên mới)"
    element.save()
    reads, body = _structure_reads(client, page)
    assert reads and "Tổng số hồ sơ đã tiếp nhận trong kỳ (tên mới)" in body


def test_a_row_taken_off_the_form_is_gone_on_the_next_page(client, page):
    _, body = _structure_reads(client, page)
    placement = SectionElement.objects.select_related("element").filter(section__data_set__code="CCHC-DV").first()
    name = f'name="v-{placement.element_id}-'
    assert name in body
    placement.delete()
    _, body = _structure_reads(client, page)
    assert name not in body


def test_a_new_rule_applies_at_once(page, client, province, h1, officer):
    ds = DataSet.objects.get(code="CCHC-DV")
    form = services.get_submission(ds, province["VITHANH"], h1)
    before = {r.rule.name for r in services.run_rules(form)}
    ValidationRule.objects.create(data_set=ds, name="Quy tắc thử mới", left="#{HS_TIEP_NHAN}", operator=">=", right="0")
    after = {r.rule.name for r in services.run_rules(form)}
    assert after - before == {"Quy tắc thử mới"}


def test_a_write_past_the_signals_is_seen_once_the_kept_structure_expires(client, page, monkeypatch):
    import time

    _structure_reads(client, page)
    DataElement.objects.filter(code="HS_TIEP_NHAN").update(name="Đổi bằng update(), không có tín hiệu")
    reads, body = _structure_reads(client, page)
    assert reads == [] and "Đổi bằng update()" not in body  # kept: update() sent no signal
    later = time.monotonic() + selectors.STRUCTURE_SECONDS + 1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    reads, body = _structure_reads(client, page)
    assert reads and "Đổi bằng update(), không có tín hiệu" in body


def test_an_evicted_generation_reads_the_structure_again(client, page):
    from django.core.cache import cache

    _structure_reads(client, page)
    cache.delete(generations.app_key("unused"))  # an unrelated key: still kept
    assert _structure_reads(client, page)[0] == []
    cache.delete(selectors.STRUCTURE_KEY)  # evicted: a fresh generation, never an old one reused
    assert _structure_reads(client, page)[0]


def test_an_edit_in_another_process_reaches_this_one_through_redis(client, page, settings, require):
    """The structure is kept in each process's memory; its generation is in the shared cache. Another
    process's save bumps that generation in Redis (`cache.incr`, as core.generations does) and this
    process reads the structure again on its next page."""
    import subprocess
    import sys
    import uuid

    url = require("redis")
    prefix = f"test-structure-{uuid.uuid4().hex}"  # apart from every other test using this Redis
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": prefix}}
    _structure_reads(client, page)
    assert _structure_reads(client, page)[0] == []  # kept
    other = ("from django.core.cache.backends.redis import RedisCache\n"
             f"RedisCache({url!r}, {{'KEY_PREFIX': {prefix!r}}}).incr({selectors.STRUCTURE_KEY!r})\n")
    subprocess.run([sys.executable, "-c", "import django; from django.conf import settings; settings.configure(); "
                    "django.setup()\n" + other], check=True, timeout=60)
    assert _structure_reads(client, page)[0]  # read again
    assert _structure_reads(client, page)[0] == []
