"""Factories for Satu Data actors, on top of CKAN's own factories."""

from __future__ import annotations

from typing import Any

from ckan.tests import factories


def opd(name: str, title: str | None = None, **org: Any) -> dict[str, Any]:
    """An OPD (organisation) with an operator (editor) and a verifikator
    (admin), each a user with an API token.

    Returns ``{"org": ..., "operator": ..., "verifikator": ...}``.
    """
    operator = factories.UserWithToken()
    verifikator = factories.UserWithToken()
    organization = factories.Organization(
        name=name, title=title or name.upper(), users=[
            {"name": operator["name"], "capacity": "editor"},
            {"name": verifikator["name"], "capacity": "admin"}], **org)
    return {"org": organization, "operator": operator,
            "verifikator": verifikator}


def walidata(name: str = "diskominfo") -> dict[str, Any]:
    """The walidata organisation with a staff member (editor) and a head
    (admin)."""
    made = opd(name, "Dinas Komunikasi dan Informatika")
    return {"org": made["org"], "staff": made["operator"],
            "head": made["verifikator"]}
