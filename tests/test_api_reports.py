"""Reports through the API: the same rules and services as the pages, 404 for what a user may not know."""

import pytest

from tests.api_support import complete_payload, pdf_upload, results, session_client, token_client
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture
def hanoi_report(cast, h1):
    """The Hà Nội DOLISA's 2025-H1 draft, started through the API."""
    response = token_client(cast["hanoi"]).post(REPORTS, {"period": "2025-H1"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _patch(client, report, body, **headers):
    return client.patch(f"{REPORTS}{report['id']}/", body, format="json", **headers)


# -- create -------------------------------------------------------------------------------------------


def test_an_officer_starts_its_report_once(cast, h1):
    client = token_client(cast["hanoi"])
    first = client.post(REPORTS, {"period": "2025-H1"}, format="json")
    again = client.post(REPORTS, {"period": "2025-H1"}, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    body = first.json()
    assert body["agency"]["code"] == "so-ldtbxh-ha-noi" and body["status"] == "draft"
    assert first["ETag"] == f'"{body["version"]}"'
    assert body["figures"] and body["tasks"]
    assert "budget_central" in body["missing"]


@pytest.mark.parametrize("role", ["reviewer", "viewer", "admin"])
def test_roles_that_do_not_report_cannot_start_a_report(cast, h1, role):
    from agencies.models import Agency

    hanoi = Agency.objects.get(code="so-ldtbxh-ha-noi")
    response = token_client(cast[role]).post(REPORTS, {"period": "2025-H1", "agency": hanoi.pk}, format="json")
    assert response.status_code in (400, 403)
    assert response.status_code == 403 or "agency" in response.json()


def test_an_officer_cannot_start_another_agencys_report(cast, h1):
    from agencies.models import Agency

    hcm = Agency.objects.get(code="so-ldtbxh-ho-chi-minh")
    response = token_client(cast["hanoi"]).post(REPORTS, {"period": "2025-H1", "agency": hcm.pk}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "period"),
        ({"period": "2031-H1"}, "period"),
        ({"period": "2025-H1", "agency": 987654}, "agency"),
        ({"period": "2025-H1", "colour": "xanh"}, "colour"),
    ],
)
def test_a_bad_create_request_names_its_field(cast, h1, body, field):
    response = token_client(cast["hanoi"]).post(REPORTS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


# -- who sees what ----------------------------------------------------------------------------------

DRAFT_VISIBILITY = {"hanoi": 200, "hcm": 404, "police": 404, "viewer": 404, "reviewer": 200, "admin": 200}


@pytest.mark.parametrize(("role", "expected"), DRAFT_VISIBILITY.items())
@pytest.mark.parametrize("suffix", ["", "figures/", "tasks/", "attachments/"])
def test_a_draft_is_seen_by_its_agency_and_the_ministry_only(cast, hanoi_report, role, expected, suffix):
    response = token_client(cast[role]).get(f"{REPORTS}{hanoi_report['id']}/{suffix}")
    assert response.status_code == expected


def test_another_agencys_token_never_lists_or_reads_its_drafts(cast, hanoi_report):
    client = token_client(cast["hcm"])
    assert results(client.get(REPORTS)) == []
    assert results(client.get(REPORTS, {"agency_code": "so-ldtbxh-ha-noi"})) == []
    for method, path in [
        ("get", ""),
        ("patch", ""),
        ("post", "submit/"),
        ("get", "figures/"),
        ("get", "tasks/"),
        ("post", "attachments/"),
    ]:
        response = getattr(client, method)(f"{REPORTS}{hanoi_report['id']}/{path}", {}, format="json")
        assert response.status_code == 404, (method, path, response.status_code)


def test_reports_filter_by_period_status_and_agency(cast, hanoi_report):
    client = token_client(cast["reviewer"])
    assert [r["id"] for r in results(client.get(REPORTS, {"period": "2025-H1"}))] == [hanoi_report["id"]]
    assert results(client.get(REPORTS, {"period": "2024-H1"})) == []
    assert len(results(client.get(REPORTS, {"status": "draft"}))) == 1
    assert results(client.get(REPORTS, {"status": "accepted"})) == []
    assert len(results(client.get(REPORTS, {"agency": hanoi_report["agency"]["id"]}))) == 1
    bad = client.get(REPORTS, {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.json()


def test_the_report_list_runs_a_fixed_number_of_queries(cast, plan, h1, django_assert_max_num_queries):
    from agencies.models import Agency
    from reporting.models import Report

    Report.objects.bulk_create(
        Report(agency=a, period=h1) for a in Agency.objects.filter(kind="provincial_dolisa").order_by("code")[:30]
    )
    client = token_client(cast["reviewer"])
    with django_assert_max_num_queries(8):
        response = client.get(REPORTS)
    assert response.json()["count"] == 30


# -- save: version check and bad input ---------------------------------------------------------------


def test_a_save_with_the_version_read_is_written_and_bumps_the_etag(cast, hanoi_report):
    client = token_client(cast["hanoi"])
    response = _patch(client, hanoi_report, {"version": hanoi_report["version"], "budget_local": 1_250_000})
    assert response.status_code == 200, response.content
    assert response.json()["budget_local"] == 1_250_000
    assert response["ETag"] == f'"{hanoi_report["version"] + 1}"'


def test_a_stale_version_is_refused_with_409_and_nothing_is_overwritten(cast, hanoi_report):
    # Given two clients that read the same version
    first, second = token_client(cast["hanoi"]), session_client(cast["hanoi"])
    version = hanoi_report["version"]
    # When the first saves, then the second saves from the version it read
    assert _patch(first, hanoi_report, {"version": version, "proposals": "Bản của người thứ nhất"}).status_code == 200
    second.credentials(HTTP_X_CSRFTOKEN=_csrf(second))
    stale = _patch(second, hanoi_report, {"version": version, "proposals": "Bản của người thứ hai"})
    # Then the second is refused and the first one's text stays
    assert stale.status_code == 409
    assert "phiên bản" in stale.json()["detail"]
    assert first.get(f"{REPORTS}{hanoi_report['id']}/").json()["proposals"] == "Bản của người thứ nhất"


def _csrf(client) -> str:
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    return token


def test_if_match_with_a_stale_etag_is_refused_with_412(cast, hanoi_report):
    client = token_client(cast["hanoi"])
    etag = f'"{hanoi_report["version"]}"'
    assert _patch(client, hanoi_report, {"proposals": "Một"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = _patch(client, hanoi_report, {"proposals": "Hai"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert _patch(client, hanoi_report, {"proposals": "Hai"}, HTTP_IF_MATCH='"999"').status_code == 412
    assert _patch(client, hanoi_report, {"proposals": "Hai"}, HTTP_IF_MATCH="rubbish").status_code == 412


def test_a_save_naming_no_version_is_refused_with_428(cast, hanoi_report):
    response = _patch(token_client(cast["hanoi"]), hanoi_report, {"proposals": "Không có phiên bản"})
    assert response.status_code == 428
    assert response.json()["detail"]


def test_a_session_write_without_the_csrf_token_is_refused(cast, hanoi_report):
    response = _patch(session_client(cast["hanoi"]), hanoi_report, {"version": 1, "proposals": "x"})
    assert response.status_code == 403


def _task_code(report):
    return report["tasks"][0]["task"]["code"]


BAD_FIELDS = [
    ("results", "x" * 20001, "results"),
    ("limitations", "x" * 20001, "limitations"),
    ("proposals", "x" * 20001, "proposals"),
    ("budget_central", -1, "budget_central"),
    ("budget_local", 1.5, "budget_local"),
    ("budget_other", "nhiều", "budget_other"),
    ("dispatch_number", "một hai ba", "dispatch_number"),
    ("dispatch_date", "31/02/2025", "dispatch_date"),
    ("dispatch_date", "2099-01-01", "dispatch_date"),
    ("dispatch_signer", "x" * 121, "dispatch_signer"),
    ("dispatch_signer_position", "x" * 121, "dispatch_signer_position"),
    ("figures", {"1": {"numerator": 700, "denominator": 579}}, "figures.1.numerator"),
    ("figures", {"1": {"denominator": -5}}, "figures.1.denominator"),
    ("figures", {"1": {"numerator": "bảy"}}, "figures.1.numerator"),
    ("figures", {"4": {"yes_no": "có lẽ"}}, "figures.4.yes_no"),
    ("figures", {"2b": {"months": ["2025-09"]}}, "figures.2b.months"),
    ("figures", {"2b": {"items": -1}}, "figures.2b.items"),
    ("figures", {"1": {"note": "x" * 2001}}, "figures.1.note"),
    ("figures", {"1": {"warning_comment": "x" * 2001}}, "figures.1.warning_comment"),
    ("figures", {"1": {"value": 3}}, "figures.1.value"),
    ("figures", {"99z": {"numerator": 1}}, "figures.99z"),
    ("figures", {"1": 5}, "figures.1.non_field_errors"),
    ("tasks", {"@": {"status": "xong rồi"}}, "tasks.@.status"),
    ("tasks", {"@": {"results": "x" * 10001}}, "tasks.@.results"),
    ("tasks", {"@": {"difficulties": "x" * 5001}}, "tasks.@.difficulties"),
    ("tasks", {"@": {"proposals": "x" * 5001}}, "tasks.@.proposals"),
    ("tasks", {"9.9": {"status": "done"}}, "tasks.9.9"),
    ("colour", "xanh", "colour"),
    ("version", "mới nhất", "version"),
]


@pytest.mark.parametrize(("field", "value", "key"), BAD_FIELDS, ids=[f"{k}={str(v)[:12]}" for _f, v, k in BAD_FIELDS])
def test_each_bad_field_gets_its_message_and_nothing_is_saved(cast, hanoi_report, field, value, key):
    code = _task_code(hanoi_report)
    if field == "tasks":
        value = {k.replace("@", code): v for k, v in value.items()}
        key = key.replace("@", code)
    client = token_client(cast["hanoi"])
    body = {"version": hanoi_report["version"], "results": "Phần hợp lệ", field: value}
    if field == "version":
        body = {"version": value}
    # When one field is bad among good ones
    response = _patch(client, hanoi_report, body)
    # Then the answer names that field with a Vietnamese message, and the good field is not saved either
    assert response.status_code == 400, response.content
    errors = response.json()
    assert key in errors, errors
    assert all(isinstance(m, str) and m for m in errors[key])
    after = client.get(f"{REPORTS}{hanoi_report['id']}/").json()
    assert after["version"] == hanoi_report["version"]
    assert after["results"] == ""


# -- the workflow ---------------------------------------------------------------------------------------


def _fill_and_attach(client, report):
    response = _patch(client, report, {"version": report["version"], **complete_payload(report)})
    assert response.status_code == 200, response.content
    upload = client.post(
        f"{REPORTS}{report['id']}/attachments/", {"kind": "official_report", "file": pdf_upload()}, format="multipart"
    )
    assert upload.status_code == 201, upload.content
    return client.get(f"{REPORTS}{report['id']}/").json()


def test_submitting_an_incomplete_report_lists_what_is_missing(cast, hanoi_report):
    response = token_client(cast["hanoi"]).post(f"{REPORTS}{hanoi_report['id']}/submit/", {}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "budget_central" in errors and "attachments" in errors
    assert any(key.startswith("figures.") for key in errors)


def test_submit_return_resubmit_accept_reopen(cast, hanoi_report):
    officer, reviewer, admin, viewer = (token_client(cast[r]) for r in ("hanoi", "reviewer", "admin", "viewer"))
    url = f"{REPORTS}{hanoi_report['id']}/"
    # Given a filled report with its signed PDF
    report = _fill_and_attach(officer, hanoi_report)
    assert report["missing"] == {}
    # When the officer submits it
    submitted = officer.post(f"{url}submit/", {}, format="json", HTTP_IF_MATCH=f'"{report["version"]}"')
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted" and submitted.json()["is_on_time"] is False
    # Then it is locked for the officer, and only the reviewer may act on it
    assert _patch(officer, report, {"version": submitted.json()["version"], "proposals": "x"}).status_code == 403
    assert officer.post(f"{url}accept/", {}, format="json").status_code == 403
    assert viewer.get(url).status_code == 404
    # The reviewer returns it: a comment is required
    no_comment = reviewer.post(f"{url}return/", {}, format="json")
    assert no_comment.status_code == 400 and "comment" in no_comment.json()
    returned = reviewer.post(f"{url}return/", {"comment": "Bổ sung số liệu chỉ tiêu 6."}, format="json")
    assert returned.json()["status"] == "returned"
    assert returned.json()["events"][-1]["comment"] == "Bổ sung số liệu chỉ tiêu 6."
    # The officer sends it again, the reviewer accepts it
    assert officer.post(f"{url}submit/", {}, format="json").json()["status"] == "submitted"
    accepted = reviewer.post(f"{url}accept/", {}, format="json")
    assert accepted.json()["status"] == "accepted"
    # An accepted report is readable by viewers; only an admin reopens it, with a reason
    assert viewer.get(url).status_code == 200
    assert reviewer.post(f"{url}reopen/", {"reason": "Sửa"}, format="json").status_code == 403
    no_reason = admin.post(f"{url}reopen/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    reopened = admin.post(f"{url}reopen/", {"reason": "Sai số liệu chỉ tiêu 1."}, format="json")
    assert reopened.json()["status"] == "returned"
    actions = [e["action"] for e in reopened.json()["events"]]
    assert actions == ["create", "submit", "return", "submit", "accept", "reopen"]


def test_an_action_with_a_stale_if_match_is_refused(cast, hanoi_report):
    officer = token_client(cast["hanoi"])
    report = _fill_and_attach(officer, hanoi_report)
    stale = f'"{report["version"] - 1}"'
    response = officer.post(f"{REPORTS}{report['id']}/submit/", {}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert officer.get(f"{REPORTS}{report['id']}/").json()["status"] == "draft"


def test_reviewer_comments_per_section(cast, hanoi_report):
    officer, reviewer = token_client(cast["hanoi"]), token_client(cast["reviewer"])
    report = _fill_and_attach(officer, hanoi_report)
    officer.post(f"{REPORTS}{report['id']}/submit/", {}, format="json")
    bad = reviewer.post(f"{REPORTS}{report['id']}/comments/", {"section": "gì đó", "text": ""}, format="json")
    assert bad.status_code == 400 and {"section", "text"} <= set(bad.json())
    good = reviewer.post(
        f"{REPORTS}{report['id']}/comments/", {"section": "budget", "text": "Ghi rõ nguồn."}, format="json"
    )
    assert good.status_code == 201
    assert (
        officer.post(
            f"{REPORTS}{report['id']}/comments/", {"section": "budget", "text": "x"}, format="json"
        ).status_code
        == 403
    )


def test_figures_and_task_progress_sub_resources(cast, hanoi_report):
    client = token_client(cast["hanoi"])
    _patch(
        client,
        hanoi_report,
        {"version": hanoi_report["version"], "figures": {"1": {"numerator": 3, "denominator": 10}}},
    )
    figures = client.get(f"{REPORTS}{hanoi_report['id']}/figures/").json()
    first = next(f for f in figures if f["target"]["code"] == "1")
    assert (first["numerator"], first["denominator"], first["is_filled"]) == (3, 10, True)
    tasks = client.get(f"{REPORTS}{hanoi_report['id']}/tasks/", {"group": "1"}).json()
    assert tasks and all(t["task"]["group"] == "1" for t in tasks)


def test_attachments_are_checked_downloaded_and_removed(cast, hanoi_report):
    client = token_client(cast["hanoi"])
    url = f"{REPORTS}{hanoi_report['id']}/attachments/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    bad = client.post(url, {"kind": "official_report", "file": fake}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()
    good = client.post(url, {"kind": "official_report", "file": pdf_upload()}, format="multipart").json()
    download = client.get(good["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert token_client(cast["hcm"]).get(good["download"]).status_code == 404
    assert client.delete(f"{url}{good['id']}/").status_code == 204
    assert client.get(url).json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({"kind": "ảnh chụp"}, "kind"), ({"kind": "official_report"}, "file")],
)
def test_a_bad_attachment_names_its_field(cast, hanoi_report, body, field):
    client = token_client(cast["hanoi"])
    if field == "kind":
        body = {**body, "file": pdf_upload()}
    response = client.post(f"{REPORTS}{hanoi_report['id']}/attachments/", body, format="multipart")
    assert response.status_code == 400
    assert field in response.json()
