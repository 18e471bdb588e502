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
