"""The one normaliser every stored text passes (DESIGN §3: "all text is Unicode NFC").

Word (and XML 1.0) cannot hold most C0 control characters, the non-characters U+FFFE/U+FFFF or
lone surrogates: one of them in a narrative or a register field used to make every DOCX build of
the report fail. So text is checked once, where it enters (forms, imports, services):

- `clean(value, label)` normalises (NFC, CRLF → LF) and *refuses* what Word cannot hold, with a
  Vietnamese message naming the field (or the Excel cell / JSON record): forms, imports, commands;
- `scrub(value)` normalises and *drops* those characters: for text that is only shown or searched
  (filters, pasted search terms), never silently for what is stored;
- `xml_safe(value)` is the last line of defence when rendering: nothing stored can break a build.

`NormalizedTextMixin` applies `clean` to every text field of a Django form.

>>> clean("Cafe\u0301")
'Café'
>>> scrub("a\x1bb\r\nc")
'ab\\nc'
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# Tab and newline are the only control characters kept; CR is folded into LF first.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?")


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"nửa cặp thay thế U+{code:04X}"
    return f"U+{code:04X}"


def normalize(value) -> str:
    """NFC with LF newlines; never raises (lone surrogates survive here, `clean` refuses them)."""
    text = value if isinstance(value, str) else str(value)
    text = _NEWLINES.sub("\n", text)
    try:
        return unicodedata.normalize("NFC", text)
    except UnicodeError:  # pragma: no cover - normalize accepts surrogates in CPython
        return text


def first_forbidden(value: str):
    """The first character Word cannot hold, or None."""
    match = _FORBIDDEN.search(value)
    return match.group(0) if match else None


def clean(value, label: str = "") -> str:
    """Normalised text, or ValidationError naming the field and the offending character."""
    if value is None:
        return value
    text = normalize(value)
    bad = first_forbidden(text)
    if bad is not None:
        where = f"«{label}» " if label else ""
        raise ValidationError(
            f"Nội dung {where}chứa ký tự điều khiển không hợp lệ ({_describe(bad)}) mà Word không lưu được; "
            "hãy xóa ký tự đó rồi lưu lại.",
            code="control_character",
        )
    return text


def scrub(value) -> str:
    """Normalised text without the characters Word cannot hold (for pasted or imported text)."""
    if value is None:
        return value
    return _FORBIDDEN.sub("", normalize(value))


def xml_safe(value) -> str:
    """Like `scrub`, for rendering: anything stored is made safe for a DOCX."""
    return scrub(value) if isinstance(value, str) else value


class NormalizedTextMixin:
    """Form mixin: every str value of every field passes `clean`, the error attached to the field."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                try:
                    self.cleaned_data[name] = clean(value, str(self.fields[name].label or name))
                except ValidationError as error:
                    self.add_error(name, error)


class TextField(forms.CharField):
    """A CharField that normalises and refuses control characters on its own (outside the mixin)."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean(value, str(self.label or "")) if value else value
