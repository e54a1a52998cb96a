"""The text formats an admin edits on a report kind (trích yếu, câu mở đầu, câu kết thúc, section titles).

They used to be filled with `str.format_map`, which also evaluates `{period.__class__…}` and format
specs such as `{period:>999999999}`. Now a format holds text and bare `{name}` placeholders from a
fixed list only: `check` refuses anything else at save with a Vietnamese reason, and `fill` only
ever substitutes whole `{name}` tokens (anything else stored is printed as typed, never evaluated).

>>> fill("Báo cáo {period} của {unit_short}", {"period": "năm 2021", "unit_short": "Sở Nội vụ"})
'Báo cáo năm 2021 của Sở Nội vụ'
>>> fill("{period.__class__}", {"period": "năm 2021"})
'{period.__class__}'
"""

import re

from django.core.exceptions import ValidationError

from core.text import clean, normalize

# Placeholders each format may use (selectors.placeholders + what build_content adds).
REPORT_VALUES = ("period", "period_no_year", "next_period", "year", "unit_name", "unit_short")
TITLE = REPORT_VALUES
INTRO = (*REPORT_VALUES, "basis", "subject_lower")
CLOSING = (*REPORT_VALUES, "subject_lower")
SECTION_TITLE = REPORT_VALUES

_TOKEN = re.compile(r"\{([a-z_]+)\}")
_BRACES = re.compile(r"\{[^{}]*\}|[{}]")


def check(text, allowed, label):
    """The text cleaned (core.text.clean), or ValidationError naming the field and what is wrong."""
    text = clean(text, label)
    if not text:
        return text
    listed = ", ".join("{" + name + "}" for name in allowed)
    for match in _BRACES.finditer(text):
        token = match.group(0)
        if token in ("{", "}") or token.startswith("{{") or token.startswith("{%"):
            raise ValidationError(
                f"«{label}» có dấu ngoặc nhọn lẻ hoặc cú pháp mẫu ({token}); chỉ được dùng {listed}.",
                code="format_syntax",
            )
        name = _TOKEN.fullmatch(token)
        if name is None or name.group(1) not in allowed:
            raise ValidationError(
                f"«{label}» dùng {token} không có trong danh sách; chỉ được dùng {listed}.",
                code="format_placeholder",
            )
    return text


def fill(text, values):
    """Replace each `{name}` with its value; everything else, unknown names included, is kept as typed."""
    if not text:
        return text
    return normalize(_TOKEN.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text))
