from django.urls import path

from tasks import views

urlpatterns = [
    path("ke-hoach/", views.plan_overview, name="plan-overview"),
    path("ke-hoach/nhiem-vu/<str:code>/", views.task_detail, name="task-detail"),
    path("ke-hoach/nhiem-vu/<str:code>/tinh-trang/", views.task_status, name="task-status-update"),
]
