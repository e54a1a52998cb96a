from django.urls import path

from collection import views

app_name = "collection"

FORM = "<str:data_set>/<str:unit>/<str:period>/"

urlpatterns = [
    path("", views.my_forms, name="my_forms"),
    path("xet-duyet/", views.review_queue, name="review_queue"),
    path("tien-do/", views.completeness, name="completeness"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification_read"),
    path("thong-bao/da-doc/", views.notifications_read_all, name="notifications_read_all"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path(FORM, views.entry, name="entry"),
    path(FORM + "phe-duyet/", views.approve, name="approve"),
    path(FORM + "tra-lai/", views.return_form, name="return"),
    path(FORM + "excel/", views.excel_download, name="excel_download"),
    path(FORM + "tai-len/", views.excel_upload, name="excel_upload"),
    path(FORM + "phan-hoi/", views.excel_feedback, name="excel_feedback"),
    path(FORM + "lich-su/", views.history, name="history"),
]
