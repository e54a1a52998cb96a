"""Hostile input, permanent (issue 17 item 4), the parts without a database: property tests of the
Vietnamese number and date parsing, the form cell parser, the text normaliser and what the DOCX
renderer is given. Every input either parses to what it says or is refused with a Vietnamese
message — never another exception."""

import datetime
import io
import zipfile
import unicodedata
from decimal import Decimal
from types import SimpleNamespace

import docx
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from collection import services as collection_services
from collection.models import ValueType
from core import formatting, text
from core.imports.widgets import parse_date

# Bounded, so the suite stays fast; no deadline (the 2-core machine is shared).
settings.register_profile("portal", max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("portal")

# Text that is hard on parsers: digits and separators mixed with what people paste — letters with
# diacritics, spaces of every kind, HTML, control characters, lone surrogates, non-characters.
HOSTILE_CHARS = st.sampled_from(list("0123456789.,-+% \t\n\r") + ["\u2212", "\u00a0", "\u202f", "\x00", "\x1b", "\x7f",
                                "\ud800", "\udfff", "\ufffe", "\uffff", "<", ">", "&", "\"", "'", "ệ", "Đ", "e\u0301",
                                "١", "٫", "𝟙", "½", "²", "∞", "NaN", "Infinity", "1e9999", "0x1F"])
HOSTILE_TEXT = st.one_of(st.text(), st.lists(HOSTILE_CHARS, max_size=30).map("".join))
VIETNAMESE = ("Số", "Ngày", "Nội dung", "không", "Tỷ lệ", "Dấu", "Chỉ", "Phải", "Thiếu")


def vietnamese(message):
    return any(word in message for word in VIETNAMESE)


# --------------------------------------------------------------------------- numbers


@given(HOSTILE_TEXT)
def test_parse_number_answers_a_decimal_none_or_a_vietnamese_refusal(raw):
    try:
        value = formatting.parse_number(raw)
    except ValueError as exc:
        assert str(exc).startswith("Số không hợp lệ") and vietnamese(str(exc))
        return
    assert value is None or isinstance(value, Decimal)
    if value is None:
        assert not formatting.nfc(raw).strip()


@given(st.decimals(min_value=-10**15, max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_written_the_vietnamese_way_reads_back_the_same(value):
    shown = formatting.number(value, 2)
    assert formatting.parse_number(shown) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_dots_never_turn_into_decimals(n):
    assert formatting.parse_number(formatting.number(n)) == n
    assert formatting.parse_number(f"{n:,}".replace(",", ".")) == n


ELEMENTS = [SimpleNamespace(value_type=kind, name=f"Chỉ tiêu {kind.label}") for kind in ValueType]


@pytest.mark.parametrize("element", ELEMENTS, ids=lambda e: e.value_type)
@given(raw=HOSTILE_TEXT)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_form_cell_is_stored_as_typed_or_refused_in_vietnamese(element, raw):
    try:
        value = collection_services.parse_cell(element, raw)
    except ValueError as exc:
        assert vietnamese(str(exc)), str(exc)
        str(exc).encode("utf-8")  # the message can be shown: no lone surrogate echoed back
        return
    if value is None:
        return
    if element.value_type == ValueType.TEXT:
        assert text.first_forbidden(value) is None and unicodedata.is_normalized("NFC", value)
    else:
        assert isinstance(value, Decimal) and value.is_finite()
        if element.value_type in (ValueType.INTEGER, ValueType.MONEY):
            assert value >= 0
        if element.value_type == ValueType.PERCENT:
            assert 0 <= value <= 100


# --------------------------------------------------------------------------- dates


@given(HOSTILE_TEXT)
def test_parse_date_answers_a_date_none_or_a_vietnamese_refusal(raw):
    try:
        value = parse_date(raw)
    except ValueError as exc:
        assert str(exc).startswith("Ngày") and vietnamese(str(exc))
        return
    assert value is None or isinstance(value, datetime.date)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_a_date_written_the_vietnamese_way_reads_back_the_same(day):
    assert parse_date(formatting.short_date(day)) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day.day:02d}-{day.month:02d}-{day.year}") == day


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100))
def test_an_impossible_date_is_refused_not_moved(d, m, y):
    try:
        expected = datetime.date(y, m, d)
    except ValueError:
        with pytest.raises(ValueError, match="không có thật"):
            parse_date(f"{d}/{m}/{y}")
    else:
        assert parse_date(f"{d}/{m}/{y}") == expected


# --------------------------------------------------------------------------- the text normaliser


@given(HOSTILE_TEXT)
def test_clean_keeps_text_word_can_hold_and_refuses_the_rest_naming_the_field(raw):
    try:
        value = text.clean(raw, "Nội dung")
    except ValidationError as exc:
        message = exc.messages[0]
        assert "«Nội dung»" in message and "ký tự điều khiển" in message
        message.encode("utf-8")
        assert text.first_forbidden(text.normalize(raw)) is not None
        return
    assert text.first_forbidden(value) is None
    assert "\r" not in value and unicodedata.is_normalized("NFC", value)
    assert text.clean(value) == value  # idempotent


@given(HOSTILE_TEXT)
def test_scrub_never_raises_and_leaves_what_clean_accepts(raw):
    value = text.scrub(raw)
    assert text.first_forbidden(value) is None
    assert text.scrub(value) == value
    assert text.clean(value) == value
    value.encode("utf-8")


def _docx_with(value):
    document = docx.Document()
    document.add_paragraph(text.xml_safe(value))
    document.add_table(rows=1, cols=1).cell(0, 0).text = text.xml_safe(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@given(HOSTILE_TEXT)
@settings(max_examples=40)
def test_anything_stored_renders_into_valid_docx_xml(raw):
    """What the renderer writes (xml_safe) always makes a DOCX Word opens: valid XML, same text."""
    data = _docx_with(raw)
    reopened = docx.Document(io.BytesIO(data))
    expected = text.scrub(raw)
    assert reopened.paragraphs[-1].text == expected

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # well-formed


@given(HOSTILE_TEXT)
def test_html_in_text_is_escaped_by_the_templates(raw):
    from django.template import engines

    rendered = engines["django"].from_string("<p>{{ value }}</p>").render({"value": text.scrub(raw)})
    inner = rendered[3:-4]
    assert "<" not in inner and ">" not in inner
