"""The ``satudata_workflow`` plugin: the verification workflow.

draft -> submitted (operator) -> verified (verifikator) -> published
(walidata), with the way back (return, reject), the QA checklist, an
append-only audit trail, e-mails through background jobs and a task list.
While it is on, a dataset of type ``dataset`` or ``kegiatan`` is public
only once published: unpublished datasets stay private to their OPD (and
readable by the walidata and the pembina), on every read path, through
CKAN's permission labels. See README, "Verification workflow".
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels, DefaultTranslation

from ckanext.satudata.plugin import i18n_directory

from . import helpers, labels, machine, revision, roles, state, views
from .logic import action, auth, change, core, visibility

WALIDATA_LABEL = "satudata-walidata"
PEMBINA_LABEL = "satudata-pembina"
FACET = "satudata_state"
#: index field of a revision's staged copy (the id of the dataset it
#: revises); searches leave copies out unless they ask for this field
REVISION_FIELD = "satudata_revision_of"


class SatudataWorkflowPlugin(p.SingletonPlugin, DefaultTranslation,
                             DefaultPermissionLabels):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.ITranslation)
    p.implements(p.IPermissionLabels)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # ITranslation
    def i18n_directory(self) -> str:
        return i18n_directory()

    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {**action.get_actions(), **change.get_actions(),
                **core.get_actions(),
                **visibility.get_actions()}

    # IAuthFunctions
    def get_auth_functions(self) -> dict[str, Any]:
        return auth.get_auth_functions()

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        return helpers.get_helpers()

    # IBlueprint
    def get_blueprint(self) -> list:
        return views.get_blueprints()

    # IPermissionLabels
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        """CKAN's labels; an unpublished dataset of the workflow is also
        readable by the walidata, and once submitted by the pembina."""
        found = super().get_dataset_labels(dataset_obj)
        if (state.applies(dataset_obj) and dataset_obj.state == "active"
                and "public" not in found):
            found.append(WALIDATA_LABEL)
            if state.current(dataset_obj) != machine.DRAFT:
                found.append(PEMBINA_LABEL)
        return found

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        found = super().get_user_dataset_labels(user_obj)
        if user_obj is None or user_obj.is_anonymous:
            return found
        who = roles.actor(user_obj)
        if who.walidata:
            found.append(WALIDATA_LABEL)
        if who.pembina:
            found.append(PEMBINA_LABEL)
        return found

    # IPackageController
    def after_dataset_create(self, context: Any,
                             pkg_dict: dict[str, Any]) -> None:
        core.after_create(context, pkg_dict)

    def after_dataset_update(self, context: Any,
                             pkg_dict: dict[str, Any]) -> None:
        core.after_update(context, pkg_dict)

    def after_dataset_show(self, context: Any,
                           pkg_dict: dict[str, Any]) -> dict[str, Any]:
        """The workflow state, and for published (or withdrawn) data the
        version the public sees (number, date, reason)."""
        if pkg_dict.get("type", "dataset") in machine.DATASET_TYPES:
            pkg = model.Package.get(pkg_dict.get("id"))
            if pkg is not None:
                current = state.current(pkg)
                pkg_dict["satudata_state"] = current
                if current in machine.RELEASED:
                    pkg_dict["satudata_version"] = revision.current_version(
                        pkg.id)
        return pkg_dict

    def before_dataset_index(self, pkg_dict: dict[str, Any]
                             ) -> dict[str, Any]:
        if pkg_dict.get("type", "dataset") in machine.DATASET_TYPES:
            pkg = model.Package.get(pkg_dict.get("id"))
            if pkg is not None:
                pkg_dict["satudata_state"] = state.current(pkg)
                found = revision.open_copy_request(pkg.id)
                if found is not None:
                    pkg_dict[REVISION_FIELD] = found.package_id
            pkg_dict.pop("satudata_version", None)
        return pkg_dict

    def before_dataset_search(self, search_params: dict[str, Any]
                              ) -> dict[str, Any]:
        """Revisions' staged copies are not datasets of their own: left out
        of searches (the dataset page and the task list lead to them)."""
        fq = search_params.get("fq") or ""
        if REVISION_FIELD not in fq:
            search_params["fq"] = f"{fq} -{REVISION_FIELD}:*".strip()
        return search_params

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]
                             ) -> dict[str, Any]:
        facet = search_results.get("search_facets", {}).get(FACET)
        if facet:
            words = labels.states(tk._)
            for item in facet["items"]:
                item["display_name"] = words.get(item["name"], item["name"])
        return search_results

    # IFacets: the workflow state is a facet for staff
    def _with_state(self, facets_dict: OrderedDict) -> OrderedDict:
        try:
            user = tk.current_user
            staff = user.is_authenticated and roles.actor(user.name).staff
        except (RuntimeError, AttributeError):  # no request
            staff = False
        if staff:
            facets_dict[FACET] = tk._("Workflow state")
        return facets_dict

    def dataset_facets(self, facets_dict: OrderedDict,
                       package_type: str) -> OrderedDict:
        return self._with_state(facets_dict)

    def organization_facets(self, facets_dict: OrderedDict,
                            organization_type: str,
                            package_type: str | None) -> OrderedDict:
        return self._with_state(facets_dict)
