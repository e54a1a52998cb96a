from django.urls import path

from core.imports.urls import patterns as import_patterns
from emulation import views
from emulation.registers import REGISTERS

app_name = "emulation"

urlpatterns = [
    path("", views.index, name="index"),
    path("de-nghi/", views.proposal_list, name="proposals"),
    path("de-nghi/moi/", views.proposal_create, name="proposal_create"),
    path("de-nghi/<int:pk>/", views.proposal_detail, name="proposal"),
    path("de-nghi/<int:pk>/gui-lai/", views.proposal_resubmit, name="proposal_resubmit"),
    path("de-nghi/<int:pk>/tra-lai/", views.proposal_return, name="proposal_return"),
    path("de-nghi/<int:pk>/khen-thuong/", views.proposal_accept, name="proposal_accept"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("cum-khoi/", views.clusters, name="clusters"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("thong-ke/tai-xuong.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
] + import_patterns(app="emulation", title="Thi đua, khen thưởng", tabs="emulation/_tabs.html") + REGISTERS.urls()
