from django.urls import path

from core.imports.urls import patterns as import_patterns
from reform import views
from reform.registers import REGISTERS

app_name = "reform"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat-excel/", views.dashboard_export, name="dashboard_export"),
    path("chi-so/", views.index_results, name="index_results"),
    path("chi-so-don-vi/", views.unit_index, name="unit_index"),
    path("chi-so-don-vi/<int:pk>/", views.index_set_detail, name="index_set_detail"),
    path("chi-so-don-vi/<int:pk>/cham-diem/<str:unit_code>/", views.score_sheet, name="score_sheet"),
    path("kiem-tra/", views.inspections, name="inspections"),
    path("sang-kien/", views.initiatives, name="initiatives"),
]

# The registers kept in web forms (reform.registers): <slug>/, <slug>/them/, <slug>/<pk>/sua/, <slug>/<pk>/xoa/.
urlpatterns += REGISTERS.urls()
# .xlsx import of the units' index scores: the shared pages of core.imports (reform.resources).
urlpatterns += import_patterns(app="reform", title="Cải cách hành chính", tabs="reform/_tabs.html")
