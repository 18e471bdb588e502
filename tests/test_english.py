"""English on request: the switch shows the portal's pages in English, from a complete catalogue.

Every msgid is Vietnamese (the source language); locale/en/LC_MESSAGES/django.po holds the
English. The compiled .mo is committed, so these tests also catch a .po edited but not compiled.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories as f

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@pytest.fixture
def english_client(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    return response.content.decode()


def assert_english(html: str, english: list[str], vietnamese: list[str]) -> None:
    for text in english:
        assert text in html, f"missing English: {text!r}"
    for text in vietnamese:
        assert text not in html, f"still Vietnamese: {text!r}"


@pytest.mark.django_db
def test_the_plan_overview_is_in_english_after_the_switch(english_client):
    html = page_text(english_client, reverse("plan-overview"))

    assert '<html lang="en">' in html
    assert_english(
        html,
        ["Master plan", "Task groups", "Lead agencies", "Partner agencies", "Issuing agency", "Sign out"],
        ["Kế hoạch tổng thể ·", "Các nhóm nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Đăng xuất"],
    )


@pytest.mark.django_db
def test_the_indicators_page_is_in_english_after_the_switch(english_client):
    html = page_text(english_client, reverse("indicator-list"))

    assert_english(
        html,
        ["Specific targets", "Required level", "Measure", "Years applicable", "section II.2 of the Plan"],
        ["Các chỉ tiêu cụ thể", "Mức cần đạt", "Cách đo", "Năm áp dụng", "mục II.2 của Kế hoạch"],
    )


@pytest.mark.django_db
def test_the_dashboard_home_is_in_english_after_the_switch(english_client, plan):
    # given a reporting period, so the national dashboard shows its tables, not the empty state
    f.period(plan, "2025-H1", is_open=False)

    # when the reviewer opens the home page
    html = page_text(english_client, "/")

    # then the national dashboard and the navigation speak English
    assert_english(
        html,
        ["National targets", "Reporting period", "Baseline", "Dashboard", "Report review", "Print (A4)"],
        ["Chỉ tiêu toàn quốc", "Kỳ báo cáo", "Giá trị cơ sở", "Bảng điều khiển", "Thẩm định báo cáo"],
    )


@pytest.mark.django_db
def test_without_the_switch_the_same_page_stays_vietnamese(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("plan-overview")).content.decode()
    assert "Cơ quan chủ trì" in html
    assert "Lead agencies" not in html


# -- the catalogue itself ------------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr ({index: text}) and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):  # obsolete entries are not served
            continue
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(field, int):
                entry["msgstr"][field] += text
            else:
                entry[field] += text
        else:
            keyword, _, quoted = line.partition(" ")
            text = ast.literal_eval(quoted)
            if keyword.startswith("msgstr"):
                field = int(keyword[7:-1]) if "[" in keyword else 0
                entry["msgstr"][field] = text
            else:
                field = keyword
                entry[field] = text
    finish()
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(CATALOGUE / "django.po")


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry(po_entries):
    assert len(po_entries) > 500
    untranslated = [e["msgid"] for e in po_entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    missing_plural = [e["msgid"] for e in po_entries if "msgid_plural" in e and set(e["msgstr"]) != {0, 1}]
    assert untranslated == []
    assert fuzzy == []
    assert missing_plural == []


def test_every_translation_keeps_the_placeholders_of_its_msgid(po_entries):
    broken = [
        (e["msgid"], text)
        for e in po_entries
        for text in e["msgstr"].values()
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e["msgid"]))
    ]
    assert broken == []


def test_the_committed_mo_is_compiled_from_the_current_po(po_entries):
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for e in po_entries:
        context, msgid = e.get("msgctxt"), e["msgid"]
        if "msgid_plural" in e and context is not None:
            got = {n - 1: compiled.npgettext(context, msgid, e["msgid_plural"], n) for n in (1, 2)}
        elif "msgid_plural" in e:
            got = {n - 1: compiled.ngettext(msgid, e["msgid_plural"], n) for n in (1, 2)}
        else:
            got = {0: compiled.pgettext(context, msgid) if context is not None else compiled.gettext(msgid)}
        if got != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == [], "run: python manage.py compilemessages --ignore=.venv"


def test_django_serves_the_english_catalogue_for_key_terms():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Cơ quan chủ trì") == "Lead agencies"
        assert translation.gettext("Đã tiếp nhận") == "Accepted"
        assert translation.gettext("Trả lại để bổ sung") == "Returned for completion"
        assert translation.gettext("Nhật ký") == "Audit trail"
        assert translation.ngettext("%(counter)s hoạt động", "%(counter)s hoạt động", 2) == "%(counter)s activities"
