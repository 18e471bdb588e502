"""Vietnamese first: the browser's language does not switch the portal to English; the switch does."""

from django.conf import settings
from django.urls import reverse


def test_an_english_browser_still_gets_the_portal_in_vietnamese(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("plan-overview"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_the_language_switch_chooses_english(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("plan-overview"))
    assert response.headers["Content-Language"] == "en"


def test_vietnamese_numbers_use_dots_for_thousands_and_a_comma_for_decimals():
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        rendered = Template("{% load humanize %}{{ big|intcomma }} {{ share|floatformat:1 }}").render(
            Context({"big": 1234567, "share": 82.72})
        )
    assert rendered == "1.234.567 82,7"
