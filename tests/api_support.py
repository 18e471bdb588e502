"""Builders for the API tests: a client holding a user's token, periods, a hanoi report filled for submission."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    """A client that authenticates as a system does: ``Authorization: Token <key>``, no session."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def session_client(user) -> APIClient:
    """A client signed in with the session, as the browser is (CSRF checks on)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def results(response) -> list:
    """The rows of a paginated list answer."""
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body
