from django.urls import path

from exports import views

urlpatterns = [
    path("xuat-bao-cao/", views.export_list, name="export-list"),
    path("xuat-bao-cao/<int:pk>/", views.export_detail, name="export-detail"),
    path("xuat-bao-cao/<int:pk>/tai-ve/", views.export_download, name="export-download"),
    path("bao-cao-tong-hop/", views.draft_list, name="draft-list"),
    path("bao-cao-tong-hop/<int:period_pk>/", views.draft_page, name="draft-page"),
    path("bao-cao-tong-hop/<int:period_pk>/lam-moi/", views.draft_refill_view, name="draft-refill"),
    path("bao-cao-tong-hop/<int:period_pk>/lich-su/", views.draft_history, name="draft-history"),
    path("bao-cao-tong-hop/<int:period_pk>/lich-su/<int:number>/", views.draft_version, name="draft-version"),
    path("ban-hanh/", views.issued_list, name="issued-list"),
    path("ban-hanh/<int:pk>/", views.issued_detail, name="issued-detail"),
    path("ban-hanh/<int:pk>/tai-ve/", views.issued_download, name="issued-download"),
    path("ban-hanh/<int:pk>/ban-ky-so/", views.issued_download, {"signed": True}, name="issued-signed-download"),
]
