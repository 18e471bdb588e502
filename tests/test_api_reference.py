"""The plan, agencies, indicators and periods through the API: every signed-in role reads them."""

import pytest

from tests.api_support import results, token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["reviewer", "hanoi", "hcm", "police", "viewer", "admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/",
        "/api/v1/task-groups/",
        "/api/v1/tasks/",
        "/api/v1/collectives/",
        "/api/v1/agencies/",
        "/api/v1/indicators/",
        "/api/v1/periods/",
    ],
)
def test_every_role_reads_the_reference_lists(cast, plan, role, path):
    response = token_client(cast[role]).get(path)
    assert response.status_code == 200, response.content
    assert "results" in response.json()


@pytest.mark.parametrize(
    "path", ["/api/v1/plans/", "/api/v1/tasks/", "/api/v1/agencies/", "/api/v1/reports/", "/api/v1/periods/"]
)
def test_without_credentials_the_api_answers_401_with_a_token_challenge(client, plan, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]


def test_a_wrong_token_is_refused(client, plan):
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_the_plan_has_its_seven_groups_in_order(cast, plan):
    body = token_client(cast["hanoi"]).get(f"/api/v1/plans/{plan.pk}/").json()
    assert body["code"] == "808/QĐ-LĐTBXH"
    assert [g["code"] for g in body["groups"]] == ["1", "2", "3", "4", "5", "6", "7"]


def test_tasks_carry_activities_and_collectives_as_written_and_expanded(cast, plan, django_assert_max_num_queries):
    client = token_client(cast["hanoi"])
    with django_assert_max_num_queries(15):
        response = client.get("/api/v1/tasks/", {"on": "2025-01-01"})
    tasks = results(response)
    assert [t["code"] for t in tasks][:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert len(tasks) == 20
    assert sum(len(t["activities"]) for t in tasks) == 69
    collective = next(
        r["collective"]
        for t in tasks
        for r in t["lead"] + t["partners"]
        if r["collective"] and r["collective"]["code"] == "ubnd-cac-tinh"
    )
    entry = next(r for t in tasks for r in t["lead"] + t["partners"] if r["collective"] == collective)
    assert entry["agency"] is None and entry["written_as"]
    # On 1 January 2025 the state still had its 63 provinces.
    assert len(collective["members"]) == 63
    assert {m["kind"] for m in collective["members"]} == {"provincial_committee"}


def test_collectives_expand_to_the_provinces_existing_on_the_day_asked(cast, plan):
    import datetime

    from agencies.models import Agency

    # Given a province merged into another on 1 July 2025 (Resolution 202/2025/QH15)
    merged = Agency.objects.provinces().get(code__contains="ha-giang")
    merged.valid_to = datetime.date(2025, 6, 30)
    merged.save()
    client = token_client(cast["viewer"])
    # When the collective is expanded on either side of the date
    before = {c["code"]: c for c in results(client.get("/api/v1/collectives/", {"on": "2025-06-30"}))}
    after = {c["code"]: c for c in results(client.get("/api/v1/collectives/", {"on": "2025-07-01"}))}
    # Then the province is a member the day before and not the day after; the name stays as written
    assert len(before["ubnd-cac-tinh"]["members"]) == 63
    assert len(after["ubnd-cac-tinh"]["members"]) == 62
    assert merged.code not in {m["code"] for m in after["ubnd-cac-tinh"]["members"]}
    assert after["ubnd-cac-tinh"]["name"] == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"


def test_a_bad_date_for_the_expansion_is_a_field_error(cast, plan):
    response = token_client(cast["viewer"]).get("/api/v1/tasks/", {"on": "31/02/2025"})
    assert response.status_code == 400
    assert list(response.json()) == ["on"]


def test_tasks_filter_by_group_agency_role_and_year(cast, plan):
    from agencies.models import Agency

    client = token_client(cast["police"])
    group_4 = results(client.get("/api/v1/tasks/", {"group": "4"}))
    assert [t["code"] for t in group_4] == ["4.1", "4.2", "4.3", "4.4"]
    police = Agency.objects.get(code="bo-cong-an")
    led = results(client.get("/api/v1/tasks/", {"agency": police.pk, "role": "lead"}))
    assert led and all(any(r["agency"] and r["agency"]["code"] == "bo-cong-an" for r in t["lead"]) for t in led)
    in_2025 = results(client.get("/api/v1/tasks/", {"year": 2025}))
    assert all(t["timeframe"]["first_year"] <= 2025 <= t["timeframe"]["last_year"] for t in in_2025)


def test_indicators_hold_their_sixteen_targets(cast, plan):
    indicators = results(token_client(cast["viewer"]).get("/api/v1/indicators/"))
    assert len(indicators) == 11
    codes = [t["code"] for i in indicators for t in i["targets"]]
    assert codes == ["1", "2a", "2b", "3a", "3b", "3c", "4", "5", "6", "7", "8a", "8b", "9", "10", "11a", "11b"]
    first = indicators[0]["targets"][0]
    assert first["threshold_text"] == "≥ 70%"


def test_agencies_filter_by_kind_and_name(cast, plan):
    client = token_client(cast["viewer"])
    dolisas = client.get("/api/v1/agencies/", {"kind": "provincial_dolisa", "page_size": 100}).json()
    assert dolisas["count"] >= 63
    found = results(client.get("/api/v1/agencies/", {"q": "Công an"}))
    assert any(a["code"] == "bo-cong-an" for a in found)
    hanoi = next(a for a in results(client.get("/api/v1/agencies/", {"code": "so-ldtbxh-ha-noi"})))
    assert hanoi["province"] is not None and hanoi["province_name"] == "Hà Nội"


def test_periods_are_listed_by_due_date_with_their_windows(cast, plan):
    periods(plan)
    rows = results(token_client(cast["hanoi"]).get("/api/v1/periods/", {"year": 2025}))
    assert [p["code"] for p in rows] == ["2025-H1", "2025-FY"]
    h1 = rows[0]
    assert h1["due_date"] == "2025-06-20" and h1["window_start"] == "2024-12-15"
    assert h1["months"][0] == "2025-01" and len(h1["months"]) == 6


def test_lists_are_paginated_by_fifty(cast, plan):
    body = token_client(cast["viewer"]).get("/api/v1/agencies/").json()
    assert body["count"] > 50
    assert len(body["results"]) == 50
    assert body["next"]


def test_a_missing_object_is_404_in_json(cast, plan):
    response = token_client(cast["viewer"]).get("/api/v1/tasks/999999/")
    assert response.status_code == 404
    assert response.json()["detail"]
