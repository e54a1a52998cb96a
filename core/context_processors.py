from django.conf import settings

from core.access import scope_for


def portal(request):
    """Portal title and the user's scope for the navigation (computed once per request)."""
    return {"PORTAL_TITLE": settings.PORTAL_TITLE, "scope": scope_for(getattr(request, "user", None))}
