from django.urls import path

from agencies import views

urlpatterns = [
    path("co-quan/", views.agency_directory, name="agency-directory"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency-detail"),
]
