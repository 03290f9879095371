"""The ``satudata_search`` plugin: dataset search in PostgreSQL, no Solr.

While it is loaded, CKAN's dataset index and queries go to the
``satudata_search_index`` table (see :mod:`.backend`). Not loaded, CKAN uses
Solr as it always does.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.config.declaration import Declaration, Key
from ckan.config.declaration.option import Flag
from ckan.lib.plugins import DefaultTranslation

from ckanext.satudata.plugin import i18n_directory

from . import backend, harvest, helpers
from .logic import action


class SatudataSearchPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.ITranslation)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITemplateHelpers)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Declaration,
                               key: Key) -> None:
        # No Solr server is needed: an empty solr_url is valid.
        option = declaration[key.solr_url]
        option.flags &= ~Flag.required

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        backend.register()
        tk.add_template_directory(config, "templates")

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {"package_search": action.package_search,
                **harvest.get_actions()}

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"
