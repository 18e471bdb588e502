"""The OpenAPI schema validates, and a property-based run of schemathesis against it finds no server
error and no answer that breaks the schema.

Bounded for CI: ``API_FUZZ_EXAMPLES`` examples per operation (20 by default) and
``API_FUZZ_SECONDS`` seconds per operation (15 by default; examples past the budget are not sent,
and the count of those sent is printed). Requests go through the WSGI app in-process, inside the
test's database transaction, with a provincial officer's token and with an admin's. The checks are
response conformance (status code, content type, headers, body against the documented schema), not
only the absence of 5xx; hypothesis runs derandomized, so a run is reproducible.
"""

import os
import sys
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_support import token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
SECONDS_PER_OPERATION = float(os.environ.get("API_FUZZ_SECONDS", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _raw_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3_and_describes_every_endpoint():
    from drf_spectacular.validation import validate_schema

    schema = _raw_schema()
    validate_schema(schema)
    paths = set(schema["paths"])
    for path in [
        "/api/v1/plans/",
        "/api/v1/task-groups/",
        "/api/v1/tasks/",
        "/api/v1/agencies/",
        "/api/v1/indicators/",
        "/api/v1/periods/",
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/submit/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/reports/{id}/accept/",
        "/api/v1/reports/{id}/reopen/",
        "/api/v1/reports/{id}/approve/",
        "/api/v1/reports/{id}/send-back/",
        "/api/v1/reports/{report_pk}/figures/",
        "/api/v1/reports/{report_pk}/tasks/",
        "/api/v1/national/{period}/",
        "/api/v1/provinces/{id}/figures/",
        "/api/v1/exports/",
        "/api/v1/exports/{id}/",
        "/api/v1/exports/{id}/download/",
    ]:
        assert path in paths, path
    # Every operation documents its errors, in JSON.
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "429"} <= set(operation["responses"]), (method, path)
    patch = schema["paths"]["/api/v1/reports/{id}/"]["patch"]["responses"]
    assert {"400", "409", "412", "428"} <= set(patch)
    # The approval step is in the schema like every other step: its status and its events.
    components = schema["components"]["schemas"]
    statuses = next(c["enum"] for name, c in components.items() if "enum" in c and "pending_approval" in c["enum"])
    assert {"draft", "pending_approval", "submitted", "returned", "accepted"} <= set(statuses)
    actions = next(c["enum"] for name, c in components.items() if "enum" in c and "send_back" in c["enum"])
    assert {"submit", "request_approval", "approve", "send_back"} <= set(actions)


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_by_the_portal(cast, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert client.get("/api/docs/").status_code in (302, 401, 403)  # the docs page is a portal page: sign in
    client.force_login(cast["hanoi"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI comes from the portal's own static files, not a CDN.
    assert "swagger-ui" in html and "cdn" not in html.lower() and "//unpkg" not in html


@pytest.fixture
def api_schema(db, cast, plan, settings):
    from plan808.wsgi import application

    # Given a period and a Hà Nội draft to find, and budgets that the run itself does not exhaust
    periods(plan)
    token_client(cast["hanoi"]).post("/api/v1/reports/", {"period": "2025-H1"}, format="json")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(["user", "token", "report_write", "export"], "100000/hour"),
    }
    schema = schemathesis.openapi.from_dict(_raw_schema())
    schema.app = application
    # Calling the WSGI app directly fires request_finished, whose handler would close the test's
    # database connection (PostgreSQL) mid-transaction; Django's own test client unhooks it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def real_ids(api_schema, cast, plan):
    """For each path, ids of objects that exist and that the Hà Nội officer may see."""
    from agencies.models import Agency, Collective
    from exports.services import export_request
    from indicators.models import Indicator
    from reporting import services
    from reporting.models import Report, ReportingPeriod
    from tests.api_support import pdf_upload

    hanoi = cast["hanoi"]
    report = Report.objects.get(agency=hanoi.agency, period__code="2025-H1")
    attachment = services.report_attach(report=report, user=hanoi, file=pdf_upload(), kind="official_report")
    job = export_request(user=hanoi, kind="pdf_agency", period=report.period, agency=hanoi.agency)
    return {
        "/api/v1/plans/": {"id": plan.pk},
        "/api/v1/task-groups/": {"id": plan.groups.first().pk},
        "/api/v1/tasks/": {"id": plan.tasks.first().pk},
        "/api/v1/collectives/": {"id": Collective.objects.first().pk},
        "/api/v1/agencies/": {"id": hanoi.agency_id},
        "/api/v1/indicators/": {"id": Indicator.objects.first().pk},
        "/api/v1/periods/": {"id": ReportingPeriod.objects.first().pk},
        "/api/v1/reports/": {"id": report.pk, "report_pk": report.pk, "pk": attachment.pk},
        "/api/v1/national/": {"period": "2025-H1"},
        "/api/v1/provinces/": {"id": Agency.objects.get(code="ubnd-ha-noi").pk},
        "/api/v1/exports/": {"id": job.pk},
    }


OPERATIONS = [(path, method.upper()) for path, ops in _raw_schema()["paths"].items() for method in ops]


@pytest.mark.parametrize("who", ["hanoi", "admin"])
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_operation_answers_a_server_error_or_breaks_the_schema(api_schema, real_ids, cast, path, method, who):
    """With a provincial officer's token and an admin's: what one may not do, the other may."""
    from knox.models import AuthToken

    _token, key = AuthToken.objects.create(user=cast[who], expiry=None)
    headers = {"Authorization": f"Token {key}"}
    operation = api_schema[path][method]
    started = time.monotonic()
    sent = []

    known = next((ids for prefix, ids in real_ids.items() if path.startswith(prefix)), {})

    @given(case=operation.as_strategy(), existing=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, existing):
        # The time budget: examples past it are not sent (and not counted), the run stays bounded.
        assume(time.monotonic() - started < SECONDS_PER_OPERATION)
        if existing and case.path_parameters:
            # Half the examples address objects that exist, so bodies and queries reach the services.
            case.path_parameters = {k: known.get(k, v) for k, v in case.path_parameters.items()}
        sent.append(1)
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
    print(f"{who} {method} {path}: {len(sent)} examples", file=sys.stderr)
    assert sent, "no example was sent within the time budget"
