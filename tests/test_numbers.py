"""One way to write numbers (plan808/numbers.py), and one mark for a missing value, on pages and in the PDF."""

import pytest
from django.template import Context, Template
from django.utils import translation

from plan808.numbers import MISSING, input_number, number, percent, signed_percent


def test_vietnamese_numbers_group_thousands_with_dots_and_write_decimals_with_a_comma():
    with translation.override("vi"):
        assert number(1234567) == "1.234.567"
        assert number(82.66, 1) == "82,7"
        assert number(82.66, -1) == "82,7"
        assert number(100, -1) == "100"
        assert number(1234.5, 1) == "1.234,5"
        assert percent(72.46) == "72,5%"
        assert percent(20, -1) == "20%"
        assert signed_percent(3.33) == "+3,3%"
        assert signed_percent(-1.2) == "−1,2%"


def test_english_pages_write_english_numbers_but_a_form_input_stays_vietnamese():
    with translation.override("en"):
        assert number(1234567) == "1,234,567"
        assert percent(82.66) == "82.7%"
        assert input_number(1250000) == "1.250.000"


@pytest.mark.parametrize("formatter", [number, percent, signed_percent])
def test_a_missing_value_is_a_dash_whatever_the_formatter(formatter):
    assert formatter(None) == MISSING == "—"


def test_a_blank_form_input_stays_blank():
    assert input_number(None) == ""


def test_the_template_library_writes_the_same():
    with translation.override("vi"):
        rendered = Template("{% load numbers %}{{ a|number }} {{ b|number:-1 }} {{ c|percent }} {{ d|number }}").render(
            Context({"a": 1250000, "b": 82.66, "c": 72.46, "d": None})
        )
    assert rendered == "1.250.000 82,7 72,5% —"


@pytest.mark.django_db
def test_a_pdf_asked_for_in_english_still_writes_vietnamese_numbers_and_a_dash_for_what_is_missing(
    plan, hanoi_officer, monkeypatch
):
    from exports import pdf
    from tests import factories as f

    # given the Hà Nội report with money in one source and none given in another
    report = f.report(hanoi_officer.agency, f.period(plan, "2025-H1"))
    report.budget_local, report.budget_central = 1_250_000, None
    report.save()
    monkeypatch.setattr(pdf, "_write", lambda html: html)  # the HTML WeasyPrint would be given

    # when an English-speaking admin asks for the agency's PDF
    with translation.override("en"):
        html = pdf.render_agency(report.period, report.agency)

    # then the document is written as a Vietnamese document
    assert '<td class="num">1.250.000</td>' in html
    assert '<tr><td>Ngân sách trung ương</td><td class="num">—</td></tr>' in html
