"""The ``ckan satudata`` command group."""

from __future__ import annotations

import click


@click.group(short_help="Satu Data portal commands")
def satudata() -> None:
    """Satu Data Indonesia portal commands."""


@satudata.command("demo-data")
def demo_data() -> None:
    """Create the demo organisations, users, groups and datasets
    (idempotent)."""
    from ckanext.satudata import demo

    demo.create_demo_content(echo=click.echo)
