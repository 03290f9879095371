"""OPD portals harvested in: a second, real CKAN stands for the OPD's
portal (an organisation of its own on :mod:`tests.federation.remote`);
our portal harvests it with ckanext-harvest's CKAN harvester, gather,
fetch and import in this process, and the data enters our workflow in the
state the source sets."""

from __future__ import annotations

import json
import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import act
from tests.test_schemas import COMPLETE
from tests.workflow.conftest import QA_PASS

from .conftest import federation_on

pytestmark = federation_on


def run_harvest(source_id: str) -> dict[str, Any]:
    """One harvest of the source, in this process, as the gather and
    fetch consumers would run it; the last job as the API gives it."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    job = tk.get_action("harvest_job_create")(
        {"ignore_auth": True}, {"source_id": source_id, "run": False})
    source = tk.get_action("harvest_source_show")(
        {"ignore_auth": True}, {"id": source_id})
    run_harvest_job(HarvestJob.get(job["id"]),
                    queue.get_harvester(source["source_type"]))
    return tk.get_action("harvest_job_show")(
        {"ignore_auth": True}, {"id": job["id"]})


def opd_portal(national) -> str:
    """An OPD portal on the second CKAN: an organisation with two public
    datasets with SDI metadata. Returns the organisation's name."""
    org = f"portal-{uuid.uuid4().hex[:8]}"
    national.api("organization_create", name=org,
                 title="Portal Dinas Kesehatan")
    for number in (1, 2):
        national.api("package_create", **dict(
            COMPLETE, name=f"{org}-data-{number}",
            title=f"Data Portal {number}", owner_org=org,
            notes=f"Versi pertama {number}", private=False,
            resources=[{"name": "Tabel", "format": "CSV",
                        "url": f"http://opd.example/{number}.csv"}]))
    return org


def add_source(user: dict, national, org: str, actors: dict,
               **config: Any) -> dict[str, Any]:
    return act("harvest_source_create", user,
               name=f"sumber-{org}"[:100], title=f"Portal {org}",
               url=national.url, source_type="ckan",
               owner_org=actors["walidata_org"]["id"],
               config=json.dumps({"organizations_filter_include": [org],
                                  "satudata_opd": "dinas-kesehatan",
                                  **config}))


def harvested(actors: dict) -> dict[str, dict[str, Any]]:
    """Our datasets of the OPD, by title, as the walidata reads them."""
    found = act("package_search", actors["walidata"],
                fq="organization:dinas-kesehatan", include_private=True,
                rows=100)
    return {pkg["title"]: pkg for pkg in found["results"]}


def public_titles() -> set[str]:
    found = act("package_search", None, rows=100)
    return {pkg["title"] for pkg in found["results"]}


def revision_copy(actors: dict, pkg_id: str) -> dict[str, Any] | None:
    """The staged copy of the dataset's revision in progress, if any."""
    shown = act("satudata_workflow_show", actors["walidata"], id=pkg_id)
    for found in shown.get("requests") or []:
        if found["kind"] == "revision" and found["revision"]:
            return found["revision"]
    return None


def history(actors: dict, pkg_id: str) -> list[str]:
    shown = act("satudata_workflow_show", actors["walidata"], id=pkg_id)
    return [event["transition"] for event in shown["history"]]


def test_harvested_data_waits_for_the_walidata(national, actors):
    org = opd_portal(national)
    source = add_source(actors["walidata"], national, org, actors)
    job = run_harvest(source["id"])
    assert job["stats"]["added"] == 2, job
    assert job["stats"]["errored"] == 0, job

    ours = harvested(actors)
    assert set(ours) == {"Data Portal 1", "Data Portal 2"}
    for pkg in ours.values():
        assert pkg["owner_org"] == actors["org"]["id"]
        assert pkg["satudata_state"] == "verified"
        assert pkg["private"] is True
        assert pkg["kode_standar_data"] == COMPLETE["kode_standar_data"]
        assert pkg["urusan"] == COMPLETE["urusan"]
        assert history(actors, pkg["id"])[-1] == "harvest"
    assert not public_titles() & set(ours)
    with pytest.raises(tk.ObjectNotFound):
        act("package_show", None, id=ours["Data Portal 1"]["id"])

    # the walidata publishes one; the other stays waiting
    first = ours["Data Portal 1"]
    act("satudata_dataset_publish", actors["walidata"], id=first["id"],
        qa=QA_PASS)
    assert public_titles() & set(ours) == {"Data Portal 1"}

    # the OPD changes both on its portal; the re-harvest does not touch
    # the public version: a revision waits for the walidata
    for number in (1, 2):
        national.api("package_patch", id=f"{org}-data-{number}",
                     notes=f"Versi kedua {number}")
    job = run_harvest(source["id"])
    assert job["stats"]["errored"] == 0, job
    assert job["stats"]["updated"] == 2, job
    public = act("package_show", None, id=first["id"])
    assert public["notes"] == "Versi pertama 1"
    staged = revision_copy(actors, first["id"])
    assert staged is not None
    copy = act("package_show", actors["walidata"], id=staged["id"])
    assert copy["notes"] == "Versi kedua 1"
    assert copy["satudata_state"] == "verified"
    second = act("package_show", actors["walidata"],
                 id=ours["Data Portal 2"]["id"])
    assert (second["notes"], second["satudata_state"]) == (
        "Versi kedua 2", "verified")

    # publishing the revision gives the public the new values
    act("satudata_dataset_publish", actors["walidata"], id=copy["id"],
        qa=QA_PASS)
    public = act("package_show", None, id=first["id"])
    assert public["notes"] == "Versi kedua 1"
    assert public["satudata_version"]["number"] == 2

    # nothing changed at the source: a re-harvest changes nothing here
    job = run_harvest(source["id"])
    assert job["stats"]["errored"] == 0, job
    assert revision_copy(actors, first["id"]) is None


def test_a_trusted_source_publishes_at_once(national, actors):
    org = opd_portal(national)
    source = add_source(actors["sysadmin"], national, org, actors,
                        trusted=True)
    job = run_harvest(source["id"])
    assert job["stats"]["added"] == 2, job
    assert public_titles() >= {"Data Portal 1", "Data Portal 2"}
    first = harvested(actors)["Data Portal 1"]
    assert first["satudata_state"] == "published"

    national.api("package_patch", id=f"{org}-data-1", notes="Versi kedua")
    run_harvest(source["id"])
    public = act("package_show", None, id=first["id"])
    assert public["notes"] == "Versi kedua"
    assert public["satudata_version"]["number"] == 2
    assert history(actors, first["id"])[-1] == "revise"


def test_the_source_settings_are_checked(national, actors):
    for config, word in [
            ({"satudata_state": "published"}, "trusted"),
            ({"satudata_state": "diterbitkan"}, "satudata_state"),
            ({"satudata_opd": "tidak-ada"}, "tidak-ada"),
            ({"trusted": "ya"}, "trusted")]:
        with pytest.raises(tk.ValidationError) as err:
            act("harvest_source_create", actors["walidata"], name="sumber",
                url=national.url, source_type="ckan",
                owner_org=actors["walidata_org"]["id"],
                config=json.dumps(config))
        assert word in " ".join(err.value.error_dict["config"]), config


def test_only_the_walidata_manages_sources(national, actors, app):
    # an OPD may not register a source, even in its own organisation
    with pytest.raises(tk.NotAuthorized):
        act("harvest_source_create", actors["verifikator"], name="sumber",
            url=national.url, source_type="ckan",
            owner_org=actors["org"]["id"])
    source = add_source(actors["walidata"], national, "apa-saja", actors)
    for user in (actors["operator"], actors["verifikator"], None):
        with pytest.raises(tk.NotAuthorized):
            act("harvest_job_create", user, source_id=source["id"],
                run=False)
        with pytest.raises(tk.NotAuthorized):
            act("harvest_source_update", user, id=source["id"],
                url=national.url, source_type="ckan", name=source["name"],
                config="{}")
        with pytest.raises(tk.NotAuthorized):
            act("satudata_harvest_status", user)
    job = act("harvest_job_create", actors["walidata"],
              source_id=source["id"], run=False)
    assert job["status"] == "New"
    # the source (its config may hold the OPD portal's API key) is the
    # walidata's to read
    assert act("harvest_source_show", actors["walidata"],
               id=source["id"])["url"] == national.url
    for user in (actors["operator"], None):
        with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
            act("harvest_source_show", user, id=source["id"])
        with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
            act("package_show", user, id=source["id"])
    assert act("satudata_harvest_status", actors["walidata_head"])[
        "sources"][0]["name"] == source["name"]


def test_the_status_page(national, actors, app):
    org = opd_portal(national)
    source = add_source(actors["walidata"], national, org, actors)
    run_harvest(source["id"])
    status = act("satudata_harvest_status", actors["walidata"])["sources"]
    assert len(status) == 1
    assert status[0]["opd"]["name"] == "dinas-kesehatan"
    assert status[0]["state"] == "verified"
    assert status[0]["waiting"] == 2
    assert status[0]["last_job"]["stats"]["added"] == 2

    # what was harvested (the remote's content) is the walidata's to read
    from ckanext.harvest.model import HarvestObject

    harvested_object = model.Session.query(HarvestObject).first()
    assert act("harvest_object_show", actors["walidata"],
               id=harvested_object.id)["content"]
    for user in (actors["operator"], actors["verifikator"], None):
        with pytest.raises(tk.NotAuthorized):
            act("harvest_object_show", user, id=harvested_object.id)

    page = app.get("/satudata/panen", headers={
        "Authorization": actors["walidata"]["token"]})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert f"Portal {org}" in body
    assert 'data-stat="added">2<' in body
    assert "Dinas Kesehatan" in body
    assert 'class="satudata-harvest-link"' in body  # in the header
    assert app.get("/satudata/panen", headers={
        "Authorization": actors["operator"]["token"]}).status_code == 403
    dataset_page = app.get("/dataset", headers={
        "Authorization": actors["operator"]["token"]})
    assert "satudata-harvest-link" not in dataset_page.get_data(
        as_text=True)
    assert app.get("/satudata/panen", follow_redirects=False
                   ).status_code == 302
