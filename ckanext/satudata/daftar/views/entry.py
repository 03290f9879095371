"""The Daftar Data's entry pages (``/satudata/daftar/entri/<id>``, and
``/satudata/daftar/<year>/entri/baru`` for the walidata): an entry with
its edit form, the datasets that fulfil it (link, unlink), its removal
and its history. Same rules as :mod:`.manage`, whose tools they use."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from flask import Blueprint

from .. import xlsx
from .manage import act, context, errors_of, may, page, summary

#: what a batch of an ``*_list`` action returns at most with all fields
BATCH = 25


def _all(action: str) -> list[dict[str, str]]:
    """Every organisation or group (name, title), by title."""
    found: list[dict[str, str]] = []
    while len(found) < 5000:
        batch = tk.get_action(action)(context(), {
            "all_fields": True, "offset": len(found), "limit": BATCH,
            "sort": "title asc"})
        found += [{"name": o["name"], "title": o.get("display_name")
                   or o.get("title") or o["name"]} for o in batch]
        if len(batch) < BATCH:
            break
    return found


def _datasets(org_id: str) -> list[dict[str, str]]:
    """The OPD's datasets the user reads (for the link form's list)."""
    try:
        found = tk.get_action("package_search")(context(), {
            "fq": f'+owner_org:"{org_id}" +dataset_type:dataset',
            "rows": 1000, "include_private": True, "sort": "title_string asc"})
    except (tk.ValidationError, tk.NotAuthorized, SearchError):
        return []
    return [{"name": p["name"], "title": p.get("title") or p["name"]}
            for p in found["results"]]


def _values(form: Any) -> dict[str, Any]:
    """The entry form's fields (the 19 attributes and the topic)."""
    data = {key: form.get(key, "") for key in xlsx.KEYS}
    data["group"] = form.get("group", "")
    return data


def _options(organization: dict[str, Any] | None) -> dict[str, Any]:
    """The selects of the entry form: the OPDs (the walidata: every one;
    an OPD: its own, which only the walidata changes) and the topics."""
    walidata = may("entry_create", {})
    if walidata or organization is None:
        organizations = _all("organization_list")
    else:
        organizations = [{"name": organization["name"],
                          "title": organization.get("title")
                          or organization["name"]}]
    return {"organizations": organizations, "groups": _all("group_list"),
            "org_fixed": not walidata}


@page
def new(year: int) -> Any:
    """The walidata adds an entry to the year's list."""
    shown = act("show", {"year": year})
    tk.check_access("satudata_daftar_entry_create", context(),
                    {"year": year})
    values: dict[str, Any] = {
        "produsen_data": tk.request.args.get("org", "")}
    errors: dict[str, list[str]] = {}
    status = 200
    if tk.request.method == "POST":
        values = _values(tk.request.form)
        try:
            made = act("entry_create", dict(values, year=year))
        except tk.ValidationError as err:
            errors, status = errors_of(err), 400
        else:
            tk.h.flash_success(tk._("The entry is added."))
            return tk.redirect_to("satudata_daftar.entry", id=made["id"])
    return tk.render("satudata/daftar/entry_new.html", dict(
        _options(None), daftar=shown, year=year, values=values,
        errors=errors, error_summary=summary(errors))), status


def render_entry(entry_id: str, *,
                 errors: dict[str, list[str]] | None = None,
                 form: str | None = None, values: Any = None,
                 status: int = 200) -> Any:
    """The entry page; ``form`` names the form ``errors`` and ``values``
    belong to (a failed POST shows it again)."""
    entry = act("entry_show", {"id": entry_id})
    errors = errors or {}
    extra: dict[str, Any] = {
        "entry": entry, "form": form, "errors": errors,
        "error_summary": summary(errors),
        "can_delete": entry["state"] == "active"
        and may("entry_delete", {"id": entry["id"]}),
        "datasets": [], "organizations": [], "groups": []}
    if entry["can_edit"]:
        extra.update(_options(entry["organization"]))
    if form == "edit":
        extra["values"] = values
    else:
        extra["values"] = dict(entry, group=(entry.get("group") or {}).get(
            "name", ""))
    extra["link_values"] = values if form == "link" else {}
    if entry["can_link"] and entry["organization"]:
        extra["datasets"] = _datasets(entry["organization"]["id"])
    return tk.render("satudata/daftar/entry.html", extra), status


@page
def read(id: str) -> Any:
    """GET: the entry; POST: its edit form (the walidata, or the OPD's
    editors while the OPD has not confirmed its list)."""
    if tk.request.method == "GET":
        return render_entry(id)
    values = _values(tk.request.form)
    try:
        act("entry_update", dict(values, id=id))
    except tk.ValidationError as err:
        return render_entry(id, errors=errors_of(err), form="edit",
                            values=values, status=400)
    tk.h.flash_success(tk._("The entry is saved."))
    return tk.redirect_to("satudata_daftar.entry", id=id)


@page
def delete(id: str) -> Any:
    """The walidata removes the entry (it is kept, with its history)."""
    try:
        done = act("entry_delete", {
            "id": id, "reason": tk.request.form.get("reason", "")})
    except tk.ValidationError as err:
        return render_entry(id, errors=errors_of(err), form="delete",
                            status=400)
    tk.h.flash_success(tk._("The entry is removed from the Daftar Data."))
    return tk.redirect_to("satudata_daftar.year", year=done["year"])


@page
def link(id: str) -> Any:
    """Link a dataset of the OPD to the entry, for a period."""
    form = tk.request.form
    values = {"package_id": form.get("package_id", "").strip(),
              "period": form.get("period", "").strip()}
    try:
        act("entry_link", dict(values, id=id))
    except tk.ValidationError as err:
        return render_entry(id, errors=errors_of(err), form="link",
                            values=values, status=400)
    tk.h.flash_success(tk._("The dataset is linked to the entry."))
    return tk.redirect_to("satudata_daftar.entry", id=id)


@page
def unlink(id: str) -> Any:
    act("entry_unlink", {"id": id,
                         "package_id": tk.request.form.get("package_id", "")})
    tk.h.flash_success(tk._("The dataset is no longer linked to the "
                            "entry."))
    return tk.redirect_to("satudata_daftar.entry", id=id)


def register(bp: Blueprint, base: str) -> None:
    post = {"methods": ["POST"]}
    bp.add_url_rule(f"{base}/<int:year>/entri/baru", "entry_new", new,
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/entri/<id>", "entry", read,
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/entri/<id>/hapus", "entry_delete", delete,
                    **post)
    bp.add_url_rule(f"{base}/entri/<id>/tautan", "entry_link", link, **post)
    bp.add_url_rule(f"{base}/entri/<id>/lepas", "entry_unlink", unlink,
                    **post)
