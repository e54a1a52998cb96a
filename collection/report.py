"""The collection app's reporting interface (DESIGN §2): data-set figures for the report kit.

- `DataSetSource`: how a `core.reporting.ReportContext` reads a data set's approved figures, its
  per-unit values and its coverage (the pipeline hands one to every context);
- `DataSetProvider`: any data set as a section's figures with no code (`dataset:<CODE>`).
"""

from collection import selectors as collection
from core import formatting as f
from core.reporting import Table, lower_first, phrase

phrase("bieu-mau.tong-hop", "Biểu mẫu: câu mở đầu bảng số liệu của một biểu mẫu",
       "Tổng hợp số liệu {text:bieu_mau} ({text:ky}):", bieu_mau=("text", "tên biểu mẫu (chữ đầu viết thường)"),
       ky=("text", "kỳ báo cáo, có năm («6 tháng đầu năm 2021»)"))


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
    """The figures of a data set as a small table (one row per element or option with a value)."""

    period_types = ()

    def __init__(self, code):
        self.code = code
        self.key = f"dataset:{code}"
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

    @staticmethod
    def format(element, value):
        if element.value_type == "percent":
            return f.percent(value)
        if element.value_type == "money":
            return f.money(value)
        return f.number(value)
