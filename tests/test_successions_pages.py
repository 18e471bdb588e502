"""What the text said and who does it now, side by side (issue 13, item 3)."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_task_page_shows_the_lead_as_written_and_who_carries_it_since(reorganised, client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("task-detail", args=["1.1"])).content.decode()
    # As the decision wrote it, then the Ministry of Health from the day it took the duties over
    written = page.index("Bộ Lao động - Thương binh và Xã hội</a>")
    since = page.index("từ 01/03/2025:", written)
    assert page.index("Bộ Y tế</a>", since) > since


def test_without_successions_a_task_page_shows_only_the_text(plan, client, reviewer):
    client.force_login(reviewer)
    assert "từ 01/03/2025" not in client.get(reverse("task-detail", args=["1.1"])).content.decode()


def test_an_agency_page_shows_its_successors_and_predecessors_with_dates_and_legal_basis(
    reorganised, client, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    molisa = client.get(reverse("agency-detail", args=["bo-ldtbxh"])).content.decode()
    assert "Chuyển giao từ 01/03/2025" in molisa
    assert "Nghị định số 42/2025/NĐ-CP" in molisa and "Nghị định số 25/2025/NĐ-CP" in molisa
    assert (
        reverse("agency-detail", args=["bo-y-te"]) in molisa and reverse("agency-detail", args=["bo-noi-vu"]) in molisa
    )
    with django_assert_max_num_queries(30):
        merged = client.get(reverse("agency-detail", args=["ubnd-ho-chi-minh-2025"])).content.decode()
    assert "Tiếp nhận từ 01/07/2025" in merged and "Nghị quyết số 202/2025/QH15" in merged
    for old in ("ubnd-ho-chi-minh", "ubnd-binh-duong", "ubnd-ba-ria-vung-tau"):
        assert reverse("agency-detail", args=[old]) in merged


def test_a_dissolved_agencys_page_keeps_its_reports(reorganised, client, reviewer):
    report = f.report(Agency.objects.get(code="so-ldtbxh-ha-giang"), f.period(reorganised, "2024-FY"))
    client.force_login(reviewer)
    page = client.get(reverse("agency-detail", args=["so-ldtbxh-ha-giang"])).content.decode()
    assert reverse("report-detail", args=[report.pk]) in page
    assert "30/06/2025" in page  # the day it ended


def test_another_province_does_not_see_a_provinces_reports_on_its_page(reorganised, client, hcm_officer):
    report = f.report(Agency.objects.get(code="so-ldtbxh-ha-noi"), f.period(reorganised, "2024-FY"))
    client.force_login(hcm_officer)
    page = client.get(reverse("agency-detail", args=["so-ldtbxh-ha-noi"])).content.decode()
    assert reverse("report-detail", args=[report.pk]) not in page
