"""Broken or hostile OPD portals: each failure is a harvest error with a
readable message on the walidata's status page; the job finishes, the
other datasets of the run are imported, and nothing is half-imported.

The remote side here is a small HTTP server in the test (the true
external edge: what a broken portal sends), serving a DCAT catalogue in
one valid and one invalid form, garbage, an HTML page, a 500, a document
over ckanext-dcat's size limit and an answer that never comes."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import act

from .conftest import federation_on
from .test_harvest_in import run_harvest

pytestmark = [
    *federation_on,
    pytest.mark.ckan_config("ckanext.dcat.max_file_size", "1"),
    pytest.mark.ckan_config("ckanext.satudata.harvest.timeout", "1"),
]

VALID = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://opd.example/catalog> a dcat:Catalog ;
    dcat:dataset <http://opd.example/dataset/baik>,
        <http://opd.example/dataset/rusak> .
<http://opd.example/dataset/baik> a dcat:Dataset ;
    dct:title "Data yang baik" ;
    dct:description "Lengkap." ;
    dct:identifier "baik" .
<http://opd.example/dataset/rusak> a dcat:Dataset ;
    dct:description "Tanpa judul." ;
    dct:identifier "rusak" .
"""

PAGES: dict[str, tuple[int, str, bytes]] = {
    "/catalog.ttl": (200, "text/turtle", VALID.encode()),
    "/broken.ttl": (200, "text/turtle", b"@prefix : <x> . this is not ;; rdf"),
    "/page.html": (200, "text/html",
                   b"<html><body><h1>Portal sedang perbaikan</h1>"),
    "/error.ttl": (500, "text/plain", b"Internal Server Error"),
    "/huge.ttl": (200, "text/turtle",
                  b"# " + b"x" * (2 * 1024 * 1024) + b"\n"),
}


class Remote(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/slow.ttl":
            time.sleep(3)
        status, kind, content = PAGES.get(
            path, (200, "text/turtle", VALID.encode()))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if path != "/huge.ttl":  # a size the harvester only finds reading
            self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def opd_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def source(actors: dict, url: str, name: str) -> dict[str, Any]:
    return act("harvest_source_create", actors["walidata"], name=name,
               title=name, url=url, source_type="dcat_rdf",
               owner_org=actors["walidata_org"]["id"],
               config=json.dumps({"satudata_opd": "dinas-kesehatan",
                                  "rdf_format": "text/turtle"}))


def status_of(actors: dict, name: str) -> dict[str, Any]:
    found = act("satudata_harvest_status", actors["walidata"])["sources"]
    return next(s for s in found if s["name"] == name)


def titles(actors: dict) -> set[str]:
    found = act("package_search", actors["walidata"], include_private=True,
                fq="organization:dinas-kesehatan", rows=100)
    return {pkg["title"] for pkg in found["results"]}


def test_one_bad_dataset_does_not_stop_the_others(actors, opd_site):
    made = source(actors, f"{opd_site}/catalog.ttl", "katalog-campur")
    job = run_harvest(made["id"])
    assert job["status"] == "Finished"
    assert job["stats"]["added"] == 1, job
    assert job["stats"]["errored"] == 1, job
    assert titles(actors) == {"Data yang baik"}
    errors = status_of(actors, "katalog-campur")["errors"]
    assert len(errors) == 1, errors
    assert "http://opd.example/dataset/rusak" in errors[0]["message"]
    assert "dct:title" in errors[0]["message"], errors


@pytest.mark.parametrize(("path", "words"), [
    ("/broken.ttl", "Error parsing the RDF file"),
    ("/page.html", "Error parsing the RDF file"),
    ("/error.ttl", "500"),
    ("/huge.ttl", "too big"),
    ("/slow.ttl", "timed out"),
])
def test_a_broken_source_is_a_readable_error(actors, opd_site, path, words):
    name = "sumber" + path.replace("/", "-").replace(".", "-")
    made = source(actors, f"{opd_site}{path}", name)
    job = run_harvest(made["id"])
    assert job["status"] == "Finished"
    assert titles(actors) == set()
    status = status_of(actors, name)
    assert status["last_job"]["stats"]["errored"] >= 1, status
    messages = " ".join(e["message"] for e in status["errors"])
    assert words in messages, messages
    assert all(e["stage"] == "gather" for e in status["errors"])


ONE = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://opd.example/catalog> a dcat:Catalog ;
    dcat:dataset <http://opd.example/dataset/baik> .
<http://opd.example/dataset/baik> a dcat:Dataset ;
    dct:title "Data yang baik" ;
    dct:identifier "baik" .
"""

TWO = ONE.replace(
    "dcat:dataset <http://opd.example/dataset/baik> .",
    "dcat:dataset <http://opd.example/dataset/baik>, "
    "<http://opd.example/dataset/kedua> .") + """
<http://opd.example/dataset/kedua> a dcat:Dataset ;
    dct:title "Data kedua" ;
    dct:identifier "kedua" .
"""


def test_a_published_dataset_gone_from_the_source_is_withdrawn(
        actors, opd_site, app):
    """ckanext-dcat's harvester deletes what the source no longer lists;
    here a published dataset is withdrawn instead (tombstone, trail), an
    unpublished one deleted."""
    PAGES["/shrinking.ttl"] = (200, "text/turtle", TWO.encode())
    made = source(actors, f"{opd_site}/shrinking.ttl", "katalog-susut")
    act("harvest_source_patch", actors["walidata"], id=made["id"],
        config=json.dumps({"satudata_opd": "dinas-kesehatan",
                           "rdf_format": "text/turtle", "trusted": True}))
    run_harvest(made["id"])
    found = act("package_search", None, rows=10)["results"]
    assert {pkg["title"] for pkg in found} == {"Data yang baik",
                                               "Data kedua"}
    kedua = next(pkg for pkg in found if pkg["title"] == "Data kedua")

    PAGES["/shrinking.ttl"] = (200, "text/turtle", ONE.encode())
    job = run_harvest(made["id"])
    assert job["stats"]["deleted"] == 1, job
    found = act("package_search", None, rows=10)["results"]
    assert {pkg["title"] for pkg in found} == {"Data yang baik"}
    shown = act("package_show", actors["walidata"], id=kedua["id"])
    assert shown["satudata_state"] == "withdrawn"
    assert app.get(f"/dataset/{kedua['name']}").status_code == 410


def test_a_rejected_dataset_waits_for_a_change_at_the_source(
        actors, opd_site):
    """The walidata rejects a harvested dataset: it stays a draft while
    the source sends the same again, and waits for publication again once
    the OPD changes it at the source."""
    from tests.workflow.conftest import qa_with

    PAGES["/rejected.ttl"] = (200, "text/turtle", ONE.encode())
    made = source(actors, f"{opd_site}/rejected.ttl", "katalog-tolak")
    run_harvest(made["id"])
    pkg = act("package_search", actors["walidata"], include_private=True,
              fq="organization:dinas-kesehatan")["results"][0]
    assert pkg["satudata_state"] == "verified"
    act("satudata_dataset_reject", actors["walidata"], id=pkg["id"],
        note="Metadata belum lengkap", qa=qa_with(metadata="fail"))

    run_harvest(made["id"])
    shown = act("package_show", actors["walidata"], id=pkg["id"])
    assert shown["satudata_state"] == "draft"

    PAGES["/rejected.ttl"] = (200, "text/turtle", ONE.replace(
        '"Data yang baik"', '"Data yang baik, diperbaiki"').encode())
    run_harvest(made["id"])
    shown = act("package_show", actors["walidata"], id=pkg["id"])
    assert (shown["title"], shown["satudata_state"]) == (
        "Data yang baik, diperbaiki", "verified")


def test_a_dcat_update_of_published_data_opens_a_revision(actors, opd_site):
    """Through the DCAT harvester too, a changed record of a published
    dataset goes into a revision; the public keeps the published version;
    the same record again changes nothing."""
    from tests.workflow.conftest import QA_PASS

    from .test_harvest_in import revision_copy

    PAGES["/revised.ttl"] = (200, "text/turtle", ONE.encode())
    made = source(actors, f"{opd_site}/revised.ttl", "katalog-revisi")
    run_harvest(made["id"])
    pkg = act("package_search", actors["walidata"], include_private=True,
              fq="organization:dinas-kesehatan")["results"][0]
    act("satudata_dataset_publish", actors["walidata"], id=pkg["id"],
        qa=QA_PASS)
    run_harvest(made["id"])  # the same record: nothing to revise
    assert revision_copy(actors, pkg["id"]) is None

    PAGES["/revised.ttl"] = (200, "text/turtle", ONE.replace(
        '"Data yang baik"', '"Data yang baik, edisi 2"').encode())
    run_harvest(made["id"])
    assert act("package_show", None, id=pkg["id"])["title"] == (
        "Data yang baik")
    staged = revision_copy(actors, pkg["id"])
    assert staged is not None and staged["state"] == "verified"
    copy = act("package_show", actors["walidata"], id=staged["id"])
    assert copy["title"] == "Data yang baik, edisi 2"
