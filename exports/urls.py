from django.urls import path

from exports import views

urlpatterns = [
    path("xuat-bao-cao/", views.export_list, name="export-list"),
    path("xuat-bao-cao/<int:pk>/", views.export_detail, name="export-detail"),
    path("xuat-bao-cao/<int:pk>/tai-ve/", views.export_download, name="export-download"),
]
