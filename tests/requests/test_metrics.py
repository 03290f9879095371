"""``satudata_request_metrics`` (and the complaints'): counts per state,
the median working days to the answer and the share answered within the
deadline, overall and per OPD, of the cases received in a period (local
days), on a history built day by day with the clock frozen."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import act
from tests.requests.conftest import (
    REQUESTER,
    file_complaint,
    file_request,
    requests_on,
)

pytestmark = requests_on

ZERO = {"diterima": 0, "diproses": 0, "diperpanjang": 0, "keberatan": 0,
        "dipenuhi": 0, "dipenuhi_sebagian": 0, "ditolak": 0}


def states(**counts: int) -> dict[str, int]:
    return dict(ZERO, **counts)


def history(people: dict, freezer) -> None:
    """November 2026 (and the evening before it), working days counted
    by hand (no holidays in November 2026):

    - R0, 23:30 WIB on 31 October: fulfilled on 2 November (outside);
    - R6, 00:30 WIB on 1 November (a Sunday): never answered, due 13
      November (overdue);
    - R1, Monday 2: OPD A; fulfilled Thursday 5 (3 working days);
    - R2, Monday 2: OPD A and B; refused Friday 20 (14, due 16: late);
    - R3, Tuesday 3: OPD B; partly fulfilled Tuesday 10 (5 days);
    - R4, Tuesday 3: never answered, due 17 (overdue);
    - R5, Wednesday 4: OPD A, extended to 27 (open, in time).
    """
    walidata = people["walidata"]
    n = iter(range(100))

    def filed(stamp: str) -> str:
        freezer.move_to(stamp)
        return file_request(email=f"p{next(n)}@example.com")["number"]

    def step(stamp: str, action: str, number: str, **data) -> None:
        freezer.move_to(stamp)
        act(f"satudata_request_{action}", walidata, id=number, **data)

    r0 = filed("2026-10-31T16:30:00Z")
    step("2026-10-31T16:40:00Z", "assign", r0, organizations=["opd-b"])
    step("2026-11-02T02:00:00Z", "fulfil", r0, note="Terkirim")
    filed("2026-10-31T17:30:00Z")
    r1 = filed("2026-11-02T03:00:00Z")
    step("2026-11-02T04:00:00Z", "assign", r1, organizations=["opd-a"])
    r2 = filed("2026-11-02T05:00:00Z")
    step("2026-11-02T06:00:00Z", "assign", r2,
         organizations=["opd-a", "opd-b"])
    r3 = filed("2026-11-03T03:00:00Z")
    step("2026-11-03T04:00:00Z", "assign", r3, organizations=["opd-b"])
    filed("2026-11-03T05:00:00Z")
    r5 = filed("2026-11-04T03:00:00Z")
    step("2026-11-04T04:00:00Z", "assign", r5, organizations=["opd-a"])
    step("2026-11-05T03:00:00Z", "fulfil", r1, note="Terkirim")
    step("2026-11-10T03:00:00Z", "fulfil", r3, note="Sebagian",
         partial=True)
    step("2026-11-13T03:00:00Z", "extend", r5, note="Rekap")
    step("2026-11-20T03:00:00Z", "refuse", r2, ground="tidak_dikuasai")
    freezer.move_to("2026-11-25T03:00:00Z")


def test_the_metrics_of_a_period(people, freezer):
    history(people, freezer)
    got = act("satudata_request_metrics", None, start="2026-11-01",
              end="2026-11-30")
    assert (got["kind"], got["start"], got["end"]) == (
        "request", "2026-11-01", "2026-11-30")
    assert got["overall"] == {
        "total": 6,
        "states": states(diterima=2, dipenuhi=1, ditolak=1,
                         dipenuhi_sebagian=1, diperpanjang=1),
        "answered": 3, "overdue": 2,
        "median_working_days": 5,
        "within_deadline": 0.667,
    }
    per_org = {o["organization"]["name"]: o for o in got["organizations"]}
    assert list(per_org) == ["opd-a", "opd-b"]  # by title
    assert per_org["opd-a"]["organization"]["title"] == "OPD A"
    assert {k: v for k, v in per_org["opd-a"].items()
            if k != "organization"} == {
        "total": 3,
        "states": states(dipenuhi=1, ditolak=1, diperpanjang=1),
        "answered": 2, "overdue": 0,
        "median_working_days": 8.5, "within_deadline": 0.5,
    }
    assert {k: v for k, v in per_org["opd-b"].items()
            if k != "organization"} == {
        "total": 2,
        "states": states(ditolak=1, dipenuhi_sebagian=1),
        "answered": 2, "overdue": 0,
        "median_working_days": 9.5, "within_deadline": 0.5,
    }
    # the same for everyone, and nothing of the requesters
    assert act("satudata_request_metrics", people["walidata"],
               start="2026-11-01", end="2026-11-30") == got
    assert "@example.com" not in json.dumps(got)
    assert REQUESTER["name"] not in json.dumps(got)

    # without a period: everything
    everything = act("satudata_request_metrics", None)
    assert (everything["start"], everything["end"]) == (None, None)
    assert everything["overall"]["total"] == 7
    assert everything["overall"]["answered"] == 4
    # R0 was answered in 1 working day, the figures of B take it
    b = next(o for o in everything["organizations"]
             if o["organization"]["name"] == "opd-b")
    assert (b["total"], b["median_working_days"]) == (3, 5)
    # one local day: the 3rd of November
    day = act("satudata_request_metrics", None, start="2026-11-03",
              end="2026-11-03")
    assert day["overall"]["total"] == 2
    assert day["overall"]["states"] == states(diterima=1,
                                              dipenuhi_sebagian=1)
    # the evening of 31 October (WIB) is October's
    october = act("satudata_request_metrics", None, end="2026-10-31")
    assert october["overall"]["total"] == 1
    assert october["overall"]["states"]["dipenuhi"] == 1
    # a period with nothing in it
    empty = act("satudata_request_metrics", None, start="2027-01-01")
    assert empty["overall"] == {
        "total": 0, "states": ZERO, "answered": 0, "overdue": 0,
        "median_working_days": None, "within_deadline": None}
    assert empty["organizations"] == []


def test_a_reversed_or_malformed_period_is_refused(people):
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_request_metrics", None, start="2026-11-30",
            end="2026-11-01")
    assert err.value.error_dict == {
        "end": ["The end comes before the start"]}
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_complaint_metrics", None, start="30-11-2026")
    assert err.value.error_dict == {
        "start": ["A date like 2026-01-31 is needed"]}


@pytest.mark.freeze_time("2026-11-02T03:00:00Z")
def test_the_metrics_of_complaints(people):
    walidata = people["walidata"]
    first = file_complaint(category="tautan_rusak")["number"]
    file_complaint(category="layanan", email="lain@example.com")
    act("satudata_complaint_verify", walidata, id=first)
    act("satudata_complaint_assign", walidata, id=first,
        organizations=["opd-a"])
    act("satudata_complaint_resolve", people["operator_a"], id=first,
        note="Diperbaiki")
    got = act("satudata_complaint_metrics", None)
    assert got["kind"] == "complaint"
    assert got["overall"]["states"] == {
        "diterima": 1, "diverifikasi": 0, "ditindaklanjuti": 0,
        "selesai": 1, "ditolak": 0}
    assert (got["overall"]["answered"], got["overall"]["within_deadline"],
            got["overall"]["median_working_days"]) == (1, 1.0, 0)
    assert [o["organization"]["name"] for o in got["organizations"]] == [
        "opd-a"]
