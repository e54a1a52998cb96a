"""The collection app's reporting interface (DESIGN §2): data-set figures for the report kit.

- `DataSetSource`: how a `core.reporting.ReportContext` reads a data set's approved figures, its
  per-unit values and its coverage (the pipeline hands one to every context);
- `DataSetProvider`: any data set as a section's figures with no code (`dataset:<CODE>`).
"""

from collection import selectors as collection
from core import formatting as f
from core.reporting import Paragraph, Table, lower_first


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
                rows.append([f.nfc(element.name), element.unit_label, self.format(element, total)])
                for option in options:
                    value = figures.get((element.code, option.code))
                    if value:
                        rows.append([f"- {option.name}", element.unit_label, self.format(element, value)])
        if not rows:
            return []
        return [
            Paragraph(f"Tổng hợp số liệu {lower_first(data_set.name)} ({ctx.period.label}):"),
            Table(columns=["Chỉ tiêu", "Đơn vị tính", "Số liệu"], rows=rows),
        ]

    @staticmethod
    def format(element, value):
        if element.value_type == "percent":
            return f.percent(value)
        if element.value_type == "money":
            return f.money(value)
        return f.number(value)
