"""Response headers every page carries (issue 10, item 10).

- `Content-Security-Policy`: scripts only from our own static files (all vendored, no inline
  script), no framing, forms post only to us;
- `Permissions-Policy`: the portal needs no camera, microphone, location…;
- `Cache-Control: no-store` on every response to a signed-in user (pages, Excel and DOCX
  downloads show personal data; a shared computer's cache or a proxy must not keep them).
  Static files never get here: whitenoise answers them earlier in the chain.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.permissions = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ScrubQueryStringMiddleware:
    """Every query-string value passes the one normaliser (`core.text.scrub`: NFC, no control characters)
    before a view reads it: a NUL typed into `?q=` or a filter reached PostgreSQL and answered HTTP 500
    on page after page (found by tests/security); one place instead of a scrub in every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.text import scrub

        query = request.GET
        if any(scrub(k) != k or any(scrub(v) != v for v in values) for k, values in query.lists()):
            cleaned = query.copy()
            cleaned.clear()
            for key, values in query.lists():
                cleaned.setlist(scrub(key), [scrub(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
