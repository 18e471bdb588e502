"""The API answers what its schema says: bad query parameters are 400 naming the parameter, a filter on
an id that matches nothing is an empty list, every error is JSON in a documented shape."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from jsonschema import validate

from api.schema import DETAIL, FIELD_ERRORS
from tests.api_support import token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(plan, cast):
    periods(plan)
    return token_client(cast["admin"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/?agency=999999",
        "/api/v1/agencies/?parent=999999",
        "/api/v1/indicators/?plan=999999",
        "/api/v1/periods/?plan=999999",
        "/api/v1/task-groups/?plan=999999",
        "/api/v1/tasks/?agency=999999",
    ],
)
def test_a_filter_on_an_id_that_matches_nothing_is_an_empty_list(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/reports/?year=", "year"),
        ("/api/v1/reports/?period=", "period"),
        ("/api/v1/collectives/?on=", "on"),
        ("/api/v1/exports/?kind=", "kind"),
        ("/api/v1/national/2025-H1/?include_submitted=", "include_submitted"),
        ("/api/v1/periods/?is_open=maybe", "is_open"),
        ("/api/v1/periods/?is_open=", "is_open"),
        ("/api/v1/agencies/?ordering=zzz", "ordering"),
        ("/api/v1/reports/?ordering=agency__code,-password", "ordering"),
        ("/api/v1/reports/?page=abc", "page"),
        ("/api/v1/reports/?page=0", "page"),
        ("/api/v1/reports/?agency=1.5", "agency"),
    ],
)
def test_an_empty_or_invalid_query_parameter_is_a_400_naming_it(api, url, parameter):
    response = api.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert parameter in body
    validate(body, FIELD_ERRORS)


def test_a_bad_boolean_is_refused_in_vietnamese(api):
    response = api.get("/api/v1/national/2025-H1/?include_submitted=maybe")
    assert response.status_code == 400
    assert response.json() == {"include_submitted": ["Chỉ nhận true hoặc false."]}


def test_sorting_by_a_listed_field_still_works(api):
    response = api.get("/api/v1/agencies/?ordering=-code")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert codes == sorted(codes, reverse=True)


def test_a_page_past_the_last_is_a_vietnamese_404(api):
    response = api.get("/api/v1/reports/?page=99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có trang 99."}


def test_a_body_that_is_not_json_answers_in_the_documented_400_shape(api):
    response = api.post("/api/v1/reports/", b'{"period": ', content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    validate(body, FIELD_ERRORS)
    assert body["non_field_errors"][0].startswith("JSON không hợp lệ")


@pytest.mark.parametrize("path", ["/api/v1/re%0Aports/", "/api/v1/reports/%0A/", "/api/v1/reports/999999/"])
def test_a_path_that_matches_nothing_is_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    validate(response.json(), DETAIL)
    assert "matches the given query" not in response.json()["detail"]


def test_every_operation_documents_a_414():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], (method, path)
