"""The alembic environment of every ckanext-satudata plugin (each
plugin's ``env.py`` calls ``run``).

A plugin's migrations live in ``migration/<plugin>/``; its revisions are
recorded in the ``<plugin>_alembic_version`` table, apart from CKAN
core's.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool


def run(env_file: str) -> None:
    """Run the migrations of the plugin whose ``env.py`` is ``env_file``."""
    config = context.config
    if config.config_file_name:
        # keep CKAN's and the plugins' loggers on
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    plugin = os.path.basename(os.path.dirname(os.path.abspath(env_file)))
    version_table = f"{plugin}_alembic_version"
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"),
                          target_metadata=None, literal_binds=True,
                          version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None,
                          version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
