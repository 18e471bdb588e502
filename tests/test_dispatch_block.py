"""The signature and dispatch block of the consolidated report: set by the reviewer before asking for the
PDF (number and symbol, date, recipients, signer, "KT." when a deputy signs), printed in the PDF, carried
to the issued report; never a blank signer's name."""

import datetime

import pytest
from django.urls import reverse

from exports import pdf
from exports.models import ExportJob, IssuedReport
from exports.services import issued_report_issue
from reporting.demo import fill_period
from tests import factories as f
from tests.conftest import make_user
from tests.reporting_helpers import CONSOLIDATED_SAMPLE, consolidated_period, issuing_director
from tests.test_pdf import flat, text_of


@pytest.fixture
def period(plan):
    return consolidated_period(plan)


@pytest.fixture
def people(reorganised):
    """The issuing body's people: a clerk without a position, its director, and the ministry's deputy minister."""
    clerk = make_user("vanthu", "cuc-btxh-byt", "viewer")
    director = issuing_director()
    deputy = make_user("thutruong", "bo-y-te", "viewer", first_name="Thị Lan", last_name="Nguyễn")
    deputy.position = "Thứ trưởng"
    deputy.save()
    return {"clerk": clerk, "director": director, "deputy": deputy}


def form_data(period, **changes) -> dict:
    data = {
        "kind": "pdf_consolidated",
        "period": period.pk,
        "agency": "",
        "dispatch_number": "123/BC-BYT",
        "dispatch_date": "2025-07-02",
        "recipients": "Thủ tướng Chính phủ (để b/c)\nVăn phòng Chính phủ",
        "signer": "",
        "on_behalf_title": "Bộ trưởng",
    }
    data.update(changes)
    return data


def test_the_reviewer_sets_number_date_recipients_and_a_deputy_signing_on_behalf(
    client, admin_user, period, people, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    page = client.get(reverse("export-list")).content.decode()
    # The recipients come prefilled from the letterhead; the signer is chosen among the issuing body's people
    assert "Thủ tướng Chính phủ (để b/c)" in page
    assert "Nguyễn Thị Lan — Thứ trưởng" in page and "vanthu" not in page

    # When the admin asks for the PDF signed by the deputy minister on behalf of the minister
    data = form_data(period, signer=people["deputy"].pk, signs_on_behalf="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export-list"), data)

    # Then the job keeps the block and the PDF prints it: number, date, recipients, KT. lines, the name
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.dispatch_number, job.dispatch_date, job.signer, job.signs_on_behalf) == (
        "123/BC-BYT",
        datetime.date(2025, 7, 2),
        people["deputy"],
        True,
    )
    assert job.status == ExportJob.Status.DONE, job.error
    _reader, pages = text_of(job.file.open("rb").read())
    first, text = flat(pages[:1]), flat(pages)
    assert "Số: 123/BC-BYT" in first
    assert "ngày 02 tháng 7 năm 2025" in first
    assert "KT. BỘ TRƯỞNG" in text and "THỨ TRƯỞNG" in text
    assert text.index("KT. BỘ TRƯỞNG") < text.index("THỨ TRƯỞNG") < text.rindex("Nguyễn Thị Lan")
    assert "- Văn phòng Chính phủ;" in text
    assert "UBND các tỉnh" not in text  # the reviewer's list, not the default one

    # When the reviewer issues it, the issue carries the job's number and symbol
    reviewer = make_user("ban-hanh", "cuc-btxh-byt", "reviewer")
    issued = issued_report_issue(user=reviewer, job=job)
    assert (issued.number, issued.symbol) == ("123", "BC-BYT")
    assert str(IssuedReport.objects.get()) == "123/BC-BYT · 2025-H1"


def test_a_missing_number_is_refused_beside_the_field_and_nothing_typed_is_lost(client, admin_user, period, people):
    client.force_login(admin_user)

    response = client.post(reverse("export-list"), form_data(period, dispatch_number="", recipients="Bộ Công an"))

    assert response.status_code == 200
    assert not ExportJob.objects.exists()
    form = response.context["form"]
    assert "Nhập số và ký hiệu" in str(form.errors["dispatch_number"])
    page = response.content.decode()
    assert 'id="id_dispatch_number-error"' in page
    assert "Bộ Công an</textarea>" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"dispatch_number": "BC-BYT"}, "dispatch_number", "123/BC-BYT"),
        ({"signs_on_behalf": "on", "on_behalf_title": ""}, "on_behalf_title", "chức danh"),
    ],
)
def test_a_malformed_block_is_refused_beside_its_field(client, admin_user, period, people, changes, field, message):
    client.force_login(admin_user)

    response = client.post(reverse("export-list"), form_data(period, **changes))

    assert response.status_code == 200 and not ExportJob.objects.exists()
    assert message in str(response.context["form"].errors[field])


def test_a_signer_outside_the_issuing_body_of_the_period_is_refused(client, admin_user, plan, period, people):
    # The director signs 2025-H1 (listed), but 2024-FY was issued by MOLISA's department
    earlier = f.period(plan, "2024-FY")
    fill_period(earlier, only_codes=CONSOLIDATED_SAMPLE)
    client.force_login(admin_user)

    response = client.post(reverse("export-list"), form_data(earlier, signer=people["director"].pk))

    assert response.status_code == 200 and not ExportJob.objects.exists()
    assert "cơ quan ban hành" in str(response.context["form"].errors["signer"])


def test_with_no_signer_chosen_the_first_of_the_issuing_body_with_a_position_signs(period, people):
    rendered = pdf.render_consolidated(period, issued_on=datetime.date(2025, 7, 2))

    text = flat(text_of(rendered.content)[1])
    assert "CỤC TRƯỞNG" in text and "Trần Văn Bình" in text
    assert "KT." not in text


def test_with_no_signer_chosen_the_head_signs_before_a_clerk_with_a_position_made_earlier(period, people):
    # given a clerk of the issuing body with a position, made before its director was given one
    clerk = people["clerk"]
    clerk.position = "Chuyên viên"
    clerk.save()
    assert clerk.pk < people["director"].pk

    text = flat(text_of(pdf.render_consolidated(period, issued_on=datetime.date(2025, 7, 2)).content)[1])

    # then the director signs, not the clerk
    assert "CỤC TRƯỞNG" in text and "Trần Văn Bình" in text
    assert "CHUYÊN VIÊN" not in text


@pytest.mark.parametrize(
    ("position", "rank"),
    [("Cục trưởng", 0), ("Giám đốc", 0), ("Phó Cục trưởng", 1), ("Phó Giám đốc Sở", 1), ("Chuyên viên", 2)],
)
def test_signing_rank(position, rank):
    from exports.selectors import signing_rank

    assert signing_rank(position) == rank


def test_an_issue_keeps_the_number_printed_on_its_pdf(period, people):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    reviewer = make_user("ban-hanh", "cuc-btxh-byt", "reviewer")
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.PDF_CONSOLIDATED,
        period=period,
        status=ExportJob.Status.DONE,
        requested_by=reviewer,
        dispatch_number="77/BC-BTXH",
    )
    job.file.save("bao-cao-tong-hop.pdf", ContentFile(b"%PDF-1.7 sample"), save=True)

    # A different number typed at issue time would not match the file: refused beside the number
    with pytest.raises(ValidationError) as error:
        issued_report_issue(user=reviewer, job=job, number="78")
    assert "77/BC-BTXH" in str(error.value.message_dict["number"])
    assert not IssuedReport.objects.exists()

    # The same number (or none typed) issues it under the job's number and symbol
    issued = issued_report_issue(user=reviewer, job=job, number="77")
    assert (issued.number, issued.symbol) == ("77", "BC-BTXH")
