"""Timeframes ("c) Thời gian thực hiện") parsed from the words of the decision."""

import pytest

from tasks.timeframes import Timeframe, parse_timeframe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hằng năm", Timeframe("every_year", None, None)),
        ("Hàng năm", Timeframe("every_year", None, None)),  # task 3.3's spelling
        ("Hằng năm.", Timeframe("every_year", None, None)),
        ("  hằng  năm ", Timeframe("every_year", None, None)),
        ("năm 2025", Timeframe("single_year", 2025, 2025)),
        ("Năm 2025.", Timeframe("single_year", 2025, 2025)),
        ("năm 2022-2023", Timeframe("year_range", 2022, 2023)),
        ("năm 2022 - 2025", Timeframe("year_range", 2022, 2025)),
    ],
)
def test_the_decisions_wordings_parse_to_a_kind_and_years(text, expected):
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize("text", ["", "2025", "Quý III năm 2024", "năm 2025-2022", "năm 2023-2023", "hằng tháng"])
def test_any_other_wording_is_refused_rather_than_misread(text):
    with pytest.raises(ValueError, match=r"thời gian thực hiện|khoảng năm"):
        parse_timeframe(text)


@pytest.mark.django_db
def test_the_database_refuses_a_timeframe_whose_years_contradict_its_kind(plan):
    from django.db import IntegrityError, transaction

    task = plan.tasks.get(code="1.1")
    task.timeframe_start = 2023  # "Hằng năm" with a year
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()
