"""Input that used to answer 500 or lose what was typed: Unicode digits, control characters, decomposed
Vietnamese, a huge narrative, deeply nested JSON, and a save after the report moved on."""

import unicodedata

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Report
from tests.api_support import token_client
from tests.reporting_helpers import complete_data, periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db

TYPED = "Đánh giá đã gõ dài."


def form_post(report, **fields) -> dict:
    data = {"version": str(report.version), "action": "save", "results": TYPED}
    data["fig-1-numerator"] = "420"
    data["fig-1-denominator"] = "579"
    data["task-1.1-results"] = "Tổ chức 12 lớp tập huấn."
    data.update(fields)
    return data


NOT_DIGITS = "Phải là một số nguyên viết bằng chữ số 0-9, ví dụ 1.250.000."
HIDDEN = "Có một ký tự ẩn không lưu được"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fig-1-denominator", "²", NOT_DIGITS),
        ("budget_local", "①", NOT_DIGITS),
        ("fig-2b-items", "１２", NOT_DIGITS),
        ("limitations", "Khó\x00khăn", HIDDEN),
        ("proposals", "Đề\x01xuất", HIDDEN),
        ("dispatch_signer", "Nguyễn\x00Văn A", HIDDEN),
        ("fig-1-note", "ghi\x00chú", HIDDEN),
        ("task-1.1-difficulties", "\x00", HIDDEN),
        ("task-1.1-proposals", "x\x1b[31m", HIDDEN),
    ],
)
def test_unicode_digits_and_control_characters_get_a_message_beside_the_field(
    officer_client, report, field, value, message
):
    response = officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, **{field: value}))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and f'id="err_{field}"' in page
    # the rest is saved; the refused value is not, and the page shows it less the hidden character
    report.refresh_from_db()
    assert report.results == TYPED and report.version == 2
    assert "\x00" not in page and "\x01" not in page
    assert report.limitations == "" and report.proposals == "" and report.dispatch_signer == ""


def test_a_word_line_break_is_kept_as_a_line_break(officer_client, report):
    officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, proposals="Dòng 1\x0bDòng 2"))
    report.refresh_from_db()
    assert report.proposals == "Dòng 1\nDòng 2"


def test_decomposed_vietnamese_is_stored_composed(officer_client, report):
    nfd = unicodedata.normalize("NFD", TYPED)
    assert nfd != TYPED
    officer_client.post(reverse("report-edit", args=[report.pk]), form_post(report, results=nfd))
    report.refresh_from_db()
    assert report.results == TYPED


def test_a_decomposed_search_finds_the_agency(client, hanoi_officer):
    client.force_login(hanoi_officer)
    nfd = unicodedata.normalize("NFD", "Hà Nội")

    page = client.get(reverse("agency-directory"), {"q": nfd}).content.decode()
    api = token_client(hanoi_officer).get("/api/v1/agencies/", {"q": nfd}).json()

    assert "Sở LĐTBXH thành phố Hà Nội" in page or "thành phố Hà Nội" in page
    assert api["count"] > 0
    assert any("Hà Nội" in row["name"] for row in api["results"])


def test_a_nul_in_a_search_is_not_an_error(client, hanoi_officer):
    client.force_login(hanoi_officer)
    assert client.get(reverse("agency-directory"), {"q": "Hà\x00Nội"}).status_code == 200


def test_a_10_mb_narrative_gets_the_length_message_beside_it_and_the_rest_is_saved(officer_client, report):
    response = officer_client.post(
        reverse("report-edit", args=[report.pk]), form_post(report, proposals="x" * 10_000_000)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tối đa 20.000 ký tự (đã nhập 10.000.000)." in page and 'id="err_proposals"' in page
    report.refresh_from_db()
    assert report.results == TYPED and report.proposals == ""


def test_a_body_past_the_limit_gets_a_vietnamese_page(officer_client, report):
    response = officer_client.post(
        reverse("report-edit", args=[report.pk]), form_post(report, proposals="x" * 17_000_000)
    )
    assert response.status_code == 400
    assert "Nội dung gửi lên quá lớn" in response.content.decode()


# -- the API ------------------------------------------------------------------------------------------


def _patch(user, report, body):
    return token_client(user).patch(f"/api/v1/reports/{report.pk}/", {"version": report.version, **body}, format="json")


@pytest.mark.parametrize("value", ["Đánh\\u0000giá", "Đánh\\u000egiá", "\\ud800"])
def test_the_api_refuses_a_control_character_in_json_with_a_vietnamese_message(report, hanoi_officer, value):
    response = token_client(hanoi_officer).patch(
        f"/api/v1/reports/{report.pk}/",
        f'{{"version": {report.version}, "results": "{value}"}}'.encode(),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert HIDDEN in response.json()["results"][0]


def test_the_api_stores_decomposed_text_composed(report, hanoi_officer):
    nfd = unicodedata.normalize("NFD", TYPED)
    response = token_client(hanoi_officer).patch(
        f"/api/v1/reports/{report.pk}/",
        f'{{"version": {report.version}, "results": "{nfd}"}}'.encode(),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.results == TYPED


def test_deeply_nested_json_is_a_json_400(report, hanoi_officer):
    response = token_client(hanoi_officer).patch(
        f"/api/v1/reports/{report.pk}/", b"[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"non_field_errors": ["JSON lồng nhau quá nhiều tầng."]}


def test_a_10_mb_narrative_in_the_api_gets_the_length_message(report, hanoi_officer):
    response = _patch(hanoi_officer, report, {"proposals": "x" * 10_000_000})
    assert response.status_code == 400
    assert response.json() == {"proposals": ["Tối đa 20.000 ký tự (đã nhập 10.000.000)."]}


# -- a save after the report moved on -------------------------------------------------------------


def test_a_save_after_a_colleague_submitted_keeps_the_text_and_says_why(officer_client, report, hanoi_officer):
    # Given the officer opened the form, and a colleague then completed and submitted the report
    opened = report.version
    saved = services.report_save(report=report, user=hanoi_officer, data=complete_data(report), expected_version=opened)
    from tests.reporting_helpers import pdf_file

    services.report_attach(report=saved, user=hanoi_officer, file=pdf_file(), kind="official_report")
    services.report_submit(report=Report.objects.get(pk=report.pk), user=hanoi_officer)

    # When the officer saves what they typed
    response = officer_client.post(
        reverse("report-edit", args=[report.pk]), form_post(report, version=str(opened), proposals="Của tôi")
    )

    # Then nothing is saved, the text is on screen, and the page says who submitted it
    page = response.content.decode()
    assert response.status_code == 409
    assert "Của tôi" in page and TYPED in page
    assert "Chưa lưu được" in page and "“Gửi”" in page
    assert 'value="save"' not in page  # no Save button that could only fail again
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.proposals != "Của tôi"


def test_a_save_after_the_reviewer_accepted_keeps_the_text(officer_client, report, hanoi_officer, reviewer):
    opened = report.version
    saved = services.report_save(report=report, user=hanoi_officer, data=complete_data(report), expected_version=opened)
    from tests.reporting_helpers import pdf_file

    services.report_attach(report=saved, user=hanoi_officer, file=pdf_file(), kind="official_report")
    services.report_submit(report=Report.objects.get(pk=report.pk), user=hanoi_officer)
    services.report_accept(report=Report.objects.get(pk=report.pk), user=reviewer)

    response = officer_client.post(
        reverse("report-edit", args=[report.pk]), form_post(report, version=str(opened), proposals="Của tôi")
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Của tôi" in page and "“Tiếp nhận”" in page


def test_a_review_comment_with_a_control_character_is_refused_beside_the_field(client, h1, hanoi_officer, reviewer):
    from tests.reporting_helpers import filled_report

    report = filled_report(h1, hanoi_officer)
    services.report_submit(report=report, user=hanoi_officer)
    client.force_login(reviewer)

    response = client.post(reverse("report-return", args=[report.pk]), {"comment": "Bổ sung\x01 số liệu"})

    assert response.status_code == 400
    assert HIDDEN in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_the_api_refuses_unicode_digits_in_vietnamese(report, hanoi_officer):
    response = _patch(hanoi_officer, report, {"figures": {"1": {"denominator": "²"}}})
    assert response.status_code == 400
    assert response.json() == {"figures.1.denominator": [NOT_DIGITS]}


def test_a_review_comment_through_the_api_with_a_nul_is_refused_in_vietnamese(h1, hanoi_officer, reviewer):
    from tests.reporting_helpers import filled_report

    report = filled_report(h1, hanoi_officer)
    services.report_submit(report=report, user=hanoi_officer)

    response = token_client(reviewer).post(
        f"/api/v1/reports/{report.pk}/comments/",
        b'{"section": "figures", "text": "Xem l\\u0000\\u1ea1i"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert HIDDEN in response.json()["text"][0]
