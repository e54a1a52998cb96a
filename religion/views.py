"""Religion pages (/ton-giao/): the office's page with the dossiers pending past their legal deadline.

Access (`religion.permissions`, on `core.access` scopes): every role reads the rows within its
reach (officers their subtree's); only the Ban Tôn giáo's staff and admins add, edit or delete.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from core.access import scope_for
from religion import permissions, selectors
from religion.registers import REGISTERS


@login_required
def home(request):
    scope = scope_for(request.user)
    if not permissions.can_read_registers(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem dữ liệu tôn giáo.")
    today = timezone.localdate()
    reachable = selectors.dossiers(scope, day=today)
    pending = reachable.pending_on(today).order_by("deadline", "pk")
    overdue = [d for d in pending if d.is_overdue]
    for d in overdue:
        d.days_late = (today - d.deadline).days
    return render(request, "religion/home.html", {
        "today": today,
        "overdue": overdue,
        "pending": [d for d in pending if not d.is_overdue],
        "total": reachable.count(),
        "can_edit": permissions.can_edit_registers(scope),
        "registers": REGISTERS, "tab": "home",
    })
