"""Logging in and out: username or email, throttling, passwords, idle sessions, deactivated users."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_session_renewal(settings):
    """These tests are about the sessions' clocks: the production minute, not the suite's day."""
    from plan808 import settings as production

    settings.SESSION_RENEW_SECONDS = production.SESSION_RENEW_SECONDS


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("written", ["hanoi", "HANOI", "hanoi@example.gov.vn", "Hanoi@Example.gov.vn"])
def test_a_user_logs_in_with_the_username_or_the_email(client, hanoi_officer, written):
    response = _login(client, written, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(hanoi_officer.pk)


def test_a_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(client, hanoi_officer):
    response = _login(client, "hanoi", "sai-mat-khau")
    assert response.status_code == 200
    text = response.content.decode()
    assert "mật khẩu không đúng" in text
    assert 'value="hanoi"' in text
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_against_the_right_password(client, hanoi_officer):
    # given four failed attempts that still show the form
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "hanoi", "sai-mat-khau").status_code == 200
    # when the fifth fails
    locked = _login(client, "hanoi", "sai-mat-khau")
    # then the lockout page answers, in Vietnamese, with the cool-off time
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Tạm khóa đăng nhập" in text
    assert f"{settings.AXES_COOLOFF_TIME * 60:.0f} phút" in text
    # and the right password is refused while the lock lasts
    again = _login(client, "hanoi", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("variant", ["HANOI", " hanoi ", "hanoi@example.gov.vn", "Hanoi@Example.GOV.vn"])
def test_a_lock_holds_whatever_way_the_login_is_written(client, hanoi_officer, variant):
    # given the account locked by failures written as its username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "hanoi", "sai-mat-khau")
    # when the right password comes under another spelling of the same account
    response = _login(client, variant, PASSWORD)
    # then it is the same lock
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_spread_over_spellings_add_up_to_one_lock(client, hanoi_officer):
    variants = ["hanoi", "HANOI", " Hanoi", "hanoi@example.gov.vn", "HANOI@EXAMPLE.GOV.VN"]
    for written in variants[: settings.AXES_FAILURE_LIMIT]:
        _login(client, written, "sai-mat-khau")
    assert _login(client, "hanoi", PASSWORD).status_code == 429


def test_a_lock_on_one_user_leaves_another_user_free(client, hanoi_officer, hcm_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "hanoi", "sai-mat-khau")
    assert _login(client, "hcm", PASSWORD).status_code == 302


def test_sessions_end_after_an_hour_of_inactivity_by_default(client, hanoi_officer, plan, settings):
    from plan808 import settings as production

    assert (production.SESSION_COOKIE_AGE, production.SESSION_RENEW_SECONDS) == (60 * 60, 60)
    page = reverse("plan-overview")
    with time_machine.travel(datetime(2025, 6, 2, 8, 0, tzinfo=UTC), tick=False) as traveller:
        assert _login(client, "hanoi", PASSWORD).status_code == 302
        # given a session used every 50 minutes for three hours: each use renews it
        for _ in range(4):
            traveller.shift(timedelta(minutes=50))
            assert client.get(page).status_code == 200
        # when it then lies idle for an hour and a minute
        traveller.shift(timedelta(minutes=61))
        response = client.get(page)
    # then the user signs in again
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_read_within_a_minute_of_sign_in_or_renewal_write_no_session(client, hanoi_officer, plan, settings):
    page = reverse("plan-overview")
    with time_machine.travel(datetime(2025, 6, 2, 8, 0, tzinfo=UTC), tick=False) as traveller:
        assert _login(client, "hanoi", PASSWORD).status_code == 302
        with CaptureQueriesContext(connection) as first:  # the sign-in started both clocks
            assert client.get(page).status_code == 200
        traveller.shift(timedelta(seconds=settings.SESSION_RENEW_SECONDS - 1))
        with CaptureQueriesContext(connection) as within:
            assert client.get(page).status_code == 200
        traveller.shift(timedelta(seconds=2))
        with CaptureQueriesContext(connection) as after:
            assert client.get(page).status_code == 200
        with CaptureQueriesContext(connection) as renewed:
            assert client.get(page).status_code == 200

    def session_writes(queries):
        return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]

    # the reads within the minute leave the session row alone; the one after the minute renews it,
    # and the next one, right after that renewal, writes nothing again
    assert session_writes(first.captured_queries) == session_writes(within.captured_queries) == []
    assert session_writes(after.captured_queries)
    assert session_writes(renewed.captured_queries) == []


def test_an_active_session_still_ends_at_its_absolute_lifetime(client, hanoi_officer, plan, settings):
    settings.SESSION_MAX_HOURS = 12
    page = reverse("plan-overview")
    with time_machine.travel(datetime(2025, 6, 2, 8, 0, tzinfo=UTC), tick=False) as traveller:
        assert _login(client, "hanoi", PASSWORD).status_code == 302
        # given a session used every half hour, so the idle limit never ends it
        for _ in range(23):
            assert client.get(page).status_code == 200
            traveller.shift(timedelta(minutes=30))
        assert client.get(page).status_code == 200  # 11 h 30 after sign-in
        # when the twelve hours since sign-in have passed
        traveller.shift(timedelta(minutes=31))
        response = client.get(page)
    # then the session is over and the user signs in again
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_every_page_needs_a_login_except_the_login_and_reset_pages(client, plan):
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE
    response = client.get(reverse("plan-overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200


def test_logout_is_a_post_and_ends_the_session(client, hanoi_officer):
    client.force_login(hanoi_officer, backend="accounts.backends.UsernameOrEmailBackend")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_cannot_log_in_and_loses_an_open_session(client, hanoi_officer, plan):
    client.force_login(hanoi_officer, backend="accounts.backends.UsernameOrEmailBackend")
    hanoi_officer.is_active = False
    hanoi_officer.save()
    assert client.get(reverse("plan-overview")).status_code == 302  # back to the login page
    assert _login(client, "hanoi", PASSWORD).status_code == 200


def test_password_reset_sends_a_link_that_sets_a_new_password(client, hanoi_officer):
    # given a reset asked for by email
    response = client.post(reverse("password_reset"), {"email": "hanoi@example.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Kính gửi" in body
    link = re.search(r"https?://[^/]+(/dat-lai-mat-khau/\S+/)", body).group(1)
    # when the link is opened and a new password given
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "Mat-Khau-Moi-Rat-Dai-2025"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    # then the new password works and the trail says why the account changed
    assert _login(client, "hanoi", new).status_code == 302
    last = hanoi_officer.history.order_by("-history_id").first()
    assert last.history_change_reason == "Đặt lại mật khẩu qua thư điện tử"


def test_password_change_rejects_a_weak_password_with_a_vietnamese_message(client, hanoi_officer):
    client.force_login(hanoi_officer, backend="accounts.backends.UsernameOrEmailBackend")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "quá ngắn" in text or "quá phổ biến" in text


def test_password_change_is_recorded_without_the_hash(client, hanoi_officer):
    client.force_login(hanoi_officer, backend="accounts.backends.UsernameOrEmailBackend")
    new = "Mat-Khau-Moi-Rat-Dai-2025"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    last = hanoi_officer.history.order_by("-history_id").first()
    assert last.history_change_reason == "Đổi mật khẩu"
    assert not hasattr(last, "password")


def test_a_login_writes_no_history_row(client, hanoi_officer):
    before = hanoi_officer.history.count()
    assert _login(client, "hanoi", PASSWORD).status_code == 302
    assert hanoi_officer.history.count() == before


def test_a_pbkdf2_password_still_logs_in_and_is_stored_again_as_argon2id(client, hanoi_officer, settings):
    # given the portal's own hashers (the suite runs MD5 for speed) and a hash made before Argon2id
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher

    from plan808 import settings as portal_settings

    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS
    old = PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1000)
    type(hanoi_officer).objects.filter(pk=hanoi_officer.pk).update(password=old)
    # when the officer logs in
    assert _login(client, "hanoi", PASSWORD).status_code == 302
    # then the stored hash is Argon2id at OWASP's cost, and it still opens the account
    hanoi_officer.refresh_from_db()
    assert hanoi_officer.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(hanoi_officer.password).__class__.__name__ == "PortalArgon2PasswordHasher"
    client.logout()
    assert _login(client, "hanoi", PASSWORD).status_code == 302
