from django.urls import path

from core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/<slug:key>.xlsx", views.panel_export, name="panel_export"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("ky-bao-cao/", views.period_list, name="period_list"),
    path("van-ban/", views.document_list, name="document_list"),
    path("van-ban/chon/", views.document_options, name="document_options"),
    path("chon/<slug:source>/", views.picker_options, name="picker_options"),
    # Sign-in pages (names as Django's, so LOGIN_URL = "login" and the admin's links work).
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
