"""The ``satudata`` plugin: the core of a Satu Data Indonesia portal.

It carries the configuration declarations, the Indonesian/English message
catalogue, templates, the SDI metadata schemas' validators, helpers, facets
and index preparation, and the ``ckan satudata`` command group. The feature
plugins (``satudata_search`` and those that follow) build on it. The schemas
themselves are loaded by ckanext-scheming (see README, "Metadata schemas").
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.satudata import cli, codelists, helpers, schema, util, views
from ckanext.satudata.logic import action, auth, validators

HERE = os.path.dirname(__file__)


def i18n_directory() -> str:
    return os.path.join(HERE, "i18n")


@tk.blanket.config_declarations
class SatudataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(p.IBlueprint)
    p.implements(p.IValidators)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "satudata")

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IClick
    def get_commands(self) -> list:
        return [cli.satudata]

    # IBlueprint
    def get_blueprint(self) -> list:
        return views.get_blueprints()

    # IValidators
    def get_validators(self) -> dict[str, Any]:
        return validators.get_validators()

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return action.get_actions()

    # IAuthFunctions
    def get_auth_functions(self) -> dict[str, Any]:
        return auth.get_auth_functions()

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()

    # IFacets
    def dataset_facets(self, facets_dict: OrderedDict,
                       package_type: str) -> OrderedDict:
        lang = util.lang()
        ordered: OrderedDict = OrderedDict()
        if "organization" in facets_dict:
            ordered["organization"] = facets_dict["organization"]
        for field in schema.facet_fields():
            ordered[field["field_name"]] = schema.label(field, lang)
        for key, title in facets_dict.items():
            ordered.setdefault(key, title)
        facets_dict.clear()
        facets_dict.update(ordered)
        return facets_dict

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]
                             ) -> dict[str, Any]:
        """Code lists as lists (not JSON text) for filters and facets;
        a region also indexed under the regions that contain it, so that a
        filter on a province finds data on its districts."""
        for name in schema.list_fields():
            value = pkg_dict.get(name)
            if isinstance(value, str) and value.startswith("["):
                try:
                    value = json.loads(value)
                except ValueError:
                    continue
                pkg_dict[name] = value
        regions = pkg_dict.get("cakupan_wilayah")
        if isinstance(regions, list):
            pkg_dict["cakupan_wilayah"] = list(dict.fromkeys(
                path_code for code in regions for path_code in (
                    [i.code for i in codelists.region_path(code)] or [code])))
        return pkg_dict

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]
                             ) -> dict[str, Any]:
        """Facet items of coded fields show their labels."""
        lang = util.lang()
        for name, facet in search_results.get("search_facets", {}).items():
            list_name = schema.codelist_of(name)
            if name == "cakupan_wilayah":
                for item in facet["items"]:
                    item["display_name"] = helpers.region_label(item["name"])
            elif list_name:
                lst = codelists.get(list_name)
                for item in facet["items"]:
                    item["display_name"] = lst.label(item["name"], lang)
        return search_results
