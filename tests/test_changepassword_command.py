"""``manage.py changepassword`` ends the user's API token like a password change on the pages."""

from unittest import mock

import pytest
from django.core.management import call_command
from knox.models import AuthToken

from api.models import ApiTokenEvent
from api.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_changepassword_from_the_shell_revokes_the_api_token(viewer, admin_user):
    owner = viewer
    api_token_issue(owner=owner, user=admin_user)
    assert AuthToken.objects.filter(user=owner).count() == 1

    with mock.patch("getpass.getpass", return_value="Mat-khau-moi-2026!"):
        call_command("changepassword", "viewer", stdout=mock.MagicMock())

    owner.refresh_from_db()
    assert owner.check_password("Mat-khau-moi-2026!")
    assert not AuthToken.objects.filter(user=owner).exists()
    revoke = ApiTokenEvent.objects.get(owner=owner, action=ApiTokenEvent.Action.REVOKE)
    assert revoke.actor == owner


def test_changepassword_without_a_token_writes_no_revoke_entry(viewer):
    with mock.patch("getpass.getpass", return_value="Mat-khau-moi-2026!"):
        call_command("changepassword", "viewer", stdout=mock.MagicMock())
    assert not ApiTokenEvent.objects.exists()
