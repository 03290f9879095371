"""OPD portals harvested in (ckanext-harvest), through the verification
workflow.

A harvest source (a CKAN API or a DCAT catalogue of an OPD's own portal)
is registered by the walidata. Its JSON ``config`` takes, beside the
harvester's own keys:

- ``satudata_opd``: the OPD organisation (name or id) the harvested
  datasets belong to; default: the source's own organisation;
- ``satudata_state``: the workflow state harvested datasets enter:
  ``draft``, ``submitted`` or ``verified`` (the default: waiting for the
  walidata's publication); ``published`` only with ``trusted``;
- ``trusted``: ``true`` publishes harvested data at once (and its
  updates: see below).

Both harvesters (``ckan`` and ``dcat_rdf``) save a dataset with CKAN's
``package_create`` / ``package_update`` (``ignore_auth``), while the
harvest object they import is in the ``IMPORT`` state. The chained actions
here recognise that and:

- on create: put the dataset in the source's OPD and, after the workflow
  made it a private draft, move it to the source's state with a
  ``harvest`` event in the audit trail (publication through CKAN's own
  update, as a walidata publication does);
- on update of an unpublished dataset: let the update through (the
  workflow sends a changed submitted/verified dataset back to draft), then,
  if the remote changed something, move it to the source's state again
  (a dataset the walidata rejected stays a draft until the OPD changes
  it at the source);
- on update of a published (or withdrawn) dataset whose content changed:
  never overwrite the public version; the harvested values go into the
  staged copy of a revision (opened if none is in progress), which waits
  in the source's state; a trusted source's revision of a published
  dataset is published at once (a new version, the old one archived). A
  withdrawn dataset is only brought back by the walidata.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import ckan.logic as logic
import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from flask import has_request_context

from ckanext.satudata import schema as sd_schema
from ckanext.satudata.workflow import machine, revision, roles, state
from ckanext.satudata.workflow.logic.action import (
    TRANSITION_FLAG,
    transition,
)
from ckanext.satudata.workflow.model import (
    IN_PROGRESS,
    REVISION,
    ChangeRequest,
)

log = logging.getLogger(__name__)

#: the audit trail's event for a dataset put in its state by a harvest
HARVEST = "harvest"
#: states a source may set; ``published`` needs ``trusted``
SOURCE_STATES = (machine.DRAFT, machine.SUBMITTED, machine.VERIFIED,
                 machine.PUBLISHED)
DEFAULT_STATE = machine.VERIFIED
#: fields compared to tell whether a harvested dataset changed
_IGNORED = {"id", "name", "owner_org", "organization", "private", "state",
            "type", "metadata_created", "metadata_modified", "revision_id",
            "creator_user_id", "num_resources", "num_tags", "groups",
            "relationships_as_object", "relationships_as_subject",
            "isopen", "license_title", "license_url", "url_type",
            "harvest", "resources", "tags", "extras"}
_RESOURCE_FIELDS = ("url", "name", "description", "format")


@dataclass(frozen=True)
class SourceSettings:
    """What a harvest source's config says for our workflow."""

    state: str
    trusted: bool
    opd: str | None  # organisation id


def _config(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if not raw or not str(raw).strip():
        return {}
    try:
        found = json.loads(raw)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _organization(ref: Any) -> model.Group | None:
    found = model.Group.get(str(ref)) if ref else None
    if found is None or not found.is_organization or (
            found.state != "active"):
        return None
    return found


def config_errors(raw: Any) -> list[str]:
    """What is wrong with our keys of a source's config (translated)."""
    if raw and str(raw).strip() and not isinstance(raw, dict):
        try:
            parsed = json.loads(raw)
        except ValueError:
            return [tk._("The configuration is not valid JSON")]
        if not isinstance(parsed, dict):
            return [tk._("The configuration must be a JSON object")]
    config = _config(raw)
    errors = []
    trusted = config.get("trusted", False)
    if not isinstance(trusted, bool):
        errors.append(tk._('"trusted" must be true or false'))
    wanted = config.get("satudata_state")
    if wanted is not None and wanted not in SOURCE_STATES:
        errors.append(tk._(
            '"satudata_state" must be one of: {states}').format(
            states=", ".join(SOURCE_STATES)))
    elif wanted == machine.PUBLISHED and trusted is not True:
        errors.append(tk._(
            'Only a trusted source ("trusted": true) publishes harvested '
            "data at once"))
    opd = config.get("satudata_opd")
    if opd is not None and _organization(opd) is None:
        errors.append(tk._(
            'The organisation "{name}" of "satudata_opd" does not '
            "exist").format(name=opd))
    return errors


def settings(source: Any) -> SourceSettings:
    """The workflow settings of a harvest source (its model object)."""
    config = _config(source.config)
    trusted = config.get("trusted") is True
    wanted = config.get("satudata_state")
    if wanted not in SOURCE_STATES or (
            wanted == machine.PUBLISHED and not trusted):
        wanted = machine.PUBLISHED if trusted else DEFAULT_STATE
    opd = _organization(config.get("satudata_opd"))
    return SourceSettings(wanted, trusted, opd.id if opd else None)


def importing(ref: Any) -> Any:
    """The harvest object being imported as the dataset ``ref`` (id), or
    None outside a harvest import."""
    if not isinstance(ref, str) or not ref or not p.plugin_loaded(
            "harvest"):
        return None
    from ckanext.harvest.model import HarvestObject

    # the harvester sets package_id just before saving, unflushed (CKAN's
    # session does not autoflush)
    for found in model.Session.identity_map.values():
        if isinstance(found, HarvestObject) and found.state == "IMPORT" and (
                ref in (found.package_id, found.guid)):
            return found
    return model.Session.scalars(
        sa.select(HarvestObject).where(
            HarvestObject.state == "IMPORT",
            sa.or_(HarvestObject.package_id == ref,
                   HarvestObject.guid == ref))
        .order_by(HarvestObject.import_started.desc()).limit(1)).first()


def _harvested(context: Context, data_dict: DataDict) -> Any:
    """The harvest object of this save when it is a harvester's."""
    if not context.get("ignore_auth") or context.get(TRANSITION_FLAG):
        return None
    if (data_dict.get("type") or "dataset") not in machine.DATASET_TYPES:
        return None
    return importing(data_dict.get("id"))


def _source_label(source: Any) -> str:
    return source.title or source.url


def enter(pkg: model.Package, target: str, source: Any, user: str,
          harvest_object_id: str | None = None) -> None:
    """Move ``pkg`` to the source's state with a ``harvest`` event;
    commits (a publication through CKAN's own update, like the
    walidata's)."""
    row = state.lock(pkg)
    who = roles.actor(user)
    keep = target != machine.DRAFT
    snapshot = state.current_hash(pkg.id)
    event = state.record(
        pkg.id, HARVEST, row.state, target, who, "system",
        note=_source_label(source), snapshot_hash=snapshot,
        data={"source_id": source.id, "source_url": source.url,
              "harvest_object_id": harvest_object_id})
    state.move(row, event, snapshot if keep else None)
    if target == machine.PUBLISHED and pkg.private:
        tk.get_action("package_patch")(
            {"user": user, "ignore_auth": True, TRANSITION_FLAG: True},
            {"id": pkg.id, "private": False})
        return
    logic.index_update_package({}, pkg.id, defer_commit=True)
    model.Session.commit()


# -- telling whether the remote changed ------------------------------------

def _plain(value: Any) -> Any:
    if value in (None, "", [], {}):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return sorted(json.dumps(_plain(v), sort_keys=True, default=str)
                      for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()
                if _plain(v) is not None}
    return value


def _tags(pkg_dict: dict[str, Any]) -> list[str]:
    return sorted(t if isinstance(t, str) else t.get("name", "")
                  for t in pkg_dict.get("tags") or [])


def _extras(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    extras = pkg_dict.get("extras") or []
    if isinstance(extras, dict):
        return {k: _plain(v) for k, v in extras.items()}
    return {e.get("key"): _plain(e.get("value")) for e in extras}


def _resources(pkg_dict: dict[str, Any]) -> list[str]:
    return sorted(
        json.dumps([_plain(r.get(k)) for k in _RESOURCE_FIELDS])
        for r in pkg_dict.get("resources") or [])


def _stored_keys(current: dict[str, Any]) -> set[str]:
    """The keys a dataset of this type keeps: its schema's fields and what
    it shows (a key the schema drops cannot make a difference)."""
    try:
        fields = {f["field_name"] for f in sd_schema.dataset_fields(
            current.get("type") or "dataset")}
    except KeyError:
        fields = set()
    return fields | set(current)


def differs(harvested: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether the harvested dataset says something the current one does
    not: a field it keeps with another value, other tags, other values of
    the extras it keeps, other resources."""
    kept = _stored_keys(current)
    for key, value in harvested.items():
        if key in _IGNORED or key.startswith("satudata_") or (
                key not in kept) or _plain(value) is None:
            continue  # an empty value: the schema may give a default
        if _plain(value) != _plain(current.get(key)):
            return True
    if _tags(harvested) != _tags(current):
        return True
    theirs = _extras(harvested)
    ours = _extras(current)
    if any(ours[k] != v for k, v in theirs.items() if k in ours):
        return True
    return _resources(harvested) != _resources(current)


# -- DCAT catalogues checked before the harvester reads them ----------------

class CheckedParser:
    """ckanext-dcat's parser with the datasets it cannot import left out
    (a dataset without a title stops its whole gather stage otherwise:
    KeyError, every other dataset of the run left waiting)."""

    def __init__(self, parser: Any, datasets: list[dict[str, Any]]) -> None:
        self._parser = parser
        self._datasets = datasets

    def datasets(self) -> Any:
        return iter(self._datasets)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)


def _label_of(dataset: dict[str, Any]) -> str:
    extras = {e.get("key"): e.get("value")
              for e in dataset.get("extras") or [] if isinstance(e, dict)}
    for key in ("uri", "identifier", "name"):
        if dataset.get(key) or extras.get(key):
            return str(dataset.get(key) or extras.get(key))
    return "?"


def check_catalogue(parser: Any) -> tuple[Any, list[str]]:
    """The parser with only importable datasets, and an error for each of
    the others (``IDCATRDFHarvester.after_parsing``)."""
    kept, errors = [], []
    for dataset in parser.datasets():
        if not str(dataset.get("title") or "").strip():
            errors.append(tk._(
                "Dataset {uri} has no title (dct:title): not imported"
            ).format(uri=_label_of(dataset)))
            continue
        kept.append(dataset)
    return CheckedParser(parser, kept), errors


# -- the chained actions -----------------------------------------------------

@tk.chained_action
def package_create(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_create``; a harvested dataset joins its OPD and
    the workflow state its source sets."""
    found = _harvested(context, data_dict)
    if found is None:
        return up_func(context, data_dict)
    source = found.source
    wanted = settings(source)
    if wanted.opd:
        data_dict = dict(data_dict, owner_org=wanted.opd)
    result = up_func(context, data_dict)
    pkg = model.Package.get(data_dict["id"])
    if pkg is not None and wanted.state != machine.DRAFT:
        enter(pkg, wanted.state, source, context["user"], found.id)
    return result


def _shown(context: Context, pkg: model.Package) -> Any:
    if context.get("return_id_only"):
        return pkg.id
    return state.current_content(pkg.id)


def _copy_resources(found: ChangeRequest, resources: list[dict[str, Any]]
                    ) -> list[dict[str, Any]]:
    """The harvested resources with the ids of the staged copy's (the
    harvesters name the published dataset's)."""
    copies = {published: copy for copy, published in (
        found.resource_map or {}).items()}
    out = []
    for resource in resources or []:
        resource = dict(resource)
        ref = resource.pop("id", None)
        resource.pop("package_id", None)
        if ref in copies:
            resource["id"] = copies[ref]
        out.append(resource)
    return out


def _revise(up_func: Any, context: Context, data_dict: DataDict,
            pkg: model.Package, current: str, found_object: Any) -> Any:
    """A changed harvest of a released dataset goes into a revision."""
    source = found_object.source
    wanted = settings(source)
    user = context["user"]
    who = roles.actor(user)
    found = revision.in_progress(pkg.id)
    if found is not None:  # compared with the revision under way
        copy = model.Package.get(found.revision_package_id or "")
        if copy is not None and not differs(
                data_dict, state.current_content(copy.id)):
            return _shown(context, pkg)
    elif not differs(data_dict, state.current_content(pkg.id)):
        return _shown(context, pkg)
    if found is None:
        found = revision.open_request(pkg.id, REVISION)
        if found is None:
            found = revision.new_request(
                pkg, REVISION, tk._("Harvested from {source}").format(
                    source=_source_label(source)),
                who, "system", IN_PROGRESS)
        found.status = IN_PROGRESS
        found.handled_by = who.name
        found.handled_at = revision._now()
        revision.make_copy(pkg, found, who)  # commits
        found = revision.in_progress(pkg.id)
        assert found is not None
    copy = model.Package.get(found.revision_package_id or "")
    assert copy is not None
    data = dict(data_dict, id=copy.id, name=copy.name, type=copy.type,
                owner_org=copy.owner_org, private=True,
                resources=_copy_resources(found, data_dict.get(
                    "resources") or []))
    up_func({"user": user, "ignore_auth": True,
             "schema": context.get("schema")}, data)
    target = wanted.state
    if current == machine.WITHDRAWN and target == machine.PUBLISHED:
        target = machine.VERIFIED  # only the walidata brings it back
    if target == machine.PUBLISHED:
        revision.merge(found, copy, who, TRANSITION_FLAG)  # commits
    elif target != machine.DRAFT:
        enter(copy, target, source, user, found_object.id)
    return _shown(context, pkg)


@tk.chained_action
def package_update(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_update``; a harvested update of a published
    dataset goes into a revision, of an unpublished one back into the
    source's state."""
    found = _harvested(context, data_dict)
    if found is None:
        return up_func(context, data_dict)
    pkg = model.Package.get(data_dict["id"])
    if pkg is None or not state.applies(pkg):
        return up_func(context, data_dict)
    current = state.current(pkg)
    if current in machine.RELEASED:
        # the harvester's own save does not happen (ignore_auth: passes)
        tk.check_access("package_update", context, data_dict)
        return _revise(up_func, context, data_dict, pkg, current, found)
    wanted = settings(found.source)
    if wanted.opd:
        data_dict = dict(data_dict, owner_org=wanted.opd)
    before = state.current_hash(pkg.id)
    result = up_func(context, data_dict)
    row = state.row(pkg)
    # back to the source's state when the remote changed something: a
    # dataset the walidata rejected stays a draft while the source sends
    # the same again
    if wanted.state != machine.DRAFT and (
            row is None or row.state != wanted.state) and (
            state.current_hash(pkg.id) != before):
        enter(pkg, wanted.state, found.source, context["user"], found.id)
    return result


def _harvester_reading(context: Context, data_dict: DataDict) -> bool:
    """Whether this is ckanext-dcat's harvester looking up the dataset it
    is about to update: it calls ``package_show`` with an empty context
    (anonymous), outside any web request, while the harvest object of the
    same remote record is being imported. Unpublished datasets are not
    found by anonymous callers, so without this a re-harvest of one
    crashes the import."""
    if context.get("ignore_auth") or context.get("user") or (
            has_request_context()) or not p.plugin_loaded("harvest"):
        return False
    ref = data_dict.get("id")
    if not isinstance(ref, str) or not ref:
        return False
    from ckanext.harvest.model import HarvestObject

    earlier = sa.select(HarvestObject.guid).where(
        HarvestObject.package_id == ref)
    return bool(model.Session.scalar(
        sa.select(sa.literal(True)).where(
            HarvestObject.state == "IMPORT",
            HarvestObject.guid.in_(earlier)).limit(1)))


@tk.chained_action
@tk.side_effect_free
def package_show(up_func: Any, context: Context,
                 data_dict: DataDict) -> Any:
    """CKAN's ``package_show``; the DCAT harvester finds the unpublished
    dataset it is importing again (see :func:`_harvester_reading`)."""
    if _harvester_reading(context, data_dict):
        context = dict(context, ignore_auth=True)
    return up_func(context, data_dict)


@tk.chained_action
def package_delete(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_delete``; a dataset the source no longer has
    (ckanext-dcat's harvester deletes it) is withdrawn when it is
    published, with the reason, so the public finds its tombstone and the
    trail keeps it; an unpublished one is deleted."""
    if not context.get("ignore_auth") or context.get(TRANSITION_FLAG):
        return up_func(context, data_dict)
    found = importing(data_dict.get("id"))
    pkg = model.Package.get(data_dict.get("id") or "")
    if found is None or pkg is None or not state.applies(pkg):
        return up_func(context, data_dict)
    current = state.current(pkg)
    if current not in machine.RELEASED:
        return up_func(context, data_dict)
    tk.check_access("package_delete", context, data_dict)
    if current == machine.PUBLISHED:
        transition("withdraw", {"user": context["user"]}, {
            "id": pkg.id, "reason": tk._(
                "Removed from its source, {source}").format(
                source=_source_label(found.source))})
    return None


@tk.chained_action
def harvest_source_create(up_func: Any, context: Context,
                          data_dict: DataDict) -> Any:
    """ckanext-harvest's ``harvest_source_create``; our config keys
    (``satudata_opd``, ``satudata_state``, ``trusted``) are checked, and
    the source is private to its organisation (the walidata): its
    configuration may hold the OPD portal's API key."""
    tk.check_access("harvest_source_create", context, data_dict)
    errors = config_errors(data_dict.get("config"))
    if errors:
        raise tk.ValidationError({"config": errors})
    return up_func(context, dict(data_dict, private=True))


@tk.chained_action
def harvest_source_update(up_func: Any, context: Context,
                          data_dict: DataDict) -> Any:
    """ckanext-harvest's ``harvest_source_update``; as
    ``harvest_source_create``."""
    tk.check_access("harvest_source_update", context, data_dict)
    errors = config_errors(data_dict.get("config"))
    if errors:
        raise tk.ValidationError({"config": errors})
    return up_func(context, dict(data_dict, private=True))


def get_actions() -> dict[str, Any]:
    actions = {"package_create": package_create,
               "package_update": package_update,
               "package_delete": package_delete,
               "package_show": package_show}
    if p.plugin_loaded("harvest"):
        actions.update(harvest_source_create=harvest_source_create,
                       harvest_source_update=harvest_source_update)
    return actions
