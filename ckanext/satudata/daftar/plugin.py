"""The ``satudata_daftar`` plugin: the Forum Satu Data's Daftar Data (the
yearly list of what each OPD delivers, its berita acara, the OPDs'
confirmations), the public release calendar with its iCal feed, the
reminders, and the walidata's monitoring dashboard and report. Uses the
verification workflow and the request module when they are on. See
README, "Daftar Data and monitoring"."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.satudata.plugin import i18n_directory

from . import cli, helpers, views
from .logic import action, auth


class SatudataDaftarPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.IClick)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return action.get_actions()

    # IAuthFunctions
    def get_auth_functions(self) -> dict[str, Any]:
        return auth.get_auth_functions()

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()

    # IBlueprint
    def get_blueprint(self) -> list:
        return views.get_blueprints()

    # IClick
    def get_commands(self) -> list:
        return [cli.satudata_daftar]
