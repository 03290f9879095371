"""The legal deadlines of requests and complaints, counted in working days
of the real calendar (the ``holidays`` package's Indonesian holidays, the
configured cuti bersama, weekends) in the portal's time zone. The expected
dates are counted by hand below, day by day, not with the code under
test."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from ckanext.satudata.requests import machine
from ckanext.satudata.requests.logic import cases
from ckanext.satudata.workdays import Calendar
from tests.conftest import act
from tests.requests.conftest import file_complaint, file_request, requests_on

# (outside ``with_plugins`` the options are not parsed: the pure tests
# give them as typed values)

D = dt.date
UTC = dt.timezone.utc

#: the 2026 cuti bersama around Nyepi and Idul Fitri (SKB 3 Menteri)
CUTI_2026 = "2026-03-18 2026-03-20 2026-03-23 2026-03-24"


def test_the_holidays_of_march_2026_are_as_counted_here():
    found = holidays.country_holidays("ID", years=2026)
    # Nyepi on a Thursday; Idul Fitri on the weekend that follows
    assert D(2026, 3, 19) in found and D(2026, 3, 19).weekday() == 3
    assert D(2026, 3, 21) in found and D(2026, 3, 22) in found
    assert D(2026, 4, 3) in found  # Good Friday
    for day in (D(2026, 3, 18), D(2026, 3, 20), D(2026, 3, 23),
                D(2026, 3, 24), D(2026, 4, 1), D(2026, 4, 2)):
        assert day not in found


def clock(extra: tuple[D, ...] = ()) -> machine.Clock:
    return machine.Clock(Calendar(extra))


def test_a_request_before_idul_fitri_skips_the_holidays():
    # received Tuesday 17 March 2026; working days after it:
    # 18 (1), 19 Nyepi, 20 (2), 21-22 weekend and Idul Fitri, 23 (3),
    # 24 (4), 25 (5), 26 (6), 27 (7), 30 (8), 31 (9), 1 April (10)
    assert clock().due(D(2026, 3, 17), 10) == D(2026, 4, 1)
    # Nyepi counts as a day off: a day after 18 March is 20 March
    assert clock().due(D(2026, 3, 18), 1) == D(2026, 3, 20)


def test_cuti_bersama_moves_the_deadline_further():
    extra = tuple(D.fromisoformat(d) for d in CUTI_2026.split())
    # 18 cuti, 19 Nyepi, 20 cuti, 21-22 weekend, 23-24 cuti; then
    # 25 (1), 26 (2), 27 (3), 30 (4), 31 (5), 1 April (6), 2 (7),
    # 3 Good Friday, 6 (8), 7 (9), 8 (10)
    assert clock(extra).due(D(2026, 3, 17), 10) == D(2026, 4, 8)


@pytest.mark.ckan_config("ckanext.satudata.cuti_bersama", CUTI_2026.split())
@pytest.mark.usefixtures("ckan_config")
def test_the_configured_cuti_bersama_count():
    assert cases.clock().due(D(2026, 3, 17), 10) == D(2026, 4, 8)
    assert cases.first_deadline(machine.REQUEST, None,
                                D(2026, 3, 17)) == D(2026, 4, 8)


@pytest.mark.usefixtures("ckan_config")
def test_without_cuti_bersama_configured():
    assert cases.first_deadline(machine.REQUEST, None,
                                D(2026, 3, 17)) == D(2026, 4, 1)


@pytest.mark.ckan_config("ckanext.satudata.requests.deadline_days", 5)
@pytest.mark.ckan_config("ckanext.satudata.requests.extension_days", 3)
@pytest.mark.usefixtures("ckan_config")
def test_the_numbers_of_days_are_configured():
    # 18 (1), 20 (2), 23 (3), 24 (4), 25 (5)
    assert cases.first_deadline(machine.REQUEST, None,
                                D(2026, 3, 17)) == D(2026, 3, 25)
    # 26 (1), 27 (2), 30 (3)
    assert cases.clock().extended(D(2026, 3, 25)) == D(2026, 3, 30)


def test_the_extension_adds_seven_working_days():
    # from 1 April: 2 (1), 3 Good Friday, 6 (2), 7 (3), 8 (4), 9 (5),
    # 10 (6), 13 (7)
    assert clock().extended(D(2026, 4, 1)) == D(2026, 4, 13)
    # over Independence Day (Monday 17 August 2026): 14 Aug is a Friday;
    # 18 (1), 19 (2), 20 (3), 21 (4), 24 (5), 25 Maulid, 26 (6), 27 (7)
    assert clock().extended(D(2026, 8, 14)) == D(2026, 8, 27)


def test_left_counts_working_days_and_goes_negative_when_overdue():
    due = D(2026, 4, 1)
    c = clock()
    assert c.left(due, D(2026, 3, 17)) == 10
    assert c.left(due, D(2026, 3, 19)) == 9  # from Nyepi: 20, 23 ... 1
    assert c.left(due, D(2026, 3, 31)) == 1
    assert c.left(due, due) == 0
    assert c.left(due, D(2026, 4, 2)) == -1
    assert c.left(due, D(2026, 4, 3)) == -1  # Good Friday
    assert c.left(due, D(2026, 4, 4)) == -1  # Saturday
    assert c.left(due, D(2026, 4, 6)) == -2
    assert c.left(due, D(2026, 4, 15)) == -9


def test_overdue_only_while_open():
    due = D(2026, 4, 1)
    after = D(2026, 4, 2)
    assert machine.overdue("diproses", machine.REQUEST, due, after)
    assert not machine.overdue("diproses", machine.REQUEST, due, due)
    assert not machine.overdue("dipenuhi", machine.REQUEST, due, after)
    assert machine.overdue("diverifikasi", machine.COMPLAINT, due, after)
    assert not machine.overdue("selesai", machine.COMPLAINT, due, after)


@pytest.mark.usefixtures("ckan_config")
def test_the_complaint_sla_per_category():
    received = D(2026, 3, 17)  # Tuesday
    expected = {
        "data_pribadi": D(2026, 3, 18),  # 1 working day
        "tautan_rusak": D(2026, 3, 23),  # 18, 20, 23
        "layanan": D(2026, 3, 25),  # 18, 20, 23, 24, 25
        "data_salah": D(2026, 4, 1),  # 10
        "kedaluwarsa": D(2026, 4, 1),
        "lainnya": D(2026, 4, 1),
    }
    assert set(expected) == set(machine.CATEGORIES)
    for category, due in expected.items():
        assert cases.first_deadline(machine.COMPLAINT, category,
                                    received) == due, category


@pytest.mark.ckan_config("ckanext.satudata.complaints.sla_days",
                         ["data_pribadi:2", "lainnya:4"])
@pytest.mark.usefixtures("ckan_config")
def test_the_complaint_sla_is_configured():
    received = D(2026, 3, 17)
    assert cases.first_deadline(machine.COMPLAINT, "data_pribadi",
                                received) == D(2026, 3, 20)
    # a category the option does not list takes lainnya's days
    assert cases.first_deadline(machine.COMPLAINT, "tautan_rusak",
                                received) == D(2026, 3, 24)


@pytest.mark.usefixtures("ckan_config")
def test_the_day_of_receipt_is_the_local_day():
    late = dt.datetime(2026, 11, 19, 23, 30, tzinfo=UTC)  # Thursday
    assert cases.local_date(late) == D(2026, 11, 20)  # 06:30 WIB Friday
    assert cases.local_date(late.replace(tzinfo=None)) == D(2026, 11, 20)
    early = dt.datetime(2026, 11, 19, 16, 59, tzinfo=UTC)
    assert cases.local_date(early) == D(2026, 11, 19)  # 23:59 WIB
    assert cases.local_date(None) is None


@pytest.mark.ckan_config("ckanext.satudata.timezone", "Asia/Jayapura")
@pytest.mark.usefixtures("ckan_config")
def test_the_time_zone_is_configured():
    # WIT is UTC+9: 15:00 UTC is midnight in Jayapura
    assert cases.local_date(dt.datetime(
        2026, 11, 19, 15, 0, tzinfo=UTC)) == D(2026, 11, 20)
    assert cases.local_date(dt.datetime(
        2026, 11, 19, 14, 59, tzinfo=UTC)) == D(2026, 11, 19)


class TestFiled:
    """The deadline a filed case gets, with the clock frozen."""

    pytestmark = requests_on

    def test_the_calendar_due_dates(self, people, freezer, ckan_config):
        freezer.move_to("2026-03-17T02:00:00Z")  # Tuesday, 09:00 WIB
        got = file_request()
        assert got["received_date"] == "2026-03-17"
        assert got["due"] == "2026-04-01"
        assert got["working_days_left"] == 10
        assert got["overdue"] is False
        number = got["number"]
        assert file_complaint(category="data_pribadi")["due"] == (
            "2026-03-18")
        assert file_complaint(category="tautan_rusak",
                              email="lain@example.com")["due"] == (
            "2026-03-23")
        ckan_config["ckanext.satudata.cuti_bersama"] = CUTI_2026.split()
        got = file_request(email="cuti@example.com")
        assert (got["due"], got["working_days_left"]) == ("2026-04-08", 10)
        del ckan_config["ckanext.satudata.cuti_bersama"]

        # the days left fall as days pass
        for stamp, left, overdue in (
                ("2026-03-19T02:00:00Z", 9, False),  # Nyepi
                ("2026-03-31T02:00:00Z", 1, False),
                ("2026-04-01T16:00:00Z", 0, False),  # 23:00 WIB
                ("2026-04-01T17:30:00Z", -1, True),  # 00:30 WIB, 2 April
                ("2026-04-06T02:00:00Z", -2, True)):
            freezer.move_to(stamp)
            got = act("satudata_request_show", None, id=number)
            assert (got["working_days_left"], got["overdue"]) == (
                left, overdue), stamp

    def test_the_local_day_of_receipt(self, people, freezer, ckan_config):
        # 01:00 WIB on New Year's Day: the first request of 2026
        freezer.move_to("2025-12-31T18:00:00Z")
        assert file_request()["number"] == "PD-2026-000001"
        assert file_complaint()["number"] == "PG-2026-000001"
        freezer.move_to("2025-12-31T16:00:00Z")  # 23:00 WIB
        assert file_request()["number"] == "PD-2025-000001"
        assert file_request()["number"] == "PD-2025-000002"

        # 23:30 UTC on Thursday is Friday morning in Jakarta: 23 Nov (1)
        # ... 27 (5), 30 (6), 1 Dec (7), 2 (8), 3 (9), 4 (10)
        freezer.move_to("2026-11-19T23:30:00Z")
        got = file_request(email="lain@example.com")
        assert got["received_date"] == "2026-11-20"
        assert got["due"] == "2026-12-04"
        # in UTC the same moment is Thursday's
        ckan_config["ckanext.satudata.timezone"] = "UTC"
        got = file_request(email="utc@example.com")
        assert got["received_date"] == "2026-11-19"
        assert got["due"] == "2026-12-03"
