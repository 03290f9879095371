"""Actions of the ``satudata`` plugin."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata import codelists, export, schema, util

from . import schema as action_schema


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


def completeness(pkg_dict: dict[str, Any], lang: str = "id"
                 ) -> dict[str, Any]:
    """Which mandatory SDI fields a dataset dict lacks."""
    dataset_type = pkg_dict.get("type") or "dataset"
    try:
        required = schema.required_fields(dataset_type)
    except KeyError:
        required = []
    missing_fields = [
        {"field": f["field_name"], "label": schema.label(f, lang)}
        for f in required if not _filled(pkg_dict.get(f["field_name"]))]
    return {
        "id": pkg_dict["id"], "name": pkg_dict["name"],
        "type": dataset_type, "complete": not missing_fields,
        "missing": missing_fields, "required": len(required),
        "has_resources": bool(pkg_dict.get("resources")),
    }


@tk.side_effect_free
@tk.validate(action_schema.completeness)
def satudata_metadata_completeness(context: Context,
                                   data_dict: DataDict) -> dict[str, Any]:
    """Which mandatory SDI metadata fields a dataset lacks.

    A draft may be saved with missing fields; the verification workflow
    refuses to submit it until this reports it complete.

    :param id: the id or name of the dataset
    :type id: string

    :returns: ``{"id", "name", "type", "complete": bool, "missing":
        [{"field", "label"}], "required": number of mandatory fields,
        "has_resources": bool}``; labels in the user's language
    """
    tk.check_access("satudata_metadata_completeness", context, data_dict)
    pkg_dict = tk.get_action("package_show")(
        {"user": context.get("user")}, {"id": data_dict["id"]})
    return completeness(pkg_dict, util.lang())


@tk.side_effect_free
@tk.validate(action_schema.codelist_show)
def satudata_codelist_show(context: Context,
                           data_dict: DataDict) -> dict[str, Any]:
    """A reference code list with its source, or the part of it under one
    parent code (e.g. the districts of a regency), for form widgets and
    API clients.

    :param name: the list, e.g. ``urusan``, ``wilayah_kecamatan``
    :param parent: only the codes under this parent (optional)
    :returns: ``{"name", "title", "source", "version", "date", "items":
        [{"code", "label", "parent"}]}``
    """
    tk.check_access("satudata_codelist_show", context, data_dict)
    try:
        lst = codelists.get(data_dict["name"])
    except KeyError:
        raise tk.ObjectNotFound(tk._("No code list {name}").format(
            name=data_dict["name"])) from None
    lang = util.lang()
    parent = data_dict.get("parent")
    items = lst.children(parent) if parent else list(lst)
    return {
        "name": lst.name, "title": lst.title(lang), "source": lst.source,
        "version": lst.version, "date": lst.date,
        "items": [{"code": i.code, "label": i.label(lang),
                   "parent": i.parent} for i in items],
    }


def _show(context: Context, ref: str) -> dict[str, Any]:
    return tk.get_action("package_show")(
        {"user": context.get("user")}, {"id": ref})


@tk.side_effect_free
@tk.validate(action_schema.completeness)
def satudata_indah_export(context: Context,
                          data_dict: DataDict) -> dict[str, Any]:
    """A dataset's statistical metadata in the BPS INDAH "metadata v2"
    structure: MS-Keg for a ``kegiatan``; MS-Ind (null when the data set is
    not an indicator) and MS-Var for a ``dataset``. Keys follow
    ``schemas/indah_v2.yaml``; coded values are the code-list codes.

    :param id: the id or name of the dataset
    :type id: string
    """
    tk.check_access("satudata_indah_export", context, data_dict)
    pkg = _show(context, data_dict["id"])
    try:
        return export.indah(pkg)
    except export.ExportError as err:
        raise tk.ValidationError({"id": [tk._(
            "The metadata cannot be exported: {reason}").format(
            reason=str(err))]}) from None


@tk.side_effect_free
@tk.validate(action_schema.completeness)
def satudata_daftar_data_row(context: Context,
                             data_dict: DataDict) -> dict[str, Any]:
    """A dataset as its row of the Daftar Data: the 19 attributes of the
    regional template (id DDD ... link portal SDI), labels in the user's
    language, null where the dataset has no value.

    :param id: the id or name of the dataset
    :type id: string
    """
    tk.check_access("satudata_daftar_data_row", context, data_dict)
    pkg = _show(context, data_dict["id"])
    lang = util.lang()
    url = tk.url_for("dataset.read", id=pkg["name"], _external=True)
    return export.daftar_data_row(
        pkg, url, lambda name, code: codelists.get(name).label(code, lang))


def _known_keys(dataset_type: str) -> set[str]:
    import ckan.logic.schema as core

    keys = set(core.default_create_package_schema())
    keys |= set(core.default_update_package_schema())
    keys |= set(core.default_show_package_schema())
    keys |= {"id", "type", "organization", "license_title", "license_url",
             "isopen", "num_resources", "num_tags", "tracking_summary",
             "relationships_as_object", "relationships_as_subject",
             "creator_user_id", "metadata_created", "metadata_modified",
             # added to package_show by satudata_workflow, ignored on input
             "satudata_state", "satudata_version"}
    try:
        keys |= {f["field_name"] for f in schema.dataset_fields(dataset_type)}
    except KeyError:
        pass
    return keys


def _refuse_unknown_keys(context: Context, data_dict: DataDict) -> None:
    """API clients: a key that is neither a CKAN dataset key nor a field of
    the dataset type is refused, so that nothing is dropped unnoticed (the
    web form only sends schema fields). Internal callers (``ignore_auth``:
    a harvester saving what a remote portal sent) are not refused: the
    schema drops what it does not know."""
    if not context.get("api_version") or context.get("ignore_auth"):
        return
    dataset_type = data_dict.get("type") or "dataset"
    if dataset_type not in schema.DATASET_TYPES:
        return
    known = _known_keys(dataset_type)
    unknown = sorted(k for k in data_dict
                     if k not in known and not k.startswith("__"))
    if unknown:
        raise tk.ValidationError({key: [tk._(
            "Unknown field; store free-form values in extras")]
            for key in unknown})


def _drop_blank_entries(data_dict: DataDict) -> DataDict:
    """Entries of repeating fields (MS-Var variables, schedule stages) left
    entirely blank are dropped: the form always offers one blank entry,
    which must not fail validation (e.g. "variable name missing")."""
    dataset_type = data_dict.get("type") or "dataset"
    try:
        fields = [f["field_name"] for f in schema.dataset_fields(dataset_type)
                  if f.get("repeating_subfields")]
    except KeyError:
        return data_dict
    data_dict = dict(data_dict)
    for name in fields:
        value = data_dict.get(name)
        if isinstance(value, list):
            data_dict[name] = [e for e in value if not isinstance(e, dict)
                               or any(v not in ("", None) for v in
                                      e.values())]
        groups: dict[str, list[str]] = {}
        for key in data_dict:
            parts = key.split("-", 2)
            if len(parts) == 3 and parts[0] == name and parts[1].isdigit():
                groups.setdefault(parts[1], []).append(key)
        for keys in groups.values():
            if all(data_dict[k] in ("", None) for k in keys):
                for key in keys:
                    del data_dict[key]
    return data_dict


@tk.chained_action
def package_create(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_create``; API clients get unknown keys refused;
    blank entries of repeating fields are dropped."""
    _refuse_unknown_keys(context, data_dict)
    return up_func(context, _drop_blank_entries(data_dict))


@tk.chained_action
def package_update(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_update``; API clients get unknown keys refused;
    blank entries of repeating fields are dropped."""
    if "type" not in data_dict and data_dict.get("id"):
        pkg = model.Package.get(data_dict["id"])
        if pkg is not None:
            data_dict = dict(data_dict, type=pkg.type)
    _refuse_unknown_keys(context, data_dict)
    return up_func(context, _drop_blank_entries(data_dict))


def get_actions() -> dict[str, Any]:
    return {
        "package_create": package_create,
        "package_update": package_update,
        "satudata_indah_export": satudata_indah_export,
        "satudata_daftar_data_row": satudata_daftar_data_row,
        "satudata_metadata_completeness": satudata_metadata_completeness,
        "satudata_codelist_show": satudata_codelist_show,
    }
