"""The national catalogue harvests us, for real: a second CKAN 2.12
(:mod:`tests.federation.remote`) runs ckanext-harvest's CKAN harvester
against our API and ckanext-dcat's RDF harvester against our
``/catalog.ttl`` (our portal runs as a live server on the test database).

It must receive exactly the published datasets, with their SDI fields;
a published revision must reach it on the next harvest; a withdrawal must
remove the dataset from what it sees (the DCAT harvester deletes it)."""

from __future__ import annotations

from typing import Any

import requests

from tests.conftest import act
from tests.test_schemas import COMPLETE
from tests.workflow.conftest import QA_PASS, advance, new_draft

from .conftest import federation_on

pytestmark = federation_on

#: SDI fields that must arrive unchanged, through both harvesters
SDI_FIELDS = ("kode_standar_data", "urusan", "sektor", "frekuensi",
              "cakupan_wilayah", "tingkat_penyajian", "tahun_data",
              "periode_data", "jenis_data", "satuan", "definisi",
              "konsep", "klasifikasi_akses", "sifat_data")


def _people(actors: dict) -> dict[str, Any]:
    return {"org_a": actors["org"], "operator_a": actors["operator"],
            "verifikator_a": actors["verifikator"],
            "walidata": actors["walidata"]}


def ours(actors: dict) -> dict[str, dict[str, Any]]:
    """A dataset in every state, by state (two published)."""
    people = _people(actors)
    made = {}
    for state in ("draft", "submitted", "verified", "published",
                  "published-2", "withdrawn"):
        pkg = new_draft(people, name=f"data-{state}",
                        title=f"Data {state}", urusan=["2.07"],
                        cakupan_wilayah=["18.71", "18.72"])
        target = {"published-2": "published",
                  "withdrawn": "published"}.get(state, state)
        if target != "draft":
            advance(people, pkg, target)
        made[state] = pkg
    act("satudata_dataset_withdraw", actors["walidata"],
        id=made["withdrawn"]["id"], reason="Data pribadi tercantum")
    return made


def revise(actors: dict, pkg: dict[str, Any], notes: str) -> None:
    """A published revision of ``pkg`` with new notes."""
    opened = act("satudata_revision_open", actors["walidata"], id=pkg["id"],
                 reason="Pembaruan data")
    copy = opened["revision"]["id"]
    act("package_patch", actors["operator"], id=copy, notes=notes)
    people = _people(actors)
    act("satudata_dataset_submit", people["operator_a"], id=copy,
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=copy,
        position="Kepala Dinas")
    act("satudata_dataset_publish", people["walidata"], id=copy, qa=QA_PASS)


def check_sdi(received: dict[str, Any]) -> None:
    for field in SDI_FIELDS:
        expected = {"urusan": ["2.07"],
                    "cakupan_wilayah": ["18.71", "18.72"]}.get(
            field, COMPLETE.get(field))
        got = received.get(field)
        if isinstance(expected, list):
            got = sorted(got or [])
        assert got == expected, (field, received)


def test_the_national_catalogue_gets_exactly_what_is_published(
        national, portal, actors):
    made = ours(actors)
    published = {"Data published", "Data published-2"}

    national.api("organization_create", name="kota-api",
                 title="Kota (CKAN API)")
    national.api("organization_create", name="kota-dcat",
                 title="Kota (DCAT)")
    by_api = national.source("kota-api", portal, "ckan", "kota-api")
    by_dcat = national.source("kota-dcat", f"{portal}/catalog.ttl",
                              "dcat_rdf", "kota-dcat",
                              {"rdf_format": "text/turtle"})

    for source, org in ((by_api, "kota-api"), (by_dcat, "kota-dcat")):
        national.harvest(source["id"])
        received = national.datasets(org)
        assert set(received) == published, (
            org, sorted(received), national.report(source["id"]))
        for pkg in received.values():
            check_sdi(pkg)
        assert received["Data published"]["notes"] == COMPLETE["notes"]

    # a new version, and a withdrawal, on our side
    revise(actors, made["published"], "Catatan versi kedua")
    act("satudata_dataset_withdraw", actors["walidata"],
        id=made["published-2"]["id"], reason="Ditemukan kesalahan")

    # what a CKAN harvester sees of us now: the new version, no withdrawn
    seen = requests.get(f"{portal}/api/3/action/package_search",
                        params={"rows": 100, "sort": "id asc"},
                        timeout=30).json()["result"]["results"]
    assert {pkg["title"] for pkg in seen} == {"Data published"}

    national.harvest(by_api["id"])
    received = national.datasets("kota-api")
    assert received["Data published"]["notes"] == "Catatan versi kedua"
    check_sdi(received["Data published"])

    national.harvest(by_dcat["id"])
    received = national.datasets("kota-dcat")
    assert set(received) == {"Data published"}, sorted(received)
    assert received["Data published"]["notes"] == "Catatan versi kedua"
    check_sdi(received["Data published"])
