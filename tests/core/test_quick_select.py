"""Filter selects are built in Python (issue 17: the register list's unit filter has ~1,000 options
and the template renderer spent ~1 ms on each); the HTML is the one Django's widget renders."""

from django import forms
from django.test.signals import template_rendered

from core.forms import FilterForm, QuickSelect

CHOICES = [("", "Tất cả"), ("X<1", 'Xã <Một> & "hai"'), ("G", [("1", "một"), ("2", "hai")]), ("3", "ba")]


class _Plain(forms.Form):
    a = forms.ChoiceField(choices=CHOICES, required=False)
    b = forms.ChoiceField(choices=CHOICES)


class _Filter(FilterForm):
    a = forms.ChoiceField(choices=CHOICES, required=False)
    b = forms.ChoiceField(choices=CHOICES)


def test_a_filter_select_renders_as_django_s_widget():
    for data in (None, {"a": "X<1", "b": "2"}, {"a": "không có"}):
        plain, quick = _Plain(data), _Filter(data)
        for name in ("a", "b"):
            assert isinstance(quick.fields[name].widget, QuickSelect)
            plain.fields[name].widget.attrs["class"] = "form-select"
            assert str(quick[name]) == str(plain[name])


def test_a_long_filter_select_renders_no_template_per_option():
    """A filter with ~1,000 plain choices (the units' long lists are pickers, core.pickers) costs no
    template render per option."""

    class _Long(FilterForm):
        unit = forms.ChoiceField(choices=[("", "Tất cả")] + [(f"X{i:04d}", f"Xã {i}") for i in range(1000)],
                                 required=False)

    form = _Long({"unit": "X0500"})
    rendered = []

    def seen(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        html = str(form["unit"])
    finally:
        template_rendered.disconnect(seen)
    assert html.count("<option") == 1001 and '<option value="X0500" selected>Xã 500</option>' in html
    assert rendered.count("django/forms/widgets/select_option.html") == 0
