"""Revision and withdrawal of published data (SOP "Penarikan atau Revisi
Data"): the register of change requests, the staged copy a revision is
made in, the field-by-field comparison, the publication of a revision in
place of the published version, and the previous versions.

A revision is a **staged copy**: a private dataset of the same OPD (named
``<name>-revisi-<n>``) holding a copy of the published metadata and
resources (uploaded files are linked or copied into the copy's own
resources). It is edited with CKAN's own forms and goes through the
workflow like a new dataset; the published dataset stays untouched, at
the same URL, for everyone, until the walidata publishes the revision.
Then, in one database transaction, the published version is archived
(:class:`~.model.DatasetVersion`), the published dataset takes the
copy's metadata and resources (same id and name; a resource whose file
changed gets a new resource id, so the old file stays where it was), and
the copy is retired (state ``deleted``, its audit trail kept).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import logging
import os
import shutil
import uuid
from typing import Any, Iterable

import ckan.lib.uploader as uploader
import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata import util

from . import machine, state
from .model import (
    CANCELLED,
    DONE,
    IN_PROGRESS,
    OPEN,
    REVISION,
    ChangeRequest,
    DatasetVersion,
    WorkflowEvent,
)

log = logging.getLogger(__name__)

#: package_show keys that are not content to copy or compare
_NOT_CONTENT = {
    "id", "name", "owner_org", "type", "private", "state",
    "metadata_created", "metadata_modified", "revision_id", "organization",
    "num_resources", "num_tags", "tracking_summary", "isopen",
    "license_title", "license_url", "relationships_as_object",
    "relationships_as_subject", "creator_user_id", "resources",
}
#: resource keys that are not content to copy or compare
_RESOURCE_NOT_CONTENT = {
    "id", "package_id", "position", "created", "metadata_modified",
    "last_modified", "revision_id", "tracking_summary", "datastore_active",
    "datastore_contains_all_records_of_source", "cache_url",
    "cache_last_updated", "state", "url",
}
#: how long a dataset name may be (CKAN's limit)
_NAME_MAX = 100


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# -- the register ---------------------------------------------------------

def open_request(pkg_id: str, kind: str) -> ChangeRequest | None:
    """The dataset's open (received or in progress) request of ``kind``."""
    return model.Session.scalars(
        sa.select(ChangeRequest).where(
            ChangeRequest.package_id == pkg_id,
            ChangeRequest.kind == kind,
            ChangeRequest.status.in_(OPEN))).first()


def in_progress(pkg_id: str) -> ChangeRequest | None:
    """The revision being made of a published dataset, if any."""
    found = open_request(pkg_id, REVISION)
    return found if found and found.status == IN_PROGRESS else None


def request_for_copy(copy_id: str) -> ChangeRequest | None:
    """The revision whose staged copy is ``copy_id`` (open or not)."""
    return model.Session.scalars(
        sa.select(ChangeRequest).where(
            ChangeRequest.revision_package_id == copy_id)
        .order_by(ChangeRequest.requested_at.desc())).first()


def open_copy_request(copy_id: str) -> ChangeRequest | None:
    """The revision in progress whose staged copy is ``copy_id``."""
    found = request_for_copy(copy_id)
    return found if found and found.status == IN_PROGRESS else None


def is_open_copy(pkg: model.Package | None) -> bool:
    return pkg is not None and open_copy_request(pkg.id) is not None


def new_request(pkg: model.Package, kind: str, reason: str, who: Any,
                role: str, status: str) -> ChangeRequest:
    """A request in the register (flushed). The database refuses a second
    open request of the same kind for the dataset (IntegrityError)."""
    user = getattr(who, "user", None)
    found = ChangeRequest(
        package_id=pkg.id, package_title=pkg.title, owner_org=pkg.owner_org,
        kind=kind, status=status, reason=reason,
        requested_by=user.name if user else None, requested_role=role,
        requested_at=_now())
    model.Session.add(found)
    model.Session.flush()
    return found


def close(found: ChangeRequest, status: str, who: Any,
          note: str | None = None) -> None:
    user = getattr(who, "user", None)
    found.status = status
    found.handled_by = user.name if user else None
    found.handled_at = _now()
    if note:
        found.decision_note = note


# -- files ----------------------------------------------------------------

def file_path(resource_id: str) -> str | None:
    """Where an uploaded file of the resource is stored (None: no local
    storage)."""
    upload = uploader.get_resource_uploader({})
    get_path = getattr(upload, "get_path", None)
    if not getattr(upload, "storage_path", None) or get_path is None:
        return None
    return get_path(resource_id)


def _place_file(source_id: str, target_id: str) -> None:
    """Give resource ``target_id`` the file of ``source_id`` (a hard link
    where the file system allows, else a copy)."""
    source, target = file_path(source_id), file_path(target_id)
    if not source or not target or not os.path.exists(source):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _same_file(first_id: str, second_id: str) -> bool:
    first, second = file_path(first_id), file_path(second_id)
    if not first or not second:
        return True
    if not (os.path.exists(first) and os.path.exists(second)):
        return os.path.exists(first) == os.path.exists(second)
    return filecmp.cmp(first, second, shallow=False)


def _is_upload(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") == "upload"


def _url(resource: dict[str, Any]) -> str:
    """The resource's URL; for an upload, its file name."""
    url = resource.get("url") or ""
    return url.rsplit("/", 1)[-1] if _is_upload(resource) else url


# -- the staged copy ------------------------------------------------------

def _show(pkg_id: str) -> dict[str, Any]:
    return state.current_content(pkg_id)


def _copy_name(pkg: model.Package) -> str:
    count = model.Session.scalar(
        sa.select(sa.func.count()).select_from(ChangeRequest).where(
            ChangeRequest.package_id == pkg.id,
            ChangeRequest.revision_package_id.isnot(None))) or 0
    number = count + 1
    while True:
        suffix = f"-revisi-{number}"
        name = pkg.name[:_NAME_MAX - len(suffix)] + suffix
        if model.Package.get(name) is None:
            return name
        number += 1


def _content(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in pkg_dict.items()
           if k not in _NOT_CONTENT and not k.startswith("satudata_")}
    out["tags"] = [{k: t[k] for k in ("name", "vocabulary_id") if t.get(k)}
                   for t in pkg_dict.get("tags") or []]
    out["groups"] = [{"name": g["name"]} for g in pkg_dict.get("groups")
                     or []]
    return out


def _resource_content(resource: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in resource.items()
           if k not in _RESOURCE_NOT_CONTENT}
    out["url"] = _url(resource)
    return out


def make_copy(pkg: model.Package, found: ChangeRequest, who: Any
              ) -> dict[str, Any]:
    """Create the staged copy of ``pkg`` for the revision ``found``, as a
    private draft of the same OPD; commits (with ``found``)."""
    published = _show(pkg.id)
    copy_id = str(uuid.uuid4())
    name = _copy_name(pkg)
    resources = []
    resource_map: dict[str, str] = {}
    for resource in published.get("resources") or []:
        new_id = str(uuid.uuid4())
        resource_map[new_id] = resource["id"]
        if _is_upload(resource):
            _place_file(resource["id"], new_id)
        resources.append(dict(_resource_content(resource), id=new_id))
    found.revision_package_id = copy_id
    found.resource_map = resource_map
    model.Session.flush()
    data = dict(_content(published), id=copy_id, name=name,
                type=pkg.type, owner_org=pkg.owner_org, private=True,
                resources=resources)
    return tk.get_action("package_create")(
        {"user": getattr(who, "name", None) or "", "ignore_auth": True},
        data)


# -- comparing ------------------------------------------------------------

def _labels(pkg_type: str) -> tuple[dict[str, dict[str, Any]],
                                    dict[str, dict[str, Any]]]:
    """The schema's dataset and resource fields, by name."""
    try:
        schema = tk.h.scheming_get_dataset_schema(pkg_type) or {}
    except (AttributeError, KeyError):
        schema = {}
    return ({f["field_name"]: f for f in schema.get("dataset_fields", [])},
            {f["field_name"]: f for f in schema.get("resource_fields", [])})


def _text(label: Any) -> str:
    """A schema label in the user's language (also outside a request)."""
    if isinstance(label, dict):
        return str(label.get(util.lang()) or label.get("id")
                   or next(iter(label.values()), ""))
    return str(label or "")


def _core_labels() -> dict[str, str]:
    """Labels of CKAN's own keys that the schema does not name."""
    return {
        "tags": tk._("Tags"), "groups": tk._("Groups"),
        "size": tk._("File size"), "mimetype": tk._("Media type"),
        "hash": tk._("File hash"), "url": tk._("URL or file name"),
        "url_type": tk._("Link or upload"),
    }


def _label(fields: dict[str, dict[str, Any]], name: str) -> str:
    field = fields.get(name)
    if field and field.get("label"):
        return _text(field["label"])
    return _core_labels().get(name, name)


def _shown(fields: dict[str, dict[str, Any]], name: str, value: Any) -> str:
    """A value as people read it (choice labels, lists joined)."""
    if value in (None, "", [], {}):
        return ""
    if name == "tags":
        return ", ".join(sorted(t.get("name", "") for t in value))
    if name == "groups":
        return ", ".join(sorted(g.get("name", "") for g in value))
    values = value if isinstance(value, list) else [value]
    field = fields.get(name) or {}
    choices = {str(c.get("value")): _text(c.get("label"))
               for c in field.get("choices") or []}
    return ", ".join(choices.get(str(v)) or str(v) for v in values)


def _normal(name: str, value: Any) -> Any:
    if name == "tags":
        return sorted(t.get("name") for t in value or [])
    if name == "groups":
        return sorted(g.get("name") for g in value or [])
    return None if value in ("", [], {}) else value


def _field_changes(old: dict[str, Any], new: dict[str, Any],
                   fields: dict[str, dict[str, Any]],
                   order: Iterable[str]) -> list[dict[str, Any]]:
    keys = [k for k in order if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(keys))
    changes = []
    for key in keys:
        if _normal(key, old.get(key)) == _normal(key, new.get(key)):
            continue
        changes.append({
            "field": key, "label": _label(fields, key),
            "old": _shown(fields, key, old.get(key)),
            "new": _shown(fields, key, new.get(key)),
        })
    return changes


def diff(found: ChangeRequest) -> dict[str, Any]:
    """What the revision changes: ``{"fields": [{"field", "label", "old",
    "new"}], "resources": {"added": [..], "removed": [..], "changed":
    [{"id", "name", "fields": [...], "file_changed"}]}, "changed": bool}``
    (old: the published version; new: the staged copy)."""
    assert found.revision_package_id
    old = _show(found.package_id)
    new = _show(found.revision_package_id)
    fields, resource_fields = _labels(old.get("type") or "dataset")
    changes = _field_changes(_content(old), _content(new), fields, fields)

    resource_map = found.resource_map or {}
    published = {r["id"]: r for r in old.get("resources") or []}
    kept: set[str] = set()
    added, changed = [], []
    for resource in new.get("resources") or []:
        source = published.get(resource_map.get(resource["id"], ""))
        if source is None:
            added.append(_resource_summary(resource))
            continue
        kept.add(source["id"])
        old_content = _resource_content(source)
        new_content = _resource_content(resource)
        file_changed = _is_upload(resource) and _is_upload(source) and (
            not _same_file(resource["id"], source["id"]))
        resource_changes = _field_changes(
            old_content, new_content, resource_fields, resource_fields)
        if resource_changes or file_changed:
            changed.append({
                "id": source["id"], "revision_id": resource["id"],
                "name": resource.get("name") or source.get("name") or "",
                "fields": resource_changes, "file_changed": file_changed,
            })
    removed = [_resource_summary(r) for rid, r in published.items()
               if rid not in kept]
    return {
        "dataset": old.get("name"), "revision": new.get("name"),
        "fields": changes,
        "resources": {"added": added, "removed": removed,
                      "changed": changed},
        "changed": bool(changes or added or removed or changed),
    }


def _resource_summary(resource: dict[str, Any]) -> dict[str, Any]:
    return {"id": resource["id"], "name": resource.get("name") or "",
            "format": resource.get("format") or "",
            "url": _url(resource), "upload": _is_upload(resource)}


# -- versions -------------------------------------------------------------

def _publications(pkg_id: str) -> list[WorkflowEvent]:
    """The events that made a version: first publication and revisions."""
    return list(model.Session.scalars(
        sa.select(WorkflowEvent).where(
            WorkflowEvent.package_id == pkg_id,
            WorkflowEvent.transition.in_(("publish", machine.REVISE)))
        .order_by(WorkflowEvent.created, WorkflowEvent.id)))


def current_version(pkg_id: str) -> dict[str, Any] | None:
    """The version the public sees: ``{"number", "published",
    "reason"}`` (None: never published through the workflow)."""
    events = _publications(pkg_id)
    if not events:
        return None
    archived = model.Session.scalar(
        sa.select(sa.func.count()).select_from(DatasetVersion).where(
            DatasetVersion.package_id == pkg_id)) or 0
    last = events[-1]
    return {"number": archived + 1, "published": last.created.isoformat(),
            "reason": last.note if last.transition == machine.REVISE
            else None}


def archived_versions(pkg_id: str) -> list[DatasetVersion]:
    return list(model.Session.scalars(
        sa.select(DatasetVersion).where(DatasetVersion.package_id == pkg_id)
        .order_by(DatasetVersion.number)))


def archived_version(pkg_id: str, number: int) -> DatasetVersion | None:
    return model.Session.scalars(
        sa.select(DatasetVersion).where(
            DatasetVersion.package_id == pkg_id,
            DatasetVersion.number == number)).first()


# -- publishing a revision ------------------------------------------------

def merge(found: ChangeRequest, copy: model.Package, who: Any,
          context_flag: str) -> int:
    """Publish the revision ``found`` (whose staged copy is ``copy``): one
    transaction, committed by CKAN's ``package_update`` of the published
    dataset. Returns the new version number.

    Files of new or changed uploads are placed under new resource ids
    before the transaction commits; if it fails they are orphans and the
    published version is untouched."""
    pkg = model.Package.get(found.package_id)
    if pkg is None or pkg.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    published = _show(pkg.id)
    staged = _show(copy.id)
    now = _now()

    # 1. archive the published version
    info = current_version(pkg.id) or {"number": 1, "published": None,
                                        "reason": None}
    number = info["number"]
    model.Session.add(DatasetVersion(
        package_id=pkg.id, number=number,
        published_at=(dt.datetime.fromisoformat(info["published"])
                      if info["published"] else pkg.metadata_created.replace(
                          tzinfo=dt.timezone.utc)),
        reason=info["reason"], replaced_at=now, data=published))

    # 2. the new resources: same id where the file did not change
    resource_map = found.resource_map or {}
    active = {r["id"] for r in published.get("resources") or []}
    resources = []
    for resource in staged.get("resources") or []:
        source = resource_map.get(resource["id"])
        content = _resource_content(resource)
        if resource.get("last_modified"):
            content["last_modified"] = resource["last_modified"]
        if source in active and not (
                _is_upload(resource) and not _same_file(resource["id"],
                                                        source)):
            content["id"] = source
        else:
            content["id"] = str(uuid.uuid4())
            if _is_upload(resource):
                _place_file(resource["id"], content["id"])
        resources.append(content)

    # 3. the register, the audit trail, the copy retired
    close(found, DONE, who)
    found.version = number + 1
    row = state.lock(pkg)
    event = state.record(
        pkg.id, machine.REVISE, row.state, machine.PUBLISHED, who,
        machine.WALIDATA, note=found.reason,
        data={"revision": copy.id, "request": found.id,
              "version": number + 1})
    state.move(row, event)
    copy.state = "deleted"
    model.Session.flush()
    logic.index_update_package({}, copy.id, defer_commit=True)

    # 4. the published dataset takes the revision's content; commits
    data = dict(_content(staged), id=pkg.id, name=pkg.name, type=pkg.type,
                owner_org=pkg.owner_org, private=False, resources=resources)
    tk.get_action("package_update")(
        {"user": getattr(who, "name", None) or "", "ignore_auth": True,
         context_flag: True}, data)
    row = state.lock(pkg)
    row.content_hash = state.current_hash(pkg.id)
    model.Session.commit()
    return number + 1


def discard(found: ChangeRequest, who: Any, note: str | None) -> None:
    """Drop the staged copy of a revision in progress (flushed)."""
    close(found, CANCELLED, who, note)
    copy = model.Package.get(found.revision_package_id or "")
    if copy is not None and copy.state != "deleted":
        copy.state = "deleted"
        model.Session.flush()
        logic.index_update_package({}, copy.id, defer_commit=True)


# -- purging ----------------------------------------------------------------

def purge_plan(pkg: model.Package) -> dict[str, Any]:
    """What purging ``pkg`` destroys: the dataset, its revisions' copies,
    its previous versions and the uploaded files of all of them."""
    copies = [c for c in (model.Package.get(r.revision_package_id or "")
                          for r in model.Session.scalars(
                              sa.select(ChangeRequest).where(
                                  ChangeRequest.package_id == pkg.id)))
              if c is not None]
    versions = archived_versions(pkg.id)
    resource_ids = {r.id for p in [pkg, *copies]
                    for r in model.Session.scalars(
                        sa.select(model.Resource).where(
                            model.Resource.package_id == p.id))
                    if r.url_type == "upload"}
    resource_ids |= {r["id"] for v in versions
                     for r in v.data.get("resources") or []
                     if r.get("url_type") == "upload"}
    files = [path for path in (file_path(rid) for rid in sorted(
        resource_ids)) if path and os.path.exists(path)]
    return {"copies": copies, "versions": versions, "files": files}


def purge(pkg: model.Package, who: Any) -> dict[str, Any]:
    """Destroy a dataset for good (sysadmin): its copies, versions and
    files. The audit trail keeps a ``purge`` event saying who purged
    what; the register keeps its requests."""
    plan = purge_plan(pkg)
    current = state.current(pkg) if state.applies(pkg) else None
    state.record(
        pkg.id, "purge", current, "purged", who, "sysadmin",
        data={"name": pkg.name, "title": pkg.title,
              "owner_org": pkg.owner_org,
              "copies": [c.name for c in plan["copies"]],
              "versions": [v.number for v in plan["versions"]],
              "files": len(plan["files"])})
    for version in plan["versions"]:
        model.Session.delete(version)
    model.Session.flush()
    context = {"user": getattr(who, "name", None) or "",
               "ignore_auth": True}
    for copy in plan["copies"]:
        tk.get_action("dataset_purge")(dict(context), {"id": copy.id})
    tk.get_action("dataset_purge")(dict(context), {"id": pkg.id})
    for path in plan["files"]:
        try:
            os.remove(path)
        except OSError:
            log.warning("Could not remove %s", path)
    return {"copies": len(plan["copies"]),
            "versions": len(plan["versions"]), "files": len(plan["files"])}
