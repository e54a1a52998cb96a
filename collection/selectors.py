"""Reads of the collection core. Reports use `aggregate` only; pages use the rest."""

import datetime
import operator
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import compress

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils import timezone

from collection.models import Aggregation, CategoryOption, DataElement, DataSet, DataValue, Status, Submission
from core import generations
from core.access import APPROVE, READ, WRITE, scope_for
from core.models import OrgUnit, OrgUnitAncestry, Period, Role

# ---------------------------------------------------------------------------------------------
# The read API for reports
# ---------------------------------------------------------------------------------------------

APPROVED_ONLY = (Status.APPROVED,)
ALL_SUBMITTED = (Status.SUBMITTED, Status.APPROVED)


def aggregate(data_set, period, root, statuses=APPROVED_ONLY):
    """Values of `data_set` for `period` over `root`'s subtree (as it stood during the period).

    Returns {(element_code, option_code or None): Decimal}; the (code, None) key of a
    disaggregated element is its total over options. Elements aggregate by their own rule
    (sum or average); "none" elements are left out. Approved data only unless told otherwise.
    """
    if isinstance(data_set, str):
        data_set = DataSet.objects.get(code=data_set)
    units = OrgUnit.objects.descendants_of(root, during=(period.start, period.end))
    # Elements and options by id, read apart (small tables): joined into the values query they were
    # planned right after a bulk load as «every element × every form» (458.000 probes at 10.000 units);
    # "none" elements are dropped here (a list of ids in SQL cost one index probe per id and form).
    elements = {pk: (code, rule) for pk, code, rule in
                DataElement.objects.exclude(aggregation=Aggregation.NONE).values_list("pk", "code", "aggregation")}
    rows = list(
        DataValue.objects.filter(
            submission__data_set=data_set,
            submission__period=period,
            submission__unit__in=units,
            submission__status__in=statuses,
            numeric_value__isnull=False,
        )
        .values_list("element_id", "option_id")
        .annotate(total=Sum("numeric_value"), mean=Avg("numeric_value"))
        .order_by()
    )
    options = dict(CategoryOption.objects.filter(pk__in={o for _e, o, _t, _m in rows if o is not None})
                   .values_list("pk", "code")) if rows else {}
    result = {}
    option_totals = defaultdict(Decimal)
    for element_id, option_id, total, mean in rows:
        if element_id not in elements:
            continue
        code, rule = elements[element_id]
        option = options.get(option_id)
        value = Decimal(total if rule == Aggregation.SUM else mean)
        result[(code, option)] = value
        if option is not None and rule == Aggregation.SUM:
            option_totals[code] += value
    for code, total in option_totals.items():
        result.setdefault((code, None), total)
    return result


def _expected_under(data_set, period, root, statuses):
    """(expected unit ids under `root`, ids of those that sent in `statuses`): three single-table reads
    combined in Python. Joined in SQL, the planner right after a bulk load (or with another table's
    statistics) could re-read the subtree or the sent forms once per expected unit."""
    under = set(OrgUnitAncestry.objects.filter(ancestor=root, valid_from__lte=period.end, valid_to__gte=period.start)
                .values_list("descendant_id", flat=True))
    expected = set(data_set.expected_units(period).values_list("pk", flat=True)) & under
    sent = set(Submission.objects.filter(data_set=data_set, period=period, status__in=statuses)
               .values_list("unit_id", flat=True)) & expected
    return expected, sent


def coverage(data_set, period, root, statuses=ALL_SUBMITTED):
    """(covered, expected) units of `data_set` for `period` under `root` (the tree as it stood then):
    expected = the units that must report it, covered = those with a submission in `statuses`."""
    if isinstance(data_set, str):
        data_set = DataSet.objects.get(code=data_set)
    expected, sent = _expected_under(data_set, period, root, statuses)
    return len(sent), len(expected)


def missing_units(data_set, period, root, statuses=ALL_SUBMITTED):
    """The expected units of `data_set` under `root` with no submission in `statuses`, in tree order."""
    expected, sent = _expected_under(data_set, period, root, statuses)
    return list(OrgUnit.objects.filter(pk__in=sorted(expected - sent)).order_by("sort_order", "name"))


def unit_values(data_set, period, root, element_codes=None, statuses=APPROVED_ONLY):
    """Per-unit values, for footnotes that list units: {element_code: [(unit, option_code, value)]}."""
    units = OrgUnit.objects.descendants_of(root, during=(period.start, period.end))
    qs = DataValue.objects.filter(
        submission__data_set=data_set, submission__period=period, submission__unit__in=units,
        submission__status__in=statuses, numeric_value__isnull=False,
    ).order_by("submission__unit__sort_order", "submission__unit__name")
    # Element and option codes by id, read apart: joined in, the elements were planned right after a
    # bulk load as «every element × every form» (300.000 probes at 10.000 units).
    elements = DataElement.objects.all()
    if element_codes:
        elements = elements.filter(code__in=element_codes)
    codes = dict(elements.values_list("pk", "code"))
    if element_codes:
        qs = qs.filter(element_id__in=list(codes))
    # Plain rows and one unit object per unit: a value, its form, unit, element and option as
    # model objects were 2/3 of a six-month build at 3.000 units (5 objects per value).
    rows = list(qs.values_list("element_id", "submission__unit_id", "option_id", "numeric_value"))
    options = dict(CategoryOption.objects.filter(pk__in={o for _e, _u, o, _v in rows if o is not None})
                   .values_list("pk", "code")) if rows else {}
    units_by_id = OrgUnit.objects.in_bulk({unit_id for _code, unit_id, _option, _value in rows})
    out = defaultdict(list)
    for element_id, unit_id, option_id, value in rows:
        out[codes[element_id]].append((units_by_id[unit_id], options.get(option_id), value))
    return dict(out)


def unit_figures(data_set, period, root, element_codes=None, statuses=APPROVED_ONLY):
    """`unit_values` as plain rows, for pages that only add figures up per unit (the CCHC dashboard):
    {element_code: [(unit_id, option_code, value)]} in tree order. One query, no model objects —
    at a province's ~1,000 units the objects cost more than the query."""
    units = OrgUnit.objects.descendants_of(root, during=(period.start, period.end))
    qs = DataValue.objects.filter(
        submission__data_set=data_set, submission__period=period, submission__unit__in=units,
        submission__status__in=statuses, numeric_value__isnull=False,
    ).order_by("submission__unit__sort_order", "submission__unit__name")
    if element_codes:
        qs = qs.filter(element__code__in=element_codes)
    out = defaultdict(list)
    for code, unit_id, option, value in qs.values_list("element__code", "submission__unit_id", "option__code", "numeric_value"):
        out[code].append((unit_id, option, value))
    return dict(out)


# ---------------------------------------------------------------------------------------------
# The data-entry form
# ---------------------------------------------------------------------------------------------


@dataclass
class FormCell:
    element: object
    option: object
    value: str = ""
    comment: str = ""
    # Set by the entry page (a refused save, a conflict, broken rules). Present on every cell: a
    # template lookup of a missing attribute raises and calls dir() — ~800 times on a form's page.
    error: str = ""
    conflict: str = ""
    notice: str = ""
    rules: tuple = ()
    rule_state: str = ""
    rule_ids: str = ""

    # Read several times per cell by the entry page: worked out once.
    @cached_property
    def name(self):
        return f"v-{self.element.pk}-{self.option.pk if self.option else 0}"

    @cached_property
    def note_name(self):
        return f"c-{self.element.pk}-{self.option.pk if self.option else 0}"

    @cached_property
    def column(self):
        """The cell's column heading: its option, or «Số liệu» for an element without options."""
        return self.option.name if self.option else "Số liệu"

    @cached_property
    def label(self):
        """What a screen reader says of the cell: the element, and its option when it has one."""
        return f"{self.element.name} — {self.option.name}" if self.option else self.element.name


@dataclass
class FormRow:
    element: object
    cells: list
    has_error: bool = False

    @property
    def is_boolean(self):
        return self.element.value_type == "boolean"


@dataclass
class FormSection:
    section: object
    columns: list  # options (or [None] when the section has no disaggregation)
    rows: list = field(default_factory=list)

    @property
    def single_column(self):
        """One value column (no disaggregation): the page puts each cell's note beside it."""
        return len(self.columns) == 1


# A form's structure (sections, elements, options, rules) changes when the catalogue is edited, not
# when units enter figures: each process keeps it, keyed by a generation (core.generations) that
# every save or delete of these models bumps (`connect`, from apps.ready), so an edit in the admin
# or a catalogue load shows on the next page in every process. A write that bypasses the signals
# (`QuerySet.update` in a shell) is seen within STRUCTURE_SECONDS, when a kept structure is read again.
STRUCTURE_KEY = "gen:collection:structure"
STRUCTURE_SECONDS = 300
STRUCTURE_MODELS = ("categorycombo", "categoryoption", "dataelement", "dataset", "section", "sectionelement",
                    "validationrule")
STRUCTURES_KEPT = 64


@dataclass(frozen=True)
class FormStructure:
    """What `form_layout` and `services.run_rules` read of a data set. Shared by every request of the
    process: read it, never change it (the layout's cells are built afresh from it per request)."""

    placements: tuple  # SectionElement with section, element and combo, in form order
    options: dict  # combo id → [CategoryOption] in order
    rules: tuple  # ValidationRule of the data set
    names: object  # rules_text.reference_names of those rules


_structures = {}
_structures_lock = threading.Lock()


def form_structure(data_set):
    """The data set's `FormStructure`, read from the database once per process and generation."""
    key = (data_set.pk, generations.current([STRUCTURE_KEY])[0])
    kept = _structures.get(key)
    now = time.monotonic()
    if kept is not None and now - kept[1] < STRUCTURE_SECONDS:
        return kept[0]
    found = _read_structure(data_set)
    with _structures_lock:
        _structures.pop(key, None)
        _structures[key] = (found, now)
        while len(_structures) > STRUCTURES_KEPT:
            _structures.pop(next(iter(_structures)))  # the oldest: dicts keep insertion order
    return found


def _read_structure(data_set):
    """Five queries: the placements with their sections, elements and combos; the options; the
    rules; the elements and options the rules name."""
    from collection import rules as rules_text
    from collection.models import SectionElement

    placements = tuple(
        SectionElement.objects.filter(section__data_set=data_set)
        .select_related("section", "element", "element__combo")
        .order_by("section__sort_order", "section__id", "sort_order", "id")
    )
    combo_ids = {p.element.combo_id for p in placements if p.element.combo_id}
    options = defaultdict(list)
    for option in CategoryOption.objects.filter(combo_id__in=combo_ids).order_by("sort_order", "id"):
        options[option.combo_id].append(option)
    rules = tuple(data_set.rules.all())
    return FormStructure(placements=placements, options=dict(options), rules=rules,
                         names=rules_text.reference_names(rules))


def _structure_changed(sender, **kwargs):
    generations.bump(STRUCTURE_KEY)


def _units_changed(sender, action, **kwargs):
    if action in generations.LINK_CHANGES:
        generations.bump(STRUCTURE_KEY)


def connect():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from core.imports.signals import rows_written

    # The units a form names (`DataSet.units`) are the pending forms' plan: `add()`/`set()` send no post_save.
    m2m_changed.connect(_units_changed, sender=DataSet.units.through, dispatch_uid="collection.structure.units")
    for name in STRUCTURE_MODELS:
        model = apps.get_model("collection", name)
        post_save.connect(_structure_changed, sender=model, dispatch_uid=f"collection.structure.saved.{name}")
        post_delete.connect(_structure_changed, sender=model, dispatch_uid=f"collection.structure.deleted.{name}")
        rows_written.connect(_structure_changed, sender=model, dispatch_uid=f"collection.structure.imported.{name}")


def form_layout(data_set):
    """Sections → rows (elements) → cells (options): the paper form's shape, new objects on every
    call (the page marks its cells) over the process's `form_structure`."""
    structure = form_structure(data_set)
    sections = {}
    for p in structure.placements:
        fs = sections.get(p.section_id)
        if fs is None:
            fs = sections[p.section_id] = FormSection(section=p.section, columns=[])
        element_options = structure.options.get(p.element.combo_id) or [None]
        for option in element_options:
            if option not in fs.columns:
                fs.columns.append(option)
        fs.rows.append(FormRow(element=p.element, cells=[FormCell(p.element, o) for o in element_options]))
    return list(sections.values())


def share_layout_objects(layout, values):
    """Give each value its element and option from the layout (read with it) instead of joining them
    into the values' query: ~200 model objects fewer on a form's page. A value of an element no longer
    on the form keeps loading its own when asked."""
    elements = {row.element.pk: row.element for section in layout for row in section.rows}
    options = {option.pk: option for section in layout for option in section.columns if option is not None}
    for value in values:
        element = elements.get(value.element_id)
        if element is not None:
            value.element = element
        option = options.get(value.option_id) if value.option_id is not None else None
        if option is not None:
            value.option = option


def fill_layout(layout, submission):
    """Put the submission's values into the layout's cells (one query)."""
    from collection.services import display_value

    values = {(v.element_id, v.option_id): v for v in submission.values.all()} if submission.pk else {}
    for section in layout:
        for row in section.rows:
            by_option = {c.option.pk if c.option else None: c for c in row.cells}
            row.cells = [by_option.get(o.pk if o else None) for o in section.columns]
            for cell in row.cells:
                if cell is None:
                    continue
                stored = values.get((cell.element.pk, cell.option.pk if cell.option else None))
                if stored is not None:
                    cell.value = display_value(cell.element, stored.value)
                    cell.comment = stored.comment
    return layout


# ---------------------------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------------------------


@dataclass
class CompletenessRow:
    unit: OrgUnit
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0
    has_children: bool = False
    status: str = ""  # the unit's own status label when it is itself expected
    submission: object = None

    def percent(self, part):
        return round(100 * part / self.expected, 1) if self.expected else None

    @property
    def submitted_pct(self):
        return self.percent(self.submitted)

    @property
    def on_time_pct(self):
        return self.percent(self.on_time)

    @property
    def approved_pct(self):
        return self.percent(self.approved)


def _deadline_end(data_set, period):
    """The deadline as an aware datetime at the end of that day, local time."""
    day = data_set.deadline_for(period) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _plain_rows(queryset):
    """The rows of a `values_list` queryset as plain tuples in one fetch: no model objects and no
    per-row iteration through the ORM (at 10.000 units that iteration cost more than the query)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter on an empty list: nothing to ask
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ids(queryset):
    """A one-column `values_list` queryset as a set."""
    return {row[0] for row in _plain_rows(queryset)}


def reads_whole_subtree(scope, unit, period):
    """Does the user read every unit under `unit` during `period`? An admin does; so does anyone with
    a reading root above (or at) `unit` for the whole period: whatever was under `unit` at some time
    in it was under that root then. Saves reading the user's reach unit by unit."""
    if scope.is_admin:
        return True
    roots = scope.roots(READ)
    return bool(roots) and OrgUnitAncestry.objects.filter(
        descendant=unit, ancestor_id__in=roots, valid_from__lte=period.start, valid_to__gte=period.end).exists()


def _root_tops(scope, period):
    """The top of a (non-admin) user's reach during `period` read from the reading roots alone, or
    None when that shortcut does not hold. Every visible unit lies under a root, so when each root
    is itself active and visible during the period the tops are the roots with no visible unit above
    them; a few small reads instead of the whole reach, every unit's parent and every active unit."""
    if scope.is_admin:
        return None
    roots = scope.roots(READ)
    if not roots:
        return None
    overlap = Q(valid_from__lte=period.end, valid_to__gte=period.start)
    if _ids(OrgUnit.objects.active_during(period.start, period.end).filter(pk__in=roots).values_list("pk").order_by()) != roots:
        return None  # a closed root: the units it reached are tops in its place (the general way)
    ups = _plain_rows(OrgUnitAncestry.objects.filter(overlap, descendant__in=roots, depth__gt=0)
                      .values_list("ancestor_id", "descendant_id").order_by())
    candidates = roots | {a for a, _d in ups}
    # Visible: under a root during the period (a root itself by its depth-0 link), and active.
    visible = _ids(OrgUnitAncestry.objects.filter(overlap, ancestor__in=roots, descendant__in=candidates)
                   .values_list("descendant_id").order_by())
    if not roots <= visible:
        return None
    above = {a for a, _d in ups if a in visible}
    if above:
        visible -= above - _ids(OrgUnit.objects.active_during(period.start, period.end).filter(pk__in=above)
                                .values_list("pk").order_by())
    return roots - {d for a, d in ups if a in visible}


def completeness(data_set, period, user, parent=None):
    """The completeness grid one level below `parent` (default: the top of the user's scope).

    Returns (parent_or_None, total_row, rows). A fixed number of queries whatever the tree size,
    each reading one table by its own conditions; the sets (units visible, expected, their forms)
    are joined here, linear in the units read. Why: right after a bulk load (no statistics yet) any
    join into the ancestry table by descendant was planned as a nested loop that re-read the whole
    subtree per unit (a BitmapAnd of its two indexes): minutes at 10.000 units. The large reads
    (the expected units, the forms sent, the links under the rows) are one column or two, fetched
    as plain rows and counted with set operations: at 10.000 units the ORM's rows cost more than SQL.
    """
    scope = scope_for(user)
    during = (period.start, period.end)
    overlap = Q(valid_from__lte=period.end, valid_to__gte=period.start)
    expected = _ids(data_set.expected_units(period).values_list("pk").order_by())  # active, by kind or by name

    tops = None if parent is not None else _root_tops(scope, period)
    if tops is not None:
        # Every unit under a reading root during the period is visible: no reach to read.
        child_ids, counted = tops, expected
    elif parent is None:
        # The top of the scope: visible units with no visible unit above them during the period.
        # A unit whose parent is visible is not a top; the few others are checked against every
        # unit above them (a visible grandparent over a parent out of scope).
        active = _ids(OrgUnit.objects.active_during(*during).values_list("pk").order_by())
        visible = active if scope.is_admin else scope.unit_ids(READ, during=during) & active
        parents = _plain_rows(OrgUnitAncestry.objects.filter(overlap, depth=1).values_list("ancestor_id", "descendant_id").order_by())
        child_ids = visible - {d for a, d in parents if a in visible}
        above = OrgUnitAncestry.objects.filter(overlap, depth__gt=1, descendant__in=list(child_ids))
        child_ids -= {d for a, d in _plain_rows(above.values_list("ancestor_id", "descendant_id").order_by()) if a in visible}
        counted = expected & visible
    else:
        children = _ids(OrgUnitAncestry.objects.filter(overlap, ancestor=parent, depth=1).values_list("descendant_id").order_by())
        if reads_whole_subtree(scope, parent, period):
            child_ids, counted = children, expected
        else:
            visible = scope.unit_ids(READ, during=during)
            child_ids, counted = children & visible, expected & visible
    rows = {u.pk: CompletenessRow(unit=u) for u in OrgUnit.objects.active_during(*during).filter(pk__in=child_ids)
            .order_by("sort_order", "name")}

    deadline = _deadline_end(data_set, period)
    forms = _plain_rows(  # only the forms that count: submitted or approved
        Submission.objects.filter(data_set=data_set, period=period, status__in=ALL_SUBMITTED)
        .annotate(on_time=ExpressionWrapper(Q(first_submitted_at__lt=deadline), output_field=BooleanField()))
        .values_list("unit_id", "status", "on_time").order_by())
    # Counted with C-level iteration (map/compress over sets): a Python loop over 10.000 links was
    # a fifth of the page.
    units, statuses, in_time = zip(*forms) if forms else ((), (), ())
    submitted = counted.intersection(units)
    approved = counted.intersection(compress(units, map(Status.APPROVED.value.__eq__, statuses)))
    on_time = counted.intersection(compress(units, in_time))
    # A set: a link can have several spans in the period. A row with any unit under it has a child.
    links = set(_plain_rows(OrgUnitAncestry.objects.filter(overlap, ancestor__in=list(rows))
                            .values_list("ancestor_id", "descendant_id").order_by()))
    ancestors, descendants = zip(*links) if links else ((), ())
    with_children = set(compress(ancestors, map(operator.ne, ancestors, descendants)))
    counts = {name: Counter(compress(ancestors, map(among.__contains__, descendants)))
              for name, among in (("expected", counted), ("submitted", submitted), ("approved", approved),
                                  ("on_time", on_time))}
    own = {s.unit_id: s for s in Submission.objects.filter(data_set=data_set, period=period, unit__in=list(rows))}
    total = CompletenessRow(unit=parent)
    for r in rows.values():
        unit_id = r.unit.pk
        r.expected, r.submitted = counts["expected"][unit_id], counts["submitted"][unit_id]
        r.approved, r.on_time = counts["approved"][unit_id], counts["on_time"][unit_id]
        r.has_children = unit_id in with_children
        if unit_id in expected:
            s = own.get(unit_id)
            r.submission = s
            r.status = s.get_status_display() if s else "Chưa nhập"
        total.expected += r.expected
        total.submitted += r.submitted
        total.on_time += r.on_time
        total.approved += r.approved
    return parent, total, list(rows.values())


# ---------------------------------------------------------------------------------------------
# Officer's dashboard: pending forms and deadlines
# ---------------------------------------------------------------------------------------------


@dataclass
class PendingForm:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    deadline: datetime.date
    status: str
    status_label: str
    return_reason: str = ""

    @property
    def overdue(self):
        return self.deadline < timezone.localdate()


def open_periods(period_type, today=None, grace_days=30):
    """Periods a unit may still be working on: started, and deadline not long past."""
    today = today or timezone.localdate()
    return Period.objects.filter(type=period_type, start__lte=today, deadline__gte=today - datetime.timedelta(days=grace_days))


def ever_reached(scope, action):
    """The units `scope`'s roles for `action` reached at any time (None for an admin: everything).

    Only a narrowing put before `scope.filter(..., during=(row fields))`, which still decides: that
    filter checks each row's period against the tree links, row by row over every form of the
    province (43 ms for a commune's 14 forms among 22,000); this indexed semi-join leaves it the
    unit's own rows (0,8 ms)."""
    if scope.is_admin:
        return None
    return scope.units(action, during=(datetime.date.min, datetime.date.max)).values("pk")


def reached_forms(scope, queryset, action):
    """`queryset` (submissions) restricted to the forms `scope` may act on during their period."""
    ever = ever_reached(scope, action)
    if ever is not None:
        queryset = queryset.filter(unit__in=ever)
    return scope.filter(queryset, action, during=("period__start", "period__end"))


# What `pending_forms` reads that changes only with the unit tree and roles (core) and the forms'
# settings (STRUCTURE_KEY): which forms and periods are open, and which units each period's forms
# are expected from. Kept per user and day, so a page asks the database only for those forms'
# statuses (the forms list: ~20 of its ~40 ms for an officer under bench/pages.py). It only lists
# forms; opening one checks access again, so an entry kept a little long shows a form, never opens it.
PENDING_PLAN_SECONDS = 60


@dataclass(frozen=True)
class PendingPlan:
    data_sets: tuple  # the active DataSets
    periods_by_type: dict  # period type → [Period] open today
    reported_by: dict  # data set pk → (reporting kinds, pks of the units it names)
    candidates: dict  # period pk → [unit pk]: in reach during it, existing today, expected by a form of its type
    officer_units: frozenset  # the units under the user's officer memberships


def pending_plan(user, today):
    scope = scope_for(user).as_of(today)
    return generations.kept(f"pending-plan:{user.pk}:{int(user.is_superuser)}:{today.isoformat()}", ("core",),
                            lambda: _read_pending_plan(scope, today), PENDING_PLAN_SECONDS, keys=(STRUCTURE_KEY,))


def _read_pending_plan(scope, today):
    # Staff write the Sở's own forms, but each office is asked only for those it is assigned
    # (reviews); the other Sở-level forms belong to other offices. Officers keep all theirs.
    officer_roots = [m.unit_id for m in scope.memberships if m.role == Role.OFFICER]
    officer_units = frozenset(OrgUnit.objects.descendants_of(officer_roots).values_list("pk", flat=True)
                              if officer_roots else ())
    data_sets = tuple(DataSet.objects.filter(is_active=True))
    named = defaultdict(set)
    for data_set_id, unit_id in DataSet.units.through.objects.filter(
            dataset__in=[d.pk for d in data_sets]).values_list("dataset_id", "orgunit_id"):
        named[data_set_id].add(unit_id)
    reported_by = {d.pk: (frozenset(d.reporting_kinds or ()), frozenset(named[d.pk])) for d in data_sets}
    periods_by_type = defaultdict(list)
    for period in Period.objects.filter(type__in={d.period_type for d in data_sets}, start__lte=today,
                                        deadline__gte=today - datetime.timedelta(days=30)):
        periods_by_type[period.type].append(period)
    # One query per open period (a handful), not one per form and period: the units in reach during
    # the period (not only today), still existing today, that some form of its type expects
    # (`DataSet.expected_units`: valid during it, by kind or by name); each form picks its own.
    candidates = {}
    for period_type, periods in periods_by_type.items():
        of_type = [reported_by[d.pk] for d in data_sets if d.period_type == period_type]
        kinds = set().union(*(k for k, _n in of_type))
        names = set().union(*(n for _k, n in of_type))
        for period in periods:
            writable = scope.units(WRITE, during=period).active_on(today)
            candidates[period.pk] = list(
                OrgUnit.objects.active_during(period.start, period.end).filter(pk__in=writable.values("pk"))
                .filter(Q(kind__in=kinds) | Q(pk__in=names)).values_list("pk", flat=True))
    return PendingPlan(data_sets=data_sets, periods_by_type=dict(periods_by_type), reported_by=reported_by,
                       candidates=candidates, officer_units=officer_units)


def pending_forms(user, today=None):
    """Forms the user's units still have to send (draft or returned), with deadlines."""
    today = today or timezone.localdate()
    scope = scope_for(user).as_of(today)
    plan = pending_plan(user, today)
    officer_units = plan.officer_units
    assigned = reviewable_ids(user)
    result = []
    by_pk = OrgUnit.objects.in_bulk({pk for pks in plan.candidates.values() for pk in pks})
    candidates = {period_pk: [by_pk[pk] for pk in pks if pk in by_pk] for period_pk, pks in plan.candidates.items()}
    wanted = Q()
    for period_type, periods in plan.periods_by_type.items():
        of_type = [d.pk for d in plan.data_sets if d.period_type == period_type]
        for period in periods:
            if plan.candidates[period.pk]:
                # Its submissions, fetched with every other period's in one query below.
                wanted |= Q(period=period, data_set__in=of_type, unit__in=plan.candidates[period.pk])
    subs = {(s.data_set_id, s.period_id, s.unit_id): s for s in Submission.objects.filter(wanted)} if wanted else {}
    for data_set in plan.data_sets:
        kinds, named = plan.reported_by[data_set.pk]
        for period in plan.periods_by_type.get(data_set.period_type, ()):
            units = [u for u in candidates[period.pk] if u.kind in kinds or u.pk in named]
            if assigned is not None and data_set.pk not in assigned:
                units = [u for u in units if u.pk in officer_units]
            for unit in units:
                s = subs.get((data_set.pk, period.pk, unit.pk))
                status = s.status if s else Status.DRAFT
                if status in ALL_SUBMITTED:
                    continue
                result.append(PendingForm(
                    data_set=data_set, unit=unit, period=period, deadline=data_set.deadline_for(period),
                    status=status, status_label=s.get_status_display() if s else "Chưa nhập",
                    return_reason=s.return_reason if s and status == Status.RETURNED else "",
                ))
    # A returned form waits for its unit however old its period: it is never left out, so no page
    # says «đã gửi đủ» while one is returned.
    listed = {(p.data_set.pk, p.unit.pk, p.period.pk) for p in result}
    # The ids first, then those rows with their form, unit and period (usually none: no second
    # query). Joined into the scope-filtered query, the three tables cost more to compile and plan
    # than the rows they bring: 10–11 → 7–9 ms with none returned, the same with some.
    waiting = Submission.objects.filter(status=Status.RETURNED, data_set__is_active=True)
    returned = with_forms(reached_forms(scope, waiting, WRITE))
    for s in returned:
        if (s.data_set_id, s.unit_id, s.period_id) in listed:
            continue
        if assigned is not None and s.data_set_id not in assigned and s.unit_id not in officer_units:
            continue
        result.append(PendingForm(data_set=s.data_set, unit=s.unit, period=s.period,
                                  deadline=s.data_set.deadline_for(s.period), status=s.status,
                                  status_label=s.get_status_display(), return_reason=s.return_reason))
    result.sort(key=lambda p: (p.deadline, p.data_set.sort_order, p.unit.name))
    return result


def reachable_periods(today=None):
    """Every period a unit can reach on its forms page: entry open or past (started), of a type
    some active form is reported for; newest first."""
    today = today or timezone.localdate()
    types = set(DataSet.objects.filter(is_active=True).values_list("period_type", flat=True))
    return list(Period.objects.filter(type__in=types, start__lte=today).order_by("-start", "type", "-number"))


@dataclass
class PeriodForm:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    deadline: datetime.date
    status: str
    status_label: str
    open: bool  # the unit may still enter and send it
    locked: bool  # past its entry window, no exception
    return_reason: str = ""
    submitted_at: datetime.datetime | None = None


def period_forms(user, period, today=None):
    """Every form of `period` the user's units answer for (as pending_forms decides who), whatever
    its state: sent, approved, still to send, or locked after expiry (with the admin's exceptions)."""
    from collection.services import is_unlocked

    today = today or timezone.localdate()
    scope = scope_for(user).as_of(today)
    officer_roots = [m.unit_id for m in scope.memberships if m.role == Role.OFFICER]
    officer_units = set(OrgUnit.objects.descendants_of(officer_roots).values_list("pk", flat=True)) if officer_roots else set()
    assigned = reviewable_ids(user)
    writable = scope.units(WRITE, during=period)
    # Exceptions are rare: look them up per unit only when the period has any in force.
    from collection.models import BulkLockException, LockException

    excepted = (LockException.objects.filter(period=period, until__gte=today).exists()
                or BulkLockException.objects.in_force(today).filter(period=period).exists())
    result = []
    data_sets = list(DataSet.objects.filter(is_active=True, period_type=period.type).prefetch_related("units"))
    # The units every form of the period expects (`DataSet.expected_units`: valid during it, by
    # kind or by name) read once, and their submissions once: two queries, not two per form.
    reported_by = {d.pk: (set(d.reporting_kinds or []), {u.pk for u in d.units.all()}) for d in data_sets}
    kinds = set().union(*(k for k, _n in reported_by.values()))
    named = set().union(*(n for _k, n in reported_by.values()))
    reached = (OrgUnit.objects.active_during(period.start, period.end).filter(pk__in=writable.values("pk"))
               .filter(Q(kind__in=kinds) | Q(pk__in=named)))
    candidates = list(reached.order_by("sort_order", "name")) if data_sets else []
    all_subs = {}
    if candidates:
        for s in Submission.objects.filter(period=period, data_set__in=[d.pk for d in data_sets],
                                           unit__in=reached.values("pk")):
            all_subs[(s.data_set_id, s.unit_id)] = s
    for data_set in data_sets:
        ds_kinds, ds_named = reported_by[data_set.pk]
        units = [u for u in candidates if u.kind in ds_kinds or u.pk in ds_named]
        if assigned is not None and data_set.pk not in assigned:
            units = [u for u in units if u.pk in officer_units]
        if not units:
            continue
        subs = {u.pk: all_subs[(data_set.pk, u.pk)] for u in units if (data_set.pk, u.pk) in all_subs}
        expiry = data_set.expiry_for(period)
        expired = expiry is not None and today > expiry
        for unit in units:
            s = subs.get(unit.pk)
            status = s.status if s else Status.DRAFT
            to_send = status not in ALL_SUBMITTED
            locked = to_send and expired and not (excepted and is_unlocked(data_set, unit, period, today))
            result.append(PeriodForm(
                data_set=data_set, unit=unit, period=period, deadline=data_set.deadline_for(period), status=status,
                status_label=("Đã khóa, chưa gửi" if locked else s.get_status_display() if s else "Chưa nhập"),
                open=to_send and not locked, locked=locked,
                return_reason=s.return_reason if s and status == Status.RETURNED else "",
                submitted_at=s.submitted_at if s else None,
            ))
    return result


def reviewable_data_sets(user):
    """Data sets this user reviews: those whose reviewing office is the user's office (or under
    the user's Sở-level unit). Admins review all."""
    scope = scope_for(user)
    if scope.is_admin:
        return DataSet.objects.all()
    staff_units = [m.unit_id for m in scope.memberships if m.role == Role.STAFF]
    if not staff_units:
        return DataSet.objects.none()
    return DataSet.objects.filter(reviewing_office__in=OrgUnit.objects.descendants_of(staff_units).values("pk"))


REVIEWABLE_KEY = "_reviewable_ids"  # where reviewable_ids keeps them on the user's scope (one request)


def reviewable_ids(user):
    """The pks of `reviewable_data_sets(user)` (None for an admin: every data set), read once per
    user object, so once per request: the first page's cards and the review queue each ask it."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    if not any(m.role == Role.STAFF for m in scope.memberships):
        return frozenset()  # nothing to read (and nothing kept on the shared anonymous scope)
    if REVIEWABLE_KEY not in scope.__dict__:
        scope.__dict__[REVIEWABLE_KEY] = frozenset(reviewable_data_sets(user).values_list("pk", flat=True))
    return scope.__dict__[REVIEWABLE_KEY]


def review_queue(user):
    """Submissions waiting for this user's review (their office's data sets, within scope)."""
    waiting = Submission.objects.filter(status=Status.SUBMITTED)
    scope = scope_for(user)
    if not scope.is_admin:  # an admin reviews every data set
        # The ids when this request has read them already (the first page's cards), else a subquery:
        # no query of its own for the queue page.
        known = scope.__dict__.get(REVIEWABLE_KEY)
        waiting = waiting.filter(data_set__in=sorted(known) if known is not None
                                 else reviewable_data_sets(user).values("pk"))
    return (
        scope.filter(waiting, APPROVE, during=("period__start", "period__end"))
        # Four eyes: a form this user sent waits for another reviewer.
        .exclude(submitted_by=user)
        .select_related("data_set", "unit", "period")
        .order_by("submitted_at", "pk")  # a total order: pages never repeat or skip a form sent at the same instant
    )


def review_summary(user, waiting_since):
    """(total, sent before `waiting_since`, [(data set code, count)]) of `review_queue(user)` in one
    query (the first page's card counted them in three)."""
    rows = list(
        review_queue(user).order_by("data_set__sort_order", "data_set__code").values_list("data_set__code")
        .annotate(n=Count("pk"), old=Count("pk", filter=Q(submitted_at__lt=waiting_since)))
    )
    return sum(n for _c, n, _o in rows), sum(o for _c, _n, o in rows), [(c, n) for c, n, _o in rows]


def with_forms(page):
    """The submissions of `page` (a queryset, often one sliced page of a queue), in its order, with
    their data set, unit and period: the page's ids first, then those rows (none: no second query).
    Joined in one query, PostgreSQL joined every waiting form of the province to its unit before
    sorting and cutting the page (bench/pages.py: 88 → 40 ms for a reviewer with 4,400 forms
    waiting), and a scope-filtered query costs more to compile and plan with the three tables in it."""
    ids = list(page.select_related(None).values_list("pk", flat=True))
    rows = Submission.objects.select_related("data_set", "unit", "period").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]
