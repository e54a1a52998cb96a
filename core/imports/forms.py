"""The upload form of the import pages (`core.imports.views`)."""

from django import forms

from core.forms import _bootstrap


class UploadForm(forms.Form):
    """An upload of one of `kinds` (the ImportKinds of an app the user may import)."""

    kind = forms.ChoiceField(label="Dữ liệu cần nhập")
    file = forms.FileField(label="Tệp Excel (.xlsx)", help_text="Dùng tệp mẫu của cổng; tối đa 20 MB.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    skip_preview = forms.BooleanField(
        label="Nhập ngay nếu tệp không có lỗi (bỏ qua bước xem trước)", required=False,
        help_text="Dùng cho tệp lớn đã quen nhập: cổng kiểm tra và lưu trong một bước; "
                  "nếu có dòng lỗi thì không dòng nào được lưu.")

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]
        self.fields["kind"].error_messages["invalid_choice"] = "Vui lòng chọn loại dữ liệu cần nhập."
        self.fields["file"].error_messages["required"] = "Vui lòng chọn tệp Excel."
        self.fields["file"].error_messages["empty"] = "Tệp tải lên rỗng."
        _bootstrap(self)
