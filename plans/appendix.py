"""The structure of a plan's appendix table («Phụ lục: … NHIỆM VỤ TRỌNG TÂM …»), pure.

The table the provinces type (the Hưng Yên 2022 appendix): columns STT | Nội dung | Thời gian
hoàn thành | Sản phẩm | Đơn vị chủ trì | Đơn vị phối hợp (read by `plans.resources` through the
core import engine). Rows below the header:

- a field heading: STT a Roman numeral («I», «IV») with the field's name in «Nội dung», or a row
  without STT whose text starts with «Lĩnh vực», or the first heading before any field;
  a count the heading states («(13 nhiệm vụ)») is dropped from the name;
- a sub-heading: any other row holding text but no STT, deadline or product («Công tác pháp
  chế», «Quản lý biên chế», even typed in the STT column): it names the group of the tasks
  below it, in the same field;
- a task: anything else with a content.

`walk(rows)` yields that structure, so it is tested without a database or a file.
"""

from __future__ import annotations

import re

from core import formatting

_ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^\d{1,4}[.)]?$")
_STATED = re.compile(r"\s*\((\d+)\s*nhiệm vụ\)\s*$", re.IGNORECASE)
_TAGS = re.compile(r"</?[ibu]>", re.IGNORECASE)  # Word's italics that survive a copy into Excel


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(_TAGS.sub("", formatting.nfc(str(value))).split())


FIELD, HEADING, TASK = "field", "heading", "task"


def classify(stt, content, rest):
    """What a row is, from its cells as clean text (`rest`: any deadline, product or office):
    FIELD (a Roman STT, nothing else but the name), HEADING (text without a task number and
    nothing else: a field or a sub-heading, as `starts_field` and the rows above decide) or TASK."""
    if stt and _ROMAN.match(stt.upper()) and not rest:
        return FIELD
    if not rest and (not stt or not _ARABIC.match(stt)) and (not stt or not content):
        return HEADING
    return TASK


def starts_field(heading):
    """A heading row without a Roman numeral that opens a field («Lĩnh vực …»)."""
    return heading.casefold().startswith("lĩnh vực")


def split_stated(name):
    """(name, stated count or None): «Lĩnh vực Thanh tra (23 nhiệm vụ)» → («Lĩnh vực Thanh tra», 23)."""
    match = _STATED.search(name)
    if not match:
        return name, None
    return name[:match.start()].strip(), int(match.group(1))


def walk(rows):
    """The structure of the table's body. `rows`: (stt, content, rest) per row, as clean text
    (`rest`: any deadline, product or office). Yields (FIELD, position, field, "") where a field
    opens and (TASK, position, field, group) per task row; `field` is (number, name, stated count)
    of the field above (None before any), `group` the sub-heading above within it."""
    current, group = None, ""
    for position, (stt, content, rest) in enumerate(rows):
        kind = classify(stt, content, rest)
        if kind == FIELD or (kind == HEADING and (current is None or starts_field(content or stt))):
            name, stated = split_stated(content or stt)
            current, group = (stt.upper() if kind == FIELD else "", name, stated), ""
            yield FIELD, position, current, group
        elif kind == HEADING:
            group = content or stt
        else:
            yield TASK, position, current, group


def clean_cell(value):
    """A cell as one line of NFC text: Word's <i>…</i> tags dropped, spaces tidied."""
    return _cell(value)


def office_key(text):
    """An office as typed in the table (name, short name or code), for lookups."""
    return _cell(text).rstrip(":*").strip().casefold().replace("–", "-")
