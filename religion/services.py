"""Writes of the religion app: the register rows (with the dossier's default legal deadline), each in
one transaction, for users `religion.permissions` allows; bad input is a Vietnamese ValidationError."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.access import READ, scope_for
from core.text import clean
from religion import permissions
from religion.catalogue import RELIGIONS
from religion.models import Religion

log = logging.getLogger("religion")


def ensure_religions():
    """The default religions (the data migration installs them; a flushed test database or a new
    demo gets them back). Returns how many were created."""
    created = 0
    for order, (code, name) in enumerate(RELIGIONS, start=1):
        _, was = Religion.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})
        created += was
    return created


def _require_write(user, instance):
    scope = scope_for(user)
    if not permissions.can_edit_registers(scope):
        raise PermissionDenied("Chỉ chuyên viên Ban Tôn giáo được thêm, sửa, xóa dữ liệu tôn giáo.")
    unit_id = getattr(instance, "unit_id", None) or getattr(getattr(instance, "organization", None), "unit_id", None)
    if not scope.is_admin and unit_id is not None and unit_id not in scope.changing().unit_ids(READ):
        raise PermissionDenied("Địa bàn đã chọn không thuộc phạm vi của anh/chị.")


def prepare(instance):
    """Clean a row's text; ValidationError (Vietnamese, by field) on a character Word cannot hold.
    The row's own rules (a dossier's deadline and result) are the model's `clean`, run by `full_clean`."""
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            try:
                setattr(instance, field.attname, clean(value, str(field.verbose_name)))
            except ValidationError as error:
                errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return instance


def save_row(instance, user):
    """Save a register row (new or edited) for `user`; returns it."""
    _require_write(user, instance)
    prepare(instance)
    instance.full_clean()
    created = instance.pk is None
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError("Không lưu được: dòng này trùng với một dòng đã có hoặc vi phạm ràng buộc dữ liệu.") from None
    log.info("%s %s #%s by %s", "created" if created else "updated", instance._meta.label, instance.pk, user)
    return instance


def delete_row(instance, user):
    _require_write(user, instance)
    label, pk = instance._meta.label, instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise ValidationError("Không xóa được: còn dữ liệu khác đang dùng dòng này.") from None
    log.info("deleted %s #%s by %s", label, pk, user)
