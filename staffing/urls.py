from django.urls import path, register_converter

from core.imports.urls import patterns as import_patterns
from staffing import views
from staffing.registers import RegisterConverter

app_name = "staffing"

register_converter(RegisterConverter, "register")

urlpatterns = [
    path("cong-chuc/", views.civil_servant_list, name="civil_servant_list"),
    path("cong-chuc/xuat-excel/", views.civil_servant_export, name="civil_servant_export"),
    path("cong-chuc/<str:ma_so>/", views.civil_servant_detail, name="civil_servant_detail"),
    path("bien-dong/", views.action_list, name="action_list"),
    path("bien-che/", views.quota_list, name="quota_list"),
    # Excel imports: the shared pages of core.imports, listing the staffing kinds (staffing.resources).
    *import_patterns(app="staffing", title="Tổ chức cán bộ", tabs="staffing/_tabs.html"),
    # Registers kept in web forms (staffing.registers): quotas and actions keep the list pages above.
    path("<register:register>/", views.register_list, name="register_list"),
    path("<register:register>/them/", views.register_edit, name="register_create"),
    path("<register:register>/<int:pk>/sua/", views.register_edit, name="register_edit"),
    path("<register:register>/<int:pk>/xoa/", views.register_delete, name="register_delete"),
]
