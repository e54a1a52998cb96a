from django.conf import settings

from core.access import scope_for
from core.selectors import navigation


def portal(request):
    """Portal title, the user's scope and navigation (scope computed once per request)."""
    scope = scope_for(getattr(request, "user", None))
    return {"PORTAL_TITLE": settings.PORTAL_TITLE, "scope": scope, "nav_items": navigation(scope, getattr(request, "path", ""))}
