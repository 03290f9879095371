"""The ``satudata_requests`` plugin: data requests (*permintaan data*) and
complaints (*pengaduan*), with the legal working-day deadlines, tracking
without an account, the public register and the staff inbox. Uses the
verification workflow when it is on (a request linked to a dataset is
fulfilled when the dataset is published). See README, "Data requests and
complaints".
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.satudata.plugin import i18n_directory

from . import cli, helpers, views
from .logic import action, auth


class SatudataRequestsPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.IClick)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "satudata_requests")

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
        return [cli.satudata_requests]

    # IPackageController
    def after_dataset_update(self, context: Any,
                             pkg_dict: dict[str, Any]) -> None:
        pkg = model.Package.get(pkg_dict.get("id"))
        if pkg is not None and pkg.state == "active" and not pkg.private:
            action.dataset_published(pkg.id)
