from django.urls import path

from notifications import views

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification-open"),
    path("thong-bao/cai-dat/", views.notification_settings, name="notification-settings"),
    path("thong-bao/doc-het/", views.notification_read_all, name="notification-read-all"),
    path("nhac-han/", views.reminder_log, name="reminder-log"),
]
