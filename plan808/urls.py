from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tasks.urls")),
    path("", include("agencies.urls")),
    path("", include("indicators.urls")),
    path("", include("reporting.urls")),
    path("bang-dieu-khien/", include("dashboards.urls")),
    path("", include("notifications.urls")),
    path("", include("exports.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
