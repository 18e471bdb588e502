import datetime

from plan808.clock import HANOI, hanoi_start_of_day, hanoi_today


def test_today_turns_at_midnight_in_hanoi_not_at_midnight_utc(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 5, 16, 59, tzinfo=datetime.UTC), tick=False)
    assert hanoi_today() == datetime.date(2025, 6, 5)
    time_machine.move_to(datetime.datetime(2025, 6, 5, 17, 0, tzinfo=datetime.UTC), tick=False)
    assert hanoi_today() == datetime.date(2025, 6, 6)


def test_a_day_starts_at_midnight_in_hanoi():
    start = hanoi_start_of_day(datetime.date(2025, 6, 20))
    assert start == datetime.datetime(2025, 6, 19, 17, 0, tzinfo=datetime.UTC)
    assert start.tzinfo is HANOI
