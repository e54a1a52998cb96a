"""Forms of the core pages: sign-in, password change, and the GET filters of the lists."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from core import formatting
from core.models import DocumentType, OrgUnitKind, PeriodType
from core.selectors import STATUS_ACTIVE, STATUS_ALL
from core.text import NormalizedTextMixin


def _html_attrs(attrs):
    """Django's widgets/attrs.html in Python: ` name="value"`, a True flag bare, False left out."""
    return format_html_join("", "{}", ((format_html(' {}="{}"', k, v) if v is not True else format_html(" {}", k),)
                                       for k, v in attrs.items() if v is not False and v is not None))


class QuickSelect(forms.Select):
    """The same <select> as Django's widget, built in Python: the template renderer costs ~1 ms an
    option, and a province's unit filter has ~1,000 of them (issue 17: the register list). The
    selection follows `ChoiceWidget.optgroups` (the first matching option only)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, _html_attrs(attrs))]
        has_selected = False
        for option_value, option_label in self.choices:
            group = isinstance(option_label, (list, tuple))
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', "" if option_value is None else option_value))
            for sub_value, sub_label in option_label if group else [("" if option_value is None else option_value,
                                                                     option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(sub_value) in chosen
                has_selected |= selected
                parts.append(f'\n  <option value="{escape(str(sub_value))}"{" selected" if selected else ""}>'
                             f"{conditional_escape(sub_label)}</option>\n")
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every piece escaped above


class ChoiceListField(forms.MultipleChoiceField):
    """A list of codes kept in a JSONField (unit kinds, period types), chosen with checkboxes: never
    typed as JSON. Default choices: the unit kinds."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices=OrgUnitKind.choices, required=False, **kwargs):
        super().__init__(choices=choices, required=required, **kwargs)


def _bootstrap(form):
    """Bootstrap classes on every widget (checkboxes and selects have their own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].error_messages["required"] = "Vui lòng nhập tên đăng nhập."
        self.fields["password"].error_messages["required"] = "Vui lòng nhập mật khẩu."
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        _bootstrap(self)


PASSWORD_CHANGE_LOCKED = (
    "Đổi mật khẩu tạm thời bị khóa do nhập sai mật khẩu hiện tại nhiều lần. "
    "Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống."
)


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form; a wrong current password counts as a failed login of the user (django-axes),
    so a stolen session cannot guess the password: after the limit the form (and the login)
    is locked for the cool-off time."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Vui lòng nhập lại.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
        "locked": PASSWORD_CHANGE_LOCKED,
    }

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password1"].help_text = password_rules_text()
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
        self.fields["new_password2"].help_text = ""
        _bootstrap(self)

    def _credentials(self):
        return {"username": self.user.get_username()}

    def clean_old_password(self):
        from axes.handlers.proxy import AxesProxyHandler
        from django.contrib.auth.signals import user_login_failed

        if self.request is None:  # no request, no throttle (never the case from the view)
            return super().clean_old_password()
        credentials = self._credentials()
        if AxesProxyHandler.is_locked(self.request, credentials):
            # Refused without looking at the password, so guessing goes nowhere while locked.
            raise ValidationError(self.error_messages["locked"], code="locked")
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(self.error_messages["locked"], code="locked")
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password

    def add_error(self, field, error):
        # Django's Vietnamese catalogue lacks the current "too short" message: say it ourselves.
        if isinstance(error, ValidationError) and hasattr(error, "error_list"):
            error = ValidationError([_vietnamese_password_error(e) for e in error.error_list])
        super().add_error(field, error)


def _min_password_length():
    for validator in get_default_password_validators():
        if isinstance(validator, MinimumLengthValidator):
            return validator.min_length
    return None


def password_rules_text():
    rules = []
    length = _min_password_length()
    if length:
        rules.append(f"có ít nhất {length} ký tự")
    rules += ["không quá giống tên đăng nhập, họ tên", "không phải mật khẩu phổ biến", "không gồm toàn chữ số"]
    return "Mật khẩu mới phải " + "; ".join(rules) + "."


def _vietnamese_password_error(error):
    if getattr(error, "code", None) == "password_too_short":
        length = (error.params or {}).get("min_length") or _min_password_length()
        return ValidationError(f"Mật khẩu quá ngắn: cần có ít nhất {length} ký tự.", code=error.code)
    return error


# ---------------------------------------------------------------------------------------------
# GET filters: an invalid value falls back to the default, never to an error page.
# ---------------------------------------------------------------------------------------------


class FilterForm(NormalizedTextMixin, forms.Form):
    """Text normalised (core.text); a value with a control character falls back to the default."""

    defaults = {}

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data else None, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:  # filters list units, periods…: many options
                quick = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                quick.is_required, quick.is_localized = field.widget.is_required, field.widget.is_localized
                field.widget = quick
        _bootstrap(self)

    def values(self):
        """Cleaned values, with defaults for what is missing or invalid."""
        values = dict(self.defaults)
        if self.is_bound:
            self.is_valid()
            for name, value in getattr(self, "cleaned_data", {}).items():
                if value not in (None, ""):
                    values[name] = value
        return values


class UnitFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=[(STATUS_ACTIVE, "Đang hoạt động"), (STATUS_ALL, "Tất cả (kể cả đã giải thể)")],
        required=False,
    )
    kind = forms.ChoiceField(label="Loại đơn vị", choices=[("", "Tất cả các loại")] + OrgUnitKind.choices, required=False)
    q = forms.CharField(label="Tìm theo mã, tên", required=False, max_length=100)
    defaults = {"status": STATUS_ACTIVE, "kind": "", "q": ""}

    def clean_q(self):
        return formatting.nfc(self.cleaned_data.get("q") or "").strip()


class PeriodFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    type = forms.ChoiceField(label="Loại kỳ", choices=[("", "Tất cả các loại kỳ")] + PeriodType.choices, required=False)
    defaults = {"year": None, "type": ""}

    def __init__(self, data=None, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]


class DocumentSearchForm(FilterForm):
    q = forms.CharField(
        label="Tìm kiếm",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Số, ký hiệu hoặc trích yếu, ví dụ 05/2021/QĐ-UBND"}),
    )
    doc_type = forms.ChoiceField(label="Loại văn bản", choices=[("", "Tất cả các loại")] + DocumentType.choices, required=False)
    year = forms.TypedChoiceField(label="Năm ban hành", coerce=int, required=False, empty_value=None)
    defaults = {"q": "", "doc_type": "", "year": None}

    def __init__(self, data=None, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]

    def clean_q(self):
        return formatting.nfc(self.cleaned_data.get("q") or "").strip()


# ---------------------------------------------------------------------------------------------
# Choosing a legal document in a form: a province has thousands, so the select holds only the
# newest ones (and the chosen one) and a search box above it asks the server for matches.
# ---------------------------------------------------------------------------------------------

DOCUMENT_OPTIONS_SHOWN = 30


def document_label(doc):
    if doc.issued_on:
        return f"{doc.short_citation()} ngày {formatting.short_date(doc.issued_on)}"
    return doc.short_citation()


class _NewestDocuments(ModelChoiceIterator):
    """Renders the newest documents only; validation still accepts any of the field's queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for doc in self.queryset[:DOCUMENT_OPTIONS_SHOWN]:
            yield self.choice(doc)

    def __len__(self):
        return min(self.queryset.count(), DOCUMENT_OPTIONS_SHOWN) + (self.field.empty_label is not None)


class DocumentSelect(forms.Select):
    template_name = "includes/document_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        params = {"truong": name}
        if not self.is_required:
            params["trong"] = 1
        context["widget"]["search_url"] = f"{reverse('document_options')}?{urlencode(params)}"
        return context

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        shown = {str(option["value"]) for _group, options, _index in groups for option in options}
        missing = [v for v in value if v and str(v).isdigit() and str(v) not in shown]
        if missing:  # the chosen document is older than the newest ones: show it first
            chosen = [self.create_option(name, doc.pk, document_label(doc), True, 0)
                      for doc in self.choices.queryset.filter(pk__in=missing)]
            groups.insert(1 if self.choices.field.empty_label is not None else 0, (None, chosen, 0))
        return groups


class DocumentChoiceField(forms.ModelChoiceField):
    widget = DocumentSelect
    iterator = _NewestDocuments

    def label_from_instance(self, obj):
        return document_label(obj)
