from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.national, name="national"),
    path("chi-tieu-theo-ky/", views.targets_periods, name="targets-periods"),
    path("chi-tieu-theo-ky.xlsx", views.targets_periods_excel, name="targets-periods-excel"),
    path("tinh/", views.provinces, name="provinces"),
    path("tinh/<slug:code>/", views.province, name="province"),
    path("ke-hoach-thuc-hien/", views.plan_achieved, name="plan-achieved"),
    path("ke-hoach-thuc-hien.xlsx", views.plan_achieved_excel, name="plan-achieved-excel"),
    path("nhiem-vu/", views.tasks, name="tasks"),
    path("nhiem-vu/<str:code>/", views.task, name="task"),
    path("bao-cao/", views.submissions, name="submissions"),
    path("thong-ke/", views.statistics_page, name="statistics"),
    path("thong-ke.xlsx", views.statistics_excel, name="statistics-excel"),
]
