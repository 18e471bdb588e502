from django.urls import path

from reporting import views

urlpatterns = [
    path("bao-cao/", views.my_reports, name="report-mine"),
    path("bao-cao/ky/<str:code>/lap/", views.report_start, name="report-start"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/sua/", views.report_edit, name="report-edit"),
    path("bao-cao/<int:pk>/y-kien/", views.report_comment, name="report-comment"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_return, name="report-return"),
    path("bao-cao/<int:pk>/tiep-nhan/", views.report_accept, name="report-accept"),
    path("bao-cao/<int:pk>/mo-lai/", views.report_reopen, name="report-reopen"),
    path("bao-cao/<int:pk>/phe-duyet/", views.report_approve, name="report-approve"),
    path("bao-cao/<int:pk>/tra-lai-trinh-lai/", views.report_send_back, name="report-send-back"),
    path("bao-cao/cho-phe-duyet/", views.approval_queue, name="report-approval-queue"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="report-attachment"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/xoa/", views.attachment_delete, name="report-attachment-delete"),
    path("bao-cao/<int:pk>/excel/", views.excel_download, name="report-excel"),
    path("bao-cao/<int:pk>/excel/tai-len/", views.excel_upload, name="report-excel-upload"),
    path("bao-cao/da-tiep-nhan/", views.accepted_reports, name="report-accepted"),
    path("tham-dinh/", views.review_index, name="review-index"),
    path("tham-dinh/<str:code>/", views.review_period, name="review-period"),
]
