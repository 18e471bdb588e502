from django.urls import path

from indicators import views

urlpatterns = [
    path("chi-tieu/", views.indicator_list, name="indicator-list"),
]
