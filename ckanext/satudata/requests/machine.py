"""The life of a data request (*permintaan data*) and of a complaint
(*pengaduan*), and their deadlines. Pure Python (no CKAN imports).

Data requests follow UU 14/2008 (Keterbukaan Informasi Publik): an answer
within 10 working days, extendable once by 7 with reasons; a refusal gives
grounds; the requester may object (*keberatan*) to a refusal or a late
answer, which reopens the request for the walidata head.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ckanext.satudata.workdays import Calendar

REQUEST = "request"
COMPLAINT = "complaint"
KINDS = (REQUEST, COMPLAINT)

#: number prefixes: PD-2026-000123, PG-2026-000045
PREFIX = {REQUEST: "PD", COMPLAINT: "PG"}

# states of a data request
DITERIMA = "diterima"
DIPROSES = "diproses"
DIPERPANJANG = "diperpanjang"
DIPENUHI = "dipenuhi"
DIPENUHI_SEBAGIAN = "dipenuhi_sebagian"
DITOLAK = "ditolak"
KEBERATAN = "keberatan"
# states of a complaint (also diterima, ditolak)
DIVERIFIKASI = "diverifikasi"
DITINDAKLANJUTI = "ditindaklanjuti"
SELESAI = "selesai"

STATES = {
    REQUEST: (DITERIMA, DIPROSES, DIPERPANJANG, KEBERATAN, DIPENUHI,
              DIPENUHI_SEBAGIAN, DITOLAK),
    COMPLAINT: (DITERIMA, DIVERIFIKASI, DITINDAKLANJUTI, SELESAI, DITOLAK),
}
OPEN = {
    REQUEST: (DITERIMA, DIPROSES, DIPERPANJANG, KEBERATAN),
    COMPLAINT: (DITERIMA, DIVERIFIKASI, DITINDAKLANJUTI),
}

# who takes a step
WALIDATA = "walidata"
#: the walidata head (admin of a walidata organisation, or sysadmin)
HEAD = "walidata_head"
#: an editor or admin of an OPD the case is assigned to
OPD = "opd"
#: who filed the case (known by number and e-mail, or their account)
REQUESTER = "pemohon"
SYSTEM = "sistem"


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    #: None: the state does not change (assign while in progress)
    target: str | None
    roles: tuple[str, ...]


_REQUEST_OPEN = (DITERIMA, DIPROSES, DIPERPANJANG)

STEPS = {
    REQUEST: {
        "assign": Step("assign", _REQUEST_OPEN, DIPROSES, (WALIDATA,)),
        "extend": Step("extend", (DIPROSES,), DIPERPANJANG,
                       (WALIDATA, OPD)),
        "fulfil": Step("fulfil", (DIPROSES, DIPERPANJANG), DIPENUHI,
                       (WALIDATA, OPD)),
        "refuse": Step("refuse", _REQUEST_OPEN, DITOLAK, (WALIDATA,)),
        "objection": Step("objection", STATES[REQUEST], KEBERATAN,
                          (REQUESTER,)),
    },
    COMPLAINT: {
        "verify": Step("verify", (DITERIMA,), DIVERIFIKASI, (WALIDATA,)),
        "assign": Step("assign", (DIVERIFIKASI, DITINDAKLANJUTI),
                       DITINDAKLANJUTI, (WALIDATA,)),
        "resolve": Step("resolve", (DIVERIFIKASI, DITINDAKLANJUTI),
                        SELESAI, (WALIDATA, OPD)),
        "refuse": Step("refuse", (DITERIMA, DIVERIFIKASI, DITINDAKLANJUTI),
                       DITOLAK, (WALIDATA,)),
    },
}

#: a request under objection is answered by the walidata head only
UNDER_OBJECTION = {
    "assign": Step("assign", (KEBERATAN,), None, (HEAD,)),
    "fulfil": Step("fulfil", (KEBERATAN,), DIPENUHI, (HEAD,)),
    "refuse": Step("refuse", (KEBERATAN,), DITOLAK, (HEAD,)),
}

#: grounds of a refusal; ``dikecualikan`` needs the legal basis, ``lainnya``
#: a text
GROUNDS = ("dikecualikan", "tidak_dikuasai", "duplikat", "lainnya")
#: what an assigned OPD answers about availability
AVAILABILITY = ("tersedia", "sebagian", "tidak_dikuasai")
#: complaint categories
CATEGORIES = ("data_salah", "tautan_rusak", "kedaluwarsa", "data_pribadi",
              "layanan", "lainnya")
#: the category that alerts the walidata at once
URGENT = "data_pribadi"


def step(kind: str, name: str, current: str) -> Step | None:
    """The step ``name`` of a case of ``kind`` in state ``current``."""
    if kind == REQUEST and current == KEBERATAN:
        return UNDER_OBJECTION.get(name) if name != "objection" else None
    return STEPS[kind].get(name)


def allowed(kind: str, name: str, current: str, roles: set[str]) -> bool:
    found = step(kind, name, current)
    if found is None or current not in found.sources:
        return False
    return bool(roles & set(found.roles))


@dataclasses.dataclass(frozen=True)
class Clock:
    """Working-day deadlines of a case."""

    calendar: Calendar
    request_days: int = 10
    extension_days: int = 7
    objection_days: int = 30

    def due(self, received: dt.date, days: int) -> dt.date:
        """``days`` working days after the day of receipt (which does not
        count)."""
        return self.calendar.add(received, days)

    def extended(self, due: dt.date) -> dt.date:
        return self.calendar.add(due, self.extension_days)

    def left(self, due: dt.date, today: dt.date) -> int:
        """Working days left until ``due`` (negative: overdue by as many
        working days)."""
        if today <= due:
            return self.calendar.between(today, due)
        return -self.calendar.between(due, today)


def overdue(state: str, kind: str, due: dt.date | None,
            today: dt.date) -> bool:
    return bool(due and state in OPEN[kind] and today > due)


def objection_open(state: str, due: dt.date | None, closed: dt.date | None,
                   today: dt.date, objected: bool) -> bool:
    """May the requester object now? Once, to a refusal or to a late
    answer (none yet past the deadline, or one given after it)."""
    if objected:
        return False
    if state == DITOLAK:
        return True
    if due is None:
        return False
    if state in OPEN[REQUEST]:
        return today > due
    return closed is not None and closed > due


def number(kind: str, year: int, sequence: int) -> str:
    return f"{PREFIX[kind]}-{year}-{sequence:06d}"


def kind_of(number_: str) -> str | None:
    for kind, prefix in PREFIX.items():
        if number_.upper().startswith(prefix + "-"):
            return kind
    return None
