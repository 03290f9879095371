"""``ckan satudata-daftar``: the scheduled work of the Daftar Data (see
README, "Daftar Data and monitoring": cron lines)."""

from __future__ import annotations

import click


@click.group(name="satudata-daftar",
             short_help="Daftar Data: reminders and the weekly digest")
def satudata_daftar() -> None:
    pass
