"""Fixtures of the request and complaint tests: the plugins on (with the
workflow), the people of every role, a clean rate-limit count, and helpers
to file cases as visitors and as users."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.satudata.requests import ratelimit
from ckanext.satudata.requests.logic.action import email_token
from tests.conftest import act
from tests.mail import mailbox  # noqa: F401 (a fixture)
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    _plugins_only_when_asked,
    people,
    with_plugins,
)

PLUGINS = ("satudata satudata_search satudata_workflow satudata_requests "
           "scheming_datasets scheming_organizations scheming_groups "
           "activity")

requests_on = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.satudata.pembina_organizations", "bps"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "no_rate_counts"),
]

REQUESTER = {"name": "Budi Santoso", "email": "budi@example.com",
             "phone": "0812-3456-7890", "institution": "Universitas Lampung"}

REQUEST = {"title": "Jumlah penduduk miskin per kecamatan 2025",
           "description": "Data jumlah penduduk miskin per kecamatan.",
           "purpose": "Penelitian skripsi", "data_format": "CSV",
           "region": "Kota Bandar Lampung", "period": "2025"}


@pytest.fixture
def no_rate_counts():
    """Each test starts with no submissions counted."""
    ratelimit.reset()
    yield
    ratelimit.reset()


def file_request(user: Any = None, **fields: Any) -> dict[str, Any]:
    """A request filed by ``user``, or by a visitor with a confirmed
    e-mail (the token of the confirmation link)."""
    data = dict(REQUESTER, **REQUEST)
    data.update(fields)
    if user is None:
        data.setdefault("email_token", email_token(data["email"]))
    return act("satudata_request_create", user, **data)


def file_complaint(user: Any = None, **fields: Any) -> dict[str, Any]:
    data = dict(REQUESTER, category="data_salah",
                description="Angka kecamatan Teluk Betung tertukar.")
    data.update(fields)
    if user is None:
        data.setdefault("email_token", email_token(data["email"]))
    return act("satudata_complaint_create", user, **data)


def assigned_request(cast: dict, *orgs: str, user: Any = None,
                     **fields: Any) -> str:
    """The number of a request filed (by a visitor unless ``user``) and
    assigned by the walidata staff of ``cast`` (the ``people``) to the
    OPDs ``orgs`` (default A)."""
    number = file_request(user, **fields)["number"]
    act("satudata_request_assign", cast["walidata"], id=number,
        organizations=[cast[f"org_{o}"]["name"] for o in orgs or "a"])
    return number


def track(number: str, email: str = REQUESTER["email"]) -> dict[str, Any]:
    """The request as its requester without an account follows it."""
    return act("satudata_request_show", None, id=number, email=email)
