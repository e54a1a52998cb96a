from django.conf import settings

from core import notifications
from core.access import scope_for
from core.selectors import navigation


def portal(request):
    """Portal title, the user's scope and navigation (scope computed once per request), and the header's
    unread count (called by the template, so only a page that shows the header counts)."""
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {
        "PORTAL_TITLE": settings.PORTAL_TITLE,
        "scope": scope,
        "nav_items": navigation(scope, getattr(request, "path", "")),
        "unread_notifications": lambda: notifications.unread_count(user),
    }
