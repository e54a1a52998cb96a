from django.urls import path

from core.imports.urls import patterns as import_patterns
from religion import views
from religion.registers import REGISTERS

app_name = "religion"

urlpatterns = [
    path("", views.home, name="home"),
    # Excel imports: the shared pages of core.imports, listing the religion kinds (religion.resources).
    *import_patterns(app="religion", title="Tín ngưỡng, tôn giáo", tabs="religion/_tabs.html"),
    # Registers kept in web forms (religion.registers, on core.registers).
    *REGISTERS.urls(),
]
