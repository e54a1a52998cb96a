from django.urls import path

from reports import phrase_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("mau-cau/", phrase_views.phrase_list, name="phrases"),
    path("mau-cau/<str:key>/", phrase_views.phrase_edit, name="phrase_edit"),
    path("mau-cau/<str:key>/xem-truoc/", phrase_views.phrase_preview, name="phrase_preview"),
    path("tao-moi/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/cap-nhat-de-cuong/", views.outline_update, name="outline_update"),
    path("<int:pk>/muc/<int:section_pk>/", views.section_save, name="section_save"),
    path("<int:pk>/phe-duyet/", views.approve, name="approve"),
    path("<int:pk>/tao-word/", views.request_docx, name="request_docx"),
    path("<int:pk>/phien-ban/<int:job_pk>/", views.job_status, name="job_status"),
    path("<int:pk>/phien-ban/<int:job_pk>/chay-lai/", views.rerun_job, name="rerun_job"),
    path("<int:pk>/phien-ban/<int:job_pk>/tao-pdf/", views.request_pdf, name="request_pdf"),
    path("<int:pk>/phien-ban/<int:job_pk>/tai-ve/", views.download, {"fmt": "docx"}, name="download"),
    path("<int:pk>/phien-ban/<int:job_pk>/pdf/", views.download, {"fmt": "pdf"}, name="download_pdf"),
]
