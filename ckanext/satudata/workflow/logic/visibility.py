"""CKAN's read actions that would tell about unpublished datasets, chained
so that they only tell what the caller may read:

- ``package_show``, ``resource_show``: a dataset the caller may not read
  is not found (404), as one that does not exist, so that pages and API
  calls built on them (ckanext-dcat's RDF, the activity pages, ...) do not
  tell that it exists;
- ``tag_list``, ``tag_search``, ``tag_autocomplete``: CKAN lists every free
  tag of every active dataset, private ones included; here only the tags of
  public datasets (the portal's public vocabulary; the form's tag
  completion included);
- ``member_list``: the datasets of an organisation or group, only those the
  caller may read;
- ``group_list`` / ``organization_list`` sorted by ``package_count``: CKAN
  counts private datasets in that order; here the order follows the counts
  the caller sees (the counts shown with ``all_fields`` already do).

Vocabulary tags are not a secret (they are defined by the portal) and are
left to CKAN.
"""

from __future__ import annotations

from typing import Any

import ckan.lib.dictization.model_dictize as model_dictize
import ckan.lib.plugins as lib_plugins
import ckan.model as model
import ckan.model.misc as misc
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from .. import machine, state

# -- one dataset -------------------------------------------------------------

@tk.chained_action
@tk.side_effect_free
def package_show(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``package_show``; not found when the caller may not read
    the dataset."""
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        pkg = model.Package.get(str(data_dict.get("id") or ""))
        raise _not_found(pkg, tk._("Dataset not found")) from None


@tk.chained_action
@tk.side_effect_free
def resource_show(up_func: Any, context: Context,
                  data_dict: DataDict) -> Any:
    """CKAN's ``resource_show``; not found when the caller may not read
    the dataset."""
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        resource = model.Resource.get(str(data_dict.get("id") or ""))
        raise _not_found(resource.package if resource else None,
                         tk._("Resource not found")) from None


def _not_found(pkg: model.Package | None, message: str
               ) -> tk.ObjectNotFound:
    """Not found; for withdrawn data (public once, so no secret), says
    that it was withdrawn."""
    if pkg is not None and pkg.state == "active" and (
            state.applies(pkg) and state.current(pkg) == machine.WITHDRAWN):
        return tk.ObjectNotFound(tk._(
            "This dataset has been withdrawn and is no longer published"))
    return tk.ObjectNotFound(message)


# -- tags -------------------------------------------------------------------


def _terms(data_dict: DataDict) -> list[str]:
    terms = data_dict.get("query") or data_dict.get("q") or []
    if isinstance(terms, str):
        terms = [terms]
    fields = data_dict.get("fields") or {}
    if isinstance(fields, dict):
        terms += [v for k, v in fields.items() if k in ("tag", "tags")]
    return [t.strip() for t in terms if isinstance(t, str) and t.strip()]


def _public_tags(terms: list[str]) -> Any:
    """Free tags on at least one active public dataset whose names contain
    every term (case-insensitive), by name."""
    on_public = (
        sa.select(model.PackageTag.tag_id)
        .join(model.Package, model.Package.id == model.PackageTag.package_id)
        .where(model.PackageTag.state == "active",
               model.Package.state == "active",
               model.Package.private.is_(False)))
    query = (model.Session.query(model.Tag)
             .filter(model.Tag.vocabulary_id.is_(None),
                     model.Tag.id.in_(on_public)))
    for term in terms:
        escaped = misc.escape_sql_like_special_characters(term, escape="\\")
        query = query.filter(model.Tag.name.ilike(f"%{escaped}%"))
    return query.order_by(model.Tag.name)


def _int(value: Any, default: int | None) -> int | None:
    if value in (None, ""):
        return default
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        raise tk.ValidationError(
            {"limit": [tk._("Must be a natural number")]}) from None


def _page(query: Any, data_dict: DataDict, default_limit: int | None
          ) -> tuple[list[model.Tag], int]:
    count = query.count()
    offset = _int(data_dict.get("offset"), 0)
    limit = _int(data_dict.get("limit"), default_limit)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query.all(), count


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``tag_list``; free tags of public datasets only."""
    if data_dict.get("vocabulary_id"):
        return up_func(context, data_dict)
    tk.check_access("tag_list", context, data_dict)
    tags = _public_tags(_terms(data_dict)).all()
    if tk.asbool(data_dict.get("all_fields")):
        return model_dictize.tag_list_dictize(tags, context)
    return [tag.name for tag in tags]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``tag_search``; free tags of public datasets only."""
    if data_dict.get("vocabulary_id"):
        return up_func(context, data_dict)
    tk.check_access("tag_search", context, data_dict)
    terms = _terms(data_dict)
    if not terms:
        return {"count": 0, "results": []}
    tags, count = _page(_public_tags(terms), data_dict, None)
    return {"count": count,
            "results": [model_dictize.table_dictize(t, context)
                        for t in tags]}


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Any, context: Context,
                     data_dict: DataDict) -> Any:
    """CKAN's ``tag_autocomplete``; free tags of public datasets only."""
    if data_dict.get("vocabulary_id"):
        return up_func(context, data_dict)
    tk.check_access("tag_autocomplete", context, data_dict)
    terms = _terms(data_dict)
    if not terms:
        return []
    tags, _count = _page(_public_tags(terms), data_dict, 10)
    return [tag.name for tag in tags]


# -- members of organisations and groups -------------------------------------

def _user_labels(context: Context) -> list[str] | None:
    """The caller's permission labels (None: reads everything)."""
    user = context.get("auth_user_obj")
    if context.get("ignore_auth") or (
            isinstance(user, model.User) and user.sysadmin):
        return None
    if not isinstance(user, model.User):
        user = model.User.get(context.get("user") or "") if context.get(
            "user") else None
    return lib_plugins.get_permission_labels().get_user_dataset_labels(user)


def readable_packages(context: Context, ids: list[str]) -> set[str]:
    """The ids of ``ids`` the caller may read (permission labels)."""
    labels = _user_labels(context)
    packages = model.Session.query(model.Package).filter(
        model.Package.id.in_(ids)).all() if ids else []
    if labels is None:
        return {p.id for p in packages}
    mine = set(labels)
    dataset_labels = lib_plugins.get_permission_labels().get_dataset_labels
    return {p.id for p in packages
            if (p.state == "active" and not p.private)
            or mine.intersection(dataset_labels(p))}


@tk.chained_action
@tk.side_effect_free
def member_list(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``member_list``; datasets the caller may not read are left
    out."""
    members = up_func(context, data_dict)
    packages = [m[0] for m in members if m[1] == "package"]
    if not packages:
        return members
    readable = readable_packages(context, packages)
    return [m for m in members if m[1] != "package" or m[0] in readable]


# -- group and organisation lists ordered by size ----------------------------

def _by_visible_count(up_func: Any, context: Context, data_dict: DataDict,
                      is_org: bool) -> Any:
    sort = str(data_dict.get("sort") or "").strip()
    field, _, direction = sort.partition(" ")
    if field not in ("package_count", "packages"):
        return up_func(context, data_dict)
    descending = direction.strip().lower() != "asc"
    everything = dict(data_dict, sort="name asc")
    everything.pop("limit", None)
    everything.pop("offset", None)
    found = up_func(context, everything)
    counts = model_dictize.get_group_dataset_counts(
        fq="entity_type:package",
        permissions_labels=_user_labels(context))
    if is_org:
        by_id = counts.get("owner_org", {})
        ids = dict(model.Session.query(model.Group.name, model.Group.id)
                   .filter(model.Group.is_organization.is_(True)))
        sizes = {name: by_id.get(gid, 0) for name, gid in ids.items()}
    else:
        sizes = counts.get("groups", {})

    def size(entry: Any) -> int:
        name = entry["name"] if isinstance(entry, dict) else entry
        return sizes.get(name, 0)

    found = sorted(found, key=size, reverse=descending)
    offset = _int(data_dict.get("offset"), 0) or 0
    limit = _int(data_dict.get("limit"), None)
    return found[offset:offset + limit if limit is not None else None]


@tk.chained_action
@tk.side_effect_free
def group_list(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``group_list``; ordered by the sizes the caller sees."""
    return _by_visible_count(up_func, context, data_dict, is_org=False)


@tk.chained_action
@tk.side_effect_free
def organization_list(up_func: Any, context: Context,
                      data_dict: DataDict) -> Any:
    """CKAN's ``organization_list``; ordered by the sizes the caller
    sees."""
    return _by_visible_count(up_func, context, data_dict, is_org=True)


def get_actions() -> dict[str, Any]:
    return {
        "package_show": package_show,
        "resource_show": resource_show,
        "tag_list": tag_list,
        "tag_search": tag_search,
        "tag_autocomplete": tag_autocomplete,
        "member_list": member_list,
        "group_list": group_list,
        "organization_list": organization_list,
    }
