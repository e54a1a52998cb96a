"""Fixtures of the report tests: the demo province (seed_demo), users by role, DOCX reading helpers."""

import io
import zipfile

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from lxml import etree

from core.models import Membership, OrgUnit
from reports.models import Report
from tests.conftest import seeded_per_module, use_seed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PASSWORD = "SoNoiVu@2026"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_PDF_PREVIEW = False
    return settings.MEDIA_ROOT


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


_demo_seed = seeded_per_module(seed_demo)


@pytest.fixture
def demo(_demo_seed, request, media):
    use_seed(request, seed_demo)
    return Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")


@pytest.fixture
def make_user(db):
    def make(username, unit_code, role):
        user = get_user_model().objects.create_user(username, password=PASSWORD, first_name="Người", last_name="Dùng")
        Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=unit_code), role=role)
        return user

    return make


@pytest.fixture
def users(demo, make_user):
    User = get_user_model()
    return {
        "admin": User.objects.get(username="quantri"),
        "leader": User.objects.get(username="giamdoc"),
        "staff_tcbc": User.objects.get(username="cv.tcbc"),
        "staff_xdcq": User.objects.get(username="cv.xdcq"),  # a demo login (core.demo)
        "officer": User.objects.get(username="cb.vithanh"),
        "officer_dept": User.objects.get(username="cb.soyte"),
    }


# ---------------------------------------------------------------------------------------------
# Reading a DOCX back
# ---------------------------------------------------------------------------------------------


def open_docx(data):
    return docx.Document(io.BytesIO(data))


def footnotes(data):
    """{id: text} of the real footnotes (separators left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/footnotes.xml" not in z.namelist():
            return {}
        root = etree.fromstring(z.read("word/footnotes.xml"))
    out = {}
    for fn in root.findall(f"{W}footnote"):
        if fn.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        out[int(fn.get(f"{W}id"))] = "".join(t.text or "" for t in fn.iter(f"{W}t")).strip()
    return out


def paragraph_text(p, notes=None):
    """Paragraph text with each footnote reference written as [^id] (and its text if `notes`)."""
    parts = []
    for el in p._p.iter(f"{W}t", f"{W}footnoteReference", f"{W}br"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}br":
            parts.append("\n")
        else:
            fid = int(el.get(f"{W}id"))
            parts.append(f"[^{fid}: {notes[fid]}]" if notes else f"[^{fid}]")
    return "".join(parts)


def sections_text(data):
    """{heading text: body text until the next heading} (headings are the Heading N paragraphs)."""
    document = open_docx(data)
    notes = footnotes(data)
    result, current = {}, None
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            current = p.text
            result[current] = ""
        elif current is not None:
            result[current] += paragraph_text(p, notes) + "\n"
    return result


def section(data, prefix):
    texts = sections_text(data)
    matches = [body for heading, body in texts.items() if heading.startswith(prefix)]
    assert matches, f"no section starting with {prefix!r} in {list(texts)}"
    return matches[0]
