"""The walidata's and the OPDs' Daftar Data pages (``/satudata/daftar``):
the years, a year with its berita acara, the OPDs' confirmations (Surat
Pernyataan), its entries, the XLSX export and import; the entry pages
are in :mod:`.entry`. Who sees and does what is the actions' business
(:mod:`..logic.access`): the pages show the forms the actions say the
reader may use, and turn a refusal into 403, an unknown year or entry
into 404 and a ValidationError into the form again with its errors."""

from __future__ import annotations

import functools
from typing import Any, Callable
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.satudata import util

from .. import xlsx
from ..logic import action, entries

XLSX_TYPE = ("application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet")
#: the fields of the year page's berita acara form
BERITA_ACARA_FIELDS = ("berita_acara_nomor", "berita_acara_tanggal")


# -- shared with :mod:`.entry` -----------------------------------------------

def context() -> dict[str, Any]:
    return util.user_context()


def act(name: str, data: dict[str, Any]) -> Any:
    """The action ``satudata_daftar_<name>`` as the logged-in user."""
    return tk.get_action(f"satudata_daftar_{name}")(context(), data)


def may(name: str, data: dict[str, Any]) -> bool:
    """Whether the user passes ``satudata_daftar_<name>``'s auth."""
    try:
        tk.check_access(f"satudata_daftar_{name}", context(), data)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page of the Daftar Data: anonymous visitors are sent to log in
    (a GET), a refusal is 403, an unknown object 404, and a
    ValidationError no view handled 400 (never a 500)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if (not tk.current_user.is_authenticated
                and tk.request.method == "GET"):
            return tk.redirect_to(
                "user.login", came_from=tk.request.full_path.rstrip("?"))
        try:
            return view(*args, **kwargs)
        except tk.NotAuthorized as err:
            return tk.abort(403, str(err) or tk._("Not authorized"))
        except tk.ObjectNotFound as err:
            return tk.abort(404, str(err) or tk._("Not found"))
        except tk.ValidationError as err:
            return tk.abort(400, "; ".join(summary(errors_of(err))))

    return wrapped


def field_labels() -> dict[str, str]:
    """Display names of the fields the actions may complain about."""
    names = {column.key: column.header for column in xlsx.COLUMNS}
    names.update({
        "year": tk._("Year"), "berita_acara_nomor": tk._("Number"),
        "berita_acara_tanggal": tk._("Date"),
        "berita_acara_upload": tk._("File"), "org": tk._("OPD"),
        "jabatan": tk._("Position"), "nip": tk._("NIP"),
        "reason": tk._("Reason"), "group": tk._("Topic"),
        "package_id": tk._("Dataset"), "period": tk._("Period"),
        "upload": tk._("File"), "id": tk._("Entry")})
    return names


def errors_of(err: tk.ValidationError) -> dict[str, list[str]]:
    """The field errors of a ValidationError as texts (the import's
    ``rows`` report left out: see :func:`import_view`)."""
    return util.field_errors(err, skip=("rows",))


def summary(errors: dict[str, list[str]]) -> list[str]:
    """The errors as sentences, each with its field's name."""
    return util.error_sentences(errors, field_labels())


def attachment(name: str) -> str:
    """A Content-Disposition that downloads ``name`` (any characters)."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-")
                       else "_" for ch in name) or "berkas"
    return (f'attachment; filename="{fallback}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")


def year_url(year: int, org: str | None = None) -> str:
    return tk.url_for("satudata_daftar.year", year=year, org=org or None)


# -- the years ---------------------------------------------------------------

@page
def years() -> Any:
    """Every year's Daftar Data; the walidata opens a new year."""
    errors: dict[str, list[str]] = {}
    found = act("year_list", {})
    status = 200
    value = ""
    if tk.request.method == "POST":
        value = tk.request.form.get("year", "").strip()
        try:
            year = entries.year_of(value)
            if any(item["year"] == year for item in found):
                tk.h.flash_notice(tk._(
                    "The Daftar Data {year} is open already.").format(
                    year=year))
                return tk.redirect_to(year_url(year))
            act("update", {"year": year})
        except tk.ValidationError as err:
            errors, status = errors_of(err), 400
        else:
            tk.h.flash_success(tk._(
                "The Daftar Data {year} is open: add its entries, or "
                "import them.").format(year=year))
            return tk.redirect_to(year_url(year))
    return tk.render("satudata/daftar/index.html", {
        "years": found, "can_manage": may("update", {}),
        "errors": errors, "error_summary": summary(errors),
        "value": value}), status


def render_year(year: int, *, errors: dict[str, list[str]] | None = None,
                form: str | None = None, values: Any = None,
                status: int = 200) -> Any:
    """The year page; ``form`` names the form ``errors`` and ``values``
    belong to (a failed POST shows it again)."""
    shown = act("show", {"year": year})
    org = tk.request.args.get("org", "").strip() or None
    listed = act("entry_list", {"year": year, "org": org})
    errors = errors or {}
    return tk.render("satudata/daftar/year.html", {
        "daftar": shown, "year": year, "entries": listed, "org": org,
        "form": form, "values": values or {}, "errors": errors,
        "error_summary": summary(errors),
        "can_create": shown["can_manage"]}), status


@page
def year(year: int) -> Any:
    return render_year(year)


@page
def berita_acara(year: int) -> Any:
    """GET: the signed berita acara (a download); POST: the walidata sets
    its number, date and file."""
    if tk.request.method == "GET":
        act("show", {"year": year})
        found = entries.berita_acara_file(year)
        if found is None:
            return tk.abort(404, tk._("No berita acara file was uploaded "
                                      "for {year}").format(year=year))
        name, content, mimetype = found
        return Response(content, mimetype=mimetype, headers={
            "Content-Disposition": attachment(name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store"})
    act("show", {"year": year})
    form, files = tk.request.form, tk.request.files
    data: dict[str, Any] = {"year": year}
    for key in BERITA_ACARA_FIELDS:
        data[key] = form.get(key, "")
    upload = files.get("berita_acara_upload")
    if upload is not None and upload.filename:
        data["berita_acara_upload"] = upload
    if form.get("clear_berita_acara_file"):
        data["clear_berita_acara_file"] = True
    try:
        act("update", data)
    except tk.ValidationError as err:
        return render_year(year, errors=errors_of(err),
                           form="berita_acara", values=form.to_dict(),
                           status=400)
    tk.h.flash_success(tk._("The berita acara is saved."))
    return tk.redirect_to(year_url(year))


@page
def confirm(year: int) -> Any:
    """The OPD head's Surat Pernyataan."""
    form = tk.request.form
    org = form.get("org", "")
    try:
        act("confirm", {"year": year, "org": org,
                        "jabatan": form.get("jabatan", ""),
                        "nip": form.get("nip", "")})
    except tk.ValidationError as err:
        return render_year(year, errors=errors_of(err),
                           form=f"confirm-{org}", values=form.to_dict(),
                           status=400)
    tk.h.flash_success(tk._(
        "The list is confirmed: from now on only the walidata changes "
        "it."))
    return tk.redirect_to(year_url(year))


@page
def reopen(year: int) -> Any:
    """The walidata withdraws an OPD's confirmation."""
    form = tk.request.form
    org = form.get("org", "")
    try:
        act("reopen", {"year": year, "org": org,
                       "reason": form.get("reason", "")})
    except tk.ValidationError as err:
        return render_year(year, errors=errors_of(err),
                           form=f"reopen-{org}", values=form.to_dict(),
                           status=400)
    tk.h.flash_success(tk._(
        "The list is open again: the OPD may correct it and confirm it "
        "anew."))
    return tk.redirect_to(year_url(year))


# -- export and import -------------------------------------------------------

@page
def export(year: int) -> Any:
    """The year's entries the user reads, as the 19-column workbook
    (``?org=``: one OPD's)."""
    shown = act("show", {"year": year})
    org = tk.request.args.get("org", "").strip() or None
    rows, minutes = action.export_rows(context(), year, org)
    titles = {item["name"]: item["title"] for item in shown["opds"]
              if item.get("title")}
    body = xlsx.write_workbook(rows, year=year, berita_acara=minutes,
                               opd_titles=titles)
    name = f"daftar-data-{year}" + (f"-{org}" if org else "") + ".xlsx"
    return Response(body, mimetype=XLSX_TYPE, headers={
        "Content-Disposition": attachment(name),
        "Cache-Control": "private, no-store"})


@page
def import_view(year: int) -> Any:
    """The walidata imports a workbook: all rows or none; a refused file
    comes back with every problem by row and column."""
    shown = act("show", {"year": year})
    tk.check_access("satudata_daftar_import", context(), {"year": year})
    errors: dict[str, list[str]] = {}
    problems: list[dict[str, Any]] = []
    replace = False
    status = 200
    if tk.request.method == "POST":
        replace = bool(tk.request.form.get("replace"))
        upload = tk.request.files.get("upload")
        try:
            result = act("import", {
                "year": year, "replace": replace,
                "upload": upload if upload is not None and upload.filename
                else None})
        except tk.ValidationError as err:
            errors, status = errors_of(err), 400
            problems = list(err.error_dict.get("rows") or [])
        else:
            tk.h.flash_success(tk._(
                "Imported {rows} rows: {created} added, {updated} changed, "
                "{unchanged} unchanged, {removed} removed.").format(
                **result))
            return tk.redirect_to(year_url(year))
    return tk.render("satudata/daftar/import.html", {
        "daftar": shown, "year": year, "errors": errors,
        "error_summary": summary(errors), "problems": problems,
        "replace": replace}), status


def register(bp: Blueprint) -> None:
    """Add this module's URL rules (and :mod:`.entry`'s) to the plugin's
    blueprint."""
    from . import entry

    base = "/satudata/daftar"
    post = {"methods": ["POST"]}
    both = {"methods": ["GET", "POST"]}
    for rule, endpoint, view, methods in (
            ("", "years", years, both),
            ("/<int:year>", "year", year, {}),
            ("/<int:year>/berita-acara", "berita_acara", berita_acara,
             both),
            ("/<int:year>/konfirmasi", "year_confirm", confirm, post),
            ("/<int:year>/buka-kembali", "year_reopen", reopen, post),
            ("/<int:year>/ekspor.xlsx", "year_export", export, {}),
            ("/<int:year>/impor", "year_import", import_view, both)):
        bp.add_url_rule(base + rule, endpoint, view, **methods)
    entry.register(bp, base)
