"""The plan's appendix table («Phụ lục: … NHIỆM VỤ TRỌNG TÂM …»), read from rows of cells.

The table the provinces type (the Hưng Yên 2022 appendix): columns STT | Nội dung | Thời gian
hoàn thành | Sản phẩm | Đơn vị chủ trì | Đơn vị phối hợp (the last two optional), found by their
headings on any of the first rows. Rows below it:

- a field heading: STT a Roman numeral («I», «IV») with the field's name in «Nội dung», or a row
  without STT whose text starts with «Lĩnh vực», or the first heading before any field;
  a count the heading states («(13 nhiệm vụ)») is dropped from the name and checked;
- a sub-heading: any other row holding text but no STT, deadline or product («Công tác pháp
  chế», «Quản lý biên chế», even typed in the STT column): it names the group of the tasks
  below it, in the same field;
- a task: anything else with a content.

`parse(rows, offices)` returns a `Parsed` (sections, problems, warnings); pure apart from the
`offices` mapping it is given, so it is tested without a database or a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import formatting

COLUMNS = {
    "number": ("stt", "tt", "số thứ tự"),
    "content": ("nội dung", "nội dung nhiệm vụ", "nhiệm vụ"),
    "deadline_text": ("thời gian hoàn thành", "thời gian", "thời hạn", "thời hạn hoàn thành"),
    "products": ("sản phẩm", "sản phẩm đầu ra"),
    "lead": ("đơn vị chủ trì", "chủ trì", "đơn vị thực hiện"),
    "partners": ("đơn vị phối hợp", "phối hợp"),
}
HEADINGS = {
    "number": "STT", "content": "Nội dung", "deadline_text": "Thời gian hoàn thành", "products": "Sản phẩm",
    "lead": "Đơn vị chủ trì", "partners": "Đơn vị phối hợp",
}
REQUIRED = ("number", "content")
HEADER_SEARCH_ROWS = 15

_ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^\d{1,4}[.)]?$")
_STATED = re.compile(r"\s*\((\d+)\s*nhiệm vụ\)\s*$", re.IGNORECASE)
_TAGS = re.compile(r"</?[ibu]>", re.IGNORECASE)  # Word's italics that survive a copy into Excel


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Section:
    number: str
    name: str
    row: int
    stated: int | None = None
    tasks: list = field(default_factory=list)


@dataclass
class Parsed:
    sections: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def task_count(self):
        return sum(len(s.tasks) for s in self.sections)

    def as_import(self):
        """[(number, name, [task values])] for `plans.services.import_tasks`."""
        return [(s.number, s.name, s.tasks) for s in self.sections]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(_TAGS.sub("", formatting.nfc(str(value))).split())


def _key(text):
    return _cell(text).rstrip(":*").strip().casefold()


def find_header(rows):
    """(index in rows, {column key: position}) of the header row, or (None, {})."""
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {}
        for position, value in enumerate(values):
            key = _key(value)
            for name, labels in COLUMNS.items():
                if key in labels and name not in found:
                    found[name] = position
        if all(name in found for name in REQUIRED):
            return index, found
    return None, {}


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
    return _cell(value)


def office_key(text):
    return _key(text).replace("–", "-")


def parse(rows, offices):
    """`rows`: [(Excel row number, [cell values])]; `offices`: {office_key(name or code): unit}."""
    parsed = Parsed()
    header_index, columns = find_header(rows)
    if header_index is None:
        parsed.problems.append(Problem(0, "", "Không tìm thấy dòng tiêu đề có cột «STT» và «Nội dung» "
                                              "(dùng tệp mẫu của Cổng)."))
        return parsed

    def get(values, name):
        position = columns.get(name)
        return _cell(values[position]) if position is not None and position < len(values) else ""

    body = [(number, cells) for number, cells in
            ((number, {name: get(values, name) for name in columns}) for number, values in rows[header_index + 1:])
            if any(cells.values())]
    lines = [(c.get("number", ""), c.get("content", ""),
              any(c.get(n) for n in ("deadline_text", "products", "lead", "partners"))) for _n, c in body]
    current = None
    for kind, position, field_key, group in walk(lines):
        number, cells = body[position]
        if kind == FIELD:
            current = _section(parsed, *field_key, number)
            continue
        stt, content = cells.get("number", ""), cells.get("content", "")
        if field_key is None:
            parsed.problems.append(Problem(number, HEADINGS["content"],
                                           "Nhiệm vụ đứng trước mọi lĩnh vực: thêm dòng lĩnh vực (như «I | Lĩnh vực …») phía trên."))
            continue
        if not content:
            parsed.problems.append(Problem(number, HEADINGS["content"], "Thiếu nội dung nhiệm vụ."))
            continue
        task = {
            "number": stt.rstrip(".)"), "group": group, "content": content,
            "deadline_text": cells.get("deadline_text", ""), "products": cells.get("products", ""),
            "partners": cells.get("partners", ""), "lead_office": None, "lead_text": cells.get("lead", ""),
        }
        for label, limit in (("number", 10), ("deadline_text", 200), ("products", 300), ("partners", 500), ("lead", 300)):
            value = cells.get(label, "")
            if len(value) > limit:
                parsed.problems.append(Problem(number, HEADINGS[label], f"Dài quá {limit} ký tự."))
        if task["lead_text"]:
            unit = offices.get(office_key(task["lead_text"]))
            if unit is None:
                parsed.problems.append(Problem(
                    number, HEADINGS["lead"],
                    f"Không có phòng, đơn vị «{task['lead_text']}» thuộc Sở; ghi đúng tên hoặc tên viết tắt "
                    "(xem trang «Hướng dẫn» của tệp mẫu).",
                ))
            task["lead_office"] = unit
        current.tasks.append(task)
    for section in parsed.sections:
        if section.stated is not None and section.stated != len(section.tasks):
            parsed.warnings.append(Problem(
                section.row, HEADINGS["content"],
                f"Lĩnh vực «{section.name}» ghi {formatting.count(section.stated)} nhiệm vụ nhưng có "
                f"{formatting.count(len(section.tasks))} dòng nhiệm vụ.",
            ))
        if not section.tasks:
            parsed.warnings.append(Problem(section.row, HEADINGS["content"], f"Lĩnh vực «{section.name}» chưa có nhiệm vụ nào."))
    if not parsed.problems and not parsed.task_count:
        parsed.problems.append(Problem(0, "", "Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề."))
    return parsed


def _section(parsed, number, name, stated, row):
    section = Section(number=number, name=name, row=row, stated=stated)
    parsed.sections.append(section)
    return section
