"""Words of the workflow in the user's language. Each function takes the
translating function (``tk._`` on pages, a Babel catalogue in e-mails
sent from background jobs), so the texts live in one place."""

from __future__ import annotations

from typing import Callable

from . import machine

Gettext = Callable[[str], str]


def states(_: Gettext) -> dict[str, str]:
    return {
        machine.DRAFT: _("Draft"),
        machine.SUBMITTED: _("Submitted"),
        machine.VERIFIED: _("Verified"),
        machine.PUBLISHED: _("Published"),
        machine.WITHDRAWN: _("Withdrawn"),
    }


def transitions(_: Gettext) -> dict[str, str]:
    """The buttons."""
    return {
        "submit": _("Submit for verification"),
        "return": _("Return to the operator"),
        "verify": _("Verify"),
        "reject": _("Reject"),
        "publish": _("Publish"),
        "withdraw": _("Withdraw"),
        "restore": _("Restore"),
    }


def events(_: Gettext) -> dict[str, str]:
    """What happened, in the history."""
    return {
        machine.CREATE: _("Created"),
        machine.EDIT: _("Changed"),
        "submit": _("Submitted"),
        "return": _("Returned"),
        "verify": _("Verified"),
        "reject": _("Rejected"),
        "publish": _("Published"),
        machine.REVISE: _("New version published"),
        "withdraw": _("Withdrawn"),
        "restore": _("Restored"),
        "purge": _("Purged"),
        "harvest": _("Harvested"),
    }


def roles(_: Gettext) -> dict[str, str]:
    return {
        machine.OPERATOR: _("Operator"),
        machine.VERIFIKATOR: _("Verifikator"),
        machine.WALIDATA: _("Walidata"),
        machine.PEMBINA: _("Pembina"),
        "system": _("System"),
    }


def qa_results(_: Gettext) -> dict[str, str]:
    return {
        machine.PASS: _("Pass"),
        machine.FAIL: _("Fail"),
        machine.NOT_APPLICABLE: _("Not applicable"),
    }


def tasks(_: Gettext) -> dict[str, str]:
    return {
        "submit": _("Complete and submit"),
        "fix": _("Fix and resubmit"),
        "verify": _("Verify or return"),
        "publish": _("Check quality, publish or reject"),
    }


def request_kinds(_: Gettext) -> dict[str, str]:
    return {"revision": _("Revision"), "withdrawal": _("Withdrawal")}


def request_states(_: Gettext) -> dict[str, str]:
    """The register's statuses (SOP: diterima, diproses, selesai,
    ditolak)."""
    return {
        "received": _("Received"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "refused": _("Refused"),
        "cancelled": _("Cancelled"),
    }
