"""Working days: weekends, Indonesian public holidays, cuti bersama."""

import datetime as dt

import pytest

from ckanext.satudata.workdays import Calendar, parse_dates

D = dt.date


def test_weekends_and_national_holidays_are_skipped():
    cal = Calendar()
    assert cal.is_working_day(D(2026, 11, 24))  # Tuesday
    assert not cal.is_working_day(D(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(D(2026, 8, 17))  # Hari Kemerdekaan
    assert not cal.is_working_day(D(2026, 12, 25))  # Natal
    assert not cal.is_working_day(D(2026, 1, 1))  # Tahun Baru


def test_add_counts_working_days_after_the_start():
    cal = Calendar()
    # Friday 2026-11-20 + 5 working days: Mon..Fri of the next week
    assert cal.add(D(2026, 11, 20), 5) == D(2026, 11, 27)
    assert cal.add(D(2026, 11, 20), 0) == D(2026, 11, 20)
    # over Independence Day (Monday 2026-08-17)
    assert cal.add(D(2026, 8, 14), 1) == D(2026, 8, 18)
    with pytest.raises(ValueError):
        cal.add(D(2026, 1, 1), -1)


def test_collective_leave_days_are_skipped():
    plain = Calendar()
    leave = Calendar([D(2026, 12, 24), D(2026, 12, 28)])
    assert plain.is_working_day(D(2026, 12, 24))
    assert not leave.is_working_day(D(2026, 12, 24))
    # Wed 23 Dec: 24 leave, 25 Christmas, 26-27 weekend, 28 leave, 29 next
    assert leave.add(D(2026, 12, 23), 1) == D(2026, 12, 29)
    assert plain.add(D(2026, 12, 23), 1) == D(2026, 12, 24)


def test_between_is_the_inverse_of_add():
    cal = Calendar()
    start = D(2026, 11, 20)
    for days in range(0, 15):
        assert cal.between(start, cal.add(start, days)) == days
    assert cal.between(D(2026, 11, 24), D(2026, 11, 20)) == 0


def test_parse_dates():
    assert parse_dates(["2026-12-24", " 2026-12-26 "]) == [
        D(2026, 12, 24), D(2026, 12, 26)]
    with pytest.raises(ValueError, match="24-12-2026"):
        parse_dates(["24-12-2026"])
