from django.urls import path

from archives import views
from archives.registers import REGISTERS
from core.imports.urls import patterns as import_patterns

app_name = "archives"

urlpatterns = [
    path("", views.home, name="home"),
    *import_patterns(app="archives", title="Văn thư, lưu trữ", tabs="archives/_tabs.html"),
    *REGISTERS.urls(),
]
