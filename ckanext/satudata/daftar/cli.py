"""``ckan satudata-daftar``: the scheduled work of the Daftar Data (see
:mod:`.notify` for what is sent to whom). Cron lines::

    # every day at 06:00: reminders to the OPDs
    0 6 * * *  ckan -c /etc/ckan/default/ckan.ini satudata-daftar remind
    # every Monday at 06:30: the digest to the walidata
    30 6 * * 1  ckan -c /etc/ckan/default/ckan.ini satudata-daftar digest

The e-mails are sent by the background worker (``ckan jobs worker``).
With ``ckanext.satudata.daftar.notify = false`` both commands only list
what they would send."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from . import notify

_DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group(name="satudata-daftar",
             short_help="Daftar Data: reminders and the weekly digest")
def satudata_daftar() -> None:
    pass


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _off(sent: bool) -> str:
    return "" if sent else " (notify off: nothing sent)"


@satudata_daftar.command("remind")
@click.option("--today", type=_DAY, default=None,
              help="Run as on this day (YYYY-MM-DD; default: today).")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Remind this many calendar days before a due date "
              "(default: ckanext.satudata.daftar.reminder_days).")
def remind_command(today: dt.datetime | None, days: int | None) -> None:
    """E-mail the OPDs about releases due soon or overdue, once per
    release (run daily: ``0 6 * * *``)."""
    counts: dict[str, Any] = notify.remind(_day(today), days)
    if not counts["sent"]:
        for notice in counts["notices"]:
            click.echo(f"{notice.kind}: {notice.entry.nama_data} "
                       f"({notice.period}) due {notice.due_date}")
    click.echo(f"reminders: {counts['before']} before, "
               f"{counts['overdue']} overdue, to {counts['opds']} OPD(s)"
               + _off(counts["sent"]))


@satudata_daftar.command("digest")
@click.option("--today", type=_DAY, default=None,
              help="Run as on this day (YYYY-MM-DD; default: today).")
def digest_command(today: dt.datetime | None) -> None:
    """E-mail the walidata the weekly digest: overdue releases by OPD,
    releases due in the next 7 days, OPDs that have not confirmed their
    list (run on Mondays: ``30 6 * * 1``)."""
    counts: dict[str, Any] = notify.digest(_day(today))
    found: notify.Digest = counts["digest"]
    line = (f"digest: {counts['overdue']} overdue, {counts['upcoming']} "
            f"due in {notify.DIGEST_DAYS} days, {counts['unconfirmed']} "
            "OPD(s) not confirmed")
    if found.empty:
        click.echo(line + " (nothing to report: nothing sent)")
    else:
        click.echo(line + _off(counts["sent"]))
