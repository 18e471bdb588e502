from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dashboards import views as dashboards_views
from plan808.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("suc-khoe/", health, name="health"),
    path("api/", include("api.urls")),
    # The language switch works on the login page too, before anyone is signed in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("accounts.urls")),
    # The home page: the national dashboard for whoever may see it, the plan for anyone else.
    path("", dashboards_views.home, name="home"),
    path("", include("tasks.urls")),
    path("", include("agencies.urls")),
    path("", include("indicators.urls")),
    path("", include("reporting.urls")),
    path("bang-dieu-khien/", include("dashboards.urls")),
    path("", include("notifications.urls")),
    path("", include("exports.urls")),
]
# No URL serves MEDIA_ROOT, in any mode: uploaded attachments leave only through the views that ask
# accounts.rules (the report's attachment download, the API's), never by their path.

handler400 = "plan808.errors.bad_request"
