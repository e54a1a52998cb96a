"""The one text normaliser (core/text.py)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core import text


@pytest.mark.parametrize("bad", ["\x00", "\x1a", "\x1b", "\x0b", "\x7f", "\ufffe", "\uffff", "\ud800", "\udfff"])
def test_clean_refuses_what_word_cannot_hold_naming_the_field(bad):
    with pytest.raises(ValidationError) as caught:
        text.clean(f"Báo cáo{bad} quý", "Nội dung")
    message = caught.value.messages[0]
    assert "«Nội dung»" in message and "ký tự điều khiển" in message
    assert f"U+{ord(bad):04X}" in message


def test_clean_keeps_tab_and_newline_folds_cr_and_composes():
    assert text.clean("a\tb\r\nc\rd") == "a\tb\nc\nd"
    decomposed = "Vi\u0323 Thanh"  # "Vị" written with a combining dot below
    assert text.clean(decomposed) == "Vị Thanh"
    assert text.clean(None) is None


def test_scrub_drops_instead_of_refusing():
    assert text.scrub("Sở\x00 Nội\x1b vụ\ufffe\ud83d") == "Sở Nội vụ"
    assert text.xml_safe(12) == 12


def test_form_mixin_attaches_the_error_to_the_field():
    class NoteForm(text.NormalizedTextMixin, forms.Form):
        note = forms.CharField(label="Ghi chú")
        other = forms.CharField()

    form = NoteForm({"note": "x\x1ay", "other": "Ca\u0301"})
    assert not form.is_valid()
    assert "«Ghi chú»" in form.errors["note"][0]
    assert form.cleaned_data["other"] == "Cá"


def test_text_field_refuses_on_its_own():
    field = text.TextField(label="Tên")
    with pytest.raises(ValidationError):
        field.clean("a\x00b")
    assert field.clean("Ho\u0300a") == "Hòa"
