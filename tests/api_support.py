"""Builders for the API tests: a client holding a user's token, periods, a hanoi report filled for submission."""

from knox.models import AuthToken
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    """A client that authenticates as a system does: ``Authorization: Token <key>``, no session."""
    _token, key = AuthToken.objects.create(user=user, expiry=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def session_client(user) -> APIClient:
    """A client signed in with the session, as the browser is (CSRF checks on)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def results(response) -> list:
    """The rows of a paginated list answer."""
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def complete_payload(report_json: dict) -> dict:
    """A PATCH body (JSON types) that fills every figure, task and field of the report as the API returned it."""
    figures = {}
    months = None
    for figure in report_json["figures"]:
        target = figure["target"]
        if target["measure"] == "yes_no_share":
            figures[target["code"]] = {"yes_no": True}
        elif target["measure"] == "months_covered":
            months = months or [f"{report_json['period']['code'][:4]}-{m:02d}" for m in range(1, 7)]
            figures[target["code"]] = {"months": months, "items": 18}
        elif target["measure"] == "yoy_change":
            figures[target["code"]] = {"numerator": 12}
        else:
            figures[target["code"]] = {"numerator": 420, "denominator": 579}
    tasks = {
        row["task"]["code"]: {"status": "in_progress", "results": "Tổ chức 12 lớp tập huấn.", "difficulties": ""}
        for row in report_json["tasks"]
    }
    statistics = {line["code"]: {"value": 12} for line in report_json.get("statistics", [])}
    return {
        "statistics": statistics,
        "results": "Các sở, ngành đã triển khai kế hoạch.",
        "limitations": "Kinh phí hạn chế.",
        "causes": "Cán bộ cấp xã kiêm nhiệm.",
        "directions": "Tăng cường kiểm tra liên ngành.",
        "proposals": "Đề nghị Bộ bố trí thêm kinh phí.",
        "budget_central": 0,
        "budget_local": 1_250_000,
        "budget_other": 0,
        "dispatch_number": "125/BC-SLĐTBXH",
        "dispatch_date": "2025-06-10",
        "dispatch_signer": "Nguyễn Văn A",
        "dispatch_signer_position": "Phó Giám đốc",
        "figures": figures,
        "tasks": tasks,
    }


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "bao-cao-ky.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
