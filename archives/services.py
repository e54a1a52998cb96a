"""Writes of the archives app: register rows saved and deleted by the archive offices' staff.

Every write checks `selectors.can_edit` (through `core.access`) and the row's unit against the
writer's reach, validates the whole row (`full_clean`), and is all-or-nothing."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from archives import selectors
from core.access import READ, scope_for

log = logging.getLogger("archives.registers")


class ArchivesError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(ArchivesError):
    pass


class RowConflict(ArchivesError):
    """The row breaks a constraint, or is still used by other rows."""


def _unit_ids(instance):
    return {i for i in (getattr(instance, "unit_id", None),) if i is not None}


def require_write(user, instance=None):
    scope = scope_for(user)
    if not selectors.can_edit(scope):
        raise PermissionDenied("Chỉ chuyên viên Trung tâm Lưu trữ lịch sử hoặc Phòng Cải cách hành chính - "
                               "Văn thư lưu trữ được thêm, sửa, xóa dữ liệu lưu trữ.")
    if instance is not None and not scope.is_admin and not _unit_ids(instance) <= scope.changing().unit_ids(READ):
        raise PermissionDenied("Đơn vị đã chọn không thuộc phạm vi của anh/chị.")
    return scope


def save_row(instance, user):
    """Validate and save one register row (new or edited) for `user`; returns it.
    ValidationError (Vietnamese, per field) on bad values; nothing is saved then."""
    require_write(user, instance)
    instance.full_clean()
    created = instance.pk is None
    try:
        with transaction.atomic():
            if not created:
                current = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
                if current is None:
                    raise RowConflict("Không lưu được: dòng này đã bị xóa sau khi anh/chị mở trang.")
                require_write(user, current)
            instance.save()
    except IntegrityError:
        raise RowConflict("Không lưu được: dòng này trùng với một dòng đã có hoặc vi phạm ràng buộc dữ liệu.") from None
    log.info("%s %s #%s by %s", "created" if created else "updated", type(instance)._meta.label, instance.pk, user)
    return instance


def delete_row(instance, user):
    require_write(user, instance)
    model, pk = type(instance), instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise RowConflict("Không xóa được: còn dữ liệu khác đang dùng dòng này.") from None
    log.info("deleted %s #%s by %s", model._meta.label, pk, user)


__all__ = ["ArchivesError", "PermissionDenied", "RowConflict", "ValidationError", "delete_row", "require_write",
           "save_row"]
