"""Forms of the collection pages: the data-entry grid, review, Excel upload, completeness filter."""

from django import forms

from collection.models import DataSet
from core import formatting
from core.models import Period
from core.text import NormalizedTextMixin

# ---------------------------------------------------------------------------------------------
# The data-entry grid: one input (and one note) per cell of `selectors.form_layout`
# ---------------------------------------------------------------------------------------------

SAVE = "luu"
SUBMIT = "gui"


def comment_name(cell):
    """The note's field name beside the value's `cell.name` ("v-12-0" → "c-12-0")."""
    return "c" + cell.name[1:]


class EntryForm:
    """Reads what the user typed into the grid.

    Not a Django Form: the fields come from the data set's layout, parsing and checks are the
    service's (`services.save_values`), and errors come back per cell from `InvalidValues`.
    """

    def __init__(self, layout, data):
        self.layout = layout
        self.data = data

    @property
    def action(self):
        return SUBMIT if self.data.get("action") == SUBMIT else SAVE

    @property
    def expected_version(self):
        """The version the page was loaded at. A missing or garbled token counts as -1, which
        never matches, so a save without it is refused as a conflict rather than overwriting."""
        try:
            return int(self.data.get("version", ""))
        except (TypeError, ValueError):
            return -1

    def cells(self):
        for section in self.layout:
            for row in section.rows:
                for cell in row.cells:
                    if cell is not None:
                        yield cell

    def entries(self):
        """{(element, option): {"value": raw, "comment": text or None}} for the cells posted."""
        result = {}
        for cell in self.cells():
            if cell.name not in self.data and comment_name(cell) not in self.data:
                continue  # not on the posted page: leave the stored value alone
            comment = self.data.get(comment_name(cell))
            result[(cell.element, cell.option)] = {
                "value": self.data.get(cell.name, ""),
                "comment": None if comment is None else formatting.nfc(comment),
            }
        return result

    def typed(self):
        """{cell name: (value, comment)} exactly as typed, to put back on a re-rendered page."""
        return {
            cell.name: (self.data.get(cell.name, ""), self.data.get(comment_name(cell)))
            for cell in self.cells()
            if cell.name in self.data or comment_name(cell) in self.data
        }


# ---------------------------------------------------------------------------------------------
# Review and upload
# ---------------------------------------------------------------------------------------------


class ReturnForm(NormalizedTextMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "placeholder": "Nêu rõ chỉ tiêu cần sửa và lý do"}),
        max_length=2000,
        error_messages={"required": "Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì."},
    )

    def clean_reason(self):
        reason = formatting.nfc(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.")
        return reason


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel đã điền (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control form-control-sm"}),
        error_messages={"required": "Vui lòng chọn tệp Excel (.xlsx) để tải lên.", "empty": "Tệp tải lên không có nội dung."},
    )


# ---------------------------------------------------------------------------------------------
# Completeness: which data set, which period
# ---------------------------------------------------------------------------------------------


class CompletenessForm(forms.Form):
    """`?bieu-mau=<code>&ky=<code>&don-vi=<code>`; unknown or missing values fall back to defaults."""

    def __init__(self, data, *, data_sets, periods_by_type, today):
        super().__init__()
        self.data_sets = list(data_sets)
        self.data_set = next((d for d in self.data_sets if d.code == data.get("bieu-mau")), None) or (
            self.data_sets[0] if self.data_sets else None
        )
        self.periods = [
            p for p in periods_by_type.get(self.data_set.period_type, []) if p.start <= today
        ] if self.data_set else []
        self.period = next((p for p in self.periods if p.code == data.get("ky")), None) or (
            self.periods[0] if self.periods else None
        )
        self.unit_code = (data.get("don-vi") or "").strip()

    @staticmethod
    def periods_by_type(types):
        result = {}
        for period in Period.objects.filter(type__in=set(types)).order_by("-start", "type", "number"):
            result.setdefault(period.type, []).append(period)
        return result

    @staticmethod
    def active_data_sets():
        return DataSet.objects.filter(is_active=True).order_by("sort_order", "code")
