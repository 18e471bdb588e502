"""/api/v1/ (resources), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI served from the portal), /api/tokens/."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from api.exceptions import NOT_FOUND
from api.views import exports, figures, reference, reports, tokens
from api.views.base import ApiViewMixin


class _ApiRoot(ApiViewMixin, DefaultRouter.APIRootView):
    """The list of resources, answering 401 like every other endpoint when no credential is sent."""

    schema = None  # a map of links, not a resource: left out of the OpenAPI document


class _NotFound(ApiViewMixin, APIView):
    """Any other path under /api/ (e.g. a negative id the URL patterns do not match) answers a JSON 404."""

    schema = None
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound(NOT_FOUND)


class _Router(DefaultRouter):
    APIRootView = _ApiRoot


router = _Router()
router.register("plans", reference.PlanViewSet, basename="plan")
router.register("task-groups", reference.TaskGroupViewSet, basename="task-group")
router.register("tasks", reference.TaskViewSet, basename="task")
router.register("collectives", reference.CollectiveViewSet, basename="collective")
router.register("agencies", reference.AgencyViewSet, basename="agency")
router.register("indicators", reference.IndicatorViewSet, basename="indicator")
router.register("periods", reference.PeriodViewSet, basename="period")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("exports", exports.ExportViewSet, basename="export")

attachments = reports.ReportAttachmentViewSet
v1 = [
    *router.urls,
    path(
        "reports/<int:report_pk>/figures/",
        reports.ReportFigureViewSet.as_view({"get": "list"}),
        name="report-figures",
    ),
    path("reports/<int:report_pk>/tasks/", reports.ReportTaskViewSet.as_view({"get": "list"}), name="report-tasks"),
    path(
        "reports/<int:report_pk>/attachments/",
        attachments.as_view({"get": "list", "post": "create"}),
        name="report-attachments",
    ),
    path(
        "reports/<int:report_pk>/attachments/<int:pk>/",
        attachments.as_view({"delete": "destroy"}),
        name="report-attachment-detail",
    ),
    path(
        "reports/<int:report_pk>/attachments/<int:pk>/download/",
        attachments.as_view({"get": "download"}),
        name="report-attachment-download",
    ),
    path("national/<str:period>/", figures.NationalFiguresView.as_view(), name="national-figures"),
    path("statistics/", figures.StatisticsView.as_view(), name="statistics"),
    path("provinces/<int:id>/figures/", figures.ProvinceFiguresView.as_view(), name="province-figures"),
]


app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),
    # DRF views are exempt from LoginRequiredMiddleware (they answer 401/403 in JSON themselves). The
    # schema is public: it describes the API and holds no data. The docs are a portal page: sign in.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:user_id>/issue/", tokens.token_issue, name="token-issue"),
    path("tokens/<int:user_id>/revoke/", tokens.token_revoke, name="token-revoke"),
    # [\s\S], not ".": a path holding a newline ("%0A") is still under /api/ and answers in JSON.
    re_path(r"^[\s\S]*$", _NotFound.as_view()),
]
