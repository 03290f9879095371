"""The ``satudata_federation`` plugin: what the national SDI portal and
other aggregators harvest from us (CKAN API and DCAT with the SDI
profile, exactly the published data), the Daftar Data exports for
national reporting, and OPD portals harvested in through our verification
workflow. See README, "Federation".
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation
from ckanext.dcat.interfaces import IDCATRDFHarvester

from ckanext.satudata import config as sd_config
from ckanext.satudata.plugin import i18n_directory

from . import action, auth, daftar, harvest, harvest_views, remote_http, views


class SatudataFederationPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IBlueprint)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.ITranslation)
    p.implements(IDCATRDFHarvester, inherit=True)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IBlueprint
    def get_blueprint(self) -> list:
        return [*views.get_blueprints(), *harvest_views.get_blueprints()]

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {**action.get_actions(), **daftar.get_actions()}

    # IAuthFunctions
    def get_auth_functions(self) -> dict[str, Any]:
        return {**auth.get_auth_functions(),
                **daftar.get_auth_functions()}

    # IDCATRDFHarvester
    def update_session(self, session: Any) -> Any:
        """OPD catalogues are fetched with a time limit."""
        return remote_http.with_time_limit(session,
                                           sd_config.harvest_timeout())

    def after_parsing(self, rdf_parser: Any, harvest_job: Any
                      ) -> tuple[Any, list[str]]:
        """Datasets the harvester cannot import are left out, each an
        error of the run."""
        return harvest.check_catalogue(rdf_parser)
