"""Pickers that scale: a unit, a person or a decision chosen among thousands.

A picker is a <select> that holds the whole list only when it is short (≤ `full_list_max()`
entries, grouped and ordered); otherwise only the blank and the chosen value(s), with a search box
above it that asks `/chon/<source>/` (htmx, `core.views.picker_options`) for at most
`PICKER_OPTIONS_SHOWN` matches. Validation always runs on the field's whole queryset — the user's
scope — so a value outside it posted by hand is refused with the field's Vietnamese message.

A *source* says who may look up what: `register(Source(...))`. Core registers the units a user reads
(`don-vi`); an app registers its own in `<app>/pickers.py` (found by `core.discovery`), e.g. the people
a user sees by name (staffing) or the award decisions (emulation).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from core import search
from core.access import READ

PICKER_OPTIONS_SHOWN = 40  # a lookup answers at most this many matches


def full_list_max():
    """Up to this many choices a picker renders them all (no search needed); beyond, only the chosen."""
    return getattr(settings, "PICKER_FULL_LIST_MAX", 100)


@dataclass
class Source:
    key: str  # the URL slug: /chon/<key>/
    noun: str  # «đơn vị», «người», … in the messages
    queryset: Callable  # scope -> what the user may pick
    search_fields: tuple = ()
    exact_fields: tuple = ()  # codes: matched from their start, as typed
    label: Callable = str
    arrange: Callable = None  # objects -> [(group label or None, [objects])]
    value_fields: tuple = ("pk",)  # what an option's value may be (the field's `to_field_name`)
    allowed: Callable = None  # scope -> may look up at all (default: anyone signed in)
    placeholder: str = ""

    def search(self, qs, q):
        return search.folded_match(qs, list(self.search_fields), q, exact=list(self.exact_fields))

    def groups(self, objects, *, whole=False):
        """Objects grouped and ordered; `whole`: they are all the user may pick (no lookup of the rest)."""
        if self.arrange is None:
            return [(None, list(objects))] if objects else []
        return self.arrange(list(objects), whole=whole)


SOURCES = {}
_discovered = False


def register(source):
    SOURCES[source.key] = source
    return source


def get_source(key):
    global _discovered
    if not _discovered:  # the apps' pickers.py register their sources on import
        from core.discovery import app_modules

        for _config, _module in app_modules("pickers", exclude=("core",)):
            pass
        _discovered = True
    return SOURCES.get(key)


def options(source, scope, *, q="", chosen=(), value_field="pk", limit=PICKER_OPTIONS_SHOWN):
    """(chosen objects, grouped matches [(group, [objects])], how many matches were left out)."""
    qs = source.queryset(scope)
    chosen = [c for c in chosen if c]
    chosen_objects = list(qs.filter(**{f"{value_field}__in": _valid(chosen, value_field)})) if chosen else []
    matches = source.search(qs, q)
    if chosen_objects:
        matches = matches.exclude(pk__in=[o.pk for o in chosen_objects])
    found = list(matches[: limit + 1])
    more = 0
    if len(found) > limit:
        found = found[:limit]
        more = matches.count() - limit
    return chosen_objects, source.groups(found), more


def _valid(values, value_field):
    if value_field == "pk":
        return [v for v in map(str, values) if v.isdigit()]
    return [str(v) for v in values]


# ---------------------------------------------------------------------------------------------
# Units: in tree order, grouped by kind
# ---------------------------------------------------------------------------------------------


def tree_rank(rows=None):
    """{unit pk: its position in the tree} (parent before children, siblings by sort order and
    name). `rows` (pk, parent_id, sort_order, name): by default every unit, one narrow query."""
    from core.models import OrgUnit

    if rows is None:
        rows = list(OrgUnit.objects.values_list("pk", "parent_id", "sort_order", "name"))
    ids = {pk for pk, *_ in rows}
    children, roots = defaultdict(list), []
    for row in sorted(rows, key=lambda r: (r[2], r[3], r[0])):
        (children[row[1]] if row[1] in ids and row[1] != row[0] else roots).append(row[0])
    rank, stack = {}, list(reversed(roots))
    while stack:
        pk = stack.pop()
        if pk in rank:
            continue
        rank[pk] = len(rank)
        stack.extend(reversed(children.get(pk, ())))
    return rank


def arrange_units(units, *, whole=False):
    """Units grouped by kind (in the kinds' order), each group in tree order. `whole`: the units are a
    user's whole reach (subtrees), ordered among themselves without reading the rest of the tree."""
    from core.models import OrgUnitKind

    if not units:
        return []
    if len(units) == 1:
        rank = {}
    elif whole:
        rank = tree_rank([(u.pk, u.parent_id, u.sort_order, u.name) for u in units])
    else:
        rank = tree_rank()
    kinds = {value: i for i, value in enumerate(OrgUnitKind.values)}
    by_kind = defaultdict(list)
    for unit in units:
        by_kind[unit.kind].append(unit)
    labels = dict(OrgUnitKind.choices)
    return [(labels.get(kind, kind), sorted(by_kind[kind], key=lambda u: (rank.get(u.pk, 0), u.name)))
            for kind in sorted(by_kind, key=lambda k: kinds.get(k, 99))]


def unit_label(unit):
    from core import formatting
    from core.models import FOREVER

    if unit.valid_to != FOREVER:
        return f"{unit.name} (đến {formatting.short_date(unit.valid_to)})"
    return unit.name


def unit_source(key, units_for, **kwargs):
    """A source of units: `units_for(scope)` the queryset; searched by name, short name and code."""
    options = {"noun": "đơn vị", "search_fields": ("name", "short_name"), "exact_fields": ("code",),
               "label": unit_label, "arrange": arrange_units, "value_fields": ("pk", "code"),
               "placeholder": "Gõ tên hoặc mã đơn vị để tìm"} | kwargs
    return register(Source(key, queryset=units_for, **options))


UNITS = unit_source("don-vi", lambda scope: scope.units(READ))


# ---------------------------------------------------------------------------------------------
# Widgets and fields
# ---------------------------------------------------------------------------------------------


def options_html(optgroups):
    """The <optgroup>s and <option>s of `optgroups`, written as Django's select templates write them
    but without one template include per option (a list of 100 units spent more time in those
    includes than in its query). Each option ends with the newline Django's option template ends with."""
    parts = []
    for group, options, _index in optgroups:
        if group:
            parts.append(format_html('\n  <optgroup label="{}">', group))
        parts.extend(format_html('\n  <option value="{}"{}>{}</option>\n', str(o["value"]),
                                 mark_safe(" selected") if o["selected"] else "", o["label"]) for o in options)
        if group:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


class PickerSelect(forms.Select):
    """The <select> of a picker (see the module docstring); `source` is a registered source's key."""

    template_name = "includes/picker_select.html"
    option_template_name = "django/forms/widgets/select_option.html"

    def __init__(self, source="don-vi", attrs=None):
        super().__init__(attrs)
        self.source = source

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.source = self.source
        return copy

    def _field(self):
        return getattr(self.choices, "field", None)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field = self._field()
        source = get_source(self.source)
        widget["searchable"] = getattr(self, "_searchable", False)
        widget["total"] = getattr(self, "_total", 0)
        widget["noun"] = source.noun if source else ""
        widget["placeholder"] = source.placeholder if source else ""
        params = {"truong": name}
        if field is not None and getattr(field, "empty_label", None) is not None and not self.allow_multiple_selected:
            params["trong"] = field.empty_label
        if field is not None and getattr(field, "to_field_name", None):
            params["khoa"] = field.to_field_name
        widget["search_url"] = f"{reverse('picker_options', args=[self.source])}?{urlencode(params)}"
        widget["options_html"] = options_html(widget["optgroups"])
        return context

    def optgroups(self, name, value, attrs=None):
        field = self._field()
        if field is None:  # not bound to a picker field: an ordinary select
            return super().optgroups(name, value, attrs)
        source = get_source(self.source)
        value_field = field.to_field_name or "pk"
        qs = field.queryset
        limit = full_list_max()
        objects = list(qs[: limit + 1])  # as many queries as a plain select when the list is short
        self._searchable = len(objects) > limit
        self._total = qs.count() if self._searchable else len(objects)
        chosen = {str(v) for v in value if v not in (None, "")}
        if self._searchable:
            objects = list(qs.filter(**{f"{value_field}__in": _valid(chosen, value_field)})) if chosen else []
        groups, index = [], 0
        empty_label = getattr(field, "empty_label", None)
        if empty_label is not None and not self.allow_multiple_selected:
            groups.append((None, [self.create_option(name, "", empty_label, not chosen, index)], index))
            index += 1
        label = field.label_from_instance
        for group, members in (source.groups(objects, whole=not self._searchable) if source else [(None, objects)]):
            items = []
            for obj in members:
                key = str(getattr(obj, value_field) if value_field != "pk" else obj.pk)
                items.append(self.create_option(name, key, label(obj), key in chosen, index, subindex=len(items)))
            groups.append((group, items, index))
            index += 1
        return groups


class PickerSelectMultiple(PickerSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        try:
            getter = data.getlist
        except AttributeError:
            getter = data.get
        return getter(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an unselected multiple select sends nothing


class _NoIteration(forms.models.ModelChoiceIterator):
    """The picker widget reads the queryset itself (grouped, or only the chosen); nobody else lists it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)

    def __len__(self):
        return int(self.field.empty_label is not None)


class PickerChoiceField(forms.ModelChoiceField):
    """One object from a source (default: a unit the user reads); refused when outside the queryset."""

    iterator = _NoIteration
    source = "don-vi"

    def __init__(self, queryset, *, source=None, **kwargs):
        source = source or self.source
        kwargs.setdefault("widget", PickerSelect(source))
        super().__init__(queryset, **kwargs)
        self.source = source
        get_source(source)

    def label_from_instance(self, obj):
        found = get_source(self.source)
        return found.label(obj) if found else str(obj)


class PickerMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _NoIteration
    source = "don-vi"

    def __init__(self, queryset, *, source=None, **kwargs):
        source = source or self.source
        kwargs.setdefault("widget", PickerSelectMultiple(source, attrs={"size": 8}))
        super().__init__(queryset, **kwargs)
        self.source = source

    def label_from_instance(self, obj):
        found = get_source(self.source)
        return found.label(obj) if found else str(obj)


class UnitCodeField(PickerChoiceField):
    """A unit chosen by code among `set_units(...)`; cleans to the code ("" when none) for views
    that work with codes (list filters, assignments)."""

    def __init__(self, *, label="Đơn vị", empty_label="— Chọn đơn vị —", source="don-vi", **kwargs):
        from core.models import OrgUnit

        super().__init__(OrgUnit.objects.none(), source=source, label=label, empty_label=empty_label,
                         to_field_name="code", **kwargs)

    def set_units(self, units):
        """`units`: a queryset, or the list a view already holds."""
        from core.models import OrgUnit

        if hasattr(units, "filter"):
            self.queryset = units
        else:
            self.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])

    def clean(self, value):
        unit = super().clean(value)
        return unit.code if unit is not None else ""


class UnitFilterField(UnitCodeField):
    """A list filter's unit: optional, «Tất cả đơn vị» by default."""

    def __init__(self, *, empty_label="Tất cả đơn vị", **kwargs):
        super().__init__(empty_label=empty_label, required=False, **kwargs)
