"""What trying the portal as a new user turned up (issue 15, item 4): each defect, as it was met."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.collation import vn_sort_key
from agencies.models import Agency
from reporting import services
from reporting.models import TaskStatusUpdate
from tests import factories as f
from tests.conftest import PASSWORD
from tests.reporting_helpers import periods, reporting_test_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def _post(report, **fields) -> dict:
    data = {"version": str(report.version), "action": "save", "results": "Đánh giá đã gõ."}
    data["fig-2b-months-shown"] = "1"  # the month boxes are on the form, none ticked
    data.update(fields)
    return data


def test_a_valid_denominator_is_saved_when_its_numerator_is_refused(officer_client, report):
    # when the officer types 5.000 over 579 (the numerator is wrong, the denominator is right)
    response = officer_client.post(
        reverse("report-edit", args=[report.pk]),
        _post(report, **{"fig-3a-numerator": "5.000", "fig-3a-denominator": "579"}),
    )
    page = response.content.decode()
    # then the message is beside the numerator, what was typed is on screen...
    assert "Tử số (5.000) không được lớn hơn mẫu số (579)." in page
    assert 'id="err_fig-3a-numerator"' in page
    assert 'value="5.000"' in page and 'value="579"' in page
    # ...and the valid denominator was saved, as the message says of valid entries
    figure = report.figures.get(target__code="3a")
    assert figure.denominator == 579
    assert figure.numerator is None
    again = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert 'name="fig-3a-denominator" value="579"' in again or 'value="579"' in again


def test_a_saved_numerator_that_no_longer_fits_keeps_the_old_pair(report, hanoi_officer):
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"3a": {"numerator": "500", "denominator": "600"}}},
        expected_version=report.version,
    )
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"3a": {"numerator": "5000", "denominator": "400"}}},
        expected_version=report.version,
    )
    figure = report.figures.get(target__code="3a")
    assert (figure.numerator, figure.denominator) == (500, 600)  # never 500 over 400
    assert "figures.3a.numerator" in report.save_errors


def test_untouched_month_boxes_of_target_2b_are_not_an_answer(officer_client, report):
    # when the officer saves the form without touching target 2b
    officer_client.post(reverse("report-edit", args=[report.pk]), _post(report, **{"fig-2b-items": ""}))
    figure = report.figures.get(target__code="2b")
    # then 2b is still unanswered, not "0/6 tháng, 0,0%"
    assert figure.numerator is None
    assert not figure.is_filled
    detail = officer_client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "0/6" not in detail


def test_no_month_ticked_with_a_count_of_items_is_an_answer_of_zero_months(report, hanoi_officer):
    report = services.report_save(
        report=report,
        user=hanoi_officer,
        data={"figures": {"2b": {"months": [], "items": "0"}}},
        expected_version=report.version,
    )
    figure = report.figures.get(target__code="2b")
    assert (figure.numerator, figure.denominator) == (0, 6)


def test_target_2b_reads_as_a_whole_sentence(plan):
    text = plan.targets.get(code="2b").text
    assert text.startswith("Thông tin về phòng, chống mại dâm")
    assert "cấp tỉnh ít nhất một tháng một lần" in text


def test_the_task_status_form_comes_back_at_its_error_with_the_field_focused(client, plan, police_officer):
    client.force_login(police_officer)
    response = client.post(reverse("task-status-update", args=["1.1"]), {"status": "", "note": "Đã họp"})
    page = response.content.decode()
    assert response.status_code == 400
    # the form posts to the section's anchor, so the reloaded page opens at the form...
    assert f'action="{reverse("task-status-update", args=["1.1"])}#tinh-trang"' in page
    # ...with an alert above it and the wrong field focused
    assert 'role="alert" id="tinh-trang-loi"' in page
    select = page[page.index('<select name="status"') :]
    assert "autofocus" in select[: select.index(">")]


def test_the_same_status_with_an_empty_note_adds_no_second_history_line(client, plan, police_officer):
    client.force_login(police_officer)
    url = reverse("task-status-update", args=["1.1"])
    client.post(url, {"status": "in_progress", "note": ""})
    response = client.post(url, {"status": "in_progress", "note": ""}, follow=True)
    assert TaskStatusUpdate.objects.filter(agency=police_officer.agency).count() == 1
    assert "không thêm dòng vào lịch sử" in response.content.decode()
    # a new note, or a new status, is news
    client.post(url, {"status": "in_progress", "note": "Đã họp liên ngành"})
    client.post(url, {"status": "done", "note": ""})
    assert TaskStatusUpdate.objects.filter(agency=police_officer.agency).count() == 3


def test_password_messages_are_in_vietnamese(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Ab1-xyz", "new_password2": "Ab1-xyz"},
    )
    page = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in page
    assert "This password is too short" not in page


def test_the_vietnamese_catalogue_is_committed_compiled():
    """A clean clone has the .mo: it is committed, compiled from the .po beside it."""
    folder = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        10,
    ) == ("Mật khẩu quá ngắn: cần ít nhất %d ký tự.")
    assert compiled.gettext("Enabled") == "Bật"


def test_the_export_page_lists_units_in_vietnamese_order(client, h1, admin_user):
    for code in ("bo-cong-thuong", "bo-cong-an", "so-ldtbxh-da-nang", "so-ldtbxh-yen-bai"):
        f.report(Agency.objects.get(code=code), h1)
    client.force_login(admin_user)
    page = client.get(reverse("export-list")).content.decode()
    select = page[page.index('name="agency"') :]
    select = select[: select.index("</select>")]
    names = [part.split(">", 1)[1].split("<", 1)[0] for part in select.split("<option")[1:]]
    names = [n for n in names if n and n != "---------"]
    assert len(names) >= 4
    assert names == sorted(names, key=vn_sort_key)
    assert names.index("Bộ Công an") < names.index("Bộ Công Thương")


def test_period_names_are_translated_in_english(client, report, hanoi_officer):
    client.force_login(hanoi_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("report-edit", args=[report.pk])).content.decode()
    assert "first half of 2025" in page
    assert "6 tháng đầu năm 2025" not in page
    mine = client.get(reverse("report-mine")).content.decode()
    assert "6 tháng đầu năm" not in mine and "năm 2025" not in mine


def test_a_period_an_admin_renamed_is_shown_as_written(h1):
    h1.name = "6 tháng đầu năm 2025 (bổ sung)"
    assert str(h1) == "6 tháng đầu năm 2025 (bổ sung)"


def test_deactivating_a_user_asks_for_confirmation_first(client, admin_user, hanoi_officer):
    client.force_login(admin_user)
    listing = client.get(reverse("user-list")).content.decode()
    url = reverse("user-deactivate", args=[hanoi_officer.pk])
    # the list offers a link to a confirmation, not a button that acts at once
    assert f'href="{url}"' in listing
    assert f'action="{url}"' not in listing
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ngừng kích hoạt tài khoản hanoi?" in confirm.content.decode()
    hanoi_officer.refresh_from_db()
    assert hanoi_officer.is_active  # looking at the question changes nothing
    client.post(url, {"reason": "Chuyển công tác"})
    hanoi_officer.refresh_from_db()
    assert not hanoi_officer.is_active


def test_demo_signers_without_a_role_stay_off_the_users_page(client, admin_user, h1):
    from reporting.demo import _officers

    # given demo reports signed for agencies that have no officer of their own
    agencies = list(Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA)[:5])
    signers = _officers(agencies)
    assert len(signers) == 5 and not any(u.is_active for u in signers.values())
    _officers(agencies)  # seeding twice changes nothing
    client.force_login(admin_user)
    page = client.get(reverse("user-list")).content.decode()
    assert "demo-so-ldtbxh" not in page
    assert "Chưa có vai trò" not in page
    # they are still there for whoever asks for the inactive accounts
    assert "demo-so-ldtbxh" in client.get(reverse("user-list") + "?active=0").content.decode()


def test_after_an_incomplete_submit_the_list_of_what_is_missing_is_open(officer_client, report):
    response = officer_client.post(reverse("report-edit", args=[report.pk]), _post(report, action="submit"))
    page = response.content.decode()
    assert "chưa gửi được" in page
    tag = page[page.index('<details class="notice notice-missing"') :]
    assert " open" in tag[: tag.index(">")]


def test_the_form_starts_with_a_jump_list_that_reaches_the_submit_button(officer_client, report):
    page = officer_client.get(reverse("report-edit", args=[report.pk])).content.decode()
    nav = page[page.index('<nav class="section-jumps') :]
    nav = nav[: nav.index("</nav>")]
    for anchor in ("so-lieu", "nhiem-vu", "kinh-phi", "danh-gia", "tep-dinh-kem", "luu-gui"):
        assert f'href="#{anchor}"' in nav
        assert f'id="{anchor}"' in page
    # the jump list comes before the first figure's input
    assert page.index('<nav class="section-jumps') < page.index('name="fig-1-numerator"')
    actions = page[page.index('id="luu-gui"') :]
    assert actions.index("Lưu và gửi báo cáo") < 400
