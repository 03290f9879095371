"""Writing datasets into the PostgreSQL search index.

:class:`PgPackageSearchIndex` takes the place of CKAN's Solr
``PackageSearchIndex``. CKAN hands it the dataset dict (default schema, with
the custom-schema dict under ``with_custom_schema``) inside the action's
database session, so the index row is written in the same transaction as the
dataset and is committed, or rolled back, with it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any, Iterable

import ckan.lib.navl.dictization_functions as df
import ckan.lib.plugins as lib_plugins
import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.search.index import PackageSearchIndex
from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date
from sqlalchemy.dialects.postgresql import REGCONFIG, insert

from ckanext.satudata import config as sd_config

from . import cache
from .model import FACET_SEPARATOR, FACET_VALUE_FIELDS, SearchDocument

log = logging.getLogger(__name__)

_KEY_CHARS = re.compile(r"[^A-Za-z0-9_\-]")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                      r"[0-9a-f]{12}$")
_RESOURCE_FIELDS = (("name", "res_name"), ("description", "res_description"),
                    ("format", "res_format"), ("url", "res_url"),
                    ("resource_type", "res_type"))
#: keys whose values are not words for full-text search
_NOT_TEXT = {
    "id", "name", "title", "notes", "owner_org", "state", "type", "capacity",
    "dataset_type", "entity_type", "site_id", "private", "url", "res_url",
    "license_url", "metadata_created", "metadata_modified", "index_id",
    "creator_user_id", "permission_labels", "tags", "groups", "organization",
    "res_name", "res_description", "title_string", "version",
}


def _clean(text: str) -> str:
    return text.replace("\x00", "")


def _strings(value: Any) -> list[str]:
    """A field value as the list of strings it is matched and faceted by."""
    if value is None or isinstance(value, dict):
        return []
    if isinstance(value, (list, tuple, set)):
        out: list[str] = []
        for item in value:
            out.extend(_strings(item))
        return out
    if isinstance(value, bool):
        return ["true" if value else "false"]
    text = _clean(str(value))
    return [text] if text != "" else []


def _aware(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def build_document(pkg_dict: dict[str, Any]) -> dict[str, Any] | None:
    """The index document of a dataset, as the flat dict CKAN's Solr schema
    expects (tags, groups and organisation as names, resources flattened
    into ``res_*`` lists, extras as top-level keys), after every
    ``IPackageController.before_dataset_index``. Returns None for a dataset
    that is not to be indexed (deleted, with
    ``ckan.search.remove_deleted_packages``)."""
    pkg_dict = dict(pkg_dict)
    validated = pkg_dict.pop("with_custom_schema", pkg_dict)
    doc = dict(pkg_dict)
    doc["data_dict"] = json.dumps(pkg_dict)
    doc["validated_data_dict"] = json.dumps(
        validated, cls=df.MissingNullEncoder)

    if tk.config.get("ckan.search.remove_deleted_packages") and (
            doc.get("state") in (None, "deleted")):
        return None

    if doc.get("title"):
        doc["title"] = doc["title"].lstrip()
        doc["title_string"] = doc["title"]

    reserved = set(doc) | {"tags", "groups", "res_name", "res_description",
                           "res_format", "res_url", "res_type", "text"}
    for extra in doc.pop("extras", None) or []:
        key = _KEY_CHARS.sub("", extra["key"])
        value = extra["value"]
        if isinstance(value, (list, tuple)):
            value = " ".join(map(str, value))
        doc["extras_" + key] = value
        if key not in reserved:
            doc[key] = value

    tag_names = []
    vocab_names: dict[str, str] = {}
    for tag in doc.pop("tags", None) or []:
        vocab_id = tag.get("vocabulary_id")
        if not vocab_id:
            tag_names.append(tag["name"])
            continue
        if vocab_id not in vocab_names:
            vocab = model.Vocabulary.get(vocab_id)
            vocab_names[vocab_id] = vocab.name if vocab else vocab_id
        doc.setdefault("vocab_" + vocab_names[vocab_id], []).append(
            tag["name"])
    doc["tags"] = tag_names
    doc["groups"] = [g["name"] for g in doc.pop("groups", None) or []]
    org = doc.get("organization")
    doc["organization"] = org["name"] if isinstance(org, dict) else None
    if isinstance(org, dict) and org.get("title"):
        doc["organization_title"] = org["title"]
    doc["capacity"] = "private" if doc.get("private") else "public"

    extra_columns = [(e, "res_extras_" + e)
                     for e in model.Resource.get_extra_columns()]
    for resource in doc.pop("resources", None) or []:
        for src, dst in list(_RESOURCE_FIELDS) + extra_columns:
            doc.setdefault(dst, []).append(resource.get(src) or "")

    for key in ("relationships_as_subject", "relationships_as_object"):
        doc.pop(key, None)

    doc["entity_type"] = "package"
    doc["dataset_type"] = doc.get("type")
    doc["site_id"] = tk.config.get("ckan.site_id")

    for key in [k for k in doc if k.endswith("_date")]:
        if not doc[key]:
            del doc[key]
            continue
        try:
            stamp = parse_date(str(doc[key]))
        except (ParserError, OverflowError, ValueError):
            log.warning("%s: %s is not a valid date: %r",
                        doc.get("id"), key, doc[key])
            del doc[key]
            continue
        doc[key] = stamp.isoformat() + ("" if stamp.tzinfo else "Z")

    for item in plugins.PluginImplementations(plugins.IPackageController):
        doc = item.before_dataset_index(doc)
    assert doc, "Plugin must return non empty package dict on index"

    dataset = model.Package.get(doc["id"])
    labels = lib_plugins.get_permission_labels()
    doc["permission_labels"] = (
        labels.get_dataset_labels(dataset) if dataset else [])
    return doc


def _text_parts(doc: dict[str, Any]) -> dict[str, str]:
    """The words of a document by weight: A title and name; B description;
    C tags, groups, organisation and vocabularies; D everything else worth
    searching (resources, extras, custom schema fields). The query ranks
    by these weights (see ``query.RANK_WEIGHTS``)."""

    def join(values: Iterable[Any]) -> str:
        return " ".join(s for v in values for s in _strings(v))

    c_keys = ["tags", "groups", "organization", "organization_title"] + [
        k for k in doc if k.startswith("vocab_")]
    d_values: list[Any] = [doc.get(k) for k in (
        "res_name", "res_description", "res_format", "text")]
    for key, value in doc.items():
        if key in _NOT_TEXT or key in c_keys or key.startswith(
                ("res_", "extras_", "data_dict", "validated_")):
            continue
        for text in _strings(value):
            if not (_UUID_RE.match(text) or text.startswith(
                    ("http://", "https://")) or text in ("true", "false")):
                d_values.append(text)
    return {
        "A": join([doc.get("title"), doc.get("name")]),
        "B": join([doc.get("notes")]),
        "C": join([doc.get(k) for k in c_keys]),
        "D": join(d_values),
    }


def _tsvector(config_name: str, parts: dict[str, str]) -> Any:
    cfg = sa.cast(sa.literal(config_name), REGCONFIG)
    vectors = [
        sa.func.setweight(sa.func.to_tsvector(cfg, text), weight)
        for weight, text in parts.items()
    ]
    expr = vectors[0]
    for vector in vectors[1:]:
        expr = expr.op("||")(vector)
    return expr


def document_row(doc: dict[str, Any]) -> dict[str, Any]:
    """Column values of the index row for a built document."""
    fields: dict[str, list[str]] = {}
    for key, value in doc.items():
        if key in ("data_dict", "validated_data_dict"):
            continue
        values = _strings(value)
        if values:
            fields[key] = values
    stored = {k: v for k, v in doc.items()
              if k not in ("data_dict", "validated_data_dict")}
    parts = _text_parts(doc)
    title = _clean(doc.get("title") or "")
    return {
        "id": doc["id"],
        "name": doc["name"],
        "title": title,
        "title_sort": title.lower(),
        "state": doc.get("state"),
        "capacity": doc["capacity"],
        "dataset_type": doc.get("dataset_type"),
        "organization": doc.get("organization"),
        "owner_org": doc.get("owner_org"),
        "metadata_created": _aware(doc.get("metadata_created")),
        "metadata_modified": _aware(doc.get("metadata_modified")),
        "permission_labels": list(doc.get("permission_labels") or []),
        "fields": fields,
        "doc": json.loads(json.dumps(stored, default=str).replace(
            "\\u0000", "")),
        "data_dict": _clean(doc["data_dict"]),
        "validated_data_dict": _clean(doc["validated_data_dict"]),
        "parts": parts,
        "facet_values": [
            f"{key}{FACET_SEPARATOR}{value}"
            for key in sorted(FACET_VALUE_FIELDS & set(fields))
            for value in dict.fromkeys(fields[key])],
        "revision_of": (fields.get("satudata_revision_of") or [None])[0],
    }


def _upsert_statement() -> Any:
    """One INSERT ... ON CONFLICT UPDATE of the same shape for every
    dataset (compiled once, then served from SQLAlchemy's cache): values
    travel as parameters, the two vectors are computed by PostgreSQL from
    the four weighted parts."""
    columns = [c.name for c in SearchDocument.__table__.columns
               if c.name not in ("tsv_stemmed", "tsv_simple", "indexed_at")]
    values: dict[str, Any] = {
        name: sa.bindparam(name, type_=SearchDocument.__table__.c[name].type)
        for name in columns}
    parts = {weight: sa.bindparam(f"part_{weight}", type_=sa.Text)
             for weight in "ABCD"}
    values["tsv_stemmed"] = _tsvector(sd_config.search_text_config(), parts)
    values["tsv_simple"] = _tsvector("simple", parts)
    values["indexed_at"] = sa.func.now()
    stmt = insert(SearchDocument).values(values)
    return stmt.on_conflict_do_update(
        index_elements=[SearchDocument.id],
        set_={k: stmt.excluded[k] for k in values if k != "id"})


_UPSERT: dict[str, Any] = {}


class PgPackageSearchIndex(PackageSearchIndex):
    """CKAN's package index, kept in PostgreSQL."""

    def index_package(self, pkg_dict: dict[str, Any] | None,
                      defer_commit: bool = False) -> None:
        if pkg_dict is None:
            return
        doc = build_document(pkg_dict)
        if doc is None:
            self.delete_package(pkg_dict)
            return
        row = document_row(doc)
        for weight, text in row.pop("parts").items():
            row[f"part_{weight}"] = text
        # the text configuration is part of the statement (a change of
        # the option in tests must take effect)
        text_config = sd_config.search_text_config()
        if text_config not in _UPSERT:
            _UPSERT[text_config] = _upsert_statement()
        model.Session.execute(_UPSERT[text_config], row)
        cache.mark_written()
        log.debug("Indexed dataset %s", doc.get("name"))

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        ref = pkg_dict.get("id")
        model.Session.execute(sa.delete(SearchDocument).where(sa.or_(
            SearchDocument.id == ref, SearchDocument.name == ref)))
        cache.mark_written()

    def clear(self) -> None:
        model.Session.execute(sa.delete(SearchDocument))
        cache.mark_written()
        model.Session.commit()

    def commit(self) -> None:
        model.Session.commit()
