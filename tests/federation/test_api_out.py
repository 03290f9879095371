"""The CKAN API as ckanext-harvest's CKAN harvester reads it (a national or
another regional portal harvesting us): ``package_search`` with ``rows``,
``start``, ``sort=id asc`` and the ``fq`` forms the harvester builds in
``CKANHarvester.gather_stage`` (OPDs and groups included or left out,
"modified since the last harvest"), on our PostgreSQL search, with the
workflow on: exactly the published datasets come back, whoever the
harvester logs in as.

The harvester's own paging (``CKANHarvester._search_for_datasets``) runs
here unchanged; only its transport (``_get_content``, an HTTP GET with
``requests``) is replaced by the test client."""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from ckan.tests import factories

from tests.conftest import act
from tests.workflow import conftest as workflow

#: the workflow's plugins, and ckanext-harvest's: importing its harvester
#: maps its tables (a purge looks for harvest objects), which the
#: federation tests' clean_db creates when the plugin is on
pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", f"{workflow.PLUGINS} harvest"),
    *workflow.workflow_on[1:],
]

#: the ``people`` fixture of the workflow tests
people = workflow.people

#: what the harvester is configured with as the remote portal's address
BASE = "http://test.ckan.net"
SEARCH = "/api/3/action/package_search"

#: name: (OPD, state); every dataset of OPD A is in grup-y, of B in grup-z
RECORDS = {
    "a-draf": ("a", "draft"), "a-diajukan": ("a", "submitted"),
    "a-diverifikasi": ("a", "verified"), "a-terbit": ("a", "published"),
    "a-ditarik": ("a", "withdrawn"), "a-direvisi": ("a", "published"),
    "a-dihapus": ("a", "deleted"),
    "b-draf": ("b", "draft"), "b-diajukan": ("b", "submitted"),
    "b-diverifikasi": ("b", "verified"), "b-terbit": ("b", "published"),
    "b-ditarik": ("b", "withdrawn"),
}
PUBLISHED = {n for n, (_o, s) in RECORDS.items() if s == "published"}
#: the revision's staged copy of a-direvisi (a private draft)
COPY = "a-direvisi-revisi-1"
#: who the harvester logs in as (None: anonymous, as it does by default)
HARVESTERS = (None, "sysadmin", "walidata", "operator_b")


@functools.cache
def local_harvester() -> type:
    """ckanext-harvest's CKAN harvester reading our portal through the
    test client instead of the network (a new instance each time, not the
    plugin's singleton). Imported when a test runs, not when tests are
    collected: the import maps ckanext-harvest's tables, which only exist
    where its plugin is on."""
    from ckanext.harvest.harvesters.ckanharvester import (
        CKANHarvester,
        ContentFetchError,
    )

    class LocalHarvester(CKANHarvester):
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            return object.__new__(cls)

        def __init__(self, app: Any, token: str | None = None) -> None:
            super().__init__()
            self.app = app
            self.token = token
            self.config: dict[str, Any] = {}
            self.urls: list[str] = []

        def _get_content(self, url: str) -> str:
            assert url.startswith(BASE), url
            self.urls.append(url)
            response = self.app.get(url[len(BASE):], headers={
                "Authorization": self.token} if self.token else {})
            if response.status_code != 200:
                raise ContentFetchError(
                    f"HTTP {response.status_code}: "
                    f"{response.get_data(as_text=True)[:300]}")
            return response.get_data(as_text=True)

        def search(self, fq_terms: list[str] | None = None) -> list[dict]:
            return self._search_for_datasets(BASE, fq_terms)

    return LocalHarvester


def since_last_harvest(last_time: dt.datetime) -> str:
    """The filter ``gather_stage`` adds for "modified since the last
    error-free job" (``gather_started``, naive UTC), written as it does."""
    get_changes_since = (last_time - dt.timedelta(hours=1)).isoformat()
    return f"metadata_modified:[{get_changes_since}Z TO *]"


def _record(people: dict, name: str, org: str, state: str) -> None:
    group = "grup-y" if org == "a" else "grup-z"
    pkg = workflow.new_draft(people, name=name, org=org,
                             title=f"Data {name}", groups=[{"name": group}])
    if state == "draft":
        return
    workflow.advance(people, pkg, "published" if state in (
        "withdrawn", "deleted") else state, org)
    if state == "withdrawn":
        act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
            reason="Memuat data pribadi")
    elif state == "deleted":
        act("package_delete", people["sysadmin"], id=pkg["id"])


@pytest.fixture
def world(people):
    """Two OPDs with a dataset in every state (A also a published one under
    revision, its staged copy in the same group, and a published one
    deleted); ``between``: a moment after OPD A's records were last
    changed and before OPD B's were made."""
    for group, org in (("grup-y", "a"), ("grup-z", "b")):
        factories.Group(name=group, users=[
            {"name": people[f"operator_{org}"]["name"],
             "capacity": "member"}])
    for name, (org, state) in RECORDS.items():
        if org == "a":
            _record(people, name, org, state)
    act("satudata_revision_request", people["operator_a"], id="a-direvisi",
        reason="Angka perlu diperbaiki")
    act("satudata_revision_open", people["walidata"], id="a-direvisi")
    assert act("package_show", people["operator_a"], id=COPY)["groups"]
    # a second clear on both sides: the harvester may send whole seconds
    time.sleep(1.1)
    between = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    time.sleep(1.1)
    for name, (org, state) in RECORDS.items():
        if org == "b":
            _record(people, name, org, state)
    return dict(people, between=between)


def harvester(app: Any, world: dict, who: str | None) -> Any:
    return local_harvester()(app, world[who]["token"] if who else None)


def names(pkg_dicts: list[dict]) -> list[str]:
    return [p["name"] for p in pkg_dicts]


#: the filters gather_stage builds from a source's configuration, and the
#: published datasets they must bring
FORMS = {
    "everything": ([], PUBLISHED),
    # organizations_filter_include: ["opd-a"]
    "one OPD": (["organization:opd-a"], {"a-terbit", "a-direvisi"}),
    # organizations_filter_include: ["opd-a", "opd-b"]
    "two OPDs": (["organization:opd-a OR organization:opd-b"], PUBLISHED),
    # organizations_filter_exclude: ["opd-a"]
    "not one OPD": (["-organization:opd-a"], {"b-terbit"}),
    # organizations_filter_exclude: ["opd-a", "opd-b"]
    "neither OPD": (["-organization:opd-a", "-organization:opd-b"], set()),
    # groups_filter_include: ["grup-y"]
    "one group": (["groups:grup-y"], {"a-terbit", "a-direvisi"}),
    # groups_filter_include: ["grup-y", "grup-z"]
    "two groups": (["groups:grup-y OR groups:grup-z"], PUBLISHED),
    # groups_filter_exclude: ["grup-y"]
    "not one group": (["-groups:grup-y"], {"b-terbit"}),
    # both an OPD and a group filter
    "OPD and group": (["organization:opd-a", "-groups:grup-z"],
                      {"a-terbit", "a-direvisi"}),
}


@pytest.mark.parametrize("who", HARVESTERS)
def test_every_filter_form_brings_exactly_the_published(app, world, who):
    """Each form, paged by the harvester (100 a page, ``sort=id asc``),
    whoever it logs in as: the published datasets, no other."""
    found = {}
    for form, (fq_terms, expected) in FORMS.items():
        local = harvester(app, world, who)
        got = names(local.search(fq_terms))
        found[form] = (sorted(got), sorted(expected))
        query = dict(p.split("=", 1) for p in local.urls[0].split("?")[1]
                     .split("&"))
        assert query["sort"] == "id+asc" and query["rows"] == "100"
    wrong = {form: pair for form, pair in found.items()
             if pair[0] != pair[1]}
    assert not wrong, json.dumps(wrong, indent=1)


@pytest.mark.parametrize("who", HARVESTERS)
def test_modified_since_the_last_harvest(app, world, who):
    """The "modified since" filter exactly as gather_stage writes it
    (microseconds, then ``Z``): after a moment, what changed after it;
    an hour back from now, nothing older; from the future, nothing."""
    between = world["between"]
    cases = [
        (between + dt.timedelta(hours=1), {"b-terbit"}),
        (between.replace(microsecond=0) + dt.timedelta(hours=1),
         {"b-terbit"}),
        (dt.datetime(2020, 1, 1, 1), PUBLISHED),
        (dt.datetime.utcnow() + dt.timedelta(hours=2), set()),
    ]
    for last_time, expected in cases:
        fq = since_last_harvest(last_time)
        assert fq.endswith("Z TO *]")
        got = names(harvester(app, world, who).search([fq]))
        assert sorted(got) == sorted(expected), (fq, got)
    # with OPD filters, as gather_stage joins them (with spaces)
    since = since_last_harvest(between + dt.timedelta(hours=1))
    got = names(harvester(app, world, who).search(
        ["-organization:opd-a", since]))
    assert got == ["b-terbit"]
    got = names(harvester(app, world, who).search(
        ["organization:opd-b", since]))
    assert got == ["b-terbit"]
    got = names(harvester(app, world, who).search(
        ["organization:opd-a", since]))
    assert got == []
    # two OPDs: "organization:opd-a OR organization:opd-b metadata_...",
    # read as opd-a OR (opd-b AND modified since), AND binding tighter
    # than OR: opd-a's unchanged published datasets come again (the
    # harvester finds them unchanged), never an unpublished one
    got = names(harvester(app, world, who).search(
        ["organization:opd-a OR organization:opd-b", since]))
    assert sorted(got) == ["a-direvisi", "a-terbit", "b-terbit"]


def _page(app: Any, token: str | None, **params: Any) -> dict[str, Any]:
    response = app.get(f"{SEARCH}?{urlencode(params)}", headers={
        "Authorization": token} if token else {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["result"]


@pytest.mark.parametrize("who", HARVESTERS)
def test_paging_one_at_a_time_sorted_by_id(app, world, who):
    """``rows=1`` and ``start`` walk the published datasets in id order,
    each once, then an empty page; ``count`` says how many."""
    token = world[who]["token"] if who else None
    seen = []
    for start in range(len(PUBLISHED) + 1):
        result = _page(app, token, rows=1, start=start, sort="id asc")
        assert result["count"] == len(PUBLISHED)
        seen += result["results"]
    assert sorted(names(seen)) == sorted(PUBLISHED)
    ids = [p["id"] for p in seen]
    assert ids == sorted(ids)
    assert result["results"] == []


def test_results_are_the_published_versions(app, world):
    """The dataset under revision comes as published, not as its staged
    copy; no result is private or unpublished."""
    act("package_patch", world["operator_a"], id=COPY,
        notes="Catatan rahasia revisi")
    results = harvester(app, world, None).search()
    text = json.dumps(results)
    assert "Catatan rahasia revisi" not in text
    assert COPY not in text
    for pkg in results:
        assert pkg["private"] is False and pkg["state"] == "active"
        assert pkg["satudata_state"] == "published"


def test_include_private_still_needs_the_right(app, world):
    """``include_private`` (not a harvester parameter) gives an outsider
    nothing more; to the OPD it gives its own unpublished datasets."""
    for who, extra in ((None, set()), ("operator_a", set()),
                       ("operator_b", {"b-draf", "b-diajukan",
                                       "b-diverifikasi", "b-ditarik"})):
        token = world[who]["token"] if who else None
        result = _page(app, token, rows=100, include_private="true",
                       fq="organization:opd-a OR organization:opd-b")
        assert set(names(result["results"])) == PUBLISHED | extra | (
            {"a-draf", "a-diajukan", "a-diverifikasi", "a-ditarik"}
            if who == "operator_a" else set()), who


def test_bad_filters_are_400_not_500(app, world):
    """A filter the search cannot read is the caller's error."""
    for fq in ("metadata_modified:[yesterdayZ TO *]", "organization:(a",
               "groups:"):
        response = app.get(f"{SEARCH}?{urlencode({'fq': fq})}")
        assert response.status_code == 400, fq
        assert response.json["error"]["__type"] == "Search Query Error"
