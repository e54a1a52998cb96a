from django.urls import path

from religion import views

app_name = "religion"

urlpatterns = [
    path("", views.home, name="home"),
]
