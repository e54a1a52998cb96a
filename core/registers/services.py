"""Writes of the register pattern (`core.registers`): one save and one delete for every register,
with a fingerprint guard against concurrent edits. History rows are written by
django-simple-history (the model's `history`), with the user from HistoryRequestMiddleware."""

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.access import READ, scope_for
from core.errors import PermissionDenied, UserError
from core.models import OrgUnit
from core.registers import set_of

register_log = logging.getLogger("core.registers")


class RegisterConflict(UserError):
    """The row changed or vanished since the form was opened, or the save breaks a constraint."""


def register_fingerprint(instance):
    """A short hash of a row's stored values (with its many-to-many units): the version an edit
    form started from, so that a concurrent edit is refused rather than silently overwritten."""
    opts = instance._meta
    values = [(f.attname, f.value_from_object(instance)) for f in opts.concrete_fields if not f.primary_key]
    for f in opts.many_to_many:
        values.append((f.name, sorted(o.pk for o in getattr(instance, f.name).all()) if instance.pk else []))
    return hashlib.sha256(repr(values).encode()).hexdigest()[:24]


def _register_unit_ids(instance, form=None):
    """Ids of the org units a row points to (foreign keys, and many-to-many from the form or the row)."""
    opts = instance._meta
    ids = [getattr(instance, f.attname) for f in opts.concrete_fields if f.is_relation and f.related_model is OrgUnit]
    for f in opts.many_to_many:
        if f.related_model is not OrgUnit:
            continue
        if form is not None and f.name in getattr(form, "cleaned_data", {}):
            ids += [u.pk for u in form.cleaned_data[f.name]]
        elif instance.pk:
            ids += [u.pk for u in getattr(instance, f.name).all()]
    return {i for i in ids if i is not None}


def _require_register_write(user, unit_ids, registers):
    scope = scope_for(user)
    if registers is None or not registers.can_edit(scope):
        raise PermissionDenied(registers.write_denied if registers else "Anh/chị không được sửa dữ liệu này.")
    if not scope.is_admin and not set(unit_ids) <= scope.changing().unit_ids(READ):
        raise PermissionDenied("Đơn vị đã chọn không thuộc phạm vi của anh/chị.")


def save_register_row(form, user, registers=None):
    """Save a valid register form (a new row or an edit) for `user`; returns the row.

    The register set's writers (its offices' staff, admins) only, for units within their reach (PermissionDenied). An edit
    locks the stored row and compares it with the form's `version`: a row changed or deleted by
    someone else since the form was opened is not overwritten (RegisterConflict)."""
    instance = form.instance
    model = type(instance)
    registers = registers or set_of(model)
    _require_register_write(user, _register_unit_ids(instance, form), registers)
    created = instance.pk is None
    try:
        with transaction.atomic():
            if not created:
                current = model.objects.select_for_update().filter(pk=instance.pk).first()
                if current is None:
                    raise RegisterConflict("Không lưu được: dòng này đã bị xóa sau khi anh/chị mở trang.")
                _require_register_write(user, _register_unit_ids(current), registers)
                if form.cleaned_data.get("version") != register_fingerprint(current):
                    raise RegisterConflict(
                        "Không lưu được: dòng này đã được người khác sửa sau khi anh/chị mở trang. "
                        "Hãy mở lại trang để xem số liệu mới rồi sửa tiếp.")
            row = form.save()
    except IntegrityError:
        raise RegisterConflict("Không lưu được: dòng này trùng với một dòng đã có hoặc vi phạm ràng buộc dữ liệu. "
                               "Vui lòng kiểm tra lại.") from None
    register_log.info("%s %s #%s by %s", "created" if created else "updated", model._meta.label, row.pk, user)
    return row


def delete_register_row(instance, user, registers=None):
    """Delete a register row for `user` (staff of the Sở or an admin, a unit within reach)."""
    _require_register_write(user, _register_unit_ids(instance), registers or set_of(type(instance)))
    model, pk = type(instance), instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise RegisterConflict("Không xóa được: còn dữ liệu khác đang dùng dòng này.") from None
    register_log.info("deleted %s #%s by %s", model._meta.label, pk, user)
