"""The collection app's reporting interface (DESIGN §2): data-set figures for the report kit.

- `DataSetSource`: how a `core.reporting.ReportContext` reads a data set's approved figures, its
  per-unit values and its coverage (the pipeline hands one to every context);
- `DataSetProvider`: any data set as a section's figures with no code (`dataset:<CODE>[@mode]`), stated as
  a sentence (the province's own phrase for the set, else the general one built from its elements), a
  sentence whose figures carry their per-unit breakdown, or a table.
"""

from collection import selectors as collection
from core import formatting as f
from core.reporting import Phrase, Table, lower_first, names_in, phrase, phrase_family, say, unit_breakdown

phrase("bieu-mau.tong-hop", "Biểu mẫu: câu mở đầu bảng số liệu của một biểu mẫu",
       "Tổng hợp số liệu {text:bieu_mau} ({text:ky}):", bieu_mau=("text", "tên biểu mẫu (chữ đầu viết thường)"),
       ky=("text", "kỳ báo cáo, có năm («6 tháng đầu năm 2021»)"))


# Said when a figure covers fewer units than expected (by the kind's «coverage_note» setting).
COVERAGE_KEY = "bieu-mau.do-bao-phu"
phrase(COVERAGE_KEY, "Biểu mẫu: câu nói số liệu chưa đủ các đơn vị phải báo cáo",
       "Số liệu tổng hợp từ {ratio:da_gui|đơn vị}[; chưa có số liệu của {units:chua_gui}].",
       da_gui=("ratio", "số đơn vị đã gửi / số đơn vị phải gửi"),
       chua_gui=("units", "các đơn vị chưa gửi, theo thứ tự cây đơn vị"))


def coverage_sentence(ctx, covered, expected, missing_units):
    """The coverage sentence in the province's wording (None when nothing is expected)."""
    segments = say(ctx, COVERAGE_KEY, da_gui=(covered, expected), chua_gui=list(missing_units))
    return "".join(str(s) for s in segments) if segments else None


# The general sentence of any data set, used when the province has not written the set's own one.
GENERAL_KEY = "bieu-mau.cau-chung"
CLAUSE_KEY = "bieu-mau.cau-chung.chi-tieu"
phrase(GENERAL_KEY, "Biểu mẫu: câu chung viết từ các chỉ tiêu của một biểu (khi chưa có câu riêng của biểu)",
       "Tổng hợp số liệu {text:bieu_mau} ({text:ky}): {items:chi_tieu}.",
       bieu_mau=("text", "tên biểu mẫu (chữ đầu viết thường)"), ky=("text", "kỳ báo cáo, có năm"),
       chi_tieu=("clauses", "các vế, mỗi chỉ tiêu có số liệu một vế (mẫu câu «bieu-mau.cau-chung.chi-tieu»)"))
phrase(CLAUSE_KEY, "Biểu mẫu: vế câu của một chỉ tiêu trong câu chung",
       "{text:chi_tieu} {text:so}{note:theo_don_vi}[ (cùng kỳ năm trước: {text:truoc})][ ({text:so_voi_nam})]",
       chi_tieu=("text", "tên chỉ tiêu (chữ đầu viết thường)"),
       so=("text", "số liệu kỳ này kèm đơn vị tính («1.360 hồ sơ», «99,7%»)"),
       truoc=("text", "số liệu cùng kỳ năm trước kèm đơn vị tính"),
       thay_doi=("number", "tăng/giảm so với cùng kỳ năm trước (viết {change:thay_doi|hồ sơ})"),
       so_voi_nam=("text", "báo cáo năm: «tăng 12 hồ sơ so với năm 2020» (thay cho số liệu cùng kỳ)"),
       theo_don_vi=("note", "số liệu của từng đơn vị (khi mục chọn «kèm chi tiết từng đơn vị»)"))

SENTENCE_PREFIX = "bieu-mau.cau."


def sentence_key(code):
    """The phrase key of a data set's own sentence (empty by default: the set shows as a table)."""
    return f"{SENTENCE_PREFIX}{code}"


def _sentence_phrase(key):
    """The sentence phrase of a data set, over its element codes: CODE (this period), CODE__truoc
    (the same period of the previous year), CODE__thay_doi (the change) and CODE__don_vi (a
    per-unit breakdown, as a note)."""
    from collection.models import DataSet

    data_set = DataSet.objects.filter(code=key[len(SENTENCE_PREFIX):]).first()
    if data_set is None:
        return None
    names = {}
    for section in collection.form_layout(data_set):
        for row in section.rows:
            element = row.element
            names[element.code] = ("number", element.name)
            names[f"{element.code}__truoc"] = ("number", f"{element.name} (cùng kỳ năm trước)")
            names[f"{element.code}__thay_doi"] = ("number", f"{element.name} (tăng/giảm so với cùng kỳ)")
            names[f"{element.code}__don_vi"] = ("note", f"{element.name} của từng đơn vị")
    return Phrase(key, f"Biểu mẫu {data_set.code}: câu viết từ số liệu của biểu (để trống: bảng số liệu)", "", names)


phrase_family(SENTENCE_PREFIX, _sentence_phrase)


def element_label(name, period):
    """An element's label with {năm} (the period's year) and {kỳ} (the period, «6 tháng đầu năm 2021»)
    filled, so no label carries a fixed year; anything else is left as typed."""
    return f.nfc(name).replace("{năm}", str(period.year)).replace("{kỳ}", period.label)


class DataSetSource:
    """Reads for `ReportContext.figures / by_unit / coverage / data_set`."""

    @staticmethod
    def data_set(code):
        from collection.models import DataSet

        return DataSet.objects.filter(code=code).first()

    @staticmethod
    def figures(data_set, period, root):
        return collection.aggregate(data_set, period, root)

    @staticmethod
    def by_unit(data_set, period, root, element_codes):
        return collection.unit_values(data_set, period, root, element_codes)

    @staticmethod
    def coverage(data_set, period, root):
        return collection.coverage(data_set, period, root)


class DataSetProvider:
    """The figures of a data set, stated the way the section chose (`mode`):

    - "" — the province's own sentence for the set when it wrote one, else a table;
    - "cau" — a sentence: the set's own, else the general one over its elements;
    - "don-vi" — as "cau", each figure of the general sentence followed by its per-unit breakdown
      (a footnote or parentheses by the report's setting, units named as inside a sentence, in tree order);
    - "bang" — a table (one row per element or option with a value)."""

    period_types = ()

    def __init__(self, code, mode=""):
        self.code, self.mode = code, mode
        self.key = f"dataset:{code}" + (f"@{mode}" if mode else "")
        self.label = f"Biểu mẫu {code}"

    def serves(self, period):
        return True

    def __call__(self, ctx):
        return self.build(ctx)

    def build(self, ctx):
        data_set = ctx.data_set(self.code)
        if data_set is None:
            return []
        figures = ctx.figures(self.code)
        own = (ctx.wording or {}).get(sentence_key(self.code))
        if own and self.mode != "bang":
            return self.sentence(ctx, data_set, figures)
        if self.mode in ("cau", "don-vi"):
            return self.general_sentence(ctx, data_set, figures, by_unit=self.mode == "don-vi")
        return self.table(ctx, data_set, figures)

    def table(self, ctx, data_set, figures):
        rows = []
        for section in collection.form_layout(data_set):
            for row in section.rows:
                element = row.element
                options = [c.option for c in row.cells if c is not None and c.option is not None]
                total = figures.get((element.code, None))
                if total is None or (total == 0 and not options):
                    continue
                rows.append([element_label(element.name, ctx.period), element.unit_label, self.format(element, total)])
                for option in options:
                    value = figures.get((element.code, option.code))
                    if value:
                        rows.append([f"- {element_label(option.name, ctx.period)}", element.unit_label,
                                     self.format(element, value)])
        if not rows:
            return []
        intro = ctx.sentence("bieu-mau.tong-hop", bieu_mau=lower_first(f.nfc(data_set.name)), ky=ctx.period.label)
        return [b for b in (intro, Table(columns=["Chỉ tiêu", "Đơn vị tính", "Số liệu"], rows=rows)) if b]

    def sentence(self, ctx, data_set, figures):
        """The set's own sentence: figures, the same period of the previous year, per-unit notes."""
        key = sentence_key(self.code)
        used = set(names_in(ctx.wording[key]))
        codes = sorted({name.split("__")[0] for name in used})
        before = ctx.figures(self.code, period=ctx.previous) if ctx.previous is not None else {}
        wanted_notes = [c for c in codes if f"{c}__don_vi" in used]
        by_unit = ctx.by_unit(self.code, wanted_notes) if wanted_notes else {}
        units = {e.code: e.unit_label for s in collection.form_layout(data_set) for e in (r.element for r in s.rows)}
        values = {}
        for code in codes:
            now, then = figures.get((code, None)), before.get((code, None))
            values[code] = now
            values[f"{code}__truoc"] = then
            values[f"{code}__thay_doi"] = None if now is None or then is None else now - then
            values[f"{code}__don_vi"] = unit_breakdown(by_unit.get(code, []), units.get(code, ""))
        paragraph = ctx.sentence(key, **values)
        return [paragraph] if paragraph else []

    def general_sentence(self, ctx, data_set, figures, by_unit=False):
        """The general phrase: one clause per element with a figure, in form order; the same period of
        the previous year in brackets; per-unit notes when `by_unit`."""
        elements = [r.element for s in collection.form_layout(data_set) for r in s.rows]
        elements = [e for e in elements if e.is_numeric and figures.get((e.code, None))]
        if not elements:
            return []
        before = ctx.figures(self.code, period=ctx.previous) if ctx.previous is not None else {}
        noted = [e.code for e in elements if by_unit and e.value_type != "percent"]
        rows = ctx.by_unit(self.code, noted) if noted else {}
        # The annual report says the change against the year before («tăng 12 hồ sơ so với năm 2020»),
        # as the reference does; other reports give the same period's figure in brackets.
        yearly = getattr(ctx.period, "type", None) in ctx.COMPARED_TYPES
        clauses = []
        for element in elements:
            now, then = figures[(element.code, None)], before.get((element.code, None))
            versus = (f"{f.delta(now - then, element.unit_label)} so với năm {ctx.previous.year}"
                      if yearly and then else None)
            note = ""
            if element.code in noted:
                note = unit_breakdown(rows.get(element.code, []), element.unit_label,
                                      measure=element.value_type != "integer")
            clauses.append((CLAUSE_KEY, {
                "chi_tieu": lower_first(element_label(element.name, ctx.period)),
                "so": self.written(element, now), "truoc": self.written(element, then) if then and not yearly else None,
                "so_voi_nam": versus,
                "thay_doi": None if then is None else now - then, "theo_don_vi": note,
            }))
        paragraph = ctx.sentence(GENERAL_KEY, bieu_mau=lower_first(f.nfc(data_set.name)), ky=ctx.period.label,
                                 chi_tieu=ctx.clauses(*clauses))
        return [paragraph] if paragraph else []

    @staticmethod
    def written(element, value):
        """A figure with its unit, the way the element's type is written («06 đơn vị», «46,4 mét», «99,7%»)."""
        if element.value_type == "percent":
            return f.percent(value)
        if element.value_type == "money":
            return f.money(value)
        if element.value_type == "integer":
            return f.quantity(value, element.unit_label) if element.unit_label else f.count(value)
        return f.measure(value, element.unit_label) if element.unit_label else f.number(value)

    @staticmethod
    def format(element, value):
        if element.value_type == "percent":
            return f.percent(value)
        if element.value_type == "money":
            return f.money(value)
        return f.number(value)
