"""The API's export request takes the consolidated report's signature and dispatch block (issue 16):
number and symbol, date, recipients, signer, "KT." and the title signed for, checked by the export
page's own form and service: a bad value is a JSON 400 beside the field's name, and nothing is queued."""

import datetime

import pytest

from exports.models import ExportJob
from tests import factories as f
from tests.api_support import token_client
from tests.test_api_access import accepted_hanoi  # noqa: F401
from tests.test_dispatch_block import people  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(plan):
    return f.period(plan, "2025-H1")  # due 20/6/2025: issued by Cục Bảo trợ xã hội, Ministry of Health


def body(**changes) -> dict:
    data = {
        "kind": "pdf_consolidated",
        "period": "2025-H1",
        "dispatch_number": "123/BC-BYT",
        "dispatch_date": "2025-07-02",
        "recipients": "Thủ tướng Chính phủ (để b/c)\nVăn phòng Chính phủ",
    }
    data.update(changes)
    return data


def test_an_admin_asks_for_the_consolidated_pdf_with_its_dispatch_block(admin_user, period, people):  # noqa: F811
    client = token_client(admin_user)
    response = client.post(
        "/api/v1/exports/",
        body(signer=people["deputy"].pk, signs_on_behalf=True, on_behalf_title="Bộ trưởng"),
        format="json",
    )
    assert response.status_code == 202, response.content
    job = ExportJob.objects.get(pk=response.json()["id"])
    assert (job.dispatch_number, job.dispatch_date, job.signer, job.signs_on_behalf, job.on_behalf_title) == (
        "123/BC-BYT",
        datetime.date(2025, 7, 2),
        people["deputy"],
        True,
        "Bộ trưởng",
    )
    assert job.recipients == "Thủ tướng Chính phủ (để b/c)\nVăn phòng Chính phủ"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"dispatch_number": ""}, "dispatch_number", "Nhập số và ký hiệu"),  # required, as on the page
        ({"dispatch_number": "số một"}, "dispatch_number", "123/BC-BYT"),  # the service's format
        ({"dispatch_number": "1/" + "X" * 60}, "dispatch_number", ""),  # too long
        ({"dispatch_date": None}, "dispatch_date", "Nhập ngày ban hành"),
        ({"dispatch_date": "02/07/2025"}, "dispatch_date", ""),
        ({"signs_on_behalf": True, "on_behalf_title": ""}, "on_behalf_title", "Ghi chức danh"),
        ({"signer": "clerk"}, "signer", ""),  # no position in the issuing body: not a signer
        ({"signer": 987654}, "signer", ""),
        ({"signer": "director-of-nowhere"}, "signer", ""),
    ],
)
def test_a_bad_dispatch_value_is_a_400_beside_its_field(admin_user, period, people, changes, field, message):  # noqa: F811
    if changes.get("signer") == "clerk":
        changes = {"signer": people["clerk"].pk}
    response = token_client(admin_user).post("/api/v1/exports/", body(**changes), format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()
    assert field in errors and message in " ".join(errors[field])
    assert not ExportJob.objects.exists()


def test_an_agencys_own_report_needs_no_dispatch_block(cast, accepted_hanoi):  # noqa: F811
    response = token_client(cast["hanoi"]).post(
        "/api/v1/exports/",
        {"kind": "pdf_agency", "period": "2025-H1", "agency": cast["hanoi"].agency_id},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert ExportJob.objects.get().dispatch_number == ""
