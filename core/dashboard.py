"""The first page's panels: a registry every app adds to, so core imports no app.

A panel is one card of `/`: a title, figures shown as numbers beside an optional chart, optional
table rows with links, a link to its detail page, and the rows of its .xlsx export
(`/tong-quan/<key>.xlsx`, the same numbers as the card). Who sees it is decided on the user's
scope (`core.access`), so the export refuses exactly the panels the page does not show.

Recipe — a domain adds a panel with one file, `<app>/dashboard.py` (found by
`core.discovery.app_modules("dashboard")`, like `report.py`):

    from django.urls import reverse
    from core import dashboard
    from core.dashboard import Figure, PanelData, Row

    @dashboard.panel("khen-thuong", "Khen thưởng theo loại hình", order=60, audience=dashboard.leaders)
    def awards(user, today):
        rows = selectors.awards_by_type(scope_for(user), today.year)   # reads live in selectors.py
        return PanelData(
            figures=[Figure("Tổng số", sum(r.count for r in rows), "lượt")],
            chart=dashboard.chart("bar", [r.label for r in rows], [("Số lượt", [r.count for r in rows])]),
            columns=["Loại hình", "Số lượt"],
            rows=[Row([r.label, r.count], link=reverse(...)) for r in rows],
            link=reverse("emulation:award_list"),
        )

- `key` is a slug (it is the export's file name); `order` places the card (smaller first).
- `audience(scope) -> bool`: use `leaders`, `staff`, `officers`, `admins`, `reviewers`, or
  `any_of(...)` of them, or your own callable on the scope.
- `reads=("staffing",)`: the apps whose rows the figures come from, besides core. The page then
  keeps the built panel in the cache until a row of one of them is saved, deleted or imported
  (`core.generations`), per user and day. Leave it out when the figures follow every form sent
  (completeness, the review queue): such a panel is built on every view.
- `build(user, today)` reads through the app's selectors (access via core.access), in a number of
  queries that does not grow with the number of units (tests/core/test_dashboard_queries.py
  asserts it for the whole page); it returns `PanelData`. Numbers are ints/Decimals (the page
  formats them the Vietnamese way, the export writes them as numbers).
- `PanelData.export_columns/export_rows` default to `columns/rows`; give them when the export
  should hold more than the card (e.g. every late unit, not the first ten).
- A panel with nothing to say returns `PanelData(empty="…")` (a Vietnamese sentence).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Callable

from django.core.cache import cache

from core import comparison, formatting, generations, text
from core.access import scope_for
from core.discovery import app_modules
from core.models import Role

# ---------------------------------------------------------------------------------------------
# What a panel returns
# ---------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """A number shown beside the chart: «label: value unit», with last year's where it has one."""

    label: str
    value: object
    unit: str = ""
    previous: object = None  # the same period of last year
    previous_label: str = ""  # e.g. «năm 2025», «6 tháng đầu năm 2025»
    tone: str = ""  # "danger" / "warning" / "success": a figure that asks for attention

    @property
    def change(self):
        return comparison.difference(self.value, self.previous)

    @property
    def change_text(self):
        """«tăng 5», «giảm 25», «không thay đổi» against last year ("" without a comparison); the
        unit stands beside the value, so the change is a bare number."""
        return comparison.change_text(self.change, pad=False)


@dataclass
class Row:
    cells: list
    link: str = ""  # the row's own detail page
    tone: str = ""  # "danger" for late/overdue rows

    @property
    def shown(self):
        """[(text, compact)] of the cells as the page shows them (numbers and dates the Vietnamese
        way); `compact` marks a number or date (right-aligned, never wrapped)."""
        return [(display(c), c is None or isinstance(c, int | float | datetime.date) or hasattr(c, "is_finite"))
                for c in self.cells]


def display(value):
    """A cell or figure as text on the page: 1.234 / 1.234,5 / 05/01/2026; None as "–"."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float) or hasattr(value, "is_finite"):
        return formatting.number(value)
    if isinstance(value, datetime.date):
        return formatting.short_date(value)
    return str(value)


@dataclass
class PanelData:
    figures: list = field(default_factory=list)
    chart: dict | None = None  # chart(...) below
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    more: int = 0  # rows left off the card (they are in the export)
    link: str = ""  # the detail page
    link_label: str = "Xem chi tiết"
    export_columns: list | None = None
    export_rows: list | Callable | None = None  # lists of cells, or Row; or a callable returning them
    empty: str = ""  # shown when there is nothing to show
    note: str = ""  # one line under the figures (e.g. the year shown)
    alerts: list = field(default_factory=list)  # Row([title, detail], link): what needs acting on first
    alerts_title: str = ""
    alerts_testid: str = ""

    def export_table(self):
        """(columns, rows of cells) for the .xlsx: the card's table unless told otherwise."""
        columns = self.export_columns if self.export_columns is not None else self.columns
        rows = self.export_rows if self.export_rows is not None else self.rows
        if callable(rows):
            rows = rows()  # built only for the export (a long list the card does not show)
        return columns, [r.cells if isinstance(r, Row) else list(r) for r in rows]


def chart(kind, labels, series, links=None, stacked=False, unit=""):
    """A chart spec for static/js/dashboard.js (Chart.js): `kind` bar / doughnut / line, `series`
    [(label, values)], `links` one URL per label (a click on that bar opens it)."""
    return {
        "type": kind,
        "labels": [str(label) for label in labels],
        "series": [{"label": str(label), "data": [_plain(v) for v in values]} for label, values in series],
        "links": list(links or []),
        "stacked": stacked,
        "unit": unit,
    }


def _plain(value):
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    return float(value)


# ---------------------------------------------------------------------------------------------
# Audiences (callables on a core.access.Scope)
# ---------------------------------------------------------------------------------------------


def admins(scope):
    return scope.is_admin


def leaders(scope):
    """Leaders of the Sở (and admins, who see every leader's panel)."""
    return scope.is_admin or Role.LEADER in scope.roles


def staff(scope):
    """Specialists of the Sở's offices (roles whose unit still exists)."""
    return any(m.role == Role.STAFF for m in scope.open_memberships)


def officers(scope):
    return any(m.role == Role.OFFICER for m in scope.memberships)


def reviewers(scope):
    """Who reviews units' forms: staff of an office, and admins."""
    return scope.is_admin or staff(scope)


def any_of(*audiences):
    def audience(scope):
        return any(a(scope) for a in audiences)

    return audience


# ---------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int
    audience: Callable
    build: Callable
    icon: str = "bi-bar-chart"
    reads: tuple | None = None  # apps whose rows the figures come from (besides core): cached until one changes


_PANELS: dict[str, Panel] = {}
_discovered = False


def panel(key, title, *, order=100, audience=leaders, icon="bi-bar-chart", reads=None):
    """Decorator: register `build(user, today) -> PanelData` as the panel `key`."""

    def register(build):
        if key in _PANELS and _PANELS[key].build.__qualname__ != build.__qualname__:
            raise ValueError(f"Khối tổng quan «{key}» đã được khai báo.")
        _PANELS[key] = Panel(key=key, title=title, order=order, audience=audience, build=build, icon=icon,
                             reads=tuple(reads) if reads is not None else None)
        return build

    return register


def all_panels():
    """Every declared panel, in page order (each app's dashboard.py imported once)."""
    global _discovered
    if not _discovered:
        for _config, _module in app_modules("dashboard", exclude=("core",)):
            pass  # importing the module registers its panels
        _discovered = True
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def panels_for(user):
    scope = scope_for(user)
    return [p for p in all_panels() if p.audience(scope)]


def panel_for(user, key):
    """The panel `key` if this user sees it, else None (the export answers 404)."""
    for p in panels_for(user):
        if p.key == key:
            return p
    return None


@dataclass
class BuiltPanel:
    panel: Panel
    data: PanelData

    @property
    def chart_id(self):
        return f"chart-{self.panel.key}"


def build_all(user, today):
    """Every panel the user sees, built or from the cache (`reads`): one cache round trip for the
    generations and one for the kept panels, however many there are."""
    panels = panels_for(user)
    keys = _cache_keys([p for p in panels if p.reads is not None], user, today)
    kept = cache.get_many(list(keys.values())) if keys else {}
    built = []
    for p in panels:
        data = kept.get(keys.get(p.key))
        if data is None:
            data = p.build(user, today)
            if p.key in keys and not callable(data.export_rows):  # a callable export is built on demand
                cache.set(keys[p.key], data, CACHE_SECONDS)
        built.append(BuiltPanel(p, data))
    return built


CACHE_FORMAT = 1  # changes when PanelData, Figure or Row do
CACHE_SECONDS = 300  # bounds a write that bypassed the signals (core.generations)


def _cache_keys(panels, user, today):
    """{panel key: cache key} of the panels that declare what they read (`reads`): the user, the day
    and the generation of core and of each of those apps, so a save, delete or import there builds
    the panel again. A panel without `reads` (figures that change with every form sent) is built on
    every view; the .xlsx export always builds afresh."""
    if not panels:
        return {}
    stamp = generations.app_stamps(sorted({"core", *(a for p in panels for a in p.reads)}))
    head = f"dashboard:{CACHE_FORMAT}:{user.pk}:{int(user.is_superuser)}:{today.isoformat()}"
    return {p.key: f"{head}:{p.key}:" + ":".join(str(stamp[a]) for a in ("core", *p.reads)) for p in panels}


# ---------------------------------------------------------------------------------------------
# The .xlsx export
# ---------------------------------------------------------------------------------------------


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return value
    if hasattr(value, "is_finite"):  # Decimal
        return float(value) if value.is_finite() else None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value  # dates stay dates
    return text.scrub(str(value))


def export_workbook(title, data, subtitle=""):
    """The panel's table as .xlsx bytes. Text is always a string cell (never a formula, even when
    it starts with = + - @: a unit's name or a return reason is typed by users)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns, rows = data.export_table()
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng quan"
    lines = [title] + ([subtitle] if subtitle else [])
    for i, line in enumerate(lines, start=1):
        _put(ws.cell(row=i, column=1), line)
        ws.cell(row=i, column=1).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    start = len(lines) + 2
    if data.figures:
        for figure in data.figures:
            _put(ws.cell(row=start, column=1), figure.label)
            _put(ws.cell(row=start, column=2), figure.value)
            if figure.unit:
                _put(ws.cell(row=start, column=3), figure.unit)
            if figure.previous is not None:
                _put(ws.cell(row=start, column=4), f"Cùng kỳ {figure.previous_label}".strip())
                _put(ws.cell(row=start, column=5), figure.previous)
            start += 1
        start += 1
    for col, name in enumerate(columns, start=1):
        _put(ws.cell(row=start, column=col), name)
        ws.cell(row=start, column=col).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = 14 if col > 1 else 40
    for r, cells in enumerate(rows, start=start + 1):
        for col, value in enumerate(cells, start=1):
            _put(ws.cell(row=r, column=col), value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _put(cell, value):
    value = _cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        if value[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True  # Excel's own mark for «text typed with a leading '»
