"""Tokens (issued and revoked by admins, audited), throttling per user and per token, national and
provincial figures by role, and export jobs through the API."""

import pytest
from knox.models import AuthToken

from tests.api_support import pdf_upload, session_client, token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


# -- tokens: issued and revoked by admins on the tokens page, through api.services -------------------


def test_an_admin_issues_a_token_shown_once_and_the_log_keeps_who_did_it(cast, client):
    from api.models import ApiTokenEvent

    client.force_login(cast["admin"])
    page = client.post(f"/api/tokens/{cast['hanoi'].pk}/issue/")
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key and key in page.content.decode()
    # Only a digest is stored: the key itself is nowhere in the database
    stored = AuthToken.objects.get(user=cast["hanoi"])
    assert key not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    # The new key works at once, and the list page no longer shows it
    api = token_client_with_key(key)
    assert api.get("/api/v1/plans/").status_code == 200
    assert key not in client.get("/api/tokens/").content.decode()
    event = ApiTokenEvent.objects.get()
    assert (event.owner, event.actor, event.action, event.key_hint) == (cast["hanoi"], cast["admin"], "issue", key[-4:])
    assert event.ip_address == "127.0.0.1"


def token_client_with_key(key):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_reissuing_replaces_the_old_key_and_revoking_ends_it(cast, client):
    from api import services
    from api.models import ApiTokenEvent

    first = services.api_token_issue(owner=cast["police"], user=cast["admin"])
    second = services.api_token_issue(owner=cast["police"], user=cast["admin"])
    assert token_client_with_key(first).get("/api/v1/plans/").status_code == 401
    assert token_client_with_key(second).get("/api/v1/plans/").status_code == 200
    client.force_login(cast["admin"])
    assert client.post(f"/api/tokens/{cast['police'].pk}/revoke/").status_code == 302
    assert token_client_with_key(second).get("/api/v1/plans/").status_code == 401
    assert list(ApiTokenEvent.objects.order_by("pk").values_list("action", flat=True)) == ["issue", "issue", "revoke"]


@pytest.mark.parametrize("role", ["reviewer", "hanoi", "hcm", "police", "viewer"])
def test_only_admins_manage_tokens(cast, client, role):
    client.force_login(cast[role])
    assert client.get("/api/tokens/").status_code == 403
    assert client.post(f"/api/tokens/{cast[role].pk}/issue/").status_code == 403
    assert not AuthToken.objects.filter(user=cast[role]).exists()


def test_a_deactivated_users_token_stops_working(cast):
    client = token_client(cast["hanoi"])
    cast["hanoi"].is_active = False
    cast["hanoi"].save()
    assert client.get("/api/v1/plans/").status_code == 401


def test_a_reactivated_users_old_token_does_not_work_again(cast):
    from accounts import services as accounts_services
    from api import services
    from api.models import ApiTokenEvent

    # given a token, then its user deactivated and reactivated by an admin
    key = services.api_token_issue(owner=cast["hanoi"], user=cast["admin"])
    assert token_client_with_key(key).get("/api/v1/plans/").status_code == 200
    accounts_services.user_deactivate(target=cast["hanoi"], user=cast["admin"])
    accounts_services.user_reactivate(target=cast["hanoi"], user=cast["admin"])
    # then the old key is refused, and the log says who ended it
    assert token_client_with_key(key).get("/api/v1/plans/").status_code == 401
    ended = ApiTokenEvent.objects.filter(owner=cast["hanoi"]).latest("pk")
    assert (ended.action, ended.actor, ended.key_hint) == ("revoke", cast["admin"], key[-4:])


def test_a_password_change_ends_the_users_token(cast, client):
    from django.urls import reverse

    from api import services
    from tests.conftest import PASSWORD

    key = services.api_token_issue(owner=cast["hanoi"], user=cast["admin"])
    client.force_login(cast["hanoi"])
    new = "Mat-Khau-Moi-Rat-Dai-2026"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert token_client_with_key(key).get("/api/v1/plans/").status_code == 401


def test_a_password_set_by_email_reset_or_in_the_admin_ends_the_token_too(cast):
    from accounts.admin import AdminPasswordChangeForm
    from accounts.forms import SetPasswordForm
    from api import services

    new = "Mat-Khau-Moi-Rat-Dai-2026"
    for form_class in (SetPasswordForm, AdminPasswordChangeForm):
        key = services.api_token_issue(owner=cast["hcm"], user=cast["admin"])
        data = {"new_password1": new, "new_password2": new, "password1": new, "password2": new}
        form = form_class(cast["hcm"], data)
        assert form.is_valid(), form.errors
        form.save()
        assert token_client_with_key(key).get("/api/v1/plans/").status_code == 401, form_class


def test_plain_text_tokens_of_drf_are_hashed_by_the_migration_and_keep_working(cast):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("api.migrations.0002_hash_existing_tokens")
    # given DRF's table with a plain-text key, as a database made before the change has
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            ["9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "2025-01-02 03:04:05", cast["hanoi"].pk],
        )
    # when the data migration runs
    # (the function reads only the editor's connection; SQLite opens no schema editor inside a test's transaction)
    migration.hash_plain_tokens(apps, SimpleNamespace(connection=connection))
    # then the old key still authenticates, and no plain key is left in the database
    assert token_client_with_key("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b").get("/api/v1/plans/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DROP TABLE authtoken_token")
    assert AuthToken.objects.get(user=cast["hanoi"]).token_key == "9944b09199c62bc"


def test_a_token_carries_its_users_roles_only(cast, plan):
    periods(plan)
    # A viewer's token reads but cannot start a report; the officer's can.
    assert (
        token_client(cast["viewer"]).post("/api/v1/reports/", {"period": "2025-H1"}, format="json").status_code == 403
    )
    assert token_client(cast["hanoi"]).post("/api/v1/reports/", {"period": "2025-H1"}, format="json").status_code == 201


# -- throttling -----------------------------------------------------------------------------------------


def _rates(settings, **rates):
    base = dict.fromkeys(["user", "token", "report_write", "export"], "1000/hour")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**base, **rates}}


def test_a_user_is_throttled_across_browser_and_token(cast, plan, settings):
    _rates(settings, user="3/minute")
    token, browser = token_client(cast["hanoi"]), session_client(cast["hanoi"])
    assert [token.get("/api/v1/plans/").status_code for _ in range(2)] == [200, 200]
    assert browser.get("/api/v1/plans/").status_code == 200
    refused = browser.get("/api/v1/plans/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0 and refused.json()["detail"]
    # Another user has a budget of their own
    assert token_client(cast["hcm"]).get("/api/v1/plans/").status_code == 200


def test_a_token_has_its_own_budget_on_top_of_its_users(cast, plan, settings):
    _rates(settings, token="2/minute")
    token, browser = token_client(cast["police"]), session_client(cast["police"])
    assert [token.get("/api/v1/agencies/").status_code for _ in range(3)] == [200, 200, 429]
    # The same user's browser session is not cut off by the script's budget
    assert browser.get("/api/v1/agencies/").status_code == 200


def test_report_writes_have_a_tighter_budget(cast, plan, settings):
    periods(plan)
    _rates(settings, report_write="2/minute")
    client = token_client(cast["hanoi"])
    report = client.post("/api/v1/reports/", {"period": "2025-H1"}, format="json").json()
    ok = client.patch(
        f"/api/v1/reports/{report['id']}/", {"version": report["version"], "proposals": "a"}, format="json"
    )
    assert ok.status_code == 200
    refused = client.patch(f"/api/v1/reports/{report['id']}/", {"version": report["version"] + 1}, format="json")
    assert refused.status_code == 429
    assert client.get(f"/api/v1/reports/{report['id']}/").status_code == 200  # reads keep working


# -- national and provincial figures -----------------------------------------------------------------------

# The dispatch block the export page asks of a consolidated report (tests/test_api_dispatch.py).
DISPATCH = {"dispatch_number": "123/BC-BYT", "dispatch_date": "2025-07-02"}


@pytest.fixture
def accepted_hanoi(cast, plan):
    """Hà Nội's 2025-H1 report accepted, with target 1 at 3 of 10 communes."""
    from reporting import services
    from tests.reporting_helpers import complete_data

    period = periods(plan)["2025-H1"]
    hanoi, reviewer = cast["hanoi"], cast["reviewer"]
    report = services.report_start(agency=hanoi.agency, period=period, user=hanoi)
    data = complete_data(report)
    data["figures"]["1"] = {"numerator": "3", "denominator": "10"}
    report = services.report_save(report=report, user=hanoi, data=data, expected_version=report.version)
    services.report_attach(report=report, user=hanoi, file=pdf_upload(), kind="official_report")
    report = services.report_submit(report=report, user=hanoi)
    return services.report_accept(report=report, user=reviewer)


@pytest.mark.parametrize("role", ["reviewer", "hanoi", "hcm", "police", "viewer", "admin"])
def test_every_role_reads_the_national_figures(cast, accepted_hanoi, role, django_assert_max_num_queries):
    client = token_client(cast[role])
    body = client.get("/api/v1/national/2025-H1/").json()
    figures = {f["target"]["code"]: f for f in body["figures"]}
    assert len(figures) == 16
    one = figures["1"]
    assert (one["numerator"], one["denominator"], one["value"]) == (3, 10, "30.0")
    assert one["covered"] == 1 and one["expected"] >= 63
    # One province of 63 is too few to judge the country (indicators/README.md "Status").
    assert (one["status"], one["status_label"]) == ("insufficient", "Chưa đủ số liệu") and one["coverage_text"]
    assert one["threshold_text"] == "≥ 70%" and one["is_provisional"] is False


def test_national_figures_count_submitted_reports_only_when_asked(cast, plan):
    from reporting import services
    from tests.reporting_helpers import filled_report

    period = periods(plan)["2025-H1"]
    report = filled_report(period, cast["hanoi"])
    services.report_submit(report=report, user=cast["hanoi"])
    client = token_client(cast["viewer"])
    accepted_only = {f["target"]["code"]: f for f in client.get("/api/v1/national/2025-H1/").json()["figures"]}
    provisional = client.get("/api/v1/national/2025-H1/", {"include_submitted": "true"}).json()
    assert accepted_only["1"]["covered"] == 0
    assert {f["target"]["code"]: f for f in provisional["figures"]}["1"]["covered"] == 1
    assert provisional["include_submitted"] is True


def test_an_unknown_period_is_404(cast, plan):
    periods(plan)
    assert token_client(cast["viewer"]).get("/api/v1/national/2031-H1/").status_code == 404


PROVINCE_FIGURES = {"reviewer": 200, "admin": 200, "viewer": 200, "hanoi": 200, "hcm": 403, "police": 403}


@pytest.mark.parametrize(("role", "expected"), PROVINCE_FIGURES.items())
def test_a_provinces_figures_are_for_the_ministry_viewers_and_that_province(cast, accepted_hanoi, role, expected):
    from agencies.models import Agency

    province = Agency.objects.get(code="ubnd-ha-noi")
    response = token_client(cast[role]).get(f"/api/v1/provinces/{province.pk}/figures/", {"period": "2025-H1"})
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["reporter"]["code"] == "so-ldtbxh-ha-noi"
        one = next(f for f in body["figures"] if f["target"]["code"] == "1")
        assert one == {**one, "reported": True, "value": "30.0"}


def test_a_province_that_has_not_reported_is_missing_not_zero(cast, accepted_hanoi):
    from agencies.models import Agency

    province = Agency.objects.get(code="ubnd-ho-chi-minh")
    body = token_client(cast["hcm"]).get(f"/api/v1/provinces/{province.pk}/figures/", {"period": "2025-H1"}).json()
    assert all(f["reported"] is False and f["value"] is None for f in body["figures"])


def test_province_figures_need_a_period_and_a_province(cast, accepted_hanoi):
    from agencies.models import Agency

    client = token_client(cast["reviewer"])
    province = Agency.objects.get(code="ubnd-ha-noi")
    missing = client.get(f"/api/v1/provinces/{province.pk}/figures/")
    assert missing.status_code == 400 and "period" in missing.json()
    not_a_province = Agency.objects.get(code="bo-cong-an")
    assert client.get(f"/api/v1/provinces/{not_a_province.pk}/figures/", {"period": "2025-H1"}).status_code == 404


# -- exports ----------------------------------------------------------------------------------------------


def test_an_admin_asks_for_a_workbook_polls_and_downloads_it(cast, accepted_hanoi, django_capture_on_commit_callbacks):
    client = token_client(cast["admin"])
    # When the admin asks for the analysts' workbook; the job runs once the request commits
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/api/v1/exports/", {"kind": "xlsx_analyst", "period": "2025-H1"}, format="json")
    assert asked.status_code == 202, asked.content
    job = asked.json()
    assert asked["Location"].endswith(f"/api/v1/exports/{job['id']}/")
    # Then polling shows it done, with a link that downloads the workbook
    polled = client.get(f"/api/v1/exports/{job['id']}/").json()
    assert polled["status"] == "done", polled
    download = client.get(polled["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_job_not_finished_cannot_be_downloaded_yet(cast, accepted_hanoi):
    client = token_client(cast["admin"])
    job = client.post(
        "/api/v1/exports/", {"kind": "pdf_consolidated", "period": "2025-H1", **DISPATCH}, format="json"
    ).json()
    assert job["status"] == "queued" and job["download"] is None
    response = client.get(f"/api/v1/exports/{job['id']}/download/")
    assert response.status_code == 409


@pytest.mark.parametrize("role", ["reviewer", "viewer", "hcm"])
def test_who_may_not_export_is_refused_and_sees_no_one_elses_jobs(cast, accepted_hanoi, role):
    admin_job = token_client(cast["admin"]).post(
        "/api/v1/exports/", {"kind": "pdf_consolidated", "period": "2025-H1", **DISPATCH}, format="json"
    )
    client = token_client(cast[role])
    refused = client.post("/api/v1/exports/", {"kind": "pdf_consolidated", "period": "2025-H1"}, format="json")
    assert refused.status_code == 403
    assert client.get("/api/v1/exports/").json()["results"] == []
    assert client.get(f"/api/v1/exports/{admin_job.json()['id']}/").status_code == 404


def test_an_officer_exports_its_own_agencys_report_only(cast, accepted_hanoi):
    from agencies.models import Agency

    client = token_client(cast["hanoi"])
    own = client.post(
        "/api/v1/exports/",
        {"kind": "pdf_agency", "period": "2025-H1", "agency": cast["hanoi"].agency_id},
        format="json",
    )
    assert own.status_code == 202
    other = Agency.objects.get(code="so-ldtbxh-ho-chi-minh").pk
    refused = client.post(
        "/api/v1/exports/", {"kind": "pdf_agency", "period": "2025-H1", "agency": other}, format="json"
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "docx", "period": "2025-H1"}, "kind"),
        ({"kind": "pdf_consolidated", "period": "2040-H1"}, "period"),
        ({"kind": "pdf_agency", "period": "2025-H1"}, "agency"),
        ({"kind": "pdf_agency", "period": "2025-H1", "agency": 987654}, "agency"),
        ({"period": "2025-H1"}, "kind"),
        ({"kind": "pdf_consolidated", "period": "2025-H1", "include_submitted": "có lẽ"}, "include_submitted"),
    ],
)
def test_a_bad_export_request_names_its_field(cast, accepted_hanoi, body, field):
    response = token_client(cast["admin"]).post("/api/v1/exports/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
