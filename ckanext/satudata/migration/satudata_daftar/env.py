"""Alembic environment of this plugin (see ``migration/alembic_env.py``)."""

from ckanext.satudata.migration.alembic_env import run

run(__file__)
