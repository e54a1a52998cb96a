from django.urls import path

from core.imports.urls import patterns as import_patterns
from staffing import views
from staffing.registers import REGISTER_SET

app_name = "staffing"

urlpatterns = [
    path("cong-chuc/", views.civil_servant_list, name="civil_servant_list"),
    path("cong-chuc/xuat-excel/", views.civil_servant_export, name="civil_servant_export"),
    path("cong-chuc/<str:ma_so>/", views.civil_servant_detail, name="civil_servant_detail"),
    path("bien-dong/", views.action_list, name="action_list"),
    path("bien-che/", views.quota_list, name="quota_list"),
    # Excel imports: the shared pages of core.imports, listing the staffing kinds (staffing.resources).
    *import_patterns(app="staffing", title="Tổ chức cán bộ", tabs="staffing/_tabs.html"),
    # Registers kept in web forms (staffing.registers, on core.registers): quotas and actions keep the list pages above.
    *REGISTER_SET.urls(),
]
