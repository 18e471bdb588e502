"""Done when: a script holding a provincial officer's token reads the plan, fills and submits its 2025-H1
report and reads the national figures, all through the API (scripts/api_demo.py, run end to end)."""

import importlib.util
import io
from pathlib import Path

import pytest

from tests.api_support import PDF_BYTES
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "api_demo.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("api_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_process(portal, client):
    """Send the script's requests through Django's test client instead of a socket; all else is the script's."""

    def send(method, path, body=None, headers=None):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in {**portal.headers, **(headers or {})}.items()}
        content_type = extra.pop("HTTP_CONTENT_TYPE", "application/json")
        response = client.generic(method, path, body or b"", content_type=content_type, **extra)
        payload = response.json() if response.content else None
        return response.status_code, dict(response.headers), payload

    portal.send = send
    return portal


@pytest.mark.django_db
def test_the_demo_script_reads_the_plan_submits_the_2025_h1_report_and_reads_the_national_figures(cast, plan, client):
    from api import services
    from reporting.models import Report

    # Given the 2025-H1 period and a token an admin issued to the Hà Nội officer
    periods(plan)
    key = services.api_token_issue(owner=cast["hanoi"], user=cast["admin"])
    demo = _load_script()
    portal = _in_process(demo.Portal("http://testserver", key), client)
    out = io.StringIO()
    # When the script runs
    seen = demo.run(portal, PDF_BYTES, "2025-H1", out=out)
    # Then it read the plan, its report is submitted with what it sent, and it read all 16 national figures
    assert seen["plan"]["code"] == "808/QĐ-LĐTBXH" and len(seen["tasks"]) == 20
    report = Report.objects.get(agency=cast["hanoi"].agency, period__code="2025-H1")
    assert report.status == "submitted" and report.budget_local == 850_000_000
    assert report.figures.get(target__code="1").numerator == 412
    assert report.attachments.filter(kind="official_report").count() == 1
    assert [f["target"]["code"] for f in seen["national"]["figures"]][:3] == ["1", "2a", "2b"]
    assert "Đã gửi lúc" in out.getvalue()


def test_a_refused_request_stops_the_script_with_the_fields_messages():
    demo = _load_script()
    portal = demo.Portal("http://testserver", "x")
    portal.send = lambda *args, **kwargs: (400, {}, {"budget_local": ["Số tiền không được âm."]})
    with pytest.raises(demo.ApiError) as raised:
        portal.call("PATCH", "/api/v1/reports/1/", {"budget_local": -1})
    assert raised.value.status == 400 and "Số tiền không được âm." in str(raised.value)
