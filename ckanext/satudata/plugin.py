"""The ``satudata`` plugin: the core of a Satu Data Indonesia portal.

It carries the configuration declarations, the Indonesian/English message
catalogue, templates and the ``ckan satudata`` command group. The feature
plugins (``satudata_search`` and those that follow) build on it.
"""

from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.satudata import cli

HERE = os.path.dirname(__file__)


def i18n_directory() -> str:
    return os.path.join(HERE, "i18n")


@tk.blanket.config_declarations
class SatudataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IClick)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IClick
    def get_commands(self) -> list:
        return [cli.satudata]
