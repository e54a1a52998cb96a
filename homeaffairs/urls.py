from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị Cổng báo cáo Sở Nội vụ"
admin.site.site_title = "Quản trị Cổng báo cáo"
admin.site.index_title = "Danh mục và cấu hình"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("so-lieu/", include("collection.urls")),
    path("bao-cao/", include("reports.urls")),
    path("to-chuc-can-bo/", include("staffing.urls")),
    path("cai-cach-hanh-chinh/", include("reform.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("luu-tru/", include("archives.urls")),
    path("ton-giao/", include("religion.urls")),
    path("thi-dua/", include("emulation.urls")),
    path("", include("core.urls")),
]

# Vietnamese error pages: templates/404.html, 403.html, 500.html (Django's default handlers).
