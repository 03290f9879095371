"""Fixtures of the workflow tests: the plugin switched on, the actors of
every role, and datasets brought to each state through real transitions."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from tests import factories as sd_factories
from tests.conftest import act, two_opds
from tests.mail import mailbox  # noqa: F401 (a fixture)
from tests.test_schemas import COMPLETE

#: test.ini's plugins plus the workflow
PLUGINS = ("satudata satudata_search satudata_workflow scheming_datasets "
           "scheming_organizations scheming_groups activity")


@pytest.fixture
def with_plugins(plugins_kept):
    """CKAN's ``with_plugins``, the plugins kept loaded from one test of
    the module to the next while the config stays the same (see
    ``tests.conftest.plugins_kept``)."""


@pytest.fixture(autouse=True)
def _plugins_only_when_asked(no_kept_plugins):
    """See ``tests.conftest.no_kept_plugins``."""


#: every module of this package runs with the workflow on
workflow_on = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.satudata.pembina_organizations", "bps"),
    pytest.mark.usefixtures("with_plugins", "clean_db"),
]

RESOURCE = {"name": "Tabel data", "format": "CSV",
            "url": "http://example.com/data.csv"}

#: every QA item passes
QA_PASS = {code: {"result": "pass", "note": ""} for code in (
    "standar_data", "metadata", "interoperabilitas", "kode_referensi",
    "relevansi", "akurasi", "aktualitas", "aksesibilitas",
    "keterbandingan")}


def qa_with(**results: str) -> dict[str, Any]:
    """QA_PASS with some items changed: ``akurasi="fail"``."""
    answers = {k: dict(v) for k, v in QA_PASS.items()}
    for code, result in results.items():
        answers[code] = {"result": result,
                         "note": f"{code} perlu diperbaiki"
                         if result == "fail" else ""}
    return answers


@pytest.fixture
def people(clean_db, db_snapshots):
    """Two OPDs (operator, verifikator), the walidata (staff, head), a
    pembina (BPS member), a sysadmin and a plain registered user.

    Built once per module: the first test makes them through the actions
    and the module keeps the database's rows; every next test, after its
    ``clean_db``, gets the same rows (users, API tokens, organisations,
    memberships, their activities) written back, and a copy of the same
    dict. Their records are the same whatever a test's config marks; only
    their creation time is the first test's."""
    return db_snapshots.built("people", make_people)


def make_people() -> dict[str, Any]:
    walidata = sd_factories.walidata()
    pembina = factories.UserWithToken()
    factories.Organization(name="bps", title="BPS Kota", users=[
        {"name": pembina["name"], "capacity": "member"}])
    return dict(two_opds(), walidata=walidata["staff"],
                walidata_head=walidata["head"],
                walidata_org=walidata["org"], pembina=pembina,
                sysadmin=factories.SysadminWithToken())


def new_draft(people: dict, name: str = "data-uji", org: str = "a",
              **fields: Any) -> dict[str, Any]:
    """A complete draft with a resource, made by the OPD's operator."""
    data = dict(COMPLETE, name=name, owner_org=people[f"org_{org}"]["id"],
                resources=[dict(RESOURCE)])
    data.update(fields)
    return act("package_create", people[f"operator_{org}"], **data)


def advance(people: dict, pkg: dict, to: str, org: str = "a") -> dict:
    """Bring a draft to ``submitted``, ``verified`` or ``published``."""
    steps = ["submitted", "verified", "published"]
    result = None
    for target in steps[:steps.index(to) + 1]:
        if target == "submitted":
            result = act("satudata_dataset_submit", people[f"operator_{org}"],
                         id=pkg["id"], qc_statement=True)
        elif target == "verified":
            result = act("satudata_dataset_verify",
                         people[f"verifikator_{org}"], id=pkg["id"],
                         position="Kepala Dinas")
        else:
            result = act("satudata_dataset_publish", people["walidata"],
                         id=pkg["id"], qa=QA_PASS)
    return result


def dataset_in(people: dict, state: str, name: str, org: str = "a"
               ) -> dict[str, Any]:
    pkg = new_draft(people, name=name, org=org,
                    title=f"Data {state} {name}")
    if state != "draft":
        advance(people, pkg, state, org)
    return pkg
