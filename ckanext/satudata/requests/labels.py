"""Display words of requests and complaints, for a given gettext (pages
use ``tk._``, e-mails the recipient's catalogue)."""

from __future__ import annotations

from typing import Callable

Gettext = Callable[[str], str]


def states(_: Gettext) -> dict[str, str]:
    return {
        "diterima": _("Received"),
        "diproses": _("In progress"),
        "diperpanjang": _("Extended"),
        "dipenuhi": _("Fulfilled"),
        "dipenuhi_sebagian": _("Partly fulfilled"),
        "ditolak": _("Refused"),
        "keberatan": _("Objection"),
        "diverifikasi": _("Verified"),
        "ditindaklanjuti": _("Being followed up"),
        "selesai": _("Resolved"),
    }


def categories(_: Gettext) -> dict[str, str]:
    return {
        "data_salah": _("Data wrong or inaccurate"),
        "tautan_rusak": _("Broken link or file that will not download"),
        "kedaluwarsa": _("Data out of date"),
        "data_pribadi": _("Personal or sensitive data exposed"),
        "layanan": _("Portal service"),
        "lainnya": _("Other"),
    }


def grounds(_: Gettext) -> dict[str, str]:
    return {
        "dikecualikan": _("Exempt information (dikecualikan)"),
        "tidak_dikuasai": _("Not held by any OPD (tidak dikuasai)"),
        "duplikat": _("Duplicate of another request"),
        "lainnya": _("Other"),
    }


def availability(_: Gettext) -> dict[str, str]:
    return {
        "tersedia": _("Available"),
        "sebagian": _("Partly available"),
        "tidak_dikuasai": _("Not held by this office"),
    }


def actions(_: Gettext) -> dict[str, str]:
    return {
        "create": _("Received"),
        "assign": _("Assigned"),
        "confirm": _("Availability confirmed"),
        "link": _("Dataset linked"),
        "extend": _("Deadline extended"),
        "fulfil": _("Fulfilled"),
        "refuse": _("Refused"),
        "objection": _("Objection filed"),
        "verify": _("Verified"),
        "resolve": _("Resolved"),
        "erase": _("Personal data erased"),
    }


def roles(_: Gettext) -> dict[str, str]:
    return {
        "walidata": _("Walidata"),
        "walidata_head": _("Walidata head"),
        "opd": _("Data producer"),
        "pemohon": _("Requester"),
        "sistem": _("System"),
    }
