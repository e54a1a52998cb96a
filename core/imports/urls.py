"""The import pages of an app, mounted in its own URL namespace:

    # <app>/urls.py
    from core.imports.urls import patterns as import_patterns

    urlpatterns = [...] + import_patterns(app="emulation", title="Thi đua, khen thưởng",
                                          tabs="emulation/_tabs.html")

gives /<app prefix>/nhap-excel/ (upload), nhap-excel/mau/<kind>.xlsx (template),
nhap-excel/<pk>/ (status, preview), …/xac-nhan/, …/chay-lai/, …/phan-hoi.xlsx.
"""

from django.urls import path

from core.imports import views


def patterns(*, app, title, tabs=None, prefix="nhap-excel/"):
    """URL patterns of the import pages for `app` (its namespace; `title` heads the pages and
    `tabs` is the app's tab template, included with tab="import")."""
    options = {"app": app, "title": title, "tabs": tabs}
    return [
        path(prefix, views.import_start, options, name="import_start"),
        path(f"{prefix}mau/<str:kind>.xlsx", views.import_template, options, name="import_template"),
        path(f"{prefix}<int:pk>/", views.import_job, options, name="import_job"),
        path(f"{prefix}<int:pk>/xac-nhan/", views.import_confirm, options, name="import_confirm"),
        path(f"{prefix}<int:pk>/chay-lai/", views.import_rerun, options, name="import_rerun"),
        path(f"{prefix}<int:pk>/phan-hoi.xlsx", views.import_feedback, options, name="import_feedback"),
    ]
