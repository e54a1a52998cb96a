"""The import kinds of the portal, each declared once by its app.

    # <app>/resources.py
    from core.imports.registry import ImportKind, register

    register(ImportKind(
        key="quyet_dinh_kt", label="Quyết định khen thưởng", resource=AwardDecisionResource,
        app="emulation", offices=("SNV-TDKT",), guide=["Mỗi dòng là …", …],
    ))

Kinds are found lazily: the first lookup imports `<app>.resources` of every installed app
(`core.discovery`), so an app never has to be named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from core.access import READ, office_staff, scope_for
from core.errors import InvalidFile, InvalidState, PermissionDenied, UserError  # noqa: F401 - raised by the engine


@dataclass(frozen=True)
class ImportKind:
    key: str  # stored in ImportJob.kind and used in URLs: "cong_chuc" (max 40 characters)
    label: str  # "Danh sách cán bộ, công chức, viên chức"
    resource: type  # an ImportResource subclass
    app: str  # the URL namespace whose import pages list this kind: "staffing"
    #: who may import: a callable(scope) -> bool; default: staff of the Sở (offices permitting) and admins
    may_import: Callable | None = None
    #: codes of the responsible offices (OrgUnit.code) whose staff may import; empty = any staff of the Sở
    offices: tuple = ()
    guide: list = field(default_factory=list)  # lines of the template's «Hướng dẫn» sheet
    data_sheet: str = "Dữ liệu"
    #: header of a text column Excel must not reformat (codes, dates typed as text), besides "Ngày…"
    text_columns: tuple = ()
    #: (URL name, label) shown after a successful import, e.g. ("staffing:civil_servant_list", "Xem danh sách")
    done_link: tuple = ()

    def __str__(self):
        return self.label

    denied: str = "Chỉ chuyên viên Sở Nội vụ được nhập dữ liệu từ Excel."

    def allowed(self, scope):
        if self.may_import is not None:
            return bool(self.may_import(scope))
        return office_staff(scope, self.offices)

    def unit_ids(self, user):
        """Units whose rows `user` may import (None = all); ImportDenied for anyone else."""
        scope = scope_for(user)
        if not self.allowed(scope):
            raise PermissionDenied(self.denied)
        return None if scope.is_admin else set(scope.changing().unit_ids(READ))


_KINDS: dict[str, ImportKind] = {}
_loaded = False


def register(kind):
    """Declare an import kind (once, at import of the app's module); returns it."""
    if len(kind.key) > 40:
        raise ValueError(f"Import kind key too long: {kind.key!r}")
    existing = _KINDS.get(kind.key)
    if existing is not None and existing.resource.__qualname__ != kind.resource.__qualname__:
        raise ValueError(f"Import kind {kind.key!r} declared twice")
    _KINDS[kind.key] = kind
    return kind


def _load():
    global _loaded
    if not _loaded:
        from core.discovery import app_modules

        for _config, _module in app_modules("resources"):
            pass
        _loaded = True


def kinds(app=None):
    """Every declared kind (or those of one app), in declaration order."""
    _load()
    return [k for k in _KINDS.values() if app is None or k.app == app]


def get(key):
    """The kind of `key`, or None."""
    _load()
    return _KINDS.get(key)


def resolve(kind):
    """The ImportKind of a key (or the kind itself); InvalidFile for an unknown key."""
    if isinstance(kind, ImportKind):
        return kind
    found = get(kind)
    if found is None:
        raise InvalidFile("Loại dữ liệu không hợp lệ.")
    return found


def choices():
    """(key, label) of every kind: for ImportJob.get_kind_display and forms."""
    return [(k.key, k.label) for k in kinds()]
