"""What the pages of requests and complaints share: the URL words, the
fields, the errors, who is looking, and the cases a visitor tracks in
their session."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import session

from ckanext.satudata import util

from .. import machine

#: the URL slug of each kind
SLUG = {machine.REQUEST: "permintaan-data", machine.COMPLAINT: "pengaduan"}
#: the inbox's ``jenis`` (kind) parameter
JENIS = {"permintaan": machine.REQUEST, "pengaduan": machine.COMPLAINT}
#: the session key of the cases tracked by number and e-mail
TRACKED = "satudata_tracked"
#: how many tracked cases the session keeps
TRACKED_MAX = 20
PER_PAGE = 20

#: the steps each kind's page posts (``satudata_<kind>_<step>``)
STEPS = {
    machine.REQUEST: ("assign", "extend", "fulfil", "refuse", "objection",
                      "confirm", "link", "comment"),
    machine.COMPLAINT: ("verify", "assign", "resolve", "refuse", "comment"),
}

FORM_FIELDS = {
    machine.REQUEST: ("name", "email", "phone", "institution", "title",
                      "description", "purpose", "data_format", "region",
                      "period", "organization", "website", "email_token"),
    machine.COMPLAINT: ("category", "dataset", "resource", "description",
                        "name", "email", "phone", "institution",
                        "website", "email_token"),
}


def field_labels() -> dict[str, str]:
    """Display names of the fields the actions may complain about."""
    return {
        "name": tk._("Name"), "email": tk._("E-mail"),
        "phone": tk._("Phone"), "institution": tk._("Institution"),
        "title": tk._("Data needed"), "description": tk._("Description"),
        "purpose": tk._("Purpose"), "data_format": tk._("Format"),
        "region": tk._("Region"), "period": tk._("Period"),
        "organization": tk._("OPD"), "organizations": tk._("OPDs"),
        "category": tk._("Category"), "dataset": tk._("Dataset"),
        "resource": tk._("Resource"), "website": tk._("Leave empty"),
        "note": tk._("Note"), "body": tk._("Message"),
        "datasets": tk._("Datasets"), "ground": tk._("Ground"),
        "legal_basis": tk._("Legal basis"),
        "availability": tk._("Availability"), "id": tk._("Number"),
        "internal": tk._("Internal note"),
    }


# -- small tools ----------------------------------------------------------

def context() -> dict[str, Any]:
    return util.user_context()


def errors_of(err: tk.ValidationError) -> dict[str, list[str]]:
    return util.field_errors(err)


def status_of(errors: dict[str, list[str]]) -> int:
    return 429 if "rate_limit" in errors else 400


def summary(errors: dict[str, list[str]]) -> list[str]:
    """The errors as sentences, each with its field's name."""
    return util.error_sentences(errors, field_labels())


def tracked(number: str) -> str | None:
    """The e-mail address the visitor proved for the case ``number``."""
    found = session.get(TRACKED)
    return found.get(number.upper()) if isinstance(found, dict) else None


def remember(number: str, email: str) -> None:
    """Remember in the session that the visitor proved this pair."""
    found = session.get(TRACKED)
    pairs = dict(found) if isinstance(found, dict) else {}
    pairs.pop(number, None)
    pairs[number] = email
    session[TRACKED] = dict(list(pairs.items())[-TRACKED_MAX:])


def organizations() -> list[dict[str, Any]]:
    """Every organisation (name, title), for the OPD selects."""
    found: list[dict[str, Any]] = []
    while len(found) < 5000:
        batch = tk.get_action("organization_list")(context(), {
            "all_fields": True, "offset": len(found), "limit": 25,
            "sort": "title asc"})
        found += [{"name": o["name"], "title": o.get("display_name")
                   or o.get("title") or o["name"]} for o in batch]
        if len(batch) < 25:
            break
    return found


def current_user() -> Any:
    user = tk.current_user
    return user if user.is_authenticated else None


def read_url(kind: str, number: str) -> str:
    return tk.url_for(f"satudata_requests.{kind}_read", number=number)

