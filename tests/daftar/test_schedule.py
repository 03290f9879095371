import dataclasses
import datetime as dt

import icalendar
import pytest

from ckanext.satudata.daftar import schedule as s
from ckanext.satudata.workdays import Calendar

D = dt.date
CAL = Calendar()


class TestPeriodForms:
    @pytest.mark.parametrize("text, kind, year, number, start, end", [
        ("2025", s.TAHUNAN, 2025, 1, D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-S1", s.SEMESTERAN, 2025, 1, D(2025, 1, 1), D(2025, 6, 30)),
        ("2025-S2", s.SEMESTERAN, 2025, 2, D(2025, 7, 1), D(2025, 12, 31)),
        ("2025-TW1", s.TRIWULANAN, 2025, 1, D(2025, 1, 1), D(2025, 3, 31)),
        ("2025-TW3", s.TRIWULANAN, 2025, 3, D(2025, 7, 1), D(2025, 9, 30)),
        ("2025-C1", s.EMPAT_BULANAN, 2025, 1, D(2025, 1, 1),
         D(2025, 4, 30)),
        ("2025-C2", s.EMPAT_BULANAN, 2025, 2, D(2025, 5, 1),
         D(2025, 8, 31)),
        ("2025-C3", s.EMPAT_BULANAN, 2025, 3, D(2025, 9, 1),
         D(2025, 12, 31)),
        ("2024-02", s.BULANAN, 2024, 2, D(2024, 2, 1), D(2024, 2, 29)),
        ("2025-02", s.BULANAN, 2025, 2, D(2025, 2, 1), D(2025, 2, 28)),
        ("2025-W07", s.MINGGUAN, 2025, 7, D(2025, 2, 10), D(2025, 2, 16)),
        ("2026-W53", s.MINGGUAN, 2026, 53, D(2026, 12, 28),
         D(2027, 1, 3)),
        # ISO week 1 of 2025 starts in December 2024
        ("2025-W01", s.MINGGUAN, 2025, 1, D(2024, 12, 30), D(2025, 1, 5)),
        ("2024-02-29", s.HARIAN, 2024, 60, D(2024, 2, 29), D(2024, 2, 29)),
        ("2024-12-31", s.HARIAN, 2024, 366, D(2024, 12, 31),
         D(2024, 12, 31)),
    ])
    def test_parse(self, text, kind, year, number, start, end):
        period = s.parse_period(text)
        assert period == s.Period(year, kind, number)
        assert (period.start, period.end) == (start, end)
        assert str(period) == text

    def test_parse_is_lenient_on_case_and_space_only(self):
        assert str(s.parse_period(" 2025-tw3 ")) == "2025-TW3"
        assert str(s.parse_period("2025-w07")) == "2025-W07"

    @pytest.mark.parametrize("kind, first, last", [
        (s.HARIAN, D(2023, 12, 25), D(2025, 1, 10)),
        (s.MINGGUAN, D(2019, 12, 1), D(2028, 1, 10)),
        (s.BULANAN, D(2024, 1, 1), D(2026, 12, 31)),
        (s.TRIWULANAN, D(2024, 1, 1), D(2026, 12, 31)),
        (s.EMPAT_BULANAN, D(2024, 1, 1), D(2026, 12, 31)),
        (s.SEMESTERAN, D(2024, 1, 1), D(2026, 12, 31)),
        (s.TAHUNAN, D(2020, 1, 1), D(2026, 12, 31)),
    ])
    def test_round_trip_and_contiguity(self, kind, first, last):
        """Every period of a span formats and parses back to itself, and
        each next period starts the day after the previous one ends."""
        period = s.Period.containing(kind, first)
        seen = 0
        while period.start <= last:
            assert s.parse_period(str(period)) == period
            assert period.start <= period.end
            assert s.Period.containing(kind, period.end) == period
            following = period.next()
            assert following.start == period.end + dt.timedelta(days=1)
            period = following
            seen += 1
        assert seen > 2

    @pytest.mark.parametrize("text, message", [
        ("2025-W53", "must be 1 to 52, not 53"),
        ("2025-TW5", "must be 1 to 4, not 5"),
        ("2025-TW0", "must be 1 to 4, not 0"),
        ("2025-S3", "must be 1 to 2, not 3"),
        ("2025-C4", "must be 1 to 3, not 4"),
        ("2025-13", "must be 1 to 12, not 13"),
        ("2025-00", "must be 1 to 12, not 0"),
        ("2025-02-29", "day is out of range"),
        ("0999", "year 999 is out of range"),
    ])
    def test_bad_numbers(self, text, message):
        with pytest.raises(ValueError) as info:
            s.parse_period(text)
        assert f"{text!r} is not a valid period" in str(info.value)
        assert message in str(info.value)

    @pytest.mark.parametrize("text", [
        "", "25", "2025-", "2025-Q1", "2025/07", "2025-7", "2025-W7",
        "2025-07-1", "TW3", "2025-TW3-1", "20250714", "2025 TW3",
    ])
    def test_bad_forms(self, text):
        with pytest.raises(ValueError) as info:
            s.parse_period(text)
        assert f"{text!r} is not a period; expected YYYY" in str(
            info.value)

    def test_bad_kind(self):
        with pytest.raises(ValueError, match="unknown period kind"):
            s.Period(2025, "DWIBULANAN", 1)
        with pytest.raises(ValueError, match="unknown period kind"):
            s.Period(2025, s.INSIDENTAL, 1)

    def test_immutable_and_hashable(self):
        period = s.Period(2025, s.TRIWULANAN, 3)
        with pytest.raises(dataclasses.FrozenInstanceError):
            period.number = 4
        assert {period, s.parse_period("2025-TW3")} == {period}

    @pytest.mark.parametrize("code, text", [
        ("TAHUNAN", "2025"), ("S1", "2025-S1"), ("S2", "2025-S2"),
        ("TW1", "2025-TW1"), ("TW4", "2025-TW4"), ("01", "2025-01"),
        ("12", "2025-12"),
    ])
    def test_periode_code_list(self, code, text):
        period = s.Period.from_periode(2025, code)
        assert str(period) == text
        assert period.periode == code

    def test_periode_code_list_gaps(self):
        assert s.Period(2025, s.EMPAT_BULANAN, 1).periode is None
        assert s.parse_period("2025-W07").periode is None
        assert s.parse_period("2025-07-14").periode is None
        with pytest.raises(ValueError, match="not a code of the periode"):
            s.Period.from_periode(2025, "TW5")
        for code in ("13", "00", "1", "S3", "TW0", "C1", "2025"):
            with pytest.raises(ValueError, match="not a code of the"):
                s.Period.from_periode(2025, code)

    def test_next_by_steps(self):
        assert str(s.parse_period("2023").next(2)) == "2025"
        assert str(s.parse_period("2025-TW3").next(6)) == "2027-TW1"
        assert str(s.parse_period("2025-11").next(3)) == "2026-02"
        with pytest.raises(ValueError):
            s.parse_period("2025").next(0)


class TestNextDue:
    @pytest.mark.parametrize("frequency, last, period, due", [
        (s.HARIAN, "2025-07-14", "2025-07-15", D(2025, 7, 15)),
        (s.HARIAN, "2024-02-28", "2024-02-29", D(2024, 2, 29)),
        (s.HARIAN, "2024-02-29", "2024-03-01", D(2024, 3, 1)),
        (s.HARIAN, "2025-02-28", "2025-03-01", D(2025, 3, 1)),
        (s.HARIAN, "2025-12-31", "2026-01-01", D(2026, 1, 1)),
        (s.MINGGUAN, "2025-W07", "2025-W08", D(2025, 2, 23)),
        (s.MINGGUAN, "2025-W52", "2026-W01", D(2026, 1, 4)),
        (s.MINGGUAN, "2026-W52", "2026-W53", D(2027, 1, 3)),
        (s.MINGGUAN, "2026-W53", "2027-W01", D(2027, 1, 10)),
        (s.BULANAN, "2025-07", "2025-08", D(2025, 8, 31)),
        (s.BULANAN, "2024-01", "2024-02", D(2024, 2, 29)),
        (s.BULANAN, "2025-12", "2026-01", D(2026, 1, 31)),
        (s.TRIWULANAN, "2025-TW2", "2025-TW3", D(2025, 9, 30)),
        (s.TRIWULANAN, "2025-TW4", "2026-TW1", D(2026, 3, 31)),
        (s.EMPAT_BULANAN, "2025-C1", "2025-C2", D(2025, 8, 31)),
        (s.EMPAT_BULANAN, "2025-C3", "2026-C1", D(2026, 4, 30)),
        (s.SEMESTERAN, "2025-S1", "2025-S2", D(2025, 12, 31)),
        (s.SEMESTERAN, "2025-S2", "2026-S1", D(2026, 6, 30)),
        (s.TAHUNAN, "2025", "2026", D(2026, 12, 31)),
        (s.LEBIH_DARI_DUA_TAHUNAN, "2023", "2025", D(2025, 12, 31)),
        (s.LEBIH_DARI_DUA_TAHUNAN, "2024", "2026", D(2026, 12, 31)),
    ])
    def test_every_frequency_without_lag(self, frequency, last, period,
                                         due):
        """With no lag a period is due on its last day."""
        result = s.next_due(frequency, last, calendar=CAL)
        assert str(result.period) == period
        assert result.due_date == due
        assert result.overdue is False

    def test_accepts_a_period_value(self):
        last = s.Period(2025, s.TRIWULANAN, 4)
        assert s.next_due(s.TRIWULANAN, last).period == s.Period(
            2026, s.TRIWULANAN, 1)

    @pytest.mark.parametrize("frequency, last, lag, due", [
        # Thursday 2024-02-29 + 1 working day: Friday 1 March
        (s.HARIAN, "2024-02-28", 1, D(2024, 3, 1)),
        # Friday 2024-03-01 + 1: over the weekend to Monday
        (s.HARIAN, "2024-02-29", 1, D(2024, 3, 4)),
        # week 33 of 2026 ends Sunday 16 August; Monday 17 August is
        # Independence Day
        (s.MINGGUAN, "2026-W32", 1, D(2026, 8, 18)),
        # March 2025 ends on Idul Fitri (31 March); 1 April is its second
        # day: three working days are 2, 3 and 4 April
        (s.BULANAN, "2025-02", 3, D(2025, 4, 4)),
        # 2026-TW1 ends Tuesday 31 March; Friday 3 April is Good Friday
        (s.TRIWULANAN, "2025-TW4", 5, D(2026, 4, 8)),
        # 2026 ends on Thursday; 1 January 2027 is a holiday, then the
        # weekend: the first working day is Monday 4 January
        (s.TAHUNAN, "2025", 1, D(2027, 1, 4)),
        (s.LEBIH_DARI_DUA_TAHUNAN, "2024", 1, D(2027, 1, 4)),
        # 2025-S2 ends Wednesday 31 December; 1 January is a holiday
        (s.SEMESTERAN, "2025-S1", 2, D(2026, 1, 5)),
        # 2025-C2 ends Sunday 31 August: Monday 1 September is the first
        (s.EMPAT_BULANAN, "2025-C1", 1, D(2025, 9, 1)),
    ])
    def test_lag_in_working_days(self, frequency, last, lag, due):
        result = s.next_due(frequency, last, lag_days=lag, calendar=CAL)
        assert result.due_date == due

    def test_lag_counts_cuti_bersama(self):
        """The deployment's collective leave days (here those around Idul
        Fitri 2025) do not count either."""
        leave = Calendar(extra=[D(2025, 4, 2), D(2025, 4, 3),
                                D(2025, 4, 4), D(2025, 4, 7)])
        result = s.next_due(s.BULANAN, "2025-02", lag_days=3,
                            calendar=leave)
        assert result.due_date == D(2025, 4, 10)

    def test_default_calendar_knows_national_holidays(self):
        result = s.next_due(s.MINGGUAN, "2026-W32", lag_days=1)
        assert result.due_date == D(2026, 8, 18)

    def test_overdue_around_the_due_date(self):
        def due_on(today):
            return s.next_due(s.TRIWULANAN, "2025-TW4", lag_days=5,
                              calendar=CAL, today=today)

        assert due_on(D(2026, 4, 7)).overdue is False
        assert due_on(D(2026, 4, 8)).overdue is False
        assert due_on(D(2026, 4, 9)).overdue is True
        assert due_on(D(2027, 1, 1)).overdue is True
        assert due_on(None).overdue is False

    def test_insidental(self):
        result = s.next_due(s.INSIDENTAL, "2025", lag_days=5,
                            today=D(2099, 1, 1))
        assert result == s.Due(None, None, False)
        assert s.next_due(s.INSIDENTAL, None).due_date is None
        assert s.period_kind(s.INSIDENTAL) is None

    @pytest.mark.parametrize("frequency, start, period, due", [
        (s.TAHUNAN, D(2026, 1, 1), "2026", D(2026, 12, 31)),
        (s.LEBIH_DARI_DUA_TAHUNAN, D(2026, 1, 1), "2026",
         D(2026, 12, 31)),
        (s.SEMESTERAN, D(2026, 1, 1), "2026-S1", D(2026, 6, 30)),
        (s.TRIWULANAN, D(2026, 1, 1), "2026-TW1", D(2026, 3, 31)),
        (s.TRIWULANAN, D(2026, 5, 10), "2026-TW2", D(2026, 6, 30)),
        (s.EMPAT_BULANAN, D(2026, 5, 1), "2026-C2", D(2026, 8, 31)),
        (s.BULANAN, D(2026, 1, 1), "2026-01", D(2026, 1, 31)),
        # Friday 1 January 2027 is in the last ISO week of 2026
        (s.MINGGUAN, D(2027, 1, 1), "2026-W53", D(2027, 1, 3)),
        (s.HARIAN, D(2028, 2, 29), "2028-02-29", D(2028, 2, 29)),
    ])
    def test_nothing_published_yet(self, frequency, start, period, due):
        result = s.next_due(frequency, None, start=start, calendar=CAL,
                            today=due + dt.timedelta(days=1))
        assert str(result.period) == period
        assert result.due_date == due
        assert result.overdue is True

    def test_nothing_published_needs_a_start(self):
        with pytest.raises(ValueError, match="start is needed"):
            s.next_due(s.BULANAN, None)

    def test_period_of_another_kind(self):
        with pytest.raises(ValueError) as info:
            s.next_due(s.TAHUNAN, "2025-TW4")
        assert "'2025-TW4' is TRIWULANAN" in str(info.value)
        assert "TAHUNAN publishes TAHUNAN periods" in str(info.value)

    def test_bad_inputs(self):
        with pytest.raises(ValueError, match="unknown frequency 'DWI"):
            s.next_due("DWIBULANAN", "2025-02")
        with pytest.raises(ValueError, match="'2025-TW5' is not a valid"):
            s.next_due(s.TRIWULANAN, "2025-TW5")
        with pytest.raises(ValueError, match="must not be negative"):
            s.next_due(s.TRIWULANAN, "2025-TW1", lag_days=-1)


def _entries():
    return [
        s.Entry("monthly", "Jumlah kunjungan wisatawan", s.BULANAN,
                "2026-01", lag_days=5, organization="Dinas Pariwisata",
                url="https://data.example.go.id/dataset/kunjungan"),
        s.Entry("quarterly", "Inflasi, IHK; triwulanan", s.TRIWULANAN,
                "2025-TW4", organization="Bappeda"),
        s.Entry("incidental", "Data bencana", s.INSIDENTAL, None),
        s.Entry("yearly", "Jumlah penduduk", s.TAHUNAN, "2025"),
    ]


class TestUpcoming:
    def test_releases_in_range(self):
        releases = s.upcoming(_entries(), D(2026, 2, 1), D(2026, 4, 30),
                              calendar=CAL, today=D(2026, 3, 10))
        got = [(r.entry.id, str(r.period), r.due_date, r.overdue)
               for r in releases]
        assert got == [
            # February 2026 ends on a Saturday
            ("monthly", "2026-02", D(2026, 3, 6), True),
            ("quarterly", "2026-TW1", D(2026, 3, 31), False),
            # Good Friday, 3 April 2026, is not a working day
            ("monthly", "2026-03", D(2026, 4, 8), False),
        ]

    def test_range_is_inclusive(self):
        releases = s.upcoming(_entries(), D(2026, 3, 6), D(2026, 3, 6),
                              calendar=CAL)
        assert [(r.entry.id, r.due_date) for r in releases] == [
            ("monthly", D(2026, 3, 6))]
        assert s.upcoming(_entries(), D(2026, 3, 7), D(2026, 3, 30),
                          calendar=CAL) == []

    def test_nothing_published_starts_at_start(self):
        entry = s.Entry("new", "Baru", s.TRIWULANAN, None,
                        start=D(2026, 1, 1))
        releases = s.upcoming([entry], D(2026, 1, 1), D(2026, 12, 31),
                              calendar=CAL)
        assert [str(r.period) for r in releases] == [
            "2026-TW1", "2026-TW2", "2026-TW3", "2026-TW4"]

    def test_long_behind_entries(self):
        """Entries far behind list the periods due in the range only, all
        overdue, and two-yearly ones keep their rhythm."""
        daily = s.Entry("daily", "Harga pangan harian", s.HARIAN,
                        "2000-01-01")
        twoyearly = s.Entry("survey", "Survei", s.LEBIH_DARI_DUA_TAHUNAN,
                            "2015")
        releases = s.upcoming([daily], D(2026, 3, 1), D(2026, 3, 7),
                              calendar=CAL, today=D(2026, 3, 10))
        assert [r.due_date for r in releases] == [
            D(2026, 3, day) for day in range(1, 8)]
        assert all(r.overdue for r in releases)
        releases = s.upcoming([twoyearly], D(2026, 1, 1), D(2029, 12, 31),
                              calendar=CAL)
        assert [str(r.period) for r in releases] == ["2027", "2029"]
        odd = dataclasses.replace(twoyearly, last_published="2016")
        releases = s.upcoming([odd], D(2026, 1, 1), D(2029, 12, 31),
                              calendar=CAL)
        assert [str(r.period) for r in releases] == ["2026", "2028"]

    def test_reversed_range(self):
        with pytest.raises(ValueError, match="ends .* before it starts"):
            s.upcoming(_entries(), D(2026, 4, 1), D(2026, 3, 1))


class TestIcal:
    STAMP = dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.timezone.utc)

    def _export(self):
        releases = s.upcoming(_entries(), D(2026, 2, 1), D(2026, 4, 30),
                              calendar=CAL)
        return s.to_ical(releases, stamp=self.STAMP,
                         name="Jadwal rilis", domain="data.example.go.id")

    def test_events_parse_back(self):
        text = self._export()
        cal = icalendar.Calendar.from_ical(text)
        assert str(cal["version"]) == "2.0"
        assert str(cal["x-wr-calname"]) == "Jadwal rilis"
        events = cal.walk("VEVENT")
        assert [str(e["uid"]) for e in events] == [
            "monthly.2026-02@data.example.go.id",
            "quarterly.2026-TW1@data.example.go.id",
            "monthly.2026-03@data.example.go.id",
        ]
        first, second, third = events
        assert first["dtstart"].dt == D(2026, 3, 6)
        assert not isinstance(first["dtstart"].dt, dt.datetime)
        assert first["dtend"].dt == D(2026, 3, 7)
        assert first["dtstamp"].dt == self.STAMP
        assert str(first["summary"]) == (
            "Jumlah kunjungan wisatawan (2026-02)")
        assert str(first["url"]) == (
            "https://data.example.go.id/dataset/kunjungan")
        assert str(first["description"]) == (
            "Dinas Pariwisata\nBULANAN 2026-02")
        assert second["dtstart"].dt == D(2026, 3, 31)
        assert str(second["summary"]) == (
            "Inflasi, IHK; triwulanan (2026-TW1)")
        assert "url" not in second
        assert third["dtstart"].dt == D(2026, 4, 8)

    def test_text_is_escaped_and_folded(self):
        text = self._export()
        assert "SUMMARY:Inflasi\\, IHK\\; triwulanan (2026-TW1)" in text
        assert "DTSTART;VALUE=DATE:20260306" in text
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        lines = text.split("\r\n")
        assert all(len(line.encode()) <= 75 for line in lines)

    def test_uids_are_stable(self):
        """Another export (later stamp, other range) keeps each
        release's UID."""
        releases = s.upcoming(_entries(), D(2026, 3, 1), D(2026, 3, 31),
                              calendar=CAL)
        later = s.to_ical(releases, domain="data.example.go.id")
        uids = {str(e["uid"]) for e in
                icalendar.Calendar.from_ical(later).walk("VEVENT")}
        assert uids == {"monthly.2026-02@data.example.go.id",
                        "quarterly.2026-TW1@data.example.go.id"}

    def test_custom_description_and_empty_calendar(self):
        releases = s.upcoming(_entries()[:1], D(2026, 3, 1),
                              D(2026, 3, 31), calendar=CAL)
        text = s.to_ical(releases, stamp=self.STAMP,
                         describe=lambda r: f"Terbit: {r.due_date}\nOK")
        event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
        assert str(event["description"]) == "Terbit: 2026-03-06\nOK"
        empty = icalendar.Calendar.from_ical(s.to_ical([]))
        assert empty.walk("VEVENT") == []
