from django.urls import path, register_converter

from archives import views
from archives.registers import RegisterConverter

app_name = "archives"

register_converter(RegisterConverter, "archive_register")

urlpatterns = [
    path("", views.home, name="home"),
    path("<archive_register:register>/", views.register_list, name="register_list"),
    path("<archive_register:register>/them/", views.register_edit, name="register_create"),
    path("<archive_register:register>/<int:pk>/sua/", views.register_edit, name="register_edit"),
    path("<archive_register:register>/<int:pk>/xoa/", views.register_delete, name="register_delete"),
]
