from django.urls import path

from core.imports.urls import patterns as import_patterns
from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("qua-han/", views.overdue, name="overdue"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/nhiem-vu/them/", views.task_edit, name="task_create"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("chi-dao/", views.directive_list, name="directive_list"),
    path("chi-dao/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("chi-dao/noi-dung/<int:pk>/bao-cao/", views.item_report, name="item_report"),
] + import_patterns(app="plans", title="Kế hoạch và chỉ đạo", tabs="plans/_tabs.html")
